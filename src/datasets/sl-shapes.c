#include "sl-shapes.h"

#include "core/sl-error.h"

#include <math.h>
#include <string.h>

/* Caps: a spec must not be able to ask for gigabytes (labels and marks take 5 bytes a sample). */
#define MAX_SAMPLES     10000000u
#define MIN_SIZE        16u
#define MAX_SIZE        512u
#define MAX_SUPERSAMPLE 16u
#define MAX_GRID        6u  /* cells of the background texture's lattice, at most */
#define MIN_CONTRAST    0.5 /* RGB distance between a shape's colour and its background's */
#define MIN_LIGHTER     0.3 /* how much lighter (luma) a shape is than its background */
#define PLACE_TRIES     64

enum
{
  CIRCLE,
  SQUARE,
  TRIANGLE,
  CROSS
};

static const char *const class_names[] = { "circle", "square", "triangle", "cross", NULL };

/* How far each shape reaches from its centre, in units of its radius: a circle of radius r, a
 * square of half side 0.85 r, an equilateral triangle of circumradius 1.3 r, a cross of arms 2.2 r
 * long and 0.7 r wide — areas between 2.2 and 3.1 r², so size tells little of the class. */
#define SQUARE_HALF    0.85
#define TRIANGLE_OUTER 1.3
#define CROSS_LONG     1.1
#define CROSS_WIDE     0.35
#define MAX_REACH      TRIANGLE_OUTER

static double
reach_of (guint shape)
{
  switch (shape)
    {
    case SQUARE:
      return SQUARE_HALF * G_SQRT2;
    case TRIANGLE:
      return TRIANGLE_OUTER;
    case CROSS:
      return hypot (CROSS_LONG, CROSS_WIDE);
    default:
      return 1.0;
    }
}

/* ---- Random streams: splitmix64, keyed by (seed, split, index, stream) ---- */

/* Independent streams of a sample, so that turning the noise off leaves the geometry alone. */
enum
{
  STREAM_GEOMETRY,
  STREAM_TEXTURE,
  STREAM_FINE,
  STREAM_LABELS,
  STREAM_MARKS
};

typedef struct
{
  guint64 state;
} Rng;

