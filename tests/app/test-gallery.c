/* test-gallery.c — the sample gallery under Xvfb: the built-in MNIST-1D test set with the demo
 * model's real predictions fed in two batches (counts under each filter, selection, keyboard,
 * next-wrong), the HMT test tiles' image thumbnails, and both rendered to PNG for a look. */
#include "core/sl-error.h"
#include "datasets/sl-dataset-open.h"
#include "engine/sl-model-builtin.h"
#include "gallery/sl-gallery.h"
#include "gallery/sl-sample-cell.h"
#include "gallery/sl-thumbnail-cache.h"
#include "jobs/sl-predict.h"
#include "sl-test-util.h"

/* Runs the main loop for `ms` milliseconds (layout, frames, thumbnails). */
static void
run_for (guint ms)
{
  const gint64 end = g_get_monotonic_time () + (gint64)ms * 1000;
  while (g_get_monotonic_time () < end)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

static GtkWidget *
find_widget (GtkWidget *root, GType type, guint nth)
{
  guint seen = 0;
  GQueue queue = G_QUEUE_INIT;
  g_queue_push_tail (&queue, root);
  GtkWidget *w;
  while ((w = g_queue_pop_head (&queue)))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && seen++ == nth)
        {
          g_queue_clear (&queue);
          return w;
        }
      for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
        g_queue_push_tail (&queue, c);
    }
  return NULL;
}

/* The cells the grid has made now (the visible ones and a few more). */
static GPtrArray *
cells_of (GtkWidget *grid)
{
  GPtrArray *cells = g_ptr_array_new ();
  for (GtkWidget *c = gtk_widget_get_first_child (grid); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *cell = gtk_widget_get_first_child (c);
      if (SL_IS_SAMPLE_CELL (cell) && sl_sample_cell_get_item (SL_SAMPLE_CELL (cell)))
        g_ptr_array_add (cells, cell);
    }
  return cells;
}

/* Runs the main loop until every cell made has its thumbnail; returns the time it took (ms). */
static double
wait_thumbnails (GtkWidget *grid)
{
  const gint64 t0 = g_get_monotonic_time ();
  for (;;)
    {
      g_autoptr (GPtrArray) cells = cells_of (grid);
      guint missing = 0;
      for (guint i = 0; i < cells->len; i++)
        missing += sl_sample_cell_get_paintable (cells->pdata[i]) == NULL;
      if (!missing)
        return (g_get_monotonic_time () - t0) / 1e3;
      g_assert_cmpint (g_get_monotonic_time () - t0, <, 60 * G_USEC_PER_SEC);
      run_for (20);
    }
}

static void
save_png (GtkWidget *widget, const char *name)
{
  const int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  g_assert_cmpint (w, >, 0);
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  g_autoptr (GskRenderNode) node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_autoptr (GdkTexture) texture
      = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("rendered %s (%d × %d)", path, w, h);
}

static GtkWindow *
window_with (GtkWidget *gallery)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 380, 720);
  gtk_window_set_child (window, gallery);
  gtk_window_present (window);
  run_for (300);
  return window;
}

/* The "N of M samples" label: the filter bar's last label (the grid's cells come after it). */
static GtkLabel *
find_count_label (GtkWidget *gallery)
{
  GtkWidget *bar = find_widget (gallery, GTK_TYPE_BOX, 1);
  GtkLabel *last = NULL;
  GQueue queue = G_QUEUE_INIT;
  g_queue_push_tail (&queue, bar);
  GtkWidget *w;
  while ((w = g_queue_pop_head (&queue)))
    {
      if (GTK_IS_LABEL (w) && g_str_has_suffix (gtk_label_get_text (GTK_LABEL (w)), " samples"))
        last = GTK_LABEL (w);
      for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
        g_queue_push_tail (&queue, c);
    }
  g_assert_nonnull (last);
  return last;
}

