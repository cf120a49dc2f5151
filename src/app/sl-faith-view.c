/* sl-faith-view.c — the Faithfulness view: options, one faithfulness job, its partials into a
 * live table, the samples of a method, figures and exports. */
#include "sl-faith-view.h"

#include "sl-compact-switcher.h"
#include "sl-job-titles.h"

#include "compose/sl-faith-export.h"
#include "compose/sl-faithfulness-figures.h"
#include "compose/sl-localisation-figure.h"
#include "core/sl-atomic.h"
#include "core/sl-error.h"
#include "explain/sl-method.h"
#include "jobs/sl-faith-job.h"
#include "jobs/sl-localisation-job.h"
#include "sl-app-resources.h"
#include "sl-export-dialog.h"
#include "sl-method-checks.h"

#include <glib/gi18n.h>
#include <math.h>

static const char *const default_methods[] = { "gradcam", "gradcam++", "ablation-cam", NULL };

/* The table's columns after the method name (the header and every row share their widths). */
enum
{
  COL_DROP,
  COL_INCREASE,
  COL_DELETION,
  COL_INSERTION,
  COL_SAMPLES,
  COL_TIME,
  N_COLS
};

/* The localisation table's columns after the method name. */
enum
{
  LOC_POINTING,
  LOC_MASS,
  LOC_RANK,
  LOC_SAMPLES,
  LOC_TIME,
  N_LOC_COLS
};

/* One method's row: its widgets and the sums of the partials received so far, summed in sample
 * order as the library sums them, so the live means equal the final table's. */
typedef struct
{
  const SlMethod *method;
  GtkWidget *row;
  GtkLabel *cells[N_COLS];
  GtkProgressBar *progress;
  double drop, increase, deletion, insertion, seconds;
  gsize n;
  GArray *samples; /* SlFaithPartial, by position */
} Row;

struct _SlFaithView
{
  GtkWidget parent_instance;
  GtkSpinButton *frac_spin;
  AdwComboRow *score_row;
  AdwComboRow *target_row;
  AdwComboRow *samples_row;
  GtkWidget *first_row;
  GtkSpinButton *first_spin;
  GtkSwitch *curves_switch;
  GtkWidget *run_button;
  GtkWidget *cancel_button;
  AdwPreferencesGroup *methods_group;
  GtkLabel *status_label;
  GtkWidget *export_table_button;
  GtkWidget *export_figure_button;
  GtkBox *header_box;
  GtkListBox *table_list;
  GtkLabel *samples_label;
  GtkListView *samples_view;
  GtkStack *figure_stack;
  GtkStackSwitcher *figure_switcher;
  SlFigureView *table_figure;
  SlFigureView *curves_figure;
  GtkLabel *loc_status_label;
  GtkDropDown *region_dropdown;
  GtkWidget *export_loc_button;
  GtkBox *loc_header_box;
  GtkListBox *loc_list;
  GtkStackPage *loc_page;
  SlFigureView *loc_figure;

  SlSession *session;
  GPtrArray *checks; /* GtkCheckButton per registry method */
  GtkSizeGroup *groups[N_COLS + 1];
  GtkSizeGroup *progress_group; /* the progress bars and their header */
  GtkSizeGroup *loc_groups[N_LOC_COLS + 1];
  GArray *rows;  /* Row, one per method of the current table */
  gsize *filter; /* the gallery's filter */
  gsize n_filter;
  gboolean has_filter;
  SlJob *job;          /* the run in progress */
  SlFaithTable *table; /* the last run's, once finished */
  gsize n_samples;     /* of the current run */
  gboolean partial;
  gboolean curves; /* of the current run */
  GtkStringList *sample_items;
  gint selected; /* row whose samples are listed, or -1 */
  GtkFileChooserNative *chooser;

  /* Localisation of the last run's methods and samples (when the dataset has regions). */
  SlJob *loc_job;
  SlLocalisationTable *loc;
  GPtrArray *loc_methods; /* const SlMethod *, of the last run */
  int loc_score;
  gboolean loc_use_labels;
  gsize *loc_indices; /* NULL: 0 … n_loc − 1 */
  gsize n_loc;
};

enum
{
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};
static GParamSpec *props[N_PROPS];

enum
{
  SIG_SAMPLE_ACTIVATED,
  SIG_STATE_CHANGED,
  SIG_ERROR,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlFaithView, sl_faith_view, GTK_TYPE_WIDGET)

static void
row_clear (Row *r)
{
  g_clear_pointer (&r->samples, g_array_unref);
}

/* ---- Text ---- */

static char *
format_percent (double v)
{
  return isnan (v) ? g_strdup ("—") : g_strdup_printf ("%.2f %%", 100 * v);
}

static char *
format_auc (double v)
{
  return isnan (v) ? g_strdup ("—") : g_strdup_printf ("%.4f", v);
}

static char *
format_seconds (double s)
{
  if (isnan (s))
    return g_strdup ("—");
  if (s < 1e-3)
    return g_strdup_printf (_ ("%.0f µs"), s * 1e6);
  if (s < 1)
    return g_strdup_printf (_ ("%.1f ms"), s * 1e3);
  return g_strdup_printf (_ ("%.2f s"), s);
}

static const char *
class_name (SlFaithView *self, gint c)
{
  const char *const *names = self->session ? sl_session_get_class_names (self->session) : NULL;
  if (names && c >= 0 && (guint)c < g_strv_length ((char **)names))
    return names[c];
  return NULL;
}

static char *
sample_text (SlFaithView *self, const SlFaithPartial *p)
{
  const char *target = class_name (self, (gint)p->target);
  g_autofree char *target_text = target ? g_strdup (target) : g_strdup_printf ("%u", p->target);
  g_autofree char *truth = NULL;
  if (p->label >= 0)
    {
      const char *l = class_name (self, p->label);
      truth = l ? g_strdup (l) : g_strdup_printf ("%d", p->label);
    }
  /* "increased" in words: the rate is a count of samples whose score went up. */
  GString *s = g_string_new (NULL);
  g_string_append_printf (s, _ ("Sample %lu · class %s"), (gulong)p->sample, target_text);
  if (truth)
    g_string_append_printf (s, _ (" (true %s)"), truth);
  g_string_append_printf (s, _ ("\ndrop %.1f %% · %s"), 100 * p->drop,
                          p->increase > 0 ? _ ("score increased") : _ ("no increase"));
  if (!isnan (p->deletion))
    g_string_append_printf (s, _ (" · deletion %.3f · insertion %.3f"), p->deletion, p->insertion);
  return g_string_free (s, FALSE);
}

/* ---- The table ---- */

