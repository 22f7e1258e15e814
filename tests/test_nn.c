/* test_nn — unit tests for the numeric core (src/nn): heads (losses and their semantics), the
 * LSTM and Dense layers, the whole Net, Adam, the initialisers, determinism across pools.
 * Gradient checks (kann's kad_check_grad style):
 *   - per coordinate against an independent double-precision reference forward written here
 *     (central differences with eps 1e-6 in double: the numerical gradient is ~1e-9 accurate,
 *     so the float analytic gradient must agree to ~1e-4 relative);
 *   - along random directions, running the float forward itself at theta +- eps*d.
 * Runs with cwd = tests/. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn/adam.h"
#include "nn/dense.h"
#include "nn/gemm.h"
#include "nn/loss.h"
#include "setup/setup.h"
#include "nn/init.h"
#include "nn/lstm.h"
#include "nn/net.h"
#include "nn/pool.h"
#include "nn/rng.h"

/* ------------------------------------------------------------------------------------------
 * helpers */

#define assert_close(a, b, rtol, atol) assert_close_at((a), (b), (rtol), (atol), #a, __FILE__, __LINE__)
static void assert_close_at(double a, double b, double rtol, double atol, const char *what,
                            const char *file, int line)
{
    double d = fabs(a - b), lim = atol + rtol * fmax(fabs(a), fabs(b));
    if (!(d <= lim)) {
        print_error("%s:%d: %s = %.9g, expected %.9g (|diff| %.3g > %.3g)\n", file, line, what, a, b, d, lim);
        _fail(file, line);
    }
}

static void fill_uniform(Rng *r, float *w, size_t n, float lo, float hi)
{
    for (size_t i = 0; i < n; i++) w[i] = rng_uniformf(r, lo, hi);
}

/* hard_sigmoid / sigmoid / tanh in double, and the kink margin of hard_sigmoid */
static double ref_ract(double x, int hard, double *margin, long *nclip)
{
    if (!hard) return 1.0 / (1.0 + exp(-x));
    double u = 0.2 * x + 0.5;
    double m = fmin(fabs(u), fabs(u - 1.0));
    if (m < *margin) *margin = m;
    if (u <= 0) { (*nclip)++; return 0; }
    if (u >= 1) { (*nclip)++; return 1; }
    return u;
}

/* Reference LSTM in double, written independently of lstm.c (loop over t, b, unit, gate).
 *   x (B, T, F); W (F, 4H); U (H, 4H); b (4H) -> hT (B, H). margin: min distance of any
 *   hard_sigmoid input 0.2x+0.5 to the kinks 0 and 1; nclip: how many gate values were clipped. */
static void ref_lstm(const double *x, const double *W, const double *U, const double *b,
                     int B, int T, int F, int H, int hard, double *hT, double *margin, long *nclip)
{
    double *h = calloc((size_t)H, sizeof *h), *c = calloc((size_t)H, sizeof *c);
    double *hn = calloc((size_t)H, sizeof *hn), *z = calloc((size_t)4 * H, sizeof *z);
    *margin = 1e300;
    *nclip = 0;
    for (int bb = 0; bb < B; bb++) {
        for (int j = 0; j < H; j++) h[j] = c[j] = 0;
        for (int t = 0; t < T; t++) {
            for (int k = 0; k < 4 * H; k++) {
                double s = b[k];
                for (int f = 0; f < F; f++) s += x[((size_t)bb * T + t) * F + f] * W[(size_t)f * 4 * H + k];
                for (int j = 0; j < H; j++) s += h[j] * U[(size_t)j * 4 * H + k];
                z[k] = s;
            }
            for (int j = 0; j < H; j++) {
                double i = ref_ract(z[j], hard, margin, nclip);
                double f = ref_ract(z[H + j], hard, margin, nclip);
                double g = tanh(z[2 * H + j]);
                double o = ref_ract(z[3 * H + j], hard, margin, nclip);
                c[j] = f * c[j] + i * g;
                hn[j] = o * tanh(c[j]);
            }
            memcpy(h, hn, sizeof(double) * (size_t)H);
        }
        memcpy(hT + (size_t)bb * H, h, sizeof(double) * (size_t)H);
    }
    free(h); free(c); free(hn); free(z);
}

/* the built-in set-up of that id (the tests name rows by id, never by position) */
static const Setup *S(const char *id)
{
    const Setup *s = setup_find(setup_builtin(), id);
    assert_non_null(s);
    return s;
}

/* a binary set-up's kernel on its own head width */
static void LF(const Setup *s, const float *z, const int *y, int B, float *l, float *d)
{
    s->loss(z, y, B, setup_units(s, 2), l, d);
}

/* p(class 1) as the log-loss reads it */
static double P1(const Setup *s, const float *z)
{
    double p[2];
    setup_probs(s, z, setup_units(s, 2), 2, p);
    return p[1];
}

static void ref_dense(const double *in, const double *w, const double *bias, int B, int I, int O, double *out)
{
    for (int r = 0; r < B; r++)
        for (int o = 0; o < O; o++) {
            double s = bias[o];
            for (int i = 0; i < I; i++) s += in[(size_t)r * I + i] * w[(size_t)i * O + o];
            out[(size_t)r * O + o] = s;
        }
}

/* per-sample loss in double for the heads with a true gradient */
static double ref_loss(const Setup *su, const double *z, int y)
{
    if (!strcmp(su->id, "bce")) return fmax(z[0], 0) - z[0] * y + log1p(exp(-fabs(z[0])));
    if (!strcmp(su->id, "cce2")) {
        double m = fmax(z[0], z[1]);
        double lse = m + log(exp(z[0] - m) + exp(z[1] - m));
        return lse - z[y];
    }
    if (!strcmp(su->id, "cce1-textbook")) {
        double p = 1.0 / (1.0 + exp(-z[0]));
        return -y * log(p);   /* only used inside the clip range */
    }
    return NAN;
}

/* Central-difference check of every coordinate: f(theta) in double, analytic gradient g (n).
 * Passes when |g - num| <= rtol*max(|g|,|num|) + atol_frac*max|num|. Returns the worst ratio. */
