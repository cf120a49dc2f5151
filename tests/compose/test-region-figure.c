/* test-region-figure.c — ground truth in the figures: a sample view carries its dataset's regions;
 * the explanation figure draws a hatched band over a signal's region and dashed outlines over an
 * image's, and leaves them out when the style says so (pixels differ where the band and the outline
 * are, and only there); the comparison grid draws them too; high contrast and presentation text
 * keep them; the CLI draws them unless --no-region. The PNGs are written to the build folder to be
 * looked at. */
#include "sl-test-util.h"

#include "compose/sl-comparison-figure.h"
#include "compose/sl-explanation-figure.h"
#include "core/sl-error.h"

#include <math.h>
#include <string.h>

/* ---- A dataset with regions ---- */

#define SIGNAL_LEN 40
#define DIGIT_FIRST 12
#define DIGIT_LAST 19
#define IMAGE_SIDE 24
#define OBJECT_FIRST 6 /* the object: rows and columns 6 … 17 */
#define OBJECT_LAST 17
#define MARK_SIDE 4 /* the mark: the top left 4 × 4 corner, in sample 0 only */

typedef struct
{
  gboolean image;
} RegionData;

static gboolean
region_get_sample (SlDataset *self, gsize index, float *out, GError **error)
{
  const RegionData *d = self->priv;
  const gsize n = sl_dataset_sample_size (self);
  for (gsize i = 0; i < n; i++)
    out[i] = d->image ? (float)((i / 3 + index) % 7) / 7.0f : (float)sin (0.3 * (double)i);
  return TRUE;
}

static gboolean
region_get_region (SlDataset *self, gsize index, guint region, float *out, GError **error)
{
  const RegionData *d = self->priv;
  if (!d->image)
    {
      for (gsize i = 0; i < SIGNAL_LEN; i++)
        out[i] = i >= DIGIT_FIRST && i <= DIGIT_LAST ? (i == DIGIT_FIRST ? 0.5f : 1.0f) : 0.0f;
      return TRUE;
    }
  for (gsize r = 0; r < IMAGE_SIDE; r++)
    for (gsize c = 0; c < IMAGE_SIDE; c++)
      {
        const gboolean object
            = r >= OBJECT_FIRST && r <= OBJECT_LAST && c >= OBJECT_FIRST && c <= OBJECT_LAST;
        const gboolean mark = index == 0 && r < MARK_SIDE && c < MARK_SIDE;
        out[r * IMAGE_SIDE + c] = (region == 0 ? object : mark) ? 1.0f : 0.0f;
      }
  return TRUE;
}

static void
region_finalize (SlDataset *self)
{
  g_free (self->priv);
}

static const SlDatasetClass region_class
    = { "test-regions", region_get_sample, region_finalize, region_get_region };

static SlDataset *
region_dataset_new (gboolean image)
{
  SlDataset *ds = sl_dataset_new_base (&region_class, image ? "shapes (test)" : "signals (test)");
  RegionData *d = g_new0 (RegionData, 1);
  d->image = image;
  ds->priv = d;
  ds->n_samples = 2;
  ds->rank = image ? 3 : 2;
  if (image)
    memcpy (ds->shape, (gsize[]){ IMAGE_SIDE, IMAGE_SIDE, 3 }, sizeof (gsize[3]));
  else
    memcpy (ds->shape, (gsize[]){ SIGNAL_LEN, 1 }, sizeof (gsize[2]));
  ds->n_classes = 2;
  ds->class_names = g_strsplit ("circle,square", ",", -1);
  ds->labels = g_new0 (gint, 2);
  ds->labels[1] = 1;
  const char *names = image ? "object,mark" : "digit";
  ds->region_names = g_strsplit (names, ",", -1);
  ds->n_regions = g_strv_length (ds->region_names);
  return ds;
}

