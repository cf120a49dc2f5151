/* sl-sanity-figure.c — a sanity check's maps as a grid of cells (the comparison figure's look) over
 * the similarity-per-step line chart. */
#include "compose/sl-sanity-figure.h"

#include "compose/sl-map-style.h"
#include "core/sl-error.h"
#include "explain/sl-method.h"
#include "render/sl-export.h"
#include "render/sl-figure-lines.h"
#include "render/sl-figure-style.h"
#include "render/sl-render-grid.h"

#include <math.h>
#include <string.h>

#define IMAGE_CELL_WIDTH 170.0
#define IMAGE_CELL_HEIGHT 190.0
#define SIGNAL_CELL_WIDTH 360.0
#define SIGNAL_CELL_HEIGHT 165.0
#define IMAGE_COLUMNS 6
#define SIGNAL_COLUMNS 2
#define MARGIN_WIDTH 70.0
#define MARGIN_HEIGHT 40.0
#define CURVE_HEIGHT 250.0
#define MIN_WIDTH 560.0

struct _SlSanityFigure
{
  guint n_cells; /* steps + 1 */
  guint n_maps;  /* steps done + 1 */
  SlSampleView *view;
  SlMapStyle *maps; /* n_maps */
  GPtrArray *texts; /* owns every caption and label */
  SlOverlayFigure *overlays;
  SlSignalFigure *signals;
  SlGridCell *cells; /* rows × cols: the steps, then empty cells */
  SlGridFigure grid;
  const char **steps; /* n_cells category labels */
  double *spearman;   /* n_maps means */
  double *ssim;
  const char *curve_title;
  gboolean signed_axis; /* a value below 0: y in [−1, 1], else [0, 1] */
  double width;
  double height;
  double grid_height;
  double text_scale;
};

static const char *
own (SlSanityFigure *fig, char *text)
{
  g_ptr_array_add (fig->texts, text);
  return text;
}

/* "gradcam (prob)" as "Grad-CAM (prob)". */
static char *
method_title (const char *name)
{
  if (!name)
    return g_strdup ("method");
  const char *space = strchr (name, ' ');
  g_autofree char *cli = space ? g_strndup (name, (gsize)(space - name)) : g_strdup (name);
  const SlMethod *method = sl_method_lookup (cli);
  return method ? g_strconcat (method->display_name, space ? space : "", NULL) : g_strdup (name);
}

static void
set_cell (SlSanityFigure *fig, guint s, const SlFigureStyle *style, int rows, int cols,
          const char *text)
{
  const SlSampleView *v = fig->view;
  const SlMapStyle *m = &fig->maps[s];
  if (v->is_image)
    {
      SlOverlayFigure *o = &fig->overlays[s];
      sl_overlay_figure_init (o);
      o->image = v->image;
      o->alpha = sl_figure_style_get_alpha (style);
      o->contour_percent = style->contour_percent;
      sl_map_style_apply_overlay (m, v->image.width, v->image.height, o);
      fig->cells[s] = (SlGridCell){ SL_GRID_CELL_OVERLAY, o, NULL, text };
    }
  else
    {
      SlSignalFigure *g = &fig->signals[s];
      sl_signal_figure_init (g);
      g->signal = v->signal;
      g->length = v->length;
      g->t = v->t;
      g->top_k = style->top_k;
      /* The axes are named once: the time at the bottom row, the signal in the first column. */
      g->xlabel = (int)s / cols + 1 >= rows ? (v->t ? "Time" : "Position") : NULL;
      g->ylabel = s % cols == 0 ? "Signal" : NULL;
      sl_map_style_apply_signal (m, g);
      fig->cells[s] = (SlGridCell){ SL_GRID_CELL_SIGNAL, NULL, g, text };
    }
}

