/* sl-dataset-csv.h — datasets of 1-D signals in MNIST-1D style CSV files (label, then values). */
#pragma once

#include <glib.h>

#include "datasets/sl-dataset.h"

G_BEGIN_DECLS

/* Opens and fully reads a CSV file: one sample per row, the first column the integer label (≥ 0),
 * the rest the signal's values (the same count on every row). Fields are separated by commas (or
 * tabs or semicolons, judged from the first row); a first row whose first field is not a number is
 * a header. Blank lines are skipped. Samples have shape (L, 1); classes are "0" … the largest
 * label. Errors name the file, line and column. */
SlDataset *sl_dataset_csv_open (const char *path,
                                GError    **error);

G_END_DECLS
