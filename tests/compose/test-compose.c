/* The composition layer: sample views of both course models, explanation figures (export equals
 * the CLI's render, probe, describe), the comparison grid and the report figures. */
#include "compose/sl-comparison-figure.h"
#include "compose/sl-dataset-subset.h"
#include "compose/sl-open.h"
#include "compose/sl-report-figures.h"
#include "compose/sl-training-history.h"
#include "core/sl-error.h"
#include "render/sl-colormap.h"
#include "explain/sl-keep-threshold.h"
#include "sl-test-util.h"

#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  SlTestTmp tmp;
  SlModel *model;
  SlDataset *dataset;
} Fixture;

static void
demo_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  sl_test_tmp_setup (&f->tmp, data);
  f->model = sl_open_model ("demo", &error);
  g_assert_no_error (error);
  f->dataset = sl_open_dataset ("mnist1d", f->model, &error);
  g_assert_no_error (error);
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->dataset, sl_dataset_free);
  g_clear_pointer (&f->model, sl_model_free);
  sl_test_tmp_teardown (&f->tmp, data);
  /* Pango's font caches hold fontconfig patterns that would otherwise outlive the test. */
  pango_cairo_font_map_set_default (NULL);
}

static SlExplanation *
explain (const SlModel *model, const SlSampleView *view, const char *method)
{
  g_autoptr (GError) error = NULL;
  SlExplainRequest req;
  sl_explain_request_init (&req, method);
  SlExplanation *expl = sl_explain (model, view->x, &req, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return expl;
}

static void
test_sample_view_demo (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlSampleView) v = sl_sample_view_new (f->model, f->dataset, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (v->is_image);
  g_assert_cmpuint (v->length, ==, f->dataset->shape[0]);
  g_assert_cmpuint (v->x_size, ==, f->dataset->shape[0] * f->dataset->shape[1]);
  g_assert_cmpint (v->label, ==, f->dataset->labels[3]);
  g_assert_cmpuint (v->n_classes, ==, 10);
  g_assert_cmpuint (g_strv_length (v->class_names), ==, 10);
  /* The prediction is the largest probability; the probabilities sum to 1. */
  double sum = 0;
  for (guint c = 0; c < v->n_classes; c++)
    {
      sum += v->probs[c];
      g_assert_cmpfloat (v->probs[c], <=, v->probs[v->predicted]);
    }
  g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-9);
  g_assert_cmpfloat (v->confidence, ==, v->probs[v->predicted]);
  /* MNIST-1D: the time axis and both class templates. */
  g_assert_nonnull (v->t);
  g_assert_nonnull (v->template_pred);
  g_assert_nonnull (v->template_true);
  g_assert_cmpuint (v->template_length, ==, 12);
  for (gsize i = 0; i < v->length; i++)
    g_assert_cmpfloat (v->signal[i], ==, v->x[i * f->dataset->shape[1]]);

  g_autofree char *caption = sl_sample_view_caption (v, -1, " · ");
  g_autofree char *expected
      = g_strdup_printf ("true: %d · pred: %u (%.2f)", v->label, v->predicted, v->confidence);
  g_assert_cmpstr (caption, ==, expected);
  const int other = (int)(v->predicted + 1) % 10;
  g_autofree char *of_other = sl_sample_view_caption (v, other, "\n");
  g_autofree char *suffix = g_strdup_printf (" · map of %d", other);
  g_assert_true (g_str_has_suffix (of_other, suffix));

  g_autoptr (SlSampleView) copy = sl_sample_view_copy (v);
  g_assert_true (copy->x != v->x);
  g_assert_cmpmem (copy->x, copy->x_size * sizeof (float), v->x, v->x_size * sizeof (float));

  g_autoptr (SlSampleView) far
      = sl_sample_view_new (f->model, f->dataset, f->dataset->n_samples, NULL, &error);
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_assert_null (far);
}