static inline guint64
mix64 (guint64 z)
{
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static void
rng_init (Rng *r, guint32 seed, gboolean train, guint64 index, guint stream)
{
  guint64 h = mix64 (seed + 0x9e3779b97f4a7c15ull);
  h = mix64 (h ^ (train ? 0x5851f42d4c957f2dull : 0x14057b7ef767814full));
  h = mix64 (h + index * 0xd6e8feb86659fd93ull);
  r->state = mix64 (h ^ ((guint64) stream * 0xa0761d6478bd642full));
}

static inline guint64
rng_next (Rng *r)
{
  r->state += 0x9e3779b97f4a7c15ull;
  return mix64 (r->state);
}

/* Uniform in [lo, hi). */
static inline double
rng_range (Rng *r, double lo, double hi)
{
  return lo + (hi - lo) * ((double) (rng_next (r) >> 11) * 0x1.0p-53);
}

/* Uniform in [0, n) for n < 2^32 (the bias of the multiply is below 2^-32 × n). */
static inline guint32
rng_below (Rng *r, guint32 n)
{
  return (guint32) (((rng_next (r) >> 32) * n) >> 32);
}

/* ---- Parameters ---- */

void
sl_shapes_params_init_default (SlShapesParams *params)
{
  *params = (SlShapesParams) {
    .n_train = 4000,
    .n_test = 1000,
    .size = 64,
    .seed = 0,
    .radius_min = 0.125,
    .radius_max = 0.25,
    .noise = 1.0,
    .supersample = 4,
    .shortcut = FALSE,
    .shortcut_rate = 1.0,
    .test_mark = SL_SHAPES_TEST_MARK_SWAP,
    .mark_size = 0,
  };
}

static guint
mark_side (const SlShapesParams *p)
{
  return p->mark_size ? p->mark_size : MAX (2u, (p->size * 3 + 16) / 32);
}

/* Gap between a mark and the image's edges. */
static guint
mark_margin (const SlShapesParams *p)
{
  return mark_side (p) / 3;
}

/* The corner square [0, keep_out]² (mirrored at each corner) holds the mark and a pixel around
 * it; no shape reaches into it, with or without the shortcut. */
static double
keep_out (const SlShapesParams *p)
{
  return mark_side (p) + mark_margin (p) + 1.0;
}

gboolean
sl_shapes_params_check (const SlShapesParams *p, GError **error)
{
  const char *bad = NULL;
  const double half = p->size / 2.0;
  if (p->n_train < 1 || p->n_train > MAX_SAMPLES || p->n_test < 1 || p->n_test > MAX_SAMPLES)
    bad = "n_train and n_test must be between 1 and 10,000,000";
  else if (p->size < MIN_SIZE || p->size > MAX_SIZE)
    bad = "size must be between 16 and 512";
  else if (!(p->radius_min > 0 && p->radius_min <= p->radius_max && p->radius_max <= 0.5))
    bad = "radius_min and radius_max must satisfy 0 < radius_min ≤ radius_max ≤ 0.5";
  else if (!(p->noise >= 0 && p->noise <= 1))
    bad = "noise must be between 0 and 1";
  else if (p->supersample < 1 || p->supersample > MAX_SUPERSAMPLE)
    bad = "supersample must be between 1 and 16";
  else if (!(p->shortcut_rate >= 0 && p->shortcut_rate <= 1))
    bad = "shortcut_rate must be between 0 and 1";
  else if ((guint) p->test_mark > SL_SHAPES_TEST_MARK_AGREE)
    bad = "test_mark must be swap, none or agree";
  else if (mark_side (p) < 1 || mark_side (p) > p->size / 4)
    bad = "mark_size must be at most a quarter of size";
  if (bad)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "shapes parameters: %s", bad);
      return FALSE;
    }
  /* The largest shape must fit in the middle, clear of the borders and the four mark areas. */
  const double reach = MAX_REACH * p->radius_max * p->size;
  if (reach + 1 > half || G_SQRT2 * (half - keep_out (p)) <= reach)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "shapes parameters: a shape of radius_max %g (up to %.1f px from its centre) "
                   "does not fit in %u × %u pixels clear of the %u px corner marks; lower "
                   "radius_max or mark_size",
                   p->radius_max, reach, p->size, p->size, mark_side (p));
      return FALSE;
    }
  return TRUE;
}

/* ---- One sample ---- */

typedef struct
{
  guint shape;
  double cx, cy;     /* centre, in pixels (pixel x covers [x, x + 1)) */
  double radius;     /* in pixels */
  double cos_a, sin_a;
  double background[3], colour[3];
  double texture;    /* amplitude of the smooth colour noise */
  double fine;       /* amplitude of the per-pixel noise */
  guint grid;        /* lattice cells of the texture per side */
} Geometry;

/* Distance from (x, y) to the nearest corner's keep-out square. */
static double
corner_distance (double x, double y, double size, double box)
{
  const double dx = MAX (0.0, MIN (x, size - x) - box);
  const double dy = MAX (0.0, MIN (y, size - y) - box);
  return hypot (dx, dy);
}

static void
draw_geometry (const SlShapesParams *p, gboolean train, gsize index, guint shape, Geometry *g)
{
  static const double luma[3] = { 0.299, 0.587, 0.114 };
  Rng r;
  rng_init (&r, p->seed, train, index, STREAM_GEOMETRY);
  const double size = p->size;
  g->shape = shape;
  g->radius = rng_range (&r, p->radius_min, p->radius_max) * size;
  const double angle = rng_range (&r, 0, 2 * G_PI);
  g->cos_a = cos (angle);
  g->sin_a = sin (angle);

  const double reach = reach_of (shape) * g->radius;
  const double lo = reach + 1, hi = size - 1 - reach;
  g->cx = g->cy = size / 2; /* always fits (sl_shapes_params_check) */
  for (guint t = 0; t < PLACE_TRIES; t++)
    {
      const double x = rng_range (&r, lo, hi), y = rng_range (&r, lo, hi);
      if (corner_distance (x, y, size, keep_out (p)) > reach)
        {
          g->cx = x;
          g->cy = y;
          break;
        }
    }

  /* A darker background and a lighter shape of any hue: one polarity of edges, which a small CNN
   * learns much sooner than either. */
  for (guint c = 0; c < 3; c++)
    g->background[c] = rng_range (&r, 0.05, 0.45);
  gboolean found = FALSE;
  for (guint t = 0; t < PLACE_TRIES && !found; t++)
    {
      double d2 = 0, lighter = 0;
      for (guint c = 0; c < 3; c++)
        {
          g->colour[c] = rng_range (&r, 0, 1);
          d2 += (g->colour[c] - g->background[c]) * (g->colour[c] - g->background[c]);
          lighter += luma[c] * (g->colour[c] - g->background[c]);
        }
      found = d2 >= MIN_CONTRAST * MIN_CONTRAST && lighter >= MIN_LIGHTER;
    }
  if (!found)
    for (guint c = 0; c < 3; c++) /* half a unit lighter in every channel: distance 0.87 */
      g->colour[c] = g->background[c] + 0.5;

  g->texture = p->noise * rng_range (&r, 0.05, 0.15);
  g->fine = p->noise * rng_range (&r, 0.01, 0.05);
  g->grid = 2 + rng_below (&r, MAX_GRID - 1);
}

