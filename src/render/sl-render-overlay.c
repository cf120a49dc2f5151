/* sl-render-overlay.c — heatmap over image, with top-k contour, metric mask and colour bar. */
#include "render/sl-render-overlay.h"

#include <math.h>

#include "render/sl-figure-colorbar.h"
#include "render/sl-figure-contour.h"
#include "render/sl-figure-style.h"
#include "render/sl-heatmap.h"
#include "render/sl-render-private.h"

#define MASK_DIM      0.28 /* brightness left where the metric removes the image */
#define COLORBAR_GAP  8.0
#define MIN_RASTER    256  /* a heatmap shown alone is upsampled to at least this */
#define LEGEND_PAD    4.0  /* between the image and the ground truth's legend */

void
sl_overlay_figure_init (SlOverlayFigure *fig)
{
  *fig = (SlOverlayFigure){ 0 };
  fig->colormap = SL_COLORMAP_JET;
  fig->alpha = 0.5;
  fig->show_colorbar = TRUE;
  fig->text_scale = 1.0;
}

static gboolean
has_image (const SlImageView *image)
{
  return image->width > 0 && image->height > 0 && (image->rgb_f32 || image->rgb_u8);
}

static gboolean
has_heatmap (const SlOverlayFigure *fig)
{
  return fig->heatmap && fig->heatmap_width > 0 && fig->heatmap_height > 0;
}

/* The raster the figure shows: its size, and the heatmap resampled onto it. */
typedef struct
{
  int width;
  int height;
  float *heat; /* width × height, or NULL */
  double vmin;
  double vmax;
} Raster;

static void raster_size (const SlOverlayFigure *fig, Raster *r);

/* raster_size, and the heatmap resampled onto the raster. */
static void
raster_init (Raster *r, const SlOverlayFigure *fig)
{
  raster_size (fig, r);
  if (has_heatmap (fig) && r->width > 0)
    r->heat = sl_heatmap_resize (fig->heatmap, fig->heatmap_width, fig->heatmap_height, r->width,
                                 r->height);
}

static void
image_pixel (const SlImageView *image, gsize i, double rgb[3])
{
  for (int c = 0; c < 3; c++)
    rgb[c] = image->rgb_f32 ? CLAMP ((double) image->rgb_f32[3 * i + c], 0.0, 1.0)
                            : image->rgb_u8[3 * i + c] / 255.0;
}

/* Image, heatmap blended over it, then the mask's dimming: one opaque ARGB surface. */
static cairo_surface_t *
composite (const SlOverlayFigure *fig, const Raster *r)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, r->width, r->height);
  const int stride = cairo_image_surface_get_stride (surface);
  const gboolean image = has_image (&fig->image);
  const double alpha = image ? CLAMP (fig->alpha, 0.0, 1.0) : 1.0;
  g_autofree guint8 *colors = g_new (guint8, 3 * (gsize) r->width);
  unsigned char *data;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  for (int y = 0; y < r->height; y++)
    {
      guint32 *row = (guint32 *) (data + (gsize) y * stride);
      const float *heat = r->heat ? r->heat + (gsize) y * r->width : NULL;
      if (heat)
        sl_colormap_lookup (fig->colormap, heat, r->width, r->vmin, r->vmax, colors);
      for (int x = 0; x < r->width; x++)
        {
          double rgb[3] = { 1, 1, 1 };
          if (image)
            image_pixel (&fig->image, (gsize) y * r->width + x, rgb);
          if (heat && !isnan (heat[x]))
            for (int c = 0; c < 3; c++)
              rgb[c] = (1 - alpha) * rgb[c] + alpha * colors[3 * x + c] / 255.0;
          if (fig->show_mask && heat && !(heat[x] > fig->mask_threshold))
            for (int c = 0; c < 3; c++)
              rgb[c] *= MASK_DIM;
          row[x] = (guint32) sl_color_byte (rgb[0]) << 16 | (guint32) sl_color_byte (rgb[1]) << 8
                   | sl_color_byte (rgb[2]);
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

static void
draw_raster (SlCanvas *canvas, const SlOverlayFigure *fig, const Raster *r, const SlRect *box)
{
  cairo_t *cr = canvas->cr;
  cairo_surface_t *surface = composite (fig, r);
  cairo_pattern_t *pattern = cairo_pattern_create_for_surface (surface);
  cairo_matrix_t matrix;

  /* Pad, not fade, at the edges; smooth when scaled. */
  cairo_matrix_init_scale (&matrix, r->width / box->width, r->height / box->height);
  cairo_matrix_translate (&matrix, -box->x, -box->y);
  cairo_pattern_set_matrix (pattern, &matrix);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_PAD);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_GOOD);

  cairo_save (cr);
  cairo_rectangle (cr, box->x, box->y, box->width, box->height);
  cairo_set_source (cr, pattern);
  cairo_fill (cr);
  cairo_restore (cr);
  cairo_pattern_destroy (pattern);
  cairo_surface_destroy (surface);
}

