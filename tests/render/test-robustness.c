/* test-robustness.c — figures of empty, degenerate and hostile data draw without crashing, reading
 * out of bounds or leaving cairo in an error state, at any size. */
#include <math.h>

#include "render-compare.h"
#include "render-fixtures.h"
#include "sl-test-util.h"

/* Draws into a small image surface and checks cairo is still fine. */
static void
draw_checked (SlDrawFunc draw, gpointer fig, double width, double height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 160, 120);
  cairo_t *cr = cairo_create (surface);

  cairo_scale (cr, 160 / MAX (width, 1e-3), 120 / MAX (height, 1e-3));
  draw (cr, width, height, fig);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_overlay (void)
{
  static const float one[1] = { 0.5f }, flat[4] = { 2, 2, 2, 2 };
  static const float nans[4] = { NAN, NAN, NAN, NAN };
  static const float inf[4] = { INFINITY, -INFINITY, 1, 0 };
  static const guint8 pixel[3] = { 10, 200, 30 };
  SlOverlayFigure fig;

  sl_overlay_figure_init (&fig); /* nothing at all */
  draw_checked (sl_render_overlay_func, &fig, 300, 200);

  fig.image = (SlImageView){ 1, 1, NULL, pixel }; /* an image alone, one pixel */
  fig.title = "only an image";
  draw_checked (sl_render_overlay_func, &fig, 300, 200);

  const float *maps[] = { one, flat, nans, inf };
  const int sizes[] = { 1, 2, 2, 2 };
  for (gsize i = 0; i < G_N_ELEMENTS (maps); i++)
    {
      sl_overlay_figure_init (&fig);
      fig.heatmap = maps[i];
      fig.heatmap_width = fig.heatmap_height = sizes[i];
      fig.contour_percent = 100;
      fig.show_mask = TRUE;
      draw_checked (sl_render_overlay_func, &fig, 300, 200);
      fig.image = (SlImageView){ 1, 1, NULL, pixel };
      fig.contour_percent = 1e-9;
      fig.colormap = SL_COLORMAP_RDBU_R;
      fig.vmin = 3; /* reversed range: taken as unset */
      fig.vmax = -3;
      draw_checked (sl_render_overlay_func, &fig, 300, 200);
    }

  /* A colormap value out of the enum still draws (as gray). */
  sl_overlay_figure_init (&fig);
  fig.heatmap = flat;
  fig.heatmap_width = fig.heatmap_height = 2;
  fig.colormap = (SlColormap) 99;
  draw_checked (sl_render_overlay_func, &fig, 300, 200);
}

static void
test_signal (void)
{
  static const float x[3] = { 1, NAN, 3 }, a[3] = { NAN, 0, 0 }, t[3] = { 5, 5, 5 };
  static const float tpl[1] = { 1 };
  SlSignalFigure fig;

  sl_signal_figure_init (&fig);
  draw_checked (sl_render_signal_func, &fig, 300, 200);
  fig.signal = x;
  fig.length = 1;
  draw_checked (sl_render_signal_func, &fig, 300, 200);
  fig.length = 3;
  fig.attribution = a;
  fig.top_k = 100;
  fig.t = t; /* no extent in x */
  fig.band = SL_SIGNAL_BAND_UNDER;
  fig.template_pred = tpl;
  fig.template_length = 1;
  fig.title = "degenerate";
  draw_checked (sl_render_signal_func, &fig, 300, 200);
  fig.length = 1;
  draw_checked (sl_render_signal_func, &fig, 300, 200);
}

static void
test_grid (void)
{
  SlOverlayFigure overlay;
  sl_overlay_figure_init (&overlay);
  const SlGridCell cells[4] = { { SL_GRID_CELL_EMPTY, NULL, NULL, NULL },
                                { SL_GRID_CELL_OVERLAY, NULL, NULL, "missing" },
                                { SL_GRID_CELL_SIGNAL, NULL, NULL, NULL },
                                { SL_GRID_CELL_OVERLAY, &overlay, NULL, "empty" } };
  SlGridFigure fig = { cells, 2, 2, "grid", NULL, TRUE, SL_COLORMAP_VIRIDIS, 0, 0, NULL };

  draw_checked (sl_render_grid_func, &fig, 300, 200);
  fig.rows = 0;
  draw_checked (sl_render_grid_func, &fig, 300, 200);
  fig.rows = 1;
  fig.cols = 1;
  fig.cells = NULL;
  draw_checked (sl_render_grid_func, &fig, 300, 200);
}

