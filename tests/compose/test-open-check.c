/* test-open-check.c — damaged and hostile files go through sl_open_check_file (a child process
 * under limits) and, when the check passes, through sl_open_model / sl_open_dataset in this
 * process: this process never crashes, and every failure is a message naming the file. */
#include "compose/sl-open-check.h"
#include "compose/sl-open.h"
#include "core/sl-error.h"
#include "core/sl-h5.h"
#include "sl-test-util.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>
#include <zlib.h>

typedef SlTestTmp Fixture;

typedef struct
{
  guint checked;
  guint passed;   /* the check passed, and the in-process open after it */
  guint refused;  /* the check failed with a message naming the file */
  guint damaged;  /* … of which the child crashed, hung or ran out of memory */
  guint unreadable_samples;
} Tally;

static const char *
cli (void)
{
  const char *path = g_getenv ("SL_CLI");
  g_assert_nonnull (path);
  return path;
}

static void
write_file (const char *path, const void *data, gsize len)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (g_file_set_contents (path, data, (gssize) len, &error));
  g_assert_no_error (error);
}

static GBytes *
read_file (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *data = NULL;
  gsize len = 0;
  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

/* The message must say which file: its path, or at least its name. */
static void
assert_names_file (const GError *error, const char *path)
{
  g_assert_nonnull (error);
  g_autofree char *base = g_path_get_basename (path);
  if (!strstr (error->message, path) && !strstr (error->message, base))
    g_error ("the error does not name %s: %s", path, error->message);
}

/* The whole protocol for one file: the check, then (only when it passes) the open in-process, and
 * for a dataset every sample. */
static void
check_then_open (const char *path, SlOpenKind kind, const char *model_path,
                 const SlOpenCheckLimits *limits, Tally *t)
{
  g_autoptr (GError) error = NULL;
  t->checked++;
  if (!sl_open_check_file_full (cli (), path, kind, model_path, limits, NULL, &error))
    {
      assert_names_file (error, path);
      g_test_message ("refused: %s", error->message);
      t->refused++;
      if (error->domain == SL_OPEN_CHECK_ERROR)
        {
          g_assert_true (strstr (error->message, "damaged file (the check"));
          t->damaged++;
        }
      else
        g_assert_true (error->domain == SL_ERROR);
      return;
    }
  /* The check ran exactly this open: it must succeed here too. */
  if (kind == SL_OPEN_MODEL)
    {
      g_autoptr (SlModel) model = sl_open_model (path, &error);
      g_assert_no_error (error);
      g_assert_nonnull (model);
      t->passed++;
      return;
    }
  g_autoptr (SlModel) model = model_path ? sl_open_model (model_path, &error) : NULL;
  g_assert_no_error (error);
  g_autoptr (SlDataset) dataset = sl_open_dataset (path, model, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dataset);
  g_autofree float *x = g_new (float, sl_dataset_sample_size (dataset));
  for (gsize i = 0; i < dataset->n_samples; i++)
    {
      g_autoptr (GError) sample_error = NULL;
      if (!sl_dataset_get_sample (dataset, i, x, &sample_error))
        {
          g_assert_true (sample_error->domain == SL_ERROR);
          g_assert_cmpuint (strlen (sample_error->message), >, 0);
          g_test_message ("sample %" G_GSIZE_FORMAT ": %s", i, sample_error->message);
          t->unreadable_samples++;
        }
    }
  t->passed++;
}

/* Crafted copies of `original` in `dir`: empty, truncated, bit-flipped, and with 8-byte fields
 * overwritten by huge values (lengths, sizes, addresses). Returns their paths. */
static GPtrArray *
craft_damaged (const char *dir, const char *original, GRand *rng)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GBytes) bytes = read_file (original);
  gsize n = 0;
  const guint8 *d = g_bytes_get_data (bytes, &n);
  g_autofree char *base = g_path_get_basename (original);
  g_autofree guint8 *copy = g_memdup2 (d, n);