typedef double (*ObjFn)(void *ctx, const double *theta);
static void check_grad_coords(ObjFn f, void *ctx, double *theta, const float *g, size_t n,
                              double eps, double rtol, double atol_frac, const char *what)
{
    double *num = malloc(sizeof(double) * n);
    double gmax = 0;
    for (size_t i = 0; i < n; i++) {
        double t0 = theta[i];
        theta[i] = t0 + eps;
        double fp = f(ctx, theta);
        theta[i] = t0 - eps;
        double fm = f(ctx, theta);
        theta[i] = t0;
        num[i] = (fp - fm) / (2 * eps);
        if (fabs(num[i]) > gmax) gmax = fabs(num[i]);
    }
    assert_true(gmax > 1e-6);   /* a check against an all-zero gradient proves nothing */
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        double d = fabs(g[i] - num[i]);
        double lim = rtol * fmax(fabs(g[i]), fabs(num[i])) + atol_frac * gmax;
        if (!(d <= lim)) {
            if (bad < 5) print_error("%s: coord %zu analytic %.8g numeric %.8g\n", what, i, g[i], num[i]);
            bad++;
        }
    }
    free(num);
    if (bad) fail_msg("%s: %d of %zu coordinates disagree", what, bad, n);
}

/* ------------------------------------------------------------------------------------------
 * heads: table */

static void test_setup_table(void **state)
{
    (void)state;
    const SetupTable *t = setup_builtin();
    assert_true(t->n >= 6);
    for (int i = 0; i < t->n; i++) {
        const Setup *s = &t->rows[i];
        assert_ptr_equal(setup_find(t, s->id), s);
        assert_int_equal(setup_index(t, s), i);
        assert_true(s->units >= 0 && s->units <= 2);
        assert_true(s->kmin >= 2 && s->kmin <= s->kmax && s->kmax <= CLASSES_MAX);
        assert_true(strlen(s->card) > 0 && strlen(s->card) <= 30);
        assert_non_null(s->head);
        assert_non_null(s->loss_name);
        assert_true(strlen(s->semantics) > 10 && strlen(s->expect) > 10 && strlen(s->frameworks) > 3);
        assert_non_null(s->loss);
        assert_true((unsigned)s->hue < HUE_COUNT);
        /* the key is the card badge and the focus key: unique, and never a lower-case command key */
        assert_false(s->key >= 'a' && s->key <= 'z');
        assert_true(s->key > ' ' && s->key != 'R' && s->key != 'Q' && s->key != '0');
        for (int j = 0; j < i; j++) {
            assert_int_not_equal(t->rows[j].key, s->key);
            assert_string_not_equal(t->rows[j].id, s->id);
        }
    }
    assert_null(setup_find(t, "no-such-setup"));
    assert_null(setup_find(t, NULL));
    assert_ptr_equal(setup_find(t, "softmax-cce"), setup_find(t, "cce"));   /* an alias */
    assert_string_equal(setup_suggest(t, "bec"), "bce");
    char list[512];
    setup_id_list(t, list, sizeof list);
    assert_true(!strncmp(list, "bce, cce1, cce1-frozen, cce1-textbook, cce2", 42));
    /* the default line-ups name rows of the table that accept their K */
    for (int i = 0; t->lineup[i]; i++) assert_true(setup_accepts(setup_find(t, t->lineup[i]), 2));
    for (int i = 0; t->lineup_k[i]; i++) assert_true(setup_accepts(setup_find(t, t->lineup_k[i]), 4));
}

/* ------------------------------------------------------------------------------------------
 * heads: gradients by finite differences of the float loss (eps 1e-3) */

static void check_head_fd(const Setup *s, const float *z0, const int *y, int B)
{
    int U = setup_units(s, 2);
    float *z = malloc(sizeof(float) * (size_t)B * U), *dz = malloc(sizeof(float) * (size_t)B * U);
    float *lp = malloc(sizeof(float) * (size_t)B), *lm = malloc(sizeof(float) * (size_t)B);
    memcpy(z, z0, sizeof(float) * (size_t)B * U);
    LF(s, z, y, B, lp, dz);
    /* loss value against the double formula */
    for (int i = 0; i < B; i++) {
        double zd[2] = { z[i * U], U == 2 ? z[i * U + 1] : 0 };
        assert_close(lp[i], ref_loss(s, zd, y[i]), 2e-6, 1e-7);
    }
    const float eps = 1e-2f;   /* float losses near 0 are coarse: a wide step, O(eps^2) error ~1e-5 */
    for (int k = 0; k < B * U; k++) {
        float zk = z[k];
        z[k] = zk + eps;
        LF(s, z, y, B, lp, NULL);
        z[k] = zk - eps;
        LF(s, z, y, B, lm, NULL);
        z[k] = zk;
        double diff = 0;
        for (int i = 0; i < B; i++) diff += (double)lp[i] - lm[i];
        double dp = (double)(zk + eps) - (double)(zk - eps);     /* the step actually taken */
        double num = diff / dp / B;                              /* d(mean loss)/dz_k */
        assert_close(dz[k], num, 2e-3, 2e-5 / B);
    }
    free(z); free(dz); free(lp); free(lm);
}

static void test_head_bce_grad(void **state)
{
    (void)state;
    enum { B = 24 };
    float z[B];
    int y[B];
    Rng r;
    rng_seed(&r, 11, 100);
    for (int i = 0; i < B; i++) { z[i] = rng_uniformf(&r, -9.0f, 9.0f); y[i] = (i % 3 == 0); }
    check_head_fd(S("bce"), z, y, B);
    /* exact spot values: z = 0 -> loss log 2, dz = (0.5 - y)/B */
    float zz[2] = { 0.0f, 0.0f }, l[2], d[2];
    int yy[2] = { 0, 1 };
    LF(S("bce"), zz, yy, 2, l, d);
    assert_close(l[0], log(2.0), 1e-7, 0);
    assert_true(d[0] == 0.25f && d[1] == -0.25f);
    /* stable at extreme logits: no inf, correct asymptotes */
    float ze[2] = { 100.0f, -100.0f };
    int ye[2] = { 0, 0 };
    LF(S("bce"), ze, ye, 2, l, d);
    assert_close(l[0], 100.0, 1e-7, 0);
    assert_true(l[1] >= 0.0f && l[1] < 1e-30f);
    assert_true(d[0] == 0.5f && d[1] > 0.0f && d[1] < 1e-40f);   /* sigmoid(-100)/2, subnormal */
}

