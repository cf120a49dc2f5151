/* fuzz-keras-archive.c — libFuzzer: arbitrary bytes as a Keras 3 `.keras` archive for
 * sl_keras3_load_data (zip reading, config.json, model.weights.h5 from memory). */
#include "fuzz-common.h"

#include "engine/sl-keras3.h"

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
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) model = sl_keras3_load_data (data, size, "fuzz.keras", &error);
  if (model)
    fuzz_exercise (model);
  else
    fuzz_check_error (error, "fuzz.keras");
  fuzz_check_h5_closed ();
  return 0;
}
