/* The report as text: sklearn's classification_report table, then what sklearn prints elsewhere. */
#include "sl-report.h"

#include <math.h>
#include <string.h>

#define MAX_DIGITS 15
/* Longer class names make confusion-matrix columns too wide; those columns use indices. */
#define MAX_COLUMN_NAME 12

/* Width in characters (code points, as Python's str.format counts them). */
static gsize
text_width (const char *text)
{
  return (gsize) g_utf8_strlen (text, -1);
}

static void
append_right (GString *out, const char *text, gsize width)
{
  const gsize len = text_width (text);
  for (gsize i = len; i < width; i++)
    g_string_append_c (out, ' ');
  g_string_append (out, text);
}

static void
append_value (GString *out, double value, guint digits)
{
  if (isnan (value))
    g_string_append_printf (out, " %9s", "undefined");
  else
    g_string_append_printf (out, " %9.*f", (int) digits, value);
}

static void
append_row (GString *out, const char *name, gsize width, double precision, double recall,
            double f1, gsize support, guint digits)
{
  append_right (out, name, width);
  g_string_append_c (out, ' ');
  append_value (out, precision, digits);
  append_value (out, recall, digits);
  append_value (out, f1, digits);
  g_string_append_printf (out, " %9" G_GSIZE_FORMAT "\n", support);
}

/* Mirrors sklearn.metrics.classification_report character for character. */
static void
append_sklearn_table (GString *out, const SlReport *self, gsize width, guint digits)
{
  append_right (out, "", width);
  g_string_append_printf (out, "  %9s %9s %9s %9s\n\n", "precision", "recall", "f1-score",
                          "support");
  for (guint k = 0; k < self->n_classes; k++)
    {
      const SlClassScores *c = &self->per_class[k];
      append_row (out, self->class_names[k], width, c->precision, c->recall, c->f1, c->support,
                  digits);
    }
  g_string_append_c (out, '\n');

  append_right (out, "accuracy", width);
  g_string_append_printf (out, "  %9s %9s", "", "");
  append_value (out, self->accuracy, digits);
  g_string_append_printf (out, " %9" G_GSIZE_FORMAT "\n", self->n_samples);

  const SlReportAverage *m = &self->macro_avg, *w = &self->weighted_avg;
  append_row (out, "macro avg", width, m->precision, m->recall, m->f1, m->support, digits);
  append_row (out, "weighted avg", width, w->precision, w->recall, w->f1, w->support, digits);
}

static void
append_per_class (GString *out, const SlReport *self, gsize width, guint digits)
{
  g_string_append_c (out, '\n');
  append_right (out, "", width);
  g_string_append_printf (out, "  %9s %9s %9s\n\n", "accuracy", "auc", "ap");
  for (guint k = 0; k < self->n_classes; k++)
    {
      const SlClassScores *c = &self->per_class[k];
      append_right (out, self->class_names[k], width);
      g_string_append_c (out, ' ');
      append_value (out, c->recall, digits);
      append_value (out, c->auc, digits);
      append_value (out, c->ap, digits);
      g_string_append_c (out, '\n');
    }

  gboolean noted = FALSE;
  for (guint k = 0; k < self->n_classes; k++)
    {
      const SlClassScores *c = &self->per_class[k];
      const char *why = NULL;
      if (c->curve.n_positive == 0)
        why = "no sample has this true class, so its AUC is undefined and its AP is 0";
      else if (c->curve.n_negative == 0)
        why = "every sample has this true class, so its AUC is undefined";
      if (!why)
        continue;
      if (!noted)
        g_string_append_c (out, '\n');
      noted = TRUE;
      g_string_append_printf (out, "%s: %s.\n", self->class_names[k], why);
    }
}

static void
append_confusion (GString *out, const SlReport *self, gsize width)
{
  const guint K = self->n_classes;
  gboolean short_names = TRUE;
  gsize max_count = 0;
  for (guint k = 0; k < K; k++)
    short_names = short_names && text_width (self->class_names[k]) <= MAX_COLUMN_NAME;
  for (gsize i = 0; i < (gsize) K * K; i++)
    max_count = MAX (max_count, self->confusion[i]);

  g_auto (GStrv) labels = g_new0 (char *, K + 1);
  g_autofree char *biggest = g_strdup_printf ("%" G_GSIZE_FORMAT, max_count);
  gsize cw = strlen (biggest);
  for (guint k = 0; k < K; k++)
    {
      labels[k] = short_names ? g_strdup (self->class_names[k]) : g_strdup_printf ("%u", k);
      cw = MAX (cw, text_width (labels[k]));
    }

  g_string_append_printf (out, "\nconfusion matrix (rows: true class, columns: predicted class%s)"
                               "\n\n", short_names ? "" : " by index");
  append_right (out, "", width);
  for (guint p = 0; p < K; p++)
    {
      g_string_append_c (out, ' ');
      append_right (out, labels[p], cw);
    }
  g_string_append_c (out, '\n');
  for (guint t = 0; t < K; t++)
    {
      append_right (out, self->class_names[t], width);
      for (guint p = 0; p < K; p++)
        g_string_append_printf (out, " %*" G_GSIZE_FORMAT, (int) cw,
                                self->confusion[(gsize) t * K + p]);
      g_string_append_c (out, '\n');
    }
}

static void
append_lists (GString *out, const SlReport *self, guint digits)
{
  char *const *names = self->class_names;
  if (self->n_most_confused > 0)
    {
      g_string_append (out, "\nmost confused (true → predicted: samples)\n\n");
      for (guint i = 0; i < self->n_most_confused; i++)
        {
          const SlConfusedPair *p = &self->most_confused[i];
          g_string_append_printf (out, "  %s → %s: %" G_GSIZE_FORMAT "\n", names[p->true_class],
                                  names[p->predicted_class], p->count);
        }
    }

  const struct
  {
    const char *title;
    const SlReportSample *samples;
    guint n;
  } lists[] = {
    { "most confident wrong", self->most_confident_wrong, self->n_most_confident_wrong },
    { "least confident correct", self->least_confident_correct,
      self->n_least_confident_correct },
  };
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      if (lists[l].n == 0)
        continue;
      g_string_append_printf (out, "\n%s (sample: true → predicted, confidence)\n\n",
                              lists[l].title);
      for (guint i = 0; i < lists[l].n; i++)
        {
          const SlReportSample *s = &lists[l].samples[i];
          g_string_append_printf (out, "  %" G_GSIZE_FORMAT ": %s → %s, %.*f\n", s->index,
                                  names[s->true_class], names[s->predicted_class],
                                  (int) MAX (digits, 2u), s->confidence);
        }
    }
}

char *
sl_report_to_text_with_digits (const SlReport *self, guint digits)
{
  g_return_val_if_fail (self != NULL, NULL);
  digits = MIN (digits, MAX_DIGITS);

  /* sklearn: width = max(longest class name, len("weighted avg"), digits). */
  gsize width = MAX (strlen ("weighted avg"), (gsize) digits);
  for (guint k = 0; k < self->n_classes; k++)
    width = MAX (width, text_width (self->class_names[k]));

  GString *out = g_string_new (NULL);
  append_sklearn_table (out, self, width, digits);
  append_per_class (out, self, width, digits);
  append_confusion (out, self, width);
  append_lists (out, self, digits);
  return g_string_free (out, FALSE);
}

char *
sl_report_to_text (const SlReport *self)
{
  return sl_report_to_text_with_digits (self, 2);
}
