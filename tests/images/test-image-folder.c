/* Tests of src/datasets/images: PIL-exact decoding and resizing, image-folder datasets. */
#include "core/sl-error.h"
#include "core/sl-h5.h"
#include "datasets/images/sl-image-decode.h"
#include "datasets/images/sl-image-folder.h"
#include "datasets/images/sl-image-resize.h"
#include "sl-test-util.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <string.h>

/* ---- helpers ---- */

static void
rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      GDir *dir = g_dir_open (path, 0, NULL);
      const char *name;
      while (dir && (name = g_dir_read_name (dir)))
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          rm_rf (child);
        }
      if (dir)
        g_dir_close (dir);
      g_rmdir (path);
    }
  else
    g_remove (path);
}

static char *
make_tmpdir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("sl-images-XXXXXX", &error);
  g_assert_no_error (error);
  return dir;
}

static void
make_dirs (const char *root, const char *rel)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
}

static void
write_bytes (const char *path, const void *data, gsize len)
{
  g_autoptr (GError) error = NULL;
  g_file_set_contents (path, data, (gssize) len, &error);
  g_assert_no_error (error);
}

static char *
read_bytes (const char *path, gsize *len)
{
  g_autoptr (GError) error = NULL;
  char *data = NULL;
  g_file_get_contents (path, &data, len, &error);
  g_assert_no_error (error);
  return data;
}

/* A pixbuf of `w` × `h` of random values drawn from `seed`. */
static GdkPixbuf *
pixbuf_pattern (int w, int h, gboolean alpha, guint seed)
{
  GdkPixbuf *pb = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, w, h);
  const int nc = gdk_pixbuf_get_n_channels (pb), stride = gdk_pixbuf_get_rowstride (pb);
  guint8 *px = gdk_pixbuf_get_pixels (pb);
  GRand *rand = g_rand_new_with_seed (seed);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int c = 0; c < nc; c++)
        px[y * stride + x * nc + c] = (guint8) g_rand_int_range (rand, 0, 256);
  g_rand_free (rand);
  return pb;
}

static GdkPixbuf *
pixbuf_solid (int w, int h, guint8 r, guint8 g, guint8 b)
{
  GdkPixbuf *pb = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, w, h);
  gdk_pixbuf_fill (pb, ((guint32) r << 24) | ((guint32) g << 16) | ((guint32) b << 8) | 0xff);
  return pb;
}

static void
save_pixbuf (GdkPixbuf *pb, const char *path, const char *type)
{
  g_autoptr (GError) error = NULL;
  gdk_pixbuf_save (pb, path, type, &error, NULL);
  g_assert_no_error (error);
}

static void
save_solid (const char *dir, const char *rel, const char *type, int w, int h, guint8 r, guint8 g,
            guint8 b)
{
  g_autofree char *path = g_build_filename (dir, rel, NULL);
  g_autoptr (GdkPixbuf) pb = pixbuf_solid (w, h, r, g, b);
  save_pixbuf (pb, path, type);
}

/* The pixel (x, y) of a pixbuf, RGB only. */
static const guint8 *
pixbuf_at (const GdkPixbuf *pb, int x, int y)
{
  return gdk_pixbuf_read_pixels (pb) + y * gdk_pixbuf_get_rowstride (pb)
         + x * gdk_pixbuf_get_n_channels (pb);
}

static void
put16 (GByteArray *a, guint v)
{
  const guint8 b[2] = { v & 0xff, (v >> 8) & 0xff };
  g_byte_array_append (a, b, 2);
}

static void
put32 (GByteArray *a, guint32 v)
{
  const guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };
  g_byte_array_append (a, b, 4);
}

/* One IFD entry; a SHORT value sits in the first two bytes of the value field. */
static void
tiff_entry (GByteArray *a, guint tag, guint type, guint32 count, guint32 value)
{
  put16 (a, tag);
  put16 (a, type);
  put32 (a, count);
  if (type == 3 && count == 1)
    {
      put16 (a, value);
      put16 (a, 0);
    }
  else
    put32 (a, value);
}

/* A little-endian uncompressed 8-bit TIFF in one strip: `spp` samples per pixel, `photometric`
 * (1 gray, 2 RGB), `extra` the ExtraSamples value (or -1), `orientation` 1–8. */
static void
write_tiff (const char *path, guint w, guint h, guint spp, guint photometric, int extra,
            guint orientation, const guint8 *pixels)
{
  GByteArray *a = g_byte_array_new ();
  const guint n_entries = extra >= 0 ? 12 : 11;
  const guint32 ifd = 8, bps_off = ifd + 2 + 12 * n_entries + 4;
  const guint32 data_off = bps_off + 2 * spp;
  const guint32 data_len = w * h * spp;
  g_byte_array_append (a, (const guint8 *) "II*\0", 4);
  put32 (a, ifd);
  put16 (a, n_entries);
  tiff_entry (a, 256, 4, 1, w);
  tiff_entry (a, 257, 4, 1, h);
  if (spp == 1)
    tiff_entry (a, 258, 3, 1, 8);
  else if (spp == 2)
    tiff_entry (a, 258, 3, 2, 8 | (8 << 16));
  else
    tiff_entry (a, 258, 3, spp, bps_off);
  tiff_entry (a, 259, 3, 1, 1);
  tiff_entry (a, 262, 3, 1, photometric);
  tiff_entry (a, 273, 4, 1, data_off);
  tiff_entry (a, 274, 3, 1, orientation);
  tiff_entry (a, 277, 3, 1, spp);
  tiff_entry (a, 278, 4, 1, h);
  tiff_entry (a, 279, 4, 1, data_len);
  tiff_entry (a, 284, 3, 1, 1);
  if (extra >= 0)
    tiff_entry (a, 338, 3, 1, (guint) extra);
  put32 (a, 0);
  for (guint i = 0; i < spp; i++)
    put16 (a, 8);
  g_assert_cmpuint (a->len, ==, data_off);
  g_byte_array_append (a, pixels, data_len);
  write_bytes (path, a->data, a->len);
  g_byte_array_unref (a);
}

static guint32
crc32_of (const guint8 *d, gsize n)
{
  guint32 c = 0xffffffffu;
  for (gsize i = 0; i < n; i++)
    {
      c ^= d[i];
      for (int k = 0; k < 8; k++)
        c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
    }
  return c ^ 0xffffffffu;
}

