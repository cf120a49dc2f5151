#include "sl-image-folder.h"

#include "core/sl-error.h"
#include "sl-image-decode.h"
#include "sl-image-resize.h"

#include <dirent.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

/* One resized 8-bit image in the cache; `link` is its place in the LRU queue (head: most
 * recent). */
typedef struct
{
  gsize   index;
  guint8 *rgb;
  GList   link;
} CacheEntry;

typedef struct
{
  SlImageFolderOptions options;
  gsize                sample_bytes; /* height × width × 3 */
  gsize                entry_cost;   /* what one cached sample counts against the budget */
  GStringChunk        *strings;
  const char         **paths;        /* n_samples full paths, in `strings` */

  GMutex               lock;         /* guards everything below */
  GHashTable          *cache;        /* sample index → CacheEntry */
  GQueue               lru;
  gsize                used_bytes;
  gsize                peak_bytes;
  guint64              hits;
  guint64              misses;
} ImageFolder;

static gboolean image_folder_get_sample (SlDataset *self, gsize index, float *out, GError **error);
static void     image_folder_finalize   (SlDataset *self);

static const SlDatasetClass image_folder_class = {
  .kind = "image-folder",
  .get_sample = image_folder_get_sample,
  .finalize = image_folder_finalize,
};

void
sl_image_folder_options_init (SlImageFolderOptions *options)
{
  g_return_if_fail (options != NULL);
  *options = (SlImageFolderOptions) {
    .width = SL_IMAGE_FOLDER_DEFAULT_SIZE,
    .height = SL_IMAGE_FOLDER_DEFAULT_SIZE,
    .scale = 1.0 / 255.0,
    .mean = { 0, 0, 0 },
    .std = { 1, 1, 1 },
    .use_mean_std = FALSE,
    .cache_bytes = SL_IMAGE_FOLDER_DEFAULT_CACHE_BYTES,
  };
}

static gboolean
check_options (const char *path, const SlImageFolderOptions *o, GError **error)
{
  if (o->width < 1 || o->height < 1 || o->width > SL_IMAGE_MAX_SIDE || o->height > SL_IMAGE_MAX_SIDE
      || (guint64) o->width * o->height > SL_IMAGE_MAX_PIXELS)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "%s: cannot resize images to %u×%u (each side must be 1 to %d)", path, o->width,
                   o->height, SL_IMAGE_MAX_SIDE);
      return FALSE;
    }
  if (!isfinite (o->scale) || o->scale == 0.0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "%s: the scale %g would erase the images "
                   "(start from sl_image_folder_options_init)",
                   path, o->scale);
      return FALSE;
    }
  if (o->use_mean_std)
    for (guint c = 0; c < 3; c++)
      if (!isfinite (o->mean[c]) || !isfinite (o->std[c]) || o->std[c] == 0.0f)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                       "%s: channel %u has mean %g and std %g (both must be finite, std non-zero)",
                       path, c, (double) o->mean[c], (double) o->std[c]);
          return FALSE;
        }
  return TRUE;
}

