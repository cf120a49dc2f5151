/* fuzz-dataset-spec.c — libFuzzer: arbitrary text after "mnist1d" as a dataset string (splits and
 * "@key=value,…" variants of the built-in generator); small variants are generated and read. */
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

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *)data, size);
  if (strchr (text, '/'))
    return 0; /* stay off the file system: a spec with a path names files */
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
