/* Resumable training state in an HDF5 file: weights, SGD velocities, the epoch and step counters,
 * the seed (each epoch's random stream derives from seed and epoch, so that is the whole RNG
 * state), the early-stopping state and the history. */
#include "train/sl-trainer-private.h"

#include "core/sl-error.h"
#include "core/sl-h5.h"
#include "engine/sl-keras-save.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#define STATE_FORMAT "saliency-lab training state 1"
#define HISTORY_COLUMNS 7

static const char *const which_name[2] = { "kernel", "bias" };

static gboolean
write_int (hid_t f, const char *name, gint64 v, GError **error)
{
  return sl_h5_write_int64s (f, name, 0, NULL, &v, error);
}

static gboolean
write_slots (hid_t f, const SlTrainer *t, const char *group, float *const *slots, GError **error)
{
  for (guint i = 0; slots && i < t->model->n_layers; i++)
    for (guint k = 0; k < 2; k++)
      {
        const hsize_t size = sl_trainer_weight_size (t, i, k);
        if (!size || !slots[2 * i + k])
          continue;
        g_autofree char *name
            = g_strdup_printf ("%s/%s/%s", group, t->model->layers[i].name, which_name[k]);
        if (!sl_h5_write_floats (f, name, 1, &size, slots[2 * i + k], error))
          return FALSE;
      }
  return TRUE;
}

static gboolean
write_state (hid_t f, const SlTrainer *t, GError **error)
{
  const guint L = t->model->n_layers;
  g_autofree float **weights = g_new0 (float *, 2 * L);
  for (guint i = 0; i < L; i++)
    for (guint k = 0; k < 2; k++)
      weights[2 * i + k] = sl_trainer_weight ((SlTrainer *) t, i, k);
  const guint n = t->history->len;
  g_autofree double *hist = g_new0 (double, MAX (n, 1) * HISTORY_COLUMNS);
  for (guint e = 0; e < n; e++)
    {
      const SlEpochStats *s = &g_array_index (t->history, SlEpochStats, e);
      const double row[HISTORY_COLUMNS]
          = { s->epoch, s->loss, s->acc, s->val_loss, s->val_acc, s->lr, s->seconds };
      memcpy (hist + e * HISTORY_COLUMNS, row, sizeof row);
    }
  const hsize_t hdims[2] = { n, HISTORY_COLUMNS };
  return sl_h5_write_string_attr (f, "format", STATE_FORMAT, error)
         && sl_h5_write_string_attr (f, "model_config", t->model->config_json, error)
         && write_int (f, "epoch", t->epoch, error)
         && write_int (f, "iterations", t->iterations, error)
         && write_int (f, "seed", t->options.seed, error) && write_int (f, "wait", t->wait, error)
         && write_int (f, "stopped_early", t->stopped_early, error)
         && sl_h5_write_doubles (f, "best", 0, NULL, &t->best, error)
         && sl_h5_write_doubles (f, "history", 2, hdims, hist, error)
         && write_slots (f, t, "weights", weights, error)
         && write_slots (f, t, "velocity", t->velocity, error)
         && write_slots (f, t, "best_weights", t->best_weights, error);
}

typedef struct
{
  const SlTrainer *trainer;
  const char *path;
} StateFile;

static gboolean
fill_state (hid_t f, gpointer data, GError **error)
{
  const StateFile *s = data;
  g_autoptr (GError) local = NULL;
  if (write_state (f, s->trainer, &local))
    return TRUE;
  g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: cannot write the training state (%s)", s->path,
               local ? local->message : "HDF5 error");
  return FALSE;
}

gboolean
sl_trainer_save_state (const SlTrainer *t, const char *path, GError **error)
{
  /* Atomic: an interrupted save leaves the previous state as it was. */
  StateFile s = { t, path };
  return sl_h5_write_file (path, fill_state, &s, error);
}

static gboolean
read_int (hid_t f, const char *path, const char *name, gint64 *out, GError **error)
{
  guint rank;
  hsize_t dims[SL_H5_MAX_RANK];
  g_autofree gint64 *v = sl_h5_read_int64s (f, name, path, &rank, dims, error);
  if (!v)
    return FALSE;
  if (rank != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: '%s' is not a single number", path, name);
      return FALSE;
    }
  *out = v[0];
  return TRUE;
}

/* Reads group/<layer>/<kernel|bias> into slots (allocating them); absent entries are left NULL
 * unless `required`. */
static gboolean
read_slots (hid_t f, const char *path, SlTrainer *t, const char *group, float **slots,
            gboolean required, GError **error)
{
  for (guint i = 0; i < t->model->n_layers; i++)
    for (guint k = 0; k < 2; k++)
      {
        const gsize size = sl_trainer_weight_size (t, i, k);
        if (!size)
          continue;
        g_autofree char *name
            = g_strdup_printf ("%s/%s/%s", group, t->model->layers[i].name, which_name[k]);
        if (!sl_h5_exists (f, name))
          {
            if (!required)
              continue;
            g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: the state has no '%s'", path, name);
            return FALSE;
          }
        guint rank;
        hsize_t dims[SL_H5_MAX_RANK];
        g_autofree float *v = sl_h5_read_floats (f, name, path, &rank, dims, error);
        if (!v)
          return FALSE;
        if (rank != 1 || dims[0] != size)
          {
            g_set_error (error, SL_ERROR, SL_ERROR_SHAPE,
                         "%s: '%s' does not fit the model's layer '%s'", path, name,
                         t->model->layers[i].name);
            return FALSE;
          }
        g_free (slots[2 * i + k]);
        slots[2 * i + k] = g_steal_pointer (&v);
      }
  return TRUE;
}

