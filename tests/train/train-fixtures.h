/* train-fixtures.h — what the training tests share: an in-memory dataset and small model configs.
 */
#pragma once

#include "datasets/sl-dataset.h"

#include <string.h>

typedef struct
{
  float *x; /* n_samples × sample size */
} MemoryData;

static gboolean
memory_get_sample (SlDataset *self, gsize index, float *out, GError **error)
{
  const MemoryData *d = self->priv;
  const gsize size = sl_dataset_sample_size (self);
  memcpy (out, d->x + index * size, size * sizeof (float));
  return TRUE;
}

static void
memory_finalize (SlDataset *self)
{
  MemoryData *d = self->priv;
  g_free (d->x);
  g_free (d);
}

static const SlDatasetClass memory_class = { "memory", memory_get_sample, memory_finalize };

/* A dataset of n samples of shape (d0, d1[, d2]) (rank 2 or 3) holding copies of x and labels. */
static inline SlDataset *
memory_dataset_new (gsize n, guint rank, const gsize *shape, guint n_classes, const float *x,
                    const gint *labels)
{
  SlDataset *ds = sl_dataset_new_base (&memory_class, "memory");
  ds->n_samples = n;
  ds->rank = rank;
  memcpy (ds->shape, shape, rank * sizeof (gsize));
  ds->n_classes = n_classes;
  ds->class_names = g_new0 (char *, n_classes + 1);
  for (guint k = 0; k < n_classes; k++)
    ds->class_names[k] = g_strdup_printf ("%u", k);
  ds->labels = g_memdup2 (labels, n * sizeof (gint));
  MemoryData *d = g_new0 (MemoryData, 1);
  d->x = g_memdup2 (x, n * sl_dataset_sample_size (ds) * sizeof (float));
  ds->priv = d;
  return ds;
}

/* A random classification problem whose label depends on the signal (the sign pattern of two
 * means). */
static inline SlDataset *
random_signal_dataset (gsize n, gsize length, guint32 seed)
{
  g_autoptr (GRand) rng = g_rand_new_with_seed (seed);
  g_autofree float *x = g_new (float, n *length);
  g_autofree gint *y = g_new (gint, n);
  for (gsize i = 0; i < n; i++)
    {
      double a = 0, b = 0;
      for (gsize t = 0; t < length; t++)
        {
          x[i * length + t] = (float) g_rand_double_range (rng, -1, 1);
          if (t < length / 2)
            a += x[i * length + t];
          else
            b += x[i * length + t];
        }
      y[i] = (a > 0) + 2 * (b > 0);
    }
  const gsize shape[2] = { length, 1 };
  return memory_dataset_new (n, 2, shape, 4, x, y);
}

#define LAYER(cls, name, cfg)                                                                      \
  "{\"class_name\": \"" cls "\", \"config\": {\"name\": \"" name "\"" cfg "}}"

static inline char *
sequential_json (const char *input, const char *layers)
{
  return g_strdup_printf (
      "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"test\", \"layers\": "
      "[{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, %s], "
      "\"name\": \"input\"}}, %s]}}",
      input, layers);
}

/* A small 1-D CNN for a (16, 1) signal and 4 classes. */
/* clang-format off */
#define SMALL_CNN_LAYERS                                                                           \
  LAYER ("Conv1D", "c1", ", \"filters\": 4, \"kernel_size\": 3, \"padding\": \"same\", "           \
         "\"activation\": \"relu\"") ", "                                                          \
  LAYER ("Flatten", "f", "") ", "                                                                  \
  LAYER ("Dense", "d", ", \"units\": 4, \"activation\": \"softmax\"")
/* clang-format on */
