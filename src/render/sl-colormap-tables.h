/* sl-colormap-tables.h — matplotlib's colour tables (private to sl-colormap.c). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

extern const double sl_colormap_viridis_table[256][3];
extern const double sl_colormap_inferno_table[256][3];
extern const double sl_colormap_magma_table[256][3];
extern const double sl_colormap_turbo_table[256][3];
extern const double sl_colormap_rdbu_table[11][3];
extern const double sl_colormap_coolwarm_table[33][3];

G_END_DECLS
