#include "sl-mnist1d.h"

#include "core/sl-error.h"

#include <math.h>
#include <string.h>

/* Generous caps: the generator must not be talked into allocating gigabytes. */
#define MAX_SAMPLES      10000000u
#define MAX_LENGTH       1000000u
#define MAX_ELEMENTS     ((gsize) 1 << 25) /* 256 MiB of float64, generated before any shape check */
#define MAX_TRANSLATION  ((guint) 1 << 31)
#define SMOOTH_SIGMA     2.0

struct _SlMnist1d
{
  SlMnist1dParams params;
  gsize n_train;
  gsize n_test;
  gsize seq_length;
  double *x; /* (n_train + n_test) × seq_length: the training rows first */
  double *w; /* the same rows: each point's weight of template content (the "digit" region) */
  gint64 *y;
  double *t;
  double templates_x[SL_MNIST1D_N_CLASSES * SL_MNIST1D_TEMPLATE_LEN];
  double templates_t[SL_MNIST1D_TEMPLATE_LEN];
  gint64 templates_y[SL_MNIST1D_N_CLASSES];
};

void
sl_mnist1d_params_init_default (SlMnist1dParams *params)
{
  *params = (SlMnist1dParams) {
    .num_samples = 5000,
    .train_split = 0.8,
    .template_len = 12,
    .padding_min = 36,
    .padding_max = 60,
    .scale_coeff = 0.4,
    .max_translation = 48,
    .corr_noise_scale = 0.25,
    .iid_noise_scale = 2e-2,
    .shear_scale = 0.75,
    .final_seq_length = 40,
    .seed = 42,
    .shuffle_seq = FALSE,
  };
}

gboolean
sl_mnist1d_params_check (const SlMnist1dParams *p, GError **error)
{
  const char *bad = NULL;
  if (p->num_samples < SL_MNIST1D_N_CLASSES || p->num_samples > MAX_SAMPLES)
    bad = "num_samples must be between 10 and 10,000,000";
  else if (!(p->train_split >= 0 && p->train_split <= 1))
    bad = "train_split must be between 0 and 1";
  else if (p->padding_min > p->padding_max)
    bad = "padding_min must not exceed padding_max";
  else if (p->padding_max > MAX_LENGTH || p->template_len > MAX_LENGTH)
    bad = "template_len and padding_max must be at most 1,000,000";
  else if (p->template_len + p->padding_max < 1)
    bad = "template_len + padding_max must be at least 1";
  else if (p->max_translation < 1 || p->max_translation > MAX_TRANSLATION)
    bad = "max_translation must be between 1 and 2^31";
  else if (!isfinite (p->scale_coeff) || !isfinite (p->corr_noise_scale)
           || !isfinite (p->iid_noise_scale) || !isfinite (p->shear_scale))
    bad = "scale_coeff, corr_noise_scale, iid_noise_scale and shear_scale must be finite";
  else if (p->final_seq_length < 1 || p->final_seq_length > MAX_LENGTH
           || (gsize) p->num_samples * p->final_seq_length > MAX_ELEMENTS)
    bad = "final_seq_length must be at least 1, and num_samples × final_seq_length at most 2^25 (33,554,432)";
  if (!bad)
    return TRUE;
  g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "MNIST-1D parameters: %s", bad);
  return FALSE;
}

/* ---- The legacy NumPy random stream (RandomState): MT19937 plus a cached polar Gaussian. ---- */

#define MT_N 624
#define MT_M 397

typedef struct
{
  guint32 mt[MT_N];
  guint pos;
  gboolean has_gauss;
  double gauss;
} Rng;

static void
rng_seed (Rng *r, guint32 seed)
{
  r->mt[0] = seed;
  for (guint i = 1; i < MT_N; i++)
    r->mt[i] = 1812433253u * (r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) + i;
  r->pos = MT_N;
  r->has_gauss = FALSE;
  r->gauss = 0;
}

static inline guint32
mt_mix (guint32 a, guint32 b, guint32 c)
{
  const guint32 y = (a & 0x80000000u) | (b & 0x7fffffffu);
  return c ^ (y >> 1) ^ ((y & 1u) ? 0x9908b0dfu : 0u);
}

