/* The method registry: a fixed table of the methods each implementation file defines. */
#include "explain/sl-method.h"

#include "core/sl-error.h"
#include "explain/sl-explain-private.h"

#include <string.h>

static const SlMethod *const methods[] = {
  &sl_method_gradcam,
  &sl_method_gradcampp,
  &sl_method_ablation_cam,
  &sl_method_score_cam,
  &sl_method_layer_cam,
  &sl_method_xgrad_cam,
  &sl_method_hires_cam,
  &sl_method_eigen_cam,
  &sl_method_eigen_gradcam,
  &sl_method_lime,
  &sl_method_kernel_shap,
  &sl_method_gradient_shap,
  &sl_method_integrated_gradients,
  &sl_method_saliency,
  &sl_method_gradient_x_input,
  &sl_method_guided_backprop,
  &sl_method_guided_gradcam,
  &sl_method_smoothgrad,
  &sl_method_occlusion,
  &sl_method_rise,
  &sl_method_sise,
};

const SlMethod *const *
sl_method_list (guint *n)
{
  if (n)
    *n = G_N_ELEMENTS (methods);
  return methods;
}

const SlMethod *
sl_method_lookup (const char *name)
{
  if (!name)
    return NULL;
  g_autofree char *key = g_ascii_strdown (name, -1);
  g_strdelimit (key, "_", '-');
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    if (!strcmp (methods[i]->name, key))
      return methods[i];
  return NULL;
}

const SlMethod *
sl_method_find (const char *name, GError **error)
{
  const SlMethod *m = sl_method_lookup (name);
  if (m)
    return m;
  GString *known = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    g_string_append_printf (known, "%s%s", i ? ", " : "", methods[i]->name);
  g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "unknown method '%s' (known: %s)",
               name ? name : "(none)", known->str);
  g_string_free (known, TRUE);
  return NULL;
}

SlParams *
sl_method_new_params (const SlMethod *method)
{
  return sl_params_new (method->params, method->n_params);
}

char *
sl_method_help (const SlMethod *method)
{
  GString *s = g_string_new (NULL);
  g_string_append_printf (s, "%s (%s)\n  %s\n", method->name, method->display_name,
                          method->description);
  g_string_append_printf (s, "  score: %s by default", sl_score_name (method->default_score));
  if (method->flags & SL_METHOD_USES_LAYER)
    g_string_append (s, "; uses a layer (default: the last convolution)");
  if (method->flags & SL_METHOD_RANDOM)
    g_string_append (s, "; random (seeded)");
  g_string_append_c (s, '\n');
  for (guint i = 0; i < method->n_params; i++)
    {
      const SlParamSpec *p = &method->params[i];
      g_string_append_printf (s, "  %s=%s  (%s", p->name, p->default_value,
                              sl_param_type_name (p->type));
      if (p->type == SL_PARAM_INT || p->type == SL_PARAM_DOUBLE)
        g_string_append_printf (s, ", %g … %g", p->min, p->max);
      if (p->type == SL_PARAM_ENUM && p->choices)
        {
          g_autofree char *choices = g_strjoinv ("|", (char **) p->choices);
          g_string_append_printf (s, ": %s", choices);
        }
      g_string_append_printf (s, ")\n      %s\n", p->description);
    }
  return g_string_free (s, FALSE);
}
