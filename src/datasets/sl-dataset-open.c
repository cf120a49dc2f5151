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
          "no dataset given (expected mnist1d, mnist1d:train, a .h5, .hdf5 or .csv file, or "
          "an image folder)");
      return NULL;
    }

  /* "mnist1d[:train|:test]@key=value,…": a variant of the built-in generator. */
  g_autofree char *head = g_strdup (spec);
  char *at = strchr (head, '@');
  SlMnist1dParams variant;
  if (at && g_ascii_strncasecmp (head, "mnist1d", 7) == 0)
    {
      *at = '\0';
      if (options->mnist1d)
        variant = *options->mnist1d;
      else
        sl_mnist1d_params_init_default (&variant);
      if (!sl_mnist1d_params_parse (&variant, at + 1, error))
        return NULL;
      spec = head;
    }
  SlDatasetSplit split;
  g_autofree char *base = split_suffix (spec, &split);

  /* The keyword wins over a file of that name; "./mnist1d" reaches the file. */
  if (g_ascii_strcasecmp (base, "mnist1d") == 0)
    return sl_mnist1d_dataset_new (spec == head ? &variant : options->mnist1d, split == SL_DATASET_SPLIT_TRAIN,
                                   error);

  /* A real file named like "x:train" wins over the split syntax. */
  if (split != SL_DATASET_SPLIT_DEFAULT && g_file_test (spec, G_FILE_TEST_EXISTS))
    {
      g_free (base);
      base = g_strdup (spec);
      split = SL_DATASET_SPLIT_DEFAULT;
    }

  if (!g_file_test (base, G_FILE_TEST_EXISTS))
    {
      if (g_ascii_strncasecmp (base, "mnist1d", 7) == 0)
        g_set_error (
            error, SL_ERROR, SL_ERROR_ARGUMENT,
            "%s: unknown built-in dataset (expected mnist1d, mnist1d:train or mnist1d:test)", spec);
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
      "%s: unknown kind of dataset (expected a .h5, .hdf5 or .csv file, an image folder, or "
      "mnist1d)",
      base);
  return NULL;
}
