/* sl-gallery.c — the sample gallery (template ui/sl-gallery.ui): filter bar, virtualised grid. */
#include "sl-gallery.h"

#include "sl-app-resources.h"
#include "sl-sample-cell.h"
#include "sl-sample-item.h"
#include "sl-sample-list.h"
#include "sl-thumbnail-cache.h"

#include <glib/gi18n.h>

#define RESOURCE_PATH "/org/saliencylab/SaliencyLab/ui/"
#define THUMB_WIDTH 96
#define IMAGE_HEIGHT 96
#define SIGNAL_HEIGHT 56

struct _SlGallery
{
  GtkWidget parent_instance;
  GtkDropDown *true_dropdown;
  GtkDropDown *predicted_dropdown;
  GtkDropDown *correct_dropdown;
  GtkDropDown *order_dropdown;
  GtkSpinButton *min_spin;
  GtkSpinButton *max_spin;
  GtkSpinButton *goto_spin;
  GtkButton *prev_wrong_button;
  GtkButton *next_wrong_button;
  GtkLabel *count_label;
  GtkGridView *grid;

  SlDataset *dataset; /* borrowed, as the predictions */
  const SlPredictions *predictions;
  char **class_names;
  guint n_classes;
  SlSampleList *list;
  GtkSingleSelection *selection;
  SlThumbnailCache *thumbs;
  int thumb_height;
  GPtrArray *pending; /* bound cells still without their thumbnail (not owned: unbind removes) */
  guint load_id;
  guint scroll_id;  /* a scroll waiting for the grid's first layout */
  guint scroll_pos;
  SlSampleFilter filter;
  SlSampleOrder order;
  gssize selected;
  guint syncing; /* > 0 while the gallery itself moves its controls or the selection */
};

G_DEFINE_FINAL_TYPE (SlGallery, sl_gallery, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SELECTED,
  PROP_N_SHOWN,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

enum
{
  SIGNAL_SAMPLE_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gsize
n_samples (SlGallery *self)
{
  return self->dataset ? self->dataset->n_samples : 0;
}

static void
update_count (SlGallery *self)
{
  const gsize shown = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  /* %lu, not G_GSIZE_FORMAT: xgettext cuts a msgid at a macro. */
  g_autofree char *text = g_strdup_printf (
      ngettext ("%lu of %lu sample", "%lu of %lu samples", (gulong) n_samples (self)),
      (gulong) shown, (gulong) n_samples (self));
  gtk_label_set_text (self->count_label, text);
  const gboolean any_wrong
      = self->predictions && sl_predictions_next_wrong (self->predictions, 0, 1) >= 0;
  gtk_widget_set_sensitive (GTK_WIDGET (self->prev_wrong_button), any_wrong);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_wrong_button), any_wrong);
}

/* Shows the selected sample as selected in the grid, if it is shown. */
static guint
sync_selection (SlGallery *self)
{
  const gssize pos
      = self->selected >= 0 ? sl_sample_list_find (self->list, (gsize)self->selected) : -1;
  self->syncing++;
  gtk_single_selection_set_selected (self->selection,
                                     pos >= 0 ? (guint)pos : GTK_INVALID_LIST_POSITION);
  self->syncing--;
  return pos >= 0 ? (guint)pos : GTK_INVALID_LIST_POSITION;
}

/* Applies the filter and order afresh. */
static void
reselect (SlGallery *self)
{
  gsize n = 0;
  gsize *indices = NULL;
  if (self->predictions)
    indices = sl_predictions_select (self->predictions, &self->filter, self->order, &n);
  else
    {
      n = n_samples (self);
      indices = g_new (gsize, MAX (n, 1));
      for (gsize i = 0; i < n; i++)
        indices[i] = i;
    }
  self->syncing++;
  /* Unselect first: GtkSingleSelection would otherwise look for its item among all the new ones,
   * making an item per sample (hundreds of ms at 100,000). */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  sl_sample_list_take_indices (self->list, indices, n);
  self->syncing--;
  sync_selection (self);
  update_count (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_N_SHOWN]);
}

