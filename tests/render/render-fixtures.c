/* render-fixtures.c — smooth images, Gaussian blobs, sines and curves for the figures. */
#include "render-fixtures.h"

#include <math.h>
#include <string.h>

#define IMG        224
#define HM         7
#define SIG        120
#define TPL        40
#define N_CLASSES  3
#define N_EPOCHS   20
#define N_ROC      101
#define N_DEL      21
#define N_METHODS  3
#define N_DATASETS 2
#define MAX_CASES  24
#define N_KATHER   9
#define U8_HM      14

static const char *const class_names[N_CLASSES] = { "TUMOR", "STROMA", "LYMPHO" };
static const char *const methods[N_METHODS] = { "Grad-CAM", "Grad-CAM++", "Score-CAM" };
static const char *const datasets[N_DATASETS] = { "Kather CRC", "MNIST-1D" };
static const char *const kather_names[N_KATHER]
    = { "ADIPOSE",       "BACKGROUND",    "DEBRIS", "LYMPHOCYTES", "MUCUS",
        "SMOOTH MUSCLE", "NORMAL MUCOSA", "STROMA", "TUMOR" };
static const char *const row_labels[2] = { "tile 0412", "tile 1187" };

struct _RenderFixtures
{
  float image[IMG * IMG * 3];
  float heat[N_METHODS][HM * HM];
  float signed_heat[HM * HM];
  float signal[SIG];
  float t[SIG];
  float attribution[SIG];
  float signed_attribution[SIG];
  float template_pred[TPL];
  float template_true[TPL];
  double confusion[N_CLASSES * N_CLASSES];
  double roc_x[N_CLASSES][N_ROC], roc_y[N_CLASSES][N_ROC];
  double pr_x[N_CLASSES][N_ROC], pr_y[N_CLASSES][N_ROC];
  SlPlotCurve roc[N_CLASSES], pr[N_CLASSES];
  double class_acc[N_CLASSES];
  double train_loss[N_EPOCHS], val_loss[N_EPOCHS], train_acc[N_EPOCHS], val_acc[N_EPOCHS];
  double drop[N_METHODS * N_DATASETS], increase[N_METHODS * N_DATASETS];
  double del_x[N_DEL], del_y[N_METHODS][N_DEL], ins_y[N_METHODS][N_DEL];
  SlPlotCurve deletion[N_METHODS], insertion[N_METHODS];

  guint8 image_u8[IMG * IMG * 3];
  float heat_u8[U8_HM * U8_HM];
  double confusion9[N_KATHER * N_KATHER];
  SlOverlayFigure overlay, overlay_mask, overlay_signed, overlay_u8, cell_overlays[N_METHODS];
  SlSignalFigure signal_fig, signal_under, cell_signals[2];
  SlGridCell overlay_cells[2 * N_METHODS], signal_cells[2];
  SlGridFigure grid_overlay, grid_signal;
  SlConfusionFigure confusion_fig, confusion_norm, confusion_9;
  SlRocFigure roc_fig;
  SlPrFigure pr_fig;
  SlClassBarsFigure bars_fig;
  SlTrainingFigure training_fig;
  SlFaithfulnessFigure faith_fig;
  SlDeletionFigure deletion_fig;
  RenderCase cases[MAX_CASES];
  gsize n_cases;
};

/* A smooth pink-to-violet gradient with darker round "nuclei", like a stained tissue tile. */
static void
make_image (float *image)
{
  static const double nuclei[][3] = { { 50, 60, 14 },  { 120, 40, 11 }, { 170, 90, 16 },
                                      { 80, 150, 13 }, { 150, 170, 12 }, { 200, 200, 10 },
                                      { 30, 190, 9 },  { 110, 110, 15 } };
  for (int y = 0; y < IMG; y++)
    for (int x = 0; x < IMG; x++)
      {
        double r = 0.93 - 0.18 * y / IMG, g = 0.72 + 0.10 * x / IMG, b = 0.82 + 0.08 * y / IMG;
        for (gsize k = 0; k < G_N_ELEMENTS (nuclei); k++)
          {
            const double dx = x - nuclei[k][0], dy = y - nuclei[k][1];
            const double w = exp (-(dx * dx + dy * dy) / (2 * nuclei[k][2] * nuclei[k][2]));
            r -= 0.45 * w;
            g -= 0.50 * w;
            b -= 0.15 * w;
          }
        float *p = image + 3 * (y * IMG + x);
        p[0] = (float) CLAMP (r, 0.0, 1.0);
        p[1] = (float) CLAMP (g, 0.0, 1.0);
        p[2] = (float) CLAMP (b, 0.0, 1.0);
      }
}

