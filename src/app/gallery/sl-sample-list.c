/* sl-sample-list.c — a GListModel over an array of sample indices, with items made on demand. */
#include "sl-sample-list.h"

#include "sl-sample-item.h"

struct _SlSampleList
{
  GObject parent_instance;
  const SlPredictions *predictions;
  gsize *indices;
  gsize n;
  /* Sample index → the item alive for it (weak): the grid's cells hold the references, so items
   * live only while shown, and a batch of predictions updates exactly those. */
  GHashTable *alive;
};

static void sl_sample_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SlSampleList, sl_sample_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, sl_sample_list_model_init))

static void
item_finalized (gpointer data, GObject *where_the_object_was)
{
  SlSampleList *self = data;
  /* Weak notifies run while the object is disposed: its fields are still there. */
  const gsize index = sl_sample_item_get_index ((SlSampleItem *)where_the_object_was);
  if (g_hash_table_lookup (self->alive, GSIZE_TO_POINTER (index)) == where_the_object_was)
    g_hash_table_remove (self->alive, GSIZE_TO_POINTER (index));
}

static void
drop_weak (gpointer key, gpointer value, gpointer data)
{
  g_object_weak_unref (value, item_finalized, data);
}

static void
sl_sample_list_finalize (GObject *object)
{
  SlSampleList *self = SL_SAMPLE_LIST (object);
  g_hash_table_foreach (self->alive, drop_weak, self);
  g_hash_table_destroy (self->alive);
  g_free (self->indices);
  G_OBJECT_CLASS (sl_sample_list_parent_class)->finalize (object);
}

static void
sl_sample_list_class_init (SlSampleListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_sample_list_finalize;
}

static void
sl_sample_list_init (SlSampleList *self)
{
  self->alive = g_hash_table_new (g_direct_hash, g_direct_equal);
}

static GType
sl_sample_list_get_item_type (GListModel *model)
{
  return SL_TYPE_SAMPLE_ITEM;
}

static guint
sl_sample_list_get_n_items (GListModel *model)
{
  return (guint)SL_SAMPLE_LIST (model)->n;
}

static gpointer
sl_sample_list_get_item (GListModel *model, guint position)
{
  SlSampleList *self = SL_SAMPLE_LIST (model);
  if (position >= self->n)
    return NULL;
  const gsize index = self->indices[position];
  SlSampleItem *item = g_hash_table_lookup (self->alive, GSIZE_TO_POINTER (index));
  if (item)
    return g_object_ref (item);
  item = sl_sample_item_new (index, self->predictions);
  g_object_weak_ref (G_OBJECT (item), item_finalized, self);
  g_hash_table_insert (self->alive, GSIZE_TO_POINTER (index), item);
  return item;
}

static void
sl_sample_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = sl_sample_list_get_item_type;
  iface->get_n_items = sl_sample_list_get_n_items;
  iface->get_item = sl_sample_list_get_item;
}

SlSampleList *
sl_sample_list_new (void)
{
  return g_object_new (SL_TYPE_SAMPLE_LIST, NULL);
}

static void
update_item (gpointer key, gpointer value, gpointer data)
{
  sl_sample_item_update (value, data);
}

void
sl_sample_list_set_predictions (SlSampleList *self, const SlPredictions *predictions)
{
  g_return_if_fail (SL_IS_SAMPLE_LIST (self));
  self->predictions = predictions;
  g_hash_table_foreach (self->alive, update_item, (gpointer)predictions);
}

void
sl_sample_list_take_indices (SlSampleList *self, gsize *indices, gsize n)
{
  g_return_if_fail (SL_IS_SAMPLE_LIST (self));
  g_return_if_fail (n <= G_MAXUINT);
  const guint removed = (guint)self->n;
  g_free (self->indices);
  self->indices = indices;
  self->n = n;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, (guint)n);
}

gsize
sl_sample_list_get_index (SlSampleList *self, guint position)
{
  g_return_val_if_fail (position < self->n, 0);
  return self->indices[position];
}

gssize
sl_sample_list_find (SlSampleList *self, gsize index)
{
  for (gsize k = 0; k < self->n; k++)
    if (self->indices[k] == index)
      return (gssize)k;
  return -1;
}

void
sl_sample_list_refresh (SlSampleList *self, gsize first, gsize n)
{
  g_return_if_fail (SL_IS_SAMPLE_LIST (self));
  /* Few items are alive: walk them rather than the range. */
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init (&it, self->alive);
  while (g_hash_table_iter_next (&it, &key, &value))
    {
      const gsize index = GPOINTER_TO_SIZE (key);
      if (index >= first && index - first < n)
        sl_sample_item_update (value, self->predictions);
    }
}

guint
sl_sample_list_get_n_alive (SlSampleList *self)
{
  return g_hash_table_size (self->alive);
}
