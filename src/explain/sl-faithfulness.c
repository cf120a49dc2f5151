/* Faithfulness metrics of maps, and a table of them over a dataset for several methods. */
#include "explain/sl-faithfulness.h"
#include "explain/sl-keep-threshold.h"

#include "core/sl-error.h"
#include "explain/sl-explain-private.h"

#include <math.h>
#include <string.h>

static gsize
positions (const SlModel *model, gsize *channels)
{
  gsize h, w, c;
  if (model->input.rank == 1)
    h = 1, w = model->input.d[0], c = 1;
  else
    sl_shape_hwc (&model->input, &h, &w, &c);
  *channels = c;
  return h * w;
}

static int
compare_desc (gconstpointer a, gconstpointer b, gpointer data)
{
  const float *e = data;
  const gsize i = *(const gsize *) a, j = *(const gsize *) b;
  if (e[i] != e[j])
    return e[i] > e[j] ? -1 : 1;
  return i < j ? -1 : i > j;
}

/* Positions in decreasing order of the map, ties by position. */
static gsize *
order_desc (const float *map, gsize n)
{
  gsize *order = g_new (gsize, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, (gint) n, sizeof (gsize), compare_desc, (gpointer) map);
  return order;
}

/* Drop/increase given the sample's own logits (so a caller measuring several maps of one sample
 * runs the unmasked forward pass once). */
static gboolean
drop_increase_given (const SlModel *model, SlExplainer *ex, const float *x, const float *logits,
                     const float *map_input, guint target, double frac, SlDropIncrease *out,
                     GError **error)
{
  gsize c;
  const gsize n = positions (model, &c);
  const double thr = sl_map_keep_threshold (map_input, n, frac);
  const gboolean keep_all = thr == -INFINITY;
  const double y = sl_score_value (model, logits, target, SL_SCORE_PROB);
  const double qy = sl_score_complement (model, logits, target);

  g_autofree float *masked = g_new (float, n * c);
  gsize kept = 0;
  for (gsize p = 0; p < n; p++)
    {
      const gboolean on = keep_all || map_input[p] > thr;
      kept += on;
      for (gsize ch = 0; ch < c; ch++)
        masked[p * c + ch] = on ? x[p * c + ch] : 0.0f;
    }
  SlRun *run = sl_explainer_single (ex);
  if (!sl_run_forward (run, masked, 1, error))
    return FALSE;
  const double o = sl_score_value (model, sl_run_logits (run), target, SL_SCORE_PROB);
  const double qo = sl_score_complement (model, sl_run_logits (run), target);
  out->y = y;
  out->o = o;
  /* Y − O as q_O − q_Y: exact where both probabilities round to 1 (METHODS.md, Numerics). */
  out->eta = (qo - qy) / (y + 1e-100);
  out->drop = MAX (out->eta, 0.0);
  out->increase = out->eta < 0 ? 1.0 : 0.0;
  out->kept = kept;
  return TRUE;
}

gboolean
sl_faithfulness_drop_increase (const SlModel *model, SlExplainer *explainer, const float *x,
                               const float *map_input, guint target, double frac,
                               SlDropIncrease *out, GError **error)
{
  g_autoptr (SlExplainer) own = explainer ? NULL : sl_explainer_new (model);
  SlExplainer *ex = explainer ? explainer : own;
  if (target >= model->n_classes)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "class %u does not exist", target);
      return FALSE;
    }
  SlRun *run = sl_explainer_single (ex);
  if (!sl_run_forward (run, x, 1, error))
    return FALSE;
  g_autofree float *logits = g_memdup2 (sl_run_logits (run), model->n_classes * sizeof (float));
  return drop_increase_given (model, ex, x, logits, map_input, target, frac, out, error);
}

