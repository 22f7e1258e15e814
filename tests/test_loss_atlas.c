/* test_loss_atlas — the atlas loss kernels (src/nn/loss_atlas.c):
 *   (a) the forward values and gradients that the frameworks give (PyTorch 1.13 and TF.js 4.22
 *       measurements, Keras source formulas emulated in float32), as quoted in each kernel's comment;
 *   (b) finite-difference checks wherever the framework's gradient is the true derivative;
 *   (c) the exact formula where it is not (fused kernels, saturated clips, PyTorch's clamps);
 *   (d) PyTorch parity against fixtures/parity_atlas.txt (tools/parity_atlas.py, real torch ops),
 *       including the error and warning texts PyTorch prints.
 * Runs with cwd = tests/ (the fixture path is relative). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn/loss_atlas.h"

#define PARITY_ATLAS "fixtures/parity_atlas.txt"
#define MAXN 64   /* largest B*U any test uses */

/* ------------------------------------------------------------------------------------------
 * the kernels under test: id (as in the fixture), function, K-unit head?, gradient = true
 * derivative (finite-difference checkable)?, computed by PyTorch or emulated in the fixture? */

typedef struct {
    const char *id;
    LossFn fn;
    int multi;    /* 1: z (B, K), y in 0..K-1; 0: z (B, 1), y in {0,1} */
    int fd;       /* the gradient is the derivative of the reported loss */
    int parity;   /* has cases in the parity fixture */
    int input;    /* finite-difference inputs: 0 logits, 1 raw values in/out of (0,1), 2 positive raw rows */
} Kern;

static const Kern KERNS[] = {
    { "softmax1-bce", atlas_softmax1_bce, 0, 1, 1, 0 },
    { "softmax1-bce-frozen", atlas_softmax1_bce_frozen, 0, 1, 1, 0 },
    { "softmax1-bce-logit", atlas_softmax1_bce_logit, 0, 1, 1, 0 },
    { "softmax1-bce-clipeps", atlas_softmax1_bce_clipeps, 0, 1, 1, 0 },
    { "softmax1-bce-torch", atlas_softmax1_bce_torch, 0, 1, 1, 0 },
    { "softmax1-bcelogits-torch", atlas_softmax1_bcelogits_torch, 0, 1, 1, 0 },
    { "softmax1-cce", atlas_softmax1_cce, 0, 0, 0, 0 },      /* fused kernel: loss 0, grad 1 - y */
    { "softmax1-cce-frozen", atlas_softmax1_cce_frozen, 0, 1, 1, 0 },
    { "ce1-float-torch", atlas_ce1_float_torch, 0, 1, 1, 0 },
    { "ce1-squeezed-torch", atlas_ce1_squeezed_torch, 0, 1, 1, 0 },
    { "scce1-nan", atlas_scce1_nan, 0, 0, 0, 0 },            /* NaN rows */
    { "scce1-jax", atlas_scce1_jax, 0, 1, 1, 0 },
    { "bce-double", atlas_bce_double, 0, 1, 1, 0 },
    { "bce-raw", atlas_bce_raw, 0, 1, 1, 1 },
    { "bce-raw-plain", atlas_bce_raw_plain, 0, 1, 1, 1 },
    { "bce-raw-logit", atlas_bce_raw_logit, 0, 1, 1, 1 },
    { "mse", atlas_mse, 0, 1, 1, 0 },
    { "mse-broadcast", atlas_mse_broadcast, 0, 1, 1, 0 },
    { "hinge", atlas_hinge, 0, 1, 1, 0 },
    { "hinge-raw", atlas_hinge_raw, 0, 1, 1, 0 },
    { "squared-hinge", atlas_squared_hinge, 0, 1, 1, 0 },
    { "squared-hinge-raw", atlas_squared_hinge_raw, 0, 1, 1, 0 },
    { "hinge-embedding-torch", atlas_hinge_embedding_torch, 0, 1, 1, 0 },
    { "soft-margin-torch", atlas_soft_margin_torch, 0, 1, 1, 0 },
    { "softmax-bce-legacy", atlas_softmax_bce_legacy, 1, 1, 1, 0 },
    { "softmax-bce-clipeps", atlas_softmax_bce_clipeps, 1, 1, 1, 0 },
    { "softmax-bce-clip", atlas_softmax_bce_clip, 1, 1, 1, 0 },
    { "softmax-bce-torch", atlas_softmax_bce_torch, 1, 1, 1, 0 },
    { "softmax-bce", atlas_softmax_bce, 1, 1, 1, 0 },
    { "sigmoid-cce", atlas_sigmoid_cce, 1, 1, 1, 0 },
    { "sigmoid-cce-norm", atlas_sigmoid_cce_norm, 1, 1, 1, 0 },
    { "ce-sigmoid", atlas_ce_sigmoid, 1, 1, 1, 0 },
    { "ce-softmax", atlas_ce_softmax, 1, 1, 1, 0 },
    { "cce-raw", atlas_cce_raw, 1, 1, 1, 2 },
    { "scce-raw", atlas_scce_raw, 1, 1, 1, 1 },
    { "nll-raw", atlas_nll_raw, 1, 1, 1, 0 },
    { "nll-softmax", atlas_nll_softmax, 1, 1, 1, 0 },
};
#define NKERNS ((int)(sizeof KERNS / sizeof KERNS[0]))

static const Kern *kern_find(const char *id)
{
    for (int i = 0; i < NKERNS; i++)
        if (strcmp(KERNS[i].id, id) == 0) return &KERNS[i];
    return NULL;
}

/* ------------------------------------------------------------------------------------------
 * helpers */

/* run a kernel; returns the reported loss (mean of the per-sample losses, summed in double) */
static double run(LossFn fn, const float *z, const int *y, int B, int U, float *l, float *dz)
{
    fn(z, y, B, U, l, dz);
    double s = 0;
    for (int i = 0; i < B; i++) s += l[i];
    return s / B;
}

/* |got - want| <= rtol |want| + atol, element-wise, with a message naming the element */
static void near_vec(const char *what, const float *got, const double *want, int n, double rtol,
                     double atol)
{
    int bad = 0;
    for (int i = 0; i < n; i++) {
        double d = fabs((double)got[i] - want[i]);
        if (!(d <= rtol * fabs(want[i]) + atol)) {
            if (bad < 4) print_error("%s[%d] = %.9g, want %.9g (|diff| %.3g)\n", what, i, (double)got[i], want[i], d);
            bad++;
        }
    }
    if (bad) fail_msg("%s: %d of %d values off", what, bad, n);
}

static void near1(const char *what, double got, double want, double rtol, double atol)
{
    if (!(fabs(got - want) <= rtol * fabs(want) + atol))
        fail_msg("%s = %.9g, want %.9g", what, got, want);
}

