/* sl-faithfulness.h — how faithful maps are to the model: the course's drop/increase rates,
 * deletion/insertion curves (RISE paper), and a dataset-level table over several methods. */
#pragma once

#include "core/sl-parallel.h"
#include "datasets/sl-dataset.h"
#include "explain/sl-explain.h"

G_BEGIN_DECLS

/* One sample's drop/increase (METHODS.md): the map's top positions kept (E > the value at index
 * ⌊N·frac⌋ of E sorted in decreasing order; 2-D maps mask every channel), the rest set to 0. */
typedef struct
{
  double y;        /* p_c(x) */
  double o;        /* p_c(x ⊙ mask) */
  double eta;      /* (Y − O)/(Y + 1e-100), Y − O taken from the complements 1 − p */
  double drop;     /* max(η, 0) */
  double increase; /* 1 when η < 0, else 0 */
  gsize kept;      /* positions kept by the mask */
} SlDropIncrease;

/* `explainer` (may be NULL) lends its buffers; `map_input` has one value per input position. */
gboolean sl_faithfulness_drop_increase (const SlModel  *model,
                                        SlExplainer    *explainer,
                                        const float    *x,
                                        const float    *map_input,
                                        guint           target,
                                        double          frac,
                                        SlDropIncrease *out,
                                        GError        **error);

typedef enum
{
  SL_FAITH_DELETION,  /* set the most important positions to 0, step by step */
  SL_FAITH_INSERTION, /* put them into an all-zero input */
} SlFaithCurveKind;

/* p_c after each of `n_steps` steps (⌊k·N/n_steps⌋ positions deleted/inserted at step k, positions
 * in decreasing attribution, ties by position): `curve` gets n_steps + 1 values; `auc` (may be
 * NULL) the trapezoid area over the fraction 0 … 1. */
gboolean sl_faithfulness_curve         (const SlModel    *model,
                                        SlExplainer      *explainer,
                                        const float      *x,
                                        const float      *map_input,
                                        guint             target,
                                        SlFaithCurveKind  kind,
                                        guint             n_steps,
                                        double           *curve,
                                        double           *auc,
                                        GCancellable     *cancellable,
                                        GError          **error);

/* Fetches sample `index`: writes it to `x` (the model's input size) and its true class to `label`
 * (-1 when unknown). Called from worker threads, several at once. */
typedef gboolean (*SlSampleFunc) (gpointer  data,
                                  gsize     index,
                                  float    *x,
                                  int      *label,
                                  GError  **error);

typedef struct _SlFaithTable SlFaithTable;

/* Called from the calling thread after sample `sample` (an index into the run, not the dataset) is
 * measured for every method: its slots in `table` are filled. */
typedef void (*SlFaithSampleFunc) (const SlFaithTable *table,
                                   gsize               sample,
                                   gpointer            user_data);

typedef struct
{
  double frac;         /* fraction of positions kept for drop/increase (the course: 0.3, HMT 0.9) */
  gboolean curves;     /* also deletion and insertion AUCs */
  guint n_steps;       /* curve steps */
  guint n_threads;     /* unused: samples run one after another on `parallel` (source compatibility) */
  gboolean use_labels; /* explain the true class (when known) instead of the predicted one */
  SlParallel *parallel;        /* each sample's layers and the decoding of samples are spread over
                                * it (borrowed); NULL: the calling thread */
  SlFaithSampleFunc on_sample; /* or NULL */
  gpointer on_sample_data;
  gboolean keep_partial;       /* on cancel, return the samples done so far (table->partial) */
} SlFaithOptions;

/* frac 0.3, no curves, 100 steps, predicted class, on the calling thread. */
void sl_faith_options_init (SlFaithOptions *options);

struct _SlFaithTable
{
  guint n_methods;
  gsize n_samples;        /* samples asked for (the stride of the per-sample arrays) */
  gsize n_done;           /* samples measured: n_samples, fewer when partial */
  gboolean partial;       /* cancelled: the rates are over the first n_done samples */
  char **methods;         /* [method]: "gradcam (prob)" … */
  double *drop_rate;      /* [method]: mean drop */
  double *increase_rate;  /* [method]: mean increase */
  double *deletion_auc;   /* [method]: mean AUCs; NaN without curves */
  double *insertion_auc;
  double *drop;           /* [method × n_samples + sample] */
  double *increase;
  double *deletion;       /* per-sample AUCs, or NULL without curves */
  double *insertion;
  guint *target;          /* [sample]: the class explained */
  gint *label;            /* [sample]: the true class, or -1 */
  double frac;
  double seconds;         /* wall time */
  guint n_steps;          /* curve steps */
  double *deletion_curve; /* [method × (n_steps + 1)]: mean p_c over the samples done at each step
                           * (fraction k / n_steps changed), or NULL without curves */
  double *insertion_curve;
  double *sample_seconds; /* [method × n_samples + sample]: time to explain and measure it */
};

/* Explains samples 0 … n_samples − 1 with each request (their `target` is ignored: the predicted
 * class, or the label with options->use_labels; a random method's seed is the request's seed + the
 * sample index) and measures each map. Samples run one after another with one explainer whose
 * layers are spread over options->parallel (so a job running this and another job share the cores
 * and both cancel promptly); a few samples at a time are decoded in parallel. `progress` is called
 * from the calling thread with the samples done. `options` may be NULL. */
SlFaithTable *sl_faithfulness_run     (const SlModel          *model,
                                       SlSampleFunc            get_sample,
                                       gpointer                sample_data,
                                       gsize                   n_samples,
                                       const SlExplainRequest *requests,
                                       guint                   n_requests,
                                       const SlFaithOptions   *options,
                                       SlProgressFunc          progress,
                                       gpointer                progress_data,
                                       GCancellable           *cancellable,
                                       GError                **error);

/* The same over `count` samples of a dataset from `first` (count 0: to the end). */
SlFaithTable *sl_faithfulness_dataset (const SlModel          *model,
                                       SlDataset              *dataset,
                                       gsize                   first,
                                       gsize                   count,
                                       const SlExplainRequest *requests,
                                       guint                   n_requests,
                                       const SlFaithOptions   *options,
                                       SlProgressFunc          progress,
                                       gpointer                progress_data,
                                       GCancellable           *cancellable,
                                       GError                **error);

void          sl_faith_table_free     (SlFaithTable *table);
/* A text table: method, drop %, increase %, (deletion and insertion AUC,) samples. */
char         *sl_faith_table_format   (const SlFaithTable *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlFaithTable, sl_faith_table_free)

G_END_DECLS
