/* sl-map-style.c — scaling, colour map, range, label and keep mask of a drawn map. */
#include "compose/sl-map-style.h"

#include "explain/sl-keep-threshold.h"
#include "render/sl-heatmap.h"

#include <math.h>

gboolean
sl_map_fits_view (const SlExplanation *expl, const SlSampleView *view)
{
  const gsize n = view->is_image ? (gsize)view->image.width * view->image.height : view->length;
  return expl->map_input && sl_explanation_input_size (expl) == n;
}

SlColormap
sl_map_style_pick_colormap (const float *const *maps, const gsize *sizes, guint n_maps)
{
  for (guint m = 0; m < n_maps; m++)
    for (gsize i = 0; maps[m] && i < sizes[m]; i++)
      if (maps[m][i] < 0)
        return SL_COLORMAP_RDBU_R;
  return SL_COLORMAP_JET;
}

void
sl_map_normalize_max_abs (float *map, gsize n)
{
  float m = 0;
  for (gsize i = 0; i < n; i++)
    if (isfinite (map[i]))
      m = MAX (m, fabsf (map[i]));
  for (gsize i = 0; m > 0 && i < n; i++)
    map[i] /= m;
}

static void
normalize_min_max (float *map, gsize n)
{
  float lo = INFINITY, hi = -INFINITY;
  for (gsize i = 0; i < n; i++)
    if (isfinite (map[i]))
      lo = MIN (lo, map[i]), hi = MAX (hi, map[i]);
  const float span = hi > lo ? hi - lo : 1;
  for (gsize i = 0; isfinite (lo) && i < n; i++)
    map[i] = (map[i] - lo) / span;
}

void
sl_map_style_init (SlMapStyle *m, const float *map, gsize n, const SlFigureStyle *style)
{
  *m = (SlMapStyle){ 0 };
  m->n = n;
  m->raw = g_memdup2 (map, n * sizeof (float));
  m->values = g_memdup2 (map, n * sizeof (float));
  switch (style->scale)
    {
    case SL_MAP_SCALE_MAX_ABS:
      sl_map_normalize_max_abs (m->values, n);
      m->label = "attribution ÷ max |attribution|";
      break;
    case SL_MAP_SCALE_MIN_MAX:
      normalize_min_max (m->values, n);
      m->label = "attribution, min-max scaled";
      break;
    case SL_MAP_SCALE_RAW:
    default:
      m->label = "attribution";
      break;
    }
  const float *values = m->values;
  m->colormap = sl_figure_style_pick_colormap (style, &values, &n, 1);
  const gboolean diverging = sl_colormap_is_diverging (m->colormap);
  if (style->scale == SL_MAP_SCALE_RAW)
    {
      /* What the render computes itself from a zero range. */
      if (!sl_heatmap_range (m->values, n, diverging, &m->vmin, &m->vmax))
        m->vmin = 0, m->vmax = 1;
    }
  else
    {
      m->fixed_range = TRUE;
      m->vmin = diverging && style->scale == SL_MAP_SCALE_MAX_ABS ? -1 : 0;
      m->vmax = 1;
    }
  if (style->mask_frac > 0)
    {
      m->show_mask = TRUE;
      m->mask_threshold = sl_map_keep_threshold (m->values, n, style->mask_frac);
    }
}

void
sl_map_style_clear (SlMapStyle *m)
{
  g_clear_pointer (&m->raw, g_free);
  g_clear_pointer (&m->values, g_free);
}

void
sl_map_style_apply_overlay (const SlMapStyle *m, int width, int height, SlOverlayFigure *fig)
{
  fig->heatmap = m->values;
  fig->heatmap_width = width;
  fig->heatmap_height = height;
  fig->colormap = m->colormap;
  if (m->fixed_range)
    fig->vmin = m->vmin, fig->vmax = m->vmax;
  fig->colorbar_label = m->label;
  fig->show_mask = m->show_mask;
  fig->mask_threshold = m->mask_threshold;
}

void
sl_map_style_apply_signal (const SlMapStyle *m, SlSignalFigure *fig)
{
  fig->attribution = m->values;
  fig->colormap = m->colormap;
  if (m->fixed_range)
    fig->vmin = m->vmin, fig->vmax = m->vmax;
  fig->colorbar_label = m->label;
  fig->show_mask = m->show_mask;
  fig->mask_threshold = m->mask_threshold;
}
