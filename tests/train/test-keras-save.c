/* test-keras-save.c — Keras-compatible saving: Python-style JSON, the presets' configurations equal
 * the course files', save → load is bit-exact, and a saved file has the course file's layout
 * (groups, datasets, attribute names and types). */
#include "core/sl-error.h"
#include "core/sl-h5.h"
#include "engine/sl-keras-save.h"
#include "engine/sl-run.h"
#include "train/sl-presets.h"
#include "train/sl-trainer.h"
#include "sl-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

static char *
course_attr (const char *model, const char *attr)
{
  g_autofree char *rel = g_build_filename ("models", model, NULL);
  g_autofree char *path = sl_test_shared (rel);
  if (!path)
    return NULL;
  g_autoptr (GError) error = NULL;
  hid_t f = sl_h5_open_read (path, &error);
  g_assert_no_error (error);
  char *text = sl_h5_read_string_attr (f, attr, path, &error);
  g_assert_no_error (error);
  sl_h5_close (f);
  return text;
}

static char *
dumps_double (double v)
{
  g_autoptr (JsonNode) n = json_node_new (JSON_NODE_VALUE);
  json_node_set_double (n, v);
  return sl_keras_json_dumps (n);
}

static void
test_python_floats (void)
{
  const struct
  {
    double v;
    const char *repr;
  } cases[] = {
    { 0.0, "0.0" },
    { -0.0, "-0.0" },
    { 0.5, "0.5" },
    { 100.0, "100.0" },
    { 1e-07, "1e-07" },
    { 0.0001, "0.0001" },
    { 1e-05, "1e-05" },
    { 1.5e-05, "1.5e-05" },
    { 1e16, "1e+16" },
    { 1234567890123456.0, "1234567890123456.0" },
    { 0.1 + 0.2, "0.30000000000000004" },
    { (double) 0.0005f, "0.0005000000237487257" },
    { (double) 0.01f, "0.009999999776482582" },
    { -2.5e-300, "-2.5e-300" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = dumps_double (cases[i].v);
      g_assert_cmpstr (s, ==, cases[i].repr);
    }
  g_autoptr (GError) error = NULL;
  g_autofree char *s = sl_keras_json_normalize (
      "{\"b\":[1,2.0,null,true],\"a\":\"\\u00e9\\n\\\"\",\"c\":{}}", "test", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s, ==, "{\"b\": [1, 2.0, null, true], \"a\": \"\\u00e9\\n\\\"\", \"c\": {}}");
  g_assert_null (sl_keras_json_normalize ("{", "broken.json", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "broken.json"));
}

/* Keras' own text must survive parse + dump unchanged. */
static void
test_course_json_round_trip (void)
{
  const char *const models[] = { "MNIST1D.h5", "HMT.h5", "HMT_retrained_keras280.h5" };
  for (gsize i = 0; i < G_N_ELEMENTS (models); i++)
    for (guint k = 0; k < 2; k++)
      {
        g_autofree char *text = course_attr (models[i], k ? "training_config" : "model_config");
        if (!text)
          return;
        g_autoptr (GError) error = NULL;
        g_autofree char *again = sl_keras_json_normalize (text, models[i], &error);
        g_assert_no_error (error);
        g_assert_cmpstr (again, ==, text);
      }
}

static void
test_presets_equal_course (void)
{
  const char *const pairs[][2] = { { "mnist1d-cnn", "MNIST1D.h5" }, { "hmt-vgg7", "HMT.h5" } };
  for (gsize i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autofree char *course = course_attr (pairs[i][1], "model_config");
      if (!course)
        return;
      g_autoptr (GError) error = NULL;
      g_autofree char *preset = sl_preset_config (pairs[i][0], &error);
      g_assert_no_error (error);
      g_assert_cmpstr (preset, ==, course);
      g_autoptr (SlModel) model = sl_preset_model_new (pairs[i][0], &error);
      g_assert_no_error (error);
      g_assert_cmpuint (model->total_params, ==, i == 0 ? 13960 : 66088);
    }
  g_autoptr (GError) error = NULL;
  g_assert_null (sl_preset_config ("resnet", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
}

static char *
temp_path (const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sl-keras-save-XXXXXX", &error);
  g_assert_no_error (error);
  return g_build_filename (dir, name, NULL);
}

static void
remove_temp (const char *path)
{
  g_unlink (path);
  g_autofree char *dir = g_path_get_dirname (path);
  g_rmdir (dir);
}

static void
assert_same_weights (const SlModel *a, const SlModel *b)
{
  g_assert_cmpuint (a->n_layers, ==, b->n_layers);
  for (guint i = 0; i < a->n_layers; i++)
    {
      const SlLayer *la = &a->layers[i], *lb = &b->layers[i];
      if (la->kind != SL_LAYER_CONV && la->kind != SL_LAYER_DENSE)
        continue;
      gsize h, w, c;
      sl_shape_hwc (&la->in, &h, &w, &c);
      const gsize nk = la->kind == SL_LAYER_DENSE ? c * la->units : la->kh * la->kw * c * la->units;
      g_assert_cmpmem (la->kernel, nk * sizeof (float), lb->kernel, nk * sizeof (float));
      g_assert_cmpmem (la->bias, la->units * sizeof (float), lb->bias, la->units * sizeof (float));
    }
}

static void
assert_same_outputs (const SlModel *a, const SlModel *b, guint32 seed)
{
  const gsize n = 3, size = sl_shape_size (&a->input);
  g_autofree float *x = g_new (float, n * size);
  g_autoptr (GRand) rng = g_rand_new_with_seed (seed);
  for (gsize i = 0; i < n * size; i++)
    x[i] = (float) g_rand_double_range (rng, -1, 1);
  g_autoptr (SlRun) ra = sl_run_new (a, n);
  g_autoptr (SlRun) rb = sl_run_new (b, n);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_run_forward (ra, x, n, &error));
  g_assert_true (sl_run_forward (rb, x, n, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (sl_run_logits (ra), n * a->n_classes * sizeof (float), sl_run_logits (rb),
                   n * b->n_classes * sizeof (float));
}

static void
test_round_trip_preset (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) model = sl_preset_model_new ("mnist1d-cnn", &error);
  g_assert_no_error (error);
  g_autoptr (SlTrainer) trainer = sl_trainer_new (model, NULL, &error);
  g_assert_no_error (error);
  sl_trainer_init_weights (trainer, 7);
  g_autofree char *path = temp_path ("preset.h5");
  g_assert_true (sl_keras_save (model, path, NULL, &error));
  g_assert_no_error (error);
  g_autoptr (SlModel) again = sl_model_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->config_json, ==, model->config_json);
  g_assert_cmpstr (again->keras_version, ==, SL_KERAS_SAVE_VERSION);
  assert_same_weights (model, again);
  assert_same_outputs (model, again, 1);
  /* Saved through the trainer: training_config and optimizer weights too. */
  g_assert_true (sl_trainer_save_keras (trainer, path, &error));
  g_assert_no_error (error);
  g_autoptr (SlModel) third = sl_model_load (path, &error);
  g_assert_no_error (error);
  assert_same_weights (model, third);
  remove_temp (path);
}

/* A course model saved again is the same model; the HMT one covers Conv2D kernels. */
static void
test_round_trip_course (void)
{
  g_autofree char *src = sl_test_shared ("models/HMT.h5");
  if (!src)
    return;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) model = sl_model_load (src, &error);
  g_assert_no_error (error);
  g_autofree char *path = temp_path ("hmt.h5");
  g_assert_true (sl_keras_save (model, path, NULL, &error));
  g_assert_no_error (error);
  g_autoptr (SlModel) again = sl_model_load (path, &error);
  g_assert_no_error (error);
  assert_same_weights (model, again);
  assert_same_outputs (model, again, 2);
  remove_temp (path);
}

/* ---- the layout, walked with the HDF5 API ---- */

typedef struct
{
  GHashTable *entries; /* "path" → "kind|attr1:type,attr2:type" */
} Layout;

static char *
type_summary (hid_t attr)
{
  hid_t type = H5Aget_type (attr);
  hid_t space = H5Aget_space (attr);
  const H5T_class_t cls = H5Tget_class (type);
  const int rank = H5Sget_simple_extent_ndims (space);
  char *s;
  if (cls == H5T_STRING)
    s = g_strdup_printf ("%s-string-%s-rank%d", H5Tis_variable_str (type) > 0 ? "vlen" : "fixed",
                         H5Tget_cset (type) == H5T_CSET_UTF8 ? "utf8" : "ascii", rank);
  else
    s = g_strdup_printf ("class%d-size%zu-rank%d", (int) cls, H5Tget_size (type), rank);
  H5Sclose (space);
  H5Tclose (type);
  return s;
}

static herr_t
collect_attr (hid_t obj, const char *name, const H5A_info_t *info, void *data)
{
  GPtrArray *attrs = data;
  hid_t a = H5Aopen (obj, name, H5P_DEFAULT);
  g_autofree char *type = type_summary (a);
  H5Aclose (a);
  g_ptr_array_add (attrs, g_strdup_printf ("%s:%s", name, type));
  return 0;
}

static herr_t
visit (hid_t root, const char *name, const H5O_info_t *info, void *data)
{
  Layout *layout = data;
  hid_t obj = H5Oopen (root, name, H5P_DEFAULT);
  g_autoptr (GPtrArray) attrs = g_ptr_array_new_with_free_func (g_free);
  hsize_t idx = 0;
  H5Aiterate2 (obj, H5_INDEX_NAME, H5_ITER_INC, &idx, collect_attr, attrs);
  H5Oclose (obj);
  g_ptr_array_add (attrs, NULL);
  g_autofree char *list = g_strjoinv (",", (char **) attrs->pdata);
  const char *kind = info->type == H5O_TYPE_GROUP     ? "group"
                     : info->type == H5O_TYPE_DATASET ? "dataset"
                                                      : "other";
  g_hash_table_insert (layout->entries, g_strdup (name), g_strdup_printf ("%s|%s", kind, list));
  return 0;
}

static GHashTable *
layout_of (const char *path)
{
  Layout layout = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free) };
  g_autoptr (GError) error = NULL;
  hid_t f = sl_h5_open_read (path, &error);
  g_assert_no_error (error);
  H5Ovisit2 (f, H5_INDEX_NAME, H5_ITER_INC, visit, &layout, H5O_INFO_BASIC);
  sl_h5_close (f);
  return layout.entries;
}

