/* sl-sample-cell.h — one gallery thumbnail: the picture, true and predicted class, confidence, and
 * a wrong prediction marked by an icon and the "wrong" style class. */
#pragma once

#include "sl-sample-item.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_SAMPLE_CELL (sl_sample_cell_get_type ())
G_DECLARE_FINAL_TYPE (SlSampleCell, sl_sample_cell, SL, SAMPLE_CELL, GtkWidget)

GtkWidget *sl_sample_cell_new (void);
/* Shows `item` (followed as its prediction arrives) with `texture` (may be NULL); `class_names`
 * (n_classes, borrowed: the gallery keeps them while the cell is bound). */
void sl_sample_cell_bind (SlSampleCell *self, SlSampleItem *item, GdkTexture *texture,
                          const char *const *class_names, guint n_classes);
void sl_sample_cell_unbind (SlSampleCell *self);
/* The thumbnail, once made (NULL: none yet). */
void sl_sample_cell_set_texture (SlSampleCell *self, GdkTexture *texture);
/* The thumbnail's box, kept while the picture is still being made so the grid does not jump. */
void sl_sample_cell_set_thumbnail_size (SlSampleCell *self, int width, int height);
SlSampleItem *sl_sample_cell_get_item (SlSampleCell *self);
/* The thumbnail shown, or NULL. */
GdkPaintable *sl_sample_cell_get_paintable (SlSampleCell *self);
/* What the cell says to assistive technologies: "Sample 12: true 3, predicted 5, 61 %". */
const char *sl_sample_cell_get_description (SlSampleCell *self);

G_END_DECLS
