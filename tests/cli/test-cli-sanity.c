/* saliency-lab-cli sanity on MNIST1D.h5: the JSON layout (one step per layer with weights, top
 * down), the text table, seeds, and the usage and runtime errors. */
#include "sl-test-util.h"

#include "cli-run.h"

#include <json-glib/json-glib.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

/* The `steps` array of `sanity --json` with `method` and `seed` on 5 samples. */
static JsonArray *
run_json (JsonParser *parser, const char *model, const char *method, const char *seed)
{
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "sanity", "--model", model, "--dataset", "mnist1d", "--method", method,
                         "--limit", "5", "--seed", seed, "--json", "-q", NULL };
  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_autoptr (GError) error = NULL;
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "dataset"), ==, "MNIST-1D (test)");
  g_assert_cmpint (json_object_get_int_member (root, "samples"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (root, "seed"), ==, g_ascii_strtoll (seed, NULL, 10));
  g_assert_false (json_object_get_boolean_member (root, "partial"));
  return json_object_get_array_member (root, "steps");
}

static void
test_json (void)
{
  g_autofree char *model = sl_test_shared ("models/MNIST1D.h5");
  if (!model)
    return;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonArray *steps = run_json (parser, model, "gradcam", "3");
  const char *layers[] = { "dense", "conv1d_2", "conv1d_1", "conv1d" };
  g_assert_cmpuint (json_array_get_length (steps), ==, 4);
  for (guint k = 0; k < 4; k++)
    {
      JsonObject *s = json_array_get_object_element (steps, k);
      g_assert_cmpint (json_object_get_int_member (s, "step"), ==, k + 1);
      g_assert_cmpstr (json_object_get_string_member (s, "layer"), ==, layers[k]);
      g_assert_cmpint (json_object_get_int_member (s, "defined"), <=, 5);
      for (const char *const *m = (const char *const[]){ "spearman", "spearman_signed", "ssim", NULL };
           *m; m++)
        {
          JsonNode *v = json_object_get_member (s, *m);
          g_assert_nonnull (v);
          if (JSON_NODE_HOLDS_NULL (v))
            continue;
          g_assert_cmpfloat (fabs (json_node_get_double (v)), <=, 1.0);
        }
    }
  /* The same seed gives the same numbers; another seed others. */
  g_autoptr (JsonParser) again = json_parser_new ();
  g_autoptr (JsonParser) other = json_parser_new ();
  JsonArray *a = run_json (again, model, "gradcam", "3");
  JsonArray *b = run_json (other, model, "gradcam", "4");
  gboolean differs = FALSE;
  for (guint k = 0; k < 4; k++)
    {
      JsonObject *s = json_array_get_object_element (steps, k);
      JsonObject *sa = json_array_get_object_element (a, k);
      JsonObject *sb = json_array_get_object_element (b, k);
      g_assert_cmpfloat (json_object_get_double_member (s, "ssim"), ==,
                         json_object_get_double_member (sa, "ssim"));
      differs |= json_object_get_double_member (s, "ssim")
                 != json_object_get_double_member (sb, "ssim");
    }
  g_assert_true (differs);
}

static void
test_text (void)
{
  g_autofree char *model = sl_test_shared ("models/MNIST1D.h5");
  if (!model)
    return;
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "sanity", "--model", model, "--dataset", "mnist1d", "--method",
                         "saliency", "--limit", "5", "--first", "10", "--spread", "-q", NULL };
  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "saliency (logit)"));
  g_assert_nonnull (strstr (out, "5 samples"));
  g_assert_nonnull (strstr (out, "Spearman"));
  g_assert_nonnull (strstr (out, "SSIM"));
  g_assert_nonnull (strstr (out, "(trained)"));
  g_assert_nonnull (strstr (out, "conv1d_2"));

  /* --figure: the Sanity page's figure, headless. */
  g_autofree char *dir = g_dir_make_tmp ("sl-sanity-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "sanity.png", NULL);
  g_autofree char *out2 = NULL, *err2 = NULL;
  const char *fig_args[] = { "sanity", "--model", model, "--dataset", "mnist1d", "--method",
                             "gradcam", "--limit", "3", "--figure", png, "-q", NULL };
  g_assert_cmpint (run_cli (fig_args, &out2, &err2), ==, 0);
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (png, NULL);
  g_assert_nonnull (pixbuf);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), >, 300);
  g_unlink (png);
  g_rmdir (dir);
}

static void
test_errors (void)
{
  g_autofree char *model = sl_test_shared ("models/MNIST1D.h5");
  if (!model)
    return;
  struct
  {
    const char *args[12];
    int status;
    const char *needle;
  } cases[] = {
    { { "sanity", "--model", model, "--dataset", "mnist1d", NULL }, 2, "--method" },
    { { "sanity", "--model", model, "--dataset", "mnist1d", "--method", "saliency,gradcam", NULL },
      2, "one method" },
    { { "sanity", "--model", model, "--dataset", "mnist1d", "--method", "saliency", "--limit",
        "-1", NULL }, 2, "--limit" },
    { { "sanity", "--model", model, "--dataset", "mnist1d", "--method", "nope", NULL }, 1, "nope" },
    { { "sanity", "--model", model, "--dataset", "mnist1d", "--method", "saliency", "--first",
        "99999", NULL }, 1, "samples" },
    { { "sanity", "--model", "/nonexistent/m.h5", "--dataset", "mnist1d", "--method", "saliency",
        NULL }, 1, "/nonexistent/m.h5" },
    { { "sanity", "--model", model, "--dataset", "mnist1d", "--method", "saliency", "--figure",
        "fig.txt", NULL }, 2, ".png, .svg or .pdf" },
    { { "sanity", "--model", model, "--dataset", "mnist1d", "--method", "saliency", "--figure",
        "/nonexistent/dir/fig.png", NULL }, 1, "/nonexistent/dir/fig.png" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL, *err = NULL;
      g_assert_cmpint (run_cli (cases[i].args, &out, &err), ==, cases[i].status);
      g_test_message ("%s", err);
      g_assert_nonnull (strstr (err, cases[i].needle));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-sanity/json", test_json);
  g_test_add_func ("/cli-sanity/text", test_text);
  g_test_add_func ("/cli-sanity/errors", test_errors);
  return g_test_run ();
}