gboolean
sl_faithfulness_curve (const SlModel *model, SlExplainer *explainer, const float *x,
                       const float *map_input, guint target, SlFaithCurveKind kind, guint n_steps,
                       double *curve, double *auc, GCancellable *cancellable, GError **error)
{
  g_autoptr (SlExplainer) own = explainer ? NULL : sl_explainer_new (model);
  SlExplainer *ex = explainer ? explainer : own;
  if (target >= model->n_classes || n_steps == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "bad class %u or step count %u", target,
                   n_steps);
      return FALSE;
    }
  gsize c;
  const gsize n = positions (model, &c), size = n * c;
  g_autofree gsize *order = order_desc (map_input, n);
  SlRun *run = sl_explainer_tail (ex, -1);
  const gsize cap = sl_run_capacity (run);
  const guint k = model->n_classes;
  float *in = sl_run_output (run, -1);
  for (guint start = 0; start <= n_steps; start += (guint) cap)
    {
      if (cancellable && g_cancellable_is_cancelled (cancellable))
        {
          g_set_error_literal (error, SL_ERROR, SL_ERROR_CANCELLED, "cancelled");
          return FALSE;
        }
      const guint nb = (guint) MIN (cap, (gsize) n_steps + 1 - start);
      for (guint j = 0; j < nb; j++)
        {
          const gsize changed = (gsize) (((guint64) (start + j) * n) / n_steps);
          float *dst = in + j * size;
          if (kind == SL_FAITH_DELETION)
            memcpy (dst, x, size * sizeof (float));
          else
            memset (dst, 0, size * sizeof (float));
          for (gsize r = 0; r < changed; r++)
            for (gsize ch = 0; ch < c; ch++)
              {
                const gsize i = order[r] * c + ch;
                dst[i] = kind == SL_FAITH_DELETION ? 0.0f : x[i];
              }
        }
      if (!sl_run_forward_from (run, -1, nb, error))
        return FALSE;
      for (guint j = 0; j < nb; j++)
        curve[start + j]
            = sl_score_value (model, sl_run_logits (run) + j * k, target, SL_SCORE_PROB);
    }
  if (auc)
    {
      double a = 0;
      for (guint s = 0; s < n_steps; s++)
        a += 0.5 * (curve[s] + curve[s + 1]) / n_steps;
      *auc = a;
    }
  return TRUE;
}

void
sl_faith_options_init (SlFaithOptions *options)
{
  memset (options, 0, sizeof *options);
  options->frac = 0.3;
  options->n_steps = 100;
}

void
sl_faith_table_free (SlFaithTable *table)
{
  if (!table)
    return;
  g_strfreev (table->methods);
  g_free (table->drop_rate);
  g_free (table->increase_rate);
  g_free (table->deletion_auc);
  g_free (table->insertion_auc);
  g_free (table->drop);
  g_free (table->increase);
  g_free (table->deletion);
  g_free (table->insertion);
  g_free (table->target);
  g_free (table->label);
  g_free (table->deletion_curve);
  g_free (table->insertion_curve);
  g_free (table->sample_seconds);
  g_free (table);
}

/* What every sample of a run shares. */
typedef struct
{
  const SlModel *model;
  gsize n_samples;
  const SlExplainRequest *requests;
  guint n_requests;
  const SlFaithOptions *options;
  SlFaithTable *table;
  GCancellable *cancellable;
} Run;

