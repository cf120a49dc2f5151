/* saliency-lab-cli train --preset NAME | --config FILE.json | --model MODEL --dataset D --out
 * MODEL.h5|MODEL.keras … */
#include "sl-cli.h"

#include "core/sl-file.h"

#include "sl-cli-job.h"

#include "core/sl-error.h"
#include "jobs/sl-train-job.h"
#include "train/sl-presets.h"
#include "train/sl-train-spec.h"
#include "train/sl-trainer.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void
print_epoch (SlJob *job, const SlTrainPartial *p, gpointer user_data)
{
  if (p->kind != SL_TRAIN_PARTIAL_EPOCH)
    return;
  const SlEpochStats *s = &p->epoch;
  const guint *epochs = user_data;
  g_print ("epoch %3u/%u  loss %.4f  acc %.4f", s->epoch + 1, *epochs, s->loss, s->acc);
  if (!isnan (s->val_loss))
    g_print ("  val_loss %.4f  val_acc %.4f", s->val_loss, s->val_acc);
  g_print ("  lr %.6g  %.2f s\n", s->lr, s->seconds);
}

/* "1,2.5,1" → n_classes floats. */
static float *
parse_class_weights (const char *text, guint n_classes, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);
  if (g_strv_length (parts) != n_classes)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "--class-weights needs %u numbers (one per class)", n_classes);
      return NULL;
    }
  g_autofree float *w = g_new (float, n_classes);
  for (guint k = 0; k < n_classes; k++)
    {
      char *end = NULL;
      const double v = g_ascii_strtod (g_strstrip (parts[k]), &end);
      if (!end || end == parts[k] || *end || !(v >= 0) || !isfinite (v))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                       "--class-weights: '%s' is not a non-negative number", parts[k]);
          return NULL;
        }
      w[k] = (float) v;
    }
  return g_steal_pointer (&w);
}

static SlModel *
make_model (const char *preset, const char *config, const char *start, GError **error)
{
  if (preset)
    return sl_preset_model_new (preset, error);
  if (start)
    return sl_cli_load_model (start, error);
  g_autofree char *text = NULL;
  if (!sl_file_get_contents (config, 16 << 20, &text, NULL, error))
    return NULL;
  return sl_model_new_from_json (text, config, error);
}

#define UNSET   G_MININT
#define UNSET_D (-G_MAXDOUBLE)

