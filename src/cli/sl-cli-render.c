/* saliency-lab-cli render KIND … --out FILE.{png,svg,pdf}: one figure of a model's explanations or
 * of its classification report, drawn by libsaliency_render. */
#include "sl-cli.h"

#include "compose/sl-comparison-figure.h"
#include "compose/sl-dataset-subset.h"
#include "compose/sl-faithfulness-figures.h"
#include "compose/sl-open.h"
#include "compose/sl-report-figures.h"
#include "compose/sl-training-history.h"
#include "core/sl-error.h"
#include "render/sl-render.h"

#include <string.h>

#define DEFAULT_DPI 150.0
#define MAX_SIDE_PT 20000.0 /* a figure larger than this is a typo, not a poster */
#define MAX_GRID_CELLS 64

/* What a kind needs besides --out. */
typedef enum
{
  NEEDS_DATA = 1 << 0,   /* --model and --dataset */
  NEEDS_METHOD = 1 << 1, /* --method (a list where the kind takes several) */
  NEEDS_LOG = 1 << 2,    /* --log */
  ONE_METHOD = 1 << 3,   /* exactly one method */
  ONE_INDEX = 1 << 4,    /* exactly one --index */
} KindNeeds;

typedef struct _Render Render;

typedef struct
{
  const char *name;
  KindNeeds needs;
  gboolean (*run) (Render *r, GError **error);
  const char *help;
  SlReportFigureKind report; /* for render_report */
} RenderKind;

struct _Render
{
  const RenderKind *kind;

  /* Options as parsed. */
  char *out;
  double width, height, dpi;
  char *title;
  char *model_spec, *dataset_spec, *log;
  char *index_text;
  SlCliExplainOptions ex;
  char *colormap_name;
  double alpha, contour, mask, frac;
  int top_k, limit, stride, steps;
  gboolean normalize;
  gboolean region; /* draw the ground truth (--no-region clears it) */
  char *style;

  /* Resolved. */
  gboolean has_colormap;
  SlColormap colormap;
  gsize *indices;
  guint n_indices;
  char **methods;
  guint n_methods;
  SlModel *model;
  SlDataset *dataset;
};

static void
render_clear (Render *r)
{
  g_free (r->out);
  g_free (r->title);
  g_free (r->model_spec);
  g_free (r->dataset_spec);
  g_free (r->log);
  g_free (r->index_text);
  sl_cli_explain_options_clear (&r->ex);
  g_free (r->colormap_name);
  g_free (r->style);
  g_free (r->indices);
  g_strfreev (r->methods);
  g_clear_pointer (&r->dataset, sl_dataset_free);
  g_clear_pointer (&r->model, sl_model_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Render, render_clear)

/* "HMT.h5", "demo": how titles name the model. */
static char *
model_label (const Render *r)
{
  return g_path_get_basename (r->model_spec);
}

static void
style_init (const Render *r, SlFigureStyle *style)
{
  sl_figure_style_init (style);
  style->auto_colormap = !r->has_colormap;
  if (r->has_colormap)
    style->colormap = r->colormap;
  style->alpha = r->alpha;
  style->mask_frac = r->mask;
  style->contour_percent = r->contour;
  style->top_k = (guint)r->top_k;
  style->title = r->title;
  style->show_regions = r->region;
}

static SlExplanation *
explain (Render *r, const SlSampleView *view, const char *method, GError **error)
{
  SlExplainRequest req;
  g_autoptr (SlParams) params = NULL;
  if (!sl_cli_build_request (r->model, &r->ex, method, &req, &params, error))
    return NULL;
  return sl_explain (r->model, view->x, &req, NULL, NULL, NULL, error);
}

static gboolean
check_rank (Render *r, guint rank, GError **error)
{
  if (r->dataset->rank == rank)
    return TRUE;
  if (rank == 3)
    g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                 "%s holds 1-D signals: '%s' draws images (use 'render signal')", r->dataset->name,
                 r->kind->name);
  else
    g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                 "%s holds images: '%s' draws 1-D signals (use 'render overlay')", r->dataset->name,
                 r->kind->name);
  return FALSE;
}

/* ---- overlay, signal ---- */

