/* sl-test-util.h — helpers shared by the tests: where ../shared is, and float comparisons. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>

/* Path of a file in the shared course material, or NULL (and the test is skipped) when absent. */
static inline char *
sl_test_shared (const char *relative)
{
  const char *dir = g_getenv ("SL_SHARED_DIR");
  g_autofree char *path = g_build_filename (dir ? dir : "../shared", relative, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *msg = g_strdup_printf ("shared material missing: %s", path);
      g_test_skip (msg);
      return NULL;
    }
  return g_steal_pointer (&path);
}

/* max |a - b| over n values. */
static inline double
sl_test_max_abs_diff_f (const float *a, const double *b, gsize n)
{
  double m = 0;
  for (gsize i = 0; i < n; i++)
    m = fmax (m, fabs ((double) a[i] - b[i]));
  return m;
}

static inline double
sl_test_max_abs_d (const double *a, gsize n)
{
  double m = 0;
  for (gsize i = 0; i < n; i++)
    m = fmax (m, fabs (a[i]));
  return m;
}

/* A fresh temporary folder per test (GTest fixture), removed with its files afterwards. */
typedef struct
{
  char *dir;
} SlTestTmp;

static inline void
sl_test_tmp_setup (SlTestTmp *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  fx->dir = g_dir_make_tmp ("sl-test-XXXXXX", &error);
  g_assert_no_error (error);
}

/* Removes `dir` and everything below it. */
static inline void
sl_test_remove_tree (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        sl_test_remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static inline void
sl_test_tmp_teardown (SlTestTmp *fx, gconstpointer data)
{
  sl_test_remove_tree (fx->dir);
  g_free (fx->dir);
}
