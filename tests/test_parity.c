/* test_parity — the C numeric core against its PyTorch twin (tools/parity.py), llm.c style.
 * Reads fixtures/parity_in.txt (shape, input batch, initial weights) and fixtures/parity.txt
 * (torch float64 reference: logits, per-sample and mean loss, dz, every gradient, parameters after
 * one Keras-form Adam step) for 2 recurrent activations x 5 set-ups, and asserts agreement to
 * 1e-4 relative plus a small absolute floor. Needs no torch: both fixtures are committed.
 * With LOSSLAB_PARITY_WRITE=1 it (re)writes fixtures/parity_in.txt and exits; then run
 * /usr/bin/python3 tools/parity.py to refresh parity.txt (see the top of parity.py).
 * Runs with cwd = tests/. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn/adam.h"
#include "setup/setup.h"
#include "nn/net.h"
#include "nn/rng.h"

#define PARITY_IN "fixtures/parity_in.txt"
#define PARITY_REF "fixtures/parity.txt"

/* ------------------------------------------------------------------------------------------
 * a tiny reader for the fixture format: '#' comment lines, then whitespace-separated tokens:
 *   shape B T F H D | tensor NAME N v1 .. vN | case RACT SETUP */

typedef struct { char name[32]; int n; double *v; } ParTensor;
typedef struct {
    char ract[32], setup[32];   /* "" for the input file's top level */
    int nt;
    ParTensor t[32];
} ParCase;
typedef struct { int B, T, F, H, D; int nc; ParCase c[16]; } ParFile;

static char *parity_slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    size_t got = fread(s, 1, (size_t)n, f);
    s[got] = 0;
    fclose(f);
    /* blank out comment lines */
    for (char *p = s; *p;) {
        if (*p == '#') while (*p && *p != '\n') *p++ = ' ';
        while (*p && *p != '\n') p++;
        if (*p) p++;
    }
    return s;
}

/* Returns 0 or -1 (with a message) on a malformed file. */
static int parity_read(const char *path, ParFile *pf)
{
    memset(pf, 0, sizeof *pf);
    char *s = parity_slurp(path);
    if (!s) { print_error("cannot open %s\n", path); return -1; }
    ParCase *cur = &pf->c[0];
    pf->nc = 1;
    char *save = NULL;
    for (char *tok = strtok_r(s, " \t\r\n", &save); tok; tok = strtok_r(NULL, " \t\r\n", &save)) {
        if (strcmp(tok, "shape") == 0) {
            int *dst[5] = { &pf->B, &pf->T, &pf->F, &pf->H, &pf->D };
            for (int i = 0; i < 5; i++) *dst[i] = atoi(strtok_r(NULL, " \t\r\n", &save));
        } else if (strcmp(tok, "case") == 0) {
            if (pf->nc >= 16) { free(s); return -1; }
            cur = &pf->c[pf->nc++];
            snprintf(cur->ract, sizeof cur->ract, "%s", strtok_r(NULL, " \t\r\n", &save));
            snprintf(cur->setup, sizeof cur->setup, "%s", strtok_r(NULL, " \t\r\n", &save));
        } else if (strcmp(tok, "tensor") == 0) {
            if (cur->nt >= 32) { free(s); return -1; }
            ParTensor *t = &cur->t[cur->nt++];
            snprintf(t->name, sizeof t->name, "%s", strtok_r(NULL, " \t\r\n", &save));
            t->n = atoi(strtok_r(NULL, " \t\r\n", &save));
            t->v = malloc(sizeof(double) * (size_t)(t->n > 0 ? t->n : 1));
            for (int i = 0; i < t->n; i++) {
                char *v = strtok_r(NULL, " \t\r\n", &save);
                if (!v) { print_error("%s: tensor %s truncated\n", path, t->name); free(s); return -1; }
                t->v[i] = strtod(v, NULL);
            }
        } else {
            print_error("%s: unexpected token '%s'\n", path, tok);
            free(s);
            return -1;
        }
    }
    free(s);
    return 0;
}

static void parity_free(ParFile *pf)
{
    for (int c = 0; c < pf->nc; c++)
        for (int i = 0; i < pf->c[c].nt; i++) free(pf->c[c].t[i].v);
}

static const ParTensor *parity_get(const ParCase *c, const char *name, int n)
{
    for (int i = 0; i < c->nt; i++)
        if (strcmp(c->t[i].name, name) == 0) {
            if (c->t[i].n != n) fail_msg("tensor %s has %d values, expected %d", name, c->t[i].n, n);
            return &c->t[i];
        }
    fail_msg("tensor %s missing from the fixture", name);
    return NULL;
}

/* ------------------------------------------------------------------------------------------
 * writing the inputs (LOSSLAB_PARITY_WRITE=1) */

