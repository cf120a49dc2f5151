/* fuzz-csv.c — libFuzzer: arbitrary bytes as a CSV dataset of labelled signals; what opens is read
 * sample by sample. */
#include "fuzz-common.h"
#include "fuzz-input-file.h"

#include "datasets/sl-dataset-csv.h"

#include <math.h>
#include <stdint.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *path = fuzz_input_file ("fuzz.csv", data, size);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataset) ds = sl_dataset_csv_open (path, &error);
  if (!ds)
    {
      fuzz_check_error (error, "fuzz.csv");
      return 0;
    }
  const gsize n = sl_dataset_sample_size (ds);
  g_autofree float *x = g_new (float, MAX (n, 1));
  for (gsize i = 0; i < ds->n_samples; i++)
    {
      if (!sl_dataset_get_sample (ds, i, x, &error))
        abort (); /* a dataset that opened must read */
      for (gsize k = 0; k < n; k++)
        if (!isfinite (x[k]))
          abort (); /* non-finite values are refused at open */
    }
  return 0;
}
