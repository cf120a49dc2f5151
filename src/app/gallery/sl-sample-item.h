/* sl-sample-item.h — one gallery sample as a GObject: index, true and predicted class, confidence.
 */
#pragma once

#include "compose/sl-predictions.h"

#include <glib-object.h>

G_BEGIN_DECLS

#define SL_TYPE_SAMPLE_ITEM (sl_sample_item_get_type ())
G_DECLARE_FINAL_TYPE (SlSampleItem, sl_sample_item, SL, SAMPLE_ITEM, GObject)

/* Sample `index` with its prediction in `predictions` (may be NULL: no prediction yet). */
SlSampleItem *sl_sample_item_new (gsize index, const SlPredictions *predictions);
/* Re-reads the prediction; notifies only the properties that changed. */
void sl_sample_item_update (SlSampleItem *self, const SlPredictions *predictions);

gsize sl_sample_item_get_index (SlSampleItem *self);
/* True class, or −1. */
int sl_sample_item_get_label (SlSampleItem *self);
/* −1 before the prediction. */
int sl_sample_item_get_predicted (SlSampleItem *self);
double sl_sample_item_get_confidence (SlSampleItem *self);
gboolean sl_sample_item_get_has_prediction (SlSampleItem *self);
gboolean sl_sample_item_get_wrong (SlSampleItem *self);

G_END_DECLS
