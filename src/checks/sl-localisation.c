/* Localisation metrics of one map against a ground-truth region, and a table of them over the
 * samples of a dataset for several methods. */
#include "checks/sl-localisation.h"

#include "core/sl-error.h"
#include "engine/sl-run.h"

#include <math.h>
#include <string.h>

/* Non-finite map values count as −∞ (a NaN neither wins nor ties with a finite value). */
static inline float
finite_or_min (float v)
{
  return isfinite (v) ? v : -INFINITY;
}

static inline void
swap_float (float *a, float *b)
{
  const float t = *a;
  *a = *b;
  *b = t;
}

/* The K-th largest of the (cleaned) map values, 1 ≤ K ≤ n: a quickselect with random pivots and a
 * three-way partition (maps have long runs of equal values), O(n) expected. */
static float
kth_largest (const float *map, gsize n, gsize k)
{
  g_autofree float *v = g_new (float, n);
  for (gsize i = 0; i < n; i++)
    v[i] = finite_or_min (map[i]);
  guint64 state = 0x9E3779B97F4A7C15u; /* xorshift: the pivots only set the speed, not the result */
  gsize lo = 0, hi = n;
  const gsize want = k - 1;
  for (;;)
    {
      state ^= state << 13, state ^= state >> 7, state ^= state << 17;
      const float pivot = v[lo + state % (hi - lo)];
      /* [lo, above) > pivot, [above, i) == pivot, [below, hi) < pivot */
      gsize above = lo, i = lo, below = hi;
      while (i < below)
        if (v[i] > pivot)
          swap_float (&v[above++], &v[i++]);
        else if (v[i] < pivot)
          swap_float (&v[i], &v[--below]);
        else
          i++;
      if (want < above)
        hi = above;
      else if (want >= below)
        lo = below;
      else
        return pivot;
    }
}

gboolean
sl_localisation_measure (const float *map, const float *region, gsize n, SlLocalisation *out)
{
  gsize k = 0;
  float top = -INFINITY;
  double positive = 0, positive_in = 0;
  for (gsize i = 0; i < n; i++)
    {
      const gboolean inside = region[i] > 0;
      const float v = finite_or_min (map[i]);
      k += inside;
      top = MAX (top, v);
      if (v > 0)
        {
          positive += v;
          positive_in += inside ? v : 0.0;
        }
    }
  if (k == 0)
    {
      *out = (SlLocalisation){ NAN, NAN, NAN, 0 };
      return FALSE;
    }

  /* One pass counts the ties at the maximum and at the K-th value, and the positions above it. */
  const float kth = kth_largest (map, n, k);
  gsize at_top = 0, at_top_in = 0, above = 0, above_in = 0, at_kth = 0, at_kth_in = 0;
  for (gsize i = 0; i < n; i++)
    {
      const gboolean inside = region[i] > 0;
      const float v = finite_or_min (map[i]);
      if (v == top)
        at_top++, at_top_in += inside;
      if (v > kth)
        above++, above_in += inside;
      else if (v == kth)
        at_kth++, at_kth_in += inside;
    }
  out->region_size = k;
  out->pointing = (double) at_top_in / (double) at_top;
  out->mass = positive > 0 ? positive_in / positive : NAN;
  /* The top K take every position above the K-th value and K − above of the at_kth tied ones;
   * a random pick among the tied ones lands in R at_kth_in / at_kth of the time. */
  const double tied_picks = (double) (k - above) * (double) at_kth_in / (double) at_kth;
  out->rank = ((double) above_in + tied_picks) / (double) k;
  return TRUE;
}

void
sl_localisation_dilate (const float *region, gsize h, gsize w, double tolerance, float *out)
{
  const gssize r = (gssize) floor (MAX (tolerance, 0));
  const double r2 = tolerance * tolerance;
  memset (out, 0, h * w * sizeof *out);
  for (gsize y = 0; y < h; y++)
    for (gsize x = 0; x < w; x++)
      {
        if (!(region[y * w + x] > 0))
          continue;
        /* A disc around every region position (regions are small: a digit, a shape, a mark). */
        for (gssize dy = -r; dy <= r; dy++)
          for (gssize dx = -r; dx <= r; dx++)
            {
              const gssize yy = (gssize) y + dy, xx = (gssize) x + dx;
              if (yy >= 0 && xx >= 0 && yy < (gssize) h && xx < (gssize) w
                  && (double) (dy * dy + dx * dx) <= r2)
                out[yy * (gssize) w + xx] = 1;
            }
      }
}