/* Sample 0 of HMT_test seen by HMT.h5, or NULL (the test skipped) without the course material. */
static SlSampleView *
hmt_view (void)
{
  g_autofree char *model_path = sl_test_shared ("models/HMT.h5");
  g_autofree char *data_path = model_path ? sl_test_shared ("data/hmt/HMT_test") : NULL;
  if (!data_path)
    return NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) model = sl_open_model (model_path, &error);
  g_assert_no_error (error);
  g_autoptr (SlDataset) dataset = sl_open_dataset (data_path, model, &error);
  g_assert_no_error (error);
  SlSampleView *v = sl_sample_view_new (model, dataset, 0, NULL, &error);
  g_assert_no_error (error);
  return v;
}

static void
test_sample_view_hmt (void)
{
  g_autoptr (SlSampleView) v = hmt_view ();
  if (!v)
    return;
  g_assert_true (v->is_image);
  g_assert_cmpint (v->image.width, ==, 224);
  g_assert_cmpint (v->image.height, ==, 224);
  /* An image folder shows its decoded pixels: the input is those scaled by 1/255. */
  g_assert_nonnull (v->image.rgb_u8);
  for (gsize i = 0; i < 224 * 224 * 3; i += 997)
    g_assert_cmpfloat_with_epsilon (v->x[i], v->image.rgb_u8[i] / 255.0f, 1e-6);
  g_assert_cmpstr (sl_sample_view_class_name (v, v->label), ==, "01_TUMOR");
  g_assert_cmpstr (sl_sample_view_class_name (v, 99), ==, "?");
}

static char *
read_file (const char *path, gsize *length)
{
  char *contents = NULL;
  g_autoptr (GError) error = NULL;
  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

/* Runs saliency-lab-cli with `args` and checks it succeeded. */
static void
run_cli (const char *const *args)
{
  const char *cli = g_getenv ("SL_CLI");
  g_assert_nonnull (cli);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer)cli);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("saliency-lab-cli failed: %s", err);
}

static void
assert_same_file (const char *a, const char *b)
{
  gsize na, nb;
  g_autofree char *ca = read_file (a, &na);
  g_autofree char *cb = read_file (b, &nb);
  g_assert_cmpmem (ca, na, cb, nb);
}

/* The figure exported at its default size is the CLI's render of the same request, byte for
 * byte. */
static void
test_export_equals_cli (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *cli_png = g_build_filename (f->tmp.dir, "cli.png", NULL);
  g_autofree char *lib_png = g_build_filename (f->tmp.dir, "lib.png", NULL);
  run_cli ((const char *const[]){ "render", "signal", "--model", "demo", "--dataset", "mnist1d",
                                  "--method", "gradcam", "--index", "3", "--mask", "0.3", "--out",
                                  cli_png, NULL });
  g_autoptr (SlSampleView) v = sl_sample_view_new (f->model, f->dataset, 3, NULL, &error);
  g_assert_no_error (error);
  g_autoptr (SlExplanation) expl = explain (f->model, v, "gradcam");
  SlFigureStyle style;
  sl_figure_style_init (&style);
  style.mask_frac = 0.3;
  g_autoptr (SlExplanationFigure) fig = sl_explanation_figure_new (v, expl, &style);
  double w, h;
  sl_explanation_figure_get_size (fig, &w, &h);
  g_assert_cmpfloat (w, ==, 660);
  g_assert_cmpfloat (h, ==, 250);
  g_assert_true (sl_explanation_figure_export (fig, lib_png, 0, 0, 150, &error));
  g_assert_no_error (error);
  assert_same_file (cli_png, lib_png);

  /* The grid too. */
  g_autoptr (SlSampleView) v5 = sl_sample_view_new (f->model, f->dataset, 5, NULL, &error);
  g_assert_no_error (error);
  g_autoptr (SlExplanation) a = explain (f->model, v, "saliency");
  g_autoptr (SlExplanation) b = explain (f->model, v5, "gradcam");
  g_autoptr (SlExplanation) c = explain (f->model, v5, "saliency");
  run_cli ((const char *const[]){ "render", "grid", "--model", "demo", "--dataset", "mnist1d",
                                  "--method", "gradcam,saliency", "--index", "3,5", "--out",
                                  cli_png, NULL });
  const SlSampleView *views[] = { v, v5 };
  const char *methods[] = { "gradcam", "saliency" };
  const SlExplanation *maps[] = { expl, a, b, c };
  g_autoptr (SlComparisonFigure) grid
      = sl_comparison_figure_new (views, 2, methods, 2, maps, TRUE, NULL);
  g_assert_true (sl_comparison_figure_export (grid, lib_png, 0, 0, 150, &error));
  g_assert_no_error (error);
  assert_same_file (cli_png, lib_png);
}