/* every value exactly +0 or -0 (not NaN, not a tiny number) */
static void all_zero(const char *what, const float *v, int n)
{
    for (int i = 0; i < n; i++)
        if (v[i] != 0.0f) fail_msg("%s[%d] = %.9g, want exactly 0", what, i, (double)v[i]);
}

/* a small deterministic generator (state passed in: no globals) */
static double uni(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*s >> 11) * (1.0 / 9007199254740992.0);
}

/* the reference vectors: binary z = [-2, -0.5, 0.5, 2], y = [0, 1, 0, 1]; multi-class tiny
 * example z = [[2, 1, 0.1, -1], [0.5, 0.3, 2.2, -0.4]], y = [0, 3] */
static const float Z4[4] = { -2.0f, -0.5f, 0.5f, 2.0f };
static const int Y4[4] = { 0, 1, 0, 1 };
static const float ZT[8] = { 2.0f, 1.0f, 0.1f, -1.0f, 0.5f, 0.3f, 2.2f, -0.4f };
static const int YT[2] = { 0, 3 };

/* Tolerances for the reference values. Values quoted to 8 significant digits are float32 results
 * of PyTorch / TF.js / torch emulations; libm's expf/logf and PyTorch's vectorised ones may differ
 * by a few ulps, so 2e-6 relative (about 16 ulps) plus an absolute floor 1e-8 for the tiny or
 * zero entries. Values quoted to 6 decimals (the multi-class note) get 2e-6 absolute (half a unit
 * in the last quoted place plus rounding). */
#define R8 2e-6
#define A8 1e-8
#define A6 2e-6

/* ------------------------------------------------------------------------------------------
 * (a) reference values: one-unit set-ups */

static void test_softmax1_bce_values(void **state)
{
    (void)state;
    float l[4], dz[4];
    double m = run(atlas_softmax1_bce, Z4, Y4, 4, 1, l, dz);
    const double wl[4] = { 0.12692805, 0.97407699, 0.97407699, 0.12692805 };
    const double wg[4] = { 0.02980073, -0.15561482, 0.15561484, -0.02980074 };
    near_vec("softmax1-bce loss", l, wl, 4, R8, A8);
    near1("softmax1-bce mean", m, 0.55050254, R8, 0);
    near_vec("softmax1-bce dz", dz, wg, 4, R8, A8);
}

/* The frozen variants: loss set by y alone, gradient exactly 0. 15.942385 = -log(2^-23) and
 * 1.1920929e-07 = -log(1 - 2^-23) (Keras 3 JAX/torch); TF.js measured 1.192093321833454e-7 with
 * its logit round-trip; tf.keras 2.0-2.3 [I]: 15.333239 and -0.0; PyTorch 100 and -0. */
static void test_softmax1_frozen_values(void **state)
{
    (void)state;
    float l[4], dz[4];
    double m = run(atlas_softmax1_bce_frozen, Z4, Y4, 4, 1, l, dz);
    const double wf[4] = { 15.942385, 1.1920929e-07, 15.942385, 1.1920929e-07 };
    near_vec("softmax1-bce-frozen loss", l, wf, 4, R8, 0);
    near1("softmax1-bce-frozen mean", m, 7.9711924, R8, 0);
    all_zero("softmax1-bce-frozen dz", dz, 4);

    m = run(atlas_softmax1_bce_logit, Z4, Y4, 4, 1, l, dz);
    const double wt[4] = { 15.942384719848633, 1.192093321833454e-7, 15.942384719848633, 1.192093321833454e-7 };
    near_vec("softmax1-bce-logit loss (TF.js)", l, wt, 4, R8, 0);
    near1("softmax1-bce-logit mean (TF.js)", m, 7.971192359924316, R8, 0);
    all_zero("softmax1-bce-logit dz", dz, 4);

    m = run(atlas_softmax1_bce_clipeps, Z4, Y4, 4, 1, l, dz);
    const double we[4] = { 15.333239, 0.0, 15.333239, 0.0 };
    near_vec("softmax1-bce-clipeps loss", l, we, 4, R8, 0);   /* the -0.0 side exactly 0 */
    near1("softmax1-bce-clipeps mean", m, 7.6666195, R8, 0);
    all_zero("softmax1-bce-clipeps dz", dz, 4);

    /* PyTorch BCELoss: exactly 100 and 0 (the log clamp), mean exactly 50 */
    m = run(atlas_softmax1_bce_torch, Z4, Y4, 4, 1, l, dz);
    for (int i = 0; i < 4; i++) assert_true(l[i] == (Y4[i] ? 0.0f : 100.0f));
    assert_true(m == 50.0);
    all_zero("softmax1-bce-torch dz", dz, 4);

    m = run(atlas_softmax1_bcelogits_torch, Z4, Y4, 4, 1, l, dz);
    const double wb[4] = { 1.3132616, 0.3132617, 1.3132616, 0.3132617 };
    near_vec("softmax1-bcelogits-torch loss", l, wb, 4, R8, 0);
    near1("softmax1-bcelogits-torch mean", m, 0.8132617, R8, 0);
    all_zero("softmax1-bcelogits-torch dz", dz, 4);

    m = run(atlas_softmax1_cce_frozen, Z4, Y4, 4, 1, l, dz);
    const double wc[4] = { 0.0, 1.1920929e-07, 0.0, 1.1920929e-07 };
    near_vec("softmax1-cce-frozen loss", l, wc, 4, R8, 0);
    near1("softmax1-cce-frozen mean", m, 5.9604645e-08, R8, 0);
    all_zero("softmax1-cce-frozen dz", dz, 4);

    m = run(atlas_ce1_float_torch, Z4, Y4, 4, 1, l, dz);
    all_zero("ce1-float-torch loss", l, 4);
    assert_true(m == 0.0);
    all_zero("ce1-float-torch dz", dz, 4);

    m = run(atlas_scce1_jax, Z4, Y4, 4, 1, l, dz);
    const double wj[4] = { 1.1920929e-07, 0.0, 1.1920929e-07, 0.0 };
    near_vec("scce1-jax loss", l, wj, 4, R8, 0);
    near1("scce1-jax mean", m, 5.9604645e-08, R8, 0);
    all_zero("scce1-jax dz", dz, 4);
}

/* (c) softmax1-cce: the fused kernel's values, which are not the derivative of its loss: loss
 * exactly 0, gradient exactly (1 - y)/B, for any finite z; NaN for a non-finite z. */
static void test_softmax1_cce_exact(void **state)
{
    (void)state;
    float l[4], dz[4];
    run(atlas_softmax1_cce, Z4, Y4, 4, 1, l, dz);
    for (int i = 0; i < 4; i++) {
        assert_true(l[i] == 0.0f);
        assert_true(dz[i] == (1.0f - (float)Y4[i]) / 4.0f);
    }
    assert_true(dz[0] == 0.25f && dz[1] == 0.0f);
    const float zbig[4] = { -1e30f, 80.0f, INFINITY, NAN };
    const int y0[4] = { 0, 0, 0, 1 };
    atlas_softmax1_cce(zbig, y0, 4, 1, l, dz);
    assert_true(l[0] == 0.0f && l[1] == 0.0f && dz[0] == 0.25f && dz[1] == 0.25f);
    assert_true(isnan(l[2]) && isnan(dz[2]) && isnan(l[3]) && isnan(dz[3]));
}

