/* sl-thumbnail-cache.h — small textures of a dataset's samples, made on demand and kept in a
 * least-recently-used cache of bounded size. */
#pragma once

#include "datasets/sl-dataset.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_THUMBNAIL_CACHE_DEFAULT_CAPACITY 2000

typedef struct _SlThumbnailCache SlThumbnailCache;

/* Thumbnails of `dataset` (borrowed: it must outlive the cache) fitting width × height pixels;
 * at most `capacity` are kept. */
SlThumbnailCache *sl_thumbnail_cache_new (SlDataset *dataset, int width, int height,
                                          guint capacity);
void sl_thumbnail_cache_free (SlThumbnailCache *self);

/* The thumbnail of sample `index`: images show the dataset's display pixels (an image folder's
 * decoded RGB, else the input brought to [0, 1]) scaled to fit; 1-D signals a small line plot. */
GdkTexture *sl_thumbnail_cache_dup_texture (SlThumbnailCache *self, gsize index, GError **error);

/* The thumbnail of sample `index` if it is cached now, else NULL (nothing is made). */
GdkTexture *sl_thumbnail_cache_lookup (SlThumbnailCache *self, gsize index);

guint sl_thumbnail_cache_get_n_entries (const SlThumbnailCache *self);
guint sl_thumbnail_cache_get_capacity (const SlThumbnailCache *self);
/* Lookups answered from the cache and thumbnails made. */
void sl_thumbnail_cache_get_stats (const SlThumbnailCache *self, guint64 *hits, guint64 *misses);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlThumbnailCache, sl_thumbnail_cache_free)

G_END_DECLS
