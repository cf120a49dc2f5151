/* sl-dataset-array.h — an unlabelled dataset over samples already in memory (a command's input
 * array, run as a job), optionally with ground-truth regions. */
#pragma once

#include "datasets/sl-dataset.h"

G_BEGIN_DECLS

/* `n` samples of `rank` dims `shape` in `x` (n × the sample size, float32; the dataset takes it
 * over and frees it with g_free). No classes; every label is -1. */
SlDataset *sl_dataset_new_for_array       (const char        *name,
                                           float             *x,
                                           gsize              n,
                                           guint              rank,
                                           const gsize       *shape);

/* Gives a dataset of sl_dataset_new_for_array `n_regions` ground-truth regions, replacing any it
 * had: `names` (distinct, non-empty) and `weights`, region after region, each n_samples ×
 * sl_dataset_region_size values in [0, 1] (copied). FALSE with an error naming the dataset and
 * the region for a bad name or value; the dataset is then left as it was. */
gboolean   sl_dataset_array_set_regions   (SlDataset         *self,
                                           const char *const *names,
                                           guint              n_regions,
                                           const float       *weights,
                                           GError           **error);

/* FALSE with an error naming `where` (a dataset or file), the region, the sample and the position
 * when one of `weights` (n_samples × size) is not a number in [0, 1]. */
gboolean   sl_dataset_array_check_weights (const char        *where,
                                           const char        *region,
                                           const float       *weights,
                                           gsize              n_samples,
                                           gsize              size,
                                           GError           **error);

G_END_DECLS
