/* fuzz-common.h — what both libFuzzer harnesses do with a model once it is built: use every
 * read-only entry point, and run it when it is small enough to run quickly. */
#pragma once

#include "core/sl-error.h"
#include "engine/sl-run.h"

#include <hdf5.h>
#include <stdlib.h>
#include <string.h>

/* Work bounds per input, so the fuzzer spends its time on parsing, not on big convolutions. */
#define FUZZ_MAX_FLOATS ((gsize)1 << 20)
#define FUZZ_MAX_FLOPS 5e7

static inline void
fuzz_silence_logs (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
}

static inline void
fuzz_init (void)
{
  /* Warnings are not findings; criticals (failed preconditions) still abort below. */
  g_log_set_default_handler (fuzz_silence_logs, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL);
  H5Eset_auto2 (H5E_DEFAULT, NULL, NULL);
}

/* A failure must be a GError of our domain that names where the model came from. */
static inline void
fuzz_check_error (const GError *error, const char *origin)
{
  if (!error || error->domain != SL_ERROR || !strstr (error->message, origin))
    {
      fprintf (stderr, "bad error: %s\n", error ? error->message : "(none)");
      abort ();
    }
}

static inline gboolean
fuzz_small_enough (const SlModel *m)
{
  gsize floats = sl_shape_size (&m->input);
  for (guint i = 0; i < m->n_layers; i++)
    {
      const gsize s = sl_shape_size (&m->layers[i].out);
      if (s > FUZZ_MAX_FLOATS || floats > FUZZ_MAX_FLOATS)
        return FALSE;
      floats += s;
    }
  return floats <= FUZZ_MAX_FLOATS && m->total_params <= FUZZ_MAX_FLOATS
         && sl_model_flops (m) <= FUZZ_MAX_FLOPS;
}

/* Summaries, shapes, and (when small) a forward and a backward pass of two samples. */
static inline void
fuzz_exercise (SlModel *m)
{
  g_free (sl_model_summary_text (m));
  json_node_unref (sl_model_summary_json (m));
  (void)sl_model_last_conv (m);
  for (int i = -1; i < (int)m->n_layers; i++)
    g_free (sl_shape_to_string (sl_model_shape (m, i)));
  if (m->n_classes == 0 || !fuzz_small_enough (m))
    return;
  const gsize n = 2, size = sl_shape_size (&m->input);
  g_autofree float *x = g_new (float, n *size);
  for (gsize i = 0; i < n * size; i++)
    x[i] = (float)((int)(i % 13) - 6) / 4.0f;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlRun) run = sl_run_new (m, n);
  sl_run_set_param_grads (run, TRUE);
  if (!sl_run_forward (run, x, n, &error))
    abort (); /* a model that loaded must run */
  g_autofree float *seed = g_new (float, n * m->n_classes);
  for (gsize i = 0; i < n * m->n_classes; i++)
    seed[i] = 1.0f;
  if (!sl_run_backward (run, seed, -1, &error))
    abort ();
}

/* Every HDF5 object the loader opened must be closed again, whatever happened. */
static inline void
fuzz_check_h5_closed (void)
{
  if (H5Fget_obj_count (H5F_OBJ_ALL, H5F_OBJ_ALL) != 0)
    {
      fprintf (stderr, "%zd HDF5 objects left open\n",
               (ssize_t)H5Fget_obj_count (H5F_OBJ_ALL, H5F_OBJ_ALL));
      abort ();
    }
}