/* (c) the frozen one-unit set-ups stay frozen for ANY finite logit, however large: the gradient is
 * exactly 0 and the loss depends on y only (PyTorch's BCELoss backward 1e12/B meets the softmax
 * backward s(g - g s) = 0). */
static void test_softmax1_frozen_any_z(void **state)
{
    (void)state;
    const float zz[8] = { -1e30f, -88.0f, -3.0f, 0.0f, 1e-20f, 7.5f, 88.0f, 1e30f };
    const LossFn frozen[7] = { atlas_softmax1_bce_frozen, atlas_softmax1_bce_logit,
                               atlas_softmax1_bce_clipeps, atlas_softmax1_bce_torch,
                               atlas_softmax1_bcelogits_torch, atlas_softmax1_cce_frozen,
                               atlas_ce1_float_torch };
    for (int f = 0; f < 7; f++)
        for (int yy = 0; yy < 2; yy++) {
            int y[8];
            float l[8], dz[8], l0[1], dz0[1];
            for (int i = 0; i < 8; i++) y[i] = yy;
            frozen[f](zz, y, 8, 1, l, dz);
            frozen[f](Z4, y, 1, 1, l0, dz0);
            for (int i = 0; i < 8; i++) {
                if (dz[i] != 0.0f) fail_msg("frozen kernel %d: dz[%d] = %g for z = %g", f, i, (double)dz[i], (double)zz[i]);
                if (l[i] != l0[0]) fail_msg("frozen kernel %d: loss %g at z = %g, %g at z = -2", f, (double)l[i], (double)zz[i], (double)l0[0]);
            }
        }
}

static void test_ce1_squeezed_values(void **state)
{
    (void)state;
    float l[4], dz[4];
    double m = run(atlas_ce1_squeezed_torch, Z4, Y4, 4, 1, l, dz);
    const double wg[4] = { 0.0276769, -0.8759606, 0.3371741, 0.5111096 };
    near1("ce1-squeezed-torch loss", m, 3.060606, 0, 5e-7);
    near_vec("ce1-squeezed-torch dz (no 1/B)", dz, wg, 4, 0, 5e-7);
}

/* (c) TF GPU/XLA sparse CE on one unit: label 1 rows are NaN (loss and gradient), label 0 rows 0 */
static void test_scce1_nan_exact(void **state)
{
    (void)state;
    float l[4], dz[4];
    atlas_scce1_nan(Z4, Y4, 4, 1, l, dz);
    for (int i = 0; i < 4; i++) {
        if (Y4[i]) assert_true(isnan(l[i]) && isnan(dz[i]));
        else assert_true(l[i] == 0.0f && dz[i] == 0.0f);
    }
}

/* bce-double: PyTorch BCEWithLogitsLoss(sigmoid(z)) measured values, and its floors: a perfectly
 * separated saturated sample still costs log(1 + 1/e) = 0.3132617 (y = 1) or log 2 = 0.6931472
 * (y = 0): 0.4120 at 74% ones. */
static void test_bce_double_values(void **state)
{
    (void)state;
    float l[4], dz[4];
    double m = run(atlas_bce_double, Z4, Y4, 4, 1, l, dz);
    const double wl[4] = { 0.75452369, 0.52208912, 1.0520465, 0.34674248 };
    const double wg[4] = { 0.013905494, -0.023895191, 0.038233794, -0.0076911142 };
    near_vec("bce-double loss", l, wl, 4, R8, 0);
    near1("bce-double mean", m, 0.66885042, R8, 0);
    near_vec("bce-double dz", dz, wg, 4, R8, A8);

    const float zs[2] = { -40.0f, 40.0f };
    const int ys[2] = { 0, 1 };
    float ls[2], dzs[2];
    atlas_bce_double(zs, ys, 2, 1, ls, dzs);
    near1("bce-double floor y=0", ls[0], 0.6931472, R8, 0);
    near1("bce-double floor y=1", ls[1], 0.3132617, R8, 0);
    assert_true(fabsf(dzs[0]) < 1e-15f && fabsf(dzs[1]) < 1e-15f);   /* sigmoid' vanishes */
    /* 74 ones, 26 zeros, all saturated on the right side: the mean floor 0.4120 */
    float zb[100], lb[100];
    int yb[100];
    for (int i = 0; i < 100; i++) { yb[i] = i < 74; zb[i] = yb[i] ? 30.0f : -30.0f; }
    double mb = run(atlas_bce_double, zb, yb, 100, 1, lb, NULL);
    near1("bce-double floor at 74% ones", mb, 0.74 * 0.3132617 + 0.26 * 0.6931472, 1e-6, 0);
    assert_true(fabs(mb - 0.4120) < 5e-5);
}