static gboolean
render_explanation (Render *r, GError **error)
{
  if (!check_rank (r, g_str_equal (r->kind->name, "overlay") ? 3 : 2, error))
    return FALSE;
  g_autoptr (SlSampleView) view
      = sl_sample_view_new (r->model, r->dataset, r->indices[0], NULL, error);
  g_autoptr (SlExplanation) expl = view ? explain (r, view, r->methods[0], error) : NULL;
  if (!expl)
    return FALSE;
  SlFigureStyle style;
  style_init (r, &style);
  g_autoptr (SlExplanationFigure) fig = sl_explanation_figure_new (view, expl, &style);
  return sl_explanation_figure_export (fig, r->out, r->width, r->height, r->dpi, error);
}

/* ---- grid ---- */

static gboolean
render_grid (Render *r, GError **error)
{
  if (r->dataset->rank != 3 && !check_rank (r, 2, error))
    return FALSE;
  const guint n_cells = r->n_indices * r->n_methods;
  g_autoptr (GPtrArray) views
      = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_sample_view_free);
  g_autoptr (GPtrArray) maps = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_explanation_free);
  for (guint i = 0; i < r->n_indices; i++)
    {
      SlSampleView *view = sl_sample_view_new (r->model, r->dataset, r->indices[i], NULL, error);
      if (!view)
        return FALSE;
      g_ptr_array_add (views, view);
      for (guint m = 0; m < r->n_methods; m++)
        {
          SlExplanation *expl = explain (r, view, r->methods[m], error);
          if (!expl)
            return FALSE;
          g_ptr_array_add (maps, expl);
        }
    }
  g_assert (maps->len == n_cells);
  SlFigureStyle style;
  style_init (r, &style);
  g_autoptr (SlComparisonFigure) fig = sl_comparison_figure_new (
      (const SlSampleView *const *)views->pdata, r->n_indices, (const char *const *)r->methods,
      r->n_methods, (const SlExplanation *const *)maps->pdata, TRUE, &style);
  return sl_comparison_figure_export (fig, r->out, r->width, r->height, r->dpi, error);
}

/* The samples the report and faithfulness kinds use: --limit N of every --stride K-th. */
static SlDataset *
subset_new (Render *r, GError **error)
{
  return sl_dataset_subset_new (r->dataset, (gsize)r->stride, (gsize)r->limit, error);
}

/* ---- the classification report: confusion, roc, pr, class-accuracy ---- */

static gboolean
render_report (Render *r, GError **error)
{
  g_autoptr (SlDataset) d = subset_new (r, error);
  g_autoptr (SlReport) report = d ? sl_report_for_dataset (r->model, d, 0, error) : NULL;
  if (!report)
    return FALSE;
  SlReportFigureOptions options;
  sl_report_figure_options_init (&options);
  options.normalize = r->normalize;
  options.auto_colormap = !r->has_colormap;
  options.colormap = r->colormap;
  options.title = r->title;
  g_autofree char *model = model_label (r);
  g_autoptr (SlReportFigure) fig
      = sl_report_figure_new (report, r->kind->report, model, d->name, &options, error);
  return fig && sl_report_figure_export (fig, r->out, r->width, r->height, r->dpi, error);
}

/* ---- training ---- */

static gboolean
render_training (Render *r, GError **error)
{
  g_autoptr (SlTrainingHistory) h = sl_training_history_load (r->log, error);
  if (!h)
    return FALSE;
  g_autofree char *base = g_path_get_basename (r->log);
  g_autofree char *title
      = g_strdup_printf ("Training · %s (%" G_GSIZE_FORMAT " epochs)", base, h->n_epochs);
  SlTrainingFigure fig;
  sl_training_history_figure (h, r->title ? r->title : title, &fig);
  return sl_export_figure (r->out, r->width > 0 ? r->width : SL_TRAINING_FIGURE_WIDTH,
                           r->height > 0 ? r->height : SL_TRAINING_FIGURE_HEIGHT, r->dpi,
                           sl_render_training_func, &fig, error);
}

/* ---- faithfulness ---- */

static gboolean
render_faithfulness (Render *r, GError **error)
{
  g_autofree SlExplainRequest *requests = g_new0 (SlExplainRequest, r->n_methods);
  g_autoptr (GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_params_free);
  for (guint m = 0; m < r->n_methods; m++)
    {
      SlParams *p = NULL;
      if (!sl_cli_build_request (r->model, &r->ex, r->methods[m], &requests[m], &p, error))
        return FALSE;
      g_ptr_array_add (params, p);
    }
  g_autoptr (SlDataset) d = subset_new (r, error);
  if (!d)
    return FALSE;
  SlFaithOptions options;
  sl_faith_options_init (&options);
  options.frac = r->frac;
  g_autoptr (SlFaithTable) table = sl_faithfulness_dataset (
      r->model, d, 0, d->n_samples, requests, r->n_methods, &options, NULL, NULL, NULL, error);
  if (!table)
    return FALSE;
  g_autofree char *model = model_label (r);
  g_autoptr (SlFaithFigure) fig
      = sl_faith_figure_new (table, (const char *const *)r->methods, d->name, model,
                             !g_strcmp0 (r->style, "bars"), r->title);
  return sl_faith_figure_export (fig, r->out, r->width, r->height, r->dpi, error);
}