static void
draw_contour (SlCanvas *canvas, const SlOverlayFigure *fig, const Raster *r, const SlRect *box)
{
  cairo_t *cr = canvas->cr;
  const gsize n = (gsize) r->width * r->height;
  const double level = sl_heatmap_quantile (r->heat, n, 1.0 - fig->contour_percent / 100.0);

  if (isnan (level))
    return;
  cairo_save (cr);
  cairo_rectangle (cr, box->x, box->y, box->width, box->height);
  cairo_clip (cr);
  cairo_new_path (cr);
  sl_contour_path (cr, r->heat, r->width, r->height, level, box->x, box->y, box->width / r->width,
                   box->height / r->height);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  /* A dark halo under a white line reads on any image and any colour map. */
  cairo_set_source_rgba (cr, 0, 0, 0, 0.55);
  cairo_set_line_width (cr, 2.8);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 1.3);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* The raster's size and colour range, without resampling the heatmap. */
static void
raster_size (const SlOverlayFigure *fig, Raster *r)
{
  *r = (Raster){ 0 };
  if (has_image (&fig->image))
    {
      r->width = fig->image.width;
      r->height = fig->image.height;
    }
  else if (has_heatmap (fig))
    {
      const int k = (MIN_RASTER + MAX (fig->heatmap_width, fig->heatmap_height) - 1)
                    / MAX (fig->heatmap_width, fig->heatmap_height);
      r->width = fig->heatmap_width * MAX (k, 1);
      r->height = fig->heatmap_height * MAX (k, 1);
    }
  if (!has_heatmap (fig) || r->width == 0)
    return;
  r->vmin = fig->vmin;
  r->vmax = fig->vmax;
  if (!(r->vmax > r->vmin))
    sl_heatmap_range (fig->heatmap, (gsize) fig->heatmap_width * fig->heatmap_height,
                      sl_colormap_is_diverging (fig->colormap), &r->vmin, &r->vmax);
}

/* The height of the ground truth's legend under the image, with its gap (0: no legend). */
static double
region_legend_height (SlCanvas *canvas, const SlOverlayFigure *fig)
{
  double h = 0;
  if (fig->n_regions > 0 && has_image (&fig->image))
    sl_region_outline_legend_size (canvas, fig->regions, fig->n_regions,
                                   (gsize) fig->image.width * fig->image.height, NULL, &h);
  return h > 0 ? h + LEGEND_PAD : 0;
}

/* Where the image goes in `area` (below the title, beside the colour bar); FALSE: nowhere. The
 * drawing and sl_render_overlay_layout both place it here, so they cannot disagree. */