static void
set_selected (SlGallery *self, gsize index)
{
  if (self->selected == (gssize)index)
    return;
  self->selected = (gssize)index;
  self->syncing++;
  gtk_spin_button_set_value (self->goto_spin, (double)index);
  self->syncing--;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SELECTED]);
  g_signal_emit (self, signals[SIGNAL_SAMPLE_SELECTED], 0, (guint64)index);
}

static void
selection_changed (GtkSingleSelection *selection, GParamSpec *pspec, SlGallery *self)
{
  const guint pos = gtk_single_selection_get_selected (selection);
  if (self->syncing || pos == GTK_INVALID_LIST_POSITION)
    return;
  set_selected (self, sl_sample_list_get_index (self->list, pos));
}

/* Controls → filter. */
static void
filter_controls_changed (SlGallery *self)
{
  if (self->syncing)
    return;
  const guint t = gtk_drop_down_get_selected (self->true_dropdown);
  const guint p = gtk_drop_down_get_selected (self->predicted_dropdown);
  self->filter.true_class = t == 0 || t == GTK_INVALID_LIST_POSITION ? -1 : (int)t - 1;
  self->filter.predicted_class = p == 0 || p == GTK_INVALID_LIST_POSITION ? -1 : (int)p - 1;
  const guint c = gtk_drop_down_get_selected (self->correct_dropdown);
  self->filter.correctness = c == 1   ? SL_CORRECT_ONLY
                             : c == 2 ? SL_CORRECT_WRONG_ONLY
                                      : SL_CORRECT_ANY;
  self->filter.min_confidence = gtk_spin_button_get_value (self->min_spin) / 100;
  self->filter.max_confidence = gtk_spin_button_get_value (self->max_spin) / 100;
  const guint o = gtk_drop_down_get_selected (self->order_dropdown);
  self->order = o <= SL_ORDER_LOSS_DESC ? (SlSampleOrder)o : SL_ORDER_INDEX;
  reselect (self);
}

/* Filter → controls. */
static void
sync_controls (SlGallery *self)
{
  self->syncing++;
  gtk_drop_down_set_selected (self->true_dropdown, (guint)(self->filter.true_class + 1));
  gtk_drop_down_set_selected (self->predicted_dropdown, (guint)(self->filter.predicted_class + 1));
  gtk_drop_down_set_selected (self->correct_dropdown,
                              self->filter.correctness == SL_CORRECT_ONLY         ? 1
                              : self->filter.correctness == SL_CORRECT_WRONG_ONLY ? 2
                                                                                  : 0);
  gtk_spin_button_set_value (self->min_spin, 100 * self->filter.min_confidence);
  gtk_spin_button_set_value (self->max_spin, 100 * self->filter.max_confidence);
  gtk_drop_down_set_selected (self->order_dropdown, (guint)self->order);
  self->syncing--;
}

static void
dropdown_changed (GtkDropDown *dropdown, GParamSpec *pspec, SlGallery *self)
{
  filter_controls_changed (self);
}

static void
spin_changed (GtkSpinButton *spin, SlGallery *self)
{
  filter_controls_changed (self);
}

static void
goto_changed (GtkSpinButton *spin, SlGallery *self)
{
  if (self->syncing || !self->dataset)
    return;
  const double v = gtk_spin_button_get_value (spin);
  if (v >= 0 && v < (double)n_samples (self))
    sl_gallery_select (self, (gsize)v);
}

static void
prev_wrong_clicked (GtkButton *button, SlGallery *self)
{
  sl_gallery_select_next_wrong (self, -1);
}

static void
next_wrong_clicked (GtkButton *button, SlGallery *self)
{
  sl_gallery_select_next_wrong (self, 1);
}

