/* sl-keras-archive.h — Keras 3 `.keras` zip archives: entries read defensively, and written. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Bounds on what an archive may declare: larger entries are refused before anything is inflated. */
#define SL_KERAS_ARCHIVE_MAX_JSON ((gsize)16 << 20)
#define SL_KERAS_ARCHIVE_MAX_WEIGHTS ((gsize)2 << 30)
#define SL_KERAS_ARCHIVE_MAX_ENTRIES 4096

typedef struct
{
  char *keras_version; /* metadata.json's keras_version, or NULL without one */
  char *date_saved;    /* metadata.json's date_saved, or NULL */
  char *config_json;   /* config.json, as text */
  GBytes *weights;     /* model.weights.h5, the whole HDF5 file */
} SlKerasArchive;

/* Reads `path` (a zip archive). Refuses, naming the file and the entry: duplicate entry names,
 * absolute or `..` paths, encrypted entries, compression other than stored/deflate, declared sizes
 * over the bounds above or beyond what deflate can reach, entries whose inflated bytes differ from
 * their declared size or CRC, a missing config.json or model.weights.h5, weights in another
 * container (model.weights.npz) and entries Keras does not write. */
SlKerasArchive *sl_keras_archive_read (const char *path, GError **error);
/* The same for archive bytes in memory; `origin` names them in errors. */
SlKerasArchive *sl_keras_archive_read_data (const guint8 *data, gsize len, const char *origin,
                                            GError **error);
void sl_keras_archive_free (SlKerasArchive *archive);

/* Writes a new archive at `path` (which must not exist yet) as Keras 3 does: metadata.json,
 * config.json, model.weights.h5, all stored uncompressed. */
gboolean sl_keras_archive_write (const char *path, const char *metadata_json,
                                 const char *config_json, GBytes *weights, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlKerasArchive, sl_keras_archive_free)

G_END_DECLS
