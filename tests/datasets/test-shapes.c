/* test-shapes.c — the built-in shapes: reproducible bits, masks that match the drawing, marks that
 * follow the labels as configured, balanced labels, clear errors, instant opening. */
#include "core/sl-error.h"
#include "datasets/sl-dataset-open.h"
#include "datasets/sl-shapes.h"
#include "sl-test-util.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The defaults with the shortcut on or off and splits of n_train and n_test samples. */
static void
params_init (SlShapesParams *p, gboolean shortcut, guint n_train, guint n_test)
{
  sl_shapes_params_init_default (p);
  p->shortcut = shortcut;
  p->n_train = n_train;
  p->n_test = n_test;
}

static SlDataset *
open_shapes (const SlShapesParams *p, gboolean train)
{
  g_autoptr (GError) error = NULL;
  SlDataset *ds = sl_shapes_dataset_new (p, train, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ds);
  return ds;
}

static void
sample (SlDataset *ds, gsize i, float *x)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_dataset_get_sample (ds, i, x, &error));
  g_assert_no_error (error);
}

static void
region (SlDataset *ds, gsize i, guint r, float *m)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_dataset_get_region (ds, i, r, m, &error));
  g_assert_no_error (error);
}

/* FNV-1a over the bits of samples [first, first + count) and all their regions. */
static guint64
hash_samples (SlDataset *ds, gsize first, gsize count)
{
  const gsize n = sl_dataset_sample_size (ds), rn = sl_dataset_region_size (ds);
  g_autofree float *x = g_new (float, n);
  g_autofree float *m = g_new (float, rn);
  guint64 h = 0xcbf29ce484222325ull;
  for (gsize i = first; i < first + count; i++)
    for (guint r = 0; r <= ds->n_regions; r++)
      {
        const float *v = r == 0 ? x : m;
        const gsize len = r == 0 ? n : rn;
        if (r == 0)
          sample (ds, i, x);
        else
          region (ds, i, r - 1, m);
        const guint8 *bytes = (const guint8 *) v;
        for (gsize b = 0; b < len * sizeof (float); b++)
          h = (h ^ bytes[b]) * 0x100000001b3ull;
      }
  return h;
}

typedef struct
{
  SlDataset *ds;
  gsize first, count;
  guint64 hash;
} HashJob;

static gpointer
hash_thread (gpointer data)
{
  HashJob *job = data;
  job->hash = hash_samples (job->ds, job->first, job->count);
  return NULL;
}

/* Same seed: the same bits, in any order and from several threads at once; another seed or
 * split: other bits. */
static void
test_reproducible (void)
{
  SlShapesParams p;
  params_init (&p, TRUE, 200, 1000);
  g_autoptr (SlDataset) a = open_shapes (&p, TRUE);
  g_autoptr (SlDataset) b = open_shapes (&p, TRUE);
  g_assert_cmpmem (a->labels, 200 * sizeof (gint), b->labels, 200 * sizeof (gint));
  const guint64 h = hash_samples (a, 0, 40);
  g_assert_cmpuint (hash_samples (b, 0, 40), ==, h);
  /* Drawing other samples first changes nothing. */
  g_assert_cmpuint (hash_samples (b, 100, 20) ^ hash_samples (a, 0, 40), ==,
                    hash_samples (a, 100, 20) ^ h);

  HashJob jobs[2] = { { a, 0, 20, 0 }, { a, 20, 20, 0 } };
  GThread *threads[2];
  for (guint t = 0; t < 2; t++)
    threads[t] = g_thread_new ("hash", hash_thread, &jobs[t]);
  for (guint t = 0; t < 2; t++)
    g_thread_join (threads[t]);
  g_assert_cmpuint (jobs[0].hash, ==, hash_samples (b, 0, 20));
  g_assert_cmpuint (jobs[1].hash, ==, hash_samples (b, 20, 20));

  p.seed = 1;
  g_autoptr (SlDataset) other = open_shapes (&p, TRUE);
  g_assert_cmpuint (hash_samples (other, 0, 40), !=, h);
  g_assert_true (memcmp (a->labels, other->labels, 200 * sizeof (gint)) != 0);
  p.seed = 0;
  p.n_test = 200;
  g_autoptr (SlDataset) test = open_shapes (&p, FALSE);
  g_assert_cmpuint (hash_samples (test, 0, 40), !=, h);
}

