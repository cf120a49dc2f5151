/* sl-cli.h — the subcommands of saliency-lab-cli, each a thin shell over the library. */
#pragma once

#include "datasets/sl-dataset.h"
#include "engine/sl-model.h"
#include "explain/sl-explain.h"

#include <glib.h>

G_BEGIN_DECLS

/* Each returns the process exit status: 0 on success, 1 on a runtime error, 2 on bad usage. */
int sl_cli_info     (int argc, char **argv);
int sl_cli_predict  (int argc, char **argv);
int sl_cli_evaluate (int argc, char **argv);
int sl_cli_explain  (int argc, char **argv);
int sl_cli_faithfulness (int argc, char **argv);
int sl_cli_localisation (int argc, char **argv);
int sl_cli_methods  (int argc, char **argv);
int sl_cli_train    (int argc, char **argv);
int sl_cli_render   (int argc, char **argv);
int sl_cli_check    (int argc, char **argv);
int sl_cli_sanity   (int argc, char **argv);
int sl_cli_dataset  (int argc, char **argv);

/* A model from a path (or a built-in name): sl_open_model. */
SlModel *sl_cli_load_model (const char *spec,
                            GError    **error);

/* A dataset from a CLI dataset string, shaped for `model` (image size) and checked against it:
 * sl_open_dataset. */
SlDataset *sl_cli_open_dataset (const char    *spec,
                                const SlModel *model,
                                GError       **error);

/* The explanation options shared by explain, faithfulness and render. */
typedef struct
{
  char *method;  /* --method NAME */
  char *layer;   /* --layer NAME (default: the last convolution) */
  char *score;   /* --score logit|prob (default: the method's) */
  int target;    /* --class C (−1: the predicted class) */
  gint64 seed;   /* --seed S */
  char **sets;   /* --set key=value … */
} SlCliExplainOptions;

/* GOptionEntries for those options (a NULL-terminated static array bound to `o`). */
GOptionEntry *sl_cli_explain_entries   (SlCliExplainOptions *o);
void          sl_cli_explain_options_clear (SlCliExplainOptions *o);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SlCliExplainOptions, sl_cli_explain_options_clear)
/* A request for `method` (which may differ from o->method, e.g. one of a comma-separated list);
 * *params receives the parameters it points to (free them after the request). */
gboolean      sl_cli_build_request     (const SlModel             *model,
                                        const SlCliExplainOptions *o,
                                        const char                *method,
                                        SlExplainRequest          *req,
                                        SlParams                 **params,
                                        GError                   **error);

/* Prints a usage error (naming the option and the value) to stderr and returns 2. */
int sl_cli_usage    (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* --class's value when the option is not given (the predicted class). */
#define SL_CLI_CLASS_UNSET G_MININT

/* Prints "saliency-lab-cli: MESSAGE" to stderr and returns 1. */
int sl_cli_fail     (const GError *error);

G_END_DECLS
