/* Keras 2.4's initialisers (keras/initializers/initializers_v2.py): the same distributions and
 * fans. The draws come from GRand, so a seed gives the same weights every time (not TensorFlow's
 * stream). */
#include "train/sl-init.h"

#include "core/sl-error.h"

#include <math.h>
#include <string.h>

/* TensorFlow redraws normal samples beyond two standard deviations; this is the stddev of the
 * standard normal truncated to [−2, 2], which variance scaling divides by to keep the requested
 * variance. */
#define TRUNCATED_STDDEV 0.87962566103423978

void
sl_initializer_glorot_uniform (SlInitializer *init)
{
  *init = (SlInitializer){ .kind = SL_INIT_VARIANCE_SCALING,
                           .scale = 1.0,
                           .mode = SL_FAN_AVG,
                           .distribution = SL_DIST_UNIFORM };
}

void
sl_initializer_zeros (SlInitializer *init)
{
  *init = (SlInitializer){ .kind = SL_INIT_ZEROS };
}

static gboolean
config_double (JsonObject *cfg, const char *name, double def, double *out)
{
  if (!cfg || !json_object_has_member (cfg, name) || json_object_get_null_member (cfg, name))
    {
      *out = def;
      return TRUE;
    }
  JsonNode *n = json_object_get_member (cfg, name);
  if (!JSON_NODE_HOLDS_VALUE (n))
    return FALSE;
  const GType t = json_node_get_value_type (n);
  if (t != G_TYPE_DOUBLE && t != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_double (n);
  return isfinite (*out);
}

static const char *
config_string (JsonObject *cfg, const char *name, const char *def)
{
  if (!cfg || !json_object_has_member (cfg, name))
    return def;
  JsonNode *n = json_object_get_member (cfg, name);
  return JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
             ? json_node_get_string (n)
             : def;
}

/* "GlorotUniform" and "glorot_uniform" name the same thing: compare without case and underscores.
 */
static gboolean
same_name (const char *a, const char *b)
{
  while (*a || *b)
    {
      if (*a == '_')
        a++;
      else if (*b == '_')
        b++;
      else if (g_ascii_tolower (*a++) != g_ascii_tolower (*b++))
        return FALSE;
    }
  return TRUE;
}

gboolean
sl_initializer_parse (JsonNode *node, const char *where, SlInitializer *init, GError **error)
{
  const char *name = NULL;
  JsonObject *cfg = NULL;
  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    name = json_node_get_string (node);
  else if (node && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);
      name = config_string (o, "class_name", NULL);
      if (json_object_has_member (o, "config")
          && JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "config")))
        cfg = json_object_get_object_member (o, "config");
    }
  if (!name)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: the initializer has no class_name",
                   where);
      return FALSE;
    }
  static const struct
  {
    const char *name;
    double scale;
    SlFanMode mode;
    SlDistribution distribution;
  } scaling[] = {
    { "GlorotUniform", 1, SL_FAN_AVG, SL_DIST_UNIFORM },
    { "GlorotNormal", 1, SL_FAN_AVG, SL_DIST_TRUNCATED_NORMAL },
    { "HeUniform", 2, SL_FAN_IN, SL_DIST_UNIFORM },
    { "HeNormal", 2, SL_FAN_IN, SL_DIST_TRUNCATED_NORMAL },
    { "LecunUniform", 1, SL_FAN_IN, SL_DIST_UNIFORM },
    { "LecunNormal", 1, SL_FAN_IN, SL_DIST_TRUNCATED_NORMAL },
  };
  gboolean ok = TRUE;
  memset (init, 0, sizeof *init);
  for (gsize i = 0; i < G_N_ELEMENTS (scaling); i++)
    if (same_name (name, scaling[i].name))
      {
        *init = (SlInitializer){ .kind = SL_INIT_VARIANCE_SCALING,
                                 .scale = scaling[i].scale,
                                 .mode = scaling[i].mode,
                                 .distribution = scaling[i].distribution };
        return TRUE;
      }
  if (same_name (name, "Zeros") || same_name (name, "Zero"))
    init->kind = SL_INIT_ZEROS;
  else if (same_name (name, "Ones") || same_name (name, "One"))
    init->kind = SL_INIT_ONES;
  else if (same_name (name, "Constant"))
    {
      init->kind = SL_INIT_CONSTANT;
      ok = config_double (cfg, "value", 0, &init->value);
    }
  else if (same_name (name, "RandomNormal") || same_name (name, "TruncatedNormal"))
    {
      init->kind
          = same_name (name, "RandomNormal") ? SL_INIT_RANDOM_NORMAL : SL_INIT_TRUNCATED_NORMAL;
      ok = config_double (cfg, "mean", 0, &init->mean)
           && config_double (cfg, "stddev", 0.05, &init->stddev) && init->stddev >= 0;
    }
  else if (same_name (name, "RandomUniform"))
    {
      init->kind = SL_INIT_RANDOM_UNIFORM;
      ok = config_double (cfg, "minval", -0.05, &init->minval)
           && config_double (cfg, "maxval", 0.05, &init->maxval) && init->minval <= init->maxval;
    }
  else if (same_name (name, "VarianceScaling"))
    {
      init->kind = SL_INIT_VARIANCE_SCALING;
      const char *mode = config_string (cfg, "mode", "fan_in");
      const char *dist = config_string (cfg, "distribution", "truncated_normal");
      ok = config_double (cfg, "scale", 1, &init->scale) && init->scale > 0;
      if (!strcmp (mode, "fan_in"))
        init->mode = SL_FAN_IN;
      else if (!strcmp (mode, "fan_out"))
        init->mode = SL_FAN_OUT;
      else if (!strcmp (mode, "fan_avg"))
        init->mode = SL_FAN_AVG;
      else
        ok = FALSE;
      if (!strcmp (dist, "truncated_normal") || !strcmp (dist, "normal"))
        init->distribution = SL_DIST_TRUNCATED_NORMAL;
      else if (!strcmp (dist, "untruncated_normal"))
        init->distribution = SL_DIST_UNTRUNCATED_NORMAL;
      else if (!strcmp (dist, "uniform"))
        init->distribution = SL_DIST_UNIFORM;
      else
        ok = FALSE;
    }
  else
    {
      g_set_error (error, SL_ERROR, SL_ERROR_UNSUPPORTED,
                   "%s: the initializer '%s' is not supported", where, name);
      return FALSE;
    }
  if (!ok)
    g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                 "%s: the initializer '%s' has an invalid configuration", where, name);
  return ok;
}

