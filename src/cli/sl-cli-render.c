/* saliency-lab-cli render KIND … --out FILE.{png,svg,pdf}: one figure of a model's explanations or
 * of its classification report, drawn by libsaliency_render. */
#include "sl-cli.h"

#include "core/sl-error.h"
#include "core/sl-h5.h"
#include "datasets/images/sl-image-folder.h"
#include "datasets/sl-mnist1d.h"
#include "engine/sl-run.h"
#include "explain/sl-faithfulness.h"
#include "jobs/sl-predict.h"
#include "metrics/sl-report.h"
#include "render/sl-render.h"
#include "train/sl-trainer.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_DPI    150.0
#define MAX_SIDE_PT    20000.0 /* a figure larger than this is a typo, not a poster */
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
  char **class_names; /* one per model class */
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
  g_strfreev (r->class_names);
  g_clear_pointer (&r->dataset, sl_dataset_free);
  g_clear_pointer (&r->model, sl_model_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Render, render_clear)

static gboolean
save_figure (Render *r, double width, double height, SlDrawFunc draw, gpointer fig, GError **error)
{
  return sl_export_figure (r->out, r->width > 0 ? r->width : width,
                           r->height > 0 ? r->height : height, r->dpi, draw, fig, error);
}

/* "HMT.h5", "demo": how titles name the model. */
static char *
model_label (const Render *r)
{
  return g_path_get_basename (r->model_spec);
}

static const char *
class_name (const Render *r, int c)
{
  return c >= 0 && r->class_names && (guint) c < r->model->n_classes ? r->class_names[c] : "?";
}

/* The dataset's class names when it has one per model class, else the class numbers. */
static char **
class_names_new (const SlModel *model, const SlDataset *dataset)
{
  if (dataset->class_names && dataset->n_classes == model->n_classes)
    return g_strdupv (dataset->class_names);
  char **names = g_new0 (char *, model->n_classes + 1);
  for (guint c = 0; c < model->n_classes; c++)
    names[c] = g_strdup_printf ("%u", c);
  return names;
}

/* ---- Subsets: --stride picks every K-th sample, --limit the first N of those ---- */

typedef struct
{
  SlDataset *parent; /* borrowed */
  gsize stride;
} Subset;

static gboolean
subset_get_sample (SlDataset *self, gsize index, float *out, GError **error)
{
  const Subset *s = self->priv;
  return sl_dataset_get_sample (s->parent, index * s->stride, out, error);
}

static void
subset_finalize (SlDataset *self)
{
  g_free (self->priv);
}

static const SlDatasetClass subset_class = { "subset", subset_get_sample, subset_finalize };

/* The samples the report and faithfulness kinds use: a view of the dataset, or NULL (with no
 * error) when that is the whole dataset. Class folders list their samples class by class, so
 * "the first N" of a folder is one class: --stride spreads a short run over all of them. */
static SlDataset *
subset_new (Render *r, GError **error)
{
  SlDataset *parent = r->dataset;
  const gsize stride = (gsize) MAX (r->stride, 1);
  gsize n = (parent->n_samples + stride - 1) / stride;
  if (r->limit > 0)
    n = MIN (n, (gsize) r->limit);
  if (n == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "%s has no samples", parent->name);
      return NULL;
    }
  if (stride == 1)
    return NULL;
  g_autofree char *name = g_strdup_printf ("%s (every %" G_GSIZE_FORMAT ")", parent->name, stride);
  SlDataset *d = sl_dataset_new_base (&subset_class, name);
  Subset *s = g_new0 (Subset, 1);
  s->parent = parent;
  s->stride = stride;
  d->priv = s;
  d->n_samples = n;
  d->rank = parent->rank;
  memcpy (d->shape, parent->shape, sizeof d->shape);
  d->n_classes = parent->n_classes;
  d->class_names = g_strdupv (parent->class_names);
  d->labels = g_new (gint, n);
  for (gsize i = 0; i < n; i++)
    d->labels[i] = parent->labels ? parent->labels[i * stride] : -1;
  return d;
}

/* How many samples of `d` the figure uses. */
static gsize
subset_count (const Render *r, const SlDataset *d)
{
  return r->limit > 0 && d == r->dataset ? MIN ((gsize) r->limit, d->n_samples) : d->n_samples;
}

/* ---- One explained sample ---- */

typedef struct
{
  gsize index;
  float *x;
  int label;             /* true class, or -1 */
  guint predicted;
  double confidence;     /* probability of the predicted class */
  SlExplanation *expl;   /* or NULL */
  const SlMethod *method;
} Sample;

static void
sample_clear (Sample *s)
{
  g_clear_pointer (&s->x, g_free);
  g_clear_pointer (&s->expl, sl_explanation_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Sample, sample_clear)

static gboolean
sample_load (Render *r, gsize index, Sample *s, GError **error)
{
  SlDataset *d = r->dataset;
  if (index >= d->n_samples)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "--index %" G_GSIZE_FORMAT ": %s has only %" G_GSIZE_FORMAT
                   " samples (0 … %" G_GSIZE_FORMAT ")",
                   index, d->name, d->n_samples, d->n_samples - 1);
      return FALSE;
    }
  s->index = index;
  s->label = d->labels ? d->labels[index] : -1;
  s->x = g_new (float, sl_dataset_sample_size (d));
  if (!sl_dataset_get_sample (d, index, s->x, error))
    return FALSE;
  /* The predicted class's confidence, which an explanation of another class does not give. */
  g_autoptr (SlRun) run = sl_run_new (r->model, 1);
  if (!sl_run_forward (run, s->x, 1, error))
    return FALSE;
  g_autofree double *probs = g_new (double, r->model->n_classes);
  sl_score_probs (r->model, sl_run_logits (run), probs);
  s->predicted = sl_score_argmax (sl_run_logits (run), r->model->n_classes);
  s->confidence = probs[s->predicted];
  return TRUE;
}