static guint32
rng_u32 (Rng *r)
{
  if (r->pos >= MT_N)
    {
      guint k = 0;
      for (; k < MT_N - MT_M; k++)
        r->mt[k] = mt_mix (r->mt[k], r->mt[k + 1], r->mt[k + MT_M]);
      for (; k < MT_N - 1; k++)
        r->mt[k] = mt_mix (r->mt[k], r->mt[k + 1], r->mt[k + MT_M - MT_N]);
      r->mt[MT_N - 1] = mt_mix (r->mt[MT_N - 1], r->mt[0], r->mt[MT_M - 1]);
      r->pos = 0;
    }
  guint32 y = r->mt[r->pos++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= y >> 18;
  return y;
}

static double
rng_rand (Rng *r)
{
  const guint32 a = rng_u32 (r) >> 5;
  const guint32 b = rng_u32 (r) >> 6;
  return (a * 67108864.0 + b) / 9007199254740992.0;
}

static double
rng_randn (Rng *r)
{
  if (r->has_gauss)
    {
      r->has_gauss = FALSE;
      return r->gauss;
    }
  double x1, x2, r2;
  do
    {
      x1 = 2.0 * rng_rand (r) - 1.0;
      x2 = 2.0 * rng_rand (r) - 1.0;
      r2 = x1 * x1 + x2 * x2;
    }
  while (r2 >= 1.0 || r2 == 0.0);
  const double f = sqrt (-2.0 * log (r2) / r2);
  r->gauss = f * x1;
  r->has_gauss = TRUE;
  return f * x2;
}

/* Uniform in [0, max] by masked rejection, as NumPy's random_interval / masked randint. */
static guint32
rng_interval (Rng *r, guint32 max)
{
  if (max == 0)
    return 0;
  guint32 mask = max;
  mask |= mask >> 1;
  mask |= mask >> 2;
  mask |= mask >> 4;
  mask |= mask >> 8;
  mask |= mask >> 16;
  guint32 v;
  while ((v = rng_u32 (r) & mask) > max)
    ;
  return v;
}

/* ---- NumPy's arithmetic, so that results agree to the last bits. ---- */

/* np.add.reduce's pairwise summation. */
static double
pairwise_sum (const double *a, gsize n)
{
  if (n < 8)
    {
      double s = 0;
      for (gsize i = 0; i < n; i++)
        s += a[i];
      return s;
    }
  if (n <= 128)
    {
      double r[8];
      memcpy (r, a, sizeof r);
      gsize i = 8;
      for (; i < n - n % 8; i += 8)
        for (guint j = 0; j < 8; j++)
          r[j] += a[i + j];
      double s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++)
        s += a[i];
      return s;
    }
  gsize n2 = n / 2;
  n2 -= n2 % 8;
  return pairwise_sum (a, n2) + pairwise_sum (a + n2, n - n2);
}

/* Population mean and standard deviation, as x.mean() and x.std(). `scratch` holds n values. */
static void
mean_std (const double *x, gsize n, double *scratch, double *mean, double *std)
{
  const double m = pairwise_sum (x, n) / (double) n;
  for (gsize i = 0; i < n; i++)
    scratch[i] = (x[i] - m) * (x[i] - m);
  *mean = m;
  *std = sqrt (pairwise_sum (scratch, n) / (double) n);
}

/* np.linspace (start, stop, n)[i]. */
static inline double
linspace_at (double start, double stop, gsize n, gsize i)
{
  if (n == 1)
    return start;
  if (i == n - 1)
    return stop;
  return (double) i * ((stop - start) / (double) (n - 1)) + start;
}

/* Linear interpolation from n points on linspace(0, 1, n) to m points on linspace(0, 1, m), as
 * scipy's interp1d (which delegates to np.interp). A second series `w` on the same grid (or NULL)
 * goes into out_w with the same arithmetic, its values kept in [0, 1] against rounding. */
/* linspace_at (0, 1, n, i) with the step 1 / (n − 1) computed once: the same bits, no division. */
static inline double
unit_grid_at (double step, gsize n, gsize i)
{
  if (n == 1)
    return 0;
  return i == n - 1 ? 1.0 : (double) i * step;
}

