/* sl-figure-axes.c — layout and drawing of one plot area. */
#include "render/sl-figure-axes.h"

#include <math.h>

#include "render/sl-figure-style.h"

#define ROTATION (G_PI / 4) /* category labels that do not fit are turned this much */

static gboolean
is_category (int n)
{
  return n > 0;
}

/* Widest tick label of a numeric axis, or of a category axis. */
static double
labels_width (SlCanvas *canvas, const SlTicks *ticks, const char *const *categories,
              int n_categories, double *height)
{
  double widest = 0, h = 0;

  if (is_category (n_categories))
    for (int i = 0; i < n_categories; i++)
      {
        double w;
        sl_canvas_text_size (canvas, categories[i], SL_FONT_NORMAL, &w, &h);
        widest = MAX (widest, w);
      }
  else
    for (int i = 0; i < ticks->n; i++)
      {
        g_autofree char *label = sl_ticks_label (ticks, ticks->values[i]);
        double w;
        sl_canvas_text_size (canvas, label, SL_FONT_NORMAL, &w, &h);
        widest = MAX (widest, w);
      }
  if (height)
    *height = h;
  return widest;
}

static void
layout_y (SlAxes *axes, SlCanvas *canvas, double plot_height, double font_height)
{
  if (is_category (axes->n_y_categories))
    {
      axes->y0 = -0.5;
      axes->y1 = axes->n_y_categories - 0.5;
      axes->yticks.n = 0;
    }
  else
    {
      /* matplotlib's tick space for y: one tick per two label heights, at most ten bins. */
      const int max_ticks = CLAMP ((int) (plot_height / (2.2 * font_height)), 2, 10) + 1;
      sl_ticks_compute (&axes->yticks, axes->ymin, axes->ymax, max_ticks, axes->y_expand);
      axes->y0 = axes->yticks.lo;
      axes->y1 = axes->yticks.hi;
    }
  axes->ytick_width = labels_width (canvas, &axes->yticks, axes->y_categories, axes->n_y_categories,
                                    NULL);
}

/* Height the x tick labels need below the ticks. */
static double
layout_x (SlAxes *axes, SlCanvas *canvas, double plot_width, double font_height)
{
  double label_height = font_height;

  axes->x_rotated = FALSE;
  if (is_category (axes->n_x_categories))
    {
      const double spacing = plot_width / axes->n_x_categories;
      const double widest = labels_width (canvas, NULL, axes->x_categories, axes->n_x_categories,
                                          &label_height);
      axes->x0 = -0.5;
      axes->x1 = axes->n_x_categories - 0.5;
      axes->xticks.n = 0;
      if (widest > spacing - 0.6 * font_height)
        {
          axes->x_rotated = TRUE;
          return widest * sin (ROTATION) + 0.5 * font_height * cos (ROTATION);
        }
      return font_height;
    }

  /* matplotlib's tick space for x: one tick per three label heights, then fewer until the labels
   * leave a gap of one label height between them. */
  for (int max_ticks = CLAMP ((int) (plot_width / (3.0 * font_height)), 2, 10) + 1; max_ticks >= 2;
       max_ticks--)
    {
      sl_ticks_compute (&axes->xticks, axes->xmin, axes->xmax, max_ticks, axes->x_expand);
      const double widest = labels_width (canvas, &axes->xticks, NULL, 0, NULL);
      const double span = axes->xticks.hi - axes->xticks.lo;
      const double spacing = span > 0 ? plot_width * axes->xticks.step / span : plot_width;
      if (spacing >= widest + font_height || axes->xticks.n <= 2)
        break;
    }
  if (axes->x_integer && axes->xticks.step < 1)
    {
      SlTicks *t = &axes->xticks;
      t->step = 1;
      t->decimals = 0;
      t->n = 0;
      for (double v = ceil (t->lo - 1e-9); v <= t->hi + 1e-9 && t->n < SL_TICKS_MAX; v++)
        t->values[t->n++] = v;
    }
  axes->x0 = axes->xticks.lo;
  axes->x1 = axes->xticks.hi;
  return font_height;
}

