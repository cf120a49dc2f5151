/* sl-comparison-figure.h — the comparison grid: samples (rows) × methods (columns), the course's
 * comparison figure, with one shared colour scale or one per map. */
#pragma once

#include "compose/sl-explanation-figure.h"

G_BEGIN_DECLS

typedef struct _SlComparisonFigure SlComparisonFigure;

/* `maps` has n_samples × n_methods entries, row-major; a NULL entry is a cell still computing (drawn
 * empty, captioned "…"). `method_names` are the methods' CLI names. Everything is copied.
 * shared_scale: every map divided by its largest |value| on one shared colour bar (the CLI's grid);
 * else each cell keeps its own range. */
SlComparisonFigure *sl_comparison_figure_new  (const SlSampleView  *const *samples,
                                               guint                       n_samples,
                                               const char          *const *method_names,
                                               guint                       n_methods,
                                               const SlExplanation *const *maps,
                                               gboolean                    shared_scale,
                                               const SlFigureStyle        *style);
void     sl_comparison_figure_free            (SlComparisonFigure *fig);
void     sl_comparison_figure_get_size        (const SlComparisonFigure *fig,
                                               double                   *width,
                                               double                   *height);
void     sl_comparison_figure_draw            (const SlComparisonFigure *fig,
                                               cairo_t                  *cr,
                                               double                    width,
                                               double                    height);
gboolean sl_comparison_figure_export          (const SlComparisonFigure *fig,
                                               const char               *path,
                                               double                    width,
                                               double                    height,
                                               double                    dpi,
                                               GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlComparisonFigure, sl_comparison_figure_free)

G_END_DECLS
