/* sl-explanation-io.h — saving explanations: HDF5 (maps plus the request as attributes) and CSV. */
#pragma once

#include "explain/sl-explain.h"

G_BEGIN_DECLS

/* An HDF5 file with datasets `map` (the method's resolution) and `map_input` (the input's),
 * float32, shaped (L) or (H, W), and root attributes: method, target, predicted, score
 * ("logit"/"prob"), score_value, probability, layer (index, -1 for none), layer_name, seed (decimal
 * text), seconds, and each parameter as "param.NAME" (text, as sl_params_set reads it). */
gboolean       sl_explanation_write_h5  (const SlExplanation *expl,
                                         const char          *path,
                                         GError             **error);
/* Reads a file written by sl_explanation_write_h5 back (parameters of a method this program does
 * not know are dropped). */
SlExplanation *sl_explanation_read_h5   (const char *path,
                                         GError    **error);

/* One map as CSV: '#' comment lines with the request, then one value per line for a 1-D map or one
 * line of comma-separated values per row for an image (numpy.loadtxt(path, delimiter=',') reads
 * it). `input_resolution` chooses map_input over map. */
gboolean       sl_explanation_write_csv (const SlExplanation *expl,
                                         const char          *path,
                                         gboolean             input_resolution,
                                         GError             **error);

G_END_DECLS
