/* saliency-lab-cli — the command-line twin of Saliency Lab. */
#include "sl-cli.h"

#include "core/sl-text.h"


#include <locale.h>
#include <stdio.h>
#include <string.h>

typedef struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} SlCliCommand;

static const SlCliCommand commands[] = {
  { "info", sl_cli_info, "print a model's layers and parameter counts" },
  { "predict", sl_cli_predict, "run a model on the inputs of an HDF5 file" },
  { "evaluate", sl_cli_evaluate, "classification report of a model on a dataset" },
  { "explain", sl_cli_explain, "explain one sample's class and save the maps" },
  { "faithfulness", sl_cli_faithfulness, "drop / increase rates of methods over a dataset" },
  { "localisation", sl_cli_localisation, "pointing game, relevance mass and rank against ground truth" },
  { "methods", sl_cli_methods, "list the explanation methods and their parameters" },
  { "train", sl_cli_train, "train a CNN (presets or a Keras config)" },
  { "render", sl_cli_render, "draw a figure to PNG, SVG or PDF" },
  { "check", sl_cli_check, "open a model or dataset file fully: exit 0 if it is sound" },
  { "sanity", sl_cli_sanity, "do maps change when the model's layers are re-initialised?" },
  { "dataset", sl_cli_dataset, "describe a dataset, or export it to HDF5 with its regions" },

};

int
sl_cli_fail (const GError *error)
{
  /* Messages quote names from files: no escape sequences to the terminal, no megabyte lines. */
  g_autofree char *shown = sl_text_dup_message (error ? error->message : "unknown error");
  g_printerr ("saliency-lab-cli: %s\n", shown);
  return 1;
}

static void
usage (FILE *out)
{
  fprintf (out, "Usage: saliency-lab-cli COMMAND [OPTIONS…]\n\nCommands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\nRun 'saliency-lab-cli COMMAND --help' for a command's options.\n");
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  if (argc < 2)
    {
      usage (stderr);
      return 2;
    }
  if (!strcmp (argv[1], "--help") || !strcmp (argv[1], "-h") || !strcmp (argv[1], "help"))
    {
      usage (stdout);
      return 0;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (!strcmp (argv[1], commands[i].name))
      return commands[i].run (argc - 1, argv + 1);
  g_printerr ("saliency-lab-cli: unknown command '%s'\n", argv[1]);
  usage (stderr);
  return 2;
}
