#include "sl-dataset-h5.h"

#include "core/sl-error.h"
#include "core/sl-json.h"
#include "core/sl-h5.h"
#include "datasets/sl-dataset-array.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

/* These files are read whole at open: refuse anything beyond 512 MiB of float32 samples. */
#define MAX_VALUES       ((hsize_t) 1 << 27)
#define MAX_CLASSES      100000
#define MAX_NAME_BYTES   4096
#define MAX_REGIONS      64

typedef struct
{
  float *x;       /* n_samples × sample size */
  float *regions; /* n_regions × n_samples × region size, or NULL */
} H5Dataset;

static gboolean
h5_get_sample (SlDataset *self, gsize index, float *out, GError **error)
{
  const H5Dataset *priv = self->priv;
  const gsize size = sl_dataset_sample_size (self);
  memcpy (out, priv->x + index * size, size * sizeof (float));
  return TRUE;
}

static gboolean
h5_get_region (SlDataset *self, gsize index, guint region, float *out, GError **error)
{
  const H5Dataset *priv = self->priv;
  const gsize size = sl_dataset_region_size (self);
  memcpy (out, priv->regions + (region * self->n_samples + index) * size, size * sizeof (float));
  return TRUE;
}

static void
h5_finalize (SlDataset *self)
{
  H5Dataset *priv = self->priv;
  if (!priv)
    return;
  g_free (priv->x);
  g_free (priv->regions);
  g_free (priv);
  self->priv = NULL;
}

static const SlDatasetClass h5_class = {
  .kind = "hdf5",
  .get_sample = h5_get_sample,
  .finalize = h5_finalize,
  .get_region = h5_get_region,
};

/* Shape and type class of dataset `name`, without reading it. */
static gboolean
probe (hid_t file, const char *name, const char *path, guint *rank, hsize_t dims[SL_H5_MAX_RANK],
       H5T_class_t *cls, GError **error)
{
  hid_t ds = H5Dopen2 (file, name, H5P_DEFAULT);
  if (ds < 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: '%s' is not a dataset", path, name);
      return FALSE;
    }
  hid_t space = H5Dget_space (ds);
  hid_t type = H5Dget_type (ds);
  const int r = space >= 0 ? H5Sget_simple_extent_ndims (space) : -1;
  *cls = type >= 0 ? H5Tget_class (type) : H5T_NO_CLASS;
  const gboolean ok = r >= 0 && r <= SL_H5_MAX_RANK
                      && H5Sget_simple_extent_dims (space, dims, NULL) >= 0;
  if (type >= 0)
    H5Tclose (type);
  if (space >= 0)
    H5Sclose (space);
  H5Dclose (ds);
  if (!ok)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: dataset '%s' has an unreadable shape",
                   path, name);
      return FALSE;
    }
  *rank = (guint) r;
  return TRUE;
}

static char *
dims_string (guint rank, const hsize_t *dims)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < rank; i++)
    g_string_append_printf (s, "%s%llu", i ? " × " : "", (unsigned long long) dims[i]);
  if (rank == 0)
    g_string_append (s, "a scalar");
  return g_string_free (s, FALSE);
}