/* A small CNN for the dataset's input (zero weights: the prediction is even, which is enough). */
static SlModel *
model_new (gboolean image)
{
  const char *json
      = image
            ? "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"t\", \"layers\": ["
              "{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 24, 24, "
              "3], \"name\": \"input\"}},"
              "{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"c\", \"filters\": 2, "
              "\"kernel_size\": [3, 3], \"padding\": \"same\", \"activation\": \"relu\"}},"
              "{\"class_name\": \"Flatten\", \"config\": {\"name\": \"f\"}},"
              "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 2, "
              "\"activation\": \"softmax\"}}]}}"
            : "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"t\", \"layers\": ["
              "{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 40, 1], "
              "\"name\": \"input\"}},"
              "{\"class_name\": \"Conv1D\", \"config\": {\"name\": \"c\", \"filters\": 2, "
              "\"kernel_size\": 3, \"padding\": \"same\", \"activation\": \"relu\"}},"
              "{\"class_name\": \"Flatten\", \"config\": {\"name\": \"f\"}},"
              "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 2, "
              "\"activation\": \"softmax\"}}]}}";
  g_autoptr (GError) error = NULL;
  SlModel *model = sl_model_new_from_json (json, "test", &error);
  g_assert_no_error (error);
  return model;
}

/* A smooth map peaking away from the regions, as an explanation would give. */
static SlExplanation *
explanation_new (const SlSampleView *view)
{
  SlExplanation *e = g_new0 (SlExplanation, 1);
  e->method = g_strdup ("gradcam");
  e->layer = -1;
  e->input_shape.rank = view->is_image ? 2 : 1;
  e->input_shape.d[0] = view->is_image ? (gsize)view->image.height : view->length;
  e->input_shape.d[1] = view->is_image ? (gsize)view->image.width : 1;
  e->map_shape = e->input_shape;
  const gsize n = sl_explanation_input_size (e);
  e->map = g_new (float, n);
  e->map_input = g_new (float, n);
  for (gsize i = 0; i < n; i++)
    {
      const double x = view->is_image ? (double)(i % IMAGE_SIDE) : (double)i;
      const double y = view->is_image ? (double)(i / IMAGE_SIDE) : 0;
      e->map[i] = e->map_input[i] = (float)exp (-((x - 18) * (x - 18) + (y - 16) * (y - 16)) / 40);
    }
  return e;
}

/* ---- Drawing and comparing ---- */

typedef struct
{
  cairo_surface_t *surface;
  int width; /* pixels */
  int height;
  double scale;     /* pixels a point */
  double fig_width; /* points */
  double fig_height;
} Image;

#define SCALE 2.0 /* pixels a point: thin lines keep their colours */

static void
image_clear (Image *im)
{
  g_clear_pointer (&im->surface, cairo_surface_destroy);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Image, image_clear)

/* The figure at its default size, SCALE pixels a point; also to NAME.png in the build folder. */
static void
draw (const SlExplanationFigure *fig, const char *name, Image *im)
{
  double w, h;
  sl_explanation_figure_get_size (fig, &w, &h);
  im->scale = SCALE;
  im->fig_width = w;
  im->fig_height = h;
  im->width = (int)(w * SCALE);
  im->height = (int)(h * SCALE);
  im->surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, im->width, im->height);
  cairo_t *cr = cairo_create (im->surface);
  cairo_scale (cr, SCALE, SCALE);
  sl_explanation_figure_draw (fig, cr, w, h);
  cairo_destroy (cr);
  cairo_surface_flush (im->surface);
  const char *dir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *file = g_strdup_printf ("%s.png", name);
  g_autofree char *path = g_build_filename (dir ? dir : ".", file, NULL);
  g_assert_cmpint (cairo_surface_write_to_png (im->surface, path), ==, CAIRO_STATUS_SUCCESS);
  g_test_message ("figure: %s", path);
}

