/* sl-explanation-figure.h — the figure of one explanation over its sample (the heatmap over an
 * image, the attribution band under a 1-D signal, the ground truth with them), the same for the
 * window, the CLI and export. */
#pragma once

#include "compose/sl-sample-view.h"
#include "explain/sl-explain.h"
#include "render/sl-colormap.h"

#include <cairo.h>

G_BEGIN_DECLS

typedef enum
{
  SL_MAP_SCALE_RAW,     /* the map's own values and range */
  SL_MAP_SCALE_MAX_ABS, /* divided by the largest |value|: [0, 1], or [−1, 1] for signed maps */
  SL_MAP_SCALE_MIN_MAX, /* (v − min) / (max − min): [0, 1] */
} SlMapScale;

typedef struct
{
  gboolean auto_colormap; /* TRUE: jet, or RdBu_r when the map has negative values */
  SlColormap colormap;
  double alpha;           /* heatmap / band opacity: 0.5 */
  SlMapScale scale;       /* SL_MAP_SCALE_RAW */
  double mask_frac;       /* > 0: show what the drop/increase metric keeps at this frac */
  double contour_percent; /* > 0: outline the top percent (images) */
  guint top_k;            /* 1-D: mark the top k positions */
  gboolean templates;     /* 1-D MNIST-1D: the class-template panel (TRUE) */
  double text_scale;      /* fonts and lines ×: 1 (presentation mode: larger) */
  gboolean high_contrast; /* colour-blind-safe map, more opaque (sl_figure_style_pick_colormap) */
  gboolean show_regions;  /* the sample's ground truth, when it has some: a hatched band under a
                           * signal, dashed outlines over an image (TRUE) */
  const char *title;      /* NULL: "METHOD · sample I · CAPTION" */
} SlFigureStyle;

void sl_figure_style_init (SlFigureStyle *style);

/* The opacity the heatmap is drawn at: the style's, at least SL_HIGH_CONTRAST_ALPHA in high
 * contrast (a washed-out projector fades a half-transparent map into the input). */
#define SL_HIGH_CONTRAST_ALPHA 0.7
double     sl_figure_style_get_alpha     (const SlFigureStyle *style);
/* The colour map of these maps: the style's, or picked (auto_colormap), then in high contrast
 * replaced by a colour-blind-safe one when it is not (sl-explanation-figure.c says why). */
SlColormap sl_figure_style_pick_colormap (const SlFigureStyle *style,
                                          const float *const  *maps,
                                          const gsize         *sizes,
                                          guint                n_maps);

typedef struct _SlExplanationFigure SlExplanationFigure;

/* The figure of `expl` over `view` (expl NULL: the sample alone). `method_title` names the method
 * (NULL: from the explanation). Both are copied: the figure stands alone. */
SlExplanationFigure *sl_explanation_figure_new  (const SlSampleView  *view,
                                                 const SlExplanation *expl,
                                                 const SlFigureStyle *style);
void     sl_explanation_figure_free             (SlExplanationFigure *fig);

/* The size it is drawn at by default, in points: the CLI's render size, × text_scale. */
void     sl_explanation_figure_get_size         (const SlExplanationFigure *fig,
                                                 double                    *width,
                                                 double                    *height);
void     sl_explanation_figure_draw             (const SlExplanationFigure *fig,
                                                 cairo_t                   *cr,
                                                 double                     width,
                                                 double                     height);
/* PNG / SVG / PDF by extension, atomically (sl_export_figure). width/height ≤ 0: the default size. */
gboolean sl_explanation_figure_export           (const SlExplanationFigure *fig,
                                                 const char                *path,
                                                 double                     width,
                                                 double                     height,
                                                 double                     dpi,
                                                 GError                   **error);

/* What lies under a point of the figure drawn at width × height: the input position (row, col for
 * images; col for 1-D) and the map's value there (as drawn, after scaling) and the raw value. */
typedef struct
{
  int row;
  int col;
  double value;
  double raw_value;
} SlFigureProbe;

gboolean sl_explanation_figure_probe            (const SlExplanationFigure *fig,
                                                 double                     width,
                                                 double                     height,
                                                 double                     x,
                                                 double                     y,
                                                 SlFigureProbe             *probe);

/* The colour bar's range and label (units), as drawn. */
void     sl_explanation_figure_get_range        (const SlExplanationFigure *fig,
                                                 double                    *vmin,
                                                 double                    *vmax,
                                                 const char               **label);

/* Where the map peaks and how it is spread, in words ("Grad-CAM for class 3 (logit): the map peaks
 * at position 21 of 40, …"), for accessibility. */
char    *sl_explanation_figure_describe         (const SlExplanationFigure *fig);

/* The regions of `view` as the figures draw them, when `style` shows them (else NULL, 0); the
 * array points into `view`, which must outlive it (g_free it). */
SlFigureRegion *sl_figure_regions_new           (const SlSampleView  *view,
                                                 const SlFigureStyle *style,
                                                 guint               *n_regions);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlExplanationFigure, sl_explanation_figure_free)

G_END_DECLS
