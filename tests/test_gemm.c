/* test_gemm — cmocka tests for gemm (vs gemm_ref, NaN-free beta == 0, bit-identity across
 * pool sizes), each of them for every kernel variant (kern.h) this CPU runs; for the variants
 * against each other (LSTM forward/backward and Adam); and for the Pool (exactly-once
 * parallel-for, NULL pool, create/free churn). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nn/adam.h"
#include "nn/gemm.h"
#include "nn/kern.h"
#include "nn/lstm.h"
#include "nn/pool.h"

/* for every compiled-in kernel variant this CPU runs, as k */
#define EACH_KERN(k)                                                                  \
    for (int k##_i = 0; k##_i < kern_count(); k##_i++)                                 \
        for (const Kern *k = kern_get(k##_i); k && k->runs_here(); k = NULL)

/* Small deterministic generator (test-local; the project rng is not needed here). */
static uint64_t tg_state = 0x9E3779B97F4A7C15ull;
static float tg_uniform(void)
{
    tg_state ^= tg_state << 13;
    tg_state ^= tg_state >> 7;
    tg_state ^= tg_state << 17;
    return (float)((tg_state >> 40) * (1.0 / 16777216.0)) * 2.0f - 1.0f;
}
static float *tg_fill(long n)
{
    float *x = malloc((size_t)(n > 0 ? n : 1) * sizeof *x);
    for (long i = 0; i < n; i++) x[i] = tg_uniform();
    return x;
}

typedef struct {
    bool ta, tb;
    int M, N, K;
    int lda, ldb, ldc;
    float *A, *B, *C0;     /* C0: initial C contents */
} Case;

/* Allocates operands for op(A) (M,K), op(B) (K,N), C (M,N) with the given stride padding. */
static Case case_make(bool ta, bool tb, int M, int N, int K, int pad)
{
    Case c = { .ta = ta, .tb = tb, .M = M, .N = N, .K = K };
    const int arows = ta ? K : M, acols = ta ? M : K;
    const int brows = tb ? N : K, bcols = tb ? K : N;
    c.lda = acols + pad;
    c.ldb = bcols + pad;
    c.ldc = N + pad;
    c.A = tg_fill((long)arows * c.lda);
    c.B = tg_fill((long)brows * c.ldb);
    c.C0 = tg_fill((long)M * c.ldc);
    return c;
}
static void case_free(Case *c)
{
    free(c->A);
    free(c->B);
    free(c->C0);
}

/* Runs gemm and gemm_ref on copies of C0 and checks every element (padding included: gemm
 * must not write outside the M x N window). Returns the number of bad elements. */
static int case_check(const Case *c, const Kern *kv, Pool *pool, float alpha, float beta)
{
    const long nc = (long)c->M * c->ldc;
    float *got = malloc((size_t)(nc > 0 ? nc : 1) * sizeof *got);
    float *want = malloc((size_t)(nc > 0 ? nc : 1) * sizeof *want);
    if (nc > 0) {
        memcpy(got, c->C0, (size_t)nc * sizeof *got);
        memcpy(want, c->C0, (size_t)nc * sizeof *want);
    }
    kv->gemm(pool, c->ta, c->tb, c->M, c->N, c->K, alpha, c->A, c->lda, c->B, c->ldb, beta, got, c->ldc);
    gemm_ref(c->ta, c->tb, c->M, c->N, c->K, alpha, c->A, c->lda, c->B, c->ldb, beta, want, c->ldc);
    int bad = 0;
    for (int i = 0; i < c->M; i++)
        for (int j = 0; j < c->ldc; j++) {
            const long at = (long)i * c->ldc + j;
            double tol;
            if (j < c->N) {
                double mag = 0;   /* sum |a||b| bounds the rounding of the dot product */
                for (int k = 0; k < c->K; k++) {
                    float a = c->ta ? c->A[(long)k * c->lda + i] : c->A[(long)i * c->lda + k];
                    float b = c->tb ? c->B[(long)j * c->ldb + k] : c->B[(long)k * c->ldb + j];
                    mag += fabs((double)a * b);
                }
                tol = 1e-5 * (fabs(alpha) * mag + fabs(beta * c->C0[at])) + 1e-6;
            } else {
                tol = 0;          /* outside the window: untouched */
            }
            if (!(fabs((double)got[at] - want[at]) <= tol)) {
                if (bad < 5)
                    print_error("%s: ta=%d tb=%d M=%d N=%d K=%d alpha=%g beta=%g: C[%d][%d] = %.9g, want %.9g\n",
                                kv->name, c->ta, c->tb, c->M, c->N, c->K, alpha, beta, i, j, got[at], want[at]);
                bad++;
            }
        }
    free(got);
    free(want);
    return bad;
}

static const int odd_sizes[] = { 1, 3, 7, 17, 33 };

/* All four transposes, odd sizes in every dimension, strides = row length and larger,
 * alpha != 1, beta in {0, 1, 0.5}. */
static void test_gemm_matches_reference_odd_shapes(void **state)
{
    (void)state;
    const float alphas[] = { 1.0f, -0.75f, 2.5f };
    const float betas[] = { 0.0f, 1.0f, 0.5f };
    int bad = 0, n = 0, nk = 0;
    EACH_KERN(k) {
    nk++;
    for (int t = 0; t < 4; t++)
        for (size_t im = 0; im < sizeof odd_sizes / sizeof *odd_sizes; im++)
            for (size_t in = 0; in < sizeof odd_sizes / sizeof *odd_sizes; in++)
                for (size_t ik = 0; ik < sizeof odd_sizes / sizeof *odd_sizes; ik++) {
                    const int pad = (int)((im + in + ik) % 3) * 5;   /* 0, 5 or 10 */
                    Case c = case_make(t & 1, (t >> 1) & 1, odd_sizes[im], odd_sizes[in],
                                       odd_sizes[ik], pad);
                    const float alpha = alphas[(im + ik) % 3], beta = betas[(in + ik + (size_t)t) % 3];
                    bad += case_check(&c, k, NULL, alpha, beta);
                    case_free(&c);
                    n++;
                }
    }
    assert_true(nk >= 1);
    assert_int_equal(n, nk * 4 * 125);
    assert_int_equal(bad, 0);
}

/* Larger odd shapes (several tiles and blocks, 257 crosses every tile size) and the LSTM
 * shapes, single- and multi-threaded. */
static void test_gemm_matches_reference_large(void **state)
{
    (void)state;
    static const struct { bool ta, tb; int M, N, K; } shapes[] = {
        { 0, 0, 257, 33, 17 }, { 1, 0, 33, 257, 65 }, { 0, 1, 17, 129, 257 }, { 1, 1, 65, 97, 33 },
        { 0, 0, 32, 1024, 256 }, { 0, 0, 32, 1024, 10 }, { 0, 1, 32, 256, 1024 },
        { 1, 0, 256, 1024, 160 }, { 1, 0, 10, 1024, 160 }, { 0, 0, 32, 16, 256 },
        { 0, 0, 32, 128, 32 }, { 0, 1, 32, 32, 128 }, { 1, 0, 32, 128, 160 },
        { 0, 0, 5, 3000, 2 }, { 1, 1, 2100, 3, 4 }, { 0, 0, 40, 40, 3000 },
    };
    int bad = 0;
    EACH_KERN(k) {
        Pool *pool = pool_create_kern(3, k);
        assert_non_null(pool);
        for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++) {
            Case c = case_make(shapes[s].ta, shapes[s].tb, shapes[s].M, shapes[s].N, shapes[s].K,
                               (int)(s % 2) * 3);
            bad += case_check(&c, k, NULL, 1.0f, 0.0f);
            bad += case_check(&c, k, pool, -0.5f, 1.0f);
            bad += case_check(&c, k, pool, 1.5f, 0.5f);
            case_free(&c);
        }
        pool_free(pool);
    }
    assert_int_equal(bad, 0);
}

/* K == 0: C = beta*C (and beta == 0 gives zeros without reading C); M or N == 0: nothing. */
static void test_gemm_empty_dimensions(void **state)
{
    (void)state;
    EACH_KERN(k) {
        float C[6] = { 1, 2, 3, 4, 5, 6 };
        float A[1] = { NAN }, B[1] = { NAN };
        k->gemm(NULL, false, false, 2, 3, 0, 3.0f, A, 1, B, 3, 0.5f, C, 3);
        for (int i = 0; i < 6; i++) assert_true(C[i] == 0.5f * (float)(i + 1));
        for (int i = 0; i < 6; i++) C[i] = NAN;
        k->gemm(NULL, true, true, 2, 3, 0, 3.0f, A, 2, B, 1, 0.0f, C, 3);
        for (int i = 0; i < 6; i++) assert_true(C[i] == 0.0f);
        for (int i = 0; i < 6; i++) C[i] = 7.0f;
        k->gemm(NULL, false, false, 0, 3, 4, 1.0f, A, 4, B, 3, 0.0f, C, 3);
        k->gemm(NULL, false, false, 2, 0, 4, 1.0f, A, 4, B, 1, 0.0f, C, 3);
        for (int i = 0; i < 6; i++) assert_true(C[i] == 7.0f);
    }
}

/* beta == 0 must not read C: a NaN-filled C gives no NaN, for small and threaded shapes. */
static void test_gemm_beta_zero_ignores_nan(void **state)
{
    (void)state;
    static const int shapes[][3] = { { 3, 5, 7 }, { 33, 17, 9 }, { 32, 1024, 256 }, { 257, 65, 40 } };
    EACH_KERN(k) {
    Pool *pool = pool_create_kern(2, k);
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++)
        for (int t = 0; t < 4; t++) {
            Case c = case_make(t & 1, t >> 1, shapes[s][0], shapes[s][1], shapes[s][2], 2);
            for (long i = 0; i < (long)c.M * c.ldc; i++) c.C0[i] = NAN;
            float *C = malloc((size_t)c.M * (size_t)c.ldc * sizeof *C);
            memcpy(C, c.C0, (size_t)c.M * (size_t)c.ldc * sizeof *C);
            k->gemm(pool, c.ta, c.tb, c.M, c.N, c.K, 1.25f, c.A, c.lda, c.B, c.ldb, 0.0f, C, c.ldc);
            int nans = 0;
            for (int i = 0; i < c.M; i++)
                for (int j = 0; j < c.N; j++) nans += isnan(C[(long)i * c.ldc + j]) != 0;
            assert_int_equal(nans, 0);
            free(C);
            case_free(&c);
        }
    pool_free(pool);
    }
}

/* The same call must give byte-identical C for pool sizes 1 (NULL and a real Pool), 2, 3, 4. */
static void test_gemm_bitwise_identical_across_pool_sizes(void **state)
{
    (void)state;
    static const struct { bool ta, tb; int M, N, K; } shapes[] = {
        { 0, 0, 32, 1024, 256 }, { 0, 0, 32, 1024, 10 }, { 0, 1, 32, 256, 1024 },
        { 1, 0, 256, 1024, 160 }, { 1, 0, 10, 1024, 160 }, { 0, 0, 32, 16, 256 },
        { 0, 0, 32, 128, 32 }, { 0, 1, 32, 32, 128 }, { 1, 0, 32, 128, 160 },
        { 0, 0, 257, 263, 129 }, { 1, 1, 77, 1001, 67 }, { 0, 1, 1001, 13, 300 },
        { 1, 0, 9, 4097, 61 }, { 0, 0, 3001, 7, 100 },
    };
    EACH_KERN(k) {
    /* pools[0] = NULL: k->gemm called directly with no pool, on the caller's thread */
    Pool *pools[5] = { NULL, pool_create_kern(1, k), pool_create_kern(2, k), pool_create_kern(3, k),
                       pool_create_kern(4, k) };
    for (int p = 1; p < 5; p++) assert_non_null(pools[p]);
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++) {
        Case c = case_make(shapes[s].ta, shapes[s].tb, shapes[s].M, shapes[s].N, shapes[s].K, 1);
        const size_t bytes = (size_t)c.M * (size_t)c.ldc * sizeof(float);
        float *first = malloc(bytes), *C = malloc(bytes);
        static const float betas[] = { 0.0f, 1.0f, 0.37f };   /* 0.37: fma vs mul+add differ */
        for (int bi = 0; bi < 3; bi++) {
            for (int p = 0; p < 5; p++) {
                float *out = p == 0 ? first : C;
                memcpy(out, c.C0, bytes);
                k->gemm(pools[p], c.ta, c.tb, c.M, c.N, c.K, 0.7f, c.A, c.lda, c.B, c.ldb,
                        betas[bi], out, c.ldc);
                if (p > 0 && memcmp(first, C, bytes) != 0) {
                    print_error("%s: shape %zu (M=%d N=%d K=%d): pool size %d differs from 1\n",
                                k->name, s, c.M, c.N, c.K, pool_size(pools[p]));
                    fail();
                }
            }
        }
        free(first);
        free(C);
        case_free(&c);
    }
    for (int p = 1; p < 5; p++) pool_free(pools[p]);
    }
}

