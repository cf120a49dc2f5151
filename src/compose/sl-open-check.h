/* sl-open-check.h — checking a model or dataset file in a child process (saliency-lab-cli check)
 * under time and memory limits, before a long-lived process (the window) opens it itself: damage
 * that crashes, hangs or exhausts libhdf5 or a decoder takes down the child, not the window. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SL_OPEN_MODEL,
  SL_OPEN_DATASET,
} SlOpenKind;

/* Errors about the check itself. Errors the child reports in the ordinary way (a damaged model it
 * recognises, a missing weight, …) come back in their own domain (SL_ERROR) and code. */
#define SL_OPEN_CHECK_ERROR (sl_open_check_error_quark ())

typedef enum
{
  SL_OPEN_CHECK_ERROR_CRASHED,       /* the child died of a signal: the file is damaged */
  SL_OPEN_CHECK_ERROR_TIMEOUT,       /* it did not finish in time (wall clock or CPU) */
  SL_OPEN_CHECK_ERROR_OUT_OF_MEMORY, /* it ran out of its memory limit */
  SL_OPEN_CHECK_ERROR_NO_CHECKER,    /* saliency-lab-cli cannot be found or started */
} SlOpenCheckError;

GQuark sl_open_check_error_quark (void);

/* The child's limits. */
typedef struct
{
  double  timeout_s;    /* wall clock; the CPU limit is this plus one second */
  guint64 memory_bytes; /* address space (RLIMIT_AS) */
  guint   max_samples;  /* samples (image tiles) decoded at most, spread over the dataset */
} SlOpenCheckLimits;

/* 30 s, min (4 GiB, half the physical memory) but at least 1 GiB, 5000 samples. */
void     sl_open_check_limits_init  (SlOpenCheckLimits *limits);

/* The saliency-lab-cli to run: $SL_CLI, else next to the running program (a build tree's
 * ../cli/saliency-lab-cli, or an installed sibling), else from PATH, else in the configured bindir.
 * NULL when there is none. */
char    *sl_open_check_find_cli     (void);

/* TRUE when `path` opens in `cli_path check` (NULL: sl_open_check_find_cli) without error. A
 * dataset's image folder is decoded for `model_path_for_dataset`'s input (may be NULL). Built-in
 * names ("demo", "mnist1d…") and paths that do not exist are not files and pass unchecked: the
 * caller's own open reports them. On failure the error names the file and the reason, e.g.
 * "PATH: damaged file (the check crashed with SIGSEGV)". */
gboolean sl_open_check_file         (const char *cli_path,
                                     const char *path,
                                     SlOpenKind  kind,
                                     const char *model_path_for_dataset,
                                     GError    **error);

/* The same with explicit limits (NULL: the defaults) and a cancellable that kills the child. */
gboolean sl_open_check_file_full    (const char              *cli_path,
                                     const char              *path,
                                     SlOpenKind               kind,
                                     const char              *model_path_for_dataset,
                                     const SlOpenCheckLimits *limits,
                                     GCancellable            *cancellable,
                                     GError                 **error);

G_END_DECLS
