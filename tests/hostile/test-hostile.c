/* The hostile-input suite (issue 13): each case crafts a file or an argument a hostile user would,
 * in a temporary folder, and runs saliency-lab-cli on it as a subprocess under a wall-clock limit
 * (alarm) and, outside the sanitizer build, an address-space limit. A refusal must be a non-zero
 * exit (no signal), a message naming the file or option and the reason, no output left behind and
 * every input unchanged. Valid files a stranger wrote must open. */
#include "core/sl-error.h"
#include "core/sl-h5.h"
#include "datasets/images/sl-image-decode.h"
#include "engine/sl-keras-save.h"
#include "engine/sl-model-builtin.h"
#include "engine/sl-model.h"
#include "sl-test-util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

#define MEMORY_LIMIT ((rlim_t)4 << 30)
#define TIME_LIMIT 60 /* seconds of wall time: generous for the sanitizer build */

typedef struct
{
  int status;
  char *out, *err;
} Result;

static void
result_clear (Result *r)
{
  g_free (r->out);
  g_free (r->err);
}

static void
limit_child (gpointer data)
{
  /* Survives exec: a hang ends in SIGALRM, which the test reports as a signal. */
  alarm (GPOINTER_TO_UINT (data));
#ifndef UNDER_ASAN
  const struct rlimit as = { MEMORY_LIMIT, MEMORY_LIMIT };
  setrlimit (RLIMIT_AS, &as);
#endif
}

static Result
run_cli_limited (const char *const *args, guint seconds)
{
  const char *cli = g_getenv ("SL_CLI");
  g_assert_nonnull (cli);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer)cli);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);
  Result r = { 0 };
  g_autoptr (GError) error = NULL;
  const gboolean spawned
      = g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, limit_child,
                      GUINT_TO_POINTER (seconds), &r.out, &r.err, &r.status, &error);
  g_assert_no_error (error);
  g_assert_true (spawned);
  return r;
}

static char *
checksum_of (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  struct stat st;
  if (stat (path, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size > (1 << 28))
    return g_strdup_printf ("(not hashed: %s)", path);
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *)data, len);
}

/* Runs a case that must be refused: exit 1, no signal, every needle in the message, `out` (when
 * given) not created, `inputs` unchanged. */
static void
expect_refusal (const char *const *args, const char *out, const char *const *inputs,
                const char *const *needles)
{
  g_autoptr (GPtrArray) before = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; inputs && inputs[i]; i++)
    g_ptr_array_add (before, checksum_of (inputs[i]));
  Result r = run_cli_limited (args, TIME_LIMIT);
  g_test_message ("stderr: %.600s", r.err);
  g_assert_false (WIFSIGNALED (r.status));
  g_assert_true (WIFEXITED (r.status));
  g_assert_cmpint (WEXITSTATUS (r.status), !=, 0);
  for (guint i = 0; needles[i]; i++)
    if (!strstr (r.err, needles[i]))
      g_error ("the message '%.400s' does not mention '%s'", r.err, needles[i]);
  g_assert_cmpuint (strlen (r.err), <, 4096);
  for (const char *p = r.err; *p; p++)
    g_assert_true (*p != '\x1b'); /* no escape sequence reaches the terminal */
  if (out)
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  for (guint i = 0; inputs && inputs[i]; i++)
    {
      g_autofree char *after = checksum_of (inputs[i]);
      g_assert_cmpstr (after, ==, g_ptr_array_index (before, i));
    }
  result_clear (&r);
}

static void
expect_success (const char *const *args, Result *keep)
{
  Result r = run_cli_limited (args, TIME_LIMIT);
  if (!WIFEXITED (r.status) || WEXITSTATUS (r.status) != 0)
    g_error ("expected success; status %d, stderr: %.600s", r.status, r.err);
  if (keep)
    *keep = r;
  else
    result_clear (&r);
}

/* ---- crafting ---- */

static char *
tmp_path (SlTestTmp *fx, const char *name)
{
  return g_build_filename (fx->dir, name, NULL);
}