static void
interpolate2 (const double *y, const double *w, gsize n, double *out, double *out_w, gsize m)
{
  const double step_n = n > 1 ? 1.0 / (double) (n - 1) : 0;
  const double step_m = m > 1 ? 1.0 / (double) (m - 1) : 0;
  gsize j = 0;
  for (gsize i = 0; i < m; i++)
    {
      const double xv = unit_grid_at (step_m, m, i);
      gsize at = G_MAXSIZE; /* the point taken as it is, if any */
      if (n == 1 || xv <= 0)
        at = 0;
      else if (xv >= 1)
        at = n - 1;
      else
        {
          /* The new grid rises, so the bracketing interval only moves right. */
          while (j + 1 < n - 1 && unit_grid_at (step_n, n, j + 1) <= xv)
            j++;
          const double xj = unit_grid_at (step_n, n, j);
          if (xj == xv)
            at = j;
          else
            {
              const double dx = unit_grid_at (step_n, n, j + 1) - xj;
              out[i] = (y[j + 1] - y[j]) / dx * (xv - xj) + y[j];
              if (w)
                out_w[i] = CLAMP ((w[j + 1] - w[j]) / dx * (xv - xj) + w[j], 0.0, 1.0);
            }
        }
      if (at != G_MAXSIZE)
        {
          out[i] = y[at];
          if (w)
            out_w[i] = w[at];
        }
    }
}

static void
interpolate (const double *y, gsize n, double *out, gsize m)
{
  interpolate2 (y, NULL, n, out, NULL, m);
}

/* scipy.ndimage.gaussian_filter1d weights for σ, truncate 4: w[0 … 2·radius]. */
static guint
gaussian_kernel (double sigma, double *w, guint capacity)
{
  const guint radius = (guint) (4.0 * sigma + 0.5);
  g_assert (2 * radius + 1 <= capacity);
  for (guint i = 0; i <= 2 * radius; i++)
    {
      const double u = (double) i - (double) radius;
      w[i] = exp (-0.5 / (sigma * sigma) * (u * u));
    }
  const double sum = pairwise_sum (w, 2 * radius + 1);
  for (guint i = 0; i <= 2 * radius; i++)
    w[i] /= sum;
  return radius;
}

/* Index into [0, n) under the "reflect" border (d c b a | a b c d | d c b a). */
static gsize
reflect_index (gssize i, gsize n)
{
  const gssize period = 2 * (gssize) n;
  i %= period;
  if (i < 0)
    i += period;
  return i < (gssize) n ? (gsize) i : (gsize) (period - 1 - i);
}

/* correlate1d with a symmetric kernel, in scipy's order of operations. */
static void
smooth (const double *in, gsize n, const double *w, guint radius, double *out)
{
  const double *c = w + radius;
  for (gsize l = 0; l < n; l++)
    {
      double s = in[l] * c[0];
      if (l >= radius && l + radius < n)
        /* Away from the borders: no reflection (the same sums, without the index arithmetic). */
        for (gssize j = -(gssize) radius; j < 0; j++)
          s += (in[(gssize) l + j] + in[(gssize) l - j]) * c[j];
      else
        for (gssize j = -(gssize) radius; j < 0; j++)
          s += (in[reflect_index ((gssize) l + j, n)] + in[reflect_index ((gssize) l - j, n)])
               * c[j];
      out[l] = s;
    }
}

/* ---- The generator ---- */

static void
make_templates (SlMnist1d *self)
{
  static const double digits[SL_MNIST1D_N_CLASSES][SL_MNIST1D_TEMPLATE_LEN] = {
    { 5, 6, 6.5, 6.75, 7, 7, 7, 7, 6.75, 6.5, 6, 5 },
    { 5, 3, 3, 3.4, 3.8, 4.2, 4.6, 5, 5.4, 5.8, 5, 5 },
    { 5, 6, 6.5, 6.5, 6, 5.25, 4.75, 4, 3.5, 3.5, 4, 5 },
    { 5, 6, 6.5, 6.5, 6, 5, 5, 6, 6.5, 6.5, 6, 5 },
    { 5, 4.4, 3.8, 3.2, 2.6, 2.6, 5, 5, 5, 5, 5, 5 },
    { 5, 3, 3, 3, 3, 5, 6, 6.5, 6.5, 6, 4.5, 5 },
    { 5, 4, 3.5, 3.25, 3, 3, 3, 3, 3.25, 3.5, 4, 5 },
    { 5, 7, 7, 6.6, 6.2, 5.8, 5.4, 5, 4.6, 4.2, 5, 5 },
    { 5, 4, 3.5, 3.5, 4, 5, 5, 4, 3.5, 3.5, 4, 5 },
    { 5, 4, 3.5, 3.5, 4, 5, 5, 5, 5, 4.7, 4.3, 5 },
  };
  const guint len = SL_MNIST1D_TEMPLATE_LEN;
  for (guint d = 0; d < SL_MNIST1D_N_CLASSES; d++)
    {
      double *row = self->templates_x + d * len;
      double scratch[SL_MNIST1D_TEMPLATE_LEN], mean, std;
      /* As get_templates(): centre, then divide by the std of the centred rows. */
      mean_std (digits[d], len, scratch, &mean, &std);
      for (guint i = 0; i < len; i++)
        row[i] = digits[d][i] - mean;
      mean_std (row, len, scratch, &mean, &std);
      for (guint i = 0; i < len; i++)
        row[i] /= std;
      const double first = row[0];
      for (guint i = 0; i < len; i++)
        row[i] = (row[i] - first) / 6.0;
      self->templates_y[d] = d;
    }
  for (guint i = 0; i < len; i++)
    self->templates_t[i] = linspace_at (-5, 5, len, i) / 6.0;
}

