/* sl-comparison-figure.c — samples × methods in one grid: cell layout, captions, row labels and
 * the shared or per-cell colour scale. */
#include "compose/sl-comparison-figure.h"

#include "compose/sl-map-style.h"
#include "explain/sl-method.h"
#include "render/sl-export.h"
#include "render/sl-render-grid.h"

#include <string.h>

#define IMAGE_CELL_WIDTH 190.0
#define IMAGE_CELL_HEIGHT 205.0
#define SIGNAL_CELL_WIDTH 420.0
#define SIGNAL_CELL_HEIGHT 170.0
#define ROW_LABELS_WIDTH 40.0
#define MARGIN_WIDTH 70.0
#define MARGIN_HEIGHT 40.0

struct _SlComparisonFigure
{
  guint n_samples;
  guint n_methods;
  SlSampleView **samples;
  SlMapStyle *maps; /* n_samples × n_methods; values NULL: pending */
  GPtrArray *texts; /* owns every caption and label */
  SlOverlayFigure *overlays;
  SlSignalFigure *signals;
  SlGridCell *cells; /* rows × cols */
  SlFigureRegion **regions; /* per sample: its ground truth as drawn, or NULL */
  guint *n_regions;
  const char **row_labels;
  SlGridFigure grid;
  double width;
  double height;
};

static const char *
display_name (const char *name)
{
  const SlMethod *method = sl_method_lookup (name);
  return method ? method->display_name : name;
}

/* One sample: the methods name the cells; one method: the samples do; a table: the methods and
 * the prediction, the true class going to the row's label. */
static char *
cell_text (const SlComparisonFigure *fig, const SlSampleView *s, const char *method, int target)
{
  if (fig->n_samples == 1)
    return g_strdup (display_name (method));
  if (fig->n_methods == 1)
    {
      g_autofree char *caption = sl_sample_view_caption (s, target, "\n");
      return g_strdup_printf ("#%" G_GSIZE_FORMAT " · %s", s->index, caption);
    }
  g_autofree char *pred = sl_sample_view_prediction (s, target);
  return g_strdup_printf ("%s\n%s", display_name (method), pred);
}

static void
overlay_cell (const SlSampleView *s, const SlMapStyle *m, const SlFigureStyle *style,
              const SlFigureRegion *regions, guint n_regions, SlOverlayFigure *o)
{
  sl_overlay_figure_init (o);
  o->regions = regions;
  o->n_regions = n_regions;
  o->image = s->image;
  o->alpha = sl_figure_style_get_alpha (style);
  o->contour_percent = style->contour_percent;
  if (m->values)
    sl_map_style_apply_overlay (m, s->image.width, s->image.height, o);
}

static void
signal_cell (const SlSampleView *s, const SlMapStyle *m, const SlFigureStyle *style,
             const SlFigureRegion *regions, guint n_regions, gboolean bottom, SlSignalFigure *g)
{
  sl_signal_figure_init (g);
  g->regions = regions;
  g->n_regions = n_regions;
  g->signal = s->signal;
  g->length = s->length;
  g->t = s->t;
  g->top_k = style->top_k;
  /* The time axis is named once, at the bottom. */
  g->xlabel = bottom ? (s->t ? "Time" : "Position") : NULL;
  g->ylabel = "Signal";
  if (m->values)
    sl_map_style_apply_signal (m, g);
}

/* The figure's title: the sample, the method, or the dataset the table is drawn from. */
static char *
figure_title (const SlComparisonFigure *fig, const char *const *method_names, int target)
{
  const SlSampleView *first = fig->samples[0];
  if (fig->n_samples == 1)
    {
      g_autofree char *caption = sl_sample_view_caption (first, target, " · ");
      return g_strdup_printf ("Sample %" G_GSIZE_FORMAT " · %s", first->index, caption);
    }
  if (fig->n_methods == 1)
    return g_strdup_printf ("%s on %s", display_name (method_names[0]), first->dataset_name);
  return g_strdup_printf ("Explanations on %s", first->dataset_name);
}

