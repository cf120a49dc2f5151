/* sl-open-check.c — a file is opened first by `saliency-lab-cli check` in a child process with
 * rlimits and a wall-clock timeout; only the child suffers from what libhdf5 1.10.8 or an image
 * decoder does on damaged input (tests/fuzz/README.md). */
#include "config.h"

#include "compose/sl-open-check.h"

#include "core/sl-error.h"

#include <errno.h>
#include <glib-unix.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define SL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SL_ASAN 1
#endif
#endif

/* What is kept of the child's output: its last error line is all we need. */
#define OUTPUT_MAX (64 * 1024)
/* The CLI's prefix on an error line (sl_cli_fail). */
#define CLI_PREFIX "saliency-lab-cli: "

G_DEFINE_QUARK (sl-open-check-error-quark, sl_open_check_error)

void
sl_open_check_limits_init (SlOpenCheckLimits *limits)
{
  g_return_if_fail (limits != NULL);
  const long pages = sysconf (_SC_PHYS_PAGES), page = sysconf (_SC_PAGESIZE);
  const guint64 physical = pages > 0 && page > 0 ? (guint64) pages * (guint64) page : 0;
  const guint64 gib = (guint64) 1 << 30;
  limits->timeout_s = 30;
  limits->memory_bytes = MAX (gib, MIN (4 * gib, physical / 2));
  limits->max_samples = 5000;
}

char *
sl_open_check_find_cli (void)
{
  const char *env = g_getenv ("SL_CLI");
  if (env && *env)
    return g_strdup (env);
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  if (exe)
    {
      g_autofree char *dir = g_path_get_dirname (exe);
      /* A build tree (src/app next to src/cli), then an installed sibling in bindir. */
      const char *const candidates[] = { "../cli/saliency-lab-cli", "saliency-lab-cli" };
      for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
        {
          g_autofree char *path = g_build_filename (dir, candidates[i], NULL);
          if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE)
              && !g_file_test (path, G_FILE_TEST_IS_DIR))
            return g_steal_pointer (&path);
        }
    }
  char *in_path = g_find_program_in_path ("saliency-lab-cli");
  if (in_path)
    return in_path;
  g_autofree char *installed = g_build_filename (BINDIR, "saliency-lab-cli", NULL);
  return g_file_test (installed, G_FILE_TEST_IS_EXECUTABLE) ? g_steal_pointer (&installed) : NULL;
}

/* FALSE for what sl_open_model / sl_open_dataset would not read as a file: built-in names and
 * paths that do not exist (their own error says so). */
static gboolean
names_a_file (const char *path, SlOpenKind kind)
{
  if (kind == SL_OPEN_MODEL)
    return g_file_test (path, G_FILE_TEST_EXISTS);
  /* The keyword wins over a file of that name (sl_dataset_open): "mnist1d", "mnist1d:train",
   * "mnist1d@seed=7" … */
  if (g_ascii_strncasecmp (path, "mnist1d", 7) == 0
      && (path[7] == '\0' || path[7] == ':' || path[7] == '@'))
    return FALSE;
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  const char *const splits[] = { ":train", ":test" };
  for (guint i = 0; i < G_N_ELEMENTS (splits); i++)
    if (g_str_has_suffix (path, splits[i]))
      {
        g_autofree char *base = g_strndup (path, strlen (path) - strlen (splits[i]));
        return g_file_test (base, G_FILE_TEST_EXISTS);
      }
  return FALSE;
}

typedef struct
{
  rlim_t memory;
  rlim_t cpu;
} ChildLimits;

/* Runs in the child between fork and exec: async-signal-safe calls only. */
static void
child_setup (gpointer data)
{
  const ChildLimits *l = data;
  setpgid (0, 0); /* its own group, so that a timeout kills whatever it started */
  const struct rlimit core = { 0, 0 };
  setrlimit (RLIMIT_CORE, &core);
  const struct rlimit cpu = { l->cpu, l->cpu + 1 };
  setrlimit (RLIMIT_CPU, &cpu);
  if (l->memory)
    {
      const struct rlimit as = { l->memory, l->memory };
      setrlimit (RLIMIT_AS, &as);
    }
}