static gboolean
sample_explain (Render *r, Sample *s, const char *method, GError **error)
{
  g_clear_pointer (&s->expl, sl_explanation_free);
  SlExplainRequest req;
  g_autoptr (SlParams) params = NULL;
  if (!sl_cli_build_request (r->model, &r->ex, method, &req, &params, error))
    return FALSE;
  s->method = sl_method_lookup (req.method);
  s->expl = sl_explain (r->model, s->x, &req, NULL, NULL, NULL, error);
  return s->expl != NULL;
}

/* "pred: 02_STROMA (0.61)", plus the class explained when it is not the predicted one. */
static char *
pred_text (const Render *r, const Sample *s)
{
  GString *t = g_string_new (NULL);
  g_string_append_printf (t, "pred: %s (%.2f)", class_name (r, (int) s->predicted), s->confidence);
  if (s->expl && s->expl->target != s->predicted)
    g_string_append_printf (t, " · map of %s", class_name (r, (int) s->expl->target));
  return g_string_free (t, FALSE);
}

/* "true: 01_TUMOR · pred: 02_STROMA (0.61)", `sep` between the two. */
static char *
sample_caption (const Render *r, const Sample *s, const char *sep)
{
  g_autofree char *pred = pred_text (r, s);
  if (s->label < 0)
    return g_steal_pointer (&pred);
  return g_strdup_printf ("true: %s%s%s", class_name (r, s->label), sep, pred);
}

/* Signed maps read best on a diverging map centred on 0; the course's maps are ≥ 0 and use jet. */
static SlColormap
pick_colormap (const Render *r, const float *const *maps, const gsize *sizes, guint n_maps)
{
  if (r->has_colormap)
    return r->colormap;
  for (guint m = 0; m < n_maps; m++)
    for (gsize i = 0; i < sizes[m]; i++)
      if (maps[m][i] < 0)
        return SL_COLORMAP_RDBU_R;
  return SL_COLORMAP_JET;
}

static int
cmp_float_desc (const void *a, const void *b)
{
  const float x = *(const float *) a, y = *(const float *) b;
  return (x < y) - (x > y);
}

/* The map value at index ⌊N·frac⌋ in decreasing order: the drop metric keeps what lies above it. */
static double
keep_threshold (const float *map, gsize n, double frac)
{
  g_autofree float *sorted = g_new (float, n);
  for (gsize i = 0; i < n; i++)
    sorted[i] = isnan (map[i]) ? -INFINITY : map[i];
  qsort (sorted, n, sizeof (float), cmp_float_desc);
  return sorted[MIN ((gsize) floor ((double) n * frac), n - 1)];
}

/* ---- Images ---- */

typedef struct
{
  SlImageView view;
  guint8 *u8;
  float *f32;
} Image;

