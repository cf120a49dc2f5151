/* sl-ops.h — the numeric kernels of each layer kind, forward and backward, on channels-last batches. */
#pragma once

#include "core/sl-parallel.h"
#include "engine/sl-layer.h"

G_BEGIN_DECLS

/* Scratch memory a kernel may use; grown on demand and kept between calls. */
typedef struct
{
  float *data;
  gsize size;
} SlScratch;

float   *sl_scratch_get         (SlScratch *s,
                                 gsize      n);
void     sl_scratch_clear       (SlScratch *s);

/* Activations, in place on n values whose last axis has `channels` entries (for softmax). */
void     sl_act_forward         (const SlActParams *act,
                                 float             *x,
                                 gsize              n,
                                 gsize              channels);
/* dz = f'(z) · da, from the pre-activation z (only when sl_act_needs_pre) and/or the output a. */
void     sl_act_backward        (const SlActParams *act,
                                 const float       *z,
                                 const float       *a,
                                 const float       *da,
                                 float             *dz,
                                 gsize              n,
                                 gsize              channels);
gboolean sl_act_needs_pre       (const SlActParams *act);
/* One value, for elementwise activations (not softmax). */
void     sl_act_forward_scalar  (const SlActParams *act,
                                 float             *x);

/* Convolution (Conv1D as H = 1): y = n × out before the activation — or after a plain ReLU when
 * `fuse_relu` asks for it and the path can (returns whether it applied it). */
gboolean sl_conv_forward        (const SlLayer *l,
                                 const float   *x,
                                 float         *y,
                                 gsize          n,
                                 gboolean       fuse_relu,
                                 SlScratch     *scratch,
                                 SlParallel    *parallel);
/* From dz (n × out): dx (may be NULL) and, when dkernel/dbias are not NULL, accumulate them. dx is
 * spread over `parallel` (may be NULL) where the direct path runs it. */
void     sl_conv_backward       (const SlLayer *l,
                                 const float   *x,
                                 const float   *dz,
                                 float         *dx,
                                 float         *dkernel,
                                 float         *dbias,
                                 gsize          n,
                                 SlScratch     *scratch,
                                 SlParallel    *parallel);

/* Max pooling picks one of several nearly equal values by float32 rounding noise, and the gradient
 * follows that pick. This backward of a max pool fed by a conv (ReLU or linear) takes the windows
 * whose two largest inputs lie within SL_POOL_TIE_WINDOW (relative), recomputes the candidates' conv
 * outputs with float64 accumulation and routes the gradient to the one exact arithmetic makes the
 * maximum (exact ties to the first, as TensorFlow). Forward values are unaffected. */
#define SL_POOL_TIE_WINDOW 1e-5f
void     sl_conv_pool_backward   (const SlLayer *conv,
                                  const SlLayer *pool,
                                  const float   *x,
                                  const float   *y,
                                  const float   *dy,
                                  float         *dx,
                                  gsize          n,
                                  SlParallel    *parallel);

/* The direct path (sl-conv-direct.c): stride 1, a bias, output channels a multiple of the CPU's
 * vector width; rows of the batch are spread over `parallel` (may be NULL). */
gboolean sl_conv_direct_usable   (const SlLayer *l);
void     sl_conv_direct_forward  (const SlLayer *l,
                                  const float   *x,
                                  float         *y,
                                  gsize          n,
                                  gboolean       relu,
                                  SlParallel    *parallel);
/* dx = the input gradient from dz, as the direct forward pass of the transposed layer, when it can
 * run it (stride 1, padding at most the kernel's extent, input channels a multiple of the vector
 * width); FALSE, dx untouched, otherwise. */
gboolean sl_conv_direct_backward (const SlLayer *l,
                                  const float   *dz,
                                  float         *dx,
                                  gsize          n,
                                  SlParallel    *parallel);

void     sl_dense_forward       (const SlLayer *l,
                                 const float   *x,
                                 float         *y,
                                 gsize          n);
void     sl_dense_backward      (const SlLayer *l,
                                 const float   *x,
                                 const float   *dz,
                                 float         *dx,
                                 float         *dkernel,
                                 float         *dbias,
                                 gsize          n);

/* Max and average pooling with windows (and their global forms). */
void     sl_pool_forward        (const SlLayer *l,
                                 const float   *x,
                                 float         *y,
                                 gsize          n,
                                 SlParallel    *parallel);
void     sl_pool_backward       (const SlLayer *l,
                                 const float   *x,
                                 const float   *y,
                                 const float   *dy,
                                 float         *dx,
                                 gsize          n);

/* Batch norm (inference), zero padding. */
void     sl_misc_forward        (const SlLayer *l,
                                 const float   *x,
                                 float         *y,
                                 gsize          n);
void     sl_misc_backward       (const SlLayer *l,
                                 const float   *dy,
                                 float         *dx,
                                 gsize          n);

G_END_DECLS