/* How far (u), relative to the centre in the shape's own axes, lies outside the shape (< 0:
 * inside), or a bound of it that has the same sign and is no larger in size: the largest
 * half-plane excess for the polygons. */
static inline double
outside_by (guint shape, double r, double u, double v)
{
  switch (shape)
    {
    case CIRCLE:
      return sqrt (u * u + v * v) - r;
    case SQUARE:
      return MAX (fabs (u), fabs (v)) - SQUARE_HALF * r;
    case TRIANGLE:
      {
        /* Vertices at -90°, 30° and 150°; each edge lies at the inradius (half the circumradius)
         * opposite a vertex. */
        const double c30 = 0.8660254037844386; /* cos 30° */
        const double e = MAX (v, MAX (-c30 * u - 0.5 * v, c30 * u - 0.5 * v));
        return e - TRIANGLE_OUTER * r / 2;
      }
    default:
      {
        const double au = fabs (u), av = fabs (v), l = CROSS_LONG * r, w = CROSS_WIDE * r;
        return MIN (MAX (au - w, av - l), MAX (au - l, av - w));
      }
    }
}

/* The shape's coverage of each pixel (size × size, row-major): the share of k × k points inside.
 * Points lie within √½ px of their pixel's centre, so a pixel whose centre is farther than that
 * from the outline is wholly inside or outside, and only the others are sampled. */
static void
rasterise (const Geometry *g, guint size, guint k, float *mask)
{
  memset (mask, 0, (gsize) size * size * sizeof (float));
  const double reach = reach_of (g->shape) * g->radius, r = g->radius, sure = 0.75;
  const int last = (int) size - 1;
  const int x0 = MAX (0, (int) floor (g->cx - reach)), x1 = MIN (last, (int) ceil (g->cx + reach));
  const int y0 = MAX (0, (int) floor (g->cy - reach)), y1 = MIN (last, (int) ceil (g->cy + reach));
  const float per_point = 1.0f / (float) (k * k);
  for (int y = y0; y <= y1; y++)
    for (int x = x0; x <= x1; x++)
      {
        const double px = x + 0.5 - g->cx, py = y + 0.5 - g->cy;
        const double d = outside_by (g->shape, r, px * g->cos_a + py * g->sin_a,
                                     -px * g->sin_a + py * g->cos_a);
        float *m = mask + (gsize) y * size + x;
        if (d > sure)
          continue;
        if (d < -sure)
          {
            *m = 1.0f;
            continue;
          }
        guint count = 0;
        for (guint sy = 0; sy < k; sy++)
          {
            const double qy = y + (sy + 0.5) / k - g->cy;
            for (guint sx = 0; sx < k; sx++)
              {
                const double qx = x + (sx + 0.5) / k - g->cx;
                count += outside_by (g->shape, r, qx * g->cos_a + qy * g->sin_a,
                                     -qx * g->sin_a + qy * g->cos_a)
                         <= 0;
              }
          }
        *m = (float) count * per_point;
      }
}

static inline double
smoothstep (double t)
{
  return t * t * (3 - 2 * t);
}

