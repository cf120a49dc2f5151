/* sl-explanation-figure.c — one explanation over its sample: what the overlay or signal figure
 * shows (scaling, colour map, keep mask, title), its probe and its description. */
#include "compose/sl-explanation-figure.h"

#include "compose/sl-map-style.h"
#include "explain/sl-keep-threshold.h"
#include "explain/sl-method.h"
#include "render/sl-export.h"
#include "render/sl-heatmap.h"
#include "render/sl-render-overlay.h"
#include "render/sl-render-signal.h"

#include <math.h>
#include <stdlib.h>

/* The CLI's render sizes, in points. */
#define OVERLAY_WIDTH 360.0
#define OVERLAY_HEIGHT 330.0
#define SIGNAL_WIDTH 520.0
#define SIGNAL_TEMPLATES_WIDTH 660.0
#define SIGNAL_HEIGHT 250.0
#define DESCRIBE_TOP_SHARE 0.1 /* describe: how much the top 10 % of positions hold */

struct _SlExplanationFigure
{
  SlSampleView *view;
  SlFigureStyle style;
  char *title;
  char *pred_label; /* the templates' legend */
  char *true_label;

  gboolean has_map;
  char *method_title;
  guint target;
  SlScore score;
  double probability;
  SlMapStyle map; /* the map as drawn */

  SlFigureRegion *regions; /* into view; NULL when not shown */
  guint n_regions;
};

void
sl_figure_style_init (SlFigureStyle *style)
{
  g_return_if_fail (style != NULL);
  *style = (SlFigureStyle){ 0 };
  style->auto_colormap = TRUE;
  style->colormap = SL_COLORMAP_JET;
  style->alpha = 0.5;
  style->scale = SL_MAP_SCALE_RAW;
  style->top_k = 5;
  style->templates = TRUE;
  style->text_scale = 1.0;
  style->show_regions = TRUE;
}

SlFigureRegion *
sl_figure_regions_new (const SlSampleView *view, const SlFigureStyle *style, guint *n_regions)
{
  g_return_val_if_fail (view != NULL && style != NULL && n_regions != NULL, NULL);
  *n_regions = 0;
  if (!style->show_regions || view->n_regions == 0)
    return NULL;
  SlFigureRegion *regions = g_new0 (SlFigureRegion, view->n_regions);
  for (guint k = 0; k < view->n_regions; k++)
    regions[k] = (SlFigureRegion){ view->region_names[k],
                                   view->regions + k * view->region_size };
  *n_regions = view->n_regions;
  return regions;
}

double
sl_figure_style_get_alpha (const SlFigureStyle *style)
{
  return style->high_contrast ? MAX (style->alpha, SL_HIGH_CONTRAST_ALPHA) : style->alpha;
}

SlColormap
sl_figure_style_pick_colormap (const SlFigureStyle *style, const float *const *maps,
                               const gsize *sizes, guint n_maps)
{
  const SlColormap map
      = style->auto_colormap ? sl_map_style_pick_colormap (maps, sizes, n_maps) : style->colormap;
  if (!style->high_contrast)
    return map;
  /* jet and turbo put red next to green at equal lightness and are not monotonic in lightness, so
   * deuteranopes and a washed-out projector lose their order; viridis rises in lightness from end
   * to end and stays readable in grey. Signed maps keep a diverging map: RdBu_r (ColorBrewer,
   * colour-blind safe, dark ends) rather than the paler coolwarm. */
  if (sl_colormap_is_diverging (map))
    return SL_COLORMAP_RDBU_R;
  return map == SL_COLORMAP_JET || map == SL_COLORMAP_TURBO ? SL_COLORMAP_VIRIDIS : map;
}

static const char *
method_title (const SlExplanation *expl)
{
  const SlMethod *method = sl_method_lookup (expl->method);
  return method ? method->display_name : expl->method;
}

