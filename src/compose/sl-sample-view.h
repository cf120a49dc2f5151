/* sl-sample-view.h — one sample as the figures show it: its input, true and predicted class,
 * display pixels (images) or signal and time axis (1-D, with MNIST-1D's class templates), and its
 * ground-truth regions when the dataset has them. */
#pragma once

#include "core/sl-parallel.h"
#include "datasets/sl-dataset.h"
#include "engine/sl-model.h"
#include "render/sl-render-overlay.h"

G_BEGIN_DECLS

typedef struct
{
  gsize index;
  char *dataset_name;
  float *x;               /* the model's input (channels-last) */
  gsize x_size;
  int label;              /* true class, or -1 */
  guint n_classes;        /* the model's */
  char **class_names;     /* n_classes, NULL-terminated: the dataset's when it has one per model
                           * class, else "0", "1", … */
  double *probs;          /* n_classes, float64 */
  guint predicted;
  double confidence;      /* probs[predicted] */

  gboolean is_image;      /* rank-3 input */
  SlImageView image;      /* images: what the sample looks like (decoded pixels of an image folder,
                           * else the input brought to [0, 1]); points into the view's buffers */
  gsize length;           /* 1-D: the signal's length */
  float *signal;          /* 1-D: the first channel */
  float *t;               /* 1-D: the time axis (MNIST-1D), or NULL */
  gsize template_length;  /* MNIST-1D: the class templates of the predicted and true classes */
  float *template_pred;
  float *template_true;   /* NULL without a label */

  guint n_regions;        /* ground truth (sl_dataset_get_region); 0 when the dataset has none */
  char **region_names;    /* n_regions, NULL-terminated; NULL without regions */
  gsize region_size;      /* weights per region: the signal's length, or width × height */
  float *regions;         /* n_regions × region_size weights in [0, 1]; > 0 is inside */

  gpointer priv;
} SlSampleView;

/* Loads sample `index` and runs the model on it (`parallel` may be NULL). */
SlSampleView *sl_sample_view_new     (const SlModel *model,
                                      SlDataset     *dataset,
                                      gsize          index,
                                      SlParallel    *parallel,
                                      GError       **error);
void          sl_sample_view_free    (SlSampleView *view);
/* A deep copy (figures keep their own). */
SlSampleView *sl_sample_view_copy    (const SlSampleView *view);

const char   *sl_sample_view_class_name (const SlSampleView *view,
                                         int                 c);
/* "true: 01_TUMOR · pred: 02_STROMA (0.61)" (`sep` between the parts; the true part only with a
 * label), plus " · map of C" when `target` ≥ 0 is not the predicted class. */
char         *sl_sample_view_caption (const SlSampleView *view,
                                      int                 target,
                                      const char         *sep);
/* The caption's prediction part alone: "pred: 02_STROMA (0.61)" [" · map of C"]. */
char         *sl_sample_view_prediction (const SlSampleView *view,
                                         int                 target);

/* Where region `region` lies: the number of positions inside it (weight > 0), and the first and
 * last of them (positions of a signal, row-major pixel indices of an image); 0 when it is empty
 * or does not exist. */
gsize         sl_sample_view_region_extent (const SlSampleView *view,
                                            guint               region,
                                            gsize              *first,
                                            gsize              *last);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlSampleView, sl_sample_view_free)

G_END_DECLS