/* A map that is 0 but at one pixel: the probe at that pixel's centre finds it, with its value,
 * and the drawn figure is hottest there. */
static void
test_probe_image (void)
{
  g_autoptr (SlSampleView) v = hmt_view ();
  if (!v)
    return;

  const int W = v->image.width, H = v->image.height, row = 57, col = 171;
  g_autofree float *map = g_new0 (float, (gsize)W *H);
  map[row * W + col] = 2.5f;
  SlExplanation expl = { .method = (char *)"gradcam",
                         .target = v->predicted,
                         .predicted = v->predicted,
                         .probability = v->confidence,
                         .input_shape = { 2, { H, W } },
                         .map_input = map };
  SlFigureStyle style;
  sl_figure_style_init (&style);
  style.alpha = 1;
  style.scale = SL_MAP_SCALE_MAX_ABS;
  g_autoptr (SlExplanationFigure) fig = sl_explanation_figure_new (v, &expl, &style);
  double vmin, vmax;
  const char *label;
  sl_explanation_figure_get_range (fig, &vmin, &vmax, &label);
  g_assert_cmpfloat (vmin, ==, 0);
  g_assert_cmpfloat (vmax, ==, 1);
  g_assert_cmpstr (label, ==, "attribution ÷ max |attribution|");

  /* Drawn at about 3.5 device pixels per map pixel, against the same figure with the hot pixel
   * elsewhere (the colour bar and the rest stay the same): where does it differ, hotter? */
  const int width = 900, height = 820;
  g_autofree float *other_map = g_new0 (float, (gsize)W *H);
  other_map[(H - 1 - row) * W + (W - 1 - col)] = 2.5f;
  SlExplanation other = expl;
  other.map_input = other_map;
  g_autoptr (SlExplanationFigure) other_fig = sl_explanation_figure_new (v, &other, &style);
  cairo_surface_t *surfaces[2];
  for (int k = 0; k < 2; k++)
    {
      surfaces[k] = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
      cairo_t *cr = cairo_create (surfaces[k]);
      sl_explanation_figure_draw (k ? other_fig : fig, cr, width, height);
      cairo_destroy (cr);
      cairo_surface_flush (surfaces[k]);
    }
  const int stride = cairo_image_surface_get_stride (surfaces[0]);
  double sx = 0, sy = 0, n = 0;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const gsize at = (gsize)y * stride + 4 * x;
        const guint32 p = *(const guint32 *)(cairo_image_surface_get_data (surfaces[0]) + at);
        const guint32 q = *(const guint32 *)(cairo_image_surface_get_data (surfaces[1]) + at);
        /* Jet's top is red: more red, less blue than the image under it. */
        const int dr = (int)((p >> 16) & 0xff) - (int)((q >> 16) & 0xff);
        const int db = (int)(p & 0xff) - (int)(q & 0xff);
        if (dr - db > 64)
          sx += x + 0.5, sy += y + 0.5, n++;
      }
  cairo_surface_destroy (surfaces[0]);
  cairo_surface_destroy (surfaces[1]);
  g_assert_cmpfloat (n, >, 4);
  g_test_message ("hot spot: %.0f device pixels around (%.2f, %.2f)", n, sx / n, sy / n);
  SlFigureProbe probe;
  g_assert_true (
      sl_explanation_figure_probe (fig, width, height, sx / n + 0.5, sy / n + 0.5, &probe));
  g_assert_cmpint (probe.row, ==, row);
  g_assert_cmpint (probe.col, ==, col);
  g_assert_cmpfloat (probe.value, ==, 1.0);
  g_assert_cmpfloat (probe.raw_value, ==, 2.5);
  /* Outside the image: nothing. */
  g_assert_false (sl_explanation_figure_probe (fig, width, height, 1, 1, &probe));

  g_autofree char *text = sl_explanation_figure_describe (fig);
  g_autofree char *where
      = g_strdup_printf ("peaks at row %d, column %d of %d × %d", row, col, H, W);
  g_assert_nonnull (strstr (text, "Grad-CAM for class"));
  g_assert_nonnull (strstr (text, where));
}

