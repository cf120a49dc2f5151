/* sl-slic.h — SLIC superpixels (Achanta et al. 2012): k-means on colour and position. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Labels (h·w, 0 … n − 1) of about `n_segments` superpixels of an h × w × c image (features as
 * sl_segments_features). `compactness` weighs spatial against colour distance (10 suits Lab);
 * after `max_iter` iterations, connected pieces under half the average segment join a neighbour.
 * NULL once `cancellable` (may be NULL) is cancelled. */
guint *sl_slic (const float  *img,
                gsize         h,
                gsize         w,
                gsize         c,
                guint         n_segments,
                double        compactness,
                guint         max_iter,
                GCancellable *cancellable,
                guint        *n_out);

G_END_DECLS