static void
image_clear (Image *im)
{
  g_clear_pointer (&im->u8, g_free);
  g_clear_pointer (&im->f32, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Image, image_clear)

/* What the sample looks like: an image folder's decoded pixels, else the input itself brought to
 * [0, 1] (grey when it has one channel). */
static gboolean
image_load (Render *r, const Sample *s, Image *im, GError **error)
{
  SlDataset *d = r->dataset;
  const int h = (int) d->shape[0], w = (int) d->shape[1], c = (int) d->shape[2];
  const gsize n = (gsize) h * w;
  /* Asked of another kind of dataset, the image folder's getters complain. */
  if (!g_strcmp0 (d->klass->kind, "image-folder"))
    {
      im->u8 = g_new (guint8, n * 3);
      if (!sl_image_folder_get_rgb (d, s->index, im->u8, error))
        return FALSE;
      im->view = (SlImageView){ w, h, NULL, im->u8 };
      return TRUE;
    }
  float lo = INFINITY, hi = -INFINITY;
  for (gsize i = 0; i < n * c; i++)
    if (isfinite (s->x[i]))
      lo = MIN (lo, s->x[i]), hi = MAX (hi, s->x[i]);
  /* Inputs already in [0, 1] (the course's 1/255 scaling) are shown as they are. */
  if (lo >= 0 && hi <= 1)
    lo = 0, hi = 1;
  const float span = hi > lo ? hi - lo : 1;
  im->f32 = g_new (float, n * 3);
  for (gsize i = 0; i < n; i++)
    for (int k = 0; k < 3; k++)
      {
        const float v = s->x[i * c + (c == 3 ? k : 0)];
        im->f32[i * 3 + k] = isfinite (v) ? CLAMP ((v - lo) / span, 0.f, 1.f) : 0.f;
      }
  im->view = (SlImageView){ w, h, im->f32, NULL };
  return TRUE;
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

static void
overlay_setup (Render *r, SlOverlayFigure *fig, const Image *im, const float *map)
{
  sl_overlay_figure_init (fig);
  fig->image = im->view;
  fig->heatmap = map;
  fig->heatmap_width = im->view.width;
  fig->heatmap_height = im->view.height;
  fig->alpha = r->alpha;
  fig->contour_percent = r->contour;
  if (r->mask > 0)
    {
      fig->show_mask = TRUE;
      fig->mask_threshold = keep_threshold (map, (gsize) im->view.width * im->view.height, r->mask);
    }
}

/* ---- overlay ---- */

static gboolean
render_overlay (Render *r, GError **error)
{
  if (!check_rank (r, 3, error))
    return FALSE;
  g_auto (Sample) s = { 0 };
  g_auto (Image) im = { 0 };
  if (!sample_load (r, r->indices[0], &s, error) || !sample_explain (r, &s, r->methods[0], error)
      || !image_load (r, &s, &im, error))
    return FALSE;
  const float *map = s.expl->map_input;
  const gsize n = sl_explanation_input_size (s.expl);
  SlOverlayFigure fig;
  overlay_setup (r, &fig, &im, map);
  fig.colormap = pick_colormap (r, &map, &n, 1);
  g_autofree char *caption = sample_caption (r, &s, " · ");
  g_autofree char *title = g_strdup_printf ("%s · sample %" G_GSIZE_FORMAT "\n%s",
                                            s.method->display_name, s.index, caption);
  fig.title = r->title ? r->title : title;
  fig.colorbar_label = "attribution";
  return save_figure (r, 360, 330, sl_render_overlay_func, &fig, error);
}

/* ---- signal ---- */

typedef struct
{
  float *t;
  float *template_pred;
  float *template_true;
  gsize template_length;
  char *pred_label;
  char *true_label;
} SignalExtras;

static void
signal_extras_clear (SignalExtras *e)
{
  g_free (e->t);
  g_free (e->template_pred);
  g_free (e->template_true);
  g_free (e->pred_label);
  g_free (e->true_label);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SignalExtras, signal_extras_clear)

static float *
to_floats (const double *v, gsize n)
{
  float *f = g_new (float, n);
  for (gsize i = 0; i < n; i++)
    f[i] = (float) v[i];
  return f;
}

/* The built-in MNIST-1D knows its time axis and the digit templates the samples were made from. */
static void
signal_extras_init (Render *r, const Sample *s, SignalExtras *e, gboolean templates)
{
  const SlMnist1d *data = sl_mnist1d_dataset_get_data (r->dataset);
  if (!data || sl_mnist1d_get_seq_length (data) != r->dataset->shape[0])
    return;
  e->t = to_floats (sl_mnist1d_get_t (data), r->dataset->shape[0]);
  if (!templates)
    return;
  e->template_length = SL_MNIST1D_TEMPLATE_LEN;
  e->template_pred = to_floats (sl_mnist1d_get_template_x (data, s->predicted), e->template_length);
  e->pred_label = g_strdup_printf ("pred: %s", class_name (r, (int) s->predicted));
  const double *truth = s->label >= 0 ? sl_mnist1d_get_template_x (data, (guint) s->label) : NULL;
  if (truth)
    {
      e->template_true = to_floats (truth, e->template_length);
      e->true_label = g_strdup_printf ("true: %s", class_name (r, s->label));
    }
}

/* The first channel of the sample (MNIST-1D has one), and its explanation. */
static void
signal_setup (Render *r, SlSignalFigure *fig, const Sample *s, const SignalExtras *e,
              float *channel)
{
  const gsize len = r->dataset->shape[0], c = r->dataset->shape[1];
  for (gsize i = 0; i < len; i++)
    channel[i] = s->x[i * c];
  sl_signal_figure_init (fig);
  fig->signal = channel;
  fig->length = len;
  fig->t = e->t;
  fig->attribution = s->expl->map_input;
  fig->top_k = (guint) r->top_k;
  fig->template_pred = e->template_pred;
  fig->template_true = e->template_true;
  fig->template_length = e->template_length;
  fig->template_pred_label = e->pred_label;
  fig->template_true_label = e->true_label;
  fig->xlabel = e->t ? "Time" : "Position";
  fig->ylabel = "Signal";
}

static gboolean
render_signal (Render *r, GError **error)
{
  if (!check_rank (r, 2, error))
    return FALSE;
  g_auto (Sample) s = { 0 };
  if (!sample_load (r, r->indices[0], &s, error) || !sample_explain (r, &s, r->methods[0], error))
    return FALSE;
  g_auto (SignalExtras) e = { 0 };
  signal_extras_init (r, &s, &e, TRUE);
  g_autofree float *channel = g_new (float, r->dataset->shape[0]);
  SlSignalFigure fig;
  signal_setup (r, &fig, &s, &e, channel);
  const float *map = fig.attribution;
  fig.colormap = pick_colormap (r, &map, &fig.length, 1);
  fig.colorbar_label = "attribution";
  g_autofree char *caption = sample_caption (r, &s, " · ");
  g_autofree char *title
      = g_strdup_printf ("%s · sample %" G_GSIZE_FORMAT " · %s", s.method->display_name, s.index,
                         caption);
  fig.title = r->title ? r->title : title;
  return save_figure (r, e.template_pred ? 660 : 520, 250, sl_render_signal_func, &fig, error);
}

/* ---- grid ---- */

/* Maps of different methods (and samples) differ in scale by orders of magnitude: each cell shows
 * its map divided by its largest |value|, on one shared colour bar. */
static void
normalize_map (float *map, gsize n)
{
  float m = 0;
  for (gsize i = 0; i < n; i++)
    if (isfinite (map[i]))
      m = MAX (m, fabsf (map[i]));
  for (gsize i = 0; m > 0 && i < n; i++)
    map[i] /= m;
}

static gboolean
render_grid (Render *r, GError **error)
{
  const gboolean images = r->dataset->rank == 3;
  if (!images && !check_rank (r, 2, error))
    return FALSE;
  const guint n_cells = r->n_indices * r->n_methods;
  g_autofree Sample *samples = g_new0 (Sample, r->n_indices);
  g_autofree Image *images_of = g_new0 (Image, r->n_indices);
  g_autofree SignalExtras *extras = g_new0 (SignalExtras, r->n_indices);
  g_autofree float **maps = g_new0 (float *, n_cells);
  g_autofree gsize *sizes = g_new0 (gsize, n_cells);
  g_autofree float *channels = NULL;
  g_autofree SlOverlayFigure *overlays = g_new0 (SlOverlayFigure, n_cells);
  g_autofree SlSignalFigure *signals = g_new0 (SlSignalFigure, n_cells);
  g_autofree SlGridCell *cells = g_new0 (SlGridCell, n_cells);
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree const char **row_labels = NULL;
  gboolean ok = TRUE;
  const gsize len = r->dataset->shape[0];
  if (!images)
    channels = g_new (float, (gsize) r->n_indices * len);
  /* Several samples of one method or several methods of one sample wrap into rows; both make a
   * table of samples × methods. Signals are wide, so they stack. */
  int rows, cols;
  if (r->n_indices > 1 && r->n_methods > 1)
    rows = (int) r->n_indices, cols = (int) r->n_methods;
  else
    {
      cols = images ? MIN ((int) n_cells, 4) : (n_cells <= 4 ? 1 : 2);
      rows = ((int) n_cells + cols - 1) / cols;
    }

  for (guint i = 0; ok && i < r->n_indices; i++)
    {
      Sample *s = &samples[i];
      ok = sample_load (r, r->indices[i], s, error)
           && (!images || image_load (r, s, &images_of[i], error));
      if (ok && !images)
        signal_extras_init (r, s, &extras[i], FALSE);
      for (guint m = 0; ok && m < r->n_methods; m++)
        {
          const guint k = i * r->n_methods + m;
          ok = sample_explain (r, s, r->methods[m], error);
          if (!ok)
            break;
          sizes[k] = sl_explanation_input_size (s->expl);
          maps[k] = g_memdup2 (s->expl->map_input, sizes[k] * sizeof (float));
          normalize_map (maps[k], sizes[k]);
          if (images)
            {
              overlay_setup (r, &overlays[k], &images_of[i], maps[k]);
              cells[k] = (SlGridCell){ SL_GRID_CELL_OVERLAY, &overlays[k], NULL, NULL };
            }
          else
            {
              signal_setup (r, &signals[k], s, &extras[i], channels + (gsize) i * len);
              signals[k].attribution = maps[k];
              if ((int) k / cols + 1 < rows) /* the time axis is named once, at the bottom */
                signals[k].xlabel = NULL;
              cells[k] = (SlGridCell){ SL_GRID_CELL_SIGNAL, NULL, &signals[k], NULL };
            }
          /* One sample: the methods name the cells; one method: the samples do; a table: the
           * methods and the prediction, the true class going to the row's label. */
          char *text;
          if (r->n_indices == 1)
            text = g_strdup (s->method->display_name);
          else if (r->n_methods == 1)
            {
              g_autofree char *caption = sample_caption (r, s, "\n");
              text = g_strdup_printf ("#%" G_GSIZE_FORMAT " · %s", s->index, caption);
            }
          else
            {
              g_autofree char *pred = pred_text (r, s);
              text = g_strdup_printf ("%s\n%s", s->method->display_name, pred);
            }
          g_ptr_array_add (texts, text);
          cells[k].title = text;
        }
    }

  g_autofree char *title = NULL;
  if (ok)
    {
      const SlMethod *method = samples[0].method;
      g_autofree char *caption = sample_caption (r, &samples[0], " · ");
      if (r->n_indices == 1)
        title = g_strdup_printf ("Sample %" G_GSIZE_FORMAT " · %s", samples[0].index, caption);
      else if (r->n_methods == 1)
        title = g_strdup_printf ("%s on %s", method->display_name, r->dataset->name);
      else
        {
          title = g_strdup_printf ("Explanations on %s", r->dataset->name);
          row_labels = g_new0 (const char *, r->n_indices + 1);
          for (guint i = 0; i < r->n_indices; i++)
            {
              const Sample *si = &samples[i];
              char *label = si->label >= 0 ? g_strdup_printf ("#%" G_GSIZE_FORMAT " · true: %s",
                                                              si->index, class_name (r, si->label))
                                           : g_strdup_printf ("#%" G_GSIZE_FORMAT, si->index);
              g_ptr_array_add (texts, label);
              row_labels[i] = label;
            }
        }
    }

  if (ok)
    {
      g_autofree SlGridCell *laid = g_new0 (SlGridCell, (gsize) rows * cols);
      memcpy (laid, cells, n_cells * sizeof (SlGridCell));
      const SlColormap colormap = pick_colormap (r, (const float *const *) maps, sizes, n_cells);
      const gboolean diverging = sl_colormap_is_diverging (colormap);
      SlGridFigure fig = { laid,
                           rows,
                           cols,
                           r->title ? r->title : title,
                           row_labels,
                           TRUE,
                           colormap,
                           diverging ? -1 : 0,
                           1,
                           "attribution ÷ max |attribution|" };
      const double cell_w = images ? 190 : 420, cell_h = images ? 205 : 170;
      const double extra_w = (row_labels ? 40 : 0) + 70;
      ok = save_figure (r, cols * cell_w + extra_w, rows * cell_h + 40, sl_render_grid_func,
                        &fig, error);
    }

  for (guint i = 0; i < r->n_indices; i++)
    {
      sample_clear (&samples[i]);
      image_clear (&images_of[i]);
      signal_extras_clear (&extras[i]);
    }
  for (guint k = 0; k < n_cells; k++)
    g_free (maps[k]);
  return ok;
}

/* ---- the classification report: confusion, roc, pr, class-accuracy ---- */

static SlReport *
report_new (Render *r, char **caption, GError **error)
{
  g_autoptr (SlDataset) subset = subset_new (r, error);
  if (!subset && error && *error)
    return NULL;
  SlDataset *d = subset ? subset : r->dataset;
  if (!d->labels || d->n_classes == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "%s has no labels, so there is no classification report", r->dataset->name);
      return NULL;
    }
  if (d->n_classes != r->model->n_classes)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_SHAPE, "%s has %u classes but the model predicts %u",
                   d->name, d->n_classes, r->model->n_classes);
      return NULL;
    }
  const gsize n = subset_count (r, d);
  for (gsize i = 0; i < n; i++)
    if (!d->labels || d->labels[i] < 0)
      {
        g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                     "%s: sample %" G_GSIZE_FORMAT " has no label, so there is no report",
                     r->dataset->name, i * MAX (r->stride, 1));
        return NULL;
      }
  g_autofree float *probs = NULL;
  if (!sl_predict_dataset (r->model, d, n, NULL, &probs, NULL, NULL, NULL, error))
    return NULL;
  g_autofree char *model = model_label (r);
  *caption = g_strdup_printf ("%s on %s, %" G_GSIZE_FORMAT " samples", model, d->name, n);
  return sl_report_new (probs, d->labels, n, r->model->n_classes,
                        (const char *const *) d->class_names, error);
}

