/* sl-export.c — PNG, SVG and PDF export, written atomically (sl_atomic_write). */
#include "render/sl-export.h"

#include "render/sl-c-locale.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "render/sl-svg-text.h"
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "core/sl-atomic.h"
#include "core/sl-error.h"

#define MAX_PIXELS_SIDE 32767 /* cairo's image surface limit */

/* Where cairo's stream writes go, and the first error they met. */
typedef struct
{
  int fd;
  int error; /* errno, or 0 */
} Sink;

static cairo_status_t
sink_write (void *closure, const unsigned char *data, unsigned int length)
{
  Sink *sink = closure;

  while (length > 0 && sink->error == 0)
    {
      const ssize_t n = write (sink->fd, data, length);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          sink->error = n < 0 ? errno : EIO;
          break;
        }
      data += n;
      length -= (unsigned int) n;
    }
  return sink->error == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static cairo_status_t
string_write (void *closure, const unsigned char *data, unsigned int length)
{
  g_string_append_len (closure, (const char *) data, length);
  return CAIRO_STATUS_SUCCESS;
}

gboolean
sl_export_format_for_path (const char *path, SlExportFormat *format, GError **error)
{
  static const struct
  {
    const char *extension;
    SlExportFormat format;
  } known[] = { { ".png", SL_EXPORT_PNG }, { ".svg", SL_EXPORT_SVG }, { ".pdf", SL_EXPORT_PDF } };
  g_autofree char *base = g_path_get_basename (path);
  const char *dot = strrchr (base, '.');

  for (gsize i = 0; dot && i < G_N_ELEMENTS (known); i++)
    if (g_ascii_strcasecmp (dot, known[i].extension) == 0)
      {
        *format = known[i].format;
        return TRUE;
      }
  g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
               "Cannot export “%s”: the file name must end in .png, .svg or .pdf", path);
  return FALSE;
}

/* Draws into the surface and finishes it; the figure's own errors become GErrors. */
static gboolean
draw_and_finish (cairo_surface_t *surface, double scale, double width_pt, double height_pt,
                 SlDrawFunc draw, gpointer data, GError **error)
{
  cairo_t *cr = cairo_create (surface);
  cairo_status_t status;

  cairo_scale (cr, scale, scale);
  SlCLocale locale;
  sl_c_locale_begin (&locale);
  draw (cr, width_pt, height_pt, data);
  sl_c_locale_end (&locale);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED, "drawing the figure failed: %s",
                   cairo_status_to_string (status));
      return FALSE;
    }
  cairo_surface_flush (surface);
  return TRUE;
}

static gboolean
write_figure (SlExportFormat format, Sink *sink, double width_pt, double height_pt, double dpi,
              SlDrawFunc draw, gpointer data, GError **error)
{
  cairo_surface_t *surface = NULL;
  cairo_status_t status;
  gboolean ok;

  switch (format)
    {
    case SL_EXPORT_PNG:
      {
        const double scale = dpi / 72.0;
        surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                              (int) ceil (width_pt * scale - 1e-6),
                                              (int) ceil (height_pt * scale - 1e-6));
        ok = cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS
             && draw_and_finish (surface, scale, width_pt, height_pt, draw, data, error);
        status = ok ? cairo_surface_write_to_png_stream (surface, sink_write, sink)
                    : cairo_surface_status (surface);
        break;
      }
    case SL_EXPORT_SVG:
      {
        /* The document is built in memory so that the text, kept as <text>, can join it. */
        g_autoptr (GString) svg = g_string_new (NULL);
        g_autoptr (GString) texts = g_string_new (NULL);
        surface = cairo_svg_surface_create_for_stream (string_write, svg, width_pt, height_pt);
        cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PT);
        sl_svg_text_attach (surface, texts);
        ok = draw_and_finish (surface, 1.0, width_pt, height_pt, draw, data, error);
        cairo_surface_finish (surface);
        status = cairo_surface_status (surface);
        if (ok && status == CAIRO_STATUS_SUCCESS)
          {
            sl_svg_text_insert (svg, texts);
            status = sink_write (sink, (const unsigned char *) svg->str, (unsigned int) svg->len);
          }
        break;
      }
    case SL_EXPORT_PDF:
    default:
      surface = cairo_pdf_surface_create_for_stream (sink_write, sink, width_pt, height_pt);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Saliency Lab");
      ok = draw_and_finish (surface, 1.0, width_pt, height_pt, draw, data, error);
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
      break;
    }
  cairo_surface_destroy (surface);

  if (!ok)
    {
      if (error && *error == NULL)
        g_set_error (error, SL_ERROR, SL_ERROR_FAILED, "cannot create the figure: %s",
                     cairo_status_to_string (status));
      return FALSE;
    }
  if (sink->error != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s",
                   g_strerror (sink->error));
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED, "%s",
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/* What sl_export_figure hands sl_atomic_write. */
typedef struct
{
  SlExportFormat format;
  double width_pt;
  double height_pt;
  double dpi;
  SlDrawFunc draw;
  gpointer data;
} Export;

static gboolean
export_write (const char *tmp, gpointer data, GError **error)
{
  const Export *e = data;
  Sink sink = { g_open (tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666), 0 };
  if (sink.fd < 0)
    {
      const int saved_errno = errno;
      g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s", g_strerror (saved_errno));
      return FALSE;
    }
  gboolean ok = write_figure (e->format, &sink, e->width_pt, e->height_pt, e->dpi, e->draw, e->data,
                              error);
  if (close (sink.fd) != 0 && ok)
    {
      const int saved_errno = errno;
      g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s", g_strerror (saved_errno));
      ok = FALSE;
    }
  return ok;
}

gboolean
sl_export_figure (const char *path, double width_pt, double height_pt, double dpi, SlDrawFunc draw,
                  gpointer data, GError **error)
{
  Export e = { 0, width_pt, height_pt, dpi, draw, data };

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (draw != NULL, FALSE);

  if (!sl_export_format_for_path (path, &e.format, error))
    return FALSE;
  if (!(width_pt > 0) || !(height_pt > 0) || !isfinite (width_pt) || !isfinite (height_pt))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "Cannot export “%s”: the figure size %g × %g pt is not positive", path, width_pt,
                   height_pt);
      return FALSE;
    }
  if (e.format == SL_EXPORT_PNG
      && (!(dpi > 0) || !isfinite (dpi) || width_pt * dpi / 72.0 > MAX_PIXELS_SIDE
          || height_pt * dpi / 72.0 > MAX_PIXELS_SIDE))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "Cannot export “%s”: %g dpi gives no image of at most %d pixels a side", path,
                   dpi, MAX_PIXELS_SIDE);
      return FALSE;
    }
  g_autoptr (GError) local = NULL;
  if (sl_atomic_write (path, export_write, &e, &local))
    return TRUE;
  /* sl_atomic_write's own messages already name the file. */
  if (!g_str_has_prefix (local->message, "Cannot write"))
    g_prefix_error (&local, "Cannot write “%s”: ", path);
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}
