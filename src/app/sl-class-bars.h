/* sl-class-bars.h — the model's top classes for a sample as probability bars; activating one asks
 * for its explanation. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_CLASS_BARS (sl_class_bars_get_type ())
G_DECLARE_FINAL_TYPE (SlClassBars, sl_class_bars, SL, CLASS_BARS, GtkWidget)

GtkWidget *sl_class_bars_new        (void);
/* Shows the `max_rows` most probable of n_classes (probs NULL: nothing). `names` copied. */
void       sl_class_bars_set        (SlClassBars       *self,
                                     const double      *probs,
                                     guint              n_classes,
                                     const char *const *names,
                                     int                label);
/* Marks the class being explained (−1: none). */
void       sl_class_bars_set_target (SlClassBars *self,
                                     int          target);

/* Signals: ::class-activated (gint class). */

G_END_DECLS