static gboolean
render_confusion (Render *r, GError **error)
{
  g_autofree char *caption = NULL;
  g_autoptr (SlReport) report = report_new (r, &caption, error);
  if (!report)
    return FALSE;
  const guint k = report->n_classes;
  g_autofree double *values = g_new (double, (gsize) k * k);
  for (gsize i = 0; i < (gsize) k * k; i++)
    values[i] = (double) report->confusion[i];
  SlConfusionFigure fig;
  sl_confusion_figure_init (&fig);
  fig.values = values;
  fig.n_classes = (int) k;
  fig.class_names = (const char *const *) report->class_names;
  fig.normalize = r->normalize;
  if (r->has_colormap)
    fig.colormap = r->colormap;
  g_autofree char *title
      = g_strdup_printf ("%s · %s", r->normalize ? "Confusion (rates)" : "Confusion", caption);
  fig.title = r->title ? r->title : title;
  const double side = 200 + 24.0 * k;
  return save_figure (r, side + 70, side + 30, sl_render_confusion_func, &fig, error);
}

/* One curve per class that has positive and negative samples (others have no ROC). */
static gboolean
render_curves (Render *r, gboolean roc, GError **error)
{
  g_autofree char *caption = NULL;
  g_autoptr (SlReport) report = report_new (r, &caption, error);
  if (!report)
    return FALSE;
  g_autofree SlPlotCurve *curves = g_new0 (SlPlotCurve, report->n_classes);
  int n = 0;
  for (guint c = 0; c < report->n_classes; c++)
    {
      const SlClassScores *pc = &report->per_class[c];
      const SlCurve *cv = &pc->curve;
      if (cv->n_positive == 0 || (roc && cv->n_negative == 0))
        continue;
      curves[n++] = (SlPlotCurve){ roc ? cv->fpr : cv->recall, roc ? cv->tpr : cv->precision,
                                   cv->n_points, report->class_names[c], roc ? pc->auc : pc->ap };
    }
  if (n == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "%s: no class has both positive and negative samples here, so there is no %s "
                   "curve (use more samples, or --stride to spread them over the classes)",
                   caption, roc ? "ROC" : "precision-recall");
      return FALSE;
    }
  g_autofree char *title = g_strdup_printf ("%s · %s", roc ? "ROC" : "Precision-recall", caption);
  if (roc)
    {
      SlRocFigure fig = { curves, n, r->title ? r->title : title };
      return save_figure (r, 420, 380, sl_render_roc_func, &fig, error);
    }
  SlPrFigure fig = { curves, n, r->title ? r->title : title };
  return save_figure (r, 420, 380, sl_render_pr_func, &fig, error);
}

