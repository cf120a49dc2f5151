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

/* Calls `emit` with each segment of the iso-line, in cell units: (ax, ay) – (bx, by), sample
 * (i, j) at (i, j). */
typedef void (*SegmentFunc) (double ax, double ay, double bx, double by, gpointer data);

static gsize
contour_segments (const float *field, int width, int height, double level, SegmentFunc emit,
                  gpointer data)
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
            emit (ax, ay, bx, by, data);
            count++;
          }
      }
  return count;
}

/* Where segments go: cr's path, at the caller's origin and scale. */
typedef struct
{
  cairo_t *cr;
  double x0;
  double y0;
  double sx;
  double sy;
} Target;

static void
emit_to_path (double ax, double ay, double bx, double by, gpointer data)
{
  const Target *t = data;
  cairo_move_to (t->cr, t->x0 + (ax + 0.5) * t->sx, t->y0 + (ay + 0.5) * t->sy);
  cairo_line_to (t->cr, t->x0 + (bx + 0.5) * t->sx, t->y0 + (by + 0.5) * t->sy);
}

gsize
sl_contour_path (cairo_t *cr, const float *field, int width, int height, double level, double x0,
                 double y0, double sx, double sy)
{
  Target t = { cr, x0, y0, sx, sy };
  return contour_segments (field, width, height, level, emit_to_path, &t);
}

static void
emit_to_array (double ax, double ay, double bx, double by, gpointer data)
{
  const double seg[4] = { ax, ay, bx, by };
  g_array_append_vals (data, seg, 4);
}

/* Neighbouring cells compute a shared crossing on the same edge from either side: equal up to
 * rounding, hence the quantised key. */
static gint64
point_key (double x, double y)
{
  return (gint64) llround ((x + 2) * 4096) << 32 | (gint64) llround ((y + 2) * 4096);
}

typedef struct
{
  const double *seg; /* 4 per segment */
  gboolean *used;
  GHashTable *ends;  /* point key → GSList of segment indices touching it */
} Chains;

/* An unused segment with an end at (x, y): its index, and in (*nx, *ny) its other end. */
static gboolean
next_segment (Chains *c, double x, double y, double *nx, double *ny)
{
  for (GSList *l = g_hash_table_lookup (c->ends, &(gint64){ point_key (x, y) }); l; l = l->next)
    {
      const guint s = GPOINTER_TO_UINT (l->data);
      if (c->used[s])
        continue;
      c->used[s] = TRUE;
      const double *p = c->seg + 4 * s;
      const gboolean at_a = point_key (p[0], p[1]) == point_key (x, y);
      *nx = at_a ? p[2] : p[0];
      *ny = at_a ? p[3] : p[1];
      return TRUE;
    }
  return FALSE;
}

static void
add_end (GHashTable *ends, double x, double y, guint s)
{
  gint64 *key = g_new (gint64, 1);
  *key = point_key (x, y);
  /* Stolen, not replaced: replacing would free the list the new head points into. */
  gpointer old_key = NULL, list = NULL;
  if (g_hash_table_steal_extended (ends, key, &old_key, &list))
    g_free (old_key);
  g_hash_table_insert (ends, key, g_slist_prepend (list, GUINT_TO_POINTER (s)));
}

gsize
sl_contour_path_joined (cairo_t *cr, const float *field, int width, int height, double level,
                        double x0, double y0, double sx, double sy)
{
  g_autoptr (GArray) segs = g_array_new (FALSE, FALSE, sizeof (double));
  const gsize n = contour_segments (field, width, height, level, emit_to_array, segs);
  g_autoptr (GHashTable) ends = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       (GDestroyNotify) g_slist_free);
  g_autofree gboolean *used = g_new0 (gboolean, MAX (n, 1));
  Chains c = { (const double *) segs->data, used, ends };
  for (guint s = 0; s < n; s++)
    {
      add_end (ends, c.seg[4 * s], c.seg[4 * s + 1], s);
      add_end (ends, c.seg[4 * s + 2], c.seg[4 * s + 3], s);
    }
  g_autoptr (GArray) line = g_array_new (FALSE, FALSE, sizeof (double));
  gsize lines = 0;
  for (guint s = 0; s < n; s++)
    {
      if (used[s])
        continue;
      used[s] = TRUE;
      /* Walk forward from the segment's second end, then backward from its first. */
      g_array_set_size (line, 0);
      g_array_append_vals (line, c.seg + 4 * s, 4);
      double x = c.seg[4 * s + 2], y = c.seg[4 * s + 3], nx, ny;
      while (next_segment (&c, x, y, &nx, &ny))
        {
          const double p[2] = { nx, ny };
          g_array_append_vals (line, p, 2);
          x = nx, y = ny;
        }
      x = c.seg[4 * s], y = c.seg[4 * s + 1];
      while (next_segment (&c, x, y, &nx, &ny))
        {
          const double p[2] = { nx, ny };
          g_array_prepend_vals (line, p, 2);
          x = nx, y = ny;
        }
      const double *p = (const double *) line->data;
      const guint points = line->len / 2;
      cairo_move_to (cr, x0 + (p[0] + 0.5) * sx, y0 + (p[1] + 0.5) * sy);
      for (guint k = 1; k < points; k++)
        cairo_line_to (cr, x0 + (p[2 * k] + 0.5) * sx, y0 + (p[2 * k + 1] + 0.5) * sy);
      if (points > 2
          && point_key (p[0], p[1]) == point_key (p[2 * (points - 1)], p[2 * points - 1]))
        cairo_close_path (cr);
      lines++;
    }
  return lines;
}
