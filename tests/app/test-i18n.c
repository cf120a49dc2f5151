/* The window in French: under LANGUAGE=fr (LC_ALL=fr_FR.UTF-8 from a locale compiled into the
 * build folder, or C.UTF-8 when there is none), with the build tree's catalogue
 * (SALIENCY_LAB_LOCALEDIR), the header, the views and the numbers are French. Labels that do not
 * fit are listed; a screenshot, window-fr.png, goes to the build folder. */
#include "config.h"

#include "sl-gui-test-util.h"
#include "sl-test-util.h"

#include "app/sl-export-dialog.h"
#include "app/sl-screenshot.h"
#include "app/sl-window.h"
#include "jobs/sl-job-pool.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>


/* Every label's text and every tooltip under `w`, one a line; labels shown too narrow for their
 * text go to `cut` (ellipsized, or allocated less than their minimum). */
static void
collect (GtkWidget *w, GString *texts, GString *cut)
{
  const char *tip = gtk_widget_get_tooltip_text (w);
  if (tip)
    g_string_append_printf (texts, "%s\n", tip);
  if (GTK_IS_LABEL (w))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (w));
      g_string_append_printf (texts, "%s\n", text);
      if (gtk_widget_get_mapped (w) && *text)
        {
          int min = 0;
          gtk_widget_measure (w, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
          const gboolean ellipsized
              = pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (w)));
          if (ellipsized || gtk_widget_get_width (w) < min)
            g_string_append_printf (cut, "  “%s” (%d px%s)\n", text, gtk_widget_get_width (w),
                                    ellipsized ? ", ellipsized" : "");
        }
    }
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    collect (c, texts, cut);
}

static gboolean
has_line (const char *texts, const char *line)
{
  g_autofree char *needle = g_strdup_printf ("\n%s\n", line);
  g_autofree char *hay = g_strdup_printf ("\n%s", texts);
  return strstr (hay, needle) != NULL;
}

static void
assert_line (const char *texts, const char *line)
{
  if (!has_line (texts, line))
    g_error ("no label or tooltip reads “%s”", line);
}

/* A class-bar percentage: digits, the locale's decimal mark, one digit, the translated space, %. */
static gboolean
has_percent (const char *texts, const char *mark, const char *space)
{
  g_autofree char *pattern = g_strdup_printf ("^[0-9]+%s[0-9]%s%%$", mark, space);
  return g_regex_match_simple (pattern, texts, G_REGEX_MULTILINE, 0);
}

/* Lists the labels of `window` too narrow for their text, writes a screenshot `name` and returns
 * every text (free it). */
static char *
look (GtkWidget *window, const char *name)
{
  GString *texts = g_string_new (NULL);
  g_autoptr (GString) cut = g_string_new (NULL);
  collect (window, texts, cut);
  if (cut->len)
    g_test_message ("%s: labels too narrow for their French text:\n%s", name, cut->str);
  else
    g_test_message ("%s: no label is cut", name);
  const char *dir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *path = g_build_filename (dir ? dir : ".", name, NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_screenshot_widget (window, path, &error));
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", path);
  return g_string_free (texts, FALSE);
}

static void
test_french (void)
{
  g_autoptr (SlJobPool) pool = sl_job_pool_new (0, 0);
  SlWindow *window = g_object_ref_sink (sl_window_new (NULL, pool, NULL));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.open-demo", NULL));
  sl_test_wait_settled (window, 60);
  sl_test_spin (0.4);

  g_autoptr (GString) texts = g_string_new (NULL);
  g_autoptr (GString) cut = g_string_new (NULL);
  collect (GTK_WIDGET (window), texts, cut);

  /* The header: the view switcher and the buttons' tooltips. */
  assert_line (texts->str, "Explorer");
  assert_line (texts->str, "Comparer");
  assert_line (texts->str, "Rapport");
  assert_line (texts->str, "Ouvrir un modèle (Ctrl+O)");
  assert_line (texts->str, "Exporter la figure en PNG, SVG ou PDF (Ctrl+E)");
  /* The explore view's rows. */
  assert_line (texts->str, "Méthode");
  assert_line (texts->str, "Couche");
  assert_line (texts->str, "Palette de couleurs");
  assert_line (texts->str, "Opacité");
  /* The gallery, from C (ngettext). */
  assert_line (texts->str, "1000 sur 1000 échantillons");
  g_assert_false (has_line (texts->str, "Method"));
  g_assert_false (has_line (texts->str, "Explore"));

  /* Numbers: the French format of "%.1f %%" puts a narrow no-break space before %; the decimal
   * mark is the locale's. */
  const char *point = localeconv ()->decimal_point;
  g_autofree char *mark = g_regex_escape_string (point, -1);
  if (strcmp (point, ",") != 0)
    g_test_message ("no fr_FR.UTF-8 locale: numbers keep the decimal mark “%s”", point);
  g_assert_true (has_percent (texts->str, mark, "\u202f"));

  g_free (look (GTK_WIDGET (window), "window-fr.png"));

  /* The export dialog and the keyboard shortcuts, in French too. */
  SlExportDialog *dialog = sl_export_dialog_new (GTK_WINDOW (window), _("Explanation figure"),
                                                 "sample-0", 600, 400);
  gtk_window_present (GTK_WINDOW (dialog));
  sl_test_spin (0.4);
  g_autofree char *dialog_texts = look (GTK_WIDGET (dialog), "export-dialog-fr.png");
  assert_line (dialog_texts, "Largeur");
  assert_line (dialog_texts, "Résolution");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_autoptr (GtkBuilder) builder
      = gtk_builder_new_from_resource ("/org/saliencylab/SaliencyLab/gtk/help-overlay.ui");
  GtkWindow *shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
  gtk_window_set_transient_for (shortcuts, GTK_WINDOW (window));
  gtk_window_present (shortcuts);
  sl_test_spin (0.4);
  g_autofree char *shortcut_texts = look (GTK_WIDGET (shortcuts), "shortcuts-fr.png");
  assert_line (shortcut_texts, "Ouvrir un modèle");
  assert_line (shortcut_texts, "Échantillon mal classé suivant");
  gtk_window_destroy (shortcuts);

  /* The other views, for what a French text does to their layout. */
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.pin-sample", NULL));
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.view",
                                                     g_variant_new_string ("compare")));
  sl_test_wait_settled (window, 60);
  sl_test_spin (0.4);
  g_free (look (GTK_WIDGET (window), "window-fr-compare.png"));
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.view",
                                                     g_variant_new_string ("report")));
  sl_test_wait_settled (window, 60);
  sl_test_spin (0.4);
  g_free (look (GTK_WIDGET (window), "window-fr-report.png"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  sl_job_pool_cancel_all (pool);
  sl_test_spin (0.05);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  /* gtk_test_init sets its own locale; take the environment's, as main.c does. */
  if (!setlocale (LC_ALL, ""))
    setlocale (LC_ALL, "C.UTF-8");
  const char *localedir = g_getenv ("SALIENCY_LAB_LOCALEDIR");
  if (!localedir)
    {
      g_printerr ("SALIENCY_LAB_LOCALEDIR is not set: skipped\n");
      return 77;
    }
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_assert_cmpstr (_("Method"), ==, "Méthode");
  adw_init ();
  g_test_add_func ("/i18n/french", test_french);
  return g_test_run ();
}