/* A PNG signature and a valid IHDR claiming `w` × `h` RGB, and nothing more. */
static void
write_png_header (const char *path, guint32 w, guint32 h)
{
  guint8 d[8 + 25];
  memcpy (d, "\x89PNG\r\n\x1a\n", 8);
  guint8 *c = d + 8;
  const guint8 ihdr[17] = { 'I', 'H', 'D', 'R', w >> 24, w >> 16, w >> 8, w, h >> 24, h >> 16,
                            h >> 8, h, 8, 2, 0, 0, 0 };
  c[0] = c[1] = c[2] = 0;
  c[3] = 13;
  memcpy (c + 4, ihdr, 17);
  const guint32 crc = crc32_of (ihdr, 17);
  c[21] = crc >> 24;
  c[22] = crc >> 16;
  c[23] = crc >> 8;
  c[24] = crc;
  write_bytes (path, d, sizeof d);
}

/* Asserts a failed decode: an SL_ERROR whose message names the file. */
static void
assert_decode_fails (const char *path, int code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlRgbImage) image = sl_image_decode_file (path, &error);
  g_assert_null (image);
  g_assert_error (error, SL_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
}

/* ---- resize ---- */

static void
resize_1d (const guint8 *in, guint n_in, guint8 *out, guint n_out, gboolean vertical)
{
  if (vertical)
    sl_image_resize_bilinear (in, 1, n_in, 1, out, 1, n_out);
  else
    sl_image_resize_bilinear (in, n_in, 1, 1, out, n_out, 1);
}

static void
test_resize_identity (void)
{
  g_autoptr (GdkPixbuf) pb = pixbuf_pattern (7, 5, FALSE, 1);
  guint8 in[7 * 5 * 3], out[7 * 5 * 3];
  for (int y = 0; y < 5; y++)
    memcpy (in + y * 21, gdk_pixbuf_read_pixels (pb) + y * gdk_pixbuf_get_rowstride (pb), 21);
  sl_image_resize_bilinear (in, 7, 5, 3, out, 7, 5);
  g_assert_cmpmem (in, sizeof in, out, sizeof out);
}

/* Weights worked by hand from IMAGES.md; each comment gives the arithmetic. */
static void
test_resize_upscale (void)
{
  /* 2 → 4: scale 0.5, support 1. Outputs 1 and 2 mix inputs 0.75/0.25 and 0.25/0.75:
   * (2^21 + 255·2^20) >> 22 = 64 and (2^21 + 255·3·2^20) >> 22 = 191; the ends copy. */
  const guint8 in[2] = { 0, 255 };
  const guint8 want[4] = { 0, 64, 191, 255 };
  for (int vertical = 0; vertical < 2; vertical++)
    {
      guint8 out[4];
      resize_1d (in, 2, out, 4, vertical);
      g_assert_cmpmem (out, 4, want, 4);
    }
}

static void
test_resize_downscale (void)
{
  /* 4 → 2: scale 2, support 2, output 0 centred at 1 reads x 0..2 with triangle((x − 1 + 0.5)/2) =
   * 0.75, 0.75, 0.25 → 3/7, 3/7, 1/7 → k = 1797559, 1797559, 599186:
   * (2^21 + 100·1797559 + 200·599186) >> 22 = 71; output 1 likewise (1/7, 3/7, 3/7 of 100, 200,
   * 255) = 209. Plain rounding of 500/7 = 71.4 and 1465/7 = 209.3 agrees. */
  const guint8 in[4] = { 0, 100, 200, 255 };
  const guint8 want[2] = { 71, 209 };
  for (int vertical = 0; vertical < 2; vertical++)
    {
      guint8 out[2];
      resize_1d (in, 4, out, 2, vertical);
      g_assert_cmpmem (out, 2, want, 2);
    }
  /* 2 → 1: two equal weights 2^21; 127.5 rounds up. */
  const guint8 pair[2] = { 0, 255 };
  guint8 one;
  resize_1d (pair, 2, &one, 1, FALSE);
  g_assert_cmpuint (one, ==, 128);
}

static void
test_resize_one_pixel (void)
{
  const guint8 px[3] = { 12, 200, 77 };
  guint8 out[5 * 3 * 3];
  sl_image_resize_bilinear (px, 1, 1, 3, out, 5, 3);
  for (guint i = 0; i < 15; i++)
    g_assert_cmpmem (out + i * 3, 3, px, 3);
  guint8 back[3];
  sl_image_resize_bilinear (out, 5, 3, 3, back, 1, 1);
  g_assert_cmpmem (back, 3, px, 3);
}

/* The vertical pass reads the horizontal pass's 8-bit result. */
static void
test_resize_separable (void)
{
  g_autoptr (GdkPixbuf) pb = pixbuf_pattern (5, 3, FALSE, 7);
  guint8 in[5 * 3];
  for (int y = 0; y < 3; y++)
    for (int x = 0; x < 5; x++)
      in[y * 5 + x] = pixbuf_at (pb, x, y)[0];
  guint8 out[11 * 7], mid[11 * 3], want[11 * 7];
  sl_image_resize_bilinear (in, 5, 3, 1, out, 11, 7);
  for (int y = 0; y < 3; y++)
    resize_1d (in + y * 5, 5, mid + y * 11, 11, FALSE);
  for (int x = 0; x < 11; x++)
    {
      guint8 col[3], res[7];
      for (int y = 0; y < 3; y++)
        col[y] = mid[y * 11 + x];
      resize_1d (col, 3, res, 7, TRUE);
      for (int y = 0; y < 7; y++)
        want[y * 11 + x] = res[y];
    }
  g_assert_cmpmem (out, sizeof out, want, sizeof want);
}

/* Channels are independent: RGBA resized at once equals each channel resized alone. */
static void
test_resize_channels (void)
{
  g_autoptr (GdkPixbuf) pb = pixbuf_pattern (9, 6, TRUE, 3);
  guint8 in[9 * 6 * 4], out[4 * 13 * 4];
  for (int y = 0; y < 6; y++)
    memcpy (in + y * 36, gdk_pixbuf_read_pixels (pb) + y * gdk_pixbuf_get_rowstride (pb), 36);
  sl_image_resize_bilinear (in, 9, 6, 4, out, 4, 13);
  for (int c = 0; c < 4; c++)
    {
      guint8 plane[9 * 6], res[4 * 13];
      for (int i = 0; i < 54; i++)
        plane[i] = in[i * 4 + c];
      sl_image_resize_bilinear (plane, 9, 6, 1, res, 4, 13);
      for (int i = 0; i < 52; i++)
        g_assert_cmpuint (out[i * 4 + c], ==, res[i]);
    }
}

