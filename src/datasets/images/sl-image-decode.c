#include "sl-image-decode.h"

#include "core/sl-error.h"
#include "core/sl-file.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <string.h>
#include <tiffio.h>

/* PIL is the reference throughout: each format's quirks below were checked against Pillow 9.4 on
 * generated files (orientations, alpha, 16-bit samples, bitfields, palettes, progressive JPEG). */

typedef enum
{
  KIND_NONE,
  KIND_PNG,
  KIND_JPEG,
  KIND_TIFF,
  KIND_BMP,
} Kind;

static const char *const kind_names[] = { NULL, "PNG", "JPEG", "TIFF", "BMP" };
/* gdk-pixbuf's name of the loader that must decode each kind (TIFF is read with libtiff). */
static const char *const kind_loaders[] = { NULL, "png", "jpeg", NULL, "bmp" };

/* One libtiff allocation at most: a damaged header must not make it reserve gigabytes. */
#define TIFF_MAX_ALLOC ((tmsize_t) 1 << 30)
#define TIFF_MAX_SAMPLES 8

SlRgbImage *
sl_rgb_image_new (guint width, guint height)
{
  g_return_val_if_fail (width > 0 && height > 0, NULL);
  SlRgbImage *image = g_new0 (SlRgbImage, 1);
  image->width = width;
  image->height = height;
  image->pixels = g_malloc_n ((gsize) width * height, 3);
  return image;
}

void
sl_rgb_image_free (SlRgbImage *image)
{
  if (!image)
    return;
  g_free (image->pixels);
  g_free (image);
}

/* The format from the first bytes, as PIL does: the file name does not matter. */
static Kind
sniff (const guint8 *d, gsize n)
{
  if (n >= 8 && memcmp (d, "\x89PNG\r\n\x1a\n", 8) == 0)
    return KIND_PNG;
  if (n >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
    return KIND_JPEG;
  if (n >= 4 && (memcmp (d, "II*\0", 4) == 0 || memcmp (d, "MM\0*", 4) == 0))
    return KIND_TIFF;
  if (n >= 2 && d[0] == 'B' && d[1] == 'M')
    return KIND_BMP;
  return KIND_NONE;
}

static gboolean
check_size (const char *path, Kind kind, guint64 w, guint64 h, GError **error)
{
  if (w == 0 || h == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: damaged %s image (size %" G_GUINT64_FORMAT
                   "×%" G_GUINT64_FORMAT ")",
                   path, kind_names[kind], w, h);
      return FALSE;
    }
  if (w > SL_IMAGE_MAX_SIDE || h > SL_IMAGE_MAX_SIDE || w * h > SL_IMAGE_MAX_PIXELS)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_UNSUPPORTED,
                   "%s: %s image of %" G_GUINT64_FORMAT "×%" G_GUINT64_FORMAT
                   " pixels is too large (at most %d per side and %" G_GUINT64_FORMAT " pixels)",
                   path, kind_names[kind], w, h, SL_IMAGE_MAX_SIDE, SL_IMAGE_MAX_PIXELS);
      return FALSE;
    }
  return TRUE;
}

/* ---- orientation (TIFF) ---- */

