/* sl-params.h — typed, validated method parameters: their specs (for forms and help) and values. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SL_PARAM_INT,
  SL_PARAM_DOUBLE,
  SL_PARAM_BOOL,
  SL_PARAM_ENUM,   /* one of `choices` */
  SL_PARAM_STRING, /* free text (e.g. a comma-separated list of layer names) */
} SlParamType;

/* One parameter of a method. Defaults are given as text, in the syntax sl_params_set accepts, so a
 * form shows them as they would be typed. */
typedef struct
{
  const char *name;
  SlParamType type;
  const char *default_value;
  double min, max;            /* inclusive bounds of int and double values */
  const char *const *choices; /* enum: NULL-terminated */
  const char *description;
} SlParamSpec;

const char *sl_param_type_name (SlParamType type);

/* A set of values for a list of specs; unset parameters read as their defaults. */
typedef struct _SlParams SlParams;

/* All values at their defaults. `specs` must outlive the set (methods' specs are static). */
SlParams          *sl_params_new        (const SlParamSpec *specs,
                                         guint              n_specs);
SlParams          *sl_params_copy       (const SlParams *params);
void               sl_params_free       (SlParams *params);

guint              sl_params_n_specs    (const SlParams *params);
const SlParamSpec *sl_params_specs      (const SlParams *params);
const SlParamSpec *sl_params_find_spec  (const SlParams *params,
                                         const char     *name);

/* Sets one value from text: ints and doubles in C syntax within [min, max], bools as
 * true/false/yes/no/1/0, enums as one of their choices. */
gboolean           sl_params_set        (SlParams   *params,
                                         const char *name,
                                         const char *value,
                                         GError    **error);
/* Sets "key=value". */
gboolean           sl_params_parse_one  (SlParams   *params,
                                         const char *assignment,
                                         GError    **error);
/* Sets each "key=value" of a NULL-terminated vector (NULL: none). */
gboolean           sl_params_parse      (SlParams          *params,
                                         const char *const *assignments,
                                         GError           **error);
/* Back to the default. */
void               sl_params_reset      (SlParams   *params,
                                         const char *name);
gboolean           sl_params_is_set     (const SlParams *params,
                                         const char     *name);

/* Getters; asking for an unknown name or the wrong type is a programming error. */
gint64             sl_params_get_int    (const SlParams *params,
                                         const char     *name);
double             sl_params_get_double (const SlParams *params,
                                         const char     *name);
gboolean           sl_params_get_bool   (const SlParams *params,
                                         const char     *name);
/* Enum and string values. */
const char        *sl_params_get_string (const SlParams *params,
                                         const char     *name);

/* The current value of a parameter as text (parseable by sl_params_set). */
char              *sl_params_value_text (const SlParams *params,
                                         const char     *name);
/* "name=value name=value …", every parameter, for records and attributes. */
char              *sl_params_to_string  (const SlParams *params);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlParams, sl_params_free)

G_END_DECLS
