#include "sl-h5.h"

#include "sl-atomic.h"
#include "sl-error.h"
#include "sl-file-kind.h"
#include "sl-file.h"
#include "sl-text.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

static void
sl_h5_quiet (void)
{
  /* HDF5 prints its error stack to stderr by default; we report through GError instead. */
  H5Eset_auto2 (H5E_DEFAULT, NULL, NULL);
}

hid_t
sl_h5_open_read (const char *path, GError **error)
{
  sl_h5_quiet ();
  if (!sl_file_check_regular (path, error))
    return H5I_INVALID_HID;
  g_autofree char *shown = sl_text_dup_printable (path, SL_TEXT_NAME_MAX);
  htri_t is = H5Fis_hdf5 (path);
  if (is <= 0)
    {
      g_autofree char *kind = sl_file_kind_of_path (path);
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                   "%s: not an HDF5 file (or damaged beyond reading); it looks like %s", shown,
                   kind);
      return H5I_INVALID_HID;
    }
  hid_t f = H5Fopen (path, H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: the HDF5 file cannot be opened (damaged?)",
                   shown);
      return H5I_INVALID_HID;
    }
  if (!sl_h5_precheck (f, path, error))
    {
      H5Fclose (f);
      return H5I_INVALID_HID;
    }
  return f;
}

hid_t
sl_h5_create (const char *path, GError **error)
{
  sl_h5_quiet ();
  hid_t f = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (f < 0)
    {
      /* libhdf5 does not say why: ask the OS about the folder it had to write in. */
      g_autofree char *dir = g_path_get_dirname (path);
      const int err = g_file_test (path, G_FILE_TEST_IS_DIR) ? EISDIR
                      : g_access (dir, W_OK | X_OK) != 0    ? errno
                                                             : 0;
      g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: cannot create the HDF5 file (%s)", path,
                   err ? g_strerror (err) : "libhdf5 refused it");
    }
  return f;
}

typedef struct
{
  const char *path; /* the target, which messages name (not the temporary) */
  SlH5FillFunc fill;
  gpointer data;
} H5Fill;

static gboolean
h5_write_tmp (const char *tmp, gpointer data, GError **error)
{
  const H5Fill *w = data;
  const hid_t f = sl_h5_create (tmp, NULL);
  if (f < 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: cannot create the HDF5 file", w->path);
      return FALSE;
    }
  gboolean ok = w->fill (f, w->data, error);
  /* Closing flushes what libhdf5 still buffers: only then is the file complete. */
  if (H5Fclose (f) < 0 && ok)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: cannot finish writing the HDF5 file",
                   w->path);
      ok = FALSE;
    }
  return ok;
}

gboolean
sl_h5_write_file (const char *path, SlH5FillFunc fill, gpointer data, GError **error)
{
  H5Fill w = { path, fill, data };
  return sl_atomic_write (path, h5_write_tmp, &w, error);
}

hid_t
sl_h5_open_image (const guint8 *data, gsize len, const char *path, GError **error)
{
  static const guint8 sig[8] = { 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n' };
  sl_h5_quiet ();
  if (len < sizeof sig || memcmp (data, sig, sizeof sig) != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: not an HDF5 file; it looks like %s", path,
                   sl_file_kind_describe (data, len));
      return H5I_INVALID_HID;
    }
  /* The core driver without a backing store: the bytes never touch the disk. */
  hid_t fapl = H5Pcreate (H5P_FILE_ACCESS);
  hid_t f = H5I_INVALID_HID;
  if (fapl >= 0 && H5Pset_fapl_core (fapl, 1 << 16, FALSE) >= 0
      && H5Pset_file_image (fapl, (void *) data, len) >= 0)
    f = H5Fopen (path, H5F_ACC_RDONLY, fapl);
  if (fapl >= 0)
    H5Pclose (fapl);
  if (f < 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: the HDF5 file cannot be opened (damaged?)",
                   path);
      return f;
    }
  if (!sl_h5_precheck_data (f, data, len, path, error))
    {
      H5Fclose (f);
      return H5I_INVALID_HID;
    }
  return f;
}

hid_t
sl_h5_create_in_memory (const char *path, GError **error)
{
  sl_h5_quiet ();
  hid_t fapl = H5Pcreate (H5P_FILE_ACCESS);
  hid_t f = H5I_INVALID_HID;
  if (fapl >= 0 && H5Pset_fapl_core (fapl, 1 << 16, FALSE) >= 0)
    f = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  if (fapl >= 0)
    H5Pclose (fapl);
  if (f < 0)
    g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: cannot create an HDF5 file in memory", path);
  return f;
}

