/* sl-params-form.h — a method's parameters as a form made from the registry's typed specs (ranges,
 * defaults, descriptions as tooltips). */
#pragma once

#include "explain/sl-params.h"

#include <adwaita.h>

G_BEGIN_DECLS

#define SL_TYPE_PARAMS_FORM (sl_params_form_get_type ())
G_DECLARE_FINAL_TYPE (SlParamsForm, sl_params_form, SL, PARAMS_FORM, GtkWidget)

GtkWidget      *sl_params_form_new        (void);
/* Edits a copy of `params` (NULL: no parameters). */
void            sl_params_form_set_params (SlParamsForm   *self,
                                           const SlParams *params);
/* The values as edited (owned by the form). */
const SlParams *sl_params_form_get_params (SlParamsForm   *self);

/* Signals: ::changed () after each edit. */

G_END_DECLS