/* A constant image stays constant at any size (weights sum to 2^22 within rounding). */
static void
test_resize_constant (void)
{
  const guint sizes[][4] = { { 150, 150, 224, 224 }, { 224, 224, 150, 150 }, { 3, 97, 61, 2 },
                             { 1000, 7, 3, 1 }, { 1, 1, 300, 2 } };
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint v = 0; v < 256; v += 51)
      {
        const guint sw = sizes[s][0], sh = sizes[s][1], dw = sizes[s][2], dh = sizes[s][3];
        g_autofree guint8 *in = g_malloc ((gsize) sw * sh);
        g_autofree guint8 *out = g_malloc ((gsize) dw * dh);
        memset (in, (int) v, (gsize) sw * sh);
        sl_image_resize_bilinear (in, sw, sh, 1, out, dw, dh);
        for (gsize i = 0; i < (gsize) dw * dh; i++)
          g_assert_cmpuint (out[i], ==, v);
      }
}

/* ---- decode ---- */

static void
test_decode_lossless_formats (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autoptr (GdkPixbuf) pb = pixbuf_pattern (19, 11, FALSE, 5);
  const char *types[] = { "png", "bmp", "tiff" };
  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autofree char *path = g_strdup_printf ("%s/img.%s", dir, types[t]);
      save_pixbuf (pb, path, types[t]);
      g_autoptr (GError) error = NULL;
      g_autoptr (SlRgbImage) image = sl_image_decode_file (path, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (image->width, ==, 19);
      g_assert_cmpuint (image->height, ==, 11);
      for (int y = 0; y < 11; y++)
        for (int x = 0; x < 19; x++)
          g_assert_cmpmem (image->pixels + (y * 19 + x) * 3, 3, pixbuf_at (pb, x, y), 3);
    }
  /* JPEG is lossy: a smooth image comes back close, at the right size. */
  g_autoptr (GdkPixbuf) smooth = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 32, 24);
  for (int y = 0; y < 24; y++)
    for (int x = 0; x < 32; x++)
      {
        guint8 *p = gdk_pixbuf_get_pixels (smooth) + y * gdk_pixbuf_get_rowstride (smooth) + x * 3;
        p[0] = (guint8) (x * 8);
        p[1] = (guint8) (y * 10);
        p[2] = 128;
      }
  g_autofree char *jpg = g_build_filename (dir, "img.jpg", NULL);
  g_autoptr (GError) error = NULL;
  gdk_pixbuf_save (smooth, jpg, "jpeg", &error, "quality", "95", NULL);
  g_assert_no_error (error);
  g_autoptr (SlRgbImage) image = sl_image_decode_file (jpg, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (image->width, ==, 32);
  g_assert_cmpuint (image->height, ==, 24);
  int worst = 0;
  for (int y = 0; y < 24; y++)
    for (int x = 0; x < 32; x++)
      for (int c = 0; c < 3; c++)
        worst = MAX (worst, ABS ((int) image->pixels[(y * 32 + x) * 3 + c]
                                 - (int) pixbuf_at (smooth, x, y)[c]));
  g_assert_cmpint (worst, <, 16);
  rm_rf (dir);
}

/* RGBA drops alpha and keeps colours untouched, even where alpha is 0 (PIL's convert('RGB')). */
static void
test_decode_alpha (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autoptr (GdkPixbuf) pb = pixbuf_pattern (13, 9, TRUE, 11);
  guint8 *px = gdk_pixbuf_get_pixels (pb);
  px[3] = 0;
  px[7] = 255;
  g_autofree char *path = g_build_filename (dir, "a.png", NULL);
  save_pixbuf (pb, path, "png");
  g_autoptr (GError) error = NULL;
  g_autoptr (SlRgbImage) image = sl_image_decode_file (path, &error);
  g_assert_no_error (error);
  for (int y = 0; y < 9; y++)
    for (int x = 0; x < 13; x++)
      g_assert_cmpmem (image->pixels + (y * 13 + x) * 3, 3, pixbuf_at (pb, x, y), 3);

  /* The same through TIFF with unassociated alpha (libtiff's RGBA reader would premultiply). */
  guint8 rgba[13 * 9 * 4];
  for (int y = 0; y < 9; y++)
    memcpy (rgba + y * 52, px + y * gdk_pixbuf_get_rowstride (pb), 52);
  g_autofree char *tif = g_build_filename (dir, "a.tif", NULL);
  write_tiff (tif, 13, 9, 4, 2, 2, 1, rgba);
  g_autoptr (SlRgbImage) from_tiff = sl_image_decode_file (tif, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (from_tiff->pixels, 13 * 9 * 3, image->pixels, 13 * 9 * 3);

  /* Associated alpha is divided out as PIL does: c·255/a truncated, clipped, 0 where a = 0. */
  g_autofree char *assoc = g_build_filename (dir, "assoc.tif", NULL);
  write_tiff (assoc, 13, 9, 4, 2, 1, 1, rgba);
  g_autoptr (SlRgbImage) unpremul = sl_image_decode_file (assoc, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 13 * 9; i++)
    for (int c = 0; c < 3; c++)
      {
        const guint a = rgba[i * 4 + 3], v = rgba[i * 4 + c];
        const guint want = a == 0 ? 0 : a == 255 ? v : MIN (255u, v * 255 / a);
        g_assert_cmpuint (unpremul->pixels[i * 3 + c], ==, want);
      }
  rm_rf (dir);
}

static void
test_decode_gray_and_orientation (void)
{
  g_autofree char *dir = make_tmpdir ();
  guint8 gray[5 * 3];
  for (int i = 0; i < 15; i++)
    gray[i] = (guint8) (i * 17);
  g_autofree char *path = g_build_filename (dir, "g.tif", NULL);
  write_tiff (path, 5, 3, 1, 1, -1, 1, gray);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlRgbImage) image = sl_image_decode_file (path, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 15; i++)
    for (int c = 0; c < 3; c++)
      g_assert_cmpuint (image->pixels[i * 3 + c], ==, gray[i]);

  /* Orientation 6 (rotate 90° clockwise): the image becomes 3 × 5, output (x, y) = stored
   * (y, h − 1 − x). Orientation 3 turns it by 180°. */
  write_tiff (path, 5, 3, 1, 1, -1, 6, gray);
  g_autoptr (SlRgbImage) turned = sl_image_decode_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (turned->width, ==, 3);
  g_assert_cmpuint (turned->height, ==, 5);
  for (int y = 0; y < 5; y++)
    for (int x = 0; x < 3; x++)
      g_assert_cmpuint (turned->pixels[(y * 3 + x) * 3], ==, gray[(3 - 1 - x) * 5 + y]);
  write_tiff (path, 5, 3, 1, 1, -1, 3, gray);
  g_autoptr (SlRgbImage) upside = sl_image_decode_file (path, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 15; i++)
    g_assert_cmpuint (upside->pixels[i * 3 + 1], ==, gray[14 - i]);
  rm_rf (dir);
}