/* 1-D: the probe's position is the sample under the point, for the point drawn at its time. */
static void
test_probe_signal (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlSampleView) v = sl_sample_view_new (f->model, f->dataset, 3, NULL, &error);
  g_assert_no_error (error);
  g_autoptr (SlExplanation) expl = explain (f->model, v, "gradcam");
  g_autoptr (SlExplanationFigure) fig = sl_explanation_figure_new (v, expl, NULL);
  double w, h;
  sl_explanation_figure_get_size (fig, &w, &h);
  /* The plot's data area, found from the drawing: the band spans it at full height; the probe
   * at its left and right edges gives the first and last position. */
  SlFigureProbe probe;
  gboolean found = FALSE;
  for (double x = 0; x < w && !found; x += 0.25)
    found = sl_explanation_figure_probe (fig, w, h, x, h / 2, &probe);
  g_assert_true (found);
  g_assert_cmpint (probe.col, ==, 0);
  g_assert_cmpfloat (probe.value, ==, expl->map_input[0]);
  /* Walking right, the position only grows, reaching the last one. */
  int last = 0;
  for (double x = 0; x < w; x += 0.25)
    if (sl_explanation_figure_probe (fig, w, h, x, h / 2, &probe))
      {
        g_assert_cmpint (probe.col, >=, last);
        last = probe.col;
        g_assert_cmpfloat (probe.raw_value, ==, expl->map_input[probe.col]);
      }
  g_assert_cmpint (last, ==, (int)v->length - 1);

  g_autofree char *text = sl_explanation_figure_describe (fig);
  gsize peak = 0;
  for (gsize i = 0; i < v->length; i++)
    if (expl->map_input[i] > expl->map_input[peak])
      peak = i;
  g_autofree char *where = g_strdup_printf (
      "peaks at position %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT, peak, v->length);
  g_assert_nonnull (strstr (text, "Grad-CAM for class"));
  g_assert_nonnull (strstr (text, where));
  g_assert_nonnull (strstr (text, "(logit, p = "));
}

/* Every scaling states itself on the colour bar. */
static void
test_scales (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlSampleView) v = sl_sample_view_new (f->model, f->dataset, 1, NULL, &error);
  g_assert_no_error (error);
  g_autoptr (SlExplanation) expl = explain (f->model, v, "saliency");
  const struct
  {
    SlMapScale scale;
    const char *label;
  } cases[] = {
    { SL_MAP_SCALE_RAW, "attribution" },
    { SL_MAP_SCALE_MAX_ABS, "attribution ÷ max |attribution|" },
    { SL_MAP_SCALE_MIN_MAX, "attribution, min-max scaled" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SlFigureStyle style;
      sl_figure_style_init (&style);
      style.scale = cases[i].scale;
      g_autoptr (SlExplanationFigure) fig = sl_explanation_figure_new (v, expl, &style);
      double vmin, vmax;
      const char *label;
      sl_explanation_figure_get_range (fig, &vmin, &vmax, &label);
      g_assert_cmpstr (label, ==, cases[i].label);
      g_assert_cmpfloat (vmax, >, vmin);
      if (cases[i].scale != SL_MAP_SCALE_RAW)
        g_assert_cmpfloat (vmax, ==, 1);
    }
}