/* With the noise off a sample is exactly background · (1 − m) + colour · m for the mask m of
 * region "object": the mask is the drawing's coverage. With the noise on, the same mask and, where
 * m = 1, the same colour up to the fine noise (at most 0.05). */
static void
test_masks_match_drawing (void)
{
  SlShapesParams p;
  params_init (&p, FALSE, 4000, 64);
  g_autoptr (SlDataset) noisy = open_shapes (&p, FALSE);
  p.noise = 0;
  g_autoptr (SlDataset) clean = open_shapes (&p, FALSE);
  g_assert_cmpint (sl_dataset_find_region (clean, "object"), ==, 0);
  g_assert_cmpint (sl_dataset_find_region (clean, "mark"), ==, -1);
  const gsize hw = 64 * 64;
  g_autofree float *x = g_new (float, hw * 3);
  g_autofree float *xn = g_new (float, hw * 3);
  g_autofree float *m = g_new (float, hw);
  g_autofree float *mn = g_new (float, hw);
  /* Areas in units of r² (circle π, square 4 · 0.85², triangle 3√3/4 · 1.3², cross 2 · 2.2 · 0.7
   * − 0.7²) for radii 8 … 16 px. */
  const double area[4] = { G_PI, 2.89, 2.195, 2.59 };
  for (gsize i = 0; i < clean->n_samples; i++)
    {
      sample (clean, i, x);
      region (clean, i, 0, m);
      sample (noisy, i, xn);
      region (noisy, i, 0, mn);
      g_assert_cmpmem (m, hw * sizeof (float), mn, hw * sizeof (float));
      double bg[3] = { -1, -1, -1 }, fg[3] = { -1, -1, -1 }, sum = 0;
      guint edge = 0;
      for (gsize k = 0; k < hw; k++)
        {
          g_assert_cmpfloat (m[k], >=, 0);
          g_assert_cmpfloat (m[k], <=, 1);
          sum += m[k];
          edge += m[k] > 0 && m[k] < 1;
          double *ref = m[k] == 0 ? bg : m[k] == 1 ? fg : NULL;
          for (guint c = 0; ref && c < 3; c++)
            {
              if (ref[c] < 0)
                ref[c] = x[k * 3 + c];
              g_assert_cmpfloat (x[k * 3 + c], ==, ref[c]); /* flat background, flat shape */
            }
        }
      const int label = clean->labels[i];
      g_assert_cmpfloat (sum, >=, area[label] * 64 * 0.97);
      g_assert_cmpfloat (sum, <=, area[label] * 256 * 1.03);
      g_assert_cmpuint (edge, >, 10); /* anti-aliased */
      double contrast = 0, lighter = 0;
      for (guint c = 0; c < 3; c++)
        {
          contrast += (fg[c] - bg[c]) * (fg[c] - bg[c]);
          lighter += (c == 0 ? 0.299 : c == 1 ? 0.587 : 0.114) * (fg[c] - bg[c]);
        }
      contrast = sqrt (contrast);
      g_assert_cmpfloat (contrast, >=, 0.5 - 1e-6);
      /* Lighter than the background (luma). */
      g_assert_cmpfloat (lighter, >=, 0.3 - 1e-6);
      for (gsize k = 0; k < hw; k++)
        for (guint c = 0; c < 3; c++)
          {
            const double blend = bg[c] * (1 - m[k]) + fg[c] * m[k];
            g_assert_cmpfloat_with_epsilon (x[k * 3 + c], blend, 1e-6);
            if (m[k] == 1)
              g_assert_cmpfloat (fabs (xn[k * 3 + c] - fg[c]), <=, 0.05 + 1e-6);
          }
    }
}

/* The shortcut variant is the plain set plus a white square at the corner of the mark's class,
 * exactly where region "mark" is; the object never touches it. */
