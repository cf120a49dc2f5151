/* test-compat-h5.c — a compatibility set of real Keras `.h5` models from public repositories
 * (tests/data/compat-h5/README.md). Each one the engine can run opens with sl_model_load and gives
 * the logits of the test's own float64 reading of the file (libhdf5 and json-glib directly, a naive
 * forward pass); each one it cannot run (LSTM, several inputs, nested models…) is refused with the
 * message the table names, as unsupported — never as damaged. Absent files are skipped. Two
 * regression tests rebuild, from the suite's own models, what two of them showed: a Keras 3
 * Functional model saved as .h5, and an object header whose numbers look like a heap reference. */
#include "core/sl-error.h"
#include "engine/sl-keras-save.h"
#include "engine/sl-keras-weights.h"
#include "engine/sl-keras3.h"
#include "engine/sl-model-builtin.h"
#include "engine/sl-model.h"
#include "engine/sl-run.h"
#include "sl-test-util.h"

#include "keras-test-util.h"

#include <hdf5.h>
#include <string.h>

/* ---- the files ---- */

typedef struct
{
  const char *file;    /* in tests/data/compat-h5 (or $SL_COMPAT_H5_DIR) */
  const char *version; /* its keras_version attribute */
  gsize params;        /* total parameters, for the files that open */
  const char *refusal; /* NULL: it must open; else what the unsupported-model error must say */
} CompatFile;

static const CompatFile compat_files[] = {
  { "alex-f4-neuron.h5", "2.1.6-tf", 205, NULL },
  { "mreliptik-mnist-cnn.h5", "2.2.4", 0, NULL },
  { "remoyukoff-mnist-cnn.h5", "2.2.4", 0, NULL },
  { "mpkuse-mnist-cnn.h5", "2.2.4-tf", 389130, NULL },
  { "ikukang-mnist-cnn.h5", "2.3.1", 93322, NULL },
  { "binhgo-mnist-cnn.h5", "2.4.0", 13610, NULL },
  { "pixelattack-mnist-mlp.h5", "2.4.0", 535818, NULL },
  { "kilneta-mnist-cnn.h5", "2.10.0", 242062, NULL },
  { "hepatel-mnist-cnn.h5", "2.11.0", 81066, NULL },
  { "aryan-digit-mlp.h5", "2.11.0", 101770, NULL },
  { "sada-sound-mlp.h5", "2.12.0", 139530, NULL },
  { "mfarooq2-functional-fcn1d-bn.h5", "2.12.0", 89060, NULL },
  { "sandeepan-cnn1d-v1.h5", "2.13.1", 6561, NULL },
  { "sandeepan-cnn1d-v2.h5", "2.13.1", 5761, NULL },
  { "alexadenuga-ford-fcn1d-bn.h5", "2.13.1", 25858, NULL },
  { "hakim-cifar10-cnn.h5", "2.15.0", 122570, NULL },
  { "annit-arrhythmia-functional-cnn1d-bn.h5", "2.15.0", 53038, NULL },
  { "niteshg97-har-pruned-mlp.h5", "2.19.0", 38246, NULL },
  { "janithab-mnist-cnn.h5", "3.4.1", 34826, NULL },
  { "ilham-ids-cnn1d.h5", "3.8.0", 1089, NULL },
  { "gagan-alphabet-cnn-bn.h5", "3.10.0", 334842, NULL },
  { "synthblade7-ecg-cnn1d-bn.h5", "3.10.0", 193925, NULL },
  { "zshyka-ecg-cnn1d.h5", "3.10.0", 23586, NULL },
  { "yoshika-handpd-cnn1d.h5", "3.10.0", 41345, NULL },
  { "niteshg97-har-mlp.h5", "3.10.0", 38246, NULL },
  { "katiar-breast-functional-cnn1d.h5", "3.10.0", 0, NULL },
  { "bear997-mnist-cnn.h5", "3.11.3", 693962, NULL },
  { "bhanu-churn-cnn1d.h5", "3.12.0", 10561, NULL },
  { "savneet-ecg-cnn1d.h5", "3.13.2", 753, NULL },
  { "ankit-churn-dense.h5", "3.8.0", 2945, NULL },
  /* Not runnable here: refused as unsupported, naming what. */
  { "lstm-multi.h5", "2.3.1", 0, "layer 'lstm_1' has the unsupported type LSTM" },
  { "andrew-fall-bilstm.h5", "2.10.0", 0,
    "layer 'bidirectional_1' has the unsupported type Bidirectional" },
  { "kb2100-ecg-lstm.h5", "3.8.0", 0, "layer 'lstm' has the unsupported type LSTM" },
  { "krish-speech-lstm.h5", "3.10.0", 0, "layer 'lstm' has the unsupported type LSTM" },
  { "nithish-har-lstm.h5", "3.12.1", 0, "layer 'lstm' has the unsupported type LSTM" },
  { "rana-har-lstm.h5", "3.8.0", 0, "layer 'lstm_2' has the unsupported type LSTM" },
  { "sandeepan-cnn1d-4heads.h5", "2.13.1", 0, "layer 'concatenate' is called with several inputs" },
  { "muhibkc-ecg-attention.h5", "2.14.0", 0,
    "layer 'tf.math.not_equal' is called with several inputs" },
  { "nicky-teachable-mobilenet.h5", "2.4.0", 0,
    "layer 'sequential_9' has the unsupported type Sequential" },
};

