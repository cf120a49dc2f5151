/* sl-sample-view.c — one sample loaded, predicted and made ready to draw (display pixels, signal,
 * time axis, MNIST-1D templates). */
#include "compose/sl-sample-view.h"

#include "core/sl-error.h"
#include "datasets/images/sl-image-folder.h"
#include "datasets/sl-mnist1d.h"
#include "engine/sl-run.h"
#include "engine/sl-score.h"

#include <math.h>

/* The buffers the view's pointers into. */
typedef struct
{
  guint8 *rgb_u8;
  float *rgb_f32;
} Buffers;

static float *
to_floats (const double *v, gsize n)
{
  float *f = g_new (float, n);
  for (gsize i = 0; i < n; i++)
    f[i] = (float)v[i];
  return f;
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

/* What the sample looks like: an image folder's decoded pixels, else the input itself brought to
 * [0, 1] (grey when it has one channel). */
static gboolean
image_load (SlSampleView *v, SlDataset *d, Buffers *b, GError **error)
{
  const int h = (int)d->shape[0], w = (int)d->shape[1], c = (int)d->shape[2];
  const gsize n = (gsize)h * w;
  /* Asked of another kind of dataset, the image folder's getters complain. */
  if (!g_strcmp0 (d->klass->kind, "image-folder"))
    {
      b->rgb_u8 = g_new (guint8, n * 3);
      if (!sl_image_folder_get_rgb (d, v->index, b->rgb_u8, error))
        return FALSE;
      v->image = (SlImageView){ w, h, NULL, b->rgb_u8 };
      return TRUE;
    }
  float lo = INFINITY, hi = -INFINITY;
  for (gsize i = 0; i < n * c; i++)
    if (isfinite (v->x[i]))
      lo = MIN (lo, v->x[i]), hi = MAX (hi, v->x[i]);
  /* Inputs already in [0, 1] (the course's 1/255 scaling) are shown as they are. */
  if (lo >= 0 && hi <= 1)
    lo = 0, hi = 1;
  const float span = hi > lo ? hi - lo : 1;
  b->rgb_f32 = g_new (float, n * 3);
  for (gsize i = 0; i < n; i++)
    for (int k = 0; k < 3; k++)
      {
        const float x = v->x[i * c + (c == 3 ? k : 0)];
        b->rgb_f32[i * 3 + k] = isfinite (x) ? CLAMP ((x - lo) / span, 0.f, 1.f) : 0.f;
      }
  v->image = (SlImageView){ w, h, b->rgb_f32, NULL };
  return TRUE;
}

/* The first channel (MNIST-1D has one); the built-in MNIST-1D also knows its time axis and the
 * digit templates the samples were made from. */
static void
signal_load (SlSampleView *v, const SlDataset *d)
{
  const gsize len = d->shape[0], c = d->shape[1];
  v->length = len;
  v->signal = g_new (float, len);
  for (gsize i = 0; i < len; i++)
    v->signal[i] = v->x[i * c];
  const SlMnist1d *data = sl_mnist1d_dataset_get_data (d);
  if (!data || sl_mnist1d_get_seq_length (data) != len)
    return;
  v->t = to_floats (sl_mnist1d_get_t (data), len);
  v->template_length = SL_MNIST1D_TEMPLATE_LEN;
  v->template_pred = to_floats (sl_mnist1d_get_template_x (data, v->predicted), v->template_length);
  const double *truth = v->label >= 0 ? sl_mnist1d_get_template_x (data, (guint)v->label) : NULL;
  if (truth)
    v->template_true = to_floats (truth, v->template_length);
}

/* The dataset's ground truth for the sample, when it has some. */
static gboolean
regions_load (SlSampleView *v, SlDataset *d, GError **error)
{
  if (d->n_regions == 0)
    return TRUE;
  v->region_size = sl_dataset_region_size (d);
  v->regions = g_new0 (float, (gsize) d->n_regions * v->region_size);
  v->region_names = g_new0 (char *, d->n_regions + 1);
  v->n_regions = d->n_regions;
  for (guint k = 0; k < d->n_regions; k++)
    {
      v->region_names[k] = g_strdup (d->region_names ? d->region_names[k] : NULL);
      if (!v->region_names[k])
        v->region_names[k] = g_strdup_printf ("region %u", k);
      if (!sl_dataset_get_region (d, v->index, k, v->regions + k * v->region_size, error))
        return FALSE;
    }
  return TRUE;
}

SlSampleView *
sl_sample_view_new (const SlModel *model, SlDataset *dataset, gsize index, SlParallel *parallel,
                    GError **error)
{
  g_return_val_if_fail (model != NULL && dataset != NULL, NULL);
  if (index >= dataset->n_samples)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "sample %" G_GSIZE_FORMAT ": %s has only %" G_GSIZE_FORMAT
                   " samples (0 … %" G_GSIZE_FORMAT ")",
                   index, dataset->name, dataset->n_samples,
                   dataset->n_samples ? dataset->n_samples - 1 : 0);
      return NULL;
    }
  g_autoptr (SlSampleView) v = g_new0 (SlSampleView, 1);
  v->priv = g_new0 (Buffers, 1);
  v->index = index;
  v->dataset_name = g_strdup (dataset->name);
  v->label = dataset->labels ? dataset->labels[index] : -1;
  v->n_classes = model->n_classes;
  v->class_names = class_names_new (model, dataset);
  v->x_size = sl_dataset_sample_size (dataset);
  v->x = g_new (float, v->x_size);
  if (!sl_dataset_get_sample (dataset, index, v->x, error))
    return NULL;

  /* The predicted class and its confidence, which an explanation of another class does not give. */
  g_autoptr (SlRun) run = sl_run_new (model, 1);
  sl_run_set_parallel (run, parallel);
  if (!sl_run_forward (run, v->x, 1, error))
    return NULL;
  v->probs = g_new (double, model->n_classes);
  sl_score_probs (model, sl_run_logits (run), v->probs);
  v->predicted = sl_score_argmax (sl_run_logits (run), model->n_classes);
  v->confidence = v->probs[v->predicted];

  v->is_image = dataset->rank == 3;
  if (v->is_image)
    {
      if (!image_load (v, dataset, v->priv, error))
        return NULL;
    }
  else
    signal_load (v, dataset);
  if (!regions_load (v, dataset, error))
    return NULL;
  return g_steal_pointer (&v);
}