/* PIL turns TIFF images upright by their Orientation tag (1–8, as EXIF), libtiff only half does. */
static SlRgbImage *
apply_orientation (SlRgbImage *src, guint orientation)
{
  if (orientation < 2 || orientation > 8)
    return src;
  const guint w = src->width, h = src->height;
  const gboolean swap = orientation >= 5;
  SlRgbImage *out = sl_rgb_image_new (swap ? h : w, swap ? w : h);
  for (guint oy = 0; oy < out->height; oy++)
    for (guint ox = 0; ox < out->width; ox++)
      {
        guint sx = ox, sy = oy;
        switch (orientation)
          {
          case 2: /* mirrored */
            sx = w - 1 - ox;
            break;
          case 3: /* turned 180° */
            sx = w - 1 - ox;
            sy = h - 1 - oy;
            break;
          case 4: /* flipped */
            sy = h - 1 - oy;
            break;
          case 5: /* transposed */
            sx = oy;
            sy = ox;
            break;
          case 6: /* turned 90° clockwise */
            sx = oy;
            sy = h - 1 - ox;
            break;
          case 7: /* transversed */
            sx = w - 1 - oy;
            sy = h - 1 - ox;
            break;
          case 8: /* turned 90° counter-clockwise */
            sx = w - 1 - oy;
            sy = ox;
            break;
          default:
            break;
          }
        memcpy (out->pixels + ((gsize) oy * out->width + ox) * 3,
                src->pixels + ((gsize) sy * w + sx) * 3, 3);
      }
  sl_rgb_image_free (src);
  return out;
}

/* ---- TIFF, with libtiff ---- */

/* gdk-pixbuf reads TIFF through libtiff's RGBA interface, which premultiplies unassociated alpha,
 * rounds 16-bit samples and applies only part of the orientation; PIL does none of that. So TIFF is
 * read here: plain 8/16-bit RGB and gray sample by sample, anything else (palette, YCbCr, CMYK,
 * 1-bit, separate planes …) through the RGBA interface with alpha and orientation neutralised. */

typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         pos;
} MemFile;

static tmsize_t
mem_read (thandle_t handle, void *buf, tmsize_t n)
{
  MemFile *m = handle;
  const gsize avail = m->pos < m->size ? m->size - m->pos : 0;
  const gsize k = MIN ((gsize) n, avail);
  if (k)
    memcpy (buf, m->data + m->pos, k);
  m->pos += k;
  return (tmsize_t) k;
}

static tmsize_t
mem_write (thandle_t handle, void *buf, tmsize_t n)
{
  return -1;
}

static toff_t
mem_seek (thandle_t handle, toff_t offset, int whence)
{
  MemFile *m = handle;
  gint64 base = whence == SEEK_CUR ? (gint64) m->pos : whence == SEEK_END ? (gint64) m->size : 0;
  const gint64 to = base + (gint64) offset;
  if (to < 0)
    return (toff_t) -1;
  m->pos = (gsize) to;
  return (toff_t) to;
}

static int
mem_close (thandle_t handle)
{
  return 0;
}

static toff_t
mem_size (thandle_t handle)
{
  return ((MemFile *) handle)->size;
}

static int
mem_map (thandle_t handle, void **base, toff_t *size)
{
  MemFile *m = handle;
  *base = (void *) m->data;
  *size = m->size;
  return 1;
}

static void
mem_unmap (thandle_t handle, void *base, toff_t size)
{
}

/* libtiff reports through these per-file handlers instead of stderr; the first error is kept. */
static int
tiff_on_error (TIFF *tif, void *user_data, const char *module, const char *fmt, va_list ap)
{
  GString *msg = user_data;
  if (msg->len == 0)
    g_string_append_vprintf (msg, fmt, ap);
  return 1;
}

static int
tiff_on_warning (TIFF *tif, void *user_data, const char *module, const char *fmt, va_list ap)
{
  return 1;
}

static void
tiff_set_error (GError **error, const char *path, const char *what, const GString *msg)
{
  g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: %s%s%s", path, what, msg->len ? ": " : "",
               msg->str);
}

/* How the samples of a plain TIFF are laid out. */
typedef struct
{
  guint    spp;           /* samples per pixel, extra samples included */
  guint    bps;           /* 8 or 16 */
  gboolean gray;          /* one colour sample, else three */
  gboolean premultiplied; /* 8-bit RGB with associated alpha in the fourth sample */
} RawLayout;

/* Converts `n` pixels to RGB as PIL's convert('RGB'): extra samples dropped, gray repeated; 16-bit
 * RGB keeps its high byte, 16-bit gray (PIL's mode I;16) is clipped to 255, and associated alpha is
 * divided out as PIL's RGBa unpacker does (truncating, 0 where alpha is 0). */
