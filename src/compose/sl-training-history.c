/* sl-training-history.c — training histories from states, CSV logs, JSON histories and the
 * trainer's statistics. */
#include "core/sl-file.h"
#include "core/sl-json.h"
#include "compose/sl-training-history.h"

#include "core/sl-error.h"
#include "core/sl-h5.h"

#include <json-glib/json-glib.h>
#include <math.h>

void
sl_training_history_free (SlTrainingHistory *h)
{
  if (!h)
    return;
  for (int f = 0; f < SL_HISTORY_N_SERIES; f++)
    g_free (h->series[f]);
  g_free (h);
}

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
  for (int f = 0; f < SL_HISTORY_N_SERIES; f++)
    if (!g_ascii_strcasecmp (name, names[f][0]) || !g_ascii_strcasecmp (name, names[f][1]))
      return f;
  return -1;
}

static void
history_alloc (SlTrainingHistory *h, gsize n_epochs)
{
  h->n_epochs = n_epochs;
  for (int f = 0; f < SL_HISTORY_N_SERIES; f++)
    {
      h->series[f] = g_new (double, MAX (n_epochs, 1));
      for (gsize e = 0; e < n_epochs; e++)
        h->series[f][e] = NAN;
    }
}

/* Drops the series with no number at all; fails when nothing is left. */
static gboolean
history_finish (SlTrainingHistory *h, const char *path, GError **error)
{
  gboolean any = FALSE;
  for (int f = 0; f < SL_HISTORY_N_SERIES; f++)
    {
      gboolean used = FALSE;
      for (gsize e = 0; e < h->n_epochs && !used; e++)
        used = isfinite (h->series[f][e]);
      if (!used)
        g_clear_pointer (&h->series[f], g_free);
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

static void
history_from_stats (SlTrainingHistory *h, const SlEpochStats *stats, guint n)
{
  history_alloc (h, n);
  for (guint e = 0; e < n; e++)
    {
      h->series[SL_HISTORY_LOSS][e] = stats[e].loss;
      h->series[SL_HISTORY_ACCURACY][e] = stats[e].acc;
      h->series[SL_HISTORY_VAL_LOSS][e] = stats[e].val_loss;
      h->series[SL_HISTORY_VAL_ACCURACY][e] = stats[e].val_acc;
    }
}

/* A training state written by 'train --state', read through the trainer that wrote it: a trainer
 * of the state's own model loads the state and hands back its history. */
static gboolean
history_from_state (const char *path, SlTrainingHistory *h, GError **error)
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
  history_from_stats (h, stats, n);
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

/* A training log is small: a larger file is not one (and is not read whole). */
#define HISTORY_MAX_BYTES (64 << 20)

/* Keras' CSVLogger: a header (epoch,accuracy,loss,val_accuracy,val_loss …) and a row per epoch. */
static gboolean
history_from_csv (const char *path, SlTrainingHistory *h, GError **error)
{
  g_autofree char *text = NULL;
  if (!sl_file_get_contents (path, HISTORY_MAX_BYTES, &text, NULL, error))
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
          g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s:%u: %u fields where the header has %u",
                       path, line + 1, g_strv_length (cells), n_columns);
          return FALSE;
        }
      for (guint c = 0; c < n_columns; c++)
        {
          const int f = history_field (g_strstrip (names[c]));
          if (f >= 0 && !parse_number (cells[c], &h->series[f][e]))
            {
              g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s:%u: %s '%s' is not a number", path,
                           line + 1, names[c], cells[c]);
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
history_from_json (const char *path, SlTrainingHistory *h, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  if (!sl_json_load_file (parser, path, HISTORY_MAX_BYTES, "the training history", error))
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
            if (!json_number (json_array_get_element (a, e), &h->series[f][e]))
              a = NULL;
          if (!a)
            {
              g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                           "%s: \"%s\" must be an array of numbers", path, (const char *)l->data);
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
              if (f >= 0 && !json_number (json_object_get_member (o, l->data), &h->series[f][e]))
                {
                  g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                               "%s: epoch %u: \"%s\" is not a number", path, e,
                               (const char *)l->data);
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

typedef gboolean (*HistoryReader) (const char *path, SlTrainingHistory *h, GError **error);

static SlTrainingHistory *
history_read (const char *path, HistoryReader read, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_autoptr (SlTrainingHistory) h = g_new0 (SlTrainingHistory, 1);
  if (!read (path, h, error))
    return NULL;
  return g_steal_pointer (&h);
}

SlTrainingHistory *
sl_training_history_load_csv (const char *path, GError **error)
{
  return history_read (path, history_from_csv, error);
}

SlTrainingHistory *
sl_training_history_load_json (const char *path, GError **error)
{
  return history_read (path, history_from_json, error);
}

SlTrainingHistory *
sl_training_history_load_state (const char *path, GError **error)
{
  return history_read (path, history_from_state, error);
}

SlTrainingHistory *
sl_training_history_load (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  if (g_str_has_suffix (path, ".csv") || g_str_has_suffix (path, ".CSV"))
    return sl_training_history_load_csv (path, error);
  if (g_str_has_suffix (path, ".json") || g_str_has_suffix (path, ".JSON"))
    return sl_training_history_load_json (path, error);
  return sl_training_history_load_state (path, error);
}

SlTrainingHistory *
sl_training_history_new_from_stats (const SlEpochStats *stats, guint n_epochs)
{
  g_autoptr (SlTrainingHistory) h = g_new0 (SlTrainingHistory, 1);
  history_from_stats (h, stats, n_epochs);
  if (!history_finish (h, "the trainer", NULL))
    return NULL;
  return g_steal_pointer (&h);
}

void
sl_training_history_figure (const SlTrainingHistory *h, const char *title, SlTrainingFigure *fig)
{
  g_return_if_fail (h != NULL && fig != NULL);
  *fig = (SlTrainingFigure){ h->n_epochs,
                             NULL,
                             h->series[SL_HISTORY_LOSS],
                             h->series[SL_HISTORY_VAL_LOSS],
                             h->series[SL_HISTORY_ACCURACY],
                             h->series[SL_HISTORY_VAL_ACCURACY],
                             title };
}

struct _SlTrainingLive
{
  GArray *epochs;                        /* SlEpochStats */
  GArray *batch_x, *batch_loss, *batch_acc; /* double */
  GArray *series[SL_HISTORY_N_SERIES];   /* double, one per epoch, for the figure */
  double last_fraction;                  /* of the epoch in progress: (batch + 1) / n_batches */
  char *title;
};

static void
live_clear (SlTrainingLive *live)
{
  g_array_set_size (live->epochs, 0);
  g_array_set_size (live->batch_x, 0);
  g_array_set_size (live->batch_loss, 0);
  g_array_set_size (live->batch_acc, 0);
  for (int f = 0; f < SL_HISTORY_N_SERIES; f++)
    g_array_set_size (live->series[f], 0);
  live->last_fraction = 0;
}

static void
live_free (SlTrainingLive *live)
{
  g_array_unref (live->epochs);
  g_array_unref (live->batch_x);
  g_array_unref (live->batch_loss);
  g_array_unref (live->batch_acc);
  for (int f = 0; f < SL_HISTORY_N_SERIES; f++)
    g_array_unref (live->series[f]);
  g_free (live->title);
}

SlTrainingLive *
sl_training_live_new (void)
{
  SlTrainingLive *live = g_rc_box_new0 (SlTrainingLive);
  live->epochs = g_array_new (FALSE, FALSE, sizeof (SlEpochStats));
  live->batch_x = g_array_new (FALSE, FALSE, sizeof (double));
  live->batch_loss = g_array_new (FALSE, FALSE, sizeof (double));
  live->batch_acc = g_array_new (FALSE, FALSE, sizeof (double));
  for (int f = 0; f < SL_HISTORY_N_SERIES; f++)
    live->series[f] = g_array_new (FALSE, FALSE, sizeof (double));
  return live;
}

SlTrainingLive *
sl_training_live_ref (SlTrainingLive *live)
{
  return g_rc_box_acquire (live);
}

void
sl_training_live_unref (SlTrainingLive *live)
{
  if (live)
    g_rc_box_release_full (live, (GDestroyNotify)live_free);
}

void
sl_training_live_clear (SlTrainingLive *live)
{
  g_return_if_fail (live != NULL);
  live_clear (live);
}

void
sl_training_live_add_batch (SlTrainingLive *live, const SlBatchStats *stats)
{
  g_return_if_fail (live != NULL && stats != NULL && stats->n_batches > 0);
  const double fraction = (double) (stats->batch + 1) / (double) stats->n_batches;
  const double x = stats->epoch + fraction;
  guint keep = live->batch_x->len;
  while (keep > 0 && g_array_index (live->batch_x, double, keep - 1) >= x)
    keep--;
  g_array_set_size (live->batch_x, keep);
  g_array_set_size (live->batch_loss, keep);
  g_array_set_size (live->batch_acc, keep);
  g_array_append_val (live->batch_x, x);
  g_array_append_val (live->batch_loss, stats->loss);
  g_array_append_val (live->batch_acc, stats->acc);
  live->last_fraction = fraction < 1 ? fraction : 0;
}

void
sl_training_live_add_epoch (SlTrainingLive *live, const SlEpochStats *stats)
{
  g_return_if_fail (live != NULL && stats != NULL);
  /* Epochs are counted from 0 by the trainer; a repeated one replaces what followed it. */
  const guint keep = MIN (live->epochs->len, stats->epoch);
  g_array_set_size (live->epochs, keep);
  g_array_append_val (live->epochs, *stats);
  const double v[SL_HISTORY_N_SERIES] = { stats->loss, stats->acc, stats->val_loss, stats->val_acc };
  for (int f = 0; f < SL_HISTORY_N_SERIES; f++)
    {
      g_array_set_size (live->series[f], keep);
      g_array_append_val (live->series[f], v[f]);
    }
  live->last_fraction = 0;
}

gsize
sl_training_live_get_n_batches (const SlTrainingLive *live)
{
  return live->batch_x->len;
}

const SlEpochStats *
sl_training_live_get_epochs (const SlTrainingLive *live, guint *n_epochs)
{
  *n_epochs = live->epochs->len;
  return live->epochs->len ? (const SlEpochStats *)live->epochs->data : NULL;
}

gboolean
sl_training_live_timing (const SlTrainingLive *live, guint total_epochs, double *per_epoch,
                         double *left)
{
  *per_epoch = *left = -1;
  if (live->epochs->len == 0)
    return FALSE;
  double sum = 0;
  for (guint e = 0; e < live->epochs->len; e++)
    sum += g_array_index (live->epochs, SlEpochStats, e).seconds;
  *per_epoch = sum / live->epochs->len;
  const double done = live->epochs->len + live->last_fraction;
  *left = MAX (total_epochs - done, 0) * *per_epoch;
  return TRUE;
}

/* A series with no finite value is left out of the figure. */
static const double *
finite_series (GArray *a)
{
  for (guint i = 0; i < a->len; i++)
    if (isfinite (g_array_index (a, double, i)))
      return (const double *)a->data;
  return NULL;
}

void
sl_training_live_figure (const SlTrainingLive *live, const char *title, SlTrainingFigure *fig)
{
  g_return_if_fail (live != NULL && fig != NULL);
  *fig = (SlTrainingFigure){
    .n_epochs = live->epochs->len,
    .train_loss = finite_series (live->series[SL_HISTORY_LOSS]),
    .val_loss = finite_series (live->series[SL_HISTORY_VAL_LOSS]),
    .train_acc = finite_series (live->series[SL_HISTORY_ACCURACY]),
    .val_acc = finite_series (live->series[SL_HISTORY_VAL_ACCURACY]),
    .title = title,
    .n_batches = live->batch_x->len,
    .batch_x = (const double *)live->batch_x->data,
    .batch_loss = (const double *)live->batch_loss->data,
    .batch_acc = (const double *)live->batch_acc->data,
  };
}

void
sl_training_live_set_title (SlTrainingLive *live, const char *title)
{
  g_return_if_fail (live != NULL);
  g_free (live->title);
  live->title = g_strdup (title);
}

void
sl_training_live_draw (cairo_t *cr, double width, double height, gpointer data)
{
  const SlTrainingLive *live = data;
  SlTrainingFigure fig;
  sl_training_live_figure (live, live->title, &fig);
  sl_render_training (cr, width, height, &fig);
}
