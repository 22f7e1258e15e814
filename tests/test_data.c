/* test_data — cmocka tests for src/data: the generator (determinism, exact class counts, exact
 * noise, value ranges, bad specs, the rule's need for memory), the CSV reader and writer (good
 * files, round trip, every error with its exact file:line:column), encodings, gather, split and
 * shuffle. Runs with cwd = tests/ (fixtures in fixtures/csv/); files it writes go to a mkdtemp
 * directory removed at the end.
 * Export hook for tools/check_rule.py (a no-op unless set):
 *   LOSSLAB_EXPORT_CSV=/tmp/seed.csv [LOSSLAB_EXPORT_N=430000] [LOSSLAB_EXPORT_SEED=1] test_data */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data/data.h"
#include "nn/rng.h"

#define FIX "fixtures/csv/"

static char tmpdir[256];

static int setup_tmp(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/losslab-test-data-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_tmp(void **state)
{
    (void)state;
    static const char *names[] = {"rt.csv", "rt2.csv", "nul.csv", "bin.csv", "longok.csv",
                                  "longbad.csv", "dir", "floats.csv", "inexact.csv", NULL};
    char p[512];
    for (int i = 0; names[i]; i++) {
        snprintf(p, sizeof p, "%s/%s", tmpdir, names[i]);
        if (remove(p) != 0) rmdir(p);
    }
    return rmdir(tmpdir);
}

static void tmp_path(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", tmpdir, name);
}

static void write_file(const char *path, const void *bytes, size_t n)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(bytes, 1, n, fp), n);
    assert_int_equal(fclose(fp), 0);
}

/* ---- generator ---------------------------------------------------------------------------- */

#define GEN_GOLDEN_HASH 0x5ba08f2b089f34baull

static const int CARD10[10] = {7, 5, 9, 4, 12, 3, 8, 11, 6, 10};

/* The generator's rule, recomputed independently: 2 K0 K1 K2 * score in integers. */
static long rule_score(const Dataset *d, long i)
{
    long K0 = 6, K1 = 4, K2 = 8, S = 0;
    for (int t = 0; t < d->T; t++) {
        const float *x = d->x + ((size_t)i * (size_t)d->T + (size_t)t) * (size_t)d->F;
        long U0 = 2 * (long)x[0] - K0, U1 = 2 * (long)x[1] - K1, U2 = 2 * (long)x[2] - K2;
        S += U0 * K1 * K2 - U1 * K0 * K2 + U0 * U2 * K1;
    }
    return S;
}

static void gen(Dataset *d, long n, int T, int F, double pos, double noise, uint64_t seed)
{
    GenSpec s = {.n = n, .T = T, .F = F, .K = 2, .pos = pos, .noise = noise, .seed = seed};
    char err[256] = "";
    int rc = data_generate(d, &s, err, sizeof err);
    if (rc != 0) print_error("data_generate: %s\n", err);
    assert_int_equal(rc, 0);
}

static void test_gen_deterministic(void **state)
{
    (void)state;
    Dataset a, b, c;
    gen(&a, 5000, 5, 10, 0.74, 0.02, 42);
    gen(&b, 5000, 5, 10, 0.74, 0.02, 42);
    gen(&c, 5000, 5, 10, 0.74, 0.02, 43);
    size_t nx = (size_t)a.N * 5 * 10 * sizeof(float), ny = (size_t)a.N * sizeof(int);
    assert_memory_equal(a.x, b.x, nx);
    assert_memory_equal(a.y, b.y, ny);
    assert_memory_equal(a.card, b.card, 10 * sizeof(int));
    assert_int_equal(a.count[1], b.count[1]);
    assert_memory_not_equal(a.x, c.x, nx);
    assert_memory_not_equal(a.y, c.y, ny);
    /* a golden hash pins the stream on every machine: catches accidental changes of the draw
     * order or the rule (update it, and say so, when the generator is changed on purpose) */
    uint64_t h = 1469598103934665603ull;
    const unsigned char *p = (const unsigned char *)a.x;
    for (size_t i = 0; i < nx; i++) h = (h ^ p[i]) * 1099511628211ull;
    /* the labels hashed as the float32 values they were stored as before labels became class
     * indices: the same hash proves the generator's output did not change */
    for (long i = 0; i < a.N; i++) {
        float yf = (float)a.y[i];
        p = (const unsigned char *)&yf;
        for (size_t k = 0; k < sizeof yf; k++) h = (h ^ p[k]) * 1099511628211ull;
    }
    print_message("generator hash (n 5000, seed 42): 0x%016llx\n", (unsigned long long)h);
    assert_true(h == GEN_GOLDEN_HASH);
    data_free(&a);
    data_free(&b);
    data_free(&c);
}

