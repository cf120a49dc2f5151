/* sl-localisation-figure.c — pointing game, relevance mass and rank accuracy per method as bars
 * from 0 to 100 %, the legend above the plot so that no bar hides under it. */
#include "compose/sl-localisation-figure.h"

#include "explain/sl-method.h"
#include "render/sl-export.h"
#include "render/sl-figure-bars.h"
#include "render/sl-figure-style.h"

#include <string.h>

#define BASE_WIDTH 300.0
#define GROUP_WIDTH 110.0
#define HEIGHT 330.0
#define LEGEND_GAP 6.0

static const char *const metric_names[] = { "Pointing game", "Relevance mass", "Relevance rank" };
#define N_METRICS G_N_ELEMENTS (metric_names)

struct _SlLocalisationFigure
{
  guint n_methods;
  char **methods; /* display names */
  double *values; /* n_methods × N_METRICS, percent */
  char *title;
  double width;
  double height;
};

/* "gradcam (prob)" or "gradcam" by its display name, "Grad-CAM (prob)". */
static char *
display_name (const char *name)
{
  const char *space = strchr (name, ' ');
  g_autofree char *cli = space ? g_strndup (name, (gsize)(space - name)) : g_strdup (name);
  const SlMethod *method = sl_method_lookup (cli);
  return method ? g_strconcat (method->display_name, space ? space : "", NULL) : g_strdup (name);
}

SlLocalisationFigure *
sl_localisation_figure_new (const SlLocalisationTable *table, const char *const *method_names,
                            const char *title)
{
  g_return_val_if_fail (table != NULL, NULL);
  SlLocalisationFigure *fig = g_new0 (SlLocalisationFigure, 1);
  const guint n = table->n_methods;
  fig->n_methods = n;
  fig->methods = g_new0 (char *, n + 1);
  fig->values = g_new0 (double, (gsize)MAX (n, 1) * N_METRICS);
  for (guint m = 0; m < n; m++)
    {
      fig->methods[m] = display_name (method_names ? method_names[m] : table->methods[m]);
      fig->values[m * N_METRICS + 0] = 100 * table->pointing[m];
      fig->values[m * N_METRICS + 1] = 100 * table->mass[m];
      fig->values[m * N_METRICS + 2] = 100 * table->rank[m];
    }
  fig->title
      = title ? g_strdup (title)
              : g_strdup_printf ("Localisation · %s, region “%s” (%" G_GSIZE_FORMAT " samples%s)",
                                 table->dataset ? table->dataset : "dataset",
                                 table->region ? table->region : "?", table->n_done,
                                 table->partial ? ", partial" : "");
  fig->width = BASE_WIDTH + GROUP_WIDTH * n;
  fig->height = HEIGHT;
  return fig;
}

void
sl_localisation_figure_free (SlLocalisationFigure *fig)
{
  if (!fig)
    return;
  g_strfreev (fig->methods);
  g_free (fig->values);
  g_free (fig->title);
  g_free (fig);
}

void
sl_localisation_figure_get_size (const SlLocalisationFigure *fig, double *width, double *height)
{
  g_return_if_fail (fig != NULL);
  if (width)
    *width = fig->width;
  if (height)
    *height = fig->height;
}

void
sl_localisation_figure_draw (const SlLocalisationFigure *fig, cairo_t *cr, double width,
                             double height)
{
  g_return_if_fail (fig != NULL && cr != NULL);
  g_autoptr (SlCanvas) canvas = sl_canvas_new (cr);
  const SlRect page = { 0, 0, width, height };
  sl_canvas_clear (canvas, &page);
  SlRect area = sl_rect_inset (page, SL_STYLE_EDGE_PAD, SL_STYLE_EDGE_PAD, SL_STYLE_EDGE_PAD,
                               SL_STYLE_EDGE_PAD);

  SlBarChart chart = { 0 };
  chart.axes.title = fig->title;
  chart.axes.ylabel = "% (higher is better)";
  chart.axes.grid = TRUE;
  chart.axes.ymin = 0;
  chart.axes.ymax = 100;
  chart.fixed_limits = TRUE;
  chart.categories = (const char *const *)fig->methods;
  chart.n_categories = (int)fig->n_methods;
  chart.groups = metric_names;
  chart.n_groups = N_METRICS;
  chart.values = fig->values;
  chart.value_decimals = 0;

  /* The legend goes in a row along the bottom: bars reach 100 %, where a legend inside would sit.
   */
  SlLegendEntry entries[N_METRICS];
  for (guint g = 0; g < N_METRICS; g++)
    entries[g] = (SlLegendEntry){ metric_names[g], sl_bar_chart_color (&chart, (int)g),
                                  SL_LEGEND_KEY_PATCH };
  double lw, lh;
  sl_legend_size (canvas, entries, N_METRICS, N_METRICS, &lw, &lh);
  sl_legend_draw_at (canvas, entries, N_METRICS, N_METRICS, area.x + MAX (area.width - lw, 0) / 2,
                     area.y + area.height - lh);
  area = sl_rect_inset (area, 0, 0, 0, lh + LEGEND_GAP);
  sl_bar_chart_draw (&chart, canvas, &area);
}

static void
draw_func (cairo_t *cr, double width, double height, gpointer data)
{
  sl_localisation_figure_draw (data, cr, width, height);
}

gboolean
sl_localisation_figure_export (const SlLocalisationFigure *fig, const char *path, double width,
                               double height, double dpi, GError **error)
{
  g_return_val_if_fail (fig != NULL && path != NULL, FALSE);
  return sl_export_figure (path, width > 0 ? width : fig->width, height > 0 ? height : fig->height,
                           dpi, draw_func, (gpointer)fig, error);
}