#define ADD(fmt, ...)                                                                             \
  g_ptr_array_add (paths, g_strdup_printf ("%s/" fmt "-%s", dir, __VA_ARGS__, base))

  ADD ("%s", "empty");
  write_file (g_ptr_array_index (paths, paths->len - 1), "", 0);
  const gsize cuts[] = { 1, 8, 96, 512, 2048, n / 4, n / 2, n - 1 };
  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    if (cuts[i] < n)
      {
        ADD ("cut%" G_GSIZE_FORMAT, cuts[i]);
        write_file (g_ptr_array_index (paths, paths->len - 1), d, cuts[i]);
      }
  /* Bit flips: a few anywhere, and more in the first 4 KiB where the superblock, object headers
   * and attributes (model_config) of these small files live. */
  for (guint v = 0; v < 16; v++)
    {
      memcpy (copy, d, n);
      const gsize span = v < 8 ? n : MIN (n, 4096);
      const guint flips = 1 + v % 8;
      for (guint k = 0; k < flips; k++)
        copy[g_rand_int_range (rng, 0, (gint32) span)]
            ^= (guint8) (1u << g_rand_int_range (rng, 0, 8));
      ADD ("flip%u", v);
      write_file (g_ptr_array_index (paths, paths->len - 1), copy, n);
    }
  /* Huge declared sizes: 8 aligned bytes set to 0x7fff…, as a damaged length or size field. */
  for (guint v = 0; v < 8; v++)
    {
      memcpy (copy, d, n);
      const gsize at = (gsize) g_rand_int_range (rng, 0, (gint32) (MIN (n, 4096) / 8)) * 8;
      memset (copy + at, 0xff, MIN ((gsize) 8, n - at));
      copy[MIN (at + 7, n - 1)] = 0x7f;
      ADD ("huge%u", v);
      write_file (g_ptr_array_index (paths, paths->len - 1), copy, n);
    }
  /* Not HDF5 beyond its signature. */
  for (gsize i = 8; i < n; i++)
    copy[i] = (guint8) g_rand_int (rng);
  memcpy (copy, d, MIN (n, (gsize) 8));
  ADD ("%s", "noise");
  write_file (g_ptr_array_index (paths, paths->len - 1), copy, n);
#undef ADD
  return paths;
}

static gint
compare_paths (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

/* Files in `dir` (not recursing), sorted, or none when it does not exist. */
static void
add_files_of (GPtrArray *out, const char *dir, const char *suffix)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  while (d && (name = g_dir_read_name (d)))
    if (!suffix || g_str_has_suffix (name, suffix))
      g_ptr_array_add (found, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (found, compare_paths);
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (out, g_strdup (g_ptr_array_index (found, i)));
}

static void
test_hostile_models (Fixture *fx, gconstpointer data)
{
  g_autoptr (GPtrArray) seeds = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *seed_dir = g_test_build_filename (G_TEST_DIST, "fuzz", "seeds",
                                                     "fuzz-model-load", NULL);
  add_files_of (seeds, seed_dir, ".h5");
  g_assert_cmpuint (seeds->len, >=, 5);
  g_autoptr (GRand) rng = g_rand_new_with_seed (11);
  Tally t = { 0 };
  SlOpenCheckLimits limits;
  sl_open_check_limits_init (&limits);
  limits.timeout_s = 20;
  limits.memory_bytes = MIN (limits.memory_bytes, (guint64) 1 << 30);
  for (guint s = 0; s < seeds->len; s++)
    {
      const char *seed = g_ptr_array_index (seeds, s);
      check_then_open (seed, SL_OPEN_MODEL, NULL, &limits, &t);
      g_assert_cmpuint (t.passed, ==, s + 1); /* the seeds are sound */
    }
  const guint seeds_passed = t.passed;
  for (guint s = 0; s < seeds->len; s++)
    {
      g_autoptr (GPtrArray) crafted = craft_damaged (fx->dir, g_ptr_array_index (seeds, s), rng);
      for (guint i = 0; i < crafted->len; i++)
        check_then_open (g_ptr_array_index (crafted, i), SL_OPEN_MODEL, NULL, &limits, &t);
    }
  /* Crash artifacts of the fuzzers, when a fuzzing run left some (SL_FUZZ_ARTIFACTS: folders
   * separated by ':'). */
  g_auto (GStrv) artifact_dirs = g_strsplit (g_getenv ("SL_FUZZ_ARTIFACTS") ?: "", ":", -1);
  g_autoptr (GPtrArray) artifacts = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; artifact_dirs[i]; i++)
    if (*artifact_dirs[i])
      add_files_of (artifacts, artifact_dirs[i], NULL);
  for (guint i = 0; i < artifacts->len; i++)
    check_then_open (g_ptr_array_index (artifacts, i), SL_OPEN_MODEL, NULL, &limits, &t);
  g_print ("# models: %u checked (%u seeds, %u fuzz artifacts), %u passed and opened, %u refused "
           "(%u damaged: crash, hang or memory)\n",
           t.checked, seeds->len, artifacts->len, t.passed, t.refused, t.damaged);
  g_assert_cmpuint (seeds_passed, ==, seeds->len);
  g_assert_cmpuint (t.passed + t.refused, ==, t.checked);
  g_assert_cmpuint (t.refused, >, t.checked / 2);
}