/* ------------------------------------------------------------------------------------- *
 * The variant table and the variants against each other. */

/* The table: the base variant last and always runnable; kern_best() is the first runnable one;
 * Pools take it unless told otherwise. On x86-64 (dispatch builds) all three are compiled in. */
static void test_kern_table(void **state)
{
    (void)state;
    const int n = kern_count();
    assert_true(n >= 1);
    assert_true(kern_get(n - 1)->runs_here());
    assert_null(kern_get(n));
    assert_null(kern_get(-1));
    const Kern *first = NULL;
    for (int i = 0; i < n; i++) {
        const Kern *k = kern_get(i);
        assert_non_null(k->name);
        assert_non_null(k->gemm);
        assert_non_null(k->lstm_forward);
        assert_non_null(k->lstm_backward);
        assert_non_null(k->adam_step);
        if (k->runs_here() && !first) first = k;
        print_message("kernel variant %-9s %s\n", k->name,
                      k->runs_here() ? "runs here: tested" : "NOT tested: this CPU lacks its instructions");
    }
    assert_ptr_equal(kern_best(), first);
    assert_ptr_equal(pool_kern(NULL), first);
    Pool *p = pool_create(2);
    assert_ptr_equal(pool_kern(p), first);
    pool_free(p);
    p = pool_create_kern(2, kern_get(n - 1));
    assert_ptr_equal(pool_kern(p), kern_get(n - 1));
    pool_free(p);
    assert_null(pool_create_kern(2, NULL));
    if (kern_dispatch()) {
        assert_int_equal(n, 3);
        assert_string_equal(kern_get(0)->name, "avx512");
        assert_string_equal(kern_get(1)->name, "avx2+fma");
        assert_string_equal(kern_get(2)->name, "portable");
    }
}

