/* Reads and writes Keras 3 `.keras` archives with libzip. Every entry is checked before a byte of
 * it is inflated: an archive is untrusted input, and its three entries are all we take from it. */
#include "engine/sl-keras-archive.h"

#include "core/sl-error.h"

#include <json-glib/json-glib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

/* Deflate cannot expand a stream more than 1032-fold; an entry that claims more lies. */
#define DEFLATE_MAX_RATIO 1032

void
sl_keras_archive_free (SlKerasArchive *archive)
{
  if (!archive)
    return;
  g_free (archive->keras_version);
  g_free (archive->date_saved);
  g_free (archive->config_json);
  g_clear_pointer (&archive->weights, g_bytes_unref);
  g_free (archive);
}

static gboolean fail (GError **error, SlError code, const char *origin, const char *fmt, ...)
    G_GNUC_PRINTF (4, 5);

static gboolean
fail (GError **error, SlError code, const char *origin, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (error, SL_ERROR, code, "%s: %s", origin, msg);
  return FALSE;
}

/* An entry name that cannot escape a folder it were extracted into, nor hide from a reader. */
static gboolean
safe_name (const char *name)
{
  if (!*name || name[0] == '/' || strchr (name, '\\')
      || (g_ascii_isalpha (name[0]) && name[1] == ':'))
    return FALSE;
  for (const char *p = name; *p; p++)
    if ((guchar)*p < 0x20)
      return FALSE;
  g_auto (GStrv) parts = g_strsplit (name, "/", -1);
  for (guint i = 0; parts[i]; i++)
    if (!strcmp (parts[i], ".."))
      return FALSE;
  return TRUE;
}

typedef enum
{
  ENTRY_METADATA,
  ENTRY_CONFIG,
  ENTRY_WEIGHTS,
  N_ENTRIES,
} Entry;

static const char *const entry_names[N_ENTRIES]
    = { "metadata.json", "config.json", "model.weights.h5" };

/* Reads entry `index` whole: exactly its declared size, checked by libzip's CRC. */
static guint8 *
read_entry (zip_t *za, zip_uint64_t index, const zip_stat_t *st, const char *origin, GError **error)
{
  zip_file_t *zf = zip_fopen_index (za, index, 0);
  if (!zf)
    {
      fail (error, SL_ERROR_FORMAT, origin, "entry '%s' cannot be read (%s)", st->name,
            zip_strerror (za));
      return NULL;
    }
  guint8 *buf = g_try_malloc (st->size + 1);
  if (!buf)
    {
      zip_fclose (zf);
      fail (error, SL_ERROR_FAILED, origin, "entry '%s': out of memory", st->name);
      return NULL;
    }
  const zip_int64_t got = zip_fread (zf, buf, st->size);
  guint8 extra;
  const zip_int64_t more = got == (zip_int64_t)st->size ? zip_fread (zf, &extra, 1) : 0;
  const gboolean ok = got == (zip_int64_t)st->size && more == 0;
  g_autofree char *why = g_strdup (zip_file_strerror (zf));
  const int closed = zip_fclose (zf);
  if (!ok || closed != 0)
    {
      g_free (buf);
      fail (error, SL_ERROR_FORMAT, origin, "entry '%s' is damaged (%s)", st->name,
            got < 0 || more < 0 || closed != 0 ? why : "its data does not match its declared size");
      return NULL;
    }
  buf[st->size] = 0;
  return buf;
}

static gboolean
check_entry (const zip_stat_t *st, const char *origin, gsize max, GError **error)
{
  const zip_uint64_t need
      = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_ENCRYPTION_METHOD;
  if ((st->valid & need) != need)
    return fail (error, SL_ERROR_FORMAT, origin, "entry '%s' has no declared size", st->name);
  if (st->encryption_method != ZIP_EM_NONE)
    return fail (error, SL_ERROR_UNSUPPORTED, origin,
                 "entry '%s' is encrypted; Keras never encrypts its files", st->name);
  if (st->comp_method != ZIP_CM_STORE && st->comp_method != ZIP_CM_DEFLATE)
    return fail (error, SL_ERROR_UNSUPPORTED, origin,
                 "entry '%s' uses compression method %d (only stored and deflate are read)",
                 st->name, (int)st->comp_method);
  if (st->size > max)
    return fail (error, SL_ERROR_FORMAT, origin,
                 "entry '%s' declares %" G_GUINT64_FORMAT " bytes, more than the %" G_GSIZE_FORMAT
                 " this program accepts (a zip bomb?)",
                 st->name, (guint64)st->size, max);
  const zip_uint64_t reach
      = st->comp_method == ZIP_CM_STORE ? st->comp_size : st->comp_size * DEFLATE_MAX_RATIO + 64;
  if (st->size > reach)
    return fail (error, SL_ERROR_FORMAT, origin,
                 "entry '%s' declares %" G_GUINT64_FORMAT " bytes from %" G_GUINT64_FORMAT
                 " compressed ones, more than deflate can produce (a zip bomb?)",
                 st->name, (guint64)st->size, (guint64)st->comp_size);
  return TRUE;
}