/* Reads all of `obj`, a string attribute or dataset of `n` values, in memory type `mem`. */
static herr_t
read_all (hid_t obj, gboolean attr, hid_t mem, void *buf)
{
  return attr ? H5Aread (obj, mem, buf) : H5Dread (obj, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
}

/* A scalar or 1-D string attribute or dataset `name` of the root (variable or fixed length, ASCII
 * or UTF-8: the memory type takes the file's character set, as HDF5 does not convert between them).
 */
static char **
read_strings (hid_t file, const char *name, gboolean attr, const char *path, GError **error)
{
  const char *what = attr ? "attribute" : "dataset";
  hid_t obj = attr ? H5Aopen (file, name, H5P_DEFAULT) : H5Dopen2 (file, name, H5P_DEFAULT);
  if (obj < 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: %s '%s' cannot be opened", path, what,
                   name);
      return NULL;
    }
  char **out = NULL;
  hid_t space = attr ? H5Aget_space (obj) : H5Dget_space (obj);
  hid_t type = attr ? H5Aget_type (obj) : H5Dget_type (obj);
  hid_t mem = H5I_INVALID_HID;
  const int r = space >= 0 ? H5Sget_simple_extent_ndims (space) : -1;
  const hssize_t n = space >= 0 ? H5Sget_simple_extent_npoints (space) : -1;
  if (type < 0 || H5Tget_class (type) != H5T_STRING)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: %s '%s' is not text", path, what, name);
      goto out;
    }
  if (r < 0 || r > 1 || n < 0 || n > MAX_CLASSES)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                   "%s: %s '%s' must be a list of at most %d strings", path, what, name,
                   MAX_CLASSES);
      goto out;
    }
  mem = H5Tcopy (H5T_C_S1);
  H5Tset_cset (mem, H5Tget_cset (type));
  if (H5Tis_variable_str (type) > 0)
    {
      H5Tset_size (mem, H5T_VARIABLE);
      char **tmp = g_new0 (char *, n + 1);
      if (n == 0 || read_all (obj, attr, mem, tmp) >= 0)
        {
          out = g_new0 (char *, n + 1);
          for (hssize_t i = 0; i < n; i++)
            out[i] = g_strdup (tmp[i] ? tmp[i] : "");
          if (n > 0)
            H5Dvlen_reclaim (mem, space, H5P_DEFAULT, tmp);
        }
      g_free (tmp);
    }
  else
    {
      const size_t len = H5Tget_size (type);
      if (len > 0 && len <= MAX_NAME_BYTES)
        {
          H5Tset_size (mem, len);
          H5Tset_strpad (mem, H5T_STR_NULLPAD);
          char *buf = g_malloc0 (len * (gsize) n + 1);
          if (n == 0 || read_all (obj, attr, mem, buf) >= 0)
            {
              out = g_new0 (char *, n + 1);
              for (hssize_t i = 0; i < n; i++)
                out[i] = g_strndup (buf + i * len, len);
            }
          g_free (buf);
        }
    }
  if (!out)
    g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: %s '%s' cannot be read as text", path, what,
                 name);
out:
  if (mem >= 0)
    H5Tclose (mem);
  if (type >= 0)
    H5Tclose (type);
  if (space >= 0)
    H5Sclose (space);
  if (attr)
    H5Aclose (obj);
  else
    H5Dclose (obj);
  return out;
}

/* Names in a single string: a JSON array, or separated by newlines, else by commas. */
static char **
split_names (const char *text, const char *path, GError **error)
{
  const char *s = text;
  while (g_ascii_isspace (*s))
    s++;
  if (*s == '[')
    {
      g_autoptr (GError) json_error = NULL;
      if (!sl_json_check_depth (s, -1, SL_JSON_MAX_DEPTH, path, error))
        return NULL;
      g_autoptr (JsonNode) node = json_from_string (s, &json_error);
      JsonArray *array = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
      if (!array)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                       "%s: attribute 'class_names' is not a valid JSON array of strings", path);
          return NULL;
        }
      const guint n = json_array_get_length (array);
      g_auto (GStrv) out = g_new0 (char *, n + 1);
      for (guint i = 0; i < n; i++)
        {
          JsonNode *e = json_array_get_element (array, i);
          if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
            {
              g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                           "%s: attribute 'class_names': entry %u is not a string", path, i);
              return NULL;
            }
          out[i] = g_strdup (json_node_get_string (e));
        }
      return g_steal_pointer (&out);
    }
  char **out = g_strsplit (text, strchr (text, '\n') ? "\n" : ",", -1);
  for (guint i = 0; out[i]; i++)
    g_strstrip (out[i]);
  /* A trailing separator leaves an empty last name: drop it. */
  const guint n = g_strv_length (out);
  if (n > 0 && !*out[n - 1])
    g_clear_pointer (&out[n - 1], g_free);
  return out;
}