static void
test_metrics (void)
{
  static const double zeros[4] = { 0, 0, 0, 0 }, odd[4] = { NAN, 1, INFINITY, -2 };
  static const double xs[2] = { 0, NAN }, ys[2] = { NAN, 1 };
  static const char *const names[2] = { "a", "b" };
  SlConfusionFigure confusion;

  sl_confusion_figure_init (&confusion);
  draw_checked (sl_render_confusion_func, &confusion, 300, 200);
  confusion.values = zeros;
  confusion.n_classes = 2;
  confusion.normalize = TRUE;
  draw_checked (sl_render_confusion_func, &confusion, 300, 200);
  confusion.values = odd;
  confusion.normalize = FALSE;
  confusion.class_names = names;
  draw_checked (sl_render_confusion_func, &confusion, 300, 200);

  const SlPlotCurve curves[2] = { { xs, ys, 2, NULL, NAN }, { NULL, NULL, 0, "empty", 0.5 } };
  SlRocFigure roc = { curves, 2, NULL };
  draw_checked (sl_render_roc_func, &roc, 300, 200);
  roc.n_curves = 0;
  draw_checked (sl_render_roc_func, &roc, 300, 200);
  SlPrFigure pr = { curves, 2, "pr" };
  draw_checked (sl_render_pr_func, &pr, 300, 200);

  SlClassBarsFigure bars = { odd, 4, NULL, NAN, NULL, NULL };
  draw_checked (sl_render_class_bars_func, &bars, 300, 200);
  bars.n_classes = 0;
  draw_checked (sl_render_class_bars_func, &bars, 300, 200);

  SlTrainingFigure training = { 0 };
  draw_checked (sl_render_training_func, &training, 300, 200);
  training = (SlTrainingFigure){ 1, NULL, odd, NULL, NULL, odd, "one epoch" };
  draw_checked (sl_render_training_func, &training, 300, 200);

  SlFaithfulnessFigure faith = { 2, 2, names, names, odd, NULL, NULL };
  draw_checked (sl_render_faithfulness_table_func, &faith, 300, 200);
  draw_checked (sl_render_faithfulness_bars_func, &faith, 300, 200);
  faith.n_methods = 0;
  draw_checked (sl_render_faithfulness_table_func, &faith, 300, 200);
  draw_checked (sl_render_faithfulness_bars_func, &faith, 300, 200);

  SlDeletionFigure deletion = { curves, 2, NULL, 0, NULL, NULL };
  draw_checked (sl_render_deletion_func, &deletion, 300, 200);
  deletion = (SlDeletionFigure){ NULL, 0, NULL, 0, "none", NULL };
  draw_checked (sl_render_deletion_func, &deletion, 300, 200);
}

/* Every figure squeezed to a stamp and stretched to a strip. */
static void
test_extreme_sizes (void)
{
  g_autoptr (RenderFixtures) fixtures = render_fixtures_new ();
  gsize n;
  const RenderCase *cases = render_fixtures_cases (fixtures, &n);
  static const double sizes[][2] = { { 12, 9 }, { 1000, 24 }, { 24, 700 }, { 4, 3 } };

  for (gsize i = 0; i < n; i++)
    for (gsize k = 0; k < G_N_ELEMENTS (sizes); k++)
      draw_checked (cases[i].draw, cases[i].fig, sizes[k][0], sizes[k][1]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/render/robustness/overlay", test_overlay);
  g_test_add_func ("/render/robustness/signal", test_signal);
  g_test_add_func ("/render/robustness/grid", test_grid);
  g_test_add_func ("/render/robustness/metrics", test_metrics);
  g_test_add_func ("/render/robustness/extreme-sizes", test_extreme_sizes);
  const int status = g_test_run ();
  render_test_shutdown ();
  return status;
}