static char *
compat_path (const char *file)
{
  const char *dir = g_getenv ("SL_COMPAT_H5_DIR");
  return dir ? g_build_filename (dir, file, NULL)
             : g_test_build_filename (G_TEST_DIST, "data", "compat-h5", file, NULL);
}

/* ---- the test's own reading of a Keras .h5 file ---- */

/* A string attribute (scalar, or element i of a 1-D array), fixed or variable length. */
static char *
string_attr (hid_t obj, const char *name, hsize_t i)
{
  if (H5Aexists (obj, name) <= 0)
    return NULL;
  const hid_t a = H5Aopen (obj, name, H5P_DEFAULT);
  const hid_t type = H5Aget_type (a), space = H5Aget_space (a);
  g_assert_cmpint (H5Tget_class (type), ==, H5T_STRING);
  const hssize_t n = H5Sget_simple_extent_npoints (space);
  g_assert_cmpint ((hssize_t)i, <, n);
  char *out = NULL;
  const hid_t mem = H5Tcopy (H5T_C_S1);
  if (H5Tis_variable_str (type) > 0)
    {
      H5Tset_size (mem, H5T_VARIABLE);
      char **all = g_new0 (char *, n);
      g_assert_cmpint (H5Aread (a, mem, all), >=, 0);
      out = g_strdup (all[i]);
      for (hssize_t k = 0; k < n; k++)
        H5free_memory (all[k]);
      g_free (all);
    }
  else
    {
      /* One byte more than the file's: its null-padded strings may fill their size. */
      const gsize size = H5Tget_size (type) + 1;
      H5Tset_size (mem, size);
      g_autofree char *all = g_malloc0 ((gsize)n * size);
      g_assert_cmpint (H5Aread (a, mem, all), >=, 0);
      out = g_strndup (all + i * size, size);
    }
  H5Tclose (mem);
  H5Sclose (space);
  H5Tclose (type);
  H5Aclose (a);
  return out;
}

static hssize_t
attr_length (hid_t obj, const char *name)
{
  const hid_t a = H5Aopen (obj, name, H5P_DEFAULT);
  const hid_t space = H5Aget_space (a);
  const hssize_t n = H5Sget_simple_extent_npoints (space);
  H5Sclose (space);
  H5Aclose (a);
  return n;
}

/* One layer's weights by role, as float64, with the kernel's shape. */
typedef struct
{
  double *kernel, *bias, *gamma, *beta, *mean, *var;
  guint kernel_rank;
  hsize_t kernel_dims[4];
} Weights;

static void
weights_clear (Weights *w)
{
  g_free (w->kernel);
  g_free (w->bias);
  g_free (w->gamma);
  g_free (w->beta);
  g_free (w->mean);
  g_free (w->var);
}

/* model_weights/<layer>, following its weight_names attribute: "…/kernel:0" is the kernel. */
static void
read_weights (hid_t file, const char *layer, Weights *w)
{
  g_autofree char *group_path = g_strdup_printf ("model_weights/%s", layer);
  const hid_t g = H5Gopen2 (file, group_path, H5P_DEFAULT);
  g_assert_cmpint (g, >=, 0);
  const hssize_t n = attr_length (g, "weight_names");
  for (hssize_t i = 0; i < n; i++)
    {
      g_autofree char *name = string_attr (g, "weight_names", (hsize_t)i);
      const char *base = strrchr (name, '/') ? strrchr (name, '/') + 1 : name;
      g_autofree char *role = g_strndup (base, strcspn (base, ":"));
      const hid_t ds = H5Dopen2 (g, name, H5P_DEFAULT);
      g_assert_cmpint (ds, >=, 0);
      const hid_t space = H5Dget_space (ds);
      hsize_t dims[4];
      const int rank = H5Sget_simple_extent_dims (space, NULL, NULL);
      g_assert_cmpint (rank, >=, 1);
      g_assert_cmpint (rank, <=, 4);
      H5Sget_simple_extent_dims (space, dims, NULL);
      double *v = g_new (double, H5Sget_simple_extent_npoints (space));
      g_assert_cmpint (H5Dread (ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v), >=, 0);
      H5Sclose (space);
      H5Dclose (ds);
      double **slot = !strcmp (role, "kernel")            ? &w->kernel
                      : !strcmp (role, "bias")            ? &w->bias
                      : !strcmp (role, "gamma")           ? &w->gamma
                      : !strcmp (role, "beta")            ? &w->beta
                      : !strcmp (role, "moving_mean")     ? &w->mean
                      : !strcmp (role, "moving_variance") ? &w->var
                                                          : NULL;
      if (!slot)
        g_error ("%s: unexpected weight %s", layer, name);
      g_assert_null (*slot);
      *slot = v;
      if (slot == &w->kernel)
        {
          w->kernel_rank = (guint)rank;
          memcpy (w->kernel_dims, dims, sizeof dims);
        }
    }
  H5Gclose (g);
}

/* ---- JSON access ---- */

static JsonNode *
get (JsonObject *o, const char *name)
{
  return o && json_object_has_member (o, name) ? json_object_get_member (o, name) : NULL;
}