/* The file's class names, NULL (without error) when it has none. */
static gboolean
read_class_names (hid_t file, const char *path, char ***names, GError **error)
{
  *names = NULL;
  if (H5Aexists (file, "class_names") > 0)
    {
      g_auto (GStrv) v = read_strings (file, "class_names", TRUE, path, error);
      if (!v)
        return FALSE;
      if (g_strv_length (v) == 1)
        {
          *names = split_names (v[0], path, error);
          return *names != NULL;
        }
      *names = g_steal_pointer (&v);
    }
  else if (sl_h5_exists (file, "class_names"))
    {
      *names = read_strings (file, "class_names", FALSE, path, error);
      if (!*names)
        return FALSE;
    }
  else
    return TRUE;

  const guint n = g_strv_length (*names);
  if (n == 0 || n > MAX_CLASSES)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                   "%s: 'class_names' must list between 1 and %d names (it has %u)", path,
                   MAX_CLASSES, n);
      g_clear_pointer (names, g_strfreev);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    if (!g_utf8_validate ((*names)[i], -1, NULL))
      {
        char *valid = g_utf8_make_valid ((*names)[i], -1);
        g_free ((*names)[i]);
        (*names)[i] = valid;
      }
  return TRUE;
}

/* Reads `name` as n_samples integer labels; each must be in [0, n_classes) when n_classes > 0. */
static gint *
read_labels (hid_t file, const char *name, const char *xname, const char *path, hsize_t n_samples,
             guint n_classes, GError **error)
{
  guint rank;
  hsize_t dims[SL_H5_MAX_RANK];
  H5T_class_t cls;
  if (!probe (file, name, path, &rank, dims, &cls, error))
    return NULL;
  if (cls != H5T_INTEGER && cls != H5T_FLOAT)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: labels '%s' are not numeric", path, name);
      return NULL;
    }
  if (!(rank == 1 || (rank == 2 && dims[1] == 1)))
    {
      g_autofree char *d = dims_string (rank, dims);
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                   "%s: labels '%s' must be a list of integers, not %s", path, name, d);
      return NULL;
    }
  if (dims[0] != n_samples)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                   "%s: '%s' has %llu labels but '%s' has %llu samples", path, name,
                   (unsigned long long) dims[0], xname, (unsigned long long) n_samples);
      return NULL;
    }
  /* Read as doubles so that fractional or huge values are caught rather than converted. */
  g_autofree double *v = sl_h5_read_doubles (file, name, path, &rank, dims, error);
  if (!v)
    return NULL;
  g_autofree gint *labels = g_new (gint, MAX (n_samples, 1));
  const double limit = n_classes ? n_classes : MAX_CLASSES;
  for (hsize_t i = 0; i < n_samples; i++)
    {
      if (!(v[i] >= 0 && v[i] < limit) || v[i] != floor (v[i]))
        {
          if (n_classes)
            g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                         "%s: label %g of sample %llu in '%s' is out of range (%u classes: 0 … %u)",
                         path, v[i], (unsigned long long) i, name, n_classes, n_classes - 1);
          else
            g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                         "%s: label %g of sample %llu in '%s' is not a class number (0 … %d)",
                         path, v[i], (unsigned long long) i, name, MAX_CLASSES - 1);
          return NULL;
        }
      labels[i] = (gint) v[i];
    }
  return g_steal_pointer (&labels);
}

/* Collects the link names of a group, MAX_REGIONS + 1 at most. */
static herr_t
collect_name (hid_t group, const char *name, const H5L_info_t *info, void *data)
{
  GPtrArray *names = data;
  g_ptr_array_add (names, g_strdup (name));
  return names->len > MAX_REGIONS ? 1 : 0;
}

/* The generic layout's optional group `regions`: one dataset per region, N × the spatial shape of
 * `self` (N × L for signals, N × H × W for images), numbers in [0, 1]. Stored in `priv`, named in
 * `self`; TRUE without change when the file has no such group. */
