/* dense — a fully connected layer without activation (Keras Dense with activation=None; the
 * head's sigmoid/softmax lives in heads.c). Owns no memory; forward and backward side by side.
 * Products go through gemm(); the bias reduction is a fixed-order loop (deterministic). */
#ifndef LOSSLAB_DENSE_H
#define LOSSLAB_DENSE_H
#include "nn/pool.h"

/* out (B, O) = in (B, I) · w (I, O) + bias (O) */
void dense_forward(Pool *pool, float *out, const float *in, const float *w, const float *bias,
                   int B, int I, int O);

/* Given dout (B, O), overwrites:
 *   dw    (I, O) = in^T · dout
 *   dbias (O)    = sum over the batch of dout (rows in order 0..B-1)
 *   din   (B, I) = dout · w^T   (skipped when din is NULL)
 * in (B, I) and w (I, O): as given to dense_forward. */
void dense_backward(Pool *pool, float *din, float *dw, float *dbias, const float *dout,
                    const float *in, const float *w, int B, int I, int O);

#endif
