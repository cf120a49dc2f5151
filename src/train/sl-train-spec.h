/* sl-train-spec.h — each layer's initialisers, regularisers, trainability from a Keras config. */
#pragma once

#include "engine/sl-model.h"
#include "train/sl-init.h"

G_BEGIN_DECLS

/* loss += l1·Σ|w| + l2·Σw², as Keras' L1, L2 and L1L2 regularisers. */
typedef struct
{
  double l1, l2;
} SlRegularizer;

typedef struct
{
  gboolean has_params; /* a convolution or dense layer (the kinds the trainer updates) */
  gboolean trainable;  /* Keras' "trainable" (TRUE unless the config says false) */
  SlInitializer kernel_init, bias_init;
  SlRegularizer kernel_reg, bias_reg;
  double dropout_rate; /* Dropout layers: the config's "rate" */
} SlLayerSpec;

typedef struct
{
  guint n_layers;
  SlLayerSpec *layers; /* one per model layer, in the model's order */
} SlTrainSpec;

/* Reads the spec of every layer of `model` from its config_json. */
SlTrainSpec *sl_train_spec_new   (const SlModel *model,
                                  GError       **error);
void         sl_train_spec_free  (SlTrainSpec   *spec);

/* A Keras regularizer object (null: none); `where` names it in errors. */
gboolean     sl_regularizer_parse (JsonNode      *node,
                                   const char    *where,
                                   SlRegularizer *reg,
                                   GError       **error);

/* Draws one convolution or dense layer's kernel, then its bias, from `spec`'s initialisers. */
void         sl_train_spec_init_layer   (const SlLayerSpec *spec,
                                         SlLayer           *layer,
                                         GRand             *rng);

/* Draws every kernel and bias of `model` from its initialisers with a GRand seeded with `seed`,
 * layer by layer in order (kernel, then bias): the same seed gives the same weights. */
void         sl_train_spec_init_weights (const SlTrainSpec *spec,
                                         SlModel           *model,
                                         guint32            seed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlTrainSpec, sl_train_spec_free)

G_END_DECLS
