/* sl-image-folder.h — class subfolders of images as a dataset, as Keras' flow_from_directory. */
#pragma once

#include "datasets/sl-dataset.h"

G_BEGIN_DECLS

#define SL_IMAGE_FOLDER_DEFAULT_SIZE        224
#define SL_IMAGE_FOLDER_DEFAULT_CACHE_BYTES ((gsize) 64 << 20)

typedef struct
{
  guint    width;        /* every image is resized (PIL bilinear) to width × height */
  guint    height;
  double   scale;        /* each 8-bit value is multiplied by this (in double, then rounded to
                          * float32: exactly value / 255 for the default 1/255) */
  float    mean[3];      /* then, when use_mean_std, (v − mean[c]) / std[c] per channel */
  float    std[3];
  gboolean use_mean_std;
  gsize    cache_bytes;  /* budget of the cache of resized images; 0 caches nothing */
} SlImageFolderOptions;

/* What a cache holds now and held at most; for tests and the app's status line. */
typedef struct
{
  gsize   budget_bytes;
  gsize   used_bytes;
  gsize   peak_bytes;
  gsize   n_entries;
  guint64 hits;
  guint64 misses;
} SlImageFolderCacheInfo;

/* The defaults: 224 × 224, scale 1/255, no mean/std, a 64 MiB cache. */
void               sl_image_folder_options_init   (SlImageFolderOptions *options);

/* Lists `path`'s class subfolders (sorted by name; hidden ones skipped) and their image files
 * (tif, tiff, png, jpg, jpeg, bmp in any case; nested folders walked; sorted as Keras does).
 * Nothing is decoded here: get_sample decodes, resizes and caches on demand. `options` may be NULL
 * for the defaults. Samples have shape (height, width, 3). */
SlDataset         *sl_image_folder_open           (const char                 *path,
                                                   const SlImageFolderOptions *options,
                                                   GError                    **error);

/* The image file of sample `index` (owned by the dataset), or NULL if `dataset` is not an image
 * folder or `index` is out of range. */
const char        *sl_image_folder_get_path       (SlDataset *dataset,
                                                   gsize      index);

gboolean           sl_image_folder_get_cache_info (SlDataset              *dataset,
                                                   SlImageFolderCacheInfo *info);

/* Decodes and resizes sample `index` to 8-bit RGB (height × width × 3 bytes into `out`), before any
 * scaling: what the app shows. Shares the sample cache. */
gboolean           sl_image_folder_get_rgb        (SlDataset *dataset,
                                                   gsize      index,
                                                   guint8    *out,
                                                   GError   **error);

G_END_DECLS
