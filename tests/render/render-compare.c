/* render-compare.c — tolerant image comparison. */
#include "render-compare.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>

/* One channel of a premultiplied ARGB32 pixel, composited over white. */
static int
over_white (guint32 pixel, int shift)
{
  const int alpha = pixel >> 24;
  return (int) ((pixel >> shift) & 0xff) + (255 - alpha);
}

/* The image as w × h × 3 channels over white, each the mean of its 3 × 3 neighbourhood when
 * `blur` (edges clamped). */
static int *
channels (cairo_surface_t *s, gboolean blur)
{
  const int w = cairo_image_surface_get_width (s), h = cairo_image_surface_get_height (s);
  const int stride = cairo_image_surface_get_stride (s);
  const unsigned char *data;
  int *out = g_new (int, (gsize) w * h * 3);

  cairo_surface_flush (s);
  data = cairo_image_surface_get_data (s);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int c = 0; c < 3; c++)
        {
          int sum = 0, count = 0;
          const int r = blur ? 1 : 0;
          for (int dy = -r; dy <= r; dy++)
            for (int dx = -r; dx <= r; dx++)
              {
                const int yy = CLAMP (y + dy, 0, h - 1), xx = CLAMP (x + dx, 0, w - 1);
                const guint32 pixel = ((const guint32 *) (data + (gsize) yy * stride))[xx];
                sum += over_white (pixel, 8 * c);
                count++;
              }
          out[((gsize) y * w + x) * 3 + c] = sum / count;
        }
  return out;
}

gboolean
render_compare (cairo_surface_t *a, cairo_surface_t *b, int threshold, gboolean blur,
                RenderDiff *diff)
{
  const int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  guint64 sum = 0, over = 0;
  int max = 0;

  if (w != cairo_image_surface_get_width (b) || h != cairo_image_surface_get_height (b))
    return FALSE;
  g_autofree int *ca = channels (a, blur);
  g_autofree int *cb = channels (b, blur);
  for (gsize i = 0; i < (gsize) w * h; i++)
    {
      int pixel_max = 0;
      for (int c = 0; c < 3; c++)
        {
          const int d = abs (ca[3 * i + c] - cb[3 * i + c]);
          sum += d;
          pixel_max = MAX (pixel_max, d);
        }
      over += pixel_max > threshold;
      max = MAX (max, pixel_max);
    }
  diff->mean = (double) sum / (3.0 * w * h);
  diff->frac_over = (double) over / ((double) w * h);
  diff->max = max;
  return TRUE;
}

cairo_surface_t *
render_to_surface (void (*draw) (cairo_t *, double, double, gpointer), gpointer data,
                   double width_pt, double height_pt, double dpi)
{
  const double scale = dpi / 72.0;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         (int) ceil (width_pt * scale - 1e-6),
                                                         (int) ceil (height_pt * scale - 1e-6));
  cairo_t *cr = cairo_create (surface);

  cairo_scale (cr, scale, scale);
  draw (cr, width_pt, height_pt, data);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  return surface;
}

void
render_test_shutdown (void)
{
  /* Frees Pango's font caches. cairo_debug_reset_static_data and FcFini would go further, but
   * race with Pango's font-matching thread. */
  pango_cairo_font_map_set_default (NULL);
}

/* What fontconfig allocates while parsing its configuration stays for the life of the process on
 * purpose; LeakSanitizer (sanitizer build) reads it as a leak. Nothing here allocates through
 * fontconfig directly, so this hides no leak of ours. */
const char *__lsan_default_suppressions (void);

const char *
__lsan_default_suppressions (void)
{
  return "leak:libfontconfig.so\n";
}