static Row *
row_at (SlFaithView *self, guint m)
{
  return m < self->rows->len ? &g_array_index (self->rows, Row, m) : NULL;
}

static void
fill_row (SlFaithView *self, guint m, const SlFaithRow *v)
{
  Row *r = row_at (self, m);
  char *texts[N_COLS] = {
    format_percent (v->drop_rate),
    format_percent (v->increase_rate),
    format_auc (v->deletion_auc),
    format_auc (v->insertion_auc),
    /* "5 of 1000" until every sample is done, so a partial row says so in words. */
    v->n_done < v->n_samples
        ? g_strdup_printf (_ ("%lu of %lu"), (gulong)v->n_done, (gulong)v->n_samples)
        : g_strdup_printf ("%" G_GSIZE_FORMAT, v->n_done),
    format_seconds (v->seconds_per_sample),
  };
  for (guint c = 0; c < N_COLS; c++)
    {
      gtk_label_set_text (r->cells[c], texts[c]);
      g_free (texts[c]);
    }
  gtk_progress_bar_set_fraction (r->progress,
                                 v->n_samples ? (double)v->n_done / v->n_samples : 0.0);
  g_autofree char *summary = g_strdup_printf (
      ngettext ("%s: drop %.2f %%, increase %.2f %%, %lu of %lu sample",
                "%s: drop %.2f %%, increase %.2f %%, %lu of %lu samples", (gulong)v->n_samples),
      r->method->display_name, 100 * v->drop_rate, 100 * v->increase_rate, (gulong)v->n_done,
      (gulong)v->n_samples);
  gtk_widget_set_tooltip_text (r->row, summary);
  gtk_accessible_update_property (GTK_ACCESSIBLE (r->row), GTK_ACCESSIBLE_PROPERTY_LABEL, summary,
                                  -1);
}

/* A cell of column `column` (0: the method) in the size group that keeps the column aligned. */
static GtkWidget *
cell_label (GtkSizeGroup *group, guint column, const char *text)
{
  GtkWidget *label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0.0f : 1.0f);
  /* Method names give way when the view is narrow (to no fewer than 11 characters: "Grad-CAM++");
   * numbers are never cut. */
  if (column == 0)
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 11);
    }
  gtk_size_group_add_widget (group, label);
  return label;
}

/* A header of `n` columns (the method's, then n − 1 right-aligned) into `box`. */
static void
fill_header_box (GtkBox *box, GtkSizeGroup **groups, const char *const *titles, guint n)
{
  for (guint c = 0; c < n; c++)
    {
      GtkWidget *label = cell_label (groups[c], c, titles[c]);
      gtk_widget_set_hexpand (label, c == 0);
      gtk_widget_set_valign (label, GTK_ALIGN_END);
      if (c > 0)
        gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
      gtk_box_append (box, label);
    }
}

/* A table row's box: the method's name, then `n` cells (returned in `cells`). */
static GtkWidget *
row_box (GtkSizeGroup **groups, const char *name, GtkLabel **cells, guint n)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  GtkWidget *label = cell_label (groups[0], 0, name);
  gtk_widget_set_tooltip_text (label, name); /* the whole name where it is cut */
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  for (guint c = 0; c < n; c++)
    {
      cells[c] = GTK_LABEL (cell_label (groups[c + 1], c + 1, "—"));
      gtk_widget_add_css_class (GTK_WIDGET (cells[c]), "numeric");
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (cells[c]));
    }
  return box;
}

static void
fill_header (SlFaithView *self)
{
  /* Long titles on two lines: the table fits beside the options in a 1280 px window. (Wrapping
   * labels would break the size groups that align the columns.) */
  const char *titles[N_COLS + 1] = {
    _ ("Method"),        _ ("Drop"),    _ ("Increase"),    _ ("Deletion\nAUC"),
    _ ("Insertion\nAUC"), _ ("Samples"), _ ("Time per\nsample"),
  };
  fill_header_box (self->header_box, self->groups, titles, N_COLS + 1);
  /* Above the rows' progress bars. */
  GtkWidget *progress = gtk_label_new (_ ("Progress"));
  gtk_widget_set_size_request (progress, 60, -1);
  /* Adwaita's progress bar asks for 150 px (style.css lowers it for .compact); in one group with
   * its header, the columns stay aligned whatever it asks for. */
  gtk_size_group_add_widget (self->progress_group, progress);
  gtk_box_append (self->header_box, progress);
}

static void
clear_table (SlFaithView *self)
{
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self->table_list)));)
    gtk_list_box_remove (self->table_list, child);
  g_array_set_size (self->rows, 0);
  g_clear_pointer (&self->table, sl_faith_table_free);
  self->selected = -1;
  self->partial = FALSE;
  gtk_string_list_splice (self->sample_items, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->sample_items)), NULL);
  sl_figure_view_set_custom (self->table_figure, NULL, NULL, NULL, 0, 0);
  sl_figure_view_set_custom (self->curves_figure, NULL, NULL, NULL, 0, 0);
}

static void
add_row (SlFaithView *self, const SlMethod *method)
{
  Row r = { .method = method, .samples = g_array_new (FALSE, FALSE, sizeof (SlFaithPartial)) };
  GtkWidget *box = row_box (self->groups, method->display_name, r.cells, N_COLS);
  r.progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_set_size_request (GTK_WIDGET (r.progress), 60, -1);
  gtk_widget_set_valign (GTK_WIDGET (r.progress), GTK_ALIGN_CENTER);
  gtk_size_group_add_widget (self->progress_group, GTK_WIDGET (r.progress));
  gtk_widget_add_css_class (GTK_WIDGET (r.progress), "compact");
  gtk_accessible_update_property (GTK_ACCESSIBLE (r.progress), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Samples done"), -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (r.progress));
  r.row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (r.row), box);
  gtk_list_box_append (self->table_list, r.row);
  g_array_append_val (self->rows, r);
}

/* The live values of row m. */
static void
live_values (SlFaithView *self, guint m, SlFaithRow *v)
{
  const Row *r = row_at (self, m);
  const double n = (double)r->n;
  *v = (SlFaithRow){
    .method = r->method->name,
    .drop_rate = r->n ? r->drop / n : NAN,
    .increase_rate = r->n ? r->increase / n : NAN,
    .deletion_auc = r->n && self->curves ? r->deletion / n : NAN,
    .insertion_auc = r->n && self->curves ? r->insertion / n : NAN,
    .n_done = r->n,
    .n_samples = self->n_samples,
    .seconds_per_sample = r->n ? r->seconds / n : NAN,
  };
}

/* ---- The samples list ---- */