static void
assert_shown_equals_select (SlGallery *gallery, const SlPredictions *preds)
{
  SlSampleFilter f;
  sl_gallery_get_filter (gallery, &f);
  guint64 order = 0;
  gsize n = 0;
  /* The order dropdown is the fourth one. */
  order = gtk_drop_down_get_selected (
      GTK_DROP_DOWN (find_widget (GTK_WIDGET (gallery), GTK_TYPE_DROP_DOWN, 3)));
  g_autofree gsize *want = sl_predictions_select (preds, &f, (SlSampleOrder)order, &n);
  g_assert_cmpuint (sl_gallery_get_n_shown (gallery), ==, n);
  guint64 n_shown = 0;
  g_object_get (gallery, "n-shown", &n_shown, NULL);
  g_assert_cmpuint (n_shown, ==, n);
  for (gsize k = 0; k < n; k++)
    g_assert_cmpuint (sl_gallery_get_shown (gallery, k), ==, want[k]);
  /* The label says the same. */
  g_autofree char *text = g_strdup_printf ("%" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " samples", n,
                                           sl_predictions_get_n_samples (preds));
  g_assert_cmpstr (gtk_label_get_text (find_count_label (GTK_WIDGET (gallery))), ==, text);
}

typedef struct
{
  guint count;
  guint64 last;
} Selected;

static void
on_selected (SlGallery *gallery, guint64 index, Selected *s)
{
  s->count++;
  s->last = index;
}

/* Activates the grid's own key binding for `keyval`, as a key press does: GTK 4.8 has no public
 * way to synthesise key events, but class bindings live in a shortcut controller on the widget. */
static void
press (GtkWidget *grid, guint keyval)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (grid);
  for (guint c = 0; c < g_list_model_get_n_items (controllers); c++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, c);
      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      GListModel *shortcuts = G_LIST_MODEL (controller);
      for (guint i = 0; i < g_list_model_get_n_items (shortcuts); i++)
        {
          g_autoptr (GtkShortcut) sc = g_list_model_get_item (shortcuts, i);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (sc);
          if (GTK_IS_KEYVAL_TRIGGER (trigger)
              && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval
              && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (sc),
                                                           GTK_SHORTCUT_ACTION_EXCLUSIVE, grid,
                                                           gtk_shortcut_get_arguments (sc)));
              run_for (50);
              return;
            }
        }
    }
  g_assert_not_reached ();
}

