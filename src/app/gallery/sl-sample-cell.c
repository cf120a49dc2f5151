/* sl-sample-cell.c — one gallery thumbnail (template ui/sl-sample-cell.ui). */
#include "sl-sample-cell.h"

#include "sl-app-resources.h"

#include <glib/gi18n.h>
#include <math.h>

struct _SlSampleCell
{
  GtkWidget parent_instance;
  GtkPicture *picture;
  GtkImage *wrong_icon;
  GtkLabel *index_label;
  GtkLabel *confidence_label;
  GtkLabel *true_label;
  GtkLabel *predicted_label;

  SlSampleItem *item;
  gulong notify_id;
  const char *const *class_names;
  guint n_classes;
  char *description;
};

G_DEFINE_FINAL_TYPE (SlSampleCell, sl_sample_cell, GTK_TYPE_WIDGET)

static const char *
class_name (SlSampleCell *self, int c)
{
  if (c >= 0 && (guint)c < self->n_classes && self->class_names)
    return self->class_names[c];
  return NULL;
}

static void
update (SlSampleCell *self)
{
  SlSampleItem *item = self->item;
  const gsize index = sl_sample_item_get_index (item);
  const int label = sl_sample_item_get_label (item), pred = sl_sample_item_get_predicted (item);
  const gboolean has = sl_sample_item_get_has_prediction (item);
  const gboolean wrong = sl_sample_item_get_wrong (item);
  /* Class numbers stand in for missing names. */
  g_autofree char *true_num = g_strdup_printf ("%d", label);
  g_autofree char *pred_num = g_strdup_printf ("%d", pred);
  const char *true_name = class_name (self, label) ? class_name (self, label) : true_num;
  const char *pred_name = class_name (self, pred) ? class_name (self, pred) : pred_num;
  g_autofree char *percent
      /* Translators: a confidence in percent; use your language's space before % (if any). */
      = has ? g_strdup_printf (_("%.0f %%"), 100 * sl_sample_item_get_confidence (item))
            : g_strdup ("…");

  g_autofree char *index_text = g_strdup_printf ("#%" G_GSIZE_FORMAT, index);
  gtk_label_set_text (self->index_label, index_text);
  gtk_label_set_text (self->confidence_label, percent);
  /* Translators: the true class of a gallery sample, short. */
  g_autofree char *true_text
      = label >= 0 ? g_strdup_printf (_("true %s"), true_name) : g_strdup (_("true ?"));
  gtk_label_set_text (self->true_label, true_text);
  /* Translators: the predicted class of a gallery sample, short. */
  g_autofree char *pred_text
      = has ? g_strdup_printf (_("pred %s"), pred_name) : g_strdup (_("pred …"));
  gtk_label_set_text (self->predicted_label, pred_text);

  gtk_widget_set_visible (GTK_WIDGET (self->wrong_icon), wrong);
  if (wrong)
    gtk_widget_add_css_class (GTK_WIDGET (self), "wrong");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "wrong");

  /* Whole sentences, so that a translation can reorder them. */
  const gulong n = index;
  char *d;
  if (label >= 0 && has)
    /* Translators: a gallery cell's accessible description: index, true class, predicted class,
     * confidence (already formatted with its %). */
    d = g_strdup_printf (_("Sample %lu: true %s, predicted %s, %s"), n, true_name, pred_name,
                         percent);
  else if (has)
    d = g_strdup_printf (_("Sample %lu: predicted %s, %s"), n, pred_name, percent);
  else if (label >= 0)
    d = g_strdup_printf (_("Sample %lu: true %s, not predicted yet"), n, true_name);
  else
    d = g_strdup_printf (_("Sample %lu: not predicted yet"), n);
  g_free (self->description);
  self->description = d;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->description, -1);
}

/* The tooltip gives the full class names the labels may ellipsize. It is asked for on hover:
 * setting a tooltip text on every bind costs an X round trip per cell. */
