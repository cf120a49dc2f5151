/* saliency-lab-cli localisation as a user runs it: errors (no ground truth, no such region, bad
 * method or option) and, once MNIST-1D has its "digit" region, the table and its JSON. */
#include "sl-test-util.h"

#include "cli-run.h"

#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

/* A CSV dataset of three MNIST-1D-sized signals: samples, labels, no ground truth. */
static char *
csv_without_regions (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "plain.csv", NULL);
  GString *s = g_string_new (NULL);
  for (guint row = 0; row < 3; row++)
    {
      g_string_append_printf (s, "%u", row);
      for (guint i = 0; i < 40; i++)
        g_string_append_printf (s, ",%g", 0.1 * (double) ((i * 7 + row) % 11) - 0.5);
      g_string_append_c (s, '\n');
    }
  g_autoptr (GError) error = NULL;
  g_assert_true (g_file_set_contents (path, s->str, -1, &error));
  g_string_free (s, TRUE);
  return g_steal_pointer (&path);
}

static void
test_errors (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sl-cli-loc-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *csv = csv_without_regions (dir);

  /* A dataset without ground truth. */
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *args[] = { "localisation", "--model", "demo", "--dataset", csv, "--quiet", NULL };
    g_assert_cmpint (run_cli (args, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "plain.csv has no ground-truth regions"));
    g_assert_cmpstr (out, ==, "");
  }
  /* No such region: the message lists the dataset's regions, or says it has none. */
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *args[] = { "localisation", "--model", "demo", "--dataset", "mnist1d",
                           "--region", "object", "--limit", "2", "--quiet", NULL };
    g_assert_cmpint (run_cli (args, &out, &err), ==, 1);
    g_assert_true (strstr (err, "has no region 'object' (its regions: ")
                   || strstr (err, "has no ground-truth regions"));
    g_test_message ("%s", err);
  }
  /* A bad method, named before anything is loaded. */
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *args[] = { "localisation", "--model", "demo", "--dataset", "mnist1d",
                           "--methods", "gradcam,no-such", NULL };
    g_assert_cmpint (run_cli (args, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "no-such"));
    g_assert_nonnull (strstr (err, "gradcam++")); /* the known names */
  }
  /* Bad options. */
  static const char *const bad[][3] = {
    { "--limit", "-3", "--limit must be a positive number" },
    { "--stride", "0", "--stride must be at least 1" },
    { "--first", "100000", "--first 100000 is past the end" },
    { "--samples", "1,x", "--samples: 'x' is not a sample" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *out = NULL, *err = NULL;
      const char *args[] = { "localisation", "--model", "demo", "--dataset", "mnist1d",
                             bad[i][0], bad[i][1], NULL };
      g_assert_cmpint (run_cli (args, &out, &err), ==, 2);
      g_assert_nonnull (strstr (err, bad[i][2]));
    }
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *args[] = { "localisation", "--model", "demo", NULL };
    g_assert_cmpint (run_cli (args, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "--model and --dataset are required"));
  }
  /* Listed among the commands. */
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *args[] = { "--help", NULL };
    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "localisation"));
  }
  sl_test_remove_tree (dir);
}

/* The course model on MNIST-1D's "digit" region: skipped until the dataset has it. */
static void
test_mnist1d (void)
{
  g_autofree char *model = sl_test_shared ("models/MNIST1D.h5");
  if (!model)
    return;
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *args[] = { "localisation", "--model", model, "--dataset", "mnist1d",
                           "--region", "digit", "--limit", "1", "--quiet", NULL };
    if (run_cli (args, &out, &err) != 0 && strstr (err, "no ground-truth regions"))
      {
        g_test_skip ("MNIST-1D has no \"digit\" region yet");
        return;
      }
  }
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "localisation", "--model", model, "--dataset", "mnist1d", "--limit", "30",
                         "--json", "--per-sample", "--quiet", NULL };
  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  JsonObject *o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (o, "region"), ==, "digit");
  g_assert_cmpint (json_object_get_int_member (o, "samples"), ==, 30);
  JsonArray *methods = json_object_get_array_member (o, "methods");
  g_assert_cmpuint (json_array_get_length (methods), ==, 3); /* the default three */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (methods, 0),
                                                  "method"),
                   ==, "gradcam (logit)");
  for (guint m = 0; m < 3; m++)
    {
      JsonObject *row = json_array_get_object_element (methods, m);
      const double pointing = json_object_get_double_member (row, "pointing");
      const double rank = json_object_get_double_member (row, "rank");
      g_test_message ("%s: pointing %.3f, mass %.3f, rank %.3f over %" G_GINT64_FORMAT " samples",
                      json_object_get_string_member (row, "method"), pointing,
                      json_object_get_double_member (row, "mass"), rank,
                      json_object_get_int_member (row, "samples"));
      g_assert_cmpfloat (pointing, >=, 0);
      g_assert_cmpfloat (pointing, <=, 1);
      g_assert_cmpfloat (rank, >=, 0);
      g_assert_cmpfloat (rank, <=, 1);
      g_assert_cmpint (json_object_get_int_member (row, "samples"), <=, 30);
    }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "per_sample")), ==,
                    30);

  /* The text table, on the true classes of a list of samples. */
  g_autofree char *text = NULL, *err2 = NULL;
  const char *targs[] = { "localisation", "--model", model, "--dataset", "mnist1d", "--samples",
                          "3,1,4", "--methods", "gradcam,saliency", "--labels", "--per-sample",
                          "--quiet", NULL };
  g_assert_cmpint (run_cli (targs, &text, &err2), ==, 0);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "pointing %"));
  g_assert_nonnull (strstr (text, "saliency (logit)"));
  g_assert_nonnull (strstr (text, "region 'digit'"));
  /* Per sample: the list's order, each sample's true class explained. */
  const char *per = strstr (text, "  sample  class  label");
  g_assert_nonnull (per);
  const char *three = strstr (per, "\n       3 "), *one = strstr (per, "\n       1 ");
  g_assert_true (three && one && three < one);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-localisation/errors", test_errors);
  g_test_add_func ("/cli-localisation/mnist1d", test_mnist1d);
  return g_test_run ();
}