static const char *
get_string (JsonObject *o, const char *name)
{
  JsonNode *n = get (o, name);
  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
             ? json_node_get_string (n)
             : NULL;
}

static JsonObject *
get_object (JsonObject *o, const char *name)
{
  JsonNode *n = get (o, name);
  return n && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

static JsonArray *
get_array (JsonObject *o, const char *name)
{
  JsonNode *n = get (o, name);
  return n && JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
}

/* An int or element i of an int list (kernel_size 3 or [3, 3]); `dflt` when absent or null. */
static gsize
int_at (JsonObject *cfg, const char *name, guint i, gsize dflt)
{
  JsonNode *n = get (cfg, name);
  if (!n || JSON_NODE_HOLDS_NULL (n))
    return dflt;
  if (JSON_NODE_HOLDS_ARRAY (n))
    {
      JsonArray *a = json_node_get_array (n);
      return (gsize)json_array_get_int_element (a, MIN (i, json_array_get_length (a) - 1));
    }
  return (gsize)json_node_get_int (n);
}

static double
double_or (JsonObject *cfg, const char *name, double dflt)
{
  JsonNode *n = get (cfg, name);
  return n && JSON_NODE_HOLDS_VALUE (n) ? json_node_get_double (n) : dflt;
}

/* "relu", or Keras 3's {"class_name": "function", "config": "relu"}. */
static const char *
activation_of (JsonObject *cfg)
{
  JsonNode *n = get (cfg, "activation");
  if (!n || JSON_NODE_HOLDS_NULL (n))
    return "linear";
  if (JSON_NODE_HOLDS_OBJECT (n))
    return get_string (json_node_get_object (n), "config");
  return json_node_get_string (n);
}

/* ---- the naive forward pass ---- */

/* Channels-last (h, w, c); a 1-D signal is (1, L, C), a vector (1, 1, F). */
typedef struct
{
  gsize h, w, c;
  double *v;
  guint rank; /* as Keras sees it, without the batch axis */
} Tensor;

static double
elementwise (const char *act, double x)
{
  if (!strcmp (act, "linear"))
    return x;
  if (!strcmp (act, "relu"))
    return fmax (x, 0);
  if (!strcmp (act, "sigmoid"))
    return 1 / (1 + exp (-x));
  if (!strcmp (act, "tanh"))
    return tanh (x);
  if (!strcmp (act, "elu"))
    return x > 0 ? x : exp (x) - 1;
  if (!strcmp (act, "selu"))
    return 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * (exp (x) - 1));
  if (!strcmp (act, "softplus"))
    return log1p (exp (x));
  if (!strcmp (act, "swish") || !strcmp (act, "silu"))
    return x / (1 + exp (-x));
  g_error ("activation %s is not in the test's reading", act);
}

/* `act` over t in place; softmax runs over the last axis. */
static void
activate (const char *act, Tensor *t)
{
  const gsize positions = t->h * t->w;
  if (strcmp (act, "softmax") != 0)
    {
      for (gsize k = 0; k < positions * t->c; k++)
        t->v[k] = elementwise (act, t->v[k]);
      return;
    }
  for (gsize p = 0; p < positions; p++)
    {
      double *row = t->v + p * t->c, m = -INFINITY, sum = 0;
      for (gsize q = 0; q < t->c; q++)
        m = fmax (m, row[q]);
      for (gsize q = 0; q < t->c; q++)
        sum += row[q] = exp (row[q] - m);
      for (gsize q = 0; q < t->c; q++)
        row[q] /= sum;
    }
}

/* Output length and padding before, for a window of extent k (dilated) with stride s over n. */
static gsize
window_out (const char *padding, gsize n, gsize k, gsize s, long *before)
{
  *before = 0;
  if (!strcmp (padding, "valid"))
    {
      g_assert_cmpuint (n, >=, k);
      return (n - k) / s + 1;
    }
  if (!strcmp (padding, "causal"))
    {
      *before = (long)k - 1;
      return (n - 1) / s + 1;
    }
  g_assert_cmpstr (padding, ==, "same");
  const gsize out = (n + s - 1) / s;
  const gsize need = (out - 1) * s + k;
  *before = need > n ? (long)(need - n) / 2 : 0; /* TensorFlow: the smaller half before */
  return out;
}

