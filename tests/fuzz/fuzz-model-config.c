/* fuzz-model-config.c — libFuzzer: arbitrary bytes as a Keras model_config for
 * sl_model_new_from_json, then, for what builds, weights filled with small values and a forward and
 * backward pass. */
#include "fuzz-common.h"

#include <stdint.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

static void
fill (float *v, gsize n, float scale)
{
  for (gsize i = 0; v && i < n; i++)
    v[i] = scale * (float)((int)(i % 7) - 3);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* The loader hands json-glib a NUL-terminated attribute string; so do we. */
  g_autofree char *json = g_strndup ((const char *)data, size);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) model = sl_model_new_from_json (json, "fuzz-config.h5", &error);
  if (!model)
    {
      fuzz_check_error (error, "fuzz-config.h5");
      return 0;
    }
  if (fuzz_small_enough (model))
    for (guint i = 0; i < model->n_layers; i++)
      {
        SlLayer *l = &model->layers[i];
        gsize h, w, c;
        sl_shape_hwc (&l->in, &h, &w, &c);
        if (l->kind == SL_LAYER_CONV || l->kind == SL_LAYER_DENSE)
          {
            fill (l->kernel, (l->kind == SL_LAYER_CONV ? l->kh * l->kw : 1) * c * l->units, 0.05f);
            fill (l->bias, l->units, 0.1f);
          }
        else if (l->kind == SL_LAYER_BATCH_NORM)
          {
            fill (l->beta, c, 0.1f);
            fill (l->moving_mean, c, 0.2f);
            sl_layer_prepare (l);
          }
      }
  fuzz_exercise (model);
  return 0;
}