static void parity_put(FILE *f, const char *name, const float *v, int n)
{
    fprintf(f, "tensor %s %d\n", name, n);
    for (int i = 0; i < n; i++) fprintf(f, "%.9g%s", (double)v[i], (i % 6 == 5 || i == n - 1) ? "\n" : " ");
}

static int parity_write_inputs(void)
{
    const int B = 4, T = 3, F = 5, H = 6, D = 4;
    NetShape s = { .F = F, .T = T, .H = H, .D = D, .K = 1, .ract = RACT_HARD_SIGMOID };
    Net n1, n2;
    net_create(&n1, s, B);
    s.K = 2;
    net_create(&n2, s, B);
    net_init_weights(&n1, 2024);   /* Keras initialisers: trunk shared, heads per K */
    net_init_weights(&n2, 2024);
    float x[4 * 3 * 5], y[4] = { 1, 0, 1, 1 };
    Rng r;
    rng_seed(&r, 2024, 99);
    for (int i = 0; i < B * T * F; i++) x[i] = (float)rng_below(&r, 5);   /* label-encoded 0..4 */
    FILE *f = fopen(PARITY_IN, "w");
    if (!f) { perror(PARITY_IN); return 1; }
    fprintf(f, "# losslab parity inputs: written by tests/test_parity.c (LOSSLAB_PARITY_WRITE=1).\n"
               "# x (B,T,F) label-encoded, y (B); weights from net_init_weights(seed 2024);\n"
               "# D2_K/d2_K are the K-unit head's. Row-major, as in net.h.\n");
    fprintf(f, "shape %d %d %d %d %d\n", B, T, F, H, D);
    parity_put(f, "x", x, B * T * F);
    parity_put(f, "y", y, B);
    parity_put(f, "W", n1.p.W, F * 4 * H);
    parity_put(f, "U", n1.p.U, H * 4 * H);
    parity_put(f, "b", n1.p.b, 4 * H);
    parity_put(f, "D1", n1.p.D1, H * D);
    parity_put(f, "d1", n1.p.d1, D);
    parity_put(f, "D2_1", n1.p.D2, D);
    parity_put(f, "d2_1", n1.p.d2, 1);
    parity_put(f, "D2_2", n2.p.D2, D * 2);
    parity_put(f, "d2_2", n2.p.d2, 2);
    fclose(f);
    net_free(&n1);
    net_free(&n2);
    printf("wrote %s; now run /usr/bin/python3 tools/parity.py\n", PARITY_IN);
    return 0;
}

/* ------------------------------------------------------------------------------------------
 * the comparison */

static ParFile g_in, g_ref;   /* read once in main, read-only in the tests */

/* |c - r| <= rtol*|r| + atol for every element */
static void parity_check(const char *what, const ParCase *pc, const float *c, const ParTensor *r,
                         double rtol, double atol)
{
    int bad = 0;
    for (int i = 0; i < r->n; i++) {
        double d = fabs((double)c[i] - r->v[i]);
        if (!(d <= rtol * fabs(r->v[i]) + atol)) {
            if (bad < 4)
                print_error("%s %s: %s[%d] = %.9g, torch %.9g (|diff| %.3g)\n", pc->ract, pc->setup,
                            what, i, (double)c[i], r->v[i], d);
            bad++;
        }
    }
    if (bad) fail_msg("%s %s: %s: %d of %d values disagree", pc->ract, pc->setup, what, bad, r->n);
}

static double parity_maxabs(const ParTensor *t)
{
    double m = 0;
    for (int i = 0; i < t->n; i++) m = fmax(m, fabs(t->v[i]));
    return m;
}

