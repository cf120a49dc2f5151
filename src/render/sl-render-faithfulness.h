/* sl-render-faithfulness.h — faithfulness results (average drop, increase in confidence) per
 * method and dataset, as a table figure and as a grouped bar chart. */
#pragma once

#include "render/sl-figure-types.h"

G_BEGIN_DECLS

typedef struct
{
  int n_methods;
  int n_datasets;
  const char *const *methods;   /* n_methods names (rows, bar groups) */
  const char *const *datasets;  /* n_datasets names */
  const double *drop;           /* n_methods × n_datasets, row-major, percent; lower is better */
  const double *increase;       /* same shape, percent; higher is better */
  const char *title;
} SlFaithfulnessFigure;

/* A booktabs-style table: one row per method, a Drop and an Increase column per dataset, the best
 * value of each column in bold. Shrinks to fit. */
void sl_render_faithfulness_table (cairo_t                    *cr,
                                   double                      width,
                                   double                      height,
                                   const SlFaithfulnessFigure *fig);

/* Two panels (drop, increase) of bars grouped by dataset, one colour per method. */
void sl_render_faithfulness_bars  (cairo_t                    *cr,
                                   double                      width,
                                   double                      height,
                                   const SlFaithfulnessFigure *fig);

static inline void
sl_render_faithfulness_table_func (cairo_t *cr, double width, double height, gpointer fig)
{
  sl_render_faithfulness_table (cr, width, height, (const SlFaithfulnessFigure *) fig);
}

static inline void
sl_render_faithfulness_bars_func (cairo_t *cr, double width, double height, gpointer fig)
{
  sl_render_faithfulness_bars (cr, width, height, (const SlFaithfulnessFigure *) fig);
}

G_END_DECLS
