/* The report's table as CSV and the report as JSON, to files. */
#include "metrics/sl-report-export.h"

#include "core/sl-atomic.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>

static void
append_field (GString *out, const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* The shortest of %.15g … %.17g that reads back as `value` (0.8333333333333333, not
 * 0.83333333333333326), with '.' whatever the locale. */
static void
append_double (GString *out, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  static const char *const formats[] = { "%.15g", "%.16g", "%.17g" };
  g_string_append_c (out, ',');
  if (!isfinite (value))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, sizeof buf, formats[i], value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  g_string_append (out, buf);
}

char *
sl_report_to_csv (const SlReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  GString *out = g_string_new ("class,accuracy,precision,recall,f1,support,roc_auc,"
                               "average_precision\r\n");
  for (guint c = 0; c < self->n_classes; c++)
    {
      const SlClassScores *pc = &self->per_class[c];
      append_field (out, self->class_names[c]);
      /* A class's accuracy is its recall (what the report's per-class accuracy is). */
      append_double (out, pc->recall);
      append_double (out, pc->precision);
      append_double (out, pc->recall);
      append_double (out, pc->f1);
      g_string_append_printf (out, ",%" G_GSIZE_FORMAT, pc->support);
      append_double (out, pc->auc);
      append_double (out, pc->ap);
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}

char *
sl_report_to_json_text (const SlReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_autoptr (JsonNode) node = sl_report_to_json (self);
  g_autofree char *text = json_to_string (node, TRUE);
  return g_strconcat (text, "\n", NULL);
}

static gboolean
write_text (const char *tmp_path, gpointer data, GError **error)
{
  return g_file_set_contents (tmp_path, data, -1, error);
}

gboolean
sl_report_write_csv (const SlReport *self, const char *path, GError **error)
{
  g_return_val_if_fail (self != NULL && path != NULL, FALSE);
  g_autofree char *text = sl_report_to_csv (self);
  return sl_atomic_write (path, write_text, text, error);
}

gboolean
sl_report_write_json (const SlReport *self, const char *path, GError **error)
{
  g_return_val_if_fail (self != NULL && path != NULL, FALSE);
  g_autofree char *text = sl_report_to_json_text (self);
  return sl_atomic_write (path, write_text, text, error);
}