/* 16-bit BMP channels widen as PIL's v·255/31 (not gdk-pixbuf's bit repetition). */
static void
test_decode_bmp16 (void)
{
  g_autofree char *dir = make_tmpdir ();
  const guint w = 32, h = 1;
  GByteArray *a = g_byte_array_new ();
  g_byte_array_append (a, (const guint8 *) "BM", 2);
  put32 (a, 14 + 40 + w * 2);
  put32 (a, 0);
  put32 (a, 14 + 40);
  put32 (a, 40);
  put32 (a, w);
  put32 (a, h);
  put16 (a, 1);
  put16 (a, 16);
  put32 (a, 0); /* BI_RGB: 5-5-5 */
  put32 (a, w * 2);
  put32 (a, 2835);
  put32 (a, 2835);
  put32 (a, 0);
  put32 (a, 0);
  for (guint v = 0; v < w; v++)
    put16 (a, (v << 10) | ((31 - v) << 5) | v);
  g_autofree char *path = g_build_filename (dir, "p.bmp", NULL);
  write_bytes (path, a->data, a->len);
  g_byte_array_unref (a);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlRgbImage) image = sl_image_decode_file (path, &error);
  g_assert_no_error (error);
  for (guint v = 0; v < w; v++)
    {
      g_assert_cmpuint (image->pixels[v * 3 + 0], ==, v * 255 / 31);
      g_assert_cmpuint (image->pixels[v * 3 + 1], ==, (31 - v) * 255 / 31);
      g_assert_cmpuint (image->pixels[v * 3 + 2], ==, v * 255 / 31);
    }
  rm_rf (dir);
}

static void
truncate_copy (const char *from, const char *to, gsize keep)
{
  gsize len = 0;
  g_autofree char *data = read_bytes (from, &len);
  g_assert_cmpuint (keep, <, len);
  write_bytes (to, data, keep);
}

static void
test_decode_errors (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *missing = g_build_filename (dir, "missing.png", NULL);
  assert_decode_fails (missing, SL_ERROR_IO);
  assert_decode_fails (dir, SL_ERROR_IO);

  g_autofree char *empty = g_build_filename (dir, "empty.png", NULL);
  write_bytes (empty, "", 0);
  assert_decode_fails (empty, SL_ERROR_FORMAT);

  g_autofree char *text = g_build_filename (dir, "text.png", NULL);
  const char *words = "this is not an image, whatever its name says\n";
  write_bytes (text, words, strlen (words));
  assert_decode_fails (text, SL_ERROR_FORMAT);

  g_autoptr (GdkPixbuf) pb = pixbuf_pattern (64, 48, FALSE, 2);
  const char *types[] = { "png", "tiff", "jpeg", "bmp" };
  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autofree char *whole = g_strdup_printf ("%s/whole.%s", dir, types[t]);
      save_pixbuf (pb, whole, types[t]);
      gsize len = 0;
      g_autofree char *data = read_bytes (whole, &len);
      /* Cut in the pixel data, and cut just after the signature. */
      const gsize cuts[] = { len / 2, len - 1, 6 };
      for (guint c = 0; c < G_N_ELEMENTS (cuts); c++)
        {
          g_autofree char *cut = g_strdup_printf ("%s/cut%u.%s", dir, c, types[t]);
          truncate_copy (whole, cut, cuts[c]);
          /* A file cut one byte short of its end may lose only padding or a trailer that PIL does
           * not read either: success is allowed there, a crash or a vague error never. */
          g_autoptr (GError) error = NULL;
          g_autoptr (SlRgbImage) image = sl_image_decode_file (cut, &error);
          if (cuts[c] == len - 1 && image)
            {
              g_test_message ("%s: accepted", cut);
              continue;
            }
          g_assert_null (image);
          g_assert_true (error && error->domain == SL_ERROR);
          g_assert_nonnull (strstr (error->message, cut));
          g_test_message ("%s", error->message);
        }
    }

  /* Headers claiming absurd sizes are refused before pixels are allocated. */
  g_autofree char *huge_png = g_build_filename (dir, "huge.png", NULL);
  write_png_header (huge_png, 100000, 100000);
  assert_decode_fails (huge_png, SL_ERROR_UNSUPPORTED);
  g_autofree char *wide_png = g_build_filename (dir, "wide.png", NULL);
  write_png_header (wide_png, 40000, 1);
  assert_decode_fails (wide_png, SL_ERROR_UNSUPPORTED);
  g_autofree char *huge_tif = g_build_filename (dir, "huge.tif", NULL);
  guint8 one[3] = { 1, 2, 3 };
  write_tiff (huge_tif, 1, 1, 3, 2, -1, 1, one);
  /* Patch ImageWidth/ImageLength (entries 0 and 1, LONG values) to 30000 × 30000. */
  gsize len = 0;
  g_autofree guint8 *tif = (guint8 *) read_bytes (huge_tif, &len);
  const guint32 big = 30000;
  memcpy (tif + 8 + 2 + 8, &big, 4);
  memcpy (tif + 8 + 2 + 12 + 8, &big, 4);
  write_bytes (huge_tif, tif, len);
  assert_decode_fails (huge_tif, SL_ERROR_UNSUPPORTED);

  /* A BMP and a JPEG whose headers claim 40000 × 40000 and 65535 × 65535, with no pixels. */
  g_autofree char *huge_bmp = g_build_filename (dir, "huge.bmp", NULL);
  GByteArray *bmp = g_byte_array_new ();
  g_byte_array_append (bmp, (const guint8 *) "BM", 2);
  const guint32 bmp_fields[] = { 54, 0, 54, 40, 40000, 40000 };
  for (guint i = 0; i < G_N_ELEMENTS (bmp_fields); i++)
    put32 (bmp, bmp_fields[i]);
  put16 (bmp, 1);
  put16 (bmp, 24);
  for (guint i = 0; i < 6; i++)
    put32 (bmp, 0);
  write_bytes (huge_bmp, bmp->data, bmp->len);
  g_byte_array_unref (bmp);
  assert_decode_fails (huge_bmp, SL_ERROR_UNSUPPORTED);
  g_autofree char *huge_jpg = g_build_filename (dir, "huge.jpg", NULL);
  const guint8 jpg[] = { 0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0xff, 0xff, 0xff, 0xff, 0x03,
                         1,    0x11, 0,    2,    0x11, 0,    3,    0x11, 0,    0xff, 0xd9 };
  write_bytes (huge_jpg, jpg, sizeof jpg);
  assert_decode_fails (huge_jpg, SL_ERROR_UNSUPPORTED);

  /* A TIFF whose strip is cut short (its directory comes first, so the header reads fine). */
  g_autofree char *short_tif = g_build_filename (dir, "short.tif", NULL);
  guint8 rgb[16 * 16 * 3];
  memset (rgb, 99, sizeof rgb);
  write_tiff (short_tif, 16, 16, 3, 2, -1, 1, rgb);
  gsize short_len = 0;
  g_autofree char *short_data = read_bytes (short_tif, &short_len);
  write_bytes (short_tif, short_data, short_len - 100);
  assert_decode_fails (short_tif, SL_ERROR_FORMAT);

  /* fuzz-image's slow unit: a 79-byte BMP whose header size is 0xffffff00 and whose compression is
   * none PIL reads; gdk-pixbuf used to allocate 570 MB for it. */
  static const guint8 slow_bmp[79] = {
    0x42, 0x4d, 0x69, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x2d, 0x02, 0x03, 0x00, 0x61, 0x67, 0x65, 0x2f, 0x78, 0x00, 0x00, 0x00, 0x00, 0x2d, 0x03,
    0x00, 0x00, 0x60, 0x60, 0x60, 0x60, 0x60, 0x60, 0x60, 0x60, 0x89, 0x50, 0x4e, 0x47, 0x0d,
  };
  g_autofree char *bad_bmp = g_build_filename (dir, "slow.bmp", NULL);
  write_bytes (bad_bmp, slow_bmp, sizeof slow_bmp);
  assert_decode_fails (bad_bmp, SL_ERROR_FORMAT);

  /* A TIFF signature followed by garbage. */
  g_autofree char *junk_tif = g_build_filename (dir, "junk.tif", NULL);
  write_bytes (junk_tif, "II*\0\xff\xff\xff\x7fgarbage", 15);
  assert_decode_fails (junk_tif, SL_ERROR_FORMAT);
  rm_rf (dir);
}

