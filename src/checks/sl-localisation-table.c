/* Localisation tables: freeing, a text table, JSON. */
#include "checks/sl-localisation.h"

#include <math.h>

void
sl_localisation_table_free (SlLocalisationTable *table)
{
  if (!table)
    return;
  g_free (table->dataset);
  g_free (table->region);
  g_strfreev (table->methods);
  g_free (table->pointing);
  g_free (table->mass);
  g_free (table->rank);
  g_free (table->n_counted);
  g_free (table->method_seconds);
  g_free (table->indices);
  g_free (table->target);
  g_free (table->label);
  g_free (table->sample_pointing);
  g_free (table->sample_mass);
  g_free (table->sample_rank);
  g_free (table);
}

/* A percentage in a column of `width`, "-" when undefined. */
static void
append_percent (GString *s, int width, double v)
{
  if (isnan (v))
    g_string_append_printf (s, " %*s", width, "-");
  else
    g_string_append_printf (s, " %*.2f", width, 100 * v);
}

char *
sl_localisation_table_format (const SlLocalisationTable *t)
{
  GString *s = g_string_new (NULL);
  g_string_append_printf (s, "%-28s %10s %8s %8s %8s %9s\n", "method", "pointing %", "mass %",
                          "rank %", "samples", "seconds");
  for (guint m = 0; m < t->n_methods; m++)
    {
      g_string_append_printf (s, "%-28s", t->methods[m]);
      append_percent (s, 10, t->pointing[m]);
      append_percent (s, 8, t->mass[m]);
      append_percent (s, 8, t->rank[m]);
      g_string_append_printf (s, " %8" G_GSIZE_FORMAT " %9.2f\n", t->n_counted[m],
                              t->method_seconds[m]);
    }
  g_autofree char *within = t->tolerance > 0
                               ? g_strdup_printf (", pointing within %g positions", t->tolerance)
                               : g_strdup ("");
  g_string_append_printf (s, "(%s, region '%s'%s; %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT
                          " samples%s; %.1f s)\n",
                          t->dataset, t->region, within, t->n_done, t->n_samples,
                          t->partial ? ", cancelled" : "", t->seconds);
  return g_string_free (s, FALSE);
}

static void
add_number (JsonBuilder *b, double v)
{
  if (isfinite (v))
    json_builder_add_double_value (b, v);
  else
    json_builder_add_null_value (b);
}

static void
add_member (JsonBuilder *b, const char *name, double v)
{
  json_builder_set_member_name (b, name);
  add_number (b, v);
}

/* One sample's values of every method, from a [method × n_samples + sample] array. */
static void
add_per_method (JsonBuilder *b, const char *name, const SlLocalisationTable *t, const double *v,
                gsize sample)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint m = 0; m < t->n_methods; m++)
    add_number (b, v[m * t->n_samples + sample]);
  json_builder_end_array (b);
}

static void
add_per_sample (JsonBuilder *b, const SlLocalisationTable *t)
{
  json_builder_set_member_name (b, "per_sample");
  json_builder_begin_array (b);
  for (gsize s = 0; s < t->n_done; s++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "index");
      json_builder_add_int_value (b, (gint64) t->indices[s]);
      json_builder_set_member_name (b, "target");
      json_builder_add_int_value (b, t->target[s]);
      json_builder_set_member_name (b, "label");
      if (t->label[s] >= 0)
        json_builder_add_int_value (b, t->label[s]);
      else
        json_builder_add_null_value (b);
      add_per_method (b, "pointing", t, t->sample_pointing, s);
      add_per_method (b, "mass", t, t->sample_mass, s);
      add_per_method (b, "rank", t, t->sample_rank, s);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

JsonNode *
sl_localisation_table_to_json (const SlLocalisationTable *t, gboolean per_sample)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "dataset");
  json_builder_add_string_value (b, t->dataset);
  json_builder_set_member_name (b, "region");
  json_builder_add_string_value (b, t->region);
  json_builder_set_member_name (b, "tolerance");
  json_builder_add_double_value (b, t->tolerance);
  json_builder_set_member_name (b, "samples");
  json_builder_add_int_value (b, (gint64) t->n_done);
  add_member (b, "seconds", t->seconds);
  if (t->partial)
    {
      json_builder_set_member_name (b, "partial");
      json_builder_add_boolean_value (b, TRUE);
    }
  json_builder_set_member_name (b, "methods");
  json_builder_begin_array (b);
  for (guint m = 0; m < t->n_methods; m++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "method");
      json_builder_add_string_value (b, t->methods[m]);
      add_member (b, "pointing", t->pointing[m]);
      add_member (b, "mass", t->mass[m]);
      add_member (b, "rank", t->rank[m]);
      json_builder_set_member_name (b, "samples");
      json_builder_add_int_value (b, (gint64) t->n_counted[m]);
      add_member (b, "seconds", t->method_seconds[m]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  if (per_sample)
    add_per_sample (b, t);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
