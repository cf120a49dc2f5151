/* test-keras3.c — Keras 3 `.keras` archives: the suite's own models saved as .keras reopen
 * bit-exactly in Keras 3's layout, hostile archives are clear errors naming the file and the fault,
 * and real .keras files from public repositories (tests/data/keras3/README.md) give the logits of
 * an independent float64 reading of their config.json and model.weights.h5. */
#include "core/sl-error.h"
#include "core/sl-h5.h"
#include "datasets/sl-dataset-open.h"
#include "engine/sl-keras-archive.h"
#include "engine/sl-keras-save.h"
#include "engine/sl-keras-weights.h"
#include "engine/sl-keras3.h"
#include "engine/sl-model-builtin.h"
#include "engine/sl-run.h"
#include "train/sl-trainer.h"
#include "train/train-fixtures.h"
#include "sl-test-util.h"

#include "keras-test-util.h"

#include <string.h>
#include <zip.h>

/* ---- helpers ---- */

static void
assert_same_weights (SlModel *a, SlModel *b)
{
  g_assert_cmpuint (a->n_layers, ==, b->n_layers);
  for (guint i = 0; i < a->n_layers; i++)
    {
      SlWeightSlot sa[6], sb[6];
      const guint n = sl_keras_weight_slots (&a->layers[i], sa);
      g_assert_cmpuint (sl_keras_weight_slots (&b->layers[i], sb), ==, n);
      g_assert_cmpstr (a->layers[i].name, ==, b->layers[i].name);
      for (guint s = 0; s < n; s++)
        {
          gsize count = 1;
          for (guint d = 0; d < sa[s].rank; d++)
            count *= sa[s].dims[d];
          g_assert_cmpmem (*sa[s].dest, count * sizeof (float), *sb[s].dest,
                           count * sizeof (float));
        }
    }
}

static SlKerasArchive *
read_archive (const char *path)
{
  g_autoptr (GError) error = NULL;
  SlKerasArchive *a = sl_keras_archive_read (path, &error);
  g_assert_no_error (error);
  return a;
}

/* Entry names of a zip, in order, joined by spaces. */
static char *
entry_names (const char *path)
{
  int code = 0;
  zip_t *za = zip_open (path, ZIP_RDONLY, &code);
  g_assert_nonnull (za);
  GString *s = g_string_new (NULL);
  for (zip_int64_t i = 0; i < zip_get_num_entries (za, 0); i++)
    g_string_append_printf (s, "%s%s", i ? " " : "", zip_get_name (za, (zip_uint64_t)i, 0));
  zip_discard (za);
  return g_string_free (s, FALSE);
}

/* ---- naming ---- */

static void
test_snake_case (void)
{
  const char *cases[][2] = {
    { "Conv2D", "conv2d" },
    { "Conv1D", "conv1d" },
    { "Dense", "dense" },
    { "MaxPooling2D", "max_pooling2d" },
    { "GlobalAveragePooling2D", "global_average_pooling2d" },
    { "BatchNormalization", "batch_normalization" },
    { "ZeroPadding2D", "zero_padding2d" },
    { "LeakyReLU", "leaky_re_lu" },
    { "ReLU", "re_lu" },
    { "InputLayer", "input_layer" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = sl_keras3_snake_case (cases[i][0]);
      g_assert_cmpstr (s, ==, cases[i][1]);
    }
}

/* A Functional config.json as Keras 3 writes it (call arguments holding __keras_tensor__s, dtype
 * policies as objects, a registered_name on the model), with one input given either way Keras 3
 * versions write it. */
/* clang-format off */
#define K3_TENSOR(shape, from)                                                                     \
  "{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": " shape ", \"dtype\": "          \
  "\"float32\", \"keras_history\": [\"" from "\", 0, 0]}}"
#define K3_POLICY                                                                                  \
  "{\"module\": \"keras\", \"class_name\": \"DTypePolicy\", \"config\": {\"name\": \"float32\"}, " \
  "\"registered_name\": null}"
static const char k3_functional[] =
  "{\"module\": \"keras.src.models.functional\", \"class_name\": \"Functional\", \"config\": "
  "{\"name\": \"functional\", \"trainable\": true, \"layers\": ["
  "{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": "
  "[null, 6, 6, 1], \"dtype\": \"float32\", \"sparse\": false, \"name\": \"input_layer\"}, "
  "\"registered_name\": null, \"name\": \"input_layer\", \"inbound_nodes\": []}, "
  "{\"module\": \"keras.layers\", \"class_name\": \"Conv2D\", \"config\": {\"name\": \"conv2d\", "
  "\"trainable\": true, \"dtype\": " K3_POLICY ", \"filters\": 2, \"kernel_size\": [3, 3], "
  "\"strides\": [1, 1], \"padding\": \"valid\", \"data_format\": \"channels_last\", "
  "\"dilation_rate\": [1, 1], \"groups\": 1, \"activation\": \"relu\", \"use_bias\": true, "
  "\"kernel_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"GlorotUniform\", "
  "\"config\": {\"seed\": null}, \"registered_name\": null}}, \"registered_name\": null, "
  "\"build_config\": {\"input_shape\": [null, 6, 6, 1]}, \"name\": \"conv2d\", \"inbound_nodes\": "
  "[{\"args\": [" K3_TENSOR ("[null, 6, 6, 1]", "input_layer") "], \"kwargs\": {}}]}, "
  "{\"module\": \"keras.layers\", \"class_name\": \"Dropout\", \"config\": {\"name\": \"dropout\", "
  "\"trainable\": true, \"dtype\": " K3_POLICY ", \"rate\": 0.5, \"seed\": null, \"noise_shape\": null}, "
  "\"registered_name\": null, \"name\": \"dropout\", \"inbound_nodes\": [{\"args\": ["
  K3_TENSOR ("[null, 4, 4, 2]", "conv2d") "], \"kwargs\": {\"training\": false}}]}, "
  "{\"module\": \"keras.layers\", \"class_name\": \"Flatten\", \"config\": {\"name\": \"flatten\", "
  "\"trainable\": true, \"dtype\": " K3_POLICY ", \"data_format\": \"channels_last\"}, "
  "\"registered_name\": null, \"name\": \"flatten\", \"inbound_nodes\": [{\"args\": ["
  K3_TENSOR ("[null, 4, 4, 2]", "dropout") "], \"kwargs\": {}}]}, "
  "{\"module\": \"keras.layers\", \"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", "
  "\"trainable\": true, \"dtype\": " K3_POLICY ", \"units\": 3, \"activation\": {\"module\": "
  "\"keras.activations\", \"class_name\": \"function\", \"config\": \"softmax\", "
  "\"registered_name\": \"function\"}, "
  "\"use_bias\": true}, \"registered_name\": null, \"build_config\": {\"input_shape\": [null, 32]}, "
  "\"name\": \"dense\", \"inbound_nodes\": [{\"args\": [" K3_TENSOR ("[null, 32]", "flatten") "], "
  "\"kwargs\": {}}]}], "
  "\"input_layers\": %s, \"output_layers\": [[\"dense\", 0, 0]]}, \"registered_name\": "
  "\"Functional\", \"build_config\": {\"input_shape\": null}}";
/* clang-format on */

static void
test_keras3_functional_config (void)
{
  const char *inputs[] = { "[[\"input_layer\", 0, 0]]", "[\"input_layer\", 0, 0]" };
  for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *json = g_strdup_printf (k3_functional, inputs[i]);
      g_autofree char *k2 = sl_keras3_config_to_keras2 (json, "f.keras", &error);
      g_assert_no_error (error);
      g_autoptr (SlModel) m = sl_model_new_from_json (k2, "f.keras", &error);
      g_assert_no_error (error);
      g_assert_cmpstr (m->class_name, ==, "Functional");
      g_assert_cmpstr (m->input_layer_name, ==, "input_layer");
      g_assert_cmpuint (m->n_layers, ==, 4);
      g_assert_cmpstr (m->layers[3].name, ==, "dense");
      g_assert_cmpuint (m->total_params, ==, 20 + 99);
      g_auto (GStrv) groups = sl_keras3_weight_groups (m);
      g_assert_cmpstr (groups[0], ==, "layers/conv2d/vars");
      g_assert_cmpstr (groups[3], ==, "layers/dense/vars");
      g_assert_cmpint (m->final_act.kind, ==, SL_ACT_SOFTMAX);
    }
}