static gboolean
is_image_name (const char *name)
{
  static const char *const exts[] = { ".tif", ".tiff", ".png", ".jpg", ".jpeg", ".bmp" };
  const char *dot = strrchr (name, '.');
  if (!dot || dot == name)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    if (g_ascii_strcasecmp (dot, exts[i]) == 0)
      return TRUE;
  return FALSE;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  /* Byte order of UTF-8 is code-point order: what Python's sorted() gives Keras. */
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The entries of one folder, hidden ones skipped: subfolders into `dirs`, other names into `files`.
 * A symbolic link to a folder counts as a folder only when `follow_links` (os.walk does not descend
 * into them, but os.path.isdir follows them). */
static gboolean
read_folder (const char *path,
             gboolean    follow_links,
             GPtrArray  *dirs,
             GPtrArray  *files,
             GError    **error)
{
  DIR *dir = opendir (path);
  if (!dir)
    {
      const int e = errno;
      g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: cannot list the folder: %s", path,
                   g_strerror (e));
      return FALSE;
    }
  struct dirent *ent;
  while ((errno = 0, ent = readdir (dir)) != NULL)
    {
      const char *name = ent->d_name;
      if (name[0] == '.')
        continue; /* hidden, and "." and ".." */
      gboolean is_dir = ent->d_type == DT_DIR;
      if (ent->d_type == DT_LNK || ent->d_type == DT_UNKNOWN)
        {
          g_autofree char *full = g_build_filename (path, name, NULL);
          GStatBuf lst, st;
          const gboolean is_link = g_lstat (full, &lst) == 0 && S_ISLNK (lst.st_mode);
          is_dir = g_stat (full, &st) == 0 && S_ISDIR (st.st_mode);
          if (is_dir && is_link && !follow_links)
            continue;
        }
      g_ptr_array_add (is_dir ? dirs : files, g_strdup (name));
    }
  const int e = errno;
  closedir (dir);
  if (e != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: cannot list the folder: %s", path,
                   g_strerror (e));
      return FALSE;
    }
  g_ptr_array_sort (dirs, compare_names);
  g_ptr_array_sort (files, compare_names);
  return TRUE;
}

/* One folder of a class: its path relative to the class folder ("" for the class folder itself)
 * and its image files, already as full paths in name order. */
typedef struct
{
  char      *rel;
  GPtrArray *images;
} Folder;

static void
folder_free (gpointer data)
{
  Folder *f = data;
  g_free (f->rel);
  g_ptr_array_unref (f->images);
  g_free (f);
}

static int
compare_folders (gconstpointer a, gconstpointer b)
{
  return strcmp ((*(Folder *const *) a)->rel, (*(Folder *const *) b)->rel);
}

/* Every folder under `top` (itself included) with its image files. */
static gboolean
collect_folders (const char *top, const char *rel, GPtrArray *out, GError **error)
{
  g_autofree char *path = *rel ? g_build_filename (top, rel, NULL) : g_strdup (top);
  g_autoptr (GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  if (!read_folder (path, FALSE, dirs, files, error))
    return FALSE;
  Folder *folder = g_new0 (Folder, 1);
  folder->rel = g_strdup (rel);
  folder->images = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < files->len; i++)
    if (is_image_name (files->pdata[i]))
      g_ptr_array_add (folder->images, g_build_filename (path, files->pdata[i], NULL));
  g_ptr_array_add (out, folder);
  for (guint i = 0; i < dirs->len; i++)
    {
      g_autofree char *sub = *rel ? g_build_filename (rel, dirs->pdata[i], NULL)
                                  : g_strdup (dirs->pdata[i]);
      if (!collect_folders (top, sub, out, error))
        return FALSE;
    }
  return TRUE;
}

/* The image files of one class folder in Keras' order: folders sorted by their whole path (as
 * `sorted(os.walk(...), key=root)`), then names sorted within each folder. */
static gboolean
list_class (const char *class_dir, GStringChunk *strings, GPtrArray *paths, GError **error)
{
  g_autoptr (GPtrArray) folders = g_ptr_array_new_with_free_func (folder_free);
  if (!collect_folders (class_dir, "", folders, error))
    return FALSE;
  g_ptr_array_sort (folders, compare_folders);
  for (guint i = 0; i < folders->len; i++)
    {
      const Folder *folder = folders->pdata[i];
      for (guint j = 0; j < folder->images->len; j++)
        g_ptr_array_add (paths, g_string_chunk_insert (strings, folder->images->pdata[j]));
    }
  return TRUE;
}

static void
cache_entry_free (gpointer data)
{
  CacheEntry *entry = data;
  g_free (entry->rgb);
  g_free (entry);
}