/* Exact share of ones, exactly round(noise N) labels against the rule, margin respected. */
static void check_counts(long n, int T, int F, double pos, double noise, uint64_t seed)
{
    Dataset d;
    gen(&d, n, T, F, pos, noise, seed);
    long P = lround(pos * (double)n);
    if (P < 1) P = 1;
    if (P > n - 1) P = n - 1;
    long ones = 0, against = 0;
    long M = (long)ceil(0.4 * sqrt(T / 5.0) * 2.0 * 6 * 4 * 8);
    for (long i = 0; i < n; i++) {
        assert_true(d.y[i] == 0 || d.y[i] == 1);
        ones += d.y[i] == 1;
        long S = rule_score(&d, i);
        assert_true(S >= M || S <= -M);             /* the margin */
        against += (S > 0) != (d.y[i] == 1);     /* flipped labels */
    }
    assert_int_equal(ones, P);
    assert_int_equal(d.count[1], P);
    assert_int_equal(d.count[0], n - P);
    assert_int_equal(against, lround(noise * (double)n));
    data_free(&d);
}

static void test_gen_exact_share(void **state)
{
    (void)state;
    check_counts(1000, 5, 10, 0.74, 0.02, 1);
    check_counts(999, 5, 10, 0.74, 0.02, 2);
    check_counts(2000, 5, 10, 0.5, 0.0, 3);
    check_counts(2000, 5, 10, 0.26, 0.1, 4);
    check_counts(777, 3, 4, 0.9, 0.05, 5);
    check_counts(500, 1, 3, 0.3, 0.2, 6);
    check_counts(10, 5, 10, 0.74, 0.02, 7);
    check_counts(2, 5, 10, 0.01, 0.0, 8);     /* round(0.02) = 0 ones: clamped to 1 */
}

static void test_gen_seed_preset(void **state)
{
    (void)state;
    Dataset d;
    gen(&d, 430000, 5, 10, 0.74, 0.02, 1);
    assert_int_equal(d.N, 430000);
    assert_int_equal(d.count[1], 318200);   /* round(0.74 * 430000) */
    long ones = 0;
    for (long i = 0; i < d.N; i++) ones += d.y[i] == 1;
    assert_int_equal(ones, 318200);
    data_free(&d);
}

static void test_gen_values(void **state)
{
    (void)state;
    Dataset d;
    gen(&d, 3000, 4, 13, 0.6, 0.05, 9);
    assert_int_equal(d.T, 4);
    assert_int_equal(d.F, 13);
    int seen[13][12] = {{0}};
    for (int f = 0; f < 13; f++) {
        assert_int_equal(d.card[f], CARD10[f % 10]);
        assert_true(d.card[f] >= 3 && d.card[f] <= 12);
    }
    for (size_t i = 0; i < (size_t)d.N * 4 * 13; i++) {
        int f = (int)(i % 13);
        float v = d.x[i];
        assert_true(v == floorf(v));
        assert_true(v >= 0.0f && v < (float)d.card[f]);
        seen[f][(int)v] = 1;
    }
    for (int f = 0; f < 13; f++)
        for (int k = 0; k < d.card[f]; k++) assert_true(seen[f][k]);   /* every category occurs */
    char err[128];
    assert_int_equal(data_check_encoding(&d, ENC_ONEHOT, err, sizeof err), 0);
    data_free(&d);
}

static void expect_gen_error(long n, int T, int F, double pos, double noise, const char *word)
{
    GenSpec s = {.n = n, .T = T, .F = F, .K = 2, .pos = pos, .noise = noise, .seed = 1};
    Dataset d;
    char err[256] = "";
    assert_int_equal(data_generate(&d, &s, err, sizeof err), -1);
    assert_non_null(strstr(err, word));
    assert_null(strchr(err, '\n'));
    assert_null(d.x);
    data_free(&d);
}