static void
assert_same_layout (GHashTable *a, GHashTable *b)
{
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init (&it, a);
  while (g_hash_table_iter_next (&it, &key, &value))
    {
      const char *other = g_hash_table_lookup (b, key);
      if (!other)
        g_error ("'%s' is in one file only", (const char *) key);
      if (strcmp (value, other) != 0)
        g_error ("'%s' differs: %s vs %s", (const char *) key, (const char *) value, other);
    }
  g_assert_cmpuint (g_hash_table_size (a), ==, g_hash_table_size (b));
}

static void
test_layout_equals_course (void)
{
  g_autofree char *course = sl_test_shared ("models/MNIST1D.h5");
  if (!course)
    return;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) model = sl_preset_model_new ("mnist1d-cnn", &error);
  g_assert_no_error (error);
  /* As the course trained it: plain SGD, so the optimizer keeps only its step count. */
  g_autoptr (SlTrainer) trainer = sl_trainer_new (model, NULL, &error);
  g_assert_no_error (error);
  sl_trainer_init_weights (trainer, 3);
  g_autofree char *path = temp_path ("layout.h5");
  g_assert_true (sl_trainer_save_keras (trainer, path, &error));
  g_assert_no_error (error);
  g_autoptr (GHashTable) mine = layout_of (path);
  g_autoptr (GHashTable) theirs = layout_of (course);
  assert_same_layout (mine, theirs);
  /* The root attributes' names, spelled out (the walk compares them with types). */
  const char *root = g_hash_table_lookup (mine, ".");
  g_assert_nonnull (root);
  g_assert_cmpstr (root, ==,
                   "group|backend:vlen-string-utf8-rank0,keras_version:vlen-string-utf8-rank0,"
                   "model_config:vlen-string-ascii-rank0,training_config:vlen-string-ascii-rank0");
  g_assert_nonnull (g_hash_table_lookup (mine, "model_weights/dense/dense/kernel:0"));
  remove_temp (path);
}