/* ---- the suite's own models ---- */

/* Saves `model` as .keras, reopens it: weights bit-exact, and the file has Keras 3's entries and
 * variable paths. Returns the reopened model. */
static SlModel *
roundtrip (SlModel *model, const char *dir, const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_assert_true (sl_keras_save (model, path, NULL, &error));
  g_assert_no_error (error);
  g_autofree char *names = entry_names (path);
  g_assert_cmpstr (names, ==, "metadata.json config.json model.weights.h5");

  SlModel *back = sl_model_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->keras_version, ==, SL_KERAS3_SAVE_VERSION);
  g_assert_cmpstr (back->class_name, ==, model->class_name);
  g_assert_cmpuint (back->total_params, ==, model->total_params);
  assert_same_weights (model, back);

  /* Keras 3's layout: layers/<snake>[_k]/vars/<i>, every layer a group, nothing else. */
  g_autoptr (SlKerasArchive) a = read_archive (path);
  g_assert_nonnull (strstr (a->config_json, "\"module\": \"keras.layers\""));
  g_assert_nonnull (strstr (a->config_json, "\"build_config\""));
  gsize len;
  const guint8 *image = g_bytes_get_data (a->weights, &len);
  hid_t f = sl_h5_open_image (image, len, "weights", &error);
  g_assert_no_error (error);
  g_auto (GStrv) groups = sl_keras3_weight_groups (model);
  for (guint i = 0; i < model->n_layers; i++)
    {
      SlWeightSlot slots[6];
      const guint n = sl_keras_weight_slots (&model->layers[i], slots);
      g_assert_true (sl_h5_exists (f, groups[i]));
      hid_t g = H5Gopen2 (f, groups[i], H5P_DEFAULT);
      H5G_info_t info;
      g_assert_cmpint (H5Gget_info (g, &info), >=, 0);
      g_assert_cmpuint (info.nlinks, ==, n);
      H5Gclose (g);
    }
  g_assert_true (sl_h5_exists (f, "vars"));
  g_assert_false (sl_h5_exists (f, "optimizer"));
  sl_h5_close (f);
  return back;
}

static void
test_demo_roundtrip (SlTestTmp *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) demo = sl_model_load_builtin ("demo", &error);
  g_assert_no_error (error);
  g_autoptr (SlModel) back = roundtrip (demo, fx->dir, "demo.keras");

  /* The same logits, bit for bit, on the MNIST-1D test split. */
  g_autoptr (SlDataset) ds = sl_dataset_open ("mnist1d", NULL, &error);
  g_assert_no_error (error);
  const gsize n = 1000, size = sl_dataset_sample_size (ds);
  g_autofree float *x = g_new (float, n *size);
  g_assert_true (sl_dataset_get_batch (ds, 0, n, x, &error));
  g_autofree float *want = logits_of (demo, x, n);
  g_autofree float *got = logits_of (back, x, n);
  g_assert_cmpmem (got, n * demo->n_classes * sizeof (float), want,
                   n * demo->n_classes * sizeof (float));

  /* And the reopened .keras saves as .h5 to the same model again. */
  g_autofree char *h5 = g_build_filename (fx->dir, "demo.h5", NULL);
  g_assert_true (sl_keras_save (back, h5, NULL, &error));
  g_autoptr (SlModel) again = sl_model_load (h5, &error);
  g_assert_no_error (error);
  assert_same_weights (demo, again);
}

