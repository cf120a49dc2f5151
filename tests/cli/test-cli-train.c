/* saliency-lab-cli train with a preset and no other flag trains with the preset's recipe and
 * reaches its accuracy. */
#include "sl-test-util.h"

#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

static int
run_cli (const char *const *args, char **out)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer)g_getenv ("SL_CLI"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);
  int status = 0;
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out,
                               &err, &status, &error));
  g_assert_no_error (error);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_printerr ("%s", err);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* CPU seconds of the finished children so far. */
static double
children_cpu (void)
{
  struct rusage u;
  getrusage (RUSAGE_CHILDREN, &u);
  return (double)u.ru_utime.tv_sec + u.ru_utime.tv_usec * 1e-6 + (double)u.ru_stime.tv_sec
         + u.ru_stime.tv_usec * 1e-6;
}

static void
test_mnist1d_recipe (SlTestTmp *fx, gconstpointer data)
{
  g_autofree char *model = g_build_filename (fx->dir, "mnist1d.h5", NULL);
  g_autofree char *out = NULL, *report = NULL;
  const double cpu0 = children_cpu ();
  const char *train[] = { "train", "--preset", "mnist1d-cnn", "--dataset", "mnist1d:train",
                          "--out", model,      "--quiet",     NULL };
  g_assert_cmpint (run_cli (train, &out), ==, 0);
  const double cpu = children_cpu () - cpu0;
  g_test_message ("trained in %.1f s of CPU", cpu);
  g_assert_nonnull (strstr (out, "30 epochs, batch 32, lr 0.02 (constant), momentum 0.9, seed 0"));
  g_assert_cmpfloat (cpu, <, 60);

  const char *evaluate[] = { "evaluate", "--model", model, "--dataset", "mnist1d", "--json", NULL };
  g_assert_cmpint (run_cli (evaluate, &report), ==, 0);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, report, -1, NULL));
  const double acc = json_object_get_double_member (
      json_node_get_object (json_parser_get_root (parser)), "accuracy");
  g_test_message ("test accuracy %.4f", acc);
  g_assert_cmpfloat (acc, >=, 0.90);
}

/* A flag still overrides the recipe. */
static void
test_flags_override (SlTestTmp *fx, gconstpointer data)
{
  g_autofree char *model = g_build_filename (fx->dir, "short.h5", NULL);
  g_autofree char *out = NULL;
  const char *train[] = { "train",    "--preset", "mnist1d-cnn", "--dataset", "mnist1d:train",
                          "--epochs", "1",        "--lr",        "0.05",      "--momentum",
                          "0.5",      "--out",    model,         "--quiet",   NULL };
  g_assert_cmpint (run_cli (train, &out), ==, 0);
  g_assert_nonnull (strstr (out, "1 epochs, batch 32, lr 0.05 (constant), momentum 0.5, seed 0"));
  g_assert_nonnull (strstr (out, "epoch   1/1"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/cli-train/mnist1d-recipe", SlTestTmp, NULL, sl_test_tmp_setup, test_mnist1d_recipe,
              sl_test_tmp_teardown);
  g_test_add ("/cli-train/flags-override", SlTestTmp, NULL, sl_test_tmp_setup, test_flags_override,
              sl_test_tmp_teardown);
  return g_test_run ();
}
