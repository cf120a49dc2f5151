/* sl-error.h — the one GError domain of the Saliency Lab library. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SL_ERROR (sl_error_quark ())

typedef enum
{
  SL_ERROR_FAILED,      /* anything else */
  SL_ERROR_IO,          /* a file could not be read or written */
  SL_ERROR_FORMAT,      /* a file is not what it claims, or is damaged */
  SL_ERROR_UNSUPPORTED, /* a valid model/layer/option this program does not handle */
  SL_ERROR_SHAPE,       /* tensor shapes that do not fit together */
  SL_ERROR_ARGUMENT,    /* a bad value from the caller or the user */
  SL_ERROR_CANCELLED,   /* a job was cancelled */
} SlError;

GQuark sl_error_quark (void);

G_END_DECLS
