/* A byte-level check of an HDF5 file's global heap before libhdf5 reads from it. libhdf5 1.10
 * (Debian 12) loops forever on a heap collection holding an object of size 0, reads out of bounds
 * (and crashes) on a variable-length string whose heap index does not exist, and allocates whatever
 * length such a reference claims. Global heaps hold exactly the variable-length strings Keras
 * writes (model_config, keras_version…), so their collections and the references to them are
 * checked here.
 *
 * Opening the file and walking its objects does not touch global heaps, so libhdf5 first tells us
 * where datasets keep their raw data: bytes there are numbers, not heap structures, and are skipped
 * (a weight whose bytes happen to read "GCOL" or a heap address must not turn a model away). So are
 * the version-1 object headers libhdf5 has found (the layout h5py writes): the message bodies in
 * them that may hold variable-length data (attributes, fill values, unknown kinds) are checked
 * where they are, and the rest of the header (its prefix, message headers, continuation and symbol
 * table messages…) is structure whose numbers may happen to look like a reference. The file is
 * streamed in one pass per stage (linear in its size), and sparse holes are skipped. */
#include "core/sl-h5.h"

#include "core/sl-error.h"
#include "core/sl-text.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define WINDOW ((gsize)1 << 20)
#define OVERLAP 32                        /* > the longest record looked at: 4 + 8 + 4 bytes */
#define MAX_COLLECTION ((guint64)1 << 30) /* libhdf5 reads a collection whole */
#define MAX_CHUNKS ((hsize_t)1 << 16) /* per dataset; beyond, its data is scanned like the rest */

static guint64
le (const guint8 *p, guint n)
{
  guint64 v = 0;
  for (guint i = 0; i < n; i++)
    v |= (guint64)p[i] << (8 * i);
  return v;
}

typedef struct
{
  guint64 start, end; /* absolute file offsets, end exclusive */
} Range;

typedef struct
{
  int fd;            /* the file, read in windows; or -1 with */
  const guint8 *mem; /* the file's bytes in memory (a .keras archive's weights) */
  guint64 len, base;
  guint soa, sol;
  GArray *skip;      /* Range: raw data and valid collections, sorted by start */
  GHashTable *sizes; /* collection address (relative to base) → GArray of guint64: the collection's
                      * size, then its object sizes by index (G_MAXUINT64 where there is none) */
  GArray *found;     /* Range: the collections found */
  guint64 header_budget; /* bytes of object headers still to parse: at most the file's size */
} Scan;

static gint
range_cmp (gconstpointer a, gconstpointer b)
{
  const Range *x = a, *y = b;
  return x->start < y->start ? -1 : x->start > y->start;
}

static gboolean pread_all (int fd, guint8 *buf, gsize n, guint64 at);

static gboolean
scan_read (const Scan *s, guint8 *buf, gsize n, guint64 at)
{
  if (!s->mem)
    return pread_all (s->fd, buf, n, at);
  if (at > s->len || n > s->len - at)
    return FALSE;
  memcpy (buf, s->mem + at, n);
  return TRUE;
}

static gboolean
pread_all (int fd, guint8 *buf, gsize n, guint64 at)
{
  while (n > 0)
    {
      const gssize got = pread (fd, buf, n, (off_t)at);
      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        return FALSE;
      buf += got, n -= (gsize)got, at += (guint64)got;
    }
  return TRUE;
}

/* Walks a collection of `size` bytes read into `c`; FALSE when libhdf5 would mis-parse it. */
static gboolean
read_collection (const guint8 *c, guint64 size, guint sol, GArray *sizes)
{
  const gsize hdr
      = 8 + sol; /* "GCOL", version, 3 reserved, size; an object: idx, nrefs, 4 reserved, size */
  gsize p = hdr;
  while (p < size && p + hdr <= size)
    {
      const guint idx = (guint)le (c + p, 2);
      const guint64 osize = le (c + p + 8, sol);
      const guint64 need = idx > 0 ? hdr + ((osize + 7) & ~(guint64)7) : osize;
      if (need == 0 || need > size - p || (idx > 0 && osize > size - p))
        return FALSE;
      if (idx > 0)
        {
          const guint64 none = G_MAXUINT64;
          while (sizes->len <= idx)
            g_array_append_val (sizes, none);
          g_array_index (sizes, guint64, idx) = osize;
        }
      p += (gsize)need;
    }
  return TRUE;
}

/* `w` holds `n` bytes of the file from offset `at`; a visitor looks for records starting in
 * [0, valid) and may set `resume` further on. */
