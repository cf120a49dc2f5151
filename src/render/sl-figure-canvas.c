/* sl-figure-canvas.c — cairo + Pango set-up and anchored text. */
#include "render/sl-figure-canvas.h"
#include "render/sl-svg-text.h"

#include "render/sl-figure-style.h"

SlCanvas *
sl_canvas_new (cairo_t *cr)
{
  SlCanvas *canvas = g_new0 (SlCanvas, 1);
  cairo_font_options_t *options = cairo_font_options_create ();

  canvas->cr = cairo_reference (cr);
  canvas->font_scale = 1.0;
  canvas->pango = pango_cairo_create_context (cr);
  pango_cairo_context_set_resolution (canvas->pango, 72.0);

  /* Hinted metrics would make a PNG's text wider or narrower than the SVG's and PDF's. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (canvas->pango, options);
  pango_context_set_round_glyph_positions (canvas->pango, FALSE);
  cairo_font_options_destroy (options);
  return canvas;
}

void
sl_canvas_free (SlCanvas *canvas)
{
  if (canvas == NULL)
    return;
  g_clear_object (&canvas->pango);
  cairo_destroy (canvas->cr);
  g_free (canvas);
}

PangoLayout *
sl_canvas_layout (SlCanvas *canvas, const char *text, SlFont font)
{
  PangoLayout *layout = pango_layout_new (canvas->pango);
  PangoFontDescription *desc = pango_font_description_new ();

  pango_font_description_set_family (desc, SL_STYLE_FONT_FAMILY);
  pango_font_description_set_absolute_size (desc, font.size * canvas->font_scale * PANGO_SCALE);
  pango_font_description_set_weight (desc, font.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, text ? text : "", -1);
  return layout;
}

void
sl_canvas_text_size (SlCanvas *canvas, const char *text, SlFont font, double *width, double *height)
{
  PangoRectangle logical;

  if (text == NULL || text[0] == '\0')
    {
      *width = 0;
      *height = 0;
      return;
    }

  g_autoptr (PangoLayout) layout = sl_canvas_layout (canvas, text, font);
  pango_layout_get_extents (layout, NULL, &logical);
  *width = (double) logical.width / PANGO_SCALE;
  *height = (double) logical.height / PANGO_SCALE;
}

void
sl_canvas_text (SlCanvas *canvas,
                const char *text,
                SlFont font,
                SlColor color,
                const SlTextPlace *place)
{
  cairo_t *cr = canvas->cr;
  PangoRectangle logical;

  if (text == NULL || text[0] == '\0')
    return;

  g_autoptr (PangoLayout) layout = sl_canvas_layout (canvas, text, font);
  pango_layout_set_alignment (layout, place->ax < 0.25   ? PANGO_ALIGN_LEFT
                                      : place->ax > 0.75 ? PANGO_ALIGN_RIGHT
                                                         : PANGO_ALIGN_CENTER);
  if (place->max_width > 0)
    {
      pango_layout_get_extents (layout, NULL, &logical);
      if ((double) logical.width / PANGO_SCALE > place->max_width + 0.01)
        {
          pango_layout_set_width (layout, (int) (place->max_width * PANGO_SCALE));
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
        }
    }
  pango_layout_get_extents (layout, NULL, &logical);

  cairo_save (cr);
  cairo_translate (cr, place->x, place->y);
  if (place->angle != 0)
    cairo_rotate (cr, place->angle);
  cairo_move_to (cr, -place->ax * logical.width / PANGO_SCALE - (double) logical.x / PANGO_SCALE,
                 -place->ay * logical.height / PANGO_SCALE - (double) logical.y / PANGO_SCALE);
  cairo_set_source_rgb (cr, color.r, color.g, color.b);
  if (!sl_svg_text_emit (cr, layout, color))
    pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

SlFont
sl_canvas_fit_font (SlCanvas *canvas, const char *text, SlFont font, double max_width)
{
  double w, h;

  sl_canvas_text_size (canvas, text, font, &w, &h);
  if (w > max_width && w > 0)
    font.size *= MAX (0.99 * max_width / w, 0.75);
  return font;
}

void
sl_canvas_set_color (SlCanvas *canvas, SlColor color, double alpha)
{
  if (alpha >= 1.0)
    cairo_set_source_rgb (canvas->cr, color.r, color.g, color.b);
  else
    cairo_set_source_rgba (canvas->cr, color.r, color.g, color.b, alpha);
}

void
sl_canvas_clear (SlCanvas *canvas, const SlRect *rect)
{
  cairo_save (canvas->cr);
  cairo_rectangle (canvas->cr, rect->x, rect->y, rect->width, rect->height);
  cairo_set_source_rgb (canvas->cr, 1, 1, 1);
  cairo_fill (canvas->cr);
  cairo_restore (canvas->cr);
}

void
sl_figure_draw_scaled (cairo_t *cr,
                       double width_px,
                       double height_px,
                       double scale,
                       SlDrawFunc draw,
                       gpointer data)
{
  if (!(scale > 0))
    scale = 1.0;
  cairo_save (cr);
  cairo_scale (cr, scale, scale);
  draw (cr, width_px / scale, height_px / scale, data);
  cairo_restore (cr);
}