static void
factory_setup (GtkSignalListItemFactory *factory, GtkListItem *list_item, SlGallery *self)
{
  gtk_list_item_set_child (list_item, sl_sample_cell_new ());
}

/* Whether any of `widget` shows in the grid's viewport. */
static gboolean
shows (SlGallery *self, GtkWidget *widget)
{
  graphene_rect_t b;
  GtkWidget *grid = GTK_WIDGET (self->grid);
  return gtk_widget_compute_bounds (widget, grid, &b) && b.origin.y + b.size.height > 0
         && b.origin.y < gtk_widget_get_height (grid);
}

/* Makes the pending thumbnails, those on screen first, a few milliseconds at a time after each
 * frame: the grid paints its labels at once and the pictures follow. */
static gboolean
load_thumbnails (gpointer data)
{
  SlGallery *self = data;
  const gint64 deadline = g_get_monotonic_time () + 8000;
  while (self->pending->len > 0 && g_get_monotonic_time () < deadline)
    {
      guint pick = 0;
      for (guint i = 0; i < self->pending->len; i++)
        if (shows (self, self->pending->pdata[i]))
          {
            pick = i;
            break;
          }
      SlSampleCell *cell = g_ptr_array_steal_index_fast (self->pending, pick);
      const gsize index = sl_sample_item_get_index (sl_sample_cell_get_item (cell));
      g_autoptr (GError) error = NULL;
      g_autoptr (GdkTexture) texture = sl_thumbnail_cache_dup_texture (self->thumbs, index, &error);
      /* A damaged file keeps an empty thumbnail; the explore view reports the error. */
      if (!texture)
        g_debug ("thumbnail of sample %" G_GSIZE_FORMAT ": %s", index, error->message);
      sl_sample_cell_set_texture (cell, texture);
    }
  if (self->pending->len > 0)
    return G_SOURCE_CONTINUE;
  self->load_id = 0;
  return G_SOURCE_REMOVE;
}

static void
factory_bind (GtkSignalListItemFactory *factory, GtkListItem *list_item, SlGallery *self)
{
  SlSampleItem *item = gtk_list_item_get_item (list_item);
  SlSampleCell *cell = SL_SAMPLE_CELL (gtk_list_item_get_child (list_item));
  g_autoptr (GdkTexture) texture = NULL;
  if (self->thumbs)
    texture = sl_thumbnail_cache_lookup (self->thumbs, sl_sample_item_get_index (item));
  sl_sample_cell_set_thumbnail_size (cell, THUMB_WIDTH, self->thumb_height);
  sl_sample_cell_bind (cell, item, texture, (const char *const *)self->class_names,
                       self->n_classes);
  if (self->thumbs && !texture)
    {
      g_ptr_array_add (self->pending, cell);
      if (!self->load_id)
        self->load_id = g_idle_add (load_thumbnails, self);
    }
}

static void
factory_unbind (GtkSignalListItemFactory *factory, GtkListItem *list_item, SlGallery *self)
{
  SlSampleCell *cell = SL_SAMPLE_CELL (gtk_list_item_get_child (list_item));
  g_ptr_array_remove_fast (self->pending, cell);
  sl_sample_cell_unbind (cell);
}

/* The gallery's style sheet, once per display. */
static void
load_css (SlGallery *self)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));
  if (!display || g_object_get_data (G_OBJECT (display), "sl-gallery-css"))
    return;
  GtkCssProvider *provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_PATH "gallery.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "sl-gallery-css", provider, g_object_unref);
}