GBytes *
sl_h5_dup_image (hid_t file, const char *path, GError **error)
{
  sl_h5_quiet ();
  const ssize_t size
      = H5Fflush (file, H5F_SCOPE_GLOBAL) >= 0 ? H5Fget_file_image (file, NULL, 0) : -1;
  if (size > 0)
    {
      void *buf = g_malloc ((gsize) size);
      if (H5Fget_file_image (file, buf, (size_t) size) == size)
        return g_bytes_new_take (buf, (gsize) size);
      g_free (buf);
    }
  g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: cannot take the HDF5 file's bytes", path);
  return NULL;
}

void
sl_h5_close (hid_t file)
{
  if (file >= 0)
    H5Fclose (file);
}

gboolean
sl_h5_exists (hid_t loc, const char *name)
{
  sl_h5_quiet ();
  /* H5Lexists needs every intermediate group to exist: walk the path. */
  g_auto (GStrv) parts = g_strsplit (name, "/", -1);
  GString *prefix = g_string_new (NULL);
  gboolean ok = TRUE;
  for (guint i = 0; parts[i] && ok; i++)
    {
      if (!*parts[i])
        continue;
      if (prefix->len)
        g_string_append_c (prefix, '/');
      g_string_append (prefix, parts[i]);
      ok = H5Lexists (loc, prefix->str, H5P_DEFAULT) > 0;
    }
  g_string_free (prefix, TRUE);
  return ok;
}

/* libhdf5 follows external links into other files (and user-defined ones anywhere): a model or a
 * dataset is read from its own file only. */
gboolean
sl_h5_check_links (hid_t loc, const char *name, const char *path, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (name, "/", -1);
  g_autoptr (GString) prefix = g_string_new (NULL);
  for (guint i = 0; parts[i]; i++)
    {
      if (!*parts[i])
        continue;
      if (prefix->len)
        g_string_append_c (prefix, '/');
      g_string_append (prefix, parts[i]);
      H5L_info_t info;
      if (H5Lget_info (loc, prefix->str, &info, H5P_DEFAULT) >= 0 && info.type != H5L_TYPE_HARD
          && info.type != H5L_TYPE_SOFT)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                       "%s: '%s' is a link to another file; such links are not followed", path,
                       prefix->str);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
sl_h5_dataset_shape (hid_t loc, const char *name, const char *path, guint *rank,
                     hsize_t dims[SL_H5_MAX_RANK], GError **error)
{
  sl_h5_quiet ();
  if (!sl_h5_exists (loc, name))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: no dataset '%s'", path, name);
      return FALSE;
    }
  if (!sl_h5_check_links (loc, name, path, error))
    return FALSE;
  hid_t ds = H5Dopen2 (loc, name, H5P_DEFAULT);
  hid_t space = ds >= 0 ? H5Dget_space (ds) : -1;
  const int r = space >= 0 ? H5Sget_simple_extent_ndims (space) : -1;
  const gboolean ok = r >= 0 && r <= SL_H5_MAX_RANK && H5Sget_simple_extent_dims (space, dims, NULL) >= 0;
  if (space >= 0)
    H5Sclose (space);
  if (ds >= 0)
    H5Dclose (ds);
  if (!ok)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: '%s' is not a readable dataset", path, name);
      return FALSE;
    }
  *rank = (guint) r;
  return TRUE;
}

/* A dataset declares its shape; what the file stores may be far less (chunks never written read as
 * fill values). Refuse a declared size the file cannot back, before allocating for it: even deflate
 * compresses at most about 1032:1. */
static gboolean
check_storage (hid_t ds, hid_t type, hsize_t total, const char *path, const char *name,
               GError **error)
{
  const guint64 declared = (guint64) total * H5Tget_size (type);
  const guint64 stored = H5Dget_storage_size (ds);
  if (declared <= SL_H5_UNBACKED_BYTES || stored >= declared / 1032)
    return TRUE;
  g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
               "%s: dataset '%s' declares %" G_GUINT64_FORMAT " values but the file stores only %"
               G_GUINT64_FORMAT " bytes of them (damaged or hostile)",
               path, name, (guint64) total, stored);
  return FALSE;
}