static void test_head_cce2_grad(void **state)
{
    (void)state;
    enum { B = 20 };
    float z[2 * B];
    int y[B];
    Rng r;
    rng_seed(&r, 12, 100);
    for (int i = 0; i < 2 * B; i++) z[i] = rng_uniformf(&r, -7.0f, 7.0f);
    for (int i = 0; i < B; i++) y[i] = (i % 2);
    check_head_fd(S("cce2"), z, y, B);
    /* extreme logits stay finite */
    float ze[2] = { 200.0f, -200.0f }, l[1], d[2];
    int ye[1] = { 1 };
    LF(S("cce2"), ze, ye, 1, l, d);
    assert_close(l[0], 400.0, 1e-7, 0);
    assert_true(d[0] == 1.0f && d[1] == -1.0f);
}

static void test_head_textbook(void **state)
{
    (void)state;
    enum { B = 16 };
    float z[B];
    int y[B];
    Rng r;
    rng_seed(&r, 13, 100);
    /* inside the clip range: sigmoid(z) in [1e-7, 1-1e-7] needs |z| < ~15.9; stay well inside */
    for (int i = 0; i < B; i++) { z[i] = rng_uniformf(&r, -8.0f, 5.0f); y[i] = (i % 4 != 0); }
    check_head_fd(S("cce1-textbook"), z, y, B);
    /* clipped at both ends: the gradient is 0 and the loss uses the clip value */
    float zc[3] = { 30.0f, -30.0f, -30.0f }, l[3], d[3];
    int yc[3] = { 1, 1, 0 };
    LF(S("cce1-textbook"), zc, yc, 3, l, d);
    assert_true(d[0] == 0.0f && d[1] == 0.0f && d[2] == 0.0f);
    volatile float hi = 1.0f - 1e-7f, lo = 1e-7f;   /* volatile: logf at run time, not folded */
    assert_true(l[0] == -logf(hi));
    assert_true(l[0] == 1.1920929e-07f);
    assert_true(l[1] == -logf(lo));
    assert_true(l[2] == 0.0f);
    /* y = 0 never produces a gradient, whatever z */
    float z0[1] = { 0.3f };
    int y0[1] = { 0 };
    LF(S("cce1-textbook"), z0, y0, 1, l, d);
    assert_true(d[0] == 0.0f && l[0] == 0.0f);
    /* it always pushes z up where y = 1: the collapse to class 1 */
    float z1[1] = { 2.0f };
    int y1[1] = { 1 };
    LF(S("cce1-textbook"), z1, y1, 1, l, d);
    assert_true(d[0] < 0.0f);
}

static void test_head_cce1_semantics(void **state)
{
    (void)state;
    const float zs[] = { 0.0f, -0.0f, 1.0f, -1.0f, 3.5f, -17.0f, 1e-30f, 88.0f, -104.0f, 1e30f, -1e30f,
                         FLT_MAX, -FLT_MAX };
    const int n = (int)(sizeof zs / sizeof zs[0]);
    for (int B = 1; B <= 33; B += 8) {
        float *z = malloc(sizeof(float) * (size_t)B);
        int *y = malloc(sizeof(int) * (size_t)B);
        float *l = malloc(sizeof(float) * (size_t)B), *d = malloc(sizeof(float) * (size_t)B);
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < B; i++) { z[i] = zs[(k + i) % n]; y[i] = ((i + k) % 2); }
            LF(S("cce1"), z, y, B, l, d);
            for (int i = 0; i < B; i++) {
                assert_true(l[i] == 0.0f && !signbit(l[i]));
                assert_true(d[i] == (1.0f - (float)y[i]) / (float)B);
            }
            LF(S("cce1-frozen"), z, y, B, l, d);
            for (int i = 0; i < B; i++) {
                assert_true(l[i] == (float)y[i] * 1.1920929e-07f);
                assert_true(d[i] == 0.0f);
            }
        }
        free(z); free(y); free(l); free(d);
    }
    /* a non-finite logit: TF's kernel computes z - max(z) = NaN, so loss and gradient are NaN */
    {
        float z[3] = { NAN, INFINITY, -INFINITY }, l[3], d[3];
        int y[3] = { 0, 1, 0 };
        LF(S("cce1"), z, y, 3, l, d);
        for (int i = 0; i < 3; i++) assert_true(isnan(l[i]) && isnan(d[i]));
    }
    /* the frozen loss is what float32 Keras computes: -log(1 - 1e-7) evaluated at run time */
    volatile float one_minus = 1.0f - 1e-7f;
    assert_true(-logf(one_minus) == 1.1920929e-07f);
}

/* L_c == L_b: cce2 at logits (0, z) equals bce at z, in value and in gradient
 * (dz1 of cce2 = bce's dz and dz0 = -bce's dz, so (dz1 - dz0)/2 = bce's dz). */
static void test_lc_equals_lb(void **state)
{
    (void)state;
    for (int k = -60; k <= 60; k++) {
        float zv = (float)k * 0.37f;
        for (int yi = 0; yi <= 1; yi++) {
            float zb[1] = { zv }, zc[2] = { 0.0f, zv };
            int y[1] = { yi };
            float lb[1], db[1], lc[1], dc[2];
            LF(S("bce"), zb, y, 1, lb, db);
            LF(S("cce2"), zc, y, 1, lc, dc);
            assert_close(lc[0], lb[0], 1e-6, 1e-12);
            /* softmax - onehot rounds p to a multiple of 2^-24 near 1: absolute floor 2^-23 */
            assert_close(dc[1], db[0], 1e-6, 1.2e-7);
            assert_close(dc[0], -db[0], 1e-6, 1.2e-7);
            assert_close((dc[1] - dc[0]) / 2, db[0], 1e-6, 1.2e-7);
        }
    }
}

static void test_setup_pred_p1(void **state)
{
    (void)state;
    const Setup *b = S("bce"), *c2 = S("cce2");
    float z;
    z = 0.0f;   assert_int_equal(setup_pred(b, &z, 1), 0);        /* p = 0.5 is not > 0.5 */
    z = 1e-9f;  assert_int_equal(setup_pred(b, &z, 1), 0);        /* float sigmoid rounds to 0.5 */
    z = 1e-3f;  assert_int_equal(setup_pred(b, &z, 1), 1);
    z = -1e-3f; assert_int_equal(setup_pred(b, &z, 1), 0);
    z = 2.0f;   assert_close(P1(b, &z), 1.0 / (1.0 + exp(-2.0)), 1e-7, 0);
    z = -120.0f; assert_true(P1(b, &z) >= 0.0f && P1(b, &z) < 1e-30f);
    float zz[2];
    zz[0] = 0.0f; zz[1] = 0.0f;  assert_int_equal(setup_pred(c2, zz, 2), 0);   /* tie -> class 0 */
    zz[0] = 0.0f; zz[1] = 1.0f;  assert_int_equal(setup_pred(c2, zz, 2), 1);
    zz[0] = 1.0f; zz[1] = 0.0f;  assert_int_equal(setup_pred(c2, zz, 2), 0);
    zz[0] = 0.0f; zz[1] = 1e-9f; assert_int_equal(setup_pred(c2, zz, 2), 0);   /* softmax tie in float */
    zz[0] = 0.5f; zz[1] = 1.5f;  assert_close(P1(c2, zz), 1.0 / (1.0 + exp(-1.0)), 1e-7, 0);
    zz[0] = 500.0f; zz[1] = -500.0f; assert_true(P1(c2, zz) == 0.0f);
}