static void
test_marks_drawn (void)
{
  SlShapesParams p;
  params_init (&p, FALSE, 40, 1000);
  g_autoptr (SlDataset) plain = open_shapes (&p, TRUE);
  p.shortcut = TRUE;
  g_autoptr (SlDataset) marked = open_shapes (&p, TRUE);
  g_assert_cmpuint (marked->n_regions, ==, 2);
  g_assert_cmpint (sl_dataset_find_region (marked, "mark"), ==, 1);
  g_assert_cmpmem (plain->labels, 40 * sizeof (gint), marked->labels, 40 * sizeof (gint));
  const gsize hw = 64 * 64;
  g_autofree float *a = g_new (float, hw * 3);
  g_autofree float *b = g_new (float, hw * 3);
  g_autofree float *object = g_new (float, hw);
  g_autofree float *mark = g_new (float, hw);
  for (gsize i = 0; i < 40; i++)
    {
      sample (plain, i, a);
      sample (marked, i, b);
      region (marked, i, 0, object);
      region (marked, i, 1, mark);
      const int cls = sl_shapes_dataset_get_mark (marked, i);
      g_assert_cmpint (cls, ==, marked->labels[i]); /* rate 1 */
      guint inside = 0, x_min = 64, y_min = 64;
      for (guint k = 0; k < hw; k++)
        {
          g_assert_false (mark[k] > 0 && object[k] > 0);
          if (mark[k] > 0)
            {
              g_assert_cmpfloat (mark[k], ==, 1);
              inside++;
              x_min = MIN (x_min, k % 64);
              y_min = MIN (y_min, k / 64);
            }
          for (guint c = 0; c < 3; c++)
            g_assert_cmpfloat (b[k * 3 + c], ==, mark[k] > 0 ? 1.0f : a[k * 3 + c]);
        }
      /* A 6 × 6 square 2 px from the edges, at the class's corner. */
      g_assert_cmpuint (inside, ==, 36);
      g_assert_cmpuint (x_min, ==, (cls & 1) ? 56 : 2);
      g_assert_cmpuint (y_min, ==, (cls & 2) ? 56 : 2);
    }
}

static void
count_marks (SlDataset *ds, guint *agree, guint *swapped, guint *none, guint per_mark[4])
{
  *agree = *swapped = *none = 0;
  memset (per_mark, 0, 4 * sizeof (guint));
  g_autofree float *mark = g_new (float, sl_dataset_region_size (ds));
  for (gsize i = 0; i < ds->n_samples; i++)
    {
      const int cls = sl_shapes_dataset_get_mark (ds, i);
      if (cls < 0)
        (*none)++;
      else
        {
          per_mark[cls]++;
          if (cls == ds->labels[i])
            (*agree)++;
          else
            (*swapped)++;
        }
      if (i < 50)
        {
          double sum = 0;
          region (ds, i, 1, mark);
          for (gsize k = 0; k < sl_dataset_region_size (ds); k++)
            sum += mark[k];
          g_assert_cmpfloat (sum, ==, cls < 0 ? 0 : 36);
        }
    }
}

/* Training marks agree with the labels at exactly the configured rate (the others have none); test
 * marks are another class's, spread over the three others, or absent, or agree, as asked. */