static void
put_raw_pixels (guint8 *dst, const guint8 *src, guint n, const RawLayout *l)
{
  for (guint i = 0; i < n; i++, dst += 3)
    {
      guint8 v[3];
      if (l->bps == 8)
        {
          const guint8 *s = src + (gsize) i * l->spp;
          v[0] = s[0];
          v[1] = l->gray ? s[0] : s[1];
          v[2] = l->gray ? s[0] : s[2];
          if (l->premultiplied && s[3] != 255)
            for (guint c = 0; c < 3; c++)
              v[c] = s[3] == 0 ? 0 : (guint8) MIN (255u, (guint) v[c] * 255u / s[3]);
        }
      else
        {
          guint16 s[3];
          memcpy (s, src + (gsize) i * l->spp * 2, (l->gray ? 1 : 3) * sizeof (guint16));
          if (l->gray)
            v[0] = v[1] = v[2] = (guint8) MIN (s[0], 255);
          else
            for (guint c = 0; c < 3; c++)
              v[c] = (guint8) (s[c] >> 8);
        }
      memcpy (dst, v, 3);
    }
}

static gboolean
tiff_read_raw (TIFF *tif, const char *path, SlRgbImage *image, const RawLayout *layout,
               const GString *msg, GError **error)
{
  const guint w = image->width, h = image->height;
  const gsize bytes_pp = (gsize) layout->spp * (layout->bps / 8);
  if (TIFFIsTiled (tif))
    {
      guint32 tw = 0, th = 0;
      TIFFGetField (tif, TIFFTAG_TILEWIDTH, &tw);
      TIFFGetField (tif, TIFFTAG_TILELENGTH, &th);
      const tmsize_t tsize = TIFFTileSize (tif);
      if (tw == 0 || th == 0 || tsize <= 0 || (guint64) tsize < (guint64) tw * th * bytes_pp)
        {
          tiff_set_error (error, path, "damaged TIFF image (bad tile layout)", msg);
          return FALSE;
        }
      g_autofree guint8 *buf = g_try_malloc ((gsize) tsize);
      if (!buf)
        {
          tiff_set_error (error, path, "TIFF tiles too large", msg);
          return FALSE;
        }
      for (guint32 ty = 0; ty < h; ty += th)
        for (guint32 tx = 0; tx < w; tx += tw)
          {
            if (TIFFReadEncodedTile (tif, TIFFComputeTile (tif, tx, ty, 0, 0), buf, tsize) < 0)
              {
                tiff_set_error (error, path, "damaged or truncated TIFF image", msg);
                return FALSE;
              }
            const guint rows = MIN (th, h - ty), cols = MIN (tw, w - tx);
            for (guint r = 0; r < rows; r++)
              put_raw_pixels (image->pixels + ((gsize) (ty + r) * w + tx) * 3,
                              buf + (gsize) r * tw * bytes_pp, cols, layout);
          }
      return TRUE;
    }

  guint32 rps = 0;
  TIFFGetFieldDefaulted (tif, TIFFTAG_ROWSPERSTRIP, &rps);
  if (rps == 0 || rps > h)
    rps = h;
  const tmsize_t ssize = TIFFStripSize (tif);
  const gsize row_bytes = (gsize) w * bytes_pp;
  if (ssize <= 0)
    {
      tiff_set_error (error, path, "damaged TIFF image (bad strip layout)", msg);
      return FALSE;
    }
  g_autofree guint8 *buf = g_try_malloc ((gsize) ssize);
  if (!buf)
    {
      tiff_set_error (error, path, "TIFF strips too large", msg);
      return FALSE;
    }
  for (guint32 row = 0; row < h; row += rps)
    {
      const guint rows = MIN (rps, h - row);
      const tmsize_t got = TIFFReadEncodedStrip (tif, TIFFComputeStrip (tif, row, 0), buf, ssize);
      if (got < 0 || (guint64) got < (guint64) rows * row_bytes)
        {
          tiff_set_error (error, path, "damaged or truncated TIFF image", msg);
          return FALSE;
        }
      for (guint r = 0; r < rows; r++)
        put_raw_pixels (image->pixels + (gsize) (row + r) * w * 3, buf + r * row_bytes, w, layout);
    }
  return TRUE;
}

