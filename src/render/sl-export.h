/* sl-export.h — writing a figure to a PNG, SVG or PDF file, atomically. */
#pragma once

#include <glib.h>

#include "render/sl-figure-types.h"

G_BEGIN_DECLS

typedef enum
{
  SL_EXPORT_PNG,
  SL_EXPORT_SVG,
  SL_EXPORT_PDF,
} SlExportFormat;

/* The format named by the file's extension (.png, .svg, .pdf, any case); SL_ERROR_ARGUMENT for
 * anything else. */
gboolean sl_export_format_for_path (const char     *path,
                                    SlExportFormat *format,
                                    GError        **error);

/* Draws a figure of width_pt × height_pt points with `draw` into `path`, as PNG (at `dpi`: a
 * 72 dpi PNG has one pixel per point), SVG or PDF by the extension. SVG and PDF are vector files
 * whose sizes are in points; `dpi` only matters for PNG.
 *
 * The file is written to a temporary file in the same folder and renamed over `path` only when
 * complete, so `path` is either untouched or the whole new figure: a failure (unwritable folder,
 * full disk, a draw that leaves cairo in an error state) removes the temporary file and leaves any
 * old file as it was. */
gboolean sl_export_figure          (const char *path,
                                    double      width_pt,
                                    double      height_pt,
                                    double      dpi,
                                    SlDrawFunc  draw,
                                    gpointer    data,
                                    GError    **error);

G_END_DECLS
