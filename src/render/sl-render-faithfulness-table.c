/* sl-render-faithfulness-table.c — the faithfulness table, drawn as a figure. */
#include "render/sl-render-faithfulness.h"

#include <math.h>

#include "render/sl-figure-style.h"
#include "render/sl-render-private.h"

#define CELL_PAD_X 9.0  /* each side of a cell's text */
#define ROW_PAD    4.0  /* above and below a row's text */
#define HEAVY_RULE 1.0
#define LIGHT_RULE 0.6

static const char *const column_names[2] = { "Drop % \u2193", "Increase % \u2191" };

typedef struct
{
  const SlFaithfulnessFigure *fig;
  double method_w;  /* first column */
  double value_w;   /* every value column */
  double row_h;
  double number_w;  /* of "100.0" in bold: numbers right-align on centre + half of it */
  double width;
  double height;
} Table;

static double
value_at (const SlFaithfulnessFigure *fig, int m, int d, int k)
{
  const double *v = k == 0 ? fig->drop : fig->increase;
  return v ? v[m * fig->n_datasets + d] : NAN;
}

/* Row of the best value of a column: the lowest drop, the highest increase. */
static int
best_row (const SlFaithfulnessFigure *fig, int d, int k)
{
  int best = -1;

  for (int m = 0; m < fig->n_methods; m++)
    {
      const double v = value_at (fig, m, d, k);
      if (isfinite (v)
          && (best < 0
              || (k == 0 ? v < value_at (fig, best, d, k) : v > value_at (fig, best, d, k))))
        best = m;
    }
  return best;
}

static void
measure (Table *t, SlCanvas *canvas)
{
  const SlFaithfulnessFigure *fig = t->fig;
  const SlFont bold = { SL_STYLE_FONT_SIZE, TRUE };
  double w, h;

  sl_canvas_text_size (canvas, "Method", bold, &t->method_w, &t->row_h);
  for (int m = 0; m < fig->n_methods; m++)
    {
      sl_canvas_text_size (canvas, fig->methods[m], SL_FONT_NORMAL, &w, &h);
      t->method_w = MAX (t->method_w, w);
    }
  t->value_w = 0;
  for (int k = 0; k < 2; k++)
    {
      sl_canvas_text_size (canvas, column_names[k], SL_FONT_NORMAL, &w, &h);
      t->value_w = MAX (t->value_w, w);
    }
  sl_canvas_text_size (canvas, "100.0", bold, &t->number_w, &h);
  t->value_w = MAX (t->value_w, t->number_w);
  for (int d = 0; d < fig->n_datasets; d++)
    {
      sl_canvas_text_size (canvas, fig->datasets[d], bold, &w, &h);
      t->value_w = MAX (t->value_w, (w - 2 * CELL_PAD_X) / 2);
    }
  t->method_w += 2 * CELL_PAD_X;
  t->value_w += 2 * CELL_PAD_X;
  t->row_h += 2 * ROW_PAD;
  t->width = t->method_w + 2 * fig->n_datasets * t->value_w;
  /* Two header rows, the method rows, and room for the three rules. */
  t->height = (2 + fig->n_methods) * t->row_h + 3 * HEAVY_RULE;
}

static void
rule (cairo_t *cr, double x0, double x1, double y, double width)
{
  cairo_set_line_width (cr, width);
  cairo_move_to (cr, x0, y);
  cairo_line_to (cr, x1, y);
  cairo_stroke (cr);
}

