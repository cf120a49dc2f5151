/* sl-figure-contour.c — marching squares. */
#include "render/sl-figure-contour.h"

#include <math.h>

typedef struct
{
  const float *field;
  int width;
  int height;
} Field;

static double
sample (const Field *f, int i, int j)
{
  if (i < 0 || j < 0 || i >= f->width || j >= f->height)
    return -INFINITY;
  const double v = f->field[(gsize) j * f->width + i];
  return isnan (v) ? -INFINITY : v;
}

/* Where on the edge from a (0) to b (1) the field crosses the level. */
static double
crossing (double a, double b, double level)
{
  if (!isfinite (a))
    return 1;
  if (!isfinite (b))
    return 0;
  return b != a ? CLAMP ((level - a) / (b - a), 0.0, 1.0) : 0.5;
}

static void
edge_point (int edge, int i, int j, const double v[4], double level, double *x, double *y)
{
  /* Corners 0 (i, j), 1 (i+1, j), 2 (i+1, j+1), 3 (i, j+1); edge k joins corner k and k+1. */
  switch (edge)
    {
    case 0:
      *x = i + crossing (v[0], v[1], level);
      *y = j;
      break;
    case 1:
      *x = i + 1;
      *y = j + crossing (v[1], v[2], level);
      break;
    case 2:
      *x = i + 1 - crossing (v[2], v[3], level);
      *y = j + 1;
      break;
    default:
      *x = i;
      *y = j + 1 - crossing (v[3], v[0], level);
      break;
    }
}

gsize
sl_contour_path (cairo_t *cr, const float *field, int width, int height, double level, double x0,
                 double y0, double sx, double sy)
{
  /* Edge pairs per case (bit k set: corner k at or above the level); -1 ends the list. Saddles
   * (5, 10) are resolved below by the cell's mean. */
  static const int segments[16][4] = {
    { -1, -1, -1, -1 }, { 3, 0, -1, -1 }, { 0, 1, -1, -1 }, { 3, 1, -1, -1 },
    { 1, 2, -1, -1 },   { 3, 0, 1, 2 },   { 0, 2, -1, -1 }, { 3, 2, -1, -1 },
    { 2, 3, -1, -1 },   { 2, 0, -1, -1 }, { 0, 1, 2, 3 },   { 2, 1, -1, -1 },
    { 1, 3, -1, -1 },   { 1, 0, -1, -1 }, { 0, 3, -1, -1 }, { -1, -1, -1, -1 },
  };
  const Field f = { field, width, height };
  gsize count = 0;

  for (int j = -1; j < height; j++)
    for (int i = -1; i < width; i++)
      {
        const double v[4] = { sample (&f, i, j), sample (&f, i + 1, j), sample (&f, i + 1, j + 1),
                              sample (&f, i, j + 1) };
        int index = 0;
        for (int k = 0; k < 4; k++)
          index |= (v[k] >= level) << k;
        int edges[4] = { segments[index][0], segments[index][1], segments[index][2],
                         segments[index][3] };
        if (index == 5 || index == 10)
          {
            const double mean = (v[0] + v[1] + v[2] + v[3]) / 4;
            /* A high centre joins the two high corners: cut off the two low ones instead. */
            if (isfinite (mean) && mean >= level)
              {
                static const int joined[2][4] = { { 3, 0, 1, 2 }, { 0, 1, 2, 3 } };
                const int *s = joined[index == 5];
                for (int k = 0; k < 4; k++)
                  edges[k] = s[k];
              }
          }
        for (int s = 0; s < 4 && edges[s] >= 0; s += 2)
          {
            double ax, ay, bx, by;
            edge_point (edges[s], i, j, v, level, &ax, &ay);
            edge_point (edges[s + 1], i, j, v, level, &bx, &by);
            cairo_move_to (cr, x0 + (ax + 0.5) * sx, y0 + (ay + 0.5) * sy);
            cairo_line_to (cr, x0 + (bx + 0.5) * sx, y0 + (by + 0.5) * sy);
            count++;
          }
      }
  return count;
}
