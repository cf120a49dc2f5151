/* saliency-lab-cli dataset: describing a dataset (text and JSON), exporting it with its regions,
 * usage and runtime errors. */
#include "datasets/sl-dataset-h5.h"
#include "datasets/sl-mnist1d.h"
#include "sl-test-util.h"

#include "cli-run.h"

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
test_info (void)
{
  g_autofree char *out = NULL, *err = NULL;
  const char *text[] = { "dataset", "--dataset", "mnist1d", NULL };
  g_assert_cmpint (run_cli (text, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Name:     MNIST-1D (test)\n"));
  g_assert_nonnull (strstr (out, "Kind:     mnist1d\n"));
  g_assert_nonnull (strstr (out, "Samples:  1000\n"));
  g_assert_nonnull (strstr (out, "Shape:    (40, 1)\n"));
  g_assert_nonnull (strstr (out, "Classes:  10\n"));
  g_assert_nonnull (strstr (out, "Regions:  1\n  digit "));

  const char *json[] = { "dataset", "-d", "mnist1d:train", "--limit", "400", "--json", NULL };
  g_assert_cmpint (run_cli (json, &out, &err), ==, 0);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o = parse_object (parser, out);
  g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "MNIST-1D (train)");
  g_assert_cmpint (json_object_get_int_member (o, "samples"), ==, 400);
  g_assert_cmpint (json_object_get_int_member (o, "total_samples"), ==, 4000);
  JsonArray *classes = json_object_get_array_member (o, "classes");
  g_assert_cmpuint (json_array_get_length (classes), ==, 10);
  gint64 sum = json_object_get_int_member (o, "unlabelled");
  for (guint c = 0; c < 10; c++)
    sum += json_object_get_int_member (json_array_get_object_element (classes, c), "samples");
  g_assert_cmpint (sum, ==, 400);
  JsonArray *regions = json_object_get_array_member (o, "regions");
  g_assert_cmpuint (json_array_get_length (regions), ==, 1);
  JsonObject *digit = json_array_get_object_element (regions, 0);
  g_assert_cmpstr (json_object_get_string_member (digit, "name"), ==, "digit");

  /* The coverage is what the generator's weights say. */
  g_autoptr (GError) error = NULL;
  SlMnist1dParams p;
  sl_mnist1d_params_init_default (&p);
  g_autoptr (SlMnist1d) gen = sl_mnist1d_generate (&p, &error);
  g_assert_no_error (error);
  const double *w = sl_mnist1d_get_weights (gen, TRUE, NULL);
  double inside = 0;
  for (gsize i = 0; i < 400 * 40; i++)
    inside += w[i] > 0;
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (digit, "inside"),
                                  inside / (400 * 40), 1e-12);
}

static void
test_export (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sl-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "test.h5", NULL);
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "dataset", "--dataset", "mnist1d@seed=7", "--out", path, "--limit", "50",
                         "--json", NULL };
  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o = parse_object (parser, out);
  g_assert_cmpstr (json_object_get_string_member (o, "out"), ==, path);
  g_assert_cmpint (json_object_get_int_member (o, "samples"), ==, 50);

  /* The file holds the generator's test split with seed 7, regions included. */
  g_autoptr (GError) error = NULL;
  SlMnist1dParams p;
  sl_mnist1d_params_init_default (&p);
  p.seed = 7;
  g_autoptr (SlDataset) want = sl_mnist1d_dataset_new (&p, FALSE, &error);
  g_assert_no_error (error);
  g_autoptr (SlDataset) got = sl_dataset_h5_open (path, SL_DATASET_SPLIT_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (got->n_samples, ==, 50);
  g_assert_cmpuint (got->n_regions, ==, 1);
  g_assert_cmpmem (got->labels, 50 * sizeof (gint), want->labels, 50 * sizeof (gint));
  float a[40], b[40];
  for (gsize i = 0; i < 50; i++)
    {
      g_assert_true (sl_dataset_get_sample (got, i, a, NULL));
      g_assert_true (sl_dataset_get_sample (want, i, b, NULL));
      g_assert_cmpmem (a, sizeof a, b, sizeof b);
      g_assert_true (sl_dataset_get_region (got, i, 0, a, NULL));
      g_assert_true (sl_dataset_get_region (want, i, 0, b, NULL));
      g_assert_cmpmem (a, sizeof a, b, sizeof b);
    }

  /* Text, and the file described in turn. */
  const char *again[] = { "dataset", "--dataset", "mnist1d", "--out", path, "-q", NULL };
  g_assert_cmpint (run_cli (again, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Wrote 1000 samples of MNIST-1D (test) to "));
  g_assert_nonnull (strstr (out, "(regions: digit)"));
  const char *info[] = { "dataset", "--dataset", path, NULL };
  g_assert_cmpint (run_cli (info, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Name:     test.h5\nKind:     hdf5\nSamples:  1000\n"));
  g_assert_nonnull (strstr (out, "Regions:  1\n  digit "));
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_errors (void)
{
  g_autofree char *out = NULL, *err = NULL;
  const char *no_dataset[] = { "dataset", NULL };
  g_assert_cmpint (run_cli (no_dataset, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--dataset is required"));
  const char *bad_limit[] = { "dataset", "-d", "mnist1d", "--limit", "-3", NULL };
  g_assert_cmpint (run_cli (bad_limit, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--limit must be a positive number of samples, not -3"));
  const char *extra[] = { "dataset", "-d", "mnist1d", "surplus", NULL };
  g_assert_cmpint (run_cli (extra, &out, &err), ==, 2);
  const char *missing[] = { "dataset", "-d", "/no/such/file.h5", NULL };
  g_assert_cmpint (run_cli (missing, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "/no/such/file.h5"));
  const char *bad_param[] = { "dataset", "-d", "mnist1d@seed=x", NULL };
  g_assert_cmpint (run_cli (bad_param, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "seed"));
  const char *nowhere[] = { "dataset", "-d", "mnist1d", "--out", "/no/such/folder/x.h5", NULL };
  g_assert_cmpint (run_cli (nowhere, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "/no/such/folder/x.h5"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-dataset/info", test_info);
  g_test_add_func ("/cli-dataset/export", test_export);
  g_test_add_func ("/cli-dataset/errors", test_errors);
  return g_test_run ();
}
