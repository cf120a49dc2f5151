/* sl-render-training.h — the training figure: loss and accuracy per epoch (and per batch), train
 * and validation. */
#pragma once

#include "render/sl-figure-types.h"

G_BEGIN_DECLS

typedef struct
{
  gsize n_epochs;
  const double *epochs;     /* NULL: 1 … n_epochs */
  const double *train_loss; /* n_epochs values each; any may be NULL */
  const double *val_loss;
  const double *train_acc;
  const double *val_acc;
  const char *title;
  /* Optional per-batch running means of the epoch in progress, drawn as a thin line under the
   * epochs' points: x in epochs (epoch e's batch b of n at e + (b + 1) / n, so an epoch's last
   * batch meets its epoch point). */
  gsize n_batches;
  const double *batch_x;
  const double *batch_loss;
  const double *batch_acc;
} SlTrainingFigure;

/* Two panels, loss left and accuracy right; a dotted line marks the best validation epoch
 * (highest accuracy, or lowest loss without accuracies). */
void sl_render_training (cairo_t                *cr,
                         double                  width,
                         double                  height,
                         const SlTrainingFigure *fig);

static inline void
sl_render_training_func (cairo_t *cr, double width, double height, gpointer fig)
{
  sl_render_training (cr, width, height, (const SlTrainingFigure *) fig);
}

G_END_DECLS
