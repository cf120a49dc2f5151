/* sl-sample-list.h — a GListModel of gallery samples: positions map to selected sample indices,
 * and items are made only when asked for (never one per sample up front). */
#pragma once

#include "compose/sl-predictions.h"

#include <gio/gio.h>

G_BEGIN_DECLS

#define SL_TYPE_SAMPLE_LIST (sl_sample_list_get_type ())
G_DECLARE_FINAL_TYPE (SlSampleList, sl_sample_list, SL, SAMPLE_LIST, GObject)

SlSampleList *sl_sample_list_new (void);
/* The predictions items read (borrowed; NULL: none). Items alive now are updated. */
void sl_sample_list_set_predictions (SlSampleList *self, const SlPredictions *predictions);
/* Replaces the shown indices (takes `indices`, n entries) and emits ::items-changed. */
void sl_sample_list_take_indices (SlSampleList *self, gsize *indices, gsize n);
/* The sample index at `position` (position < n). */
gsize sl_sample_list_get_index (SlSampleList *self, guint position);
/* The position of sample `index`, or −1 when it is not shown. */
gssize sl_sample_list_find (SlSampleList *self, gsize index);
/* Items alive now for samples [first, first + n) re-read their predictions. */
void sl_sample_list_refresh (SlSampleList *self, gsize first, gsize n);
/* Items alive now (the visible cells' and the selection's). */
guint sl_sample_list_get_n_alive (SlSampleList *self);

G_END_DECLS