/* A grid with a cell still computing draws, at the CLI's size for a 2 × 2 table. */
static void
test_comparison_pending (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlSampleView) v0 = sl_sample_view_new (f->model, f->dataset, 0, NULL, &error);
  g_autoptr (SlSampleView) v1 = sl_sample_view_new (f->model, f->dataset, 1, NULL, &error);
  g_assert_no_error (error);
  g_autoptr (SlExplanation) a = explain (f->model, v0, "gradcam");
  g_autoptr (SlExplanation) b = explain (f->model, v1, "saliency");
  const SlSampleView *views[] = { v0, v1 };
  const char *methods[] = { "gradcam", "saliency" };
  const SlExplanation *maps[] = { a, NULL, NULL, b };
  for (int shared = 0; shared < 2; shared++)
    {
      g_autoptr (SlComparisonFigure) fig
          = sl_comparison_figure_new (views, 2, methods, 2, maps, shared, NULL);
      double w, h;
      sl_comparison_figure_get_size (fig, &w, &h);
      g_assert_cmpfloat (w, ==, 2 * 420 + 40 + 70);
      g_assert_cmpfloat (h, ==, 2 * 170 + 40);
      g_autofree char *name = g_strdup_printf ("pending-%d.png", shared);
      g_autofree char *path = g_build_filename (f->tmp.dir, name, NULL);
      g_assert_true (sl_comparison_figure_export (fig, path, 0, 0, 72, &error));
      g_assert_no_error (error);
      if (g_getenv ("SL_KEEP_FIGURES"))
        {
          g_autofree char *keep = g_build_filename (g_getenv ("SL_KEEP_FIGURES"), name, NULL);
          sl_comparison_figure_export (fig, keep, 0, 0, 110, NULL);
        }
    }
}

/* The drop/increase keep threshold: ⌊n·frac⌋-th largest, −∞ when all is kept, NaN as −∞. */
static void
test_keep_threshold (void)
{
  const float map[] = { 0.1f, 0.9f, NAN, 0.5f, 0.3f };
  g_assert_cmpfloat (sl_map_keep_threshold (map, 5, 0.0), ==, 0.9f);
  g_assert_cmpfloat (sl_map_keep_threshold (map, 5, 0.2), ==, 0.5f);
  g_assert_cmpfloat (sl_map_keep_threshold (map, 5, 0.4), ==, 0.3f);
  g_assert_cmpfloat (sl_map_keep_threshold (map, 5, 0.8), ==, -INFINITY);
  g_assert_cmpfloat (sl_map_keep_threshold (map, 5, 1.0), ==, -INFINITY);
  g_assert_cmpfloat (sl_map_keep_threshold (map, 0, 0.5), ==, -INFINITY);
}

/* Training histories: a CSV log and the trainer's statistics agree. */
static void
test_training_history (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *csv = g_build_filename (f->tmp.dir, "log.csv", NULL);
  g_assert_true (g_file_set_contents (csv,
                                      "epoch,accuracy,loss,val_accuracy,val_loss\n"
                                      "0,0.5,1.5,0.4,1.6\n1,0.7,0.9,0.6,1.0\n",
                                      -1, NULL));
  g_autoptr (SlTrainingHistory) h = sl_training_history_load (csv, &error);
  g_assert_no_error (error);
  const SlEpochStats stats[]
      = { { 0, 1.5, 0.5, 1.6, 0.4, 0.01, 1 }, { 1, 0.9, 0.7, 1.0, 0.6, 0.01, 1 } };
  g_autoptr (SlTrainingHistory) s = sl_training_history_new_from_stats (stats, 2);
  g_assert_nonnull (s);
  g_assert_cmpuint (h->n_epochs, ==, 2);
  for (int k = 0; k < SL_HISTORY_N_SERIES; k++)
    g_assert_cmpmem (h->series[k], 2 * sizeof (double), s->series[k], 2 * sizeof (double));
  SlTrainingFigure fig;
  sl_training_history_figure (h, NULL, &fig);
  g_assert_true (fig.train_loss == h->series[SL_HISTORY_LOSS]);
  g_assert_true (fig.val_acc == h->series[SL_HISTORY_VAL_ACCURACY]);
}

