/* sl-image-resize.h — PIL's 8-bit bilinear resize (Image.resize(size, BILINEAR)), bit for bit. */
#pragma once

#include "sl-image-decode.h"

G_BEGIN_DECLS

/* Resizes an 8-bit image of `channels` interleaved channels (1 to 4), rows packed without padding,
 * from `src_width` × `src_height` to `dst_width` × `dst_height` into `dst` (which must not overlap
 * `src`). Horizontal pass, then vertical pass, each rounded to 8 bits; a pass whose size does not
 * change is a copy. All sizes must be at least 1. */
void        sl_image_resize_bilinear (const guint8 *src,
                                      guint         src_width,
                                      guint         src_height,
                                      guint         channels,
                                      guint8       *dst,
                                      guint         dst_width,
                                      guint         dst_height);

/* The same on an RGB image: a new image of the given size. */
SlRgbImage *sl_rgb_image_resize      (const SlRgbImage *image,
                                      guint             width,
                                      guint             height);

G_END_DECLS
