/* sl-figure-page.c — the page of a whole figure: background, margins and figure title. */
#include "render/sl-figure-style.h"
#include "render/sl-render-private.h"

SlRect
sl_figure_page_area (double width, double height)
{
  const SlRect page = { 0, 0, width, height };
  return sl_rect_inset (page, SL_STYLE_EDGE_PAD, SL_STYLE_EDGE_PAD, SL_STYLE_EDGE_PAD,
                        SL_STYLE_EDGE_PAD);
}

SlRect
sl_figure_begin (SlCanvas *canvas, double width, double height, const char *title)
{
  const SlRect page = { 0, 0, width, height };
  const SlFont font = { SL_STYLE_TITLE_SIZE + 1, TRUE };
  SlRect area = sl_figure_page_area (width, height);
  double w, h;

  sl_canvas_clear (canvas, &page);
  if (title == NULL || title[0] == '\0')
    return area;

  sl_canvas_text_size (canvas, title, font, &w, &h);
  SlTextPlace place = { width / 2, area.y, 0.5, 0, 0, area.width };
  sl_canvas_text (canvas, title, font, SL_STYLE_INK, &place);
  return sl_rect_inset (area, 0, h + 2 * SL_STYLE_TITLE_PAD, 0, 0);
}