static void
show_samples (SlFaithView *self, gint m)
{
  self->selected = m;
  const guint old = g_list_model_get_n_items (G_LIST_MODEL (self->sample_items));
  Row *r = m >= 0 ? row_at (self, (guint)m) : NULL;
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; r && i < r->samples->len; i++)
    g_ptr_array_add (texts, sample_text (self, &g_array_index (r->samples, SlFaithPartial, i)));
  g_ptr_array_add (texts, NULL);
  gtk_string_list_splice (self->sample_items, 0, old, (const char *const *)texts->pdata);
  g_autofree char *heading = r ? g_strdup_printf (_ ("Samples of %s"), r->method->display_name)
                               : g_strdup (_ ("Samples of the selected method"));
  gtk_label_set_text (self->samples_label, heading);
}

static void
on_row_selected (GtkListBox *list, GtkListBoxRow *row, SlFaithView *self)
{
  show_samples (self, row ? gtk_list_box_row_get_index (row) : -1);
}

static void
on_sample_activate (GtkListView *view, guint position, SlFaithView *self)
{
  sl_faith_view_activate_sample (self, position);
}

static void
setup_item (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* Wrapped, so that the list does not set the view's minimum width. */
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_margin_start (label, 8);
  gtk_widget_set_margin_end (label, 8);
  gtk_widget_set_margin_top (label, 4);
  gtk_widget_set_margin_bottom (label, 4);
  gtk_list_item_set_child (item, label);
}

static void
bind_item (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkStringObject *s = gtk_list_item_get_item (item);
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (s));
}

/* ---- Figures ---- */

static const char **
method_names (SlFaithView *self)
{
  const char **names = g_new0 (const char *, self->rows->len + 1);
  for (guint m = 0; m < self->rows->len; m++)
    names[m] = row_at (self, m)->method->name;
  return names;
}

static void
draw_faith_figure (cairo_t *cr, double width, double height, gpointer fig)
{
  sl_faith_figure_draw (fig, cr, width, height);
}

static void
show_figure (SlFigureView *view, SlFaithFigure *fig)
{
  double w = 0, h = 0;
  if (fig)
    sl_faith_figure_get_size (fig, &w, &h);
  sl_figure_view_set_custom (view, fig, (GDestroyNotify)sl_faith_figure_free, draw_faith_figure, w,
                             h);
}

static void
update_figures (SlFaithView *self)
{
  if (!self->table || self->table->n_done == 0)
    {
      show_figure (self->table_figure, NULL);
      show_figure (self->curves_figure, NULL);
      return;
    }
  g_autofree const char **names = method_names (self);
  g_autofree char *model = sl_session_dup_model_label (self->session);
  SlModel *m = sl_session_get_model (self->session);
  g_autofree char *title = g_strdup_printf (
      ngettext ("Faithfulness · %s (%lu sample%s, %.0f %% kept)",
                "Faithfulness · %s (%lu samples%s, %.0f %% kept)", (gulong)self->table->n_done),
      model, (gulong)self->table->n_done, self->partial ? _ (", partial") : "",
      100 * self->table->frac);
  show_figure (self->table_figure,
               sl_faith_figure_new (self->table, names,
                                    sl_session_get_dataset_label (self->session), model, FALSE,
                                    title));
  show_figure (self->curves_figure,
               sl_faith_curves_figure_new (self->table, names,
                                           m && m->input.rank >= 3 ? "pixels" : "points", NULL));
}

/* ---- State ---- */

static void
update_state (SlFaithView *self)
{
  const gboolean running = self->job != NULL || self->loc_job != NULL;
  const gboolean have_session = self->session && sl_session_get_model (self->session)
                                && sl_session_get_dataset (self->session);
  gtk_widget_set_sensitive (self->run_button, have_session);
  gtk_widget_set_sensitive (self->cancel_button, running);
  gtk_widget_set_sensitive (self->export_table_button, self->table != NULL);
  gtk_widget_set_sensitive (self->export_figure_button,
                            sl_figure_view_has_figure (sl_faith_view_get_figure_view (
                                self, gtk_stack_get_visible_child_name (self->figure_stack))));
  gtk_widget_set_sensitive (self->export_loc_button, self->loc != NULL);
  gtk_widget_set_visible (self->first_row,
                          adw_combo_row_get_selected (self->samples_row) == SL_FAITH_SAMPLES_FIRST);
  g_autofree char *text = NULL;
  gsize done = 0;
  if (self->rows->len)
    done = self->table ? self->table->n_done : row_at (self, self->rows->len - 1)->n;
  if (self->job)
    text = g_strdup_printf (ngettext ("Running: %lu of %lu sample", "Running: %lu of %lu samples",
                                      (gulong)self->n_samples),
                            (gulong)done, (gulong)self->n_samples);
  else if (self->table && self->partial)
    text = g_strdup_printf (ngettext ("Partial: cancelled after %lu of %lu sample (%.1f s)",
                                      "Partial: cancelled after %lu of %lu samples (%.1f s)",
                                      (gulong)self->n_samples),
                            (gulong)done, (gulong)self->n_samples, self->table->seconds);
  else if (self->table)
    text = g_strdup_printf (
        ngettext ("Done: %lu sample in %.1f s", "Done: %lu samples in %.1f s", (gulong)done),
        (gulong)done, self->table->seconds);
  if (text)
    gtk_label_set_text (self->status_label, text);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RUNNING]);
  g_signal_emit (self, signals[SIG_STATE_CHANGED], 0);
}

static void
on_partial (SlJob *job, gpointer item, SlFaithView *self)
{
  const SlFaithPartial *p = item;
  Row *r = row_at (self, p->method);
  if (!r)
    return;
  r->drop += p->drop;
  r->increase += p->increase;
  if (!isnan (p->deletion))
    r->deletion += p->deletion, r->insertion += p->insertion;
  r->seconds += p->seconds;
  r->n++;
  g_array_append_val (r->samples, *p);
  SlFaithRow v;
  live_values (self, p->method, &v);
  fill_row (self, p->method, &v);
  if (self->selected == (gint)p->method)
    {
      g_autofree char *text = sample_text (self, p);
      gtk_string_list_append (self->sample_items, text);
    }
  if (p->method + 1 == self->rows->len)
    update_state (self);
}