static gboolean
render_roc (Render *r, GError **error)
{
  return render_curves (r, TRUE, error);
}

static gboolean
render_pr (Render *r, GError **error)
{
  return render_curves (r, FALSE, error);
}

static gboolean
render_class_accuracy (Render *r, GError **error)
{
  g_autofree char *caption = NULL;
  g_autoptr (SlReport) report = report_new (r, &caption, error);
  if (!report)
    return FALSE;
  const guint k = report->n_classes;
  g_autofree double *values = g_new (double, k);
  for (guint c = 0; c < k; c++)
    values[c] = report->per_class[c].support ? report->per_class[c].recall : NAN;
  g_autofree char *title = g_strdup_printf ("Per-class accuracy · %s", caption);
  SlClassBarsFigure fig = { values,
                            (int) k,
                            (const char *const *) report->class_names,
                            report->accuracy,
                            r->title ? r->title : title,
                            NULL };
  return save_figure (r, MAX (380, 120 + 40.0 * k), 290, sl_render_class_bars_func, &fig, error);
}

/* ---- training ---- */

enum
{
  H_LOSS,
  H_ACC,
  H_VAL_LOSS,
  H_VAL_ACC,
  H_N_FIELDS
};

typedef struct
{
  gsize n_epochs;
  double *v[H_N_FIELDS]; /* n_epochs values each, or NULL */
} History;