static void
test_mnist1d (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataset) ds = sl_dataset_open ("mnist1d", NULL, &error);
  g_assert_no_error (error);
  g_autoptr (SlModel) model = sl_model_load_builtin ("demo", &error);
  g_assert_no_error (error);
  g_autofree float *logits = NULL, *probs = NULL;
  g_assert_true (sl_predict_dataset (model, ds, 0, &logits, &probs, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  const gsize n = ds->n_samples, nc = ds->n_classes, half = 600;
  g_assert_cmpuint (n, ==, 1000);
  g_autoptr (SlPredictions) preds = sl_predictions_new (n, ds->n_classes, ds->labels);

  SlGallery *gallery = SL_GALLERY (sl_gallery_new ());
  Selected sel = { 0 };
  g_signal_connect (gallery, "sample-selected", G_CALLBACK (on_selected), &sel);
  sl_gallery_set_data (gallery, ds, preds, (const char *const *)ds->class_names);
  GtkWindow *window = window_with (GTK_WIDGET (gallery));
  GtkWidget *grid = find_widget (GTK_WIDGET (gallery), GTK_TYPE_GRID_VIEW, 0);
  g_assert_nonnull (grid);
  wait_thumbnails (grid);
  /* Before any prediction every sample shows, with no badge. */
  assert_shown_equals_select (gallery, preds);
  g_autoptr (GPtrArray) before = cells_of (grid);
  g_assert_cmpuint (before->len, >, 0);
  /* Virtualised: a screenful of cells, not one per sample. */
  g_assert_cmpuint (before->len, <, n / 2);
  g_test_message ("%u cells made for %" G_GSIZE_FORMAT " samples", before->len, n);
  for (guint i = 0; i < before->len; i++)
    g_assert_nonnull (
        g_strrstr (sl_sample_cell_get_description (before->pdata[i]), "not predicted yet"));

  /* The first batch: the same cells update their badges (no rebuild under the all-pass filter). */
  sl_predictions_set_batch (preds, 0, half, probs);
  sl_gallery_predictions_changed (gallery, 0, half);
  run_for (50);
  g_autoptr (GPtrArray) after = cells_of (grid);
  g_assert_cmpuint (after->len, ==, before->len);
  guint n_wrong_cells = 0;
  for (guint i = 0; i < after->len; i++)
    {
      SlSampleCell *cell = after->pdata[i];
      g_assert_true (g_ptr_array_find (before, cell, NULL));
      SlSampleItem *item = sl_sample_cell_get_item (cell);
      const gsize index = sl_sample_item_get_index (item);
      g_assert_cmpuint (index, <, half);
      g_assert_true (sl_sample_item_get_has_prediction (item));
      g_autofree char *want
          = g_strdup_printf ("Sample %" G_GSIZE_FORMAT ": true %s, predicted %s, %.0f %%", index,
                             ds->class_names[ds->labels[index]],
                             ds->class_names[sl_predictions_get_predicted (preds, index)],
                             100 * sl_predictions_get_confidence (preds, index));
      g_assert_cmpstr (sl_sample_cell_get_description (cell), ==, want);
      const gboolean wrong = sl_predictions_get_predicted (preds, index) != ds->labels[index];
      g_assert_cmpint (gtk_widget_has_css_class (GTK_WIDGET (cell), "wrong"), ==, wrong);
      n_wrong_cells += wrong;
    }
  g_test_message ("%u cells alive, %u of them wrong", after->len, n_wrong_cells);
  assert_shown_equals_select (gallery, preds);

  /* Filters over partial predictions, then the second batch re-selects. */
  SlSampleFilter f;
  sl_sample_filter_init (&f);
  f.correctness = SL_CORRECT_WRONG_ONLY;
  sl_gallery_set_filter (gallery, &f);
  assert_shown_equals_select (gallery, preds);
  const gsize wrong_half = sl_gallery_get_n_shown (gallery);
  sl_predictions_set_batch (preds, half, n - half, probs + half * nc);
  sl_gallery_predictions_changed (gallery, half, n - half);
  assert_shown_equals_select (gallery, preds);
  g_assert_cmpuint (sl_gallery_get_n_shown (gallery), >, wrong_half);
  g_test_message ("wrong: %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT
                  " after the first batch, %" G_GSIZE_FORMAT " in all",
                  wrong_half, half, sl_gallery_get_n_shown (gallery));

  /* Every filter and order shows exactly what the table selects. */
  const SlSampleFilter filters[] = {
    { -1, -1, SL_CORRECT_ANY, 0, 1 },     { 3, -1, SL_CORRECT_ANY, 0, 1 },
    { -1, 5, SL_CORRECT_ANY, 0, 1 },      { -1, -1, SL_CORRECT_ONLY, 0, 1 },
    { -1, -1, SL_CORRECT_ANY, 0.5, 0.9 }, { 7, -1, SL_CORRECT_WRONG_ONLY, 0, 1 },
    { 2, 2, SL_CORRECT_ONLY, 0.95, 1 },   { 1, 4, SL_CORRECT_ANY, 0, 0.2 },
  };
  for (guint o = SL_ORDER_INDEX; o <= SL_ORDER_LOSS_DESC; o++)
    for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
      {
        sl_gallery_set_filter (gallery, &filters[i]);
        sl_gallery_set_order (gallery, (SlSampleOrder)o);
        assert_shown_equals_select (gallery, preds);
      }

  /* The controls set the filter too: true class "3" is the dropdown's fifth entry. */
  sl_sample_filter_init (&f);
  sl_gallery_set_filter (gallery, &f);
  sl_gallery_set_order (gallery, SL_ORDER_INDEX);
  gtk_drop_down_set_selected (
      GTK_DROP_DOWN (find_widget (GTK_WIDGET (gallery), GTK_TYPE_DROP_DOWN, 0)), 4);
  sl_gallery_get_filter (gallery, &f);
  g_assert_cmpint (f.true_class, ==, 3);
  assert_shown_equals_select (gallery, preds);
  GtkSpinButton *min_spin
      = GTK_SPIN_BUTTON (find_widget (GTK_WIDGET (gallery), GTK_TYPE_SPIN_BUTTON, 0));
  gtk_spin_button_set_value (min_spin, 90);
  sl_gallery_get_filter (gallery, &f);
  g_assert_cmpfloat (f.min_confidence, ==, 0.9);
  assert_shown_equals_select (gallery, preds);

  /* Selecting a sample the filter hides clears the filter, and says so once. */
  gsize hidden = 0;
  while (preds && sl_predictions_get_label (preds, hidden) == 3)
    hidden++;
  sl_gallery_select (gallery, hidden);
  g_assert_cmpuint (sel.count, ==, 1);
  g_assert_cmpuint (sel.last, ==, hidden);
  g_assert_cmpint (sl_gallery_get_selected (gallery), ==, (gssize)hidden);
  sl_gallery_get_filter (gallery, &f);
  g_assert_true (sl_sample_filter_is_all (&f));
  g_assert_cmpuint (sl_gallery_get_n_shown (gallery), ==, n);
  sl_gallery_select (gallery, hidden);
  g_assert_cmpuint (sel.count, ==, 1);

  /* The grid's own select action (a click) reports the sample. */
  gtk_widget_activate_action (grid, "list.select-item", "(ubb)", 5, FALSE, FALSE);
  run_for (50);
  g_assert_cmpuint (sel.last, ==, 5);
  g_assert_cmpint (sl_gallery_get_selected (gallery), ==, 5);

  /* Keyboard: the grid's key bindings move the selection, which follows focus. */
  sl_gallery_select (gallery, 0);
  run_for (100);
  GtkWidget *first = gtk_widget_get_parent (cells_of (grid)->pdata[0]);
  g_assert_true (gtk_widget_grab_focus (first));
  run_for (50);
  press (grid, GDK_KEY_Right);
  g_assert_cmpint (sl_gallery_get_selected (gallery), ==, 1);
  g_assert_cmpuint (sel.last, ==, 1);
  press (grid, GDK_KEY_Down);
  const gssize down = sl_gallery_get_selected (gallery);
  g_assert_cmpint (down, >, 1);
  g_test_message ("a row holds %" G_GSSIZE_FORMAT " samples", down - 1);
  press (grid, GDK_KEY_Left);
  g_assert_cmpint (sl_gallery_get_selected (gallery), ==, down - 1);
  press (grid, GDK_KEY_End);
  g_assert_cmpint (sl_gallery_get_selected (gallery), ==, (gssize)n - 1);
  press (grid, GDK_KEY_Page_Up);
  g_assert_cmpint (sl_gallery_get_selected (gallery), <, (gssize)n - 1);
  press (grid, GDK_KEY_Home);
  g_assert_cmpint (sl_gallery_get_selected (gallery), ==, 0);
  press (grid, GDK_KEY_Page_Down);
  g_assert_cmpint (sl_gallery_get_selected (gallery), >, 0);
  g_assert_cmpuint (sel.last, ==, (guint64)sl_gallery_get_selected (gallery));

  /* Next / previous wrong prediction, wrapping at the ends. */
  sl_gallery_select (gallery, n - 1);
  g_assert_true (sl_gallery_select_next_wrong (gallery, 1));
  g_assert_cmpint (sl_gallery_get_selected (gallery), ==,
                   sl_predictions_next_wrong (preds, n - 1, 1));
  g_assert_cmpint (sl_gallery_get_selected (gallery), <, (gssize)n - 1);
  const gssize w1 = sl_gallery_get_selected (gallery);
  g_assert_true (sl_gallery_select_next_wrong (gallery, 1));
  g_assert_cmpint (sl_gallery_get_selected (gallery), ==, sl_predictions_next_wrong (preds, w1, 1));
  g_assert_true (sl_gallery_select_next_wrong (gallery, -1));
  g_assert_cmpint (sl_gallery_get_selected (gallery), ==, w1);
  g_assert_true (sl_gallery_select_next_wrong (gallery, -1));
  g_assert_cmpint (sl_gallery_get_selected (gallery), ==,
                   sl_predictions_next_wrong (preds, w1, -1));
  g_assert_cmpuint (sel.last, ==, (guint64)sl_gallery_get_selected (gallery));

  /* A look: every sample, the first wrong one selected. */
  sl_gallery_select (gallery, 0);
  sl_gallery_select_next_wrong (gallery, 1);
  run_for (100);
  wait_thumbnails (grid);
  save_png (GTK_WIDGET (gallery), "gallery-mnist1d.png");

  sl_gallery_set_data (gallery, NULL, NULL, NULL);
  g_assert_cmpuint (sl_gallery_get_n_shown (gallery), ==, 0);
  g_assert_cmpint (sl_gallery_get_selected (gallery), ==, -1);
  gtk_window_destroy (window);
  run_for (50);
}

static void
test_hmt (void)
{
  g_autofree char *dir = sl_test_shared ("data/hmt/HMT_test");
  if (!dir)
    return;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataset) ds = sl_dataset_open (dir, NULL, &error);
  g_assert_no_error (error);
  g_autoptr (SlPredictions) preds = sl_predictions_new (ds->n_samples, ds->n_classes, ds->labels);
  /* Real predictions for the first tiles when the course's model is there. */
  g_autofree char *model_path = sl_test_shared ("models/HMT.h5");
  if (model_path)
    {
      g_autoptr (SlModel) model = sl_model_load (model_path, &error);
      g_assert_no_error (error);
      g_autofree float *logits = NULL, *probs = NULL;
      const gsize n = 24;
      g_assert_true (sl_predict_dataset (model, ds, n, &logits, &probs, NULL, NULL, NULL, &error));
      sl_predictions_set_batch (preds, 0, n, probs);
    }
  SlGallery *gallery = SL_GALLERY (sl_gallery_new ());
  sl_gallery_set_data (gallery, ds, preds, (const char *const *)ds->class_names);
  GtkWindow *window = window_with (GTK_WIDGET (gallery));
  GtkWidget *grid = find_widget (GTK_WIDGET (gallery), GTK_TYPE_GRID_VIEW, 0);
  g_test_message ("thumbnails of the cells made: %.0f ms more", wait_thumbnails (grid));
  g_autoptr (GPtrArray) cells = cells_of (grid);
  g_assert_cmpuint (cells->len, >, 0);
  for (guint i = 0; i < cells->len; i++)
    {
      /* An image thumbnail: the tile scaled to 96 × 96. */
      GdkPaintable *p = sl_sample_cell_get_paintable (cells->pdata[i]);
      g_assert_true (GDK_IS_TEXTURE (p));
      g_assert_cmpint (gdk_texture_get_width (GDK_TEXTURE (p)), ==, 96);
      g_assert_cmpint (gdk_texture_get_height (GDK_TEXTURE (p)), ==, 96);
    }
  sl_gallery_select (gallery, 2);
  run_for (100);
  wait_thumbnails (grid);
  save_png (GTK_WIDGET (gallery), "gallery-hmt.png");
  gtk_window_destroy (window);
  run_for (50);
}