typedef struct {
    float *xt, *gates, *c, *h, *dW, *dU, *db, *dc, *dZ;
} LstmOut;

enum { LB = 7, LT = 4, LF = 5, LH = 19 };   /* odd sizes: every vector loop has a tail */

/* One forward and backward pass of variant k (through a 2-thread Pool of that variant). */
static LstmOut lstm_run(const Kern *k, const float *x, const float *W, const float *U,
                        const float *b, const float *dh, int hard)
{
    LstmOut o;
    o.xt = calloc((size_t)LT * LB * LF, sizeof(float));
    o.gates = calloc((size_t)LT * LB * 4 * LH, sizeof(float));
    o.c = calloc((size_t)(LT + 1) * LB * LH, sizeof(float));
    o.h = calloc((size_t)(LT + 1) * LB * LH, sizeof(float));
    o.dW = calloc((size_t)LF * 4 * LH, sizeof(float));
    o.dU = calloc((size_t)LH * 4 * LH, sizeof(float));
    o.db = calloc((size_t)4 * LH, sizeof(float));
    o.dc = calloc((size_t)LB * LH, sizeof(float));
    o.dZ = calloc((size_t)LT * LB * 4 * LH, sizeof(float));
    float *dhT = malloc((size_t)LB * LH * sizeof(float));
    memcpy(dhT, dh, (size_t)LB * LH * sizeof(float));
    Pool *pool = pool_create_kern(2, k);
    lstm_forward(pool, o.xt, o.gates, o.c, o.h, x, W, U, b, LB, LT, LF, LH, hard);
    lstm_backward(pool, o.dW, o.dU, o.db, dhT, o.dc, o.dZ, o.xt, o.gates, o.c, o.h, U,
                  LB, LT, LF, LH, hard);
    pool_free(pool);
    free(dhT);
    return o;
}
static void lstm_out_free(LstmOut *o)
{
    free(o->xt); free(o->gates); free(o->c); free(o->h); free(o->dW); free(o->dU);
    free(o->db); free(o->dc); free(o->dZ);
}

