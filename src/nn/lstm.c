/* lstm — Keras LSTM layer: forward over (B, T, F) and full backprop through time. See lstm.h.
 * Owns nothing; every buffer comes from the caller (net.c carves them from its blocks).
 * Per step the pre-activations z_t (B, 4H) are built in place inside gates[t]:
 *   gates[0..T-1] = xt · W          (one gemm over all T*B rows at once)
 *   gates[t]     += h[t] · U        (one gemm per step, t >= 1; h[0] = 0)
 *   then + b and the activations, elementwise, overwriting z with i, f, g, o.
 * Backward walks t = T-1 .. 0, forming dZ[t] (B, 4H) elementwise and dh_{t-1} = dZ[t] · U^T,
 * then dU = Hs^T · dZs and dW = Xs^T · dZs with one gemm each over all steps' rows. */
#include "nn/lstm.h"

/* GCC 12 at -O2 vectorises only loops whose trip count is a multiple of the vector width
 * ("very cheap" cost model); the gate loops run over H, so ask for the usual cost model here. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("tree-vectorize", "vect-cost-model=dynamic")
#endif

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "nn/gemm.h"
#include "nn/kern.h"

/* Compiled once per kernel variant (kern.h): lstm_forward/backward_<variant> run the gate
 * loops vectorised for that variant's instruction set and call the same variant's gemm. */
#define gemm KERN_FN(gemm)

/* ------------------------------------------------------------------------------------------
 * elementwise helpers */

/* Vectorisable float exp, tanh and sigmoid for the gate loops. glibc's expf/tanhf are scalar
 * calls (with -std=c11 and no -ffast-math GCC will not vectorise them) and dominated the step at
 * H = 256. Measured against double libm over a sweep of all float inputs: exp <= 1.3 ulp,
 * tanh <= 3.3 ulp (glibc tanhf: 2.2), sigmoid <= 2.5 ulp; NaN propagates, tanh(+-inf) = +-1. */
/* e^x for x in [-87, 88] (clamped outside; NaN propagates): x = n ln2 + r, |r| <= ln2/2,
 * e^r by its Taylor series to degree 7 (truncation < 5e-9 relative), times 2^n built in the
 * exponent bits. Branch-free so loops over it vectorise. */
