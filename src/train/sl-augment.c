/* Keras' ImageDataGenerator.random_transform: the affine matrix of apply_affine_transform, centred
 * with transform_matrix_offset_center, resampled as scipy.ndimage.affine_transform (order 1, mode
 * 'nearest'), then the flips. */
#include "train/sl-augment.h"

#include "core/sl-error.h"

#include <math.h>
#include <string.h>

gboolean
sl_augment_options_active (const SlAugmentOptions *o)
{
  return o->rotation_range > 0 || o->width_shift_range > 0 || o->height_shift_range > 0
         || o->shear_range > 0 || o->zoom_range > 0 || o->horizontal_flip || o->vertical_flip;
}

gboolean
sl_augment_options_parse (const char *text, SlAugmentOptions *o, GError **error)
{
  memset (o, 0, sizeof *o);
  g_auto (GStrv) items = g_strsplit (text ? text : "", ",", -1);
  for (guint i = 0; items[i]; i++)
    {
      g_auto (GStrv) kv = g_strsplit (g_strstrip (items[i]), "=", 2);
      const char *key = kv[0];
      double v = 0;
      char *end = NULL;
      if (kv[1])
        v = g_ascii_strtod (kv[1], &end);
      const gboolean has_value
          = kv[1] && end && end != kv[1] && *end == '\0' && isfinite (v) && v >= 0;
      gboolean ok = TRUE;
      if (!*key)
        continue;
      else if (!strcmp (key, "flip") || !strcmp (key, "hflip") || !strcmp (key, "vflip"))
        {
          ok = !kv[1];
          o->horizontal_flip |= key[0] != 'v';
          o->vertical_flip |= key[0] != 'h';
        }
      else if (!strcmp (key, "rotate") && has_value)
        o->rotation_range = v;
      else if (!strcmp (key, "shift") && has_value)
        o->width_shift_range = o->height_shift_range = v;
      else if (!strcmp (key, "wshift") && has_value)
        o->width_shift_range = v;
      else if (!strcmp (key, "hshift") && has_value)
        o->height_shift_range = v;
      else if (!strcmp (key, "shear") && has_value)
        o->shear_range = v;
      else if (!strcmp (key, "zoom") && has_value && v < 1)
        o->zoom_range = v;
      else
        ok = FALSE;
      if (!ok)
        {
          g_set_error (
              error, SL_ERROR, SL_ERROR_ARGUMENT,
              "'%s' is not an augmentation (flip, hflip, vflip, rotate=DEG, shift=F, wshift=F, "
              "hshift=F, shear=DEG, zoom=F)",
              items[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static double
shift (double range, gsize size, GRand *rng)
{
  if (range <= 0)
    return 0;
  const double t = g_rand_double_range (rng, -range, range);
  return range < 1 ? t * (double) size : t;
}

void
sl_augment_random (const SlAugmentOptions *o, gsize height, gsize width, GRand *rng,
                   SlAugmentTransform *t)
{
  memset (t, 0, sizeof *t);
  t->theta = o->rotation_range > 0
                 ? g_rand_double_range (rng, -o->rotation_range, o->rotation_range)
                 : 0;
  t->tx = shift (o->height_shift_range, height, rng);
  t->ty = shift (o->width_shift_range, width, rng);
  t->shear = o->shear_range > 0 ? g_rand_double_range (rng, -o->shear_range, o->shear_range) : 0;
  t->zx = t->zy = 1;
  if (o->zoom_range > 0)
    {
      t->zx = g_rand_double_range (rng, 1 - o->zoom_range, 1 + o->zoom_range);
      t->zy = g_rand_double_range (rng, 1 - o->zoom_range, 1 + o->zoom_range);
    }
  t->flip_horizontal = o->horizontal_flip && g_rand_double (rng) < 0.5;
  t->flip_vertical = o->vertical_flip && g_rand_double (rng) < 0.5;
}

static void
matmul3 (const double a[3][3], const double b[3][3], double out[3][3])
{
  double r[3][3];
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++)
      r[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j];
  memcpy (out, r, sizeof r);
}

/* The matrix taking output (row, col, 1) to input coordinates, or FALSE for the identity. */
static gboolean
affine_matrix (const SlAugmentTransform *t, gsize height, gsize width, double m[3][3])
{
  const double id[3][3] = { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
  memcpy (m, id, sizeof id);
  gboolean any = FALSE;
  if (t->theta != 0)
    {
      const double th = t->theta * G_PI / 180;
      const double r[3][3] = { { cos (th), -sin (th), 0 }, { sin (th), cos (th), 0 }, { 0, 0, 1 } };
      matmul3 (m, r, m);
      any = TRUE;
    }
  if (t->tx != 0 || t->ty != 0)
    {
      const double s[3][3] = { { 1, 0, t->tx }, { 0, 1, t->ty }, { 0, 0, 1 } };
      matmul3 (m, s, m);
      any = TRUE;
    }
  if (t->shear != 0)
    {
      const double sh = t->shear * G_PI / 180;
      const double s[3][3] = { { 1, -sin (sh), 0 }, { 0, cos (sh), 0 }, { 0, 0, 1 } };
      matmul3 (m, s, m);
      any = TRUE;
    }
  if (t->zx != 1 || t->zy != 1)
    {
      const double z[3][3] = { { t->zx, 0, 0 }, { 0, t->zy, 0 }, { 0, 0, 1 } };
      matmul3 (m, z, m);
      any = TRUE;
    }
  if (!any)
    return FALSE;
  /* transform_matrix_offset_center: about (h/2 + ½, w/2 + ½), exactly as Keras writes it. */
  const double ox = (double) height / 2 + 0.5, oy = (double) width / 2 + 0.5;
  const double offset[3][3] = { { 1, 0, ox }, { 0, 1, oy }, { 0, 0, 1 } };
  const double reset[3][3] = { { 1, 0, -ox }, { 0, 1, -oy }, { 0, 0, 1 } };
  matmul3 (offset, m, m);
  matmul3 (m, reset, m);
  return TRUE;
}

static inline gsize
clamp_index (double i, gsize n)
{
  return i <= 0 ? 0 : i >= (double) (n - 1) ? n - 1 : (gsize) i;
}

void
sl_augment_apply (const SlAugmentTransform *t, const float *in, float *out, gsize height,
                  gsize width, gsize channels)
{
  double m[3][3];
  const gsize row = width * channels;
  if (!affine_matrix (t, height, width, m))
    memcpy (out, in, height * row * sizeof (float));
  else
    for (gsize r = 0; r < height; r++)
      for (gsize c = 0; c < width; c++)
        {
          /* Linear interpolation between the neighbours, indices beyond an edge replaced by the
           * edge. */
          const double y = m[0][0] * (double) r + m[0][1] * (double) c + m[0][2];
          const double x = m[1][0] * (double) r + m[1][1] * (double) c + m[1][2];
          const double fy = floor (y), fx = floor (x);
          const double wy = y - fy, wx = x - fx;
          const gsize y0 = clamp_index (fy, height), y1 = clamp_index (fy + 1, height);
          const gsize x0 = clamp_index (fx, width), x1 = clamp_index (fx + 1, width);
          float *o = out + r * row + c * channels;
          for (gsize k = 0; k < channels; k++)
            {
              const double v00 = in[y0 * row + x0 * channels + k],
                           v01 = in[y0 * row + x1 * channels + k];
              const double v10 = in[y1 * row + x0 * channels + k],
                           v11 = in[y1 * row + x1 * channels + k];
              o[k] = (float) ((1 - wy) * ((1 - wx) * v00 + wx * v01)
                              + wy * ((1 - wx) * v10 + wx * v11));
            }
        }
  if (t->flip_horizontal)
    for (gsize r = 0; r < height; r++)
      for (gsize c = 0; c < width / 2; c++)
        for (gsize k = 0; k < channels; k++)
          {
            float *a = out + r * row + c * channels + k,
                  *b = out + r * row + (width - 1 - c) * channels + k;
            const float tmp = *a;
            *a = *b;
            *b = tmp;
          }
  if (t->flip_vertical)
    for (gsize r = 0; r < height / 2; r++)
      for (gsize i = 0; i < row; i++)
        {
          float *a = out + r * row + i, *b = out + (height - 1 - r) * row + i;
          const float tmp = *a;
          *a = *b;
          *b = tmp;
        }
}