/* Background texture + shape, fine noise over both, clamped to [0, 1]: size × size × 3. */
static void
paint (const Geometry *g, const SlShapesParams *p, gboolean train, gsize index, const float *mask,
       float *out)
{
  const guint size = p->size, n = g->grid;
  Rng r;
  rng_init (&r, p->seed, train, index, STREAM_TEXTURE);
  double lattice[(MAX_GRID + 1) * (MAX_GRID + 1) * 3];
  for (guint i = 0; i < (n + 1) * (n + 1) * 3; i++)
    lattice[i] = rng_range (&r, -g->texture, g->texture);
  /* Where each row/column falls in the lattice: its cell and the smoothed weight of the next. */
  guint cell[MAX_SIZE];
  double weight[MAX_SIZE];
  for (guint i = 0; i < size; i++)
    {
      const double f = (i + 0.5) / size * n;
      cell[i] = MIN ((guint) f, n - 1);
      weight[i] = smoothstep (f - cell[i]);
    }
  Rng fine;
  rng_init (&fine, p->seed, train, index, STREAM_FINE);
  for (guint y = 0; y < size; y++)
    {
      const double *row0 = lattice + cell[y] * (n + 1) * 3, *row1 = row0 + (n + 1) * 3;
      const double wy = weight[y];
      for (guint x = 0; x < size; x++)
        {
          const double wx = weight[x], m = mask[(gsize) y * size + x];
          const guint c0 = cell[x] * 3;
          float *px = out + ((gsize) y * size + x) * 3;
          /* One draw, 21 bits a channel, for the fine noise of the three. */
          const guint64 bits = rng_next (&fine);
          for (guint c = 0; c < 3; c++)
            {
              const double top = row0[c0 + c] + wx * (row0[c0 + 3 + c] - row0[c0 + c]);
              const double bottom = row1[c0 + c] + wx * (row1[c0 + 3 + c] - row1[c0 + c]);
              const double bg = g->background[c] + top + wy * (bottom - top);
              const double u = (double) ((bits >> (21 * c)) & 0x1fffff) * 0x1.0p-21;
              const double v = bg * (1 - m) + g->colour[c] * m + g->fine * (2 * u - 1);
              px[c] = (float) CLAMP (v, 0.0, 1.0);
            }
        }
    }
}

/* Where the mark of class `mark` lies: its top-left pixel and its side. */
static void
mark_area (const SlShapesParams *p, int mark, guint *x0, guint *y0, guint *side)
{
  *side = mark_side (p);
  const guint far = p->size - mark_margin (p) - *side;
  *x0 = (mark & 1) ? far : mark_margin (p);
  *y0 = (mark & 2) ? far : mark_margin (p);
}

/* ---- The dataset ---- */

typedef struct
{
  SlShapesParams params;
  gboolean train;
  gint8 *marks; /* the class of each sample's mark, -1 for none; NULL without the shortcut */
} ShapesDataset;

static gboolean
shapes_get_sample (SlDataset *dataset, gsize index, float *out, GError **error)
{
  const ShapesDataset *priv = dataset->priv;
  const SlShapesParams *p = &priv->params;
  Geometry g;
  draw_geometry (p, priv->train, index, (guint) dataset->labels[index], &g);
  g_autofree float *mask = g_new (float, (gsize) p->size * p->size);
  rasterise (&g, p->size, p->supersample, mask);
  paint (&g, p, priv->train, index, mask, out);
  if (priv->marks && priv->marks[index] >= 0)
    {
      guint x0, y0, side;
      mark_area (p, priv->marks[index], &x0, &y0, &side);
      for (guint y = y0; y < y0 + side; y++)
        for (guint i = 0; i < side * 3; i++)
          out[((gsize) y * p->size + x0) * 3 + i] = 1.0f;
    }
  return TRUE;
}

static gboolean
shapes_get_region (SlDataset *dataset, gsize index, guint region, float *out, GError **error)
{
  const ShapesDataset *priv = dataset->priv;
  const SlShapesParams *p = &priv->params;
  if (region == 0)
    {
      Geometry g;
      draw_geometry (p, priv->train, index, (guint) dataset->labels[index], &g);
      rasterise (&g, p->size, p->supersample, out);
      return TRUE;
    }
  memset (out, 0, (gsize) p->size * p->size * sizeof (float));
  if (priv->marks[index] >= 0)
    {
      guint x0, y0, side;
      mark_area (p, priv->marks[index], &x0, &y0, &side);
      for (guint y = y0; y < y0 + side; y++)
        for (guint x = x0; x < x0 + side; x++)
          out[(gsize) y * p->size + x] = 1.0f;
    }
  return TRUE;
}