/* Report figures of the demo model on 300 samples. */
static void
test_report_figures (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlReport) report = sl_report_for_dataset (f->model, f->dataset, 300, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_samples, ==, 300);
  for (int kind = SL_REPORT_FIGURE_CONFUSION; kind <= SL_REPORT_FIGURE_CLASS_ACCURACY; kind++)
    {
      g_autoptr (SlReportFigure) fig
          = sl_report_figure_new (report, kind, "demo", f->dataset->name, NULL, &error);
      g_assert_no_error (error);
      g_autofree char *name = g_strdup_printf ("report-%d.png", kind);
      g_autofree char *path = g_build_filename (f->tmp.dir, name, NULL);
      g_assert_true (sl_report_figure_export (fig, path, 0, 0, 72, &error));
      g_assert_no_error (error);
    }
}

/* The confusion figure's hit test agrees with its drawing: at a few sizes, each cell's centre maps
 * back to the cell, and the pixel drawn near the cell's corner has the cell's colour. */
static void
test_confusion_hit (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlReport) report = sl_report_for_dataset (f->model, f->dataset, 300, &error);
  g_assert_no_error (error);
  g_autoptr (SlReportFigure) fig = sl_report_figure_new (report, SL_REPORT_FIGURE_CONFUSION,
                                                         "demo", f->dataset->name, NULL, &error);
  g_assert_no_error (error);
  g_autoptr (SlReportFigure) roc
      = sl_report_figure_new (report, SL_REPORT_FIGURE_ROC, "demo", NULL, NULL, &error);
  g_assert_false (sl_report_figure_confusion_cell_at (roc, 400, 400, 200, 200, NULL, NULL));
  const int k = (int) report->n_classes;
  gsize vmax = 0;
  for (int i = 0; i < k * k; i++)
    vmax = MAX (vmax, report->confusion[i]);
  double nw, nh;
  sl_report_figure_get_size (fig, &nw, &nh);
  const double sizes[][2] = { { nw, nh }, { 800, 500 }, { 300, 600 } };
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      const int w = (int) sizes[s][0], h = (int) sizes[s][1];
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
      cairo_t *cr = cairo_create (surface);
      sl_report_figure_draw (fig, cr, w, h);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      const guint8 *px = cairo_image_surface_get_data (surface);
      const int stride = cairo_image_surface_get_stride (surface);
      double x00, y00, x11, y11;
      g_assert_true (sl_report_figure_confusion_cell_center (fig, w, h, 0, 0, &x00, &y00));
      g_assert_true (sl_report_figure_confusion_cell_center (fig, w, h, 1, 1, &x11, &y11));
      const double cw = x11 - x00, ch = y11 - y00;
      g_assert_cmpfloat (cw, >, 4);
      g_assert_cmpfloat (ch, >, 4);
      for (int i = 0; i < k; i++)
        for (int j = 0; j < k; j++)
          {
            double x, y;
            int ti = -1, pj = -1;
            g_assert_true (sl_report_figure_confusion_cell_center (fig, w, h, i, j, &x, &y));
            g_assert_true (sl_report_figure_confusion_cell_at (fig, w, h, x, y, &ti, &pj));
            g_assert_cmpint (ti, ==, i);
            g_assert_cmpint (pj, ==, j);
            /* Near the top-left corner (away from the number) the cell's own colour. */
            const double cx = x - 0.38 * cw, cy = y - 0.38 * ch;
            g_assert_true (sl_report_figure_confusion_cell_at (fig, w, h, cx, cy, &ti, &pj));
            g_assert_cmpint (ti, ==, i);
            g_assert_cmpint (pj, ==, j);
            const SlColor want = sl_colormap_sample (
                SL_COLORMAP_VIRIDIS, (double) report->confusion[i * k + j] / (double) vmax);
            const guint32 got = *(const guint32 *) (px + (int) cy * stride + 4 * (int) cx);
            g_assert_cmpint (abs ((int) ((got >> 16) & 0xff) - (int) lround (want.r * 255)), <=, 2);
            g_assert_cmpint (abs ((int) ((got >> 8) & 0xff) - (int) lround (want.g * 255)), <=, 2);
            g_assert_cmpint (abs ((int) (got & 0xff) - (int) lround (want.b * 255)), <=, 2);
          }
      /* Outside the matrix: the page's corner and beyond its last cell. */
      g_assert_false (sl_report_figure_confusion_cell_at (fig, w, h, 1, 1, NULL, NULL));
      double xl, yl;
      g_assert_true (sl_report_figure_confusion_cell_center (fig, w, h, k - 1, k - 1, &xl, &yl));
      g_assert_false (
          sl_report_figure_confusion_cell_at (fig, w, h, xl + 0.6 * cw, yl, NULL, NULL));
      g_assert_false (
          sl_report_figure_confusion_cell_at (fig, w, h, xl, yl + 0.6 * ch, NULL, NULL));
      cairo_surface_destroy (surface);
    }
  double x, y;
  g_assert_false (sl_report_figure_confusion_cell_center (fig, nw, nh, k, 0, &x, &y));

  /* In words: the diagonal and the largest confusion, which is the report's first pair. */
  g_autofree char *text = sl_report_figure_describe (fig);
  g_autofree char *diagonal = g_strdup_printf ("%" G_GSIZE_FORMAT " of 300 samples on the diagonal",
                                               report->n_correct);
  g_assert_nonnull (strstr (text, diagonal));
  g_assert_cmpuint (report->n_most_confused, >, 0);
  const SlConfusedPair *top = &report->most_confused[0];
  g_autofree char *pair = g_strdup_printf (
      "Most confused: %s predicted as %s: %" G_GSIZE_FORMAT,
      report->class_names[top->true_class], report->class_names[top->predicted_class], top->count);
  g_assert_nonnull (strstr (text, pair));
  g_autofree char *roc_text = sl_report_figure_describe (roc);
  g_autofree char *auc0 = g_strdup_printf ("AUC %.3f", report->per_class[0].auc);
  g_assert_nonnull (strstr (roc_text, auc0));
}

