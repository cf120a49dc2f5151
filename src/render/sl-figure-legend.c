/* sl-figure-legend.c — legends as matplotlib's: rounded translucent frame, 2 em keys. */
#include "render/sl-figure-legend.h"

#include "render/sl-figure-style.h"

/* matplotlib's legend metrics, in font sizes. */
#define BORDER_PAD     0.4
#define KEY_LENGTH     2.0
#define KEY_TEXT_PAD   0.8
#define LABEL_SPACING  0.5
#define COLUMN_SPACING 2.0
#define AXES_PAD       0.5

static double
em (SlCanvas *canvas)
{
  return SL_STYLE_FONT_SIZE * canvas->font_scale;
}

void
sl_legend_size (SlCanvas *canvas, const SlLegendEntry *entries, int n, int columns,
                double *width, double *height)
{
  const double e = em (canvas);
  double line_h = 0, total_w = 0;
  int rows;

  columns = CLAMP (columns, 1, MAX (n, 1));
  rows = (n + columns - 1) / columns;
  for (int c = 0; c < columns; c++)
    {
      double col_w = 0;
      for (int r = 0; r < rows && c * rows + r < n; r++)
        {
          double w, h;
          sl_canvas_text_size (canvas, entries[c * rows + r].label, SL_FONT_NORMAL, &w, &h);
          col_w = MAX (col_w, w);
          line_h = MAX (line_h, h);
        }
      total_w += (KEY_LENGTH + KEY_TEXT_PAD) * e + col_w;
    }
  total_w += (columns - 1) * COLUMN_SPACING * e;
  *width = total_w + 2 * BORDER_PAD * e;
  *height = rows * line_h + MAX (rows - 1, 0) * LABEL_SPACING * e + 2 * BORDER_PAD * e;
}

static void
rounded_rectangle (cairo_t *cr, double x, double y, double w, double h, double r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
draw_key (SlCanvas *canvas, const SlLegendEntry *entry, double x, double y, double e)
{
  cairo_t *cr = canvas->cr;
  const double length = KEY_LENGTH * e;

  cairo_save (cr);
  sl_canvas_set_color (canvas, entry->color, 1);
  switch (entry->key)
    {
    case SL_LEGEND_KEY_PATCH:
      cairo_rectangle (cr, x + 0.2 * length, y - 0.35 * e, 0.6 * length, 0.7 * e);
      cairo_fill (cr);
      break;
    case SL_LEGEND_KEY_MARKER:
      cairo_arc (cr, x + length / 2, y, 0.3 * e, 0, 2 * G_PI);
      cairo_fill (cr);
      break;
    case SL_LEGEND_KEY_DASHED:
    case SL_LEGEND_KEY_DOTTED:
    case SL_LEGEND_KEY_LINE:
    default:
      {
        const double dashes[] = { 3.7, 1.6 }, dots[] = { 1.0, 1.65 };
        cairo_set_line_width (cr, SL_STYLE_LINE_WIDTH);
        if (entry->key == SL_LEGEND_KEY_DASHED)
          cairo_set_dash (cr, dashes, 2, 0);
        else if (entry->key == SL_LEGEND_KEY_DOTTED)
          cairo_set_dash (cr, dots, 2, 0);
        cairo_move_to (cr, x, y);
        cairo_line_to (cr, x + length, y);
        cairo_stroke (cr);
      }
    }
  cairo_restore (cr);
}

void
sl_legend_draw_at (SlCanvas *canvas, const SlLegendEntry *entries, int n, int columns, double x,
                   double y)
{
  cairo_t *cr = canvas->cr;
  const double e = em (canvas);
  double width, height, cx;
  int rows;

  if (n <= 0)
    return;
  columns = CLAMP (columns, 1, n);
  rows = (n + columns - 1) / columns;
  sl_legend_size (canvas, entries, n, columns, &width, &height);

  cairo_save (cr);
  rounded_rectangle (cr, x, y, width, height, 0.2 * e);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.8);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.8, 0.8, 0.8);
  cairo_set_line_width (cr, SL_STYLE_AXES_WIDTH);
  cairo_stroke (cr);
  cairo_restore (cr);

  cx = x + BORDER_PAD * e;
  for (int c = 0; c < columns; c++)
    {
      double col_w = 0, cy = y + BORDER_PAD * e;
      for (int r = 0; r < rows && c * rows + r < n; r++)
        {
          const SlLegendEntry *entry = &entries[c * rows + r];
          double w, h;
          sl_canvas_text_size (canvas, entry->label, SL_FONT_NORMAL, &w, &h);
          if (h == 0)
            sl_canvas_text_size (canvas, "0", SL_FONT_NORMAL, &w, &h);
          draw_key (canvas, entry, cx, cy + h / 2, e);
          SlTextPlace place = { cx + (KEY_LENGTH + KEY_TEXT_PAD) * e, cy, 0, 0, 0, 0 };
          sl_canvas_text (canvas, entry->label, SL_FONT_NORMAL, SL_STYLE_INK, &place);
          col_w = MAX (col_w, w);
          cy += h + LABEL_SPACING * e;
        }
      cx += (KEY_LENGTH + KEY_TEXT_PAD) * e + col_w + COLUMN_SPACING * e;
    }
}