static void
shapes_finalize (SlDataset *dataset)
{
  ShapesDataset *priv = dataset->priv;
  if (!priv)
    return;
  g_free (priv->marks);
  g_free (priv);
  dataset->priv = NULL;
}

static const SlDatasetClass shapes_class = {
  .kind = "shapes",
  .get_sample = shapes_get_sample,
  .finalize = shapes_finalize,
  .get_region = shapes_get_region,
};

/* Balanced labels (0 1 2 3 0 1 …), shuffled by Fisher–Yates. */
static gint *
draw_labels (const SlShapesParams *p, gboolean train, gsize n)
{
  gint *labels = g_new (gint, n);
  for (gsize i = 0; i < n; i++)
    labels[i] = (gint) (i % SL_SHAPES_N_CLASSES);
  Rng r;
  rng_init (&r, p->seed, train, 0, STREAM_LABELS);
  for (gsize i = n - 1; i >= 1; i--)
    {
      const gsize j = rng_below (&r, (guint32) i + 1);
      const gint t = labels[i];
      labels[i] = labels[j];
      labels[j] = t;
    }
  return labels;
}

static gint8 *
draw_marks (const SlShapesParams *p, gboolean train, const gint *labels, gsize n)
{
  gint8 *marks = g_new (gint8, n);
  Rng r;
  rng_init (&r, p->seed, train, 0, STREAM_MARKS);
  const SlShapesTestMark rule = train ? SL_SHAPES_TEST_MARK_AGREE : p->test_mark;
  /* Exactly round(rate × n) agreeing marks, chosen by selection sampling (Knuth's algorithm S). */
  gsize wanted = (gsize) llround (p->shortcut_rate * (double) n);
  for (gsize i = 0; i < n; i++)
    switch (rule)
      {
      case SL_SHAPES_TEST_MARK_AGREE:
        if (rng_range (&r, 0, (double) (n - i)) < (double) wanted)
          {
            marks[i] = (gint8) labels[i];
            wanted--;
          }
        else
          marks[i] = -1;
        break;
      case SL_SHAPES_TEST_MARK_SWAP:
        marks[i] = (gint8) ((labels[i] + 1 + (gint) rng_below (&r, SL_SHAPES_N_CLASSES - 1))
                            % SL_SHAPES_N_CLASSES);
        break;
      default:
        marks[i] = -1;
      }
  return marks;
}

SlDataset *
sl_shapes_dataset_new (const SlShapesParams *params, gboolean train, GError **error)
{
  SlShapesParams defaults;
  if (!params)
    {
      sl_shapes_params_init_default (&defaults);
      params = &defaults;
    }
  if (!sl_shapes_params_check (params, error))
    return NULL;
  const char *name = params->shortcut ? (train ? "Shapes with a shortcut (train)"
                                               : "Shapes with a shortcut (test)")
                                      : (train ? "Shapes (train)" : "Shapes (test)");
  g_autoptr (SlDataset) self = sl_dataset_new_base (&shapes_class, name);
  const gsize n = train ? params->n_train : params->n_test;
  self->n_samples = n;
  self->rank = 3;
  self->shape[0] = self->shape[1] = params->size;
  self->shape[2] = 3;
  self->n_classes = SL_SHAPES_N_CLASSES;
  self->class_names = g_strdupv ((char **) class_names);
  self->labels = draw_labels (params, train, n);
  self->n_regions = params->shortcut ? 2 : 1;
  self->region_names = g_new0 (char *, 3);
  self->region_names[0] = g_strdup ("object");
  if (params->shortcut)
    self->region_names[1] = g_strdup ("mark");

  ShapesDataset *priv = g_new0 (ShapesDataset, 1);
  priv->params = *params;
  priv->train = train;
  if (params->shortcut)
    priv->marks = draw_marks (params, train, self->labels, n);
  self->priv = priv;
  return g_steal_pointer (&self);
}

const SlShapesParams *
sl_shapes_dataset_get_params (const SlDataset *dataset)
{
  if (!dataset || dataset->klass != &shapes_class || !dataset->priv)
    return NULL;
  return &((const ShapesDataset *) dataset->priv)->params;
}