static gboolean
query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip,
               gpointer data)
{
  SlSampleCell *self = SL_SAMPLE_CELL (widget);
  if (!self->item || !self->description)
    return FALSE;
  gtk_tooltip_set_text (tooltip, self->description);
  return TRUE;
}

static void
item_notify (GObject *object, GParamSpec *pspec, gpointer data)
{
  update (data);
}

static void
sl_sample_cell_dispose (GObject *object)
{
  SlSampleCell *self = SL_SAMPLE_CELL (object);
  sl_sample_cell_unbind (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_SAMPLE_CELL);
  /* The template's root box is not a bound child: unparent it too. */
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (sl_sample_cell_parent_class)->dispose (object);
}

static void
sl_sample_cell_finalize (GObject *object)
{
  g_free (SL_SAMPLE_CELL (object)->description);
  G_OBJECT_CLASS (sl_sample_cell_parent_class)->finalize (object);
}

static void
sl_sample_cell_class_init (SlSampleCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = sl_sample_cell_dispose;
  object_class->finalize = sl_sample_cell_finalize;
  /* Referencing the generated resource keeps it (and its registration) in a static link. */
  (void)sl_app_resources_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/saliencylab/SaliencyLab/ui/sl-sample-cell.ui");
  gtk_widget_class_bind_template_child (widget_class, SlSampleCell, picture);
  gtk_widget_class_bind_template_child (widget_class, SlSampleCell, wrong_icon);
  gtk_widget_class_bind_template_child (widget_class, SlSampleCell, index_label);
  gtk_widget_class_bind_template_child (widget_class, SlSampleCell, confidence_label);
  gtk_widget_class_bind_template_child (widget_class, SlSampleCell, true_label);
  gtk_widget_class_bind_template_child (widget_class, SlSampleCell, predicted_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sl-sample-cell");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sl_sample_cell_init (SlSampleCell *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip), NULL);
}

GtkWidget *
sl_sample_cell_new (void)
{
  return g_object_new (SL_TYPE_SAMPLE_CELL, NULL);
}

void
sl_sample_cell_bind (SlSampleCell *self, SlSampleItem *item, GdkTexture *texture,
                     const char *const *class_names, guint n_classes)
{
  g_return_if_fail (SL_IS_SAMPLE_CELL (self) && SL_IS_SAMPLE_ITEM (item));
  sl_sample_cell_unbind (self);
  self->item = g_object_ref (item);
  self->class_names = class_names;
  self->n_classes = n_classes;
  self->notify_id = g_signal_connect (item, "notify", G_CALLBACK (item_notify), self);
  sl_sample_cell_set_texture (self, texture);
  update (self);
}

void
sl_sample_cell_set_texture (SlSampleCell *self, GdkTexture *texture)
{
  g_return_if_fail (SL_IS_SAMPLE_CELL (self));
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
}

void
sl_sample_cell_set_thumbnail_size (SlSampleCell *self, int width, int height)
{
  g_return_if_fail (SL_IS_SAMPLE_CELL (self));
  gtk_widget_set_size_request (GTK_WIDGET (self->picture), width, height);
}

void
sl_sample_cell_unbind (SlSampleCell *self)
{
  g_return_if_fail (SL_IS_SAMPLE_CELL (self));
  if (!self->item)
    return;
  g_clear_signal_handler (&self->notify_id, self->item);
  g_clear_object (&self->item);
  if (self->picture)
    gtk_picture_set_paintable (self->picture, NULL);
  self->class_names = NULL;
  self->n_classes = 0;
}

SlSampleItem *
sl_sample_cell_get_item (SlSampleCell *self)
{
  return self->item;
}

const char *
sl_sample_cell_get_description (SlSampleCell *self)
{
  return self->description;
}

GdkPaintable *
sl_sample_cell_get_paintable (SlSampleCell *self)
{
  return gtk_picture_get_paintable (self->picture);
}