int
sl_cli_train (int argc, char **argv)
{
  g_autofree char *preset = NULL, *config = NULL, *start = NULL, *dataset_spec = NULL, *out = NULL;
  g_autofree char *schedule = NULL, *class_weights = NULL, *augment = NULL, *resume = NULL,
                  *state = NULL;
  /* Unset (UNSET, NaN) until a flag sets them: a preset's recipe, else sl_train_options_init. A
   * sentinel no one types, so that "--epochs -1" is refused instead of read as "not given". */
  int epochs = UNSET, batch = UNSET, patience = UNSET, seed = -1, train_last = 0, init_seed = -1;
  double lr = UNSET_D, momentum = UNSET_D, val_split = UNSET_D, min_delta = UNSET_D;
  gboolean nesterov = FALSE, restore_best = FALSE, no_shuffle = FALSE, quiet = FALSE;
  const GOptionEntry entries[] = {
    { "preset", 'p', 0, G_OPTION_ARG_STRING, &preset, "Architecture: mnist1d-cnn or hmt-vgg7",
      "NAME" },
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config, "Keras model_config JSON", "FILE.json" },
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &start,
      "Start from this Keras model's weights (fine-tuning)", "FILE.h5|FILE.keras" },
    { "dataset", 'd', 0, G_OPTION_ARG_FILENAME, &dataset_spec,
      "mnist1d:train, FILE.h5, FILE.csv or an image FOLDER", "DATASET" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
      "Where to save the trained model (Keras 2 .h5 or Keras 3 .keras, by extension)",
      "MODEL.h5|MODEL.keras" },
    { "epochs", 'e', 0, G_OPTION_ARG_INT, &epochs, "Epochs (default: the preset's recipe, else 30)", "N" },
    { "batch", 'b', 0, G_OPTION_ARG_INT, &batch, "Batch size (default: the recipe's, else 32)", "B" },
    { "lr", 0, 0, G_OPTION_ARG_DOUBLE, &lr, "Initial learning rate (default: the recipe's, else 0.01)", "X" },
    { "schedule", 0, 0, G_OPTION_ARG_STRING, &schedule,
      "constant, step[:DROP:EVERY], exp[:RATE] or course (1e-3 halved every 15 epochs); default: the recipe's, else constant",
      "S" },
    { "momentum", 0, 0, G_OPTION_ARG_DOUBLE, &momentum, "SGD momentum (default: the recipe's, else 0)", "M" },
    { "nesterov", 0, 0, G_OPTION_ARG_NONE, &nesterov, "Nesterov momentum", NULL },
    { "seed", 's', 0, G_OPTION_ARG_INT, &seed, "Seed of the shuffling and augmentation (default: the recipe's, else 0)",
      "S" },
    { "init-seed", 0, 0, G_OPTION_ARG_INT, &init_seed,
      "Seed of the initial weights (default: --seed)", "S" },
    { "no-shuffle", 0, 0, G_OPTION_ARG_NONE, &no_shuffle, "Keep the samples in order", NULL },
    { "val-split", 0, 0, G_OPTION_ARG_DOUBLE, &val_split,
      "Validate on this last fraction of the samples", "F" },
    { "patience", 0, 0, G_OPTION_ARG_INT, &patience, "Stop after P epochs without a lower val_loss",
      "P" },
    { "min-delta", 0, 0, G_OPTION_ARG_DOUBLE, &min_delta, "The least val_loss decrease that counts",
      "D" },
    { "restore-best", 0, 0, G_OPTION_ARG_NONE, &restore_best,
      "On an early stop, keep the best epoch's weights", NULL },
    { "class-weights", 0, 0, G_OPTION_ARG_STRING, &class_weights, "Loss weight of each class",
      "W0,W1,…" },
    { "train-last", 0, 0, G_OPTION_ARG_INT, &train_last,
      "Train only the last N layers with weights", "N" },
    { "augment", 0, 0, G_OPTION_ARG_STRING, &augment,
      "Image augmentation: flip,hflip,vflip,rotate=DEG,shift=F,wshift=F,hshift=F,shear=DEG,zoom=F or none (default: the recipe's)",
      "SPEC" },
    { "state", 0, 0, G_OPTION_ARG_FILENAME, &state,
      "Save the training state here after every epoch", "FILE" },
    { "resume", 0, 0, G_OPTION_ARG_FILENAME, &resume, "Resume from a saved training state",
      "FILE" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress line on stderr", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx
      = g_option_context_new ("— train a CNN and save it as a Keras .h5 or .keras file");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  const int n_sources = (preset != NULL) + (config != NULL) + (start != NULL);
  if (n_sources != 1 || !dataset_spec || !out || argc != 1)
    {
      g_printerr (
          "train: one of --preset, --config or --model, and --dataset and --out are required\n");
      return 2;
    }
  if (epochs != UNSET && epochs < 1)
    return sl_cli_usage ("train: --epochs must be at least 1, not %d", epochs);
  if (batch != UNSET && batch < 1)
    return sl_cli_usage ("train: --batch must be at least 1, not %d", batch);
  if (patience != UNSET && patience < 0)
    return sl_cli_usage ("train: --patience must be 0 or more, not %d", patience);
  if (train_last < 0)
    return sl_cli_usage ("train: --train-last must be 0 or more, not %d", train_last);
  if (lr != UNSET_D && !(isfinite (lr) && lr > 0))
    return sl_cli_usage ("train: --lr must be a positive number, not %g", lr);
  if (momentum != UNSET_D && !(momentum >= 0 && momentum < 1))
    return sl_cli_usage ("train: --momentum must be at least 0 and below 1, not %g", momentum);
  if (val_split != UNSET_D && !(val_split >= 0 && val_split < 1))
    return sl_cli_usage ("train: --val-split must be at least 0 and below 1, not %g", val_split);
  if (min_delta != UNSET_D && !(isfinite (min_delta) && min_delta >= 0))
    return sl_cli_usage ("train: --min-delta must be 0 or more, not %g", min_delta);
  const char *inputs[] = { dataset_spec, config, start, NULL };
  if (!sl_file_check_output (out, inputs, &error) || !sl_file_check_writable (out, &error))
    return sl_cli_fail (error);

  g_autoptr (SlModel) model = make_model (preset, config, start, &error);
  if (!model)
    return sl_cli_fail (error);
  g_autoptr (SlDataset) dataset = sl_cli_open_dataset (dataset_spec, model, &error);
  if (!dataset)
    return sl_cli_fail (error);

  SlTrainOptions options;
  if (!preset)
    sl_train_options_init (&options);
  else if (!sl_preset_recipe (preset, &options, &error))
    return sl_cli_fail (error);
  if (epochs != UNSET)
    options.epochs = (guint) epochs;
  if (batch != UNSET)
    options.batch_size = (gsize) batch;
  if (momentum != UNSET_D)
    options.momentum = momentum;
  if (nesterov)
    options.nesterov = TRUE;
  if (seed >= 0)
    options.seed = (guint32) seed;
  if (no_shuffle)
    options.shuffle = FALSE;
  if (val_split != UNSET_D)
    options.validation_split = val_split;
  if (patience != UNSET)
    options.patience = (guint) patience;
  if (min_delta != UNSET_D)
    options.min_delta = min_delta;
  if (restore_best)
    options.restore_best = TRUE;
  options.checkpoint = state;
  /* --lr alone changes the recipe's initial rate and keeps its schedule. */
  if (schedule
      && !sl_schedule_parse (schedule, lr == UNSET_D ? options.schedule.lr : lr, &options.schedule,
                             &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (!schedule && lr != UNSET_D)
    options.schedule.lr = lr;
  if (augment && !g_strcmp0 (augment, "none"))
    memset (&options.augment, 0, sizeof options.augment);
  else if (augment && !sl_augment_options_parse (augment, &options.augment, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  g_autofree float *weights = NULL;
  if (class_weights && !(weights = parse_class_weights (class_weights, model->n_classes, &error)))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  options.class_weights = weights;
  g_autofree gboolean *frozen = sl_train_frozen_but_last (model, (guint) train_last);
  options.frozen = frozen;

  /* The job trains its own copy of the model. */
  g_autoptr (SlJob) job = sl_train_job_new (model, dataset, &options, &error);
  if (!job)
    return sl_cli_fail (error);
  SlTrainer *trainer = sl_train_job_get_trainer (job);
  if (!start)
    sl_trainer_init_weights (trainer, init_seed >= 0 ? (guint32) init_seed : options.seed);
  if (resume && !sl_trainer_load_state (trainer, resume, &error))
    return sl_cli_fail (error);

  guint total = options.epochs;
  g_autofree char *lr_text = sl_schedule_to_string (&options.schedule);
  g_print ("%u epochs, batch %" G_GSIZE_FORMAT ", lr %g (%s), momentum %g, seed %u\n",
           options.epochs, options.batch_size, options.schedule.lr, lr_text, options.momentum,
           options.seed);
  g_signal_connect_after (job, "partial", G_CALLBACK (print_epoch), &total);
  g_print ("training %s (%" G_GSIZE_FORMAT " parameters) on %s (%" G_GSIZE_FORMAT " samples)\n",
           model->name, model->total_params, dataset->name, dataset->n_samples);
  const gint64 start_time = g_get_monotonic_time ();
  g_autoptr (SlJobPool) pool = sl_cli_job_pool_new (0);
  if (!sl_cli_run_job (pool, job, quiet, &error))
    return sl_cli_fail (error);
  const double seconds = (double) (g_get_monotonic_time () - start_time) / G_USEC_PER_SEC;
  if (sl_trainer_stopped_early (trainer))
    g_print ("stopped early after epoch %u\n", sl_trainer_get_epoch (trainer));
  if (!sl_trainer_save_keras (trainer, out, &error))
    return sl_cli_fail (error);
  g_print ("trained in %.1f s; saved %s\n", seconds, out);
  return 0;
}