static Tensor
conv (JsonObject *cfg, gboolean two_d, const Tensor *t, const Weights *w)
{
  const gsize kh = two_d ? int_at (cfg, "kernel_size", 0, 1) : 1;
  const gsize kw = int_at (cfg, "kernel_size", two_d ? 1 : 0, 1);
  const gsize sh = two_d ? int_at (cfg, "strides", 0, 1) : 1;
  const gsize sw = int_at (cfg, "strides", two_d ? 1 : 0, 1);
  const gsize dh = two_d ? int_at (cfg, "dilation_rate", 0, 1) : 1;
  const gsize dw = int_at (cfg, "dilation_rate", two_d ? 1 : 0, 1);
  const gsize f = int_at (cfg, "filters", 0, 0);
  g_assert_cmpuint (int_at (cfg, "groups", 0, 1), ==, 1);
  g_assert_cmpuint (w->kernel_rank, ==, two_d ? 4 : 3);
  g_assert_cmpuint (w->kernel_dims[w->kernel_rank - 2], ==, t->c);
  const char *padding = get_string (cfg, "padding");
  long top, left;
  Tensor o = { 1, 1, f, NULL, t->rank };
  o.h = two_d ? window_out (padding, t->h, (kh - 1) * dh + 1, sh, &top) : (top = 0, 1);
  o.w = window_out (padding, t->w, (kw - 1) * dw + 1, sw, &left);
  o.v = g_new (double, o.h *o.w *f);
  for (gsize i = 0; i < o.h; i++)
    for (gsize j = 0; j < o.w; j++)
      for (gsize q = 0; q < f; q++)
        {
          double acc = w->bias ? w->bias[q] : 0;
          for (gsize a = 0; a < kh; a++)
            for (gsize b = 0; b < kw; b++)
              {
                const long y = (long)(i * sh + a * dh) - top;
                const long x = (long)(j * sw + b * dw) - left;
                if (y < 0 || x < 0 || y >= (long)t->h || x >= (long)t->w)
                  continue;
                const double *in = t->v + ((gsize)y * t->w + (gsize)x) * t->c;
                const double *k = w->kernel + (a * kw + b) * t->c * f + q;
                for (gsize c = 0; c < t->c; c++)
                  acc += in[c] * k[c * f];
              }
          o.v[(i * o.w + j) * f + q] = acc;
        }
  return o;
}

static Tensor
pool (JsonObject *cfg, gboolean two_d, gboolean max, const Tensor *t)
{
  const gsize ph = two_d ? int_at (cfg, "pool_size", 0, 2) : 1;
  const gsize pw = int_at (cfg, "pool_size", two_d ? 1 : 0, 2);
  const gsize sh = two_d ? int_at (cfg, "strides", 0, ph) : 1;
  const gsize sw = int_at (cfg, "strides", two_d ? 1 : 0, pw);
  const char *padding = get_string (cfg, "padding");
  long top, left;
  Tensor o = { 1, 1, t->c, NULL, t->rank };
  o.h = two_d ? window_out (padding ? padding : "valid", t->h, ph, sh, &top) : (top = 0, 1);
  o.w = window_out (padding ? padding : "valid", t->w, pw, sw, &left);
  o.v = g_new (double, o.h *o.w * t->c);
  for (gsize i = 0; i < o.h; i++)
    for (gsize j = 0; j < o.w; j++)
      for (gsize c = 0; c < t->c; c++)
        {
          double m = -INFINITY, sum = 0;
          gsize count = 0;
          for (gsize a = 0; a < ph; a++)
            for (gsize b = 0; b < pw; b++)
              {
                const long y = (long)(i * sh + a) - top, x = (long)(j * sw + b) - left;
                if (y < 0 || x < 0 || y >= (long)t->h || x >= (long)t->w)
                  continue; /* padding takes no part, in either kind */
                const double v = t->v[((gsize)y * t->w + (gsize)x) * t->c + c];
                m = fmax (m, v);
                sum += v;
                count++;
              }
          o.v[(i * o.w + j) * t->c + c] = max ? m : sum / (double)count;
        }
  return o;
}

static Tensor
global_pool (gboolean max, const Tensor *t)
{
  Tensor o = { 1, 1, t->c, g_new (double, t->c), 1 };
  for (gsize c = 0; c < t->c; c++)
    {
      double m = -INFINITY, sum = 0;
      for (gsize p = 0; p < t->h * t->w; p++)
        {
          m = fmax (m, t->v[p * t->c + c]);
          sum += t->v[p * t->c + c];
        }
      o.v[c] = max ? m : sum / (double)(t->h * t->w);
    }
  return o;
}

/* Keras' Dense acts on the last axis, position by position. */
static Tensor
dense (JsonObject *cfg, const Tensor *t, const Weights *w)
{
  const gsize units = int_at (cfg, "units", 0, 0);
  g_assert_cmpuint (w->kernel_rank, ==, 2);
  g_assert_cmpuint (w->kernel_dims[0], ==, t->c);
  g_assert_cmpuint (w->kernel_dims[1], ==, units);
  Tensor o = { t->h, t->w, units, g_new (double, t->h * t->w * units), t->rank };
  for (gsize p = 0; p < t->h * t->w; p++)
    for (gsize u = 0; u < units; u++)
      {
        double acc = w->bias ? w->bias[u] : 0;
        for (gsize i = 0; i < t->c; i++)
          acc += t->v[p * t->c + i] * w->kernel[i * units + u];
        o.v[p * units + u] = acc;
      }
  return o;
}

/* Inference: (x − mean) / sqrt(var + eps) · γ + β over the last axis. */
static void
batch_norm (JsonObject *cfg, Tensor *t, const Weights *w)
{
  JsonNode *axis = get (cfg, "axis");
  const gint64 a = JSON_NODE_HOLDS_ARRAY (axis)
                       ? json_array_get_int_element (json_node_get_array (axis), 0)
                       : json_node_get_int (axis);
  g_assert_true (a == -1 || a == (gint64)t->rank); /* the last axis, counted from the batch's */
  const double eps = double_or (cfg, "epsilon", 1e-3);
  for (gsize p = 0; p < t->h * t->w; p++)
    for (gsize c = 0; c < t->c; c++)
      {
        double *x = &t->v[p * t->c + c];
        *x = (*x - w->mean[c]) / sqrt (w->var[c] + eps) * (w->gamma ? w->gamma[c] : 1)
             + (w->beta ? w->beta[c] : 0);
      }
}

