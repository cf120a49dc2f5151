/* saliency-lab-cli predict --model MODEL --input FILE.h5 --out OUT.h5 */
#include "sl-cli.h"

#include "sl-cli-job.h"

#include "core/sl-error.h"
#include "core/sl-h5.h"
#include "datasets/sl-dataset-array.h"
#include "jobs/sl-predict-job.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

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
    return FALSE;
  const SlPredictBatch *all = sl_job_get_result (job);
  const float *logits = all->logits, *probs = all->probs;

  g_autofree char *tmp = g_strdup_printf ("%s.tmp-XXXXXX", out_path);
  int fd = g_mkstemp (tmp);
  if (fd < 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: cannot write here", out_path);
      return FALSE;
    }
  close (fd);
  hid_t out = sl_h5_create (tmp, error);
  if (out < 0)
    {
      g_unlink (tmp);
      return FALSE;
    }
  const hsize_t odims[2] = { n, k };
  gboolean ok = sl_h5_write_floats (out, "logits", 2, odims, logits, error)
                && sl_h5_write_floats (out, "probs", 2, odims, probs, error);
  sl_h5_close (out);
  if (ok && g_rename (tmp, out_path) != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: cannot write here", out_path);
      ok = FALSE;
    }
  if (!ok)
    g_unlink (tmp);
  return ok;
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
  g_autoptr (SlModel) model = sl_cli_load_model (model_spec, &error);
  if (!model || !predict (model, input, out, quiet, &error))
    return sl_cli_fail (error);
  return 0;
}