static gboolean
read_metadata (SlKerasArchive *archive, const char *text, const char *origin, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root
      = json_parser_load_from_data (parser, text, -1, NULL) ? json_parser_get_root (parser) : NULL;
  if (!root || !JSON_NODE_HOLDS_OBJECT (root))
    return fail (error, SL_ERROR_FORMAT, origin, "metadata.json is not a JSON object");
  JsonObject *o = json_node_get_object (root);
  JsonNode *v = json_object_get_member (o, "keras_version");
  JsonNode *d = json_object_get_member (o, "date_saved");
  if (v && JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) == G_TYPE_STRING)
    archive->keras_version = g_strdup (json_node_get_string (v));
  if (d && JSON_NODE_HOLDS_VALUE (d) && json_node_get_value_type (d) == G_TYPE_STRING)
    archive->date_saved = g_strdup (json_node_get_string (d));
  return TRUE;
}

/* Finds the three entries (each at most once) and refuses everything else. */
static gboolean
index_entries (zip_t *za, const char *origin, zip_uint64_t found[N_ENTRIES], GError **error)
{
  const zip_int64_t n = zip_get_num_entries (za, 0);
  if (n < 0 || n > SL_KERAS_ARCHIVE_MAX_ENTRIES)
    return fail (error, SL_ERROR_FORMAT, origin, "the archive lists %" G_GINT64_FORMAT " entries",
                 (gint64)n);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (Entry e = 0; e < N_ENTRIES; e++)
    found[e] = G_MAXUINT64;
  for (zip_int64_t i = 0; i < n; i++)
    {
      zip_stat_t st;
      if (zip_stat_index (za, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME)
          || !st.name)
        return fail (error, SL_ERROR_FORMAT, origin,
                     "entry %" G_GINT64_FORMAT " of the archive is unreadable", (gint64)i);
      if (!safe_name (st.name))
        return fail (error, SL_ERROR_FORMAT, origin,
                     "entry '%s' has an absolute or parent-relative path; refused", st.name);
      /* Two entries of one name show one file to one reader and another to the next. */
      if (!g_hash_table_add (seen, g_strdup (st.name)))
        return fail (error, SL_ERROR_FORMAT, origin,
                     "the archive holds two entries named '%s'; refused", st.name);
      Entry e;
      for (e = 0; e < N_ENTRIES; e++)
        if (!strcmp (st.name, entry_names[e]))
          break;
      if (e < N_ENTRIES)
        found[e] = (zip_uint64_t)i;
      else if (!strcmp (st.name, "model.weights.npz"))
        return fail (error, SL_ERROR_UNSUPPORTED, origin,
                     "the weights are stored as model.weights.npz; only Keras 3's own "
                     "model.weights.h5 is read");
      else if (!g_str_has_prefix (st.name, "assets/"))
        return fail (error, SL_ERROR_FORMAT, origin,
                     "unexpected entry '%s' (a .keras archive holds "
                     "metadata.json, config.json and model.weights.h5)",
                     st.name);
    }
  if (found[ENTRY_CONFIG] == G_MAXUINT64)
    return fail (error, SL_ERROR_FORMAT, origin,
                 "not a Keras model archive: it has no config.json");
  if (found[ENTRY_WEIGHTS] == G_MAXUINT64)
    return fail (error, SL_ERROR_FORMAT, origin, "the archive has no model.weights.h5");
  return TRUE;
}