void
sl_axes_layout (SlAxes *axes, SlCanvas *canvas, const SlRect *outer)
{
  const double tick_room = SL_STYLE_TICK_LENGTH + SL_STYLE_TICK_PAD;
  double font_w, font_h, title_w = 0, title_h = 0, xlabel_h = 0, ylabel_h = 0, dummy;
  double top, bottom, left, right, xlabels_h;

  axes->outer = *outer;
  sl_canvas_text_size (canvas, "0", SL_FONT_NORMAL, &font_w, &font_h);
  sl_canvas_text_size (canvas, axes->title, SL_FONT_TITLE, &title_w, &title_h);
  sl_canvas_text_size (canvas, axes->xlabel, SL_FONT_NORMAL, &dummy, &xlabel_h);
  sl_canvas_text_size (canvas, axes->ylabel, SL_FONT_NORMAL, &dummy, &ylabel_h);

  /* Half a label of room where the outermost tick labels stick out of the plot. */
  top = title_h > 0 ? title_h + SL_STYLE_TITLE_PAD : 0.6 * font_h;
  right = 0.6 * font_h;
  bottom = tick_room + font_h + (xlabel_h > 0 ? SL_STYLE_LABEL_PAD + xlabel_h : 0);

  /* Two passes: the x labels' height (rotated or not) changes the room left for y. */
  xlabels_h = font_h;
  for (int pass = 0; pass < 2; pass++)
    {
      const double plot_h = MAX (outer->height - top - bottom, 1.0);
      layout_y (axes, canvas, plot_h, font_h);
      left = (ylabel_h > 0 ? ylabel_h + SL_STYLE_LABEL_PAD : 0) + axes->ytick_width + tick_room;
      xlabels_h = layout_x (axes, canvas, MAX (outer->width - left - right, 1.0), font_h);
      bottom = tick_room + xlabels_h + (xlabel_h > 0 ? SL_STYLE_LABEL_PAD + xlabel_h : 0);
    }

  /* The last x tick label is centred on the right end of the axis. */
  if (axes->xticks.n > 0 && !axes->x_rotated)
    {
      g_autofree char *last
          = sl_ticks_label (&axes->xticks, axes->xticks.values[axes->xticks.n - 1]);
      double w, h;
      sl_canvas_text_size (canvas, last, SL_FONT_NORMAL, &w, &h);
      right = MAX (right, w / 2 + 1);
    }

  axes->plot = sl_rect_inset (*outer, left, top, right, bottom);

  /* Rotated category labels hang to the left of their tick: keep the first inside the figure. */
  if (axes->x_rotated)
    {
      double w, h;
      sl_canvas_text_size (canvas, axes->x_categories[0], SL_FONT_NORMAL, &w, &h);
      const double first_tick = axes->plot.x + axes->plot.width / (2.0 * axes->n_x_categories);
      const double overhang = outer->x + 2 - (first_tick - w * cos (ROTATION));
      if (overhang > 0)
        axes->plot = sl_rect_inset (axes->plot, overhang, 0, 0, 0);
    }

  if (axes->equal_aspect && axes->x1 > axes->x0 && axes->y1 > axes->y0)
    {
      const double ratio = (axes->x1 - axes->x0) / (axes->y1 - axes->y0);
      SlRect *p = &axes->plot;
      if (p->width / p->height > ratio)
        {
          const double w = p->height * ratio;
          p->x += (p->width - w) / 2;
          p->width = w;
        }
      else
        {
          const double h = p->width / ratio;
          p->y += (p->height - h) / 2;
          p->height = h;
        }
    }
}

double
sl_axes_px (const SlAxes *axes, double x)
{
  return axes->plot.x + (x - axes->x0) / (axes->x1 - axes->x0) * axes->plot.width;
}

double
sl_axes_py (const SlAxes *axes, double y)
{
  const double f = (y - axes->y0) / (axes->y1 - axes->y0);
  return axes->y_down ? axes->plot.y + f * axes->plot.height
                      : axes->plot.y + axes->plot.height - f * axes->plot.height;
}

void
sl_axes_clip (const SlAxes *axes, SlCanvas *canvas)
{
  cairo_rectangle (canvas->cr, axes->plot.x, axes->plot.y, axes->plot.width, axes->plot.height);
  cairo_clip (canvas->cr);
}