static inline float lstm_expf(float x)
{
    float xc = x < -87.0f ? -87.0f : (x > 88.0f ? 88.0f : x);
    /* n = round(x / ln2) by the 1.5 * 2^23 trick (floorf would not vectorise without fast-math) */
    float n = (xc * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
    float r = xc - n * 0.693359375f;          /* ln2 high part: n*hi is exact */
    r = r - n * -2.12194440054690583e-4f;     /* ln2 low part */
    float p = 1.0f / 5040;
    p = p * r + 1.0f / 720;
    p = p * r + 1.0f / 120;
    p = p * r + 1.0f / 24;
    p = p * r + 1.0f / 6;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    int32_t bits = ((int32_t)(n == n ? n : 0.0f) + 127) << 23;
    float s;
    memcpy(&s, &bits, sizeof s);
    float e = p * s;
    return x != x ? x : e;                    /* NaN in, NaN out */
}
static inline float lstm_tanhf(float x)
{
    float a = fabsf(x);
    a = a > 9.0f ? 9.0f : a;                  /* tanh(9) rounds to 1 in float */
    float y = 2.0f * a;
    /* expm1(y) for small y by Taylor to degree 9 (|y| < 0.7: truncation < 2e-8 relative) */
    float q = 1.0f / 362880;
    q = q * y + 1.0f / 40320;
    q = q * y + 1.0f / 5040;
    q = q * y + 1.0f / 720;
    q = q * y + 1.0f / 120;
    q = q * y + 1.0f / 24;
    q = q * y + 1.0f / 6;
    q = q * y + 0.5f;
    q = q * y + 1.0f;
    q = q * y;
    float em = a < 0.35f ? q : lstm_expf(y) - 1.0f;
    float t = em / (em + 2.0f);
    t = copysignf(t, x);
    return x != x ? x : t;
}
static inline float lstm_sigmoidf(float x) { return 1.0f / (1.0f + lstm_expf(-x)); }

static inline float hard_sigmoid(float x)
{
    float y = 0.2f * x + 0.5f;            /* Keras: x * 0.2 + 0.5, clip to [0, 1] */
    return y < 0.0f ? 0.0f : (y > 1.0f ? 1.0f : y);
}
/* derivative of hard_sigmoid from its output a: 0.2 strictly inside (0, 1), 0 where clipped */
static inline float hard_sigmoid_grad(float a) { return (a > 0.0f && a < 1.0f) ? 0.2f : 0.0f; }
static inline float sigmoid_grad(float a) { return a * (1.0f - a); }

/* ------------------------------------------------------------------------------------------
 * forward */

/* Recurrent activation in place over n contiguous gate values: z (n) = ra(z + b), b (n) */
static void lstm_ract_forward(float *restrict z, const float *restrict b, int n, int hard)
{
    if (hard) for (int j = 0; j < n; j++) z[j] = hard_sigmoid(z[j] + b[j]);
    else      for (int j = 0; j < n; j++) z[j] = lstm_sigmoidf(z[j] + b[j]);
}

/* Cell update for one row: zi, zf, zg, zo (H) post-activation gates; cp (H) c_{t-1};
 * cn (H) out c_t; hn (H) out h_t */
static void lstm_cell_row_forward(const float *restrict zi, const float *restrict zf,
                                  const float *restrict zg, const float *restrict zo,
                                  const float *restrict cp, float *restrict cn, float *restrict hn, int H)
{
    for (int j = 0; j < H; j++) {
        float cc = zf[j] * cp[j] + zi[j] * zg[j];
        cn[j] = cc;
        hn[j] = zo[j] * lstm_tanhf(cc);
    }
}

/* One step's activations for all B rows.
 *   z  (B, 4H) in: pre-activations without bias; out: post-activation i, f, g, o
 *   b  (4H)    bias;  cp (B, H) c_{t-1};  cn (B, H) out c_t;  hn (B, H) out h_t */
static void lstm_cell_forward(float *z, const float *b, const float *cp, float *cn, float *hn,
                              int B, int H, int hard)
{
    for (int r = 0; r < B; r++) {
        float *zr = z + (size_t)r * 4 * H;
        lstm_ract_forward(zr, b, 2 * H, hard);                 /* i, f: adjacent blocks */
        lstm_ract_forward(zr + 3 * H, b + 3 * H, H, hard);     /* o */
        float *zg = zr + 2 * H;
        const float *bg = b + 2 * H;
        for (int j = 0; j < H; j++) zg[j] = lstm_tanhf(zg[j] + bg[j]);
        lstm_cell_row_forward(zr, zr + H, zg, zr + 3 * H, cp + (size_t)r * H, cn + (size_t)r * H,
                              hn + (size_t)r * H, H);
    }
}

void KERN_FN(lstm_forward)(Pool *pool, float *xt, float *gates, float *c, float *h,
                           const float *x, const float *W, const float *U, const float *b,
                           int B, int T, int F, int H, int hard)
{
    const int G = 4 * H;
    const size_t BH = (size_t)B * H, BG = (size_t)B * G;
    /* xt (T, B, F) <- x (B, T, F) */
    for (int t = 0; t < T; t++)
        for (int r = 0; r < B; r++)
            memcpy(xt + ((size_t)t * B + r) * F, x + ((size_t)r * T + t) * F, sizeof(float) * (size_t)F);
    /* gates (T*B, 4H) = xt (T*B, F) · W (F, 4H) */
    gemm(pool, false, false, T * B, G, F, 1.0f, xt, F, W, G, 0.0f, gates, G);
    memset(c, 0, sizeof(float) * BH);   /* c[0] = 0 */
    memset(h, 0, sizeof(float) * BH);   /* h[0] = 0 */
    for (int t = 0; t < T; t++) {
        float *z = gates + (size_t)t * BG;
        /* z (B, 4H) += h[t] (B, H) · U (H, 4H); skipped at t = 0 where h[0] = 0 */
        if (t > 0) gemm(pool, false, false, B, G, H, 1.0f, h + (size_t)t * BH, H, U, G, 1.0f, z, G);
        lstm_cell_forward(z, b, c + (size_t)t * BH, c + (size_t)(t + 1) * BH, h + (size_t)(t + 1) * BH,
                          B, H, hard);
    }
}

/* ------------------------------------------------------------------------------------------
 * backward */

/* One row of one step's gate gradients.
 *   ai, af, ag, ao (H) post-activation gates; cp (H) c_{t-1}; cn (H) c_t; dh (H) dL/dh_t
 *   dc (H) in: dL/dc_t from later steps; out: dL/dc_{t-1}
 *   dzi, dzf, dzg, dzo (H) out: dL/dz_t per gate (pre-activation) */
static void lstm_cell_row_backward(float *restrict dzi, float *restrict dzf, float *restrict dzg,
                                   float *restrict dzo, float *restrict dc, const float *restrict dh,
                                   const float *restrict ai, const float *restrict af,
                                   const float *restrict ag, const float *restrict ao,
                                   const float *restrict cp, const float *restrict cn, int H, int hard)
{
    /* Two copies of one loop, differing only in the gate derivative: the branch is hoisted out so
     * that each loop vectorises (a per-element choice of derivative would not). */
    if (hard) {
        for (int j = 0; j < H; j++) {
            float tc = lstm_tanhf(cn[j]);
            float dcv = dc[j] + dh[j] * ao[j] * (1.0f - tc * tc);
            dzo[j] = dh[j] * tc * hard_sigmoid_grad(ao[j]);
            dzi[j] = dcv * ag[j] * hard_sigmoid_grad(ai[j]);
            dzf[j] = dcv * cp[j] * hard_sigmoid_grad(af[j]);
            dzg[j] = dcv * ai[j] * (1.0f - ag[j] * ag[j]);
            dc[j] = dcv * af[j];
        }
    } else {
        for (int j = 0; j < H; j++) {
            float tc = lstm_tanhf(cn[j]);
            float dcv = dc[j] + dh[j] * ao[j] * (1.0f - tc * tc);
            dzo[j] = dh[j] * tc * sigmoid_grad(ao[j]);
            dzi[j] = dcv * ag[j] * sigmoid_grad(ai[j]);
            dzf[j] = dcv * cp[j] * sigmoid_grad(af[j]);
            dzg[j] = dcv * ai[j] * (1.0f - ag[j] * ag[j]);
            dc[j] = dcv * af[j];
        }
    }
}

/* One step's gate gradients for all B rows.
 *   a   (B, 4H) post-activation i, f, g, o of this step
 *   cp  (B, H)  c_{t-1};  cn (B, H) c_t
 *   dh  (B, H)  in: dL/dh_t
 *   dc  (B, H)  in: dL/dc_t from later steps; out: dL/dc_{t-1}
 *   dz  (B, 4H) out: dL/dz_t (pre-activations) */
static void lstm_cell_backward(float *dz, float *dc, const float *dh, const float *a,
                               const float *cp, const float *cn, int B, int H, int hard)
{
    for (int r = 0; r < B; r++) {
        const float *ar = a + (size_t)r * 4 * H;
        float *dzr = dz + (size_t)r * 4 * H;
        size_t o = (size_t)r * H;
        lstm_cell_row_backward(dzr, dzr + H, dzr + 2 * H, dzr + 3 * H, dc + o, dh + o,
                               ar, ar + H, ar + 2 * H, ar + 3 * H, cp + o, cn + o, H, hard);
    }
}

void KERN_FN(lstm_backward)(Pool *pool, float *dW, float *dU, float *db, float *dhT, float *dc,
                            float *dZ, const float *xt, const float *gates, const float *c,
                            const float *h, const float *U, int B, int T, int F, int H, int hard)
{
    const int G = 4 * H;
    const size_t BH = (size_t)B * H, BG = (size_t)B * G;
    float *dh = dhT;                      /* (B, H): dL/dh_{t+1}, walked back in place */
    memset(dc, 0, sizeof(float) * BH);    /* no gradient flows into c[T] from above */
    for (int t = T - 1; t >= 0; t--) {
        float *dz = dZ + (size_t)t * BG;
        lstm_cell_backward(dz, dc, dh, gates + (size_t)t * BG, c + (size_t)t * BH,
                           c + (size_t)(t + 1) * BH, B, H, hard);
        /* dh_t (B, H) = dz (B, 4H) · U^T (4H, H); U stored (H, 4H). Not needed for h[0]. */
        if (t > 0) gemm(pool, false, true, B, H, G, 1.0f, dz, G, U, G, 0.0f, dh, H);
    }
    /* dU (H, 4H) = Hs^T · dZs over steps 1..T-1 (the h[0] = 0 rows add nothing):
     * Hs = h[1..T-1] ((T-1)*B, H), dZs = dZ[1..T-1] ((T-1)*B, 4H) */
    if (T > 1)
        gemm(pool, true, false, H, G, (T - 1) * B, 1.0f, h + BH, H, dZ + BG, G, 0.0f, dU, G);
    else
        memset(dU, 0, sizeof(float) * (size_t)H * G);
    /* dW (F, 4H) = Xs^T · dZs, Xs = xt (T*B, F) */
    gemm(pool, true, false, F, G, T * B, 1.0f, xt, F, dZ, G, 0.0f, dW, G);
    /* db (4H) = column sums of dZ over all T*B rows, in order */
    memset(db, 0, sizeof(float) * (size_t)G);
    for (size_t r = 0; r < (size_t)T * B; r++) {
        const float *d = dZ + r * G;
        for (int j = 0; j < G; j++) db[j] += d[j];
    }
}

#undef gemm
#if KERN_IS_BASE
/* The public entries: the Pool's variant (kern_best() for a NULL Pool). */
void lstm_forward(Pool *pool, float *xt, float *gates, float *c, float *h,
                  const float *x, const float *W, const float *U, const float *b,
                  int B, int T, int F, int H, int hard)
{
    pool_kern(pool)->lstm_forward(pool, xt, gates, c, h, x, W, U, b, B, T, F, H, hard);
}

void lstm_backward(Pool *pool, float *dW, float *dU, float *db, float *dhT, float *dc, float *dZ,
                   const float *xt, const float *gates, const float *c, const float *h,
                   const float *U, int B, int T, int F, int H, int hard)
{
    pool_kern(pool)->lstm_backward(pool, dW, dU, db, dhT, dc, dZ, xt, gates, c, h, U, B, T, F, H, hard);
}
#endif
