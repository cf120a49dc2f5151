#include "config.h"

#include "sl-application.h"

#include "sl-preferences-window.h"
#include "sl-screenshot.h"
#include "sl-window.h"

#include "compose/sl-open.h"
#include "explain/sl-method.h"

#include <glib/gi18n.h>
#include <stdio.h>

/* How long --screenshot waits for the window's jobs to settle before it gives up. */
#define SCREENSHOT_TIMEOUT_S 1800
#define SETTLE_POLL_MS       100
#define SETTLE_POLLS         3

struct _SlApplication
{
  AdwApplication parent_instance;
  SlJobPool *pool;
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (SlApplication, sl_application, ADW_TYPE_APPLICATION)

static const GOptionEntry options[] = {
  { "sample", 's', 0, G_OPTION_ARG_INT64, NULL, N_("Select sample INDEX"), N_("INDEX") },
  { "method", 'm', 0, G_OPTION_ARG_STRING, NULL, N_("Explain with METHOD (see saliency-lab-cli methods)"), N_("METHOD") },
  { "view", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Open VIEW: explore, compare, report, faithfulness, sanity or train"), N_("VIEW") },
  { "compare", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Compare these methods (comma-separated)"), N_("METHODS") },
  { "pin", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Pin these samples for comparison (comma-separated)"), N_("INDICES") },
  { "presentation", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Start in presentation mode"), NULL },
  { "run", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Start the view’s computation (faithfulness, sanity check, training) once open"), NULL },
  { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Write the window to FILE.png once its jobs have settled, then quit"), N_("FILE") },
  { "size", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Window size WIDTHxHEIGHT"), N_("SIZE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, NULL },
  { NULL },
};

/* ---- Screenshots ---- */

typedef struct
{
  SlApplication *app;
  SlWindow *window;
  GApplicationCommandLine *cmdline;
  char *path;
  guint settled;
  gint64 deadline;
} Screenshot;

static void
screenshot_free (Screenshot *s)
{
  g_object_unref (s->window);
  g_object_unref (s->cmdline);
  g_free (s->path);
  g_application_release (G_APPLICATION (s->app));
  g_free (s);
}

static gboolean
screenshot_poll (gpointer data)
{
  Screenshot *s = data;
  s->settled = sl_window_is_settled (s->window) ? s->settled + 1 : 0;
  const gboolean late = g_get_monotonic_time () > s->deadline;
  if (s->settled < SETTLE_POLLS && !late)
    return G_SOURCE_CONTINUE;
  g_autoptr (GError) error = NULL;
  if (late)
    g_application_command_line_printerr (s->cmdline, "saliency-lab: %s: the window's jobs did not settle within %d s\n",
                                         s->path, SCREENSHOT_TIMEOUT_S);
  if (!late && !sl_screenshot_widget (GTK_WIDGET (s->window), s->path, &error))
    g_application_command_line_printerr (s->cmdline, "saliency-lab: %s\n", error->message);
  const char *shown = sl_window_get_last_error (s->window);
  if (shown)
    g_application_command_line_printerr (s->cmdline, "saliency-lab: the window said: %s\n", shown);
  g_application_command_line_set_exit_status (s->cmdline, late || error ? 1 : 0);
  gtk_window_destroy (GTK_WINDOW (s->window));
  screenshot_free (s);
  return G_SOURCE_REMOVE;
}

/* ---- Command line ---- */

/* A path given relative to the caller's folder becomes absolute; "demo", "shapes", "mnist1d@…"
 * stay. */
static char *
resolve_arg (GApplicationCommandLine *cmdline, const char *arg)
{
  g_autoptr (GFile) file = g_application_command_line_create_file_for_arg (cmdline, arg);
  g_autofree char *path = g_file_get_path (file);
  if (path && g_file_test (path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&path);
  return g_strdup (arg);
}

static int
sl_application_command_line (GApplication *app, GApplicationCommandLine *cmdline)
{
  SlApplication *self = SL_APPLICATION (app);
  GVariantDict *dict = g_application_command_line_get_options_dict (cmdline);
  g_autofree const char **rest = NULL;
  gint64 sample = -1;
  const char *method = NULL, *view = NULL, *compare = NULL, *pin = NULL, *size = NULL;
  g_autofree char *shot = NULL;
  g_variant_dict_lookup (dict, G_OPTION_REMAINING, "^a&ay", &rest);
  g_variant_dict_lookup (dict, "sample", "x", &sample);
  g_variant_dict_lookup (dict, "method", "&s", &method);
  g_variant_dict_lookup (dict, "view", "&s", &view);
  g_variant_dict_lookup (dict, "compare", "&s", &compare);
  g_variant_dict_lookup (dict, "pin", "&s", &pin);
  g_variant_dict_lookup (dict, "size", "&s", &size);
  g_variant_dict_lookup (dict, "screenshot", "^ay", &shot);
  const gboolean presentation = g_variant_dict_contains (dict, "presentation");

  const guint n_rest = rest ? g_strv_length ((char **) rest) : 0;
  if (n_rest > 2)
    {
      g_application_command_line_printerr (cmdline, "saliency-lab: %s\n",
                                           _("give at most a model and a dataset"));
      return 2;
    }
  static const char *const views[]
      = { "explore", "compare", "report", "faithfulness", "sanity", "train", NULL };
  if (view && !g_strv_contains (views, view))
    {
      g_application_command_line_printerr (cmdline, "saliency-lab: --view %s: %s\n", view,
                                           _("the views are explore, compare, report, faithfulness, sanity and train"));
      return 2;
    }
  if (method && !sl_method_lookup (method))
    {
      g_application_command_line_printerr (cmdline, "saliency-lab: --method %s: %s\n", method,
                                           _("no such method (saliency-lab-cli methods lists them)"));
      return 2;
    }

  SlWindow *window = sl_window_new (GTK_APPLICATION (app), self->pool, self->settings);
  int w, h;
  if (size && sscanf (size, "%dx%d", &w, &h) == 2 && w > 0 && h > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), w, h);
  sl_window_set_start (window, sample, method, view);
  sl_window_set_start_run (window, g_variant_dict_contains (dict, "run"));
  if (compare)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.compare-methods", "s", compare);
  g_autofree char *model = n_rest > 0 ? resolve_arg (cmdline, rest[0]) : g_strdup ("demo");
  /* A built-in model alone opens with the built-in dataset it goes with. */
  g_autofree char *dataset = n_rest > 1 ? resolve_arg (cmdline, rest[1])
                                        : sl_open_builtin_dataset (model);
  if (pin)
    {
      g_auto (GStrv) parts = g_strsplit (pin, ",", -1);
      g_autoptr (GArray) indices = g_array_new (FALSE, FALSE, sizeof (gsize));
      for (guint i = 0; parts[i]; i++)
        {
          guint64 v;
          if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 0, G_MAXSIZE, &v, NULL))
            {
              g_application_command_line_printerr (cmdline, "saliency-lab: --pin %s: %s\n", pin,
                                                   _("give sample indices separated by commas"));
              gtk_window_destroy (GTK_WINDOW (window));
              return 2;
            }
          gsize index = (gsize) v;
          g_array_append_val (indices, index);
        }
      sl_window_set_start_pins (window, (const gsize *) indices->data, indices->len);
    }
  sl_window_open (window, model, dataset);
  if (presentation)
    sl_window_set_presentation (window, TRUE);
  gtk_window_present (GTK_WINDOW (window));

  if (shot)
    {
      Screenshot *s = g_new0 (Screenshot, 1);
      s->app = self;
      s->window = g_object_ref (window);
      s->cmdline = g_object_ref (cmdline);
      s->path = g_steal_pointer (&shot);
      s->deadline = g_get_monotonic_time () + (gint64) SCREENSHOT_TIMEOUT_S * G_USEC_PER_SEC;
      g_application_hold (app);
      g_timeout_add (SETTLE_POLL_MS, screenshot_poll, s);
    }
  return 0;
}

/* Files from the desktop (D-Bus activation, "Open With"): into the active window, or a new one. */
static void
sl_application_open (GApplication *app, GFile **files, int n_files, const char *hint)
{
  SlApplication *self = SL_APPLICATION (app);
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (app));
  SlWindow *window = SL_IS_WINDOW (active) ? SL_WINDOW (active)
                                           : sl_window_new (GTK_APPLICATION (app), self->pool,
                                                            self->settings);
  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      if (path)
        sl_window_open_path (window, path);
    }
  gtk_window_present (GTK_WINDOW (window));
}

/* Launched with no arguments by D-Bus activation: the built-in demo. */
static void
sl_application_activate (GApplication *app)
{
  SlApplication *self = SL_APPLICATION (app);
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (!active)
    {
      SlWindow *window = sl_window_new (GTK_APPLICATION (app), self->pool, self->settings);
      sl_window_open (window, "demo", "mnist1d");
      active = GTK_WINDOW (window);
    }
  gtk_window_present (active);
}

static int
sl_application_handle_local_options (GApplication *app, GVariantDict *options_dict)
{
  if (g_variant_dict_contains (options_dict, "version"))
    {
      g_print ("saliency-lab %s\n", PACKAGE_VERSION);
      return 0;
    }
  /* A scripted screenshot runs on its own, never handing its command line to a running window. */
  if (g_variant_dict_contains (options_dict, "screenshot"))
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
  return -1;
}

/* ---- Actions ---- */

static void
action_quit (GSimpleAction *action, GVariant *param, gpointer app)
{
  g_application_quit (G_APPLICATION (app));
}

static void
action_about (GSimpleAction *action, GVariant *param, gpointer app)
{
  const char *developers[] = { "Saliency Lab developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (app));
  GtkWidget *about = g_object_new (
      ADW_TYPE_ABOUT_WINDOW, "transient-for", parent, "application-icon", APP_ID,
      "application-name", _("Saliency Lab"), "developer-name", _("The Saliency Lab developers"),
      "version", PACKAGE_VERSION, "comments",
      _("Explore how convolutional networks decide: explanations drawn over their inputs, "
        "compared side by side and measured for faithfulness."),
      "website", "https://github.com/saliencylab/saliency-lab", "issue-url",
      "https://github.com/saliencylab/saliency-lab/issues", "license-type", GTK_LICENSE_GPL_3_0,
      "developers", developers, NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
action_preferences (GSimpleAction *action, GVariant *param, gpointer app)
{
  SlApplication *self = SL_APPLICATION (app);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (sl_preferences_window_new (parent, self->settings)));
}

static const GActionEntry app_actions[] = {
  { "quit", action_quit },
  { "about", action_about },
  { "preferences", action_preferences },
};

/* ---- GApplication ---- */

static void
sl_application_startup (GApplication *app)
{
  SlApplication *self = SL_APPLICATION (app);
  G_APPLICATION_CLASS (sl_application_parent_class)->startup (app);
  g_set_application_name (_("Saliency Lab"));
  /* Without the installed schema (a build-tree run, a test) the app runs on defaults. */
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema
      = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
  if (schema)
    self->settings = g_settings_new (APP_ID);
  const guint threads = self->settings ? g_settings_get_uint (self->settings, "worker-threads") : 0;
  self->pool = sl_job_pool_new (0, threads);
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  const char *quit[] = { "<Control>q", NULL };
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit);
  const char *preferences[] = { "<Control>comma", NULL };
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", preferences);
  /* Nothing to edit without the schema: the window's defaults cannot be changed then. */
  GAction *prefs = g_action_map_lookup_action (G_ACTION_MAP (app), "preferences");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (prefs), self->settings != NULL);
}

static void
sl_application_shutdown (GApplication *app)
{
  SlApplication *self = SL_APPLICATION (app);
  if (self->pool)
    sl_job_pool_cancel_all (self->pool);
  G_APPLICATION_CLASS (sl_application_parent_class)->shutdown (app);
}

static void
sl_application_finalize (GObject *object)
{
  SlApplication *self = SL_APPLICATION (object);
  g_clear_object (&self->pool);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (sl_application_parent_class)->finalize (object);
}

static void
sl_application_class_init (SlApplicationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_application_finalize;
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  app_class->startup = sl_application_startup;
  app_class->shutdown = sl_application_shutdown;
  app_class->command_line = sl_application_command_line;
  app_class->open = sl_application_open;
  app_class->activate = sl_application_activate;
  app_class->handle_local_options = sl_application_handle_local_options;
}

static void
sl_application_init (SlApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[MODEL] [DATASET]"));
  g_application_set_option_context_summary (
      G_APPLICATION (self),
      _("Open MODEL (a Keras .h5 or .keras file, or a built-in model: \"demo\", \"shapes-demo\", "
        "\"shapes-shortcut-demo\") with DATASET (a file, an image folder, or a built-in set: "
        "\"mnist1d\", \"shapes\", \"shapes-shortcut\"); a built-in model alone opens with its "
        "set; without them, the built-in demo."));
}

SlApplication *
sl_application_new (void)
{
  return g_object_new (SL_TYPE_APPLICATION, "application-id", APP_ID, "flags",
                       G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path",
                       "/org/saliencylab/SaliencyLab", NULL);
}

SlJobPool *
sl_application_get_pool (SlApplication *self)
{
  return self->pool;
}

GSettings *
sl_application_get_settings (SlApplication *self)
{
  return self->settings;
}