/* The layers of a Functional model from its output back to its input, a single chain. */
static GPtrArray *
functional_chain (JsonObject *config)
{
  JsonArray *layers = get_array (config, "layers");
  g_autoptr (GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < json_array_get_length (layers); i++)
    {
      JsonObject *lo = json_array_get_object_element (layers, i);
      const char *name = get_string (lo, "name");
      g_hash_table_insert (
          by_name, (gpointer)(name ? name : get_string (get_object (lo, "config"), "name")), lo);
    }
  JsonArray *outs = get_array (config, "output_layers");
  JsonNode *o0 = json_array_get_element (outs, 0);
  const char *cur = JSON_NODE_HOLDS_ARRAY (o0)
                        ? json_array_get_string_element (json_node_get_array (o0), 0)
                        : json_node_get_string (o0);
  GPtrArray *chain = g_ptr_array_new ();
  while (cur)
    {
      JsonObject *lo = g_hash_table_lookup (by_name, cur);
      g_assert_nonnull (lo);
      g_ptr_array_insert (chain, 0, lo);
      JsonArray *inbound = get_array (lo, "inbound_nodes");
      if (!inbound || json_array_get_length (inbound) == 0)
        break;
      g_assert_cmpuint (json_array_get_length (inbound), ==, 1);
      JsonNode *node = json_array_get_element (inbound, 0);
      if (JSON_NODE_HOLDS_ARRAY (node)) /* Keras 2: [["source", 0, 0, {}]] */
        {
          JsonArray *tensors = json_node_get_array (node);
          g_assert_cmpuint (json_array_get_length (tensors), ==, 1);
          cur = json_array_get_string_element (json_array_get_array_element (tensors, 0), 0);
        }
      else /* Keras 3: {"args": [{"class_name": "__keras_tensor__", ... "keras_history": [...]}]} */
        {
          JsonArray *args = get_array (json_node_get_object (node), "args");
          g_assert_cmpuint (json_array_get_length (args), ==, 1);
          JsonObject *tensor = get_object (json_array_get_object_element (args, 0), "config");
          cur = json_array_get_string_element (get_array (tensor, "keras_history"), 0);
        }
    }
  return chain;
}

/* The input shape: an InputLayer's, the first layer's batch_input_shape, or Keras 3's
 * build_input_shape of a Sequential model. */
static Tensor
input_tensor (JsonObject *config, JsonObject *first_layer)
{
  JsonObject *first = get_object (first_layer, "config");
  JsonArray *shape = get_array (first, "batch_input_shape");
  if (!shape)
    shape = get_array (first, "batch_shape");
  if (!shape)
    shape = get_array (config, "build_input_shape");
  g_assert_nonnull (shape);
  gsize d[3];
  const guint rank = json_array_get_length (shape) - 1;
  g_assert_cmpuint (rank, >=, 1);
  g_assert_cmpuint (rank, <=, 3);
  for (guint i = 0; i < rank; i++)
    d[i] = (gsize)json_array_get_int_element (shape, i + 1);
  return rank == 1   ? (Tensor){ 1, 1, d[0], NULL, 1 }
         : rank == 2 ? (Tensor){ 1, d[0], d[1], NULL, 2 }
                     : (Tensor){ d[0], d[1], d[2], NULL, 3 };
}

static gboolean
is_activation_layer (const char *cls)
{
  return !strcmp (cls, "Activation") || !strcmp (cls, "ReLU") || !strcmp (cls, "LeakyReLU")
         || !strcmp (cls, "Softmax") || !strcmp (cls, "ELU");
}