static void
sl_gallery_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlGallery *self = SL_GALLERY (object);
  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_int64 (value, self->selected);
      break;
    case PROP_N_SHOWN:
      g_value_set_uint64 (value, sl_gallery_get_n_shown (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_gallery_dispose (GObject *object)
{
  SlGallery *self = SL_GALLERY (object);
  g_clear_handle_id (&self->load_id, g_source_remove);
  g_clear_handle_id (&self->scroll_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_GALLERY);
  /* The template's root box is not a bound child: unparent it too. */
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_pointer (&self->thumbs, sl_thumbnail_cache_free);
  G_OBJECT_CLASS (sl_gallery_parent_class)->dispose (object);
}

static void
sl_gallery_finalize (GObject *object)
{
  SlGallery *self = SL_GALLERY (object);
  g_strfreev (self->class_names);
  g_ptr_array_unref (self->pending);
  G_OBJECT_CLASS (sl_gallery_parent_class)->finalize (object);
}

static void
sl_gallery_class_init (SlGalleryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->get_property = sl_gallery_get_property;
  object_class->dispose = sl_gallery_dispose;
  object_class->finalize = sl_gallery_finalize;

  props[PROP_SELECTED]
      = g_param_spec_int64 ("selected", NULL, NULL, -1, G_MAXINT64, -1,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  props[PROP_N_SHOWN]
      = g_param_spec_uint64 ("n-shown", NULL, NULL, 0, G_MAXUINT64, 0,
                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, props);

  signals[SIGNAL_SAMPLE_SELECTED]
      = g_signal_new ("sample-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT64);

  /* Referencing the generated resource keeps it (and its registration) in a static link. */
  (void)sl_app_resources_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "sl-gallery.ui");
  gtk_widget_class_bind_template_child (widget_class, SlGallery, true_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlGallery, predicted_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlGallery, correct_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlGallery, order_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlGallery, min_spin);
  gtk_widget_class_bind_template_child (widget_class, SlGallery, max_spin);
  gtk_widget_class_bind_template_child (widget_class, SlGallery, goto_spin);
  gtk_widget_class_bind_template_child (widget_class, SlGallery, prev_wrong_button);
  gtk_widget_class_bind_template_child (widget_class, SlGallery, next_wrong_button);
  gtk_widget_class_bind_template_child (widget_class, SlGallery, count_label);
  gtk_widget_class_bind_template_child (widget_class, SlGallery, grid);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sl-gallery");
}

static GtkStringList *
class_model (const char *all, char **names)
{
  GtkStringList *model = gtk_string_list_new (NULL);
  gtk_string_list_append (model, all);
  for (guint c = 0; names && names[c]; c++)
    gtk_string_list_append (model, names[c]);
  return model;
}

static void
sl_gallery_init (SlGallery *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->selected = -1;
  sl_sample_filter_init (&self->filter);
  self->order = SL_ORDER_INDEX;
  self->pending = g_ptr_array_new ();
  self->thumb_height = SIGNAL_HEIGHT;

  self->list = sl_sample_list_new ();
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->list)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (self->selection, "notify::selected", G_CALLBACK (selection_changed), self);
  gtk_grid_view_set_model (self->grid, GTK_SELECTION_MODEL (self->selection));

  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (factory_setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (factory_bind), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (factory_unbind), self);
  gtk_grid_view_set_factory (self->grid, factory);

  g_autoptr (GtkStringList) true_model = class_model (_("All true classes"), NULL);
  g_autoptr (GtkStringList) pred_model = class_model (_("All predictions"), NULL);
  gtk_drop_down_set_model (self->true_dropdown, G_LIST_MODEL (true_model));
  gtk_drop_down_set_model (self->predicted_dropdown, G_LIST_MODEL (pred_model));
  GtkDropDown *dropdowns[] = { self->true_dropdown, self->predicted_dropdown,
                               self->correct_dropdown, self->order_dropdown };
  for (guint i = 0; i < G_N_ELEMENTS (dropdowns); i++)
    g_signal_connect (dropdowns[i], "notify::selected", G_CALLBACK (dropdown_changed), self);
  g_signal_connect (self->min_spin, "value-changed", G_CALLBACK (spin_changed), self);
  g_signal_connect (self->max_spin, "value-changed", G_CALLBACK (spin_changed), self);
  g_signal_connect (self->goto_spin, "value-changed", G_CALLBACK (goto_changed), self);
  g_signal_connect (self->prev_wrong_button, "clicked", G_CALLBACK (prev_wrong_clicked), self);
  g_signal_connect (self->next_wrong_button, "clicked", G_CALLBACK (next_wrong_clicked), self);
  load_css (self);
  update_count (self);
}

GtkWidget *
sl_gallery_new (void)
{
  return g_object_new (SL_TYPE_GALLERY, NULL);
}

void
sl_gallery_set_data (SlGallery *self, SlDataset *dataset, const SlPredictions *predictions,
                     const char *const *class_names)
{
  g_return_if_fail (SL_IS_GALLERY (self));
  g_return_if_fail (!dataset || !predictions
                    || sl_predictions_get_n_samples (predictions) == dataset->n_samples);
  /* Empty the grid first: its cells drop their items and textures. */
  self->syncing++;
  sl_sample_list_take_indices (self->list, NULL, 0);
  self->syncing--;
  g_ptr_array_set_size (self->pending, 0);
  g_clear_pointer (&self->thumbs, sl_thumbnail_cache_free);
  g_clear_pointer (&self->class_names, g_strfreev);

  self->dataset = dataset;
  self->predictions = dataset ? predictions : NULL;
  self->n_classes = predictions ? sl_predictions_get_n_classes (predictions)
                    : dataset   ? dataset->n_classes
                                : 0;
  self->class_names = g_new0 (char *, self->n_classes + 1);
  for (guint c = 0; c < self->n_classes; c++)
    self->class_names[c]
        = class_names && class_names[c] ? g_strdup (class_names[c]) : g_strdup_printf ("%u", c);
  self->thumb_height = dataset && dataset->rank == 3 ? IMAGE_HEIGHT : SIGNAL_HEIGHT;
  if (dataset)
    self->thumbs = sl_thumbnail_cache_new (dataset, THUMB_WIDTH, self->thumb_height,
                                           SL_THUMBNAIL_CACHE_DEFAULT_CAPACITY);
  sl_sample_list_set_predictions (self->list, self->predictions);

  self->syncing++;
  g_autoptr (GtkStringList) true_model = class_model (_("All true classes"), self->class_names);
  g_autoptr (GtkStringList) pred_model = class_model (_("All predictions"), self->class_names);
  gtk_drop_down_set_model (self->true_dropdown, G_LIST_MODEL (true_model));
  gtk_drop_down_set_model (self->predicted_dropdown, G_LIST_MODEL (pred_model));
  gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (self->goto_spin),
                            n_samples (self) > 0 ? (double)(n_samples (self) - 1) : 0);
  self->syncing--;

  const gboolean had_selection = self->selected >= 0;
  self->selected = -1;
  sl_sample_filter_init (&self->filter);
  sync_controls (self);
  reselect (self);
  if (had_selection)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SELECTED]);
}

