/* fuzz-image.c — libFuzzer: arbitrary bytes as an image file for the decoders (TIFF by libtiff; PNG,
 * JPEG and BMP by gdk-pixbuf, after our own header checks). */
#include "fuzz-common.h"
#include "fuzz-input-file.h"

#include "datasets/images/sl-image-decode.h"

#include <stdint.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *path = fuzz_input_file ("fuzz.img", data, size);
  g_autoptr (GError) error = NULL;
  SlRgbImage *image = sl_image_decode_file (path, &error);
  if (!image)
    {
      fuzz_check_error (error, "fuzz.img");
      return 0;
    }
  if (image->width == 0 || image->height == 0
      || (guint64)image->width * image->height > SL_IMAGE_MAX_PIXELS)
    abort ();
  /* Every pixel is readable (ASan checks the bounds). */
  guint sum = 0;
  for (gsize i = 0; i < (gsize)image->width * image->height * 3; i++)
    sum += image->pixels[i];
  (void)sum;
  sl_rgb_image_free (image);
  return 0;
}
