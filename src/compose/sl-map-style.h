/* sl-map-style.h — a map as a figure draws it: scaled (raw, max-abs, min-max), its colour map,
 * range and colour-bar label, and the drop/increase keep mask (compose-internal). */
#pragma once

#include "compose/sl-explanation-figure.h"
#include "render/sl-render-overlay.h"
#include "render/sl-render-signal.h"

G_BEGIN_DECLS

typedef struct
{
  float *raw;    /* n values, as computed */
  float *values; /* n values, as drawn */
  gsize n;
  SlColormap colormap;
  gboolean fixed_range; /* FALSE (raw): the figure takes the map's own range, vmin/vmax below */
  double vmin;
  double vmax;
  const char *label; /* the colour bar's */
  gboolean show_mask;
  double mask_threshold; /* of `values` */
} SlMapStyle;

/* Copies `map`. The colour map is the style's, or with auto_colormap jet, RdBu_r for a map with
 * negative values. */
void sl_map_style_init (SlMapStyle *m, const float *map, gsize n, const SlFigureStyle *style);
void sl_map_style_clear (SlMapStyle *m);

/* Sets the heatmap, colour map, range, label and mask of a render figure. */
void sl_map_style_apply_overlay (const SlMapStyle *m, int width, int height, SlOverlayFigure *fig);
void sl_map_style_apply_signal (const SlMapStyle *m, SlSignalFigure *fig);

/* Whether `expl`'s input-resolution map covers `view`'s input (H × W, or the signal's length). */
gboolean sl_map_fits_view (const SlExplanation *expl,
                           const SlSampleView  *view);

/* Signed maps read best on a diverging map centred on 0; the course's maps are ≥ 0 and use jet. */
SlColormap sl_map_style_pick_colormap (const float *const *maps, const gsize *sizes, guint n_maps);

/* Divides `map` by its largest finite |value| (when that is > 0). */
void sl_map_normalize_max_abs (float *map, gsize n);

G_END_DECLS