static void *
read_numeric (hid_t loc, const char *name, const char *path, hid_t memtype, gsize elsize, guint *rank,
              hsize_t dims[SL_H5_MAX_RANK], GError **error)
{
  sl_h5_quiet ();
  if (!sl_h5_exists (loc, name))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: no dataset '%s'", path, name);
      return NULL;
    }
  if (!sl_h5_check_links (loc, name, path, error))
    return NULL;
  hid_t ds = H5Dopen2 (loc, name, H5P_DEFAULT);
  if (ds < 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: '%s' is not a readable dataset", path, name);
      return NULL;
    }
  void *data = NULL;
  hid_t space = H5Dget_space (ds);
  hid_t type = H5Dget_type (ds);
  H5T_class_t cls = type >= 0 ? H5Tget_class (type) : H5T_NO_CLASS;
  int r = space >= 0 ? H5Sget_simple_extent_ndims (space) : -1;
  if (cls != H5T_FLOAT && cls != H5T_INTEGER)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: dataset '%s' is not numeric", path, name);
      goto out;
    }
  if (r < 0 || r > SL_H5_MAX_RANK)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: dataset '%s' has an unreadable shape", path, name);
      goto out;
    }
  hsize_t total = 1;
  H5Sget_simple_extent_dims (space, dims, NULL);
  for (int i = 0; i < r; i++)
    {
      if (dims[i] != 0 && total > SL_H5_MAX_ELEMENTS / dims[i])
        {
          total = SL_H5_MAX_ELEMENTS + 1;
          break;
        }
      total *= dims[i];
    }
  if (total > SL_H5_MAX_ELEMENTS)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: dataset '%s' is implausibly large", path, name);
      goto out;
    }
  if (!check_storage (ds, type, total, path, name, error))
    goto out;
  data = g_try_malloc0 (MAX (total, 1) * elsize);
  if (!data)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: out of memory reading '%s'", path, name);
      goto out;
    }
  if (total > 0 && H5Dread (ds, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: dataset '%s' cannot be read (damaged?)", path,
                   name);
      g_clear_pointer (&data, g_free);
      goto out;
    }
  *rank = (guint) r;
out:
  if (type >= 0)
    H5Tclose (type);
  if (space >= 0)
    H5Sclose (space);
  H5Dclose (ds);
  return data;
}

float *
sl_h5_read_floats (hid_t loc, const char *name, const char *path, guint *rank,
                   hsize_t dims[SL_H5_MAX_RANK], GError **error)
{
  return read_numeric (loc, name, path, H5T_NATIVE_FLOAT, sizeof (float), rank, dims, error);
}

double *
sl_h5_read_doubles (hid_t loc, const char *name, const char *path, guint *rank,
                    hsize_t dims[SL_H5_MAX_RANK], GError **error)
{
  return read_numeric (loc, name, path, H5T_NATIVE_DOUBLE, sizeof (double), rank, dims, error);
}

gint64 *
sl_h5_read_int64s (hid_t loc, const char *name, const char *path, guint *rank,
                   hsize_t dims[SL_H5_MAX_RANK], GError **error)
{
  return read_numeric (loc, name, path, H5T_NATIVE_INT64, sizeof (gint64), rank, dims, error);
}

static gboolean
write_numeric (hid_t loc, const char *name, hid_t filetype, hid_t memtype, guint rank,
               const hsize_t dims[], const void *data, GError **error)
{
  sl_h5_quiet ();
  hid_t space = rank == 0 ? H5Screate (H5S_SCALAR) : H5Screate_simple ((int) rank, dims, NULL);
  hid_t lcpl = H5Pcreate (H5P_LINK_CREATE);
  H5Pset_create_intermediate_group (lcpl, 1);
  hid_t ds = H5Dcreate2 (loc, name, filetype, space, lcpl, H5P_DEFAULT, H5P_DEFAULT);
  gboolean ok = ds >= 0 && H5Dwrite (ds, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) >= 0;
  if (ds >= 0)
    H5Dclose (ds);
  H5Pclose (lcpl);
  H5Sclose (space);
  if (!ok)
    g_set_error (error, SL_ERROR, SL_ERROR_IO, "cannot write dataset '%s'", name);
  return ok;
}

gboolean
sl_h5_write_floats (hid_t loc, const char *name, guint rank, const hsize_t dims[], const float *data,
                    GError **error)
{
  return write_numeric (loc, name, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, rank, dims, data, error);
}

gboolean
sl_h5_write_doubles (hid_t loc, const char *name, guint rank, const hsize_t dims[],
                     const double *data, GError **error)
{
  return write_numeric (loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, rank, dims, data, error);
}

gboolean
sl_h5_write_int64s (hid_t loc, const char *name, guint rank, const hsize_t dims[],
                    const gint64 *data, GError **error)
{
  return write_numeric (loc, name, H5T_STD_I64LE, H5T_NATIVE_INT64, rank, dims, data, error);
}