static void
draw_table (Table *t, SlCanvas *canvas, double x, double y)
{
  const SlFaithfulnessFigure *fig = t->fig;
  const SlFont bold = { SL_STYLE_FONT_SIZE, TRUE };
  cairo_t *cr = canvas->cr;
  const double right = x + t->width;

  sl_canvas_set_color (canvas, SL_STYLE_INK, 1);
  rule (cr, x, right, y + HEAVY_RULE / 2, HEAVY_RULE);
  y += HEAVY_RULE;

  /* Header: dataset names over their two columns, a short rule under each. */
  SlTextPlace place = { x + CELL_PAD_X, y + t->row_h, 0, 0.5, 0, 0 };
  sl_canvas_text (canvas, "Method", bold, SL_STYLE_INK, &place);
  for (int d = 0; d < fig->n_datasets; d++)
    {
      const double x0 = x + t->method_w + 2 * d * t->value_w;
      SlTextPlace name = { x0 + t->value_w, y + t->row_h / 2, 0.5, 0.5, 0, 2 * t->value_w };
      sl_canvas_text (canvas, fig->datasets[d], bold, SL_STYLE_INK, &name);
      sl_canvas_set_color (canvas, SL_STYLE_INK, 1);
      rule (cr, x0 + CELL_PAD_X / 2, x0 + 2 * t->value_w - CELL_PAD_X / 2, y + t->row_h,
            LIGHT_RULE);
      for (int k = 0; k < 2; k++)
        {
          SlTextPlace col = { x0 + (k + 0.5) * t->value_w, y + 1.5 * t->row_h, 0.5, 0.5, 0, 0 };
          sl_canvas_text (canvas, column_names[k], SL_FONT_NORMAL, SL_STYLE_INK, &col);
        }
    }
  y += 2 * t->row_h;
  sl_canvas_set_color (canvas, SL_STYLE_INK, 1);
  rule (cr, x, right, y + LIGHT_RULE / 2, LIGHT_RULE);
  y += HEAVY_RULE;

  for (int m = 0; m < fig->n_methods; m++)
    {
      const double cy = y + (m + 0.5) * t->row_h;
      SlTextPlace name = { x + CELL_PAD_X, cy, 0, 0.5, 0, t->method_w - CELL_PAD_X };
      sl_canvas_text (canvas, fig->methods[m], SL_FONT_NORMAL, SL_STYLE_INK, &name);
      for (int d = 0; d < fig->n_datasets; d++)
        for (int k = 0; k < 2; k++)
          {
            const double v = value_at (fig, m, d, k);
            g_autofree char *text
                = isfinite (v) ? g_strdup_printf ("%.1f", v) : g_strdup ("\u2013");
            const gboolean best = best_row (fig, d, k) == m;
            /* Right-aligned on a common edge, so the decimal points line up. */
            SlTextPlace cell = {
              x + t->method_w + (2 * d + k + 0.5) * t->value_w + t->number_w / 2, cy, 1.0, 0.5, 0, 0
            };
            sl_canvas_text (canvas, text, best ? bold : SL_FONT_NORMAL, SL_STYLE_INK, &cell);
          }
    }
  y += fig->n_methods * t->row_h;
  sl_canvas_set_color (canvas, SL_STYLE_INK, 1);
  rule (cr, x, right, y + HEAVY_RULE / 2, HEAVY_RULE);
}

void
sl_render_faithfulness_table (cairo_t *cr, double width, double height,
                              const SlFaithfulnessFigure *fig)
{
  g_return_if_fail (cr != NULL && fig != NULL);

  g_autoptr (SlCanvas) canvas = sl_canvas_new (cr);
  const SlRect area = sl_figure_begin (canvas, width, height, fig->title);
  Table t = { fig, 0, 0, 0, 0, 0, 0 };
  double scale;

  if (fig->n_methods <= 0 || fig->n_datasets <= 0)
    return;
  measure (&t, canvas);
  /* Too big a table is drawn smaller, never cut. */
  scale = MIN (1.0, MIN (area.width / t.width, area.height / t.height));
  cairo_save (cr);
  cairo_translate (cr, area.x + (area.width - t.width * scale) / 2,
                   area.y + MAX (0.0, (area.height - t.height * scale) / 3));
  cairo_scale (cr, scale, scale);
  draw_table (&t, canvas, 0, 0);
  cairo_restore (cr);
}
