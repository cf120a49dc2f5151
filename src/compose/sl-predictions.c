/* sl-predictions.c — per-sample predictions and the gallery's filters and orders over them. */
#include "compose/sl-predictions.h"

#include <math.h>
#include <string.h>

struct _SlPredictions
{
  gsize n_samples;
  guint n_classes;
  gsize n_done;
  gint *labels;       /* n_samples, −1 unknown */
  float *probs;       /* n_samples × n_classes */
  gint *predicted;    /* n_samples, −1 before */
  double *confidence; /* n_samples, NaN before */
};

SlPredictions *
sl_predictions_new (gsize n_samples, guint n_classes, const gint *labels)
{
  SlPredictions *self = g_new0 (SlPredictions, 1);
  self->n_samples = n_samples;
  self->n_classes = n_classes;
  self->labels = g_new (gint, MAX (n_samples, 1));
  self->probs = g_new0 (float, MAX (n_samples * n_classes, 1));
  self->predicted = g_new (gint, MAX (n_samples, 1));
  self->confidence = g_new (double, MAX (n_samples, 1));
  for (gsize i = 0; i < n_samples; i++)
    {
      const gint l = labels ? labels[i] : -1;
      self->labels[i] = (l >= 0 && (guint)l < n_classes) ? l : -1;
      self->predicted[i] = -1;
      self->confidence[i] = NAN;
    }
  return self;
}

void
sl_predictions_free (SlPredictions *self)
{
  if (!self)
    return;
  g_free (self->labels);
  g_free (self->probs);
  g_free (self->predicted);
  g_free (self->confidence);
  g_free (self);
}

void
sl_predictions_set_batch (SlPredictions *self, gsize first, gsize n, const float *probs)
{
  g_return_if_fail (self != NULL && (n == 0 || probs != NULL));
  g_return_if_fail (first <= self->n_samples && n <= self->n_samples - first);
  const guint nc = self->n_classes;
  memcpy (self->probs + first * nc, probs, n * nc * sizeof (float));
  for (gsize k = 0; k < n; k++)
    {
      const gsize i = first + k;
      const float *p = probs + k * nc;
      /* The first maximum, as argmax does. */
      guint best = 0;
      for (guint c = 1; c < nc; c++)
        if (p[c] > p[best])
          best = c;
      if (self->predicted[i] < 0)
        self->n_done++;
      self->predicted[i] = nc > 0 ? (gint)best : -1;
      self->confidence[i] = nc > 0 ? (double)p[best] : NAN;
    }
}

gsize
sl_predictions_get_n_samples (const SlPredictions *self)
{
  return self->n_samples;
}

guint
sl_predictions_get_n_classes (const SlPredictions *self)
{
  return self->n_classes;
}

gsize
sl_predictions_get_n_done (const SlPredictions *self)
{
  return self->n_done;
}

gboolean
sl_predictions_has (const SlPredictions *self, gsize index)
{
  return index < self->n_samples && self->predicted[index] >= 0;
}

int
sl_predictions_get_label (const SlPredictions *self, gsize index)
{
  return index < self->n_samples ? self->labels[index] : -1;
}

int
sl_predictions_get_predicted (const SlPredictions *self, gsize index)
{
  return index < self->n_samples ? self->predicted[index] : -1;
}

double
sl_predictions_get_confidence (const SlPredictions *self, gsize index)
{
  return index < self->n_samples ? self->confidence[index] : NAN;
}

double
sl_predictions_get_prob (const SlPredictions *self, gsize index, guint c)
{
  if (!sl_predictions_has (self, index) || c >= self->n_classes)
    return NAN;
  return self->probs[index * self->n_classes + c];
}

double
sl_predictions_get_loss (const SlPredictions *self, gsize index)
{
  if (!sl_predictions_has (self, index) || self->labels[index] < 0)
    return NAN;
  const double p = self->probs[index * self->n_classes + (guint)self->labels[index]];
  return -log (fmax (p, 1e-300));
}

void
sl_sample_filter_init (SlSampleFilter *filter)
{
  *filter = (SlSampleFilter){
    .true_class = -1,
    .predicted_class = -1,
    .correctness = SL_CORRECT_ANY,
    .min_confidence = 0,
    .max_confidence = 1,
  };
}

gboolean
sl_sample_filter_is_all (const SlSampleFilter *filter)
{
  return filter->true_class < 0 && filter->predicted_class < 0
         && filter->correctness == SL_CORRECT_ANY && filter->min_confidence <= 0
         && filter->max_confidence >= 1;
}