/* Linear output + BCE(from_logits=False) in its three forms (tf.keras / Keras 3 / TF.js) */
static void test_bce_raw_values(void **state)
{
    (void)state;
    float l[4], dz[4];
    double m = run(atlas_bce_raw, Z4, Y4, 4, 1, l, dz);
    const double w1[4] = { 0.0, 15.424949, 0.69314694, 0.0 };
    const double g1[4] = { 0, 0, 0.49999988, 0 };
    near_vec("bce-raw loss", l, w1, 4, R8, 0);
    near1("bce-raw mean", m, 4.0295238, R8, 0);
    near_vec("bce-raw dz", dz, g1, 4, R8, 0);

    m = run(atlas_bce_raw_plain, Z4, Y4, 4, 1, l, dz);
    const double w2[4] = { 1.1920929e-07, 16.118095, 0.69314718, 1.1920929e-07 };
    const double g2[4] = { 0, 0, 0.5, 0 };
    near_vec("bce-raw-plain loss", l, w2, 4, R8, 0);
    near1("bce-raw-plain mean", m, 4.2028108, R8, 0);
    near_vec("bce-raw-plain dz", dz, g2, 4, R8, 0);

    m = run(atlas_bce_raw_logit, Z4, Y4, 4, 1, l, dz);
    const double w3[4] = { 1.0000001537946446e-7, 16.11809539794922, 0.6931471824645996, 1.192093321833454e-7 };
    near_vec("bce-raw-logit loss (TF.js)", l, w3, 4, R8, 0);
    near1("bce-raw-logit mean (TF.js)", m, 4.202810764312744, R8, 0);
    near_vec("bce-raw-logit dz (TF.js)", dz, g2, 4, R8, A8);

    /* the other wrong side, y = 0 with z >= 1 - eps: 15.333239 (tf.keras) and 15.942385 (Keras 3,
     * TF.js); and outside (0,1) the gradient is exactly 0 on both sides */
    const float zo[4] = { 1.5f, 1.0f, -0.3f, 3.0f };
    const int yo[4] = { 0, 0, 1, 1 };
    atlas_bce_raw(zo, yo, 4, 1, l, dz);
    near1("bce-raw y=0 z>=1", l[0], 15.333239, R8, 0);
    all_zero("bce-raw dz outside (0,1)", dz, 4);
    atlas_bce_raw_plain(zo, yo, 4, 1, l, dz);
    near1("bce-raw-plain y=0 z>=1", l[0], 15.942385, R8, 0);
    all_zero("bce-raw-plain dz outside (0,1)", dz, 4);
    atlas_bce_raw_logit(zo, yo, 4, 1, l, dz);
    near1("bce-raw-logit y=0 z>=1", l[0], 15.942385, R8, 0);
    all_zero("bce-raw-logit dz outside (0,1)", dz, 4);

    /* (c) the clip's gradient mask includes its bounds (TF clip_by_value, torch.clamp, TF.js
     * ClipByValue_grad): at z = eps (y = 1) and z = 1 - eps (y = 0) the gradient is the formula's,
     * one float step further out it is exactly 0 */
    const float eps = 1e-7f, hi = 1.0f - 1e-7f;
    const float zb[4] = { eps, hi, nextafterf(eps, 0.0f), nextafterf(hi, 1.0f) };
    const int yb[4] = { 1, 0, 1, 0 };
    atlas_bce_raw_plain(zb, yb, 4, 1, l, dz);
    near1("bce-raw-plain dz at z = eps", dz[0], -1.0 / eps / 4, 1e-6, 0);
    near1("bce-raw-plain dz at z = 1 - eps", dz[1], 1.0 / (1.0f - hi) / 4, 1e-6, 0);
    assert_true(dz[2] == 0.0f && dz[3] == 0.0f);
    atlas_bce_raw(zb, yb, 4, 1, l, dz);
    near1("bce-raw dz at z = eps", dz[0], -1.0 / (2.0 * eps) / 4, 1e-6, 0);
    near1("bce-raw dz at z = 1 - eps", dz[1], 1.0 / ((1.0f - hi) + eps) / 4, 1e-6, 0);
    assert_true(dz[2] == 0.0f && dz[3] == 0.0f);
}

static void test_mse_values(void **state)
{
    (void)state;
    float l[4], dz[4];
    double m = run(atlas_mse, Z4, Y4, 4, 1, l, dz);
    const double wl[4] = { 0.014209336, 0.38745558, 0.38745564, 0.014209349 };
    const double wg[4] = { 0.0062577706, -0.073140122, 0.073140129, -0.0062577762 };
    near_vec("mse loss", l, wl, 4, R8, 0);
    near1("mse mean", m, 0.20083247, R8, 0);
    near_vec("mse dz", dz, wg, 4, R8, A8);

    m = run(atlas_mse_broadcast, Z4, Y4, 4, 1, l, dz);
    const double wb[4] = { -0.0199906, -0.0143892, 0.0143892, 0.0199906 };
    near1("mse-broadcast mean", m, 0.3300013, 0, 5e-8);
    near_vec("mse-broadcast dz", dz, wb, 4, 0, 5e-8);
}

/* (c) mse-broadcast is label-blind: the gradient is 2 (p_i - ybar) p_i (1 - p_i) / N whatever
 * sample i's own label, so permuting the labels in the batch changes nothing; the mean loss is
 * (1/N) sum (p - ybar)^2 + ybar (1 - ybar). */
static void test_mse_broadcast_label_blind(void **state)
{
    (void)state;
    uint64_t s = 7;
    enum { N = 32 };
    float z[N], l1[N], l2[N], d1[N], d2[N];
    int y[N], yp[N];
    for (int i = 0; i < N; i++) { z[i] = (float)(6 * uni(&s) - 3); y[i] = uni(&s) < 0.74; }
    for (int i = 0; i < N; i++) yp[i] = y[(i * 7 + 3) % N];   /* a permutation (7 is prime to 32) */
    double m1 = run(atlas_mse_broadcast, z, y, N, 1, l1, d1);
    double m2 = run(atlas_mse_broadcast, z, yp, N, 1, l2, d2);
    double ybar = 0, var = 0;
    for (int i = 0; i < N; i++) ybar += y[i];
    ybar /= N;
    for (int i = 0; i < N; i++) {
        double p = 1 / (1 + exp(-(double)z[i]));
        var += (p - ybar) * (p - ybar);
        double g = 2 * (p - ybar) * p * (1 - p) / N;
        /* float sums of 32 terms: a few ulps of the largest term */
        near1("mse-broadcast closed-form dz", d1[i], g, 1e-5, 1e-8);
        near1("mse-broadcast permuted dz", d2[i], d1[i], 1e-5, 1e-9);
        near1("mse-broadcast permuted loss", l2[i], l1[i], 1e-5, 1e-9);
    }
    near1("mse-broadcast mean closed form", m1, var / N + ybar * (1 - ybar), 1e-6, 0);
    near1("mse-broadcast mean permuted", m2, m1, 1e-6, 0);
}

static void test_hinge_values(void **state)
{
    (void)state;
    float l[4], dz[4];
    double m = run(atlas_hinge, Z4, Y4, 4, 1, l, dz);
    const double w1[4] = { 1.119203, 0.62245929, 1.6224594, 0.11920297 };
    const double g1[4] = { 0.026248395, -0.058750927, 0.058750927, -0.026248407 };
    near_vec("hinge loss", l, w1, 4, R8, 0);
    near1("hinge mean", m, 0.8708311, R8, 0);
    near_vec("hinge dz", dz, g1, 4, R8, A8);

    m = run(atlas_hinge_raw, Z4, Y4, 4, 1, l, dz);
    const double w2[4] = { 1, 0.6224592924118042, 1, 0.11920291185379028 };
    const double g2[4] = { 0, -0.058750927, 0, -0.026248394 };
    near_vec("hinge-raw loss (TF.js)", l, w2, 4, R8, 0);
    near1("hinge-raw mean (TF.js)", m, 0.6854155659675598, R8, 0);
    near_vec("hinge-raw dz (TF.js)", dz, g2, 4, R8, A8);
    /* (c) the y = 0 rows are dead: loss exactly 1, gradient exactly 0 */
    assert_true(l[0] == 1.0f && l[2] == 1.0f && dz[0] == 0.0f && dz[2] == 0.0f);

    m = run(atlas_squared_hinge, Z4, Y4, 4, 1, l, dz);
    const double w3[4] = { 1.2526153, 0.38745558, 2.6323745, 0.014209349 };
    const double g3[4] = { 0.058754567, -0.073140122, 0.19064198, -0.0062577762 };
    near_vec("squared-hinge loss", l, w3, 4, R8, 0);
    near1("squared-hinge mean", m, 1.0716637, R8, 0);
    near_vec("squared-hinge dz", dz, g3, 4, R8, A8);

    m = run(atlas_squared_hinge_raw, Z4, Y4, 4, 1, l, dz);
    const double w4[4] = { 1, 0.3874555826187134, 1, 0.014209333807229996 };
    const double g4[4] = { 0, -0.073140122, 0, -0.0062577701 };
    near_vec("squared-hinge-raw loss (TF.js)", l, w4, 4, R8, 0);
    near1("squared-hinge-raw mean (TF.js)", m, 0.6004162430763245, R8, 0);
    near_vec("squared-hinge-raw dz (TF.js)", dz, g4, 4, R8, A8);

    m = run(atlas_hinge_embedding_torch, Z4, Y4, 4, 1, l, dz);
    const double w5[4] = { 1.0, 0.3775407, 1.0, 0.8807970 };
    const double g5[4] = { 0, 0.0587509, 0, 0.0262484 };
    near_vec("hinge-embedding-torch loss", l, w5, 4, 0, 5e-8);
    near_vec("hinge-embedding-torch dz", dz, g5, 4, 0, 5e-8);
    assert_true(dz[0] == 0.0f && dz[2] == 0.0f);

    m = run(atlas_soft_margin_torch, Z4, Y4, 4, 1, l, dz);
    const double w6[4] = { 0.6931472, 0.5220891, 0.6931472, 0.3467425 };
    near_vec("soft-margin-torch loss", l, w6, 4, 0, 5e-8);
    assert_true(dz[0] == 0.0f && dz[2] == 0.0f && dz[1] < 0.0f && dz[3] < 0.0f);
}