static void
test_mark_rates (void)
{
  SlShapesParams p;
  params_init (&p, TRUE, 1000, 1200);
  p.shortcut_rate = 0.9;
  guint agree, swapped, none, per_mark[4];
  g_autoptr (SlDataset) train = open_shapes (&p, TRUE);
  count_marks (train, &agree, &swapped, &none, per_mark);
  g_assert_cmpuint (agree, ==, 900);
  g_assert_cmpuint (swapped, ==, 0);
  g_assert_cmpuint (none, ==, 100);

  g_autoptr (SlDataset) test = open_shapes (&p, FALSE);
  count_marks (test, &agree, &swapped, &none, per_mark);
  g_assert_cmpuint (swapped, ==, 1200);
  for (guint c = 0; c < 4; c++) /* 300 expected; σ ≈ 15 */
    g_assert_cmpuint (per_mark[c], >, 240);
  /* Each class's samples carry each of the three other marks about equally (100 expected). */
  guint pairs[4][4] = { { 0 } };
  for (gsize i = 0; i < test->n_samples; i++)
    pairs[test->labels[i]][sl_shapes_dataset_get_mark (test, i)]++;
  for (guint l = 0; l < 4; l++)
    for (guint c = 0; c < 4; c++)
      if (c != l)
        g_assert_cmpuint (pairs[l][c], >, 60);

  p.test_mark = SL_SHAPES_TEST_MARK_NONE;
  g_autoptr (SlDataset) absent = open_shapes (&p, FALSE);
  count_marks (absent, &agree, &swapped, &none, per_mark);
  g_assert_cmpuint (none, ==, 1200);
  p.test_mark = SL_SHAPES_TEST_MARK_AGREE;
  g_autoptr (SlDataset) same = open_shapes (&p, FALSE);
  count_marks (same, &agree, &swapped, &none, per_mark);
  g_assert_cmpuint (agree, ==, 1080);
  g_assert_cmpuint (none, ==, 120);
  g_assert_cmpint (sl_shapes_dataset_get_mark (same, 5000), ==, -1);
}

/* Labels are balanced (to one sample) and shuffled. */
static void
test_balanced (void)
{
  SlShapesParams p;
  params_init (&p, FALSE, 4000, 1001);
  g_autoptr (SlDataset) test = open_shapes (&p, FALSE);
  g_autoptr (SlDataset) train = open_shapes (NULL, TRUE);
  g_assert_cmpuint (train->n_samples, ==, 4000);
  g_assert_cmpstr (train->name, ==, "Shapes (train)");
  g_assert_cmpstr (test->name, ==, "Shapes (test)");
  const char *const names[] = { "circle", "square", "triangle", "cross", NULL };
  g_assert_cmpstrv (train->class_names, names);
  SlDataset *sets[] = { test, train };
  for (guint s = 0; s < 2; s++)
    {
      guint count[4] = { 0 }, in_order = 0;
      for (gsize i = 0; i < sets[s]->n_samples; i++)
        {
          g_assert_cmpint (sets[s]->labels[i], >=, 0);
          g_assert_cmpint (sets[s]->labels[i], <, 4);
          count[sets[s]->labels[i]]++;
          in_order += (gsize) sets[s]->labels[i] == i % 4;
        }
      for (guint c = 0; c < 4; c++)
        g_assert_cmpuint (count[c], ==, sets[s]->n_samples / 4 + (c < sets[s]->n_samples % 4));
      g_assert_cmpuint (in_order, <, sets[s]->n_samples / 2);
    }
}

static void
parse_fails (const char *assignments, const char *words)
{
  SlShapesParams p;
  sl_shapes_params_init_default (&p);
  g_autoptr (GError) error = NULL;
  g_assert_false (sl_shapes_params_parse (&p, assignments, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_test_message ("%s → %s", assignments, error->message);
  if (!strstr (error->message, words))
    g_error ("'%s' does not mention '%s'", error->message, words);
}

static void
open_fails (const char *spec, const char *words)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataset) ds = sl_dataset_open (spec, NULL, &error);
  g_assert_null (ds);
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_test_message ("%s → %s", spec, error->message);
  if (!strstr (error->message, words))
    g_error ("'%s' does not mention '%s'", error->message, words);
}

