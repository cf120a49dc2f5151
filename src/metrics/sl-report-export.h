/* sl-report-export.h — the report's per-class table as CSV, and the report as `evaluate --json`
 * prints it, written to files atomically. */
#pragma once

#include "metrics/sl-report.h"

G_BEGIN_DECLS

/* One header line, then one line per class: class, accuracy, precision, recall, f1, support,
 * roc_auc, average_precision. '.' decimals whatever the locale, each value the shortest text that
 * reads back exactly; NaN (an undefined AUC) is an empty field; class names quoted as RFC 4180
 * (in double quotes, inner quotes doubled, when they hold a comma, quote, CR or LF). Lines end in
 * CRLF, as RFC 4180 says. */
char     *sl_report_to_csv    (const SlReport *self);

gboolean  sl_report_write_csv  (const SlReport *self,
                                const char     *path,
                                GError        **error);

/* The JSON of sl_report_to_json, pretty-printed, with a final newline: byte for byte what
 * `saliency-lab-cli evaluate --json` prints. */
char     *sl_report_to_json_text (const SlReport *self);

gboolean  sl_report_write_json (const SlReport *self,
                                const char     *path,
                                GError        **error);

G_END_DECLS
