/* sl-explore-view.h — one sample large with its explanation over it, and the controls that choose
 * the method, layer, score, class, parameters and how the map is drawn. */
#pragma once

#include "compose/sl-explanation-figure.h"
#include "sl-figure-view.h"
#include "sl-session.h"

#include <adwaita.h>

G_BEGIN_DECLS

#define SL_TYPE_EXPLORE_VIEW (sl_explore_view_get_type ())
G_DECLARE_FINAL_TYPE (SlExploreView, sl_explore_view, SL, EXPLORE_VIEW, GtkWidget)

void          sl_explore_view_set_session   (SlExploreView *self,
                                             SlSession     *session);
/* Keeps the display and method choices in `settings` (may be NULL). */
void          sl_explore_view_set_settings  (SlExploreView *self,
                                             GSettings     *settings);
/* Shows sample `index` of the session's dataset (−1: none). */
void          sl_explore_view_show_sample   (SlExploreView *self,
                                             gssize         index);
gssize        sl_explore_view_get_sample    (SlExploreView *self);

/* By CLI name; FALSE for an unknown method. */
gboolean      sl_explore_view_set_method    (SlExploreView *self,
                                             const char    *name);
const char   *sl_explore_view_get_method    (SlExploreView *self);
/* A layer by name (NULL or "": the method's default); FALSE when the model has no such layer or
 * the method cannot use it. */
gboolean      sl_explore_view_set_layer     (SlExploreView *self,
                                             const char    *name);
/* "logit", "prob" or NULL (the method's own). */
gboolean      sl_explore_view_set_score     (SlExploreView *self,
                                             const char    *score);
/* A class to explain (−1: the predicted one). */
gboolean      sl_explore_view_set_target    (SlExploreView *self,
                                             int            target);
/* Sets one method parameter from text ("num_perturb", "100"). */
gboolean      sl_explore_view_set_param     (SlExploreView *self,
                                             const char    *name,
                                             const char    *value,
                                             GError       **error);
/* Runs the explanation now (slow methods wait for this unless autorun is on); cancels it. */
void          sl_explore_view_run           (SlExploreView *self);
void          sl_explore_view_cancel        (SlExploreView *self);
void          sl_explore_view_set_autorun   (SlExploreView *self,
                                             gboolean       autorun);

/* Whether a sample or an explanation is being computed. */
gboolean      sl_explore_view_is_busy       (SlExploreView *self);
/* The explanation shown, or NULL (not computed yet, or waiting to be run). */
const SlExplanation *sl_explore_view_get_explanation (SlExploreView *self);
SlFigureView *sl_explore_view_get_figure_view (SlExploreView *self);
/* The request of what is shown, as the CLI's explain options would state it. */
void          sl_explore_view_get_request   (SlExploreView    *self,
                                             SlExplainRequest *req);
void          sl_explore_view_get_style     (SlExploreView *self,
                                             SlFigureStyle *style);
/* The figure as shown, to a PNG/SVG/PDF file (size ≤ 0: the default size). */
gboolean      sl_explore_view_export        (SlExploreView *self,
                                             const char    *path,
                                             double         width,
                                             double         height,
                                             double         dpi,
                                             GError       **error);
/* Larger text and lines in the figure. */
void          sl_explore_view_set_presentation (SlExploreView *self,
                                                gboolean       presentation);
/* Colour-blind-safe, more opaque maps (SlFigureStyle.high_contrast). */
void          sl_explore_view_set_high_contrast (SlExploreView *self,
                                                 gboolean       high_contrast);

/* The sample's ground truth on the figure (SlFigureStyle.show_regions; TRUE by default). */
void          sl_explore_view_set_show_regions (SlExploreView *self,
                                                gboolean       show_regions);
gboolean      sl_explore_view_get_show_regions (SlExploreView *self);
/* The sample shown, once loaded (NULL before). */
const SlSampleView *sl_explore_view_get_sample_view (SlExploreView *self);
/* What the ground-truth row says ("Ground truth: digit, points 12–19"), or NULL when the sample
 * has none. */
char         *sl_explore_view_dup_truth_text   (SlExploreView *self);

/* Signals: ::state-changed () when busy, the explanation or the figure change; ::error (GError*)
 * when an explanation fails. Property "busy". */

G_END_DECLS
