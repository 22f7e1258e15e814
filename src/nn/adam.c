/* adam — Adam in Keras's form, float32 throughout like Keras's fused kernel. See adam.h.
 * Owns nothing. */
#include "nn/adam.h"

#include <math.h>

AdamCfg adam_defaults(void)
{
    AdamCfg c = { 1e-3f, 0.9f, 0.999f, 1e-7f };
    return c;
}

void adam_step(float *p, const float *g, float *m, float *v, size_t n, long t, const AdamCfg *c)
{
    /* alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t), in float as TF's ResourceApplyAdam */
    float b1t = powf(c->beta1, (float)t), b2t = powf(c->beta2, (float)t);
    float alpha = c->lr * sqrtf(1.0f - b2t) / (1.0f - b1t);
    float one_b1 = 1.0f - c->beta1, one_b2 = 1.0f - c->beta2, eps = c->eps;
    for (size_t i = 0; i < n; i++) {
        float gi = g[i];
        float mi = m[i] + (gi - m[i]) * one_b1;
        float vi = v[i] + (gi * gi - v[i]) * one_b2;
        m[i] = mi;
        v[i] = vi;
        p[i] -= mi * alpha / (sqrtf(vi) + eps);
    }
}
