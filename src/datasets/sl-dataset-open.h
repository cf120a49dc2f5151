/* sl-dataset-open.h — opens a dataset named by a CLI string: built-in, HDF5, CSV, image folder. */
#pragma once

#include <glib.h>

#include "datasets/images/sl-image-folder.h"
#include "datasets/sl-dataset.h"
#include "datasets/sl-mnist1d.h"
#include "datasets/sl-shapes.h"

G_BEGIN_DECLS

typedef struct
{
  const SlImageFolderOptions *image;   /* for image folders; NULL: the defaults */
  const SlMnist1dParams      *mnist1d; /* for the built-in MNIST-1D; NULL: the defaults */
  const SlShapesParams       *shapes;  /* for the built-in shapes (the name sets .shortcut); NULL:
                                        * the defaults */
} SlDatasetOpenOptions;

/* `spec` is one of:
 *   mnist1d, mnist1d:test, mnist1d:train  the built-in generator (the test split by default);
 *   shapes, shapes:test, shapes:train     the built-in shapes (sl-shapes.h; test split by default);
 *   shapes-shortcut[:test | :train]       the shapes with class marks in a corner (a shortcut);
 *   any of these with @key=value,…        a variant of the generator, the split before or after:
 *                                         mnist1d:train@seed=7, shapes-shortcut@size=48:train;
 *   FILE.h5 / FILE.hdf5 [:train | :test]  an HDF5 dataset file (see sl-dataset-h5.h);
 *   FILE.csv                              a CSV of labelled 1-D signals (see sl-dataset-csv.h);
 *   FOLDER                                a folder of class subfolders of images.
 * A file with another extension is opened as HDF5 if it is one. A generator's name wins over a file
 * of that name ("./shapes" opens the file). `options` may be NULL. */
SlDataset *sl_dataset_open (const char                 *spec,
                            const SlDatasetOpenOptions *options,
                            GError                    **error);

G_END_DECLS