static void test_gen_bad_specs(void **state)
{
    (void)state;
    expect_gen_error(1, 5, 10, 0.74, 0.02, "n = 1");
    expect_gen_error(-5, 5, 10, 0.74, 0.02, "at least 2");
    expect_gen_error(100, 0, 10, 0.74, 0.02, "T = 0");
    expect_gen_error(100, 5, 2, 0.74, 0.02, "F = 2");
    expect_gen_error(100, 5, 10, 0.0, 0.02, "pos = 0");
    expect_gen_error(100, 5, 10, 1.0, 0.02, "pos = 1");
    expect_gen_error(100, 5, 10, NAN, 0.02, "pos = nan");
    expect_gen_error(100, 5, 10, 0.74, -0.1, "noise = -0.1");
    expect_gen_error(100, 5, 10, 0.74, 0.5, "noise = 0.5");
    expect_gen_error(100, 5, 10, 0.1, 0.3, "too large");
}

/* The rule needs memory: the best possible classifier of the last step's informative features
 * (a lookup table over features 0..2, fitted on the training part) stays near the majority
 * class, while the whole-sequence rule explains every label but the flipped ones. */
static void test_gen_last_step_is_weak(void **state)
{
    (void)state;
    Dataset d;
    gen(&d, 60000, 5, 10, 0.74, 0.02, 1);
    long ntr, nval;
    data_split(d.N, 0.1, &ntr, &nval);
    static long cnt[7 * 5 * 9][2];
    memset(cnt, 0, sizeof cnt);
    const float *x;
    for (long i = 0; i < ntr; i++) {
        x = d.x + ((size_t)i * 5 + 4) * 10;
        cnt[((int)x[0] * 5 + (int)x[1]) * 9 + (int)x[2]][(int)d.y[i]]++;
    }
    long right = 0, rule_right = 0, vones = 0;
    for (long i = ntr; i < d.N; i++) {
        x = d.x + ((size_t)i * 5 + 4) * 10;
        long *c = cnt[((int)x[0] * 5 + (int)x[1]) * 9 + (int)x[2]];
        int guess = c[1] >= c[0];
        right += guess == (int)d.y[i];
        rule_right += (rule_score(&d, i) > 0) == (int)d.y[i];
        vones += d.y[i] == 1;
    }
    double acc = (double)right / (double)nval, maj = (double)vones / (double)nval;
    if (maj < 0.5) maj = 1.0 - maj;
    print_message("last-step lookup table: %.4f (majority %.4f); rule: %.4f\n", acc, maj,
                  (double)rule_right / (double)nval);
    assert_true(acc < maj + 0.05);
    assert_true((double)rule_right / (double)nval > 0.97);
    data_free(&d);
}

/* K >= 3: exact class counts from the shares, labels in range, deterministic; the rule (argmax
 * of per-class scores) holds for all but the noisy samples */
static void test_gen_kclass(void **state)
{
    (void)state;
    double sh[4];
    data_default_shares(4, sh);
    assert_true(sh[0] == 0.4 && sh[1] == 0.3 && sh[2] == 0.2 && sh[3] == 0.1);
    GenSpec g = {.n = 2000, .T = 5, .F = 10, .K = 4, .noise = 0.02, .seed = 5};
    Dataset a, b;
    char err[256] = "";
    assert_int_equal(data_generate(&a, &g, err, sizeof err), 0);
    assert_int_equal(data_generate(&b, &g, err, sizeof err), 0);
    assert_int_equal(a.K, 4);
    long cnt[4] = {0};
    for (long i = 0; i < a.N; i++) {
        assert_true(a.y[i] >= 0 && a.y[i] < 4);
        cnt[a.y[i]]++;
    }
    assert_int_equal(cnt[0], 800);
    assert_int_equal(cnt[1], 600);
    assert_int_equal(cnt[2], 400);
    assert_int_equal(cnt[3], 200);
    for (int k = 0; k < 4; k++) assert_int_equal(a.count[k], cnt[k]);
    assert_memory_equal(a.x, b.x, (size_t)a.N * 50 * sizeof(float));
    assert_memory_equal(a.y, b.y, (size_t)a.N * sizeof(int));
    /* the rule: class k's score s_k = sum_t u_a - u_b + 2 u_a u_c; the label is the argmax
     * except for round(0.02 * 2000) = 40 noisy samples */
    long against = 0;
    for (long i = 0; i < a.N; i++) {
        double sc[4] = {0};
        for (int t = 0; t < 5; t++) {
            const float *xt = a.x + ((size_t)i * 5 + (size_t)t) * 10;
            for (int k = 0; k < 4; k++) {
                int fa = k % 10, fb = (k + 1 + k / 10) % 10, fc = (k + 3) % 10;
                double ua = xt[fa] / (a.card[fa] - 1) - 0.5, ub = xt[fb] / (a.card[fb] - 1) - 0.5;
                double uc = xt[fc] / (a.card[fc] - 1) - 0.5;
                sc[k] += ua - ub + 2 * ua * uc;
            }
        }
        int best = 0;
        for (int k = 1; k < 4; k++) if (sc[k] > sc[best]) best = k;
        against += best != a.y[i];
    }
    assert_int_equal(against, 40);
    data_free(&a);
    data_free(&b);
    /* explicit shares; a bad share or sum is refused */
    double mine[3] = {0.2, 0.3, 0.5};
    GenSpec h = {.n = 100, .T = 5, .F = 10, .K = 3, .shares = mine, .seed = 1};
    assert_int_equal(data_generate(&a, &h, err, sizeof err), 0);
    assert_int_equal(a.count[0], 20);
    assert_int_equal(a.count[2], 50);
    data_free(&a);
    double badsum[3] = {0.2, 0.3, 0.4};
    h.shares = badsum;
    assert_int_equal(data_generate(&a, &h, err, sizeof err), -1);
    assert_non_null(strstr(err, "sum to"));
    h.K = 17;
    assert_int_equal(data_generate(&a, &h, err, sizeof err), -1);
    assert_non_null(strstr(err, "expected 2 to 16"));
}

