/* sl-mnist1d.h — the exact MNIST-1D generator (Greydanus 2020) and datasets over its splits. */
#pragma once

#include <glib.h>

#include "datasets/sl-dataset.h"

G_BEGIN_DECLS

#define SL_MNIST1D_N_CLASSES    10
#define SL_MNIST1D_TEMPLATE_LEN 12 /* points in each digit template */

/* Every knob of the official generator (see ../shared/specs/MNIST1D.md). */
typedef struct
{
  guint    num_samples;      /* in all; num_samples / 10 of each digit */
  double   train_split;      /* fraction of the (shuffled) samples that form the training set */
  guint    template_len;     /* working length is template_len + padding_max */
  guint    padding_min;      /* zeros appended to a template: uniform in [min, max] */
  guint    padding_max;
  double   scale_coeff;      /* amplitude scaled by 1 + scale_coeff · U(−½, ½) */
  guint    max_translation;  /* circular shift uniform in [0, max_translation) */
  double   corr_noise_scale; /* smoothed (σ = 2) Gaussian noise, where the signal is exactly 0 */
  double   iid_noise_scale;  /* white Gaussian noise everywhere */
  double   shear_scale;      /* linear trend of slope shear_scale · U(−½, ½) */
  guint    final_seq_length; /* points per output sample */
  guint32  seed;             /* NumPy legacy (MT19937) seed */
  gboolean shuffle_seq;      /* also permute the time axis (the same permutation for all samples) */
} SlMnist1dParams;

/* The defaults, which reproduce the official mnist1d_data.pkl. */
void                   sl_mnist1d_params_init_default (SlMnist1dParams *params);

/* Applies "key=value,key=value" (keys: the field names above, e.g. "seed=7,iid_noise_scale=0.05")
 * to `params`; FALSE with an error naming the bad key or value. */
gboolean               sl_mnist1d_params_parse        (SlMnist1dParams *params,
                                                       const char      *assignments,
                                                       GError         **error);

/* FALSE, with an error naming the parameter, when `params` cannot be generated. */
gboolean               sl_mnist1d_params_check        (const SlMnist1dParams *params,
                                                       GError               **error);

/* A generated set: train and test samples (float64, standardised), the time axis and the templates.
 */
typedef struct _SlMnist1d SlMnist1d;

SlMnist1d             *sl_mnist1d_generate            (const SlMnist1dParams *params,
                                                       GError               **error);
void                   sl_mnist1d_free                (SlMnist1d *self);

const SlMnist1dParams *sl_mnist1d_get_params          (const SlMnist1d *self);
/* Points per sample (final_seq_length). */
gsize                  sl_mnist1d_get_seq_length      (const SlMnist1d *self);
/* Row-major samples × seq_length values of the train or test split; `n_samples` may be NULL. */
const double          *sl_mnist1d_get_x               (const SlMnist1d *self,
                                                       gboolean         train,
                                                       gsize           *n_samples);
const gint64          *sl_mnist1d_get_y               (const SlMnist1d *self,
                                                       gboolean         train,
                                                       gsize           *n_samples);
/* Where each sample's digit is: rows like sl_mnist1d_get_x's, one weight in [0, 1] per point —
 * the share of template content in it. The generator appends p zeros to the 12-point template; an
 * indicator (1 on the template's points, 0 on the padding) goes through the same linear
 * interpolation to template_len + padding_max points, rotation (wrapping around the end when a
 * shift carries the template past it) and interpolation to final_seq_length, and the time-axis
 * shuffle of shuffle_seq; a working point whose value is exactly 0 (the generator then puts noise
 * there) gets weight 0. The points of weight > 0 are the digit's span — by default 7 to 11
 * contiguous points of the 40. */
const double          *sl_mnist1d_get_weights         (const SlMnist1d *self,
                                                       gboolean         train,
                                                       gsize           *n_samples);
/* The time axis of the samples (seq_length values, in units of the data's std). */
const double          *sl_mnist1d_get_t               (const SlMnist1d *self);

/* Template of `digit` (SL_MNIST1D_TEMPLATE_LEN values), NULL when digit ≥ 10. */
const double          *sl_mnist1d_get_template_x      (const SlMnist1d *self,
                                                       guint            digit);
/* All templates, row-major 10 × SL_MNIST1D_TEMPLATE_LEN. */
const double          *sl_mnist1d_get_templates_x     (const SlMnist1d *self);
/* The templates' time axis (SL_MNIST1D_TEMPLATE_LEN values). */
const double          *sl_mnist1d_get_template_t      (const SlMnist1d *self);
/* The templates' labels (10 values, 0 … 9). */
const gint64          *sl_mnist1d_get_template_y      (const SlMnist1d *self);

/* A dataset over the train or test split of a freshly generated set (params NULL: the defaults).
 * Samples are float32 of shape (final_seq_length, 1); classes "0" … "9"; one ground-truth region,
 * "digit": sl_mnist1d_get_weights as float32. */
SlDataset             *sl_mnist1d_dataset_new         (const SlMnist1dParams *params,
                                                       gboolean               train,
                                                       GError               **error);

/* The generated set behind a dataset of sl_mnist1d_dataset_new() (for its templates), or NULL when
 * `dataset` is of another kind. Owned by the dataset. */
const SlMnist1d       *sl_mnist1d_dataset_get_data    (const SlDataset *dataset);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlMnist1d, sl_mnist1d_free)

G_END_DECLS