typedef gboolean (*Visit) (Scan *s, const guint8 *w, gsize n, gsize valid, guint64 at,
                           guint64 *resume);

/* Streams the file's data (holes and skipped ranges left out) through `visit`, one window at a
 * time; consecutive windows overlap so that records across a boundary are seen whole. */
static gboolean
stream (Scan *s, Visit visit)
{
  g_autofree guint8 *w = g_malloc (WINDOW + OVERLAP);
  guint64 pos = s->base;
  guint next_skip = 0;
  while (pos < s->len)
    {
      guint64 stop = s->len;
      if (!s->mem)
        {
          const off_t data = lseek (s->fd, (off_t)pos, SEEK_DATA);
          if (data < 0)
            break; /* the rest is a hole (ENXIO) */
          pos = MAX (pos, (guint64)data);
          const off_t hole = lseek (s->fd, (off_t)pos, SEEK_HOLE);
          stop = hole < 0 ? s->len : MIN ((guint64)hole, s->len);
        }
      while (next_skip < s->skip->len && g_array_index (s->skip, Range, next_skip).end <= pos)
        next_skip++;
      if (next_skip < s->skip->len)
        {
          const Range *r = &g_array_index (s->skip, Range, next_skip);
          if (r->start <= pos)
            {
              pos = r->end;
              continue;
            }
          stop = MIN (stop, r->start);
        }
      if (stop <= pos)
        {
          pos++;
          continue;
        }
      const gsize n = (gsize)MIN (stop - pos, (guint64)WINDOW + OVERLAP);
      if (!scan_read (s, w, n, pos))
        return FALSE;
      const gsize valid = pos + n == stop ? n : n - OVERLAP;
      guint64 resume = pos + valid;
      if (!visit (s, w, n, valid, pos, &resume))
        return FALSE;
      pos = MAX (resume, pos + 1);
    }
  return TRUE;
}

/* Stage 1: every "GCOL" version-1 signature must start a well-formed collection. */
static gboolean
visit_collections (Scan *s, const guint8 *w, gsize n, gsize valid, guint64 at, guint64 *resume)
{
  const gsize hdr = 8 + s->sol;
  for (gsize i = 0; i < valid && i + 5 <= n; i++)
    {
      if (w[i] != 'G' || memcmp (w + i, "GCOL\1", 5) != 0)
        continue;
      const guint64 start = at + i;
      guint8 head[16];
      if (start + hdr > s->len || !scan_read (s, head, hdr, start))
        return FALSE;
      const guint64 size = le (head + 8, s->sol);
      if (size < hdr || size > s->len - start || size > MAX_COLLECTION)
        return FALSE;
      guint8 *c = g_try_malloc (size);
      if (!c)
        return FALSE;
      /* Index 0 (free space, never a string) keeps the collection's own size. */
      GArray *sizes = g_array_new (FALSE, FALSE, sizeof (guint64));
      g_array_append_val (sizes, size);
      const gboolean ok
          = scan_read (s, c, size, start) && read_collection (c, size, s->sol, sizes);
      g_free (c);
      if (!ok)
        {
          g_array_unref (sizes);
          return FALSE;
        }
      g_hash_table_insert (s->sizes, g_memdup2 (&(guint64){ start - s->base }, sizeof (guint64)),
                           sizes);
      /* Collections do not nest: resume after this one (strings inside may read "GCOL"), and leave
       * it out of the search for references (a string's text is not one). */
      const Range r = { start, start + size };
      g_array_append_val (s->found, r);
      *resume = start + size;
      return TRUE;
    }
  return TRUE;
}

/* Stage 2: a variable-length reference — 4-byte length, a collection's address, 4-byte object index
 * — must name an object at least as long as it claims. */
static gboolean
visit_references (Scan *s, const guint8 *w, gsize n, gsize valid, guint64 at, guint64 *resume)
{
  for (gsize i = 4; i < valid && i + s->soa + 4 <= n; i++)
    {
      const guint64 address = le (w + i, s->soa);
      GArray *sizes = g_hash_table_lookup (s->sizes, &address);
      if (!sizes)
        continue;
      const guint64 length = le (w + i - 4, 4);
      const guint64 idx = le (w + i + s->soa, 4);
      const guint64 size
          = idx > 0 && idx < sizes->len ? g_array_index (sizes, guint64, idx) : G_MAXUINT64;
      if (length == 0)
        continue; /* not a string reference (e.g. a number that happens to equal the address) */
      /* A string longer than its object, or a plausible one (it would fit in the collection)
       * pointing nowhere. Longer ones are other bytes that happen to hold the address. */
      if (size != G_MAXUINT64 ? length > size : length <= g_array_index (sizes, guint64, 0))
        return FALSE;
    }
  if (valid > 4)
    *resume
        = at + valid - 4; /* the next window starts 4 bytes early: a length precedes its address */
  return TRUE;
}