/* ---- CSV reading: good files -------------------------------------------------------------- */

static const float GOOD_X[3][4] = {{0, 1, 2, 0}, {1, 2, 0, 1}, {2, 0, 1, 1}};
static const int GOOD_Y[3] = {1, 0, 1};

static void check_good(const char *path)
{
    Dataset d;
    char err[256] = "";
    int rc = data_read_csv(&d, path, 2, 0, err, sizeof err);
    if (rc) print_error("%s\n", err);
    assert_int_equal(rc, 0);
    assert_int_equal(d.N, 3);
    assert_int_equal(d.T, 2);
    assert_int_equal(d.F, 2);
    assert_int_equal(d.count[1], 2);
    assert_int_equal(d.K, 2);
    assert_memory_equal(d.x, GOOD_X, sizeof GOOD_X);
    assert_memory_equal(d.y, GOOD_Y, sizeof GOOD_Y);
    assert_int_equal(d.card[0], 3);   /* feature 0: values 0,2,1,1,2,1 */
    assert_int_equal(d.card[1], 3);   /* feature 1: values 1,0,2,1,0,1 */
    data_free(&d);
}

static void test_csv_good(void **state)
{
    (void)state;
    check_good(FIX "good_header.csv");
    check_good(FIX "good_noheader.csv");   /* no header, no final newline, spaces in cells */
    check_good(FIX "good_crlf.csv");       /* \r\n, a blank line, a tab */
    check_good(FIX "good_bom.csv");        /* UTF-8 BOM, trailing blank lines */
}

static void test_csv_card_and_onehot_check(void **state)
{
    (void)state;
    Dataset d;
    char err[256] = "";
    assert_int_equal(data_read_csv(&d, FIX "card.csv", 1, 0, err, sizeof err), 0);
    assert_int_equal(d.F, 4);
    assert_int_equal(d.card[0], 5);   /* 0, 4 */
    assert_int_equal(d.card[1], 0);   /* 1.5 */
    assert_int_equal(d.card[2], 0);   /* -1 */
    assert_int_equal(d.card[3], 0);   /* 70000: beyond the one-hot limit */
    assert_int_equal(data_check_encoding(&d, ENC_LABEL, err, sizeof err), 0);
    assert_int_equal(data_width(&d, ENC_LABEL), 4);
    assert_int_equal(data_check_encoding(&d, ENC_ONEHOT, err, sizeof err), -1);
    assert_non_null(strstr(err, "feature 1 (CSV column 2)"));
    assert_null(strchr(err, '\n'));
    data_free(&d);

    /* names every column of the feature when T > 1 */
    Dataset g;
    GenSpec s = {.n = 20, .T = 3, .F = 4, .K = 2, .pos = 0.5, .noise = 0.0, .seed = 1};
    assert_int_equal(data_generate(&g, &s, err, sizeof err), 0);
    g.card[2] = 0;
    assert_int_equal(data_check_encoding(&g, ENC_ONEHOT, err, sizeof err), -1);
    assert_non_null(strstr(err, "feature 2 (CSV columns 3, 7, ..., 11)"));
    data_free(&g);
}

