#include "sl-figure-view.h"

#include "render/sl-c-locale.h"

#include <math.h>

/* On screen a figure grows with the widget, but its text should not become poster-sized: the scale
 * from figure points to pixels stays within these bounds and the figure is laid out at the rest. */
#define MIN_SCALE 0.6
#define MAX_SCALE 1.6

struct _SlFigureView
{
  GtkWidget parent_instance;
  SlExplanationFigure *explanation;
  SlComparisonFigure *comparison;
  gpointer custom;
  GDestroyNotify custom_free;
  SlFigureDrawFunc custom_draw;
  double custom_w, custom_h;
};

enum
{
  SIG_PROBE,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlFigureView, sl_figure_view, GTK_TYPE_WIDGET)

static gboolean
natural_size (SlFigureView *self, double *w, double *h)
{
  if (self->explanation)
    sl_explanation_figure_get_size (self->explanation, w, h);
  else if (self->comparison)
    sl_comparison_figure_get_size (self->comparison, w, h);
  else if (self->custom_draw)
    {
      *w = self->custom_w;
      *h = self->custom_h;
    }
  else
    return FALSE;
  return *w > 0 && *h > 0;
}

/* Where the figure goes in a widget of width × height: its offset, the points-to-pixels scale and
 * the size in points it is laid out at. */
typedef struct
{
  double x, y, scale, width, height;
} Placement;

/* How far a figure's proportions may bend to fill the widget: a wide signal plot may grow taller,
 * but not into a square. */
#define MAX_STRETCH 1.35

static gboolean
place (SlFigureView *self, double width, double height, Placement *p)
{
  double nw, nh;
  if (!natural_size (self, &nw, &nh) || width < 1 || height < 1)
    return FALSE;
  p->scale = CLAMP (MIN (width / nw, height / nh), MIN_SCALE, MAX_SCALE);
  /* Laid out at the widget's size in points, its aspect kept within MAX_STRETCH of the natural one
   * (the figures lay themselves out for any size). */
  double w = width / p->scale, h = height / p->scale;
  const double natural = nw / nh;
  if (w / h > natural * MAX_STRETCH)
    w = h * natural * MAX_STRETCH;
  else if (w / h < natural / MAX_STRETCH)
    h = w / (natural / MAX_STRETCH);
  p->width = w;
  p->height = h;
  p->x = floor ((width - w * p->scale) / 2);
  p->y = floor ((height - h * p->scale) / 2);
  return TRUE;
}

static void
draw (SlFigureView *self, cairo_t *cr, const Placement *p)
{
  cairo_save (cr);
  cairo_translate (cr, p->x, p->y);
  cairo_scale (cr, p->scale, p->scale);
  SlCLocale locale;
  sl_c_locale_begin (&locale);
  if (self->explanation)
    sl_explanation_figure_draw (self->explanation, cr, p->width, p->height);
  else if (self->comparison)
    sl_comparison_figure_draw (self->comparison, cr, p->width, p->height);
  else
    self->custom_draw (cr, p->width, p->height, self->custom);
  sl_c_locale_end (&locale);
  cairo_restore (cr);
}

static void
sl_figure_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  SlFigureView *self = SL_FIGURE_VIEW (widget);
  const int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  Placement p;
  if (!place (self, width, height, &p))
    return;
  const graphene_rect_t page = GRAPHENE_RECT_INIT (p.x, p.y, p.width * p.scale, p.height * p.scale);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &page);
  draw (self, cr, &p);
  cairo_destroy (cr);
  /* The page is white in light and dark styles alike: a hairline in the text colour frames it
   * against a light window background, and keeps its edge crisp against a dark one. */
  GdkRGBA fg;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  fg.alpha *= 0.3f;
  GskRoundedRect outline;
  gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (page.origin.x - 1, page.origin.y - 1,
                                                                 page.size.width + 2,
                                                                 page.size.height + 2), 0);
  const float widths[4] = { 1, 1, 1, 1 };
  const GdkRGBA colors[4] = { fg, fg, fg, fg };
  gtk_snapshot_append_border (snapshot, &outline, widths, colors);
}

static void
sl_figure_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                        int *natural, int *minimum_baseline, int *natural_baseline)
{
  SlFigureView *self = SL_FIGURE_VIEW (widget);
  double nw = 360, nh = 330;
  natural_size (self, &nw, &nh);
  *minimum = 120;
  /* GTK insists on natural ≥ minimum: a short figure (a one-row table) still asks for the minimum. */
  *natural = MAX (*minimum, (int) ceil (orientation == GTK_ORIENTATION_HORIZONTAL ? nw : nh));
}

static void
on_motion (GtkEventControllerMotion *controller, double x, double y, SlFigureView *self)
{
  Placement p;
  SlFigureProbe probe = { 0 };
  gboolean inside = FALSE;
  if (self->explanation
      && place (self, gtk_widget_get_width (GTK_WIDGET (self)),
                gtk_widget_get_height (GTK_WIDGET (self)), &p))
    inside = sl_explanation_figure_probe (self->explanation, p.width, p.height,
                                          (x - p.x) / p.scale, (y - p.y) / p.scale, &probe);
  g_signal_emit (self, signals[SIG_PROBE], 0, inside, probe.row, probe.col, probe.value,
                 probe.raw_value);
}

