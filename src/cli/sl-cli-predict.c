/* saliency-lab-cli predict --model MODEL --input FILE.h5 --out OUT.h5 */
#include "sl-cli.h"

#include "core/sl-file.h"

#include "sl-cli-job.h"

#include "core/sl-error.h"
#include "core/sl-h5.h"
#include "datasets/sl-dataset-array.h"
#include "jobs/sl-predict-job.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

typedef struct
{
  const float *logits, *probs;
  hsize_t dims[2];
} PredictOut;

/* The output file's datasets; sl_h5_write_file writes it atomically with the usual file mode. */
static gboolean
write_outputs (hid_t file, gpointer data, GError **error)
{
  const PredictOut *o = data;
  return sl_h5_write_floats (file, "logits", 2, o->dims, o->logits, error)
         && sl_h5_write_floats (file, "probs", 2, o->dims, o->probs, error);
}

static gboolean
predict (SlModel *model, const char *input, const char *out_path, gboolean quiet, GError **error)
{
  hid_t in = sl_h5_open_read (input, error);
  if (in < 0)
    return FALSE;
  guint rank;
  hsize_t dims[SL_H5_MAX_RANK];
  g_autofree float *x = sl_h5_read_floats (in, "x", input, &rank, dims, error);
  sl_h5_close (in);
  if (!x)
    return FALSE;
  /* x is N × the model's input shape; a 1-D model also accepts N × L for inputs of one channel. */
  const SlShape *shape = &model->input;
  gboolean fits = rank == shape->rank + 1;
  for (guint i = 0; fits && i < shape->rank; i++)
    fits = dims[i + 1] == shape->d[i];
  if (!fits && shape->rank == 2 && shape->d[1] == 1 && rank == 2 && dims[1] == shape->d[0])
    fits = TRUE;
  if (!fits || dims[0] == 0)
    {
      g_autofree char *want = sl_shape_to_string (shape);
      g_set_error (error, SL_ERROR, SL_ERROR_SHAPE, "%s: dataset 'x' must be N × %s (the model's input)",
                   input, want + 6 /* skip "(None," */);
      return FALSE;
    }
  const gsize n = dims[0], k = model->n_classes;
  g_autoptr (SlDataset) dataset
      = sl_dataset_new_for_array (input, g_steal_pointer (&x), n, shape->rank, shape->d);
  g_autoptr (SlJobPool) pool = sl_cli_job_pool_new (0);
  g_autoptr (SlJob) job = sl_predict_job_new (model, dataset, 0, 0);
  if (!sl_cli_run_job (pool, job, quiet, error))
    {
      /* The model's refusals (a non-finite input, an overflow) name the input file they came from. */
      if (*error && !strstr ((*error)->message, input))
        g_prefix_error (error, "%s: ", input);
      return FALSE;
    }
  const SlPredictBatch *all = sl_job_get_result (job);
  const float *logits = all->logits, *probs = all->probs;

  PredictOut o = { logits, probs, { n, k } };
  return sl_h5_write_file (out_path, write_outputs, &o, error);
}

int
sl_cli_predict (int argc, char **argv)
{
  g_autofree char *model_spec = NULL, *input = NULL, *out = NULL;
  gboolean quiet = FALSE;
  const GOptionEntry entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_spec, "Keras model (.h5 or .keras)", "MODEL" },
    { "input", 'i', 0, G_OPTION_ARG_FILENAME, &input, "HDF5 file with a float dataset x (N × input shape)", "FILE.h5" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Where to write logits and probs", "OUT.h5" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress on stderr", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("— run a model on the inputs of an HDF5 file");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || !model_spec || !input || !out || argc != 1)
    {
      g_printerr ("%s\n", error ? error->message : "predict: --model, --input and --out are required");
      return 2;
    }
  const char *inputs[] = { model_spec, input, NULL };
  if (!sl_file_check_output (out, inputs, &error))
    return sl_cli_fail (error);
  g_autoptr (SlModel) model = sl_cli_load_model (model_spec, &error);
  if (!model || !predict (model, input, out, quiet, &error))
    return sl_cli_fail (error);
  return 0;
}
