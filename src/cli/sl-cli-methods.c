/* saliency-lab-cli methods [NAME] — the explanation methods and their parameters. */
#include "sl-cli.h"

#include "explain/sl-method.h"

int
sl_cli_methods (int argc, char **argv)
{
  g_autoptr (GOptionContext) ctx = g_option_context_new ("[NAME] — list explanation methods, or one method's parameters");
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || argc > 2)
    {
      g_printerr ("%s\n", error ? error->message : "methods: at most one NAME");
      return 2;
    }
  if (argc == 2)
    {
      const SlMethod *m = sl_method_find (argv[1], &error);
      if (!m)
        return sl_cli_fail (error);
      g_autofree char *help = sl_method_help (m);
      g_print ("%s", help);
      return 0;
    }
  guint n;
  const SlMethod *const *list = sl_method_list (&n);
  for (guint i = 0; i < n; i++)
    g_print ("  %-22s %s\n", list[i]->name, list[i]->display_name);
  g_print ("\nRun 'saliency-lab-cli methods NAME' for a method's description and parameters.\n");
  return 0;
}
