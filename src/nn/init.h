/* init — Keras's default initialisers. Owns nothing; fills caller memory from the given Rng.
 *   glorot_uniform: U(-l, l), l = sqrt(6 / (fan_in + fan_out)); for a (rows, cols) kernel
 *                   fan_in = rows, fan_out = cols.
 *   orthogonal:     Keras 2.x recipe: a (max(r,c), min(r,c)) standard normal matrix, QR (in double),
 *                   q *= sign(diag(r)), transposed when rows < cols; gain 1. The rows (if rows <= cols)
 *                   or columns are orthonormal. */
#ifndef LOSSLAB_INIT_H
#define LOSSLAB_INIT_H
#include "nn/rng.h"

void init_glorot_uniform(Rng *r, float *w, int rows, int cols);  /* w (rows, cols) */
void init_orthogonal(Rng *r, float *w, int rows, int cols);      /* w (rows, cols) */

#endif
