/* sl-keras-weights.h — engine-internal: a layer's weights in Keras' order, read checked. */
#pragma once

#include "engine/sl-model.h"

#include <hdf5.h>

G_BEGIN_DECLS

typedef struct
{
  const char *suffix; /* Keras' name of the weight: "kernel", "bias", "gamma", … */
  float **dest;
  guint rank;
  gsize dims[4];
} SlWeightSlot;

/* The weights layer `l` holds, in Keras' variable order (Conv/Dense: kernel, bias;
 * BatchNormalization: gamma, beta, moving_mean, moving_variance, minus those its config leaves
 * out). */
guint sl_keras_weight_slots (SlLayer *l, SlWeightSlot slots[6]);
/* Reads `dataset` of `group` into *slot->dest after checking its shape against the slot and every
 * value for NaN/infinity. */
gboolean sl_keras_read_weight (hid_t group, const char *dataset, const char *path, const SlLayer *l,
                               const SlWeightSlot *slot, GError **error);

/* A Keras 2.x HDF5 model file (sl_model_load dispatches here). */
SlModel *sl_keras_h5_load (const char *path, GError **error);

G_END_DECLS