SlExplanationFigure *
sl_explanation_figure_new (const SlSampleView *view, const SlExplanation *expl,
                           const SlFigureStyle *style)
{
  g_return_val_if_fail (view != NULL, NULL);
  g_return_val_if_fail (expl == NULL || sl_map_fits_view (expl, view), NULL);
  SlExplanationFigure *fig = g_new0 (SlExplanationFigure, 1);
  fig->view = sl_sample_view_copy (view);
  if (style)
    fig->style = *style;
  else
    sl_figure_style_init (&fig->style);
  fig->style.title = NULL; /* fig->title owns it */
  fig->regions = sl_figure_regions_new (fig->view, &fig->style, &fig->n_regions);

  const int target = expl ? (int)expl->target : -1;
  const char *sep = view->is_image ? "\n" : " · ";
  g_autofree char *caption = sl_sample_view_caption (view, target, " · ");
  if (style && style->title)
    fig->title = g_strdup (style->title);
  else if (expl)
    fig->title = g_strdup_printf ("%s · sample %" G_GSIZE_FORMAT "%s%s", method_title (expl),
                                  view->index, sep, caption);
  else
    fig->title = g_strdup_printf ("Sample %" G_GSIZE_FORMAT "%s%s", view->index, sep, caption);
  if (view->template_pred)
    fig->pred_label
        = g_strdup_printf ("pred: %s", sl_sample_view_class_name (view, (int)view->predicted));
  if (view->template_true)
    fig->true_label = g_strdup_printf ("true: %s", sl_sample_view_class_name (view, view->label));

  if (expl)
    {
      fig->has_map = TRUE;
      fig->method_title = g_strdup (method_title (expl));
      fig->target = expl->target;
      fig->score = expl->score;
      fig->probability = expl->probability;
      sl_map_style_init (&fig->map, expl->map_input, sl_explanation_input_size (expl), &fig->style);
    }
  return fig;
}

void
sl_explanation_figure_free (SlExplanationFigure *fig)
{
  if (!fig)
    return;
  sl_sample_view_free (fig->view);
  g_free (fig->title);
  g_free (fig->pred_label);
  g_free (fig->true_label);
  g_free (fig->method_title);
  sl_map_style_clear (&fig->map);
  g_free (fig->regions);
  g_free (fig);
}

void
sl_explanation_figure_get_size (const SlExplanationFigure *fig, double *width, double *height)
{
  g_return_if_fail (fig != NULL);
  const gboolean templates = fig->style.templates && fig->view->template_pred;
  /* Larger text comes with a larger figure, so that the layout keeps its proportions. */
  const double scale = fig->style.text_scale > 0 ? fig->style.text_scale : 1.0;
  if (width)
    *width = scale
             * (fig->view->is_image ? OVERLAY_WIDTH
                                    : (templates ? SIGNAL_TEMPLATES_WIDTH : SIGNAL_WIDTH));
  if (height)
    *height = scale * (fig->view->is_image ? OVERLAY_HEIGHT : SIGNAL_HEIGHT);
}

/* The render structs, made the same way for drawing and probing. */
static void
overlay_setup (const SlExplanationFigure *fig, SlOverlayFigure *o)
{
  const SlSampleView *v = fig->view;
  sl_overlay_figure_init (o);
  o->image = v->image;
  o->alpha = sl_figure_style_get_alpha (&fig->style);
  o->contour_percent = fig->style.contour_percent;
  o->text_scale = fig->style.text_scale;
  o->title = fig->title;
  o->regions = fig->regions;
  o->n_regions = fig->n_regions;
  if (fig->has_map)
    sl_map_style_apply_overlay (&fig->map, v->image.width, v->image.height, o);
}

static void
signal_setup (const SlExplanationFigure *fig, SlSignalFigure *s)
{
  const SlSampleView *v = fig->view;
  sl_signal_figure_init (s);
  s->signal = v->signal;
  s->length = v->length;
  s->t = v->t;
  s->top_k = fig->style.top_k;
  if (fig->style.templates)
    {
      s->template_pred = v->template_pred;
      s->template_true = v->template_true;
      s->template_length = v->template_length;
      s->template_pred_label = fig->pred_label;
      s->template_true_label = fig->true_label;
    }
  s->xlabel = v->t ? "Time" : "Position";
  s->ylabel = "Signal";
  s->text_scale = fig->style.text_scale;
  s->title = fig->title;
  s->regions = fig->regions;
  s->n_regions = fig->n_regions;
  if (fig->has_map)
    sl_map_style_apply_signal (&fig->map, s);
}

