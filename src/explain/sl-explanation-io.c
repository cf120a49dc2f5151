/* Explanations to and from HDF5, and to CSV. */
#include "explain/sl-explanation-io.h"

#include "core/sl-error.h"
#include "core/sl-h5.h"

#include <string.h>

static gboolean
write_map (hid_t f, const char *name, const SlShape *shape, const float *data, GError **error)
{
  hsize_t dims[2] = { shape->d[0], shape->d[1] };
  return sl_h5_write_floats (f, name, shape->rank, dims, data, error);
}

typedef struct
{
  const SlExplanation *expl;
  const char *path;
} H5File;

static gboolean
fill_h5 (hid_t f, gpointer data, GError **error)
{
  const SlExplanation *expl = ((const H5File *) data)->expl;
  g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, expl->seed);
  gboolean ok = write_map (f, "map", &expl->map_shape, expl->map, error)
                && write_map (f, "map_input", &expl->input_shape, expl->map_input, error)
                && sl_h5_write_string_attr (f, "method", expl->method, error)
                && sl_h5_write_double_attr (f, "target", expl->target, error)
                && sl_h5_write_double_attr (f, "predicted", expl->predicted, error)
                && sl_h5_write_string_attr (f, "score", sl_score_name (expl->score), error)
                && sl_h5_write_double_attr (f, "score_value", expl->score_value, error)
                && sl_h5_write_double_attr (f, "probability", expl->probability, error)
                && sl_h5_write_double_attr (f, "layer", expl->layer, error)
                && sl_h5_write_string_attr (f, "layer_name",
                                            expl->layer_name ? expl->layer_name : "", error)
                && sl_h5_write_string_attr (f, "seed", seed, error)
                && sl_h5_write_double_attr (f, "seconds", expl->seconds, error);
  const SlParamSpec *specs = expl->params ? sl_params_specs (expl->params) : NULL;
  for (guint i = 0; ok && expl->params && i < sl_params_n_specs (expl->params); i++)
    {
      g_autofree char *name = g_strconcat ("param.", specs[i].name, NULL);
      g_autofree char *value = sl_params_value_text (expl->params, specs[i].name);
      ok = sl_h5_write_string_attr (f, name, value, error);
    }
  if (!ok)
    g_prefix_error (error, "%s: ", ((const H5File *) data)->path);
  return ok;
}

gboolean
sl_explanation_write_h5 (const SlExplanation *expl, const char *path, GError **error)
{
  /* Atomic, as every output file: an interrupted write leaves any old file as it was. */
  H5File file = { expl, path };
  return sl_h5_write_file (path, fill_h5, &file, error);
}

static gboolean
read_double_attr (hid_t f, const char *name, double *value, const char *path, GError **error)
{
  hid_t attr = H5Aexists (f, name) > 0 ? H5Aopen (f, name, H5P_DEFAULT) : H5I_INVALID_HID;
  gboolean ok = attr >= 0 && H5Aread (attr, H5T_NATIVE_DOUBLE, value) >= 0;
  if (attr >= 0)
    H5Aclose (attr);
  if (!ok)
    g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: no number attribute '%s'", path, name);
  return ok;
}

static float *
read_map (hid_t f, const char *name, SlShape *shape, const char *path, GError **error)
{
  guint rank;
  hsize_t dims[SL_H5_MAX_RANK];
  g_autofree float *data = sl_h5_read_floats (f, name, path, &rank, dims, error);
  if (!data)
    return NULL;
  if (rank < 1 || rank > 2)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: '%s' is not a 1-D or 2-D map", path,
                   name);
      return NULL;
    }
  *shape = (SlShape){ rank, { dims[0], rank > 1 ? dims[1] : 0, 0 } };
  return g_steal_pointer (&data);
}

SlExplanation *
sl_explanation_read_h5 (const char *path, GError **error)
{
  hid_t f = sl_h5_open_read (path, error);
  if (f < 0)
    return NULL;
  g_autoptr (SlExplanation) e = g_new0 (SlExplanation, 1);
  double target = 0, predicted = 0, layer = -1;
  g_autofree char *score = NULL, *seed = NULL;
  gboolean ok = (e->map = read_map (f, "map", &e->map_shape, path, error))
                && (e->map_input = read_map (f, "map_input", &e->input_shape, path, error))
                && (e->method = sl_h5_read_string_attr (f, "method", path, error))
                && (score = sl_h5_read_string_attr (f, "score", path, error))
                && (seed = sl_h5_read_string_attr (f, "seed", path, error))
                && read_double_attr (f, "target", &target, path, error)
                && read_double_attr (f, "predicted", &predicted, path, error)
                && read_double_attr (f, "score_value", &e->score_value, path, error)
                && read_double_attr (f, "probability", &e->probability, path, error)
                && read_double_attr (f, "layer", &layer, path, error)
                && read_double_attr (f, "seconds", &e->seconds, path, error);
  if (ok)
    {
      e->target = (guint) target;
      e->predicted = (guint) predicted;
      e->layer = (int) layer;
      e->seed = g_ascii_strtoull (seed, NULL, 10);
      if (!sl_score_parse (score, &e->score))
        e->score = SL_SCORE_LOGIT;
      g_autofree char *layer_name = sl_h5_read_string_attr (f, "layer_name", path, NULL);
      e->layer_name = layer_name && *layer_name ? g_steal_pointer (&layer_name) : NULL;
      const SlMethod *method = sl_method_lookup (e->method);
      if (method)
        {
          e->params = sl_method_new_params (method);
          for (guint i = 0; i < method->n_params; i++)
            {
              g_autofree char *name = g_strconcat ("param.", method->params[i].name, NULL);
              g_autofree char *value = sl_h5_read_string_attr (f, name, path, NULL);
              if (value)
                sl_params_set (e->params, method->params[i].name, value, NULL);
            }
        }
    }
  sl_h5_close (f);
  return ok ? g_steal_pointer (&e) : NULL;
}

gboolean
sl_explanation_write_csv (const SlExplanation *expl, const char *path, gboolean input_resolution,
                          GError **error)
{
  const SlShape *shape = input_resolution ? &expl->input_shape : &expl->map_shape;
  const float *data = input_resolution ? expl->map_input : expl->map;
  GString *s = g_string_new (NULL);
  g_autofree char *params = expl->params ? sl_params_to_string (expl->params) : g_strdup ("");
  g_string_append_printf (s, "# method=%s target=%u predicted=%u score=%s score_value=%.9g\n",
                          expl->method, expl->target, expl->predicted, sl_score_name (expl->score),
                          expl->score_value);
  g_string_append_printf (s, "# layer=%s seed=%" G_GUINT64_FORMAT " resolution=%s\n",
                          expl->layer_name ? expl->layer_name : "-", expl->seed,
                          input_resolution ? "input" : "method");
  g_string_append_printf (s, "# params: %s\n", params);
  const gsize rows = shape->d[0];
  const gsize cols = shape->rank == 2 ? shape->d[1] : 1;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  for (gsize r = 0; r < rows; r++)
    {
      for (gsize c = 0; c < cols; c++)
        g_string_append_printf (s, "%s%s", c ? "," : "",
                                g_ascii_formatd (buf, sizeof buf, "%.9g", data[r * cols + c]));
      g_string_append_c (s, '\n');
    }
  g_autoptr (GError) local = NULL;
  const gboolean ok = g_file_set_contents (path, s->str, (gssize) s->len, &local);
  g_string_free (s, TRUE);
  if (!ok)
    g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s", local->message);
  return ok;
}
