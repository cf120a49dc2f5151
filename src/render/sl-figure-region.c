/* sl-figure-region.c — ground-truth bands, outlines and legends. */
#include "render/sl-figure-region.h"

#include <math.h>

#include "render/sl-figure-contour.h"
#include "render/sl-figure-legend.h"
#include "render/sl-figure-style.h"

#define BAND_FILL_ALPHA  0.22 /* × weight: the light grey under the hatch */
#define HATCH_ALPHA      0.5  /* × weight */
#define HATCH_SPACING    5.0
#define HATCH_WIDTH      0.7
#define HATCH_HALO_ALPHA 0.35 /* × weight: a light line under each dark one, for dark maps */
#define HATCH_HALO_WIDTH 1.7
#define EDGE_ALPHA       0.6
#define OUTLINE_LEVEL    0.5
#define HALO_WIDTH       2.6
#define DASH_WIDTH       1.3
#define KEY_LENGTH       18.0
#define KEY_GAP          4.0  /* between a key and its name */
#define ENTRY_GAP        10.0 /* between entries */
#define LEGEND_FONT      ((SlFont){ SL_STYLE_SMALL_SIZE, FALSE })

#define BAND_GREY ((SlColor){ 0.55, 0.55, 0.55 })

/* One look per region index: a light colour and a dash, drawn over a dark halo so that the line
 * reads on a bright image, a dark one and every colour map. The first is white, as on a slide. */
typedef struct
{
  SlColor color;
  double dash[4];
  int n_dash;
} OutlineLook;

static const OutlineLook looks[] = {
  { { 1.0, 1.0, 1.0 }, { 4.0, 2.5 }, 2 },
  { { 1.0, 0.84, 0.0 }, { 1.5, 1.8 }, 2 },
  { { 0.35, 0.9, 1.0 }, { 6.0, 2.0, 1.5, 2.0 }, 4 },
  { { 1.0, 0.45, 0.85 }, { 3.0, 3.0 }, 2 },
};

gboolean
sl_region_is_empty (const SlFigureRegion *region, gsize n)
{
  if (!region || !region->weights)
    return TRUE;
  for (gsize i = 0; i < n; i++)
    if (region->weights[i] > 0)
      return FALSE;
  return TRUE;
}

static double
point_x (const float *t, gsize i)
{
  return t ? t[i] : (double) i;
}

/* The span of point i: from the midpoint to its left neighbour to the one to its right. */
static double
span_left (const float *t, gsize i)
{
  return i > 0 ? (point_x (t, i - 1) + point_x (t, i)) / 2 : point_x (t, i);
}

static double
span_right (const float *t, gsize length, gsize i)
{
  return i + 1 < length ? (point_x (t, i) + point_x (t, i + 1)) / 2 : point_x (t, i);
}

/* Diagonal lines across `rect`, rising (k even) or falling (k odd), on a grid anchored to the
 * plot so that neighbouring runs continue each other's hatch: a dark line over a light one, which
 * reads over pale and dark colour maps alike. */
static void
hatch (SlCanvas *canvas, const SlRect *plot, const SlRect *rect, guint k, double weight)
{
  cairo_t *cr = canvas->cr;
  const double h = plot->height, dir = k % 2 ? -1.0 : 1.0;
  cairo_save (cr);
  cairo_rectangle (cr, rect->x, rect->y, rect->width, rect->height);
  cairo_clip (cr);
  const double first = floor ((rect->x - plot->x - h) / HATCH_SPACING) * HATCH_SPACING;
  for (double d = first; plot->x + d <= rect->x + rect->width + h; d += HATCH_SPACING)
    {
      const double x = plot->x + d;
      cairo_move_to (cr, x, dir > 0 ? plot->y + h : plot->y);
      cairo_line_to (cr, x + h, dir > 0 ? plot->y : plot->y + h);
    }
  sl_canvas_set_color (canvas, SL_STYLE_WHITE, HATCH_HALO_ALPHA * weight);
  cairo_set_line_width (cr, HATCH_HALO_WIDTH);
  cairo_stroke_preserve (cr);
  sl_canvas_set_color (canvas, SL_STYLE_INK, HATCH_ALPHA * weight);
  cairo_set_line_width (cr, HATCH_WIDTH);
  cairo_stroke (cr);
  cairo_restore (cr);
}