static void
history_clear (History *h)
{
  for (int f = 0; f < H_N_FIELDS; f++)
    g_clear_pointer (&h->v[f], g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (History, history_clear)

/* Keras' names (both spellings of accuracy); -1 for the columns a figure has no use for. */
static int
history_field (const char *name)
{
  static const char *const names[][2] = {
    { "loss", "loss" },
    { "accuracy", "acc" },
    { "val_loss", "val_loss" },
    { "val_accuracy", "val_acc" },
  };
  for (int f = 0; f < H_N_FIELDS; f++)
    if (!g_ascii_strcasecmp (name, names[f][0]) || !g_ascii_strcasecmp (name, names[f][1]))
      return f;
  return -1;
}

static void
history_alloc (History *h, gsize n_epochs)
{
  h->n_epochs = n_epochs;
  for (int f = 0; f < H_N_FIELDS; f++)
    {
      h->v[f] = g_new (double, MAX (n_epochs, 1));
      for (gsize e = 0; e < n_epochs; e++)
        h->v[f][e] = NAN;
    }
}

/* Drops the series with no number at all; fails when nothing is left. */
static gboolean
history_finish (History *h, const char *path, GError **error)
{
  gboolean any = FALSE;
  for (int f = 0; f < H_N_FIELDS; f++)
    {
      gboolean used = FALSE;
      for (gsize e = 0; e < h->n_epochs && !used; e++)
        used = isfinite (h->v[f][e]);
      if (!used)
        g_clear_pointer (&h->v[f], g_free);
      any |= used;
    }
  if (!any || h->n_epochs == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                   "%s: no epochs with loss, accuracy, val_loss or val_accuracy values", path);
      return FALSE;
    }
  return TRUE;
}

/* A training state written by 'train --state', read through the trainer that wrote it: a trainer
 * of the state's own model loads the state and hands back its history. */
static gboolean
history_from_state (const char *path, History *h, GError **error)
{
  hid_t f = sl_h5_open_read (path, error);
  if (f < 0)
    return FALSE;
  g_autofree char *config = sl_h5_read_string_attr (f, "model_config", path, error);
  sl_h5_close (f);
  if (!config)
    return FALSE;
  g_autoptr (SlModel) model = sl_model_new_from_json (config, path, error);
  if (!model)
    return FALSE;
  SlTrainOptions options;
  sl_train_options_init (&options);
  options.batch_size = 1; /* only the history is wanted: keep the workspace small */
  /* The trainer refuses trainable batch norm; the state's run had it frozen too. */
  g_autofree gboolean *frozen = g_new0 (gboolean, model->n_layers);
  for (guint i = 0; i < model->n_layers; i++)
    frozen[i] = model->layers[i].kind == SL_LAYER_BATCH_NORM;
  options.frozen = frozen;
  g_autoptr (SlTrainer) trainer = sl_trainer_new (model, &options, error);
  if (!trainer || !sl_trainer_load_state (trainer, path, error))
    return FALSE;
  guint n = 0;
  const SlEpochStats *stats = sl_trainer_get_history (trainer, &n);
  history_alloc (h, n);
  for (guint e = 0; e < n; e++)
    {
      h->v[H_LOSS][e] = stats[e].loss;
      h->v[H_ACC][e] = stats[e].acc;
      h->v[H_VAL_LOSS][e] = stats[e].val_loss;
      h->v[H_VAL_ACC][e] = stats[e].val_acc;
    }
  return history_finish (h, path, error);
}

static gboolean
parse_number (const char *text, double *out)
{
  g_autofree char *t = g_strstrip (g_strdup (text));
  if (!*t || !g_ascii_strcasecmp (t, "nan"))
    {
      *out = NAN;
      return TRUE;
    }
  char *end = NULL;
  *out = g_ascii_strtod (t, &end);
  return end && end != t && !*end;
}

/* Keras' CSVLogger: a header (epoch,accuracy,loss,val_accuracy,val_loss …) and a row per epoch. */
static gboolean
history_from_csv (const char *path, History *h, GError **error)
{
  g_autofree char *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  g_auto (GStrv) lines = g_strsplit_set (text, "\r\n", -1);
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();
  guint header = G_MAXUINT;
  for (guint i = 0; lines[i]; i++)
    if (*g_strstrip (lines[i]))
      {
        if (header == G_MAXUINT)
          header = i;
        else
          g_ptr_array_add (rows, GUINT_TO_POINTER (i));
      }
  if (header == G_MAXUINT)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: the training log is empty", path);
      return FALSE;
    }
  g_auto (GStrv) names = g_strsplit (lines[header], ",", -1);
  const guint n_columns = g_strv_length (names);
  history_alloc (h, rows->len);
  for (guint e = 0; e < rows->len; e++)
    {
      const guint line = GPOINTER_TO_UINT (g_ptr_array_index (rows, e));
      g_auto (GStrv) cells = g_strsplit (lines[line], ",", -1);
      if (g_strv_length (cells) != n_columns)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                       "%s:%u: %u fields where the header has %u", path, line + 1,
                       g_strv_length (cells), n_columns);
          return FALSE;
        }
      for (guint c = 0; c < n_columns; c++)
        {
          const int f = history_field (g_strstrip (names[c]));
          if (f >= 0 && !parse_number (cells[c], &h->v[f][e]))
            {
              g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s:%u: %s '%s' is not a number",
                           path, line + 1, names[c], cells[c]);
              return FALSE;
            }
        }
    }
  return history_finish (h, path, error);
}

static gboolean
json_number (JsonNode *node, double *out)
{
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *out = NAN;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) == G_TYPE_STRING
      || json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return FALSE;
  *out = json_node_get_double (node);
  return TRUE;
}

