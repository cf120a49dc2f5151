/* The training loop: Keras' model.fit with SGD, a LearningRateScheduler and EarlyStopping. */
#include "train/sl-trainer-private.h"

#include "core/sl-error.h"
#include "core/sl-memory.h"
#include "train/sl-objective.h"
#include "train/sl-sgd.h"

#include <math.h>
#include <string.h>

void
sl_train_options_init (SlTrainOptions *o)
{
  memset (o, 0, sizeof *o);
  o->epochs = 30;
  o->batch_size = 32;
  sl_schedule_init_constant (&o->schedule, 0.01);
  o->shuffle = TRUE;
}

gboolean *
sl_train_frozen_but_last (const SlModel *model, guint n)
{
  gboolean *frozen = g_new0 (gboolean, model->n_layers);
  guint kept = 0;
  for (guint i = model->n_layers; i-- > 0;)
    {
      const SlLayer *l = &model->layers[i];
      const gboolean has_weights
          = l->kind == SL_LAYER_CONV || l->kind == SL_LAYER_DENSE || l->kind == SL_LAYER_BATCH_NORM;
      frozen[i] = n > 0 && has_weights && kept++ >= n;
    }
  return frozen;
}

gsize
sl_trainer_weight_size (const SlTrainer *t, guint layer, guint which)
{
  const SlLayer *l = &t->model->layers[layer];
  if (l->kind != SL_LAYER_CONV && l->kind != SL_LAYER_DENSE)
    return 0;
  if (which == 1)
    return l->use_bias ? l->units : 0;
  gsize h, w, c;
  sl_shape_hwc (&l->in, &h, &w, &c);
  return l->kind == SL_LAYER_DENSE ? c * l->units : l->kh * l->kw * c * l->units;
}

float *
sl_trainer_weight (SlTrainer *t, guint layer, guint which)
{
  SlLayer *l = &t->model->layers[layer];
  return which == 0 ? l->kernel : l->bias;
}

static void
free_slots (float **slots, guint n_layers)
{
  if (!slots)
    return;
  for (guint i = 0; i < 2 * n_layers; i++)
    g_free (slots[i]);
  g_free (slots);
}

void
sl_trainer_free (SlTrainer *t)
{
  if (!t)
    return;
  const guint L = t->model->n_layers;
  free_slots (t->velocity, L);
  free_slots (t->best_weights, L);
  g_free (t->class_weights);
  g_free (t->frozen);
  g_free (t->checkpoint);
  g_free (t->trainable);
  sl_train_spec_free (t->spec);
  sl_run_free (t->run);
  if (t->history)
    g_array_unref (t->history);
  g_mutex_clear (&t->history_lock);
  g_free (t);
}

static gboolean
check_options (const SlModel *model, const SlTrainOptions *o, GError **error)
{
  const char *why = NULL;
  if (o->batch_size == 0)
    why = "the batch size must be at least 1";
  else if (!(o->momentum >= 0 && o->momentum < 1))
    why = "the momentum must be in [0, 1)";
  else if (!(o->validation_split >= 0 && o->validation_split < 1))
    why = "the validation split must be in [0, 1)";
  else if (o->patience > 0 && o->validation_split <= 0)
    why = "early stopping watches val_loss: it needs a validation split";
  else if (!(o->schedule.lr > 0 && isfinite (o->schedule.lr)))
    why = "the learning rate must be positive";
  else if (!(o->min_delta >= 0))
    why = "min_delta must not be negative";
  if (why)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "%s: %s", model->name, why);
      return FALSE;
    }
  if (o->class_weights)
    for (guint k = 0; k < model->n_classes; k++)
      if (!(o->class_weights[k] >= 0 && isfinite (o->class_weights[k])))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                       "%s: the weight of class %u is not a non-negative number", model->name, k);
          return FALSE;
        }
  return TRUE;
}

