/* sl-svg-text.h — real <text> elements in SVG export: cairo 1.16 writes text as glyph outlines. */
#pragma once

#include <pango/pangocairo.h>

#include "render/sl-colormap.h"

G_BEGIN_DECLS

/* Makes text drawn on `surface` (an SVG surface) go to `out` as <text> elements instead. */
void     sl_svg_text_attach (cairo_surface_t *surface,
                             GString         *out);

/* When the target of `cr` collects SVG text: appends `layout`, whose top-left corner is at the
 * current point, as <text> elements in the current transform, and returns TRUE. Otherwise (and for
 * ellipsized layouts, whose visible text Pango does not expose) returns FALSE: draw it as usual. */
gboolean sl_svg_text_emit   (cairo_t     *cr,
                             PangoLayout *layout,
                             SlColor      color);

/* Puts the collected elements into an SVG document just before its closing </svg>. */
void     sl_svg_text_insert (GString       *svg,
                             const GString *texts);

G_END_DECLS
