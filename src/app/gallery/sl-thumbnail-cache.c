/* sl-thumbnail-cache.c — thumbnails made on demand (gdk-pixbuf scaling for images, a Cairo line
 * plot for signals), kept least-recently-used first in a bounded cache. */
#include "sl-thumbnail-cache.h"

#include "core/sl-error.h"
#include "datasets/images/sl-image-folder.h"

#include <math.h>

typedef struct
{
  gsize index;
  GdkTexture *texture;
} Entry;

struct _SlThumbnailCache
{
  SlDataset *dataset;
  int width;
  int height;
  guint capacity;
  GQueue lru;           /* of Entry, most recently used at the head */
  GHashTable *by_index; /* sample index → its GList link in lru */
  guint64 hits;
  guint64 misses;
};

SlThumbnailCache *
sl_thumbnail_cache_new (SlDataset *dataset, int width, int height, guint capacity)
{
  g_return_val_if_fail (dataset != NULL && width > 0 && height > 0, NULL);
  SlThumbnailCache *self = g_new0 (SlThumbnailCache, 1);
  self->dataset = dataset;
  self->width = width;
  self->height = height;
  self->capacity = MAX (capacity, 1);
  g_queue_init (&self->lru);
  self->by_index = g_hash_table_new (g_direct_hash, g_direct_equal);
  return self;
}

static void
entry_free (gpointer data)
{
  Entry *e = data;
  g_object_unref (e->texture);
  g_free (e);
}

void
sl_thumbnail_cache_free (SlThumbnailCache *self)
{
  if (!self)
    return;
  g_queue_clear_full (&self->lru, entry_free);
  g_hash_table_destroy (self->by_index);
  g_free (self);
}

/* Sample `index` of the dataset and the range of its finite values, or NULL. */
static float *
load_sample (SlDataset *d, gsize index, float *lo, float *hi, GError **error)
{
  g_autofree float *x = g_new (float, sl_dataset_sample_size (d));
  if (!sl_dataset_get_sample (d, index, x, error))
    return NULL;
  *lo = INFINITY, *hi = -INFINITY;
  for (gsize i = 0; i < sl_dataset_sample_size (d); i++)
    if (isfinite (x[i]))
      *lo = MIN (*lo, x[i]), *hi = MAX (*hi, x[i]);
  return g_steal_pointer (&x);
}

/* Display pixels of an image sample as 8-bit RGB (height × width × 3). */
static guint8 *
image_rgb (SlDataset *d, gsize index, GError **error)
{
  const gsize h = d->shape[0], w = d->shape[1], c = d->shape[2], n = h * w;
  g_autofree guint8 *rgb = g_new (guint8, n * 3);
  if (!g_strcmp0 (d->klass->kind, "image-folder"))
    return sl_image_folder_get_rgb (d, index, rgb, error) ? g_steal_pointer (&rgb) : NULL;

  float lo, hi;
  g_autofree float *x = load_sample (d, index, &lo, &hi, error);
  if (!x)
    return NULL;
  /* Inputs already in [0, 1] are shown as they are, others stretched to it. */
  if (lo >= 0 && hi <= 1)
    lo = 0, hi = 1;
  const float span = hi > lo ? hi - lo : 1;
  for (gsize i = 0; i < n; i++)
    for (gsize k = 0; k < 3; k++)
      {
        const float v = x[i * c + (c == 3 ? k : 0)];
        const float u = isfinite (v) ? CLAMP ((v - lo) / span, 0.f, 1.f) : 0.f;
        rgb[i * 3 + k] = (guint8)lrintf (u * 255.f);
      }
  return g_steal_pointer (&rgb);
}

static GdkTexture *
image_thumbnail (SlThumbnailCache *self, gsize index, GError **error)
{
  SlDataset *d = self->dataset;
  const int h = (int)d->shape[0], w = (int)d->shape[1];
  g_autofree guint8 *rgb = image_rgb (d, index, error);
  if (!rgb)
    return NULL;
  g_autoptr (GdkPixbuf) full
      = gdk_pixbuf_new_from_data (rgb, GDK_COLORSPACE_RGB, FALSE, 8, w, h, w * 3, NULL, NULL);
  /* Fit the box, keeping the aspect ratio. */
  const double s = fmin ((double)self->width / w, (double)self->height / h);
  const int tw = MAX (1, (int)lround (w * s)), th = MAX (1, (int)lround (h * s));
  g_autoptr (GdkPixbuf) small = gdk_pixbuf_scale_simple (full, tw, th, GDK_INTERP_BILINEAR);
  return gdk_texture_new_for_pixbuf (small);
}