/* ---- CSV reading: errors ------------------------------------------------------------------ */

static void expect_csv_error_k(const char *path, int T, int K, const char *prefix, const char *word)
{
    Dataset d;
    char err[256] = "";
    int rc = data_read_csv(&d, path, T, K, err, sizeof err);
    if (rc != -1 || strncmp(err, prefix, strlen(prefix)) != 0 || !strstr(err, word))
        print_error("%s: got rc %d, '%s'; want prefix '%s' and '%s'\n", path, rc, err, prefix, word);
    assert_int_equal(rc, -1);
    assert_int_equal(strncmp(err, prefix, strlen(prefix)), 0);
    assert_non_null(strstr(err, word));
    assert_null(strchr(err, '\n'));
    assert_null(d.x);
    assert_null(d.y);
    assert_null(d.card);
}

static void expect_csv_error(const char *path, int T, const char *prefix, const char *word)
{
    expect_csv_error_k(path, T, 2, prefix, word);
}

static void test_csv_errors(void **state)
{
    (void)state;
    static const struct { const char *file; const char *where; const char *word; } cases[] = {
        {"cols_bad.csv", ":1:1: ", "4 columns; expected T*F feature values and a label with T = 2"},
        {"ragged_short.csv", ":3:8: ", "4 cells; expected 5"},
        {"ragged_long.csv", ":2:12: ", "6 cells; expected 5"},
        {"ragged_crlf.csv", ":2:4: ", "2 cells; expected 5"},
        {"empty_cell.csv", ":2:5: ", "empty cell; expected a number"},
        {"nonnumeric.csv", ":2:6: ", "'abc' is not a number"},
        {"hex.csv", ":2:1: ", "'0x1f' is not a number"},
        {"quoted.csv", ":2:1: ", "'\"1\"' is not a number"},
        {"label_text.csv", ":2:9: ", "label 'x'; expected a class 0 to 1 (--classes 2), written as a whole number"},
        {"nan.csv", ":1:3: ", "non-finite value 'nan'"},
        {"inf.csv", ":2:5: ", "non-finite value '-inf'"},
        {"overflow.csv", ":2:1: ", "non-finite value '1e999'"},
        {"label2.csv", ":2:9: ", "label '2'; expected a class 0 to 1 (--classes 2)"},
        {"label_half.csv", ":1:9: ", "label '0.5'; expected a class 0 to 1 (--classes 2), written as a whole number"},
        {"empty.csv", ":1:1: ", "empty file"},
        {"blank.csv", ":1:1: ", "empty file"},
        {"header_only.csv", ":2:1: ", "no data rows after the header"},
        {"one_class1.csv", ":2:9: ", "only class 1 present in 2 rows; need at least two classes"},
        {"one_class0.csv", ":1:9: ", "only class 0 present in 1 rows; need at least two classes"},
        {"nul.csv", ":1:6: ", "NUL byte"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[256], prefix[300];
        snprintf(path, sizeof path, FIX "%s", cases[i].file);
        snprintf(prefix, sizeof prefix, "%s%s", path, cases[i].where);
        expect_csv_error(path, 2, prefix, cases[i].word);
    }
    /* class labels are exact integer spellings: 1e-50, 1.00000001, 1.0, +1 are not classes */
    static const char *const inexact[] = { "1e-50", "1.00000001", "1.0", "+1", "-0", "01x", "16" };
    for (size_t i = 0; i < sizeof inexact / sizeof inexact[0]; i++) {
        char path[512], body[128], prefix[600], word[64];
        tmp_path(path, sizeof path, "inexact.csv");
        snprintf(body, sizeof body, "0,1,2,0,0\n1,1,1,1,%s\n", inexact[i]);
        write_file(path, body, strlen(body));
        snprintf(prefix, sizeof prefix, "%s:2:9: ", path);
        snprintf(word, sizeof word, "label '%s'; expected a class 0 to 15", inexact[i]);
        expect_csv_error_k(path, 2, 0, prefix, word);   /* K inferred */
    }
    /* K inferred from the largest label; --classes bounds it */
    {
        Dataset d;
        char err[256] = "";
        assert_int_equal(data_read_csv(&d, FIX "label2.csv", 2, 0, err, sizeof err), 0);
        assert_int_equal(d.K, 3);
        assert_int_equal(d.count[1], 1);
        assert_int_equal(d.count[2], 1);
        data_free(&d);
        assert_int_equal(data_read_csv(&d, FIX "label2.csv", 2, 5, err, sizeof err), 0);
        assert_int_equal(d.K, 5);
        data_free(&d);
    }
    /* T that does not divide the columns: 5 columns, T = 3 */
    expect_csv_error(FIX "good_header.csv", 3, FIX "good_header.csv:1:1: ", "5 columns");
    expect_csv_error(FIX "good_header.csv", 0, FIX "good_header.csv: ", "timesteps = 0");
}

static void test_csv_io_errors(void **state)
{
    (void)state;
    expect_csv_error(FIX "does_not_exist.csv", 2, FIX "does_not_exist.csv: cannot open: ",
                     "No such file or directory");
    char dir[512], prefix[600];
    tmp_path(dir, sizeof dir, "dir");
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(prefix, sizeof prefix, "%s: cannot read: ", dir);
    expect_csv_error(dir, 2, prefix, "Is a directory");

    Dataset d = {0};
    char err[256] = "";
    d.N = 2; d.T = 1; d.F = 1;
    float x[2] = {0, 1};
    int y[2] = {0, 1};
    d.x = x; d.y = y;
    assert_int_equal(data_write_csv(&d, "/nonexistent-dir/x.csv", err, sizeof err), -1);
    assert_string_equal(err, "/nonexistent-dir/x.csv: cannot open for writing: No such file or directory");
}

/* NUL bytes, binary garbage, 1 MB lines: errors or data, never a crash. */
static void test_csv_hostile(void **state)
{
    (void)state;
    char path[512], prefix[600], err[256];
    Dataset d;

    tmp_path(path, sizeof path, "nul.csv");
    static const char nul[] = "0,1,2,0,1\n1,0\0,1,0,0\n";
    write_file(path, nul, sizeof nul - 1);
    snprintf(prefix, sizeof prefix, "%s:2:4: ", path);
    expect_csv_error(path, 2, prefix, "NUL byte");

    /* pseudo-random bytes (no NUL), several seeds */
    tmp_path(path, sizeof path, "bin.csv");
    for (uint32_t seed = 1; seed <= 20; seed++) {
        unsigned char buf[4096];
        uint32_t st = seed * 2654435761u;
        for (size_t i = 0; i < sizeof buf; i++) {
            st = st * 1664525u + 1013904223u;
            unsigned char ch = (unsigned char)(st >> 24);
            if (ch == 0) ch = ',';
            if ((st >> 8 & 31) == 0) ch = '\n';
            buf[i] = ch;
        }
        write_file(path, buf, sizeof buf);
        assert_int_equal(data_read_csv(&d, path, 1, 0, err, sizeof err), -1);
        snprintf(prefix, sizeof prefix, "%s:", path);
        assert_int_equal(strncmp(err, prefix, strlen(prefix)), 0);
        assert_null(strchr(err, '\n'));
        assert_null(d.x);
    }

    /* a 1 MB line of numbers parses (T = 1, 499999 features) */
    size_t cells = 500000, len = cells * 2;
    char *big = malloc(2 * len);
    assert_non_null(big);
    for (int row = 0; row < 2; row++) {
        char *r = big + (size_t)row * len;
        for (size_t i = 0; i + 1 < cells; i++) { r[2 * i] = (char)('0' + (int)(i % 3)); r[2 * i + 1] = ','; }
        r[len - 2] = (char)('0' + row);
        r[len - 1] = '\n';
    }
    tmp_path(path, sizeof path, "longok.csv");
    write_file(path, big, 2 * len);
    int rc = data_read_csv(&d, path, 1, 0, err, sizeof err);
    if (rc) print_error("%s\n", err);
    assert_int_equal(rc, 0);
    assert_int_equal(d.N, 2);
    assert_int_equal(d.F, 499999);
    assert_true(d.x[499997] == 2.0f);          /* 499997 % 3 */
    assert_true(d.y[0] == 0 && d.y[1] == 1);
    assert_int_equal(d.card[0], 1);
    assert_int_equal(d.card[2], 3);
    data_free(&d);

    /* a 1 MB non-numeric cell: one short line of error, the cell quoted and truncated */
    tmp_path(path, sizeof path, "longbad.csv");
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs("0,1,2,0,1\n0,1,", fp);
    memset(big, 'x', len);
    fwrite(big, 1, len, fp);
    fputs(",0,1\n", fp);
    fclose(fp);
    snprintf(prefix, sizeof prefix, "%s:2:5: 'xxxxxxxxxxxxxxxxxxxxxxxx...' is not a number", path);
    expect_csv_error(path, 2, prefix, "expected a number");
    free(big);
}

/* ---- CSV writing -------------------------------------------------------------------------- */

static void test_csv_roundtrip(void **state)
{
    (void)state;
    char path[512], err[256] = "";
    Dataset a, b;
    gen(&a, 500, 5, 10, 0.74, 0.02, 11);
    tmp_path(path, sizeof path, "rt.csv");
    assert_int_equal(data_write_csv(&a, path, err, sizeof err), 0);
    assert_int_equal(data_read_csv(&b, path, 5, 0, err, sizeof err), 0);
    assert_int_equal(b.N, a.N);
    assert_int_equal(b.T, 5);
    assert_int_equal(b.F, 10);
    assert_int_equal(b.count[1], a.count[1]);
    assert_memory_equal(b.x, a.x, (size_t)a.N * 50 * sizeof(float));
    assert_memory_equal(b.y, a.y, (size_t)a.N * sizeof(int));
    assert_memory_equal(b.card, a.card, 10 * sizeof(int));
    FILE *fp = fopen(path, "rb");
    char head[64] = "";
    assert_non_null(fgets(head, sizeof head, fp));
    fclose(fp);
    assert_int_equal(strncmp(head, "f0_t0,f1_t0,f2_t0,", 18), 0);
    data_free(&a);
    data_free(&b);

    /* awkward floats round-trip bit-exactly */
    static float xs[] = {-0.0f, 0.1f, 1e-30f, 3.4028235e38f, -1.17549435e-38f, 1.4e-45f, 123456789.0f,
                         16777217.0f, -7.0f, 1e15f, 1e16f, 0.333333343f, 2.5f, 9.0f, 10.0f, -1e-7f};
    enum { NX = sizeof xs / sizeof xs[0] };
    int ys[NX];
    for (int i = 0; i < NX; i++) ys[i] = i & 1;
    Dataset c = {.N = NX, .T = 1, .F = 1, .K = 2, .x = xs, .y = ys};
    tmp_path(path, sizeof path, "floats.csv");
    assert_int_equal(data_write_csv(&c, path, err, sizeof err), 0);
    assert_int_equal(data_read_csv(&b, path, 1, 0, err, sizeof err), 0);
    assert_int_equal(b.N, NX);
    assert_memory_equal(b.x, xs, sizeof xs);
    assert_memory_equal(b.y, ys, sizeof ys);
    assert_int_equal(b.card[0], 0);
    data_free(&b);
}

/* ---- encodings, gather, split, shuffle, free ---------------------------------------------- */

static void test_gather(void **state)
{
    (void)state;
    /* N=3, T=2, F=3, card {2, 3, 1}: width 3 (label) and 6 (one-hot) */
    float x[3 * 2 * 3] = {1, 2, 0,  0, 0, 0,
                          0, 1, 0,  1, 1, 0,
                          1, 0, 0,  0, 2, 0};
    int y[3] = {1, 0, 1};
    int card[3] = {2, 3, 1};
    Dataset d = {.N = 3, .T = 2, .F = 3, .K = 2, .x = x, .y = y, .card = card, .count = {1, 2}};
    char err[128];
    assert_int_equal(data_width(&d, ENC_LABEL), 3);
    assert_int_equal(data_width(&d, ENC_ONEHOT), 6);
    assert_int_equal(data_check_encoding(&d, ENC_ONEHOT, err, sizeof err), 0);

    long idx[2] = {2, 0};
    float bx[2 * 2 * 6];
    int by[2];
    memset(bx, 0x7f, sizeof bx);
    data_gather(&d, ENC_LABEL, idx, 2, bx, by);
    static const float want_label[2 * 2 * 3] = {1, 0, 0, 0, 2, 0,   1, 2, 0, 0, 0, 0};
    for (int i = 0; i < 12; i++) assert_true(bx[i] == want_label[i]);
    assert_true(by[0] == 1 && by[1] == 1);

    memset(bx, 0x7f, sizeof bx);
    data_gather(&d, ENC_ONEHOT, idx, 2, bx, by);
    /* slots per step: f0 -> 0..1, f1 -> 2..4, f2 -> 5 */
    static const float want_onehot[2 * 2 * 6] = {
        0, 1, 1, 0, 0, 1,   1, 0, 0, 0, 1, 1,    /* sample 2: (1,0,0), (0,2,0) */
        0, 1, 0, 0, 1, 1,   1, 0, 1, 0, 0, 1,    /* sample 0: (1,2,0), (0,0,0) */
    };
    for (int i = 0; i < 24; i++) {
        if (bx[i] != want_onehot[i]) print_error("one-hot element %d: %g, want %g\n", i, bx[i], want_onehot[i]);
        assert_true(bx[i] == want_onehot[i]);
    }
    long one[1] = {1};
    data_gather(&d, ENC_ONEHOT, one, 1, bx, by);
    static const float want1[12] = {1, 0, 0, 1, 0, 1,   0, 1, 0, 1, 0, 1};
    for (int i = 0; i < 12; i++) assert_true(bx[i] == want1[i]);
    assert_true(by[0] == 0);
}

static void test_split(void **state)
{
    (void)state;
    static const struct { long N; double val; long train; } cases[] = {
        {10, 0.1, 9}, {430000, 0.1, 387000}, {1000, 0.3, 700}, {100, 0.7, 30}, {3, 0.5, 1},
        {7, 0.2, 5}, {20, 0.15, 17},
        {10, 0.8, 1}, {10, 0.9, 0}, {20, 0.9, 1},   /* Keras's float arithmetic, not rounding */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        long nt = -1, nv = -1;
        data_split(cases[i].N, cases[i].val, &nt, &nv);
        assert_int_equal(nt, cases[i].train);
        assert_int_equal(nv, cases[i].N - cases[i].train);
    }
}

static void test_shuffle(void **state)
{
    (void)state;
    enum { N = 1000 };
    static long a[N], b[N], c[N], e[N];
    data_shuffle(a, N, 5, 0);
    data_shuffle(b, N, 5, 0);
    data_shuffle(c, N, 5, 1);
    data_shuffle(e, N, 6, 0);
    static char seen[N];
    memset(seen, 0, sizeof seen);
    long fixed = 0;
    for (long i = 0; i < N; i++) {
        assert_true(a[i] >= 0 && a[i] < N);
        assert_false(seen[a[i]]);
        seen[a[i]] = 1;
        fixed += a[i] == i;
    }
    assert_true(fixed < 10);
    assert_memory_equal(a, b, sizeof a);
    assert_memory_not_equal(a, c, sizeof a);
    assert_memory_not_equal(a, e, sizeof a);
    /* exactly Fisher-Yates from the end with rng_below on stream RNG_STREAM_SHUFFLE + epoch */
    for (int epoch = 0; epoch < 3; epoch++) {
        static long want[N];
        Rng r;
        rng_seed(&r, 5, RNG_STREAM_SHUFFLE + (uint64_t)epoch);
        for (long i = 0; i < N; i++) want[i] = i;
        for (long i = N - 1; i > 0; i--) {
            long j = (long)rng_below(&r, (uint32_t)(i + 1)), t = want[i];
            want[i] = want[j];
            want[j] = t;
        }
        data_shuffle(b, N, 5, epoch);
        assert_memory_equal(b, want, sizeof want);
    }
    long one = -1;
    data_shuffle(&one, 1, 5, 0);
    assert_int_equal(one, 0);
    data_shuffle(NULL, 0, 5, 0);
}

static void test_dataset_free(void **state)
{
    (void)state;
    Dataset d = {0};
    data_free(&d);
    data_free(&d);
    data_free(NULL);
    gen(&d, 10, 5, 10, 0.5, 0.0, 1);
    data_free(&d);
    assert_null(d.x);
    assert_null(d.card);
    data_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gen_deterministic),
        cmocka_unit_test(test_gen_kclass),
        cmocka_unit_test(test_gen_exact_share),
        cmocka_unit_test(test_gen_seed_preset),
        cmocka_unit_test(test_gen_values),
        cmocka_unit_test(test_gen_bad_specs),
        cmocka_unit_test(test_gen_last_step_is_weak),
        cmocka_unit_test(test_csv_good),
        cmocka_unit_test(test_csv_card_and_onehot_check),
        cmocka_unit_test(test_csv_errors),
        cmocka_unit_test(test_csv_io_errors),
        cmocka_unit_test(test_csv_hostile),
        cmocka_unit_test(test_csv_roundtrip),
        cmocka_unit_test(test_gather),
        cmocka_unit_test(test_split),
        cmocka_unit_test(test_shuffle),
        cmocka_unit_test(test_dataset_free),
    };
    return cmocka_run_group_tests(tests, setup_tmp, teardown_tmp);
}