SlComparisonFigure *
sl_comparison_figure_new (const SlSampleView *const *samples, guint n_samples,
                          const char *const *method_names, guint n_methods,
                          const SlExplanation *const *maps, gboolean shared_scale,
                          const SlFigureStyle *style)
{
  g_return_val_if_fail (samples != NULL && n_samples > 0, NULL);
  g_return_val_if_fail (method_names != NULL && n_methods > 0 && maps != NULL, NULL);
  for (guint k = 0; k < n_samples * n_methods; k++)
    g_return_val_if_fail (maps[k] == NULL || sl_map_fits_view (maps[k], samples[k / n_methods]),
                          NULL);
  SlFigureStyle default_style;
  if (!style)
    {
      sl_figure_style_init (&default_style);
      style = &default_style;
    }
  const guint n_cells = n_samples * n_methods;
  const gboolean images = samples[0]->is_image;
  SlComparisonFigure *fig = g_new0 (SlComparisonFigure, 1);
  fig->n_samples = n_samples;
  fig->n_methods = n_methods;
  fig->samples = g_new0 (SlSampleView *, n_samples);
  fig->regions = g_new0 (SlFigureRegion *, n_samples);
  fig->n_regions = g_new0 (guint, n_samples);
  for (guint i = 0; i < n_samples; i++)
    {
      fig->samples[i] = sl_sample_view_copy (samples[i]);
      fig->regions[i] = sl_figure_regions_new (fig->samples[i], style, &fig->n_regions[i]);
    }
  fig->texts = g_ptr_array_new_with_free_func (g_free);

  /* Several samples of one method or several methods of one sample wrap into rows; both make a
   * table of samples × methods. Signals are wide, so they stack. */
  int rows, cols;
  if (n_samples > 1 && n_methods > 1)
    rows = (int)n_samples, cols = (int)n_methods;
  else
    {
      cols = images ? MIN ((int)n_cells, 4) : (n_cells <= 4 ? 1 : 2);
      rows = ((int)n_cells + cols - 1) / cols;
    }

  /* Maps of different methods (and samples) differ in scale by orders of magnitude: a shared
   * scale shows each divided by its largest |value|. */
  SlFigureStyle cell_style = *style;
  if (shared_scale)
    cell_style.scale = SL_MAP_SCALE_MAX_ABS;
  fig->maps = g_new0 (SlMapStyle, n_cells);
  g_autofree const float **values = g_new0 (const float *, n_cells);
  g_autofree gsize *sizes = g_new0 (gsize, n_cells);
  int target = -1;
  for (guint k = 0; k < n_cells; k++)
    if (maps[k])
      {
        sl_map_style_init (&fig->maps[k], maps[k]->map_input, sl_explanation_input_size (maps[k]),
                           &cell_style);
        values[k] = fig->maps[k].values;
        sizes[k] = fig->maps[k].n;
        if (k < n_methods)
          target = (int)maps[k]->target;
      }

  fig->overlays = g_new0 (SlOverlayFigure, n_cells);
  fig->signals = g_new0 (SlSignalFigure, n_cells);
  fig->cells = g_new0 (SlGridCell, (gsize)rows * cols);
  for (guint i = 0; i < n_samples; i++)
    for (guint m = 0; m < n_methods; m++)
      {
        const guint k = i * n_methods + m;
        const SlSampleView *s = fig->samples[i];
        const SlMapStyle *ms = &fig->maps[k];
        char *text
            = maps[k] ? cell_text (fig, s, method_names[m], (int)maps[k]->target) : g_strdup ("…");
        g_ptr_array_add (fig->texts, text);
        if (!maps[k])
          fig->cells[k] = (SlGridCell){ SL_GRID_CELL_EMPTY, NULL, NULL, text };
        else if (images)
          {
            overlay_cell (s, ms, style, fig->regions[i], fig->n_regions[i], &fig->overlays[k]);
            fig->cells[k] = (SlGridCell){ SL_GRID_CELL_OVERLAY, &fig->overlays[k], NULL, text };
          }
        else
          {
            signal_cell (s, ms, style, fig->regions[i], fig->n_regions[i],
                         (int)k / cols + 1 >= rows, &fig->signals[k]);
            fig->cells[k] = (SlGridCell){ SL_GRID_CELL_SIGNAL, NULL, &fig->signals[k], text };
          }
      }

  char *title = style->title ? g_strdup (style->title) : figure_title (fig, method_names, target);
  g_ptr_array_add (fig->texts, title);
  if (n_samples > 1 && n_methods > 1)
    {
      fig->row_labels = g_new0 (const char *, n_samples + 1);
      for (guint i = 0; i < n_samples; i++)
        {
          const SlSampleView *s = fig->samples[i];
          char *label = s->label >= 0
                            ? g_strdup_printf ("#%" G_GSIZE_FORMAT " · true: %s", s->index,
                                               sl_sample_view_class_name (s, s->label))
                            : g_strdup_printf ("#%" G_GSIZE_FORMAT, s->index);
          g_ptr_array_add (fig->texts, label);
          fig->row_labels[i] = label;
        }
    }

  const SlColormap colormap = sl_figure_style_pick_colormap (style, values, sizes, n_cells);
  fig->grid
      = (SlGridFigure){ fig->cells, rows, cols, title, fig->row_labels, shared_scale, colormap };
  if (shared_scale)
    {
      fig->grid.vmin = sl_colormap_is_diverging (colormap) ? -1 : 0;
      fig->grid.vmax = 1;
      fig->grid.colorbar_label = "attribution ÷ max |attribution|";
    }
  const double cell_w = images ? IMAGE_CELL_WIDTH : SIGNAL_CELL_WIDTH;
  const double cell_h = images ? IMAGE_CELL_HEIGHT : SIGNAL_CELL_HEIGHT;
  fig->width = cols * cell_w + (fig->row_labels ? ROW_LABELS_WIDTH : 0) + MARGIN_WIDTH;
  fig->height = rows * cell_h + MARGIN_HEIGHT;
  return fig;
}