SlTrainer *
sl_trainer_new (SlModel *model, const SlTrainOptions *options, GError **error)
{
  SlTrainOptions defaults;
  if (!options)
    {
      sl_train_options_init (&defaults);
      options = &defaults;
    }
  if (!check_options (model, options, error))
    return NULL;
  g_autoptr (SlTrainSpec) spec = sl_train_spec_new (model, error);
  if (!spec)
    return NULL;
  const guint L = model->n_layers;
  g_autoptr (SlTrainer) t = g_new0 (SlTrainer, 1);
  g_mutex_init (&t->history_lock);
  t->model = model;
  t->options = *options;
  t->frozen = g_new0 (gboolean, L);
  if (options->frozen)
    memcpy (t->frozen, options->frozen, L * sizeof (gboolean));
  t->options.frozen = t->frozen;
  t->checkpoint = g_strdup (options->checkpoint);
  t->options.checkpoint = t->checkpoint;
  if (options->class_weights)
    {
      t->class_weights = g_memdup2 (options->class_weights, model->n_classes * sizeof (float));
      t->options.class_weights = t->class_weights;
    }
  t->trainable = g_new0 (gboolean, L);
  t->velocity = g_new0 (float *, 2 * L);
  guint n_trainable = 0;
  for (guint i = 0; i < L; i++)
    {
      const SlLayer *l = &model->layers[i];
      const SlLayerSpec *s = &spec->layers[i];
      const gboolean frozen = t->frozen[i] || !s->trainable;
      /* Keras trains batch norm with batch statistics and applies dropout when training; the engine
       * runs both as at inference, which is right only for frozen batch norm and rate-0 dropout. */
      if (l->kind == SL_LAYER_BATCH_NORM && !frozen)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_UNSUPPORTED,
                       "%s: layer '%s' (BatchNormalization) cannot be trained yet: freeze it",
                       model->name, l->name);
          return NULL;
        }
      if (l->kind == SL_LAYER_DROPOUT && s->dropout_rate > 0)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_UNSUPPORTED,
                       "%s: layer '%s' (Dropout, rate %g) is not applied in training yet",
                       model->name, l->name, s->dropout_rate);
          return NULL;
        }
      t->trainable[i] = s->has_params && !frozen;
      if (!t->trainable[i])
        continue;
      n_trainable++;
      for (guint k = 0; k < 2 && options->momentum > 0; k++)
        if (sl_trainer_weight_size (t, i, k))
          t->velocity[2 * i + k] = g_new0 (float, sl_trainer_weight_size (t, i, k));
    }
  if (n_trainable == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "%s: no layer is left to train (all are frozen)", model->name);
      return NULL;
    }
  t->spec = g_steal_pointer (&spec);
  t->history = g_array_new (FALSE, FALSE, sizeof (SlEpochStats));
  t->best = INFINITY;
  return g_steal_pointer (&t);
}

void
sl_trainer_init_weights (SlTrainer *t, guint32 seed)
{
  sl_train_spec_init_weights (t->spec, t->model, seed);
}

void
sl_trainer_set_callbacks (SlTrainer *t, SlTrainBatchFunc on_batch, SlTrainEpochFunc on_epoch,
                          gpointer user_data)
{
  t->on_batch = on_batch;
  t->on_epoch = on_epoch;
  t->user_data = user_data;
}

SlModel *
sl_trainer_get_model (SlTrainer *t)
{
  return t->model;
}

guint
sl_trainer_get_epoch (const SlTrainer *t)
{
  return t->epoch;
}

gint64
sl_trainer_get_iterations (const SlTrainer *t)
{
  return t->iterations;
}

const SlTrainOptions *
sl_trainer_get_options (const SlTrainer *t)
{
  return &t->options;
}

const SlEpochStats *
sl_trainer_get_history (const SlTrainer *t, guint *n_epochs)
{
  *n_epochs = t->history->len;
  return (const SlEpochStats *) (gpointer) t->history->data;
}

SlEpochStats *
sl_trainer_dup_history (SlTrainer *t, guint *n_epochs)
{
  g_mutex_lock (&t->history_lock);
  const guint n = t->history->len;
  SlEpochStats *copy = g_new (SlEpochStats, MAX (n, 1));
  if (n)
    memcpy (copy, t->history->data, n * sizeof (SlEpochStats));
  g_mutex_unlock (&t->history_lock);
  *n_epochs = n;
  return copy;
}

gboolean
sl_trainer_stopped_early (const SlTrainer *t)
{
  return t->stopped_early;
}

gboolean
sl_trainer_layer_trainable (const SlTrainer *t, guint layer)
{
  return layer < t->model->n_layers && t->trainable[layer];
}

const float *
sl_trainer_get_velocity (const SlTrainer *t, guint layer, gboolean bias)
{
  return layer < t->model->n_layers ? t->velocity[2 * layer + (bias ? 1 : 0)] : NULL;
}