void
sl_localisation_options_init (SlLocalisationOptions *options)
{
  memset (options, 0, sizeof *options);
}

/* What every sample of a run shares. */
typedef struct
{
  const SlModel *model;
  SlDataset *dataset;
  const gsize *indices; /* or NULL */
  guint region;
  gsize n_positions;    /* values in a map at input resolution, and in a region */
  gsize height, width;  /* their spatial shape (height 1 for signals) */
  const SlExplainRequest *requests;
  guint n_requests;
  const SlLocalisationOptions *options;
  SlLocalisationTable *table;
  GCancellable *cancellable;
  SlRun *predict;       /* made on first need: the predicted class of a sample with no region */
} Run;

static gsize
dataset_index (const Run *run, gsize s)
{
  return run->indices ? run->indices[s] : s;
}

/* The class a sample with an empty region would have been explained for, without explaining it. */
static gboolean
class_without_explaining (Run *run, const float *x, int label, guint *target, GError **error)
{
  if (run->options->use_labels && label >= 0 && label < (int) run->model->n_classes)
    {
      *target = (guint) label;
      return TRUE;
    }
  if (!run->predict)
    {
      run->predict = sl_run_new (run->model, 1);
      sl_run_set_parallel (run->predict, run->options->parallel);
    }
  if (!sl_run_forward (run->predict, x, 1, error))
    return FALSE;
  *target = sl_score_argmax (sl_run_logits (run->predict), run->model->n_classes);
  return TRUE;
}

static gboolean
do_sample (Run *run, SlExplainer *explainer, gsize s, const float *x, const float *region,
           int label, GError **error)
{
  SlLocalisationTable *t = run->table;
  const gsize n = run->n_positions;
  t->indices[s] = dataset_index (run, s);
  t->label[s] = label;
  gboolean any = FALSE;
  for (gsize i = 0; i < n && !any; i++)
    any = region[i] > 0;
  if (!any)
    {
      for (guint m = 0; m < run->n_requests; m++)
        {
          const gsize slot = m * t->n_samples + s;
          t->sample_pointing[slot] = t->sample_mass[slot] = t->sample_rank[slot] = NAN;
        }
      return class_without_explaining (run, x, label, &t->target[s], error);
    }
  const gboolean by_label
      = run->options->use_labels && label >= 0 && label < (int) run->model->n_classes;
  g_autofree float *near = NULL;
  if (run->options->tolerance > 0)
    {
      near = g_new (float, n);
      sl_localisation_dilate (region, run->height, run->width, run->options->tolerance, near);
    }
  for (guint m = 0; m < run->n_requests; m++)
    {
      const gint64 t0 = g_get_monotonic_time ();
      SlExplainRequest req = run->requests[m];
      req.target = by_label ? label : SL_EXPLAIN_TARGET_PREDICTED;
      req.seed = run->requests[m].seed + t->indices[s];
      g_autoptr (SlExplanation) expl
          = sl_explainer_explain (explainer, x, &req, NULL, NULL, run->cancellable, error);
      if (!expl)
        return FALSE;
      if (sl_explanation_input_size (expl) != n)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_SHAPE,
                       "%s: a map of %" G_GSIZE_FORMAT " positions does not fit the regions of %s "
                       "(%" G_GSIZE_FORMAT " positions)",
                       req.method, sl_explanation_input_size (expl), run->dataset->name, n);
          return FALSE;
        }
      t->target[s] = expl->target;
      SlLocalisation loc;
      sl_localisation_measure (expl->map_input, region, n, &loc);
      if (near)
        {
          SlLocalisation within;
          sl_localisation_measure (expl->map_input, near, n, &within);
          loc.pointing = within.pointing;
        }
      const gsize slot = m * t->n_samples + s;
      t->sample_pointing[slot] = loc.pointing;
      t->sample_mass[slot] = loc.mass;
      t->sample_rank[slot] = loc.rank;
      t->method_seconds[m] += (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;
    }
  return TRUE;
}

/* A few samples and their regions fetched at once, one per thread of the SlParallel (decoding an
 * image costs about as much as explaining it with Grad-CAM). */