static gboolean
keeps (const SlPredictions *self, const SlSampleFilter *f, gsize i)
{
  const gint label = self->labels[i], pred = self->predicted[i];
  if (f->true_class >= 0 && label != f->true_class)
    return FALSE;
  if (pred < 0)
    return FALSE; /* not predicted yet: kept only by an all-pass filter (checked by the caller) */
  if (f->predicted_class >= 0 && pred != f->predicted_class)
    return FALSE;
  /* Without a label a sample is neither correct nor wrong. */
  if (f->correctness == SL_CORRECT_ONLY && !(label >= 0 && pred == label))
    return FALSE;
  if (f->correctness == SL_CORRECT_WRONG_ONLY && !(label >= 0 && pred != label))
    return FALSE;
  const double conf = self->confidence[i];
  return conf >= f->min_confidence && conf <= f->max_confidence;
}

/* A float as an unsigned key of the same order (NaN after everything). */
static guint32
float_key (float f)
{
  if (isnan (f))
    return G_MAXUINT32;
  guint32 bits;
  memcpy (&bits, &f, sizeof bits);
  return (bits & 0x80000000u) ? ~bits : bits ^ 0x80000000u;
}

/* Sorts idx[0…n) by key[0…n) ascending, stably (so ties stay in index order): an LSD radix sort,
 * a byte at a time, a few ms for 100,000 samples where qsort takes tens. */
static void
radix_sort (gsize *idx, guint32 *key, gsize n)
{
  g_autofree gsize *idx_tmp = g_new (gsize, n);
  g_autofree guint32 *key_tmp = g_new (guint32, n);
  for (guint shift = 0; shift < 32; shift += 8)
    {
      gsize count[257] = { 0 };
      for (gsize k = 0; k < n; k++)
        count[((key[k] >> shift) & 0xff) + 1]++;
      if (count[((key[0] >> shift) & 0xff) + 1] == n)
        continue; /* every key has this byte */
      for (guint b = 1; b < 257; b++)
        count[b] += count[b - 1];
      for (gsize k = 0; k < n; k++)
        {
          const gsize to = count[(key[k] >> shift) & 0xff]++;
          idx_tmp[to] = idx[k];
          key_tmp[to] = key[k];
        }
      memcpy (idx, idx_tmp, n * sizeof *idx);
      memcpy (key, key_tmp, n * sizeof *key);
    }
}

gsize *
sl_predictions_select (const SlPredictions *self, const SlSampleFilter *filter, SlSampleOrder order,
                       gsize *n_out)
{
  SlSampleFilter all;
  if (!filter)
    {
      sl_sample_filter_init (&all);
      filter = &all;
    }
  const gboolean pass_all = sl_sample_filter_is_all (filter);
  gsize *out = g_new (gsize, MAX (self->n_samples, 1));
  gsize n = 0;
  for (gsize i = 0; i < self->n_samples; i++)
    if (pass_all || keeps (self, filter, i))
      out[n++] = i;
  *n_out = n;
  if (order == SL_ORDER_INDEX || n < 2)
    return out;

  /* Every order is one of a float32 per sample: the loss −ln p_label falls as p_label rises. */
  g_autofree guint32 *key = g_new (guint32, n);
  for (gsize k = 0; k < n; k++)
    {
      const gsize i = out[k];
      const gint label = self->labels[i];
      const gboolean has = self->predicted[i] >= 0;
      const float conf = has ? self->probs[i * self->n_classes + (guint)self->predicted[i]] : NAN;
      switch (order)
        {
        case SL_ORDER_CONFIDENCE_DESC:
          key[k] = float_key (-conf);
          break;
        case SL_ORDER_CONFIDENCE_ASC:
          key[k] = float_key (conf);
          break;
        case SL_ORDER_LOSS_DESC:
        default:
          key[k] = float_key (has && label >= 0 ? self->probs[i * self->n_classes + (guint)label]
                                                : NAN);
          break;
        }
    }
  radix_sort (out, key, n);
  return out;
}

gssize
sl_predictions_next_wrong (const SlPredictions *self, gsize index, int step)
{
  const gsize n = self->n_samples;
  if (n == 0)
    return -1;
  index = MIN (index, n - 1);
  /* Every sample once, ending with `index` itself. */
  for (gsize k = 1; k <= n; k++)
    {
      const gsize i = step >= 0 ? (index + k) % n : (index + n - k % n) % n;
      const gint label = self->labels[i], pred = self->predicted[i];
      if (label >= 0 && pred >= 0 && pred != label)
        return (gssize)i;
    }
  return -1;
}
