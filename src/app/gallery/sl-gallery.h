/* sl-gallery.h — the sample gallery: a virtualised grid of thumbnails with their true class,
 * predicted class and confidence, filters, orders and jump-to-index. */
#pragma once

#include "compose/sl-predictions.h"
#include "datasets/sl-dataset.h"

#include <adwaita.h>

G_BEGIN_DECLS

#define SL_TYPE_GALLERY (sl_gallery_get_type ())
G_DECLARE_FINAL_TYPE (SlGallery, sl_gallery, SL, GALLERY, GtkWidget)

GtkWidget *sl_gallery_new (void);

/* Shows `dataset` with `predictions` (both borrowed: SlDataset has no reference count, so the
 * caller keeps them alive until the next set_data, and calls predictions_changed as batches
 * arrive). `class_names`: n_classes names (copied). NULL dataset: empty. */
void sl_gallery_set_data (SlGallery *self, SlDataset *dataset, const SlPredictions *predictions,
                          const char *const *class_names);
/* Samples [first, first + n) got their predictions: badges update, filters re-apply. */
void sl_gallery_predictions_changed (SlGallery *self, gsize first, gsize n);

/* The selected sample, or −1. Selecting scrolls to it (clearing a filter that hides it). */
gssize sl_gallery_get_selected (SlGallery *self);
void sl_gallery_select (SlGallery *self, gsize index);
/* Filters and orders (also settable from the gallery's own controls). */
void sl_gallery_set_filter (SlGallery *self, const SlSampleFilter *filter);
void sl_gallery_get_filter (SlGallery *self, SlSampleFilter *filter);
void sl_gallery_set_order (SlGallery *self, SlSampleOrder order);
/* Samples shown with the current filter, and the i-th of them. */
gsize sl_gallery_get_n_shown (SlGallery *self);
gsize sl_gallery_get_shown (SlGallery *self, gsize position);
/* Moves the selection to the next/previous wrong prediction (step ±1). */
gboolean sl_gallery_select_next_wrong (SlGallery *self, int step);

/* Signals: ::sample-selected (guint64 index) when the user (or sl_gallery_select) changes the
 * selection. Properties: "selected" (gint64), "n-shown" (guint64). */

G_END_DECLS
