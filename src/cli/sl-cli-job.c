/* Runs a job for a command and draws its progress line. */
#include "sl-cli-job.h"

#include <unistd.h>

typedef struct
{
  SlJob *job;
  gint64 last_draw; /* µs; the line is redrawn at most ten times a second */
  gboolean drawn;
} ProgressLine;

static void
draw (ProgressLine *line)
{
  const gint64 now = g_get_monotonic_time ();
  if (now - line->last_draw < G_USEC_PER_SEC / 10)
    return;
  line->last_draw = now;
  line->drawn = TRUE;
  const double fraction = sl_job_get_fraction (line->job),
               left = sl_job_get_seconds_left (line->job);
  g_autoptr (GString) s = g_string_new ("\r\033[K");
  g_string_append (s, sl_job_get_title (line->job));
  if (fraction >= 0)
    g_string_append_printf (s, "  %3.0f %%", 100 * fraction);
  if (sl_job_get_total (line->job) > 0 && g_strcmp0 (sl_job_get_kind (line->job), "explain") != 0)
    g_string_append_printf (s, "  %" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT,
                            sl_job_get_done (line->job), sl_job_get_total (line->job));
  if (left >= 0)
    g_string_append_printf (s, "  %.0f s left", left);
  if (sl_job_get_message (line->job))
    g_string_append_printf (s, "  %s", sl_job_get_message (line->job));
  g_printerr ("%s", s->str);
}

static void
on_progress (SlJob *job, GParamSpec *pspec, ProgressLine *line)
{
  draw (line);
}

/* A command prints partial results from handlers connected after this one (g_signal_connect_after):
 * the line is cleared first, and drawn again on the next progress. */
static void
on_partial (SlJob *job, gpointer item, ProgressLine *line)
{
  if (!line->drawn)
    return;
  g_printerr ("\r\033[K");
  line->drawn = FALSE;
  line->last_draw = 0;
}

SlJobPool *
sl_cli_job_pool_new (guint n_threads)
{
  return sl_job_pool_new (1, n_threads);
}

gboolean
sl_cli_run_job (SlJobPool *pool, SlJob *job, gboolean quiet, GError **error)
{
  ProgressLine line = { .job = job };
  const gboolean show = !quiet && isatty (STDERR_FILENO);
  gulong handlers[2] = { 0 };
  if (show)
    {
      handlers[0] = g_signal_connect (job, "notify::done", G_CALLBACK (on_progress), &line);
      handlers[1] = g_signal_connect (job, "partial", G_CALLBACK (on_partial), &line);
    }
  sl_job_pool_push (pool, job);
  const gboolean ok = sl_job_wait (job, error);
  for (guint i = 0; i < G_N_ELEMENTS (handlers); i++)
    if (handlers[i])
      g_signal_handler_disconnect (job, handlers[i]);
  if (line.drawn)
    g_printerr ("\r\033[K");
  return ok;
}
