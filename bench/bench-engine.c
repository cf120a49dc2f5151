/* bench-engine.c — how close the engine's forward pass comes to the machine's sgemm: cblas_sgemm on
 * large square matrices, then HMT.h5 per image at batch 1 and 32 (on the caller's thread, and over
 * an SlParallel pool), its backward pass (also as a job runs it: OpenBLAS on one thread), and
 * MNIST1D.h5 per sample at batch 1000. `bench-engine --profile` runs only HMT.h5's forward pass at
 * batch 32, for perf record; `--profile-backward` its forward + backward as a job runs it. */
#include "core/sl-parallel.h"
#include "engine/sl-run.h"

#include <cblas.h>
#include <stdio.h>
#include <string.h>

#define SGEMM_N 2048
#define SGEMM_REPEATS 5
#define MODEL_REPEATS 5

static double
now (void)
{
  return (double)g_get_monotonic_time () / G_USEC_PER_SEC;
}

static void
fill (float *v, gsize n, guint32 seed)
{
  g_autoptr (GRand) rng = g_rand_new_with_seed (seed);
  for (gsize i = 0; i < n; i++)
    v[i] = (float)g_rand_double_range (rng, 0, 1);
}

/* Best GFLOP/s of a few n³ products (the first one also warms OpenBLAS's threads up). */
static double
bench_sgemm (gsize n)
{
  g_autofree float *a = g_new (float, n *n), *b = g_new (float, n *n), *c = g_new0 (float, n *n);
  fill (a, n * n, 1);
  fill (b, n * n, 2);
  double best = G_MAXDOUBLE;
  for (int r = 0; r <= SGEMM_REPEATS; r++)
    {
      const double t0 = now ();
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)n, (int)n, 1.0f, a,
                   (int)n, b, (int)n, 0.0f, c, (int)n);
      const double t = now () - t0;
      if (r > 0)
        best = MIN (best, t);
    }
  return 2.0 * (double)n * (double)n * (double)n / best / 1e9;
}

typedef struct
{
  double seconds; /* best of the repeats, for the whole batch */
  double gflops;
} Timing;

/* Best time of `repeats` forward passes (after one warm-up), or forward + backward to the input. */
static Timing
bench_model (const SlModel *model, gsize batch, SlParallel *parallel, gboolean backward,
             int repeats)
{
  const gsize size = sl_shape_size (&model->input);
  g_autofree float *x = g_new (float, batch *size);
  fill (x, batch * size, 3);
  g_autofree float *seed = g_new0 (float, batch * model->n_classes);
  for (gsize s = 0; s < batch; s++)
    seed[s * model->n_classes] = 1.0f;
  g_autoptr (SlRun) run = sl_run_new (model, batch);
  sl_run_set_parallel (run, parallel);
  g_autoptr (GError) error = NULL;
  double best = G_MAXDOUBLE;
  for (int r = 0; r <= repeats; r++)
    {
      const double t0 = now ();
      if (!sl_run_forward (run, x, batch, &error)
          || (backward && !sl_run_backward (run, seed, -1, &error)))
        g_error ("%s", error->message);
      const double t = now () - t0;
      if (r > 0)
        best = MIN (best, t);
    }
  /* Back-propagating to the input only (no weight gradients) costs about one forward's
   * multiply-adds (dz·Wᵀ per convolution), so forward + backward counts twice the forward's. */
  const double flops = sl_model_flops (model) * (double)batch * (backward ? 2.0 : 1.0);
  return (Timing){ best, flops / best / 1e9 };
}

static SlModel *
load_shared (const char *name)
{
  g_autofree char *path = g_build_filename (SL_SHARED_DIR, "models", name, NULL);
  g_autoptr (GError) error = NULL;
  SlModel *model = sl_model_load (path, &error);
  if (!model)
    g_printerr ("bench-engine: %s\n", error->message);
  return model;
}

