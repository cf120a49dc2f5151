/* sl-localisation-figure.h — the localisation metrics of several methods (pointing game, relevance
 * mass, relevance rank accuracy) as grouped bars, the same for the window, the CLI and export. */
#pragma once

#include "checks/sl-localisation.h"

#include <cairo.h>

G_BEGIN_DECLS

typedef struct _SlLocalisationFigure SlLocalisationFigure;

/* Bars in percent, one group per method of `table`, one bar per metric. `method_names` are the
 * methods' CLI names (shown by their display names; NULL: the table's own names). `title` NULL:
 * "Localisation · DATASET, region REGION (N samples)". Everything is copied. */
SlLocalisationFigure *sl_localisation_figure_new    (const SlLocalisationTable *table,
                                                     const char *const         *method_names,
                                                     const char                *title);
void                  sl_localisation_figure_free   (SlLocalisationFigure *fig);
void                  sl_localisation_figure_get_size (const SlLocalisationFigure *fig,
                                                       double                     *width,
                                                       double                     *height);
void                  sl_localisation_figure_draw   (const SlLocalisationFigure *fig,
                                                     cairo_t                    *cr,
                                                     double                      width,
                                                     double                      height);
/* PNG / SVG / PDF by extension (sl_export_figure); width/height ≤ 0: the default size. */
gboolean              sl_localisation_figure_export (const SlLocalisationFigure *fig,
                                                     const char                 *path,
                                                     double                      width,
                                                     double                      height,
                                                     double                      dpi,
                                                     GError                    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlLocalisationFigure, sl_localisation_figure_free)

G_END_DECLS