/* With momentum, the optimizer's slots are saved as Keras names them. */
static void
test_momentum_slots (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) model = sl_preset_model_new ("mnist1d-cnn", &error);
  g_assert_no_error (error);
  SlTrainOptions options;
  sl_train_options_init (&options);
  options.momentum = 0.9;
  g_autoptr (SlTrainer) trainer = sl_trainer_new (model, &options, &error);
  g_assert_no_error (error);
  g_autofree char *path = temp_path ("slots.h5");
  g_assert_true (sl_trainer_save_keras (trainer, path, &error));
  g_assert_no_error (error);
  hid_t f = sl_h5_open_read (path, &error);
  g_assert_no_error (error);
  hid_t g = H5Gopen2 (f, "optimizer_weights", H5P_DEFAULT);
  g_auto (GStrv) names = sl_h5_read_string_array_attr (g, "weight_names", path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 9);
  g_assert_cmpstr (names[0], ==, "SGD/iter:0");
  g_assert_cmpstr (names[1], ==, "SGD/conv1d/kernel/momentum:0");
  g_assert_cmpstr (names[8], ==, "SGD/dense/bias/momentum:0");
  g_assert_true (sl_h5_exists (g, "SGD/dense/kernel/momentum:0"));
  g_autofree char *tc = sl_h5_read_string_attr (f, "training_config", path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (tc, "\"momentum\": 0.8999999761581421"));
  H5Gclose (g);
  sl_h5_close (f);
  remove_temp (path);
}

static void
test_save_errors (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) model = sl_preset_model_new ("mnist1d-cnn", &error);
  g_assert_no_error (error);
  g_assert_false (sl_keras_save (model, "/nonexistent-dir/x.h5", NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/nonexistent-dir/x.h5"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/train/save/python-json", test_python_floats);
  g_test_add_func ("/train/save/course-json-round-trip", test_course_json_round_trip);
  g_test_add_func ("/train/save/presets-equal-course", test_presets_equal_course);
  g_test_add_func ("/train/save/round-trip-preset", test_round_trip_preset);
  g_test_add_func ("/train/save/round-trip-course", test_round_trip_course);
  g_test_add_func ("/train/save/layout-equals-course", test_layout_equals_course);
  g_test_add_func ("/train/save/momentum-slots", test_momentum_slots);
  g_test_add_func ("/train/save/errors", test_save_errors);
  return g_test_run ();
}
