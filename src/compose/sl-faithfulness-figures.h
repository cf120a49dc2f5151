/* sl-faithfulness-figures.h — the figures of the faithfulness metrics: average drop/increase per
 * method (a table or bars) and one sample's deletion/insertion curves per method. */
#pragma once

#include "compose/sl-sample-view.h"
#include "explain/sl-explain.h"
#include "explain/sl-faithfulness.h"

#include <cairo.h>

G_BEGIN_DECLS

typedef struct _SlFaithFigure SlFaithFigure;

/* `table` measured on `dataset_name` (copied); `method_names` are the table's methods' CLI names
 * (shown by their display names); bars: grouped bars instead of the table. `title` NULL:
 * "Faithfulness · MODEL_LABEL (N samples, F % kept)". */
SlFaithFigure *sl_faith_figure_new (const SlFaithTable *table, const char *const *method_names,
                                    const char *dataset_name, const char *model_label,
                                    gboolean bars, const char *title);

/* The deletion and insertion curves of `view`'s sample for each of `explanations` (n_steps steps;
 * 0: one per input position, at most 100). `title` NULL: "Sample I · CAPTION". */
SlFaithFigure *sl_deletion_figure_new (const SlModel *model, const SlSampleView *view,
                                       const SlExplanation *const *explanations,
                                       guint n_explanations, guint n_steps, const char *title,
                                       GError **error);

/* The mean deletion and insertion curves of each of `table`'s methods over its samples done, with
 * the mean AUCs in the legends; `unit` is what is removed ("points", "pixels"). NULL when the
 * table has no curves or no sample done. `title` NULL: "Mean deletion and insertion curves (N
 * samples)". */
SlFaithFigure *sl_faith_curves_figure_new (const SlFaithTable *table,
                                           const char *const *method_names, const char *unit,
                                           const char *title);

void sl_faith_figure_free (SlFaithFigure *fig);
void sl_faith_figure_get_size (const SlFaithFigure *fig, double *width, double *height);
void sl_faith_figure_draw (const SlFaithFigure *fig, cairo_t *cr, double width, double height);
/* width/height ≤ 0: the default size. */
gboolean sl_faith_figure_export (const SlFaithFigure *fig, const char *path, double width,
                                 double height, double dpi, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlFaithFigure, sl_faith_figure_free)

G_END_DECLS