/* ---- image folder ---- */

static SlDataset *
open_folder (const char *path, guint w, guint h, gsize cache_bytes)
{
  SlImageFolderOptions o;
  sl_image_folder_options_init (&o);
  o.width = w;
  o.height = h;
  o.cache_bytes = cache_bytes;
  g_autoptr (GError) error = NULL;
  SlDataset *ds = sl_image_folder_open (path, &o, &error);
  g_assert_no_error (error);
  return ds;
}

/* Keras' order: classes by name (bytes: uppercase first), hidden entries skipped, non-images
 * skipped, files by name within each folder, nested folders sorted by whole path ("s x" before
 * "s/deep", since ' ' < '/'). Each image is a solid colour whose red value identifies it. */
static void
test_folder_order (void)
{
  g_autofree char *root = make_tmpdir ();
  make_dirs (root, "b_class/s/deep");
  make_dirs (root, "b_class/s x");
  make_dirs (root, "a_class");
  make_dirs (root, "C_upper");
  make_dirs (root, ".hidden_class");
  make_dirs (root, "empty_class");
  save_solid (root, ".hidden_class/h.png", "png", 4, 4, 250, 0, 0);
  save_solid (root, "a_class/2.png", "png", 5, 3, 10, 1, 2);
  save_solid (root, "a_class/10.PNG", "png", 3, 5, 11, 1, 2);
  save_solid (root, "a_class/B.jpg", "jpeg", 8, 8, 120, 120, 120);
  save_solid (root, "a_class/a.bmp", "bmp", 2, 2, 13, 1, 2);
  save_solid (root, "a_class/.hidden.png", "png", 2, 2, 251, 0, 0);
  save_solid (root, "a_class/z.tiff", "tiff", 6, 6, 14, 1, 2);
  save_solid (root, "a_class/y.TIF", "tiff", 6, 6, 15, 1, 2);
  save_solid (root, "a_class/notes.gif", "png", 2, 2, 252, 0, 0);
  g_autofree char *readme = g_build_filename (root, "a_class/readme.txt", NULL);
  write_bytes (readme, "x", 1);
  save_solid (root, "b_class/x.png", "png", 4, 4, 20, 1, 2);
  save_solid (root, "b_class/s/a.png", "png", 4, 4, 21, 1, 2);
  save_solid (root, "b_class/s x/b.png", "png", 4, 4, 22, 1, 2);
  save_solid (root, "b_class/s/deep/c.png", "png", 4, 4, 23, 1, 2);
  save_solid (root, "C_upper/only.png", "png", 4, 4, 30, 1, 2);
  save_solid (root, "top_level_file.png", "png", 4, 4, 253, 0, 0);

  g_autoptr (SlDataset) ds = open_folder (root, 4, 3, 1 << 20);
  const char *classes[] = { "C_upper", "a_class", "b_class", "empty_class", NULL };
  g_assert_cmpstrv (ds->class_names, classes);
  g_assert_cmpuint (ds->n_classes, ==, 4);
  const struct
  {
    const char *rel;
    gint        label;
    int         red; /* -1: JPEG, checked for gray */
  } want[] = {
    { "C_upper/only.png", 0, 30 },  { "a_class/10.PNG", 1, 11 },     { "a_class/2.png", 1, 10 },
    { "a_class/B.jpg", 1, -1 },     { "a_class/a.bmp", 1, 13 },      { "a_class/y.TIF", 1, 15 },
    { "a_class/z.tiff", 1, 14 },    { "b_class/x.png", 2, 20 },      { "b_class/s/a.png", 2, 21 },
    { "b_class/s x/b.png", 2, 22 }, { "b_class/s/deep/c.png", 2, 23 },
  };
  g_assert_cmpuint (ds->n_samples, ==, G_N_ELEMENTS (want));
  g_assert_cmpuint (ds->rank, ==, 3);
  g_assert_cmpuint (ds->shape[0], ==, 3);
  g_assert_cmpuint (ds->shape[1], ==, 4);
  g_assert_cmpuint (ds->shape[2], ==, 3);
  g_autofree char *base = g_path_get_basename (root);
  g_assert_cmpstr (ds->name, ==, base);
  float sample[3 * 4 * 3];
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      g_autofree char *full = g_build_filename (root, want[i].rel, NULL);
      g_assert_cmpstr (sl_image_folder_get_path (ds, i), ==, full);
      g_assert_cmpint (ds->labels[i], ==, want[i].label);
      g_autoptr (GError) error = NULL;
      g_assert_true (sl_dataset_get_sample (ds, i, sample, &error));
      g_assert_no_error (error);
      for (guint p = 0; p < 12; p++)
        {
          if (want[i].red < 0)
            {
              g_assert_cmpfloat (fabsf (sample[p * 3] * 255.0f - 120.0f), <, 3.0f);
              continue;
            }
          g_assert_cmpfloat (sample[p * 3 + 0], ==, (float) (want[i].red / 255.0));
          g_assert_cmpfloat (sample[p * 3 + 1], ==, (float) (1 / 255.0));
          g_assert_cmpfloat (sample[p * 3 + 2], ==, (float) (2 / 255.0));
        }
    }
  g_assert_null (sl_image_folder_get_path (ds, G_N_ELEMENTS (want)));
  rm_rf (root);
}

