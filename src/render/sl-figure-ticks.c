/* sl-figure-ticks.c — nice-number ticks. */
#include "render/sl-figure-ticks.h"

#include <math.h>

double
sl_nice_number (double x, gboolean round)
{
  double exponent, fraction, nice;

  if (!(x > 0) || !isfinite (x))
    return 1.0;
  exponent = floor (log10 (x));
  fraction = x / pow (10.0, exponent);
  if (round)
    nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  else
    nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * pow (10.0, exponent);
}

/* The next nice step up or down from a nice step: … 1, 2, 5, 10 … */
static double
nice_neighbour (double step, int direction)
{
  const double exponent = floor (log10 (step) + 1e-9);
  const double base = pow (10.0, exponent);
  const int mantissa = (int) lround (step / base);

  if (direction > 0)
    return (mantissa == 1 ? 2 : mantissa == 2 ? 5 : 10) * base;
  return mantissa == 1 ? 0.5 * base : mantissa == 2 ? base : 2 * base;
}

static int
count_ticks (double lo, double hi, double step, gboolean expand, double *first)
{
  const double eps = 1e-9;
  const double a = expand ? floor (lo / step + eps) : ceil (lo / step - eps);
  const double b = expand ? ceil (hi / step - eps) : floor (hi / step + eps);

  *first = a * step;
  return (int) (b - a) + 1;
}

void
sl_ticks_compute (SlTicks *ticks, double lo, double hi, int max_ticks, gboolean expand)
{
  double step, first;
  int n;

  if (!isfinite (lo) || !isfinite (hi))
    {
      lo = 0;
      hi = 1;
    }
  if (hi < lo)
    {
      const double tmp = lo;
      lo = hi;
      hi = tmp;
    }
  if (hi - lo <= 1e-12 * MAX (fabs (lo), fabs (hi)) || hi == lo)
    {
      const double pad = lo == 0 ? 0.5 : 0.05 * fabs (lo);
      lo -= pad;
      hi += pad;
    }
  max_ticks = CLAMP (max_ticks, 2, SL_TICKS_MAX);

  /* The finest nice step that gives at most max_ticks (as matplotlib's MaxNLocator), starting
   * from Heckbert's estimate and moving along 1, 2, 5, 10. */
  step = sl_nice_number ((hi - lo) / (max_ticks - 1), FALSE);
  for (int guard = 0; guard < 64; guard++)
    {
      const double finer = nice_neighbour (step, -1);
      if (count_ticks (lo, hi, finer, expand, &first) > max_ticks)
        break;
      step = finer;
    }
  n = count_ticks (lo, hi, step, expand, &first);
  for (int guard = 0; n > max_ticks && guard < 64; guard++)
    {
      step = nice_neighbour (step, +1);
      n = count_ticks (lo, hi, step, expand, &first);
    }
  /* A scale needs two ticks, even if that makes more than asked (as MaxNLocator's min_n_ticks). */
  for (int guard = 0; n < 2 && guard < 64; guard++)
    {
      double first2;
      const double finer = nice_neighbour (step, -1);
      const int n2 = count_ticks (lo, hi, finer, expand, &first2);
      if (n2 > SL_TICKS_MAX)
        break;
      step = finer;
      n = n2;
      first = first2;
    }
  n = CLAMP (n, 0, SL_TICKS_MAX);
  ticks->step = step;
  ticks->n = n;
  for (int i = 0; i < n; i++)
    {
      double v = first + i * step;
      if (fabs (v) < 1e-9 * step)
        v = 0; /* never "−0" */
      ticks->values[i] = v;
    }
  ticks->lo = expand && n > 0 ? MIN (lo, ticks->values[0]) : lo;
  ticks->hi = expand && n > 0 ? MAX (hi, ticks->values[n - 1]) : hi;
  ticks->decimals = (int) MAX (0.0, -floor (log10 (step) + 1e-9));
}

char *
sl_ticks_label (const SlTicks *ticks, double v)
{
  const double magnitude = MAX (fabs (ticks->lo), fabs (ticks->hi));
  g_autofree char *text = NULL;

  if (fabs (v) < 1e-9 * ticks->step)
    v = 0;
  if (magnitude >= 1e6 || (ticks->decimals > 6 && v != 0))
    text = g_strdup_printf ("%.3g", v);
  else
    text = g_strdup_printf ("%.*f", ticks->decimals, v);

  if (text[0] == '-')
    return g_strconcat ("\u2212", text + 1, NULL);
  return g_steal_pointer (&text);
}