static gboolean
do_sample (const Run *job, SlExplainer *explainer, gsize s, const float *x, int label,
           GError **error)
{
  SlFaithTable *t = job->table;
  t->label[s] = label;
  const guint classes = job->model->n_classes;
  const gboolean by_label = job->options->use_labels && label >= 0 && label < (int) classes;
  const guint points = job->options->n_steps + 1;
  /* This sample's curves, added to the table's sums only once every method is done, so a
   * cancelled sample leaves the means of the samples done untouched. */
  g_autofree double *curves = g_new (double, 2 * (gsize) points * MAX (job->n_requests, 1));
  SlRun *run = sl_explainer_single (explainer);
  if (!sl_run_forward (run, x, 1, error))
    return FALSE;
  g_autofree float *logits = g_memdup2 (sl_run_logits (run), classes * sizeof (float));
  for (guint m = 0; m < job->n_requests; m++)
    {
      const gint64 t0 = g_get_monotonic_time ();
      SlExplainRequest req = job->requests[m];
      req.target = by_label ? label : SL_EXPLAIN_TARGET_PREDICTED;
      req.seed = job->requests[m].seed + s;
      g_autoptr (SlExplanation) expl
          = sl_explainer_explain (explainer, x, &req, NULL, NULL, job->cancellable, error);
      if (!expl)
        return FALSE;
      t->target[s] = expl->target;
      SlDropIncrease di;
      if (!drop_increase_given (job->model, explainer, x, logits, expl->map_input, expl->target,
                                job->options->frac, &di, error))
        return FALSE;
      const gsize slot = m * job->n_samples + s;
      t->drop[slot] = di.drop;
      t->increase[slot] = di.increase;
      double *del = curves + 2 * (gsize) m * points, *ins = del + points;
      if (job->options->curves
          && (!sl_faithfulness_curve (job->model, explainer, x, expl->map_input, expl->target,
                                      SL_FAITH_DELETION, job->options->n_steps, del,
                                      &t->deletion[slot], job->cancellable, error)
              || !sl_faithfulness_curve (job->model, explainer, x, expl->map_input, expl->target,
                                         SL_FAITH_INSERTION, job->options->n_steps, ins,
                                         &t->insertion[slot], job->cancellable, error)))
        return FALSE;
      t->sample_seconds[slot] = (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;
    }
  for (guint m = 0; job->options->curves && m < job->n_requests; m++)
    for (guint k = 0; k < points; k++)
      {
        t->deletion_curve[m * points + k] += curves[2 * (gsize) m * points + k];
        t->insertion_curve[m * points + k] += curves[(2 * (gsize) m + 1) * points + k];
      }
  return TRUE;
}

/* A few samples fetched at once, one per thread of the SlParallel (decoding an image costs about
 * as much as explaining it with Grad-CAM). */
typedef struct
{
  SlSampleFunc get_sample;
  gpointer sample_data;
  gsize first, size;
  float *x;
  int *labels;
  GMutex lock;
  GError *error;
} Fetch;

static void
fetch_range (gsize begin, gsize end, gpointer data)
{
  Fetch *f = data;
  for (gsize i = begin; i < end; i++)
    {
      GError *error = NULL;
      f->labels[i] = -1;
      if (f->get_sample (f->sample_data, f->first + i, f->x + i * f->size, &f->labels[i], &error))
        continue;
      g_mutex_lock (&f->lock);
      if (!f->error)
        f->error = error;
      else
        g_error_free (error);
      g_mutex_unlock (&f->lock);
      return;
    }
}

static gboolean
fetch (Fetch *f, SlParallel *parallel, gsize first, gsize n, GError **error)
{
  f->first = first;
  g_mutex_init (&f->lock);
  sl_parallel_for (parallel, n, fetch_range, f);
  g_mutex_clear (&f->lock);
  if (!f->error)
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&f->error));
  return FALSE;
}

