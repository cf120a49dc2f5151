/* sl-figure-ticks.h — "nice numbers" axis ticks (Heckbert, Graphics Gems 1990) and their labels. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SL_TICKS_MAX 32

typedef struct
{
  double lo;       /* the axis limits: as asked, or widened to the outer ticks */
  double hi;
  double step;     /* 1, 2 or 5 × 10^k */
  int n;
  double values[SL_TICKS_MAX];
  int decimals;    /* digits after the decimal point that tell the ticks apart */
} SlTicks;

/* A "nice" number (1, 2, 5 or 10 × 10^k) near x: the nearest when `round`, else the smallest
 * at least x. */
double sl_nice_number     (double   x,
                           gboolean round);

/* Ticks at multiples of the finest nice step that gives at most max_ticks of them (2 …
 * SL_TICKS_MAX) over [lo, hi].
 * `expand` widens the limits to the ticks just outside (loose labelling); otherwise the limits
 * stay and only ticks inside them are kept. An empty or non-finite range is widened first. */
void   sl_ticks_compute   (SlTicks *ticks,
                           double   lo,
                           double   hi,
                           int      max_ticks,
                           gboolean expand);

/* The label of value v on these ticks, with a true minus sign (U+2212) as matplotlib. */
char  *sl_ticks_label     (const SlTicks *ticks,
                           double         v);

G_END_DECLS
