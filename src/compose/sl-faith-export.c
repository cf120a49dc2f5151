/* sl-faith-export.c — faithfulness tables as JSON and CSV. */
#include "compose/sl-faith-export.h"

#include "core/sl-atomic.h"
#include "core/sl-error.h"

#include <math.h>

/* The samples a table's numbers are over. */
static gsize
samples_done (const SlFaithTable *t)
{
  return t->partial ? t->n_done : t->n_samples;
}

JsonNode *
sl_faith_table_to_json (const SlFaithTable *t)
{
  g_return_val_if_fail (t != NULL, NULL);
  const gsize n = samples_done (t);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "frac");
  json_builder_add_double_value (b, t->frac);
  json_builder_set_member_name (b, "samples");
  json_builder_add_int_value (b, (gint64)n);
  json_builder_set_member_name (b, "seconds");
  json_builder_add_double_value (b, t->seconds);
  if (t->partial)
    {
      json_builder_set_member_name (b, "partial");
      json_builder_add_boolean_value (b, TRUE);
    }
  json_builder_set_member_name (b, "rows");
  json_builder_begin_array (b);
  for (guint m = 0; m < t->n_methods; m++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "method");
      json_builder_add_string_value (b, t->methods[m]);
      json_builder_set_member_name (b, "drop_rate");
      json_builder_add_double_value (b, t->drop_rate[m]);
      json_builder_set_member_name (b, "increase_rate");
      json_builder_add_double_value (b, t->increase_rate[m]);
      if (!isnan (t->deletion_auc[m]))
        {
          json_builder_set_member_name (b, "deletion_auc");
          json_builder_add_double_value (b, t->deletion_auc[m]);
          json_builder_set_member_name (b, "insertion_auc");
          json_builder_add_double_value (b, t->insertion_auc[m]);
        }
      json_builder_set_member_name (b, "samples");
      json_builder_add_int_value (b, (gint64)n);
      json_builder_set_member_name (b, "drop");
      json_builder_begin_array (b);
      for (gsize s = 0; s < n; s++)
        json_builder_add_double_value (b, t->drop[m * t->n_samples + s]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "increase");
      json_builder_begin_array (b);
      for (gsize s = 0; s < n; s++)
        json_builder_add_double_value (b, t->increase[m * t->n_samples + s]);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

char *
sl_faith_table_to_json_text (const SlFaithTable *t)
{
  g_autoptr (JsonNode) node = sl_faith_table_to_json (t);
  return json_to_string (node, TRUE);
}

/* A number for CSV: shortest exact form, empty for NaN. */
static void
append_number (GString *s, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append_c (s, ',');
  if (!isnan (v))
    g_string_append (s, g_ascii_dtostr (buf, sizeof buf, v));
}

char *
sl_faith_table_to_csv (const SlFaithTable *t)
{
  g_return_val_if_fail (t != NULL, NULL);
  const gsize n = samples_done (t);
  GString *s = g_string_new ("method,drop_rate,increase_rate,deletion_auc,insertion_auc,samples,"
                             "seconds_per_sample\n");
  for (guint m = 0; m < t->n_methods; m++)
    {
      double seconds = 0;
      for (gsize i = 0; i < n; i++)
        seconds += t->sample_seconds[m * t->n_samples + i];
      /* Method names hold no commas or quotes ("gradcam++ (prob)"). */
      g_string_append (s, t->methods[m]);
      append_number (s, t->drop_rate[m]);
      append_number (s, t->increase_rate[m]);
      append_number (s, t->deletion_auc[m]);
      append_number (s, t->insertion_auc[m]);
      g_string_append_printf (s, ",%" G_GSIZE_FORMAT, n);
      append_number (s, n ? seconds / (double)n : NAN);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

static gboolean
write_text (const char *tmp_path, gpointer data, GError **error)
{
  return g_file_set_contents (tmp_path, data, -1, error);
}

gboolean
sl_faith_table_save (const SlFaithTable *t, const char *path, GError **error)
{
  g_return_val_if_fail (t != NULL && path != NULL, FALSE);
  g_autofree char *lower = g_ascii_strdown (path, -1);
  g_autofree char *text = NULL;
  if (g_str_has_suffix (lower, ".csv"))
    text = sl_faith_table_to_csv (t);
  else if (g_str_has_suffix (lower, ".json"))
    text = sl_faith_table_to_json_text (t);
  else
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "%s: a faithfulness table is saved as .csv or .json", path);
      return FALSE;
    }
  return sl_atomic_write (path, write_text, text, error);
}