void
sl_gallery_predictions_changed (SlGallery *self, gsize first, gsize n)
{
  g_return_if_fail (SL_IS_GALLERY (self));
  if (!self->predictions)
    return;
  /* The shown set and its order stay when everything passes in index order: only the badges of
   * the cells alive now change. Otherwise select afresh (a few ms at 100,000 samples). */
  if (sl_sample_filter_is_all (&self->filter) && self->order == SL_ORDER_INDEX)
    {
      sl_sample_list_refresh (self->list, first, n);
      update_count (self);
    }
  else
    reselect (self);
}

gssize
sl_gallery_get_selected (SlGallery *self)
{
  g_return_val_if_fail (SL_IS_GALLERY (self), -1);
  return self->selected;
}

/* Moves keyboard focus to the selected cell when the grid has it, so arrows go on from there. */
static void
focus_position (SlGallery *self, guint pos)
{
  GtkWidget *grid = GTK_WIDGET (self->grid);
  if (!gtk_widget_has_focus (grid) && !gtk_widget_get_focus_child (grid))
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (grid); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *cell = gtk_widget_get_first_child (child);
      if (SL_IS_SAMPLE_CELL (cell) && sl_sample_cell_get_item (SL_SAMPLE_CELL (cell))
          && sl_sample_item_get_index (sl_sample_cell_get_item (SL_SAMPLE_CELL (cell)))
                 == sl_sample_list_get_index (self->list, pos))
        {
          gtk_widget_grab_focus (child);
          return;
        }
    }
}

