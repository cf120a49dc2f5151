/* sl-augment.h — random image augmentation as Keras' ImageDataGenerator, on float HWC images. */

/* Rotation, shifts, shear, zoom (one affine resampling, bilinear, 'nearest' fill), then flips. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double rotation_range;     /* degrees: θ ~ U(−r, r) */
  double width_shift_range;  /* < 1: a fraction of the width; ≥ 1: pixels */
  double height_shift_range; /* same, of the height */
  double shear_range;        /* degrees, counter-clockwise */
  double zoom_range;         /* zx, zy ~ U(1 − z, 1 + z) each */
  gboolean horizontal_flip;  /* each with probability ½ */
  gboolean vertical_flip;
} SlAugmentOptions;

/* One draw of the transform's parameters (Keras' get_random_transform). */
typedef struct
{
  double theta;        /* degrees */
  double tx, ty;       /* shifts in pixels along rows (height) and columns (width) */
  double shear;        /* degrees */
  double zx, zy;
  gboolean flip_horizontal, flip_vertical;
} SlAugmentTransform;

/* Whether any option changes an image. */
gboolean sl_augment_options_active (const SlAugmentOptions *options);

/* Parses "flip,rotate=20,shift=0.1,shear=10,zoom=0.1,hflip,vflip,wshift=…,hshift=…" (flip =
 * both flips; shift = both shifts). */
gboolean sl_augment_options_parse  (const char             *text,
                                    SlAugmentOptions       *options,
                                    GError                **error);

void     sl_augment_random         (const SlAugmentOptions *options,
                                    gsize                   height,
                                    gsize                   width,
                                    GRand                  *rng,
                                    SlAugmentTransform     *transform);

/* out = the transformed `in` (height × width × channels floats each; they must not overlap). */
void     sl_augment_apply          (const SlAugmentTransform *transform,
                                    const float              *in,
                                    float                    *out,
                                    gsize                     height,
                                    gsize                     width,
                                    gsize                     channels);

G_END_DECLS
