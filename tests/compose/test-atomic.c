/* sl_atomic_write: a failure leaves the old file, concurrent writers of one path do not collide,
 * and no temporary file is left behind. */
#include "core/sl-atomic.h"
#include "core/sl-error.h"
#include "sl-test-util.h"

#include <string.h>

static gboolean
write_text (const char *tmp, gpointer data, GError **error)
{
  return g_file_set_contents (tmp, data, -1, error);
}

/* Writes half, then fails as a full disk would. */
static gboolean
write_then_fail (const char *tmp, gpointer data, GError **error)
{
  g_file_set_contents (tmp, "half", -1, NULL);
  g_set_error (error, SL_ERROR, SL_ERROR_IO, "disk full");
  return FALSE;
}

static guint
count_files (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;
  while (d && g_dir_read_name (d))
    n++;
  return n;
}

static void
test_replace_and_fail (SlTestTmp *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "out.txt", NULL);
  g_autofree char *text = NULL;
  g_assert_true (sl_atomic_write (path, write_text, "old", &error));
  g_assert_no_error (error);
  g_assert_true (sl_atomic_write (path, write_text, "new", &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "new");

  g_assert_false (sl_atomic_write (path, write_then_fail, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_IO);
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "new");
  g_assert_cmpuint (count_files (f->dir), ==, 1);

  /* An unwritable place: the OS's reason, and the name. */
  g_clear_error (&error);
  g_assert_false (sl_atomic_write ("/nonexistent-folder/x.txt", write_text, "x", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/nonexistent-folder/x.txt"));
  g_assert_nonnull (strstr (error->message, g_strerror (ENOENT)));
}

typedef struct
{
  const char *path;
  char text[64];
  gboolean ok[20];
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  for (guint i = 0; i < G_N_ELEMENTS (w->ok); i++)
    w->ok[i] = sl_atomic_write (w->path, write_text, w->text, NULL);
  return NULL;
}

/* Two threads of one process write the same path at once: every write succeeds and the file is
 * always one writer's whole text. */
static void
test_two_threads (SlTestTmp *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "same.txt", NULL);
  Writer w[2] = { { path, "", { 0 } }, { path, "", { 0 } } };
  memset (w[0].text, 'a', sizeof w[0].text - 1);
  memset (w[1].text, 'b', sizeof w[1].text - 1);
  GThread *t0 = g_thread_new ("w0", writer_thread, &w[0]);
  GThread *t1 = g_thread_new ("w1", writer_thread, &w[1]);
  g_thread_join (t0);
  g_thread_join (t1);
  for (int k = 0; k < 2; k++)
    for (guint i = 0; i < G_N_ELEMENTS (w[k].ok); i++)
      g_assert_true (w[k].ok[i]);
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_true (!strcmp (text, w[0].text) || !strcmp (text, w[1].text));
  g_assert_cmpuint (count_files (f->dir), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/atomic/replace-and-fail", SlTestTmp, NULL, sl_test_tmp_setup, test_replace_and_fail,
              sl_test_tmp_teardown);
  g_test_add ("/atomic/two-threads", SlTestTmp, NULL, sl_test_tmp_setup, test_two_threads,
              sl_test_tmp_teardown);
  return g_test_run ();
}
