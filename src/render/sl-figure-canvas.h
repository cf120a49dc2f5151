/* sl-figure-canvas.h — a cairo context plus a Pango set-up that lays text out alike everywhere. */
#pragma once

#include <pango/pangocairo.h>

#include "render/sl-colormap.h"
#include "render/sl-figure-types.h"

G_BEGIN_DECLS

typedef struct
{
  cairo_t *cr;
  PangoContext *pango;
  double font_scale; /* multiplies every font size; 1 by default, less in dense grids */
} SlCanvas;

typedef struct
{
  double size; /* points, before font_scale */
  gboolean bold;
} SlFont;

/* Text placement: (x, y) is the anchor; ax, ay in [0, 1] say which point of the text's box sits on
 * it (0 = left/top, 0.5 = centre, 1 = right/bottom); the text turns by `angle` radians about it
 * (−π/2 reads bottom to top). max_width > 0 ellipsizes longer text. */
typedef struct
{
  double x;
  double y;
  double ax;
  double ay;
  double angle;
  double max_width;
} SlTextPlace;

/* Text sizes are in user units: the Pango resolution is 72 per unit-inch, so a 10 pt font is 10
 * units tall whatever the surface. Hinting and glyph rounding are off so that a PNG, an SVG and a
 * PDF lay out the same text identically. */
SlCanvas    *sl_canvas_new          (cairo_t *cr);
void         sl_canvas_free         (SlCanvas *canvas);

PangoLayout *sl_canvas_layout       (SlCanvas   *canvas,
                                     const char *text,
                                     SlFont      font);

/* Logical size of `text` (NULL or "" is 0 × 0). */
void         sl_canvas_text_size    (SlCanvas   *canvas,
                                     const char *text,
                                     SlFont      font,
                                     double     *width,
                                     double     *height);

void         sl_canvas_text         (SlCanvas         *canvas,
                                     const char       *text,
                                     SlFont            font,
                                     SlColor           color,
                                     const SlTextPlace *place);

/* `font`, made up to 25 % smaller if that lets `text` fit in max_width (longer text is then
 * ellipsized by sl_canvas_text). */
SlFont       sl_canvas_fit_font     (SlCanvas   *canvas,
                                     const char *text,
                                     SlFont      font,
                                     double      max_width);

void         sl_canvas_set_color    (SlCanvas *canvas,
                                     SlColor   color,
                                     double    alpha);

/* Paints `rect` white: the figures' background. */
void         sl_canvas_clear        (SlCanvas     *canvas,
                                     const SlRect *rect);

/* Calls draw for a figure of (width_px / scale) × (height_px / scale) user units, scaled by
 * `scale` device pixels per unit (dpi / 72 for points): how a window or a PNG shows a figure laid
 * out in points. */
void         sl_figure_draw_scaled  (cairo_t   *cr,
                                     double     width_px,
                                     double     height_px,
                                     double     scale,
                                     SlDrawFunc draw,
                                     gpointer   data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlCanvas, sl_canvas_free)

#define SL_FONT_NORMAL ((SlFont){ 10.0, FALSE })
#define SL_FONT_TITLE  ((SlFont){ 12.0, FALSE })

G_END_DECLS