void
sl_region_draw_band (SlCanvas *canvas, const SlAxes *axes, const float *t, gsize length,
                     const SlFigureRegion *region, guint k)
{
  cairo_t *cr = canvas->cr;
  const float *w = region->weights;

  cairo_save (cr);
  sl_axes_clip (axes, canvas);
  /* Runs of equal weight share one fill and one hatch. */
  for (gsize i = 0; i < length;)
    {
      gsize j = i + 1;
      while (j < length && w[j] == w[i])
        j++;
      const double weight = CLAMP ((double) w[i], 0.0, 1.0);
      if (weight > 0)
        {
          const double px = sl_axes_px (axes, span_left (t, i));
          const double qx = sl_axes_px (axes, span_right (t, length, j - 1));
          const SlRect rect = { px, axes->plot.y, MAX (qx - px, 1.0), axes->plot.height };
          cairo_rectangle (cr, rect.x, rect.y, rect.width, rect.height);
          sl_canvas_set_color (canvas, BAND_GREY, BAND_FILL_ALPHA * weight);
          cairo_fill (cr);
          hatch (canvas, &axes->plot, &rect, k, weight);
        }
      i = j;
    }
  /* The span's edges, where the region starts and ends. */
  sl_canvas_set_color (canvas, SL_STYLE_INK, EDGE_ALPHA);
  cairo_set_line_width (cr, SL_STYLE_AXES_WIDTH);
  for (gsize i = 0; i < length; i++)
    {
      const gboolean in = w[i] > 0, before = i > 0 && w[i - 1] > 0;
      const gboolean after = i + 1 < length && w[i + 1] > 0;
      if (in && !before)
        {
          const double x = sl_axes_px (axes, span_left (t, i));
          cairo_move_to (cr, x, axes->plot.y);
          cairo_line_to (cr, x, axes->plot.y + axes->plot.height);
        }
      if (in && !after)
        {
          const double x = sl_axes_px (axes, span_right (t, length, i));
          cairo_move_to (cr, x, axes->plot.y);
          cairo_line_to (cr, x, axes->plot.y + axes->plot.height);
        }
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

void
sl_region_band_legend (SlCanvas *canvas, const SlRect *plot, const SlFigureRegion *regions,
                       guint n_regions, gsize length, const double *obstacles, gsize n_obstacles)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree SlLegendEntry *entries = g_new0 (SlLegendEntry, MAX (n_regions, 1));
  int n = 0;
  for (guint k = 0; k < n_regions; k++)
    if (!sl_region_is_empty (&regions[k], length))
      {
        char *label = g_strdup_printf ("ground truth: %s", regions[k].name ? regions[k].name : "?");
        g_ptr_array_add (labels, label);
        entries[n++] = (SlLegendEntry){ label, BAND_GREY, SL_LEGEND_KEY_PATCH };
      }
  sl_legend_draw_in (canvas, plot, entries, n, SL_LEGEND_BEST, obstacles, n_obstacles);
}

static const OutlineLook *
look (guint k)
{
  return &looks[k % G_N_ELEMENTS (looks)];
}

/* The halo and the dash over the current path, which is kept. */
static void
stroke_outline (cairo_t *cr, guint k)
{
  const OutlineLook *l = look (k);
  cairo_save (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.75);
  cairo_set_line_width (cr, HALO_WIDTH);
  cairo_stroke_preserve (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_dash (cr, l->dash, l->n_dash, 0);
  cairo_set_source_rgb (cr, l->color.r, l->color.g, l->color.b);
  cairo_set_line_width (cr, DASH_WIDTH);
  cairo_stroke_preserve (cr);
  cairo_restore (cr);
}

void
sl_region_draw_outline (SlCanvas *canvas, const SlRect *box, int width, int height,
                        const SlFigureRegion *region, guint k)
{
  cairo_t *cr = canvas->cr;
  if (!region->weights || width <= 0 || height <= 0)
    return;
  cairo_save (cr);
  cairo_rectangle (cr, box->x, box->y, box->width, box->height);
  cairo_clip (cr);
  cairo_new_path (cr);
  sl_contour_path_joined (cr, region->weights, width, height, OUTLINE_LEVEL, box->x, box->y,
                          box->width / width, box->height / height);
  stroke_outline (cr, k);
  cairo_new_path (cr);
  cairo_restore (cr);
}

/* "ground truth:" and each non-empty region's key and name, measured or drawn in one pass. */
static double
outline_legend (SlCanvas *canvas, const SlFigureRegion *regions, guint n_regions, gsize n,
                gboolean draw, double x, double y, double *height)
{
  double w, h, x0 = x;
  gboolean any = FALSE;
  *height = 0;
  sl_canvas_text_size (canvas, "ground truth:", LEGEND_FONT, &w, &h);
  const double scale = canvas->font_scale;
  for (guint k = 0; k < n_regions; k++)
    {
      if (sl_region_is_empty (&regions[k], n))
        continue;
      if (!any)
        {
          if (draw)
            sl_canvas_text (canvas, "ground truth:", LEGEND_FONT, SL_STYLE_INK,
                            &(SlTextPlace){ x, y, 0, 0, 0, 0 });
          x += w + KEY_GAP * scale;
          *height = h;
          any = TRUE;
        }
      if (draw)
        {
          cairo_new_path (canvas->cr);
          cairo_move_to (canvas->cr, x, y + h / 2);
          cairo_line_to (canvas->cr, x + KEY_LENGTH * scale, y + h / 2);
          stroke_outline (canvas->cr, k);
          cairo_new_path (canvas->cr);
        }
      x += (KEY_LENGTH + KEY_GAP) * scale;
      const char *name = regions[k].name ? regions[k].name : "?";
      double nw, nh;
      sl_canvas_text_size (canvas, name, LEGEND_FONT, &nw, &nh);
      if (draw)
        sl_canvas_text (canvas, name, LEGEND_FONT, SL_STYLE_INK,
                        &(SlTextPlace){ x, y, 0, 0, 0, 0 });
      x += nw + ENTRY_GAP * scale;
    }
  return any ? x - x0 - ENTRY_GAP * scale : 0;
}

void
sl_region_outline_legend_size (SlCanvas *canvas, const SlFigureRegion *regions, guint n_regions,
                               gsize n, double *width, double *height)
{
  double h;
  const double w = outline_legend (canvas, regions, n_regions, n, FALSE, 0, 0, &h);
  if (width)
    *width = w;
  if (height)
    *height = h;
}

void
sl_region_outline_legend_draw (SlCanvas *canvas, const SlFigureRegion *regions, guint n_regions,
                               gsize n, double cx, double y)
{
  double w, h;
  sl_region_outline_legend_size (canvas, regions, n_regions, n, &w, &h);
  outline_legend (canvas, regions, n_regions, n, TRUE, cx - w / 2, y, &h);
}