static gboolean
scroll_later (gpointer data)
{
  SlGallery *self = data;
  self->scroll_id = 0;
  if (self->scroll_pos < g_list_model_get_n_items (G_LIST_MODEL (self->list)))
    {
      gtk_widget_activate_action (GTK_WIDGET (self->grid), "list.scroll-to-item", "u",
                                  self->scroll_pos);
      focus_position (self, self->scroll_pos);
    }
  return G_SOURCE_REMOVE;
}

/* GTK 4.8's grid view draws only the anchor item when asked to scroll before its first layout
 * after a model change: the scroll waits for the layout. */
static void
scroll_to (SlGallery *self, guint pos)
{
  self->scroll_pos = pos;
  if (!self->scroll_id)
    self->scroll_id = g_timeout_add_full (G_PRIORITY_LOW, 50, scroll_later, self, NULL);
}

void
sl_gallery_select (SlGallery *self, gsize index)
{
  g_return_if_fail (SL_IS_GALLERY (self));
  g_return_if_fail (index < n_samples (self));
  if (sl_sample_list_find (self->list, index) < 0)
    {
      /* A filter hides it: show everything again. */
      sl_sample_filter_init (&self->filter);
      sync_controls (self);
      reselect (self);
    }
  set_selected (self, index);
  const guint pos = sync_selection (self);
  if (pos == GTK_INVALID_LIST_POSITION)
    return;
  scroll_to (self, pos);
}

void
sl_gallery_set_filter (SlGallery *self, const SlSampleFilter *filter)
{
  g_return_if_fail (SL_IS_GALLERY (self) && filter != NULL);
  self->filter = *filter;
  if (self->filter.true_class >= (int)self->n_classes)
    self->filter.true_class = -1;
  if (self->filter.predicted_class >= (int)self->n_classes)
    self->filter.predicted_class = -1;
  sync_controls (self);
  reselect (self);
}

void
sl_gallery_get_filter (SlGallery *self, SlSampleFilter *filter)
{
  g_return_if_fail (SL_IS_GALLERY (self) && filter != NULL);
  *filter = self->filter;
}

void
sl_gallery_set_order (SlGallery *self, SlSampleOrder order)
{
  g_return_if_fail (SL_IS_GALLERY (self));
  self->order = order;
  sync_controls (self);
  reselect (self);
}

gsize
sl_gallery_get_n_shown (SlGallery *self)
{
  g_return_val_if_fail (SL_IS_GALLERY (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->list));
}

gsize
sl_gallery_get_shown (SlGallery *self, gsize position)
{
  g_return_val_if_fail (SL_IS_GALLERY (self), 0);
  g_return_val_if_fail (position < sl_gallery_get_n_shown (self), 0);
  return sl_sample_list_get_index (self->list, (guint)position);
}

gboolean
sl_gallery_select_next_wrong (SlGallery *self, int step)
{
  g_return_val_if_fail (SL_IS_GALLERY (self), FALSE);
  if (!self->predictions || n_samples (self) == 0)
    return FALSE;
  /* With nothing selected, start just before the first sample (or after the last). */
  const gsize from = self->selected >= 0 ? (gsize)self->selected
                     : step >= 0         ? n_samples (self) - 1
                                         : 0;
  const gssize next = sl_predictions_next_wrong (self->predictions, from, step);
  if (next < 0)
    return FALSE;
  sl_gallery_select (self, (gsize)next);
  return TRUE;
}