/* Top left corner of the box at `loc`: fx, fy in {0, 0.5, 1} say where across the plot. */
static void
corner (const SlRect *plot, double fx, double fy, double w, double h, double pad, double *x,
        double *y)
{
  *x = plot->x + pad + fx * (plot->width - 2 * pad - w);
  *y = plot->y + pad + fy * (plot->height - 2 * pad - h);
}

static void
loc_fractions (SlLegendLoc loc, double *fx, double *fy)
{
  *fx = loc == SL_LEGEND_UPPER_LEFT || loc == SL_LEGEND_LOWER_LEFT ? 0 : 1;
  *fy = loc == SL_LEGEND_UPPER_RIGHT || loc == SL_LEGEND_UPPER_LEFT ? 0 : 1;
}

void
sl_legend_draw_in (SlCanvas *canvas, const SlRect *plot, const SlLegendEntry *entries, int n,
                   SlLegendLoc loc, const double *obstacles, gsize n_obstacles)
{
  const double pad = AXES_PAD * em (canvas);
  double w, h, x, y, fx, fy;

  if (n <= 0)
    return;
  sl_legend_size (canvas, entries, n, 1, &w, &h);

  /* A legend that would cover much of a small plot is set smaller (down to 75 %). */
  const double saved_scale = canvas->font_scale;
  const double shrink = MIN (0.55 * plot->width / w, 0.45 * plot->height / h);
  if (shrink < 1)
    {
      canvas->font_scale *= MAX (shrink, 0.75);
      sl_legend_size (canvas, entries, n, 1, &w, &h);
    }

  loc_fractions (loc, &fx, &fy);
  if (loc == SL_LEGEND_BEST)
    {
      /* matplotlib's candidates in its order: the four corners, then the middles of the sides,
       * then the centre. */
      static const double places[][2] = { { 1, 0 }, { 0, 0 }, { 0, 1 }, { 1, 1 }, { 1, 0.5 },
                                          { 0, 0.5 }, { 0.5, 1 }, { 0.5, 0 }, { 0.5, 0.5 } };
      gsize best_count = G_MAXSIZE;
      for (gsize k = 0; k < G_N_ELEMENTS (places); k++)
        {
          gsize count = 0;
          corner (plot, places[k][0], places[k][1], w, h, pad, &x, &y);
          for (gsize i = 0; i < n_obstacles; i++)
            {
              const double ox = obstacles[2 * i], oy = obstacles[2 * i + 1];
              count += ox >= x && ox <= x + w && oy >= y && oy <= y + h;
            }
          if (count < best_count)
            {
              best_count = count;
              fx = places[k][0];
              fy = places[k][1];
            }
        }
    }
  corner (plot, fx, fy, w, h, pad, &x, &y);
  sl_legend_draw_at (canvas, entries, n, 1, x, y);
  canvas->font_scale = saved_scale;
}