static gboolean
differs (const Image *a, const Image *b, int x, int y)
{
  const int stride = cairo_image_surface_get_stride (a->surface);
  const guint32 *pa = (const guint32 *)(cairo_image_surface_get_data (a->surface) + y * stride);
  const guint32 *pb = (const guint32 *)(cairo_image_surface_get_data (b->surface) + y * stride);
  return (pa[x] & 0xffffff) != (pb[x] & 0xffffff);
}

/* Where the figure draws its data (the plot or the image), found through its probe along the
 * middle row and column of the figure (probing every pixel would lay the figure out each time). */
static gboolean
probe_at (const SlExplanationFigure *fig, const Image *im, double x, double y, SlFigureProbe *probe)
{
  return sl_explanation_figure_probe (fig, im->fig_width, im->fig_height, (x + 0.5) / im->scale,
                                      (y + 0.5) / im->scale, probe);
}

/* The first pixel from `in` towards `out` (one step at a time in `dx`, `dy`) where the probe
 * fails, by bisection: the data area is one rectangle. */
static int
edge (const SlExplanationFigure *fig, const Image *im, int in, int out, gboolean vertical,
      int across)
{
  SlFigureProbe probe;
  while (abs (out - in) > 1)
    {
      const int mid = (in + out) / 2;
      const gboolean inside = vertical ? probe_at (fig, im, across, mid, &probe)
                                       : probe_at (fig, im, mid, across, &probe);
      if (inside)
        in = mid;
      else
        out = mid;
    }
  return out;
}

static void
find_box (const SlExplanationFigure *fig, const Image *im, SlRect *box)
{
  SlFigureProbe probe;
  const int cy = im->height / 2;
  int cx = -1;
  for (int x = 0; x < im->width && cx < 0; x += 8)
    if (probe_at (fig, im, x, cy, &probe))
      cx = x;
  g_assert_cmpint (cx, >=, 0);
  const int x0 = edge (fig, im, cx, -1, FALSE, cy) + 1,
            x1 = edge (fig, im, cx, im->width, FALSE, cy);
  const int mx = (x0 + x1) / 2;
  const int y0 = edge (fig, im, cy, -1, TRUE, mx) + 1,
            y1 = edge (fig, im, cy, im->height, TRUE, mx);
  *box = (SlRect){ x0, y0, x1 - x0, y1 - y0 };
}

static SlSampleView *
view_new (SlModel *model, SlDataset *ds, gsize index)
{
  g_autoptr (GError) error = NULL;
  SlSampleView *view = sl_sample_view_new (model, ds, index, NULL, &error);
  g_assert_no_error (error);
  return view;
}

static SlExplanationFigure *
figure_new (const SlSampleView *view, const SlExplanation *expl, gboolean regions,
            gboolean high_contrast, double text_scale)
{
  SlFigureStyle style;
  sl_figure_style_init (&style);
  g_assert_true (style.show_regions);
  style.show_regions = regions;
  style.high_contrast = high_contrast;
  style.text_scale = text_scale;
  return sl_explanation_figure_new (view, expl, &style);
}

/* ---- Tests ---- */

