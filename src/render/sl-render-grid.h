/* sl-render-grid.h — the grid figure: overlay or signal sub-figures in rows × columns. */
#pragma once

#include "render/sl-render-overlay.h"
#include "render/sl-render-signal.h"

G_BEGIN_DECLS

typedef enum
{
  SL_GRID_CELL_EMPTY,
  SL_GRID_CELL_OVERLAY,
  SL_GRID_CELL_SIGNAL,
} SlGridCellKind;

typedef struct
{
  SlGridCellKind kind;            /* EMPTY with a title: the title alone, muted (pending) */
  const SlOverlayFigure *overlay; /* for SL_GRID_CELL_OVERLAY */
  const SlSignalFigure *signal;   /* for SL_GRID_CELL_SIGNAL */
  const char *title;              /* replaces the sub-figure's title, e.g. the method's name or
                                   * "true: TUMOR · pred: STROMA (0.93)"; NULL keeps it */
} SlGridCell;

typedef struct
{
  const SlGridCell *cells;        /* rows × cols, row-major */
  int rows;
  int cols;
  const char *title;
  const char *const *row_labels;  /* rows names down the left side, or NULL */
  gboolean shared_colorbar;       /* one colour bar for all cells, which then use its map and
                                   * range */
  SlColormap colormap;
  double vmin;                    /* the shared range; equal: the range of all the cells' maps */
  double vmax;
  const char *colorbar_label;
} SlGridFigure;

void sl_render_grid (cairo_t            *cr,
                     double              width,
                     double              height,
                     const SlGridFigure *fig);

static inline void
sl_render_grid_func (cairo_t *cr, double width, double height, gpointer fig)
{
  sl_render_grid (cr, width, height, (const SlGridFigure *) fig);
}

G_END_DECLS