SlSanityFigure *
sl_sanity_figure_new (const SlSanityResult *result, gsize sample, const SlSampleView *view,
                      const SlFigureStyle *style, GError **error)
{
  g_return_val_if_fail (result != NULL && view != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  const gsize n_positions
      = view->is_image ? (gsize)view->image.width * view->image.height : view->length;
  if (sample >= result->n_samples || n_positions != result->map_size
      || result->indices[sample] != view->index)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "sanity figure: sample %" G_GSIZE_FORMAT " of %s is not one of this result's "
                   "(%" G_GSIZE_FORMAT " samples of %" G_GSIZE_FORMAT " positions)",
                   view->index, view->dataset_name ? view->dataset_name : "the dataset",
                   result->n_samples, result->map_size);
      return NULL;
    }
  SlFigureStyle default_style;
  if (!style)
    {
      sl_figure_style_init (&default_style);
      style = &default_style;
    }
  /* Randomised layers change a map's scale by orders of magnitude: each is divided by its largest
   * |value| so that the shape, not the scale, is compared, on one colour bar. */
  SlFigureStyle cell_style = *style;
  cell_style.scale = SL_MAP_SCALE_MAX_ABS;

  SlSanityFigure *fig = g_new0 (SlSanityFigure, 1);
  fig->n_cells = result->n_steps + 1;
  fig->n_maps = MIN (result->n_steps_done, result->n_steps) + 1;
  fig->view = sl_sample_view_copy (view);
  fig->texts = g_ptr_array_new_with_free_func (g_free);
  fig->maps = g_new0 (SlMapStyle, fig->n_maps);
  fig->overlays = g_new0 (SlOverlayFigure, fig->n_cells);
  fig->signals = g_new0 (SlSignalFigure, fig->n_cells);
  fig->steps = g_new0 (const char *, fig->n_cells + 1);
  fig->spearman = g_new0 (double, fig->n_maps);
  fig->ssim = g_new0 (double, fig->n_maps);

  g_autofree const float **values = g_new0 (const float *, fig->n_maps);
  g_autofree gsize *sizes = g_new0 (gsize, fig->n_maps);
  for (guint s = 0; s < fig->n_maps; s++)
    {
      const float *map = result->maps + ((gsize)s * result->n_samples + sample) * result->map_size;
      sl_map_style_init (&fig->maps[s], map, result->map_size, &cell_style);
      values[s] = fig->maps[s].values;
      sizes[s] = fig->maps[s].n;
      fig->spearman[s] = result->mean_spearman[s];
      fig->ssim[s] = result->mean_ssim[s];
      fig->signed_axis |= fig->spearman[s] < 0 || fig->ssim[s] < 0;
    }

  const gboolean images = view->is_image;
  const int cols = (int)MIN (fig->n_cells, images ? IMAGE_COLUMNS : SIGNAL_COLUMNS);
  const int rows = ((int)fig->n_cells + cols - 1) / cols;
  fig->cells = g_new0 (SlGridCell, (gsize)rows * cols);
  const int target = (int)result->target[sample];
  for (guint s = 0; s < fig->n_cells; s++)
    {
      const char *layer = s == 0 ? "original" : result->layers[s] ? result->layers[s] : "?";
      fig->steps[s] = own (fig, g_strdup (layer));
      const gsize k = (gsize)s * result->n_samples + sample;
      char *text;
      if (s >= fig->n_maps)
        text = g_strdup_printf ("%s\n…", layer);
      else if (s == 0)
        text
            = g_strdup_printf ("original\n%s", own (fig, sl_sample_view_prediction (view, target)));
      else
        {
          /* A constant map (an all-zero Grad-CAM) has no rank correlation. */
          /* In the C locale, as every figure (g_ascii_formatd, not printf). */
          char rho[G_ASCII_DTOSTR_BUF_SIZE] = "—", ssim[G_ASCII_DTOSTR_BUF_SIZE];
          if (!isnan (result->spearman[k]))
            g_ascii_formatd (rho, sizeof rho, "%.2f", result->spearman[k]);
          g_ascii_formatd (ssim, sizeof ssim, "%.2f", result->ssim[k]);
          text = g_strdup_printf ("%s\nSpearman %s · SSIM %s", layer, rho, ssim);
        }
      own (fig, text);
      if (s >= fig->n_maps)
        fig->cells[s] = (SlGridCell){ SL_GRID_CELL_EMPTY, NULL, NULL, text };
      else
        set_cell (fig, s, style, rows, cols, text);
    }

  g_autofree char *method = method_title (result->method);
  const char *title = style->title;
  if (!title)
    {
      g_autofree char *caption = sl_sample_view_caption (view, target, " · ");
      title = own (
          fig, g_strdup_printf ("%s · cascading randomisation · sample %" G_GSIZE_FORMAT " · %s%s",
                                method, view->index, caption, result->partial ? " (partial)" : ""));
    }
  fig->curve_title
      = own (fig, g_strdup_printf ("Similarity to the original map (mean over %" G_GSIZE_FORMAT
                                   " sample%s)",
                                   result->n_samples, result->n_samples == 1 ? "" : "s"));
  const SlColormap colormap = sl_figure_style_pick_colormap (style, values, sizes, fig->n_maps);
  fig->grid = (SlGridFigure){ fig->cells, rows, cols, title, NULL, TRUE, colormap };
  fig->grid.vmin = sl_colormap_is_diverging (colormap) ? -1 : 0;
  fig->grid.vmax = 1;
  fig->grid.colorbar_label = "attribution ÷ max |attribution|";

  const double scale = style->text_scale > 0 ? style->text_scale : 1.0;
  const double cell_w = images ? IMAGE_CELL_WIDTH : SIGNAL_CELL_WIDTH;
  const double cell_h = images ? IMAGE_CELL_HEIGHT : SIGNAL_CELL_HEIGHT;
  fig->text_scale = scale;
  fig->width = MAX (cols * cell_w + MARGIN_WIDTH, MIN_WIDTH) * scale;
  fig->grid_height = (rows * cell_h + MARGIN_HEIGHT) * scale;
  fig->height = fig->grid_height + CURVE_HEIGHT * scale;
  return fig;
}