/* ---- deletion ---- */

static gboolean
render_deletion (Render *r, GError **error)
{
  g_autoptr (SlSampleView) view
      = sl_sample_view_new (r->model, r->dataset, r->indices[0], NULL, error);
  if (!view)
    return FALSE;
  g_autoptr (GPtrArray) maps = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_explanation_free);
  for (guint m = 0; m < r->n_methods; m++)
    {
      SlExplanation *expl = explain (r, view, r->methods[m], error);
      if (!expl)
        return FALSE;
      g_ptr_array_add (maps, expl);
    }
  g_autoptr (SlFaithFigure) fig
      = sl_deletion_figure_new (r->model, view, (const SlExplanation *const *)maps->pdata,
                                maps->len, (guint)r->steps, r->title, error);
  return fig && sl_faith_figure_export (fig, r->out, r->width, r->height, r->dpi, error);
}

/* ---- the command ---- */

static const RenderKind kinds[] = {
  { "overlay", NEEDS_DATA | NEEDS_METHOD | ONE_METHOD | ONE_INDEX, render_explanation,
    "an image sample with its explanation heatmap" },
  { "signal", NEEDS_DATA | NEEDS_METHOD | ONE_METHOD | ONE_INDEX, render_explanation,
    "a 1-D sample with its explanation band, top-k points and (MNIST-1D) the class templates" },
  { "grid", NEEDS_DATA | NEEDS_METHOD, render_grid,
    "several methods (--method a,b,c) and/or samples (--index 0,1,2) side by side" },
  { "confusion", NEEDS_DATA, render_report,
    "the confusion matrix (--normalize: rates per true class)", SL_REPORT_FIGURE_CONFUSION },
  { "roc", NEEDS_DATA, render_report, "one-vs-rest ROC curves with their AUC",
    SL_REPORT_FIGURE_ROC },
  { "pr", NEEDS_DATA, render_report, "one-vs-rest precision-recall curves with their AP",
    SL_REPORT_FIGURE_PR },
  { "class-accuracy", NEEDS_DATA, render_report, "per-class accuracy and the overall line",
    SL_REPORT_FIGURE_CLASS_ACCURACY },
  { "training", NEEDS_LOG, render_training, "loss and accuracy per epoch of a training --log" },
  { "faithfulness", NEEDS_DATA | NEEDS_METHOD, render_faithfulness,
    "average drop and increase in confidence per method (--style table|bars)" },
  { "deletion", NEEDS_DATA | NEEDS_METHOD | ONE_INDEX, render_deletion,
    "deletion and insertion curves of one sample, per method" },
};

static char *
kinds_summary (void)
{
  GString *s = g_string_new ("Kinds:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    g_string_append_printf (s, "  %-15s %s\n", kinds[i].name, kinds[i].help);
  g_string_append (s,
                   "\n"
                   "overlay, signal, grid and deletion explain --index (default 0) of --dataset\n"
                   "with --model; grid and deletion take several methods, grid several indices.\n"
                   "confusion, roc, pr, class-accuracy and faithfulness use every sample, or\n"
                   "--limit N of them (with --stride K: of every K-th). training reads --log: a\n"
                   "training state saved by 'train --state', a Keras CSVLogger .csv, or Keras'\n"
                   "History.history as .json.\n"
                   "Sizes are in points, each kind with its own default; a PNG has dpi / 72\n"
                   "pixels per point (150 dpi by default).");
  return g_string_free (s, FALSE);
}

static int usage_error (const char *fmt, ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *fmt, ...)
{
  va_list args;
  va_start (args, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, args);
  va_end (args);
  g_printerr ("render: %s\n", msg);
  return 2;
}

static gboolean
parse_indices (const char *text, Render *r)
{
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);
  r->n_indices = g_strv_length (parts);
  r->indices = g_new0 (gsize, MAX (r->n_indices, 1));
  for (guint i = 0; i < r->n_indices; i++)
    {
      guint64 v;
      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 0, G_MAXSIZE, &v, NULL))
        return FALSE;
      r->indices[i] = (gsize)v;
    }
  return r->n_indices > 0;
}