static void
test_folder_values (void)
{
  g_autofree char *root = make_tmpdir ();
  make_dirs (root, "k");
  g_autofree char *path = g_build_filename (root, "k/p.png", NULL);
  g_autoptr (GdkPixbuf) pb = pixbuf_pattern (10, 7, FALSE, 9);
  save_pixbuf (pb, path, "png");

  SlImageFolderOptions o;
  sl_image_folder_options_init (&o);
  o.width = 6;
  o.height = 9;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataset) plain = sl_image_folder_open (root, &o, &error);
  g_assert_no_error (error);
  o.use_mean_std = TRUE;
  const float mean[3] = { 0.485f, 0.456f, 0.406f }, std[3] = { 0.229f, 0.224f, 0.225f };
  memcpy (o.mean, mean, sizeof mean);
  memcpy (o.std, std, sizeof std);
  g_autoptr (SlDataset) normed = sl_image_folder_open (root, &o, &error);
  g_assert_no_error (error);

  g_autoptr (SlRgbImage) decoded = sl_image_decode_file (path, &error);
  g_assert_no_error (error);
  g_autoptr (SlRgbImage) resized = sl_rgb_image_resize (decoded, 6, 9);
  guint8 rgb[9 * 6 * 3];
  g_assert_true (sl_image_folder_get_rgb (plain, 0, rgb, &error));
  g_assert_cmpmem (rgb, sizeof rgb, resized->pixels, sizeof rgb);

  float a[9 * 6 * 3], b[9 * 6 * 3];
  g_assert_true (sl_dataset_get_sample (plain, 0, a, &error));
  g_assert_true (sl_dataset_get_sample (normed, 0, b, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (a); i++)
    {
      /* value / 255 rounded once to float32, as IMAGES.md says; then mean/std in float32. */
      const float v = (float) (resized->pixels[i] / 255.0);
      const guint c = i % 3;
      g_assert_cmpfloat (a[i], ==, v);
      g_assert_cmpfloat (b[i], ==, (v - mean[c]) / std[c]);
    }
  rm_rf (root);
}

static void
assert_open_fails (const char *path, const SlImageFolderOptions *o, int code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataset) ds = sl_image_folder_open (path, o, &error);
  g_assert_null (ds);
  g_assert_error (error, SL_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
}

