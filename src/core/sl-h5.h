/* sl-h5.h — small, defensive helpers over libhdf5: open files, read and write arrays and strings. */
#pragma once

#include <glib.h>
#include <hdf5.h>

G_BEGIN_DECLS

#define SL_H5_MAX_RANK 8

/* The largest array (in elements) we agree to read: a damaged header must not make us allocate TiB. */
#define SL_H5_MAX_ELEMENTS ((hsize_t) 1 << 31)

/* Bytes a dataset may declare without the file storing them (beyond, its storage must back them). */
#define SL_H5_UNBACKED_BYTES ((guint64) 1 << 24)

/* Opens a regular file for reading, then runs sl_h5_precheck on it. */
hid_t     sl_h5_open_read           (const char   *path,
                                     GError      **error);
/* FALSE (with an error naming the file) for damage to `file`'s global heap that would hang or crash
 * libhdf5 itself; `file` is open but none of its variable-length data has been read. */
gboolean  sl_h5_precheck            (hid_t         file,
                                     const char   *path,
                                     GError      **error);
/* The same for a whole HDF5 file held in memory and opened from it (`path_for_errors` names it). */
gboolean  sl_h5_precheck_data       (hid_t         file,
                                     const guint8 *data,
                                     gsize         len,
                                     const char   *path_for_errors,
                                     GError      **error);
hid_t     sl_h5_open_image          (const guint8 *data,
                                     gsize         len,
                                     const char   *path_for_errors,
                                     GError      **error);
/* A new file in memory only; sl_h5_dup_image takes its bytes. */
hid_t     sl_h5_create_in_memory    (const char   *path_for_errors,
                                     GError      **error);
GBytes   *sl_h5_dup_image           (hid_t         file,
                                     const char   *path_for_errors,
                                     GError      **error);
hid_t     sl_h5_create              (const char   *path,
                                     GError      **error);
void      sl_h5_close               (hid_t         file);

/* Fills a new HDF5 file; FALSE with `error` set on failure. */
typedef gboolean (*SlH5FillFunc)    (hid_t         file,
                                     gpointer      data,
                                     GError      **error);
/* Creates `path` atomically (sl_atomic_write): `fill` writes a temporary file, which replaces
 * `path` only when it is complete and closed. */
gboolean  sl_h5_write_file          (const char   *path,
                                     SlH5FillFunc  fill,
                                     gpointer      data,
                                     GError      **error);

gboolean  sl_h5_exists              (hid_t         loc,
                                     const char   *name);

/* FALSE (with an error) when any link on the way to `name` leads to another file: libhdf5 would
 * follow external links; a model or a dataset is read from its own file only. */
gboolean  sl_h5_check_links         (hid_t         loc,
                                     const char   *name,
                                     const char   *path_for_errors,
                                     GError      **error);

/* The shape of a dataset, without reading it. */
gboolean  sl_h5_dataset_shape       (hid_t         loc,
                                     const char   *name,
                                     const char   *path_for_errors,
                                     guint        *rank,
                                     hsize_t       dims[SL_H5_MAX_RANK],
                                     GError      **error);

/* Reads a whole numeric dataset converted to float32 / float64 / int64. `dims` receives the shape. */
float    *sl_h5_read_floats         (hid_t         loc,
                                     const char   *name,
                                     const char   *path_for_errors,
                                     guint        *rank,
                                     hsize_t       dims[SL_H5_MAX_RANK],
                                     GError      **error);
double   *sl_h5_read_doubles        (hid_t         loc,
                                     const char   *name,
                                     const char   *path_for_errors,
                                     guint        *rank,
                                     hsize_t       dims[SL_H5_MAX_RANK],
                                     GError      **error);
gint64   *sl_h5_read_int64s         (hid_t         loc,
                                     const char   *name,
                                     const char   *path_for_errors,
                                     guint        *rank,
                                     hsize_t       dims[SL_H5_MAX_RANK],
                                     GError      **error);

gboolean  sl_h5_write_floats        (hid_t         loc,
                                     const char   *name,
                                     guint         rank,
                                     const hsize_t dims[],
                                     const float  *data,
                                     GError      **error);
gboolean  sl_h5_write_doubles       (hid_t         loc,
                                     const char   *name,
                                     guint         rank,
                                     const hsize_t dims[],
                                     const double *data,
                                     GError      **error);
gboolean  sl_h5_write_int64s        (hid_t         loc,
                                     const char   *name,
                                     guint         rank,
                                     const hsize_t dims[],
                                     const gint64 *data,
                                     GError      **error);

/* A scalar string attribute (variable or fixed length). NULL with error when absent or not a string. */
char     *sl_h5_read_string_attr    (hid_t         obj,
                                     const char   *name,
                                     const char   *path_for_errors,
                                     GError      **error);
/* A 1-D string array attribute (as Keras' layer_names / weight_names); an empty numeric array (as h5py
 * writes for a layer without weights) gives an empty vector. */
char    **sl_h5_read_string_array_attr (hid_t       obj,
                                        const char *name,
                                        const char *path_for_errors,
                                        GError    **error);

gboolean  sl_h5_write_string_attr   (hid_t         obj,
                                     const char   *name,
                                     const char   *value,
                                     GError      **error);
gboolean  sl_h5_write_double_attr   (hid_t         obj,
                                     const char   *name,
                                     double        value,
                                     GError      **error);

G_END_DECLS