static const char *
signal_name (int sig)
{
  switch (sig)
    {
    case SIGSEGV:
      return "SIGSEGV";
    case SIGBUS:
      return "SIGBUS";
    case SIGABRT:
      return "SIGABRT";
    case SIGFPE:
      return "SIGFPE";
    case SIGILL:
      return "SIGILL";
    case SIGKILL:
      return "SIGKILL";
    case SIGTERM:
      return "SIGTERM";
    case SIGTRAP:
      return "SIGTRAP";
    case SIGXCPU:
      return "SIGXCPU";
    case SIGSYS:
      return "SIGSYS";
    default:
      return NULL;
    }
}

/* Appends what is readable on the non-blocking `fd` to `out` (up to OUTPUT_MAX; the rest is
 * drained): 1 when it read something, 0 when nothing is there yet, -1 at the end (or an error). */
static int
drain (int fd, GString *out)
{
  char buf[4096];
  const ssize_t n = read (fd, buf, sizeof buf);
  if (n < 0)
    return errno == EINTR || errno == EAGAIN ? 0 : -1;
  if (n == 0)
    return -1;
  if (out->len < OUTPUT_MAX)
    g_string_append_len (out, buf, MIN ((gsize) n, OUTPUT_MAX - out->len));
  return 1;
}

static gboolean
mentions_memory (const char *text)
{
  static const char *const marks[] = {
    "failed to allocate",   /* g_malloc */
    "out of memory",        /* ASan, libhdf5 */
    "Cannot allocate memory",
    "allocation-size-too-big",
    "rss-limit-exceeded",
    "hard rss limit exhausted", /* ASan's hard_rss_limit_mb */
    "std::bad_alloc",
  };
  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    if (strstr (text, marks[i]))
      return TRUE;
  return FALSE;
}

/* The sanitizer's one-word finding ("heap-buffer-overflow"), when the child's ASan reported one. */
static char *
sanitizer_finding (const char *text)
{
  const char *mark = strstr (text, "ERROR: AddressSanitizer: ");
  if (!mark)
    return NULL;
  mark += strlen ("ERROR: AddressSanitizer: ");
  return g_strndup (mark, strcspn (mark, " \n"));
}

/* The child's own error: its last "saliency-lab-cli: …" line on stderr, the code from the
 * "error-code: N" line on stdout. */
static void
set_child_error (GError **error, const char *path, int status, const GString *out,
                 const GString *err)
{
  g_auto (GStrv) lines = g_strsplit (err->str, "\n", -1);
  const char *message = NULL;
  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], CLI_PREFIX))
      message = lines[i] + strlen (CLI_PREFIX);
  int code = SL_ERROR_FORMAT;
  const char *line = strstr (out->str, "error-code: ");
  if (line)
    code = (int) g_ascii_strtoll (line + strlen ("error-code: "), NULL, 10);
  if (code < SL_ERROR_FAILED || code > SL_ERROR_CANCELLED)
    code = SL_ERROR_FAILED;
  if (message)
    g_set_error_literal (error, SL_ERROR, code, message);
  else
    g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                 "%s: the file check failed (exit status %d) without saying why", path, status);
}