static void
on_finished (SlJob *job, SlFaithView *self)
{
  g_signal_handlers_disconnect_by_data (job, self);
  const SlJobState state = sl_job_get_state (job);
  /* A cancelled run's result is the table of the samples done. */
  if (state == SL_JOB_DONE || state == SL_JOB_CANCELLED)
    self->table = sl_job_steal_result (job);
  self->partial = self->table && self->table->partial;
  if (state == SL_JOB_FAILED)
    {
      gtk_label_set_text (self->status_label, sl_job_get_error (job)->message);
      g_signal_emit (self, signals[SIG_ERROR], 0, sl_job_get_error (job));
    }
  g_clear_object (&self->job);
  if (self->table)
    for (guint m = 0; m < self->rows->len && m < self->table->n_methods; m++)
      {
        double seconds = 0;
        for (gsize s = 0; s < self->table->n_done; s++)
          seconds += self->table->sample_seconds[m * self->table->n_samples + s];
        const SlFaithRow v = {
          .method = row_at (self, m)->method->name,
          .drop_rate = self->table->drop_rate[m],
          .increase_rate = self->table->increase_rate[m],
          .deletion_auc = self->table->deletion_auc[m],
          .insertion_auc = self->table->insertion_auc[m],
          .n_done = self->table->n_done,
          .n_samples = self->n_samples,
          .seconds_per_sample = self->table->n_done ? seconds / self->table->n_done : NAN,
        };
        fill_row (self, m, &v);
      }
  update_figures (self);
  update_state (self);
}

static void
cancel_job (SlFaithView *self)
{
  if (!self->job)
    return;
  g_signal_handlers_disconnect_by_data (self->job, self);
  sl_job_cancel (self->job);
  g_clear_object (&self->job);
}

/* ---- Localisation ---- */

static void
fill_loc_header (SlFaithView *self)
{
  const char *titles[N_LOC_COLS + 1] = {
    _ ("Method"),         _ ("Pointing\ngame"), _ ("Relevance\nmass"),
    _ ("Relevance\nrank"), _ ("Samples"),       _ ("Time per\nsample"),
  };
  fill_header_box (self->loc_header_box, self->loc_groups, titles, N_LOC_COLS + 1);
}

static gboolean
has_regions (SlFaithView *self)
{
  SlDataset *dataset = self->session ? sl_session_get_dataset (self->session) : NULL;
  return dataset && dataset->n_regions > 0;
}

static const char *
chosen_region (SlFaithView *self)
{
  SlDataset *dataset = self->session ? sl_session_get_dataset (self->session) : NULL;
  const guint i = gtk_drop_down_get_selected (self->region_dropdown);
  return dataset && i < dataset->n_regions ? dataset->region_names[i] : NULL;
}

static void
update_loc_status (SlFaithView *self)
{
  const gboolean regions = has_regions (self);
  gtk_widget_set_visible (GTK_WIDGET (self->loc_header_box), regions);
  gtk_widget_set_visible (GTK_WIDGET (self->loc_list), regions);
  gtk_widget_set_visible (self->export_loc_button, regions);
  g_autofree char *text = NULL;
  if (!self->session || !sl_session_get_dataset (self->session))
    text = g_strdup ("");
  else if (!regions)
    text = g_strdup (_ ("This dataset has no ground truth: localisation needs a region per "
                        "sample (MNIST-1D's digit, the shapes' object)."));
  else if (self->loc_job)
    text = g_strdup_printf (
        ngettext ("Running: %lu of %lu sample", "Running: %lu of %lu samples", (gulong)self->n_loc),
        (gulong)sl_job_get_done (self->loc_job), (gulong)self->n_loc);
  else if (self->loc)
    text = g_strdup_printf (self->loc->partial
                                ? ngettext ("Region “%s”: partial, %lu of %lu sample (%.1f s)",
                                            "Region “%s”: partial, %lu of %lu samples (%.1f s)",
                                            (gulong)self->loc->n_samples)
                                : ngettext ("Region “%s”: %lu of %lu sample in %.1f s",
                                            "Region “%s”: %lu of %lu samples in %.1f s",
                                            (gulong)self->loc->n_samples),
                            self->loc->region, (gulong)self->loc->n_done,
                            (gulong)self->loc->n_samples, self->loc->seconds);
  else
    text = g_strdup_printf (_ ("Measured with each run against the region “%s”."),
                            chosen_region (self));
  gtk_label_set_text (self->loc_status_label, text);
}

static void
clear_localisation (SlFaithView *self)
{
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self->loc_list)));)
    gtk_list_box_remove (self->loc_list, child);
  g_clear_pointer (&self->loc, sl_localisation_table_free);
  sl_figure_view_set_custom (self->loc_figure, NULL, NULL, NULL, 0, 0);
}

static void
cancel_loc_job (SlFaithView *self)
{
  if (!self->loc_job)
    return;
  g_signal_handlers_disconnect_by_data (self->loc_job, self);
  sl_job_cancel (self->loc_job);
  g_clear_object (&self->loc_job);
}

static void
draw_loc_figure (cairo_t *cr, double width, double height, gpointer fig)
{
  sl_localisation_figure_draw (fig, cr, width, height);
}

/* The rows and the figure of the finished table. */
static void
fill_localisation (SlFaithView *self)
{
  const SlLocalisationTable *t = self->loc;
  g_autofree const char **names = g_new0 (const char *, t->n_methods + 1);
  for (guint m = 0; m < t->n_methods && m < self->loc_methods->len; m++)
    {
      const SlMethod *method = self->loc_methods->pdata[m];
      names[m] = method->name;
      GtkLabel *cells[N_LOC_COLS];
      GtkWidget *box = row_box (self->loc_groups, method->display_name, cells, N_LOC_COLS);
      char *texts[N_LOC_COLS] = {
        format_percent (t->pointing[m]),
        format_percent (t->mass[m]),
        format_percent (t->rank[m]),
        g_strdup_printf ("%" G_GSIZE_FORMAT, t->n_counted[m]),
        format_seconds (t->n_done ? t->method_seconds[m] / t->n_done : NAN),
      };
      for (guint c = 0; c < N_LOC_COLS; c++)
        {
          gtk_label_set_text (cells[c], texts[c]);
          g_free (texts[c]);
        }
      g_autofree char *summary = g_strdup_printf (
          _ ("%s: pointing game %.1f %%, relevance mass %.1f %%, relevance rank %.1f %%"),
          method->display_name, 100 * t->pointing[m], 100 * t->mass[m], 100 * t->rank[m]);
      GtkWidget *row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_widget_set_tooltip_text (row, summary);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, summary,
                                      -1);
      gtk_list_box_append (self->loc_list, row);
    }
  if (t->n_done == 0)
    return;
  SlLocalisationFigure *fig = sl_localisation_figure_new (t, names, NULL);
  double w, h;
  sl_localisation_figure_get_size (fig, &w, &h);
  sl_figure_view_set_custom (self->loc_figure, fig, (GDestroyNotify)sl_localisation_figure_free,
                             draw_loc_figure, w, h);
}

static void
on_loc_progress (SlJob *job, GParamSpec *pspec, SlFaithView *self)
{
  update_loc_status (self);
}