SlDataset *
sl_image_folder_open (const char *path, const SlImageFolderOptions *options, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  SlImageFolderOptions defaults;
  sl_image_folder_options_init (&defaults);
  const SlImageFolderOptions *opts = options ? options : &defaults;
  if (!check_options (path, opts, error))
    return NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: no such folder", path);
      return NULL;
    }
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_IO,
                   "%s: is a file, not a folder of class subfolders of images", path);
      return NULL;
    }

  g_autoptr (GPtrArray) classes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) top_files = g_ptr_array_new_with_free_func (g_free);
  if (!read_folder (path, TRUE, classes, top_files, error))
    return NULL;
  if (classes->len == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                   "%s: no class subfolders (an image folder has one subfolder of images per "
                   "class)",
                   path);
      return NULL;
    }

  GStringChunk *strings = g_string_chunk_new (64 * 1024);
  g_autoptr (GPtrArray) paths = g_ptr_array_new ();
  g_autoptr (GArray) labels = g_array_new (FALSE, FALSE, sizeof (gint));
  for (guint c = 0; c < classes->len; c++)
    {
      g_autofree char *class_dir = g_build_filename (path, classes->pdata[c], NULL);
      const guint before = paths->len;
      if (!list_class (class_dir, strings, paths, error))
        {
          g_string_chunk_free (strings);
          return NULL;
        }
      const gint label = (gint) c;
      for (guint i = before; i < paths->len; i++)
        g_array_append_val (labels, label);
    }
  if (paths->len == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                   "%s: no images (tif, tiff, png, jpg, jpeg or bmp files) in its %u class folders",
                   path, classes->len);
      g_string_chunk_free (strings);
      return NULL;
    }

  g_autofree char *base = g_path_get_basename (path);
  SlDataset *self = sl_dataset_new_base (&image_folder_class, base);
  ImageFolder *f = g_new0 (ImageFolder, 1);
  self->priv = f;
  f->options = *opts;
  f->sample_bytes = (gsize) opts->width * opts->height * 3;
  f->entry_cost = f->sample_bytes + sizeof (CacheEntry);
  f->strings = strings;
  f->paths = (const char **) g_ptr_array_steal (paths, NULL);
  g_mutex_init (&f->lock);
  f->cache = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, cache_entry_free);
  g_queue_init (&f->lru);

  self->n_samples = labels->len;
  self->labels = (gint *) g_array_free (g_steal_pointer (&labels), FALSE);
  self->rank = 3;
  self->shape[0] = opts->height;
  self->shape[1] = opts->width;
  self->shape[2] = 3;
  self->n_classes = classes->len;
  self->class_names = g_new0 (char *, classes->len + 1);
  for (guint c = 0; c < classes->len; c++)
    self->class_names[c] = g_strdup (classes->pdata[c]);
  return self;
}

static void
image_folder_finalize (SlDataset *self)
{
  ImageFolder *f = self->priv;
  if (!f)
    return;
  g_hash_table_destroy (f->cache);
  g_mutex_clear (&f->lock);
  g_free (f->paths);
  g_string_chunk_free (f->strings);
  g_free (f);
  self->priv = NULL;
}

/* The folder state, or NULL for other kinds of dataset (the accessors document NULL for those). */
static ImageFolder *
image_folder (SlDataset *dataset)
{
  return dataset && dataset->klass == &image_folder_class ? dataset->priv : NULL;
}

const char *
sl_image_folder_get_path (SlDataset *dataset, gsize index)
{
  ImageFolder *f = image_folder (dataset);
  if (!f || index >= dataset->n_samples)
    return NULL;
  return f->paths[index];
}

gboolean
sl_image_folder_get_cache_info (SlDataset *dataset, SlImageFolderCacheInfo *info)
{
  ImageFolder *f = image_folder (dataset);
  g_return_val_if_fail (info != NULL, FALSE);
  if (!f)
    return FALSE;
  g_mutex_lock (&f->lock);
  *info = (SlImageFolderCacheInfo) {
    .budget_bytes = f->options.cache_bytes,
    .used_bytes = f->used_bytes,
    .peak_bytes = f->peak_bytes,
    .n_entries = g_hash_table_size (f->cache),
    .hits = f->hits,
    .misses = f->misses,
  };
  g_mutex_unlock (&f->lock);
  return TRUE;
}

