#include "sl-dataset.h"

#include "core/sl-error.h"
#include "core/sl-refcount.h"

SlDataset *
sl_dataset_new_base (const SlDatasetClass *klass, const char *name)
{
  SlDataset *self = g_new0 (SlDataset, 1);
  self->klass = klass;
  self->name = g_strdup (name);
  return self;
}

SlDataset *
sl_dataset_ref (SlDataset *self)
{
  sl_refcount_inc (&self->extra_refs);
  return self;
}

void
sl_dataset_unref (SlDataset *self)
{
  sl_dataset_free (self);
}

void
sl_dataset_free (SlDataset *self)
{
  if (!self || !sl_refcount_dec (&self->extra_refs))
    return;
  if (self->klass && self->klass->finalize)
    self->klass->finalize (self);
  g_free (self->name);
  g_strfreev (self->class_names);
  g_strfreev (self->region_names);
  g_free (self->labels);
  g_free (self);
}

gsize
sl_dataset_sample_size (const SlDataset *self)
{
  gsize n = 1;
  for (guint i = 0; i < self->rank; i++)
    n *= self->shape[i];
  return n;
}

gboolean
sl_dataset_get_sample (SlDataset *self, gsize index, float *out, GError **error)
{
  if (index >= self->n_samples)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "%s: sample %" G_GSIZE_FORMAT
                   " does not exist (the dataset has %" G_GSIZE_FORMAT ")",
                   self->name, index, self->n_samples);
      return FALSE;
    }
  return self->klass->get_sample (self, index, out, error);
}

gsize
sl_dataset_region_size (const SlDataset *self)
{
  /* Every axis but the channels. */
  gsize n = 1;
  for (guint i = 0; i + 1 < self->rank; i++)
    n *= self->shape[i];
  return n;
}

int
sl_dataset_find_region (const SlDataset *self, const char *name)
{
  for (guint r = 0; r < self->n_regions && self->region_names; r++)
    if (g_strcmp0 (self->region_names[r], name) == 0)
      return (int) r;
  return -1;
}

gboolean
sl_dataset_get_region (SlDataset *self, gsize index, guint region, float *out, GError **error)
{
  if (index >= self->n_samples)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "%s: sample %" G_GSIZE_FORMAT
                   " does not exist (the dataset has %" G_GSIZE_FORMAT ")",
                   self->name, index, self->n_samples);
      return FALSE;
    }
  if (region >= self->n_regions || !self->klass->get_region)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "%s has no ground-truth region %u",
                   self->name, region);
      return FALSE;
    }
  return self->klass->get_region (self, index, region, out, error);
}

gboolean
sl_dataset_get_batch (SlDataset *self, gsize first, gsize count, float *out, GError **error)
{
  const gsize size = sl_dataset_sample_size (self);
  for (gsize i = 0; i < count; i++)
    if (!sl_dataset_get_sample (self, first + i, out + i * size, error))
      return FALSE;
  return TRUE;
}

static char *
shape_string (guint rank, const gsize *shape)
{
  GString *s = g_string_new ("(");
  for (guint i = 0; i < rank; i++)
    g_string_append_printf (s, "%s%" G_GSIZE_FORMAT, i ? ", " : "", shape[i]);
  g_string_append_c (s, ')');
  return g_string_free (s, FALSE);
}

gboolean
sl_dataset_check_shape (const SlDataset *self, guint rank, const gsize *shape, GError **error)
{
  gboolean same = rank == self->rank;
  for (guint i = 0; same && i < rank; i++)
    same = shape[i] == self->shape[i];
  if (same)
    return TRUE;
  g_autofree char *a = shape_string (self->rank, self->shape);
  g_autofree char *b = shape_string (rank, shape);
  g_set_error (error, SL_ERROR, SL_ERROR_SHAPE,
               "%s: samples have shape %s but the model expects %s", self->name, a, b);
  return FALSE;
}