/* A small dataset file in the generic layout: x (n, 40, 1) float, y (n) int. */
static char *
write_h5_dataset (const char *dir, const char *name, hsize_t n)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  hid_t f = sl_h5_create (path, &error);
  g_assert_no_error (error);
  g_autofree double *x = g_new (double, n * 40);
  g_autofree gint64 *y = g_new (gint64, n);
  for (hsize_t i = 0; i < n * 40; i++)
    x[i] = sin ((double) i * 0.1);
  for (hsize_t i = 0; i < n; i++)
    y[i] = (gint64) (i % 3);
  const hsize_t xd[3] = { n, 40, 1 };
  g_assert_true (sl_h5_write_doubles (f, "x", 3, xd, x, &error));
  g_assert_true (sl_h5_write_int64s (f, "y", 1, &n, y, &error));
  g_assert_no_error (error);
  sl_h5_close (f);
  return path;
}

/* x declared (n, 224, 224, 3) float32 but chunked and never written: a few KiB on disk that
 * unfold to n · 600 KB when read. */
static char *
write_h5_declared_huge (const char *dir, const char *name, hsize_t n)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  hid_t f = sl_h5_create (path, &error);
  g_assert_no_error (error);
  const hsize_t dims[4] = { n, 224, 224, 3 }, chunk[4] = { 1, 224, 224, 3 };
  hid_t space = H5Screate_simple (4, dims, NULL);
  hid_t dcpl = H5Pcreate (H5P_DATASET_CREATE);
  H5Pset_chunk (dcpl, 4, chunk);
  hid_t ds = H5Dcreate2 (f, "x", H5T_IEEE_F32LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  g_assert_cmpint (ds, >=, 0);
  H5Dclose (ds);
  H5Pclose (dcpl);
  H5Sclose (space);
  g_autofree gint64 *y = g_new0 (gint64, n);
  g_assert_true (sl_h5_write_int64s (f, "y", 1, &n, y, &error));
  g_assert_no_error (error);
  sl_h5_close (f);
  return path;
}