static void
test_trained_roundtrip (SlTestTmp *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json = sequential_json ("16, 1", SMALL_CNN_LAYERS);
  g_autoptr (SlModel) model = sl_model_new_from_json (json, "small", &error);
  g_assert_no_error (error);
  SlTrainOptions options;
  sl_train_options_init (&options);
  options.epochs = 2;
  options.momentum = 0.9;
  g_autoptr (SlDataset) ds = random_signal_dataset (256, 16, 7);
  SlTrainer *trainer = sl_trainer_new (model, &options, &error);
  g_assert_no_error (error);
  sl_trainer_init_weights (trainer, 3);
  g_assert_true (sl_trainer_fit (trainer, ds, NULL, &error));
  g_assert_no_error (error);
  g_autofree char *path = g_build_filename (fx->dir, "trained.keras", NULL);
  g_assert_true (sl_trainer_save_keras (trainer, path, &error));
  g_assert_no_error (error);
  sl_trainer_free (trainer);
  g_autoptr (SlModel) back = sl_model_load (path, &error);
  g_assert_no_error (error);
  assert_same_weights (model, back);
}

/* clang-format off */
#define K2_LAYER(cls, name, cfg, from)                                                             \
  "{\"class_name\": \"" cls "\", \"name\": \"" name "\", \"config\": {\"name\": \"" name "\"" cfg   \
  "}, \"inbound_nodes\": [[[\"" from "\", 0, 0, {}]]]}"
static const char functional_json[] =
  "{\"class_name\": \"Functional\", \"config\": {\"name\": \"bn_net\", \"layers\": ["
  "{\"class_name\": \"InputLayer\", \"name\": \"img\", \"config\": {\"batch_input_shape\": [null, 9, 9, 2],"
  " \"name\": \"img\"}, \"inbound_nodes\": []}, "
  K2_LAYER ("ZeroPadding2D", "pad", ", \"padding\": [[1, 0], [0, 1]]", "img") ", "
  K2_LAYER ("Conv2D", "conv_a", ", \"filters\": 4, \"kernel_size\": [3, 3], \"use_bias\": false", "pad") ", "
  K2_LAYER ("BatchNormalization", "bn_a", ", \"axis\": -1, \"scale\": false", "conv_a") ", "
  K2_LAYER ("ReLU", "relu", "", "bn_a") ", "
  K2_LAYER ("Conv2D", "conv_b", ", \"filters\": 3, \"kernel_size\": 2, \"strides\": 2", "relu") ", "
  K2_LAYER ("BatchNormalization", "bn_b", ", \"axis\": [3], \"center\": false", "conv_b") ", "
  K2_LAYER ("LeakyReLU", "leaky", ", \"alpha\": 0.1", "bn_b") ", "
  K2_LAYER ("GlobalAveragePooling2D", "gap", "", "leaky") ", "
  K2_LAYER ("Dense", "out", ", \"units\": 5, \"activation\": \"softmax\"", "gap")
  "], \"input_layers\": [[\"img\", 0, 0]], \"output_layers\": [[\"out\", 0, 0]]}}";
/* clang-format on */

static void
fill_random (SlModel *model, guint32 seed)
{
  g_autoptr (GRand) rng = g_rand_new_with_seed (seed);
  for (guint i = 0; i < model->n_layers; i++)
    {
      SlWeightSlot slots[6];
      const guint n = sl_keras_weight_slots (&model->layers[i], slots);
      for (guint s = 0; s < n; s++)
        {
          gsize count = 1;
          for (guint d = 0; d < slots[s].rank; d++)
            count *= slots[s].dims[d];
          const gboolean positive = !strcmp (slots[s].suffix, "moving_variance");
          for (gsize k = 0; k < count; k++)
            (*slots[s].dest)[k] = (float)g_rand_double_range (rng, positive ? 0.5 : -1, 1);
        }
      sl_layer_prepare (&model->layers[i]);
    }
}

static void
test_functional_bn_roundtrip (SlTestTmp *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) model = sl_model_new_from_json (functional_json, "bn_net", &error);
  g_assert_no_error (error);
  fill_random (model, 11);
  g_autoptr (SlModel) back = roundtrip (model, fx->dir, "bn.keras");
  g_assert_cmpstr (back->input_layer_name, ==, "img");
  g_assert_cmpfloat (back->layers[sl_model_find_layer (back, "leaky")].act.alpha, ==, 0.1f);
  g_autofree float *x = random_inputs (model, 4, 5);
  g_autofree float *want = logits_of (model, x, 4);
  g_autofree float *got = logits_of (back, x, 4);
  g_assert_cmpmem (got, 4 * 5 * sizeof (float), want, 4 * 5 * sizeof (float));
  /* BatchNormalization without scale keeps 3 variables (beta, moving mean and variance). */
  g_auto (GStrv) groups = sl_keras3_weight_groups (model);
  g_assert_cmpstr (groups[2], ==, "layers/batch_normalization/vars");
  g_assert_cmpstr (groups[5], ==, "layers/batch_normalization_1/vars");
  g_assert_cmpstr (groups[3], ==, "layers/re_lu/vars");
  g_autofree char *k3 = sl_keras3_config_from_model (model, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (k3, "\"axis\": 3,"));
  g_assert_null (strstr (k3, "\"axis\": [3]"));
}