static gboolean
tiff_read_rgba (TIFF *tif, const char *path, SlRgbImage *image, const GString *msg, GError **error)
{
  /* Alpha marked unspecified makes libtiff pass colours through instead of premultiplying them; PIL
   * drops alpha untouched. */
  guint16 n_extra = 0;
  guint16 *extra = NULL;
  if (TIFFGetField (tif, TIFFTAG_EXTRASAMPLES, &n_extra, &extra) && n_extra > 0)
    {
      g_autofree guint16 *none = g_new0 (guint16, n_extra);
      TIFFSetField (tif, TIFFTAG_EXTRASAMPLES, n_extra, none);
    }
  /* Rows in stored order; the caller applies the orientation. */
  TIFFSetField (tif, TIFFTAG_ORIENTATION, ORIENTATION_TOPLEFT);

  char emsg[1024] = "";
  if (!TIFFRGBAImageOK (tif, emsg))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_UNSUPPORTED,
                   "%s: a kind of TIFF image that cannot be read (%s)", path, emsg);
      return FALSE;
    }
  const guint w = image->width, h = image->height;
  g_autofree guint32 *raster = g_try_malloc_n ((gsize) w * h, sizeof (guint32));
  if (!raster)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_UNSUPPORTED,
                   "%s: not enough memory for a %u×%u TIFF image", path, w, h);
      return FALSE;
    }
  if (!TIFFReadRGBAImageOriented (tif, w, h, raster, ORIENTATION_TOPLEFT, 1))
    {
      tiff_set_error (error, path, "damaged or truncated TIFF image", msg);
      return FALSE;
    }
  for (gsize i = 0; i < (gsize) w * h; i++)
    {
      image->pixels[i * 3 + 0] = (guint8) TIFFGetR (raster[i]);
      image->pixels[i * 3 + 1] = (guint8) TIFFGetG (raster[i]);
      image->pixels[i * 3 + 2] = (guint8) TIFFGetB (raster[i]);
    }
  return TRUE;
}