/* Working buffers for one sample, allocated once per set. */
typedef struct
{
  gsize work_len;  /* template_len + padding_max */
  double *padded;  /* SL_MNIST1D_TEMPLATE_LEN + padding_max each */
  double *w_padded;
  double *a;       /* work_len each */
  double *b;
  double *w_a;
  double *w_b;
  double *noise;
  double *t_work;
  double kernel[64];
  guint radius;
} Scratch;

/* Rotates `in` right by k into `out`; like NumPy's x[-k:] / x[:-k], k ≥ n leaves it as it is. */
static void
rotate_right (const double *in, gsize n, gsize k, double *out)
{
  if (k > 0 && k < n)
    {
      memcpy (out, in + n - k, k * sizeof (double));
      memcpy (out + k, in, (n - k) * sizeof (double));
    }
  else
    memcpy (out, in, n * sizeof (double));
}

/* One sample of `digit` into out_x (final_seq_length values); follows the spec's order of draws.
 * out_w receives each output point's weight of template content: an indicator (1 on the template's
 * points, 0 on the padding) taken through the same interpolation, rotation and interpolation. */
static void
transform (const SlMnist1d *self, const SlMnist1dParams *p, Rng *rng, Scratch *s, guint digit,
           double *out_x, double *out_w)
{
  const guint tl = SL_MNIST1D_TEMPLATE_LEN;
  const gsize wl = s->work_len;

  const double *tmpl = self->templates_x + digit * tl;
  const guint pad = p->padding_min
                    + (guint) (rng_rand (rng) * (double) (p->padding_max - p->padding_min + 1));
  for (guint i = 0; i < tl; i++)
    {
      s->padded[i] = tmpl[i] + 1e-8; /* keeps the template apart from the zero padding */
      s->w_padded[i] = 1;
    }
  memset (s->padded + tl, 0, pad * sizeof (double));
  memset (s->w_padded + tl, 0, pad * sizeof (double));
  interpolate2 (s->padded, s->w_padded, tl + pad, s->a, s->w_a, wl);

  const double scale = 1 + p->scale_coeff * (rng_rand (rng) - 0.5);
  for (gsize i = 0; i < wl; i++)
    s->a[i] *= scale;

  const gsize k = rng_interval (rng, p->max_translation - 1);
  rotate_right (s->a, wl, k, s->b);
  rotate_right (s->w_a, wl, k, s->w_b);
  /* A point whose value is exactly 0 (a scale of 0, or neighbours that cancel) counts as background
   * below: the noise replaces it, so it holds nothing of the template. */
  for (gsize i = 0; i < wl; i++)
    if (s->b[i] == 0)
      s->w_b[i] = 0;

  for (gsize i = 0; i < wl; i++)
    s->noise[i] = p->corr_noise_scale * rng_randn (rng);
  smooth (s->noise, wl, s->kernel, s->radius, s->a);
  for (gsize i = 0; i < wl; i++)
    if (s->b[i] == 0)
      s->b[i] = s->a[i];

  for (gsize i = 0; i < wl; i++)
    s->b[i] += p->iid_noise_scale * rng_randn (rng);

  const double coeff = p->shear_scale * (rng_rand (rng) - 0.5);
  for (gsize i = 0; i < wl; i++)
    s->b[i] -= coeff * linspace_at (-0.5, 0.5, wl, i);

  interpolate2 (s->b, s->w_b, wl, out_x, out_w, p->final_seq_length);
}

