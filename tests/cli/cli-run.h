/* cli-run.h — the CLI tests' one way to run saliency-lab-cli ($SL_CLI) and collect its output. */
#pragma once

#include <glib.h>
#include <sys/wait.h>

/* Runs saliency-lab-cli with `args` (NULL-terminated, without the program); its stdout and stderr
 * replace *out and *err (freed first: NULL or a previous call's). Returns the exit status, or −1
 * when it died of a signal. */
static inline int
run_cli (const char *const *args, char **out, char **err)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer) g_getenv ("SL_CLI"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  int status = 0;
  g_autoptr (GError) error = NULL;
  g_free (*out);
  g_free (*err);
  *out = *err = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out,
                               err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}