/* Runs one layer on t (replaced); `skip_act`: leave out the layer's own activation (the logits). */
static void
run_layer (hid_t file, JsonObject *lo, Tensor *t, gboolean skip_act)
{
  const char *cls = get_string (lo, "class_name");
  JsonObject *cfg = get_object (lo, "config");
  const char *name = get_string (cfg, "name");
  Weights w = { 0 };
  if (!strcmp (cls, "Conv1D") || !strcmp (cls, "Conv2D") || !strcmp (cls, "Dense")
      || !strcmp (cls, "BatchNormalization"))
    read_weights (file, name, &w);
  Tensor o = *t;
  if (!strcmp (cls, "Conv1D") || !strcmp (cls, "Conv2D"))
    o = conv (cfg, cls[4] == '2', t, &w);
  else if (!strcmp (cls, "Dense"))
    o = dense (cfg, t, &w);
  else if (!strcmp (cls, "MaxPooling1D") || !strcmp (cls, "MaxPooling2D")
           || !strcmp (cls, "AveragePooling1D") || !strcmp (cls, "AveragePooling2D"))
    o = pool (cfg, g_str_has_suffix (cls, "2D"), cls[0] == 'M', t);
  else if (g_str_has_prefix (cls, "GlobalMaxPooling")
           || g_str_has_prefix (cls, "GlobalAveragePooling"))
    o = global_pool (cls[6] == 'M', t);
  else if (!strcmp (cls, "Flatten"))
    o = (Tensor){ 1, 1, t->h * t->w * t->c, t->v, 1 };
  else if (!strcmp (cls, "BatchNormalization"))
    batch_norm (cfg, &o, &w);
  else if (!strcmp (cls, "Activation") && !skip_act)
    activate (activation_of (cfg), &o);
  else if (!strcmp (cls, "ReLU") && !skip_act)
    {
      const double cap = double_or (cfg, "max_value", INFINITY);
      const double slope = double_or (cfg, "negative_slope", 0);
      const double threshold = double_or (cfg, "threshold", 0);
      for (gsize k = 0; k < o.h * o.w * o.c; k++)
        o.v[k] = o.v[k] >= threshold ? fmin (o.v[k], cap) : slope * (o.v[k] - threshold);
    }
  else if (!strcmp (cls, "LeakyReLU") && !skip_act)
    {
      const double alpha = double_or (cfg, "negative_slope", double_or (cfg, "alpha", 0.3));
      for (gsize k = 0; k < o.h * o.w * o.c; k++)
        o.v[k] = o.v[k] >= 0 ? o.v[k] : alpha * o.v[k];
    }
  else if (!strcmp (cls, "Softmax") && !skip_act)
    activate ("softmax", &o);
  else if (strcmp (cls, "Dropout") != 0 && strcmp (cls, "InputLayer") != 0
           && !is_activation_layer (cls))
    g_error ("layer %s (%s) is not in the test's reading", name, cls);
  if ((!strcmp (cls, "Conv1D") || !strcmp (cls, "Conv2D") || !strcmp (cls, "Dense")) && !skip_act)
    activate (activation_of (cfg), &o);
  weights_clear (&w);
  if (o.v != t->v)
    g_free (t->v);
  *t = o;
}

/* Logits (n × classes) of the model in `path` for n inputs x, by the test's own reading. The
 * logits are what the last non-linearity acts on: a trailing activation layer is left out, or else
 * the activation of the last Dense/Conv (Dropout and linear Activation layers after it are
 * identities). */
static gsize
independent_logits (const char *path, const float *x, gsize n, double *logits)
{
  const hid_t file = H5Fopen (path, H5F_ACC_RDONLY, H5P_DEFAULT);
  g_assert_cmpint (file, >=, 0);
  g_autofree char *json = string_attr (file, "model_config", 0);
  g_assert_nonnull (json);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  JsonObject *top = json_node_get_object (json_parser_get_root (parser));
  const char *cls = get_string (top, "class_name");
  JsonNode *config_node = get (top, "config");
  JsonObject *config
      = JSON_NODE_HOLDS_OBJECT (config_node) ? json_node_get_object (config_node) : NULL;
  /* Keras ≤ 2.2 wrote a Sequential model's config as the bare list of its layers. */
  JsonArray *layers = config ? get_array (config, "layers") : json_node_get_array (config_node);
  g_autoptr (GPtrArray) chain = NULL;
  if (!strcmp (cls, "Sequential"))
    {
      chain = g_ptr_array_new ();
      for (guint i = 0; i < json_array_get_length (layers); i++)
        g_ptr_array_add (chain, json_array_get_object_element (layers, i));
    }
  else
    {
      g_assert_true (!strcmp (cls, "Functional") || !strcmp (cls, "Model"));
      chain = functional_chain (config);
    }
  const Tensor shape = input_tensor (config, g_ptr_array_index (chain, 0));

  /* Where the logits are taken: before layer `cut` (an activation layer), or without the own
   * activation of layer `cut` (a Dense/Conv). */
  int cut = (int)chain->len - 1;
  for (; cut >= 0; cut--)
    {
      JsonObject *lo = g_ptr_array_index (chain, cut);
      const char *lc = get_string (lo, "class_name");
      const gboolean linear = !strcmp (lc, "Activation")
                              && !strcmp (activation_of (get_object (lo, "config")), "linear");
      if (strcmp (lc, "Dropout") != 0 && !linear)
        break;
    }
  g_assert_cmpint (cut, >=, 0);

  const gsize in_size = shape.h * shape.w * shape.c;
  gsize classes = 0;
  for (gsize s = 0; s < n; s++)
    {
      Tensor t = shape;
      t.v = g_new (double, in_size);
      for (gsize k = 0; k < in_size; k++)
        t.v[k] = x[s * in_size + k];
      for (int i = 0; i < (int)chain->len; i++)
        {
          JsonObject *lo = g_ptr_array_index (chain, i);
          run_layer (file, lo, &t, i == cut);
        }
      classes = t.h * t.w * t.c;
      memcpy (logits + s * classes, t.v, classes * sizeof (double));
      g_free (t.v);
    }
  H5Fclose (file);
  return classes;
}

/* ---- the checks ---- */