static void test_parity_case(void **state)
{
    const ParCase *pc = *state;
    const Setup *su = setup_find(setup_builtin(), pc->setup);
    assert_non_null(su);
    const int B = g_in.B, K = setup_units(su, 2);
    NetShape s = { .F = g_in.F, .T = g_in.T, .H = g_in.H, .D = g_in.D, .K = K,
                   .ract = strcmp(pc->ract, "hard_sigmoid") == 0 ? RACT_HARD_SIGMOID : RACT_SIGMOID };
    Net n;
    assert_int_equal(net_create(&n, s, B), 0);
    const ParCase *in = &g_in.c[0];
    const char *pname[7] = { "W", "U", "b", "D1", "d1", "D2", "d2" };
    float *pv[7] = { n.p.W, n.p.U, n.p.b, n.p.D1, n.p.d1, n.p.D2, n.p.d2 };
    float *gv[7] = { n.g.W, n.g.U, n.g.b, n.g.D1, n.g.d1, n.g.D2, n.g.d2 };
    int psz[7] = { s.F * 4 * s.H, s.H * 4 * s.H, 4 * s.H, s.H * s.D, s.D, s.D * K, K };
    for (int i = 0; i < 7; i++) {
        char key[16];
        snprintf(key, sizeof key, i >= 5 ? "%s_%d" : "%s", pname[i], K);
        const ParTensor *t = parity_get(in, key, psz[i]);
        for (int j = 0; j < psz[i]; j++) pv[i][j] = (float)t->v[j];
    }
    const ParTensor *tx = parity_get(in, "x", B * s.T * s.F), *ty = parity_get(in, "y", B);
    float *x = malloc(sizeof(float) * (size_t)tx->n), l[64], dz[128];
    int y[64];
    assert_true(B <= 64);
    for (int i = 0; i < tx->n; i++) x[i] = (float)tx->v[i];
    for (int i = 0; i < B; i++) y[i] = (int)ty->v[i];

    /* forward, loss, backward, one Adam step: exactly what a train step does */
    net_forward(&n, NULL, x, B);
    su->loss(n.z, y, B, K, l, dz);
    net_backward(&n, NULL, x, B, dz);
    double mean = 0;
    for (int i = 0; i < B; i++) mean += l[i];
    float meanf = (float)(mean / B);

    const ParTensor *rz = parity_get(pc, "z", B * K);
    parity_check("z", pc, n.z, rz, 1e-4, 1e-6 * parity_maxabs(rz) + 1e-9);
    const ParTensor *rl = parity_get(pc, "losses", B);
    parity_check("losses", pc, l, rl, 1e-4, 1e-9);
    parity_check("loss", pc, &meanf, parity_get(pc, "loss", 1), 1e-4, 1e-9);
    const ParTensor *rdz = parity_get(pc, "dz", B * K);
    parity_check("dz", pc, dz, rdz, 1e-4, 1e-6 * parity_maxabs(rdz) + 1e-12);
    for (int i = 0; i < 7; i++) {
        char key[16];
        snprintf(key, sizeof key, "g%s", pname[i]);
        const ParTensor *rg = parity_get(pc, key, psz[i]);
        /* floor: 1e-6 of the model's gradient norm, so near-zero entries compare absolutely;
         * a wrong gate derivative is off by O(1) relative almost everywhere */
        parity_check(key, pc, gv[i], rg, 1e-4, 1e-6 * net_grad_norm(&n) + 1e-12);
    }
    AdamCfg cfg = adam_defaults();
    net_adam_step(&n, &cfg);
    for (int i = 0; i < 7; i++) {
        char key[16];
        snprintf(key, sizeof key, "p%s", pname[i]);
        /* 1e-6 absolute is 0.1% of one full Adam step (lr 1e-3) */
        parity_check(key, pc, pv[i], parity_get(pc, key, psz[i]), 1e-6, 1e-6);
    }
    free(x);
    net_free(&n);
}

/* the fixture covers the five original set-ups under both recurrent activations (cce at K = 2
 * runs cce2's kernel; the atlas set-ups have their own kernel fixture, test_loss_atlas) */
static void test_parity_coverage(void **state)
{
    (void)state;
    const char *racts[2] = { "hard_sigmoid", "sigmoid" };
    const char *ids[5] = { "bce", "cce1", "cce1-frozen", "cce1-textbook", "cce2" };
    for (int r = 0; r < 2; r++)
        for (int k = 0; k < 5; k++) {
            int found = 0;
            assert_non_null(setup_find(setup_builtin(), ids[k]));
            for (int c = 1; c < g_ref.nc; c++)
                found |= strcmp(g_ref.c[c].ract, racts[r]) == 0 && strcmp(g_ref.c[c].setup, ids[k]) == 0;
            if (!found) fail_msg("no parity case for %s %s", racts[r], ids[k]);
        }
}

int main(void)
{
    if (getenv("LOSSLAB_PARITY_WRITE")) return parity_write_inputs();
    if (parity_read(PARITY_IN, &g_in) != 0 || parity_read(PARITY_REF, &g_ref) != 0) {
        fprintf(stderr, "test_parity: cannot read the fixtures (run from tests/)\n");
        return 1;
    }
    struct CMUnitTest tests[17];
    int nt = 0;
    tests[nt++] = (struct CMUnitTest)cmocka_unit_test(test_parity_coverage);
    for (int c = 1; c < g_ref.nc && nt < 17; c++) {
        struct CMUnitTest t = cmocka_unit_test_prestate(test_parity_case, &g_ref.c[c]);
        static char names[16][64];
        snprintf(names[c - 1], sizeof names[c - 1], "parity %s %s", g_ref.c[c].ract, g_ref.c[c].setup);
        t.name = names[c - 1];
        tests[nt++] = t;
    }
    int rc = _cmocka_run_group_tests("test_parity", tests, (size_t)nt, NULL, NULL);
    parity_free(&g_in);
    parity_free(&g_ref);
    return rc;
}