void
sl_explanation_figure_draw (const SlExplanationFigure *fig, cairo_t *cr, double width,
                            double height)
{
  g_return_if_fail (fig != NULL && cr != NULL);
  if (fig->view->is_image)
    {
      SlOverlayFigure o;
      overlay_setup (fig, &o);
      sl_render_overlay (cr, width, height, &o);
    }
  else
    {
      SlSignalFigure s;
      signal_setup (fig, &s);
      sl_render_signal (cr, width, height, &s);
    }
}

static void
draw_func (cairo_t *cr, double width, double height, gpointer data)
{
  sl_explanation_figure_draw (data, cr, width, height);
}

gboolean
sl_explanation_figure_export (const SlExplanationFigure *fig, const char *path, double width,
                              double height, double dpi, GError **error)
{
  g_return_val_if_fail (fig != NULL && path != NULL, FALSE);
  double w, h;
  sl_explanation_figure_get_size (fig, &w, &h);
  return sl_export_figure (path, width > 0 ? width : w, height > 0 ? height : h, dpi, draw_func,
                           (gpointer)fig, error);
}

/* Text is measured on a scratch surface: unhinted, so any target lays it out alike. */
static cairo_t *
scratch_context (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  cairo_surface_destroy (surface);
  return cr;
}

/* The nearest sample to data x `x` (t ascending, or the positions). */
static gsize
nearest_sample (const SlSampleView *v, double x)
{
  gsize best = 0;
  double best_d = INFINITY;
  for (gsize i = 0; i < v->length; i++)
    {
      const double d = fabs ((v->t ? v->t[i] : (double)i) - x);
      if (d < best_d)
        best_d = d, best = i;
    }
  return best;
}

gboolean
sl_explanation_figure_probe (const SlExplanationFigure *fig, double width, double height, double x,
                             double y, SlFigureProbe *probe)
{
  g_return_val_if_fail (fig != NULL && probe != NULL, FALSE);
  const SlSampleView *v = fig->view;
  cairo_t *cr = scratch_context ();
  SlRect box;
  gboolean ok;
  gsize i = 0;
  *probe = (SlFigureProbe){ -1, -1, NAN, NAN };
  if (v->is_image)
    {
      SlOverlayFigure o;
      overlay_setup (fig, &o);
      ok = sl_render_overlay_layout (cr, width, height, &o, &box);
      const double fx = (x - box.x) / box.width, fy = (y - box.y) / box.height;
      ok = ok && fx >= 0 && fx < 1 && fy >= 0 && fy < 1;
      if (ok)
        {
          probe->row = (int)floor (fy * v->image.height);
          probe->col = (int)floor (fx * v->image.width);
          i = (gsize)probe->row * v->image.width + probe->col;
        }
    }
  else
    {
      SlSignalFigure s;
      double x0, x1;
      signal_setup (fig, &s);
      ok = sl_render_signal_layout (cr, width, height, &s, &box, &x0, &x1);
      ok = ok && x >= box.x && x <= box.x + box.width && y >= box.y && y <= box.y + box.height;
      if (ok)
        {
          i = nearest_sample (v, x0 + (x - box.x) / box.width * (x1 - x0));
          probe->row = 0;
          probe->col = (int)i;
        }
    }
  cairo_destroy (cr);
  if (ok && fig->has_map && i < fig->map.n)
    {
      probe->value = fig->map.values[i];
      probe->raw_value = fig->map.raw[i];
    }
  return ok;
}

void
sl_explanation_figure_get_range (const SlExplanationFigure *fig, double *vmin, double *vmax,
                                 const char **label)
{
  g_return_if_fail (fig != NULL);
  const SlMapStyle none = { 0 };
  const SlMapStyle *m = fig->has_map ? &fig->map : &none;
  if (vmin)
    *vmin = m->vmin;
  if (vmax)
    *vmax = m->vmax;
  if (label)
    *label = m->label;
}

/* Where a map peaks and how concentrated it is, for describe. */
typedef struct
{
  gsize argmax;
  double min;
  double max;
  double top_share; /* of the total |value| held by the top `share` of positions by |value| */
} MapSummary;