/* The built-in demo model written as a Keras .h5 file. */
static char *
write_demo_model (SlTestTmp *fx, const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) m = sl_model_load_builtin ("demo", &error);
  g_assert_no_error (error);
  char *path = tmp_path (fx, name);
  g_assert_true (sl_keras_save (m, path, NULL, &error));
  g_assert_no_error (error);
  return path;
}

static char *
demo_config (void)
{
  g_autoptr (SlModel) m = sl_model_load_builtin ("demo", NULL);
  return g_strdup (m->config_json);
}

static void
set_root_string_attr (const char *path, const char *name, const char *value)
{
  hid_t f = H5Fopen (path, H5F_ACC_RDWR, H5P_DEFAULT);
  g_assert_cmpint (f, >=, 0);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_h5_write_string_attr (f, name, value, &error));
  H5Fclose (f);
}

/* The demo model with its first "activation": "relu" replaced by `value` (JSON text). */
static char *
write_model_with_activation (SlTestTmp *fx, const char *name, const char *value)
{
  char *model = write_demo_model (fx, name);
  g_autofree char *config = demo_config ();
  const char *relu = "\"activation\": \"relu\"";
  char *act = strstr (config, relu);
  g_assert_nonnull (act);
  g_autofree char *head = g_strndup (config, (gsize)(act - config));
  g_autofree char *bad = g_strconcat (head, "\"activation\": ", value, act + strlen (relu), NULL);
  set_root_string_attr (model, "model_config", bad);
  return model;
}

/* An MNIST-1D-shaped dataset file: x (n, 40, 1) filled by `fill`, y zeros. */
static char *
write_dataset (SlTestTmp *fx, const char *name, gsize n, float fill_value, gsize bad_index,
               float bad_value)
{
  char *path = tmp_path (fx, name);
  g_autofree float *x = g_new (float, n * 40);
  g_autofree gint64 *y = g_new0 (gint64, n);
  for (gsize i = 0; i < n * 40; i++)
    x[i] = fill_value;
  if (bad_index < n * 40)
    x[bad_index] = bad_value;
  g_autoptr (GError) error = NULL;
  hid_t f = sl_h5_create (path, &error);
  g_assert_no_error (error);
  const hsize_t xd[3] = { n, 40, 1 }, yd[1] = { n };
  g_assert_true (sl_h5_write_floats (f, "x", 3, xd, x, &error));
  g_assert_true (sl_h5_write_int64s (f, "y", 1, yd, y, &error));
  sl_h5_close (f);
  return path;
}

static void
write_text (const char *path, const char *text, gssize len)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (g_file_set_contents (path, text, len, &error));
}