/* ------------------------------------------------------------------------------------------
 * (a) reference values: K-unit set-ups on the tiny example (B = 2, K = 4) */

static void test_softmax_bce_values(void **state)
{
    (void)state;
    float l[2], dz[8];
    const double g[8] = { -0.080738, 0.054625, 0.019808, 0.006305, -0.009398, -0.008097, 0.153902, -0.136407 };
    near1("softmax-bce-legacy", run(atlas_softmax_bce_legacy, ZT, YT, 2, 4, l, dz), 0.6604168, R8, 0);
    near_vec("softmax-bce-legacy dz", dz, g, 8, 0, A6);
    near1("softmax-bce-clipeps", run(atlas_softmax_bce_clipeps, ZT, YT, 2, 4, l, dz), 0.6604165, R8, 0);
    near_vec("softmax-bce-clipeps dz", dz, g, 8, 0, A6);
    near1("softmax-bce-clip", run(atlas_softmax_bce_clip, ZT, YT, 2, 4, l, dz), 0.6604168, R8, 0);
    near_vec("softmax-bce-clip dz", dz, g, 8, 0, A6);
    near1("softmax-bce-torch", run(atlas_softmax_bce_torch, ZT, YT, 2, 4, l, dz), 0.6604168, R8, 0);
    near_vec("softmax-bce-torch dz", dz, g, 8, 0, A6);

    const double gc[8] = { -0.014900, 0.091382, 0.065622, 0.033618, 0.077807, 0.071805, 0.112531, -0.074836 };
    near1("softmax-bce (cached logits)", run(atlas_softmax_bce, ZT, YT, 2, 4, l, dz), 0.9430474, R8, 0);
    near_vec("softmax-bce dz", dz, gc, 8, 0, A6);

    /* saturated, confidently wrong sample z = [m,0,0,0], y = 3 (the reference saturation table):
     * Keras's clip at m = 20 clips every column: loss 8.015, gradient exactly 0; PyTorch's BCELoss
     * has no clip and its gradient spikes at m = 17 (loss 29.25, grad ~ -1.035e4); the cached-
     * logit BCE keeps a gradient of norm 0.331. */
    const float zs20[4] = { 20, 0, 0, 0 }, zs17[4] = { 17, 0, 0, 0 };
    const int y3[1] = { 3 };
    float l1[1], d1[4];
    near1("softmax-bce-clip m=20", run(atlas_softmax_bce_clip, zs20, y3, 1, 4, l1, d1), 8.015, 0, 5e-4);
    all_zero("softmax-bce-clip m=20 dz", d1, 4);
    near1("softmax-bce-torch m=17", run(atlas_softmax_bce_torch, zs17, y3, 1, 4, l1, d1), 29.25, 1e-6, 0);
    const double gs[4] = { 0, -10349.8, -10349.8, -10350.1 };
    near_vec("softmax-bce-torch m=17 dz (spike)", d1, gs, 4, 1e-5, 0.05);
    run(atlas_softmax_bce, zs20, y3, 1, 4, l1, d1);
    double nrm = 0;
    for (int k = 0; k < 4; k++) nrm += (double)d1[k] * d1[k];
    near1("softmax-bce m=20 loss", l1[0], 5.52, 0, 5e-3);
    near1("softmax-bce m=20 |dz|", sqrt(nrm), 0.331, 0, 5e-4);
}

static void test_sigmoid_cce_values(void **state)
{
    (void)state;
    float l[2], dz[8];
    const double g[8] = { -0.180967, 0.117366, 0.047717, 0.015884, 0.064941, 0.053170, 0.355486, -0.473597 };
    near1("sigmoid-cce (= cce)", run(atlas_sigmoid_cce, ZT, YT, 2, 4, l, dz), 1.695218, 0, A6);
    near_vec("sigmoid-cce dz", dz, g, 8, 0, A6);
    const double gn[8] = { -0.037780, 0.040862, 0.051829, 0.040862, 0.047030, 0.048922, 0.017971, -0.251262 };
    near1("sigmoid-cce-norm", run(atlas_sigmoid_cce_norm, ZT, YT, 2, 4, l, dz), 1.416746, 0, A6);
    near_vec("sigmoid-cce-norm dz", dz, gn, 8, 0, A6);
    const double gt[8] = { -0.035584, 0.027267, 0.028144, 0.017177, 0.028835, 0.028589, 0.014547, -0.096499 };
    near1("ce-sigmoid", run(atlas_ce_sigmoid, ZT, YT, 2, 4, l, dz), 1.379326, 0, A6);
    near_vec("ce-sigmoid dz", dz, gt, 8, 0, A6);
    /* ce-sigmoid is bounded: [log(1 + 3/e), log(1 + 3e)] = [0.743668, 2.214283] at K = 4 */
    const float zr[8] = { 30, -30, -30, -30, -30, 30, 30, 30 };
    const int yr[2] = { 0, 0 };
    run(atlas_ce_sigmoid, zr, yr, 2, 4, l, dz);
    near1("ce-sigmoid floor K=4", l[0], 0.743668, 0, A6);
    near1("ce-sigmoid ceiling K=4", l[1], 2.214283, 0, A6);
}

/* double softmax: the loss floor log(1 + (K-1)/e) (0.7437 at K = 4), ceiling log(e + K - 1), and
 * the shrinking gradient of a confidently wrong sample z = [m,0,0,0], y = 3 */