typedef struct
{
  guint64 base;
  GArray *skip;
  GArray *headers; /* guint64: every object's header address (relative to base) */
} RawData;

/* Records where one dataset keeps its raw data (contiguous or chunked). */
static void
add_raw_data (hid_t ds, RawData *raw)
{
  const haddr_t offset = H5Dget_offset (ds);
  if (offset != HADDR_UNDEF)
    {
      const Range r = { raw->base + offset, raw->base + offset + H5Dget_storage_size (ds) };
      g_array_append_val (raw->skip, r);
      return;
    }
  hsize_t n = 0;
  if (H5Dget_num_chunks (ds, H5S_ALL, &n) < 0 || n > MAX_CHUNKS)
    return;
  hsize_t coord[H5S_MAX_RANK];
  for (hsize_t i = 0; i < n; i++)
    {
      unsigned mask;
      haddr_t addr;
      hsize_t size;
      if (H5Dget_chunk_info (ds, H5S_ALL, i, coord, &mask, &addr, &size) >= 0
          && addr != HADDR_UNDEF)
        {
          const Range r = { raw->base + addr, raw->base + addr + size };
          g_array_append_val (raw->skip, r);
        }
    }
}

static herr_t
visit_object (hid_t loc, const char *name, const H5O_info_t *info, void *data)
{
  RawData *raw = data;
  const guint64 addr = info->addr;
  g_array_append_val (raw->headers, addr);
  if (info->type != H5O_TYPE_DATASET)
    return 0;
  const hid_t ds = H5Dopen2 (loc, name, H5P_DEFAULT);
  if (ds < 0)
    return 0;
  /* Variable-length data stores references into the heap: those are checked, not skipped. */
  const hid_t type = H5Dget_type (ds);
  if (type >= 0 && H5Tis_variable_str (type) == 0 && H5Tdetect_class (type, H5T_VLEN) == 0)
    add_raw_data (ds, data);
  if (type >= 0)
    H5Tclose (type);
  H5Dclose (ds);
  return 0;
}

/* ---- version-1 object headers ---- */

/* Per object; a longer chain of continuations is left to the byte scan. */
#define MAX_HEADER_CHUNKS 4096

/* Message kinds whose bodies never hold a reference into the global heap: NIL, dataspace, link
 * info, datatype, link, external files, layout, bogus, group info, filter pipeline, comment, both
 * modification times, shared message table, continuation, symbol table, B-tree 'K', driver info,
 * attribute info, reference count. Attributes (0x0C), fill values (0x04, 0x05) and any other kind
 * may. */
static gboolean
structural_message (guint type)
{
  static const guint8 kinds[] = { 0x00, 0x01, 0x02, 0x03, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B,
                                  0x0D, 0x0E, 0x0F, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16 };
  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (type == kinds[i])
      return TRUE;
  return FALSE;
}

/* Walks the messages of one chunk [start, start + len) (absolute offsets), checking the bodies that
 * may hold references and queueing continuation chunks. FALSE when the chunk does not parse (the
 * header is then left to the byte scan) or holds a bad reference (*bad). */
static gboolean
walk_chunk (Scan *s, guint64 start, guint64 len, GArray *chunks, gboolean *bad)
{
  /* Chunks that overlap or repeat cannot make the parse cost more than a pass over the file. */
  if (start > s->len || len > s->len - start || len > s->header_budget)
    return FALSE;
  s->header_budget -= len;
  g_autofree guint8 *c = g_try_malloc (MAX (len, 1));
  if (!c || !scan_read (s, c, len, start))
    return FALSE;
  for (guint64 p = 0; p + 8 <= len;)
    {
      const guint type = (guint)le (c + p, 2);
      const guint64 size = le (c + p + 2, 2);
      if (size > len - p - 8)
        return FALSE;
      const guint8 *body = c + p + 8;
      if (type == 0x10)
        {
          if (size < (guint64)s->soa + s->sol)
            return FALSE;
          const guint64 at = s->base + le (body, s->soa);
          const Range r = { at, at + le (body + s->soa, s->sol) };
          if (r.end < r.start)
            return FALSE;
          g_array_append_val (chunks, r);
        }
      else if (!structural_message (type))
        {
          guint64 resume;
          if (!visit_references (s, body, (gsize)size, (gsize)size, start + p + 8, &resume))
            {
              *bad = TRUE;
              return FALSE;
            }
        }
      p += 8 + size;
    }
  return TRUE;
}

