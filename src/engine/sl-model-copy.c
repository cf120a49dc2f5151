/* A deep copy of a model, weights included (training works on its own copy while the window keeps
 * showing the original). */
#include "engine/sl-model.h"

#include <string.h>

static float *
dup_floats (const float *v, gsize n)
{
  return v ? g_memdup2 (v, n * sizeof (float)) : NULL;
}

static void
copy_layer (const SlLayer *src, SlLayer *dst)
{
  *dst = *src;
  dst->name = g_strdup (src->name);
  dst->class_name = g_strdup (src->class_name);
  /* The sizes the configuration parser allocated (sl-keras-config.c). */
  const gsize c = src->in.rank ? src->in.d[src->in.rank - 1] : 0;
  const gsize k = src->kind == SL_LAYER_CONV ? src->kh * src->kw * c : c;
  dst->kernel = dup_floats (src->kernel, k * src->units);
  dst->bias = dup_floats (src->bias, src->units);
  dst->gamma = dup_floats (src->gamma, c);
  dst->beta = dup_floats (src->beta, c);
  dst->moving_mean = dup_floats (src->moving_mean, c);
  dst->moving_var = dup_floats (src->moving_var, c);
  dst->bn_scale = dup_floats (src->bn_scale, c);
  dst->bn_shift = dup_floats (src->bn_shift, c);
}

SlModel *
sl_model_copy (const SlModel *model)
{
  SlModel *copy = g_new0 (SlModel, 1);
  *copy = *model;
  copy->extra_refs = 0;
  copy->path = g_strdup (model->path);
  copy->name = g_strdup (model->name);
  copy->class_name = g_strdup (model->class_name);
  copy->keras_version = g_strdup (model->keras_version);
  copy->config_json = g_strdup (model->config_json);
  copy->input_layer_name = g_strdup (model->input_layer_name);
  copy->layers = g_new0 (SlLayer, MAX (model->n_layers, 1));
  for (guint i = 0; i < model->n_layers; i++)
    copy_layer (&model->layers[i], &copy->layers[i]);
  return copy;
}