static gboolean
cancelled (GCancellable *cancellable, guint epoch, gsize batch, GError **error)
{
  if (!cancellable || !g_cancellable_is_cancelled (cancellable))
    return FALSE;
  g_set_error (error, SL_ERROR, SL_ERROR_CANCELLED,
               "training cancelled in epoch %u, batch %" G_GSIZE_FORMAT, epoch + 1, batch + 1);
  return TRUE;
}

/* Samples indices[0 … n) into x and their labels into y, each augmented when `rng` is set. */
static gboolean
load_batch (SlTrainer *t, SlDataset *dataset, const gsize *indices, gsize n, GRand *rng, float *x,
            gint *y, float *raw, GError **error)
{
  const gsize size = sl_dataset_sample_size (dataset);
  for (gsize i = 0; i < n; i++)
    {
      float *dest = rng ? raw : x + i * size;
      if (!sl_dataset_get_sample (dataset, indices[i], dest, error))
        return FALSE;
      if (rng)
        {
          SlAugmentTransform tr;
          sl_augment_random (&t->options.augment, dataset->shape[0], dataset->shape[1], rng, &tr);
          sl_augment_apply (&tr, raw, x + i * size, dataset->shape[0], dataset->shape[1],
                            dataset->shape[2]);
        }
      y[i] = dataset->labels[indices[i]];
    }
  return TRUE;
}

/* Loss and accuracy on samples indices[0 … n), forward only, without class weights. */
static gboolean
evaluate_indices (SlTrainer *t, SlDataset *dataset, const gsize *indices, gsize n, double *loss,
                  double *acc, GCancellable *cancellable, GError **error)
{
  const gsize cap = sl_run_capacity (t->run), size = sl_dataset_sample_size (dataset);
  g_autofree float *x = g_new (float, cap * size);
  g_autofree gint *y = g_new (gint, cap);
  double ce = 0;
  gsize correct = 0;
  for (gsize first = 0; first < n; first += cap)
    {
      if (cancelled (cancellable, t->epoch, first / cap, error))
        return FALSE;
      const gsize m = MIN (cap, n - first);
      SlObjective obj;
      if (!load_batch (t, dataset, indices + first, m, NULL, x, y, NULL, error)
          || !sl_objective_eval (t->run, t->spec, x, y, m, NULL, t->trainable, FALSE, &obj, error))
        return FALSE;
      ce += obj.data_loss * (double) m;
      correct += obj.correct;
    }
  *loss = (n ? ce / (double) n : 0) + sl_regularization_loss (t->model, t->spec);
  *acc = n ? (double) correct / (double) n : 0;
  return TRUE;
}

/* The run holds a batch's activations, gradients and pre-activations: a batch is capped by the
 * samples there are, and refused when its buffers cannot fit in memory (GLib would abort). */
static gboolean
ensure_run (SlTrainer *t, gsize n, GError **error)
{
  const gsize capacity = MAX (MIN ((gsize) t->options.batch_size, n), 1);
  if (t->run && sl_run_capacity (t->run) >= capacity)
    return TRUE;
  guint64 per_sample = sl_shape_size (&t->model->input);
  for (guint i = 0; i < t->model->n_layers; i++)
    per_sample += 3 * (guint64) sl_shape_size (&t->model->layers[i].out);
  per_sample *= sizeof (float);
  const guint64 budget = sl_memory_get_budget ();
  if (per_sample > 0 && capacity > budget / per_sample)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "%s: a batch of %" G_GSIZE_FORMAT " samples needs about %" G_GUINT64_FORMAT
                   " MiB for its activations and gradients, more than the %" G_GUINT64_FORMAT
                   " MiB this machine allows; use a batch size of at most %" G_GUINT64_FORMAT,
                   t->model->name, capacity, (capacity * per_sample) >> 20, budget >> 20,
                   budget / per_sample);
      return FALSE;
    }
  sl_run_free (t->run);
  t->run = sl_run_new (t->model, capacity);
  sl_run_set_param_grads (t->run, TRUE);
  return TRUE;
}