static void
on_loc_finished (SlJob *job, SlFaithView *self)
{
  g_signal_handlers_disconnect_by_data (job, self);
  const SlJobState state = sl_job_get_state (job);
  if (state == SL_JOB_DONE || state == SL_JOB_CANCELLED)
    self->loc = sl_job_steal_result (job);
  g_clear_object (&self->loc_job);
  if (self->loc)
    fill_localisation (self);
  update_loc_status (self);
  if (state == SL_JOB_FAILED)
    {
      gtk_label_set_text (self->loc_status_label, sl_job_get_error (job)->message);
      g_signal_emit (self, signals[SIG_ERROR], 0, sl_job_get_error (job));
    }
  update_state (self);
}

/* Measures the last run's methods and samples against the chosen region. */
static void
start_localisation (SlFaithView *self)
{
  cancel_loc_job (self);
  clear_localisation (self);
  SlModel *model = self->session ? sl_session_get_model (self->session) : NULL;
  SlDataset *dataset = self->session ? sl_session_get_dataset (self->session) : NULL;
  if (!model || !dataset || !has_regions (self) || !self->loc_methods || !self->n_loc)
    {
      update_loc_status (self);
      return;
    }
  const guint n = self->loc_methods->len;
  g_autofree SlExplainRequest *reqs = g_new0 (SlExplainRequest, n);
  for (guint m = 0; m < n; m++)
    {
      sl_explain_request_init (&reqs[m], ((const SlMethod *)self->loc_methods->pdata[m])->name);
      reqs[m].score = self->loc_score;
    }
  SlLocalisationOptions options;
  sl_localisation_options_init (&options);
  options.region = chosen_region (self);
  options.use_labels = self->loc_use_labels;
  self->loc_job
      = sl_localisation_job_new (model, dataset, self->loc_indices, self->n_loc, reqs, n, &options);
  sl_job_title_localisation (self->loc_job, n, n ? reqs[0].method : NULL, dataset->name);
  g_signal_connect (self->loc_job, "notify::fraction", G_CALLBACK (on_loc_progress), self);
  g_signal_connect (self->loc_job, "finished", G_CALLBACK (on_loc_finished), self);
  sl_job_pool_push (sl_session_get_pool (self->session), self->loc_job);
  update_loc_status (self);
}

static void
on_region_selected (GtkDropDown *dropdown, GParamSpec *pspec, SlFaithView *self)
{
  /* A finished run is measured again against the new region; the next run uses it anyway. */
  if (self->loc || self->loc_job)
    start_localisation (self);
  else
    update_loc_status (self);
  update_state (self);
}

/* The regions of the session's dataset into the selector (shown when there are several). */
static void
set_regions (SlFaithView *self)
{
  SlDataset *dataset = self->session ? sl_session_get_dataset (self->session) : NULL;
  const guint n = dataset ? dataset->n_regions : 0;
  g_signal_handlers_block_by_func (self->region_dropdown, on_region_selected, self);
  g_autoptr (GtkStringList) names
      = gtk_string_list_new (n ? (const char *const *)dataset->region_names : NULL);
  gtk_drop_down_set_model (self->region_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->region_dropdown, 0);
  g_signal_handlers_unblock_by_func (self->region_dropdown, on_region_selected, self);
  gtk_widget_set_visible (GTK_WIDGET (self->region_dropdown), n > 1);
  gtk_stack_page_set_visible (self->loc_page, n > 0);
  update_loc_status (self);
}

/* ---- Options ---- */

static GPtrArray *
chosen_methods (SlFaithView *self)
{
  GPtrArray *methods = g_ptr_array_new ();
  guint n;
  const SlMethod *const *all = sl_method_list (&n);
  for (guint i = 0; i < n && i < self->checks->len; i++)
    if (gtk_check_button_get_active (self->checks->pdata[i]))
      g_ptr_array_add (methods, (gpointer)all[i]);
  return methods;
}

static int
chosen_score (SlFaithView *self)
{
  switch (adw_combo_row_get_selected (self->score_row))
    {
    case 1:
      return SL_SCORE_LOGIT;
    case 2:
      return SL_SCORE_PROB;
    default:
      return SL_EXPLAIN_SCORE_DEFAULT;
    }
}

static void
on_option_changed (SlFaithView *self)
{
  update_state (self);
}

/* ---- Run ---- */

gboolean
sl_faith_view_run (SlFaithView *self, GError **error)
{
  g_return_val_if_fail (SL_IS_FAITH_VIEW (self), FALSE);
  SlModel *model = self->session ? sl_session_get_model (self->session) : NULL;
  SlDataset *dataset = self->session ? sl_session_get_dataset (self->session) : NULL;
  if (!model || !dataset)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_ARGUMENT,
                           _ ("Open a model and a dataset first."));
      return FALSE;
    }
  g_autoptr (GPtrArray) methods = chosen_methods (self);
  if (!methods->len)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_ARGUMENT, _ ("Choose at least one method."));
      return FALSE;
    }
  const SlFaithSamples which = adw_combo_row_get_selected (self->samples_row);
  if (which == SL_FAITH_SAMPLES_FILTER && (!self->has_filter || !self->n_filter))
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_ARGUMENT,
                           _ ("The gallery's filter shows no samples."));
      return FALSE;
    }
  cancel_job (self);
  clear_table (self);

  g_autofree SlExplainRequest *reqs = g_new0 (SlExplainRequest, methods->len);
  for (guint m = 0; m < methods->len; m++)
    {
      const SlMethod *method = methods->pdata[m];
      sl_explain_request_init (&reqs[m], method->name);
      reqs[m].score = chosen_score (self);
      add_row (self, method);
    }
  SlFaithOptions options;
  sl_faith_options_init (&options);
  options.frac = gtk_spin_button_get_value (self->frac_spin);
  options.curves = gtk_switch_get_active (self->curves_switch);
  options.use_labels = adw_combo_row_get_selected (self->target_row) == 1;
  self->curves = options.curves;
  SlJob *job;
  if (which == SL_FAITH_SAMPLES_FILTER)
    {
      job = sl_faith_job_new_for_indices (model, dataset, self->filter, self->n_filter, reqs,
                                          methods->len, &options);
      self->n_samples = self->n_filter;
    }
  else
    {
      const gsize n_first = (gsize)gtk_spin_button_get_value (self->first_spin);
      const gsize count = which == SL_FAITH_SAMPLES_FIRST ? MIN (n_first, dataset->n_samples) : 0;
      job = sl_faith_job_new (model, dataset, 0, count, reqs, methods->len, &options);
      self->n_samples = count ? count : dataset->n_samples;
    }
  sl_job_title_faithfulness (job, methods->len, ((const SlMethod *)methods->pdata[0])->name,
                             dataset->name);
  self->job = job;
  /* Localisation over the same methods and samples, alongside. */
  g_clear_pointer (&self->loc_methods, g_ptr_array_unref);
  self->loc_methods = g_ptr_array_copy (methods, NULL, NULL);
  self->loc_score = chosen_score (self);
  self->loc_use_labels = options.use_labels;
  g_clear_pointer (&self->loc_indices, g_free);
  self->loc_indices = which == SL_FAITH_SAMPLES_FILTER
                          ? g_memdup2 (self->filter, self->n_filter * sizeof (gsize))
                          : NULL;
  self->n_loc = self->n_samples;
  start_localisation (self);
  g_signal_connect (job, "partial", G_CALLBACK (on_partial), self);
  g_signal_connect (job, "finished", G_CALLBACK (on_finished), self);
  sl_job_pool_push (sl_session_get_pool (self->session), job);
  gtk_list_box_select_row (self->table_list, gtk_list_box_get_row_at_index (self->table_list, 0));
  update_state (self);
  return TRUE;
}

