/* Writing a dataset to HDF5, block by block, into a temporary file renamed over the target. */
#include "sl-dataset-export.h"

#include "core/sl-error.h"
#include "core/sl-h5.h"

#include <string.h>

/* Samples per block: about 4 MiB of floats, at least one sample. */
#define BLOCK_BYTES ((gsize) 4 << 20)

typedef struct
{
  SlDataset *dataset;
  const char *path;
  gsize n; /* samples written */
  SlDatasetExportProgress progress;
  gpointer progress_data;
  GCancellable *cancellable;
} Export;

/* A float32 dataset `name` of `rank` dims, created empty (blocks are written into it). */
static hid_t
create_floats (hid_t loc, const char *name, guint rank, const hsize_t *dims)
{
  hid_t space = H5Screate_simple ((int) rank, dims, NULL);
  hid_t ds = space >= 0 ? H5Dcreate2 (loc, name, H5T_IEEE_F32LE, space, H5P_DEFAULT, H5P_DEFAULT,
                                      H5P_DEFAULT)
                        : H5I_INVALID_HID;
  if (space >= 0)
    H5Sclose (space);
  return ds;
}

/* Writes `count` rows from row `first` of `ds` (rank dims) from `buf`. */
static gboolean
write_rows (hid_t ds, guint rank, const hsize_t *dims, hsize_t first, hsize_t count,
            const float *buf)
{
  hsize_t start[SL_H5_MAX_RANK] = { first }, block[SL_H5_MAX_RANK];
  memcpy (block, dims, rank * sizeof (hsize_t));
  block[0] = count;
  hid_t file_space = H5Dget_space (ds);
  hid_t mem_space = H5Screate_simple ((int) rank, block, NULL);
  const gboolean ok
    = file_space >= 0 && mem_space >= 0
      && H5Sselect_hyperslab (file_space, H5S_SELECT_SET, start, NULL, block, NULL) >= 0
      && H5Dwrite (ds, H5T_NATIVE_FLOAT, mem_space, file_space, H5P_DEFAULT, buf) >= 0;
  if (mem_space >= 0)
    H5Sclose (mem_space);
  if (file_space >= 0)
    H5Sclose (file_space);
  return ok;
}

