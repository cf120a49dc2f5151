/* sl-render-grid.c — sub-figures in a grid, with row labels and an optional shared colour bar. */
#include "render/sl-render-grid.h"

#include <math.h>

#include "render/sl-figure-colorbar.h"
#include "render/sl-figure-style.h"
#include "render/sl-heatmap.h"
#include "render/sl-render-private.h"

#define CELL_GAP     10.0
#define COLORBAR_GAP 10.0

/* The range of every cell's map, for a shared colour bar that did not set one. */
static void
shared_range (const SlGridFigure *fig, double *vmin, double *vmax)
{
  const gboolean symmetric = sl_colormap_is_diverging (fig->colormap);
  double lo = INFINITY, hi = -INFINITY, a, b;

  for (int i = 0; i < fig->rows * fig->cols; i++)
    {
      const SlGridCell *cell = &fig->cells[i];
      gboolean any = FALSE;
      if (cell->kind == SL_GRID_CELL_OVERLAY && cell->overlay && cell->overlay->heatmap)
        any = sl_heatmap_range (cell->overlay->heatmap,
                                (gsize) cell->overlay->heatmap_width
                                    * cell->overlay->heatmap_height,
                                symmetric, &a, &b);
      else if (cell->kind == SL_GRID_CELL_SIGNAL && cell->signal && cell->signal->attribution)
        any = sl_heatmap_range (cell->signal->attribution, cell->signal->length, symmetric, &a, &b);
      if (any)
        {
          lo = MIN (lo, a);
          hi = MAX (hi, b);
        }
    }
  if (!(hi > lo))
    lo = 0, hi = 1;
  *vmin = lo;
  *vmax = hi;
}

static void
draw_cell (SlCanvas *canvas, const SlGridFigure *fig, const SlGridCell *cell, const SlRect *rect,
           double vmin, double vmax)
{
  if (cell->kind == SL_GRID_CELL_OVERLAY && cell->overlay)
    {
      SlOverlayFigure sub = *cell->overlay;
      if (cell->title)
        sub.title = cell->title;
      if (fig->shared_colorbar)
        {
          sub.show_colorbar = FALSE;
          sub.colormap = fig->colormap;
          sub.vmin = vmin;
          sub.vmax = vmax;
        }
      sl_overlay_draw_in (canvas, rect, &sub);
    }
  else if (cell->kind == SL_GRID_CELL_SIGNAL && cell->signal)
    {
      SlSignalFigure sub = *cell->signal;
      if (cell->title)
        sub.title = cell->title;
      if (fig->shared_colorbar)
        {
          sub.show_colorbar = FALSE;
          sub.colormap = fig->colormap;
          sub.vmin = vmin;
          sub.vmax = vmax;
        }
      sl_signal_draw_in (canvas, rect, &sub);
    }
  else if (cell->kind == SL_GRID_CELL_EMPTY && cell->title)
    {
      /* A cell still being computed: its caption alone, muted. */
      SlTextPlace place = { rect->x + rect->width / 2, rect->y + rect->height / 2, 0.5, 0.5, 0,
                            rect->width };
      sl_canvas_text (canvas, cell->title, SL_FONT_TITLE, SL_STYLE_MUTED, &place);
    }
}

void
sl_render_grid (cairo_t *cr, double width, double height, const SlGridFigure *fig)
{
  g_return_if_fail (cr != NULL && fig != NULL);

  g_autoptr (SlCanvas) canvas = sl_canvas_new (cr);
  SlRect area = sl_figure_begin (canvas, width, height, fig->title);
  double vmin = fig->vmin, vmax = fig->vmax, label_w = 0, cell_w, cell_h;
  SlRect cells;

  if (fig->rows <= 0 || fig->cols <= 0 || fig->cells == NULL)
    return;
  if (fig->shared_colorbar && !(vmax > vmin))
    shared_range (fig, &vmin, &vmax);

  /* Dense grids get smaller text, so that titles and ticks keep their proportions. */
  cell_w = (area.width - (fig->cols - 1) * CELL_GAP) / fig->cols;
  canvas->font_scale = CLAMP (cell_w / 220.0, 0.8, 1.0);

  if (fig->row_labels)
    {
      double w, h;
      sl_canvas_text_size (canvas, "Ag", SL_FONT_TITLE, &w, &h);
      label_w = h + SL_STYLE_LABEL_PAD;
    }
  cells = sl_rect_inset (area, label_w, 0, 0, 0);
  if (fig->shared_colorbar)
    {
      const double extent = sl_colorbar_extent (canvas, SL_COLORBAR_WIDTH, cells.height * 0.8, vmin,
                                                vmax, fig->colorbar_label);
      cells = sl_rect_inset (cells, 0, 0, COLORBAR_GAP + extent, 0);
    }
  cell_w = (cells.width - (fig->cols - 1) * CELL_GAP) / fig->cols;
  cell_h = (cells.height - (fig->rows - 1) * CELL_GAP) / fig->rows;

  for (int r = 0; r < fig->rows; r++)
    {
      const double y = cells.y + r * (cell_h + CELL_GAP);
      for (int c = 0; c < fig->cols; c++)
        {
          const SlRect rect = { cells.x + c * (cell_w + CELL_GAP), y, cell_w, cell_h };
          draw_cell (canvas, fig, &fig->cells[r * fig->cols + c], &rect, vmin, vmax);
        }
      if (fig->row_labels && fig->row_labels[r])
        {
          SlTextPlace place = { area.x, y + cell_h / 2, 0.5, 0, -G_PI / 2, cell_h };
          sl_canvas_text (canvas, fig->row_labels[r], SL_FONT_TITLE, SL_STYLE_INK, &place);
        }
    }

  if (fig->shared_colorbar)
    {
      /* As tall as the middle 80 % of the cells, centred: it reads as belonging to all rows. */
      const SlRect bar = { cells.x + cells.width + COLORBAR_GAP, cells.y + 0.1 * cells.height,
                           SL_COLORBAR_WIDTH, 0.8 * cells.height };
      sl_colorbar_draw (canvas, &bar, fig->colormap, vmin, vmax, fig->colorbar_label);
    }
}
