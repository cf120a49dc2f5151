/* Simple segmentations and the colour features (sRGB → CIELAB as scikit-image's rgb2lab). */
#include "explain/sl-segments.h"

#include <math.h>

guint *
sl_segments_sections (gsize len, gsize size, guint *n_segments)
{
  size = MAX (size, 1);
  guint *labels = g_new (guint, MAX (len, 1));
  for (gsize i = 0; i < len; i++)
    labels[i] = (guint) (i / size);
  *n_segments = (guint) ((len + size - 1) / size);
  return labels;
}

guint *
sl_segments_grid (gsize h, gsize w, gsize cell, guint *n_segments)
{
  cell = MAX (cell, 1);
  const gsize nx = (w + cell - 1) / cell, ny = (h + cell - 1) / cell;
  guint *labels = g_new (guint, MAX (h * w, 1));
  for (gsize y = 0; y < h; y++)
    for (gsize x = 0; x < w; x++)
      labels[y * w + x] = (guint) ((y / cell) * nx + x / cell);
  *n_segments = (guint) (nx * ny);
  return labels;
}

guint
sl_segments_relabel (guint *labels, gsize n)
{
  g_autoptr (GHashTable) map = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint next = 0;
  for (gsize i = 0; i < n; i++)
    {
      gpointer v;
      if (g_hash_table_lookup_extended (map, GUINT_TO_POINTER (labels[i]), NULL, &v))
        labels[i] = GPOINTER_TO_UINT (v);
      else
        {
          g_hash_table_insert (map, GUINT_TO_POINTER (labels[i]), GUINT_TO_POINTER (next));
          labels[i] = next++;
        }
    }
  return next;
}

static double
srgb_to_linear (double c)
{
  return c > 0.04045 ? pow ((c + 0.055) / 1.055, 2.4) : c / 12.92;
}

static double
lab_f (double t)
{
  return t > 0.008856 ? cbrt (t) : 7.787 * t + 16.0 / 116.0;
}

float *
sl_segments_features (const float *img, gsize h, gsize w, gsize c, gsize *n_features)
{
  const gsize n = h * w;
  if (c != 3)
    {
      *n_features = c;
      return g_memdup2 (img, n * c * sizeof (float));
    }
  float top = 0;
  for (gsize i = 0; i < n * 3; i++)
    top = MAX (top, img[i]);
  const double scale = top > 1.0f ? 1.0 / 255.0 : 1.0;
  float *lab = g_new (float, n * 3);
  for (gsize i = 0; i < n; i++)
    {
      const double r = srgb_to_linear (CLAMP (img[i * 3] * scale, 0.0, 1.0));
      const double g = srgb_to_linear (CLAMP (img[i * 3 + 1] * scale, 0.0, 1.0));
      const double b = srgb_to_linear (CLAMP (img[i * 3 + 2] * scale, 0.0, 1.0));
      const double x = (0.412453 * r + 0.357580 * g + 0.180423 * b) / 0.95047;
      const double y = 0.212671 * r + 0.715160 * g + 0.072169 * b;
      const double z = (0.019334 * r + 0.119193 * g + 0.950227 * b) / 1.08883;
      const double fx = lab_f (x), fy = lab_f (y), fz = lab_f (z);
      lab[i * 3] = (float) (116 * fy - 16);
      lab[i * 3 + 1] = (float) (500 * (fx - fy));
      lab[i * 3 + 2] = (float) (200 * (fy - fz));
    }
  *n_features = 3;
  return lab;
}
