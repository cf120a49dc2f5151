/* sl-faith-job.h — faithfulness of explanation methods (drop/increase, deletion/insertion) over a
 * dataset or a list of its samples, as a job. */
#pragma once

#include "datasets/sl-dataset.h"
#include "engine/sl-model.h"
#include "explain/sl-faithfulness.h"
#include "jobs/sl-job.h"

G_BEGIN_DECLS

/* A partial result: one method on one sample. */
typedef struct
{
  gsize sample;   /* dataset index */
  gsize position; /* index in the job's list of samples (the table's sample index) */
  guint method;   /* index in the job's requests */
  guint target;   /* the class explained */
  gint label;     /* the true class, or -1 */
  double drop;
  double increase;
  double deletion; /* AUCs; NaN without curves */
  double insertion;
  double seconds;  /* time to explain and measure this sample with this method */
} SlFaithPartial;

/* Samples [first, first + count) of `dataset` (count 0: to the end) with each of `requests`
 * (copied, parameters included; model and dataset referenced). `options` may be NULL; its
 * `parallel`, `on_sample` and `keep_partial` are the job's own. Progress counts samples; each
 * sample gives one SlFaithPartial per method, in order; the result is the SlFaithTable. When
 * cancelled, the result is still the table of the samples done (table->partial, table->n_done). */
SlJob *sl_faith_job_new (SlModel *model, SlDataset *dataset, gsize first, gsize count,
                         const SlExplainRequest *requests, guint n_requests,
                         const SlFaithOptions *options);

/* The same over the samples `indices` (n_indices of them, copied), in that order. */
SlJob *sl_faith_job_new_for_indices (SlModel *model, SlDataset *dataset, const gsize *indices,
                                     gsize n_indices, const SlExplainRequest *requests,
                                     guint n_requests, const SlFaithOptions *options);

G_END_DECLS