/* ------------------------------------------------------------------------------------------
 * LSTM alone: L = sum(r * h[T]), analytic from lstm_backward with dh[T] = r */

typedef struct {
    int B, T, F, H, hard;
    const double *x, *r;
    double margin;
    long nclip;
} LstmCtx;

static double lstm_obj(void *vctx, const double *theta)
{
    LstmCtx *c = vctx;
    size_t G = (size_t)4 * c->H;
    const double *W = theta, *U = W + (size_t)c->F * G, *b = U + (size_t)c->H * G;
    double *hT = malloc(sizeof(double) * (size_t)c->B * c->H);
    double m;
    long nc;
    ref_lstm(c->x, W, U, b, c->B, c->T, c->F, c->H, c->hard, hT, &m, &nc);
    double s = 0;
    for (int i = 0; i < c->B * c->H; i++) s += c->r[i] * hT[i];
    free(hT);
    return s;
}

static void check_lstm(int hard, int T, uint64_t seed, float xscale)
{
    const int B = 3, F = 4, H = 5, G = 4 * H;
    Rng rng;
    rng_seed(&rng, seed, 200);
    size_t nW = (size_t)F * G, nU = (size_t)H * G, nb = (size_t)G, n = nW + nU + nb;
    float *p = malloc(sizeof(float) * n), *x = malloc(sizeof(float) * (size_t)B * T * F);
    float *r = malloc(sizeof(float) * (size_t)B * H);
    fill_uniform(&rng, p, n, -0.7f, 0.7f);
    fill_uniform(&rng, x, (size_t)B * T * F, -xscale, xscale);
    fill_uniform(&rng, r, (size_t)B * H, -1.0f, 1.0f);
    float *W = p, *U = p + nW, *b = U + nU;
    /* layer buffers */
    float *xt = malloc(sizeof(float) * (size_t)T * B * F), *gates = malloc(sizeof(float) * (size_t)T * B * G);
    float *c = malloc(sizeof(float) * (size_t)(T + 1) * B * H), *h = malloc(sizeof(float) * (size_t)(T + 1) * B * H);
    float *g = malloc(sizeof(float) * n), *dh = malloc(sizeof(float) * (size_t)B * H);
    float *dc = malloc(sizeof(float) * (size_t)B * H), *dZ = malloc(sizeof(float) * (size_t)T * B * G);
    lstm_forward(NULL, xt, gates, c, h, x, W, U, b, B, T, F, H, hard);
    memcpy(dh, r, sizeof(float) * (size_t)B * H);
    lstm_backward(NULL, g, g + nW, g + nW + nU, dh, dc, dZ, xt, gates, c, h, U, B, T, F, H, hard);

    double *theta = malloc(sizeof(double) * n), *xd = malloc(sizeof(double) * (size_t)B * T * F);
    double *rd = malloc(sizeof(double) * (size_t)B * H), *hT = malloc(sizeof(double) * (size_t)B * H);
    for (size_t i = 0; i < n; i++) theta[i] = p[i];
    for (int i = 0; i < B * T * F; i++) xd[i] = x[i];
    for (int i = 0; i < B * H; i++) rd[i] = r[i];
    LstmCtx ctx = { B, T, F, H, hard, xd, rd, 0, 0 };
    /* the float forward matches the double reference */
    ref_lstm(xd, theta, theta + nW, theta + nW + nU, B, T, F, H, hard, hT, &ctx.margin, &ctx.nclip);
    for (int i = 0; i < B * H; i++) assert_close(h[(size_t)T * B * H + i], hT[i], 1e-5, 1e-6);
    if (hard) {
        assert_true(ctx.margin > 1e-4);   /* no kink within reach of the perturbation */
        assert_true(ctx.nclip > 0);       /* and the clipped branch is exercised */
    }
    char what[64];
    snprintf(what, sizeof what, "lstm %s T=%d", hard ? "hard_sigmoid" : "sigmoid", T);
    check_grad_coords(lstm_obj, &ctx, theta, g, n, 1e-6, 1e-4, 1e-6, what);
    free(p); free(x); free(r); free(xt); free(gates); free(c); free(h); free(g); free(dh);
    free(dc); free(dZ); free(theta); free(xd); free(rd); free(hT);
}

static void test_lstm_grad_hard_sigmoid(void **state)
{
    (void)state;
    check_lstm(1, 4, 1, 2.0f);
    check_lstm(1, 1, 2, 2.0f);
}

static void test_lstm_grad_sigmoid(void **state)
{
    (void)state;
    check_lstm(0, 4, 3, 2.0f);
    check_lstm(0, 1, 4, 2.0f);
}

/* ------------------------------------------------------------------------------------------
 * Dense alone: L = sum(r * out); theta = [w | bias | in] */

typedef struct { int B, I, O; const double *r; } DenseCtx;

static double dense_obj(void *vctx, const double *theta)
{
    DenseCtx *c = vctx;
    const double *w = theta, *bias = w + (size_t)c->I * c->O, *in = bias + c->O;
    double *out = malloc(sizeof(double) * (size_t)c->B * c->O);
    ref_dense(in, w, bias, c->B, c->I, c->O, out);
    double s = 0;
    for (int i = 0; i < c->B * c->O; i++) s += c->r[i] * out[i];
    free(out);
    return s;
}

