/* saliency-lab-cli render as a user runs it: every kind for both course models, into PNG, SVG and
 * PDF, and its errors. /cli-render/mnist1d and /cli-render/errors are quick (the sanitizer suite);
 * /cli-render/hmt runs the 224 × 224 model and is not. */
#include "core/sl-h5.h"
#include "sl-test-util.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

typedef struct
{
  char *dir;         /* a fresh folder for the figures */
  char **envp;       /* the CLI's environment */
  char *supp;        /* LeakSanitizer suppressions written for the CLI */
  char *mnist_model; /* NULL when the course material is missing */
  char *hmt_model;
  char *hmt_data;
} Fixture;

/* fontconfig keeps what it parses for the life of the process, which LeakSanitizer reports when the
 * sanitizer build's CLI exits; the render tests hide it the same way. Any suppressions already in
 * LSAN_OPTIONS are kept. */
static void
fixture_env (Fixture *f)
{
  f->envp = g_get_environ ();
  const char *lsan = g_environ_getenv (f->envp, "LSAN_OPTIONS");
  g_autoptr (GString) supp = g_string_new ("leak:libfontconfig.so\n");
  g_autoptr (GString) options = g_string_new (NULL);
  g_auto (GStrv) parts = g_strsplit (lsan ? lsan : "", ":", -1);
  for (guint i = 0; parts[i]; i++)
    {
      g_autofree char *text = NULL;
      if (g_str_has_prefix (parts[i], "suppressions="))
        {
          if (g_file_get_contents (parts[i] + strlen ("suppressions="), &text, NULL, NULL))
            g_string_append_printf (supp, "%s\n", text);
        }
      else if (*parts[i])
        g_string_append_printf (options, "%s:", parts[i]);
    }
  f->supp = g_build_filename (f->dir, "lsan.supp", NULL);
  g_assert_true (g_file_set_contents (f->supp, supp->str, -1, NULL));
  g_string_append_printf (options, "suppressions=%s", f->supp);
  f->envp = g_environ_setenv (f->envp, "LSAN_OPTIONS", options->str, TRUE);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  f->dir = g_dir_make_tmp ("sl-cli-render-XXXXXX", &error);
  g_assert_no_error (error);
  fixture_env (f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr (GDir) dir = g_dir_open (f->dir, 0, NULL);
  for (const char *name; dir && (name = g_dir_read_name (dir));)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->supp);
  g_strfreev (f->envp);
  g_free (f->mnist_model);
  g_free (f->hmt_model);
  g_free (f->hmt_data);
}

/* Runs `saliency-lab-cli render ARGS…`; returns the exit status. */
static int
run_render (Fixture *f, const char *const *args, char **err)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer) g_getenv ("SL_CLI"));
  g_ptr_array_add (argv, "render");
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  int status = 0;
  g_autofree char *out = NULL, *err_text = NULL;
  g_autoptr (GError) error = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, f->envp, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err_text, &status, &error));
  g_assert_no_error (error);
  if (err)
    *err = g_steal_pointer (&err_text);
  else if (err_text && *err_text)
    g_test_message ("stderr: %s", err_text);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static char *
out_path (Fixture *f, const char *name, const char *ext)
{
  g_autofree char *file = g_strdup_printf ("%s.%s", name, ext);
  return g_build_filename (f->dir, file, NULL);
}

/* The IHDR of a PNG: 8 bytes of signature, then length, "IHDR", width and height (big-endian). */
static void
check_png (const char *path, const guint8 *data, gsize len, int width, int height)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_assert_cmpuint (len, >, 33);
  g_assert_cmpmem (data, 8, signature, 8);
  g_assert_cmpmem (data + 12, 4, "IHDR", 4);
  const guint32 w = GUINT32_FROM_BE (*(const guint32 *) (data + 16));
  const guint32 h = GUINT32_FROM_BE (*(const guint32 *) (data + 20));
  g_test_message ("%s: %u x %u px", path, w, h);
  g_assert_cmpuint (w, >, 0);
  g_assert_cmpuint (h, >, 0);
  if (width > 0)
    g_assert_cmpuint (w, ==, (guint) width);
  if (height > 0)
    g_assert_cmpuint (h, ==, (guint) height);
}