/* row ← row[perm] in place; `scratch` holds len values. */
static void
permute_row (double *row, const gsize *perm, gsize len, double *scratch)
{
  memcpy (scratch, row, len * sizeof (double));
  for (gsize i = 0; i < len; i++)
    row[i] = scratch[perm[i]];
}

SlMnist1d *
sl_mnist1d_generate (const SlMnist1dParams *params, GError **error)
{
  if (!sl_mnist1d_params_check (params, error))
    return NULL;
  const SlMnist1dParams *p = params;
  g_autoptr (SlMnist1d) self = g_new0 (SlMnist1d, 1);
  self->params = *p;
  make_templates (self);

  const gsize per_class = p->num_samples / SL_MNIST1D_N_CLASSES;
  const gsize n = per_class * SL_MNIST1D_N_CLASSES;
  const gsize len = p->final_seq_length;
  self->seq_length = len;
  self->n_train = (gsize) ((double) n * p->train_split);
  self->n_train = MIN (self->n_train, n);
  self->n_test = n - self->n_train;

  Scratch s = { 0 };
  s.work_len = (gsize) p->template_len + p->padding_max;
  s.padded = g_new (double, SL_MNIST1D_TEMPLATE_LEN + (gsize) p->padding_max);
  s.w_padded = g_new (double, SL_MNIST1D_TEMPLATE_LEN + (gsize) p->padding_max);
  s.a = g_new (double, s.work_len);
  s.b = g_new (double, s.work_len);
  s.w_a = g_new (double, s.work_len);
  s.w_b = g_new (double, s.work_len);
  s.noise = g_new (double, s.work_len);
  s.t_work = g_new (double, s.work_len);
  s.radius = gaussian_kernel (SMOOTH_SIGMA, s.kernel, G_N_ELEMENTS (s.kernel));

  Rng rng;
  rng_seed (&rng, p->seed);
  g_autofree double *xs = g_new (double, n * len);
  g_autofree double *ws = g_new (double, n * len);
  g_autofree gint64 *ys = g_new (gint64, n);
  for (guint d = 0; d < SL_MNIST1D_N_CLASSES; d++)
    for (gsize i = 0; i < per_class; i++)
      {
        const gsize row = d * per_class + i;
        transform (self, p, &rng, &s, d, xs + row * len, ws + row * len);
        ys[row] = self->templates_y[d];
      }

  /* Every sample has the same time axis: the templates' one, resampled like x. */
  self->t = g_new (double, len);
  interpolate (self->templates_t, SL_MNIST1D_TEMPLATE_LEN, s.t_work, s.work_len);
  interpolate (s.t_work, s.work_len, self->t, len);

  g_free (s.padded);
  g_free (s.w_padded);
  g_free (s.a);
  g_free (s.b);
  g_free (s.w_a);
  g_free (s.w_b);
  g_free (s.noise);
  g_free (s.t_work);

  /* np.random.permutation: Fisher–Yates from the top. */
  g_autofree gsize *perm = g_new (gsize, MAX (n, len));
  for (gsize i = 0; i < n; i++)
    perm[i] = i;
  for (gsize i = n - 1; i >= 1; i--)
    {
      const gsize j = rng_interval (&rng, (guint32) i);
      const gsize tmp = perm[i];
      perm[i] = perm[j];
      perm[j] = tmp;
    }
  /* The weights follow their samples through both permutations. */
  self->x = g_new (double, n * len);
  self->w = g_new (double, n * len);
  self->y = g_new (gint64, n);
  for (gsize i = 0; i < n; i++)
    {
      memcpy (self->x + i * len, xs + perm[i] * len, len * sizeof (double));
      memcpy (self->w + i * len, ws + perm[i] * len, len * sizeof (double));
      self->y[i] = ys[perm[i]];
    }

  if (p->shuffle_seq)
    {
      for (gsize i = 0; i < len; i++)
        perm[i] = i;
      for (gsize i = len - 1; i >= 1; i--)
        {
          const gsize j = rng_interval (&rng, (guint32) i);
          const gsize tmp = perm[i];
          perm[i] = perm[j];
          perm[j] = tmp;
        }
      for (gsize r = 0; r < n; r++)
        {
          permute_row (self->x + r * len, perm, len, xs);
          permute_row (self->w + r * len, perm, len, xs);
        }
    }

  double mean, std;
  mean_std (self->x, n * len, xs, &mean, &std);
  if (!(std > 0) || !isfinite (std))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "MNIST-1D parameters: the generated signals have no spread (std %g); "
                   "they cannot be standardised", std);
      return NULL;
    }
  for (gsize i = 0; i < len; i++)
    self->t[i] /= std;
  for (gsize i = 0; i < n * len; i++)
    self->x[i] = (self->x[i] - mean) / std;
  return g_steal_pointer (&self);
}