typedef struct
{
  const Run *run;
  gsize first;   /* the run's sample index of the chunk's first */
  float *x;      /* chunk × input size */
  float *region; /* chunk × positions */
  int *labels;
  gsize input_size;
  GMutex lock;
  GError *error;
} Chunk;

static void
chunk_range (gsize begin, gsize end, gpointer data)
{
  Chunk *c = data;
  SlDataset *dataset = c->run->dataset;
  for (gsize j = begin; j < end; j++)
    {
      GError *error = NULL;
      const gsize i = dataset_index (c->run, c->first + j);
      c->labels[j] = dataset->labels ? dataset->labels[i] : -1;
      if (sl_dataset_get_sample (dataset, i, c->x + j * c->input_size, &error)
          && sl_dataset_get_region (dataset, i, c->run->region,
                                    c->region + j * c->run->n_positions, &error))
        continue;
      g_mutex_lock (&c->lock);
      if (!c->error)
        c->error = error;
      else
        g_error_free (error);
      g_mutex_unlock (&c->lock);
      return;
    }
}

static gboolean
chunk_fetch (Chunk *c, gsize first, gsize count, GError **error)
{
  c->first = first;
  sl_parallel_for (c->run->options->parallel, count, chunk_range, c);
  if (!c->error)
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&c->error));
  return FALSE;
}

static SlLocalisationTable *
table_new (const SlDataset *dataset, guint region, const SlExplainRequest *requests,
           guint n_requests, gsize n)
{
  SlLocalisationTable *t = g_new0 (SlLocalisationTable, 1);
  t->n_methods = n_requests;
  t->n_samples = n;
  t->dataset = g_strdup (dataset->name);
  t->region = g_strdup (dataset->region_names[region]);
  t->methods = g_new0 (char *, n_requests + 1);
  for (guint m = 0; m < n_requests; m++)
    {
      const SlMethod *method = sl_method_lookup (requests[m].method);
      const SlScore score = requests[m].score == SL_EXPLAIN_SCORE_DEFAULT && method
                                ? method->default_score
                                : (SlScore) requests[m].score;
      t->methods[m] = g_strdup_printf ("%s (%s)", requests[m].method, sl_score_name (score));
    }
  const gsize nm = MAX (n_requests, 1), slots = MAX (n_requests * n, 1);
  t->pointing = g_new0 (double, nm);
  t->mass = g_new0 (double, nm);
  t->rank = g_new0 (double, nm);
  t->n_counted = g_new0 (gsize, nm);
  t->method_seconds = g_new0 (double, nm);
  t->indices = g_new0 (gsize, MAX (n, 1));
  t->target = g_new0 (guint, MAX (n, 1));
  t->label = g_new0 (gint, MAX (n, 1));
  t->sample_pointing = g_new0 (double, slots);
  t->sample_mass = g_new0 (double, slots);
  t->sample_rank = g_new0 (double, slots);
  return t;
}

/* The mean of the defined (not NaN) values among the first `n` of `v`, or NaN; `counted` (may be
 * NULL) gets how many there were. */
static double
mean_defined (const double *v, gsize n, gsize *counted)
{
  double sum = 0;
  gsize k = 0;
  for (gsize s = 0; s < n; s++)
    if (!isnan (v[s]))
      sum += v[s], k++;
  if (counted)
    *counted = k;
  return k ? sum / (double) k : NAN;
}

static void
table_summarise (SlLocalisationTable *t)
{
  for (guint m = 0; m < t->n_methods; m++)
    {
      const gsize row = m * t->n_samples;
      /* pointing is defined exactly where the region is not empty */
      t->pointing[m] = mean_defined (t->sample_pointing + row, t->n_done, &t->n_counted[m]);
      t->mass[m] = mean_defined (t->sample_mass + row, t->n_done, NULL);
      t->rank[m] = mean_defined (t->sample_rank + row, t->n_done, NULL);
    }
}

/* The region's index in `dataset`, or -1 with an error naming the dataset and its regions. */
static int
resolve_region (const SlDataset *dataset, const char *name, GError **error)
{
  if (dataset->n_regions == 0 || !dataset->region_names)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "%s has no ground-truth regions: localisation needs a dataset that marks "
                   "where the evidence is",
                   dataset->name);
      return -1;
    }
  const int r = name ? sl_dataset_find_region (dataset, name) : 0;
  if (r < 0)
    {
      g_autofree char *known = g_strjoinv (", ", dataset->region_names);
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "%s has no region '%s' (its regions: %s)",
                   dataset->name, name, known);
    }
  return r;
}