/* Adds a uint8 dataset to an existing file. */
static void
add_bytes_dataset (const char *path, const char *name, const guint8 *bytes, gsize n)
{
  hid_t f = H5Fopen (path, H5F_ACC_RDWR, H5P_DEFAULT);
  hid_t space = H5Screate_simple (1, (hsize_t[]){ n }, NULL);
  hid_t ds = H5Dcreate2 (f, name, H5T_STD_U8LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  g_assert_cmpint (H5Dwrite (ds, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes), >=, 0);
  H5Dclose (ds);
  H5Sclose (space);
  H5Fclose (f);
}

/* Offset of the first global heap collection in a file. */
static goffset
find_gcol (const char *path)
{
  g_autofree char *data = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  for (gsize i = 0; i + 5 <= len; i++)
    if (!memcmp (data + i, "GCOL\1", 5))
      return (goffset)i;
  g_assert_not_reached ();
}

/* ---- the cases, by class of the table ---- */

static void
test_json_depth (SlTestTmp *fx, gconstpointer data)
{
  const gsize depth = 100000;
  GString *deep = g_string_new (NULL);
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (deep, '[');
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (deep, ']');
  g_autofree char *model = write_demo_model (fx, "deep.h5");
  set_root_string_attr (model, "model_config", deep->str);
  const char *info[] = { "info", model, NULL };
  const char *inputs[] = { model, NULL };
  expect_refusal (info, NULL, inputs, (const char *[]){ "deep.h5", "nests deeper", NULL });

  /* Nested objects, through train --config. */
  GString *objs = g_string_new (NULL);
  for (gsize i = 0; i < depth; i++)
    g_string_append (objs, "{\"a\":");
  g_string_append (objs, "1");
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (objs, '}');
  g_autofree char *config = tmp_path (fx, "deep.json");
  g_autofree char *out = tmp_path (fx, "trained.h5");
  write_text (config, objs->str, (gssize)objs->len);
  const char *train[] = { "train",    "--config", config,  "--dataset", "mnist1d:train",
                          "--epochs", "1",        "--out", out,         NULL };
  const char *cinputs[] = { config, NULL };
  expect_refusal (train, out, cinputs, (const char *[]){ "deep.json", "nests deeper", NULL });

  /* A dataset's class_names attribute is JSON too. */
  g_autofree char *ds = write_dataset (fx, "names.h5", 4, 0.5f, G_MAXSIZE, 0);
  set_root_string_attr (ds, "class_names", deep->str);
  const char *eval[] = { "evaluate", "--model", "demo", "--dataset", ds, NULL };
  expect_refusal (eval, NULL, (const char *[]){ ds, NULL },
                  (const char *[]){ "names.h5", "nests deeper", NULL });
  g_string_free (deep, TRUE);
  g_string_free (objs, TRUE);
}

static void
test_batch_memory (SlTestTmp *fx, gconstpointer data)
{
  /* Capped by the dataset: one batch of all samples, as Keras does. */
  g_autofree char *out = tmp_path (fx, "capped.h5");
  const char *capped[] = { "train",         "--preset", "mnist1d-cnn", "--dataset",
                           "mnist1d:train", "--epochs", "1",           "--batch",
                           "100000000",     "--out",    out,           NULL };
  expect_success (capped, NULL);
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));

  g_autofree char *hmt = sl_test_shared ("data/hmt/HMT_test");
  if (!hmt)
    return;
  g_autofree char *out2 = tmp_path (fx, "vgg.h5");
  const char *big[] = { "train", "--preset", "hmt-vgg7", "--dataset", hmt,  "--epochs",
                        "1",     "--batch",  "4096",     "--out",     out2, NULL };
  expect_refusal (big, out2, NULL, (const char *[]){ "batch", "MiB", "at most", NULL });
}

static void
test_fifo (SlTestTmp *fx, gconstpointer data)
{
  g_autofree char *fifo_h5 = tmp_path (fx, "m.h5");
  g_autofree char *fifo_csv = tmp_path (fx, "d.csv");
  g_assert_cmpint (mkfifo (fifo_h5, 0600), ==, 0);
  g_assert_cmpint (mkfifo (fifo_csv, 0600), ==, 0);
  expect_refusal ((const char *[]){ "info", fifo_h5, NULL }, NULL, NULL,
                  (const char *[]){ "m.h5", "FIFO", NULL });
  expect_refusal ((const char *[]){ "evaluate", "--model", "demo", "--dataset", fifo_csv, NULL },
                  NULL, NULL, (const char *[]){ "d.csv", "FIFO", NULL });
  expect_refusal ((const char *[]){ "evaluate", "--model", "demo", "--dataset", fifo_h5, NULL },
                  NULL, NULL, (const char *[]){ "m.h5", "FIFO", NULL });
  /* Devices and folders too. */
  expect_refusal ((const char *[]){ "info", "/dev/zero", NULL }, NULL, NULL,
                  (const char *[]){ "/dev/zero", "device", NULL });
  expect_refusal ((const char *[]){ "info", fx->dir, NULL }, NULL, NULL,
                  (const char *[]){ "folder", NULL });
  /* A loop of symbolic links is not "no such file". */
  g_autofree char *a = tmp_path (fx, "loop-a.h5");
  g_autofree char *b = tmp_path (fx, "loop-b.h5");
  g_assert_cmpint (symlink (a, b), ==, 0);
  g_assert_cmpint (symlink (b, a), ==, 0);
  expect_refusal ((const char *[]){ "info", a, NULL }, NULL, NULL,
                  (const char *[]){ "loop-a.h5", "loop", NULL });
}