static SlRgbImage *
decode_tiff (const char *path, const guint8 *data, gsize size, GError **error)
{
  g_autoptr (GString) msg = g_string_new (NULL);
  TIFFOpenOptions *opts = TIFFOpenOptionsAlloc ();
  TIFFOpenOptionsSetMaxSingleMemAlloc (opts, TIFF_MAX_ALLOC);
  TIFFOpenOptionsSetErrorHandlerExtR (opts, tiff_on_error, msg);
  TIFFOpenOptionsSetWarningHandlerExtR (opts, tiff_on_warning, NULL);
  MemFile mem = { data, size, 0 };
  TIFF *tif = TIFFClientOpenExt (path, "r", (thandle_t) &mem, mem_read, mem_write, mem_seek,
                                 mem_close, mem_size, mem_map, mem_unmap, opts);
  TIFFOpenOptionsFree (opts);
  if (!tif)
    {
      tiff_set_error (error, path, "damaged TIFF image (its header cannot be read)", msg);
      return NULL;
    }

  SlRgbImage *image = NULL;
  guint32 w = 0, h = 0;
  guint16 spp = 1, bps = 1, photometric = 0;
  guint16 planar = PLANARCONFIG_CONTIG, format = SAMPLEFORMAT_UINT;
  guint16 orientation = ORIENTATION_TOPLEFT;
  if (!TIFFGetField (tif, TIFFTAG_IMAGEWIDTH, &w) || !TIFFGetField (tif, TIFFTAG_IMAGELENGTH, &h))
    {
      tiff_set_error (error, path, "damaged TIFF image (no width or height)", msg);
      goto out;
    }
  if (!check_size (path, KIND_TIFF, w, h, error))
    goto out;
  TIFFGetFieldDefaulted (tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
  TIFFGetFieldDefaulted (tif, TIFFTAG_BITSPERSAMPLE, &bps);
  TIFFGetFieldDefaulted (tif, TIFFTAG_PLANARCONFIG, &planar);
  TIFFGetFieldDefaulted (tif, TIFFTAG_SAMPLEFORMAT, &format);
  TIFFGetFieldDefaulted (tif, TIFFTAG_ORIENTATION, &orientation);
  const gboolean has_photometric = TIFFGetField (tif, TIFFTAG_PHOTOMETRIC, &photometric);
  if (spp < 1 || spp > TIFF_MAX_SAMPLES)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_UNSUPPORTED,
                   "%s: TIFF image with %u samples per pixel", path, spp);
      goto out;
    }

  guint16 n_extra = 0;
  guint16 *extra = NULL;
  TIFFGetField (tif, TIFFTAG_EXTRASAMPLES, &n_extra, &extra);
  /* Samples are colour channels plus declared extras (alpha…); any other count is a damaged file
   * whose pixels no two readers would agree on. */
  const int colours = !has_photometric                              ? -1
                      : photometric == PHOTOMETRIC_MINISBLACK
                              || photometric == PHOTOMETRIC_MINISWHITE
                              || photometric == PHOTOMETRIC_PALETTE ? 1
                      : photometric == PHOTOMETRIC_RGB              ? 3
                                                                    : -1;
  if (colours > 0 && spp != colours + n_extra)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                   "%s: damaged TIFF image (%u samples per pixel, but %d colour and %u extra)",
                   path, spp, colours, n_extra);
      goto out;
    }

  image = sl_rgb_image_new (w, h);
  const gboolean plain = has_photometric && planar == PLANARCONFIG_CONTIG
                         && format == SAMPLEFORMAT_UINT && (bps == 8 || bps == 16)
                         && ((photometric == PHOTOMETRIC_RGB && spp >= 3)
                             || (photometric == PHOTOMETRIC_MINISBLACK && (bps == 8 || spp == 1)));
  const RawLayout layout = {
    .spp = spp,
    .bps = bps,
    .gray = photometric == PHOTOMETRIC_MINISBLACK,
    .premultiplied = photometric == PHOTOMETRIC_RGB && bps == 8 && spp >= 4 && n_extra >= 1
                     && extra && extra[0] == EXTRASAMPLE_ASSOCALPHA,
  };
  const gboolean ok = plain ? tiff_read_raw (tif, path, image, &layout, msg, error)
                            : tiff_read_rgba (tif, path, image, msg, error);
  if (!ok)
    g_clear_pointer (&image, sl_rgb_image_free);
  else
    image = apply_orientation (image, orientation);

out:
  TIFFClose (tif);
  return image;
}

/* ---- JPEG, PNG, BMP, with gdk-pixbuf ---- */

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | (guint32) p[3];
}

/* What the header of a PNG, JPEG or BMP file says, read before gdk-pixbuf allocates anything. */
typedef struct
{
  guint64  width;
  guint64  height;
  gboolean complete; /* FALSE: the file certainly ends before its pixel data does */
} Header;

/* libjpeg pads a JPEG that ends early with gray and only warns, and gdk-pixbuf passes that on as a
 * success; PIL refuses such a file ("image file is truncated"). So walk the marker segments and the
 * entropy-coded data, and require the end-of-image marker; the size is the first frame header's. */