/* The course's Keras 2.4 models (../shared) saved as .keras reopen with bit-identical logits. */
static void
test_course_models (SlTestTmp *fx, gconstpointer data)
{
  const char *models[]
      = { "models/MNIST1D.h5", "models/HMT.h5", "models/HMT_retrained_keras280.h5" };
  for (gsize i = 0; i < G_N_ELEMENTS (models); i++)
    {
      g_autofree char *path = sl_test_shared (models[i]);
      if (!path)
        return;
      g_autoptr (GError) error = NULL;
      g_autoptr (SlModel) model = sl_model_load (path, &error);
      g_assert_no_error (error);
      g_autofree char *name = g_strdup_printf ("course%zu.keras", i);
      g_autoptr (SlModel) back = roundtrip (model, fx->dir, name);
      const gsize n = 2;
      g_autofree float *x = random_inputs (model, n, 9);
      g_autofree float *want = logits_of (model, x, n);
      g_autofree float *got = logits_of (back, x, n);
      g_assert_cmpmem (got, n * model->n_classes * sizeof (float), want,
                       n * model->n_classes * sizeof (float));
    }
}

/* ---- hostile archives ---- */

typedef struct
{
  const char *name;
  const char *text; /* NULL: the model's weights */
  gboolean deflate;
} Part;

/* The parts of a valid archive of the demo model. */
typedef struct
{
  char *metadata, *config;
  GBytes *weights;
} Valid;

static void
valid_parts (const char *dir, Valid *v)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) demo = sl_model_load_builtin ("demo", &error);
  g_autofree char *path = g_build_filename (dir, "valid.keras", NULL);
  g_assert_true (sl_keras3_save (demo, path, &error));
  g_autoptr (SlKerasArchive) a = read_archive (path);
  v->metadata
      = g_strdup ("{\"keras_version\": \"3.4.1\", \"date_saved\": \"2024-07-01@15:08:29\"}");
  v->config = g_strdup (a->config_json);
  v->weights = g_bytes_ref (a->weights);
}

static void
valid_clear (Valid *v)
{
  g_free (v->metadata);
  g_free (v->config);
  g_bytes_unref (v->weights);
}

static char *
write_zip (const char *dir, const char *name, const Valid *v, const Part *parts, guint n,
           zip_uint16_t encryption)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  int code = 0;
  zip_t *za = zip_open (path, ZIP_CREATE | ZIP_TRUNCATE, &code);
  g_assert_nonnull (za);
  for (guint i = 0; i < n; i++)
    {
      gsize len = 0;
      const void *data = parts[i].text ? parts[i].text : g_bytes_get_data (v->weights, &len);
      if (parts[i].text)
        len = strlen (parts[i].text);
      zip_source_t *src = zip_source_buffer (za, data, len, 0);
      const zip_int64_t idx = zip_file_add (za, parts[i].name, src, 0);
      g_assert_cmpint (idx, >=, 0);
      zip_set_file_compression (za, (zip_uint64_t)idx,
                                parts[i].deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
      if (encryption != ZIP_EM_NONE)
        g_assert_cmpint (zip_file_set_encryption (za, (zip_uint64_t)idx, encryption, "secret"), ==,
                         0);
    }
  g_assert_cmpint (zip_close (za), ==, 0);
  return g_steal_pointer (&path);
}

/* Replaces every occurrence of `from` by `to` (same length) in the file's bytes. */
static void
patch (const char *path, const char *from, const char *to)
{
  gsize len;
  g_autofree char *d = NULL;
  g_assert_true (g_file_get_contents (path, &d, &len, NULL));
  const gsize n = strlen (from);
  g_assert_cmpuint (strlen (to), ==, n);
  guint hits = 0;
  for (gsize i = 0; i + n <= len; i++)
    if (!memcmp (d + i, from, n))
      memcpy (d + i, to, n), hits++;
  g_assert_cmpuint (hits, >, 0);
  g_assert_true (g_file_set_contents (path, d, (gssize)len, NULL));
}

static void
put_le32 (guint8 *p, guint32 v)
{
  for (guint i = 0; i < 4; i++)
    p[i] = (guint8)(v >> (8 * i));
}

/* Sets the declared uncompressed size of entry `name` in its local and central headers. */
static void
patch_size (const char *path, const char *name, guint32 size)
{
  gsize len;
  g_autofree guint8 *d = NULL;
  g_assert_true (g_file_get_contents (path, (char **)&d, &len, NULL));
  const gsize nl = strlen (name);
  guint hits = 0;
  for (gsize i = 0; i + 46 + nl <= len; i++)
    {
      if (!memcmp (d + i, "PK\3\4", 4) && !memcmp (d + i + 30, name, nl))
        put_le32 (d + i + 22, size), hits++;
      else if (!memcmp (d + i, "PK\1\2", 4) && !memcmp (d + i + 46, name, nl))
        put_le32 (d + i + 24, size), hits++;
    }
  g_assert_cmpuint (hits, ==, 2);
  g_assert_true (g_file_set_contents (path, (char *)d, (gssize)len, NULL));
}

static void
assert_refused (const char *path, const char *what)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) m = sl_model_load (path, &error);
  g_assert_null (m);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, path));
  if (!strstr (error->message, what))
    g_error ("'%s' does not say '%s'", error->message, what);
}

/* Writes `parts`, renames entry `from` to `to` in the archive's bytes, expects `what`. */
static void
assert_renamed_refused (const char *dir, const char *name, const Valid *v, const Part *parts,
                        guint n, const char *from, const char *to, const char *what)
{
  g_autofree char *path = write_zip (dir, name, v, parts, n, ZIP_EM_NONE);
  patch (path, from, to);
  assert_refused (path, what);
}