static void test_dense_grad(void **state)
{
    (void)state;
    const int B = 5, I = 7, O = 3;
    size_t nw = (size_t)I * O, n = nw + O + (size_t)B * I;
    Rng rng;
    rng_seed(&rng, 21, 200);
    float *p = malloc(sizeof(float) * n), *r = malloc(sizeof(float) * (size_t)B * O);
    float *out = malloc(sizeof(float) * (size_t)B * O), *g = malloc(sizeof(float) * n);
    fill_uniform(&rng, p, n, -1.0f, 1.0f);
    fill_uniform(&rng, r, (size_t)B * O, -1.0f, 1.0f);
    float *w = p, *bias = p + nw, *in = bias + O;
    dense_forward(NULL, out, in, w, bias, B, I, O);
    dense_backward(NULL, g + nw + O, g, g + nw, r, in, w, B, I, O);
    double *theta = malloc(sizeof(double) * n), *rd = malloc(sizeof(double) * (size_t)B * O);
    double *ref = malloc(sizeof(double) * (size_t)B * O);
    for (size_t i = 0; i < n; i++) theta[i] = p[i];
    for (int i = 0; i < B * O; i++) rd[i] = r[i];
    ref_dense(theta + nw + O, theta, theta + nw, B, I, O, ref);
    for (int i = 0; i < B * O; i++) assert_close(out[i], ref[i], 1e-6, 1e-6);
    DenseCtx ctx = { B, I, O, rd };
    check_grad_coords(dense_obj, &ctx, theta, g, n, 1e-6, 1e-5, 1e-7, "dense");
    /* din may be NULL: the weight gradients are the same */
    float *g2 = calloc(n, sizeof(float));
    dense_backward(NULL, NULL, g2, g2 + nw, r, in, w, B, I, O);
    assert_memory_equal(g2, g, sizeof(float) * (nw + O));
    free(p); free(r); free(out); free(g); free(g2); free(theta); free(rd); free(ref);
}

/* ------------------------------------------------------------------------------------------
 * Net end to end */

typedef struct {
    NetShape s;
    int B;
    const Setup *sid;
    const double *x;
    const int *y;
    double margin;
    long nclip;
} NetCtx;

/* mean loss of the whole net in double; theta = the Net's params layout */
static double net_obj(void *vctx, const double *theta)
{
    NetCtx *c = vctx;
    const NetShape s = c->s;
    size_t G = (size_t)4 * s.H;
    const double *W = theta, *U = W + (size_t)s.F * G, *b = U + (size_t)s.H * G;
    const double *D1 = b + G, *d1 = D1 + (size_t)s.H * s.D, *D2 = d1 + s.D, *d2 = D2 + (size_t)s.D * s.K;
    double *hT = malloc(sizeof(double) * (size_t)c->B * s.H), *a = malloc(sizeof(double) * (size_t)c->B * s.D);
    double *z = malloc(sizeof(double) * (size_t)c->B * s.K);
    ref_lstm(c->x, W, U, b, c->B, s.T, s.F, s.H, s.ract == RACT_HARD_SIGMOID, hT, &c->margin, &c->nclip);
    ref_dense(hT, D1, d1, c->B, s.H, s.D, a);
    ref_dense(a, D2, d2, c->B, s.D, s.K, z);
    double L = 0;
    for (int i = 0; i < c->B; i++) L += ref_loss(c->sid, z + (size_t)i * s.K, c->y[i]);
    free(hT); free(a); free(z);
    return L / c->B;
}

/* float loss (mean over the batch, summed in double) of the Net at its current params */
static double net_float_loss(Net *n, const Setup *su, const float *x, const int *y, int B, float *lbuf)
{
    net_forward(n, NULL, x, B);
    LF(su, n->z, y, B, lbuf, NULL);
    double L = 0;
    for (int i = 0; i < B; i++) L += lbuf[i];
    return L / B;
}

static void check_net(RecAct ract, const Setup *su, uint64_t seed)
{
    NetShape s = { .F = 3, .T = 4, .H = 5, .D = 4, .K = setup_units(su, 2), .ract = ract };
    const int B = 6;
    Net n;
    assert_int_equal(net_create(&n, s, 8), 0);
    net_init_weights(&n, seed);
    Rng rng;
    rng_seed(&rng, seed, 300);
    float *x = malloc(sizeof(float) * (size_t)B * s.T * s.F);
    int y[6];
    /* label-encoded-like inputs in [0, 4): large enough that some hard_sigmoid gates clip */
    fill_uniform(&rng, x, (size_t)B * s.T * s.F, 0.0f, 4.0f);
    for (int i = 0; i < B; i++) y[i] = (int)rng_below(&rng, 2);
    y[0] = 0; y[1] = 1;
    float dz[12], lbuf[6];
    net_forward(&n, NULL, x, B);
    LF(su, n.z, y, B, lbuf, dz);
    net_backward(&n, NULL, x, B, dz);

    double *theta = malloc(sizeof(double) * n.nparams), *xd = malloc(sizeof(double) * (size_t)B * s.T * s.F);
    for (size_t i = 0; i < n.nparams; i++) theta[i] = n.params[i];
    for (int i = 0; i < B * s.T * s.F; i++) xd[i] = x[i];
    NetCtx ctx = { s, B, su, xd, y, 0, 0 };
    /* float forward and loss agree with the double reference */
    double Lref = net_obj(&ctx, theta), L = 0;
    for (int i = 0; i < B; i++) L += lbuf[i];
    assert_close(L / B, Lref, 1e-5, 1e-7);
    if (ract == RACT_HARD_SIGMOID) {
        assert_true(ctx.margin > 1e-3);
        assert_true(ctx.nclip > 0);
    }
    char what[64];
    snprintf(what, sizeof what, "net %s %s", su->id, ract == RACT_HARD_SIGMOID ? "hard" : "sigmoid");
    check_grad_coords(net_obj, &ctx, theta, n.grads, n.nparams, 1e-6, 1e-4, 1e-6, what);

    /* kann style: along random directions, running the float forward itself */
    float *g = malloc(sizeof(float) * n.nparams), *p0 = malloc(sizeof(float) * n.nparams);
    memcpy(g, n.grads, sizeof(float) * n.nparams);
    memcpy(p0, n.params, sizeof(float) * n.nparams);
    double *d = malloc(sizeof(double) * n.nparams);
    for (int rep = 0; rep < 4; rep++) {
        double nrm = 0, gd = 0;
        for (size_t i = 0; i < n.nparams; i++) { d[i] = rng_normal(&rng); nrm += d[i] * d[i]; }
        nrm = sqrt(nrm);
        for (size_t i = 0; i < n.nparams; i++) { d[i] /= nrm; gd += d[i] * g[i]; }
        const double eps = 1e-3;
        for (size_t i = 0; i < n.nparams; i++) n.params[i] = (float)(p0[i] + eps * d[i]);
        double Lp = net_float_loss(&n, su, x, y, B, lbuf);
        for (size_t i = 0; i < n.nparams; i++) n.params[i] = (float)(p0[i] - eps * d[i]);
        double Lm = net_float_loss(&n, su, x, y, B, lbuf);
        memcpy(n.params, p0, sizeof(float) * n.nparams);
        double num = (Lp - Lm) / (2 * eps);
        assert_close(num, gd, 1e-2, 1e-4 * net_grad_norm(&n));
    }
    free(g); free(p0); free(d); free(theta); free(xd); free(x);
    net_free(&n);
}

