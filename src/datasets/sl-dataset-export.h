/* sl-dataset-export.h — writes any dataset, ground-truth regions included, to an HDF5 file that
 * sl_dataset_h5_open reads back (the generic layout). */
#pragma once

#include <gio/gio.h>

#include "datasets/sl-dataset.h"

G_BEGIN_DECLS

/* Called after each block of samples with the samples written so far. */
typedef void (*SlDatasetExportProgress) (gsize    done,
                                         gsize    total,
                                         gpointer user_data);

/* Writes the first `limit` samples of `dataset` (0: all of them) to `path`:
 *   x             N × the sample shape, float32
 *   y             N labels, int64 (left out when a label is unknown, −1)
 *   class_names   the class names, a 1-D UTF-8 string dataset (left out when there are none)
 *   regions/NAME  one float32 dataset per ground-truth region, N × the spatial shape (N × L for
 *                 signals, N × H × W for images), in the dataset's order of regions
 *   and a root attribute `source`, the dataset's name.
 * The file is written atomically (a temporary file renamed over `path`): on failure or
 * cancellation an existing file is left as it was. Samples are read and written a block at a time:
 * `progress` (may be NULL) is called after each block, `cancellable` (may be NULL) stops the
 * export with SL_ERROR_CANCELLED between blocks. Errors name the file. */
gboolean sl_dataset_export_h5 (SlDataset               *dataset,
                               const char              *path,
                               gsize                    limit,
                               SlDatasetExportProgress  progress,
                               gpointer                 progress_data,
                               GCancellable            *cancellable,
                               GError                 **error);

G_END_DECLS