static void
test_hostile_h5_datasets (Fixture *fx, gconstpointer data)
{
  g_autoptr (GRand) rng = g_rand_new_with_seed (12);
  SlOpenCheckLimits limits;
  sl_open_check_limits_init (&limits);
  limits.timeout_s = 20;
  limits.memory_bytes = (guint64) 1 << 30;
  Tally t = { 0 };
  g_autofree char *sound = write_h5_dataset (fx->dir, "signals.h5", 24);
  check_then_open (sound, SL_OPEN_DATASET, NULL, &limits, &t);
  g_assert_cmpuint (t.passed, ==, 1);
  g_autoptr (GPtrArray) crafted = craft_damaged (fx->dir, sound, rng);
  for (guint i = 0; i < crafted->len; i++)
    check_then_open (g_ptr_array_index (crafted, i), SL_OPEN_DATASET, NULL, &limits, &t);

  /* 2.4 GB declared in a small file: beyond what the library agrees to load (2^27 values). */
  g_autofree char *huge = write_h5_declared_huge (fx->dir, "declared-huge.h5", 4000);
  g_autoptr (GError) error = NULL;
  g_assert_false (sl_open_check_file_full (cli (), huge, SL_OPEN_DATASET, NULL, &limits, NULL,
                                           &error));
  g_print ("# declared 2.4 GB: %s\n", error->message);
  assert_names_file (error, huge);
  g_clear_error (&error);
  /* 530 MB declared, within the library's bound, but nothing stored: the library refuses it before
   * it allocates anything (declared sizes are checked against the bytes stored), with any limit. */
  g_autofree char *big = write_h5_declared_huge (fx->dir, "declared-big.h5", 880);
  SlOpenCheckLimits tight = limits;
  tight.memory_bytes = (guint64) 384 << 20;
  g_assert_false (sl_open_check_file_full (cli (), big, SL_OPEN_DATASET, NULL, &tight, NULL,
                                           &error));
  g_print ("# declared 530 MB, limit 384 MiB: %s\n", error->message);
  assert_names_file (error, big);
  g_clear_error (&error);
  g_assert_false (sl_open_check_file_full (cli (), big, SL_OPEN_DATASET, NULL, NULL, NULL, &error));
  assert_names_file (error, big);
  g_clear_error (&error);
  g_print ("# h5 datasets: %u checked, %u passed and opened, %u refused (%u damaged)\n", t.checked,
           t.passed, t.refused, t.damaged);
  g_assert_cmpuint (t.passed + t.refused, ==, t.checked);
}

/* ---- images ---- */

static void
put_be32 (GByteArray *a, guint32 v)
{
  const guint8 b[4] = { v >> 24, v >> 16, v >> 8, v };
  g_byte_array_append (a, b, 4);
}

static void
put_chunk (GByteArray *a, const char *type, const guint8 *data, gsize len)
{
  put_be32 (a, (guint32) len);
  g_autoptr (GByteArray) body = g_byte_array_new ();
  g_byte_array_append (body, (const guint8 *) type, 4);
  if (len)
    g_byte_array_append (body, data, (guint) len);
  g_byte_array_append (a, body->data, body->len);
  put_be32 (a, (guint32) crc32 (0, body->data, body->len));
}

/* A real decompression bomb: a valid gray PNG of `side` × `side` zeros, whose IDAT is ~1000×
 * smaller than the pixels it unfolds to. */