/* Every K-th sample, at most N: the parent's samples and labels. */
static void
test_subset (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataset) d = sl_dataset_subset_new (f->dataset, 3, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (d->n_samples, ==, 10);
  g_assert_cmpstr (d->name, ==, "MNIST-1D (test) (every 3)");
  const gsize size = sl_dataset_sample_size (d);
  g_autofree float *a = g_new (float, size);
  g_autofree float *b = g_new (float, size);
  for (gsize i = 0; i < d->n_samples; i++)
    {
      g_assert_cmpint (d->labels[i], ==, f->dataset->labels[3 * i]);
      g_assert_true (sl_dataset_get_sample (d, i, a, &error));
      g_assert_true (sl_dataset_get_sample (f->dataset, 3 * i, b, &error));
      g_assert_cmpmem (a, size * sizeof (float), b, size * sizeof (float));
    }
  g_autoptr (SlDataset) all = sl_dataset_subset_new (f->dataset, 1, 0, &error);
  g_assert_cmpuint (all->n_samples, ==, f->dataset->n_samples);
  g_assert_cmpstr (all->name, ==, f->dataset->name);
}

/* High contrast swaps the maps colour-blind viewers and projectors lose (jet, turbo, coolwarm) for
 * viridis / RdBu_r, keeps the others, and draws at least SL_HIGH_CONTRAST_ALPHA. */