static gboolean
check_dataset (SlTrainer *t, SlDataset *dataset, const gsize *indices, gsize n, GError **error)
{
  if (!ensure_run (t, n, error))
    return FALSE;
  if (!sl_dataset_check_shape (dataset, t->model->input.rank, t->model->input.d, error))
    return FALSE;
  if (dataset->n_classes == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "%s has no labels (an HDF5 dataset needs 'y'): it cannot train a model",
                   dataset->name);
      return FALSE;
    }
  if (dataset->n_classes != t->model->n_classes)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_SHAPE,
                   "%s has %u classes but the model '%s' predicts %u", dataset->name,
                   dataset->n_classes, t->model->name, t->model->n_classes);
      return FALSE;
    }
  for (gsize i = 0; i < n; i++)
    if (indices[i] >= dataset->n_samples || dataset->labels[indices[i]] < 0
        || (guint) dataset->labels[indices[i]] >= t->model->n_classes)
      {
        g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "%s: sample %" G_GSIZE_FORMAT " %s",
                     dataset->name, indices[i],
                     indices[i] >= dataset->n_samples ? "does not exist" : "has no usable label");
        return FALSE;
      }
  return TRUE;
}

static void
snapshot_weights (SlTrainer *t, gboolean restore)
{
  const guint L = t->model->n_layers;
  if (!t->best_weights)
    t->best_weights = g_new0 (float *, 2 * L);
  for (guint i = 0; i < L; i++)
    for (guint k = 0; k < 2 && t->trainable[i]; k++)
      {
        const gsize size = sl_trainer_weight_size (t, i, k);
        if (!size)
          continue;
        if (!t->best_weights[2 * i + k])
          t->best_weights[2 * i + k] = g_new (float, size);
        if (restore)
          memcpy (sl_trainer_weight (t, i, k), t->best_weights[2 * i + k], size * sizeof (float));
        else
          memcpy (t->best_weights[2 * i + k], sl_trainer_weight (t, i, k), size * sizeof (float));
      }
}

/* Keras' EarlyStopping.on_epoch_end: improvement when val_loss < best − min_delta. */
static void
early_stopping (SlTrainer *t, double val_loss)
{
  /* With restore_best the best weights are kept even without patience: a stopped run may want
   * them (sl_trainer_restore_best). */
  if (t->options.patience == 0 && !t->options.restore_best)
    return;
  if (val_loss < t->best - t->options.min_delta)
    {
      t->best = val_loss;
      t->wait = 0;
      if (t->options.restore_best)
        snapshot_weights (t, FALSE);
      return;
    }
  if (t->options.patience > 0 && ++t->wait >= t->options.patience)
    {
      t->stopped_early = TRUE;
      if (t->options.restore_best && t->best_weights)
        snapshot_weights (t, TRUE);
    }
}

static void
sgd_update (SlTrainer *t, float lr)
{
  for (guint i = 0; i < t->model->n_layers; i++)
    for (guint k = 0; k < 2 && t->trainable[i]; k++)
      {
        const gsize size = sl_trainer_weight_size (t, i, k);
        const float *g
            = k == 0 ? sl_run_kernel_grad (t->run, (int) i) : sl_run_bias_grad (t->run, (int) i);
        if (size && g)
          sl_sgd_step (sl_trainer_weight (t, i, k), t->velocity[2 * i + k], g, size, lr,
                       (float) t->options.momentum, t->options.nesterov);
      }
  t->iterations++;
}

