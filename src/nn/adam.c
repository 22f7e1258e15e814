/* adam — Adam in Keras's form, float32 throughout like Keras's fused kernel. See adam.h.
 * Owns nothing. */
#include "nn/adam.h"

#include <math.h>

#include "nn/kern.h"

/* Compiled once per kernel variant (kern.h): adam_step_<variant>; adam_step() runs kern_best()'s
 * (every variant gives the same bits, so the choice only changes the speed).
 * The update loop is written twice: AVX intrinsics 8 at a time where available, and plain C for
 * the tail and other machines. Both do the same IEEE operations in the same order (no FMA: the
 * Makefile compiles with -ffp-contract=off), so results are bit-identical either way. The
 * intrinsics are there because sqrtf sets errno, which stops GCC from vectorising the C loop,
 * and Adam over ~280k parameters (H = 256) was 0.8 ms of each step. */
#if defined(__AVX__)
#include <immintrin.h>
#endif

#if KERN_IS_BASE
AdamCfg adam_defaults(void)
{
    AdamCfg c = { 1e-3f, 0.9f, 0.999f, 1e-7f };
    return c;
}

void adam_step(float *p, const float *g, float *m, float *v, size_t n, long t, const AdamCfg *c)
{
    kern_best()->adam_step(p, g, m, v, n, t, c);
}
#endif

void KERN_FN(adam_step)(float *p, const float *g, float *m, float *v, size_t n, long t, const AdamCfg *c)
{
    float *restrict pr = p, *restrict mr = m, *restrict vr = v;
    const float *restrict gr = g;
    /* alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t), in float as TF's ResourceApplyAdam */
    float b1t = powf(c->beta1, (float)t), b2t = powf(c->beta2, (float)t);
    float alpha = c->lr * sqrtf(1.0f - b2t) / (1.0f - b1t);
    float one_b1 = 1.0f - c->beta1, one_b2 = 1.0f - c->beta2, eps = c->eps;
    size_t i = 0;
#if defined(__AVX__)
    const __m256 b1v = _mm256_set1_ps(one_b1), b2v = _mm256_set1_ps(one_b2);
    const __m256 av = _mm256_set1_ps(alpha), ev = _mm256_set1_ps(eps);
    for (; i + 8 <= n; i += 8) {
        __m256 gi = _mm256_loadu_ps(gr + i), mi = _mm256_loadu_ps(mr + i), vi = _mm256_loadu_ps(vr + i);
        mi = _mm256_add_ps(mi, _mm256_mul_ps(_mm256_sub_ps(gi, mi), b1v));
        vi = _mm256_add_ps(vi, _mm256_mul_ps(_mm256_sub_ps(_mm256_mul_ps(gi, gi), vi), b2v));
        _mm256_storeu_ps(mr + i, mi);
        _mm256_storeu_ps(vr + i, vi);
        __m256 step = _mm256_div_ps(_mm256_mul_ps(mi, av), _mm256_add_ps(_mm256_sqrt_ps(vi), ev));
        _mm256_storeu_ps(pr + i, _mm256_sub_ps(_mm256_loadu_ps(pr + i), step));
    }
#endif
    for (; i < n; i++) {
        float gi = gr[i];
        float mi = mr[i] + (gi - mr[i]) * one_b1;
        float vi = vr[i] + (gi * gi - vr[i]) * one_b2;
        mr[i] = mi;
        vr[i] = vi;
        pr[i] -= mi * alpha / (sqrtf(vi) + eps);
    }
}