/* Counts elements of got that differ from want by more than tol * (1 + |want|) (tol 0: bits). */
static int lstm_diff(const char *what, const char *name, const float *got, const float *want,
                     size_t n, double tol)
{
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        const bool ok = tol == 0 ? memcmp(&got[i], &want[i], sizeof(float)) == 0
                                 : fabs((double)got[i] - want[i]) <= tol * (1.0 + fabs(want[i]));
        if (!ok && bad++ < 3)
            print_error("%s: %s[%zu] = %.9g, base variant %.9g\n", name, what, i, got[i], want[i]);
    }
    return bad;
}

/* Every variant's LSTM forward/backward against the base variant's (the portable one in a
 * dispatch build): equal to 1e-4 (the gemm accumulates with fma or without), and bit for bit
 * between the two fma variants when the CPU runs both. Adam: bit-identical in every variant. */
static void test_kern_variants_agree(void **state)
{
    (void)state;
    float *x = tg_fill((long)LB * LT * LF), *W = tg_fill((long)LF * 4 * LH);
    float *U = tg_fill((long)LH * 4 * LH), *b = tg_fill(4 * LH), *dh = tg_fill((long)LB * LH);
    const Kern *base = kern_get(kern_count() - 1);
    int bad = 0, compared = 0;
    for (int hard = 0; hard <= 1; hard++) {
        LstmOut want = lstm_run(base, x, W, U, b, dh, hard);
        LstmOut fma_first = { 0 };
        const char *fma_name = NULL;
        EACH_KERN(k) {
            if (k == base) continue;
            LstmOut got = lstm_run(k, x, W, U, b, dh, hard);
            const size_t nh = (size_t)(LT + 1) * LB * LH, nw = (size_t)LF * 4 * LH;
            bad += lstm_diff("h", k->name, got.h, want.h, nh, 1e-4);
            bad += lstm_diff("c", k->name, got.c, want.c, nh, 1e-4);
            bad += lstm_diff("dW", k->name, got.dW, want.dW, nw, 1e-4);
            bad += lstm_diff("dU", k->name, got.dU, want.dU, (size_t)LH * 4 * LH, 1e-4);
            bad += lstm_diff("db", k->name, got.db, want.db, 4 * LH, 1e-4);
            compared++;
            if (strcmp(k->name, "portable") != 0) {     /* the fma variants: bit for bit */
                if (fma_name) {
                    bad += lstm_diff("h", k->name, got.h, fma_first.h, nh, 0);
                    bad += lstm_diff("dW", k->name, got.dW, fma_first.dW, nw, 0);
                    bad += lstm_diff("dU", k->name, got.dU, fma_first.dU, (size_t)LH * 4 * LH, 0);
                    lstm_out_free(&got);
                } else {
                    fma_first = got;
                    fma_name = k->name;
                }
            } else {
                lstm_out_free(&got);
            }
        }
        if (fma_name) lstm_out_free(&fma_first);
        lstm_out_free(&want);
    }
    /* Adam: the same bits from every variant, over a length with a tail (1003 = 125*8 + 3) */
    enum { NA = 1003 };
    float *g = tg_fill(NA), *p0 = tg_fill(NA), *m0 = tg_fill(NA), *v0 = tg_fill(NA);
    for (int i = 0; i < NA; i++) v0[i] = v0[i] * v0[i];
    AdamCfg cfg = adam_defaults();
    float pw[NA], mw[NA], vw[NA];
    memcpy(pw, p0, sizeof pw); memcpy(mw, m0, sizeof mw); memcpy(vw, v0, sizeof vw);
    base->adam_step(pw, g, mw, vw, NA, 3, &cfg);
    EACH_KERN(k) {
        float pp[NA], mm[NA], vv[NA];
        memcpy(pp, p0, sizeof pp); memcpy(mm, m0, sizeof mm); memcpy(vv, v0, sizeof vv);
        k->adam_step(pp, g, mm, vv, NA, 3, &cfg);
        bad += lstm_diff("adam p", k->name, pp, pw, NA, 0);
        bad += lstm_diff("adam m", k->name, mm, mw, NA, 0);
        bad += lstm_diff("adam v", k->name, vv, vw, NA, 0);
    }
    print_message("variants compared with the base variant: %d per activation\n", compared / 2);
    free(g); free(p0); free(m0); free(v0);
    free(x); free(W); free(U); free(b); free(dh);
    assert_int_equal(bad, 0);
}