static void
test_compat_file (gconstpointer data)
{
  const CompatFile *cf = data;
  g_autofree char *path = compat_path (cf->file);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *msg
          = g_strdup_printf ("%s is not here (see tests/data/compat-h5/README.md)", path);
      g_test_skip (msg);
      return;
    }
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) model = sl_model_load (path, &error);
  if (cf->refusal)
    {
      g_assert_null (model);
      g_assert_error (error, SL_ERROR, SL_ERROR_UNSUPPORTED);
      g_test_message ("%s: refused: %s", cf->file, error->message);
      g_assert_true (g_str_has_prefix (error->message, path));
      g_assert_nonnull (strstr (error->message, cf->refusal));
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpstr (model->keras_version, ==, cf->version);
  if (cf->params)
    g_assert_cmpuint (model->total_params, ==, cf->params);

  const gsize n = 8;
  g_autofree float *x = random_inputs (model, n, 2024);
  const gint64 t0 = g_get_monotonic_time ();
  g_autofree float *got = logits_of (model, x, n);
  const gint64 t1 = g_get_monotonic_time ();
  g_autofree double *want = g_new (double, n * model->n_classes);
  g_assert_cmpuint (independent_logits (path, x, n, want), ==, model->n_classes);
  double scale = 1;
  for (gsize k = 0; k < n * model->n_classes; k++)
    scale = fmax (scale, fabs (want[k]));
  const double err = sl_test_max_abs_diff_f (got, want, n * model->n_classes);
  g_test_message ("%s: Keras %s, %zu parameters, %u classes: max |logit - float64 reading| = %.3g "
                  "(logits up to %.3g, relative %.2g; forward %.1f ms)",
                  cf->file, model->keras_version ? model->keras_version : "?", model->total_params,
                  model->n_classes, err, scale, err / scale, (double)(t1 - t0) / 1000);
  g_assert_cmpfloat (err, <=, 3e-6 * scale);
}

/* ---- regressions the real files showed ---- */

static void
set_string_attr (hid_t obj, const char *name, const char *value)
{
  if (H5Aexists (obj, name) > 0)
    g_assert_cmpint (H5Adelete (obj, name), >=, 0);
  const hid_t type = H5Tcopy (H5T_C_S1);
  H5Tset_size (type, H5T_VARIABLE);
  const hid_t space = H5Screate (H5S_SCALAR);
  const hid_t a = H5Acreate2 (obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  g_assert_cmpint (H5Awrite (a, type, &value), >=, 0);
  H5Aclose (a);
  H5Sclose (space);
  H5Tclose (type);
}

static void
fill_random (SlModel *model, guint32 seed)
{
  g_autoptr (GRand) rng = g_rand_new_with_seed (seed);
  for (guint i = 0; i < model->n_layers; i++)
    {
      SlWeightSlot slots[6];
      const guint n = sl_keras_weight_slots (&model->layers[i], slots);
      for (guint k = 0; k < n; k++)
        {
          gsize count = 1;
          for (guint d = 0; d < slots[k].rank; d++)
            count *= slots[k].dims[d];
          for (gsize j = 0; j < count; j++)
            (*slots[k].dest)[j] = (float)g_rand_double_range (rng, -1, 1);
        }
      sl_layer_prepare (&model->layers[i]);
    }
}

/* A Functional model as Keras 3 writes its model_config into an .h5 file (katiar-breast's form):
 * inbound nodes as call arguments holding __keras_tensor__s, dtype policies as objects. */
/* clang-format off */
#define K3_CALL(shape, from)                                                                       \
  "\"inbound_nodes\": [{\"args\": [{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": " \
  shape ", \"dtype\": \"float32\", \"keras_history\": [\"" from "\", 0, 0]}}], \"kwargs\": {}}]"
#define K3_DTYPE                                                                                   \
  "\"dtype\": {\"module\": \"keras\", \"class_name\": \"DTypePolicy\", \"config\": {\"name\": "     \
  "\"float32\"}, \"registered_name\": null}"
static const char k3_functional_h5[] =
  "{\"class_name\": \"Functional\", \"config\": {\"name\": \"functional_2\", \"trainable\": true, "
  "\"layers\": [{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 12, 2], "
  "\"dtype\": \"float32\", \"sparse\": false, \"name\": \"input_layer_1\"}, \"name\": "
  "\"input_layer_1\", \"inbound_nodes\": []}, "
  "{\"class_name\": \"Conv1D\", \"config\": {\"name\": \"conv1d_2\", " K3_DTYPE ", \"filters\": 4, "
  "\"kernel_size\": [3], \"strides\": [1], \"padding\": \"valid\", \"data_format\": "
  "\"channels_last\", \"dilation_rate\": [1], \"groups\": 1, \"activation\": \"relu\", "
  "\"use_bias\": true}, \"name\": \"conv1d_2\", " K3_CALL ("[null, 12, 2]", "input_layer_1") "}, "
  "{\"class_name\": \"MaxPooling1D\", \"config\": {\"name\": \"max_pooling1d_1\", " K3_DTYPE ", "
  "\"pool_size\": [2], \"padding\": \"valid\", \"strides\": [2], \"data_format\": "
  "\"channels_last\"}, \"name\": \"max_pooling1d_1\", " K3_CALL ("[null, 10, 4]", "conv1d_2") "}, "
  "{\"class_name\": \"Flatten\", \"config\": {\"name\": \"flatten_1\", " K3_DTYPE ", "
  "\"data_format\": \"channels_last\"}, \"name\": \"flatten_1\", "
  K3_CALL ("[null, 5, 4]", "max_pooling1d_1") "}, "
  "{\"class_name\": \"Dense\", \"config\": {\"name\": \"feature_layer\", " K3_DTYPE ", \"units\": 3, "
  "\"activation\": \"softmax\", \"use_bias\": true}, \"name\": \"feature_layer\", "
  K3_CALL ("[null, 20]", "flatten_1") "}], "
  "\"input_layers\": [[\"input_layer_1\", 0, 0]], \"output_layers\": [[\"feature_layer\", 0, 0]]}}";
/* clang-format on */

/* Keras 3 keeps that form in .h5 files too: it used to be read as Keras 2's and refused as "not a
 * single chain". */
static void
test_keras3_functional_h5 (SlTestTmp *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *k2 = sl_keras3_config_to_keras2 (k3_functional_h5, "k3", &error);
  g_assert_no_error (error);
  g_autoptr (SlModel) model = sl_model_new_from_json (k2, "k3", &error);
  g_assert_no_error (error);
  fill_random (model, 7);
  g_autofree char *path = g_build_filename (fx->dir, "functional-k3.h5", NULL);
  g_assert_true (sl_keras_save (model, path, NULL, &error));
  g_assert_no_error (error);
  const hid_t f = H5Fopen (path, H5F_ACC_RDWR, H5P_DEFAULT);
  g_assert_cmpint (f, >=, 0);
  set_string_attr (f, "model_config", k3_functional_h5);
  set_string_attr (f, "keras_version", "3.10.0");
  H5Fclose (f);

  g_autoptr (SlModel) back = sl_model_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->keras_version, ==, "3.10.0");
  g_assert_cmpstr (back->input_layer_name, ==, "input_layer_1");
  g_assert_cmpuint (back->n_layers, ==, 4);
  g_assert_cmpint (back->final_act.kind, ==, SL_ACT_SOFTMAX);
  g_autofree float *x = random_inputs (model, 4, 3);
  g_autofree float *want = logits_of (model, x, 4);
  g_autofree float *got = logits_of (back, x, 4);
  g_assert_cmpmem (got, 4 * 3 * sizeof (float), want, 4 * 3 * sizeof (float));
  g_autofree double *reading = g_new (double, 4 * 3);
  g_assert_cmpuint (independent_logits (path, x, 4, reading), ==, 3);
  g_assert_cmpfloat (sl_test_max_abs_diff_f (got, reading, 4 * 3), <=, 1e-5);

  /* Its JSON is still checked as JSON, and named as the model configuration. */
  const hid_t g = H5Fopen (path, H5F_ACC_RDWR, H5P_DEFAULT);
  set_string_attr (g, "model_config", "{\"class_name\": \"Functional\", ");
  H5Fclose (g);
  g_autoptr (SlModel) none = sl_model_load (path, &error);
  g_assert_null (none);
  g_assert_error (error, SL_ERROR, SL_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "the model configuration is not valid JSON"));
}

