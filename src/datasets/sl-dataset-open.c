#include "sl-dataset-open.h"

#include "core/sl-error.h"
#include "core/sl-file.h"
#include "datasets/sl-dataset-csv.h"
#include "datasets/sl-dataset-h5.h"

#include <hdf5.h>
#include <string.h>

static gboolean
has_suffix_nocase (const char *s, const char *suffix)
{
  const gsize n = strlen (s), m = strlen (suffix);
  return n >= m && g_ascii_strcasecmp (s + n - m, suffix) == 0;
}

static gboolean
is_h5_name (const char *path)
{
  return has_suffix_nocase (path, ".h5") || has_suffix_nocase (path, ".hdf5");
}

/* Splits "what:train" / "what:test" into what and a split; anything else is left whole. */
static char *
split_suffix (const char *spec, SlDatasetSplit *split)
{
  static const struct
  {
    const char *suffix;
    SlDatasetSplit split;
  } suffixes[] = { { ":train", SL_DATASET_SPLIT_TRAIN }, { ":test", SL_DATASET_SPLIT_TEST } };
  *split = SL_DATASET_SPLIT_DEFAULT;
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (spec, suffixes[i].suffix))
      {
        *split = suffixes[i].split;
        return g_strndup (spec, strlen (spec) - strlen (suffixes[i].suffix));
      }
  return g_strdup (spec);
}

/* The generators a dataset string can name. */
typedef enum
{
  BUILTIN_NONE,
  BUILTIN_MNIST1D,
  BUILTIN_SHAPES,
  BUILTIN_SHAPES_SHORTCUT,
} Builtin;

static Builtin
builtin_named (const char *name)
{
  static const char *const names[] = { "", "mnist1d", "shapes", "shapes-shortcut" };
  for (guint i = 1; i < G_N_ELEMENTS (names); i++)
    if (!g_ascii_strcasecmp (name, names[i]))
      return (Builtin) i;
  return BUILTIN_NONE;
}

/* The generator `spec` was meant to name though it names none ("shapes:validation",
 * "mnist1dx@seed=1"), for a clearer error than "no such file". */
static Builtin
builtin_meant (const char *spec)
{
  if (g_ascii_strncasecmp (spec, "mnist1d", 7) == 0)
    return BUILTIN_MNIST1D;
  g_autofree char *name = g_strndup (spec, strcspn (spec, ":@"));
  return spec[strlen (name)] ? builtin_named (name) : BUILTIN_NONE;
}

/* A built-in set; `assignments` (after '@', or NULL) change the caller's or the default parameters.
 */
static SlDataset *
open_builtin (Builtin which, const char *assignments, SlDatasetSplit split,
              const SlDatasetOpenOptions *options, GError **error)
{
  const gboolean train = split == SL_DATASET_SPLIT_TRAIN;
  if (which == BUILTIN_MNIST1D)
    {
      SlMnist1dParams p;
      if (options->mnist1d)
        p = *options->mnist1d;
      else
        sl_mnist1d_params_init_default (&p);
      if (assignments && !sl_mnist1d_params_parse (&p, assignments, error))
        return NULL;
      return sl_mnist1d_dataset_new (&p, train, error);
    }
  SlShapesParams p;
  if (options->shapes)
    p = *options->shapes;
  else
    sl_shapes_params_init_default (&p);
  p.shortcut = which == BUILTIN_SHAPES_SHORTCUT;
  if (assignments && !sl_shapes_params_parse (&p, assignments, error))
    return NULL;
  return sl_shapes_dataset_new (&p, train, error);
}

