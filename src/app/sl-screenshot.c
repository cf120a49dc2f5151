#include "sl-screenshot.h"

#include "core/sl-atomic.h"
#include "core/sl-error.h"

static gboolean
write_png (const char *tmp_path, gpointer texture, GError **error)
{
  if (gdk_texture_save_to_png (texture, tmp_path))
    return TRUE;
  g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: cannot write the PNG", tmp_path);
  return FALSE;
}

gboolean
sl_screenshot_widget (GtkWidget *widget, const char *path, GError **error)
{
  const int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GtkNative *native = gtk_widget_get_native (widget);
  GskRenderer *renderer = native ? gtk_native_get_renderer (native) : NULL;
  if (width <= 0 || height <= 0 || !renderer)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED, "%s: the window is not shown yet", path);
      return FALSE;
    }
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  g_autoptr (GskRenderNode) node = gtk_snapshot_free_to_node (snapshot);
  if (!node)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED, "%s: the window drew nothing", path);
      return FALSE;
    }
  g_autoptr (GdkTexture) texture
      = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  return sl_atomic_write (path, write_png, texture, error);
}