/* The root group of a Teachable Machine model had a version-1 object header whose prefix, read one
 * byte off, looked like a reference (length 256, the heap's address, a huge index): the file was
 * refused as damaged. Here a dataspace's maximum dimensions hold such bytes. */
static void
test_header_lookalike (SlTestTmp *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) demo = sl_model_load_builtin ("demo", &error);
  g_assert_no_error (error);
  g_autofree char *path = g_build_filename (fx->dir, "lookalike.h5", NULL);
  g_assert_true (sl_keras_save (demo, path, NULL, &error));
  g_assert_no_error (error);
  gsize len;
  g_autofree char *bytes = NULL;
  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  const char *gcol = memmem (bytes, len, "GCOL\1", 5);
  g_assert_nonnull (gcol);
  const hsize_t heap = (hsize_t)(gcol - bytes);

  const hid_t f = H5Fopen (path, H5F_ACC_RDWR, H5P_DEFAULT);
  const hsize_t dims[3] = { 1, 1, 1 }, chunk[3] = { 1, 1, 1 };
  /* As bytes: 01 00 00 00 | 00 01 00 00, the heap's address, ff ff ff 7f … */
  const hsize_t max[3] = { ((hsize_t)256 << 32) | 1, heap, 0x7fffffff };
  const hid_t space = H5Screate_simple (3, dims, max);
  const hid_t dcpl = H5Pcreate (H5P_DATASET_CREATE);
  H5Pset_chunk (dcpl, 3, chunk);
  const hid_t ds
      = H5Dcreate2 (f, "lookalike", H5T_NATIVE_FLOAT, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  g_assert_cmpint (ds, >=, 0);
  H5Dclose (ds);
  H5Pclose (dcpl);
  H5Sclose (space);
  H5Fclose (f);

  g_autoptr (SlModel) back = sl_model_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->total_params, ==, demo->total_params);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/compat-h5/keras3-functional-h5", SlTestTmp, NULL, sl_test_tmp_setup,
              test_keras3_functional_h5, sl_test_tmp_teardown);
  g_test_add ("/compat-h5/header-lookalike", SlTestTmp, NULL, sl_test_tmp_setup,
              test_header_lookalike, sl_test_tmp_teardown);
  for (gsize i = 0; i < G_N_ELEMENTS (compat_files); i++)
    {
      g_autofree char *name = g_strdup_printf ("/compat-h5/%s", compat_files[i].file);
      g_test_add_data_func (name, &compat_files[i], test_compat_file);
    }
  return g_test_run ();
}