static void
on_run_clicked (GtkButton *button, SlFaithView *self)
{
  g_autoptr (GError) error = NULL;
  if (!sl_faith_view_run (self, &error))
    {
      gtk_label_set_text (self->status_label, error->message);
      g_signal_emit (self, signals[SIG_ERROR], 0, error);
    }
}

void
sl_faith_view_cancel (SlFaithView *self)
{
  g_return_if_fail (SL_IS_FAITH_VIEW (self));
  /* ::finished brings the partial table. */
  if (self->job)
    sl_job_cancel (self->job);
  if (self->loc_job)
    sl_job_cancel (self->loc_job);
}

static void
on_cancel_clicked (GtkButton *button, SlFaithView *self)
{
  sl_faith_view_cancel (self);
}

/* ---- Export ---- */

static void
on_table_chooser_response (GtkNativeDialog *chooser, int response, SlFaithView *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr (GError) error = NULL;
      if (path && !sl_faith_view_export_table (self, path, &error))
        {
          gtk_label_set_text (self->status_label, error->message);
          g_signal_emit (self, signals[SIG_ERROR], 0, error);
        }
    }
  g_clear_object (&self->chooser);
}

static void
on_loc_chooser_response (GtkNativeDialog *chooser, int response, SlFaithView *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr (GError) error = NULL;
      if (path && !sl_faith_view_export_localisation (self, path, &error))
        {
          gtk_label_set_text (self->loc_status_label, error->message);
          g_signal_emit (self, signals[SIG_ERROR], 0, error);
        }
    }
  g_clear_object (&self->chooser);
}

/* A save dialog for a table as CSV or JSON; `response` writes it. */
static void
choose_table_file (SlFaithView *self, const char *title, const char *name, GCallback response)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  self->chooser
      = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL,
                                     GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Export"), _ ("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  const char *patterns[][2]
      = { { N_ ("CSV (*.csv)"), "*.csv" }, { N_ ("JSON (*.json)"), "*.json" } };
  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    {
      g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, _ (patterns[i][0]));
      gtk_file_filter_add_pattern (filter, patterns[i][1]);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
    }
  g_signal_connect (self->chooser, "response", response, self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_export_table_clicked (GtkButton *button, SlFaithView *self)
{
  choose_table_file (self, _ ("Export Faithfulness Table"), "faithfulness.csv",
                     G_CALLBACK (on_table_chooser_response));
}

static void
on_export_loc_clicked (GtkButton *button, SlFaithView *self)
{
  choose_table_file (self, _ ("Export Localisation Table"), "localisation.csv",
                     G_CALLBACK (on_loc_chooser_response));
}

static void
on_figure_export (SlExportDialog *dialog, const char *path, double width, double height, double dpi,
                  SlFaithView *self)
{
  g_autoptr (GError) error = NULL;
  if (!sl_faith_view_export_figure (self, gtk_stack_get_visible_child_name (self->figure_stack),
                                    path, width, height, dpi, &error))
    {
      gtk_label_set_text (self->status_label, error->message);
      g_signal_emit (self, signals[SIG_ERROR], 0, error);
    }
}

static void
on_export_figure_clicked (GtkButton *button, SlFaithView *self)
{
  const char *which = gtk_stack_get_visible_child_name (self->figure_stack);
  gpointer fig = sl_figure_view_get_custom (sl_faith_view_get_figure_view (self, which));
  if (!fig)
    return;
  double w, h;
  const gboolean loc = g_str_equal (which, "localisation");
  if (loc)
    sl_localisation_figure_get_size (fig, &w, &h);
  else
    sl_faith_figure_get_size (fig, &w, &h);
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  SlExportDialog *dialog = sl_export_dialog_new (
      GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL, _ ("Export Figure"),
      loc                             ? "localisation"
      : g_str_equal (which, "curves") ? "faithfulness-curves"
                                      : "faithfulness",
      w, h);
  g_signal_connect_object (dialog, "export", G_CALLBACK (on_figure_export), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- GObject ---- */

static void
on_session_changed (SlSession *session, SlFaithView *self)
{
  cancel_job (self);
  clear_table (self);
  cancel_loc_job (self);
  clear_localisation (self);
  g_clear_pointer (&self->loc_methods, g_ptr_array_unref);
  g_clear_pointer (&self->loc_indices, g_free);
  self->n_loc = 0;
  set_regions (self);
  self->has_filter = FALSE;
  g_clear_pointer (&self->filter, g_free);
  self->n_filter = 0;
  /* The course keeps 30 % of a signal's points and 90 % of an image's pixels. */
  SlModel *model = session ? sl_session_get_model (session) : NULL;
  if (model)
    gtk_spin_button_set_value (self->frac_spin, model->input.rank >= 3 ? 0.9 : 0.3);
  gtk_label_set_text (self->status_label, _ ("Choose methods and press Run."));
  update_state (self);
}

static void
sl_faith_view_dispose (GObject *object)
{
  SlFaithView *self = SL_FAITH_VIEW (object);
  cancel_job (self);
  cancel_loc_job (self);
  if (self->chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->session)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  /* The list box reports its rows' removal as a selection change: not to a half-disposed view. */
  if (self->table_list)
    g_signal_handlers_disconnect_by_data (self->table_list, self);
  if (self->region_dropdown)
    g_signal_handlers_disconnect_by_data (self->region_dropdown, self);
  if (self->figure_stack)
    g_signal_handlers_disconnect_by_data (self->figure_stack, self);
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_FAITH_VIEW);
  /* The template's root box is not bound to a field, so it is unparented here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object)));)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (sl_faith_view_parent_class)->dispose (object);
}

static void
sl_faith_view_finalize (GObject *object)
{
  SlFaithView *self = SL_FAITH_VIEW (object);
  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->table, sl_faith_table_free);
  g_clear_pointer (&self->filter, g_free);
  g_clear_object (&self->sample_items);
  for (guint c = 0; c <= N_COLS; c++)
    g_clear_object (&self->groups[c]);
  g_clear_object (&self->progress_group);
  for (guint c = 0; c <= N_LOC_COLS; c++)
    g_clear_object (&self->loc_groups[c]);
  g_clear_pointer (&self->loc, sl_localisation_table_free);
  g_clear_pointer (&self->loc_methods, g_ptr_array_unref);
  g_clear_pointer (&self->loc_indices, g_free);
  G_OBJECT_CLASS (sl_faith_view_parent_class)->finalize (object);
}

static void
sl_faith_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, sl_faith_view_is_running (SL_FAITH_VIEW (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_faith_view_class_init (SlFaithViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = sl_faith_view_dispose;
  object_class->finalize = sl_faith_view_finalize;
  object_class->get_property = sl_faith_view_get_property;
  props[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
  signals[SIG_SAMPLE_ACTIVATED]
      = g_signal_new ("sample-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_STRING);
  signals[SIG_STATE_CHANGED]
      = g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);
  signals[SIG_ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                     NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  g_type_ensure (SL_TYPE_FIGURE_VIEW);
  /* Referencing the generated resource keeps it (and its registration) in a static link. */
  (void)sl_app_resources_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/saliencylab/SaliencyLab/ui/sl-faith-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, frac_spin);
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, score_row);
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, target_row);
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, samples_row);
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, first_row);
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, first_spin);
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, curves_switch);
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, run_button);
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, methods_group);
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, status_label);
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, export_table_button);
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, export_figure_button);
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, header_box);
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, table_list);
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, samples_label);
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, samples_view);
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, figure_stack);
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, figure_switcher);
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, table_figure);
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, curves_figure);
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, loc_status_label);
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, region_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, export_loc_button);
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, loc_header_box);
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, loc_list);
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, loc_page);
  gtk_widget_class_bind_template_child (widget_class, SlFaithView, loc_figure);
  gtk_widget_class_bind_template_callback (widget_class, on_run_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_export_table_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_export_figure_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_export_loc_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_sample_activate);
  gtk_widget_class_set_css_name (widget_class, "faithview");
}