void
sl_comparison_figure_free (SlComparisonFigure *fig)
{
  if (!fig)
    return;
  for (guint i = 0; i < fig->n_samples; i++)
    {
      sl_sample_view_free (fig->samples[i]);
      g_free (fig->regions[i]);
    }
  g_free (fig->samples);
  g_free (fig->regions);
  g_free (fig->n_regions);
  for (guint k = 0; k < fig->n_samples * fig->n_methods; k++)
    sl_map_style_clear (&fig->maps[k]);
  g_free (fig->maps);
  g_ptr_array_unref (fig->texts);
  g_free (fig->overlays);
  g_free (fig->signals);
  g_free (fig->cells);
  g_free (fig->row_labels);
  g_free (fig);
}

void
sl_comparison_figure_get_size (const SlComparisonFigure *fig, double *width, double *height)
{
  g_return_if_fail (fig != NULL);
  if (width)
    *width = fig->width;
  if (height)
    *height = fig->height;
}

void
sl_comparison_figure_draw (const SlComparisonFigure *fig, cairo_t *cr, double width, double height)
{
  g_return_if_fail (fig != NULL && cr != NULL);
  sl_render_grid (cr, width, height, &fig->grid);
}

gboolean
sl_comparison_figure_export (const SlComparisonFigure *fig, const char *path, double width,
                             double height, double dpi, GError **error)
{
  g_return_val_if_fail (fig != NULL && path != NULL, FALSE);
  return sl_export_figure (path, width > 0 ? width : fig->width, height > 0 ? height : fig->height,
                           dpi, sl_render_grid_func, (gpointer)&fig->grid, error);
}