/* Parses the version-1 header at `addr` (relative to base): its references are checked here, and
 * its chunks are added to `skip` for the byte scan. FALSE only for a bad reference. */
static gboolean
check_header (Scan *s, guint64 addr, GArray *skip)
{
  guint8 prefix[16];
  const guint64 at = s->base + addr;
  if (at > s->len || s->len - at < 16 || !scan_read (s, prefix, 16, at) || prefix[0] != 1
      || prefix[1] != 0)
    return TRUE; /* not a version-1 header: the byte scan covers it */
  g_autoptr (GArray) chunks = g_array_new (FALSE, FALSE, sizeof (Range));
  const Range first = { at + 16, at + 16 + le (prefix + 8, 4) };
  g_array_append_val (chunks, first);
  gboolean bad = FALSE;
  for (guint i = 0; i < chunks->len; i++)
    {
      const Range r = g_array_index (chunks, Range, i);
      if (i >= MAX_HEADER_CHUNKS || !walk_chunk (s, r.start, r.end - r.start, chunks, &bad))
        return !bad;
    }
  const Range whole = { at, first.end };
  g_array_append_val (skip, whole);
  g_array_append_vals (skip, chunks->data + sizeof (Range), chunks->len - 1);
  return TRUE;
}

static gboolean
damaged (const char *path, GError **error)
{
  g_autofree char *shown = sl_text_dup_printable (path, SL_TEXT_NAME_MAX);
  g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
               "%s: the HDF5 file is damaged (its heap of variable-length strings is inconsistent)",
               shown);
  return FALSE;
}

/* Both scans over what libhdf5 has opened: the heaps' collections, then every reference into them. */
static gboolean
scan (hid_t file, Scan *s, const char *path, GError **error)
{
  static const guint8 sig[8] = { 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n' };
  guint8 super[16];
  gboolean found = FALSE;
  for (guint64 b = 0; b + 16 <= s->len; b = b ? b * 2 : 512)
    if (scan_read (s, super, 16, b) && !memcmp (super, sig, 8))
      {
        s->base = b, found = TRUE;
        break;
      }
  const gboolean v01 = super[8] <= 1;
  s->soa = v01 ? super[13] : super[9];
  s->sol = v01 ? super[14] : super[10];
  if (!found || (s->sol != 2 && s->sol != 4 && s->sol != 8)
      || (s->soa != 2 && s->soa != 4 && s->soa != 8))
    return TRUE; /* libhdf5 has opened it: the superblock is its business */

  RawData raw = { s->base, g_array_new (FALSE, FALSE, sizeof (Range)),
                  g_array_new (FALSE, FALSE, sizeof (guint64)) };
  H5Ovisit2 (file, H5_INDEX_NAME, H5_ITER_NATIVE, visit_object, &raw, H5O_INFO_BASIC);
  g_array_sort (raw.skip, range_cmp);
  s->skip = raw.skip;
  s->sizes
      = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify)g_array_unref);
  s->found = g_array_new (FALSE, FALSE, sizeof (Range));
  s->header_budget = s->len;
  gboolean ok = stream (s, visit_collections);
  if (ok && g_hash_table_size (s->sizes) > 0)
    {
      g_array_append_vals (s->skip, s->found->data, s->found->len);
      for (guint i = 0; ok && i < raw.headers->len; i++)
        ok = check_header (s, g_array_index (raw.headers, guint64, i), s->skip);
      g_array_sort (s->skip, range_cmp);
      ok = ok && stream (s, visit_references);
    }
  g_array_unref (raw.headers);
  g_array_unref (raw.skip);
  g_array_unref (s->found);
  g_hash_table_unref (s->sizes);
  return ok || damaged (path, error);
}

gboolean
sl_h5_precheck (hid_t file, const char *path, GError **error)
{
  g_autofree char *shown = sl_text_dup_printable (path, SL_TEXT_NAME_MAX);
  const int fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
  GStatBuf st;
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      const int err = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: %s", shown, g_strerror (err));
      return FALSE;
    }
  Scan s = { .fd = fd, .len = (guint64)st.st_size };
  const gboolean ok = scan (file, &s, path, error);
  close (fd);
  return ok;
}

gboolean
sl_h5_precheck_data (hid_t file, const guint8 *data, gsize len, const char *path, GError **error)
{
  Scan s = { .fd = -1, .mem = data, .len = len };
  return scan (file, &s, path, error);
}