int
sl_shapes_dataset_get_mark (const SlDataset *dataset, gsize index)
{
  if (!sl_shapes_dataset_get_params (dataset) || index >= dataset->n_samples)
    return -1;
  const ShapesDataset *priv = dataset->priv;
  return priv->marks ? priv->marks[index] : -1;
}

/* ---- "key=value,…" ---- */

typedef enum
{
  KIND_UINT,
  KIND_SEED,
  KIND_DOUBLE,
  KIND_BOOL,
  KIND_TEST_MARK
} FieldKind;

/* Stores `text` as a value of `kind` at `field`; FALSE when it is not one. */
static gboolean
store_value (FieldKind kind, const char *text, void *field)
{
  guint64 u = 0;
  char *end = NULL;
  static const char *const marks[] = { "swap", "none", "agree" };
  switch (kind)
    {
    case KIND_UINT:
    case KIND_SEED:
      if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &u, NULL))
        return FALSE;
      if (kind == KIND_SEED)
        *(guint32 *) field = (guint32) u;
      else
        *(guint *) field = (guint) u;
      return TRUE;
    case KIND_DOUBLE:
      {
        const double d = g_ascii_strtod (text, &end);
        if (!*text || !end || *end || !isfinite (d))
          return FALSE;
        *(double *) field = d;
        return TRUE;
      }
    case KIND_BOOL:
      if (!strcmp (text, "true") || !strcmp (text, "1"))
        *(gboolean *) field = TRUE;
      else if (!strcmp (text, "false") || !strcmp (text, "0"))
        *(gboolean *) field = FALSE;
      else
        return FALSE;
      return TRUE;
    default:
      for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
        if (!strcmp (text, marks[i]))
          {
            *(SlShapesTestMark *) field = (SlShapesTestMark) i;
            return TRUE;
          }
      return FALSE;
    }
}

gboolean
sl_shapes_params_parse (SlShapesParams *params, const char *assignments, GError **error)
{
  const struct
  {
    const char *key;
    FieldKind kind;
    void *field;
  } fields[] = {
    { "n_train", KIND_UINT, &params->n_train },
    { "n_test", KIND_UINT, &params->n_test },
    { "size", KIND_UINT, &params->size },
    { "seed", KIND_SEED, &params->seed },
    { "radius_min", KIND_DOUBLE, &params->radius_min },
    { "radius_max", KIND_DOUBLE, &params->radius_max },
    { "noise", KIND_DOUBLE, &params->noise },
    { "supersample", KIND_UINT, &params->supersample },
    { "shortcut", KIND_BOOL, &params->shortcut },
    { "shortcut_rate", KIND_DOUBLE, &params->shortcut_rate },
    { "test_mark", KIND_TEST_MARK, &params->test_mark },
    { "mark_size", KIND_UINT, &params->mark_size },
  };
  g_auto (GStrv) items = g_strsplit (assignments ? assignments : "", ",", -1);
  for (guint i = 0; items[i]; i++)
    {
      g_auto (GStrv) kv = g_strsplit (items[i], "=", 2);
      if (!kv[0]) /* g_strsplit gives no piece for an empty item: "a=1,,b=2", a trailing comma */
        continue;
      const char *key = g_strstrip (kv[0]);
      if (!*key && !kv[1])
        continue; /* blanks only */
      if (!kv[1])
        {
          g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                       "shapes parameter '%s' needs a value (key=value)", key);
          return FALSE;
        }
      const char *value = g_strstrip (kv[1]);
      gsize f = 0;
      while (f < G_N_ELEMENTS (fields) && strcmp (key, fields[f].key))
        f++;
      if (f == G_N_ELEMENTS (fields))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                       "unknown shapes parameter '%s' (known: n_train, n_test, size, seed, "
                       "radius_min, radius_max, noise, supersample, shortcut, shortcut_rate, "
                       "test_mark, mark_size)",
                       key);
          return FALSE;
        }
      if (!store_value (fields[f].kind, value, fields[f].field))
        {
          const gboolean mark = fields[f].kind == KIND_TEST_MARK;
          g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "shapes parameter %s: bad value '%s'%s",
                       key, value, mark ? " (swap, none or agree)" : "");
          return FALSE;
        }
    }
  return sl_shapes_params_check (params, error);
}