static gboolean
classify (const char *path, int status, gboolean timed_out, const SlOpenCheckLimits *limits,
          const GString *out, const GString *err, GError **error)
{
  g_autofree char *memory = g_format_size_full (limits->memory_bytes, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *finding = sanitizer_finding (err->str);
  if (timed_out || (WIFSIGNALED (status) && WTERMSIG (status) == SIGXCPU))
    {
      g_set_error (error, SL_OPEN_CHECK_ERROR, SL_OPEN_CHECK_ERROR_TIMEOUT,
                   "%s: damaged file (the check did not finish within %g s)", path,
                   limits->timeout_s);
      return FALSE;
    }
  if (mentions_memory (err->str) && (WIFSIGNALED (status) || finding))
    {
      g_set_error (error, SL_OPEN_CHECK_ERROR, SL_OPEN_CHECK_ERROR_OUT_OF_MEMORY,
                   "%s: damaged file (the check ran out of memory: its limit is %s)", path, memory);
      return FALSE;
    }
  if (WIFSIGNALED (status) || finding)
    {
      const int sig = WIFSIGNALED (status) ? WTERMSIG (status) : 0;
      g_autofree char *what = finding ? g_strdup_printf ("AddressSanitizer: %s", finding)
                              : signal_name (sig) ? g_strdup (signal_name (sig))
                                                  : g_strdup_printf ("signal %d", sig);
      g_set_error (error, SL_OPEN_CHECK_ERROR, SL_OPEN_CHECK_ERROR_CRASHED,
                   "%s: damaged file (the check crashed with %s)", path, what);
      return FALSE;
    }
  if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
    return TRUE;
  set_child_error (error, path, WIFEXITED (status) ? WEXITSTATUS (status) : -1, out, err);
  return FALSE;
}

static char **
child_environment (const SlOpenCheckLimits *limits)
{
  char **env = g_get_environ ();
  /* One thread: a check reads, it does not compute; threads would only cost address space. */
  env = g_environ_setenv (env, "OPENBLAS_NUM_THREADS", "1", TRUE);
  env = g_environ_setenv (env, "OMP_NUM_THREADS", "1", TRUE);
#ifdef SL_ASAN
  /* ASan reserves terabytes of address space, so RLIMIT_AS cannot apply; its allocator enforces
   * the limit instead, and leaks of a short-lived checker do not matter. */
  const guint64 mb = MAX (limits->memory_bytes >> 20, 1);
  const char *asan = g_environ_getenv (env, "ASAN_OPTIONS");
  g_autofree char *opts = g_strdup_printf (
      "%s%sdetect_leaks=0:allocator_may_return_null=1:max_allocation_size_mb=%" G_GUINT64_FORMAT
      ":hard_rss_limit_mb=%" G_GUINT64_FORMAT,
      asan ? asan : "", asan && *asan ? ":" : "", mb, mb);
  env = g_environ_setenv (env, "ASAN_OPTIONS", opts, TRUE);
#endif
  return env;
}

gboolean
sl_open_check_file_full (const char *cli_path, const char *path, SlOpenKind kind,
                         const char *model_path_for_dataset, const SlOpenCheckLimits *limits,
                         GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (kind == SL_OPEN_MODEL || kind == SL_OPEN_DATASET, FALSE);
  SlOpenCheckLimits defaults;
  sl_open_check_limits_init (&defaults);
  if (!limits)
    limits = &defaults;
  if (!names_a_file (path, kind))
    return TRUE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  g_autofree char *found = cli_path ? NULL : sl_open_check_find_cli ();
  const char *cli = cli_path ? cli_path : found;
  if (!cli)
    {
      g_set_error (error, SL_OPEN_CHECK_ERROR, SL_OPEN_CHECK_ERROR_NO_CHECKER,
                   "%s: cannot check the file: saliency-lab-cli is not installed", path);
      return FALSE;
    }
  g_autofree char *max_samples = g_strdup_printf ("%u", MAX (limits->max_samples, 1));
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, "check");
  g_ptr_array_add (argv, kind == SL_OPEN_MODEL ? "--model" : "--dataset");
  g_ptr_array_add (argv, (gpointer) path);
  if (kind == SL_OPEN_DATASET)
    {
      g_ptr_array_add (argv, "--max-samples");
      g_ptr_array_add (argv, max_samples);
      if (model_path_for_dataset)
        {
          g_ptr_array_add (argv, "--for-model");
          g_ptr_array_add (argv, (gpointer) model_path_for_dataset);
        }
    }
  g_ptr_array_add (argv, NULL);
  g_auto (GStrv) envp = child_environment (limits);

  ChildLimits child = { 0, 0 };
#ifndef SL_ASAN
  child.memory = (rlim_t) limits->memory_bytes;
#endif
  child.cpu = (rlim_t) MAX (1.0, limits->timeout_s + 1);
  GPid pid = 0;
  int out_fd = -1, err_fd = -1;
  g_autoptr (GError) spawn_error = NULL;
  if (!g_spawn_async_with_pipes (NULL, (char **) argv->pdata, envp,
                                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_CLOEXEC_PIPES
                                     | G_SPAWN_STDIN_FROM_DEV_NULL,
                                 child_setup, &child, &pid, NULL, &out_fd, &err_fd, &spawn_error))
    {
      g_set_error (error, SL_OPEN_CHECK_ERROR, SL_OPEN_CHECK_ERROR_NO_CHECKER,
                   "%s: cannot check the file: %s", path, spawn_error->message);
      return FALSE;
    }

  g_unix_set_fd_nonblocking (out_fd, TRUE, NULL);
  g_unix_set_fd_nonblocking (err_fd, TRUE, NULL);
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GString) err = g_string_new (NULL);
  const gint64 deadline = g_get_monotonic_time () + (gint64) (limits->timeout_s * G_USEC_PER_SEC);
  GPollFD cancel_fd = { -1, 0, 0 };
  const gboolean can_cancel = cancellable && g_cancellable_make_pollfd (cancellable, &cancel_fd);
  gboolean timed_out = FALSE, cancelled = FALSE, exited = FALSE, lost = FALSE;
  int status = 0;
  for (;;)
    {
      const pid_t done = waitpid (pid, &status, WNOHANG);
      if (done == pid || (done < 0 && errno != EINTR))
        {
          /* Lost: someone else reaped it (a waitpid (-1) elsewhere); its verdict is unknown. */
          exited = done == pid;
          lost = !exited;
          break;
        }
      const gint64 left = deadline - g_get_monotonic_time ();
      if (left <= 0)
        {
          timed_out = TRUE;
          break;
        }
      struct pollfd fds[3];
      nfds_t n = 0;
      int out_slot = -1, err_slot = -1;
      if (out_fd >= 0)
        {
          out_slot = (int) n;
          fds[n++] = (struct pollfd){ out_fd, POLLIN, 0 };
        }
      if (err_fd >= 0)
        {
          err_slot = (int) n;
          fds[n++] = (struct pollfd){ err_fd, POLLIN, 0 };
        }
      const int cancel_slot = can_cancel ? (int) n : -1;
      if (can_cancel)
        fds[n++] = (struct pollfd){ cancel_fd.fd, POLLIN, 0 };
      /* With both pipes closed, poll only paces the wait for the child's exit. */
      const int wait_ms = out_fd < 0 && err_fd < 0 ? 2 : (int) MIN (left / 1000 + 1, 100);
      if (poll (fds, n, wait_ms) < 0 && errno != EINTR)
        break;
      if (cancel_slot >= 0 && fds[cancel_slot].revents)
        {
          cancelled = TRUE;
          break;
        }
      if (out_slot >= 0 && fds[out_slot].revents && drain (out_fd, out) < 0)
        {
          close (out_fd);
          out_fd = -1;
        }
      if (err_slot >= 0 && fds[err_slot].revents && drain (err_fd, err) < 0)
        {
          close (err_fd);
          err_fd = -1;
        }
    }
  if (!exited && !lost)
    {
      kill (-pid, SIGKILL);
      kill (pid, SIGKILL);
      while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
        ;
    }
  /* What the child wrote just before it exited (non-blocking: nothing can hold us here). */
  while (out_fd >= 0 && drain (out_fd, out) > 0)
    ;
  while (err_fd >= 0 && drain (err_fd, err) > 0)
    ;
  if (out_fd >= 0)
    close (out_fd);
  if (err_fd >= 0)
    close (err_fd);
  if (can_cancel)
    g_cancellable_release_fd (cancellable);
  g_spawn_close_pid (pid);
  if (cancelled)
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return FALSE;
    }
  if (lost)
    {
      g_set_error (error, SL_OPEN_CHECK_ERROR, SL_OPEN_CHECK_ERROR_NO_CHECKER,
                   "%s: cannot check the file: its check process was lost", path);
      return FALSE;
    }
  return classify (path, status, timed_out, limits, out, err, error);
}

gboolean
sl_open_check_file (const char *cli_path, const char *path, SlOpenKind kind,
                    const char *model_path_for_dataset, GError **error)
{
  return sl_open_check_file_full (cli_path, path, kind, model_path_for_dataset, NULL, NULL,
                                  error);
}