void
sl_axes_draw_grid (const SlAxes *axes, SlCanvas *canvas)
{
  cairo_t *cr = canvas->cr;
  const SlRect *p = &axes->plot;

  if (!axes->grid)
    return;
  cairo_save (cr);
  cairo_set_line_width (cr, SL_STYLE_GRID_WIDTH);
  sl_canvas_set_color (canvas, SL_STYLE_GRID, 1);
  for (int i = 0; i < axes->xticks.n; i++)
    {
      const double x = sl_axes_px (axes, axes->xticks.values[i]);
      cairo_move_to (cr, x, p->y);
      cairo_line_to (cr, x, p->y + p->height);
    }
  for (int i = 0; i < axes->yticks.n; i++)
    {
      const double y = sl_axes_py (axes, axes->yticks.values[i]);
      cairo_move_to (cr, p->x, y);
      cairo_line_to (cr, p->x + p->width, y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_x_tick (const SlAxes *axes, SlCanvas *canvas, double x, const char *label)
{
  const double y = axes->plot.y + axes->plot.height;
  double font_w, font_h;

  cairo_move_to (canvas->cr, x, y);
  cairo_line_to (canvas->cr, x, y + SL_STYLE_TICK_LENGTH);
  cairo_stroke (canvas->cr);

  if (axes->x_rotated)
    {
      sl_canvas_text_size (canvas, "0", SL_FONT_NORMAL, &font_w, &font_h);
      /* Right end of the text just under its tick, reading up to the right. */
      SlTextPlace place = {
        x + 0.25 * font_h, y + SL_STYLE_TICK_LENGTH + SL_STYLE_TICK_PAD, 1.0, 0.5, -ROTATION, 0
      };
      sl_canvas_text (canvas, label, SL_FONT_NORMAL, SL_STYLE_INK, &place);
    }
  else
    {
      SlTextPlace place = { x, y + SL_STYLE_TICK_LENGTH + SL_STYLE_TICK_PAD, 0.5, 0, 0, 0 };
      sl_canvas_text (canvas, label, SL_FONT_NORMAL, SL_STYLE_INK, &place);
    }
}

static void
draw_y_tick (const SlAxes *axes, SlCanvas *canvas, double y, const char *label)
{
  const double x = axes->plot.x;

  cairo_move_to (canvas->cr, x, y);
  cairo_line_to (canvas->cr, x - SL_STYLE_TICK_LENGTH, y);
  cairo_stroke (canvas->cr);

  SlTextPlace place = { x - SL_STYLE_TICK_LENGTH - SL_STYLE_TICK_PAD, y, 1.0, 0.5, 0, 0 };
  sl_canvas_text (canvas, label, SL_FONT_NORMAL, SL_STYLE_INK, &place);
}

void
sl_axes_draw_frame (const SlAxes *axes, SlCanvas *canvas)
{
  cairo_t *cr = canvas->cr;
  const SlRect *p = &axes->plot;
  double xlabels_h, font_w, font_h;

  cairo_save (cr);
  cairo_set_line_width (cr, SL_STYLE_AXES_WIDTH);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_SQUARE);
  sl_canvas_set_color (canvas, SL_STYLE_INK, 1);
  if (axes->open_frame)
    {
      cairo_move_to (cr, p->x, p->y);
      cairo_line_to (cr, p->x, p->y + p->height);
      cairo_line_to (cr, p->x + p->width, p->y + p->height);
    }
  else
    cairo_rectangle (cr, p->x, p->y, p->width, p->height);
  cairo_stroke (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);

  if (is_category (axes->n_x_categories))
    for (int i = 0; i < axes->n_x_categories; i++)
      draw_x_tick (axes, canvas, sl_axes_px (axes, i), axes->x_categories[i]);
  else
    for (int i = 0; i < axes->xticks.n; i++)
      {
        g_autofree char *label = sl_ticks_label (&axes->xticks, axes->xticks.values[i]);
        draw_x_tick (axes, canvas, sl_axes_px (axes, axes->xticks.values[i]), label);
      }

  if (is_category (axes->n_y_categories))
    for (int i = 0; i < axes->n_y_categories; i++)
      draw_y_tick (axes, canvas, sl_axes_py (axes, i), axes->y_categories[i]);
  else
    for (int i = 0; i < axes->yticks.n; i++)
      {
        g_autofree char *label = sl_ticks_label (&axes->yticks, axes->yticks.values[i]);
        draw_y_tick (axes, canvas, sl_axes_py (axes, axes->yticks.values[i]), label);
      }
  cairo_restore (cr);

  sl_canvas_text_size (canvas, "0", SL_FONT_NORMAL, &font_w, &font_h);
  xlabels_h = font_h;
  if (axes->x_rotated)
    {
      double widest = 0;
      for (int i = 0; i < axes->n_x_categories; i++)
        {
          double w, h;
          sl_canvas_text_size (canvas, axes->x_categories[i], SL_FONT_NORMAL, &w, &h);
          widest = MAX (widest, w);
        }
      xlabels_h = widest * sin (ROTATION) + 0.5 * font_h * cos (ROTATION);
    }

  if (axes->xlabel)
    {
      SlTextPlace place = { p->x + p->width / 2,
                            p->y + p->height + SL_STYLE_TICK_LENGTH + SL_STYLE_TICK_PAD + xlabels_h
                              + SL_STYLE_LABEL_PAD,
                            0.5, 0, 0, axes->outer.width };
      sl_canvas_text (canvas, axes->xlabel, SL_FONT_NORMAL, SL_STYLE_INK, &place);
    }
  if (axes->ylabel)
    {
      SlTextPlace place = { p->x - SL_STYLE_TICK_LENGTH - SL_STYLE_TICK_PAD - axes->ytick_width
                              - SL_STYLE_LABEL_PAD,
                            p->y + p->height / 2, 0.5, 1.0, -G_PI / 2, axes->outer.height };
      sl_canvas_text (canvas, axes->ylabel, SL_FONT_NORMAL, SL_STYLE_INK, &place);
    }
  if (axes->title)
    {
      /* Centred on the plot, and kept inside the axes' rectangle. */
      const double cx = p->x + p->width / 2;
      const double room = 2 * MIN (cx - axes->outer.x, axes->outer.x + axes->outer.width - cx);
      SlTextPlace place = { cx, p->y - SL_STYLE_TITLE_PAD, 0.5, 1.0, 0, room };
      sl_canvas_text (canvas, axes->title,
                      sl_canvas_fit_font (canvas, axes->title, SL_FONT_TITLE, room), SL_STYLE_INK,
                      &place);
    }
}

gboolean
sl_data_range (const double *values, gsize n, double *lo, double *hi)
{
  gboolean any = FALSE;

  for (gsize i = 0; i < n; i++)
    {
      if (!isfinite (values[i]))
        continue;
      if (!any)
        *lo = *hi = values[i];
      *lo = MIN (*lo, values[i]);
      *hi = MAX (*hi, values[i]);
      any = TRUE;
    }
  return any;
}
