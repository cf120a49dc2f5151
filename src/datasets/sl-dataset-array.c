/* A dataset over an array in memory. */
#include "datasets/sl-dataset-array.h"

#include "core/sl-error.h"

#include <math.h>
#include <string.h>

typedef struct
{
  float *x;       /* n_samples × sample size */
  float *regions; /* n_regions × n_samples × region size, or NULL */
} ArrayDataset;

static gboolean
array_get_sample (SlDataset *self, gsize index, float *out, GError **error)
{
  const ArrayDataset *priv = self->priv;
  const gsize size = sl_dataset_sample_size (self);
  memcpy (out, priv->x + index * size, size * sizeof (float));
  return TRUE;
}

static gboolean
array_get_region (SlDataset *self, gsize index, guint region, float *out, GError **error)
{
  const ArrayDataset *priv = self->priv;
  const gsize size = sl_dataset_region_size (self);
  memcpy (out, priv->regions + (region * self->n_samples + index) * size, size * sizeof (float));
  return TRUE;
}

static void
array_finalize (SlDataset *self)
{
  ArrayDataset *priv = self->priv;
  if (!priv)
    return;
  g_free (priv->x);
  g_free (priv->regions);
  g_clear_pointer (&self->priv, g_free);
}

static const SlDatasetClass array_class = {
  .kind = "array",
  .get_sample = array_get_sample,
  .finalize = array_finalize,
  .get_region = array_get_region,
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
  ArrayDataset *priv = g_new0 (ArrayDataset, 1);
  priv->x = x;
  self->priv = priv;
  return self;
}

gboolean
sl_dataset_array_check_weights (const char *where, const char *region, const float *weights,
                                gsize n_samples, gsize size, GError **error)
{
  for (gsize i = 0; i < n_samples * size; i++)
    if (!(weights[i] >= 0 && weights[i] <= 1))
      {
        char value[G_ASCII_DTOSTR_BUF_SIZE];
        g_ascii_formatd (value, sizeof value, "%g", weights[i]);
        g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                     "%s: region '%s' of sample %" G_GSIZE_FORMAT ", position %" G_GSIZE_FORMAT
                     ": %s is not a weight (a number from 0 to 1)", where, region, i / size,
                     i % size, isnan (weights[i]) ? "NaN" : value);
        return FALSE;
      }
  return TRUE;
}

gboolean
sl_dataset_array_set_regions (SlDataset *self, const char *const *names, guint n_regions,
                              const float *weights, GError **error)
{
  g_return_val_if_fail (self && self->klass == &array_class, FALSE);
  g_return_val_if_fail (n_regions == 0 || (names && weights), FALSE);
  const gsize block = self->n_samples * sl_dataset_region_size (self);
  for (guint r = 0; r < n_regions; r++)
    {
      gboolean repeated = FALSE;
      for (guint q = 0; q < r; q++)
        repeated |= g_strcmp0 (names[q], names[r]) == 0;
      if (!names[r] || !*names[r] || repeated)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                       "%s: region %u needs a name of its own (it has %s%s%s)", self->name, r,
                       names[r] ? "'" : "", names[r] ? names[r] : "none", names[r] ? "'" : "");
          return FALSE;
        }
      if (!sl_dataset_array_check_weights (self->name, names[r], weights + r * block,
                                           self->n_samples, sl_dataset_region_size (self), error))
        return FALSE;
    }
  ArrayDataset *priv = self->priv;
  g_clear_pointer (&priv->regions, g_free);
  g_clear_pointer (&self->region_names, g_strfreev);
  self->n_regions = n_regions;
  if (n_regions == 0)
    return TRUE;
  priv->regions = g_memdup2 (weights, n_regions * block * sizeof (float));
  self->region_names = g_new0 (char *, n_regions + 1);
  for (guint r = 0; r < n_regions; r++)
    self->region_names[r] = g_strdup (names[r]);
  return TRUE;
}
