/* The report as JSON, for the GUI, the CLI's --json and other programs. */
#include "sl-report.h"

#include <math.h>

/* JSON has neither NaN nor infinities: they become null. */
static void
add_double (JsonBuilder *b, double value)
{
  if (isfinite (value))
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
member_double (JsonBuilder *b, const char *name, double value)
{
  json_builder_set_member_name (b, name);
  add_double (b, value);
}

static void
member_int (JsonBuilder *b, const char *name, gint64 value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

/* values[first], values[first + step], … n of them; step may be −1 to read backwards. */
static void
member_doubles (JsonBuilder *b, const char *name, const double *values, gsize n, gssize first,
                gssize step)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (gsize i = 0; i < n; i++)
    add_double (b, values[first + (gssize) i * step]);
  json_builder_end_array (b);
}

static void
add_average (JsonBuilder *b, const char *name, const SlReportAverage *avg)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  member_double (b, "precision", avg->precision);
  member_double (b, "recall", avg->recall);
  member_double (b, "f1", avg->f1);
  member_int (b, "support", (gint64) avg->support);
  json_builder_end_object (b);
}

static void
add_per_class (JsonBuilder *b, const SlReport *self)
{
  json_builder_set_member_name (b, "per_class");
  json_builder_begin_array (b);
  for (guint k = 0; k < self->n_classes; k++)
    {
      const SlClassScores *c = &self->per_class[k];
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, self->class_names[k]);
      member_double (b, "accuracy", c->recall);
      member_double (b, "precision", c->precision);
      member_double (b, "recall", c->recall);
      member_double (b, "f1", c->f1);
      member_int (b, "support", (gint64) c->support);
      member_int (b, "predicted", (gint64) c->predicted);
      member_double (b, "auc", c->auc);
      member_double (b, "ap", c->ap);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_confusion (JsonBuilder *b, const SlReport *self)
{
  const guint K = self->n_classes;
  json_builder_set_member_name (b, "confusion");
  json_builder_begin_array (b);
  for (guint t = 0; t < K; t++)
    {
      json_builder_begin_array (b);
      for (guint p = 0; p < K; p++)
        json_builder_add_int_value (b, (gint64) self->confusion[(gsize) t * K + p]);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "confusion_normalized");
  json_builder_begin_array (b);
  for (guint t = 0; t < K; t++)
    {
      json_builder_begin_array (b);
      for (guint p = 0; p < K; p++)
        add_double (b, self->confusion_normalized[(gsize) t * K + p]);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
}

/* roc as sklearn.metrics.roc_curve; pr as precision_recall_curve (recall decreasing, thresholds
 * increasing and one fewer than the points). */
static void
add_curves (JsonBuilder *b, const SlReport *self)
{
  json_builder_set_member_name (b, "roc");
  json_builder_begin_array (b);
  for (guint k = 0; k < self->n_classes; k++)
    {
      const SlCurve *c = &self->per_class[k].curve;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, self->class_names[k]);
      member_doubles (b, "fpr", c->fpr, c->n_points, 0, 1);
      member_doubles (b, "tpr", c->tpr, c->n_points, 0, 1);
      member_doubles (b, "thresholds", c->thresholds, c->n_points, 0, 1);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "pr");
  json_builder_begin_array (b);
  for (guint k = 0; k < self->n_classes; k++)
    {
      const SlCurve *c = &self->per_class[k].curve;
      const gssize last = (gssize) c->n_points - 1;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, self->class_names[k]);
      member_doubles (b, "precision", c->precision, c->n_points, last, -1);
      member_doubles (b, "recall", c->recall, c->n_points, last, -1);
      member_doubles (b, "thresholds", c->thresholds, c->n_points - 1, last, -1);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_most_confused (JsonBuilder *b, const SlReport *self)
{
  json_builder_set_member_name (b, "most_confused");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->n_most_confused; i++)
    {
      const SlConfusedPair *p = &self->most_confused[i];
      json_builder_begin_object (b);
      member_int (b, "true", p->true_class);
      member_int (b, "predicted", p->predicted_class);
      member_int (b, "count", (gint64) p->count);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_samples (JsonBuilder *b, const char *name, const SlReportSample *samples, guint n)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      json_builder_begin_object (b);
      member_int (b, "index", (gint64) samples[i].index);
      member_int (b, "true", samples[i].true_class);
      member_int (b, "predicted", samples[i].predicted_class);
      member_double (b, "confidence", samples[i].confidence);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

JsonNode *
sl_report_to_json (const SlReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  member_double (b, "accuracy", self->accuracy);
  member_int (b, "n_samples", (gint64) self->n_samples);

  json_builder_set_member_name (b, "classes");
  json_builder_begin_array (b);
  for (guint k = 0; k < self->n_classes; k++)
    json_builder_add_string_value (b, self->class_names[k]);
  json_builder_end_array (b);

  add_per_class (b, self);
  add_average (b, "macro_avg", &self->macro_avg);
  add_average (b, "weighted_avg", &self->weighted_avg);
  add_confusion (b, self);
  add_curves (b, self);
  add_most_confused (b, self);
  add_samples (b, "least_confident_correct", self->least_confident_correct,
               self->n_least_confident_correct);
  add_samples (b, "most_confident_wrong", self->most_confident_wrong,
               self->n_most_confident_wrong);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