/* Well-formed XML (GMarkup checks that) whose root element is <svg>. */
static void
check_svg (const char *path, const char *text, gsize len)
{
  g_assert_true (g_str_has_prefix (text, "<?xml"));
  g_assert_nonnull (strstr (text, "<svg"));
  static const GMarkupParser parser = { NULL };
  g_autoptr (GMarkupParseContext) ctx = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (g_markup_parse_context_parse (ctx, text, (gssize) len, &error)
                 && g_markup_parse_context_end_parse (ctx, &error));
  g_assert_no_error (error);
}

static void
check_pdf (const char *text, gsize len)
{
  g_assert_true (g_str_has_prefix (text, "%PDF-"));
  g_autofree char *tail = g_strndup (text + len - MIN (len, 32), MIN (len, 32));
  g_assert_nonnull (strstr (tail, "%%EOF"));
}

/* Renders `args` into NAME.png, .svg and .pdf and checks each file; png_w/png_h > 0 are the PNG's
 * expected pixel size. */
static void
render_all (Fixture *f, const char *name, const char *const *args, int png_w, int png_h)
{
  static const char *const exts[] = { "png", "svg", "pdf" };
  for (gsize e = 0; e < G_N_ELEMENTS (exts); e++)
    {
      g_autofree char *path = out_path (f, name, exts[e]);
      g_autoptr (GPtrArray) full = g_ptr_array_new ();
      for (guint i = 0; args[i]; i++)
        g_ptr_array_add (full, (gpointer) args[i]);
      g_ptr_array_add (full, "--out");
      g_ptr_array_add (full, path);
      g_ptr_array_add (full, NULL);
      g_autofree char *err = NULL;
      const int status = run_render (f, (const char *const *) full->pdata, &err);
      if (status != 0)
        g_error ("render %s → %s failed (%d): %s", args[0], path, status, err);
      g_autofree char *data = NULL;
      gsize len = 0;
      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      g_assert_cmpuint (len, >, 0);
      if (e == 0)
        check_png (path, (const guint8 *) data, len, png_w, png_h);
      else if (e == 1)
        check_svg (path, data, len);
      else
        check_pdf (data, len);
      /* No temporary file is left beside it. */
      g_autoptr (GDir) dir = g_dir_open (f->dir, 0, NULL);
      for (const char *entry; (entry = g_dir_read_name (dir));)
        g_assert_null (strstr (entry, ".tmp"));
    }
}

static gboolean
need_mnist (Fixture *f)
{
  f->mnist_model = sl_test_shared ("models/MNIST1D.h5");
  return f->mnist_model != NULL;
}

static gboolean
need_hmt (Fixture *f)
{
  f->hmt_model = sl_test_shared ("models/HMT.h5");
  f->hmt_data = f->hmt_model ? sl_test_shared ("data/hmt/HMT_test") : NULL;
  return f->hmt_data != NULL;
}

/* ---- MNIST1D.h5 on the built-in MNIST-1D ---- */

static void
test_mnist_signal (Fixture *f, gconstpointer data)
{
  if (!need_mnist (f))
    return;
  const char *args[] = { "signal", "--model", f->mnist_model, "--dataset", "mnist1d",
                         "--method", "gradcam", "--index", "3", "--top-k", "4", NULL };
  /* 660 × 250 pt at the default 150 dpi. */
  render_all (f, "signal", args, 1375, 521);
  const char *sized[] = { "signal", "--model", f->mnist_model, "--dataset", "mnist1d",
                          "--method", "integrated-gradients", "--width", "400", "--height",
                          "180", "--dpi", "72", NULL };
  render_all (f, "signal-sized", sized, 400, 180);
}

static void
test_mnist_grid (Fixture *f, gconstpointer data)
{
  if (!need_mnist (f))
    return;
  const char *methods[] = { "grid", "--model", f->mnist_model, "--dataset", "mnist1d",
                            "--method", "gradcam,saliency,integrated-gradients", "--index", "3",
                            NULL };
  render_all (f, "grid-methods", methods, 0, 0);
  const char *samples[] = { "grid", "--model", f->mnist_model, "--dataset", "mnist1d",
                            "--method", "gradcam", "--index", "0,1,2,3,4", "--width", "500",
                            "--height", "400", "--dpi", "144", NULL };
  render_all (f, "grid-samples", samples, 1000, 800);
}

