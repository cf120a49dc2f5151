/* What several subcommands share: opening models and datasets by name or path. */
#include "sl-cli.h"

#include <stdarg.h>

#include "compose/sl-open.h"
#include "core/sl-error.h"

SlModel *
sl_cli_load_model (const char *spec, GError **error)
{
  return sl_open_model (spec, error);
}

SlDataset *
sl_cli_open_dataset (const char *spec, const SlModel *model, GError **error)
{
  return sl_open_dataset (spec, model, error);
}

GOptionEntry *
sl_cli_explain_entries (SlCliExplainOptions *o)
{
  const GOptionEntry entries[] = {
    { "method", 0, 0, G_OPTION_ARG_STRING, &o->method, "Explanation method (see 'saliency-lab-cli methods')", "NAME" },
    { "layer", 0, 0, G_OPTION_ARG_STRING, &o->layer, "Layer to explain at (default: the last convolution)", "LAYER" },
    { "score", 0, 0, G_OPTION_ARG_STRING, &o->score, "Class score: logit or prob (default: the method's)", "SCORE" },
    { "class", 0, 0, G_OPTION_ARG_INT, &o->target, "Class to explain (default: the predicted class)", "C" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &o->seed, "Seed of random methods", "S" },
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->sets, "A method parameter (repeatable)", "KEY=VALUE" },
    { NULL },
  };
  o->target = SL_CLI_CLASS_UNSET;
  return g_memdup2 (entries, sizeof entries);
}

void
sl_cli_explain_options_clear (SlCliExplainOptions *o)
{
  g_clear_pointer (&o->method, g_free);
  g_clear_pointer (&o->layer, g_free);
  g_clear_pointer (&o->score, g_free);
  g_clear_pointer (&o->sets, g_strfreev);
}

gboolean
sl_cli_build_request (const SlModel *model, const SlCliExplainOptions *o, const char *method_name,
                      SlExplainRequest *req, SlParams **params, GError **error)
{
  const SlMethod *method = sl_method_find (method_name, error);
  if (!method)
    return FALSE;
  sl_explain_request_init (req, method->name);
  if (o->layer && !(method->flags & SL_METHOD_USES_LAYER))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "--layer has no effect on %s (it explains at the input); leave it out", method->name);
      return FALSE;
    }
  if (o->layer)
    {
      req->layer = sl_model_find_layer (model, o->layer);
      if (req->layer < 0)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "the model has no layer '%s'", o->layer);
          return FALSE;
        }
    }
  if (o->score)
    {
      SlScore score;
      if (!sl_score_parse (o->score, &score))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "unknown score '%s' (logit or prob)", o->score);
          return FALSE;
        }
      req->score = (int) score;
    }
  if (o->target != SL_CLI_CLASS_UNSET && (o->target >= (int) model->n_classes || o->target < 0))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "--class must be a class index from 0 to %u (the model has %u classes), not %d",
                   model->n_classes - 1, model->n_classes, o->target);
      return FALSE;
    }
  req->target = o->target == SL_CLI_CLASS_UNSET ? SL_EXPLAIN_TARGET_PREDICTED : o->target;
  req->seed = (guint64) o->seed;
  *params = sl_method_new_params (method);
  for (guint i = 0; o->sets && o->sets[i]; i++)
    if (!sl_params_parse_one (*params, o->sets[i], error))
      {
        g_clear_pointer (params, sl_params_free);
        return FALSE;
      }
  req->params = *params;
  return TRUE;
}

int
sl_cli_usage (const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("%s\n", message);
  return 2;
}