static void
test_hostile (SlTestTmp *fx, gconstpointer data)
{
  Valid v;
  valid_parts (fx->dir, &v);
  const char *dir = fx->dir;
  g_autofree char *code_config = NULL;

  /* The control: the same parts as they are open. */
  const Part good[]
      = { { "metadata.json", v.metadata }, { "config.json", v.config }, { "model.weights.h5" } };
  g_autofree char *ok = write_zip (dir, "ok.keras", &v, good, 3, ZIP_EM_NONE);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) m = sl_model_load (ok, &error);
  g_assert_no_error (error);

  /* Two entries named config.json: written under another name of the same length, then renamed. */
  const Part dup[] = { { "metadata.json", v.metadata },
                       { "config.json", v.config },
                       { "config.jsoX", "{\"class_name\": \"Sequential\"}" },
                       { "model.weights.h5" } };
  assert_renamed_refused (dir, "dup.keras", &v, dup, 4, "config.jsoX", "config.json",
                          "two entries of the same name");

  const Part dup_w[] = { { "metadata.json", v.metadata },
                         { "config.json", v.config },
                         { "model.weights.h5" },
                         { "model.weights.hX", "x" } };
  assert_renamed_refused (dir, "dupw.keras", &v, dup_w, 4, "model.weights.hX", "model.weights.h5",
                          "two entries of the same name");

  const Part no_config[] = { { "metadata.json", v.metadata }, { "model.weights.h5" } };
  g_autofree char *no_config_path
      = write_zip (dir, "noconfig.keras", &v, no_config, 2, ZIP_EM_NONE);
  assert_refused (no_config_path, "no config.json");

  const Part npz[] = { { "metadata.json", v.metadata },
                       { "config.json", v.config },
                       { "model.weights.npz", "PK" } };
  g_autofree char *npz_path = write_zip (dir, "npz.keras", &v, npz, 3, ZIP_EM_NONE);
  assert_refused (npz_path, "model.weights.npz");

  const Part stray[] = { { "metadata.json", v.metadata },
                         { "config.json", v.config },
                         { "model.weights.h5" },
                         { "assets/x.txt", "x" } };
  assert_renamed_refused (dir, "abs.keras", &v, stray, 4, "assets/x.txt", "/etc/pwd.txt",
                          "absolute or parent-relative path");
  assert_renamed_refused (dir, "dotdot.keras", &v, stray, 4, "assets/x.txt", "../../xy.txt",
                          "absolute or parent-relative path");
  assert_renamed_refused (dir, "evil.keras", &v, stray, 4, "assets/x.txt", "evil.exe.txt",
                          "unexpected entry 'evil.exe.txt'");

  /* Zip bombs: a config.json that inflates past the bound, and entries whose declared sizes lie. */
  GString *big = g_string_new (v.config);
  g_string_set_size (big, (gsize)20 << 20);
  memset (big->str + strlen (v.config), ' ', big->len - strlen (v.config));
  const Part bomb[] = { { "metadata.json", v.metadata },
                        { "config.json", big->str, TRUE },
                        { "model.weights.h5" } };
  g_autofree char *bomb_path = write_zip (dir, "bomb.keras", &v, bomb, 3, ZIP_EM_NONE);
  g_string_free (big, TRUE);
  assert_refused (bomb_path, "zip bomb");
  const Part deflated[] = { { "metadata.json", v.metadata, TRUE },
                            { "config.json", v.config },
                            { "model.weights.h5" } };
  g_autofree char *lie_big = write_zip (dir, "liebig.keras", &v, deflated, 3, ZIP_EM_NONE);
  patch_size (lie_big, "metadata.json", 1000000);
  assert_refused (lie_big, "more than deflate can produce");
  g_autofree char *lie_small = write_zip (dir, "liesmall.keras", &v, deflated, 3, ZIP_EM_NONE);
  patch_size (lie_small, "metadata.json", 20);
  assert_refused (lie_small, "does not match its declared size");

  if (zip_encryption_method_supported (ZIP_EM_AES_256, 1)
      || zip_encryption_method_supported (ZIP_EM_TRAD_PKWARE, 1))
    {
      const zip_uint16_t em = zip_encryption_method_supported (ZIP_EM_AES_256, 1)
                                  ? ZIP_EM_AES_256
                                  : ZIP_EM_TRAD_PKWARE;
      g_autofree char *enc_path = write_zip (dir, "enc.keras", &v, good, 3, em);
      assert_refused (enc_path, "encrypted");
    }
  else
    g_test_message ("libzip here cannot encrypt: the encrypted-entry case is not run");

  /* Layers and objects that only code could rebuild. */
  const char *code_layers[][2] = {
    { "{\"module\": \"keras.layers\", \"class_name\": \"Lambda\", \"config\": {\"name\": \"lam\", "
      "\"function\": {\"class_name\": \"__lambda__\", \"config\": {\"code\": \"4wEAAA==\"}}}, "
      "\"registered_name\": null}",
      "layer 'lam' (Lambda) needs Python code" },
    { "{\"module\": \"my_layers\", \"class_name\": \"Scale\", \"config\": {\"name\": \"scale\"}, "
      "\"registered_name\": \"Custom>Scale\"}",
      "layer 'scale' (Scale) needs Python code (Custom>Scale)" },
    { "{\"module\": \"keras.layers\", \"class_name\": \"Dense\", \"config\": {\"name\": \"d\", "
      "\"units\": 3, "
      "\"activation\": {\"module\": \"__main__\", \"class_name\": \"function\", \"config\": "
      "\"swishy\", "
      "\"registered_name\": \"function\"}}, \"registered_name\": null}",
      "layer 'd' (Dense) needs Python code (function)" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (code_layers); i++)
    {
      g_autofree char *cfg = g_strdup_printf (
          "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", "
          "\"layers\": ["
          "{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", \"config\": "
          "{\"batch_shape\": [null, 4], "
          "\"name\": \"in\"}, \"registered_name\": null}, %s]}, \"registered_name\": null}",
          code_layers[i][0]);
      const Part parts[]
          = { { "metadata.json", v.metadata }, { "config.json", cfg }, { "model.weights.h5" } };
      g_autofree char *name = g_strdup_printf ("code%zu.keras", i);
      g_autofree char *path = write_zip (dir, name, &v, parts, 3, ZIP_EM_NONE);
      assert_refused (path, code_layers[i][1]);
      assert_refused (path, "never executes anything from a model file");
    }
  code_config = g_strdup ("{\"module\": \"__main__\", \"class_name\": \"MyNet\", \"config\": {}, "
                          "\"registered_name\": \"Custom>MyNet\"}");
  const Part custom[]
      = { { "metadata.json", v.metadata }, { "config.json", code_config }, { "model.weights.h5" } };
  g_autofree char *custom_path = write_zip (dir, "custom.keras", &v, custom, 3, ZIP_EM_NONE);
  assert_refused (custom_path, "custom class Custom>MyNet");

  /* Weights that are not HDF5, and weights of another model. */
  const Part text_w[] = { { "metadata.json", v.metadata },
                          { "config.json", v.config },
                          { "model.weights.h5", "hello" } };
  g_autofree char *text_w_path = write_zip (dir, "textw.keras", &v, text_w, 3, ZIP_EM_NONE);
  assert_refused (text_w_path, "model.weights.h5: not an HDF5 file; it looks like text");
  g_autofree char *other = g_strdup (v.config);
  char *filters = strstr (other, "\"filters\": 25");
  g_assert_nonnull (filters);
  memcpy (filters, "\"filters\": 24", 13);
  const Part wrong[]
      = { { "metadata.json", v.metadata }, { "config.json", other }, { "model.weights.h5" } };
  g_autofree char *wrong_path = write_zip (dir, "wrong.keras", &v, wrong, 3, ZIP_EM_NONE);
  assert_refused (wrong_path, "has shape (5, 1, 25), the configuration needs (5, 1, 24)");

  valid_clear (&v);
}