static gboolean
jpeg_header (const guint8 *d, gsize n, Header *out)
{
  gsize pos = 2; /* after SOI */
  while (pos < n)
    {
      if (d[pos] != 0xff)
        {
          pos++; /* stray bytes between segments: libjpeg skips them too */
          continue;
        }
      while (pos < n && d[pos] == 0xff)
        pos++;
      if (pos >= n)
        break;
      const guint8 marker = d[pos++];
      if (marker == 0xd9)
        {
          out->complete = TRUE;
          break;
        }
      if (marker == 0x00 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7))
        continue; /* no length field */
      if (n - pos < 2)
        break;
      const gsize len = ((gsize) d[pos] << 8) | d[pos + 1];
      if (len < 2 || n - pos < len)
        break;
      /* Start of frame: every SOFn but DHT (c4), JPG (c8) and DAC (cc). */
      const gboolean sof = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8
                           && marker != 0xcc;
      if (sof && len >= 7 && out->width == 0)
        {
          out->height = ((guint) d[pos + 3] << 8) | d[pos + 4];
          out->width = ((guint) d[pos + 5] << 8) | d[pos + 6];
        }
      pos += len;
      if (marker != 0xda)
        continue;
      /* Entropy-coded data runs to the next marker that is neither a stuffed 0xff nor a restart. */
      while (pos < n)
        {
          if (d[pos] != 0xff)
            {
              pos++;
              continue;
            }
          if (pos + 1 >= n)
            {
              pos = n;
              break;
            }
          const guint8 next = d[pos + 1];
          if (next == 0x00 || (next >= 0xd0 && next <= 0xd7))
            pos += 2;
          else if (next == 0xff)
            pos++;
          else
            break;
        }
    }
  return out->width > 0 || out->height > 0;
}

static gboolean
png_header (const guint8 *d, gsize n, Header *out)
{
  if (n < 24 || memcmp (d + 12, "IHDR", 4) != 0)
    return FALSE;
  out->width = be32 (d + 16);
  out->height = be32 (d + 20);
  out->complete = TRUE; /* libpng itself reports a file that ends early */
  return TRUE;
}

/* Walks RLE8/RLE4 data to its end-of-bitmap code: FALSE when the file ends first. */
static gboolean
bmp_rle_is_complete (const guint8 *d, gsize n, gsize pos, gboolean rle4)
{
  while (pos + 1 < n)
    {
      const guint count = d[pos], code = d[pos + 1];
      pos += 2;
      if (count > 0 || code == 0)
        continue; /* a run, or end of line */
      if (code == 1)
        return TRUE; /* end of bitmap */
      if (code == 2)
        pos += 2; /* delta */
      else
        {
          const gsize bytes = rle4 ? (code + 1) / 2 : code; /* absolute run, padded to 16 bits */
          pos += bytes + (bytes & 1);
        }
    }
  return FALSE;
}

/* gdk-pixbuf's BMP loader fills a file that ends early with black and reports success; PIL refuses
 * it. So compare the pixel data the header announces with what the file holds. */
static gboolean
bmp_header (const guint8 *d, gsize n, Header *out)
{
  if (n < 26)
    return FALSE;
  const guint32 offset = le32 (d + 10), header = le32 (d + 14);
  guint bpp;
  guint32 compression = 0;
  if (header == 12) /* OS/2 */
    {
      out->width = d[18] | (d[19] << 8);
      out->height = d[20] | (d[21] << 8);
      bpp = d[24] | (d[25] << 8);
    }
  else
    {
      if (n < 34)
        return FALSE;
      out->width = (guint64) ABS ((gint64) (gint32) le32 (d + 18));
      out->height = (guint64) ABS ((gint64) (gint32) le32 (d + 22)); /* negative: top-down */
      bpp = d[28] | (d[29] << 8);
      compression = le32 (d + 30);
    }
  /* Only the header sizes BMP defines (OS/2 12; Windows 40, 52, 56, 64, 108, 124) and the
   * compressions PIL reads (raw, RLE8, RLE4, bit fields): gdk-pixbuf takes a header of 4 GB or a
   * JPEG/PNG "inside" at its word and allocates hundreds of MB for a 79-byte file (found by
   * fuzz-image). */
  if (header != 12 && header != 40 && header != 52 && header != 56 && header != 64
      && header != 108 && header != 124)
    return FALSE;
  if (compression == 1 || compression == 2)
    out->complete = bmp_rle_is_complete (d, n, offset, compression == 2);
  else if (compression == 0 || compression == 3 || compression == 6)
    {
      const guint64 stride = (MIN (out->width, (guint64) G_MAXUINT32) * bpp + 31) / 32 * 4;
      out->complete = (guint64) offset + stride * MIN (out->height, (guint64) G_MAXUINT32) <= n;
    }
  else
    return FALSE;
  return TRUE;
}