static void test_ce_softmax_values(void **state)
{
    (void)state;
    float l[2], dz[8];
    const double g[8] = { -0.100364, 0.066505, 0.025556, 0.008303, -0.004239, -0.003734, 0.036517, -0.028544 };
    near1("ce-softmax", run(atlas_ce_softmax, ZT, YT, 2, 4, l, dz), 1.325169, 0, A6);
    near_vec("ce-softmax dz", dz, g, 8, 0, A6);

    const int Ks[3] = { 3, 4, 10 };
    const double floors[3] = { 0.551445, 0.743668, 1.461150 };
    for (int t = 0; t < 3; t++) {
        float z[20] = { 0 }, lk[2];
        int y[2] = { 0, 1 };
        z[0] = 40.0f;                 /* row 0: confidently right */
        z[Ks[t]] = 40.0f;             /* row 1: confidently wrong (class 0 of row 1) */
        run(atlas_ce_softmax, z, y, 2, Ks[t], lk, NULL);
        near1("ce-softmax floor", lk[0], floors[t], 0, A6);
        near1("ce-softmax ceiling", lk[1], floors[t] + 1.0, 0, A6);
    }
    near1("ce-softmax floor 0.7437 at K=4", log(1 + 3 / exp(1.0)), 0.7437, 0, 5e-5);

    const float ms[5] = { 0, 2, 5, 10, 20 };
    const double norms[5] = { 0.217, 0.144, 0.015, 1.06e-4, 2.8e-9 };
    for (int t = 0; t < 5; t++) {
        float z[4] = { ms[t], 0, 0, 0 }, l1[1], d1[4];
        const int y3[1] = { 3 };
        atlas_ce_softmax(z, y3, 1, 4, l1, d1);
        double n = 0;
        for (int k = 0; k < 4; k++) n += (double)d1[k] * d1[k];
        /* the reference values have 3 significant digits (2 at m = 20): half a unit in the last place */
        near1("ce-softmax |dz| shrinkage", sqrt(n), norms[t], t < 4 ? 6e-3 : 2e-2, 0);
    }
}

static void test_raw_k_values(void **state)
{
    (void)state;
    float l[2], dz[8];
    const double g[8] = { -0.011905, 0.238095, 0.238095, 0.238095, 0, 0, 0, 0 };
    near1("cce-raw", run(atlas_cce_raw, ZT, YT, 2, 4, l, dz), 8.083443, 0, A6);
    near_vec("cce-raw dz", dz, g, 8, 0, A6);
    /* (c) sample 2 has q_3 = -0.4 / 2.6 < 0: clipped to eps, loss -log(1e-7) = 16.118095, and the
     * whole row's gradient is exactly 0 */
    near1("cce-raw clipped row", l[1], 16.118095, R8, 0);
    all_zero("cce-raw clipped row dz", &dz[4], 4);

    const double gs[8] = { 0, 0, 0.2381, 0, 0.2778, 0.2778, 0, 0 };
    near1("scce-raw", run(atlas_scce_raw, ZT, YT, 2, 4, l, dz), 8.72391, 0, 5e-6);
    near_vec("scce-raw dz", dz, gs, 8, 0, 5e-5);
    /* (c) outputs <= 0 or >= 1 get exactly no gradient */
    assert_true(dz[0] == 0.0f && dz[1] == 0.0f && dz[3] == 0.0f && dz[6] == 0.0f && dz[7] == 0.0f);
}

static void test_nll_values(void **state)
{
    (void)state;
    float l[2], dz[8];
    near1("nll-raw", run(atlas_nll_raw, ZT, YT, 2, 4, l, dz), -0.8, 0, 1e-7);
    const double g[8] = { -0.5, 0, 0, 0, 0, 0, 0, -0.5 };
    near_vec("nll-raw dz", dz, g, 8, 0, 0);
    /* unbounded below: the loss is exactly -z_y however large z_y grows */
    const float zb[4] = { 0, 0, 1e6f, 0 };
    const int y2[1] = { 2 };
    float l1[1];
    atlas_nll_raw(zb, y2, 1, 4, l1, NULL);
    assert_true(l1[0] == -1e6f);

    near1("nll-softmax", run(atlas_nll_softmax, ZT, YT, 2, 4, l, dz), -0.3454364, 0, 5e-8);
    for (int i = 0; i < 2; i++) assert_true(l[i] >= -1.0f && l[i] <= 0.0f);
}

/* ------------------------------------------------------------------------------------------
 * (b) finite differences, wherever the framework's gradient is the true derivative */

/* the inputs: z (B, U) and labels for kernel k, away from the kinks (clip bounds) by > 3h */
static void fd_inputs(const Kern *k, int B, int U, uint64_t *s, float *z, int *y)
{
    int K = k->multi ? U : 2;
    for (int i = 0; i < B; i++) {
        y[i] = (int)(uni(s) * K) % K;
        for (int j = 0; j < U; j++) {
            float *v = &z[i * U + j];
            double r = uni(s);
            switch (k->input) {
            case 1:   /* raw values: inside (0,1) or outside, away from 0 and 1 */
                *v = (float)(r < 0.6 ? 0.06 + 0.88 * uni(s) : (uni(s) < 0.5 ? -0.1 - uni(s) : 1.1 + uni(s)));
                break;
            case 2:   /* positive raw rows (q_y inside (0,1)); some rows with a negative z_y */
                *v = (float)(0.2 + 1.3 * r);
                break;
            default:
                *v = (float)(6.0 * r - 3.0);
                break;
            }
        }
        if (k->input == 2 && i % 3 == 2) z[i * U + y[i]] = -0.5f;   /* clipped row: q_y < 0 */
    }
}

/* d mean-loss / d z_j by central differences with Richardson extrapolation: with h = 1e-2 the
 * truncation error is O(h^4) (about 1e-8 for these smooth losses); the rounding error is that of
 * the one sample's float32 loss (a few ulps: ~2e-7 |l_i|) over 2h, i.e. ~1e-5 |l_i| / B (the other
 * samples' losses are bit-identical in both evaluations and cancel exactly in the double sum). */
static double fd_grad(LossFn fn, float *z, const int *y, int B, int U, int j, float *l)
{
    const float z0 = z[j];
    double d[2];
    for (int r = 0; r < 2; r++) {
        float h = r == 0 ? 1e-2f : 5e-3f;
        z[j] = z0 + h;
        double lp = run(fn, z, y, B, U, l, NULL);
        z[j] = z0 - h;
        double lm = run(fn, z, y, B, U, l, NULL);
        d[r] = (lp - lm) / ((double)(z0 + h) - (double)(z0 - h));
    }
    z[j] = z0;
    return (4 * d[1] - d[0]) / 3;
}

