/* sl-figure-axes.h — one plot area: limits, nice ticks, tick labels, axis labels and a title. */
#pragma once

#include "render/sl-figure-canvas.h"
#include "render/sl-figure-ticks.h"

G_BEGIN_DECLS

typedef struct
{
  /* Set by the caller (zero is a sensible default for each). */
  double xmin, xmax;               /* data limits */
  double ymin, ymax;
  gboolean x_expand;               /* widen the limits to the nice ticks just outside */
  gboolean y_expand;
  const char *const *x_categories; /* a category axis: ticks at 0 … n − 1, limits ±0.5 */
  int n_x_categories;
  const char *const *y_categories;
  int n_y_categories;
  gboolean y_down;                 /* y grows downwards (rows of a matrix) */
  gboolean equal_aspect;           /* one x unit as long as one y unit */
  gboolean grid;                   /* light lines at the ticks */
  gboolean open_frame;             /* left and bottom spines only */
  gboolean x_integer;              /* x ticks on whole numbers only (epochs) */
  const char *title;
  const char *xlabel;
  const char *ylabel;

  /* Filled by sl_axes_layout. */
  SlRect outer;
  SlRect plot;
  SlTicks xticks;
  SlTicks yticks;
  double x0, x1, y0, y1;           /* final limits */
  double ytick_width;
  gboolean x_rotated;              /* category labels turned 45° to fit */
} SlAxes;

/* Places the plot area inside `outer`, leaving room for the title, ticks and labels. */
void   sl_axes_layout          (SlAxes       *axes,
                                SlCanvas     *canvas,
                                const SlRect *outer);

/* Data → user coordinates. */
double sl_axes_px              (const SlAxes *axes,
                                double        x);
double sl_axes_py              (const SlAxes *axes,
                                double        y);

/* The grid, under the data. */
void   sl_axes_draw_grid       (const SlAxes *axes,
                                SlCanvas     *canvas);

/* Spines, ticks, tick labels, axis labels and title, over the data. */
void   sl_axes_draw_frame      (const SlAxes *axes,
                                SlCanvas     *canvas);

/* Clips cr to the plot area (callers save and restore around it). */
void   sl_axes_clip            (const SlAxes *axes,
                                SlCanvas     *canvas);

/* Data limits of n finite values (NaN and ±inf skipped); FALSE when there are none. */
gboolean sl_data_range         (const double *values,
                                gsize         n,
                                double       *lo,
                                double       *hi);

G_END_DECLS