static SlFaithTable *
table_new (const SlExplainRequest *requests, guint n_requests, gsize n, const SlFaithOptions *o)
{
  SlFaithTable *t = g_new0 (SlFaithTable, 1);
  t->n_methods = n_requests;
  t->n_samples = n;
  t->frac = o->frac;
  t->methods = g_new0 (char *, n_requests + 1);
  for (guint m = 0; m < n_requests; m++)
    {
      const SlMethod *method = sl_method_lookup (requests[m].method);
      const SlScore score = requests[m].score == SL_EXPLAIN_SCORE_DEFAULT && method
                                ? method->default_score
                                : (SlScore) requests[m].score;
      t->methods[m] = g_strdup_printf ("%s (%s)", requests[m].method, sl_score_name (score));
    }
  t->drop_rate = g_new0 (double, MAX (n_requests, 1));
  t->increase_rate = g_new0 (double, MAX (n_requests, 1));
  t->deletion_auc = g_new0 (double, MAX (n_requests, 1));
  t->insertion_auc = g_new0 (double, MAX (n_requests, 1));
  t->drop = g_new0 (double, MAX (n_requests * n, 1));
  t->increase = g_new0 (double, MAX (n_requests * n, 1));
  if (o->curves)
    {
      t->deletion = g_new0 (double, MAX (n_requests * n, 1));
      t->insertion = g_new0 (double, MAX (n_requests * n, 1));
      t->deletion_curve = g_new0 (double, MAX (n_requests, 1) * (gsize) (o->n_steps + 1));
      t->insertion_curve = g_new0 (double, MAX (n_requests, 1) * (gsize) (o->n_steps + 1));
    }
  t->n_steps = o->n_steps;
  t->sample_seconds = g_new0 (double, MAX (n_requests * n, 1));
  t->target = g_new0 (guint, MAX (n, 1));
  t->label = g_new0 (gint, MAX (n, 1));
  return t;
}

static void
table_summarise (SlFaithTable *t)
{
  for (guint m = 0; m < t->n_methods; m++)
    {
      double d = 0, inc = 0, del = 0, ins = 0;
      for (gsize s = 0; s < t->n_done; s++)
        {
          const gsize slot = m * t->n_samples + s;
          d += t->drop[slot];
          inc += t->increase[slot];
          if (t->deletion)
            del += t->deletion[slot], ins += t->insertion[slot];
        }
      const double n = (double) t->n_done;
      t->drop_rate[m] = n > 0 ? d / n : NAN;
      t->increase_rate[m] = n > 0 ? inc / n : NAN;
      t->deletion_auc[m] = t->deletion && n > 0 ? del / n : NAN;
      t->insertion_auc[m] = t->deletion && n > 0 ? ins / n : NAN;
      /* The curves hold sums until now. */
      for (guint k = 0; t->deletion_curve && k <= t->n_steps; k++)
        {
          t->deletion_curve[m * (t->n_steps + 1) + k] /= n > 0 ? n : 1;
          t->insertion_curve[m * (t->n_steps + 1) + k] /= n > 0 ? n : 1;
        }
    }
}

SlFaithTable *
sl_faithfulness_run (const SlModel *model, SlSampleFunc get_sample, gpointer sample_data,
                     gsize n_samples, const SlExplainRequest *requests, guint n_requests,
                     const SlFaithOptions *options, SlProgressFunc progress, gpointer progress_data,
                     GCancellable *cancellable, GError **error)
{
  const gint64 t0 = g_get_monotonic_time ();
  SlFaithOptions defaults;
  sl_faith_options_init (&defaults);
  const SlFaithOptions *o = options ? options : &defaults;
  if (n_requests == 0 || n_samples > G_MAXINT || !(o->frac >= 0 && o->frac <= 1) || o->n_steps == 0)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_ARGUMENT,
                           "faithfulness: needs a method, at most 2^31 samples, frac in [0, 1] "
                           "and at least one curve step");
      return NULL;
    }
  for (guint m = 0; m < n_requests; m++)
    if (!sl_method_find (requests[m].method, error))
      return NULL;

  g_autoptr (SlFaithTable) table = table_new (requests, n_requests, n_samples, o);
  const Run job = {
    .model = model,
    .n_samples = n_samples,
    .requests = requests,
    .n_requests = n_requests,
    .options = o,
    .table = table,
    .cancellable = cancellable,
  };
  g_autoptr (SlExplainer) explainer = sl_explainer_new (model);
  sl_explainer_set_parallel (explainer, o->parallel);
  const gsize size = sl_shape_size (&model->input);
  const gsize chunk = MAX (sl_parallel_threads (o->parallel), 1);
  g_autofree float *xs = g_new (float, chunk * size);
  g_autofree int *labels = g_new (int, chunk);
  Fetch f = { .get_sample = get_sample, .sample_data = sample_data, .size = size, .x = xs,
              .labels = labels };
  GError *local = NULL;
  for (gsize s0 = 0; s0 < n_samples && !local; s0 += chunk)
    {
      const gsize b = MIN (chunk, n_samples - s0);
      if (g_cancellable_is_cancelled (cancellable))
        g_set_error_literal (&local, SL_ERROR, SL_ERROR_CANCELLED, "cancelled");
      else if (!fetch (&f, o->parallel, s0, b, &local))
        break;
      for (gsize j = 0; j < b && !local; j++)
        {
          if (!do_sample (&job, explainer, s0 + j, xs + j * size, labels[j], &local))
            break;
          table->n_done = s0 + j + 1;
          if (o->on_sample)
            o->on_sample (table, s0 + j, o->on_sample_data);
          if (progress)
            progress (table->n_done, n_samples, progress_data);
        }
    }
  g_clear_pointer (&explainer, sl_explainer_free); /* its runs borrow o->parallel */
  if (g_error_matches (local, SL_ERROR, SL_ERROR_CANCELLED))
    {
      g_clear_error (&local);
      if (!o->keep_partial)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_CANCELLED,
                       "the faithfulness job was cancelled after %" G_GSIZE_FORMAT " of %"
                       G_GSIZE_FORMAT " samples",
                       table->n_done, n_samples);
          return NULL;
        }
      table->partial = TRUE;
    }
  else if (local)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  table_summarise (table);
  table->seconds = (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;
  return g_steal_pointer (&table);
}