static void
test_mnist_report (Fixture *f, gconstpointer data)
{
  if (!need_mnist (f))
    return;
  const char *confusion[] = { "confusion", "--model", f->mnist_model, "--dataset", "mnist1d",
                              "--width", "400", "--height", "360", "--dpi", "72", NULL };
  render_all (f, "confusion", confusion, 400, 360);
  const char *rates[] = { "confusion", "--model", f->mnist_model, "--dataset", "mnist1d",
                          "--normalize", "--colormap", "inferno", "--limit", "300", NULL };
  render_all (f, "confusion-rates", rates, 0, 0);
  const char *roc[] = { "roc", "--model", f->mnist_model, "--dataset", "mnist1d", NULL };
  render_all (f, "roc", roc, 0, 0);
  const char *pr[] = { "pr", "--model", f->mnist_model, "--dataset", "mnist1d", "--stride", "2",
                       NULL };
  render_all (f, "pr", pr, 0, 0);
  const char *bars[] = { "class-accuracy", "--model", f->mnist_model, "--dataset", "mnist1d",
                         "--title", "Per-class accuracy", NULL };
  render_all (f, "class-accuracy", bars, 0, 0);
}

static void
test_mnist_faithfulness (Fixture *f, gconstpointer data)
{
  if (!need_mnist (f))
    return;
  const char *table[] = { "faithfulness", "--model", f->mnist_model, "--dataset", "mnist1d",
                          "--method", "gradcam,saliency", "--limit", "40", NULL };
  render_all (f, "faithfulness-table", table, 0, 0);
  const char *bars[] = { "faithfulness", "--model", f->mnist_model, "--dataset", "mnist1d",
                         "--method", "gradcam,gradcam++", "--limit", "40", "--frac", "0.5",
                         "--style", "bars", NULL };
  render_all (f, "faithfulness-bars", bars, 0, 0);
}

static void
test_mnist_deletion (Fixture *f, gconstpointer data)
{
  if (!need_mnist (f))
    return;
  const char *args[] = { "deletion", "--model", f->mnist_model, "--dataset", "mnist1d",
                         "--method", "gradcam,saliency", "--index", "2", NULL };
  render_all (f, "deletion", args, 0, 0);
}

/* ---- training logs ---- */

static void
test_training (Fixture *f, gconstpointer data)
{
  g_autofree char *csv = g_build_filename (f->dir, "log.csv", NULL);
  g_assert_true (g_file_set_contents (csv,
                                      "epoch,accuracy,loss,lr,val_accuracy,val_loss\n"
                                      "0,0.31,1.92,0.01,0.42,1.60\n"
                                      "1,0.52,1.31,0.01,0.55,1.22\n"
                                      "2,0.63,1.02,0.01,0.61,1.08\n",
                                      -1, NULL));
  const char *from_csv[] = { "training", "--log", csv, NULL };
  render_all (f, "training-csv", from_csv, 0, 0);

  g_autofree char *json = g_build_filename (f->dir, "history.json", NULL);
  g_assert_true (g_file_set_contents (
      json, "{\"loss\": [1.9, 1.3, 1.0], \"acc\": [0.3, 0.5, 0.6], \"val_loss\": [1.6, 1.2, null]}",
      -1, NULL));
  const char *from_json[] = { "training", "--log", json, "--width", "300", "--height", "150",
                              "--dpi", "72", NULL };
  render_all (f, "training-json", from_json, 300, 150);
}

/* A training state saved by 'train --state' (MNIST-1D's preset, 1 epoch). */
static void
test_training_state (Fixture *f, gconstpointer data)
{
  g_autofree char *state = g_build_filename (f->dir, "state.h5", NULL);
  g_autofree char *model = g_build_filename (f->dir, "model.h5", NULL);
  const char *argv[] = { g_getenv ("SL_CLI"), "train", "--preset", "mnist1d-cnn", "--dataset",
                         "mnist1d:train", "--epochs", "2", "--val-split", "0.2", "--state",
                         state, "--out", model, NULL };
  int status = 0;
  g_autoptr (GError) error = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, f->envp, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                               NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  const char *args[] = { "training", "--log", state, NULL };
  render_all (f, "training-state", args, 0, 0);
}

