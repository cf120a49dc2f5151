/* The segmentation LIME and Kernel SHAP use, chosen by their shared parameters. */
#include "explain/sl-explain-private.h"

#include "explain/sl-quickshift.h"
#include "explain/sl-segments.h"
#include "explain/sl-slic.h"

#include <string.h>

const char *const sl_segmentation_names[] = { "slic", "quickshift", "grid", NULL };

guint *
sl_ctx_segments (SlExplainContext *ctx, guint *n_segments, GError **error)
{
  const SlParams *p = ctx->params;
  if (ctx->in_h == 1)
    return sl_segments_sections (ctx->in_w, (gsize) sl_params_get_int (p, "sec_size"), n_segments);
  const char *kind = sl_params_get_string (p, "segmentation");
  if (!strcmp (kind, "grid"))
    return sl_segments_grid (ctx->in_h, ctx->in_w, (gsize) sl_params_get_int (p, "cell"),
                             n_segments);
  guint *labels;
  if (!strcmp (kind, "quickshift"))
    labels = sl_quickshift (ctx->x, ctx->in_h, ctx->in_w, ctx->in_c,
                            sl_params_get_double (p, "ratio"), sl_params_get_double (p, "kernel_size"),
                            sl_params_get_double (p, "max_dist"), ctx->cancellable, n_segments);
  else
    labels = sl_slic (ctx->x, ctx->in_h, ctx->in_w, ctx->in_c,
                      (guint) sl_params_get_int (p, "n_segments"),
                      sl_params_get_double (p, "compactness"), 10, ctx->cancellable, n_segments);
  if (!labels)
    sl_ctx_check (ctx, error); /* only cancellation stops them */
  return labels;
}