static void
row (const char *what, gsize batch, const char *threads, Timing t, double per_item_unit,
     const char *unit, double sgemm)
{
  printf ("%-26s %6zu  %-9s %10.3f %-3s %9.1f %7.0f%%\n", what, batch, threads,
          t.seconds / (double)batch * per_item_unit, unit, t.gflops, 100.0 * t.gflops / sgemm);
}

int
main (int argc, char **argv)
{
  const int blas_threads = openblas_get_num_threads ();
  g_autoptr (SlParallel) pool = sl_parallel_new (0);
  if (argc > 1 && (!strcmp (argv[1], "--profile") || !strcmp (argv[1], "--profile-backward")))
    {
      /* Only HMT.h5 at batch 32 over the pool, for `perf record`; the backward one as a job runs it
       * (OpenBLAS on one thread, the pool splitting the layers). */
      const gboolean backward = !strcmp (argv[1], "--profile-backward");
      if (backward)
        openblas_set_num_threads (1);
      g_autoptr (SlModel) model = load_shared ("HMT.h5");
      if (!model)
        return 1;
      Timing t = bench_model (model, 32, pool, backward, backward ? 3 : 10);
      printf ("HMT.h5 batch 32%s: %.2f ms per image, %.1f GFLOP/s\n", backward ? " + d/dinput" : "",
              t.seconds / 32 * 1e3, t.gflops);
      return 0;
    }
  g_autofree char *pool_label = g_strdup_printf ("pool %u", sl_parallel_threads (pool));
  printf ("OpenBLAS %s, %d thread(s); %u core(s)\n", openblas_get_config (), blas_threads,
          g_get_num_processors ());

  const double sgemm = bench_sgemm (SGEMM_N);
  printf ("\n%-26s %6s  %-9s %14s %9s %8s\n", "", "batch", "threads", "time/item", "GFLOP/s",
          "of sgemm");
  printf ("%-26s %6s  %-9s %14s %9.1f %7.0f%%\n", "cblas_sgemm 2048^3", "-", "blas", "-", sgemm,
          100.0);

  g_autoptr (SlModel) hmt = load_shared ("HMT.h5");
  if (hmt)
    {
      g_autofree char *label
          = g_strdup_printf ("HMT.h5 forward (%.2f GF)", sl_model_flops (hmt) / 1e9);
      row (label, 1, "blas", bench_model (hmt, 1, NULL, FALSE, MODEL_REPEATS), 1e3, "ms", sgemm);
      row (label, 1, pool_label, bench_model (hmt, 1, pool, FALSE, MODEL_REPEATS), 1e3, "ms",
           sgemm);
      row (label, 32, "blas", bench_model (hmt, 32, NULL, FALSE, 3), 1e3, "ms", sgemm);
      row (label, 32, pool_label, bench_model (hmt, 32, pool, FALSE, 3), 1e3, "ms", sgemm);
      row ("HMT.h5 forward + d/dinput", 32, pool_label, bench_model (hmt, 32, pool, TRUE, 2), 1e3,
           "ms", sgemm);
      /* As the window's jobs run it: OpenBLAS on one thread, the pool splitting each layer. */
      openblas_set_num_threads (1);
      g_autofree char *job_label = g_strdup_printf ("%s+b1", pool_label);
      row ("HMT.h5 forward + d/dinput", 32, job_label, bench_model (hmt, 32, pool, TRUE, 2), 1e3,
           "ms", sgemm);
      openblas_set_num_threads (blas_threads);
    }
  g_autoptr (SlModel) mnist = load_shared ("MNIST1D.h5");
  if (mnist)
    {
      row ("MNIST1D.h5 forward", 1000, "blas",
           bench_model (mnist, 1000, NULL, FALSE, MODEL_REPEATS), 1e6, "us", sgemm);
      row ("MNIST1D.h5 forward", 1000, pool_label,
           bench_model (mnist, 1000, pool, FALSE, MODEL_REPEATS), 1e6, "us", sgemm);
    }
  return hmt && mnist ? 0 : 1;
}