static void test_finite_differences(void **state)
{
    (void)state;
    uint64_t s = 2026;
    int checked = 0;
    for (int ki = 0; ki < NKERNS; ki++) {
        const Kern *k = &KERNS[ki];
        if (!k->fd) continue;
        for (int rep = 0; rep < 3; rep++) {
            int B = 4 + rep * 3, U = k->multi ? 3 + rep : 1;
            float z[MAXN], l[MAXN], dz[MAXN];
            int y[MAXN];
            fd_inputs(k, B, U, &s, z, y);
            run(k->fn, z, y, B, U, l, dz);
            double lmax = 0;
            for (int i = 0; i < B; i++) lmax = fmax(lmax, fabs((double)l[i]));
            for (int j = 0; j < B * U; j++) {
                double fd = fd_grad(k->fn, z, y, B, U, j, l);
                /* 2e-3 relative; absolute 5e-5 (1 + |l|) / B: the rounding bound above with a
                 * factor 5 of margin (a wrong derivative is off by O(|dz|)) */
                double tol = 2e-3 * fabs((double)dz[j]) + 5e-5 * (1 + lmax) / B;
                if (!(fabs(fd - (double)dz[j]) <= tol))
                    fail_msg("%s: B=%d U=%d dz[%d] = %.9g, finite difference %.9g (z = %g, y = %d)",
                             k->id, B, U, j, (double)dz[j], fd, (double)z[j], y[j / U]);
                checked++;
            }
        }
    }
    assert_true(checked > 500);
}

/* every kernel: loss_out and dz may each be NULL, and the other output is unchanged */
static void test_null_outputs(void **state)
{
    (void)state;
    uint64_t s = 11;
    for (int ki = 0; ki < NKERNS; ki++) {
        const Kern *k = &KERNS[ki];
        int B = 5, U = k->multi ? 4 : 1;
        float z[20], l1[5], l2[5], d1[20], d2[20];
        int y[5];
        fd_inputs(k, B, U, &s, z, y);
        k->fn(z, y, B, U, l1, d1);
        k->fn(z, y, B, U, l2, NULL);
        k->fn(z, y, B, U, NULL, d2);
        k->fn(z, y, B, U, NULL, NULL);
        assert_memory_equal(l1, l2, sizeof l1);
        assert_memory_equal(d1, d2, sizeof(float) * (size_t)(B * U));
    }
}

/* ------------------------------------------------------------------------------------------
 * the head's displayed output */

static void test_output(void **state)
{
    (void)state;
    /* a softmax over one unit is exactly 1.0 for every finite logit, NaN otherwise */
    const float z1[9] = { -1e30f, -88.0f, -3.0f, -0.0f, 0.0f, 5.0f, 88.0f, 1e30f, INFINITY };
    float o1[9];
    loss_atlas_output(ATLAS_OUT_SOFTMAX, z1, 9, 1, o1);
    for (int i = 0; i < 8; i++) assert_true(o1[i] == 1.0f);
    assert_true(isnan(o1[8]));
    /* K-unit softmax rows sum to 1; argmax is kept */
    float o[8];
    loss_atlas_output(ATLAS_OUT_SOFTMAX, ZT, 2, 4, o);
    const double ws[8] = { 0.638066, 0.234732, 0.095435, 0.031767, 0.129883, 0.106339, 0.710972, 0.052806 };
    near_vec("softmax output", o, ws, 8, 0, 1e-6);
    loss_atlas_output(ATLAS_OUT_SIGMOID, ZT, 2, 4, o);
    const double wp[8] = { 0.880797, 0.731059, 0.524979, 0.268941, 0.622459, 0.574443, 0.900250, 0.401312 };
    near_vec("sigmoid output", o, wp, 8, 0, 1e-6);
    loss_atlas_output(ATLAS_OUT_LINEAR, ZT, 2, 4, o);
    assert_memory_equal(o, ZT, sizeof o);
}

/* ------------------------------------------------------------------------------------------
 * (d) PyTorch parity: fixtures/parity_atlas.txt */

typedef struct {
    char id[40], kind[8];
    int B, U;
    float z[MAXN];
    int y[MAXN];
    double losses[MAXN], loss, dz[MAXN];
} PCase;

typedef struct {
    char torch[40];
    int nc;
    PCase c[128];
    int nm;
    char mkey[32][32];
    char mtext[32][256];
} PFile;

static int read_doubles(char *rest, double *v, int n)
{
    char *end = rest;
    for (int i = 0; i < n; i++) {
        char *p = end;
        v[i] = strtod(p, &end);
        if (end == p) return -1;
    }
    return 0;
}

/* 0, or -1 with a message naming the line */
static int pfile_read(const char *path, PFile *pf)
{
    FILE *f = fopen(path, "r");
    if (!f) { print_error("cannot open %s\n", path); return -1; }
    char line[4096];
    int ln = 0;
    PCase *c = NULL;
    double tmp[MAXN];
    memset(pf, 0, sizeof *pf);
    while (fgets(line, sizeof line, f)) {
        ln++;
        line[strcspn(line, "\r\n")] = 0;
        if (line[0] == '#' || line[0] == 0) continue;
        char *sp = strchr(line, ' ');
        if (!sp) goto bad;
        *sp = 0;
        char *rest = sp + 1;
        if (strcmp(line, "torch") == 0) {
            snprintf(pf->torch, sizeof pf->torch, "%s", rest);
        } else if (strcmp(line, "case") == 0) {
            if (pf->nc >= 128) goto bad;
            c = &pf->c[pf->nc++];
            if (sscanf(rest, "%39s %7s %d %d", c->id, c->kind, &c->B, &c->U) != 4) goto bad;
            if (c->B < 1 || c->U < 1 || c->B * c->U > MAXN) goto bad;
        } else if (!c && strcmp(line, "msg") != 0) {
            goto bad;
        } else if (strcmp(line, "z") == 0) {
            if (read_doubles(rest, tmp, c->B * c->U)) goto bad;
            for (int i = 0; i < c->B * c->U; i++) c->z[i] = (float)tmp[i];
        } else if (strcmp(line, "y") == 0) {
            if (read_doubles(rest, tmp, c->B)) goto bad;
            for (int i = 0; i < c->B; i++) c->y[i] = (int)tmp[i];
        } else if (strcmp(line, "losses") == 0) {
            if (read_doubles(rest, c->losses, c->B)) goto bad;
        } else if (strcmp(line, "loss") == 0) {
            if (read_doubles(rest, &c->loss, 1)) goto bad;
        } else if (strcmp(line, "dz") == 0) {
            if (read_doubles(rest, c->dz, c->B * c->U)) goto bad;
        } else if (strcmp(line, "msg") == 0) {
            if (pf->nm >= 32) goto bad;
            char *sp2 = strchr(rest, ' ');
            if (!sp2) goto bad;
            *sp2 = 0;
            snprintf(pf->mkey[pf->nm], sizeof pf->mkey[0], "%s", rest);
            snprintf(pf->mtext[pf->nm], sizeof pf->mtext[0], "%s", sp2 + 1);
            pf->nm++;
        } else {
            goto bad;
        }
    }
    fclose(f);
    return 0;
bad:
    print_error("%s:%d: malformed line\n", path, ln);
    fclose(f);
    return -1;
}

