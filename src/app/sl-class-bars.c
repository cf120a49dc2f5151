#include "sl-class-bars.h"

#include <glib/gi18n.h>

#define MAX_ROWS 10

struct _SlClassBars
{
  GtkWidget parent_instance;
  GtkListBox *list;
  int target;
};

enum
{
  SIG_CLASS_ACTIVATED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlClassBars, sl_class_bars, GTK_TYPE_WIDGET)

static void
on_row_activated (GtkListBox *list, GtkListBoxRow *row, SlClassBars *self)
{
  const int c = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "class"));
  g_signal_emit (self, signals[SIG_CLASS_ACTIVATED], 0, c);
}

static void
sl_class_bars_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_CLASS_BARS);
  /* The template's root box is not bound to a field, so it is unparented here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object)));)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (sl_class_bars_parent_class)->dispose (object);
}

static void
sl_class_bars_class_init (SlClassBarsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  G_OBJECT_CLASS (klass)->dispose = sl_class_bars_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/saliencylab/SaliencyLab/ui/sl-class-bars.ui");
  gtk_widget_class_bind_template_child (widget_class, SlClassBars, list);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_set_css_name (widget_class, "classbars");
  signals[SIG_CLASS_ACTIVATED] = g_signal_new ("class-activated", G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
sl_class_bars_init (SlClassBars *self)
{
  self->target = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sl_class_bars_new (void)
{
  return g_object_new (SL_TYPE_CLASS_BARS, NULL);
}

static int
cmp_prob (gconstpointer a, gconstpointer b, gpointer data)
{
  const double *p = data;
  const double x = p[*(const guint *) a], y = p[*(const guint *) b];
  return (x < y) - (x > y);
}

static void
update_marks (SlClassBars *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row;
       row = gtk_widget_get_next_sibling (row))
    {
      const int c = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "class"));
      GtkWidget *mark = g_object_get_data (G_OBJECT (row), "mark");
      if (mark)
        gtk_widget_set_opacity (mark, c == self->target ? 1.0 : 0.0);
      if (c == self->target)
        gtk_widget_add_css_class (row, "target");
      else
        gtk_widget_remove_css_class (row, "target");
    }
}

void
sl_class_bars_set (SlClassBars *self, const double *probs, guint n_classes,
                   const char *const *names, int label)
{
  g_return_if_fail (SL_IS_CLASS_BARS (self));
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
    gtk_list_box_remove (self->list, child);
  if (!probs)
    return;
  g_autofree guint *order = g_new (guint, n_classes);
  for (guint c = 0; c < n_classes; c++)
    order[c] = c;
  g_qsort_with_data (order, (gint) n_classes, sizeof (guint), cmp_prob, (gpointer) probs);
  for (guint i = 0; i < MIN (n_classes, MAX_ROWS); i++)
    {
      const guint c = order[i];
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      gtk_widget_set_margin_start (box, 8);
      gtk_widget_set_margin_end (box, 8);
      gtk_widget_set_margin_top (box, 4);
      gtk_widget_set_margin_bottom (box, 4);
      /* The class explained is marked by an icon as well as by the row's style. */
      GtkWidget *mark = gtk_image_new_from_icon_name ("find-location-symbolic");
      gtk_widget_set_tooltip_text (mark, _("The class explained"));
      GtkWidget *name = gtk_label_new (names[c]);
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (name), 10);
      if ((int) c == label)
        {
          g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b> ✓", names[c]);
          gtk_label_set_markup (GTK_LABEL (name), markup);
        }
      GtkWidget *bar = gtk_level_bar_new_for_interval (0, 1);
      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), probs[c]);
      gtk_widget_set_hexpand (bar, TRUE);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      g_autofree char *pct = g_strdup_printf (_("%.1f %%"), 100 * probs[c]);
      GtkWidget *value = gtk_label_new (pct);
      gtk_label_set_width_chars (GTK_LABEL (value), 7);
      gtk_label_set_xalign (GTK_LABEL (value), 1);
      gtk_widget_add_css_class (value, "numeric");
      gtk_box_append (GTK_BOX (box), mark);
      gtk_box_append (GTK_BOX (box), name);
      gtk_box_append (GTK_BOX (box), bar);
      gtk_box_append (GTK_BOX (box), value);
      GtkWidget *row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      g_object_set_data (G_OBJECT (row), "class", GINT_TO_POINTER (c));
      g_object_set_data (G_OBJECT (row), "mark", mark);
      g_autofree char *tip = g_strdup_printf (_("Explain class %s (p = %.3f)%s"), names[c], probs[c],
                                              (int) c == label ? _(", the true class") : "");
      gtk_widget_set_tooltip_text (row, tip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
      gtk_list_box_append (self->list, row);
    }
  update_marks (self);
}

void
sl_class_bars_set_target (SlClassBars *self, int target)
{
  g_return_if_fail (SL_IS_CLASS_BARS (self));
  self->target = target;
  update_marks (self);
}