static void
write_png_bomb (const char *path, guint32 side)
{
  g_autoptr (GByteArray) png = g_byte_array_new ();
  g_byte_array_append (png, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);
  g_autoptr (GByteArray) ihdr = g_byte_array_new ();
  put_be32 (ihdr, side);
  put_be32 (ihdr, side);
  const guint8 rest[5] = { 8, 0, 0, 0, 0 }; /* 8-bit gray, deflate, no filter, no interlace */
  g_byte_array_append (ihdr, rest, 5);
  put_chunk (png, "IHDR", ihdr->data, ihdr->len);

  g_autoptr (GZlibCompressor) z = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 1);
  g_autoptr (GByteArray) idat = g_byte_array_new ();
  const gsize row = (gsize) side + 1, total = row * side, block = 1 << 20;
  g_autofree guint8 *zeros = g_malloc0 (block);
  guint8 out[1 << 16];
  gsize fed = 0;
  for (;;)
    {
      const gsize take = MIN (block, total - fed);
      gsize read = 0, written = 0;
      g_autoptr (GError) error = NULL;
      const GConverterResult r
          = g_converter_convert (G_CONVERTER (z), zeros, take, out, sizeof out,
                                 fed + take == total ? G_CONVERTER_INPUT_AT_END : 0, &read,
                                 &written, &error);
      g_assert_no_error (error);
      g_byte_array_append (idat, out, (guint) written);
      fed += read;
      if (r == G_CONVERTER_FINISHED)
        break;
    }
  put_chunk (png, "IDAT", idat->data, idat->len);
  put_chunk (png, "IEND", NULL, 0);
  write_file (path, png->data, png->len);
}

static void
save_pixbuf (const char *path, const char *type, guint seed)
{
  g_autoptr (GdkPixbuf) pb = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 24, 24);
  guint8 *p = gdk_pixbuf_get_pixels (pb);
  const int stride = gdk_pixbuf_get_rowstride (pb);
  for (int y = 0; y < 24; y++)
    for (int x = 0; x < 24 * 3; x++)
      p[y * stride + x] = (guint8) (x * 7 + y * 13 + seed * 31);
  g_autoptr (GError) error = NULL;
  g_assert_true (gdk_pixbuf_save (pb, path, type, &error, NULL));
  g_assert_no_error (error);
}

