/* sl-keep-threshold.h — which part of a map the drop/increase metric keeps, for the metric and
 * for the figures that show it. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The threshold above which the drop/increase metric keeps a map's positions when it keeps the
 * fraction `frac` of them: the value at index ⌊n·frac⌋ of the map sorted in decreasing order (NaN
 * counting as −∞), and −∞ when that index is n or more (everything is kept). A position p is kept
 * when map[p] > threshold, or always when the threshold is −∞. */
double sl_map_keep_threshold (const float *map, gsize n, double frac);

G_END_DECLS