/* The thumbnail cache keeps at most its capacity, dropping the least recently used. */
static void
test_thumbnail_cache (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataset) ds = sl_dataset_open ("mnist1d", NULL, &error);
  g_assert_no_error (error);
  g_autoptr (SlThumbnailCache) cache = sl_thumbnail_cache_new (ds, 80, 40, 4);
  for (gsize i = 0; i < 4; i++)
    {
      g_autoptr (GdkTexture) t = sl_thumbnail_cache_dup_texture (cache, i, &error);
      g_assert_no_error (error);
      g_assert_cmpint (gdk_texture_get_width (t), ==, 80);
      g_assert_cmpint (gdk_texture_get_height (t), ==, 40);
    }
  g_assert_cmpuint (sl_thumbnail_cache_get_n_entries (cache), ==, 4);
  /* Sample 0 used again, then a fifth: sample 1 (the least recently used) goes. */
  g_autoptr (GdkTexture) t0 = sl_thumbnail_cache_lookup (cache, 0);
  g_assert_nonnull (t0);
  g_autoptr (GdkTexture) t4 = sl_thumbnail_cache_dup_texture (cache, 4, &error);
  g_assert_cmpuint (sl_thumbnail_cache_get_n_entries (cache), ==, 4);
  g_assert_null (sl_thumbnail_cache_lookup (cache, 1));
  g_autoptr (GdkTexture) again = sl_thumbnail_cache_lookup (cache, 0);
  g_assert_true (again == t0);
  guint64 hits = 0, misses = 0;
  sl_thumbnail_cache_get_stats (cache, &hits, &misses);
  g_assert_cmpuint (hits, ==, 2);
  g_assert_cmpuint (misses, ==, 5);
  /* Out of range: an error, nothing cached. */
  g_assert_null (sl_thumbnail_cache_dup_texture (cache, ds->n_samples, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/gallery/mnist1d", test_mnist1d);
  g_test_add_func ("/gallery/hmt", test_hmt);
  g_test_add_func ("/gallery/thumbnail-cache", test_thumbnail_cache);
  return g_test_run ();
}