static void
test_hostile_images (Fixture *fx, gconstpointer data)
{
  /* A model with an RGB image input, to shape the folder (checked first, as the window would). */
  g_autofree char *model = sl_test_shared ("models/HMT.h5");
  if (!model)
    return;
  Tally t = { 0 };
  SlOpenCheckLimits limits;
  sl_open_check_limits_init (&limits);
  limits.timeout_s = 20;
  limits.memory_bytes = (guint64) 1 << 30;
  check_then_open (model, SL_OPEN_MODEL, NULL, &limits, &t);
  g_assert_cmpuint (t.passed, ==, 1);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) m = sl_open_model (model, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (m->input.rank, ==, 3);

  g_autofree char *folder = g_build_filename (fx->dir, "tiles", NULL);
  g_autofree char *a = g_build_filename (folder, "a", NULL);
  g_autofree char *b = g_build_filename (folder, "b", NULL);
  g_assert_cmpint (g_mkdir_with_parents (a, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (b, 0700), ==, 0);
  g_autoptr (GRand) rng = g_rand_new_with_seed (13);
  guint n_files = 0, n_sound = 0;
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *png = g_strdup_printf ("%s/sound%u.png", a, i);
      g_autofree char *jpg = g_strdup_printf ("%s/sound%u.jpg", b, i);
      save_pixbuf (png, "png", i);
      save_pixbuf (jpg, "jpeg", i);
      n_files += 2;
      n_sound += 2;
    }
  /* Damaged copies of a sound PNG and JPEG: empty, truncated, bit-flipped, and a huge IHDR. */
  const char *const kinds[] = { "png", "jpg" };
  for (guint k = 0; k < 2; k++)
    {
      g_autofree char *src = g_strdup_printf ("%s/sound0.%s", k ? b : a, kinds[k]);
      g_autoptr (GBytes) bytes = read_file (src);
      gsize n = 0;
      const guint8 *d = g_bytes_get_data (bytes, &n);
      g_autofree guint8 *copy = g_memdup2 (d, n);
      g_autofree char *empty = g_strdup_printf ("%s/empty.%s", a, kinds[k]);
      write_file (empty, "", 0);
      n_files++;
      const gsize cuts[] = { 3, 16, 40, n / 2, n - 2 };
      for (guint c = 0; c < G_N_ELEMENTS (cuts); c++, n_files++)
        {
          g_autofree char *p = g_strdup_printf ("%s/cut%u.%s", a, c, kinds[k]);
          write_file (p, d, cuts[c]);
        }
      for (guint v = 0; v < 12; v++, n_files++)
        {
          memcpy (copy, d, n);
          for (guint f = 0; f < 1 + v % 4; f++)
            copy[g_rand_int_range (rng, 2, (gint32) MIN (n, 256))] ^= (guint8) (1u << (v % 8));
          g_autofree char *p = g_strdup_printf ("%s/flip%u.%s", b, v, kinds[k]);
          write_file (p, copy, n);
        }
    }
  g_autofree char *huge_header = g_build_filename (a, "huge-header.png", NULL);
  {
    /* 100000 × 100000 declared in a valid IHDR, then the sound file's IDAT-less remainder. */
    g_autoptr (GByteArray) png = g_byte_array_new ();
    g_byte_array_append (png, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);
    g_autoptr (GByteArray) ihdr = g_byte_array_new ();
    put_be32 (ihdr, 100000);
    put_be32 (ihdr, 100000);
    const guint8 rest[5] = { 8, 2, 0, 0, 0 };
    g_byte_array_append (ihdr, rest, 5);
    put_chunk (png, "IHDR", ihdr->data, ihdr->len);
    put_chunk (png, "IEND", NULL, 0);
    write_file (huge_header, png->data, png->len);
    n_files++;
  }
  g_autofree char *bomb = g_build_filename (b, "bomb.png", NULL);
  write_png_bomb (bomb, 16385); /* 268 MB of pixels in a file of ~300 KB */
  n_files++;

  check_then_open (folder, SL_OPEN_DATASET, model, &limits, &t);
  g_assert_cmpuint (t.passed, ==, 2); /* per-sample errors, not a failed folder */
  g_assert_cmpuint (t.unreadable_samples, >=, n_files - n_sound - 24);
  g_assert_cmpuint (t.unreadable_samples, <=, n_files - n_sound);
  g_print ("# image folder: %u files (%u sound), %u unreadable tiles, each a per-sample error\n",
           n_files, n_sound, t.unreadable_samples);

  /* The bomb and the huge header are refused from their headers, before any pixel is decoded. */
  g_autoptr (SlDataset) ds = sl_open_dataset (folder, m, &error);
  g_assert_no_error (error);
  const gint64 t0 = g_get_monotonic_time ();
  g_autofree float *x = g_new (float, sl_dataset_sample_size (ds));
  guint refused_large = 0;
  for (gsize i = 0; i < ds->n_samples; i++)
    {
      g_autoptr (GError) e = NULL;
      if (!sl_dataset_get_sample (ds, i, x, &e) && strstr (e->message, "too large")
          && (strstr (e->message, bomb) || strstr (e->message, huge_header)))
        refused_large++;
    }
  g_assert_cmpuint (refused_large, ==, 2);
  g_print ("# all %" G_GSIZE_FORMAT " tiles read in-process in %.1f ms\n", ds->n_samples,
           (double) (g_get_monotonic_time () - t0) / 1000);
}

/* ---- the check's own failures ---- */