void
sl_sample_view_free (SlSampleView *view)
{
  if (!view)
    return;
  Buffers *b = view->priv;
  if (b)
    {
      g_free (b->rgb_u8);
      g_free (b->rgb_f32);
      g_free (b);
    }
  g_free (view->dataset_name);
  g_free (view->x);
  g_strfreev (view->class_names);
  g_free (view->probs);
  g_free (view->signal);
  g_free (view->t);
  g_free (view->template_pred);
  g_free (view->template_true);
  g_strfreev (view->region_names);
  g_free (view->regions);
  g_free (view);
}

const char *
sl_sample_view_class_name (const SlSampleView *view, int c)
{
  g_return_val_if_fail (view != NULL, "?");
  return c >= 0 && (guint)c < view->n_classes ? view->class_names[c] : "?";
}

char *
sl_sample_view_prediction (const SlSampleView *view, int target)
{
  g_return_val_if_fail (view != NULL, NULL);
  GString *t = g_string_new (NULL);
  /* Figures speak the C locale ("0.98") whatever the window's: g_ascii_formatd, not printf. */
  char conf[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd (conf, sizeof conf, "%.2f", view->confidence);
  g_string_append_printf (t, "pred: %s (%s)",
                          sl_sample_view_class_name (view, (int)view->predicted), conf);
  if (target >= 0 && (guint)target != view->predicted)
    g_string_append_printf (t, " · map of %s", sl_sample_view_class_name (view, target));
  return g_string_free (t, FALSE);
}

char *
sl_sample_view_caption (const SlSampleView *view, int target, const char *sep)
{
  g_return_val_if_fail (view != NULL, NULL);
  g_autofree char *pred = sl_sample_view_prediction (view, target);
  if (view->label < 0)
    return g_steal_pointer (&pred);
  return g_strdup_printf ("true: %s%s%s", sl_sample_view_class_name (view, view->label), sep, pred);
}

static gpointer
dup_array (gconstpointer data, gsize n, gsize size)
{
  return data ? g_memdup2 (data, n * size) : NULL;
}

SlSampleView *
sl_sample_view_copy (const SlSampleView *view)
{
  g_return_val_if_fail (view != NULL, NULL);
  const Buffers *b = view->priv;
  SlSampleView *c = g_new (SlSampleView, 1);
  Buffers *cb = g_new0 (Buffers, 1);
  *c = *view;
  c->priv = cb;
  c->dataset_name = g_strdup (view->dataset_name);
  c->x = dup_array (view->x, view->x_size, sizeof (float));
  c->class_names = g_strdupv (view->class_names);
  c->probs = dup_array (view->probs, view->n_classes, sizeof (double));
  c->signal = dup_array (view->signal, view->length, sizeof (float));
  c->t = dup_array (view->t, view->length, sizeof (float));
  c->template_pred = dup_array (view->template_pred, view->template_length, sizeof (float));
  c->template_true = dup_array (view->template_true, view->template_length, sizeof (float));
  c->region_names = g_strdupv (view->region_names);
  c->regions = dup_array (view->regions, view->n_regions * view->region_size, sizeof (float));
  const gsize pixels = (gsize)view->image.width * view->image.height * 3;
  if (b && b->rgb_u8)
    cb->rgb_u8 = dup_array (b->rgb_u8, pixels, 1);
  if (b && b->rgb_f32)
    cb->rgb_f32 = dup_array (b->rgb_f32, pixels, sizeof (float));
  c->image.rgb_u8 = cb->rgb_u8;
  c->image.rgb_f32 = cb->rgb_f32;
  return c;
}

gsize
sl_sample_view_region_extent (const SlSampleView *view, guint region, gsize *first, gsize *last)
{
  g_return_val_if_fail (view != NULL, 0);
  gsize count = 0, lo = 0, hi = 0;
  if (region < view->n_regions)
    {
      const float *w = view->regions + region * view->region_size;
      for (gsize i = 0; i < view->region_size; i++)
        if (w[i] > 0)
          {
            if (count++ == 0)
              lo = i;
            hi = i;
          }
    }
  if (first)
    *first = lo;
  if (last)
    *last = hi;
  return count;
}