/* ------------------------------------------------------------------------------------- */

typedef struct {
    atomic_int hits[8];
    atomic_int wrong_n;
    int expect_n;
} CountCtx;

static void count_fn(void *ctx, int i, int n)
{
    CountCtx *c = ctx;
    if (n != c->expect_n || i < 0 || i >= 8) {
        atomic_fetch_add(&c->wrong_n, 1);
        return;
    }
    atomic_fetch_add(&c->hits[i], 1);
}

/* fn runs exactly once per i in [0, n), for sizes 1..5, many times in a row. */
static void test_pool_runs_each_index_once(void **state)
{
    (void)state;
    for (int size = 1; size <= 5; size++) {
        Pool *p = pool_create(size);
        assert_non_null(p);
        assert_int_equal(pool_size(p), size);
        CountCtx c;
        for (int i = 0; i < 8; i++) atomic_init(&c.hits[i], 0);
        atomic_init(&c.wrong_n, 0);
        c.expect_n = size;
        const int reps = 3000;
        for (int r = 0; r < reps; r++) pool_run(p, count_fn, &c);
        assert_int_equal(atomic_load(&c.wrong_n), 0);
        for (int i = 0; i < 8; i++) assert_int_equal(atomic_load(&c.hits[i]), i < size ? reps : 0);
        pool_free(p);
    }
}