void
sl_init_fans (guint rank, const gsize *shape, double *fan_in, double *fan_out)
{
  if (rank < 1)
    *fan_in = *fan_out = 1;
  else if (rank == 1)
    *fan_in = *fan_out = (double) shape[0];
  else
    {
      double receptive = 1;
      for (guint i = 0; i + 2 < rank; i++)
        receptive *= (double) shape[i];
      *fan_in = (double) shape[rank - 2] * receptive;
      *fan_out = (double) shape[rank - 1] * receptive;
    }
}

double
sl_initializer_scale_limit (const SlInitializer *init, guint rank, const gsize *shape)
{
  double fan_in, fan_out;
  sl_init_fans (rank, shape, &fan_in, &fan_out);
  const double n = init->mode == SL_FAN_IN    ? fan_in
                   : init->mode == SL_FAN_OUT ? fan_out
                                              : (fan_in + fan_out) / 2;
  const double scale = init->scale / MAX (1.0, n);
  switch (init->distribution)
    {
    case SL_DIST_TRUNCATED_NORMAL:
      return sqrt (scale) / TRUNCATED_STDDEV;
    case SL_DIST_UNTRUNCATED_NORMAL:
      return sqrt (scale);
    case SL_DIST_UNIFORM:
    default:
      return sqrt (3.0 * scale);
    }
}

double
sl_rand_normal (GRand *rng)
{
  /* Box–Muller; 1 − U keeps the logarithm's argument in (0, 1]. */
  const double u1 = 1.0 - g_rand_double (rng);
  const double u2 = g_rand_double (rng);
  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

static double
truncated_normal (GRand *rng)
{
  double z;
  do
    z = sl_rand_normal (rng);
  while (fabs (z) > 2.0);
  return z;
}

void
sl_initializer_fill (const SlInitializer *init, guint rank, const gsize *shape, float *data,
                     GRand *rng)
{
  gsize n = 1;
  for (guint i = 0; i < rank; i++)
    n *= shape[i];
  switch (init->kind)
    {
    case SL_INIT_ZEROS:
    case SL_INIT_ONES:
    case SL_INIT_CONSTANT:
      {
        const float v = init->kind == SL_INIT_ZEROS  ? 0.0f
                        : init->kind == SL_INIT_ONES ? 1.0f
                                                     : (float) init->value;
        for (gsize i = 0; i < n; i++)
          data[i] = v;
        return;
      }
    case SL_INIT_RANDOM_NORMAL:
      for (gsize i = 0; i < n; i++)
        data[i] = (float) (init->mean + init->stddev * sl_rand_normal (rng));
      return;
    case SL_INIT_TRUNCATED_NORMAL:
      for (gsize i = 0; i < n; i++)
        data[i] = (float) (init->mean + init->stddev * truncated_normal (rng));
      return;
    case SL_INIT_RANDOM_UNIFORM:
      for (gsize i = 0; i < n; i++)
        data[i] = (float) g_rand_double_range (rng, init->minval, init->maxval);
      return;
    case SL_INIT_VARIANCE_SCALING:
      {
        const double s = sl_initializer_scale_limit (init, rank, shape);
        for (gsize i = 0; i < n; i++)
          {
            double v;
            if (init->distribution == SL_DIST_UNIFORM)
              v = g_rand_double_range (rng, -s, s);
            else if (init->distribution == SL_DIST_TRUNCATED_NORMAL)
              v = s * truncated_normal (rng);
            else
              v = s * sl_rand_normal (rng);
            data[i] = (float) v;
          }
        return;
      }
    }
}