static void
test_sample_view (void)
{
  g_autoptr (SlDataset) ds = region_dataset_new (FALSE);
  g_autoptr (SlModel) model = model_new (FALSE);
  g_autoptr (SlSampleView) view = view_new (model, ds, 0);
  g_assert_cmpuint (view->n_regions, ==, 1);
  g_assert_cmpstr (view->region_names[0], ==, "digit");
  g_assert_cmpuint (view->region_size, ==, SIGNAL_LEN);
  gsize first, last;
  g_assert_cmpuint (sl_sample_view_region_extent (view, 0, &first, &last), ==,
                    DIGIT_LAST - DIGIT_FIRST + 1);
  g_assert_cmpuint (first, ==, DIGIT_FIRST);
  g_assert_cmpuint (last, ==, DIGIT_LAST);
  g_assert_cmpuint (sl_sample_view_region_extent (view, 1, NULL, NULL), ==, 0);
  g_autoptr (SlSampleView) copy = sl_sample_view_copy (view);
  g_assert_cmpstr (copy->region_names[0], ==, "digit");
  g_assert_true (copy->regions != view->regions);
  g_assert_cmpmem (copy->regions, SIGNAL_LEN * sizeof (float), view->regions,
                   SIGNAL_LEN * sizeof (float));

  g_autoptr (SlDataset) images = region_dataset_new (TRUE);
  g_autoptr (SlModel) image_model = model_new (TRUE);
  g_autoptr (SlSampleView) image = view_new (image_model, images, 0);
  g_assert_cmpuint (image->n_regions, ==, 2);
  g_assert_cmpuint (image->region_size, ==, IMAGE_SIDE * IMAGE_SIDE);
  const gsize side = OBJECT_LAST - OBJECT_FIRST + 1;
  g_assert_cmpuint (sl_sample_view_region_extent (image, 0, &first, &last), ==, side * side);
  g_assert_cmpuint (first, ==, OBJECT_FIRST * IMAGE_SIDE + OBJECT_FIRST);
  g_assert_cmpuint (sl_sample_view_region_extent (image, 1, NULL, NULL), ==, MARK_SIDE * MARK_SIDE);
  g_autoptr (SlSampleView) second = view_new (image_model, images, 1);
  g_assert_cmpuint (sl_sample_view_region_extent (second, 1, NULL, NULL), ==, 0);
}

/* One sample's figure with and without its regions, drawn. */
typedef struct
{
  SlDataset *ds;
  SlModel *model;
  SlSampleView *view;
  SlExplanation *expl;
  SlExplanationFigure *with;
  SlExplanationFigure *without;
  Image a; /* with */
  Image b; /* without */
} Pair;