void
sl_mnist1d_free (SlMnist1d *self)
{
  if (!self)
    return;
  g_free (self->x);
  g_free (self->w);
  g_free (self->y);
  g_free (self->t);
  g_free (self);
}

const SlMnist1dParams *
sl_mnist1d_get_params (const SlMnist1d *self)
{
  return &self->params;
}

gsize
sl_mnist1d_get_seq_length (const SlMnist1d *self)
{
  return self->seq_length;
}

const double *
sl_mnist1d_get_x (const SlMnist1d *self, gboolean train, gsize *n_samples)
{
  if (n_samples)
    *n_samples = train ? self->n_train : self->n_test;
  return train ? self->x : self->x + self->n_train * self->seq_length;
}

const gint64 *
sl_mnist1d_get_y (const SlMnist1d *self, gboolean train, gsize *n_samples)
{
  if (n_samples)
    *n_samples = train ? self->n_train : self->n_test;
  return train ? self->y : self->y + self->n_train;
}

const double *
sl_mnist1d_get_weights (const SlMnist1d *self, gboolean train, gsize *n_samples)
{
  if (n_samples)
    *n_samples = train ? self->n_train : self->n_test;
  return train ? self->w : self->w + self->n_train * self->seq_length;
}

const double *
sl_mnist1d_get_t (const SlMnist1d *self)
{
  return self->t;
}

const double *
sl_mnist1d_get_template_x (const SlMnist1d *self, guint digit)
{
  if (digit >= SL_MNIST1D_N_CLASSES)
    return NULL;
  return self->templates_x + digit * SL_MNIST1D_TEMPLATE_LEN;
}

const double *
sl_mnist1d_get_templates_x (const SlMnist1d *self)
{
  return self->templates_x;
}

const double *
sl_mnist1d_get_template_t (const SlMnist1d *self)
{
  return self->templates_t;
}

const gint64 *
sl_mnist1d_get_template_y (const SlMnist1d *self)
{
  return self->templates_y;
}

/* ---- The dataset ---- */

typedef struct
{
  SlMnist1d *data;
  const double *x; /* the split's rows inside data */
  const double *w; /* their weights of template content */
} Mnist1dDataset;

static void
row_to_floats (const double *rows, gsize index, gsize len, float *out)
{
  const double *row = rows + index * len;
  for (gsize i = 0; i < len; i++)
    out[i] = (float) row[i];
}

static gboolean
mnist1d_get_sample (SlDataset *dataset, gsize index, float *out, GError **error)
{
  const Mnist1dDataset *priv = dataset->priv;
  row_to_floats (priv->x, index, priv->data->seq_length, out);
  return TRUE;
}

/* The one region, "digit". */
static gboolean
mnist1d_get_region (SlDataset *dataset, gsize index, guint region, float *out, GError **error)
{
  const Mnist1dDataset *priv = dataset->priv;
  row_to_floats (priv->w, index, priv->data->seq_length, out);
  return TRUE;
}

static void
mnist1d_finalize (SlDataset *dataset)
{
  Mnist1dDataset *priv = dataset->priv;
  if (!priv)
    return;
  sl_mnist1d_free (priv->data);
  g_free (priv);
  dataset->priv = NULL;
}

static const SlDatasetClass mnist1d_class = {
  .kind = "mnist1d",
  .get_sample = mnist1d_get_sample,
  .finalize = mnist1d_finalize,
  .get_region = mnist1d_get_region,
};