static void
sl_faith_view_init (SlFaithView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sl_stack_switcher_make_compact (self->figure_switcher);
  self->selected = -1;
  self->rows = g_array_new (FALSE, FALSE, sizeof (Row));
  g_array_set_clear_func (self->rows, (GDestroyNotify)row_clear);
  for (guint c = 0; c <= N_COLS; c++)
    self->groups[c] = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->progress_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  fill_header (self);
  for (guint c = 0; c <= N_LOC_COLS; c++)
    self->loc_groups[c] = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  fill_loc_header (self);
  g_signal_connect (self->region_dropdown, "notify::selected", G_CALLBACK (on_region_selected),
                    self);
  g_signal_connect_swapped (self->figure_stack, "notify::visible-child-name",
                            G_CALLBACK (update_state), self);

  self->sample_items = gtk_string_list_new (NULL);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_item), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_item), NULL);
  gtk_list_view_set_factory (self->samples_view, factory);
  g_object_unref (factory);
  g_autoptr (GtkSingleSelection) selection
      = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sample_items)));
  gtk_list_view_set_model (self->samples_view, GTK_SELECTION_MODEL (selection));

  self->checks = sl_method_checks_add (self->methods_group, default_methods, NULL, NULL);
  g_signal_connect_swapped (self->samples_row, "notify::selected", G_CALLBACK (on_option_changed),
                            self);
  update_state (self);
}

/* ---- Public ---- */

GtkWidget *
sl_faith_view_new (void)
{
  return g_object_new (SL_TYPE_FAITH_VIEW, NULL);
}

void
sl_faith_view_set_session (SlFaithView *self, SlSession *session)
{
  g_return_if_fail (SL_IS_FAITH_VIEW (self));
  if (self->session)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session)
    g_signal_connect (session, "changed", G_CALLBACK (on_session_changed), self);
  on_session_changed (session, self);
}

void
sl_faith_view_set_filter_indices (SlFaithView *self, const gsize *indices, gsize n)
{
  g_return_if_fail (SL_IS_FAITH_VIEW (self));
  g_return_if_fail (indices != NULL || n == 0);
  g_free (self->filter);
  self->filter = n ? g_memdup2 (indices, n * sizeof (gsize)) : NULL;
  self->n_filter = n;
  self->has_filter = TRUE;
}

void
sl_faith_view_set_methods (SlFaithView *self, const char *const *names)
{
  g_return_if_fail (SL_IS_FAITH_VIEW (self));
  guint n;
  const SlMethod *const *all = sl_method_list (&n);
  for (guint i = 0; i < n && i < self->checks->len; i++)
    {
      gboolean on = FALSE;
      for (guint k = 0; names && names[k] && !on; k++)
        on = sl_method_lookup (names[k]) == all[i];
      gtk_check_button_set_active (self->checks->pdata[i], on);
    }
}

char **
sl_faith_view_dup_methods (SlFaithView *self)
{
  g_autoptr (GPtrArray) methods = chosen_methods (self);
  char **names = g_new0 (char *, methods->len + 1);
  for (guint m = 0; m < methods->len; m++)
    names[m] = g_strdup (((const SlMethod *)methods->pdata[m])->name);
  return names;
}

void
sl_faith_view_set_frac (SlFaithView *self, double frac)
{
  gtk_spin_button_set_value (self->frac_spin, frac);
}

double
sl_faith_view_get_frac (SlFaithView *self)
{
  return gtk_spin_button_get_value (self->frac_spin);
}

void
sl_faith_view_set_score (SlFaithView *self, int score)
{
  adw_combo_row_set_selected (self->score_row, score == SL_SCORE_LOGIT  ? 1
                                               : score == SL_SCORE_PROB ? 2
                                                                        : 0);
}

void
sl_faith_view_set_use_labels (SlFaithView *self, gboolean use_labels)
{
  adw_combo_row_set_selected (self->target_row, use_labels ? 1 : 0);
}

void
sl_faith_view_set_samples (SlFaithView *self, SlFaithSamples which, gsize n_first)
{
  adw_combo_row_set_selected (self->samples_row, which);
  if (n_first)
    gtk_spin_button_set_value (self->first_spin, (double)n_first);
}

void
sl_faith_view_set_curves (SlFaithView *self, gboolean curves)
{
  gtk_switch_set_active (self->curves_switch, curves);
}

