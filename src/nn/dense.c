/* dense — fully connected layer, forward and backward. See dense.h. Owns nothing. */
#include "nn/dense.h"

#include <string.h>

#include "nn/gemm.h"

void dense_forward(Pool *pool, float *out, const float *in, const float *w, const float *bias,
                   int B, int I, int O)
{
    /* out (B, O) = in (B, I) · w (I, O), then + bias (O) per row */
    gemm(pool, false, false, B, O, I, 1.0f, in, I, w, O, 0.0f, out, O);
    for (int r = 0; r < B; r++) {
        float *o = out + (size_t)r * O;
        for (int j = 0; j < O; j++) o[j] += bias[j];
    }
}

void dense_backward(Pool *pool, float *din, float *dw, float *dbias, const float *dout,
                    const float *in, const float *w, int B, int I, int O)
{
    /* dw (I, O) = in^T (I, B) · dout (B, O) */
    gemm(pool, true, false, I, O, B, 1.0f, in, I, dout, O, 0.0f, dw, O);
    /* dbias (O) = column sums of dout, rows in order */
    memset(dbias, 0, sizeof(float) * (size_t)O);
    for (int r = 0; r < B; r++) {
        const float *d = dout + (size_t)r * O;
        for (int j = 0; j < O; j++) dbias[j] += d[j];
    }
    /* din (B, I) = dout (B, O) · w^T (O, I); w is stored (I, O) */
    if (din) gemm(pool, false, true, B, I, O, 1.0f, dout, O, w, O, 0.0f, din, I);
}
