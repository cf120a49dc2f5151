/* sl-dataset-h5.h — datasets stored in HDF5 files: the MNIST-1D layout or a generic x / y one. */
#pragma once

#include <glib.h>

#include "datasets/sl-dataset.h"

G_BEGIN_DECLS

/* Which part of a file with a train/test split to use. */
typedef enum
{
  SL_DATASET_SPLIT_DEFAULT, /* the test split of a file that has one, else the whole file */
  SL_DATASET_SPLIT_TRAIN,
  SL_DATASET_SPLIT_TEST,
} SlDatasetSplit;

/* Opens and fully reads an HDF5 dataset file. Layouts:
 *  - MNIST-1D (the file has `x_test`): `x`, `y` are the training split, `x_test`, `y_test` the
 *    test split; classes "0" … "9" unless the file names them;
 *  - generic: `x` (N × sample shape, numeric), optional `y` (N integer labels in [0, classes)),
 *    optional `class_names` (a string array attribute or dataset of the root; a single string
 *    attribute may hold a JSON array, or names separated by newlines or commas), optional group
 *    `regions`: one numeric dataset per ground-truth region, named after it, N × the spatial shape
 *    (N × L for signals, N × H × W for images), every value in [0, 1] (at most 64 regions, in the
 *    group's creation order where it keeps one, else by name). sl_dataset_export_h5 writes it.
 * Samples of N × L become (L, 1); N × L × C stay (L, C); N × H × W × C give images (H, W, C).
 * Values are read as float32 and must be finite. `split` other than DEFAULT needs the MNIST-1D
 * layout. */
SlDataset *sl_dataset_h5_open (const char     *path,
                               SlDatasetSplit  split,
                               GError        **error);

G_END_DECLS