static gboolean
run_epoch (SlTrainer *t, SlDataset *dataset, const gsize *train, gsize n_train, const gsize *val,
           gsize n_val, GCancellable *cancellable, GError **error)
{
  const gint64 start = g_get_monotonic_time ();
  const guint epoch = t->epoch;
  const float lr = (float) sl_schedule_lr (&t->options.schedule, epoch);
  /* Each epoch draws from its own stream, so a run resumed at epoch e shuffles as an unbroken one.
   */
  const guint32 seeds[3] = { t->options.seed, epoch, 0x53a1 };
  g_autoptr (GRand) rng = g_rand_new_with_seed_array (seeds, G_N_ELEMENTS (seeds));
  g_autofree gsize *order = g_memdup2 (train, n_train * sizeof (gsize));
  if (t->options.shuffle)
    for (gsize i = n_train; i > 1; i--)
      {
        const gsize j = (gsize) g_rand_int_range (rng, 0, (gint32) i);
        const gsize tmp = order[i - 1];
        order[i - 1] = order[j];
        order[j] = tmp;
      }
  const gboolean augment = sl_augment_options_active (&t->options.augment);
  const gsize cap = sl_run_capacity (t->run), size = sl_dataset_sample_size (dataset);
  g_autofree float *x = g_new (float, cap * size);
  g_autofree float *raw = augment ? g_new (float, size) : NULL;
  g_autofree gint *y = g_new (gint, cap);
  const gsize n_batches = (n_train + cap - 1) / cap;
  double loss_sum = 0;
  gsize correct = 0, seen = 0;
  for (gsize b = 0; b < n_batches; b++)
    {
      if (cancelled (cancellable, epoch, b, error))
        return FALSE;
      const gsize m = MIN (cap, n_train - b * cap);
      SlObjective obj;
      if (!load_batch (t, dataset, order + b * cap, m, augment ? rng : NULL, x, y, raw, error)
          || !sl_objective_eval (t->run, t->spec, x, y, m, t->class_weights, t->trainable, TRUE,
                                 &obj, error))
        return FALSE;
      if (!isfinite (obj.loss))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_FAILED,
                       "%s: the loss diverged in epoch %u (try a smaller learning rate)",
                       t->model->name, epoch + 1);
          return FALSE;
        }
      sgd_update (t, lr);
      loss_sum += obj.loss * (double) m;
      correct += obj.correct;
      seen += m;
      if (t->on_batch)
        {
          const SlBatchStats bs
              = { epoch, b, n_batches, loss_sum / (double) seen, (double) correct / (double) seen };
          t->on_batch (&bs, t->user_data);
        }
    }
  SlEpochStats st = { .epoch = epoch, .lr = lr, .val_loss = NAN, .val_acc = NAN };
  st.loss = seen ? loss_sum / (double) seen : 0;
  st.acc = seen ? (double) correct / (double) seen : 0;
  if (n_val
      && !evaluate_indices (t, dataset, val, n_val, &st.val_loss, &st.val_acc, cancellable, error))
    return FALSE;
  st.seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  t->epoch++;
  g_mutex_lock (&t->history_lock);
  g_array_append_val (t->history, st);
  g_mutex_unlock (&t->history_lock);
  if (t->on_epoch)
    t->on_epoch (&st, t->user_data);
  if (n_val)
    early_stopping (t, st.val_loss);
  return !t->checkpoint || sl_trainer_save_state (t, t->checkpoint, error);
}

gboolean
sl_trainer_fit_subset (SlTrainer *t, SlDataset *dataset, const gsize *indices, gsize n,
                       GCancellable *cancellable, GError **error)
{
  if (!check_dataset (t, dataset, indices, n, error))
    return FALSE;
  if (sl_augment_options_active (&t->options.augment) && dataset->rank != 3)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "%s: augmentation needs images, not signals",
                   dataset->name);
      return FALSE;
    }
  /* Keras' validation_split: the last samples, before any shuffling. */
  gsize n_train = n;
  if (t->options.validation_split > 0)
    {
      n_train = (gsize) floor ((double) n * (1.0 - t->options.validation_split));
      if (n_train == 0 || n_train == n)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                       "%s: a validation split of %g leaves no samples for %s", dataset->name,
                       t->options.validation_split, n_train == 0 ? "training" : "validation");
          return FALSE;
        }
    }
  if (n_train == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "%s: no samples to train on", dataset->name);
      return FALSE;
    }
  while (t->epoch < t->options.epochs && !t->stopped_early)
    if (!run_epoch (t, dataset, indices, n_train, indices + n_train, n - n_train, cancellable,
                    error))
      return FALSE;
  return TRUE;
}

gboolean
sl_trainer_fit (SlTrainer *t, SlDataset *dataset, GCancellable *cancellable, GError **error)
{
  g_autofree gsize *all = g_new (gsize, MAX (dataset->n_samples, 1));
  for (gsize i = 0; i < dataset->n_samples; i++)
    all[i] = i;
  return sl_trainer_fit_subset (t, dataset, all, dataset->n_samples, cancellable, error);
}

gboolean
sl_trainer_evaluate (SlTrainer *t, SlDataset *dataset, gsize first, gsize count, double *loss,
                     double *acc, GCancellable *cancellable, GError **error)
{
  if (first > dataset->n_samples)
    first = dataset->n_samples;
  const gsize n = count ? MIN (count, dataset->n_samples - first) : dataset->n_samples - first;
  g_autofree gsize *idx = g_new (gsize, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    idx[i] = first + i;
  return check_dataset (t, dataset, idx, n, error)
         && evaluate_indices (t, dataset, idx, n, loss, acc, cancellable, error);
}

gboolean
sl_trainer_restore_best (SlTrainer *t)
{
  g_return_val_if_fail (t != NULL, FALSE);
  if (!t->options.restore_best || !t->best_weights)
    return FALSE;
  snapshot_weights (t, TRUE);
  return TRUE;
}