SlDataset *
sl_mnist1d_dataset_new (const SlMnist1dParams *params, gboolean train, GError **error)
{
  SlMnist1dParams defaults;
  if (!params)
    {
      sl_mnist1d_params_init_default (&defaults);
      params = &defaults;
    }
  g_autoptr (SlMnist1d) data = sl_mnist1d_generate (params, error);
  if (!data)
    return NULL;

  g_autoptr (SlDataset) self
    = sl_dataset_new_base (&mnist1d_class, train ? "MNIST-1D (train)" : "MNIST-1D (test)");
  gsize n;
  const gint64 *y = sl_mnist1d_get_y (data, train, &n);
  self->n_samples = n;
  self->rank = 2;
  self->shape[0] = data->seq_length;
  self->shape[1] = 1;
  self->n_classes = SL_MNIST1D_N_CLASSES;
  self->class_names = g_new0 (char *, SL_MNIST1D_N_CLASSES + 1);
  for (guint c = 0; c < SL_MNIST1D_N_CLASSES; c++)
    self->class_names[c] = g_strdup_printf ("%u", c);
  self->n_regions = 1;
  self->region_names = g_strdupv ((char *[]) { "digit", NULL });
  self->labels = g_new (gint, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    self->labels[i] = (gint) y[i];

  Mnist1dDataset *priv = g_new0 (Mnist1dDataset, 1);
  priv->x = sl_mnist1d_get_x (data, train, NULL);
  priv->w = sl_mnist1d_get_weights (data, train, NULL);
  priv->data = g_steal_pointer (&data);
  self->priv = priv;
  return g_steal_pointer (&self);
}

const SlMnist1d *
sl_mnist1d_dataset_get_data (const SlDataset *dataset)
{
  if (!dataset || dataset->klass != &mnist1d_class || !dataset->priv)
    return NULL;
  return ((const Mnist1dDataset *) dataset->priv)->data;
}

gboolean
sl_mnist1d_params_parse (SlMnist1dParams *params, const char *assignments, GError **error)
{
  /* Each field with its kind: 'u' unsigned, 'd' double, 'b' boolean. */
  const struct
  {
    const char *name;
    char kind;
    void *field;
  } fields[] = {
    { "num_samples", 'u', &params->num_samples },
    { "train_split", 'd', &params->train_split },
    { "template_len", 'u', &params->template_len },
    { "padding_min", 'u', &params->padding_min },
    { "padding_max", 'u', &params->padding_max },
    { "scale_coeff", 'd', &params->scale_coeff },
    { "max_translation", 'u', &params->max_translation },
    { "corr_noise_scale", 'd', &params->corr_noise_scale },
    { "iid_noise_scale", 'd', &params->iid_noise_scale },
    { "shear_scale", 'd', &params->shear_scale },
    { "final_seq_length", 'u', &params->final_seq_length },
    { "seed", 'u', &params->seed },
    { "shuffle_seq", 'b', &params->shuffle_seq },
  };
  g_auto (GStrv) items = g_strsplit (assignments, ",", -1);
  for (guint i = 0; items[i]; i++)
    {
      char *item = g_strstrip (items[i]);
      if (!*item)
        continue;
      char *eq = strchr (item, '=');
      if (!eq)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "MNIST-1D parameter '%s' needs a value (key=value)", item);
          return FALSE;
        }
      *eq = '\0';
      const char *key = g_strstrip (item), *value = g_strstrip (eq + 1);
      gsize f;
      for (f = 0; f < G_N_ELEMENTS (fields); f++)
        if (!strcmp (key, fields[f].name))
          break;
      if (f == G_N_ELEMENTS (fields))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "unknown MNIST-1D parameter '%s'", key);
          return FALSE;
        }
      char *end = NULL;
      gboolean ok = TRUE;
      if (fields[f].kind == 'd')
        {
          const double v = g_ascii_strtod (value, &end);
          ok = *value && end && !*end && isfinite (v);
          if (ok)
            *(double *) fields[f].field = v;
        }
      else if (fields[f].kind == 'u')
        {
          guint64 v = 0;
          ok = g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT32, &v, NULL);
          if (ok && fields[f].field == &params->seed)
            params->seed = (guint32) v;
          else if (ok)
            *(guint *) fields[f].field = (guint) v;
        }
      else
        {
          ok = !strcmp (value, "true") || !strcmp (value, "false") || !strcmp (value, "1") || !strcmp (value, "0");
          if (ok)
            *(gboolean *) fields[f].field = value[0] == 't' || value[0] == '1';
        }
      if (!ok)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "MNIST-1D parameter %s: bad value '%s'", key, value);
          return FALSE;
        }
    }
  return sl_mnist1d_params_check (params, error);
}