/* A valid model plus a 1 MiB uint8 dataset of "GCOL"-like records: must open, quickly. */
static void
test_precheck_linear (SlTestTmp *fx, gconstpointer data)
{
  g_autofree char *model = write_demo_model (fx, "gcol.h5");
  const gsize n = 1 << 20;
  g_autofree guint8 *bytes = g_new0 (guint8, n);
  for (gsize i = 0; i < n; i += 16)
    {
      memcpy (bytes + i, "GCOL\1\0\0\0", 8);
      const guint64 size = n - i; /* each claims the rest of the data */
      memcpy (bytes + i + 8, &size, 8);
    }
  add_bytes_dataset (model, "junk", bytes, n);
  const gint64 t0 = g_get_monotonic_time ();
  expect_success ((const char *[]){ "info", model, NULL }, NULL);
  g_test_message ("info on a model with 1 MiB of GCOL records: %.2f s",
                  (double)(g_get_monotonic_time () - t0) / 1e6);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 20 * G_USEC_PER_SEC);
}

/* A damaged heap (an empty free-space object: libhdf5 loops) in a file padded to 9 GiB. */
static void
test_precheck_sparse (SlTestTmp *fx, gconstpointer data)
{
  g_autofree char *model = write_demo_model (fx, "sparse.h5");
  const goffset at = find_gcol (model);
  int fd = open (model, O_RDWR);
  g_assert_cmpint (fd, >=, 0);
  const guint8 empty[16] = { 0 }; /* index 0 (free space) of size 0 */
  g_assert_cmpint (pwrite (fd, empty, 16, at + 16), ==, 16);
  if (ftruncate (fd, (off_t)9 << 30) != 0)
    {
      close (fd);
      g_test_skip ("the file system cannot hold a sparse 9 GiB file");
      return;
    }
  close (fd);
  expect_refusal ((const char *[]){ "info", model, NULL }, NULL, NULL,
                  (const char *[]){ "sparse.h5", "damaged", NULL });
}

