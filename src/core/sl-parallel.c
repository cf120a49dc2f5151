#include "core/sl-parallel.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

struct _SlParallel
{
  GThreadPool *pool;
  guint n_threads;
  GMutex busy; /* held for a whole loop: callers on several threads take turns */
  GMutex lock;
  GCond done;
  guint pending;
};

typedef struct
{
  SlParallel *self;
  SlRangeFunc fn;
  gpointer data;
  gsize begin, end;
} Task;

#define BACKGROUND_NICE 5

void
sl_parallel_lower_priority (void)
{
  /* Linux schedules threads by their own nice value: this touches only the calling thread. */
  const id_t tid = (id_t) syscall (SYS_gettid);
  const int now = getpriority (PRIO_PROCESS, tid);
  if (now < BACKGROUND_NICE)
    setpriority (PRIO_PROCESS, tid, BACKGROUND_NICE);
}

static void
worker (gpointer item, gpointer user_data)
{
  Task *t = item;
  sl_parallel_lower_priority ();
  t->fn (t->begin, t->end, t->data);
  SlParallel *self = t->self;
  g_mutex_lock (&self->lock);
  if (--self->pending == 0)
    g_cond_signal (&self->done);
  g_mutex_unlock (&self->lock);
}

SlParallel *
sl_parallel_new (guint n_threads)
{
  SlParallel *self = g_new0 (SlParallel, 1);
  self->n_threads = n_threads ? n_threads : MAX (g_get_num_processors (), 1);
  g_mutex_init (&self->busy);
  g_mutex_init (&self->lock);
  g_cond_init (&self->done);
  if (self->n_threads > 1)
    self->pool = g_thread_pool_new (worker, self, (int) self->n_threads - 1, TRUE, NULL);
  return self;
}

void
sl_parallel_free (SlParallel *self)
{
  if (!self)
    return;
  if (self->pool)
    g_thread_pool_free (self->pool, FALSE, TRUE);
  g_mutex_clear (&self->busy);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->done);
  g_free (self);
}

guint
sl_parallel_threads (const SlParallel *self)
{
  return self ? self->n_threads : 1;
}

void
sl_parallel_for (SlParallel *self, gsize n, SlRangeFunc fn, gpointer data)
{
  const guint parts = self ? (guint) MIN ((gsize) self->n_threads, n) : 1;
  if (parts <= 1 || !self->pool)
    {
      if (n)
        fn (0, n, data);
      return;
    }
  Task *tasks = g_newa (Task, parts);
  g_mutex_lock (&self->busy);
  self->pending = parts - 1;
  for (guint i = 0; i < parts; i++)
    tasks[i] = (Task){ self, fn, data, n * i / parts, n * (i + 1) / parts };
  for (guint i = 1; i < parts; i++)
    g_thread_pool_push (self->pool, &tasks[i], NULL);
  fn (tasks[0].begin, tasks[0].end, data);
  g_mutex_lock (&self->lock);
  while (self->pending > 0)
    g_cond_wait (&self->done, &self->lock);
  g_mutex_unlock (&self->lock);
  g_mutex_unlock (&self->busy);
}
