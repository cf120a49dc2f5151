/* Typed method parameters: parsing "key=value" text against specs, and typed getters. */
#include "explain/sl-params.h"

#include "core/sl-error.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  gboolean set; /* differs from the default because the user set it */
  gint64 i;
  double d;
  gboolean b;
  char *s; /* enum and string values */
} Value;

struct _SlParams
{
  const SlParamSpec *specs;
  guint n;
  Value *values;
};

const char *
sl_param_type_name (SlParamType type)
{
  switch (type)
    {
    case SL_PARAM_INT:
      return "int";
    case SL_PARAM_DOUBLE:
      return "double";
    case SL_PARAM_BOOL:
      return "bool";
    case SL_PARAM_ENUM:
      return "enum";
    case SL_PARAM_STRING:
      return "string";
    }
  return "?";
}

static int
spec_index (const SlParams *params, const char *name)
{
  for (guint i = 0; i < params->n; i++)
    if (!g_strcmp0 (params->specs[i].name, name))
      return (int) i;
  return -1;
}

static gboolean
parse_bool (const char *text, gboolean *out)
{
  static const char *const yes[] = { "true", "yes", "on", "1" };
  static const char *const no[] = { "false", "no", "off", "0" };
  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      if (!g_ascii_strcasecmp (text, yes[i]))
        return *out = TRUE, TRUE;
      if (!g_ascii_strcasecmp (text, no[i]))
        return *out = FALSE, TRUE;
    }
  return FALSE;
}

/* Parses `text` for `spec` into `v` (leaving v untouched on failure). */
static gboolean
parse_value (const SlParamSpec *spec, const char *text, Value *v, GError **error)
{
  char *end = NULL;
  switch (spec->type)
    {
    case SL_PARAM_INT:
      {
        errno = 0;
        const gint64 i = g_ascii_strtoll (text, &end, 10);
        if (errno || end == text || *end)
          goto bad;
        if ((double) i < spec->min || (double) i > spec->max)
          goto range;
        v->i = i;
        return TRUE;
      }
    case SL_PARAM_DOUBLE:
      {
        errno = 0;
        const double d = g_ascii_strtod (text, &end);
        if (errno || end == text || *end || !isfinite (d))
          goto bad;
        if (d < spec->min || d > spec->max)
          goto range;
        v->d = d;
        return TRUE;
      }
    case SL_PARAM_BOOL:
      if (!parse_bool (text, &v->b))
        goto bad;
      return TRUE;
    case SL_PARAM_ENUM:
      if (!spec->choices || !g_strv_contains (spec->choices, text))
        {
          g_autofree char *choices
              = spec->choices ? g_strjoinv (", ", (char **) spec->choices) : g_strdup ("");
          g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                       "parameter '%s' must be one of: %s (not '%s')", spec->name, choices, text);
          return FALSE;
        }
      g_free (v->s);
      v->s = g_strdup (text);
      return TRUE;
    case SL_PARAM_STRING:
      g_free (v->s);
      v->s = g_strdup (text);
      return TRUE;
    }
bad:
  g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "parameter '%s' needs a %s value, not '%s'",
               spec->name, sl_param_type_name (spec->type), text);
  return FALSE;
range:
  g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "parameter '%s' must be in [%g, %g] (not %s)",
               spec->name, spec->min, spec->max, text);
  return FALSE;
}

static void
set_default (SlParams *params, guint i)
{
  g_autoptr (GError) error = NULL;
  Value *v = &params->values[i];
  v->set = FALSE;
  if (!parse_value (&params->specs[i], params->specs[i].default_value, v, &error))
    g_critical ("bad default of parameter '%s': %s", params->specs[i].name, error->message);
}

SlParams *
sl_params_new (const SlParamSpec *specs, guint n_specs)
{
  SlParams *params = g_new0 (SlParams, 1);
  params->specs = specs;
  params->n = n_specs;
  params->values = g_new0 (Value, MAX (n_specs, 1));
  for (guint i = 0; i < n_specs; i++)
    set_default (params, i);
  return params;
}

SlParams *
sl_params_copy (const SlParams *params)
{
  SlParams *copy = g_new0 (SlParams, 1);
  copy->specs = params->specs;
  copy->n = params->n;
  copy->values = g_new0 (Value, MAX (params->n, 1));
  for (guint i = 0; i < params->n; i++)
    {
      copy->values[i] = params->values[i];
      copy->values[i].s = g_strdup (params->values[i].s);
    }
  return copy;
}

void
sl_params_free (SlParams *params)
{
  if (!params)
    return;
  for (guint i = 0; i < params->n; i++)
    g_free (params->values[i].s);
  g_free (params->values);
  g_free (params);
}