static gboolean
read_regions (hid_t file, const char *path, SlDataset *self, H5Dataset *priv, GError **error)
{
  if (!sl_h5_exists (file, "regions"))
    return TRUE;
  if (!sl_h5_check_links (file, "regions", path, error))
    return FALSE;
  hid_t group = H5Gopen2 (file, "regions", H5P_DEFAULT);
  if (group < 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                   "%s: 'regions' must be a group of datasets, one per ground-truth region", path);
      return FALSE;
    }
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  /* The writer's order where the group keeps it, else by name. */
  herr_t status = H5Literate (group, H5_INDEX_CRT_ORDER, H5_ITER_INC, NULL, collect_name, names);
  if (status < 0)
    {
      g_ptr_array_set_size (names, 0);
      status = H5Literate (group, H5_INDEX_NAME, H5_ITER_INC, NULL, collect_name, names);
    }
  H5Gclose (group);
  if (status < 0 || names->len > MAX_REGIONS)
    {
      if (status < 0)
        g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: group 'regions' cannot be listed", path);
      else
        g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                     "%s: group 'regions' holds more than %d regions", path, MAX_REGIONS);
      return FALSE;
    }

  const gsize n = self->n_samples, size = sl_dataset_region_size (self);
  if ((hsize_t) names->len * n * size > MAX_VALUES)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                   "%s: the regions are too large to load (over %llu values)", path,
                   (unsigned long long) MAX_VALUES);
      return FALSE;
    }
  g_autofree float *all = g_new (float, MAX (names->len * n * size, 1));
  for (guint r = 0; r < names->len; r++)
    {
      const char *name = names->pdata[r];
      g_autofree char *shown = g_utf8_make_valid (name, -1);
      g_autofree char *link = g_strdup_printf ("regions/%s", name);
      guint rank;
      hsize_t dims[SL_H5_MAX_RANK];
      if (!sl_h5_dataset_shape (file, link, path, &rank, dims, error))
        return FALSE;
      /* The expected shape: N, then every axis of a sample but the channels. */
      gboolean fits = rank == self->rank && dims[0] == n;
      for (guint i = 1; fits && i < rank; i++)
        fits = dims[i] == self->shape[i - 1];
      if (!fits)
        {
          g_autofree char *got = dims_string (rank, dims);
          g_autofree char *want = self->rank == 2
            ? g_strdup_printf ("%" G_GSIZE_FORMAT " × %" G_GSIZE_FORMAT, n, self->shape[0])
            : g_strdup_printf ("%" G_GSIZE_FORMAT " × %" G_GSIZE_FORMAT " × %" G_GSIZE_FORMAT, n,
                               self->shape[0], self->shape[1]);
          g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                       "%s: region '%s' is %s; it must be %s (one weight per sample and position)",
                       path, shown, got, want);
          return FALSE;
        }
      g_autofree float *w = sl_h5_read_floats (file, link, path, &rank, dims, error);
      if (!w || !sl_dataset_array_check_weights (path, shown, w, n, size, error))
        return FALSE;
      memcpy (all + r * n * size, w, n * size * sizeof (float));
    }
  if (names->len == 0)
    return TRUE;
  self->n_regions = names->len;
  self->region_names = g_new0 (char *, names->len + 1);
  for (guint r = 0; r < names->len; r++)
    self->region_names[r] = g_utf8_make_valid (names->pdata[r], -1);
  priv->regions = g_steal_pointer (&all);
  return TRUE;
}