static void
make_blob (float *heat, double cx, double cy, double sigma, double sign_split)
{
  for (int y = 0; y < HM; y++)
    for (int x = 0; x < HM; x++)
      {
        const double dx = x - cx, dy = y - cy;
        double v = exp (-(dx * dx + dy * dy) / (2 * sigma * sigma));
        if (sign_split)
          v -= 0.7 * exp (-((x - 5.2) * (x - 5.2) + (y - 1.5) * (y - 1.5)) / 2.0);
        heat[y * HM + x] = (float) v;
      }
}

static void
add_case (RenderFixtures *f, const char *name, SlDrawFunc draw, gpointer fig, double w, double h)
{
  g_assert (f->n_cases < MAX_CASES);
  f->cases[f->n_cases++] = (RenderCase){ name, draw, fig, w, h };
}

static void
make_images (RenderFixtures *f)
{
  make_image (f->image);
  make_blob (f->heat[0], 2.2, 2.6, 1.3, 0);
  make_blob (f->heat[1], 2.6, 3.0, 1.8, 0);
  make_blob (f->heat[2], 4.4, 4.2, 1.1, 0);
  make_blob (f->signed_heat, 2.0, 4.5, 1.2, 1);

  sl_overlay_figure_init (&f->overlay);
  f->overlay.image = (SlImageView){ IMG, IMG, f->image, NULL };
  f->overlay.heatmap = f->heat[0];
  f->overlay.heatmap_width = HM;
  f->overlay.heatmap_height = HM;
  f->overlay.title = "Grad-CAM · TUMOR (0.93)";
  f->overlay.colorbar_label = "relevance";

  f->overlay_mask = f->overlay;
  f->overlay_mask.colormap = SL_COLORMAP_VIRIDIS;
  f->overlay_mask.contour_percent = 15;
  f->overlay_mask.show_mask = TRUE;
  f->overlay_mask.mask_threshold = 0.3;
  f->overlay_mask.title = "Kept for the drop metric (map > 0.3)";

  f->overlay_signed = f->overlay;
  f->overlay_signed.heatmap = f->signed_heat;
  f->overlay_signed.colormap = SL_COLORMAP_RDBU_R;
  f->overlay_signed.alpha = 0.6;
  f->overlay_signed.title = "Signed attribution";
  f->overlay_signed.colorbar_label = NULL;

  for (int m = 0; m < N_METHODS; m++)
    {
      f->cell_overlays[m] = f->overlay;
      f->cell_overlays[m].heatmap = f->heat[m];
      f->cell_overlays[m].contour_percent = 20;
      f->overlay_cells[m]
          = (SlGridCell){ SL_GRID_CELL_OVERLAY, &f->cell_overlays[m], NULL, methods[m] };
      f->overlay_cells[N_METHODS + m]
          = (SlGridCell){ SL_GRID_CELL_OVERLAY, &f->cell_overlays[m], NULL,
                          m == 0   ? "true: TUMOR · pred: TUMOR (0.93)"
                          : m == 1 ? "true: TUMOR · pred: STROMA (0.61)"
                                   : "true: LYMPHO · pred: LYMPHO (0.88)" };
    }
  f->grid_overlay = (SlGridFigure){ f->overlay_cells, 2, N_METHODS, "Explanations by method",
                                    row_labels, TRUE, SL_COLORMAP_JET, 0, 1, "relevance" };

  /* Bytes, a finer map with a hole of NaN, magma, no colour bar, no title. */
  for (gsize i = 0; i < G_N_ELEMENTS (f->image_u8); i++)
    f->image_u8[i] = (guint8) lround (255 * f->image[i]);
  for (int y = 0; y < U8_HM; y++)
    for (int x = 0; x < U8_HM; x++)
      f->heat_u8[y * U8_HM + x] = (float) (sin (x / 2.0) * cos (y / 3.0));
  f->heat_u8[5 * U8_HM + 6] = NAN;
  sl_overlay_figure_init (&f->overlay_u8);
  f->overlay_u8.image = (SlImageView){ IMG, IMG, NULL, f->image_u8 };
  f->overlay_u8.heatmap = f->heat_u8;
  f->overlay_u8.heatmap_width = U8_HM;
  f->overlay_u8.heatmap_height = U8_HM;
  f->overlay_u8.colormap = SL_COLORMAP_MAGMA;
  f->overlay_u8.alpha = 0.4;
  f->overlay_u8.contour_percent = 10;
  f->overlay_u8.show_colorbar = FALSE;
}