/* pool_run waits for every part: each part writes its slot after a little work; the caller
 * must see all of them right after pool_run returns (no atomics on the data itself). */
typedef struct { long slot[8]; } SlotCtx;
static void slot_fn(void *ctx, int i, int n)
{
    (void)n;
    SlotCtx *s = ctx;
    volatile long x = 0;
    for (int k = 0; k < 1000 * (i + 1); k++) x += k;
    s->slot[i] = x + 1;
}
static void test_pool_run_waits_for_all(void **state)
{
    (void)state;
    Pool *p = pool_create(4);
    assert_non_null(p);
    for (int r = 0; r < 500; r++) {
        SlotCtx s = { { 0 } };
        pool_run(p, slot_fn, &s);
        for (int i = 0; i < 4; i++) assert_true(s.slot[i] > 0);
    }
    pool_free(p);
}

/* Workers that have gone to sleep (idle past the spin budget) still wake up for the next job. */
static void test_pool_wakes_after_idle(void **state)
{
    (void)state;
    Pool *p = pool_create(3);
    CountCtx c;
    for (int i = 0; i < 8; i++) atomic_init(&c.hits[i], 0);
    atomic_init(&c.wrong_n, 0);
    c.expect_n = 3;
    for (int r = 0; r < 4; r++) {
        pool_run(p, count_fn, &c);
        struct timespec ts = { 0, 30 * 1000 * 1000 };   /* 30 ms: well past the spin */
        nanosleep(&ts, NULL);
    }
    for (int i = 0; i < 3; i++) assert_int_equal(atomic_load(&c.hits[i]), 4);
    pool_free(p);
}

static void test_pool_null_and_size(void **state)
{
    (void)state;
    assert_int_equal(pool_size(NULL), 1);
    assert_null(pool_create(0));
    CountCtx c;
    for (int i = 0; i < 8; i++) atomic_init(&c.hits[i], 0);
    atomic_init(&c.wrong_n, 0);
    c.expect_n = 1;
    pool_run(NULL, count_fn, &c);
    assert_int_equal(atomic_load(&c.hits[0]), 1);
    assert_int_equal(atomic_load(&c.wrong_n), 0);
    pool_free(NULL);
}

/* Create/free churn, with and without a job in between (ASan reports any leak). */
static void test_pool_create_free_many(void **state)
{
    (void)state;
    CountCtx c;
    for (int i = 0; i < 8; i++) atomic_init(&c.hits[i], 0);
    atomic_init(&c.wrong_n, 0);
    for (int r = 0; r < 300; r++) {
        const int size = 1 + r % 4;
        Pool *p = pool_create(size);
        assert_non_null(p);
        if (r % 2) {
            c.expect_n = size;
            pool_run(p, count_fn, &c);
        }
        pool_free(p);
    }
    assert_int_equal(atomic_load(&c.wrong_n), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gemm_matches_reference_odd_shapes),
        cmocka_unit_test(test_gemm_matches_reference_large),
        cmocka_unit_test(test_gemm_empty_dimensions),
        cmocka_unit_test(test_gemm_beta_zero_ignores_nan),
        cmocka_unit_test(test_gemm_bitwise_identical_across_pool_sizes),
        cmocka_unit_test(test_kern_table),
        cmocka_unit_test(test_kern_variants_agree),
        cmocka_unit_test(test_pool_runs_each_index_once),
        cmocka_unit_test(test_pool_run_waits_for_all),
        cmocka_unit_test(test_pool_wakes_after_idle),
        cmocka_unit_test(test_pool_null_and_size),
        cmocka_unit_test(test_pool_create_free_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
