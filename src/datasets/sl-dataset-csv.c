#include "sl-dataset-csv.h"

#include "core/sl-error.h"
#include "core/sl-file.h"

#include <float.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

/* The file is read whole: keep it to what a dataset of signals can sensibly be. */
#define MAX_FILE_BYTES ((gsize) 1 << 30)
#define MAX_VALUES     ((gsize) 1 << 27)
#define MAX_COLUMNS    ((gsize) 1 << 20)
#define MAX_CLASSES    100000
#define MAX_FIELD      127

typedef struct
{
  float *x; /* n_samples × length */
} CsvDataset;

static gboolean
csv_get_sample (SlDataset *self, gsize index, float *out, GError **error)
{
  const CsvDataset *priv = self->priv;
  const gsize size = self->shape[0];
  memcpy (out, priv->x + index * size, size * sizeof (float));
  return TRUE;
}

static void
csv_finalize (SlDataset *self)
{
  CsvDataset *priv = self->priv;
  if (!priv)
    return;
  g_free (priv->x);
  g_free (priv);
  self->priv = NULL;
}

static const SlDatasetClass csv_class = {
  .kind = "csv",
  .get_sample = csv_get_sample,
  .finalize = csv_finalize,
};

/* Copies field [start, end) without surrounding blanks or one pair of double quotes into buf;
 * FALSE when too long. */
static gboolean
field_text (const char *start, const char *end, char buf[MAX_FIELD + 1])
{
  while (start < end && g_ascii_isspace (*start))
    start++;
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  if (end - start >= 2 && *start == '"' && end[-1] == '"')
    {
      start++;
      end--;
    }
  if (end - start > MAX_FIELD)
    return FALSE;
  memcpy (buf, start, end - start);
  buf[end - start] = '\0';
  return TRUE;
}

/* Parses a whole field as a number; FALSE when it is not one (empty, trailing junk, too long). */
static gboolean
parse_number (const char *start, const char *end, double *value, char buf[MAX_FIELD + 1])
{
  if (!field_text (start, end, buf) || !*buf)
    return FALSE;
  char *stop = NULL;
  *value = g_ascii_strtod (buf, &stop);
  return stop != buf && *stop == '\0';
}

/* Splits [line, end) at `sep` into a list of field boundaries (start, end pairs). */
static void
split_fields (const char *line, const char *end, char sep, GArray *bounds)
{
  g_array_set_size (bounds, 0);
  const char *start = line;
  for (const char *p = line;; p++)
    if (p == end || *p == sep)
      {
        g_array_append_val (bounds, start);
        g_array_append_val (bounds, p);
        if (p == end)
          break;
        start = p + 1;
      }
}

static char
guess_separator (const char *line, const char *end)
{
  static const char candidates[] = { ',', '\t', ';' };
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (memchr (line, candidates[i], end - line))
      return candidates[i];
  return ',';
}

