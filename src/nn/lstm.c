/* lstm — Keras LSTM layer: forward over (B, T, F) and full backprop through time. See lstm.h.
 * Owns nothing; every buffer comes from the caller (net.c carves them from its blocks).
 * Per step the pre-activations z_t (B, 4H) are built in place inside gates[t]:
 *   gates[0..T-1] = xt · W          (one gemm over all T*B rows at once)
 *   gates[t]     += h[t] · U        (one gemm per step, t >= 1; h[0] = 0)
 *   then + b and the activations, elementwise, overwriting z with i, f, g, o.
 * Backward walks t = T-1 .. 0, forming dZ[t] (B, 4H) elementwise and dh_{t-1} = dZ[t] · U^T,
 * then dU = Hs^T · dZs and dW = Xs^T · dZs with one gemm each over all steps' rows. */
#include "nn/lstm.h"

#include <math.h>
#include <string.h>

#include "nn/gemm.h"

/* ------------------------------------------------------------------------------------------
 * elementwise helpers */

static inline float hard_sigmoid(float x)
{
    float y = 0.2f * x + 0.5f;            /* Keras: x * 0.2 + 0.5, clip to [0, 1] */
    return y < 0.0f ? 0.0f : (y > 1.0f ? 1.0f : y);
}
/* derivative of hard_sigmoid from its output a: 0.2 strictly inside (0, 1), 0 where clipped */
static inline float hard_sigmoid_grad(float a) { return (a > 0.0f && a < 1.0f) ? 0.2f : 0.0f; }

static inline float sigmoidf_(float x) { return 1.0f / (1.0f + expf(-x)); }
static inline float sigmoid_grad(float a) { return a * (1.0f - a); }

/* ------------------------------------------------------------------------------------------
 * forward */

/* One step's activations for all B rows.
 *   z  (B, 4H) in: pre-activations without bias; out: post-activation i, f, g, o
 *   b  (4H)    bias;  cp (B, H) c_{t-1};  cn (B, H) out c_t;  hn (B, H) out h_t */
static void lstm_cell_forward(float *z, const float *b, const float *cp, float *cn, float *hn,
                              int B, int H, int hard)
{
    for (int r = 0; r < B; r++) {
        float *zr = z + (size_t)r * 4 * H;
        float *zi = zr, *zf = zr + H, *zg = zr + 2 * H, *zo = zr + 3 * H;
        const float *bi = b, *bf = b + H, *bg = b + 2 * H, *bo = b + 3 * H;
        const float *cpr = cp + (size_t)r * H;
        float *cnr = cn + (size_t)r * H, *hnr = hn + (size_t)r * H;
        if (hard) {
            for (int j = 0; j < H; j++) {
                zi[j] = hard_sigmoid(zi[j] + bi[j]);
                zf[j] = hard_sigmoid(zf[j] + bf[j]);
                zo[j] = hard_sigmoid(zo[j] + bo[j]);
            }
        } else {
            for (int j = 0; j < H; j++) {
                zi[j] = sigmoidf_(zi[j] + bi[j]);
                zf[j] = sigmoidf_(zf[j] + bf[j]);
                zo[j] = sigmoidf_(zo[j] + bo[j]);
            }
        }
        for (int j = 0; j < H; j++) zg[j] = tanhf(zg[j] + bg[j]);
        for (int j = 0; j < H; j++) {
            float cc = zf[j] * cpr[j] + zi[j] * zg[j];
            cnr[j] = cc;
            hnr[j] = zo[j] * tanhf(cc);
        }
    }
}

void lstm_forward(Pool *pool, float *xt, float *gates, float *c, float *h,
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
        const float *ai = ar, *af = ar + H, *ag = ar + 2 * H, *ao = ar + 3 * H;
        float *dzr = dz + (size_t)r * 4 * H;
        float *dzi = dzr, *dzf = dzr + H, *dzg = dzr + 2 * H, *dzo = dzr + 3 * H;
        const float *cpr = cp + (size_t)r * H, *cnr = cn + (size_t)r * H, *dhr = dh + (size_t)r * H;
        float *dcr = dc + (size_t)r * H;
        for (int j = 0; j < H; j++) {
            float tc = tanhf(cnr[j]);
            float dcv = dcr[j] + dhr[j] * ao[j] * (1.0f - tc * tc);
            dzo[j] = dhr[j] * tc;                /* times ra'(o) below */
            dzi[j] = dcv * ag[j];                /* times ra'(i) below */
            dzf[j] = dcv * cpr[j];               /* times ra'(f) below */
            dzg[j] = dcv * ai[j] * (1.0f - ag[j] * ag[j]);
            dcr[j] = dcv * af[j];
        }
        if (hard) {
            for (int j = 0; j < H; j++) {
                dzi[j] *= hard_sigmoid_grad(ai[j]);
                dzf[j] *= hard_sigmoid_grad(af[j]);
                dzo[j] *= hard_sigmoid_grad(ao[j]);
            }
        } else {
            for (int j = 0; j < H; j++) {
                dzi[j] *= sigmoid_grad(ai[j]);
                dzf[j] *= sigmoid_grad(af[j]);
                dzo[j] *= sigmoid_grad(ao[j]);
            }
        }
    }
}

void lstm_backward(Pool *pool, float *dW, float *dU, float *db, float *dhT, float *dc, float *dZ,
                   const float *xt, const float *gates, const float *c, const float *h,
                   const float *U, int B, int T, int F, int H, int hard)
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
