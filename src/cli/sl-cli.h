/* sl-cli.h — the subcommands of saliency-lab-cli, each a thin shell over the library. */
#pragma once

#include "datasets/sl-dataset.h"
#include "engine/sl-model.h"

#include <glib.h>

G_BEGIN_DECLS

/* Each returns the process exit status: 0 on success, 1 on a runtime error, 2 on bad usage. */
int sl_cli_info     (int argc, char **argv);
int sl_cli_predict  (int argc, char **argv);
int sl_cli_evaluate (int argc, char **argv);
int sl_cli_train    (int argc, char **argv);

/* A model from a path (or a built-in name). */
SlModel *sl_cli_load_model (const char *spec,
                            GError    **error);

/* A dataset from a CLI dataset string, shaped for `model` (image size) and checked against it. */
SlDataset *sl_cli_open_dataset (const char    *spec,
                                const SlModel *model,
                                GError       **error);

/* Prints "saliency-lab-cli: MESSAGE" to stderr and returns 1. */
int sl_cli_fail     (const GError *error);

G_END_DECLS