/* Reads n strings of attribute `attr` (of string type `type`) into a new GStrv. */
static char **
read_strings (hid_t attr, hid_t type, hsize_t n)
{
  char **out = g_new0 (char *, n + 1);
  if (H5Tis_variable_str (type) > 0)
    {
      hid_t mem = H5Tcopy (H5T_C_S1);
      H5Tset_size (mem, H5T_VARIABLE);
      H5Tset_cset (mem, H5Tget_cset (type)); /* HDF5 converts no character sets: match the file's */
      char **tmp = g_new0 (char *, n + 1);
      if (H5Aread (attr, mem, tmp) >= 0)
        {
          for (hsize_t i = 0; i < n; i++)
            out[i] = g_strdup (tmp[i] ? tmp[i] : "");
          hid_t space = H5Aget_space (attr);
          H5Dvlen_reclaim (mem, space, H5P_DEFAULT, tmp);
          H5Sclose (space);
        }
      else
        g_clear_pointer (&out, g_strfreev);
      g_free (tmp);
      H5Tclose (mem);
      return out;
    }
  size_t len = H5Tget_size (type);
  if (len == 0 || len > (1u << 20) || n > (1u << 20))
    {
      g_strfreev (out);
      return NULL;
    }
  hid_t mem = H5Tcopy (H5T_C_S1);
  H5Tset_size (mem, len);
  H5Tset_strpad (mem, H5T_STR_NULLPAD);
  H5Tset_cset (mem, H5Tget_cset (type));
  char *buf = g_malloc0 (len * n + 1);
  if (H5Aread (attr, mem, buf) >= 0)
    for (hsize_t i = 0; i < n; i++)
      out[i] = g_strndup (buf + i * len, len);
  else
    g_clear_pointer (&out, g_strfreev);
  g_free (buf);
  H5Tclose (mem);
  return out;
}

static char **
read_string_attr_any (hid_t obj, const char *name, const char *path, gboolean want_scalar,
                      GError **error)
{
  sl_h5_quiet ();
  if (H5Aexists (obj, name) <= 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: attribute '%s' is missing", path, name);
      return NULL;
    }
  hid_t attr = H5Aopen (obj, name, H5P_DEFAULT);
  if (attr < 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: attribute '%s' cannot be read", path, name);
      return NULL;
    }
  char **out = NULL;
  hid_t type = H5Aget_type (attr);
  hid_t space = H5Aget_space (attr);
  int r = H5Sget_simple_extent_ndims (space);
  hssize_t n = H5Sget_simple_extent_npoints (space);
  H5T_class_t cls = H5Tget_class (type);
  if (r < 0 || n < 0 || r > 1 || (want_scalar && n != 1))
    g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: attribute '%s' has an unexpected shape", path,
                 name);
  else if (cls == H5T_STRING)
    {
      out = read_strings (attr, type, (hsize_t) n);
      if (!out)
        g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: attribute '%s' cannot be read", path,
                     name);
    }
  else if (n == 0 && !want_scalar)
    out = g_new0 (char *, 1);
  else
    g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: attribute '%s' is not text", path, name);
  H5Sclose (space);
  H5Tclose (type);
  H5Aclose (attr);
  return out;
}

char *
sl_h5_read_string_attr (hid_t obj, const char *name, const char *path, GError **error)
{
  char **v = read_string_attr_any (obj, name, path, TRUE, error);
  if (!v)
    return NULL;
  char *s = g_steal_pointer (&v[0]);
  g_strfreev (v);
  return s;
}

char **
sl_h5_read_string_array_attr (hid_t obj, const char *name, const char *path, GError **error)
{
  return read_string_attr_any (obj, name, path, FALSE, error);
}

gboolean
sl_h5_write_string_attr (hid_t obj, const char *name, const char *value, GError **error)
{
  sl_h5_quiet ();
  hid_t type = H5Tcopy (H5T_C_S1);
  H5Tset_size (type, H5T_VARIABLE);
  H5Tset_cset (type, H5T_CSET_UTF8);
  hid_t space = H5Screate (H5S_SCALAR);
  if (H5Aexists (obj, name) > 0)
    H5Adelete (obj, name);
  hid_t attr = H5Acreate2 (obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  gboolean ok = attr >= 0 && H5Awrite (attr, type, &value) >= 0;
  if (attr >= 0)
    H5Aclose (attr);
  H5Sclose (space);
  H5Tclose (type);
  if (!ok)
    g_set_error (error, SL_ERROR, SL_ERROR_IO, "cannot write attribute '%s'", name);
  return ok;
}

gboolean
sl_h5_write_double_attr (hid_t obj, const char *name, double value, GError **error)
{
  sl_h5_quiet ();
  hid_t space = H5Screate (H5S_SCALAR);
  if (H5Aexists (obj, name) > 0)
    H5Adelete (obj, name);
  hid_t attr = H5Acreate2 (obj, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT);
  gboolean ok = attr >= 0 && H5Awrite (attr, H5T_NATIVE_DOUBLE, &value) >= 0;
  if (attr >= 0)
    H5Aclose (attr);
  H5Sclose (space);
  if (!ok)
    g_set_error (error, SL_ERROR, SL_ERROR_IO, "cannot write attribute '%s'", name);
  return ok;
}