static void
make_signals (RenderFixtures *f)
{
  for (int i = 0; i < SIG; i++)
    {
      const double t = i / 20.0;
      f->t[i] = (float) t;
      f->signal[i] = (float) (sin (2 * G_PI * 0.5 * t) + 0.35 * sin (2 * G_PI * 1.7 * t)
                              + 0.8 * exp (-(t - 3.9) * (t - 3.9) / 0.05));
      f->attribution[i] = (float) (exp (-(t - 3.9) * (t - 3.9) / 0.15)
                                   + 0.45 * exp (-(t - 1.2) * (t - 1.2) / 0.3));
      f->signed_attribution[i]
          = (float) (f->attribution[i] - 0.6 * exp (-(t - 5.0) * (t - 5.0) / 0.2));
    }
  for (int i = 0; i < TPL; i++)
    {
      f->template_pred[i] = (float) (sin (i / 4.0) + 0.6 * exp (-(i - 26) * (i - 26) / 6.0));
      f->template_true[i] = (float) (cos (i / 5.0) * 0.8);
    }

  sl_signal_figure_init (&f->signal_fig);
  f->signal_fig.signal = f->signal;
  f->signal_fig.length = SIG;
  f->signal_fig.t = f->t;
  f->signal_fig.attribution = f->attribution;
  f->signal_fig.top_k = 5;
  f->signal_fig.title = "Grad-CAM on a test signal";
  f->signal_fig.xlabel = "Time (s)";
  f->signal_fig.ylabel = "Amplitude";
  f->signal_fig.colorbar_label = "relevance";

  f->signal_under = f->signal_fig;
  f->signal_under.attribution = f->signed_attribution;
  f->signal_under.colormap = SL_COLORMAP_RDBU_R;
  f->signal_under.band = SL_SIGNAL_BAND_UNDER;
  f->signal_under.band_alpha = 0.85;
  f->signal_under.template_pred = f->template_pred;
  f->signal_under.template_true = f->template_true;
  f->signal_under.template_length = TPL;
  f->signal_under.template_pred_label = "pred: 7";
  f->signal_under.template_true_label = "true: 3";
  f->signal_under.title = "Integrated gradients";
  f->signal_under.colorbar_label = NULL;

  f->cell_signals[0] = f->signal_fig;
  f->cell_signals[1] = f->signal_fig;
  f->cell_signals[1].attribution = f->signed_attribution;
  f->signal_cells[0] = (SlGridCell){ SL_GRID_CELL_SIGNAL, NULL, &f->cell_signals[0], "Grad-CAM" };
  f->signal_cells[1] = (SlGridCell){ SL_GRID_CELL_SIGNAL, NULL, &f->cell_signals[1],
                                     "true: 3 · pred: 7 (0.71)" };
  f->grid_signal = (SlGridFigure){ f->signal_cells, 2, 1, "MNIST-1D explanations", NULL, TRUE,
                                   SL_COLORMAP_RDBU_R, 0, 0, "relevance" };
}

