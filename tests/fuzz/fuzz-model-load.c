/* fuzz-model-load.c — libFuzzer: arbitrary bytes as a model file for sl_model_load. */
#include "fuzz-common.h"

#include <glib/gstdio.h>
#include <stdint.h>
#include <stdio.h>

static char *path;

static void
remove_file (void)
{
  g_unlink (path);
}

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  /* One file per process, rewritten for each input (parallel jobs get their own). */
  int fd = g_file_open_tmp ("sl-fuzz-model-XXXXXX.h5", &path, NULL);
  if (fd < 0)
    abort ();
  close (fd);
  atexit (remove_file);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  FILE *f = fopen (path, "wb");
  if (!f || (size && fwrite (data, 1, size, f) != size) || fclose (f) != 0)
    abort ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) model = sl_model_load (path, &error);
  if (model)
    fuzz_exercise (model);
  else
    fuzz_check_error (error, path);
  fuzz_check_h5_closed ();
  return 0;
}