static void
test_high_contrast (void)
{
  const float positive[] = { 0, 0.5f, 1 }, signed_map[] = { -1, 0, 1 };
  const float *pos[] = { positive }, *sig[] = { signed_map };
  const gsize sizes[] = { 3 };
  SlFigureStyle style;
  sl_figure_style_init (&style);
  g_assert_false (style.high_contrast);
  g_assert_cmpint (sl_figure_style_pick_colormap (&style, pos, sizes, 1), ==, SL_COLORMAP_JET);
  g_assert_cmpint (sl_figure_style_pick_colormap (&style, sig, sizes, 1), ==, SL_COLORMAP_RDBU_R);
  g_assert_cmpfloat (sl_figure_style_get_alpha (&style), ==, 0.5);
  style.high_contrast = TRUE;
  g_assert_cmpint (sl_figure_style_pick_colormap (&style, pos, sizes, 1), ==, SL_COLORMAP_VIRIDIS);
  g_assert_cmpint (sl_figure_style_pick_colormap (&style, sig, sizes, 1), ==, SL_COLORMAP_RDBU_R);
  g_assert_cmpfloat (sl_figure_style_get_alpha (&style), ==, SL_HIGH_CONTRAST_ALPHA);
  style.alpha = 0.9;
  g_assert_cmpfloat (sl_figure_style_get_alpha (&style), ==, 0.9);
  style.auto_colormap = FALSE;
  const SlColormap expect[SL_N_COLORMAPS]
      = { [SL_COLORMAP_JET] = SL_COLORMAP_VIRIDIS,   [SL_COLORMAP_VIRIDIS] = SL_COLORMAP_VIRIDIS,
          [SL_COLORMAP_INFERNO] = SL_COLORMAP_INFERNO, [SL_COLORMAP_MAGMA] = SL_COLORMAP_MAGMA,
          [SL_COLORMAP_TURBO] = SL_COLORMAP_VIRIDIS,  [SL_COLORMAP_GRAY] = SL_COLORMAP_GRAY,
          [SL_COLORMAP_RDBU_R] = SL_COLORMAP_RDBU_R,  [SL_COLORMAP_COOLWARM] = SL_COLORMAP_RDBU_R };
  for (int c = 0; c < SL_N_COLORMAPS; c++)
    {
      style.colormap = (SlColormap) c;
      g_assert_cmpint (sl_figure_style_pick_colormap (&style, pos, sizes, 1), ==, expect[c]);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/compose/sample-view/demo", Fixture, NULL, demo_set_up, test_sample_view_demo,
              tear_down);
  g_test_add_func ("/compose/sample-view/hmt", test_sample_view_hmt);
  g_test_add ("/compose/figure/export-equals-cli", Fixture, NULL, demo_set_up,
              test_export_equals_cli, tear_down);
  g_test_add_func ("/compose/figure/probe-image", test_probe_image);
  g_test_add ("/compose/figure/probe-signal", Fixture, NULL, demo_set_up, test_probe_signal,
              tear_down);
  g_test_add ("/compose/figure/scales", Fixture, NULL, demo_set_up, test_scales, tear_down);
  g_test_add ("/compose/comparison/pending", Fixture, NULL, demo_set_up, test_comparison_pending,
              tear_down);
  g_test_add_func ("/compose/keep-threshold", test_keep_threshold);
  g_test_add_func ("/compose/high-contrast", test_high_contrast);
  g_test_add ("/compose/training-history", Fixture, NULL, demo_set_up, test_training_history,
              tear_down);
  g_test_add ("/compose/report-figures", Fixture, NULL, demo_set_up, test_report_figures,
              tear_down);
  g_test_add ("/compose/report-figures/confusion-hit", Fixture, NULL, demo_set_up,
              test_confusion_hit, tear_down);
  g_test_add ("/compose/subset", Fixture, NULL, demo_set_up, test_subset, tear_down);
  return g_test_run ();
}
