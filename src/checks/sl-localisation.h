/* sl-localisation.h — does a map point at the ground truth: pointing game, relevance mass and
 * relevance rank accuracy (Arras, Osman & Samek 2022), for one map and over a dataset. */
#pragma once

#include "core/sl-parallel.h"
#include "datasets/sl-dataset.h"
#include "explain/sl-explain.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One map against one region. Only positions matter (a map at input resolution, map_input, has one
 * value per spatial position; so has a region, sl_dataset_get_region). The region R is the
 * positions of weight > 0 and K = |R|.
 *  - pointing: 1 when the map's maximum lies in R; with several positions tied at the maximum, the
 *    share of them in R (the expected hit under a random tie-break), so a flat map scores |R| / n;
 *  - mass: Σ_{i∈R} max(m_i, 0) / Σ_i max(m_i, 0) (positive relevance only, as Arras et al.); NaN
 *    when the map has no positive value;
 *  - rank: |top-K positions ∩ R| / K, the top K by decreasing value; ties at the K-th value are
 *    shared out (the expected count under a random tie-break). */
typedef struct
{
  double pointing;
  double mass;
  double rank;
  gsize region_size; /* K */
} SlLocalisation;

/* The positions within `tolerance` (Euclidean, in positions) of the region (weight > 0) of an h × w
 * map (h = 1 for a signal): `out` gets 1 there and 0 elsewhere. For the pointing game "within
 * 15 pixels" of Zhang et al. ("Top-down neural attention by excitation backprop", 2018). */
void     sl_localisation_dilate  (const float    *region,
                                  gsize           h,
                                  gsize           w,
                                  double          tolerance,
                                  float          *out);

/* Measures `map` against `region` (n values each). FALSE, with every field NaN and region_size 0,
 * when the region is empty (the sample does not count). Non-finite map values count as −∞. */
gboolean sl_localisation_measure (const float    *map,
                                  const float    *region,
                                  gsize           n,
                                  SlLocalisation *out);

typedef struct
{
  const char *region;  /* the region's name; NULL: the dataset's first */
  gboolean use_labels; /* explain the true class (when known) instead of the predicted one */
  SlParallel *parallel; /* each sample's layers are spread over it (borrowed); NULL: calling thread */
  gboolean keep_partial; /* on cancel, return the samples done so far (table->partial) */
  double tolerance;      /* pointing game only: a hit when the maximum lies within this many
                          * positions of the region (sl_localisation_dilate); 0: inside it */
} SlLocalisationOptions;

/* Predicted class, the first region, the calling thread, no partial result. */
void sl_localisation_options_init (SlLocalisationOptions *options);

typedef struct
{
  guint n_methods;
  gsize n_samples;       /* samples asked for (the stride of the per-sample arrays) */
  gsize n_done;          /* samples measured: n_samples, fewer when partial */
  gboolean partial;
  char *dataset;         /* the dataset's name */
  char *region;          /* the region's name */
  double tolerance;      /* of the pointing game (SlLocalisationOptions) */
  char **methods;        /* [method]: "gradcam (prob)" … (as SlFaithTable) */
  double *pointing;      /* [method]: mean over the samples with a non-empty region */
  double *mass;          /* [method]: mean over those where it is defined (not NaN) */
  double *rank;
  gsize *n_counted;      /* [method]: samples with a non-empty region */
  double *method_seconds; /* [method]: time spent explaining and measuring, all samples */
  gsize *indices;        /* [sample]: dataset index */
  guint *target;         /* [sample]: the class explained */
  gint *label;           /* [sample]: the true class, or -1 */
  double *sample_pointing; /* [method × n_samples + sample]; NaN for an empty region */
  double *sample_mass;
  double *sample_rank;
  double seconds;        /* wall time */
} SlLocalisationTable;

/* Explains the samples `indices` (n_indices of them; NULL: 0 … n_indices − 1) of `dataset` with
 * each request (their `target` is ignored: the predicted class, or the label with
 * options->use_labels; a random method's seed is the request's seed + the dataset index) and
 * measures each map (map_input) against the sample's region. Fails with SL_ERROR_ARGUMENT when the
 * dataset has no such region (the message names the dataset and the regions it has), and with
 * SL_ERROR_CANCELLED when cancelled (unless keep_partial). `progress` counts samples. */
SlLocalisationTable *sl_localisation_run (const SlModel               *model,
                                          SlDataset                   *dataset,
                                          const gsize                 *indices,
                                          gsize                        n_indices,
                                          const SlExplainRequest      *requests,
                                          guint                        n_requests,
                                          const SlLocalisationOptions *options,
                                          SlProgressFunc               progress,
                                          gpointer                     progress_data,
                                          GCancellable                *cancellable,
                                          GError                     **error);

void       sl_localisation_table_free   (SlLocalisationTable *table);
/* A text table: method, pointing game %, relevance mass %, relevance rank %, samples, seconds. */
char      *sl_localisation_table_format (const SlLocalisationTable *table);
/* {"dataset", "region", "tolerance", "samples", "seconds", "methods": [{"method", "pointing", "mass", "rank",
 *  "samples", "seconds"}…]} and, with `per_sample`, "per_sample": [{"index", "target", "label",
 *  "pointing": [per method], "mass": […], "rank": […]}…]; NaN is written as null. */
JsonNode  *sl_localisation_table_to_json (const SlLocalisationTable *table,
                                          gboolean                   per_sample);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlLocalisationTable, sl_localisation_table_free)

G_END_DECLS