static GdkTexture *
signal_thumbnail (SlThumbnailCache *self, gsize index, GError **error)
{
  SlDataset *d = self->dataset;
  const gsize len = d->shape[0], c = d->shape[1];
  float lo, hi;
  g_autofree float *x = load_sample (d, index, &lo, &hi, error);
  if (!x)
    return NULL;
  if (!(hi > lo))
    lo -= 1, hi += 1;

  const int w = self->width, h = self->height;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (surface);
  /* A light card with a dark line reads on light and dark themes alike. */
  cairo_set_source_rgb (cr, 0.98, 0.98, 0.98);
  cairo_paint (cr);
  const double pad = 3, pw = w - 2 * pad, ph = h - 2 * pad;
  const double sx = len > 1 ? pw / (double)(len - 1) : 0, sy = ph / (hi - lo);
  if (lo < 0 && hi > 0)
    {
      cairo_set_source_rgb (cr, 0.8, 0.8, 0.8);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, pad, round (pad + hi * sy) + 0.5);
      cairo_rel_line_to (cr, pw, 0);
      cairo_stroke (cr);
    }
  cairo_set_line_width (cr, 1.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (gsize k = 0; k < c; k++)
    {
      /* The first channel in blue, others in grey. */
      if (k == 0)
        cairo_set_source_rgb (cr, 0.11, 0.44, 0.85);
      else
        cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
      for (gsize i = 0; i < len; i++)
        {
          const float v = isfinite (x[i * c + k]) ? x[i * c + k] : lo;
          cairo_line_to (cr, pad + i * sx, pad + (hi - v) * sy);
        }
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  /* Cairo's ARGB32 is GDK_MEMORY_DEFAULT (premultiplied, native endian). */
  const int stride = cairo_image_surface_get_stride (surface);
  g_autoptr (GBytes) bytes
      = g_bytes_new (cairo_image_surface_get_data (surface), (gsize)stride * h);
  cairo_surface_destroy (surface);
  return gdk_memory_texture_new (w, h, GDK_MEMORY_DEFAULT, bytes, stride);
}

GdkTexture *
sl_thumbnail_cache_lookup (SlThumbnailCache *self, gsize index)
{
  g_return_val_if_fail (self != NULL, NULL);
  GList *link = g_hash_table_lookup (self->by_index, GSIZE_TO_POINTER (index));
  if (!link)
    return NULL;
  self->hits++;
  g_queue_unlink (&self->lru, link);
  g_queue_push_head_link (&self->lru, link);
  return g_object_ref (((Entry *)link->data)->texture);
}

GdkTexture *
sl_thumbnail_cache_dup_texture (SlThumbnailCache *self, gsize index, GError **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  GdkTexture *cached = sl_thumbnail_cache_lookup (self, index);
  if (cached)
    return cached;
  if (index >= self->dataset->n_samples)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "%s has no sample %" G_GSIZE_FORMAT,
                   self->dataset->name, index);
      return NULL;
    }
  self->misses++;
  GdkTexture *texture = self->dataset->rank == 3 ? image_thumbnail (self, index, error)
                                                 : signal_thumbnail (self, index, error);
  if (!texture)
    return NULL;
  Entry *e = g_new (Entry, 1);
  *e = (Entry){ index, g_object_ref (texture) };
  g_queue_push_head (&self->lru, e);
  g_hash_table_insert (self->by_index, GSIZE_TO_POINTER (index), self->lru.head);
  while (self->lru.length > self->capacity)
    {
      Entry *old = g_queue_pop_tail (&self->lru);
      g_hash_table_remove (self->by_index, GSIZE_TO_POINTER (old->index));
      entry_free (old);
    }
  return texture;
}

guint
sl_thumbnail_cache_get_n_entries (const SlThumbnailCache *self)
{
  return self->lru.length;
}

guint
sl_thumbnail_cache_get_capacity (const SlThumbnailCache *self)
{
  return self->capacity;
}

void
sl_thumbnail_cache_get_stats (const SlThumbnailCache *self, guint64 *hits, guint64 *misses)
{
  if (hits)
    *hits = self->hits;
  if (misses)
    *misses = self->misses;
}