/* Keras' History.history as json.dump writes it ({"loss": [...], "accuracy": [...], …}), or a list
 * of one object per epoch ([{"loss": …, "accuracy": …}, …]). */
static gboolean
history_from_json (const char *path, History *h, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  if (!json_parser_load_from_file (parser, path, error))
    return FALSE;
  JsonNode *root = json_parser_get_root (parser);
  if (root && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *o = json_node_get_object (root);
      g_autoptr (GList) members = json_object_get_members (o);
      gsize n = 0;
      for (GList *l = members; l; l = l->next)
        {
          JsonNode *node = json_object_get_member (o, l->data);
          if (history_field (l->data) >= 0 && JSON_NODE_HOLDS_ARRAY (node))
            n = MAX (n, json_array_get_length (json_node_get_array (node)));
        }
      history_alloc (h, n);
      for (GList *l = members; l; l = l->next)
        {
          const int f = history_field (l->data);
          JsonNode *node = json_object_get_member (o, l->data);
          if (f < 0)
            continue;
          JsonArray *a = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
          for (guint e = 0; a && e < json_array_get_length (a); e++)
            if (!json_number (json_array_get_element (a, e), &h->v[f][e]))
              a = NULL;
          if (!a)
            {
              g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                           "%s: \"%s\" must be an array of numbers", path, (const char *) l->data);
              return FALSE;
            }
        }
      return history_finish (h, path, error);
    }
  if (root && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *a = json_node_get_array (root);
      history_alloc (h, json_array_get_length (a));
      for (guint e = 0; e < h->n_epochs; e++)
        {
          JsonNode *node = json_array_get_element (a, e);
          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                           "%s: epoch %u is not an object of numbers", path, e);
              return FALSE;
            }
          JsonObject *o = json_node_get_object (node);
          g_autoptr (GList) members = json_object_get_members (o);
          for (GList *l = members; l; l = l->next)
            {
              const int f = history_field (l->data);
              if (f >= 0 && !json_number (json_object_get_member (o, l->data), &h->v[f][e]))
                {
                  g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                               "%s: epoch %u: \"%s\" is not a number", path, e,
                               (const char *) l->data);
                  return FALSE;
                }
            }
        }
      return history_finish (h, path, error);
    }
  g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
               "%s: expected Keras' history object or a list of epochs", path);
  return FALSE;
}

static gboolean
render_training (Render *r, GError **error)
{
  g_auto (History) h = { 0 };
  gboolean ok;
  if (g_str_has_suffix (r->log, ".csv") || g_str_has_suffix (r->log, ".CSV"))
    ok = history_from_csv (r->log, &h, error);
  else if (g_str_has_suffix (r->log, ".json") || g_str_has_suffix (r->log, ".JSON"))
    ok = history_from_json (r->log, &h, error);
  else
    ok = history_from_state (r->log, &h, error);
  if (!ok)
    return FALSE;
  g_autofree char *base = g_path_get_basename (r->log);
  g_autofree char *title = g_strdup_printf ("Training · %s (%" G_GSIZE_FORMAT " epochs)", base,
                                            h.n_epochs);
  SlTrainingFigure fig = { h.n_epochs,         NULL,          h.v[H_LOSS], h.v[H_VAL_LOSS],
                           h.v[H_ACC],         h.v[H_VAL_ACC], r->title ? r->title : title };
  return save_figure (r, 640, 280, sl_render_training_func, &fig, error);
}

/* ---- faithfulness ---- */

static gboolean
render_faithfulness (Render *r, GError **error)
{
  g_autofree SlExplainRequest *requests = g_new0 (SlExplainRequest, r->n_methods);
  g_autoptr (GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_params_free);
  g_autofree const char **names = g_new0 (const char *, r->n_methods + 1);
  for (guint m = 0; m < r->n_methods; m++)
    {
      SlParams *p = NULL;
      if (!sl_cli_build_request (r->model, &r->ex, r->methods[m], &requests[m], &p, error))
        return FALSE;
      g_ptr_array_add (params, p);
      names[m] = sl_method_lookup (requests[m].method)->display_name;
    }
  g_autoptr (SlDataset) subset = subset_new (r, error);
  if (!subset && error && *error)
    return FALSE;
  SlDataset *d = subset ? subset : r->dataset;
  SlFaithOptions options;
  sl_faith_options_init (&options);
  options.frac = r->frac;
  g_autoptr (SlFaithTable) table
      = sl_faithfulness_dataset (r->model, d, 0, subset_count (r, d), requests, r->n_methods,
                                 &options, NULL, NULL, NULL, error);
  if (!table)
    return FALSE;
  g_autofree double *drop = g_new (double, r->n_methods);
  g_autofree double *increase = g_new (double, r->n_methods);
  for (guint m = 0; m < r->n_methods; m++)
    {
      drop[m] = 100 * table->drop_rate[m];
      increase[m] = 100 * table->increase_rate[m];
    }
  g_autofree char *model = model_label (r);
  g_autofree char *title
      = g_strdup_printf ("Faithfulness · %s (%" G_GSIZE_FORMAT " samples, %.0f %% kept)", model,
                         table->n_samples, 100 * r->frac);
  const char *const datasets[] = { d->name };
  SlFaithfulnessFigure fig = { (int) r->n_methods, 1, names, datasets, drop, increase,
                               r->title ? r->title : title };
  if (!g_strcmp0 (r->style, "bars"))
    return save_figure (r, 560, 300, sl_render_faithfulness_bars_func, &fig, error);
  return save_figure (r, 460, 90 + 22.0 * r->n_methods, sl_render_faithfulness_table_func, &fig,
                      error);
}