static gboolean
overlay_layout (SlCanvas *canvas, const SlRect *area, const SlOverlayFigure *fig, const Raster *r,
                SlRect *box_out)
{
  double title_w = 0, title_h = 0, bar_extent = 0, avail_w, avail_h, scale, total_w;
  SlRect box = { 0 };
  const gboolean colorbar = fig->show_colorbar && has_heatmap (fig);

  sl_canvas_text_size (canvas, fig->title, SL_FONT_TITLE, &title_w, &title_h);
  avail_h = area->height - (title_h > 0 ? title_h + SL_STYLE_TITLE_PAD : 0)
            - region_legend_height (canvas, fig);
  if (r->width == 0 || avail_h <= 1)
    return FALSE;

  /* The colour bar's width depends on its ticks, hence on its height: estimate, then fit. */
  for (int pass = 0; pass < 2; pass++)
    {
      if (colorbar)
        bar_extent = COLORBAR_GAP
                     + sl_colorbar_extent (canvas, SL_COLORBAR_WIDTH,
                                           pass == 0 ? avail_h : box.height, r->vmin, r->vmax,
                                           fig->colorbar_label);
      avail_w = MAX (area->width - bar_extent, 1.0);
      scale = MIN (avail_w / r->width, avail_h / r->height);
      box.width = r->width * scale;
      box.height = r->height * scale;
    }
  total_w = box.width + bar_extent;
  box.x = area->x + (area->width - total_w) / 2;
  box.y = area->y + (title_h > 0 ? title_h + SL_STYLE_TITLE_PAD : 0) + (avail_h - box.height) / 2;
  *box_out = box;
  return TRUE;
}

void
sl_overlay_draw_in (SlCanvas *canvas, const SlRect *area, const SlOverlayFigure *fig)
{
  Raster r;
  SlRect box, bar;
  const gboolean colorbar = fig->show_colorbar && has_heatmap (fig);

  raster_init (&r, fig);
  if (!overlay_layout (canvas, area, fig, &r, &box))
    {
      g_free (r.heat);
      return;
    }

  draw_raster (canvas, fig, &r, &box);
  if (r.heat && fig->contour_percent > 0)
    draw_contour (canvas, fig, &r, &box);
  if (has_image (&fig->image))
    for (guint k = 0; k < fig->n_regions; k++)
      sl_region_draw_outline (canvas, &box, fig->image.width, fig->image.height, &fig->regions[k],
                              k);

  cairo_save (canvas->cr);
  cairo_set_line_width (canvas->cr, 0.5);
  sl_canvas_set_color (canvas, SL_STYLE_MUTED, 1);
  cairo_rectangle (canvas->cr, box.x, box.y, box.width, box.height);
  cairo_stroke (canvas->cr);
  cairo_restore (canvas->cr);

  if (fig->title)
    {
      const double cx = box.x + box.width / 2;
      const double room = 2 * MIN (cx - area->x, area->x + area->width - cx);
      SlTextPlace place = { cx, box.y - SL_STYLE_TITLE_PAD, 0.5, 1.0, 0, room };
      sl_canvas_text (canvas, fig->title,
                      sl_canvas_fit_font (canvas, fig->title, SL_FONT_TITLE, room), SL_STYLE_INK,
                      &place);
    }
  if (region_legend_height (canvas, fig) > 0)
    sl_region_outline_legend_draw (canvas, fig->regions, fig->n_regions,
                                   (gsize) fig->image.width * fig->image.height,
                                   box.x + box.width / 2, box.y + box.height + LEGEND_PAD);
  if (colorbar)
    {
      bar = (SlRect){ box.x + box.width + COLORBAR_GAP, box.y, SL_COLORBAR_WIDTH, box.height };
      sl_colorbar_draw (canvas, &bar, fig->colormap, r.vmin, r.vmax, fig->colorbar_label);
    }
  g_free (r.heat);
}

void
sl_render_overlay (cairo_t *cr, double width, double height, const SlOverlayFigure *fig)
{
  g_return_if_fail (cr != NULL && fig != NULL);

  g_autoptr (SlCanvas) canvas = sl_canvas_new (cr);
  canvas->font_scale = sl_figure_text_scale (fig->text_scale);
  const SlRect area = sl_figure_begin (canvas, width, height, NULL);

  sl_overlay_draw_in (canvas, &area, fig);
}

gboolean
sl_render_overlay_layout (cairo_t *cr, double width, double height, const SlOverlayFigure *fig,
                          SlRect *image_box)
{
  g_return_val_if_fail (cr != NULL && fig != NULL && image_box != NULL, FALSE);

  g_autoptr (SlCanvas) canvas = sl_canvas_new (cr);
  canvas->font_scale = sl_figure_text_scale (fig->text_scale);
  const SlRect area = sl_figure_page_area (width, height);
  Raster r;
  raster_size (fig, &r);
  return overlay_layout (canvas, &area, fig, &r, image_box);
}