static void test_net_grad_bce(void **state)
{
    (void)state;
    check_net(RACT_HARD_SIGMOID, S("bce"), 5);
    check_net(RACT_SIGMOID, S("bce"), 6);
}

static void test_net_grad_cce2(void **state)
{
    (void)state;
    check_net(RACT_HARD_SIGMOID, S("cce2"), 7);
    check_net(RACT_SIGMOID, S("cce2"), 8);
}

static void test_net_grad_textbook(void **state)
{
    (void)state;
    check_net(RACT_SIGMOID, S("cce1-textbook"), 9);
}

/* backward overwrites the gradients; B < maxB works; grad norm is the L2 norm in double */
static void test_net_backward_overwrites(void **state)
{
    (void)state;
    NetShape s = { .F = 3, .T = 3, .H = 4, .D = 3, .K = 1, .ract = RACT_HARD_SIGMOID };
    Net n;
    assert_int_equal(net_create(&n, s, 10), 0);
    net_init_weights(&n, 3);
    float x[10 * 3 * 3], dz[10];
    int y[10];
    Rng r;
    rng_seed(&r, 1, 1);
    fill_uniform(&r, x, sizeof x / sizeof x[0], -1.0f, 1.0f);
    for (int i = 0; i < 10; i++) y[i] = i & 1;
    net_forward(&n, NULL, x, 7);
    LF(S("bce"), n.z, y, 7, NULL, dz);
    net_backward(&n, NULL, x, 7, dz);
    float *g1 = malloc(sizeof(float) * n.nparams);
    memcpy(g1, n.grads, sizeof(float) * n.nparams);
    net_backward(&n, NULL, x, 7, dz);
    assert_memory_equal(g1, n.grads, sizeof(float) * n.nparams);
    double ss = 0;
    for (size_t i = 0; i < n.nparams; i++) ss += (double)g1[i] * g1[i];
    assert_true(net_grad_norm(&n) == sqrt(ss));
    assert_true(net_grad_norm(&n) > 0);
    assert_int_equal(net_params_finite(&n), 1);
    n.params[n.nparams - 1] = NAN;
    assert_int_equal(net_params_finite(&n), 0);
    n.params[0] = INFINITY;
    n.params[n.nparams - 1] = 0;
    assert_int_equal(net_params_finite(&n), 0);
    free(g1);
    net_free(&n);
    /* bad shapes are refused */
    NetShape bad = s;
    bad.K = 65;
    assert_int_equal(net_create(&n, bad, 4), -1);
    bad = s;
    bad.H = 0;
    assert_int_equal(net_create(&n, bad, 4), -1);
    assert_int_equal(net_create(&n, s, 0), -1);
}

/* cce1 through the whole net: dz = (1-y)/B pushes every logit down; cce1-frozen leaves grads 0 */
static void test_net_cce1_frozen_zero(void **state)
{
    (void)state;
    NetShape s = { .F = 3, .T = 3, .H = 4, .D = 3, .K = 1, .ract = RACT_HARD_SIGMOID };
    Net n;
    assert_int_equal(net_create(&n, s, 4), 0);
    net_init_weights(&n, 4);
    float x[4 * 9], dz[4], l[4];
    int y[4] = { 1, 0, 1, 1 };
    Rng r;
    rng_seed(&r, 2, 2);
    fill_uniform(&r, x, 36, 0.0f, 3.0f);
    net_forward(&n, NULL, x, 4);
    LF(S("cce1-frozen"), n.z, y, 4, l, dz);
    net_backward(&n, NULL, x, 4, dz);
    assert_true(net_grad_norm(&n) == 0.0);
    float *p0 = malloc(sizeof(float) * n.nparams);
    memcpy(p0, n.params, sizeof(float) * n.nparams);
    AdamCfg cfg = adam_defaults();
    net_adam_step(&n, &cfg);
    assert_memory_equal(p0, n.params, sizeof(float) * n.nparams);   /* weights never move */
    assert_int_equal(n.t, 1);
    free(p0);
    net_free(&n);
}

/* ------------------------------------------------------------------------------------------
 * Adam against hand arithmetic */

