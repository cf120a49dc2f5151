/* sl-image-decode.h — TIFF, PNG, JPEG and BMP files to packed 8-bit RGB, as PIL's convert('RGB') */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Larger images are refused before any pixel is decoded: a damaged or hostile header must not make
 * us allocate gigabytes. */
#define SL_IMAGE_MAX_SIDE   32768
#define SL_IMAGE_MAX_PIXELS ((guint64) 1 << 28)

/* A packed 8-bit RGB image: `width` × `height` × 3 bytes, rows top to bottom, no padding. */
typedef struct
{
  guint   width;
  guint   height;
  guint8 *pixels;
} SlRgbImage;

SlRgbImage *sl_rgb_image_new        (guint width,
                                     guint height);
void        sl_rgb_image_free       (SlRgbImage *image);

/* Decodes the first image of a TIFF, PNG, JPEG or BMP file (the format is told by its content, not
 * its name). Alpha is dropped and gray is repeated into R, G and B; a TIFF is turned upright by its
 * Orientation tag, as PIL does. The error names the file and says what is wrong: missing, empty,
 * not an image, truncated, damaged, too large, or a variant PIL would read differently. */
SlRgbImage *sl_image_decode_file    (const char *path,
                                     GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlRgbImage, sl_rgb_image_free)

G_END_DECLS