static PFile g_pf;   /* read once in main, read-only in the tests */

static void test_parity_cases(void **state)
{
    (void)state;
    assert_true(strncmp(g_pf.torch, "2.13.0", 6) == 0);   /* the fixture says which torch made it */
    assert_true(g_pf.nc >= 70);
    for (int ci = 0; ci < g_pf.nc; ci++) {
        const PCase *c = &g_pf.c[ci];
        const Kern *k = kern_find(c->id);
        if (!k) fail_msg("fixture case %s: no such kernel", c->id);
        assert_int_equal(c->U > 1, k->multi);
        float l[MAXN], dz[MAXN];
        double m = run(k->fn, c->z, c->y, c->B, c->U, l, dz);
        double lmax = 0, gmax = 0;
        for (int i = 0; i < c->B; i++) lmax = fmax(lmax, fabs(c->losses[i]));
        for (int i = 0; i < c->B * c->U; i++) gmax = fmax(gmax, fabs(c->dz[i]));
        char what[96];
        /* float32 against float32 with other exp/log implementations (PyTorch's vectorised ones):
         * 1e-5 relative (~80 ulps, room for the cancellations inside softmax backward) and an
         * absolute floor of 1e-6 of the batch's largest value, so near-zero entries (1.19e-7 next
         * to 15.94, a masked 0 next to 0.5) compare absolutely */
        snprintf(what, sizeof what, "%s (%s, B=%d U=%d) losses", c->id, c->kind, c->B, c->U);
        near_vec(what, l, c->losses, c->B, 1e-5, 1e-6 * lmax + 1e-12);
        snprintf(what, sizeof what, "%s (%s, B=%d U=%d) mean", c->id, c->kind, c->B, c->U);
        near1(what, m, c->loss, 1e-5, 1e-6 * lmax + 1e-12);
        snprintf(what, sizeof what, "%s (%s, B=%d U=%d) dz", c->id, c->kind, c->B, c->U);
        near_vec(what, dz, c->dz, c->B * c->U, 1e-5, 1e-6 * gmax + 1e-12);
    }
}

/* every kernel marked parity has a case, and the torch-computed behaviours are real torch cases */
static void test_parity_coverage(void **state)
{
    (void)state;
    const char *torch_ids[] = { "bce-double", "mse", "mse-broadcast", "ce-softmax", "ce-sigmoid",
                                "nll-raw", "nll-softmax", "softmax1-bce-torch",
                                "softmax1-bcelogits-torch", "ce1-float-torch", "ce1-squeezed-torch",
                                "softmax-bce-torch", "hinge-embedding-torch", "soft-margin-torch" };
    for (int ki = 0; ki < NKERNS; ki++) {
        if (!KERNS[ki].parity) continue;
        int n = 0;
        for (int ci = 0; ci < g_pf.nc; ci++) n += strcmp(g_pf.c[ci].id, KERNS[ki].id) == 0;
        if (n < 2) fail_msg("kernel %s has %d parity cases, want >= 2", KERNS[ki].id, n);
    }
    for (size_t t = 0; t < sizeof torch_ids / sizeof torch_ids[0]; t++) {
        int n = 0;
        for (int ci = 0; ci < g_pf.nc; ci++)
            n += strcmp(g_pf.c[ci].id, torch_ids[t]) == 0 && strcmp(g_pf.c[ci].kind, "torch") == 0;
        if (n < 1) fail_msg("%s: no case computed by torch itself", torch_ids[t]);
    }
}

static const char *pmsg(const char *key)
{
    for (int i = 0; i < g_pf.nm; i++)
        if (strcmp(g_pf.mkey[i], key) == 0) return g_pf.mtext[i];
    fail_msg("message %s missing from the fixture", key);
    return "";
}

/* the texts PyTorch prints are the ones losslab shows (loss_atlas.h), for N = 4 and N = 8 */
static void test_parity_messages(void **state)
{
    (void)state;
    const int ns[2] = { 4, 8 };
    for (int t = 0; t < 2; t++) {
        int n = ns[t];
        char key[32], want[512];
#define MSG_IS(name, ...) do { \
            snprintf(key, sizeof key, name "_%d", n); \
            snprintf(want, sizeof want, __VA_ARGS__); \
            assert_string_equal(pmsg(key), want); \
        } while (0)
        MSG_IS("ce1_int", "%s", ATLAS_TORCH_MSG_CE1_INT);
        MSG_IS("nll1_int", "%s", ATLAS_TORCH_MSG_CE1_INT);
        MSG_IS("mse_broadcast", ATLAS_TORCH_MSG_MSE_BROADCAST, n, n);
        MSG_IS("bce_shape", ATLAS_TORCH_MSG_BCE_SHAPE, n, n);
        MSG_IS("bcel_shape", ATLAS_TORCH_MSG_BCEL_SHAPE, n, n);
        MSG_IS("bce_range", "%s", ATLAS_TORCH_MSG_BCE_RANGE);
        MSG_IS("ce1_long_n1", "%s", ATLAS_TORCH_MSG_CE1_LONG_N1);
        MSG_IS("ce1_float_n", "%s", ATLAS_TORCH_MSG_CE1_FLOAT_N);
#undef MSG_IS
    }
}

int main(void)
{
    if (pfile_read(PARITY_ATLAS, &g_pf) != 0) {
        fprintf(stderr, "test_loss_atlas: cannot read %s (run from tests/)\n", PARITY_ATLAS);
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_softmax1_bce_values),
        cmocka_unit_test(test_softmax1_frozen_values),
        cmocka_unit_test(test_softmax1_cce_exact),
        cmocka_unit_test(test_softmax1_frozen_any_z),
        cmocka_unit_test(test_ce1_squeezed_values),
        cmocka_unit_test(test_scce1_nan_exact),
        cmocka_unit_test(test_bce_double_values),
        cmocka_unit_test(test_bce_raw_values),
        cmocka_unit_test(test_mse_values),
        cmocka_unit_test(test_mse_broadcast_label_blind),
        cmocka_unit_test(test_hinge_values),
        cmocka_unit_test(test_softmax_bce_values),
        cmocka_unit_test(test_sigmoid_cce_values),
        cmocka_unit_test(test_ce_softmax_values),
        cmocka_unit_test(test_raw_k_values),
        cmocka_unit_test(test_nll_values),
        cmocka_unit_test(test_finite_differences),
        cmocka_unit_test(test_null_outputs),
        cmocka_unit_test(test_output),
        cmocka_unit_test(test_parity_cases),
        cmocka_unit_test(test_parity_coverage),
        cmocka_unit_test(test_parity_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
