/* saliency-lab-cli as a user runs it: exit codes, JSON keys, output files, error messages. */
#include "core/sl-h5.h"
#include "sl-test-util.h"

#include "cli-run.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

static JsonObject *
parse_object (JsonParser *parser, const char *text)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  JsonNode *root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_get_object (root);
}

static void
test_info_json (void)
{
  g_autofree char *model = sl_test_shared ("models/HMT.h5");
  if (!model)
    return;
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "info", model, "--json", NULL };
  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o = parse_object (parser, out);
  g_assert_cmpint (json_object_get_int_member (o, "total_params"), ==, 66088);
  JsonArray *layers = json_object_get_array_member (o, "layers");
  g_assert_cmpuint (json_array_get_length (layers), ==, 8);
  JsonObject *first = json_array_get_object_element (layers, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "conv2d");
  g_assert_cmpstr (json_object_get_string_member (first, "type"), ==, "Conv2D");
  g_assert_cmpint (json_object_get_int_member (first, "params"), ==, 896);
  JsonArray *shape = json_object_get_array_member (first, "output_shape");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_array_get_element (shape, 0)));
  g_assert_cmpint (json_array_get_int_element (shape, 3), ==, 32);
}

static void
test_info_text (void)
{
  g_autofree char *model = sl_test_shared ("models/MNIST1D.h5");
  if (!model)
    return;
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "info", model, NULL };
  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "conv1d_2 (Conv1D)            (None, 40, 25)            1900\n"));
  g_assert_nonnull (strstr (out, "Total params: 13,960"));
}

static void
test_predict (void)
{
  g_autofree char *model = sl_test_shared ("models/MNIST1D.h5");
  g_autofree char *golden = sl_test_shared ("reference/mnist1d_golden.h5");
  g_autofree char *data = sl_test_shared ("data/mnist1d_data.h5");
  if (!model || !golden || !data)
    return;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sl-cli-XXXXXX", &error);
  g_autofree char *in = g_build_filename (dir, "in.h5", NULL);
  g_autofree char *outp = g_build_filename (dir, "out.h5", NULL);
  /* x = the 1000 test samples as N × 40 × 1 float32 */
  hid_t f = sl_h5_open_read (data, &error);
  guint rank;
  hsize_t dims[SL_H5_MAX_RANK];
  g_autofree float *x = sl_h5_read_floats (f, "x_test", data, &rank, dims, &error);
  sl_h5_close (f);
  g_assert_no_error (error);
  hid_t w = sl_h5_create (in, &error);
  const hsize_t xdims[3] = { dims[0], dims[1], 1 };
  g_assert_true (sl_h5_write_floats (w, "x", 3, xdims, x, &error));
  sl_h5_close (w);

  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "predict", "--model", model, "--input", in, "--out", outp, NULL };
  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  hid_t r = sl_h5_open_read (outp, &error);
  g_autofree float *logits = sl_h5_read_floats (r, "logits", outp, &rank, dims, &error);
  g_autofree float *probs = sl_h5_read_floats (r, "probs", outp, &rank, dims, &error);
  sl_h5_close (r);
  g_assert_no_error (error);
  g_assert_cmpuint (dims[0], ==, 1000);
  g_assert_cmpuint (dims[1], ==, 10);
  hid_t g = sl_h5_open_read (golden, &error);
  g_autofree double *gl = sl_h5_read_doubles (g, "logits", golden, &rank, dims, &error);
  g_autofree double *gp = sl_h5_read_doubles (g, "probs", golden, &rank, dims, &error);
  sl_h5_close (g);
  g_assert_cmpfloat (sl_test_max_abs_diff_f (logits, gl, 10000), <=, 1e-4);
  g_assert_cmpfloat (sl_test_max_abs_diff_f (probs, gp, 10000), <=, 1e-5);

  /* A wrong input shape is a clear error, and no output file is left behind. */
  g_autofree char *bad = g_build_filename (dir, "bad.h5", NULL);
  g_autofree char *bad_out = g_build_filename (dir, "bad-out.h5", NULL);
  w = sl_h5_create (bad, &error);
  const hsize_t bdims[2] = { 10, 39 };
  g_assert_true (sl_h5_write_floats (w, "x", 2, bdims, x, &error));
  sl_h5_close (w);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  const char *bargs[] = { "predict", "--model", model, "--input", bad, "--out", bad_out, NULL };
  g_assert_cmpint (run_cli (bargs, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "bad.h5"));
  g_assert_false (g_file_test (bad_out, G_FILE_TEST_EXISTS));
  g_unlink (bad), g_unlink (in), g_unlink (outp), g_rmdir (dir);
}

