/* sl-dataset-subset.c — a strided, limited view of a dataset. */
#include "compose/sl-dataset-subset.h"

#include "core/sl-error.h"

#include <string.h>

typedef struct
{
  SlDataset *parent; /* borrowed */
  gsize stride;
} Subset;

static gboolean
subset_get_sample (SlDataset *self, gsize index, float *out, GError **error)
{
  const Subset *s = self->priv;
  return sl_dataset_get_sample (s->parent, index * s->stride, out, error);
}

static gboolean
subset_get_region (SlDataset *self, gsize index, guint region, float *out, GError **error)
{
  const Subset *s = self->priv;
  return sl_dataset_get_region (s->parent, index * s->stride, region, out, error);
}

static void
subset_finalize (SlDataset *self)
{
  g_free (self->priv);
}

static const SlDatasetClass subset_class = {
  .kind = "subset",
  .get_sample = subset_get_sample,
  .finalize = subset_finalize,
  .get_region = subset_get_region,
};

SlDataset *
sl_dataset_subset_new (SlDataset *parent, gsize stride, gsize limit, GError **error)
{
  g_return_val_if_fail (parent != NULL, NULL);
  stride = MAX (stride, 1);
  gsize n = (parent->n_samples + stride - 1) / stride;
  if (limit > 0)
    n = MIN (n, limit);
  if (n == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "%s has no samples", parent->name);
      return NULL;
    }
  g_autofree char *name
      = stride > 1 ? g_strdup_printf ("%s (every %" G_GSIZE_FORMAT ")", parent->name, stride)
                   : g_strdup (parent->name);
  SlDataset *d = sl_dataset_new_base (&subset_class, name);
  Subset *s = g_new0 (Subset, 1);
  s->parent = parent;
  s->stride = stride;
  d->priv = s;
  d->n_samples = n;
  d->rank = parent->rank;
  memcpy (d->shape, parent->shape, sizeof d->shape);
  d->n_classes = parent->n_classes;
  d->class_names = g_strdupv (parent->class_names);
  d->n_regions = parent->n_regions;
  d->region_names = g_strdupv (parent->region_names);
  if (parent->labels)
    {
      d->labels = g_new (gint, n);
      for (gsize i = 0; i < n; i++)
        d->labels[i] = parent->labels[i * stride];
    }
  return d;
}