/* x declared (13421772, 40) float32, chunked, nothing written. */
static void
test_huge_declared (SlTestTmp *fx, gconstpointer data)
{
  g_autofree char *path = tmp_path (fx, "huge.h5");
  g_autofree char *out = tmp_path (fx, "pred.h5");
  hid_t f = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  const hsize_t dims[3] = { 13421772, 40, 1 }, chunk[3] = { 1024, 40, 1 };
  hid_t space = H5Screate_simple (3, dims, NULL);
  hid_t dcpl = H5Pcreate (H5P_DATASET_CREATE);
  H5Pset_chunk (dcpl, 3, chunk);
  hid_t ds = H5Dcreate2 (f, "x", H5T_IEEE_F32LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  H5Dclose (ds);
  H5Pclose (dcpl);
  H5Sclose (space);
  H5Fclose (f);
  const char *inputs[] = { path, NULL };
  expect_refusal (
      (const char *[]){ "predict", "--model", "demo", "--input", path, "--out", out, NULL }, out,
      inputs, (const char *[]){ "huge.h5", "'x'", NULL });
}

static void
test_output_is_input (SlTestTmp *fx, gconstpointer data)
{
  g_autofree char *model = write_demo_model (fx, "m.h5");
  const char *args[] = { "explain",  "--model", model,   "--dataset", "mnist1d",
                         "--method", "gradcam", "--out", model,       NULL };
  const char *inputs[] = { model, NULL };
  expect_refusal (args, NULL, inputs, (const char *[]){ "m.h5", "the output is the input", NULL });
  /* predict and train likewise. */
  g_autofree char *dpath = tmp_path (fx, "d.h5");
  hid_t f = H5Fcreate (dpath, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  const hsize_t dims[2] = { 2, 40 };
  const float zeros[80] = { 0 };
  hid_t space = H5Screate_simple (2, dims, NULL);
  hid_t ds = H5Dcreate2 (f, "x", H5T_IEEE_F32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite (ds, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, zeros);
  H5Dclose (ds);
  H5Sclose (space);
  H5Fclose (f);
  const char *data_inputs[] = { dpath, NULL };
  expect_refusal ((const char *[]){ "predict", "--model", "demo", "--input", dpath, "--out", dpath, NULL },
                  NULL, data_inputs, (const char *[]){ "d.h5", "the output is the input", NULL });
  expect_refusal ((const char *[]){ "train", "--preset", "mnist1d-cnn", "--dataset", dpath, "--epochs",
                                    "1", "--out", dpath, NULL },
                  NULL, data_inputs, (const char *[]){ "d.h5", "the output is the input", NULL });
}

/* Outputs are written whole or not at all (src/core/sl-atomic.c; its own test makes writes fail):
 * here, an output written twice is replaced in one step and nothing else is left in its folder. */
static void
test_atomic_output (SlTestTmp *fx, gconstpointer data)
{
  g_autofree char *out = tmp_path (fx, "keep.h5");
  for (int round = 0; round < 2; round++)
    {
      Result r = run_cli_limited ((const char *[]){ "explain", "--model", "demo", "--dataset",
                                                    "mnist1d", "--method", "gradcam", "--out", out,
                                                    NULL },
                                  TIME_LIMIT);
      g_assert_true (WIFEXITED (r.status) && WEXITSTATUS (r.status) == 0);
      result_clear (&r);
    }
  g_autoptr (GDir) dir = g_dir_open (fx->dir, 0, NULL);
  const char *name;
  while ((name = g_dir_read_name (dir)))
    g_assert_cmpstr (name, ==, "keep.h5");
}

static void
test_invalid_config (SlTestTmp *fx, gconstpointer data)
{
  g_autofree char *model = write_model_with_activation (fx, "act.h5", "3");
  expect_refusal ((const char *[]){ "info", model, NULL }, NULL, (const char *[]){ model, NULL },
                  (const char *[]){ "act.h5", "'activation'", "must be a string", NULL });
}

static void
test_ignored_argument (SlTestTmp *fx, gconstpointer data)
{
  g_autofree char *out = tmp_path (fx, "map.h5");
  Result r = run_cli_limited ((const char *[]){ "explain", "--model", "demo", "--dataset",
                                                "mnist1d", "--method", "gradcam", "--class", "-1",
                                                "--out", out, NULL },
                              TIME_LIMIT);
  g_assert_true (WIFEXITED (r.status) && WEXITSTATUS (r.status) != 0);
  g_assert_nonnull (strstr (r.err, "--class"));
  g_assert_nonnull (strstr (r.err, "not -1"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  result_clear (&r);
}

/* Every option out of its range is refused with its own name and the value. */
static void
test_option_ranges (SlTestTmp *fx, gconstpointer data)
{
  static const struct
  {
    const char *args[16];
    const char *says;
  } cases[] = {
    { { "faithfulness", "--model", "demo", "--dataset", "mnist1d", "--method", "gradcam",
        "--threads", "-1", NULL }, "--threads must be at least 1, not -1" },
    { { "faithfulness", "--model", "demo", "--dataset", "mnist1d", "--method", "gradcam", "--frac",
        "1.5", NULL }, "--frac must lie between 0 and 1" },
    { { "evaluate", "--model", "demo", "--dataset", "mnist1d", "--limit", "-1", NULL },
      "--limit must be a positive number of samples, not -1" },
    { { "train", "--preset", "mnist1d-cnn", "--dataset", "mnist1d:train", "--epochs", "-1", "--out",
        "x.h5", NULL }, "--epochs must be at least 1, not -1" },
    { { "train", "--preset", "mnist1d-cnn", "--dataset", "mnist1d:train", "--lr", "nan", "--out",
        "x.h5", NULL }, "--lr must be a positive number, not nan" },
    { { "train", "--preset", "mnist1d-cnn", "--dataset", "mnist1d:train", "--batch", "0", "--out",
        "x.h5", NULL }, "--batch must be at least 1, not 0" },
    { { "explain", "--model", "demo", "--dataset", "mnist1d", "--method", "gradcam", "--resolution",
        "layer", "--out", "x.h5", NULL }, "--resolution applies to CSV output only" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Result r = run_cli_limited (cases[i].args, TIME_LIMIT);
      g_assert_true (WIFEXITED (r.status) && WEXITSTATUS (r.status) == 2);
      if (!strstr (r.err, cases[i].says))
        g_error ("%s: expected \"%s\" in: %s", cases[i].args[0], cases[i].says, r.err);
      result_clear (&r);
    }
  g_assert_false (g_file_test ("x.h5", G_FILE_TEST_EXISTS));

  /* Runtime refusals (exit 1): an option the method ignores, an output that cannot be written
   * (checked before training starts, not after its epochs). */
  static const struct
  {
    const char *args[16];
    const char *says;
  } late[] = {
    { { "explain", "--model", "demo", "--dataset", "mnist1d", "--method", "saliency", "--layer",
        "conv1d_1", "--out", "x.h5", NULL }, "--layer has no effect on saliency" },
    { { "train", "--preset", "mnist1d-cnn", "--dataset", "mnist1d:train", "--out",
        "/nonexistent-folder/m.h5", NULL }, "/nonexistent-folder/m.h5: cannot be written" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (late); i++)
    {
      Result r = run_cli_limited (late[i].args, TIME_LIMIT);
      g_assert_true (WIFEXITED (r.status) && WEXITSTATUS (r.status) == 1);
      if (!strstr (r.err, late[i].says))
        g_error ("%s: expected \"%s\" in: %s", late[i].args[0], late[i].says, r.err);
      result_clear (&r);
    }
}

static void
test_non_finite (SlTestTmp *fx, gconstpointer data)
{
  g_autofree char *nan_ds = write_dataset (fx, "nan.h5", 3, 0.25f, 45, NAN);
  g_autofree char *inf_ds = write_dataset (fx, "inf.h5", 3, 0.25f, 7, -INFINITY);
  g_autofree char *big_ds = write_dataset (fx, "big.h5", 2, 3e38f, G_MAXSIZE, 0);
  g_autofree char *out = tmp_path (fx, "out.h5");
  expect_refusal (
      (const char *[]){ "predict", "--model", "demo", "--input", nan_ds, "--out", out, NULL }, out,
      (const char *[]){ nan_ds, NULL }, (const char *[]){ "non-finite", NULL });
  expect_refusal (
      (const char *[]){ "predict", "--model", "demo", "--input", inf_ds, "--out", out, NULL }, out,
      (const char *[]){ inf_ds, NULL }, (const char *[]){ "non-finite", NULL });
  expect_refusal ((const char *[]){ "evaluate", "--model", "demo", "--dataset", nan_ds, NULL },
                  NULL, NULL, (const char *[]){ "nan.h5", "NaN", NULL });
  expect_refusal ((const char *[]){ "explain", "--model", "demo", "--dataset", big_ds, "--method",
                                    "gradcam", "--out", out, NULL },
                  out, (const char *[]){ big_ds, NULL }, (const char *[]){ "overflows", NULL });
  expect_refusal (
      (const char *[]){ "predict", "--model", "demo", "--input", big_ds, "--out", out, NULL }, out,
      (const char *[]){ big_ds, NULL }, (const char *[]){ "overflows", NULL });
}

static void
test_svg_text (SlTestTmp *fx, gconstpointer data)
{
  g_autofree char *ds = write_dataset (fx, "red.h5", 10, 0.1f, G_MAXSIZE, 0);
  set_root_string_attr (ds, "class_names",
                        "[\"\\u001b[31mred\", \"b\\u0001\", \"c\", \"d\", \"e\", \"f\", \"g\", "
                        "\"h\", \"i\", \"j\"]");
  g_autofree char *svg = tmp_path (fx, "confusion.svg");
  Result r;
  expect_success ((const char *[]){ "render", "confusion", "--model", "demo", "--dataset", ds,
                                    "--out", svg, NULL },
                  &r);
  for (const char *p = r.out; *p; p++)
    g_assert_true (*p != '\x1b');
  result_clear (&r);
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (svg, &text, NULL, NULL));
  g_assert_null (strstr (text, "&#x1b;"));
  g_assert_null (strstr (text, "&#x1;"));
  for (const char *p = text; *p; p++)
    g_assert_true ((guchar)*p >= 0x20 || *p == '\n' || *p == '\t' || *p == '\r');
}

/* Valid files a stranger wrote must open (the heap pre-check's false positives). */
static void
test_valid_files (SlTestTmp *fx, gconstpointer data)
{
  /* model_config followed by 16 MiB of spaces. */
  g_autofree char *spaces = write_demo_model (fx, "spaces.h5");
  g_autofree char *config = demo_config ();
  GString *padded = g_string_new (config);
  for (gsize i = 0; i < ((gsize)16 << 20); i++)
    g_string_append_c (padded, ' ');
  set_root_string_attr (spaces, "model_config", padded->str);
  g_string_free (padded, TRUE);
  expect_success ((const char *[]){ "info", spaces, NULL }, NULL);

  /* An extra dataset whose bytes look like references into the model's heap. */
  g_autofree char *lookalike = write_demo_model (fx, "lookalike.h5");
  const guint64 gcol = (guint64)find_gcol (lookalike);
  guint8 rec[16];
  const guint32 len = 5, idx = 999;
  memcpy (rec, &len, 4);
  memcpy (rec + 4, &gcol, 8);
  memcpy (rec + 12, &idx, 4);
  guint8 bytes[16 * 64];
  for (guint i = 0; i < 64; i++)
    memcpy (bytes + 16 * i, rec, 16);
  add_bytes_dataset (lookalike, "extra", bytes, sizeof bytes);
  expect_success ((const char *[]){ "info", lookalike, NULL }, NULL);

  /* Real models from public repositories (tests/hostile/data/README.md says where each comes from;
   * fetched files are not committed, so these checks run where someone has put them there). */
  Result r;
  g_autofree char *real = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "hostile", "data",
                                            "hepatel-mnist-cnn.h5", NULL);
  if (g_file_test (real, G_FILE_TEST_IS_REGULAR))
    {
      expect_success ((const char *[]){ "info", real, NULL }, &r);
      g_assert_nonnull (strstr (r.out, "conv2d_2"));
      result_clear (&r);
    }
  else
    g_test_message ("%s absent: the real-model check is skipped", real);
  g_autofree char *churn = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "hostile", "data",
                                             "ankit-churn-dense.h5", NULL);
  if (g_file_test (churn, G_FILE_TEST_IS_REGULAR))
    {
      expect_success ((const char *[]){ "info", churn, NULL }, &r);
      g_assert_nonnull (strstr (r.out, "2,945"));
      result_clear (&r);
    }
  else
    g_test_message ("%s absent: the real-model check is skipped", churn);
}

static void
test_messages (SlTestTmp *fx, gconstpointer data)
{
  /* A CSV with classic-Mac CR-only line ends reads like any other. */
  g_autofree char *csv = tmp_path (fx, "cr.csv");
  GString *rows = g_string_new (NULL);
  for (guint r = 0; r < 10; r++)
    {
      g_string_append_printf (rows, "%u", r % 10);
      for (guint i = 0; i < 40; i++)
        g_string_append_printf (rows, ",%.4f", 0.3461 + 0.01 * i);
      g_string_append_c (rows, '\r');
    }
  write_text (csv, rows->str, (gssize)rows->len);
  g_string_free (rows, TRUE);
  expect_success ((const char *[]){ "evaluate", "--model", "demo", "--dataset", csv, NULL }, NULL);

  /* A 1 MB layer name makes a bounded message (ellipsised), still naming the reason. */
  GString *name = g_string_new ("\"");
  for (guint i = 0; i < (1u << 20); i++)
    g_string_append_c (name, 'x');
  g_string_append_c (name, '"');
  g_autofree char *model = write_model_with_activation (fx, "longname.h5", name->str);
  g_string_free (name, TRUE);
  expect_refusal ((const char *[]){ "info", model, NULL }, NULL, NULL,
                  (const char *[]){ "longname.h5", "…", "not supported", NULL });

  /* Names with escape sequences never reach the terminal raw. */
  g_autofree char *esc = write_model_with_activation (fx, "esc.h5", "\"\\u001b[31mred\"");
  expect_refusal ((const char *[]){ "info", esc, NULL }, NULL, NULL,
                  (const char *[]){ "esc.h5", "[31mred", NULL });
}

/* Weights behind an external link would be read from another file. */
static void
test_external_link (SlTestTmp *fx, gconstpointer data)
{
  g_autofree char *model = write_demo_model (fx, "linked.h5");
  g_autofree char *other = write_demo_model (fx, "other.h5");
  hid_t f = H5Fopen (model, H5F_ACC_RDWR, H5P_DEFAULT);
  g_assert_cmpint (H5Ldelete (f, "model_weights", H5P_DEFAULT), >=, 0);
  g_assert_cmpint (
      H5Lcreate_external (other, "/model_weights", f, "model_weights", H5P_DEFAULT, H5P_DEFAULT),
      >=, 0);
  H5Fclose (f);
  expect_refusal ((const char *[]){ "info", model, NULL }, NULL, NULL,
                  (const char *[]){ "linked.h5", "another file", NULL });
}

/* A TIFF whose samples per pixel (5) are not its colours (RGB: 3) plus its extra samples (none). */
static void
test_tiff_samples (SlTestTmp *fx, gconstpointer data)
{
  const guint16 w = 2, h = 2, spp = 5;
  GByteArray *t = g_byte_array_new ();
  const guint16 entries[][2]
      = { { 256, w }, { 257, h },   { 258, 0 }, { 259, 1 },          { 262, 2 },
          { 273, 0 }, { 277, spp }, { 278, h }, { 279, w * h * spp } };
  const guint16 n = G_N_ELEMENTS (entries);
  const guint32 bps_at = 8 + 2 + n * 12 + 4, data_at = bps_at + 2 * spp;
  g_byte_array_append (t, (const guint8 *)"II*\0\10\0\0\0", 8);
  g_byte_array_append (t, (const guint8 *)&n, 2);
  for (guint i = 0; i < n; i++)
    {
      const guint16 tag = entries[i][0];
      const guint16 type = tag == 273 || tag == 279 ? 4 : 3;
      const guint32 count = tag == 258 ? spp : 1;
      const guint32 value = tag == 258 ? bps_at : tag == 273 ? data_at : entries[i][1];
      g_byte_array_append (t, (const guint8 *)&tag, 2);
      g_byte_array_append (t, (const guint8 *)&type, 2);
      g_byte_array_append (t, (const guint8 *)&count, 4);
      g_byte_array_append (t, (const guint8 *)&value, 4);
    }
  const guint32 next = 0;
  g_byte_array_append (t, (const guint8 *)&next, 4);
  for (guint i = 0; i < spp; i++)
    g_byte_array_append (t, (const guint8 *)"\10\0", 2);
  for (guint i = 0; i < (guint)w * h * spp; i++)
    g_byte_array_append (t, (const guint8 *)&(guint8){ (guint8)(i * 13) }, 1);
  g_autofree char *path = tmp_path (fx, "spp5.tif");
  write_text (path, (const char *)t->data, (gssize)t->len);
  g_byte_array_unref (t);
  g_autoptr (GError) error = NULL;
  SlRgbImage *image = sl_image_decode_file (path, &error);
  g_assert_null (image);
  g_assert_error (error, SL_ERROR, SL_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "spp5.tif"));
  g_assert_nonnull (strstr (error->message, "5 samples per pixel"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  H5Eset_auto2 (H5E_DEFAULT, NULL, NULL);
  static const struct
  {
    const char *path;
    void (*func) (SlTestTmp *, gconstpointer);
  } cases[] = {
    { "/hostile/json-depth", test_json_depth },
    { "/hostile/batch-memory", test_batch_memory },
    { "/hostile/fifo-device-folder-loop", test_fifo },
    { "/hostile/precheck-linear", test_precheck_linear },
    { "/hostile/precheck-sparse", test_precheck_sparse },
    { "/hostile/huge-declared", test_huge_declared },
    { "/hostile/output-is-input", test_output_is_input },
    { "/hostile/atomic-output", test_atomic_output },
    { "/hostile/invalid-config", test_invalid_config },
    { "/hostile/ignored-argument", test_ignored_argument },
    { "/hostile/option-ranges", test_option_ranges },
    { "/hostile/non-finite", test_non_finite },
    { "/hostile/svg-text", test_svg_text },
    { "/hostile/valid-files", test_valid_files },
    { "/hostile/messages", test_messages },
    { "/hostile/external-link", test_external_link },
    { "/hostile/tiff-samples", test_tiff_samples },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add (cases[i].path, SlTestTmp, NULL, sl_test_tmp_setup, cases[i].func,
                sl_test_tmp_teardown);
  return g_test_run ();
}
