/* sl-model.h — a Keras CNN (Sequential or single-chain Functional) held in memory, ready to run. */

/* Concurrency: a model is read-only once loaded (weights included; training works on its own copy,
 * sl_model_copy), so several threads may run it at once, each with its own SlRun. It is
 * reference-counted: whoever keeps it past the caller's lifetime (a job) takes a reference. */
#pragma once

#include "engine/sl-layer.h"

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *path;          /* file it came from, or NULL */
  char *name;          /* Keras model name */
  char *class_name;    /* "Sequential" or "Functional" */
  char *keras_version; /* as recorded in the file, or NULL */
  char *config_json;   /* the model_config text */
  SlShape input;
  char *input_layer_name; /* a Functional model's InputLayer (shown in its summary), else NULL */
  guint n_layers;
  SlLayer *layers;     /* in execution order, without the input layer */
  guint n_classes;     /* units of the last layer */
  /* The final activation (softmax usually) is applied apart: the last layer's stored output is the
   * logits, and probabilities come from sl_scores_*. */
  SlActParams final_act;
  gsize total_params;
  gint extra_refs;     /* references beyond the first (sl_model_ref); 0 for a new model */
} SlModel;

/* A model from a Keras `model_config` JSON text, weights zero-filled. `origin` names the file in errors. */
SlModel    *sl_model_new_from_json   (const char  *config_json,
                                      const char  *origin,
                                      GError     **error);
/* A Keras model file: Keras 2.x HDF5 (model_config + model_weights) or a Keras 3 `.keras` archive,
 * told apart by content. */
SlModel    *sl_model_load            (const char  *path,
                                      GError     **error);
/* Drops a reference: frees the model with the last one (g_autoptr (SlModel) drops one too). */
void        sl_model_free            (SlModel     *model);
SlModel    *sl_model_ref             (SlModel     *model);
void        sl_model_unref           (SlModel     *model);
/* A deep copy (weights included) with a reference count of its own, e.g. to train. */
SlModel    *sl_model_copy            (const SlModel *model);

/* Index of a layer by name, or -1. */
int         sl_model_find_layer      (const SlModel *model,
                                      const char    *name);
/* The last convolution layer (the CAM methods' default), or -1. */
int         sl_model_last_conv       (const SlModel *model);
/* Shape of the output of layer i (i = -1: the input). */
const SlShape *sl_model_shape        (const SlModel *model,
                                      int            layer);

/* Keras-style summary: a text table, or JSON {layers: [{name, type, output_shape, params}], total_params}. */
char       *sl_model_summary_text    (const SlModel *model);
JsonNode   *sl_model_summary_json    (const SlModel *model);

/* Total multiply-adds ×2 of one forward pass of one sample. */
double      sl_model_flops           (const SlModel *model);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlModel, sl_model_free)

G_END_DECLS
