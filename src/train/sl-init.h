/* sl-init.h — Keras' weight initialisers (GlorotUniform, RandomNormal, Zeros …), seeded. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  SL_INIT_ZEROS,
  SL_INIT_ONES,
  SL_INIT_CONSTANT,         /* value */
  SL_INIT_RANDOM_NORMAL,    /* mean, stddev */
  SL_INIT_RANDOM_UNIFORM,   /* minval, maxval */
  SL_INIT_TRUNCATED_NORMAL, /* mean, stddev; redrawn beyond two stddev, as in TensorFlow */
  SL_INIT_VARIANCE_SCALING, /* scale, mode, distribution: GlorotUniform, HeNormal, LecunNormal … */
} SlInitKind;

typedef enum
{
  SL_FAN_IN,
  SL_FAN_OUT,
  SL_FAN_AVG,
} SlFanMode;

typedef enum
{
  SL_DIST_TRUNCATED_NORMAL,
  SL_DIST_UNTRUNCATED_NORMAL,
  SL_DIST_UNIFORM,
} SlDistribution;

typedef struct
{
  SlInitKind kind;
  double mean, stddev;   /* normal kinds */
  double minval, maxval; /* RandomUniform */
  double value;          /* Constant */
  double scale;          /* VarianceScaling */
  SlFanMode mode;
  SlDistribution distribution;
} SlInitializer;

/* Keras' defaults: GlorotUniform for kernels, Zeros for biases. */
void     sl_initializer_glorot_uniform (SlInitializer *init);
void     sl_initializer_zeros          (SlInitializer *init);

/* A Keras initializer object {"class_name": …, "config": {…}} (or a bare name such as
 * "glorot_uniform"); `where` names it in errors. */
gboolean sl_initializer_parse          (JsonNode      *node,
                                        const char    *where,
                                        SlInitializer *init,
                                        GError       **error);

/* Keras' fans of a weight shape: (…, in, out) with the leading axes as the receptive field. */
void     sl_init_fans                  (guint          rank,
                                        const gsize   *shape,
                                        double        *fan_in,
                                        double        *fan_out);

/* Fills the weight of shape `shape` (rank dims, Keras order) with draws from `rng`. */
void     sl_initializer_fill           (const SlInitializer *init,
                                        guint                rank,
                                        const gsize         *shape,
                                        float               *data,
                                        GRand               *rng);

/* The uniform limit or normal stddev that variance scaling uses for a shape (for tests). */
double   sl_initializer_scale_limit    (const SlInitializer *init,
                                        guint                rank,
                                        const gsize         *shape);

/* A standard normal draw (Box–Muller on GRand). */
double   sl_rand_normal                (GRand *rng);

G_END_DECLS