void
sl_sanity_figure_free (SlSanityFigure *fig)
{
  if (!fig)
    return;
  sl_sample_view_free (fig->view);
  for (guint s = 0; s < fig->n_maps; s++)
    sl_map_style_clear (&fig->maps[s]);
  g_free (fig->maps);
  g_ptr_array_unref (fig->texts);
  g_free (fig->overlays);
  g_free (fig->signals);
  g_free (fig->cells);
  g_free (fig->steps);
  g_free (fig->spearman);
  g_free (fig->ssim);
  g_free (fig);
}

guint
sl_sanity_figure_get_n_maps (const SlSanityFigure *fig)
{
  g_return_val_if_fail (fig != NULL, 0);
  return fig->n_maps;
}

void
sl_sanity_figure_get_size (const SlSanityFigure *fig, double *width, double *height)
{
  g_return_if_fail (fig != NULL);
  if (width)
    *width = fig->width;
  if (height)
    *height = fig->height;
}

/* The similarity per step: one point per step done, every step named on the x axis. */
static void
draw_curves (const SlSanityFigure *fig, SlCanvas *canvas, const SlRect *area)
{
  const SlSeries series[] = {
    { NULL, fig->spearman, fig->n_maps, "Spearman rank correlation of |maps|", sl_style_palette (0),
      0, SL_LINE_SOLID, TRUE, FALSE },
    { NULL, fig->ssim, fig->n_maps, "SSIM", sl_style_palette (1), 0, SL_LINE_SOLID, TRUE, FALSE },
  };
  SlLineChart chart = { 0 };
  chart.axes.title = fig->curve_title;
  chart.axes.xlabel = "Layers re-initialised, cumulatively from the top";
  chart.axes.ylabel = "Similarity";
  chart.axes.grid = TRUE;
  chart.axes.x_categories = fig->steps;
  chart.axes.n_x_categories = (int)fig->n_cells;
  chart.axes.ymin = fig->signed_axis ? -1 : 0;
  chart.axes.ymax = 1;
  chart.fixed_limits = TRUE;
  chart.series = series;
  chart.n_series = G_N_ELEMENTS (series);
  chart.legend = TRUE;
  chart.legend_loc = SL_LEGEND_UPPER_RIGHT;
  sl_line_chart_draw (&chart, canvas, area);
}

void
sl_sanity_figure_draw (const SlSanityFigure *fig, cairo_t *cr, double width, double height)
{
  g_return_if_fail (fig != NULL && cr != NULL);
  /* The grid keeps its share of the height at any size. */
  const double grid_h = height * fig->grid_height / fig->height;
  sl_render_grid (cr, width, grid_h, &fig->grid);
  cairo_save (cr);
  cairo_translate (cr, 0, grid_h);
  {
    g_autoptr (SlCanvas) canvas = sl_canvas_new (cr);
    canvas->font_scale = fig->text_scale;
    const SlRect page = { 0, 0, width, height - grid_h };
    sl_canvas_clear (canvas, &page);
    const SlRect area
        = sl_rect_inset (page, SL_STYLE_EDGE_PAD, 0, 3 * SL_STYLE_EDGE_PAD, SL_STYLE_EDGE_PAD);
    draw_curves (fig, canvas, &area);
  }
  cairo_restore (cr);
}

static void
draw_func (cairo_t *cr, double width, double height, gpointer data)
{
  sl_sanity_figure_draw (data, cr, width, height);
}

gboolean
sl_sanity_figure_export (const SlSanityFigure *fig, const char *path, double width, double height,
                         double dpi, GError **error)
{
  g_return_val_if_fail (fig != NULL && path != NULL, FALSE);
  return sl_export_figure (path, width > 0 ? width : fig->width, height > 0 ? height : fig->height,
                           dpi, draw_func, (gpointer)fig, error);
}
