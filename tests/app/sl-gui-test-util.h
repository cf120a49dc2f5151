/* sl-gui-test-util.h — helpers shared by the GUI tests: running the main loop for a while, or until
 * the window has nothing left to compute. */
#pragma once

#include "app/sl-window.h"

/* Runs the main loop for `seconds`. */
static inline void
sl_test_spin (double seconds)
{
  const gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  while (g_get_monotonic_time () < end)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5000);
    }
}

/* Runs the main loop until `window` has been settled three polls in a row; fails after `seconds`. */
static inline void
sl_test_wait_settled (SlWindow *window, double seconds)
{
  const gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  guint calm = 0;
  while (calm < 3)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      calm = sl_window_is_settled (window) ? calm + 1 : 0;
      if (g_get_monotonic_time () > deadline)
        g_error ("the window did not settle within %.0f s", seconds);
      g_usleep (10000);
    }
}
