/* saliency-lab: the window. */
#include "config.h"

#include "sl-application.h"

#include <glib/gi18n.h>
#include <locale.h>

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  /* SALIENCY_LAB_LOCALEDIR points at compiled catalogues elsewhere than the installed ones, e.g.
   * the build tree's po/ (meson compiles po/fr/LC_MESSAGES/saliency-lab.mo there). */
  const char *localedir = g_getenv ("SALIENCY_LAB_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_autoptr (SlApplication) app = sl_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
