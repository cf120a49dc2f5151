/* A byte-level check of an HDF5 file's global heap before libhdf5 sees it. libhdf5 1.10 (Debian 12)
 * loops forever on a heap collection holding an object of size 0, reads out of bounds (and crashes)
 * on a variable-length string whose heap index does not exist, and allocates whatever length such a
 * reference claims. Global heaps hold exactly the variable-length strings Keras writes (model_config,
 * keras_version…), so their collections and the references to them are checked here. */
#include "core/sl-h5.h"

#include "core/sl-error.h"

#include <string.h>

static guint64
le (const guint8 *p, guint n)
{
  guint64 v = 0;
  for (guint i = 0; i < n; i++)
    v |= (guint64) p[i] << (8 * i);
  return v;
}

typedef struct
{
  guint64 address;  /* relative to the base address, as references store it */
  GArray *sizes;    /* guint64 object sizes by index; G_MAXUINT64 where there is none */
} Collection;

static void
collection_clear (gpointer data)
{
  Collection *c = data;
  g_array_unref (c->sizes);
}

/* Walks a collection at `at`; FALSE when libhdf5 would mis-parse it. */
static gboolean
read_collection (const guint8 *d, gsize len, gsize at, guint sol, GArray *sizes)
{
  const gsize hdr = 8 + sol; /* "GCOL", version, 3 reserved, size; an object: idx, nrefs, 4 reserved, size */
  const guint64 size = le (d + at + 8, sol);
  if (size < hdr || size > len - at)
    return FALSE;
  const gsize end = at + (gsize) size;
  gsize p = at + hdr;
  while (p < end && p + hdr <= end)
    {
      const guint idx = (guint) le (d + p, 2);
      const guint64 osize = le (d + p + 8, sol);
      const guint64 need = idx > 0 ? hdr + ((osize + 7) & ~(guint64) 7) : osize;
      if (need == 0 || need > end - p || (idx > 0 && osize > end - p))
        return FALSE;
      if (idx > 0)
        {
          if (sizes->len <= idx)
            {
              const guint64 none = G_MAXUINT64;
              while (sizes->len <= idx)
                g_array_append_val (sizes, none);
            }
          g_array_index (sizes, guint64, idx) = osize;
        }
      p += (gsize) need;
    }
  return TRUE;
}

gboolean
sl_h5_precheck (const char *path, GError **error)
{
  g_autoptr (GMappedFile) map = g_mapped_file_new (path, FALSE, NULL);
  if (!map)
    return TRUE; /* unreadable: libhdf5 reports it */
  return sl_h5_precheck_data ((const guint8 *) g_mapped_file_get_contents (map),
                              g_mapped_file_get_length (map), path, error);
}

gboolean
sl_h5_precheck_data (const guint8 *d, gsize len, const char *path, GError **error)
{
  static const guint8 sig[8] = { 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n' };
  gsize base = G_MAXSIZE;
  for (gsize b = 0; b + 16 <= len; b = b ? b * 2 : 512)
    if (!memcmp (d + b, sig, 8))
      {
        base = b;
        break;
      }
  if (base == G_MAXSIZE)
    return TRUE; /* not HDF5: libhdf5 says so */
  const gboolean v01 = d[base + 8] <= 1;
  const guint soa = v01 ? d[base + 13] : d[base + 9]; /* size of offsets */
  const guint sol = v01 ? d[base + 14] : d[base + 10]; /* size of lengths */
  if ((sol != 2 && sol != 4 && sol != 8) || (soa != 2 && soa != 4 && soa != 8))
    return TRUE; /* libhdf5 rejects the superblock itself */

  g_autoptr (GArray) collections = g_array_new (FALSE, FALSE, sizeof (Collection));
  g_array_set_clear_func (collections, collection_clear);
  for (gsize i = base; i + 8 + sol <= len; i++)
    {
      if (d[i] != 'G' || memcmp (d + i, "GCOL", 4) != 0 || d[i + 4] != 1)
        continue;
      Collection c = { i - base, g_array_new (FALSE, FALSE, sizeof (guint64)) };
      g_array_append_val (collections, c);
      if (!read_collection (d, len, i, sol, c.sizes))
        goto damaged;
    }
  /* A variable-length reference: 4-byte length, the collection's address, 4-byte object index. */
  for (guint k = 0; k < collections->len; k++)
    {
      const Collection *c = &g_array_index (collections, Collection, k);
      for (gsize i = base + 4; i + soa + 4 <= len; i++)
        {
          if (le (d + i, soa) != c->address)
            continue;
          const guint64 length = le (d + i - 4, 4);
          const guint64 idx = le (d + i + soa, 4);
          const guint64 size = idx < c->sizes->len ? g_array_index (c->sizes, guint64, idx) : G_MAXUINT64;
          if (length == 0)
            continue; /* not a string reference (e.g. a number that happens to equal the address) */
          if (size != G_MAXUINT64 ? length > size : length <= len)
            goto damaged; /* a string longer than its object, or a plausible one pointing nowhere */
        }
    }
  return TRUE;

damaged:
  g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
               "%s: the HDF5 file is damaged (its heap of variable-length strings is inconsistent)", path);
  return FALSE;
}