/* Looks `index` up; on a hit copies it to `out` and makes it the most recent. */
static gboolean
cache_lookup (ImageFolder *f, gsize index, guint8 *out)
{
  g_mutex_lock (&f->lock);
  CacheEntry *entry = g_hash_table_lookup (f->cache, GSIZE_TO_POINTER (index));
  if (entry)
    {
      g_queue_unlink (&f->lru, &entry->link);
      g_queue_push_head_link (&f->lru, &entry->link);
      memcpy (out, entry->rgb, f->sample_bytes);
      f->hits++;
    }
  else
    f->misses++;
  g_mutex_unlock (&f->lock);
  return entry != NULL;
}

static void
cache_insert (ImageFolder *f, gsize index, const guint8 *rgb)
{
  if (f->entry_cost > f->options.cache_bytes)
    return;
  /* Copy outside the lock; another thread may have inserted the same sample meanwhile. */
  CacheEntry *entry = g_new0 (CacheEntry, 1);
  entry->index = index;
  entry->rgb = g_memdup2 (rgb, f->sample_bytes);
  entry->link.data = entry;

  g_mutex_lock (&f->lock);
  if (g_hash_table_contains (f->cache, GSIZE_TO_POINTER (index)))
    {
      g_mutex_unlock (&f->lock);
      cache_entry_free (entry);
      return;
    }
  while (f->used_bytes + f->entry_cost > f->options.cache_bytes)
    {
      GList *oldest = g_queue_pop_tail_link (&f->lru);
      const CacheEntry *victim = oldest->data;
      f->used_bytes -= f->entry_cost;
      g_hash_table_remove (f->cache, GSIZE_TO_POINTER (victim->index));
    }
  g_queue_push_head_link (&f->lru, &entry->link);
  g_hash_table_insert (f->cache, GSIZE_TO_POINTER (index), entry);
  f->used_bytes += f->entry_cost;
  f->peak_bytes = MAX (f->peak_bytes, f->used_bytes);
  g_mutex_unlock (&f->lock);
}

static gboolean
load_rgb (ImageFolder *f, gsize index, guint8 *out, GError **error)
{
  if (cache_lookup (f, index, out))
    return TRUE;
  /* Decode without the lock so that several threads decode at once. */
  g_autoptr (SlRgbImage) image = sl_image_decode_file (f->paths[index], error);
  if (!image)
    return FALSE;
  sl_image_resize_bilinear (image->pixels, image->width, image->height, 3, out, f->options.width,
                            f->options.height);
  cache_insert (f, index, out);
  return TRUE;
}

gboolean
sl_image_folder_get_rgb (SlDataset *dataset, gsize index, guint8 *out, GError **error)
{
  ImageFolder *f = image_folder (dataset);
  g_return_val_if_fail (f != NULL && out != NULL, FALSE);
  if (index >= dataset->n_samples)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "%s: sample %" G_GSIZE_FORMAT " does not exist (the folder has %" G_GSIZE_FORMAT
                   " images)",
                   dataset->name, index, dataset->n_samples);
      return FALSE;
    }
  return load_rgb (f, index, out, error);
}

static gboolean
image_folder_get_sample (SlDataset *self, gsize index, float *out, GError **error)
{
  ImageFolder *f = self->priv;
  g_autofree guint8 *rgb = g_malloc (f->sample_bytes);
  if (!load_rgb (f, index, rgb, error))
    return FALSE;

  /* The product in double, rounded once to float32: for scale 1/255 this is exactly value / 255
   * (IMAGES.md, and the golden inputs). A float32 product, as numpy's `x *= rescale`, would be off
   * by one ulp on about half the values. A table of the 256 possible values keeps it cheap. */
  float table[3][256];
  for (guint c = 0; c < 3; c++)
    for (guint v = 0; v < 256; v++)
      {
        const float x = (float) ((double) v * f->options.scale);
        table[c][v] = f->options.use_mean_std ? (x - f->options.mean[c]) / f->options.std[c] : x;
      }
  const gsize n_pixels = f->sample_bytes / 3;
  for (gsize p = 0; p < n_pixels; p++)
    for (guint c = 0; c < 3; c++)
      out[p * 3 + c] = table[c][rgb[p * 3 + c]];
  return TRUE;
}