/* The 5/6-bit channels of a 16-bit BMP, when PIL reads it (555 or 565), or FALSE. gdk-pixbuf
 * widens them by repeating bits (v << 3 | v >> 2), PIL by v * 255 / 31 with truncation: they differ
 * by 1 on some values, which `fix_bmp16` corrects. */
static gboolean
bmp16_layout (const guint8 *d, gsize n, guint bits[3])
{
  if (n < 34 || le32 (d + 14) < 40 || (d[28] | (d[29] << 8)) != 16)
    return FALSE;
  const guint32 compression = le32 (d + 30);
  guint32 masks[3] = { 0x7c00, 0x03e0, 0x001f };
  if (compression == 3) /* BI_BITFIELDS: masks follow the 40-byte header (or sit inside a V4/V5) */
    {
      if (n < 66)
        return FALSE;
      for (guint c = 0; c < 3; c++)
        masks[c] = le32 (d + 54 + 4 * c);
    }
  else if (compression != 0)
    return FALSE;
  if (masks[0] == 0x7c00 && masks[1] == 0x03e0 && masks[2] == 0x001f)
    bits[0] = bits[1] = bits[2] = 5;
  else if (masks[0] == 0xf800 && masks[1] == 0x07e0 && masks[2] == 0x001f)
    {
      bits[0] = bits[2] = 5;
      bits[1] = 6;
    }
  else
    return FALSE;
  return TRUE;
}

static void
fix_bmp16 (SlRgbImage *image, const guint bits[3])
{
  const gsize n = (gsize) image->width * image->height;
  for (gsize i = 0; i < n; i++)
    for (guint c = 0; c < 3; c++)
      {
        const guint max = (1u << bits[c]) - 1;
        const guint v = image->pixels[i * 3 + c] >> (8 - bits[c]);
        image->pixels[i * 3 + c] = (guint8) (v * 255 / max);
      }
}

/* Copies a gdk-pixbuf (RGB or RGBA, padded rows) to packed RGB, dropping alpha as PIL's RGBA → RGB
 * does (the colour channels are kept as they are, not composited). */
static SlRgbImage *
pack_rgb (const GdkPixbuf *pixbuf)
{
  const guint width = (guint) gdk_pixbuf_get_width (pixbuf);
  const guint height = (guint) gdk_pixbuf_get_height (pixbuf);
  const guint nc = (guint) gdk_pixbuf_get_n_channels (pixbuf);
  const gsize stride = (gsize) gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *src = gdk_pixbuf_read_pixels (pixbuf);
  SlRgbImage *image = sl_rgb_image_new (width, height);
  for (guint y = 0; y < height; y++)
    {
      const guint8 *s = src + y * stride;
      guint8 *o = image->pixels + (gsize) y * width * 3;
      if (nc == 3)
        memcpy (o, s, (gsize) width * 3);
      else
        for (guint x = 0; x < width; x++, s += nc, o += 3)
          {
            o[0] = s[0];
            o[1] = s[1];
            o[2] = s[2];
          }
    }
  return image;
}