static void
test_not_a_model (SlTestTmp *fx, gconstpointer data)
{
  const struct
  {
    const char *name, *bytes;
    gsize len;
    const char *what;
  } cases[] = {
    { "empty.keras", "", 0, "it looks like an empty file" },
    { "notes.h5", "just some notes\n", 16, "it looks like text" },
    { "config.keras", "{\"class_name\": 1}", 17, "it looks like JSON text" },
    { "image.h5", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, "it looks like a PNG image" },
    { "broken.keras", "PK\3\4 this is no archive at all", 31, "the zip archive is damaged" },
    { "empty-zip.keras", "PK\5\6\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 22, "no config.json" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (fx->dir, cases[i].name, NULL);
      g_assert_true (g_file_set_contents (path, cases[i].bytes, (gssize)cases[i].len, NULL));
      assert_refused (path, cases[i].what);
    }
}

/* ---- real .keras files, against an independent float64 reading ---- */

/* The test's own reading: libzip and libhdf5 directly, a naive float64 forward pass over the layer
 * kinds these files use (Conv2D, MaxPooling2D, Flatten, Dropout, Dense). */
typedef struct
{
  gsize h, w, c;
  double *v;
} Tensor;

static double *
read_var (hid_t f, const char *group, guint i, gsize expect)
{
  g_autofree char *name = g_strdup_printf ("%s/vars/%u", group, i);
  hid_t ds = H5Dopen2 (f, name, H5P_DEFAULT);
  if (ds < 0)
    g_error ("no dataset %s", name);
  hid_t space = H5Dget_space (ds);
  g_assert_cmpint (H5Sget_simple_extent_npoints (space), ==, (hssize_t)expect);
  double *out = g_new (double, expect);
  g_assert_cmpint (H5Dread (ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out), >=, 0);
  H5Sclose (space);
  H5Dclose (ds);
  return out;
}

static gsize
int_at (JsonObject *cfg, const char *member, guint i)
{
  JsonNode *n = json_object_get_member (cfg, member);
  return JSON_NODE_HOLDS_ARRAY (n) ? (gsize)json_array_get_int_element (json_node_get_array (n), i)
                                   : (gsize)json_node_get_int (n);
}

static void
independent_logits (const char *path, const float *x, gsize n, double *logits)
{
  int code = 0;
  zip_t *za = zip_open (path, ZIP_RDONLY, &code);
  g_assert_nonnull (za);
  zip_stat_t st_c, st_w;
  g_assert_cmpint (zip_stat (za, "config.json", 0, &st_c), ==, 0);
  g_assert_cmpint (zip_stat (za, "model.weights.h5", 0, &st_w), ==, 0);
  g_autofree char *config = g_malloc0 (st_c.size + 1);
  g_autofree guint8 *weights = g_malloc (st_w.size);
  zip_file_t *zf = zip_fopen (za, "config.json", 0);
  g_assert_cmpint (zip_fread (zf, config, st_c.size), ==, (zip_int64_t)st_c.size);
  zip_fclose (zf);
  zf = zip_fopen (za, "model.weights.h5", 0);
  g_assert_cmpint (zip_fread (zf, weights, st_w.size), ==, (zip_int64_t)st_w.size);
  zip_fclose (zf);
  zip_discard (za);

  hid_t fapl = H5Pcreate (H5P_FILE_ACCESS);
  H5Pset_fapl_core (fapl, 1 << 16, 0);
  H5Pset_file_image (fapl, weights, st_w.size);
  hid_t f = H5Fopen ("independent", H5F_ACC_RDONLY, fapl);
  H5Pclose (fapl);
  g_assert_cmpint (f, >=, 0);

  g_autoptr (JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, config, -1, NULL));
  JsonArray *layers = json_object_get_array_member (
      json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                     "config"),
      "layers");
  const char *snake[][2] = { { "Conv2D", "conv2d" },
                             { "MaxPooling2D", "max_pooling2d" },
                             { "Flatten", "flatten" },
                             { "Dropout", "dropout" },
                             { "Dense", "dense" } };
  JsonArray *shape = json_object_get_array_member (
      json_object_get_object_member (json_array_get_object_element (layers, 0), "config"),
      "batch_shape");
  const gsize H
      = (gsize)json_array_get_int_element (shape, 1),
      W = (gsize)json_array_get_int_element (shape, 2),
      C = json_array_get_length (shape) > 3 ? (gsize)json_array_get_int_element (shape, 3) : 1;
  gsize classes = 0;
  for (gsize s = 0; s < n; s++)
    {
      guint used[G_N_ELEMENTS (snake)] = { 0 };
      Tensor t = { H, W, C, g_new (double, H *W *C) };
      for (gsize k = 0; k < H * W * C; k++)
        t.v[k] = x[s * H * W * C + k];
      const guint n_layers = json_array_get_length (layers);
      for (guint li = 1; li < n_layers; li++)
        {
          JsonObject *lo = json_array_get_object_element (layers, li);
          const char *cls = json_object_get_string_member (lo, "class_name");
          JsonObject *cfg = json_object_get_object_member (lo, "config");
          gsize which = 0;
          while (which < G_N_ELEMENTS (snake) && strcmp (snake[which][0], cls) != 0)
            which++;
          g_assert_cmpuint (which, <, G_N_ELEMENTS (snake));
          g_autofree char *group
              = used[which] ? g_strdup_printf ("layers/%s_%u", snake[which][1], used[which])
                            : g_strdup_printf ("layers/%s", snake[which][1]);
          used[which]++;
          const gboolean last = li + 1 == n_layers;
          const char *act = json_object_has_member (cfg, "activation")
                                ? json_object_get_string_member (cfg, "activation")
                                : "linear";
          const gboolean relu = !strcmp (act, "relu") && !last;
          g_assert_true (!strcmp (act, "relu") || !strcmp (act, "linear")
                         || (last && !strcmp (act, "softmax")));
          Tensor o = t;
          if (!strcmp (cls, "Conv2D"))
            {
              const gboolean same
                  = !strcmp (json_object_get_string_member (cfg, "padding"), "same");
              const gsize kh = int_at (cfg, "kernel_size", 0), kw = int_at (cfg, "kernel_size", 1);
              const gsize sh = int_at (cfg, "strides", 0), sw = int_at (cfg, "strides", 1);
              const gsize f_ = int_at (cfg, "filters", 0);
              g_autofree double *k = read_var (f, group, 0, kh * kw * t.c * f_);
              g_autofree double *b = read_var (f, group, 1, f_);
              o = same ? (Tensor){ (t.h + sh - 1) / sh, (t.w + sw - 1) / sw, f_, NULL }
                       : (Tensor){ (t.h - kh) / sh + 1, (t.w - kw) / sw + 1, f_, NULL };
              /* TensorFlow's "same": the smaller half of the padding before, the rest after. */
              const long top = same ? (long)MAX ((o.h - 1) * sh + kh, t.h) - (long)t.h : 0;
              const long left = same ? (long)MAX ((o.w - 1) * sw + kw, t.w) - (long)t.w : 0;
              o.v = g_new (double, o.h *o.w *o.c);
              for (gsize i = 0; i < o.h; i++)
                for (gsize j = 0; j < o.w; j++)
                  for (gsize q = 0; q < f_; q++)
                    {
                      double acc = b[q];
                      for (gsize a = 0; a < kh; a++)
                        for (gsize bb = 0; bb < kw; bb++)
                          {
                            const long y = (long)(i * sh + a) - top / 2;
                            const long xx = (long)(j * sw + bb) - left / 2;
                            if (y < 0 || xx < 0 || y >= (long)t.h || xx >= (long)t.w)
                              continue;
                            for (gsize c = 0; c < t.c; c++)
                              acc += t.v[((gsize)y * t.w + (gsize)xx) * t.c + c]
                                     * k[((a * kw + bb) * t.c + c) * f_ + q];
                          }
                      o.v[(i * o.w + j) * f_ + q] = relu ? fmax (acc, 0) : acc;
                    }
            }
          else if (!strcmp (cls, "MaxPooling2D"))
            {
              const gsize ph = int_at (cfg, "pool_size", 0), pw = int_at (cfg, "pool_size", 1);
              const gsize sh = int_at (cfg, "strides", 0), sw = int_at (cfg, "strides", 1);
              o = (Tensor){ (t.h - ph) / sh + 1, (t.w - pw) / sw + 1, t.c, NULL };
              o.v = g_new (double, o.h *o.w *o.c);
              for (gsize i = 0; i < o.h; i++)
                for (gsize j = 0; j < o.w; j++)
                  for (gsize c = 0; c < t.c; c++)
                    {
                      double m = -INFINITY;
                      for (gsize a = 0; a < ph; a++)
                        for (gsize bb = 0; bb < pw; bb++)
                          m = fmax (m, t.v[((i * sh + a) * t.w + j * sw + bb) * t.c + c]);
                      o.v[(i * o.w + j) * t.c + c] = m;
                    }
            }
          else if (!strcmp (cls, "Flatten"))
            o = (Tensor){ 1, 1, t.h * t.w * t.c, t.v };
          else if (!strcmp (cls, "Dense"))
            {
              const gsize units = int_at (cfg, "units", 0), in = t.h * t.w * t.c;
              g_autofree double *k = read_var (f, group, 0, in * units);
              g_autofree double *b = read_var (f, group, 1, units);
              o = (Tensor){ 1, 1, units, g_new (double, units) };
              for (gsize u = 0; u < units; u++)
                {
                  double acc = b[u];
                  for (gsize i = 0; i < in; i++)
                    acc += t.v[i] * k[i * units + u];
                  o.v[u] = relu ? fmax (acc, 0) : acc;
                }
            }
          if (o.v != t.v)
            g_free (t.v);
          t = o;
        }
      classes = t.c;
      memcpy (logits + s * classes, t.v, classes * sizeof (double));
      g_free (t.v);
    }
  H5Fclose (f);
}

