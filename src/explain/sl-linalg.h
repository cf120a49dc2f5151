/* sl-linalg.h — the small dense linear algebra the methods need, in float64: least squares and the
 * leading eigenvector of a symmetric matrix. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Weighted least squares: the coefficients minimising Σ_i w_i (y_i − b − Σ_j X_ij β_j)², X
 * row-major n × p, w NULL for unit weights, b fitted only when `intercept` (else 0). Solved by
 * Householder QR with column pivoting; coefficients of columns that are linearly dependent on
 * others are 0. `coef` receives p values, `b` (may be NULL) the intercept. FALSE when n == 0. */
gboolean sl_linalg_lstsq       (const double *x,
                                gsize         n,
                                gsize         p,
                                const double *y,
                                const double *w,
                                gboolean      intercept,
                                double       *coef,
                                double       *b);

/* Eigenvector (unit norm) of the largest eigenvalue of a symmetric n × n matrix (cyclic Jacobi);
 * returns that eigenvalue. */
double   sl_linalg_top_eigvec  (const double *a,
                                gsize         n,
                                double       *v);

G_END_DECLS
