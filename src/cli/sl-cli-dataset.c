/* saliency-lab-cli dataset --dataset SPEC [--out FILE.h5] [--limit N] [--json] [--quiet]
 *
 * Without --out: what the dataset holds (name, kind, samples, shape, classes, ground-truth regions
 * and how much of a sample they cover). With --out: writes it to an HDF5 file that
 * sl_dataset_h5_open reads back, regions included (sl_dataset_export_h5). */
#include "sl-cli.h"

#include "core/sl-text.h"
#include "datasets/sl-dataset-export.h"

#include <json-glib/json-glib.h>
#include <unistd.h>

/* How much of the samples a region covers. */
typedef struct
{
  double inside;      /* mean share of positions with weight > 0 */
  double mean_weight; /* mean weight over all positions */
} RegionStats;

static gboolean
region_stats (SlDataset *ds, gsize n, guint region, RegionStats *st, GError **error)
{
  const gsize size = sl_dataset_region_size (ds);
  g_autofree float *w = g_new (float, MAX (size, 1));
  double inside = 0, sum = 0;
  for (gsize i = 0; i < n; i++)
    {
      if (!sl_dataset_get_region (ds, i, region, w, error))
        return FALSE;
      for (gsize j = 0; j < size; j++)
        {
          inside += w[j] > 0;
          sum += w[j];
        }
    }
  const double total = (double) n * (double) size;
  st->inside = total > 0 ? inside / total : 0;
  st->mean_weight = total > 0 ? sum / total : 0;
  return TRUE;
}

/* Prints `o` (and drops it). */
static void
print_json (JsonObject *o)
{
  g_autoptr (JsonNode) root = json_node_init_object (json_node_alloc (), o);
  json_object_unref (o);
  g_autofree char *text = json_to_string (root, TRUE);
  g_print ("%s\n", text);
}

static char *
shape_string (const SlDataset *ds)
{
  GString *s = g_string_new ("(");
  for (guint i = 0; i < ds->rank; i++)
    g_string_append_printf (s, "%s%" G_GSIZE_FORMAT, i ? ", " : "", ds->shape[i]);
  g_string_append_c (s, ')');
  return g_string_free (s, FALSE);
}

static int
print_info (SlDataset *ds, gsize n, gboolean as_json)
{
  g_autoptr (GError) error = NULL;
  g_autofree RegionStats *stats = g_new0 (RegionStats, MAX (ds->n_regions, 1));
  for (guint r = 0; r < ds->n_regions; r++)
    if (!region_stats (ds, n, r, &stats[r], &error))
      return sl_cli_fail (error);
  g_autofree gsize *counts = g_new0 (gsize, ds->n_classes + 1); /* the last: unlabelled */
  for (gsize i = 0; i < n; i++)
    counts[ds->labels[i] >= 0 && (guint) ds->labels[i] < ds->n_classes ? (guint) ds->labels[i]
                                                                         : ds->n_classes]++;

  if (as_json)
    {
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "name", ds->name);
      json_object_set_string_member (o, "kind", ds->klass->kind);
      json_object_set_int_member (o, "samples", (gint64) n);
      json_object_set_int_member (o, "total_samples", (gint64) ds->n_samples);
      JsonArray *shape = json_array_new ();
      for (guint i = 0; i < ds->rank; i++)
        json_array_add_int_element (shape, (gint64) ds->shape[i]);
      json_object_set_array_member (o, "shape", shape);
      JsonArray *classes = json_array_new ();
      for (guint c = 0; c < ds->n_classes; c++)
        {
          JsonObject *co = json_object_new ();
          json_object_set_string_member (co, "name", ds->class_names[c]);
          json_object_set_int_member (co, "samples", (gint64) counts[c]);
          json_array_add_object_element (classes, co);
        }
      json_object_set_array_member (o, "classes", classes);
      json_object_set_int_member (o, "unlabelled", (gint64) counts[ds->n_classes]);
      JsonArray *regions = json_array_new ();
      for (guint r = 0; r < ds->n_regions; r++)
        {
          JsonObject *ro = json_object_new ();
          json_object_set_string_member (ro, "name", ds->region_names[r]);
          json_object_set_double_member (ro, "inside", stats[r].inside);
          json_object_set_double_member (ro, "mean_weight", stats[r].mean_weight);
          json_array_add_object_element (regions, ro);
        }
      json_object_set_array_member (o, "regions", regions);
      print_json (o);
      return 0;
    }

  /* Names come from files: no control characters to the terminal. */
  g_autofree char *shape = shape_string (ds);
  g_autofree char *name = sl_text_dup_printable (ds->name, SL_TEXT_NAME_MAX);
  g_print ("Name:     %s\nKind:     %s\nSamples:  %" G_GSIZE_FORMAT, name, ds->klass->kind, n);
  if (n < ds->n_samples)
    g_print (" (the first, of %" G_GSIZE_FORMAT ")", ds->n_samples);
  g_print ("\nShape:    %s\n", shape);
  g_print ("Classes:  %u\n", ds->n_classes);
  for (guint c = 0; c < ds->n_classes; c++)
    {
      g_autofree char *class_name = sl_text_dup_printable (ds->class_names[c], SL_TEXT_NAME_MAX);
      g_print ("  %-20s %" G_GSIZE_FORMAT " samples\n", class_name, counts[c]);
    }
  if (counts[ds->n_classes])
    g_print ("  (unlabelled)         %" G_GSIZE_FORMAT " samples\n", counts[ds->n_classes]);
  if (ds->n_regions == 0)
    g_print ("Regions:  none\n");
  else
    g_print ("Regions:  %u\n", ds->n_regions);
  for (guint r = 0; r < ds->n_regions; r++)
    {
      g_autofree char *region = sl_text_dup_printable (ds->region_names[r], SL_TEXT_NAME_MAX);
      g_print ("  %-20s %.1f %% of positions inside, mean weight %.3f\n", region,
               100 * stats[r].inside, stats[r].mean_weight);
    }
  return 0;
}