static void test_adam_steps(void **state)
{
    (void)state;
    AdamCfg c = adam_defaults();
    assert_true(c.lr == 1e-3f && c.beta1 == 0.9f && c.beta2 == 0.999f && c.eps == 1e-7f);
    /* Keras runs Adam in float32, so the hyper-parameters are the float values:
     *   0.9f = 0.899999976 -> 1 - b1 = 0.100000024;  0.999f = 0.999000013 -> 1 - b2 = 0.000999987125
     *   1e-3f = 0.00100000005;  1e-7f = 1.00000001e-07 */
    const double B1 = 0.9f, B2 = 0.999f, LR = 1e-3f, EPS = 1e-7f;
    float p[3] = { 0.5f, -1.0f, 2.0f }, g1[3] = { 0.2f, 0.0f, 1e-8f }, m[3] = { 0 }, v[3] = { 0 };
    adam_step(p, g1, m, v, 3, 1, &c);
    /* step 1, element 0: g = 0.2f (0.200000003)
     *   alpha = lr * sqrt(1 - b2) / (1 - b1) = 0.001 * 0.0316225620 / 0.100000024 = 3.16225670e-4
     *   m = 0 + (g - 0) * (1 - b1) = 0.0200000051
     *   v = 0 + (g^2 - 0) * (1 - b2) = 0.04 * 0.000999987125 = 3.99994862e-5, sqrt = 0.00632451470
     *   p = 0.5 - m * alpha / (sqrt(v) + eps) = 0.5 - 6.32451502e-6 / 0.00632461470
     *     = 0.5 - 9.99984236e-4 = 0.499000016 */
    double g = (double)0.2f;
    double alpha1 = LR * sqrt(1 - B2) / (1 - B1);
    double m1 = g * (1 - B1), v1 = g * g * (1 - B2);
    double p1 = 0.5 - m1 * alpha1 / (sqrt(v1) + EPS);
    assert_close(alpha1, 3.16225670e-4, 1e-8, 0);   /* the hand arithmetic above */
    assert_close(v1, 3.99994862e-5, 1e-8, 0);
    assert_close(p1, 0.499000016, 0, 1e-9);
    assert_close(m[0], m1, 1e-6, 0);
    assert_close(v[0], v1, 1e-6, 0);
    assert_close(p[0], p1, 0, 6e-8);                 /* half an ulp at 0.5 is 3e-8 */
    /* element 1: g = 0 -> m = v = 0 and p unchanged exactly */
    assert_true(m[1] == 0.0f && v[1] == 0.0f && p[1] == -1.0f);
    /* element 2: g = 1e-8, where eps dominates: m = 1.0e-9, v = 1.0e-19, sqrt(v) = 3.16e-10
     *   p = 2 - 1e-9 * 3.16225670e-4 / (3.16e-10 + 1e-7) = 2 - 3.1523e-6 */
    double ge = (double)1e-8f, me = ge * (1 - B1), ve = ge * ge * (1 - B2);
    double p2 = 2.0 - me * alpha1 / (sqrt(ve) + EPS);
    assert_close(2.0 - p2, 3.1523e-6, 1e-4, 0);
    assert_close(p[2], p2, 0, 1.2e-7);               /* half an ulp at 2 */
    /* step 2, element 0: g = -0.1f
     *   alpha = lr * sqrt(1 - b2^2) / (1 - b1^2) = 0.001 * 0.0447086... / 0.190000039 = 2.35315169e-4
     *   m = 0.0200000051 + (-0.1 - 0.0200000051) * 0.100000024 = 0.00800000155
     *   v = 3.99994862e-5 + (0.01 - 3.99994862e-5) * 0.000999987125 = 4.99593588e-5, sqrt = 0.00706819346
     *   p = 0.499000016 - 0.00800000155 * 2.35315169e-4 / 0.00706829346 = 0.499000016 - 2.66333271e-4 */
    float g2[3] = { -0.1f, 0.0f, 0.0f };
    adam_step(p, g2, m, v, 3, 2, &c);
    double gg = (double)-0.1f;
    double alpha2 = LR * sqrt(1 - B2 * B2) / (1 - B1 * B1);
    double m2 = m1 + (gg - m1) * (1 - B1), v2 = v1 + (gg * gg - v1) * (1 - B2);
    double pp = p1 - m2 * alpha2 / (sqrt(v2) + EPS);
    assert_close(alpha2, 2.35315169e-4, 1e-8, 0);
    assert_close(v2, 4.99593588e-5, 1e-8, 0);
    assert_close(pp, 0.4987336825, 0, 1e-9);
    assert_close(m[0], m2, 1e-6, 0);
    assert_close(v[0], v2, 1e-6, 0);
    assert_close(p[0], pp, 0, 6e-8);
    assert_true(p[1] == -1.0f);
}

/* the vector path (8 at a time) and the scalar tail give bit-identical results: compare a
 * 19-element step (two vectors + a tail of 3) with the scalar formula written out here in float */
static void test_adam_vector_path_exact(void **state)
{
    (void)state;
    enum { N = 19 };
    float p[N], g[N], m[N], v[N], pe[N], me[N], ve[N];
    Rng r;
    rng_seed(&r, 31, 1);
    for (int i = 0; i < N; i++) {
        p[i] = pe[i] = rng_uniformf(&r, -1.0f, 1.0f);
        g[i] = rng_uniformf(&r, -0.5f, 0.5f) * (i % 5 == 0 ? 1e-6f : 1.0f);
        m[i] = me[i] = rng_uniformf(&r, -0.01f, 0.01f);
        v[i] = ve[i] = rng_uniformf(&r, 0.0f, 1e-4f);
    }
    AdamCfg c = adam_defaults();
    adam_step(p, g, m, v, N, 7, &c);
    float alpha = c.lr * sqrtf(1.0f - powf(c.beta2, 7.0f)) / (1.0f - powf(c.beta1, 7.0f));
    for (int i = 0; i < N; i++) {
        float mi = me[i] + (g[i] - me[i]) * (1.0f - c.beta1);
        float vi = ve[i] + (g[i] * g[i] - ve[i]) * (1.0f - c.beta2);
        float pi = pe[i] - mi * alpha / (sqrtf(vi) + c.eps);
        assert_true(m[i] == mi && v[i] == vi && p[i] == pi);
    }
}

/* ------------------------------------------------------------------------------------------
 * initialisers */

static void check_orthogonal(int rows, int cols, uint64_t seed)
{
    float *w = malloc(sizeof(float) * (size_t)rows * cols);
    Rng r;
    rng_seed(&r, seed, 7);
    init_orthogonal(&r, w, rows, cols);
    /* orthonormal rows (rows <= cols) or columns (rows > cols) */
    int n = rows <= cols ? rows : cols;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double s = 0;
            if (rows <= cols) for (int k = 0; k < cols; k++) s += (double)w[(size_t)i * cols + k] * w[(size_t)j * cols + k];
            else              for (int k = 0; k < rows; k++) s += (double)w[(size_t)k * cols + i] * w[(size_t)k * cols + j];
            assert_close(s, i == j ? 1.0 : 0.0, 0, 1e-5);
        }
    /* it is Keras's recipe: regenerate the same normal matrix a (m, n) and check that
     * R = Q^T a is upper triangular with a positive diagonal (the sign fix), Q (m, n) = w or w^T */
    int m = rows > cols ? rows : cols;
    double *a = malloc(sizeof(double) * (size_t)m * n);
    rng_seed(&r, seed, 7);
    for (size_t i = 0; i < (size_t)m * n; i++) a[i] = rng_normal(&r);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double s = 0, scale = 0;
            for (int k = 0; k < m; k++) {
                double q = rows >= cols ? w[(size_t)k * cols + i] : w[(size_t)i * cols + k];
                s += q * a[(size_t)k * n + j];
                scale += a[(size_t)k * n + j] * a[(size_t)k * n + j];
            }
            if (i > j) assert_close(s, 0.0, 0, 1e-5 * sqrt(scale));
            if (i == j) assert_true(s > 0);
        }
    free(a);
    free(w);
}