static void
test_evaluate_json (void)
{
  g_autofree char *model = sl_test_shared ("models/MNIST1D.h5");
  if (!model)
    return;
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "evaluate", "--model", model, "--dataset", "mnist1d", "--json", NULL };
  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o = parse_object (parser, out);
  g_assert_cmpfloat (fabs (json_object_get_double_member (o, "accuracy") - 0.877), <, 1e-9);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "classes")), ==, 10);
  JsonArray *per = json_object_get_array_member (o, "per_class");
  const double expected[] = { .9804, .8077, .8876, .9434, .8491, .8163, .9192, .8646, .9184, .7843 };
  for (guint c = 0; c < 10; c++)
    {
      JsonObject *pc = json_array_get_object_element (per, c);
      g_assert_cmpfloat (fabs (json_object_get_double_member (pc, "accuracy") - expected[c]), <, 1e-4);
      for (const char *const *k = (const char *const[]){ "precision", "recall", "f1", "support", "auc", "ap", NULL }; *k; k++)
        g_assert_true (json_object_has_member (pc, *k));
    }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "confusion")), ==, 10);
}

static void
test_errors (void)
{
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "info", "/nonexistent/model.h5", NULL };
  g_assert_cmpint (run_cli (args, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "/nonexistent/model.h5"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  const char *usage[] = { "frobnicate", NULL };
  g_assert_cmpint (run_cli (usage, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  const char *nomodel[] = { "evaluate", "--dataset", "mnist1d", NULL };
  g_assert_cmpint (run_cli (nomodel, &out, &err), ==, 2);
}

/* train --out M.keras writes a Keras 3 archive; info opens it and names its Keras version; a file
 * that is no model says what it looks like. */
static void
test_keras3 (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sl-cli-XXXXXX", NULL);
  g_autofree char *model = g_build_filename (dir, "m.keras", NULL);
  g_autofree char *notes = g_build_filename (dir, "notes.keras", NULL);
  g_autofree char *out = NULL, *err = NULL;
  const char *train[] = { "train", "--preset", "mnist1d-cnn", "--dataset", "mnist1d:train",
                          "--epochs", "1", "--out", model, NULL };
  g_assert_cmpint (run_cli (train, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  const char *info[] = { "info", model, NULL };
  g_assert_cmpint (run_cli (info, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Total params: 13,960"));
  g_assert_nonnull (strstr (out, "Saved by Keras 3."));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_true (g_file_set_contents (notes, "some notes\n", -1, NULL));
  const char *bad[] = { "info", notes, NULL };
  g_assert_cmpint (run_cli (bad, &out, &err), !=, 0);
  g_assert_nonnull (strstr (err, notes));
  g_assert_nonnull (strstr (err, "it looks like text"));
  g_unlink (model);
  g_unlink (notes);
  g_rmdir (dir);
}

/* check: 0 and a summary for a sound file, 1 with the message and "error-code: N" otherwise, 2 on
 * bad usage. */
static void
test_check (void)
{
  g_autofree char *model = sl_test_shared ("models/HMT.h5");
  g_autofree char *data = sl_test_shared ("data/mnist1d_data.h5");
  if (!model || !data)
    return;
  g_autofree char *out = NULL, *err = NULL;
  const char *ok_model[] = { "check", "--model", model, NULL };
  g_assert_cmpint (run_cli (ok_model, &out, &err), ==, 0);
  g_assert_true (strstr (out, "model ok: 8 layers, 66088 parameters, 8 classes"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  const char *ok_data[] = { "check", "--dataset", data, "--for-model", "demo", "--max-samples", "100",
                            NULL };
  g_assert_cmpint (run_cli (ok_data, &out, &err), ==, 0);
  g_assert_true (strstr (out, "dataset ok: 1000 samples, 10 classes; 100 read, 0 unreadable"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  const char *not_model[] = { "check", "--model", data, NULL };
  g_assert_cmpint (run_cli (not_model, &out, &err), ==, 1);
  g_assert_true (g_str_has_prefix (out, "error-code: 2\n")); /* SL_ERROR_FORMAT */
  g_assert_true (strstr (err, "not a Keras model file"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  const char *both[] = { "check", "--model", model, "--dataset", data, NULL };
  g_assert_cmpint (run_cli (both, &out, &err), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/info/json", test_info_json);
  g_test_add_func ("/cli/info/text", test_info_text);
  g_test_add_func ("/cli/predict", test_predict);
  g_test_add_func ("/cli/evaluate/json", test_evaluate_json);
  g_test_add_func ("/cli/errors", test_errors);
  g_test_add_func ("/cli/keras3", test_keras3);
  g_test_add_func ("/cli/check", test_check);
  return g_test_run ();
}
