/* sl-figure-colorbar.c — colour bars. */
#include "render/sl-figure-colorbar.h"

#include <math.h>

#include "render/sl-figure-style.h"
#include "render/sl-figure-ticks.h"

static void
colorbar_ticks (SlCanvas *canvas, double height, double vmin, double vmax, SlTicks *ticks)
{
  double w, h;

  sl_canvas_text_size (canvas, "0", SL_FONT_NORMAL, &w, &h);
  sl_ticks_compute (ticks, vmin, vmax, CLAMP ((int) (height / (2.2 * h)), 2, 10) + 1, FALSE);
}

static double
ticks_width (SlCanvas *canvas, const SlTicks *ticks)
{
  double widest = 0;

  for (int i = 0; i < ticks->n; i++)
    {
      g_autofree char *label = sl_ticks_label (ticks, ticks->values[i]);
      double w, h;
      sl_canvas_text_size (canvas, label, SL_FONT_NORMAL, &w, &h);
      widest = MAX (widest, w);
    }
  return widest;
}

double
sl_colorbar_extent (SlCanvas *canvas, double bar_width, double bar_height, double vmin, double vmax,
                    const char *label)
{
  SlTicks ticks;
  double label_w, label_h;

  colorbar_ticks (canvas, bar_height, vmin, vmax, &ticks);
  sl_canvas_text_size (canvas, label, SL_FONT_NORMAL, &label_w, &label_h);
  return bar_width + SL_STYLE_TICK_LENGTH + SL_STYLE_TICK_PAD + ticks_width (canvas, &ticks)
         + (label_h > 0 ? SL_STYLE_LABEL_PAD + label_h : 0);
}

void
sl_colorbar_draw (SlCanvas *canvas, const SlRect *bar, SlColormap map, double vmin, double vmax,
                  const char *label)
{
  cairo_t *cr = canvas->cr;
  cairo_pattern_t *gradient;
  SlTicks ticks;
  const int stops = 256;

  if (!(vmax > vmin))
    {
      vmin -= 0.5;
      vmax += 0.5;
    }
  colorbar_ticks (canvas, bar->height, vmin, vmax, &ticks);

  gradient = cairo_pattern_create_linear (0, bar->y + bar->height, 0, bar->y);
  for (int i = 0; i < stops; i++)
    {
      /* At t = i / 255 a 256-entry map gives exactly its entry i. */
      const double t = (double) i / (stops - 1);
      const SlColor c = sl_colormap_sample (map, t);
      cairo_pattern_add_color_stop_rgb (gradient, t, c.r, c.g, c.b);
    }
  cairo_save (cr);
  cairo_rectangle (cr, bar->x, bar->y, bar->width, bar->height);
  cairo_set_source (cr, gradient);
  cairo_fill (cr);
  cairo_pattern_destroy (gradient);

  cairo_set_line_width (cr, SL_STYLE_AXES_WIDTH);
  sl_canvas_set_color (canvas, SL_STYLE_INK, 1);
  cairo_rectangle (cr, bar->x, bar->y, bar->width, bar->height);
  cairo_stroke (cr);

  for (int i = 0; i < ticks.n; i++)
    {
      const double y = bar->y + bar->height * (1 - (ticks.values[i] - vmin) / (vmax - vmin));
      g_autofree char *text = sl_ticks_label (&ticks, ticks.values[i]);
      cairo_move_to (cr, bar->x + bar->width, y);
      cairo_line_to (cr, bar->x + bar->width + SL_STYLE_TICK_LENGTH, y);
      cairo_stroke (cr);
      SlTextPlace place
          = { bar->x + bar->width + SL_STYLE_TICK_LENGTH + SL_STYLE_TICK_PAD, y, 0, 0.5, 0, 0 };
      sl_canvas_text (canvas, text, SL_FONT_NORMAL, SL_STYLE_INK, &place);
    }
  cairo_restore (cr);

  if (label)
    {
      double label_w, label_h;
      sl_canvas_text_size (canvas, label, SL_FONT_NORMAL, &label_w, &label_h);
      SlTextPlace place = { bar->x + bar->width + SL_STYLE_TICK_LENGTH + SL_STYLE_TICK_PAD
                              + ticks_width (canvas, &ticks) + SL_STYLE_LABEL_PAD,
                            bar->y + bar->height / 2, 0.5, 0, -G_PI / 2, bar->height };
      sl_canvas_text (canvas, label, SL_FONT_NORMAL, SL_STYLE_INK, &place);
    }
}