static void
pair_clear (Pair *p)
{
  image_clear (&p->a);
  image_clear (&p->b);
  g_clear_pointer (&p->with, sl_explanation_figure_free);
  g_clear_pointer (&p->without, sl_explanation_figure_free);
  g_clear_pointer (&p->expl, sl_explanation_free);
  g_clear_pointer (&p->view, sl_sample_view_free);
  g_clear_pointer (&p->model, sl_model_free);
  g_clear_pointer (&p->ds, sl_dataset_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pair, pair_clear)

/* Sample `index` of the image or signal set, with and without its regions, to NAME-region.png
 * and NAME-no-region.png. */
static void
pair_draw (Pair *p, gboolean image, gsize index, const char *name, gboolean high_contrast,
           double text_scale)
{
  p->ds = region_dataset_new (image);
  p->model = model_new (image);
  p->view = view_new (p->model, p->ds, index);
  p->expl = explanation_new (p->view);
  p->with = figure_new (p->view, p->expl, TRUE, high_contrast, text_scale);
  p->without = figure_new (p->view, p->expl, FALSE, high_contrast, text_scale);
  g_autofree char *name_with = g_strdup_printf ("%s-region", name);
  g_autofree char *name_without = g_strdup_printf ("%s-no-region", name);
  draw (p->with, name_with, &p->a);
  draw (p->without, name_without, &p->b);
}

/* Columns of the plot (by the figure's probe) where more than half the plot's height changed. */
static void
check_band (const char *name, gboolean high_contrast, double text_scale)
{
  g_auto (Pair) pair = { 0 };
  pair_draw (&pair, FALSE, 0, name, high_contrast, text_scale);
  const SlExplanationFigure *with = pair.with, *without = pair.without;
  const Image a = pair.a, b = pair.b;
  g_autofree char *said = sl_explanation_figure_describe (with);
  g_autofree char *unsaid = sl_explanation_figure_describe (without);
  g_assert_true (g_str_has_suffix (said, " Ground truth: digit at positions 12–19."));
  g_assert_null (strstr (unsaid, "Ground truth"));

  SlRect box;
  find_box (with, &a, &box);
  guint inside = 0, inside_changed = 0, outside = 0, outside_changed = 0;
  for (int x = (int)box.x; x < (int)(box.x + box.width); x++)
    {
      /* Positions 0 … L − 1 span the plot from edge to edge. */
      const int col = (int)lround ((x + 0.5 - box.x) / box.width * (SIGNAL_LEN - 1));
      int changed = 0;
      for (int y = (int)box.y; y < (int)(box.y + box.height); y++)
        changed += differs (&a, &b, x, y);
      const gboolean most = changed > box.height / 2;
      /* The band spans each inside point's half-way to its neighbours: leave the edges out. */
      if (col > DIGIT_FIRST && col < DIGIT_LAST)
        inside++, inside_changed += most;
      else if (col < DIGIT_FIRST - 1 || col > DIGIT_LAST + 1)
        outside++, outside_changed += most;
    }
  g_test_message ("%s: %u/%u plot columns inside the region changed, %u/%u outside", name,
                  inside_changed, inside, outside_changed, outside);
  g_assert_cmpuint (inside, >, 20);
  g_assert_cmpuint (inside_changed, ==, inside);
  g_assert_cmpuint (outside_changed, ==, 0);
}

static void
test_signal_band (void)
{
  check_band ("region-signal", FALSE, 1.0);
}

static void
test_signal_band_styles (void)
{
  check_band ("region-signal-high-contrast", TRUE, 1.0);
  check_band ("region-signal-presentation", FALSE, 1.5);
}

/* Whether map pixel (row, col) is within one pixel of where a region's inside meets its outside. */
static gboolean
near_edge (const SlSampleView *view, int row, int col)
{
  for (guint k = 0; k < view->n_regions; k++)
    {
      const float *w = view->regions + k * view->region_size;
      for (int dr = -1; dr <= 1; dr++)
        for (int dc = -1; dc <= 1; dc++)
          {
            const int r = row + dr, c = col + dc;
            const gboolean in_here = w[row * IMAGE_SIDE + col] > 0.5f;
            const gboolean in_there = r >= 0 && c >= 0 && r < IMAGE_SIDE && c < IMAGE_SIDE
                                      && w[r * IMAGE_SIDE + c] > 0.5f;
            if (in_here != in_there)
              return TRUE;
          }
    }
  return FALSE;
}

static void
check_outline (gsize index, const char *name, gboolean high_contrast, double text_scale)
{
  g_auto (Pair) pair = { 0 };
  pair_draw (&pair, TRUE, index, name, high_contrast, text_scale);
  const SlSampleView *view = pair.view;
  const SlExplanationFigure *with = pair.with, *without = pair.without;
  const Image a = pair.a, b = pair.b;

  /* The image shrinks to make room for the legend, so pixels are not compared one to one: the
   * outline's pixels (white, black or the mark's yellow, unlike any blend of the image and the map)
   * all lie by a region's edge, every edge cell of the object has some, and the figure without the
   * regions has none. */
  g_autofree char *said = sl_explanation_figure_describe (with);
  g_assert_true (g_str_has_suffix (
      said, index == 0 ? " Ground truth: object (144 pixels), mark (16 pixels)."
                       : " Ground truth: object (144 pixels), mark (not in this sample)."));
  g_autofree guint *changed_cells = g_new0 (guint, IMAGE_SIDE * IMAGE_SIDE);
  guint stray = 0, changed = 0;
  SlRect box;
  find_box (with, &a, &box);
  for (int y = (int)box.y; y < (int)(box.y + box.height); y++)
    for (int x = (int)box.x; x < (int)(box.x + box.width); x++)
      {
        const SlFigureProbe pa = { (int)((y + 0.5 - box.y) / box.height * IMAGE_SIDE),
                                   (int)((x + 0.5 - box.x) / box.width * IMAGE_SIDE), 0, 0 };
        const guint32 *row = (const guint32 *)(cairo_image_surface_get_data (a.surface)
                                               + y * cairo_image_surface_get_stride (a.surface));
        const guint32 p = row[x] & 0xffffff;
        const int r = p >> 16 & 0xff, g = p >> 8 & 0xff, bl = p & 0xff;
        const gboolean line = (r > 245 && g > 245 && bl > 245) || (r < 25 && g < 25 && bl < 25)
                              || (r > 230 && g > 190 && bl < 40);
        if (!line)
          continue;
        changed++;
        if (near_edge (view, pa.row, pa.col))
          changed_cells[pa.row * IMAGE_SIDE + pa.col]++;
        else
          stray++;
      }
  guint edges = 0, edges_drawn = 0;
  for (int r = 0; r < IMAGE_SIDE; r++)
    for (int c = 0; c < IMAGE_SIDE; c++)
      {
        const float *object = view->regions;
        const gboolean in = object[r * IMAGE_SIDE + c] > 0.5f;
        const gboolean edge
            = in
              && (r == OBJECT_FIRST || r == OBJECT_LAST || c == OBJECT_FIRST || c == OBJECT_LAST);
        /* The line runs on the cell's border: its pixels fall in the cell or just outside. */
        gboolean drawn = FALSE;
        for (int dr = -1; dr <= 1; dr++)
          for (int dc = -1; dc <= 1; dc++)
            drawn |= r + dr >= 0 && c + dc >= 0 && r + dr < IMAGE_SIDE && c + dc < IMAGE_SIDE
                     && changed_cells[(r + dr) * IMAGE_SIDE + c + dc] > 0;
        if (edge)
          edges++, edges_drawn += drawn;
      }
  g_test_message ("%s: %u outline pixels, %u away from an edge; %u/%u object edge cells drawn",
                  name, changed, stray, edges_drawn, edges);
  g_assert_cmpuint (edges_drawn, ==, edges);
  g_assert_cmpuint (stray, ==, 0);
  /* Without the regions there is no such line at all. */
  guint lines_without = 0;
  find_box (without, &b, &box);
  for (int y = (int)box.y; y < (int)(box.y + box.height); y++)
    for (int x = (int)box.x; x < (int)(box.x + box.width); x++)
      {
        const guint32 p = ((const guint32 *)(cairo_image_surface_get_data (b.surface)
                                             + y * cairo_image_surface_get_stride (b.surface)))[x]
                          & 0xffffff;
        const int r = p >> 16 & 0xff, g = p >> 8 & 0xff, bl = p & 0xff;
        lines_without += (r > 245 && g > 245 && bl > 245) || (r < 25 && g < 25 && bl < 25);
      }
  g_assert_cmpuint (lines_without, ==, 0);
}

static void
test_image_outline (void)
{
  check_outline (0, "region-image", FALSE, 1.0);
  check_outline (1, "region-image-no-mark", FALSE, 1.0);
}

static void
test_image_outline_styles (void)
{
  check_outline (0, "region-image-high-contrast", TRUE, 1.0);
  check_outline (0, "region-image-presentation", FALSE, 1.5);
}

/* The comparison grid of both samples under two maps: with the regions it differs. */
static void
test_comparison (void)
{
  for (int image = 0; image < 2; image++)
    {
      g_autoptr (SlDataset) ds = region_dataset_new (image);
      g_autoptr (SlModel) model = model_new (image);
      g_autoptr (SlSampleView) v0 = view_new (model, ds, 0);
      g_autoptr (SlSampleView) v1 = view_new (model, ds, 1);
      g_autoptr (SlExplanation) e0 = explanation_new (v0);
      g_autoptr (SlExplanation) e1 = explanation_new (v1);
      const SlSampleView *views[] = { v0, v1 };
      const char *methods[] = { "gradcam", "gradients" };
      const SlExplanation *maps[] = { e0, e0, e1, e1 };
      cairo_surface_t *grids[2];
      double w = 0, h = 0;
      for (int regions = 0; regions < 2; regions++)
        {
          SlFigureStyle style;
          sl_figure_style_init (&style);
          style.show_regions = regions;
          g_autoptr (SlComparisonFigure) fig
              = sl_comparison_figure_new (views, 2, methods, 2, maps, TRUE, &style);
          sl_comparison_figure_get_size (fig, &w, &h);
          const char *dir = g_getenv ("G_TEST_BUILDDIR");
          g_autofree char *file = g_strdup_printf (
              "region-grid-%s%s.png", image ? "image" : "signal", regions ? "" : "-no-region");
          g_autofree char *path = g_build_filename (dir ? dir : ".", file, NULL);
          g_autoptr (GError) error = NULL;
          g_assert_true (sl_comparison_figure_export (fig, path, 0, 0, 72, &error));
          g_assert_no_error (error);
          g_test_message ("figure: %s", path);
          cairo_surface_t *s = cairo_image_surface_create_from_png (path);
          g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
          grids[regions] = s;
        }
      /* The same size either way; the bands, the outlines and their legends change many pixels. */
      const int gw = cairo_image_surface_get_width (grids[0]);
      const int gh = cairo_image_surface_get_height (grids[0]);
      g_assert_cmpint (gw, ==, cairo_image_surface_get_width (grids[1]));
      g_assert_cmpint (gh, ==, cairo_image_surface_get_height (grids[1]));
      const Image a = { grids[0], gw, gh, 1, w, h }, b = { grids[1], gw, gh, 1, w, h };
      guint changed = 0;
      for (int y = 0; y < gh; y++)
        for (int x = 0; x < gw; x++)
          changed += differs (&a, &b, x, y);
      g_test_message ("grid (%s): %u of %d pixels differ with the regions",
                      image ? "images" : "signals", changed, gw * gh);
      g_assert_cmpuint (changed, >, gw * gh / 100);
      cairo_surface_destroy (grids[0]);
      cairo_surface_destroy (grids[1]);
    }
}

/* `saliency-lab-cli render signal` on MNIST-1D (whose samples know their digit): the band by
 * default and with --region, not with --no-region. */
static void
test_cli (void)
{
  const char *cli = g_getenv ("SL_CLI");
  if (!cli)
    {
      g_test_skip ("SL_CLI is not set");
      return;
    }
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sl-region-XXXXXX", &error);
  g_assert_no_error (error);
  const char *flags[] = { NULL, "--region", "--no-region" };
  char *contents[3];
  gsize sizes[3];
  for (int k = 0; k < 3; k++)
    {
      g_autofree char *out = g_strdup_printf ("%s/signal-%d.png", dir, k);
      const char *argv[]
          = { cli, "render",   "signal",  "--model", "demo", "--dataset", "mnist1d", "--index",
              "3", "--method", "gradcam", "--out",   out,    flags[k],    NULL };
      int status = 0;
      g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                                   NULL, NULL, NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_true (g_file_get_contents (out, &contents[k], &sizes[k], NULL));
      g_unlink (out);
    }
  g_rmdir (dir);
  g_assert_cmpmem (contents[0], sizes[0], contents[1], sizes[1]);
  g_assert_false (sizes[0] == sizes[2] && memcmp (contents[0], contents[2], sizes[0]) == 0);
  for (int k = 0; k < 3; k++)
    g_free (contents[k]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/region-figure/sample-view", test_sample_view);
  g_test_add_func ("/region-figure/signal-band", test_signal_band);
  g_test_add_func ("/region-figure/signal-band-styles", test_signal_band_styles);
  g_test_add_func ("/region-figure/image-outline", test_image_outline);
  g_test_add_func ("/region-figure/image-outline-styles", test_image_outline_styles);
  g_test_add_func ("/region-figure/comparison", test_comparison);
  g_test_add_func ("/region-figure/cli", test_cli);
  return g_test_run ();
}
