/* sl-sanity-figure.h — the figure of a cascading randomisation sanity check: one sample's map at
 * every step (the trained model, then each layer re-initialised) and the similarity curves. */
#pragma once

#include "checks/sl-sanity.h"
#include "compose/sl-explanation-figure.h"
#include "compose/sl-sample-view.h"

G_BEGIN_DECLS

typedef struct _SlSanityFigure SlSanityFigure;

/* The maps of `result`'s sample `sample` (< n_samples) over `view` (that sample, loaded from the
 * same model and dataset: its input must have the maps' size), drawn as the comparison grid draws
 * them (each map divided by its largest |value|, one colour bar), then the mean |Spearman| and SSIM
 * against step 0 per step. Steps not done (a partial result) are drawn empty. `style` may be NULL;
 * its title NULL: "METHOD · cascading randomisation · sample I". Everything is copied. NULL with an
 * error when the view does not fit the maps. */
SlSanityFigure *sl_sanity_figure_new      (const SlSanityResult *result,
                                           gsize                 sample,
                                           const SlSampleView   *view,
                                           const SlFigureStyle  *style,
                                           GError              **error);
void            sl_sanity_figure_free     (SlSanityFigure *fig);
/* The number of maps drawn (steps done + 1) and of points on the curves. */
guint           sl_sanity_figure_get_n_maps (const SlSanityFigure *fig);
void            sl_sanity_figure_get_size (const SlSanityFigure *fig,
                                           double               *width,
                                           double               *height);
void            sl_sanity_figure_draw     (const SlSanityFigure *fig,
                                           cairo_t              *cr,
                                           double                width,
                                           double                height);
/* PNG / SVG / PDF by extension (sl_export_figure); width/height ≤ 0: the default size. */
gboolean        sl_sanity_figure_export   (const SlSanityFigure *fig,
                                           const char           *path,
                                           double                width,
                                           double                height,
                                           double                dpi,
                                           GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlSanityFigure, sl_sanity_figure_free)

G_END_DECLS