static void
test_folder_errors (void)
{
  g_autofree char *root = make_tmpdir ();
  g_autofree char *missing = g_build_filename (root, "nope", NULL);
  assert_open_fails (missing, NULL, SL_ERROR_IO);

  /* Files but no class folders. */
  save_solid (root, "loose.png", "png", 4, 4, 1, 2, 3);
  assert_open_fails (root, NULL, SL_ERROR_FORMAT);
  g_autofree char *file = g_build_filename (root, "loose.png", NULL);
  assert_open_fails (file, NULL, SL_ERROR_IO);

  /* Class folders without images. */
  make_dirs (root, "c1");
  make_dirs (root, "c2/sub");
  g_autofree char *notes = g_build_filename (root, "c2/notes.txt", NULL);
  write_bytes (notes, "x", 1);
  assert_open_fails (root, NULL, SL_ERROR_FORMAT);

  /* Bad options. */
  make_dirs (root, "c3");
  save_solid (root, "c3/ok.png", "png", 4, 4, 1, 2, 3);
  SlImageFolderOptions o;
  sl_image_folder_options_init (&o);
  o.width = 0;
  assert_open_fails (root, &o, SL_ERROR_ARGUMENT);
  sl_image_folder_options_init (&o);
  o.scale = 0;
  assert_open_fails (root, &o, SL_ERROR_ARGUMENT);
  sl_image_folder_options_init (&o);
  o.use_mean_std = TRUE;
  o.std[1] = 0;
  assert_open_fails (root, &o, SL_ERROR_ARGUMENT);

  /* A broken image opens (listing decodes nothing) but its sample fails, naming the file; the
   * others still load. */
  g_autofree char *bad = g_build_filename (root, "c3/bad.png", NULL);
  write_bytes (bad, "\x89PNG\r\n\x1a\n-truncated", 18);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataset) ds = sl_image_folder_open (root, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ds->n_samples, ==, 2);
  g_assert_cmpuint (ds->shape[0], ==, 224);
  g_assert_cmpstr (sl_image_folder_get_path (ds, 0), ==, bad);
  g_autofree float *sample = g_new (float, sl_dataset_sample_size (ds));
  g_assert_false (sl_dataset_get_sample (ds, 0, sample, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, bad));
  g_clear_error (&error);
  g_assert_true (sl_dataset_get_sample (ds, 1, sample, &error));
  g_assert_no_error (error);
  g_assert_false (sl_dataset_get_sample (ds, 2, sample, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  rm_rf (root);
}

/* Builds a folder of `n` distinct images over 3 classes, in turn PNG (with alpha), TIFF, BMP and
 * JPEG, so that both decoders (gdk-pixbuf and libtiff) run. */
static char *
make_folder (guint n)
{
  static const char *const types[] = { "png", "tiff", "bmp", "jpeg" };
  char *root = make_tmpdir ();
  for (guint c = 0; c < 3; c++)
    {
      g_autofree char *cls = g_strdup_printf ("class%u", c);
      make_dirs (root, cls);
    }
  for (guint i = 0; i < n; i++)
    {
      const char *type = types[i % 4];
      g_autofree char *rel = g_strdup_printf ("class%u/img%03u.%s", i % 3, i, type);
      g_autofree char *path = g_build_filename (root, rel, NULL);
      g_autoptr (GdkPixbuf) pb
          = pixbuf_pattern (11 + (int) (i % 5), 9 + (int) (i % 4), i % 4 == 0, i);
      save_pixbuf (pb, path, type);
    }
  return root;
}

static void
test_folder_cache_bound (void)
{
  g_autofree char *root = make_folder (20);
  /* 16 × 16 × 3 = 768 bytes a sample (plus bookkeeping): room for about 5. */
  const gsize budget = 4000;
  g_autoptr (SlDataset) cached = open_folder (root, 16, 16, budget);
  g_autoptr (SlDataset) uncached = open_folder (root, 16, 16, 0);
  float a[16 * 16 * 3], b[16 * 16 * 3];
  GRand *rand = g_rand_new_with_seed (42);
  SlImageFolderCacheInfo info;
  for (guint step = 0; step < 300; step++)
    {
      /* Mostly recent samples, sometimes any, so that there are both hits and evictions. */
      const gsize i = g_rand_int_range (rand, 0, 4) ? (gsize) g_rand_int_range (rand, 0, 4)
                                                    : (gsize) g_rand_int_range (rand, 0, 20);
      g_autoptr (GError) error = NULL;
      g_assert_true (sl_dataset_get_sample (cached, i, a, &error));
      g_assert_true (sl_dataset_get_sample (uncached, i, b, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (a, sizeof a, b, sizeof b);
      g_assert_true (sl_image_folder_get_cache_info (cached, &info));
      g_assert_cmpuint (info.used_bytes, <=, budget);
      g_assert_cmpuint (info.peak_bytes, <=, budget);
      g_assert_cmpuint (info.n_entries, <=, budget / (16 * 16 * 3));
    }
  g_rand_free (rand);
  g_assert_cmpuint (info.budget_bytes, ==, budget);
  g_assert_cmpuint (info.hits, >, 0);
  g_assert_cmpuint (info.misses, >, 5);
  g_assert_cmpuint (info.n_entries, >, 0);
  g_test_message ("cache: %" G_GUINT64_FORMAT " hits, %" G_GUINT64_FORMAT
                  " misses, peak %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes",
                  info.hits, info.misses, info.peak_bytes, info.budget_bytes);

  /* With no budget nothing is kept. */
  g_assert_true (sl_image_folder_get_cache_info (uncached, &info));
  g_assert_cmpuint (info.n_entries, ==, 0);
  g_assert_cmpuint (info.peak_bytes, ==, 0);
  rm_rf (root);
}

typedef struct
{
  SlDataset   *ds;
  const float *expected; /* n_samples × sample size */
  guint        seed;
  guint        failures;
} ReaderArgs;

static gpointer
reader_thread (gpointer data)
{
  ReaderArgs *args = data;
  const gsize size = sl_dataset_sample_size (args->ds);
  g_autofree float *buf = g_new (float, size);
  GRand *rand = g_rand_new_with_seed (args->seed);
  for (guint step = 0; step < 200; step++)
    {
      const gsize i = (gsize) g_rand_int_range (rand, 0, (gint32) args->ds->n_samples);
      g_autoptr (GError) error = NULL;
      if (!sl_dataset_get_sample (args->ds, i, buf, &error)
          || memcmp (buf, args->expected + i * size, size * sizeof (float)) != 0)
        args->failures++;
    }
  g_rand_free (rand);
  return NULL;
}

static void
test_folder_threads (void)
{
  g_autofree char *root = make_folder (12);
  g_autoptr (SlDataset) ref = open_folder (root, 20, 14, 0);
  /* A cache smaller than the folder: the threads insert and evict at once. */
  g_autoptr (SlDataset) ds = open_folder (root, 20, 14, 5 * (20 * 14 * 3 + 64));
  const gsize size = sl_dataset_sample_size (ref);
  g_autofree float *expected = g_new (float, size * ref->n_samples);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_dataset_get_batch (ref, 0, ref->n_samples, expected, &error));
  g_assert_no_error (error);

  ReaderArgs args[2] = { { ds, expected, 1, 0 }, { ds, expected, 2, 0 } };
  GThread *threads[2];
  for (guint t = 0; t < 2; t++)
    threads[t] = g_thread_new ("reader", reader_thread, &args[t]);
  for (guint t = 0; t < 2; t++)
    g_thread_join (threads[t]);
  g_assert_cmpuint (args[0].failures, ==, 0);
  g_assert_cmpuint (args[1].failures, ==, 0);
  SlImageFolderCacheInfo info;
  sl_image_folder_get_cache_info (ds, &info);
  g_assert_cmpuint (info.peak_bytes, <=, info.budget_bytes);
  g_assert_cmpuint (info.hits + info.misses, ==, 400);
  rm_rf (root);
}

/* ---- the course's HMT tiles ---- */

/* The 1-D string dataset `name` (variable-length UTF-8, as h5py writes). */
static GStrv
read_h5_strings (hid_t file, const char *name)
{
  hid_t d = H5Dopen2 (file, name, H5P_DEFAULT);
  g_assert_cmpint (d, >=, 0);
  hid_t space = H5Dget_space (d);
  const hssize_t points = H5Sget_simple_extent_npoints (space);
  if (points <= 0 || points > 1000000)
    g_error ("%s: %" G_GINT64_FORMAT " strings", name, (gint64) points);
  const gsize n = (gsize) points;
  hid_t mt = H5Tcopy (H5T_C_S1);
  H5Tset_size (mt, H5T_VARIABLE);
  H5Tset_cset (mt, H5T_CSET_UTF8);
  char **raw = g_new0 (char *, n);
  g_assert_cmpint (H5Dread (d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw), >=, 0);
  GStrv out = g_new0 (char *, n + 1);
  for (gsize i = 0; i < n; i++)
    out[i] = g_strdup (raw[i]);
  H5Dvlen_reclaim (mt, space, H5P_DEFAULT, raw);
  g_free (raw);
  H5Tclose (mt);
  H5Sclose (space);
  H5Dclose (d);
  return out;
}

/* Decode + PIL bilinear 150 → 224 must give exactly the course's model inputs. */
static void
test_hmt_golden (void)
{
  g_autofree char *golden = sl_test_shared ("reference/hmt_golden.h5");
  g_autofree char *folder = sl_test_shared ("data/hmt/HMT_test");
  if (!golden || !folder)
    return;
  g_autoptr (GError) error = NULL;
  hid_t file = sl_h5_open_read (golden, &error);
  g_assert_no_error (error);
  guint rank = 0;
  hsize_t dims[SL_H5_MAX_RANK];
  g_autofree float *input = sl_h5_read_floats (file, "input", golden, &rank, dims, &error);
  g_assert_no_error (error);
  g_auto (GStrv) files = read_h5_strings (file, "files");
  sl_h5_close (file);
  g_assert_cmpuint (rank, ==, 4);
  g_assert_cmpuint (dims[1], ==, 224);
  g_assert_cmpuint (dims[2], ==, 224);
  g_assert_cmpuint (dims[3], ==, 3);
  g_assert_cmpuint (g_strv_length (files), ==, dims[0]);

  g_autoptr (SlDataset) ds = sl_image_folder_open (folder, NULL, &error);
  g_assert_no_error (error);
  const gsize size = 224 * 224 * 3;
  g_autofree float *sample = g_new (float, size);
  gsize differing = 0, differing_floats = 0;
  for (guint t = 0; t < dims[0]; t++)
    {
      g_autofree char *path = g_build_filename (folder, files[t], NULL);
      g_autoptr (SlRgbImage) tile = sl_image_decode_file (path, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (tile->width, ==, 150);
      g_assert_cmpuint (tile->height, ==, 150);
      g_autoptr (SlRgbImage) resized = sl_rgb_image_resize (tile, 224, 224);
      const float *want = input + t * size;
      for (gsize i = 0; i < size; i++)
        if (resized->pixels[i] != (guint8) lrintf (want[i] * 255.0f))
          differing++;

      /* The same tile through the dataset: the golden files are the first of each class. */
      gsize index = G_MAXSIZE;
      for (gsize i = 0; i < ds->n_samples && index == G_MAXSIZE; i++)
        if (g_strcmp0 (sl_image_folder_get_path (ds, i), path) == 0)
          index = i;
      g_assert_cmpuint (index, ==, (gsize) t * 62);
      g_assert_cmpint (ds->labels[index], ==, (gint) t);
      g_assert_true (sl_dataset_get_sample (ds, index, sample, &error));
      g_assert_no_error (error);
      for (gsize i = 0; i < size; i++)
        if (sample[i] != want[i])
          differing_floats++;
    }
  g_test_message ("HMT golden: %" G_GSIZE_FORMAT " differing 8-bit values, %" G_GSIZE_FORMAT
                  " differing float32 inputs, over %" G_GSIZE_FORMAT " values",
                  differing, differing_floats, (gsize) dims[0] * size);
  g_assert_cmpuint (differing, ==, 0);
  g_assert_cmpuint (differing_floats, ==, 0);
}

/* Opening lists files only; reading decodes. Prints both times. */
static void
test_hmt_timing (void)
{
  g_autofree char *folder = sl_test_shared ("data/hmt/HMT_test");
  if (!folder)
    return;
  g_autoptr (GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr (SlDataset) ds = sl_image_folder_open (folder, NULL, &error);
  const gint64 t_open = g_get_monotonic_time () - t0;
  g_assert_no_error (error);
  g_assert_cmpuint (ds->n_samples, ==, 496);
  g_assert_cmpuint (ds->n_classes, ==, 8);
  g_assert_cmpstr (ds->class_names[0], ==, "01_TUMOR");
  g_assert_cmpstr (ds->class_names[7], ==, "08_EMPTY");
  for (guint c = 0; c < 8; c++)
    g_assert_cmpint (ds->labels[c * 62], ==, (gint) c);

  g_autofree float *sample = g_new (float, sl_dataset_sample_size (ds));
  t0 = g_get_monotonic_time ();
  for (gsize i = 0; i < ds->n_samples; i++)
    {
      g_assert_true (sl_dataset_get_sample (ds, i, sample, &error));
      g_assert_no_error (error);
    }
  const gint64 t_read = g_get_monotonic_time () - t0;
  SlImageFolderCacheInfo info;
  sl_image_folder_get_cache_info (ds, &info);
  g_printerr ("# HMT_test: open %.1f ms, read all %" G_GSIZE_FORMAT " samples %.0f ms "
              "(%.2f ms each); cache %" G_GSIZE_FORMAT " entries, %.1f MiB\n",
              t_open / 1e3, ds->n_samples, t_read / 1e3, t_read / 1e3 / ds->n_samples,
              info.n_entries, info.used_bytes / 1048576.0);
  g_assert_cmpint (t_open, <, G_USEC_PER_SEC);
  g_assert_cmpuint (info.used_bytes, <=, SL_IMAGE_FOLDER_DEFAULT_CACHE_BYTES);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/images/resize/identity", test_resize_identity);
  g_test_add_func ("/images/resize/upscale", test_resize_upscale);
  g_test_add_func ("/images/resize/downscale", test_resize_downscale);
  g_test_add_func ("/images/resize/one-pixel", test_resize_one_pixel);
  g_test_add_func ("/images/resize/separable", test_resize_separable);
  g_test_add_func ("/images/resize/channels", test_resize_channels);
  g_test_add_func ("/images/resize/constant", test_resize_constant);
  g_test_add_func ("/images/decode/lossless-formats", test_decode_lossless_formats);
  g_test_add_func ("/images/decode/alpha", test_decode_alpha);
  g_test_add_func ("/images/decode/gray-and-orientation", test_decode_gray_and_orientation);
  g_test_add_func ("/images/decode/bmp16", test_decode_bmp16);
  g_test_add_func ("/images/decode/errors", test_decode_errors);
  g_test_add_func ("/images/folder/order", test_folder_order);
  g_test_add_func ("/images/folder/values", test_folder_values);
  g_test_add_func ("/images/folder/errors", test_folder_errors);
  g_test_add_func ("/images/folder/cache-bound", test_folder_cache_bound);
  g_test_add_func ("/images/folder/threads", test_folder_threads);
  g_test_add_func ("/images/hmt/golden", test_hmt_golden);
  g_test_add_func ("/images/hmt/timing", test_hmt_timing);
  return g_test_run ();
}