static void
make_metrics (RenderFixtures *f)
{
  static const double counts[N_CLASSES * N_CLASSES] = { 412, 31, 7, 25, 388, 12, 4, 9, 1130 };
  static const double power[N_CLASSES] = { 6.0, 3.2, 12.0 };

  memcpy (f->confusion, counts, sizeof counts);
  sl_confusion_figure_init (&f->confusion_fig);
  f->confusion_fig.values = f->confusion;
  f->confusion_fig.n_classes = N_CLASSES;
  f->confusion_fig.class_names = class_names;
  f->confusion_fig.title = "Confusion matrix (test set)";
  for (int r = 0; r < N_KATHER; r++)
    for (int c = 0; c < N_KATHER; c++)
      f->confusion9[r * N_KATHER + c] = r == c ? 700 + 37 * r : (r * 7 + c * 13) % 23;
  sl_confusion_figure_init (&f->confusion_9);
  f->confusion_9.values = f->confusion9;
  f->confusion_9.n_classes = N_KATHER;
  f->confusion_9.class_names = kather_names;
  f->confusion_9.normalize = TRUE;
  f->confusion_9.title = "Kather CRC, nine tissue classes";
  f->confusion_norm = f->confusion_fig;
  f->confusion_norm.normalize = TRUE;
  f->confusion_norm.colormap = SL_COLORMAP_INFERNO;
  f->confusion_norm.title = "Normalised by true class";

  for (int c = 0; c < N_CLASSES; c++)
    {
      for (int i = 0; i < N_ROC; i++)
        {
          const double x = i / (N_ROC - 1.0);
          f->roc_x[c][i] = x;
          f->roc_y[c][i] = 1 - pow (1 - x, power[c]);
          /* Recall falling from 1 to 0, as precision_recall_curve gives it. */
          f->pr_x[c][i] = 1 - x;
          f->pr_y[c][i] = CLAMP (0.4 + 0.6 * (1 - pow (1 - x, power[c] / 2)), 0.0, 1.0);
        }
      f->roc[c] = (SlPlotCurve){ f->roc_x[c], f->roc_y[c], N_ROC, class_names[c],
                                 power[c] / (power[c] + 1) };
      f->pr[c] = (SlPlotCurve){ f->pr_x[c], f->pr_y[c], N_ROC, class_names[c], 0.6 + 0.1 * c };
      f->class_acc[c]
          = counts[c * N_CLASSES + c]
            / (counts[c * N_CLASSES] + counts[c * N_CLASSES + 1] + counts[c * N_CLASSES + 2]);
    }
  f->roc_fig = (SlRocFigure){ f->roc, N_CLASSES, "ROC (one vs rest)" };
  f->pr_fig = (SlPrFigure){ f->pr, N_CLASSES, "Precision-recall" };
  f->bars_fig = (SlClassBarsFigure){ f->class_acc,         N_CLASSES, class_names, 0.9324,
                                     "Per-class accuracy", NULL };

  for (int e = 0; e < N_EPOCHS; e++)
    {
      f->train_loss[e] = 1.1 * exp (-e / 5.0) + 0.08;
      f->val_loss[e] = 1.0 * exp (-e / 6.0) + 0.2 + 0.004 * MAX (e - 12, 0) * MAX (e - 12, 0);
      f->train_acc[e] = 0.99 - 0.6 * exp (-e / 4.0);
      f->val_acc[e] = 0.93 - 0.55 * exp (-e / 4.5) - 0.001 * MAX (e - 13, 0) * MAX (e - 13, 0);
    }
  f->training_fig = (SlTrainingFigure){ N_EPOCHS, NULL, f->train_loss, f->val_loss, f->train_acc,
                                        f->val_acc, "Training of the CRC model" };

  static const double drop[N_METHODS * N_DATASETS] = { 32.4, 41.0, 28.9, 39.2, 21.7, 35.8 };
  static const double increase[N_METHODS * N_DATASETS] = { 18.5, 9.1, 21.2, 11.4, 30.3, 12.9 };
  memcpy (f->drop, drop, sizeof drop);
  memcpy (f->increase, increase, sizeof increase);
  f->faith_fig = (SlFaithfulnessFigure){ N_METHODS, N_DATASETS, methods, datasets, f->drop,
                                         f->increase, "Faithfulness (test sets)" };

  for (int i = 0; i < N_DEL; i++)
    {
      const double x = i / (N_DEL - 1.0);
      f->del_x[i] = x;
      for (int m = 0; m < N_METHODS; m++)
        {
          f->del_y[m][i] = 0.95 * exp (-x * (4 + 2 * m));
          f->ins_y[m][i] = 0.95 * (1 - exp (-x * (3 + 2 * m))) + 0.03;
        }
    }
  for (int m = 0; m < N_METHODS; m++)
    {
      double del_auc = 0, ins_auc = 0;
      for (int i = 1; i < N_DEL; i++)
        {
          del_auc += (f->del_y[m][i] + f->del_y[m][i - 1]) / 2 / (N_DEL - 1);
          ins_auc += (f->ins_y[m][i] + f->ins_y[m][i - 1]) / 2 / (N_DEL - 1);
        }
      f->deletion[m] = (SlPlotCurve){ f->del_x, f->del_y[m], N_DEL, methods[m], del_auc };
      f->insertion[m] = (SlPlotCurve){ f->del_x, f->ins_y[m], N_DEL, methods[m], ins_auc };
    }
  f->deletion_fig = (SlDeletionFigure){ f->deletion, N_METHODS, f->insertion, N_METHODS,
                                        "Deletion and insertion (Kather CRC)", NULL };
}