static gboolean
is_blank (const char *line, const char *end)
{
  for (const char *p = line; p < end; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/* Shortens a field for an error message. */
static char *
show_field (const char *start, const char *end)
{
  const gsize n = MIN ((gsize) (end - start), 40);
  g_autofree char *raw = g_strndup (start, n);
  g_autofree char *valid = g_utf8_make_valid (raw, -1);
  return g_strdup_printf ("'%s%s'", g_strstrip (valid), (gsize) (end - start) > n ? "…" : "");
}

static SlDataset *
parse (const char *path, const char *text, gsize length, GError **error)
{
  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0) /* a UTF-8 byte-order mark */
    {
      text += 3;
      length -= 3;
    }
  const char *const stop = text + length;
  g_autoptr (GArray) bounds = g_array_new (FALSE, FALSE, sizeof (const char *));
  g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr (GArray) labels = g_array_new (FALSE, FALSE, sizeof (gint));
  char buf[MAX_FIELD + 1];
  char sep = 0;
  gsize n_columns = 0, columns_line = 0;
  gboolean first = TRUE;
  gint max_label = -1;
  gsize line_no = 0; /* 1-based, for error messages */

  for (const char *line = text; line < stop;)
    {
      /* A line ends at LF, CRLF or a lone CR (classic Mac OS files). */
      const char *nl = line;
      while (nl < stop && *nl != '\n' && *nl != '\r')
        nl++;
      const char *end = nl;
      const char *next = nl == stop ? stop : nl + 1;
      if (nl < stop && *nl == '\r' && next < stop && *next == '\n')
        next++;
      line_no++;
      if (is_blank (line, end))
        {
          line = next;
          continue;
        }
      if (!sep)
        sep = guess_separator (line, end);
      split_fields (line, end, sep, bounds);
      const gsize n_fields = bounds->len / 2;
      const char **b = (const char **) bounds->data;

      double label;
      const gboolean label_ok = parse_number (b[0], b[1], &label, buf);
      if (first && !label_ok)
        {
          first = FALSE; /* a header row */
          line = next;
          continue;
        }
      first = FALSE;

      if (!n_columns)
        {
          if (n_fields < 2)
            {
              g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                           "%s: line %" G_GSIZE_FORMAT ": a row needs a label and at least one "
                           "value, separated by commas", path, line_no);
              return NULL;
            }
          if (n_fields - 1 > MAX_COLUMNS)
            {
              g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                           "%s: line %" G_GSIZE_FORMAT ": %" G_GSIZE_FORMAT " columns are too many",
                           path, line_no, n_fields);
              return NULL;
            }
          n_columns = n_fields;
          columns_line = line_no;
        }
      else if (n_fields != n_columns)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                       "%s: line %" G_GSIZE_FORMAT " has %" G_GSIZE_FORMAT " columns, but line %"
                       G_GSIZE_FORMAT " has %" G_GSIZE_FORMAT " (truncated or damaged file?)",
                       path, line_no, n_fields, columns_line, n_columns);
          return NULL;
        }
      if (values->len + (n_columns - 1) > MAX_VALUES)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                       "%s: line %" G_GSIZE_FORMAT ": the file holds too many values to load "
                       "(over %" G_GSIZE_FORMAT ")", path, line_no, MAX_VALUES);
          return NULL;
        }

      if (!label_ok || !(label >= 0 && label < MAX_CLASSES) || label != floor (label))
        {
          g_autofree char *shown = show_field (b[0], b[1]);
          g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                       "%s: line %" G_GSIZE_FORMAT ", column 1: the label %s is not a class number "
                       "(a whole number from 0 to %d)", path, line_no, shown, MAX_CLASSES - 1);
          return NULL;
        }
      const gint l = (gint) label;
      g_array_append_val (labels, l);
      max_label = MAX (max_label, l);

      for (gsize c = 1; c < n_fields; c++)
        {
          double v;
          const char *fs = b[2 * c], *fe = b[2 * c + 1];
          if (!parse_number (fs, fe, &v, buf))
            {
              g_autofree char *shown = show_field (fs, fe);
              g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                           "%s: line %" G_GSIZE_FORMAT ", column %" G_GSIZE_FORMAT ": %s%s", path,
                           line_no, c + 1, is_blank (fs, fe) ? "the field is empty" : shown,
                           is_blank (fs, fe) ? "" : " is not a number");
              return NULL;
            }
          if (!isfinite (v) || fabs (v) > FLT_MAX)
            {
              g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                           "%s: line %" G_GSIZE_FORMAT ", column %" G_GSIZE_FORMAT
                           ": '%s' is not a "
                           "finite number (or too large for float32)",
                           path, line_no, c + 1, buf);
              return NULL;
            }
          const float f = (float) v;
          g_array_append_val (values, f);
        }
      line = next;
    }

  if (labels->len == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: the file holds no samples%s", path,
                   length == 0 ? " (it is empty)" : "");
      return NULL;
    }

  g_autofree char *base = g_path_get_basename (path);
  g_autoptr (SlDataset) self = sl_dataset_new_base (&csv_class, base);
  self->n_samples = labels->len;
  self->rank = 2;
  self->shape[0] = n_columns - 1;
  self->shape[1] = 1;
  self->n_classes = (guint) max_label + 1;
  self->class_names = g_new0 (char *, self->n_classes + 1);
  for (guint c = 0; c < self->n_classes; c++)
    self->class_names[c] = g_strdup_printf ("%u", c);
  self->labels = (gint *) g_array_free (g_steal_pointer (&labels), FALSE);
  CsvDataset *priv = g_new0 (CsvDataset, 1);
  priv->x = (float *) g_array_free (g_steal_pointer (&values), FALSE);
  self->priv = priv;
  return g_steal_pointer (&self);
}

SlDataset *
sl_dataset_csv_open (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  if (!sl_file_get_contents (path, MAX_FILE_BYTES, &text, &length, error))
    return NULL;
  if (memchr (text, '\0', length))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: not a text (CSV) file", path);
      return NULL;
    }
  return parse (path, text, length, error);
}
