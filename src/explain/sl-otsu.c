/* Otsu's method over a histogram, in one pass of cumulative sums. */
#include "explain/sl-otsu.h"

guint
sl_otsu_split (const guint64 *hist, guint bins)
{
  double total = 0, total_sum = 0;
  for (guint i = 0; i < bins; i++)
    {
      total += (double) hist[i];
      total_sum += (double) i * (double) hist[i];
    }
  guint best = 1;
  double best_var = -1, n0 = 0, s0 = 0;
  for (guint t = 1; t < bins; t++)
    {
      n0 += (double) hist[t - 1];
      s0 += (double) (t - 1) * (double) hist[t - 1];
      const double n1 = total - n0;
      double var = 0;
      if (n0 > 0 && n1 > 0)
        {
          const double w0 = n0 / total, w1 = n1 / total;
          const double u0 = s0 / n0, u1 = (total_sum - s0) / n1;
          var = w0 * w1 * (u0 - u1) * (u0 - u1);
        }
      if (var > best_var)
        best_var = var, best = t;
    }
  return best;
}