/* Checks the arguments of a run; fills run->region and run->n_positions. */
static gboolean
check_run (Run *run, gsize n_indices, GError **error)
{
  const SlModel *model = run->model;
  SlDataset *dataset = run->dataset;
  if (run->n_requests == 0)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_ARGUMENT, "localisation: needs a method");
      return FALSE;
    }
  for (guint m = 0; m < run->n_requests; m++)
    if (!sl_method_find (run->requests[m].method, error))
      return FALSE;
  const int region = resolve_region (dataset, run->options->region, error);
  if (region < 0)
    return FALSE;
  run->region = (guint) region;
  const gsize shape[3] = { model->input.d[0], model->input.d[1], model->input.d[2] };
  if (!sl_dataset_check_shape (dataset, model->input.rank, shape, error))
    return FALSE;
  run->n_positions = sl_dataset_region_size (dataset);
  run->height = dataset->rank == 3 ? dataset->shape[0] : 1;
  run->width = run->n_positions / MAX (run->height, 1);
  for (gsize s = 0; s < n_indices; s++)
    if (dataset_index (run, s) >= dataset->n_samples)
      {
        g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                     "%s: sample %" G_GSIZE_FORMAT " does not exist (the dataset has %"
                     G_GSIZE_FORMAT ")",
                     dataset->name, dataset_index (run, s), dataset->n_samples);
        return FALSE;
      }
  return TRUE;
}

SlLocalisationTable *
sl_localisation_run (const SlModel *model, SlDataset *dataset, const gsize *indices,
                     gsize n_indices, const SlExplainRequest *requests, guint n_requests,
                     const SlLocalisationOptions *options, SlProgressFunc progress,
                     gpointer progress_data, GCancellable *cancellable, GError **error)
{
  const gint64 t0 = g_get_monotonic_time ();
  SlLocalisationOptions defaults;
  sl_localisation_options_init (&defaults);
  Run run = {
    .model = model,
    .dataset = dataset,
    .indices = indices,
    .requests = requests,
    .n_requests = n_requests,
    .options = options ? options : &defaults,
    .cancellable = cancellable,
  };
  if (!check_run (&run, n_indices, error))
    return NULL;

  g_autoptr (SlLocalisationTable) table
      = table_new (dataset, run.region, requests, n_requests, n_indices);
  table->tolerance = MAX (run.options->tolerance, 0);
  run.table = table;
  SlExplainer *explainer = sl_explainer_new (model);
  sl_explainer_set_parallel (explainer, run.options->parallel);
  const gsize chunk = MAX (sl_parallel_threads (run.options->parallel), 1);
  const gsize input_size = sl_dataset_sample_size (dataset);
  g_autofree float *xs = g_new (float, chunk * input_size);
  g_autofree float *regions = g_new (float, chunk * run.n_positions);
  g_autofree int *labels = g_new (int, chunk);
  Chunk c = { .run = &run, .x = xs, .region = regions, .labels = labels,
              .input_size = input_size };
  g_mutex_init (&c.lock);
  GError *local = NULL;
  for (gsize s0 = 0; s0 < n_indices && !local; s0 += chunk)
    {
      const gsize b = MIN (chunk, n_indices - s0);
      if (g_cancellable_is_cancelled (cancellable))
        g_set_error_literal (&local, SL_ERROR, SL_ERROR_CANCELLED, "cancelled");
      else if (!chunk_fetch (&c, s0, b, &local))
        break;
      for (gsize j = 0; j < b && !local; j++)
        {
          if (!do_sample (&run, explainer, s0 + j, xs + j * input_size,
                          regions + j * run.n_positions, labels[j], &local))
            break;
          table->n_done = s0 + j + 1;
          if (progress)
            progress (table->n_done, n_indices, progress_data);
        }
    }
  g_mutex_clear (&c.lock);
  /* Both borrow options->parallel. */
  sl_explainer_free (explainer);
  g_clear_pointer (&run.predict, sl_run_free);
  if (g_error_matches (local, SL_ERROR, SL_ERROR_CANCELLED))
    {
      g_clear_error (&local);
      if (!run.options->keep_partial)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_CANCELLED,
                       "localisation was cancelled after %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT
                       " samples",
                       table->n_done, n_indices);
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