gboolean
sl_faith_view_is_running (SlFaithView *self)
{
  return self->job != NULL || self->loc_job != NULL;
}

gboolean
sl_faith_view_is_partial (SlFaithView *self)
{
  return self->partial;
}

guint
sl_faith_view_get_n_rows (SlFaithView *self)
{
  return self->rows->len;
}

gboolean
sl_faith_view_get_row (SlFaithView *self, guint row, SlFaithRow *out)
{
  g_return_val_if_fail (SL_IS_FAITH_VIEW (self) && out != NULL, FALSE);
  if (row >= self->rows->len)
    return FALSE;
  live_values (self, row, out);
  return TRUE;
}

const SlFaithTable *
sl_faith_view_get_table (SlFaithView *self)
{
  return self->table;
}

void
sl_faith_view_select_row (SlFaithView *self, guint row)
{
  gtk_list_box_select_row (self->table_list,
                           gtk_list_box_get_row_at_index (self->table_list, (int)row));
}

guint
sl_faith_view_get_n_sample_items (SlFaithView *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->sample_items));
}

void
sl_faith_view_activate_sample (SlFaithView *self, guint position)
{
  g_return_if_fail (SL_IS_FAITH_VIEW (self));
  const Row *r = self->selected >= 0 ? row_at (self, (guint)self->selected) : NULL;
  if (!r || position >= r->samples->len)
    return;
  const SlFaithPartial *p = &g_array_index (r->samples, SlFaithPartial, position);
  g_signal_emit (self, signals[SIG_SAMPLE_ACTIVATED], 0, (guint64)p->sample, r->method->name);
}

gboolean
sl_faith_view_export_table (SlFaithView *self, const char *path, GError **error)
{
  g_return_val_if_fail (SL_IS_FAITH_VIEW (self) && path != NULL, FALSE);
  if (!self->table)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_ARGUMENT, _ ("No finished run to export."));
      return FALSE;
    }
  return sl_faith_table_save (self->table, path, error);
}

SlFigureView *
sl_faith_view_get_figure_view (SlFaithView *self, const char *which)
{
  if (g_strcmp0 (which, "localisation") == 0)
    return self->loc_figure;
  return g_strcmp0 (which, "curves") == 0 ? self->curves_figure : self->table_figure;
}

void
sl_faith_view_show_figure (SlFaithView *self, const char *which)
{
  g_return_if_fail (SL_IS_FAITH_VIEW (self));
  const gboolean known = g_strcmp0 (which, "curves") == 0 || g_strcmp0 (which, "localisation") == 0;
  gtk_stack_set_visible_child_name (self->figure_stack, known ? which : "table");
}

gboolean
sl_faith_view_export_figure (SlFaithView *self, const char *which, const char *path, double width,
                             double height, double dpi, GError **error)
{
  g_return_val_if_fail (SL_IS_FAITH_VIEW (self) && path != NULL, FALSE);
  if (g_strcmp0 (which, "localisation") == 0)
    {
      const SlLocalisationFigure *loc = sl_figure_view_get_custom (self->loc_figure);
      if (!loc)
        {
          g_set_error_literal (error, SL_ERROR, SL_ERROR_ARGUMENT,
                               _ ("No localisation to export: the dataset needs ground truth."));
          return FALSE;
        }
      return sl_localisation_figure_export (loc, path, width, height, dpi, error);
    }
  const SlFaithFigure *fig
      = sl_figure_view_get_custom (sl_faith_view_get_figure_view (self, which));
  if (!fig)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_ARGUMENT,
                           g_strcmp0 (which, "curves") == 0
                               ? _ ("No curves to export: run with the curves on.")
                               : _ ("No finished run to export."));
      return FALSE;
    }
  return sl_faith_figure_export (fig, path, width, height, dpi, error);
}

const SlLocalisationTable *
sl_faith_view_get_localisation (SlFaithView *self)
{
  return self->loc;
}

guint
sl_faith_view_get_n_localisation_rows (SlFaithView *self)
{
  guint n = 0;
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->loc_list)); row;
       row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

const char *
sl_faith_view_get_localisation_status (SlFaithView *self)
{
  return gtk_label_get_text (self->loc_status_label);
}

gboolean
sl_faith_view_set_region (SlFaithView *self, const char *name)
{
  g_return_val_if_fail (SL_IS_FAITH_VIEW (self), FALSE);
  SlDataset *dataset = self->session ? sl_session_get_dataset (self->session) : NULL;
  const int i = dataset && name ? sl_dataset_find_region (dataset, name) : -1;
  if (i < 0)
    return FALSE;
  gtk_drop_down_set_selected (self->region_dropdown, (guint)i);
  return TRUE;
}

/* A number for CSV: shortest exact form, empty for NaN. */
static void
append_csv_number (GString *s, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append_c (s, ',');
  if (!isnan (v))
    g_string_append (s, g_ascii_dtostr (buf, sizeof buf, v));
}

static char *
localisation_csv (const SlLocalisationTable *t)
{
  GString *s = g_string_new ("method,region,pointing,mass,rank,samples,seconds\n");
  for (guint m = 0; m < t->n_methods; m++)
    {
      /* Method and region names hold no commas or quotes ("gradcam (prob)", "object"). */
      g_string_append_printf (s, "%s,%s", t->methods[m], t->region);
      append_csv_number (s, t->pointing[m]);
      append_csv_number (s, t->mass[m]);
      append_csv_number (s, t->rank[m]);
      g_string_append_printf (s, ",%" G_GSIZE_FORMAT, t->n_counted[m]);
      append_csv_number (s, t->method_seconds[m]);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

static gboolean
write_text (const char *tmp_path, gpointer data, GError **error)
{
  return g_file_set_contents (tmp_path, data, -1, error);
}

gboolean
sl_faith_view_export_localisation (SlFaithView *self, const char *path, GError **error)
{
  g_return_val_if_fail (SL_IS_FAITH_VIEW (self) && path != NULL, FALSE);
  if (!self->loc)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_ARGUMENT,
                           _ ("No localisation to export: the dataset needs ground truth."));
      return FALSE;
    }
  g_autofree char *lower = g_ascii_strdown (path, -1);
  g_autofree char *text = NULL;
  if (g_str_has_suffix (lower, ".csv"))
    text = localisation_csv (self->loc);
  else if (g_str_has_suffix (lower, ".json"))
    {
      g_autoptr (JsonNode) node = sl_localisation_table_to_json (self->loc, TRUE);
      text = json_to_string (node, TRUE);
    }
  else
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   _ ("%s: a localisation table is saved as .csv or .json"), path);
      return FALSE;
    }
  return sl_atomic_write (path, write_text, text, error);
}