typedef struct
{
  const char *file;    /* in tests/data/keras3 (or $SL_KERAS3_DIR) */
  const char *version; /* its metadata.json's keras_version */
  gsize params;
} RealFile;

static const RealFile real_files[] = {
  { "akshatv25-mnist-cnn.keras", "3.15.1", 225034 },
  { "aman21k-fashion-mnist-cnn.keras", "3.10.0", 121930 },
  { "aslaskin-digit-cnn.keras", "3.4.1", 34826 },
  { "amartyadas01-digit-cnn.keras", "3.10.0", 225034 },
  { "aftave-mnist-cnn.keras", "3.4.1", 34826 },
  { "ammar-asim-23-digit-mlp.keras", "3.5.0", 0 },
  { "ahmedyassinemaalej-digit-mlp.keras", "3.12.0", 0 },
  { "sudosidd-cifar10-cnn.keras", "3.9.2", 188810 },
};

static void
test_real_file (gconstpointer data)
{
  const RealFile *r = data;
  const char *dir = g_getenv ("SL_KERAS3_DIR");
  g_autofree char *path
      = dir ? g_build_filename (dir, r->file, NULL)
            : g_test_build_filename (G_TEST_DIST, "data", "keras3", r->file, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *msg
          = g_strdup_printf ("%s is not here (see tests/data/keras3/README.md)", path);
      g_test_skip (msg);
      return;
    }
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) model = sl_model_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (model->keras_version, ==, r->version);
  if (r->params)
    g_assert_cmpuint (model->total_params, ==, r->params);
  const gsize n = 8;
  g_autofree float *x = random_inputs (model, n, 2024);
  g_autofree float *got = logits_of (model, x, n);
  g_autofree double *want = g_new (double, n * model->n_classes);
  independent_logits (path, x, n, want);
  double scale = 1;
  for (gsize k = 0; k < n * model->n_classes; k++)
    scale = fmax (scale, fabs (want[k]));
  const double err = sl_test_max_abs_diff_f (got, want, n * model->n_classes);
  g_test_message ("%s: max |logit - float64 reading| = %.3g (logits up to %.3g)", r->file, err,
                  scale);
  g_assert_cmpfloat (err, <=, 1e-5 * scale);

  /* And it saves to .keras and .h5 and reopens bit-exactly. */
  g_autofree char *tmp = g_dir_make_tmp ("sl-keras3-XXXXXX", &error);
  g_autofree char *k3 = g_build_filename (tmp, "again.keras", NULL);
  g_autofree char *h5 = g_build_filename (tmp, "again.h5", NULL);
  g_assert_true (sl_keras_save (model, k3, NULL, &error));
  g_assert_true (sl_keras_save (model, h5, NULL, &error));
  g_assert_no_error (error);
  g_autoptr (SlModel) a = sl_model_load (k3, &error);
  g_assert_no_error (error);
  g_autoptr (SlModel) b = sl_model_load (h5, &error);
  g_assert_no_error (error);
  assert_same_weights (model, a);
  assert_same_weights (model, b);
  g_unlink (k3);
  g_unlink (h5);
  g_rmdir (tmp);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/keras3/snake-case", test_snake_case);
  g_test_add_func ("/keras3/functional-config", test_keras3_functional_config);
  g_test_add ("/keras3/demo-roundtrip", SlTestTmp, NULL, sl_test_tmp_setup, test_demo_roundtrip,
              sl_test_tmp_teardown);
  g_test_add ("/keras3/trained-roundtrip", SlTestTmp, NULL, sl_test_tmp_setup,
              test_trained_roundtrip, sl_test_tmp_teardown);
  g_test_add ("/keras3/functional-bn-roundtrip", SlTestTmp, NULL, sl_test_tmp_setup,
              test_functional_bn_roundtrip, sl_test_tmp_teardown);
  g_test_add ("/keras3/course-models", SlTestTmp, NULL, sl_test_tmp_setup, test_course_models,
              sl_test_tmp_teardown);
  g_test_add ("/keras3/hostile", SlTestTmp, NULL, sl_test_tmp_setup, test_hostile,
              sl_test_tmp_teardown);
  g_test_add ("/keras3/not-a-model", SlTestTmp, NULL, sl_test_tmp_setup, test_not_a_model,
              sl_test_tmp_teardown);
  for (gsize i = 0; i < G_N_ELEMENTS (real_files); i++)
    {
      g_autofree char *name = g_strdup_printf ("/keras3/real/%s", real_files[i].file);
      g_test_add_data_func (name, &real_files[i], test_real_file);
    }
  return g_test_run ();
}
