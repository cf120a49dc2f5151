/* sl-keep-threshold.c — the drop/increase metric's keep threshold. */
#include "explain/sl-keep-threshold.h"

#include <math.h>
#include <stdlib.h>

static int
cmp_float_desc (const void *a, const void *b)
{
  const float x = *(const float *)a, y = *(const float *)b;
  return (x < y) - (x > y);
}

double
sl_map_keep_threshold (const float *map, gsize n, double frac)
{
  const double k = floor ((double)n * frac);
  if (n == 0 || !(k < (double)n))
    return -INFINITY;
  /* The k-th largest is the same value whichever way ties are ordered. */
  g_autofree float *sorted = g_new (float, n);
  for (gsize i = 0; i < n; i++)
    sorted[i] = isnan (map[i]) ? -INFINITY : map[i];
  qsort (sorted, n, sizeof (float), cmp_float_desc);
  return sorted[(gsize)MAX (k, 0.0)];
}