static void
test_builtin_names (void)
{
  /* Not files: nothing to check, so no checker is needed. */
  const char *const models[] = { "demo", "no-such-model.h5" };
  const char *const datasets[]
      = { "mnist1d", "mnist1d:train", "MNIST1D@seed=7,iid_noise_scale=0.05", "no-such-folder",
          "no-such.h5:test" };
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      g_autoptr (GError) error = NULL;
      g_assert_true (
          sl_open_check_file ("/nonexistent/cli", models[i], SL_OPEN_MODEL, NULL, &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (datasets); i++)
    {
      g_autoptr (GError) error = NULL;
      g_assert_true (
          sl_open_check_file ("/nonexistent/cli", datasets[i], SL_OPEN_DATASET, "demo", &error));
      g_assert_no_error (error);
    }
}

static void
test_no_checker (Fixture *fx, gconstpointer data)
{
  g_autofree char *path = write_h5_dataset (fx->dir, "d.h5", 4);
  g_autoptr (GError) error = NULL;
  g_assert_false (sl_open_check_file ("/nonexistent/cli", path, SL_OPEN_DATASET, NULL, &error));
  g_assert_error (error, SL_OPEN_CHECK_ERROR, SL_OPEN_CHECK_ERROR_NO_CHECKER);
  assert_names_file (error, path);
  /* $SL_CLI wins. */
  g_autofree char *found = sl_open_check_find_cli ();
  g_assert_cmpstr (found, ==, cli ());
  /* A split suffix names the file before it. */
  g_autofree char *split = g_strconcat (path, ":train", NULL);
  g_clear_error (&error);
  g_assert_false (sl_open_check_file ("/nonexistent/cli", split, SL_OPEN_DATASET, NULL, &error));
  g_assert_error (error, SL_OPEN_CHECK_ERROR, SL_OPEN_CHECK_ERROR_NO_CHECKER);
}

/* The check of the HMT_test folder for HMT.h5 under `limits` (NULL: the defaults): its error, or
 * NULL when it passed or the course material is missing (*skipped). */
static GError *
check_hmt_test (const SlOpenCheckLimits *limits, GCancellable *cancellable, gboolean *skipped)
{
  g_autofree char *model = sl_test_shared ("models/HMT.h5");
  g_autofree char *tiles = sl_test_shared ("data/hmt/HMT_test");
  *skipped = !model || !tiles;
  GError *error = NULL;
  if (!*skipped)
    sl_open_check_file_full (cli (), tiles, SL_OPEN_DATASET, model, limits, cancellable, &error);
  return error;
}

static void
assert_message (const GError *error, const char *reason)
{
  g_autofree char *tiles = sl_test_shared ("data/hmt/HMT_test");
  g_autofree char *want = g_strdup_printf ("%s: damaged file (the check %s)", tiles, reason);
  g_assert_cmpstr (error->message, ==, want);
}

/* A check that runs past its wall-clock limit is killed and reported, in about that time. */
static void
test_timeout (void)
{
  SlOpenCheckLimits limits;
  sl_open_check_limits_init (&limits);
  limits.timeout_s = 0.05;
  gboolean skipped;
  const gint64 t0 = g_get_monotonic_time ();
  g_autoptr (GError) error = check_hmt_test (&limits, NULL, &skipped);
  const double ms = (double) (g_get_monotonic_time () - t0) / 1000;
  if (skipped)
    return;
  g_assert_error (error, SL_OPEN_CHECK_ERROR, SL_OPEN_CHECK_ERROR_TIMEOUT);
  assert_message (error, "did not finish within 0.05 s");
  g_print ("# timeout 50 ms: returned after %.0f ms\n", ms);
  g_assert_cmpfloat (ms, <, 2000);
}

/* A real exhaustion: the whole HMT_test check under 110 MiB (libraries, model, the image cache)
 * dies in g_malloc; the caller hears it ran out of memory. */
static void
test_out_of_memory (void)
{
  SlOpenCheckLimits limits;
  sl_open_check_limits_init (&limits);
  limits.memory_bytes = (guint64) 110 << 20;
  gboolean skipped;
  g_autoptr (GError) error = check_hmt_test (&limits, NULL, &skipped);
  if (skipped)
    return;
  /* How much address space the decoders take varies with the libraries' mappings: should the check
   * fit here after all, there is nothing to assert (and nothing crashed). */
  if (!error)
    {
      g_test_skip ("the check of HMT_test fit within the limit on this machine");
      return;
    }
  g_print ("# HMT_test under 110 MiB: %s\n", error->message);
  g_assert_error (error, SL_OPEN_CHECK_ERROR, SL_OPEN_CHECK_ERROR_OUT_OF_MEMORY);
  g_autofree char *size = g_format_size_full (limits.memory_bytes, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *reason = g_strdup_printf ("ran out of memory: its limit is %s", size);
  assert_message (error, reason);
}

static gboolean
cancel_later (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static gpointer
check_thread (gpointer data)
{
  gboolean skipped;
  return check_hmt_test (NULL, data, &skipped);
}

/* Cancelling the open job kills the child at once. */
static void
test_cancel (void)
{
  g_autofree char *tiles = sl_test_shared ("data/hmt/HMT_test");
  if (!tiles)
    return;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_timeout_add (50, cancel_later, cancellable);
  const gint64 t0 = g_get_monotonic_time ();
  GThread *thread = g_thread_new ("check", check_thread, cancellable);
  while (!g_cancellable_is_cancelled (cancellable))
    g_main_context_iteration (NULL, TRUE);
  g_autoptr (GError) error = g_thread_join (thread);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 2 * G_USEC_PER_SEC);
}

/* How a child that dies of a signal is reported. The checker here is a real program that kills
 * itself with SIGSEGV, standing for libhdf5 crashing inside the real one (the fuzzers' crashes
 * in libhdf5 1.10.8 are now refused before libhdf5 sees them, so no stored file still does it). */
static void
test_crash_report (Fixture *fx, gconstpointer data)
{
  g_autofree char *script = g_build_filename (fx->dir, "segv.sh", NULL);
  const char text[] = "#!/bin/sh\nkill -SEGV $$\n";
  write_file (script, text, sizeof text - 1);
  g_assert_cmpint (g_chmod (script, 0700), ==, 0);
  g_autofree char *path = write_h5_dataset (fx->dir, "d.h5", 4);
  g_autoptr (GError) error = NULL;
  g_assert_false (sl_open_check_file (script, path, SL_OPEN_MODEL, NULL, &error));
  g_assert_error (error, SL_OPEN_CHECK_ERROR, SL_OPEN_CHECK_ERROR_CRASHED);
  g_autofree char *want
      = g_strdup_printf ("%s: damaged file (the check crashed with SIGSEGV)", path);
  g_assert_cmpstr (error->message, ==, want);
  g_unlink (script);
}

/* An ordinary refusal comes back with the child's own message and SL_ERROR code. */
static void
test_plain_error (Fixture *fx, gconstpointer data)
{
  g_autofree char *path = write_h5_dataset (fx->dir, "d.h5", 4);
  g_autoptr (GError) error = NULL;
  g_assert_false (sl_open_check_file (cli (), path, SL_OPEN_MODEL, NULL, &error));
  g_assert_true (error->domain == SL_ERROR);
  g_autoptr (GError) direct = NULL;
  g_autoptr (SlModel) model = sl_open_model (path, &direct);
  g_assert_null (model);
  g_assert_cmpint (error->code, ==, direct->code);
  g_assert_cmpstr (error->message, ==, direct->message);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD_TMP(name, fn)                                                                          \
  g_test_add (name, Fixture, NULL, sl_test_tmp_setup, fn, sl_test_tmp_teardown)
  g_test_add_func ("/open-check/builtin-names", test_builtin_names);
  ADD_TMP ("/open-check/no-checker", test_no_checker);
  ADD_TMP ("/open-check/plain-error", test_plain_error);
  ADD_TMP ("/open-check/crash-report", test_crash_report);
  g_test_add_func ("/open-check/timeout", test_timeout);
  g_test_add_func ("/open-check/cancel", test_cancel);
  g_test_add_func ("/open-check/out-of-memory", test_out_of_memory);
  ADD_TMP ("/open-check/hostile-models", test_hostile_models);
  ADD_TMP ("/open-check/hostile-h5-datasets", test_hostile_h5_datasets);
  ADD_TMP ("/open-check/hostile-images", test_hostile_images);
  return g_test_run ();
}