static SlKerasArchive *
read_archive (zip_t *za, const char *origin, GError **error)
{
  zip_uint64_t found[N_ENTRIES];
  if (!index_entries (za, origin, found, error))
    return NULL;
  zip_stat_t st[N_ENTRIES];
  for (Entry e = 0; e < N_ENTRIES; e++)
    if (found[e] != G_MAXUINT64
        && (zip_stat_index (za, found[e], 0, &st[e]) != 0
            || !check_entry (&st[e], origin,
                             e == ENTRY_WEIGHTS ? SL_KERAS_ARCHIVE_MAX_WEIGHTS
                                                : SL_KERAS_ARCHIVE_MAX_JSON,
                             error)))
      return NULL;
  g_autoptr (SlKerasArchive) archive = g_new0 (SlKerasArchive, 1);
  if (found[ENTRY_METADATA] != G_MAXUINT64)
    {
      g_autofree char *meta
          = (char *)read_entry (za, found[ENTRY_METADATA], &st[ENTRY_METADATA], origin, error);
      if (!meta || !read_metadata (archive, meta, origin, error))
        return NULL;
    }
  archive->config_json
      = (char *)read_entry (za, found[ENTRY_CONFIG], &st[ENTRY_CONFIG], origin, error);
  if (!archive->config_json)
    return NULL;
  if (strlen (archive->config_json) != st[ENTRY_CONFIG].size)
    {
      fail (error, SL_ERROR_FORMAT, origin, "config.json holds a NUL byte");
      return NULL;
    }
  guint8 *weights = read_entry (za, found[ENTRY_WEIGHTS], &st[ENTRY_WEIGHTS], origin, error);
  if (!weights)
    return NULL;
  archive->weights = g_bytes_new_take (weights, st[ENTRY_WEIGHTS].size);
  return g_steal_pointer (&archive);
}

SlKerasArchive *
sl_keras_archive_read_data (const guint8 *data, gsize len, const char *origin, GError **error)
{
  zip_error_t zerr;
  zip_error_init (&zerr);
  zip_source_t *src = zip_source_buffer_create (data, len, 0, &zerr);
  /* ZIP_CHECKCONS: the central directory and each local header must agree. */
  zip_t *za = src ? zip_open_from_source (src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr) : NULL;
  if (!za)
    {
      /* libzip refuses duplicate names itself: say what that means here. */
      if (zip_error_code_zip (&zerr) == ZIP_ER_EXISTS)
        fail (error, SL_ERROR_FORMAT, origin,
              "the archive holds two entries of the same name; refused (one reader would see one, "
              "the next the other)");
      else
        fail (error, SL_ERROR_FORMAT, origin, "the zip archive is damaged (%s)",
              zip_error_strerror (&zerr));
      if (src)
        zip_source_free (src);
      zip_error_fini (&zerr);
      return NULL;
    }
  zip_error_fini (&zerr);
  SlKerasArchive *archive = read_archive (za, origin, error);
  zip_discard (za);
  return archive;
}

SlKerasArchive *
sl_keras_archive_read (const char *path, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (GMappedFile) map = g_mapped_file_new (path, FALSE, &local);
  if (!map)
    {
      fail (error, SL_ERROR_IO, path, "cannot be read (%s)", local->message);
      return NULL;
    }
  return sl_keras_archive_read_data ((const guint8 *)g_mapped_file_get_contents (map),
                                     g_mapped_file_get_length (map), path, error);
}

static gboolean
add_entry (zip_t *za, const char *name, const void *data, gsize len, time_t mtime)
{
  zip_source_t *src = zip_source_buffer (za, data, len, 0);
  const zip_int64_t idx = src ? zip_file_add (za, name, src, ZIP_FL_ENC_UTF_8) : -1;
  if (idx < 0)
    {
      if (src)
        zip_source_free (src);
      return FALSE;
    }
  return zip_set_file_compression (za, (zip_uint64_t)idx, ZIP_CM_STORE, 0) == 0
         && zip_file_set_mtime (za, (zip_uint64_t)idx, mtime, 0) == 0;
}

gboolean
sl_keras_archive_write (const char *path, const char *metadata_json, const char *config_json,
                        GBytes *weights, GError **error)
{
  int code = 0;
  zip_t *za = zip_open (path, ZIP_CREATE | ZIP_EXCL, &code);
  if (!za)
    {
      zip_error_t zerr;
      zip_error_init_with_code (&zerr, code);
      fail (error, SL_ERROR_IO, path, "cannot create the archive (%s)", zip_error_strerror (&zerr));
      zip_error_fini (&zerr);
      return FALSE;
    }
  /* As Python's zipfile.writestr: the JSON entries dated 1980-01-01, the weights now. */
  struct tm epoch = { .tm_year = 80, .tm_mon = 0, .tm_mday = 1, .tm_isdst = -1 };
  const time_t dos_epoch = mktime (&epoch);
  gsize wlen = 0;
  const void *wdata = g_bytes_get_data (weights, &wlen);
  const gboolean ok
      = add_entry (za, "metadata.json", metadata_json, strlen (metadata_json), dos_epoch)
        && add_entry (za, "config.json", config_json, strlen (config_json), dos_epoch)
        && add_entry (za, "model.weights.h5", wdata, wlen, time (NULL));
  if (!ok || zip_close (za) != 0)
    {
      fail (error, SL_ERROR_IO, path, "cannot write the archive (%s)", zip_strerror (za));
      zip_discard (za);
      return FALSE;
    }
  return TRUE;
}