static void
test_bad_params (void)
{
  SlShapesParams p;
  sl_shapes_params_init_default (&p);
  g_autoptr (GError) error = NULL;
  const char *text = " seed = 7 ,size=48,,test_mark=none,shortcut=1,";
  g_assert_true (sl_shapes_params_parse (&p, text, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (p.seed, ==, 7);
  g_assert_cmpuint (p.size, ==, 48);
  g_assert_cmpint (p.test_mark, ==, SL_SHAPES_TEST_MARK_NONE);
  g_assert_true (p.shortcut);

  parse_fails ("bogus=1", "unknown shapes parameter 'bogus'");
  parse_fails ("seed", "needs a value");
  parse_fails ("seed=x", "seed: bad value 'x'");
  parse_fails ("seed=-1", "seed: bad value");
  parse_fails ("noise=nan", "noise: bad value");
  parse_fails ("test_mark=maybe", "swap, none or agree");
  parse_fails ("shortcut=yes", "shortcut: bad value");
  parse_fails ("size=8", "size must be between 16 and 512");
  parse_fails ("size=100000", "size must be between 16 and 512");
  parse_fails ("n_train=0", "n_train and n_test");
  parse_fails ("n_test=4000000000", "10,000,000");
  parse_fails ("radius_max=0.6", "radius_max");
  parse_fails ("radius_min=0.3", "radius_min");
  parse_fails ("noise=-1", "noise must be between 0 and 1");
  parse_fails ("shortcut_rate=1.5", "shortcut_rate");
  parse_fails ("supersample=0", "supersample");
  parse_fails ("mark_size=40", "mark_size");
  parse_fails ("size=32,mark_size=8", "does not fit"); /* an 8 px mark leaves no room at 32 px */
  parse_fails ("radius_max=0.4", "does not fit");

  open_fails ("shapes:validation", "unknown built-in dataset");
  open_fails ("shapes-shortcut@seed=1,bogus=2", "unknown shapes parameter 'bogus'");
  open_fails ("shapes:train@seed=1:test", "two splits");
  open_fails ("shapes@size=8", "size must be between");
}

/* The spec strings of sl_dataset_open; "./shapes" reaches a folder of that name. */
static void
test_specs (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataset) test = sl_dataset_open ("shapes", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (test->klass->kind, ==, "shapes");
  g_assert_cmpuint (test->n_samples, ==, 1000);
  g_assert_cmpuint (test->rank, ==, 3);
  g_assert_cmpuint (test->shape[0], ==, 64);
  g_assert_cmpuint (test->shape[1], ==, 64);
  g_assert_cmpuint (test->shape[2], ==, 3);
  g_assert_cmpuint (test->n_regions, ==, 1);
  g_autoptr (SlDataset) test2 = sl_dataset_open ("SHAPES:test", NULL, &error);
  g_assert_cmpmem (test->labels, 1000 * sizeof (gint), test2->labels, 1000 * sizeof (gint));
  g_autoptr (SlDataset) train = sl_dataset_open ("shapes:train", NULL, &error);
  g_assert_cmpuint (train->n_samples, ==, 4000);
  g_autoptr (SlDataset) sc = sl_dataset_open ("shapes-shortcut", NULL, &error);
  g_assert_cmpstr (sc->name, ==, "Shapes with a shortcut (test)");
  g_assert_cmpuint (sc->n_regions, ==, 2);
  g_assert_cmpint (sl_shapes_dataset_get_mark (sc, 0), !=, sc->labels[0]);
  g_autoptr (SlDataset) sct = sl_dataset_open ("shapes-shortcut:train", NULL, &error);
  g_assert_cmpstr (sct->name, ==, "Shapes with a shortcut (train)");
  g_assert_cmpint (sl_shapes_dataset_get_mark (sct, 0), ==, sct->labels[0]);

  /* The split may come before or after the parameters. */
  g_autoptr (SlDataset) v1 = sl_dataset_open ("shapes-shortcut@size=48,seed=3:train", NULL, &error);
  g_assert_no_error (error);
  g_autoptr (SlDataset) v2 = sl_dataset_open ("shapes-shortcut:train@size=48,seed=3", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (v1->shape[0], ==, 48);
  g_assert_cmpuint (v1->n_samples, ==, 4000);
  g_assert_cmpuint (hash_samples (v1, 0, 5), ==, hash_samples (v2, 0, 5));
  g_assert_cmpint (sl_shapes_dataset_get_params (v1)->seed, ==, 3);
  g_assert_null (sl_shapes_dataset_get_params (NULL));
  g_autoptr (SlDataset) v3 = sl_dataset_open ("mnist1d@num_samples=100:train", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (v3->n_samples, ==, 80);
  g_assert_null (sl_shapes_dataset_get_params (v3));

  /* The caller's parameters are the base of a variant; the name decides the shortcut. */
  SlShapesParams base;
  sl_shapes_params_init_default (&base);
  base.n_test = 12;
  base.shortcut = TRUE;
  const SlDatasetOpenOptions options = { .shapes = &base };
  g_autoptr (SlDataset) small = sl_dataset_open ("shapes@seed=2", &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (small->n_samples, ==, 12);
  g_assert_cmpuint (small->n_regions, ==, 1);

  /* A folder called "shapes": the keyword wins, "./shapes" reaches the folder. */
  g_autofree char *dir = g_dir_make_tmp ("sl-test-shapes-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *cls = g_build_filename (dir, "shapes", "a", NULL);
  g_assert_cmpint (g_mkdir_with_parents (cls, 0700), ==, 0);
  g_autofree char *png = g_build_filename (cls, "x.png", NULL);
  g_autoptr (GdkPixbuf) pb = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 8, 8);
  gdk_pixbuf_fill (pb, 0x336699ff);
  g_assert_true (gdk_pixbuf_save (pb, png, "png", &error, NULL));
  g_autofree char *cwd = g_get_current_dir ();
  g_assert_cmpint (chdir (dir), ==, 0);
  g_autoptr (SlDataset) keyword = sl_dataset_open ("shapes", NULL, &error);
  g_assert_no_error (error);
  g_autoptr (SlDataset) folder = sl_dataset_open ("./shapes", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (chdir (cwd), ==, 0);
  g_assert_cmpstr (keyword->klass->kind, ==, "shapes");
  g_assert_cmpstr (folder->klass->kind, ==, "image-folder");
  g_assert_cmpuint (folder->n_samples, ==, 1);
  g_unlink (png);
  g_rmdir (cls);
  g_autofree char *parent = g_path_get_dirname (cls);
  g_rmdir (parent);
  g_rmdir (dir);
}

/* CPU time of this thread in µs: wall time says little on a shared machine. */
static double
cpu_us (void)
{
  struct timespec t;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

/* Opening draws only labels and marks: 100,000 samples open at once; a sample takes about
 * (printed) microseconds. */
static void
test_speed (void)
{
  SlShapesParams p;
  params_init (&p, TRUE, 100000, 1000);
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr (SlDataset) ds = open_shapes (&p, TRUE);
  const double open_ms = (g_get_monotonic_time () - t0) / 1000.0;
  g_test_message ("open 100,000 samples: %.2f ms", open_ms);
  g_assert_cmpfloat (open_ms, <, 500); /* a few ms; generous for sanitizers and busy machines */

  g_autofree float *x = g_new (float, sl_dataset_sample_size (ds));
  g_autofree float *m = g_new (float, sl_dataset_region_size (ds));
  const guint n = 200;
  double c0 = cpu_us ();
  for (guint i = 0; i < n; i++)
    sample (ds, 99999 - i, x);
  const double us = (cpu_us () - c0) / n;
  c0 = cpu_us ();
  for (guint i = 0; i < n; i++)
    region (ds, i, 0, m);
  const double region_us = (cpu_us () - c0) / n;
  g_test_message ("64 × 64 sample: %.1f µs of CPU; its object mask: %.1f µs", us, region_us);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/datasets/shapes/reproducible", test_reproducible);
  g_test_add_func ("/datasets/shapes/masks-match-drawing", test_masks_match_drawing);
  g_test_add_func ("/datasets/shapes/marks-drawn", test_marks_drawn);
  g_test_add_func ("/datasets/shapes/mark-rates", test_mark_rates);
  g_test_add_func ("/datasets/shapes/balanced", test_balanced);
  g_test_add_func ("/datasets/shapes/bad-params", test_bad_params);
  g_test_add_func ("/datasets/shapes/specs", test_specs);
  g_test_add_func ("/datasets/shapes/speed", test_speed);
  return g_test_run ();
}
