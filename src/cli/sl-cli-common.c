/* What several subcommands share: opening models by name or path. */
#include "sl-cli.h"

SlModel *
sl_cli_load_model (const char *spec, GError **error)
{
  return sl_model_load (spec, error);
}
