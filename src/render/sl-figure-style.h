/* sl-figure-style.h — the look shared by all figures: matplotlib's default sizes and colours. */
#pragma once

#include "render/sl-colormap.h"

G_BEGIN_DECLS

/* Sizes in points, as matplotlib's rcParams defaults. */
#define SL_STYLE_FONT_FAMILY   "DejaVu Sans, Sans"
#define SL_STYLE_FONT_SIZE     10.0  /* tick labels, axis labels, legends */
#define SL_STYLE_TITLE_SIZE    12.0
#define SL_STYLE_SMALL_SIZE    8.5   /* annotations inside plots */
#define SL_STYLE_AXES_WIDTH    0.8   /* spines and ticks */
#define SL_STYLE_TICK_LENGTH   3.5
#define SL_STYLE_TICK_PAD      3.5
#define SL_STYLE_LABEL_PAD     4.0
#define SL_STYLE_TITLE_PAD     6.0
#define SL_STYLE_LINE_WIDTH    1.5
#define SL_STYLE_GRID_WIDTH    0.6
#define SL_STYLE_EDGE_PAD      8.0   /* around the whole figure */

/* Colours: nearly black ink, a light grid, and matplotlib's tab10 cycle. */
#define SL_STYLE_INK   ((SlColor){ 0.13, 0.13, 0.13 })
#define SL_STYLE_MUTED ((SlColor){ 0.45, 0.45, 0.45 })
#define SL_STYLE_GRID  ((SlColor){ 0.90, 0.90, 0.90 })
#define SL_STYLE_WHITE ((SlColor){ 1.0, 1.0, 1.0 })

static inline SlColor
sl_style_palette (guint i)
{
  static const SlColor tab10[10] = {
    { 0x1f / 255.0, 0x77 / 255.0, 0xb4 / 255.0 }, { 0xff / 255.0, 0x7f / 255.0, 0x0e / 255.0 },
    { 0x2c / 255.0, 0xa0 / 255.0, 0x2c / 255.0 }, { 0xd6 / 255.0, 0x27 / 255.0, 0x28 / 255.0 },
    { 0x94 / 255.0, 0x67 / 255.0, 0xbd / 255.0 }, { 0x8c / 255.0, 0x56 / 255.0, 0x4b / 255.0 },
    { 0xe3 / 255.0, 0x77 / 255.0, 0xc2 / 255.0 }, { 0x7f / 255.0, 0x7f / 255.0, 0x7f / 255.0 },
    { 0xbc / 255.0, 0xbd / 255.0, 0x22 / 255.0 }, { 0x17 / 255.0, 0xbe / 255.0, 0xcf / 255.0 },
  };
  return tab10[i % 10];
}

/* Relative luminance (sRGB weights): picks black or white text over a colour. */
static inline double
sl_color_luminance (SlColor c)
{
  return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
}

G_END_DECLS