static SlDataset *
open_file (hid_t file, const char *path, SlDatasetSplit split, GError **error)
{
  const gboolean mnist = sl_h5_exists (file, "x_test");
  const gboolean train = split == SL_DATASET_SPLIT_TRAIN;
  if (!mnist && split != SL_DATASET_SPLIT_DEFAULT)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "%s: the file has no train/test split (that needs 'x_test' and 'y_test' besides "
                   "'x' and 'y'); open it without ':train' or ':test'", path);
      return NULL;
    }
  const char *xname = mnist && !train ? "x_test" : "x";
  const char *yname = mnist && !train ? "y_test" : "y";
  if (!sl_h5_exists (file, xname))
    {
      if (mnist)
        g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                     "%s: no dataset '%s' (the MNIST-1D layout needs x, y, x_test and y_test)",
                     path, xname);
      else
        g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                     "%s: no dataset 'x' (a dataset file needs 'x', N samples, and may have 'y', "
                     "N integer labels, or the MNIST-1D layout x, y, x_test, y_test)", path);
      return NULL;
    }

  guint rank;
  hsize_t dims[SL_H5_MAX_RANK];
  H5T_class_t cls;
  if (!probe (file, xname, path, &rank, dims, &cls, error))
    return NULL;
  if (cls != H5T_INTEGER && cls != H5T_FLOAT)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: samples '%s' are not numeric", path,
                   xname);
      return NULL;
    }
  if (rank < 2 || rank > 4)
    {
      g_autofree char *d = dims_string (rank, dims);
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                   "%s: samples '%s' are %s; expected N × L (signals), N × L × C or N × H × W × C",
                   path, xname, d);
      return NULL;
    }
  hsize_t total = 1;
  for (guint i = 0; i < rank; i++)
    {
      if (dims[i] == 0)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: '%s' holds no samples", path, xname);
          return NULL;
        }
      if (dims[i] > MAX_VALUES || total > MAX_VALUES / dims[i])
        {
          g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                       "%s: '%s' is too large to load (over %llu values)", path, xname,
                       (unsigned long long) MAX_VALUES);
          return NULL;
        }
      total *= dims[i];
    }
  const hsize_t n = dims[0];

  g_auto (GStrv) names = NULL;
  if (!read_class_names (file, path, &names, error))
    return NULL;
  if (!names && mnist)
    {
      names = g_new0 (char *, 11);
      for (guint c = 0; c < 10; c++)
        names[c] = g_strdup_printf ("%u", c);
    }
  const guint n_named = names ? g_strv_length (names) : 0;

  g_autofree gint *labels = NULL;
  if (sl_h5_exists (file, yname))
    {
      labels = read_labels (file, yname, xname, path, n, n_named, error);
      if (!labels)
        return NULL;
    }
  else if (mnist)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                   "%s: no dataset '%s' (the MNIST-1D layout needs x, y, x_test and y_test)", path,
                   yname);
      return NULL;
    }

  guint xrank;
  hsize_t xdims[SL_H5_MAX_RANK];
  g_autofree float *x = sl_h5_read_floats (file, xname, path, &xrank, xdims, error);
  if (!x)
    return NULL;
  const gsize sample_size = total / n;
  for (hsize_t i = 0; i < total; i++)
    if (!isfinite (x[i]))
      {
        g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                     "%s: value %llu of sample %llu in '%s' is %s", path,
                     (unsigned long long) (i % sample_size), (unsigned long long) (i / sample_size),
                     xname, isnan (x[i]) ? "NaN" : "infinite (or too large for float32)");
        return NULL;
      }

  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = mnist ? g_strdup_printf ("%s (%s)", base, train ? "train" : "test")
                                : g_strdup (base);
  g_autoptr (SlDataset) self = sl_dataset_new_base (&h5_class, name);
  self->n_samples = n;
  if (rank == 2)
    {
      self->rank = 2;
      self->shape[0] = dims[1];
      self->shape[1] = 1;
    }
  else
    {
      self->rank = rank - 1;
      for (guint i = 1; i < rank; i++)
        self->shape[i - 1] = dims[i];
    }

  if (!labels)
    {
      labels = g_new (gint, n);
      for (hsize_t i = 0; i < n; i++)
        labels[i] = -1;
    }
  else if (!names)
    {
      gint max = 0;
      for (hsize_t i = 0; i < n; i++)
        max = MAX (max, labels[i]);
      names = g_new0 (char *, max + 2);
      for (gint c = 0; c <= max; c++)
        names[c] = g_strdup_printf ("%d", c);
    }
  if (!names)
    names = g_new0 (char *, 1);
  self->n_classes = g_strv_length (names);
  self->class_names = g_steal_pointer (&names);
  self->labels = g_steal_pointer (&labels);

  H5Dataset *priv = g_new0 (H5Dataset, 1);
  priv->x = g_steal_pointer (&x);
  self->priv = priv;
  if (!mnist && !read_regions (file, path, self, priv, error))
    return NULL;
  return g_steal_pointer (&self);
}

SlDataset *
sl_dataset_h5_open (const char *path, SlDatasetSplit split, GError **error)
{
  hid_t file = sl_h5_open_read (path, error);
  if (file < 0)
    return NULL;
  SlDataset *self = open_file (file, path, split, error);
  sl_h5_close (file);
  return self;
}