RenderFixtures *
render_fixtures_new (void)
{
  RenderFixtures *f = g_new0 (RenderFixtures, 1);

  make_images (f);
  make_signals (f);
  make_metrics (f);

  add_case (f, "overlay", sl_render_overlay_func, &f->overlay, 300, 240);
  add_case (f, "overlay-mask", sl_render_overlay_func, &f->overlay_mask, 300, 240);
  add_case (f, "overlay-signed", sl_render_overlay_func, &f->overlay_signed, 300, 240);
  add_case (f, "overlay-u8", sl_render_overlay_func, &f->overlay_u8, 240, 240);
  add_case (f, "signal", sl_render_signal_func, &f->signal_fig, 480, 220);
  add_case (f, "signal-under", sl_render_signal_func, &f->signal_under, 600, 230);
  add_case (f, "grid-overlay", sl_render_grid_func, &f->grid_overlay, 560, 420);
  add_case (f, "grid-signal", sl_render_grid_func, &f->grid_signal, 480, 380);
  add_case (f, "confusion", sl_render_confusion_func, &f->confusion_fig, 340, 290);
  add_case (f, "confusion-normalized", sl_render_confusion_func, &f->confusion_norm, 340, 290);
  add_case (f, "confusion-9", sl_render_confusion_func, &f->confusion_9, 480, 430);
  add_case (f, "roc", sl_render_roc_func, &f->roc_fig, 340, 320);
  add_case (f, "pr", sl_render_pr_func, &f->pr_fig, 340, 320);
  add_case (f, "class-bars", sl_render_class_bars_func, &f->bars_fig, 340, 260);
  add_case (f, "training", sl_render_training_func, &f->training_fig, 600, 260);
  add_case (f, "faithfulness-table", sl_render_faithfulness_table_func, &f->faith_fig, 460, 150);
  add_case (f, "faithfulness-bars", sl_render_faithfulness_bars_func, &f->faith_fig, 600, 300);
  add_case (f, "deletion", sl_render_deletion_func, &f->deletion_fig, 620, 280);
  return f;
}

void
render_fixtures_free (RenderFixtures *fixtures)
{
  g_free (fixtures);
}

const RenderCase *
render_fixtures_cases (RenderFixtures *fixtures, gsize *n_cases)
{
  *n_cases = fixtures->n_cases;
  return fixtures->cases;
}

const RenderCase *
render_fixtures_find (RenderFixtures *fixtures, const char *name)
{
  for (gsize i = 0; i < fixtures->n_cases; i++)
    if (g_str_equal (fixtures->cases[i].name, name))
      return &fixtures->cases[i];
  return NULL;
}