static void test_init_orthogonal(void **state)
{
    (void)state;
    check_orthogonal(16, 64, 1);   /* (H, 4H): the LSTM recurrent kernel, W W^T = I */
    check_orthogonal(32, 128, 2);
    check_orthogonal(24, 7, 3);    /* tall */
    check_orthogonal(9, 9, 4);     /* square */
}

static void test_init_glorot(void **state)
{
    (void)state;
    const int rows = 60, cols = 200;
    size_t n = (size_t)rows * cols;
    float *w = malloc(sizeof(float) * n);
    Rng r;
    rng_seed(&r, 5, 9);
    init_glorot_uniform(&r, w, rows, cols);
    double limit = sqrt(6.0 / (rows + cols)), sum = 0, ss = 0;
    for (size_t i = 0; i < n; i++) {
        assert_true(fabs(w[i]) <= limit);
        sum += w[i];
        ss += (double)w[i] * w[i];
    }
    double mean = sum / n, var = ss / n - mean * mean, var_u = limit * limit / 3;
    double sd_mean = sqrt(var_u / n);
    assert_true(fabs(mean) < 4 * sd_mean);
    assert_close(var, var_u, 0.03, 0);   /* sd of the sample variance is ~0.8% here */
    free(w);
}

static void test_init_trunk_shared(void **state)
{
    (void)state;
    NetShape s1 = { .F = 10, .T = 5, .H = 8, .D = 16, .K = 1, .ract = RACT_HARD_SIGMOID }, s2 = s1;
    s2.K = 2;
    Net a, b;
    assert_int_equal(net_create(&a, s1, 4), 0);
    assert_int_equal(net_create(&b, s2, 4), 0);
    net_init_weights(&a, 42);
    net_init_weights(&b, 42);
    size_t trunk = (size_t)(a.p.D2 - a.p.W);
    assert_int_equal(trunk, (size_t)(b.p.D2 - b.p.W));
    assert_memory_equal(a.p.W, b.p.W, sizeof(float) * trunk);   /* W, U, b, D1, d1 bit-identical */
    assert_true(a.p.D2[0] != b.p.D2[0]);                         /* heads differ */
    assert_int_equal(a.nparams, trunk + 16 + 1);
    assert_int_equal(b.nparams, trunk + 32 + 2);
    for (int j = 0; j < 4 * s1.H; j++)
        assert_true(a.p.b[j] == ((j >= s1.H && j < 2 * s1.H) ? 1.0f : 0.0f));
    for (int j = 0; j < s1.D; j++) assert_true(a.p.d1[j] == 0.0f);
    assert_true(a.p.d2[0] == 0.0f && b.p.d2[0] == 0.0f && b.p.d2[1] == 0.0f);
    /* the recurrent kernel is orthogonal: U U^T = I */
    for (int i = 0; i < s1.H; i++)
        for (int j = 0; j < s1.H; j++) {
            double d = 0;
            for (int k = 0; k < 4 * s1.H; k++) d += (double)a.p.U[i * 4 * s1.H + k] * a.p.U[j * 4 * s1.H + k];
            assert_close(d, i == j, 0, 1e-5);
        }
    /* another seed gives another trunk; m, v, t are reset */
    net_init_weights(&b, 43);
    assert_true(memcmp(a.p.W, b.p.W, sizeof(float) * trunk) != 0);
    a.m[0] = 1; a.v[0] = 1; a.t = 5;
    net_init_weights(&a, 42);
    assert_true(a.m[0] == 0 && a.v[0] == 0 && a.t == 0);
    net_free(&a);
    net_free(&b);
}

/* ------------------------------------------------------------------------------------------
 * determinism across pool sizes */

static void test_net_deterministic_pools(void **state)
{
    (void)state;
    NetShape s = { .F = 10, .T = 5, .H = 24, .D = 16, .K = 2, .ract = RACT_HARD_SIGMOID };
    const int B = 13;
    Net n;
    assert_int_equal(net_create(&n, s, 16), 0);
    net_init_weights(&n, 77);
    float *x = malloc(sizeof(float) * (size_t)B * s.T * s.F), dz[26];
    int y[13];
    Rng r;
    rng_seed(&r, 77, 1);
    for (int i = 0; i < B * s.T * s.F; i++) x[i] = (float)rng_below(&r, 8);
    for (int i = 0; i < B; i++) y[i] = (int)rng_below(&r, 2);
    float z0[26], *g0 = malloc(sizeof(float) * n.nparams);
    net_forward(&n, NULL, x, B);
    memcpy(z0, n.z, sizeof z0);
    LF(S("cce2"), n.z, y, B, NULL, dz);
    net_backward(&n, NULL, x, B, dz);
    memcpy(g0, n.grads, sizeof(float) * n.nparams);
    for (int th = 2; th <= 3; th++) {
        Pool *p = pool_create(th);
        assert_non_null(p);
        memset(n.z, 0, sizeof z0);
        net_forward(&n, p, x, B);
        assert_memory_equal(z0, n.z, sizeof z0);
        memset(n.grads, 0, sizeof(float) * n.nparams);
        net_backward(&n, p, x, B, dz);
        assert_memory_equal(g0, n.grads, sizeof(float) * n.nparams);
        pool_free(p);
    }
    free(x); free(g0);
    net_free(&n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_setup_table),
        cmocka_unit_test(test_head_bce_grad),
        cmocka_unit_test(test_head_cce2_grad),
        cmocka_unit_test(test_head_textbook),
        cmocka_unit_test(test_head_cce1_semantics),
        cmocka_unit_test(test_lc_equals_lb),
        cmocka_unit_test(test_setup_pred_p1),
        cmocka_unit_test(test_lstm_grad_hard_sigmoid),
        cmocka_unit_test(test_lstm_grad_sigmoid),
        cmocka_unit_test(test_dense_grad),
        cmocka_unit_test(test_net_grad_bce),
        cmocka_unit_test(test_net_grad_cce2),
        cmocka_unit_test(test_net_grad_textbook),
        cmocka_unit_test(test_net_backward_overwrites),
        cmocka_unit_test(test_net_cce1_frozen_zero),
        cmocka_unit_test(test_adam_steps),
        cmocka_unit_test(test_adam_vector_path_exact),
        cmocka_unit_test(test_init_orthogonal),
        cmocka_unit_test(test_init_glorot),
        cmocka_unit_test(test_init_trunk_shared),
        cmocka_unit_test(test_net_deterministic_pools),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