guint
sl_params_n_specs (const SlParams *params)
{
  return params->n;
}

const SlParamSpec *
sl_params_specs (const SlParams *params)
{
  return params->specs;
}

const SlParamSpec *
sl_params_find_spec (const SlParams *params, const char *name)
{
  const int i = spec_index (params, name);
  return i < 0 ? NULL : &params->specs[i];
}

gboolean
sl_params_set (SlParams *params, const char *name, const char *value, GError **error)
{
  const int i = spec_index (params, name);
  if (i < 0)
    {
      GString *known = g_string_new (NULL);
      for (guint j = 0; j < params->n; j++)
        g_string_append_printf (known, "%s%s", j ? ", " : "", params->specs[j].name);
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "unknown parameter '%s' (known: %s)", name,
                   params->n ? known->str : "none");
      g_string_free (known, TRUE);
      return FALSE;
    }
  if (!parse_value (&params->specs[i], value, &params->values[i], error))
    return FALSE;
  params->values[i].set = TRUE;
  return TRUE;
}

gboolean
sl_params_parse_one (SlParams *params, const char *assignment, GError **error)
{
  const char *eq = strchr (assignment, '=');
  if (!eq || eq == assignment)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "expected key=value, not '%s'", assignment);
      return FALSE;
    }
  g_autofree char *key = g_strstrip (g_strndup (assignment, (gsize) (eq - assignment)));
  g_autofree char *value = g_strstrip (g_strdup (eq + 1));
  return sl_params_set (params, key, value, error);
}

gboolean
sl_params_parse (SlParams *params, const char *const *assignments, GError **error)
{
  for (guint i = 0; assignments && assignments[i]; i++)
    if (!sl_params_parse_one (params, assignments[i], error))
      return FALSE;
  return TRUE;
}

void
sl_params_reset (SlParams *params, const char *name)
{
  const int i = spec_index (params, name);
  g_return_if_fail (i >= 0);
  set_default (params, (guint) i);
}

gboolean
sl_params_is_set (const SlParams *params, const char *name)
{
  const int i = spec_index (params, name);
  return i >= 0 && params->values[i].set;
}

static const Value *
lookup (const SlParams *params, const char *name, SlParamType type)
{
  const int i = spec_index (params, name);
  if (i < 0)
    g_error ("no parameter '%s'", name);
  const SlParamType t = params->specs[i].type;
  if (t != type && !(type == SL_PARAM_STRING && t == SL_PARAM_ENUM))
    g_error ("parameter '%s' is a %s, not a %s", name, sl_param_type_name (t),
             sl_param_type_name (type));
  return &params->values[i];
}

gint64
sl_params_get_int (const SlParams *params, const char *name)
{
  return lookup (params, name, SL_PARAM_INT)->i;
}

double
sl_params_get_double (const SlParams *params, const char *name)
{
  return lookup (params, name, SL_PARAM_DOUBLE)->d;
}

gboolean
sl_params_get_bool (const SlParams *params, const char *name)
{
  return lookup (params, name, SL_PARAM_BOOL)->b;
}

const char *
sl_params_get_string (const SlParams *params, const char *name)
{
  return lookup (params, name, SL_PARAM_STRING)->s;
}

char *
sl_params_value_text (const SlParams *params, const char *name)
{
  const int i = spec_index (params, name);
  g_return_val_if_fail (i >= 0, NULL);
  const Value *v = &params->values[i];
  switch (params->specs[i].type)
    {
    case SL_PARAM_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, v->i);
    case SL_PARAM_DOUBLE:
      {
        /* The shortest text that reads back as the same double: "0.15", not "0.14999999999999999".
         */
        char buf[G_ASCII_DTOSTR_BUF_SIZE], format[8];
        for (int precision = 1; precision <= 17; precision++)
          {
            g_snprintf (format, sizeof format, "%%.%dg", precision);
            g_ascii_formatd (buf, sizeof buf, format, v->d);
            if (g_ascii_strtod (buf, NULL) == v->d)
              break;
          }
        return g_strdup (buf);
      }
    case SL_PARAM_BOOL:
      return g_strdup (v->b ? "true" : "false");
    case SL_PARAM_ENUM:
    case SL_PARAM_STRING:
      return g_strdup (v->s ? v->s : "");
    }
  return NULL;
}

char *
sl_params_to_string (const SlParams *params)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < params->n; i++)
    {
      g_autofree char *value = sl_params_value_text (params, params->specs[i].name);
      g_string_append_printf (s, "%s%s=%s", i ? " " : "", params->specs[i].name, value);
    }
  return g_string_free (s, FALSE);
}