static SlRgbImage *
decode_pixbuf (const char *path, Kind kind, const guint8 *data, gsize size, GError **error)
{
  Header header = { 0, 0, FALSE };
  const gboolean parsed = kind == KIND_JPEG  ? jpeg_header (data, size, &header)
                          : kind == KIND_PNG ? png_header (data, size, &header)
                                             : bmp_header (data, size, &header);
  if (!parsed)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: damaged %s image (no readable header)",
                   path, kind_names[kind]);
      return NULL;
    }
  /* Absurd sizes are refused before anything is allocated. */
  if (!check_size (path, kind, header.width, header.height, error))
    return NULL;
  if (!header.complete)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                   "%s: truncated %s image (the file ends before the image does)", path,
                   kind_names[kind]);
      return NULL;
    }
  /* PIL opens a 16-bit grayscale PNG as mode I and clips it to 255 on convert('RGB'); gdk-pixbuf
   * keeps the high byte, so the two cannot agree. */
  if (kind == KIND_PNG && size >= 26 && data[24] == 16 && data[25] == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_UNSUPPORTED,
                   "%s: 16-bit grayscale PNG is not supported (Keras/PIL would clip it to 8 bits); "
                   "convert it to 8 bits first",
                   path);
      return NULL;
    }
  /* gdk-pixbuf chooses its loader from the content too; make sure it is the expected one. */
  GdkPixbufFormat *format = gdk_pixbuf_get_file_info (path, NULL, NULL);
  g_autofree char *loader = format ? gdk_pixbuf_format_get_name (format) : NULL;
  if (g_strcmp0 (loader, kind_loaders[kind]) != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                   "%s: damaged %s image (its header cannot be read)", path, kind_names[kind]);
      return NULL;
    }

  g_autoptr (GError) local = NULL;
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (path, &local);
  if (!pixbuf)
    {
      /* gdk-pixbuf's message repeats the path ("Failed to load image “…”: detail"): keep the
       * detail. */
      const char *detail = local ? local->message : "no detail";
      const char *named = strstr (detail, path);
      const char *colon = named ? strstr (named + strlen (path), ": ") : NULL;
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: damaged or truncated %s image (%s)", path,
                   kind_names[kind], colon ? colon + 2 : detail);
      return NULL;
    }
  const int nc = gdk_pixbuf_get_n_channels (pixbuf);
  if ((guint64) gdk_pixbuf_get_width (pixbuf) != header.width
      || (guint64) gdk_pixbuf_get_height (pixbuf) != header.height
      || gdk_pixbuf_get_bits_per_sample (pixbuf) != 8
      || gdk_pixbuf_get_colorspace (pixbuf) != GDK_COLORSPACE_RGB || (nc != 3 && nc != 4))
    {
      /* The file changed between the reads, or a loader broke its contract. */
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                   "%s: damaged %s image (its pixels disagree with its header)", path,
                   kind_names[kind]);
      return NULL;
    }
  SlRgbImage *image = pack_rgb (pixbuf);
  guint bits[3];
  if (kind == KIND_BMP && bmp16_layout (data, size, bits))
    fix_bmp16 (image, bits);
  return image;
}

SlRgbImage *
sl_image_decode_file (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  GStatBuf st;
  if (!sl_file_check_regular (path, error))
    return NULL;
  if (g_stat (path, &st) != 0 || st.st_size == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: empty file (0 bytes), not an image",
                   path);
      return NULL;
    }

  g_autoptr (GError) local = NULL;
  g_autoptr (GMappedFile) mapped = g_mapped_file_new (path, FALSE, &local);
  if (!mapped)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: cannot read the file: %s", path,
                   local->message);
      return NULL;
    }
  const guint8 *data = (const guint8 *) g_mapped_file_get_contents (mapped);
  const gsize size = g_mapped_file_get_length (mapped);
  const Kind kind = sniff (data, size);
  switch (kind)
    {
    case KIND_NONE:
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                   "%s: not a TIFF, PNG, JPEG or BMP image (unknown content)", path);
      return NULL;
    case KIND_TIFF:
      return decode_tiff (path, data, size, error);
    case KIND_PNG:
    case KIND_JPEG:
    case KIND_BMP:
    default:
      return decode_pixbuf (path, kind, data, size, error);
    }
}
