/* sl-colormap.c — matplotlib's colour maps. */
#include "render/sl-colormap.h"

#include <math.h>

#include "render/sl-colormap-tables.h"

/* jet's LinearSegmentedColormap channels: breakpoints (x, value), x increasing from 0 to 1. */
static const double jet_red[][2]
    = { { 0.00, 0 }, { 0.35, 0 }, { 0.66, 1 }, { 0.89, 1 }, { 1.00, 0.5 } };
static const double jet_green[][2] = {
  { 0.000, 0 }, { 0.125, 0 }, { 0.375, 1 }, { 0.640, 1 }, { 0.910, 0 }, { 1.000, 0 }
};
static const double jet_blue[][2]
    = { { 0.00, 0.5 }, { 0.11, 1 }, { 0.34, 1 }, { 0.65, 0 }, { 1.00, 0 } };

static const char *const colormap_names[SL_N_COLORMAPS] = {
  [SL_COLORMAP_JET] = "jet",
  [SL_COLORMAP_VIRIDIS] = "viridis",
  [SL_COLORMAP_INFERNO] = "inferno",
  [SL_COLORMAP_MAGMA] = "magma",
  [SL_COLORMAP_TURBO] = "turbo",
  [SL_COLORMAP_GRAY] = "gray",
  [SL_COLORMAP_RDBU_R] = "RdBu_r",
  [SL_COLORMAP_COOLWARM] = "coolwarm",
};

static double
segments_eval (const double (*points)[2], int n, double t)
{
  for (int i = 1; i < n; i++)
    if (t <= points[i][0])
      {
        const double x0 = points[i - 1][0], x1 = points[i][0];
        const double f = x1 > x0 ? (t - x0) / (x1 - x0) : 1.0;
        return points[i - 1][1] + f * (points[i][1] - points[i - 1][1]);
      }
  return points[n - 1][1];
}

/* Colours evenly spaced from t = 0 to 1, interpolated linearly (LinearSegmentedColormap
 * .from_list). */
static SlColor
even_eval (const double (*table)[3], int n, double t)
{
  const double pos = t * (n - 1);
  const int i = MIN ((int) pos, n - 2);
  const double f = pos - i;
  return (SlColor){
    table[i][0] + f * (table[i + 1][0] - table[i][0]),
    table[i][1] + f * (table[i + 1][1] - table[i][1]),
    table[i][2] + f * (table[i + 1][2] - table[i][2]),
  };
}

/* ListedColormap(N=256).__call__: entry floor(256 t), t = 1 giving the last. */
static SlColor
listed_eval (const double (*table)[3], double t)
{
  const int i = MIN ((int) (t * 256.0), 255);
  return (SlColor){ table[i][0], table[i][1], table[i][2] };
}

SlColor
sl_colormap_sample (SlColormap map, double t)
{
  if (isnan (t))
    t = 0;
  t = CLAMP (t, 0.0, 1.0);

  switch (map)
    {
    case SL_COLORMAP_JET:
      return (SlColor){
        segments_eval (jet_red, G_N_ELEMENTS (jet_red), t),
        segments_eval (jet_green, G_N_ELEMENTS (jet_green), t),
        segments_eval (jet_blue, G_N_ELEMENTS (jet_blue), t),
      };
    case SL_COLORMAP_VIRIDIS:
      return listed_eval (sl_colormap_viridis_table, t);
    case SL_COLORMAP_INFERNO:
      return listed_eval (sl_colormap_inferno_table, t);
    case SL_COLORMAP_MAGMA:
      return listed_eval (sl_colormap_magma_table, t);
    case SL_COLORMAP_TURBO:
      return listed_eval (sl_colormap_turbo_table, t);
    case SL_COLORMAP_RDBU_R:
      return even_eval (sl_colormap_rdbu_table, G_N_ELEMENTS (sl_colormap_rdbu_table), 1.0 - t);
    case SL_COLORMAP_COOLWARM:
      return even_eval (sl_colormap_coolwarm_table, G_N_ELEMENTS (sl_colormap_coolwarm_table), t);
    case SL_COLORMAP_GRAY:
    case SL_N_COLORMAPS:
    default:
      return (SlColor){ t, t, t };
    }
}

void
sl_colormap_lookup (SlColormap map,
                    const float *values,
                    gsize n,
                    double vmin,
                    double vmax,
                    guint8 *rgb)
{
  const double span = vmax - vmin;

  for (gsize i = 0; i < n; i++)
    {
      const double t = span > 0 ? ((double) values[i] - vmin) / span : 0.5;
      const SlColor c = sl_colormap_sample (map, t);
      rgb[3 * i + 0] = sl_color_byte (c.r);
      rgb[3 * i + 1] = sl_color_byte (c.g);
      rgb[3 * i + 2] = sl_color_byte (c.b);
    }
}

gboolean
sl_colormap_is_diverging (SlColormap map)
{
  return map == SL_COLORMAP_RDBU_R || map == SL_COLORMAP_COOLWARM;
}

const char *
sl_colormap_name (SlColormap map)
{
  if ((guint) map >= SL_N_COLORMAPS)
    return "gray";
  return colormap_names[map];
}

gboolean
sl_colormap_from_name (const char *name, SlColormap *map)
{
  if (g_ascii_strcasecmp (name, "grey") == 0)
    name = "gray";
  for (int i = 0; i < SL_N_COLORMAPS; i++)
    if (g_ascii_strcasecmp (name, colormap_names[i]) == 0)
      {
        *map = (SlColormap) i;
        return TRUE;
      }
  return FALSE;
}
