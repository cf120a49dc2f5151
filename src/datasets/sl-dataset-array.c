/* A dataset over an array in memory. */
#include "datasets/sl-dataset-array.h"

#include <string.h>

static gboolean
array_get_sample (SlDataset *self, gsize index, float *out, GError **error)
{
  const gsize size = sl_dataset_sample_size (self);
  memcpy (out, (const float *)self->priv + index * size, size * sizeof (float));
  return TRUE;
}

static void
array_finalize (SlDataset *self)
{
  g_clear_pointer (&self->priv, g_free);
}

static const SlDatasetClass array_class = {
  .kind = "array",
  .get_sample = array_get_sample,
  .finalize = array_finalize,
};

SlDataset *
sl_dataset_new_for_array (const char *name, float *x, gsize n, guint rank, const gsize *shape)
{
  g_return_val_if_fail (rank >= 1 && rank <= 3, NULL);
  SlDataset *self = sl_dataset_new_base (&array_class, name);
  self->n_samples = n;
  self->rank = rank;
  memcpy (self->shape, shape, rank * sizeof (gsize));
  self->class_names = g_new0 (char *, 1);
  self->labels = g_new (gint, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    self->labels[i] = -1;
  self->priv = x;
  return self;
}