/* ---- deletion ---- */

static gboolean
render_deletion (Render *r, GError **error)
{
  g_auto (Sample) s = { 0 };
  if (!sample_load (r, r->indices[0], &s, error))
    return FALSE;
  const guint n = r->n_methods;
  g_autofree SlPlotCurve *del = g_new0 (SlPlotCurve, n);
  g_autofree SlPlotCurve *ins = g_new0 (SlPlotCurve, n);
  g_autoptr (GPtrArray) arrays = g_ptr_array_new_with_free_func (g_free);
  guint steps = 0;
  for (guint m = 0; m < n; m++)
    {
      if (!sample_explain (r, &s, r->methods[m], error))
        return FALSE;
      /* More steps than positions would repeat points. */
      const gsize positions = sl_explanation_input_size (s.expl);
      steps = r->steps > 0 ? (guint) r->steps : (guint) MIN (positions, 100);
      double *x = g_new (double, steps + 1);
      for (guint k = 0; k <= steps; k++)
        x[k] = (double) k / steps;
      g_ptr_array_add (arrays, x);
      for (int kind = 0; kind < 2; kind++)
        {
          double *y = g_new (double, steps + 1), auc = NAN;
          g_ptr_array_add (arrays, y);
          if (!sl_faithfulness_curve (r->model, NULL, s.x, s.expl->map_input, s.expl->target,
                                      kind ? SL_FAITH_INSERTION : SL_FAITH_DELETION, steps, y,
                                      &auc, NULL, error))
            return FALSE;
          SlPlotCurve *c = kind ? &ins[m] : &del[m];
          *c = (SlPlotCurve){ x, y, steps + 1, s.method->display_name, auc };
        }
    }
  g_autofree char *caption = sample_caption (r, &s, " · ");
  g_autofree char *title = g_strdup_printf ("Sample %" G_GSIZE_FORMAT " · %s", s.index, caption);
  g_autofree char *ylabel
      = g_strdup_printf ("Probability of %s", class_name (r, (int) s.expl->target));
  SlDeletionFigure fig = { del, (int) n, ins, (int) n, r->title ? r->title : title, ylabel,
                           r->model->input.rank == 3 ? "pixels" : "points" };
  return save_figure (r, 640, 290, sl_render_deletion_func, &fig, error);
}

/* ---- the command ---- */

static const RenderKind kinds[] = {
  { "overlay", NEEDS_DATA | NEEDS_METHOD | ONE_METHOD | ONE_INDEX, render_overlay,
    "an image sample with its explanation heatmap" },
  { "signal", NEEDS_DATA | NEEDS_METHOD | ONE_METHOD | ONE_INDEX, render_signal,
    "a 1-D sample with its explanation band, top-k points and (MNIST-1D) the class templates" },
  { "grid", NEEDS_DATA | NEEDS_METHOD, render_grid,
    "several methods (--method a,b,c) and/or samples (--index 0,1,2) side by side" },
  { "confusion", NEEDS_DATA, render_confusion,
    "the confusion matrix (--normalize: rates per true class)" },
  { "roc", NEEDS_DATA, render_roc, "one-vs-rest ROC curves with their AUC" },
  { "pr", NEEDS_DATA, render_pr, "one-vs-rest precision-recall curves with their AP" },
  { "class-accuracy", NEEDS_DATA, render_class_accuracy,
    "per-class accuracy and the overall line" },
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
  g_string_append (s, "\n"
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

static int
usage_error (const char *fmt, ...) G_GNUC_PRINTF (1, 2);

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
      r->indices[i] = (gsize) v;
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
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &r.out, "The figure: .png, .svg or .pdf", "FILE" },
    { "width", 0, 0, G_OPTION_ARG_DOUBLE, &r.width, "Width in points (default: the kind's)", "W" },
    { "height", 0, 0, G_OPTION_ARG_DOUBLE, &r.height, "Height in points (default: the kind's)",
      "H" },
    { "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &r.dpi, "PNG resolution (default 150)", "D" },
    { "title", 0, 0, G_OPTION_ARG_STRING, &r.title, "Replace the figure's title", "TEXT" },
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &r.model_spec, "Keras model (.h5 or .keras) or demo", "MODEL" },
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
    { "contour", 0, 0, G_OPTION_ARG_DOUBLE, &r.contour,
      "Outline the top PCT % of the map's values", "PCT" },
    { "mask", 0, 0, G_OPTION_ARG_DOUBLE, &r.mask,
      "Dim what the drop metric removes when it keeps FRAC of the map", "FRAC" },
    { "top-k", 0, 0, G_OPTION_ARG_INT, &r.top_k,
      "signal: mark the K most relevant points (default 5)", "K" },
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
  g_autoptr (GOptionContext) ctx
      = g_option_context_new ("KIND — draw a figure to PNG, SVG or PDF");
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
  if ((gsize) r.n_indices * MAX (r.n_methods, 1) > MAX_GRID_CELLS)
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
      if (!(r.model = sl_cli_load_model (r.model_spec, &error))
          || !(r.dataset = sl_cli_open_dataset (r.dataset_spec, r.model, &error)))
        return sl_cli_fail (error);
      r.class_names = class_names_new (r.model, r.dataset);
    }
  const gboolean ok = r.kind->run (&r, &error);
  /* Pango's font caches hold fontconfig patterns that would otherwise outlive main. */
  pango_cairo_font_map_set_default (NULL);
  if (!ok)
    return sl_cli_fail (error);
  g_print ("wrote %s\n", r.out);
  return 0;
}