/* One updating line on stderr, at most ten times a second. */
typedef struct
{
  gint64 last_draw;
  gboolean drawn;
} ProgressLine;

static void
on_progress (gsize done, gsize total, gpointer data)
{
  ProgressLine *line = data;
  const gint64 now = g_get_monotonic_time ();
  if (now - line->last_draw < G_USEC_PER_SEC / 10 && done < total)
    return;
  line->last_draw = now;
  line->drawn = TRUE;
  g_printerr ("\r\033[KExporting  %3.0f %%  %" G_GSIZE_FORMAT " / %" G_GSIZE_FORMAT,
              100.0 * (double) done / (double) total, done, total);
}

static int
run_export (SlDataset *ds, const char *out, gsize n, gboolean as_json, gboolean quiet)
{
  g_autoptr (GError) error = NULL;
  ProgressLine line = { 0 };
  const gboolean show = !quiet && isatty (STDERR_FILENO);
  const gboolean ok
    = sl_dataset_export_h5 (ds, out, n, show ? on_progress : NULL, &line, NULL, &error);
  if (line.drawn)
    g_printerr ("\r\033[K");
  if (!ok)
    return sl_cli_fail (error);
  if (as_json)
    {
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "out", out);
      json_object_set_int_member (o, "samples", (gint64) n);
      JsonArray *regions = json_array_new ();
      for (guint r = 0; r < ds->n_regions; r++)
        json_array_add_string_element (regions, ds->region_names[r]);
      json_object_set_array_member (o, "regions", regions);
      print_json (o);
    }
  else
    {
      g_autofree char *joined = ds->n_regions ? g_strjoinv (", ", ds->region_names)
                                              : g_strdup ("none");
      g_autofree char *regions = sl_text_dup_printable (joined, 4 * SL_TEXT_NAME_MAX);
      g_autofree char *name = sl_text_dup_printable (ds->name, SL_TEXT_NAME_MAX);
      g_autofree char *shown = sl_text_dup_printable (out, SL_TEXT_MESSAGE_MAX);
      g_print ("Wrote %" G_GSIZE_FORMAT " samples of %s to %s (regions: %s)\n", n, name, shown,
               regions);
    }
  return 0;
}

int
sl_cli_dataset (int argc, char **argv)
{
  g_autofree char *spec = NULL, *out = NULL;
  gboolean as_json = FALSE, quiet = FALSE;
  gint64 limit = 0;
  const GOptionEntry entries[] = {
    { "dataset", 'd', 0, G_OPTION_ARG_FILENAME, &spec,
      "mnist1d, mnist1d:train, mnist1d@key=value,…, FILE.h5, FILE.csv or an image FOLDER",
      "DATASET" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
      "Write the samples, labels, classes and regions to this HDF5 file", "FILE.h5" },
    { "limit", 'n', 0, G_OPTION_ARG_INT64, &limit, "Only the first N samples", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "Print JSON", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress on stderr", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx
    = g_option_context_new ("— describe a dataset, or export it to HDF5 with its regions");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || !spec || argc != 1)
    {
      g_printerr ("%s\n", error ? error->message : "dataset: --dataset is required");
      return 2;
    }
  if (limit < 0)
    return sl_cli_usage ("dataset: --limit must be a positive number of samples, not %"
                         G_GINT64_FORMAT, limit);
  if (out && !*out)
    return sl_cli_usage ("dataset: --out needs a file name");
  g_autoptr (SlDataset) dataset = sl_cli_open_dataset (spec, NULL, &error);
  if (!dataset)
    return sl_cli_fail (error);
  const gsize n = limit > 0 ? MIN ((gsize) limit, dataset->n_samples) : dataset->n_samples;
  return out ? run_export (dataset, out, n, as_json, quiet) : print_info (dataset, n, as_json);
}