static gboolean
read_state (hid_t f, const char *path, SlTrainer *t, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *format = sl_h5_read_string_attr (f, "format", path, &local);
  if (!format || strcmp (format, STATE_FORMAT) != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: not a Saliency Lab training state", path);
      return FALSE;
    }
  g_autofree char *config = sl_h5_read_string_attr (f, "model_config", path, error);
  if (!config)
    return FALSE;
  g_autofree char *a = sl_keras_json_normalize (config, path, NULL);
  g_autofree char *b = sl_keras_json_normalize (t->model->config_json, t->model->name, NULL);
  if (!a || !b || strcmp (a, b) != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "%s: the training state is of another model than '%s'", path, t->model->name);
      return FALSE;
    }
  gint64 epoch, iterations, seed, wait, stopped;
  if (!read_int (f, path, "epoch", &epoch, error)
      || !read_int (f, path, "iterations", &iterations, error)
      || !read_int (f, path, "seed", &seed, error) || !read_int (f, path, "wait", &wait, error)
      || !read_int (f, path, "stopped_early", &stopped, error))
    return FALSE;
  guint rank;
  hsize_t dims[SL_H5_MAX_RANK];
  g_autofree double *best = sl_h5_read_doubles (f, "best", path, &rank, dims, error);
  if (!best)
    return FALSE;
  g_autofree double *hist = sl_h5_read_doubles (f, "history", path, &rank, dims, error);
  if (!hist)
    return FALSE;
  if (rank != 2 || dims[1] != HISTORY_COLUMNS || epoch < 0 || epoch > G_MAXUINT || iterations < 0
      || seed < 0 || seed > G_MAXUINT32 || wait < 0 || wait > G_MAXUINT)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: the training state is damaged", path);
      return FALSE;
    }
  /* Weights go to a scratch copy first: a damaged file must not leave half a model. */
  const guint L = t->model->n_layers;
  float **weights = g_new0 (float *, 2 * L);
  float **velocity = g_new0 (float *, 2 * L);
  float **best_weights = g_new0 (float *, 2 * L);
  gboolean ok = read_slots (f, path, t, "weights", weights, TRUE, error)
                && read_slots (f, path, t, "velocity", velocity, FALSE, error)
                && read_slots (f, path, t, "best_weights", best_weights, FALSE, error);
  gboolean any_best = FALSE;
  for (guint i = 0; ok && i < 2 * L; i++)
    {
      any_best |= best_weights[i] != NULL;
      if (weights[i])
        memcpy (sl_trainer_weight (t, i / 2, i % 2), weights[i],
                sl_trainer_weight_size (t, i / 2, i % 2) * sizeof (float));
      /* A velocity only matters where this trainer keeps one (trainable layers, momentum > 0). */
      if (t->velocity[i])
        {
          if (velocity[i])
            memcpy (t->velocity[i], velocity[i],
                    sl_trainer_weight_size (t, i / 2, i % 2) * sizeof (float));
          else
            memset (t->velocity[i], 0, sl_trainer_weight_size (t, i / 2, i % 2) * sizeof (float));
        }
    }
  for (guint i = 0; i < 2 * L; i++)
    {
      g_free (weights[i]);
      g_free (velocity[i]);
    }
  g_free (weights);
  g_free (velocity);
  if (!ok || !any_best)
    {
      for (guint i = 0; i < 2 * L; i++)
        g_free (best_weights[i]);
      g_clear_pointer (&best_weights, g_free);
    }
  if (!ok)
    return FALSE;
  for (guint i = 0; t->best_weights && i < 2 * L; i++)
    g_free (t->best_weights[i]);
  g_free (t->best_weights);
  t->best_weights = best_weights;
  t->epoch = (guint) epoch;
  t->iterations = iterations;
  t->options.seed = (guint32) seed;
  t->wait = (guint) wait;
  t->stopped_early = stopped != 0;
  t->best = best[0];
  g_mutex_lock (&t->history_lock);
  g_array_set_size (t->history, 0);
  for (hsize_t e = 0; e < dims[0]; e++)
    {
      const double *r = hist + e * HISTORY_COLUMNS;
      const SlEpochStats s = { (guint) r[0], r[1], r[2], r[3], r[4], r[5], r[6] };
      g_array_append_val (t->history, s);
    }
  g_mutex_unlock (&t->history_lock);
  return TRUE;
}

gboolean
sl_trainer_load_state (SlTrainer *t, const char *path, GError **error)
{
  hid_t f = sl_h5_open_read (path, error);
  if (f < 0)
    return FALSE;
  const gboolean ok = read_state (f, path, t, error);
  sl_h5_close (f);
  return ok;
}