typedef struct
{
  SlDataset *dataset;
  gsize first;
} DatasetSource;

static gboolean
dataset_sample (gpointer data, gsize index, float *x, int *label, GError **error)
{
  const DatasetSource *src = data;
  const gsize i = src->first + index;
  if (!sl_dataset_get_sample (src->dataset, i, x, error))
    return FALSE;
  *label = src->dataset->labels ? src->dataset->labels[i] : -1;
  return TRUE;
}

SlFaithTable *
sl_faithfulness_dataset (const SlModel *model, SlDataset *dataset, gsize first, gsize count,
                         const SlExplainRequest *requests, guint n_requests,
                         const SlFaithOptions *options, SlProgressFunc progress,
                         gpointer progress_data, GCancellable *cancellable, GError **error)
{
  if (first > dataset->n_samples)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "sample %" G_GSIZE_FORMAT " is past the end of %s (%" G_GSIZE_FORMAT " samples)",
                   first, dataset->name, dataset->n_samples);
      return NULL;
    }
  if (count == 0 || count > dataset->n_samples - first)
    count = dataset->n_samples - first;
  const gsize shape[3] = { model->input.d[0], model->input.d[1], model->input.d[2] };
  if (!sl_dataset_check_shape (dataset, model->input.rank, shape, error))
    return NULL;
  DatasetSource src = { dataset, first };
  return sl_faithfulness_run (model, dataset_sample, &src, count, requests, n_requests, options,
                              progress, progress_data, cancellable, error);
}

char *
sl_faith_table_format (const SlFaithTable *t)
{
  GString *s = g_string_new (NULL);
  const gboolean curves = t->deletion != NULL;
  g_string_append_printf (s, "%-28s %8s %11s", "method", "drop %", "increase %");
  if (curves)
    g_string_append_printf (s, " %13s %14s", "deletion AUC", "insertion AUC");
  g_string_append_printf (s, " %8s\n", "samples");
  for (guint m = 0; m < t->n_methods; m++)
    {
      g_string_append_printf (s, "%-28s %8.2f %11.2f", t->methods[m], 100 * t->drop_rate[m],
                              100 * t->increase_rate[m]);
      if (curves)
        g_string_append_printf (s, " %13.4f %14.4f", t->deletion_auc[m], t->insertion_auc[m]);
      g_string_append_printf (s, " %8" G_GSIZE_FORMAT "\n", t->n_done);
    }
  g_string_append_printf (s, "(frac %.2f; %.1f s)\n", t->frac, t->seconds);
  return g_string_free (s, FALSE);
}
