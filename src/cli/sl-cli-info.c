/* saliency-lab-cli info MODEL [--json] */
#include "sl-cli.h"

#include "engine/sl-model.h"

#include <json-glib/json-glib.h>

int
sl_cli_info (int argc, char **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "Print JSON", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("MODEL — print a model's layers and parameters");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("%s\n", error ? error->message : "info: give exactly one MODEL");
      return 2;
    }
  g_autoptr (SlModel) model = sl_cli_load_model (argv[1], &error);
  if (!model)
    return sl_cli_fail (error);
  if (as_json)
    {
      g_autoptr (JsonNode) node = sl_model_summary_json (model);
      g_autofree char *text = json_to_string (node, TRUE);
      g_print ("%s\n", text);
    }
  else
    {
      g_autofree char *text = sl_model_summary_text (model);
      g_print ("%s", text);
      if (model->keras_version)
        g_print ("Saved by Keras %s\n", model->keras_version);
    }
  return 0;
}
