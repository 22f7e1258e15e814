/* loss — the loss kernels (forward value and back-propagated gradient side by side). See loss.h
 * for the contract; docs/semantics.md for the sources. Owns nothing.
 * Shapes everywhere: z (B, U) logits, y (B) class indices, loss_out (B), dz (B, U). */
#include "nn/loss.h"

#include <math.h>
#include <stddef.h>

float loss_sigmoid(float z)
{
    if (z >= 0.0f) return 1.0f / (1.0f + expf(-z));
    float e = expf(z);
    return e / (1.0f + e);
}

/* bce: sigmoid_cross_entropy_with_logits, max(z,0) - z*y + log1p(exp(-|z|)); dz = (sig(z)-y)/B */
void loss_bce(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)U;
    for (int i = 0; i < B; i++) {
        float zi = z[i], yi = (float)y[i];
        if (loss_out) loss_out[i] = fmaxf(zi, 0.0f) - zi * yi + log1pf(expf(-fabsf(zi)));
        if (dz) dz[i] = (loss_sigmoid(zi) - yi) / (float)B;
    }
}

/* cce1 (tf.keras >= 2.4): the sigmoid caches its logit, categorical_crossentropy sees it and calls
 * the fused softmax_cross_entropy_with_logits on one column. softmax of one column is 1, so
 * loss = y * (log(1) - 0) = 0 exactly, and the kernel's backprop (softmax - label) = 1 - y. */
void loss_cce1(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)U;
    for (int i = 0; i < B; i++) {
        /* TF's kernel works on z - max(z): exactly 0 for a finite z, NaN for NaN or +-inf (inf - inf),
         * and then both the loss and the gradient are NaN, as they are here */
        int finite = isfinite(z[i]);
        if (loss_out) loss_out[i] = finite ? 0.0f : NAN;
        if (dz) dz[i] = finite ? (1.0f - (float)y[i]) / (float)B : NAN;
    }
}

/* cce1-frozen (Keras 3 on JAX/PyTorch, TF 2.2-2.3, TF.js): no logits cache, so p / sum(p) = 1,
 * clipped to 1 - 1e-7 (float: 1 - 2^-23); loss = -y * log(1 - 1e-7) = y * 1.1920929e-07; the
 * clip's gradient is 0 there, so dz = 0 exactly. */
void loss_cce1_frozen(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)z;
    (void)U;
    /* logf(1.0f - 1e-7f) = logf(1 - 2^-23) evaluated at run time by glibc and by TF/Eigen is
     * exactly -2^-23 = -1.1920929e-07f. Written as a literal because a compiler folding logf of a
     * constant rounds correctly (MPFR) and would give -0x1.000002p-23 instead. */
    const float logclip = -0x1p-23f;
    for (int i = 0; i < B; i++) {
        if (loss_out) loss_out[i] = -(float)y[i] * logclip;
        if (dz) dz[i] = 0.0f;
    }
}

/* cce1-textbook: -y * log(clip(sigmoid(z), 1e-7, 1 - 1e-7)). Inside the clip range (bounds
 * included, as TF's clip_by_value gradient) d/dz = -y * (1 - p); where clipped, 0. */
void loss_cce1_textbook(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)U;
    const float lo = LOSS_EPS, hi = 1.0f - LOSS_EPS;
    for (int i = 0; i < B; i++) {
        float p = loss_sigmoid(z[i]), yi = (float)y[i];
        int clipped = p < lo || p > hi;
        float pc = p < lo ? lo : (p > hi ? hi : p);
        if (loss_out) loss_out[i] = -yi * logf(pc);
        if (dz) dz[i] = clipped ? 0.0f : -yi * (1.0f - p) / (float)B;
    }
}

/* cce: U-unit softmax + categorical cross-entropy on one-hot labels, from the logits:
 * s = z - max(z); loss = log(sum exp(s)) - s_y = log1p(sum over j != argmax of exp(s_j)) - s_y
 * (the argmax term is exp(0) = 1); dz = (softmax(z) - onehot(y)) / B.
 * At U = 2 the sum has the single term exp(-|z0 - z1|): the two-unit form, bit for bit. */
void loss_cce(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    for (int i = 0; i < B; i++) {
        const float *zi = z + (size_t)i * U;
        int jm = 0;
        for (int j = 1; j < U; j++)
            if (zi[j] > zi[jm]) jm = j;
        float m = zi[jm];
        float rest = 0.0f, sum = 0.0f;
        for (int j = 0; j < U; j++) {
            float e = expf(zi[j] - m);
            sum += e;
            if (j != jm) rest += e;
        }
        /* the exact two-unit forms: sum = e0 + e1 in that order, rest = exp(-|z0 - z1|) */
        if (loss_out) loss_out[i] = log1pf(rest) - (zi[y[i]] - m);
        if (dz) {
            float *di = dz + (size_t)i * U;
            for (int j = 0; j < U; j++)
                di[j] = (expf(zi[j] - m) / sum - (j == y[i] ? 1.0f : 0.0f)) / (float)B;
        }
    }
}