static int
cmp_double_desc (const void *a, const void *b)
{
  const double x = *(const double *)a, y = *(const double *)b;
  return (x < y) - (x > y);
}

static gboolean
summarize (const float *map, gsize n, double share, MapSummary *sum)
{
  g_autofree double *mag = g_new (double, MAX (n, 1));
  gsize finite = 0;
  double total = 0;
  *sum = (MapSummary){ 0, INFINITY, -INFINITY, 0 };
  for (gsize i = 0; i < n; i++)
    if (isfinite (map[i]))
      {
        if (map[i] > sum->max)
          sum->max = map[i], sum->argmax = i;
        sum->min = MIN (sum->min, map[i]);
        mag[finite++] = fabs (map[i]);
        total += fabs (map[i]);
      }
  if (finite == 0)
    return FALSE;
  qsort (mag, finite, sizeof (double), cmp_double_desc);
  const gsize k = MAX ((gsize)ceil (share * (double)finite), 1);
  double top = 0;
  for (gsize i = 0; i < k; i++)
    top += mag[i];
  sum->top_share = total > 0 ? top / total : 0;
  return TRUE;
}

/* " Ground truth: digit at positions 24–33." / " Ground truth: object (310 pixels)." for the
 * regions drawn. */
static void
describe_regions (const SlExplanationFigure *fig, GString *s)
{
  const SlSampleView *v = fig->view;
  for (guint k = 0; k < fig->n_regions; k++)
    {
      gsize first, last;
      const gsize n = sl_sample_view_region_extent (v, k, &first, &last);
      g_string_append (s, k == 0 ? " Ground truth: " : ", ");
      if (n == 0)
        g_string_append_printf (s, "%s (not in this sample)", v->region_names[k]);
      else if (v->is_image)
        g_string_append_printf (s, "%s (%" G_GSIZE_FORMAT " pixels)", v->region_names[k], n);
      else
        g_string_append_printf (s, "%s at positions %" G_GSIZE_FORMAT "–%" G_GSIZE_FORMAT,
                                v->region_names[k], first, last);
    }
  if (fig->n_regions > 0)
    g_string_append_c (s, '.');
}

char *
sl_explanation_figure_describe (const SlExplanationFigure *fig)
{
  g_return_val_if_fail (fig != NULL, NULL);
  const SlSampleView *v = fig->view;
  GString *s = g_string_new (NULL);
  g_autofree char *caption = sl_sample_view_caption (v, fig->has_map ? (int)fig->target : -1, ", ");
  if (!fig->has_map)
    {
      g_string_append_printf (s, "Sample %" G_GSIZE_FORMAT " of %s (%s), not explained.", v->index,
                              v->dataset_name, caption);
      describe_regions (fig, s);
      return g_string_free (s, FALSE);
    }
  const SlMapStyle *m = &fig->map;
  g_string_append_printf (
      s, "%s for class %s (%s, p = %.2f) on sample %" G_GSIZE_FORMAT " of %s (%s): ",
      fig->method_title, sl_sample_view_class_name (v, (int)fig->target),
      sl_score_name (fig->score), fig->probability, v->index, v->dataset_name, caption);
  MapSummary sum;
  if (!summarize (m->raw, m->n, DESCRIBE_TOP_SHARE, &sum))
    {
      g_string_append (s, "the map has no finite value.");
      describe_regions (fig, s);
      return g_string_free (s, FALSE);
    }
  if (v->is_image)
    g_string_append_printf (
        s, "the map peaks at row %" G_GSIZE_FORMAT ", column %" G_GSIZE_FORMAT " of %d × %d",
        sum.argmax / (gsize)v->image.width, sum.argmax % (gsize)v->image.width, v->image.height,
        v->image.width);
  else
    g_string_append_printf (s, "the map peaks at position %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT,
                            sum.argmax, m->n);
  g_string_append_printf (s,
                          " (%.3g); it ranges from %.3g to %.3g, and the top %.0f %% of "
                          "positions hold %.0f %% of its total |attribution|.",
                          sum.max, sum.min, sum.max, 100 * DESCRIBE_TOP_SHARE, 100 * sum.top_share);
  describe_regions (fig, s);
  return g_string_free (s, FALSE);
}