int
sl_cli_render (int argc, char **argv)
{
  g_auto (Render) r = { 0 };
  r.dpi = DEFAULT_DPI;
  r.alpha = 0.5;
  r.top_k = 5;
  r.frac = 0.3;
  r.stride = 1;
  r.region = TRUE;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &r.out, "The figure: .png, .svg or .pdf", "FILE" },
    { "width", 0, 0, G_OPTION_ARG_DOUBLE, &r.width, "Width in points (default: the kind's)", "W" },
    { "height", 0, 0, G_OPTION_ARG_DOUBLE, &r.height, "Height in points (default: the kind's)",
      "H" },
    { "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &r.dpi, "PNG resolution (default 150)", "D" },
    { "title", 0, 0, G_OPTION_ARG_STRING, &r.title, "Replace the figure's title", "TEXT" },
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &r.model_spec,
      "Keras model (.h5 or .keras) or a built-in one: demo, shapes-demo, shapes-shortcut-demo",
      "MODEL" },
    { "dataset", 'd', 0, G_OPTION_ARG_FILENAME, &r.dataset_spec,
      "mnist1d, mnist1d:train, FILE.h5, FILE.csv or an image FOLDER", "DATASET" },
    { "index", 'i', 0, G_OPTION_ARG_STRING, &r.index_text,
      "Sample to explain (default 0); grid: a list", "I[,I…]" },
    { "colormap", 0, 0, G_OPTION_ARG_STRING, &r.colormap_name,
      "jet, viridis, inferno, magma, turbo, gray, RdBu_r or coolwarm (default: jet, or RdBu_r for "
      "signed maps; confusion: viridis)",
      "NAME" },
    { "alpha", 0, 0, G_OPTION_ARG_DOUBLE, &r.alpha, "Heatmap opacity over the image (default 0.5)",
      "A" },
    { "contour", 0, 0, G_OPTION_ARG_DOUBLE, &r.contour, "Outline the top PCT % of the map's values",
      "PCT" },
    { "mask", 0, 0, G_OPTION_ARG_DOUBLE, &r.mask,
      "Dim what the drop metric removes when it keeps FRAC of the map", "FRAC" },
    { "top-k", 0, 0, G_OPTION_ARG_INT, &r.top_k,
      "signal: mark the K most relevant points (default 5)", "K" },
    { "region", 0, 0, G_OPTION_ARG_NONE, &r.region,
      "overlay, signal, grid: draw the dataset's ground truth (the default)", NULL },
    { "no-region", 0, G_OPTION_FLAG_REVERSE, G_OPTION_ARG_NONE, &r.region,
      "Leave the ground truth out", NULL },
    { "normalize", 0, 0, G_OPTION_ARG_NONE, &r.normalize,
      "confusion: rates per true class instead of counts", NULL },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &r.limit, "Only the first N samples (of every K-th)",
      "N" },
    { "stride", 0, 0, G_OPTION_ARG_INT, &r.stride, "Only every K-th sample", "K" },
    { "frac", 0, 0, G_OPTION_ARG_DOUBLE, &r.frac,
      "faithfulness: fraction of the map kept (default 0.3)", "F" },
    { "style", 0, 0, G_OPTION_ARG_STRING, &r.style, "faithfulness: table (default) or bars",
      "STYLE" },
    { "steps", 0, 0, G_OPTION_ARG_INT, &r.steps,
      "deletion: steps of each curve (default: 100, at most one per input position)", "N" },
    { "log", 0, 0, G_OPTION_ARG_FILENAME, &r.log,
      "training: a training state (.h5), CSVLogger .csv or History .json", "FILE" },
    { NULL },
  };
  g_autofree GOptionEntry *explain_entries = sl_cli_explain_entries (&r.ex);
  g_autoptr (GOptionContext) ctx = g_option_context_new ("KIND — draw a figure to PNG, SVG or PDF");
  g_autofree char *summary = kinds_summary ();
  g_option_context_set_summary (ctx, summary);
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_main_entries (ctx, explain_entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc != 2)
    return usage_error ("name one KIND (see 'saliency-lab-cli render --help')");
  for (gsize i = 0; i < G_N_ELEMENTS (kinds) && !r.kind; i++)
    if (!strcmp (argv[1], kinds[i].name))
      r.kind = &kinds[i];
  if (!r.kind)
    {
      g_autoptr (GString) names = g_string_new (NULL);
      for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
        g_string_append_printf (names, "%s%s", i ? ", " : "", kinds[i].name);
      return usage_error ("unknown kind '%s' (known: %s)", argv[1], names->str);
    }

  const KindNeeds needs = r.kind->needs;
  const char *kind = r.kind->name;
  SlExportFormat format;
  if (!r.out)
    return usage_error ("%s: --out FILE.png, .svg or .pdf is required", kind);
  if (!sl_export_format_for_path (r.out, &format, &error))
    return usage_error ("%s", error->message);
  if (!(r.width >= 0 && r.width <= MAX_SIDE_PT && r.height >= 0 && r.height <= MAX_SIDE_PT))
    return usage_error ("--width and --height must be between 1 and %g points", MAX_SIDE_PT);
  if (!(r.dpi > 0 && r.dpi <= 2400))
    return usage_error ("--dpi must be in (0, 2400]");
  if ((needs & NEEDS_DATA) && (!r.model_spec || !r.dataset_spec))
    return usage_error ("%s: --model and --dataset are required", kind);
  if ((needs & NEEDS_LOG) && !r.log)
    return usage_error ("%s: --log FILE is required", kind);
  if (needs & NEEDS_METHOD)
    {
      if (!r.ex.method)
        return usage_error ("%s: --method is required", kind);
      r.methods = g_strsplit (r.ex.method, ",", -1);
      r.n_methods = g_strv_length (r.methods);
      for (guint m = 0; m < r.n_methods; m++)
        if (!sl_method_find (g_strstrip (r.methods[m]), &error))
          return usage_error ("%s", error->message);
      if (r.n_methods == 0 || ((needs & ONE_METHOD) && r.n_methods != 1))
        return usage_error ("%s: --method takes one method", kind);
    }
  if (!parse_indices (r.index_text ? r.index_text : "0", &r))
    return usage_error ("--index '%s': expected a sample number (or a list: 0,5,9)", r.index_text);
  if ((needs & ONE_INDEX) && r.n_indices != 1)
    return usage_error ("%s: --index takes one sample", kind);
  if ((gsize)r.n_indices * MAX (r.n_methods, 1) > MAX_GRID_CELLS)
    return usage_error ("%s: %u samples × %u methods make too many panels (at most %d)", kind,
                        r.n_indices, r.n_methods, MAX_GRID_CELLS);
  if (r.colormap_name)
    {
      if (!sl_colormap_from_name (r.colormap_name, &r.colormap))
        return usage_error ("unknown colormap '%s'", r.colormap_name);
      r.has_colormap = TRUE;
    }
  if (!(r.alpha >= 0 && r.alpha <= 1))
    return usage_error ("--alpha must be in [0, 1]");
  if (!(r.contour >= 0 && r.contour <= 100))
    return usage_error ("--contour must be a percentage in [0, 100]");
  if (!(r.mask >= 0 && r.mask <= 1) || !(r.frac > 0 && r.frac <= 1))
    return usage_error ("--mask and --frac must be fractions in (0, 1]");
  if (r.top_k < 0 || r.limit < 0 || r.stride < 1 || r.steps < 0)
    return usage_error ("--top-k, --limit and --steps must not be negative, --stride at least 1");
  if (r.style && strcmp (r.style, "table") && strcmp (r.style, "bars"))
    return usage_error ("--style '%s': table or bars", r.style);

  if (needs & NEEDS_DATA)
    {
      if (!(r.model = sl_open_model (r.model_spec, &error))
          || !(r.dataset = sl_open_dataset (r.dataset_spec, r.model, &error)))
        return sl_cli_fail (error);
    }
  for (guint i = 0; (needs & NEEDS_DATA) && i < r.n_indices; i++)
    if (r.indices[i] >= r.dataset->n_samples)
      {
        g_set_error (&error, SL_ERROR, SL_ERROR_ARGUMENT,
                     "--index %" G_GSIZE_FORMAT ": %s has only %" G_GSIZE_FORMAT
                     " samples (0 … %" G_GSIZE_FORMAT ")",
                     r.indices[i], r.dataset->name, r.dataset->n_samples,
                     r.dataset->n_samples ? r.dataset->n_samples - 1 : 0);
        return sl_cli_fail (error);
      }
  const gboolean ok = r.kind->run (&r, &error);
  /* Pango's font caches hold fontconfig patterns that would otherwise outlive main. */
  pango_cairo_font_map_set_default (NULL);
  if (!ok)
    return sl_cli_fail (error);
  g_print ("wrote %s\n", r.out);
  return 0;
}