/* ---- errors ---- */

/* Expects exit `code`, each of `needles` in stderr, and no figure at out_name. */
static void
expect_error (Fixture *f, const char *const *args, int code, const char *const *needles,
              const char *out_name)
{
  g_autofree char *err = NULL;
  g_assert_cmpint (run_render (f, args, &err), ==, code);
  for (guint i = 0; needles && needles[i]; i++)
    if (!strstr (err, needles[i]))
      g_error ("'%s' missing from stderr: %s", needles[i], err);
  if (out_name)
    g_assert_false (g_file_test (out_name, G_FILE_TEST_EXISTS));
}

static void
test_errors (Fixture *f, gconstpointer data)
{
  g_autofree char *png = out_path (f, "error", "png");
  const char *none[] = { NULL };
  expect_error (f, none, 2, (const char *const[]){ "KIND", NULL }, NULL);
  const char *unknown[] = { "piechart", "--out", png, NULL };
  expect_error (f, unknown, 2, (const char *const[]){ "piechart", "overlay", NULL }, png);
  const char *no_out[] = { "confusion", "--model", "demo", "--dataset", "mnist1d", NULL };
  expect_error (f, no_out, 2, (const char *const[]){ "--out", NULL }, NULL);
  g_autofree char *jpg = out_path (f, "error", "jpg");
  const char *bad_ext[] = { "confusion", "--model", "demo", "--dataset", "mnist1d", "--out", jpg,
                            NULL };
  expect_error (f, bad_ext, 2, (const char *const[]){ "error.jpg", NULL }, jpg);
  const char *no_method[] = { "signal", "--model", "demo", "--dataset", "mnist1d", "--out", png,
                              NULL };
  expect_error (f, no_method, 2, (const char *const[]){ "--method", NULL }, png);
  const char *bad_method[] = { "signal", "--model", "demo", "--dataset", "mnist1d", "--method",
                               "gradcam,frobcam", "--out", png, NULL };
  expect_error (f, bad_method, 2, (const char *const[]){ "frobcam", NULL }, png);
  const char *two_methods[] = { "overlay", "--model", "demo", "--dataset", "mnist1d", "--method",
                                "gradcam,saliency", "--out", png, NULL };
  expect_error (f, two_methods, 2, (const char *const[]){ "one method", NULL }, png);
  const char *bad_index[] = { "signal", "--model", "demo", "--dataset", "mnist1d", "--method",
                              "gradcam", "--index", "seven", "--out", png, NULL };
  expect_error (f, bad_index, 2, (const char *const[]){ "seven", NULL }, png);
  const char *bad_colormap[] = { "confusion", "--model", "demo", "--dataset", "mnist1d",
                                 "--colormap", "rainbow", "--out", png, NULL };
  expect_error (f, bad_colormap, 2, (const char *const[]){ "rainbow", NULL }, png);
  const char *bad_style[] = { "faithfulness", "--model", "demo", "--dataset", "mnist1d",
                              "--method", "gradcam", "--style", "pie", "--out", png, NULL };
  expect_error (f, bad_style, 2, (const char *const[]){ "pie", NULL }, png);
  const char *bad_size[] = { "confusion", "--model", "demo", "--dataset", "mnist1d", "--width",
                             "-5", "--out", png, NULL };
  expect_error (f, bad_size, 2, (const char *const[]){ "--width", NULL }, png);
  const char *no_log[] = { "training", "--out", png, NULL };
  expect_error (f, no_log, 2, (const char *const[]){ "--log", NULL }, png);

  /* Runtime errors: exit 1, the message naming what is wrong. */
  const char *missing_log[] = { "training", "--log", "/nonexistent/log.csv", "--out", png, NULL };
  expect_error (f, missing_log, 1, (const char *const[]){ "/nonexistent/log.csv", NULL }, png);
  g_autofree char *bad_csv = g_build_filename (f->dir, "bad.csv", NULL);
  g_assert_true (g_file_set_contents (bad_csv, "epoch,loss\n0,1.5\n1,lots\n", -1, NULL));
  const char *bad_log[] = { "training", "--log", bad_csv, "--out", png, NULL };
  expect_error (f, bad_log, 1, (const char *const[]){ "bad.csv:3", "lots", NULL }, png);
  const char *missing_model[] = { "confusion", "--model", "/nonexistent/model.h5", "--dataset",
                                  "mnist1d", "--out", png, NULL };
  expect_error (f, missing_model, 1, (const char *const[]){ "/nonexistent/model.h5", NULL }, png);

  if (!need_mnist (f))
    return;
  const char *far_index[] = { "signal", "--model", f->mnist_model, "--dataset", "mnist1d",
                              "--method", "gradcam", "--index", "5000", "--out", png, NULL };
  expect_error (f, far_index, 1, (const char *const[]){ "--index 5000", "1000", NULL }, png);
  const char *overlay_1d[] = { "overlay", "--model", f->mnist_model, "--dataset", "mnist1d",
                               "--method", "gradcam", "--out", png, NULL };
  expect_error (f, overlay_1d, 1, (const char *const[]){ "1-D", "render signal", NULL }, png);
  const char *bad_class[] = { "signal", "--model", f->mnist_model, "--dataset", "mnist1d",
                              "--method", "gradcam", "--class", "12", "--out", png, NULL };
  expect_error (f, bad_class, 1, (const char *const[]){ "--class", "not 12", NULL }, png);
  const char *bad_set[] = { "signal", "--model", f->mnist_model, "--dataset", "mnist1d",
                            "--method", "gradcam", "--set", "wibble=3", "--out", png, NULL };
  expect_error (f, bad_set, 1, (const char *const[]){ "wibble", NULL }, png);
  /* A failed render leaves an existing figure as it was. */
  g_assert_true (g_file_set_contents (png, "old", -1, NULL));
  expect_error (f, far_index, 1, NULL, NULL);
  g_autofree char *kept = NULL;
  g_assert_true (g_file_get_contents (png, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "old");
}

/* ---- HMT.h5 on the HMT test tiles (8 classes, 62 tiles each, in class order) ---- */

static void
test_hmt_overlay (Fixture *f, gconstpointer data)
{
  if (!need_hmt (f))
    return;
  const char *args[] = { "overlay", "--model", f->hmt_model, "--dataset", f->hmt_data,
                         "--method", "gradcam", "--index", "70", "--contour", "15", NULL };
  /* 360 × 330 pt at 150 dpi. */
  render_all (f, "overlay", args, 750, 688);
  const char *masked[] = { "overlay", "--model", f->hmt_model, "--dataset", f->hmt_data,
                           "--method", "saliency", "--index", "200", "--mask", "0.3",
                           "--colormap", "viridis", "--alpha", "0.6", "--width", "240",
                           "--height", "240", "--dpi", "96", NULL };
  render_all (f, "overlay-masked", masked, 320, 320);
}

static void
test_hmt_grid (Fixture *f, gconstpointer data)
{
  if (!need_hmt (f))
    return;
  const char *methods[] = { "grid", "--model", f->hmt_model, "--dataset", f->hmt_data,
                            "--method", "gradcam,gradcam++,saliency", "--index", "130", NULL };
  render_all (f, "grid-methods", methods, 0, 0);
  const char *samples[] = { "grid", "--model", f->hmt_model, "--dataset", f->hmt_data,
                            "--method", "gradcam", "--index", "0,62,124,186", NULL };
  render_all (f, "grid-samples", samples, 0, 0);
  const char *table[] = { "grid", "--model", f->hmt_model, "--dataset", f->hmt_data,
                          "--method", "gradcam,saliency", "--index", "0,248", NULL };
  render_all (f, "grid-table", table, 0, 0);
}

static void
test_hmt_report (Fixture *f, gconstpointer data)
{
  if (!need_hmt (f))
    return;
  /* Every 62nd tile: one of each class. */
  static const char *const kinds[] = { "confusion", "roc", "pr", "class-accuracy" };
  for (gsize k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      const char *args[] = { kinds[k], "--model", f->hmt_model, "--dataset", f->hmt_data,
                             "--stride", "62", NULL };
      render_all (f, kinds[k], args, 0, 0);
    }
}

static void
test_hmt_faithfulness (Fixture *f, gconstpointer data)
{
  if (!need_hmt (f))
    return;
  const char *args[] = { "faithfulness", "--model", f->hmt_model, "--dataset", f->hmt_data,
                         "--method", "gradcam,gradcam++", "--stride", "124", "--frac", "0.9",
                         "--style", "bars", NULL };
  render_all (f, "faithfulness", args, 0, 0);
  const char *deletion[] = { "deletion", "--model", f->hmt_model, "--dataset", f->hmt_data,
                             "--method", "gradcam,saliency", "--index", "70", "--steps", "10",
                             NULL };
  render_all (f, "deletion", deletion, 0, 0);
}

/* Images from an HDF5 file of input tensors (the golden file's 8 tiles, no labels): shown as the
 * model sees them, classes by number, and no report without labels. */
static void
test_hmt_h5 (Fixture *f, gconstpointer data)
{
  g_autofree char *golden = sl_test_shared ("reference/hmt_golden.h5");
  if (!golden || !need_hmt (f))
    return;
  g_autoptr (GError) error = NULL;
  hid_t in = sl_h5_open_read (golden, &error);
  g_assert_cmpint (in, >=, 0);
  guint rank;
  hsize_t dims[SL_H5_MAX_RANK];
  g_autofree float *x = sl_h5_read_floats (in, "input", golden, &rank, dims, &error);
  sl_h5_close (in);
  g_assert_no_error (error);
  g_autofree char *tiles = g_build_filename (f->dir, "tiles.h5", NULL);
  hid_t out = sl_h5_create (tiles, &error);
  g_assert_true (sl_h5_write_floats (out, "x", rank, dims, x, &error));
  sl_h5_close (out);

  const char *overlay[] = { "overlay", "--model", f->hmt_model, "--dataset", tiles, "--method",
                            "gradcam", "--index", "1", NULL };
  render_all (f, "tiles-overlay", overlay, 0, 0);
  const char *grid[] = { "grid", "--model", f->hmt_model, "--dataset", tiles, "--method",
                         "gradcam", "--index", "0,1,2,3", NULL };
  render_all (f, "tiles-grid", grid, 0, 0);
  g_autofree char *png = out_path (f, "error", "png");
  const char *roc[] = { "roc", "--model", f->hmt_model, "--dataset", tiles, "--out", png, NULL };
  expect_error (f, roc, 1, (const char *const[]){ "tiles.h5", "no labels", NULL }, png);
}

static void
test_hmt_errors (Fixture *f, gconstpointer data)
{
  if (!need_hmt (f))
    return;
  g_autofree char *png = out_path (f, "error", "png");
  const char *signal[] = { "signal", "--model", f->hmt_model, "--dataset", f->hmt_data,
                           "--method", "gradcam", "--out", png, NULL };
  expect_error (f, signal, 1, (const char *const[]){ "images", "render overlay", NULL }, png);
  /* The first tiles are all of one class: no ROC curve, and the error says how to get one. */
  const char *one_class[] = { "roc", "--model", f->hmt_model, "--dataset", f->hmt_data,
                              "--limit", "4", "--out", png, NULL };
  expect_error (f, one_class, 1, (const char *const[]){ "--stride", NULL }, png);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add ("/cli-render/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("mnist1d/signal", test_mnist_signal);
  ADD ("mnist1d/grid", test_mnist_grid);
  ADD ("mnist1d/report", test_mnist_report);
  ADD ("mnist1d/faithfulness", test_mnist_faithfulness);
  ADD ("mnist1d/deletion", test_mnist_deletion);
  ADD ("mnist1d/training", test_training);
  ADD ("mnist1d/training-state", test_training_state);
  ADD ("errors", test_errors);
  ADD ("hmt/overlay", test_hmt_overlay);
  ADD ("hmt/grid", test_hmt_grid);
  ADD ("hmt/report", test_hmt_report);
  ADD ("hmt/faithfulness", test_hmt_faithfulness);
  ADD ("hmt/h5", test_hmt_h5);
  ADD ("hmt/errors", test_hmt_errors);
#undef ADD
  return g_test_run ();
}
