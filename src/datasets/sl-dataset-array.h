/* sl-dataset-array.h — an unlabelled dataset over samples already in memory (a command's input
 * array, run as a job). */
#pragma once

#include "datasets/sl-dataset.h"

G_BEGIN_DECLS

/* `n` samples of `rank` dims `shape` in `x` (n × the sample size, float32; the dataset takes it
 * over and frees it with g_free). No classes; every label is -1. */
SlDataset *sl_dataset_new_for_array (const char *name, float *x, gsize n, guint rank,
                                     const gsize *shape);

G_END_DECLS
