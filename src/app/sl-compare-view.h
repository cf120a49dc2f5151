/* sl-compare-view.h — samples × methods in one grid (the course's comparison figure), each cell
 * computed as a job and filled in as it finishes, on one shared colour scale or one per map. */
#pragma once

#include "sl-figure-view.h"
#include "sl-session.h"

#include <adwaita.h>

G_BEGIN_DECLS

#define SL_TYPE_COMPARE_VIEW (sl_compare_view_get_type ())
G_DECLARE_FINAL_TYPE (SlCompareView, sl_compare_view, SL, COMPARE_VIEW, GtkWidget)

void      sl_compare_view_set_session        (SlCompareView *self,
                                              SlSession     *session);
/* The gallery's selection: the grid's only row while no sample is pinned. */
void      sl_compare_view_set_current_sample (SlCompareView *self,
                                              gssize         index);
/* Pinned samples are the grid's rows, in pinning order (at most 8). */
gboolean  sl_compare_view_pin_sample         (SlCompareView *self,
                                              gsize          index);
void      sl_compare_view_unpin_sample       (SlCompareView *self,
                                              gsize          index);
void      sl_compare_view_clear_pins         (SlCompareView *self);
/* The columns, by CLI name (unknown names are skipped; at most 8). */
void      sl_compare_view_set_methods        (SlCompareView     *self,
                                              const char *const *names);
char    **sl_compare_view_dup_methods        (SlCompareView *self);
void      sl_compare_view_set_shared_scale   (SlCompareView *self,
                                              gboolean       shared);
/* Cells still computing. */
guint     sl_compare_view_get_n_pending      (SlCompareView *self);
gboolean  sl_compare_view_is_busy            (SlCompareView *self);
SlFigureView *sl_compare_view_get_figure_view (SlCompareView *self);
gboolean  sl_compare_view_export             (SlCompareView *self,
                                              const char    *path,
                                              double         width,
                                              double         height,
                                              double         dpi,
                                              GError       **error);
void      sl_compare_view_set_presentation   (SlCompareView *self,
                                              gboolean       presentation);
/* Colour-blind-safe, more opaque maps (SlFigureStyle.high_contrast). */
void      sl_compare_view_set_high_contrast  (SlCompareView *self,
                                              gboolean       high_contrast);
/* The dataset's ground truth on the figure (SlFigureStyle.show_regions; on by default). */
void      sl_compare_view_set_show_regions   (SlCompareView *self,
                                              gboolean       show_regions);

/* Signals: ::state-changed (); ::error (GError*). Property "busy". */

G_END_DECLS
