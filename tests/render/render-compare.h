/* render-compare.h — comparing rendered images with a tolerance, for the render tests. */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double mean;          /* mean |difference| over all channels, 0 … 255 */
  double frac_over;     /* fraction of pixels whose largest channel difference is over the
                         * threshold */
  int max;              /* largest channel difference */
} RenderDiff;

/* Compares two ARGB32 surfaces of the same size (colours composited over white first). With
 * `blur`, each channel is first averaged over 3 × 3 pixels, which forgives antialiasing and glyph
 * rasterisation but not a missing or moved mark. FALSE when the sizes differ. */
gboolean render_compare (cairo_surface_t *a,
                         cairo_surface_t *b,
                         int              threshold,
                         gboolean         blur,
                         RenderDiff      *diff);

/* Draws case-like `draw` into a new ARGB32 surface of width_pt × height_pt at dpi. */
cairo_surface_t *render_to_surface (void (*draw) (cairo_t *, double, double, gpointer),
                                    gpointer data,
                                    double   width_pt,
                                    double   height_pt,
                                    double   dpi);

/* Frees Pango's process-wide font caches, so that the leak checker of the sanitizer build reports
 * only real leaks. Call once, after the last test. */
void render_test_shutdown (void);

G_END_DECLS