static void
on_leave (GtkEventControllerMotion *controller, SlFigureView *self)
{
  g_signal_emit (self, signals[SIG_PROBE], 0, FALSE, 0, 0, 0.0, 0.0);
}

static void
clear (SlFigureView *self)
{
  g_clear_pointer (&self->explanation, sl_explanation_figure_free);
  g_clear_pointer (&self->comparison, sl_comparison_figure_free);
  if (self->custom && self->custom_free)
    self->custom_free (self->custom);
  self->custom = NULL;
  self->custom_free = NULL;
  self->custom_draw = NULL;
}

static void
sl_figure_view_finalize (GObject *object)
{
  clear (SL_FIGURE_VIEW (object));
  G_OBJECT_CLASS (sl_figure_view_parent_class)->finalize (object);
}

static void
sl_figure_view_class_init (SlFigureViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->finalize = sl_figure_view_finalize;
  widget_class->snapshot = sl_figure_view_snapshot;
  widget_class->measure = sl_figure_view_measure;
  gtk_widget_class_set_css_name (widget_class, "figureview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  signals[SIG_PROBE] = g_signal_new ("probe", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                     NULL, NULL, NULL, G_TYPE_NONE, 5, G_TYPE_BOOLEAN, G_TYPE_INT,
                                     G_TYPE_INT, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
}

static void
sl_figure_view_init (SlFigureView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
}

GtkWidget *
sl_figure_view_new (void)
{
  return g_object_new (SL_TYPE_FIGURE_VIEW, NULL);
}

/* Screen readers get the figure's own description. */
static void
update_description (SlFigureView *self)
{
  g_autofree char *text = self->explanation ? sl_explanation_figure_describe (self->explanation)
                                            : NULL;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text ? text : "", -1);
}

void
sl_figure_view_set_explanation (SlFigureView *self, SlExplanationFigure *fig)
{
  g_return_if_fail (SL_IS_FIGURE_VIEW (self));
  clear (self);
  self->explanation = fig;
  update_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
sl_figure_view_set_comparison (SlFigureView *self, SlComparisonFigure *fig)
{
  g_return_if_fail (SL_IS_FIGURE_VIEW (self));
  clear (self);
  self->comparison = fig;
  update_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
sl_figure_view_set_custom (SlFigureView *self, gpointer fig, GDestroyNotify free,
                           SlFigureDrawFunc draw_func, double natural_w, double natural_h)
{
  g_return_if_fail (SL_IS_FIGURE_VIEW (self));
  g_return_if_fail (fig == NULL || (draw_func != NULL && natural_w > 0 && natural_h > 0));
  clear (self);
  if (fig)
    {
      self->custom = fig;
      self->custom_free = free;
      self->custom_draw = draw_func;
      self->custom_w = natural_w;
      self->custom_h = natural_h;
    }
  update_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

gpointer
sl_figure_view_get_custom (SlFigureView *self)
{
  g_return_val_if_fail (SL_IS_FIGURE_VIEW (self), NULL);
  return self->custom;
}

static gboolean
place_self (SlFigureView *self, Placement *p)
{
  return place (self, gtk_widget_get_width (GTK_WIDGET (self)),
                gtk_widget_get_height (GTK_WIDGET (self)), p);
}

gboolean
sl_figure_view_to_figure (SlFigureView *self, double x, double y, double *fig_x, double *fig_y,
                          double *fig_w, double *fig_h)
{
  g_return_val_if_fail (SL_IS_FIGURE_VIEW (self), FALSE);
  Placement p;
  if (!place_self (self, &p))
    return FALSE;
  *fig_x = (x - p.x) / p.scale;
  *fig_y = (y - p.y) / p.scale;
  *fig_w = p.width;
  *fig_h = p.height;
  return TRUE;
}

gboolean
sl_figure_view_from_figure (SlFigureView *self, double fig_x, double fig_y, double *x, double *y)
{
  g_return_val_if_fail (SL_IS_FIGURE_VIEW (self), FALSE);
  Placement p;
  if (!place_self (self, &p))
    return FALSE;
  *x = p.x + fig_x * p.scale;
  *y = p.y + fig_y * p.scale;
  return TRUE;
}

SlExplanationFigure *
sl_figure_view_get_explanation (SlFigureView *self)
{
  return self->explanation;
}

SlComparisonFigure *
sl_figure_view_get_comparison (SlFigureView *self)
{
  return self->comparison;
}

gboolean
sl_figure_view_has_figure (SlFigureView *self)
{
  return self->explanation || self->comparison || self->custom;
}

GdkTexture *
sl_figure_view_render_texture (SlFigureView *self, double scale)
{
  Placement p;
  if (!place (self, MAX (gtk_widget_get_width (GTK_WIDGET (self)), 1),
              MAX (gtk_widget_get_height (GTK_WIDGET (self)), 1), &p))
    return NULL;
  const int w = (int) ceil (p.width * p.scale * scale), h = (int) ceil (p.height * p.scale * scale);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  p.x = p.y = 0;
  draw (self, cr, &p);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  g_autoptr (GBytes) bytes
      = g_bytes_new (cairo_image_surface_get_data (surface),
                     (gsize) cairo_image_surface_get_stride (surface) * h);
  GdkTexture *texture = gdk_memory_texture_new (w, h, GDK_MEMORY_DEFAULT, bytes,
                                                (gsize) cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
  return texture;
}
