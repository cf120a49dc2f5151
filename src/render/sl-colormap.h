/* sl-colormap.h — matplotlib's colour maps (jet, viridis, …, RdBu_r) for heatmaps and bars. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SL_COLORMAP_JET,      /* matplotlib 'jet', the course's default */
  SL_COLORMAP_VIRIDIS,
  SL_COLORMAP_INFERNO,
  SL_COLORMAP_MAGMA,
  SL_COLORMAP_TURBO,
  SL_COLORMAP_GRAY,
  SL_COLORMAP_RDBU_R,   /* diverging: blue < 0 < red, for signed attributions */
  SL_COLORMAP_COOLWARM, /* diverging, softer */
  SL_N_COLORMAPS
} SlColormap;

/* A colour with components in [0, 1]. */
typedef struct
{
  double r;
  double g;
  double b;
} SlColor;

/* The colour at t in [0, 1] (clamped; NaN counts as 0). The 256-entry maps (viridis, inferno,
 * magma, turbo) pick entry floor(256 t) exactly as matplotlib's cmap(t); the segment maps (jet,
 * gray, RdBu_r, coolwarm) are interpolated continuously, so a diverging map gives its exact centre
 * colour at t = 0.5. */
SlColor     sl_colormap_sample        (SlColormap  map,
                                       double      t);

/* Maps n values through [vmin, vmax] (vmin at t = 0) to packed 8-bit RGB, 3 × n bytes. A NaN value
 * gives the colour at t = 0. vmax <= vmin maps everything to t = 0.5. */
void        sl_colormap_lookup        (SlColormap   map,
                                       const float *values,
                                       gsize        n,
                                       double       vmin,
                                       double       vmax,
                                       guint8      *rgb);

/* TRUE for the maps meant to be centred on 0 (RdBu_r, coolwarm). */
gboolean    sl_colormap_is_diverging  (SlColormap map);

/* matplotlib's name of the map ("jet", "viridis", …, "RdBu_r", "coolwarm"). */
const char *sl_colormap_name          (SlColormap map);

/* The map called `name` (case-insensitive), or FALSE when there is none. */
gboolean    sl_colormap_from_name     (const char *name,
                                       SlColormap *map);

/* Rounds a [0, 1] component to a byte as matplotlib's to_hex does. */
static inline guint8
sl_color_byte (double c)
{
  return (guint8) CLAMP ((int) (c * 255.0 + 0.5), 0, 255);
}

G_END_DECLS
