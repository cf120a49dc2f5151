/* fuzz-dataset-spec.c — libFuzzer: arbitrary text after "mnist1d" as a dataset string (splits and
 * "@key=value,…" variants of the built-in generator), or text starting "shapes" as one of the
 * shapes sets; small variants are generated and read. */
#include "fuzz-common.h"

#include "datasets/sl-dataset-open.h"

#include <stdint.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Generation costs num_samples × final_seq_length: keep each input quick. */
#define FUZZ_MAX_VALUES 20000

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

/* Fails loudly unless a dataset came, or an SL_ERROR said why not. */
static void
check_opened (SlDataset *ds, GError *error)
{
  if (!ds && (!error || error->domain != SL_ERROR))
    abort ();
}

/* "shapes…" specs: the parameters alone, then small sets opened and their first samples and regions
 * read (samples are drawn on demand, so opening any size is cheap but reading is not). */
static int
fuzz_shapes (const char *text)
{
  g_autoptr (GError) error = NULL;
  const char *at = strchr (text, '@');
  if (at)
    {
      g_autofree char *assignments = g_strdup (at + 1);
      static const char *const splits[] = { ":train", ":test" };
      for (guint s = 0; s < G_N_ELEMENTS (splits); s++)
        if (g_str_has_suffix (assignments, splits[s]))
          assignments[strlen (assignments) - strlen (splits[s])] = '\0';
      SlShapesParams p;
      sl_shapes_params_init_default (&p);
      if (!sl_shapes_params_parse (&p, assignments, &error))
        {
          check_opened (NULL, error);
          return 0;
        }
      if (p.n_train > FUZZ_MAX_VALUES || p.n_test > FUZZ_MAX_VALUES || p.size > 128)
        return 0;
    }
  g_autoptr (SlDataset) ds = sl_dataset_open (text, NULL, &error);
  check_opened (ds, error);
  if (!ds)
    return 0;
  g_autofree float *x = g_new (float, sl_dataset_sample_size (ds));
  g_autofree float *m = g_new (float, sl_dataset_region_size (ds));
  for (gsize i = 0; i < MIN (ds->n_samples, 3); i++)
    {
      if (!sl_dataset_get_sample (ds, i, x, &error))
        abort ();
      for (guint r = 0; r < ds->n_regions; r++)
        if (!sl_dataset_get_region (ds, i, r, m, &error))
          abort ();
    }
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *)data, size);
  if (strchr (text, '/'))
    return 0; /* stay off the file system: a spec with a path names files */
  if (g_str_has_prefix (text, "shapes"))
    return fuzz_shapes (text);
  g_autoptr (GError) error = NULL;
  const char *at = strchr (text, '@');
  if (at)
    {
      /* The parser alone, then only variants small enough to generate quickly. */
      SlMnist1dParams p;
      sl_mnist1d_params_init_default (&p);
      if (!sl_mnist1d_params_parse (&p, at + 1, &error))
        {
          if (!error || error->domain != SL_ERROR)
            abort ();
          return 0;
        }
      if ((guint64)p.num_samples * p.final_seq_length > FUZZ_MAX_VALUES
          || p.padding_max > FUZZ_MAX_VALUES || p.template_len > FUZZ_MAX_VALUES)
        return 0;
    }
  else if (strlen (text) > 0 && !strchr (":", text[0]))
    return 0; /* "mnist1dX" names a file */
  g_autofree char *spec = g_strconcat ("mnist1d", text, NULL);
  g_autoptr (SlDataset) ds = sl_dataset_open (spec, NULL, &error);
  if (!ds)
    {
      if (!error || error->domain != SL_ERROR)
        abort ();
      return 0;
    }
  const gsize n = sl_dataset_sample_size (ds);
  g_autofree float *x = g_new (float, MAX (n, 1));
  for (gsize i = 0; i < ds->n_samples; i++)
    if (!sl_dataset_get_sample (ds, i, x, &error))
      abort ();
  return 0;
}
