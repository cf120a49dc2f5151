#include "render/sl-svg-text.h"

#include "core/sl-text.h"

#include <string.h>

static const cairo_user_data_key_t svg_text_key;

void
sl_svg_text_attach (cairo_surface_t *surface, GString *out)
{
  cairo_surface_set_user_data (surface, &svg_text_key, out, NULL);
}

static guint8
byte (double v)
{
  return (guint8) CLAMP ((int) (v * 255.0 + 0.5), 0, 255);
}

gboolean
sl_svg_text_emit (cairo_t *cr, PangoLayout *layout, SlColor color)
{
  GString *out = cairo_surface_get_user_data (cairo_get_target (cr), &svg_text_key);
  if (!out || pango_layout_is_ellipsized (layout))
    return FALSE;
  const PangoFontDescription *desc = pango_layout_get_font_description (layout);
  const char *family = desc ? pango_font_description_get_family (desc) : NULL;
  const double size = desc ? (double) pango_font_description_get_size (desc) / PANGO_SCALE : 10.0;
  const gboolean bold = desc && pango_font_description_get_weight (desc) >= PANGO_WEIGHT_SEMIBOLD;
  const char *text = pango_layout_get_text (layout);
  double x0, y0;
  cairo_get_current_point (cr, &x0, &y0);
  cairo_matrix_t m;
  cairo_get_matrix (cr, &m);
  g_autofree char *family_attr = g_markup_escape_text (family ? family : "sans-serif", -1);

  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      if (!line || line->length <= 0)
        continue;
      PangoRectangle logical;
      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      const double baseline = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
      /* XML 1.0 allows no control characters, not even as "&#x1b;": names from files may hold them. */
      g_autofree char *line_text = g_strndup (text + line->start_index, (gsize) line->length);
      g_autofree char *printable = sl_text_dup_printable (line_text, G_MAXSIZE);
      g_autofree char *escaped = g_markup_escape_text (printable, -1);
      char num[6][G_ASCII_DTOSTR_BUF_SIZE];
      const double values[6] = { m.xx, m.yx, m.xy, m.yy, m.x0, m.y0 };
      for (int i = 0; i < 6; i++)
        g_ascii_formatd (num[i], sizeof num[i], "%.6g", values[i]);
      char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE], w[G_ASCII_DTOSTR_BUF_SIZE],
          fs[G_ASCII_DTOSTR_BUF_SIZE];
      g_ascii_formatd (x, sizeof x, "%.3f", x0 + (double) logical.x / PANGO_SCALE);
      g_ascii_formatd (y, sizeof y, "%.3f", y0 + baseline);
      g_ascii_formatd (w, sizeof w, "%.3f", (double) logical.width / PANGO_SCALE);
      g_ascii_formatd (fs, sizeof fs, "%.3f", size);
      /* textLength keeps the width Pango laid out, so a viewer's own shaping cannot overrun. */
      g_string_append_printf (out,
                              "<text transform=\"matrix(%s %s %s %s %s %s)\" x=\"%s\" y=\"%s\" "
                              "font-family=\"%s\" font-size=\"%s\"%s fill=\"#%02x%02x%02x\" "
                              "textLength=\"%s\" lengthAdjust=\"spacingAndGlyphs\" "
                              "xml:space=\"preserve\">%s</text>\n",
                              num[0], num[1], num[2], num[3], num[4], num[5], x, y, family_attr, fs,
                              bold ? " font-weight=\"bold\"" : "", byte (color.r), byte (color.g),
                              byte (color.b), w, escaped);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  return TRUE;
}

void
sl_svg_text_insert (GString *svg, const GString *texts)
{
  if (!texts->len)
    return;
  const char *end = g_strrstr (svg->str, "</svg>");
  const gssize at = end ? end - svg->str : (gssize) svg->len;
  g_string_insert_len (svg, at, texts->str, (gssize) texts->len);
}
