/* sl-dataset.h — a labelled, ordered collection of samples that loads each sample on demand. */

/* Concurrency: a dataset is read-only once opened; sl_dataset_get_sample may be called from several
 * threads at once (every kind guarantees it: HDF5 and CSV files are read whole at open, so no libhdf5
 * call happens afterwards; image folders guard their cache with a lock and decode outside it). It is
 * reference-counted: whoever keeps it past the caller's lifetime (a job) takes a reference. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SlDataset SlDataset;

/* What a kind of dataset implements. `get_sample` writes one sample (float32, channels-last, the
 * dataset's sample shape) to `out`; it may be called from several threads at once. */
typedef struct
{
  const char *kind; /* "mnist1d", "hdf5", "csv", "image-folder" … */
  gboolean (*get_sample) (SlDataset *self, gsize index, float *out, GError **error);
  void (*finalize) (SlDataset *self);
  /* Ground truth (NULL when the kind has none): region `region` (< n_regions) of sample `index` as
   * one weight in [0, 1] per spatial position (sl_dataset_region_size values); may be called from
   * several threads at once. */
  gboolean (*get_region) (SlDataset *self, gsize index, guint region, float *out, GError **error);
} SlDatasetClass;

struct _SlDataset
{
  const SlDatasetClass *klass;
  char *name;          /* what a person would call it: a file name, "MNIST-1D (test)" … */
  gsize n_samples;
  guint rank;          /* 2 for a 1-D signal (L, C), 3 for an image (H, W, C) */
  gsize shape[3];
  guint n_classes;
  char **class_names;  /* n_classes entries, NULL-terminated */
  gint *labels;        /* n_samples entries; -1 where unknown */
  guint n_regions;     /* ground-truth regions every sample has (0: none) */
  char **region_names; /* n_regions entries, NULL-terminated (NULL when none): "digit", "object",
                        * "mark" … */
  gpointer priv;       /* the kind's own state, freed by klass->finalize */
  gint extra_refs;     /* references beyond the first (sl_dataset_ref); 0 for a new dataset */
};

/* For implementations: a new dataset with the common fields zeroed. */
SlDataset  *sl_dataset_new_base       (const SlDatasetClass *klass,
                                       const char           *name);

/* Drops a reference: frees the dataset with the last one (g_autoptr (SlDataset) drops one too). */
void        sl_dataset_free           (SlDataset *self);
SlDataset  *sl_dataset_ref            (SlDataset *self);
void        sl_dataset_unref          (SlDataset *self);

/* Elements in one sample (product of the shape). */
gsize       sl_dataset_sample_size    (const SlDataset *self);

gboolean    sl_dataset_get_sample     (SlDataset *self,
                                       gsize      index,
                                       float     *out,
                                       GError   **error);
/* Samples [first, first + count) into `out` (count × sample size). */
gboolean    sl_dataset_get_batch      (SlDataset *self,
                                       gsize      first,
                                       gsize      count,
                                       float     *out,
                                       GError   **error);

/* Ground truth. A region of a sample is a weight in [0, 1] per spatial position — L values for a
 * 1-D signal (L, C), H × W row-major for an image (H, W, C) — and a position lies inside the region
 * when its weight is > 0. Built-in sets know theirs (MNIST-1D: "digit", the points that come from
 * the template; the shapes set: "object", and "mark" for its shortcut variant); HDF5 files may
 * carry them (sl-dataset-h5.h). */
gsize       sl_dataset_region_size    (const SlDataset *self);
/* The index of region `name`, or -1 (also when the dataset has no regions). */
int         sl_dataset_find_region    (const SlDataset *self,
                                       const char      *name);
/* Writes region `region` of sample `index` to `out` (sl_dataset_region_size values); FALSE with an
 * error naming the dataset when the sample or region does not exist. */
gboolean    sl_dataset_get_region     (SlDataset *self,
                                       gsize      index,
                                       guint      region,
                                       float     *out,
                                       GError   **error);

/* Checks that samples fit a model input of `rank` dims `shape` (no batch dimension); the error says
 * which dataset and model shapes disagree. */
gboolean    sl_dataset_check_shape    (const SlDataset *self,
                                       guint            rank,
                                       const gsize     *shape,
                                       GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlDataset, sl_dataset_free)

G_END_DECLS