SlDataset *
sl_dataset_open (const char *spec, const SlDatasetOpenOptions *options, GError **error)
{
  const SlDatasetOpenOptions none = { 0 };
  if (!options)
    options = &none;
  if (!spec || !*spec)
    {
      g_set_error (
          error, SL_ERROR, SL_ERROR_ARGUMENT,
          "no dataset given (expected mnist1d, mnist1d:train, shapes, shapes-shortcut:train, a "
          ".h5, .hdf5 or .csv file, or an image folder)");
      return NULL;
    }

  /* "NAME[:split][@key=value,…[:split]]" with a generator's NAME: the keyword wins over a file of
   * that name; "./mnist1d" reaches the file. */
  g_autofree char *head = g_strdup (spec);
  char *at = strchr (head, '@');
  if (at)
    *at = '\0';
  SlDatasetSplit split, params_split = SL_DATASET_SPLIT_DEFAULT;
  g_autofree char *name = split_suffix (head, &split);
  const Builtin which = builtin_named (name);
  if (which != BUILTIN_NONE)
    {
      g_autofree char *assignments = at ? split_suffix (at + 1, &params_split) : NULL;
      if (split != SL_DATASET_SPLIT_DEFAULT && params_split != SL_DATASET_SPLIT_DEFAULT)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                       "%s: two splits given; put :train or :test once", spec);
          return NULL;
        }
      return open_builtin (which, assignments,
                           params_split != SL_DATASET_SPLIT_DEFAULT ? params_split : split, options,
                           error);
    }
  g_autofree char *base = split_suffix (spec, &split);

  /* A real file named like "x:train" wins over the split syntax. */
  if (split != SL_DATASET_SPLIT_DEFAULT && g_file_test (spec, G_FILE_TEST_EXISTS))
    {
      g_free (base);
      base = g_strdup (spec);
      split = SL_DATASET_SPLIT_DEFAULT;
    }

  if (!g_file_test (base, G_FILE_TEST_EXISTS))
    {
      const Builtin meant = builtin_meant (base);
      if (meant == BUILTIN_MNIST1D)
        g_set_error (
            error, SL_ERROR, SL_ERROR_ARGUMENT,
            "%s: unknown built-in dataset (expected mnist1d, mnist1d:train or mnist1d:test)", spec);
      else if (meant != BUILTIN_NONE)
        g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                     "%s: unknown built-in dataset (expected shapes or shapes-shortcut, then "
                     ":train or :test if wanted, then @key=value,… if wanted)",
                     spec);
      else if (g_file_test (base, G_FILE_TEST_IS_SYMLINK))
        sl_file_check_regular (base, error); /* says why: a dangling link, a loop of links */
      else
        g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: no such file or folder", base);
      return NULL;
    }

  if (g_file_test (base, G_FILE_TEST_IS_DIR))
    {
      if (split != SL_DATASET_SPLIT_DEFAULT)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                       "%s: an image folder has no train/test split; give the folder of the split",
                       spec);
          return NULL;
        }
      return sl_image_folder_open (base, options->image, error);
    }

  /* A FIFO would block the reader forever, a device never end. */
  if (!sl_file_check_regular (base, error))
    return NULL;

  if (is_h5_name (base))
    return sl_dataset_h5_open (base, split, error);

  if (has_suffix_nocase (base, ".csv"))
    {
      if (split != SL_DATASET_SPLIT_DEFAULT)
        {
          g_set_error (
              error, SL_ERROR, SL_ERROR_ARGUMENT,
              "%s: a CSV file has no train/test split; open it without ':train' or ':test'", spec);
          return NULL;
        }
      return sl_dataset_csv_open (base, error);
    }

  /* Unknown extension: HDF5 files are recognisable by their signature. */
  H5Eset_auto2 (H5E_DEFAULT, NULL, NULL);
  if (H5Fis_hdf5 (base) > 0)
    return sl_dataset_h5_open (base, split, error);

  g_set_error (
      error, SL_ERROR, SL_ERROR_UNSUPPORTED,
      "%s: unknown kind of dataset (expected a .h5, .hdf5 or .csv file, an image folder, "
      "mnist1d or shapes)",
      base);
  return NULL;
}
