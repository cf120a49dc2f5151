/* bench-open-check.c — what checking a file in a child process (sl_open_check_file: a
 * saliency-lab-cli check under limits) costs before the window opens it, against opening it
 * in-process: HMT.h5 (goal: under 100 ms) and the HMT_test folder (496 tiles decoded).
 * The CLI run is $SL_CLI, else the build tree's (../src/cli from bench/). */
#include "compose/sl-open-check.h"
#include "compose/sl-open.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

typedef gboolean (*Step) (gpointer data, GError **error);

typedef struct
{
  const char *cli;
  const char *path;
  SlOpenKind kind;
  const char *model;
} Check;

static gboolean
run_check (gpointer data, GError **error)
{
  const Check *c = data;
  return sl_open_check_file (c->cli, c->path, c->kind, c->model, error);
}

static gboolean
run_open_model (gpointer data, GError **error)
{
  g_autoptr (SlModel) model = sl_open_model (data, error);
  return model != NULL;
}

typedef struct
{
  const char *tiles;
  SlModel *model;
} Folder;

/* What the check does to a folder, in-process: open it and decode every tile. */
static gboolean
run_read_folder (gpointer data, GError **error)
{
  const Folder *f = data;
  g_autoptr (SlDataset) ds = sl_open_dataset (f->tiles, f->model, error);
  if (!ds)
    return FALSE;
  g_autofree float *x = g_new (float, sl_dataset_sample_size (ds));
  for (gsize i = 0; i < ds->n_samples; i++)
    if (!sl_dataset_get_sample (ds, i, x, error))
      return FALSE;
  return TRUE;
}

/* CPU time (user + system) of the children waited for so far, in ms. */
static double
children_cpu_ms (void)
{
  struct rusage u;
  getrusage (RUSAGE_CHILDREN, &u);
  return (double) (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3
         + (double) (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

/* Median and best of `runs` wall-clock timings, and the mean CPU time of the child processes they
 * ran (what the check costs on an idle machine, whatever the load of this one), in ms. */
static gboolean
measure (const char *label, Step step, gpointer data, guint runs)
{
  g_autofree double *ms = g_new (double, runs);
  const double cpu0 = children_cpu_ms ();
  for (guint r = 0; r < runs; r++)
    {
      g_autoptr (GError) error = NULL;
      const gint64 t0 = g_get_monotonic_time ();
      if (!step (data, &error))
        {
          printf ("%-44s failed: %s\n", label, error->message);
          return FALSE;
        }
      ms[r] = (double) (g_get_monotonic_time () - t0) / 1000;
    }
  for (guint i = 1; i < runs; i++) /* insertion sort: a handful of values */
    for (guint j = i; j > 0 && ms[j - 1] > ms[j]; j--)
      {
        const double t = ms[j];
        ms[j] = ms[j - 1];
        ms[j - 1] = t;
      }
  const double child_cpu = (children_cpu_ms () - cpu0) / runs;
  printf ("%-44s %9.1f ms %9.1f ms %9.1f ms %5u\n", label, ms[runs / 2], ms[0], child_cpu, runs);
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = exe ? g_path_get_dirname (exe) : g_strdup (".");
  g_autofree char *built = g_build_filename (dir, "..", "src", "cli", "saliency-lab-cli", NULL);
  g_autofree char *cli = g_getenv ("SL_CLI") ? g_strdup (g_getenv ("SL_CLI"))
                         : g_file_test (built, G_FILE_TEST_IS_EXECUTABLE)
                             ? g_strdup (built)
                             : sl_open_check_find_cli ();
  g_autofree char *model_path = g_build_filename (SL_SHARED_DIR, "models", "HMT.h5", NULL);
  g_autofree char *tiles = g_build_filename (SL_SHARED_DIR, "data", "hmt", "HMT_test", NULL);
  if (!cli || !g_file_test (model_path, G_FILE_TEST_EXISTS))
    {
      printf ("skipped: %s\n", cli ? "no course material" : "no saliency-lab-cli");
      return 0;
    }
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) model = sl_open_model (model_path, &error);
  if (!model)
    {
      printf ("skipped: %s\n", error->message);
      return 0;
    }
  double load[3] = { 0 };
  getloadavg (load, 3);
  printf ("checker: %s\nload average: %.1f (the wall-clock times wait for the cores under load)\n\n"
          "%-44s %12s %12s %12s %5s\n",
          cli, load[0], "", "wall median", "wall best", "child CPU", "runs");
  Check model_check = { cli, model_path, SL_OPEN_MODEL, NULL };
  Check demo_check = { cli, "demo", SL_OPEN_MODEL, NULL };
  Check folder_check = { cli, tiles, SL_OPEN_DATASET, model_path };
  Folder folder = { tiles, model };
  gboolean ok = measure ("HMT.h5: check in a child", run_check, &model_check, 21)
                && measure ("HMT.h5: open in-process", run_open_model, model_path, 21)
                && measure ("demo: no file, no check", run_check, &demo_check, 21)
                && measure ("HMT_test (496 tiles): check in a child", run_check, &folder_check, 5)
                && measure ("HMT_test: open + decode in-process", run_read_folder, &folder, 5);
  return ok ? 0 : 1;
}