/* `names` as a 1-D dataset of variable-length UTF-8 strings. */
static gboolean
write_strings (hid_t loc, const char *name, char **names)
{
  const hsize_t n = g_strv_length (names);
  hid_t type = H5Tcopy (H5T_C_S1);
  H5Tset_size (type, H5T_VARIABLE);
  H5Tset_cset (type, H5T_CSET_UTF8);
  hid_t space = H5Screate_simple (1, &n, NULL);
  hid_t ds = H5Dcreate2 (loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  const gboolean ok = ds >= 0 && H5Dwrite (ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, names) >= 0;
  if (ds >= 0)
    H5Dclose (ds);
  H5Sclose (space);
  H5Tclose (type);
  return ok;
}

/* The `regions` group; it keeps its links' creation order, so that the reader finds the regions
 * in the dataset's order. */
static hid_t
create_regions_group (hid_t file)
{
  hid_t gcpl = H5Pcreate (H5P_GROUP_CREATE);
  H5Pset_link_creation_order (gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
  hid_t group = H5Gcreate2 (file, "regions", H5P_DEFAULT, gcpl, H5P_DEFAULT);
  H5Pclose (gcpl);
  return group;
}

static gboolean
write_labels (hid_t file, const Export *e, GError **error)
{
  const SlDataset *ds = e->dataset;
  for (gsize i = 0; i < e->n; i++)
    if (ds->labels[i] < 0)
      return TRUE; /* unlabelled: no `y` */
  g_autofree gint64 *y = g_new (gint64, e->n);
  for (gsize i = 0; i < e->n; i++)
    y[i] = ds->labels[i];
  const hsize_t dims[1] = { e->n };
  return sl_h5_write_int64s (file, "y", 1, dims, y, error);
}

/* x and every region, block by block. */
static gboolean
write_samples (hid_t file, const Export *e, GError **error)
{
  SlDataset *ds = e->dataset;
  const gsize size = sl_dataset_sample_size (ds), rsize = sl_dataset_region_size (ds);
  const guint n_regions = ds->n_regions;
  hsize_t xdims[SL_H5_MAX_RANK] = { e->n }, rdims[SL_H5_MAX_RANK] = { e->n };
  for (guint i = 0; i < ds->rank; i++)
    xdims[i + 1] = ds->shape[i];
  /* Every axis but the channels. */
  const guint rrank = ds->rank;
  for (guint i = 0; i + 1 < ds->rank; i++)
    rdims[i + 1] = ds->shape[i];

  g_autofree hid_t *sets = g_new (hid_t, n_regions + 1);
  guint n_open = 0;
  hid_t group = H5I_INVALID_HID;
  gboolean ok = (sets[n_open++] = create_floats (file, "x", ds->rank + 1, xdims)) >= 0;
  if (ok && n_regions > 0)
    ok = (group = create_regions_group (file)) >= 0;
  for (guint r = 0; ok && r < n_regions; r++)
    ok = (sets[n_open++] = create_floats (group, ds->region_names[r], rrank, rdims)) >= 0;
  if (!ok)
    g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: cannot create the datasets", e->path);

  const gsize per_block = MAX (BLOCK_BYTES / (sizeof (float) * MAX (size, 1)), 1);
  const gsize block = MIN (per_block, e->n);
  g_autofree float *x = ok ? g_try_new (float, block * size) : NULL;
  g_autofree float *w = ok ? g_try_new (float, block * MAX (rsize, 1)) : NULL;
  if (ok && (!x || !w))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: out of memory for a block of samples",
                   e->path);
      ok = FALSE;
    }
  for (gsize first = 0; ok && first < e->n; first += block)
    {
      const gsize count = MIN (block, e->n - first);
      if (g_cancellable_is_cancelled (e->cancellable))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_CANCELLED, "%s: export cancelled", e->path);
          ok = FALSE;
          break;
        }
      ok = sl_dataset_get_batch (ds, first, count, x, error);
      if (!ok)
        g_prefix_error (error, "%s: cannot export: ", e->path);
      if (ok && !write_rows (sets[0], ds->rank + 1, xdims, first, count, x))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: cannot write the samples", e->path);
          ok = FALSE;
        }
      for (guint r = 0; ok && r < n_regions; r++)
        {
          for (gsize i = 0; ok && i < count; i++)
            ok = sl_dataset_get_region (ds, first + i, r, w + i * rsize, error);
          if (!ok)
            g_prefix_error (error, "%s: cannot export: ", e->path);
          if (ok && !write_rows (sets[r + 1], rrank, rdims, first, count, w))
            {
              g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: cannot write region '%s'", e->path,
                           ds->region_names[r]);
              ok = FALSE;
            }
        }
      if (ok && e->progress)
        e->progress (first + count, e->n, e->progress_data);
    }
  for (guint i = 0; i < n_open; i++)
    if (sets[i] >= 0)
      H5Dclose (sets[i]);
  if (group >= 0)
    H5Gclose (group);
  return ok;
}

static gboolean
fill_file (hid_t file, gpointer data, GError **error)
{
  const Export *e = data;
  const SlDataset *ds = e->dataset;
  if (!write_samples (file, e, error))
    return FALSE;
  if (ds->n_classes > 0 && !write_strings (file, "class_names", ds->class_names))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: cannot write the class names", e->path);
      return FALSE;
    }
  if (!write_labels (file, e, error) || !sl_h5_write_string_attr (file, "source", ds->name, error))
    {
      g_prefix_error (error, "%s: ", e->path);
      return FALSE;
    }
  return TRUE;
}

/* Region names become link names in the file: no '/', not "." and not empty. The reader takes
 * N × L for signals of rank 2 (L, C): a rank-1 sample has no axis to hold a region. */
static gboolean
check_region_names (const SlDataset *ds, const char *path, GError **error)
{
  if (ds->n_regions > 0 && ds->rank < 2)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "%s: the regions of %s cannot be stored: its samples have no channel axis",
                   path, ds->name);
      return FALSE;
    }
  for (guint r = 0; r < ds->n_regions; r++)
    {
      const char *name = ds->region_names[r];
      if (!*name || strchr (name, '/') || !strcmp (name, "."))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                       "%s: region '%s' of %s cannot be stored under that name (it must not be "
                       "empty, \".\" or contain '/')", path, name, ds->name);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
sl_dataset_export_h5 (SlDataset *dataset, const char *path, gsize limit,
                      SlDatasetExportProgress progress, gpointer progress_data,
                      GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (dataset && path, FALSE);
  const gsize n = limit ? MIN (limit, dataset->n_samples) : dataset->n_samples;
  if (n == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "%s: %s has no samples to export", path,
                   dataset->name);
      return FALSE;
    }
  if (!check_region_names (dataset, path, error))
    return FALSE;
  Export e = {
    .dataset = dataset,
    .path = path,
    .n = n,
    .progress = progress,
    .progress_data = progress_data,
    .cancellable = cancellable,
  };
  return sl_h5_write_file (path, fill_file, &e, error);
}
