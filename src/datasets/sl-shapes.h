/* sl-shapes.h — a built-in image set: four shapes on textured noise, with masks and a shortcut. */

/* Each sample is drawn on demand from (seed, split, index): one circle, square, triangle or cross
 * at a random position, size, colour and angle on a smoothed colour-noise background (darker than
 * the shape: RGB distance ≥ 0.5, luma ≥ 0.3 lighter), anti-aliased by supersampling; its coverage
 * is the region "object". The shortcut variant also puts a white square (6 × 6 px at 64) in the
 * corner that belongs to a class (0 top left, 1 top right, 2 bottom left, 3 bottom right; region
 * "mark"): in the training split it agrees with the class for a `shortcut_rate` share of the
 * samples (the others have none), in the test split it is another class's by default. The object
 * never reaches a corner's mark area, so the two regions never overlap, and a sample of the
 * shortcut variant equals the same sample of the plain set but for the mark's pixels. */
#pragma once

#include <glib.h>

#include "datasets/sl-dataset.h"

G_BEGIN_DECLS

#define SL_SHAPES_N_CLASSES 4

/* What the marks of the shortcut variant's test split do. */
typedef enum
{
  SL_SHAPES_TEST_MARK_SWAP,  /* another class's mark, drawn at random ("swap") */
  SL_SHAPES_TEST_MARK_NONE,  /* no mark ("none") */
  SL_SHAPES_TEST_MARK_AGREE, /* as in the training split ("agree") */
} SlShapesTestMark;

typedef struct
{
  guint            n_train;       /* samples of the training split */
  guint            n_test;        /* samples of the test split */
  guint            size;          /* images are size × size × 3 */
  guint32          seed;
  double           radius_min;    /* a shape's radius, as a share of size (8–16 px at 64) */
  double           radius_max;
  double           noise;         /* scales the background texture and the fine noise: 0 draws
                                   * a flat background and clean shapes */
  guint            supersample;   /* k × k points per pixel for the anti-aliasing */
  gboolean         shortcut;      /* draw the class marks */
  double           shortcut_rate; /* share of training samples whose mark agrees (others: none) */
  SlShapesTestMark test_mark;
  guint            mark_size;     /* side of a mark in pixels; 0: size × 3 / 32 (6 at 64) */
} SlShapesParams;

/* 4,000 training and 1,000 test samples of 64 × 64, seed 0, radii 0.125–0.25, noise 1, 4 × 4
 * supersampling, no shortcut (rate 1, test marks swapped when it is on). */
void                  sl_shapes_params_init_default (SlShapesParams *params);

/* Applies "key=value,key=value" (keys: the field names above; test_mark takes swap, none or agree;
 * booleans true, false, 1 or 0) to `params`, then checks them; FALSE with an error naming the bad
 * key or value. */
gboolean              sl_shapes_params_parse        (SlShapesParams *params,
                                                     const char     *assignments,
                                                     GError        **error);

/* FALSE, with an error naming the parameter, when `params` cannot be drawn (the caps keep a spec
 * from asking for gigabytes: at most 10,000,000 samples a split, images of at most 512 pixels). */
gboolean              sl_shapes_params_check        (const SlShapesParams *params,
                                                     GError              **error);

/* The train or test split (params NULL: the defaults). Opening only draws the labels (balanced,
 * shuffled with the seed) and, for the shortcut variant, which mark each sample carries; samples
 * and regions are drawn when asked for, the same bits every time. Classes "circle", "square",
 * "triangle", "cross"; regions "object" (and "mark" with the shortcut). */
SlDataset            *sl_shapes_dataset_new         (const SlShapesParams *params,
                                                     gboolean              train,
                                                     GError              **error);

/* The parameters of a dataset of sl_shapes_dataset_new(), or NULL for another kind. */
const SlShapesParams *sl_shapes_dataset_get_params  (const SlDataset *dataset);

/* The class whose mark sample `index` carries, or -1 (no mark, no such sample, another kind). */
int                   sl_shapes_dataset_get_mark    (const SlDataset *dataset,
                                                     gsize            index);

G_END_DECLS
