/* sl-faith-export.h — a faithfulness table as text for files: JSON (what `saliency-lab-cli
 * faithfulness --json` prints) and CSV, and saving either atomically. */
#pragma once

#include "explain/sl-faithfulness.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* {"frac", "samples", "seconds", "rows": [{"method", "drop_rate", "increase_rate",
 * ("deletion_auc", "insertion_auc",) "samples", "drop": […], "increase": […]}]}; a partial table
 * also has "partial": true and counts only the samples done. */
JsonNode *sl_faith_table_to_json      (const SlFaithTable *table);
/* The same, pretty-printed. */
char     *sl_faith_table_to_json_text (const SlFaithTable *table);
/* One line per method: method, drop_rate, increase_rate, deletion_auc, insertion_auc (empty
 * without curves), samples, seconds_per_sample; rates as fractions, full precision. */
char     *sl_faith_table_to_csv       (const SlFaithTable *table);
/* Writes CSV or JSON as `path` ends in .csv or .json. */
gboolean  sl_faith_table_save         (const SlFaithTable *table,
                                       const char         *path,
                                       GError            **error);

G_END_DECLS
