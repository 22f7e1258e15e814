/* test_train — config validation, diagnosis rules, arena bookkeeping and fault isolation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "train/arena.h"
#include "train/trainer.h"
#include "train/config.h"
#include "testutil.h"

static void test_config_defaults_and_presets(void **state)
{
    (void)state;
    Config c;
    char err[256];
    config_defaults(&c);
    assert_string_equal(c.preset, "demo");
    assert_int_equal(c.nmodels, 3);
    assert_string_equal(c.models[0]->id, "bce");
    assert_string_equal(c.models[1]->id, "cce1");
    assert_string_equal(c.models[2]->id, "cce2");
    assert_int_equal(c.batch, 32);
    assert_true(c.lr == 1e-3f);
    assert_int_equal(config_set(&c, "preset", "seed", err, sizeof err), 0);
    assert_int_equal(c.n, 430000);
    assert_int_equal(c.hidden, 256);
    assert_int_equal(c.dense, 16);
    assert_int_equal(c.recurrent, RACT_HARD_SIGMOID);
    assert_int_equal(config_set(&c, "hidden", "64", err, sizeof err), 0);
    assert_int_equal(c.hidden, 64);
    assert_int_equal(config_set(&c, "preset", "demo", err, sizeof err), 0);
    assert_int_equal(c.hidden, 32);
}

static void test_config_errors_name_the_option(void **state)
{
    (void)state;
    Config c;
    char err[256];
    config_defaults(&c);
    static const char *const bad[][2] = {
        { "epochs", "0" }, { "epochs", "1.5" }, { "epochs", "" }, { "batch", "-1" }, { "lr", "0" },
        { "lr", "nan" }, { "pos", "0" }, { "pos", "1" }, { "noise", "0.5" }, { "noise", "-0.1" },
        { "val", "1" }, { "hidden", "abc" }, { "n", "10" }, { "seed", "-1" }, { "seed", "12x" },
        { "recurrent", "tanh" }, { "encoding", "binary" }, { "threads", "0" }, { "preset", "big" },
        { "models", "" }, { "models", "bce,," }, { "models", "bce,bce" }, { "models", "xyz" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        assert_int_equal(config_set(&c, bad[i][0], bad[i][1], err, sizeof err), -1);
        char want[64];
        snprintf(want, sizeof want, "--%s", bad[i][0]);
        assert_non_null(strstr(err, want));
        assert_null(strchr(err, '\n'));
    }
    assert_int_equal(config_set(&c, "models", "nope", err, sizeof err), -1);
    assert_non_null(strstr(err, "cce1-textbook"));   /* lists the known ids */
    assert_int_equal(config_set(&c, "bogus", "1", err, sizeof err), -1);
    assert_false(config_lesson_key("bogus"));
    assert_true(config_lesson_key("eval-every"));
    assert_false(config_lesson_key("eval"));
    assert_false(config_lesson_key("csv"));      /* lessons write no files */
    assert_false(config_lesson_key("headless")); /* front-end options are not the lesson's */
    /* leading blanks are refused everywhere, so " -1" and "-1" are judged alike */
    assert_int_equal(config_set(&c, "seed", " -1", err, sizeof err), -1);
    assert_int_equal(config_set(&c, "seed", " 5", err, sizeof err), -1);
    assert_int_equal(config_set(&c, "epochs", " 5", err, sizeof err), -1);
    assert_int_equal(config_set(&c, "lr", " 0.1", err, sizeof err), -1);
    /* a failed set leaves the value alone */
    assert_int_equal(c.epochs, 20);
    assert_int_equal(config_set(&c, "models", "cce2,bce", err, sizeof err), 0);
    char s[64];
    config_models_str(&c, s, sizeof s);
    assert_string_equal(s, "cce2,bce");
}

static EvalPoint point(double loss, double val_pred1, double logloss, long step)
{
    EvalPoint p;
    memset(&p, 0, sizeof p);
    p.step = step;
    p.loss = loss;
    p.val_loss = loss;
    p.K = 2;
    p.val_pred1 = val_pred1;
    p.val_pred[1] = val_pred1;
    p.val_pred[0] = 1 - val_pred1;
    p.val_logloss = logloss;
    p.grad_norm = 1.0;
    p.val_acc = 0.5;
    p.val_true_acc = 0.5;
    p.val_out_spread = 0.3;   /* the output varies with the input */
    return p;
}

static void diag2(EvalPoint *p, int diverged, int moved)
{
    static const double share[2] = { 0.26, 0.74 };
    DiagInput in = { .diverged = diverged, .diverged_step = 3, .moved = moved, .K = 2, .share = share };
    diagnose(p, &in);
}

static void test_diagnosis_rules(void **state)
{
    (void)state;
    EvalPoint p = point(0.1, 0.7, 0.1, 10);
    diag2(&p, 0, 1);
    assert_int_equal(p.diag, DIAG_HEALTHY);
    p = point(0.1, 0.7, 0.1, 10);
    diag2(&p, 1, 1);
    assert_int_equal(p.diag, DIAG_DIVERGED);
    assert_non_null(strstr(p.reason, "at step 3"));
    p = point(NAN, 0.7, 0.1, 10);
    diag2(&p, 0, 1);
    assert_int_equal(p.diag, DIAG_DIVERGED);
    p = point(1e-7, 0.5, 0.7, 10);               /* frozen wins over loss-disagrees */
    diag2(&p, 0, 0);
    assert_int_equal(p.diag, DIAG_FROZEN);
    p = point(0.0, 0.0, 12.0, 10);               /* a zero last gradient is not FROZEN once */
    p.grad_norm = 0.0;                           /* the weights have moved (pos 0.97, cce1) */
    diag2(&p, 0, 1);
    assert_int_equal(p.diag, DIAG_COLLAPSED0);
    p = point(1e-7, 0.5, 0.7, 0);                /* at step 0 nothing is frozen yet */
    diag2(&p, 0, 0);
    assert_int_equal(p.diag, DIAG_LOSS_DISAGREES);
    p = point(0.5, 0.0, 0.9, 0);                 /* untrained, one class: not a collapse yet */
    diag2(&p, 0, 0);
    assert_int_equal(p.diag, DIAG_UNTRAINED);    /* issue 11: not a green HEALTHY */
    assert_string_equal(diag_word(p.diag), "UNTRAINED");
    assert_int_not_equal(diag_severity(p.diag), SEV_GOOD);
    assert_non_null(strstr(p.reason, "untrained: predicts class 1 for 0%"));
    p = point(0.0, 0.0, 12.0, 10);               /* collapsed wins over loss-disagrees */
    diag2(&p, 0, 1);
    assert_int_equal(p.diag, DIAG_COLLAPSED0);
    assert_non_null(strstr(p.reason, "share of zeros 26.0%"));
    p = point(0.01, 0.995, 2.0, 10);
    diag2(&p, 0, 1);
    assert_int_equal(p.diag, DIAG_COLLAPSED1);
    p = point(0.0, 0.5, 0.69, 10);
    diag2(&p, 0, 1);
    assert_int_equal(p.diag, DIAG_LOSS_DISAGREES);
    assert_non_null(strstr(p.reason, "0.690"));
    assert_string_equal(diag_word(DIAG_COLLAPSED1), "COLLAPSED-1");
    assert_string_equal(diag_word(DIAG_LOSS_DISAGREES), "LOSS-DISAGREES");
    assert_string_equal(diag_word((Diag)(DIAG_COLLAPSED0 + 15)), "COLLAPSED-15");
    assert_string_equal(diag_word(DIAG_COUNT), "?");
    for (int d = 0; d < DIAG_COUNT; d++) assert_int_equal(diag_parse(diag_word((Diag)d)), d);
    assert_int_equal(diag_parse("COLLAPSED-16"), -1);
    /* K classes: COLLAPSED-k for the class that takes 99% */
    EvalPoint q;
    memset(&q, 0, sizeof q);
    q.K = 4;
    q.step = 50;
    q.loss = q.val_loss = 1.0;
    q.val_logloss = 1.3;
    q.val_out_spread = 0.5;
    q.val_pred[2] = 0.995;
    q.val_pred[0] = 0.005;
    static const double share4[4] = { 0.4, 0.3, 0.2, 0.1 };
    DiagInput in4 = { .moved = 1, .K = 4, .share = share4 };
    diagnose(&q, &in4);
    assert_int_equal(q.diag, DIAG_COLLAPSED0 + 2);
    assert_non_null(strstr(q.reason, "its share 20.0%"));
    q.val_pred[2] = 0.5;
    q.val_pred[0] = 0.5;
    diagnose(&q, &in4);
    assert_int_equal(q.diag, DIAG_HEALTHY);
}

/* The option table: every row well-formed; defaults parse; rebuild decisions follow the flags. */
static void test_option_table(void **state)
{
    (void)state;
    int n;
    const OptDef *o = config_options(&n);
    assert_true(n >= 20 && n <= 64);
    Config base;
    config_defaults(&base);
    char err[1200];
    for (int i = 0; i < n; i++) {
        assert_non_null(o[i].name);
        assert_non_null(o[i].help);
        assert_ptr_equal(config_option(o[i].name), &o[i]);
        for (int j = 0; j < i; j++) assert_string_not_equal(o[i].name, o[j].name);
        if (o[i].flags & OPTF_PRESET) assert_true(o[i].def && o[i].def_seed);
        if (o[i].flags & OPTF_REBUILD) assert_true(o[i].flags & OPTF_LESSON);
        /* each default is a valid value of its own option */
        Config c = base;
        if (o[i].def) assert_int_equal(config_set(&c, o[i].name, o[i].def, err, sizeof err), 0);
        assert_true(config_given(&c, o[i].name) == (o[i].def != NULL));
    }
    /* a changed rebuild option needs a rebuild; epochs and the front end's options do not */
    static const char *const change[][2] = {
        { "batch", "16" }, { "lr", "0.01" }, { "hidden", "8" }, { "dense", "8" }, { "recurrent", "sigmoid" },
        { "n", "500" }, { "pos", "0.5" }, { "noise", "0.1" }, { "val", "0.2" }, { "seed", "7" },
        { "data", "x.csv" }, { "timesteps", "3" }, { "encoding", "onehot" }, { "threads", "1" },
        { "eval-every", "5" }, { "models", "bce" }, { "classes", "3" }, { "preset", "seed" },
    };
    for (size_t i = 0; i < sizeof change / sizeof change[0]; i++) {
        Config c = base;
        assert_int_equal(config_set(&c, change[i][0], change[i][1], err, sizeof err), 0);
        if (!config_needs_rebuild(&base, &c)) fail_msg("changing %s does not rebuild", change[i][0]);
    }
    static const char *const keep[][2] = { { "epochs", "3" }, { "speed", "9" }, { "csv", "o.csv" }, { "ascii", NULL } };
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
        Config c = base;
        assert_int_equal(config_set(&c, keep[i][0], keep[i][1], err, sizeof err), 0);
        assert_false(config_needs_rebuild(&base, &c));
        assert_true(config_differs(&base, &c));   /* ... but it is a different configuration */
    }
    assert_false(config_differs(&base, &base));
    /* the same lr schedule in two Configs whose padding bytes differ: not a difference */
    {
        Config a, b;
        memset(&a, 0x00, sizeof a);
        memset(&b, 0xA5, sizeof b);
        a = base;   /* struct assignment: the padding bytes may or may not follow */
        b = base;
        assert_int_equal(config_set(&a, "lr-schedule", "10:0.01,20:0.002", err, sizeof err), 0);
        assert_int_equal(config_set(&b, "lr-schedule", "10:0.01,20:0.002", err, sizeof err), 0);
        memset((char *)&b.lr_sched[0] + offsetof(LrChange, lr) + sizeof(float), 0x5A,
               sizeof(LrChange) - offsetof(LrChange, lr) - sizeof(float));
        assert_false(config_differs(&a, &b));
        assert_false(config_needs_rebuild(&a, &b));
        b.lr_sched[1].lr = 0.003f;
        assert_true(config_differs(&a, &b));
    }
    /* lesson keys are exactly the OPTF_LESSON rows */
    char keys[512];
    config_lesson_keys(keys, sizeof keys);
    for (int i = 0; i < n; i++) {
        char pat[40];
        snprintf(pat, sizeof pat, " %s ", o[i].name);
        char padded[520];
        snprintf(padded, sizeof padded, " %s ", keys);
        assert_true((strstr(padded, pat) != NULL) == ((o[i].flags & OPTF_LESSON) != 0));
    }
    /* --help lists every option */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    config_print_help(f);
    fclose(f);
    for (int i = 0; i < n; i++) {
        char pat[40];
        snprintf(pat, sizeof pat, "--%s", o[i].name);
        assert_non_null(strstr(buf, pat));
    }
    free(buf);
}

/* K classes: the option, the line-up that follows it, and the binary-only refusals */
static void test_config_classes(void **state)
{
    (void)state;
    Config c;
    char err[1200];
    config_defaults(&c);
    assert_int_equal(config_classes(&c), 2);
    assert_int_equal(config_set(&c, "classes", "4", err, sizeof err), 0);
    assert_int_equal(c.nmodels, 1);
    assert_string_equal(c.models[0]->id, "cce");   /* nobody chose a line-up: the K-class one */
    assert_int_equal(config_check(&c, err, sizeof err), 0);
    assert_int_equal(config_set(&c, "models", "cce,bce", err, sizeof err), 0);
    assert_int_equal(config_check(&c, err, sizeof err), -1);
    assert_non_null(strstr(err, "--models: set-up 'bce' is binary-only (K = 2); with --classes 4"));
    assert_null(strchr(err, '\n'));
    assert_int_equal(config_set(&c, "classes", "17", err, sizeof err), -1);
    assert_non_null(strstr(err, "--classes"));
    assert_int_equal(config_set(&c, "classes", "1", err, sizeof err), -1);
    config_defaults(&c);
    assert_int_equal(config_set(&c, "shares", "0.5,0.3,0.2", err, sizeof err), 0);
    assert_int_equal(config_check(&c, err, sizeof err), -1);          /* 3 shares, K = 2 */
    assert_non_null(strstr(err, "--shares"));
    assert_int_equal(config_set(&c, "classes", "3", err, sizeof err), 0);
    assert_int_equal(config_check(&c, err, sizeof err), 0);
    assert_int_equal(config_set(&c, "shares", "0.5,0.3", err, sizeof err), -1);
    assert_int_equal(config_set(&c, "shares", "0.5,0.3,0.3", err, sizeof err), -1);
    assert_non_null(strstr(err, "sum to"));
    assert_int_equal(config_set(&c, "shares", "0.5,0,0.5", err, sizeof err), -1);
    assert_int_equal(config_set(&c, "pos", "0.5", err, sizeof err), 0);
    assert_int_equal(config_check(&c, err, sizeof err), -1);          /* --pos is for K = 2 */
    assert_non_null(strstr(err, "--pos"));
}

static void test_arena_bookkeeping(void **state)
{
    (void)state;
    Config c = test_small_config();
    c.eval_every = 5;
    char err[256];
    Arena a;
    assert_int_equal(arena_create(&a, &c, 1, err, sizeof err), 0);
    assert_int_equal(a.n_train, 360);
    assert_int_equal(a.n_val, 40);
    assert_int_equal(a.steps_per_epoch, 12);   /* ceil(360 / 32) */
    arena_eval_initial(&a);
    arena_eval_initial(&a);                    /* idempotent */
    assert_int_equal(a.runs[0].npts, 1);
    assert_int_equal(arena_last(&a, 0)->epoch, 0);
    long evals = 0;
    while (!arena_done(&a)) evals += arena_advance(&a, 1000);
    /* epoch 1: steps 5, 10, 12; epoch 2: 15, 20, 24 */
    assert_int_equal(evals, 6);
    assert_int_equal(a.runs[2].npts, 7);
    static const long steps[] = { 0, 5, 10, 12, 15, 20, 24 };
    static const int epochs[] = { 0, 1, 1, 1, 2, 2, 2 };
    for (int i = 0; i < 7; i++) {
        assert_int_equal(a.runs[1].pts[i].step, steps[i]);
        assert_int_equal(a.runs[1].pts[i].epoch, epochs[i]);
    }
    assert_int_equal(arena_advance(&a, 10), 0);   /* done: nothing more */
    /* confusion matrices and histograms count every validation sample */
    for (int r = 0; r < a.nruns; r++) {
        const EvalPoint *p = arena_last(&a, r);
        const long *cm = a.runs[r].cm;   /* [true * 2 + predicted] */
        long n = cm[0] + cm[1] + cm[2] + cm[3], h = 0;
        for (int b = 0; b < HIST_BINS; b++) h += p->hist[b];
        assert_int_equal(n, 40);
        assert_int_equal(h, 40);
        assert_true(fabs(p->val_pred1 - (double)(cm[1] + cm[3]) / 40.0) < 1e-12);
        assert_true(fabs(p->val_acc - (double)(cm[0] + cm[3]) / 40.0) < 1e-12);
        assert_true(p->val_true_acc == p->val_acc);   /* binary heads display the true accuracy */
    }
    /* the class shares of the validation labels are computed once, with the data */
    long ones = 0;
    for (long i = 0; i < a.n_val; i++) ones += a.data.y[a.val_idx[i]];
    assert_true(a.val_share[1] == (double)ones / 40.0);
    arena_free(&a);
}

static void test_arena_lr_change_applies(void **state)
{
    (void)state;
    Config c = test_small_config();
    char err[256];
    Arena a, b;
    assert_int_equal(arena_create(&a, &c, 1, err, sizeof err), 0);
    assert_int_equal(arena_create(&b, &c, 1, err, sizeof err), 0);
    arena_advance(&a, 3);
    arena_advance(&b, 3);
    assert_memory_equal(a.runs[0].net.params, b.runs[0].net.params, a.runs[0].net.nparams * sizeof(float));
    arena_set_lr(&b, 0.01f);
    arena_advance(&a, 1);
    arena_advance(&b, 1);
    assert_memory_not_equal(a.runs[0].net.params, b.runs[0].net.params, a.runs[0].net.nparams * sizeof(float));
    arena_free(&a);
    arena_free(&b);
}

/* A set-up whose loss becomes NaN is marked DIVERGED and stops; the others go on exactly as if
 * nothing had happened. */
static void test_divergence_is_isolated(void **state)
{
    (void)state;
    Config c = test_small_config();
    c.threads = 2;
    char err[256];
    Arena a, ref;
    assert_int_equal(arena_create(&a, &c, 1, err, sizeof err), 0);
    assert_int_equal(arena_create(&ref, &c, 1, err, sizeof err), 0);
    arena_eval_initial(&a);
    arena_eval_initial(&ref);
    a.runs[0].net.p.d2[0] = NAN;            /* poison bce's head bias */
    while (!arena_done(&a)) arena_advance(&a, 1000);
    while (!arena_done(&ref)) arena_advance(&ref, 1000);
    assert_true(a.runs[0].diverged);
    assert_int_equal(arena_last(&a, 0)->diag, DIAG_DIVERGED);
    assert_int_equal(a.runs[0].diverged_step, 1);
    for (int r = 1; r < 3; r++) {
        assert_false(a.runs[r].diverged);
        assert_memory_equal(a.runs[r].net.params, ref.runs[r].net.params, a.runs[r].net.nparams * sizeof(float));
        assert_true(arena_last(&a, r)->val_loss == arena_last(&ref, r)->val_loss);
    }
    char row[512];
    metrics_csv_row(row, sizeof row, arena_last(&a, 0), "bce", 0);
    assert_non_null(strstr(row, "nan"));
    arena_free(&a);
    arena_free(&ref);
}

static void test_arena_rejects_bad_splits_and_files(void **state)
{
    (void)state;
    Config c = test_small_config();
    char err[256];
    Arena a;
    c.n = 20;
    c.val = 0.01;                        /* floor(20 * 0.99) = 19 train, 1 val: fine */
    int rc = arena_create(&a, &c, 1, err, sizeof err);
    if (rc) print_message("%s\n", err);
    assert_int_equal(rc, 0);
    arena_free(&a);
    c.val = 0.99;                        /* floor(20 * 0.01) = 0 train */
    assert_int_equal(arena_create(&a, &c, 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "--val"));
    c = test_small_config();
    strcpy(c.data, "fixtures/does-not-exist.csv");
    assert_int_equal(arena_create(&a, &c, 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "does-not-exist.csv"));
}


/* issue 10, defect 13: a bounded history. keep = 4 holds at most 4 points per Run: the first
 * (step 0) stays, older points are thinned, the latest is always last and equals what an
 * unbounded Arena records at that step; an interrupted evaluation is not recorded. */
static void test_arena_bounded_history(void **state)
{
    (void)state;
    Config c = test_small_config();
    c.eval_every = 1;
    char err[256];
    Arena a, all;
    ArenaOpts o = { .with_eval = 1, .keep = 4 };
    assert_int_equal(arena_create_opts(&a, &c, &o, err, sizeof err), 0);
    assert_int_equal(arena_create(&all, &c, 1, err, sizeof err), 0);
    arena_eval_initial(&a);
    arena_eval_initial(&all);
    while (!arena_done(&a)) {
        arena_advance(&a, 1000);
        arena_advance(&all, 1000);
        assert_true(a.runs[0].npts <= 4);
        assert_int_equal(a.runs[0].pts[0].step, 0);
        assert_int_equal(arena_last(&a, 0)->step, arena_last(&all, 0)->step);
        assert_true(arena_last(&a, 1)->val_logloss == arena_last(&all, 1)->val_logloss);
        for (int i = 1; i < a.runs[0].npts; i++) assert_true(a.runs[0].pts[i].step > a.runs[0].pts[i - 1].step);
    }
    assert_int_equal(all.runs[0].npts, 25);    /* 24 steps + step 0: the unbounded one keeps all */
    assert_true(a.runs[0].thinned > 0);
    arena_free(&a);
    arena_free(&all);
    /* defect 3: an evaluation interrupted by the stop flag records nothing */
    volatile sig_atomic_t stop = 0;
    ArenaOpts os = { .with_eval = 1, .stop = &stop };
    assert_int_equal(arena_create_opts(&a, &c, &os, err, sizeof err), 0);
    stop = 1;
    arena_eval_initial(&a);
    assert_int_equal(a.runs[0].npts, 0);
    stop = 0;
    arena_eval_initial(&a);
    assert_int_equal(a.runs[0].npts, 1);
    arena_free(&a);
    /* and loading the data gives up when it is set */
    stop = 1;
    assert_int_equal(arena_create_opts(&a, &c, &os, err, sizeof err), -1);
    assert_string_equal(err, "generator: interrupted");
}

/* A test-only table: the built-in rows plus a sixth and a seventh (copies of existing losses
 * under new ids). Any line-up of its rows runs side by side; nothing else needs to change. */
static Setup g_rows[64];   /* the built-in rows plus eight copies */
static const char *const g_lineup[] = { "bce", NULL };
static SetupTable g_table;

static const SetupTable *test_table(void)
{
    const SetupTable *b = setup_builtin();
    memcpy(g_rows, b->rows, sizeof(Setup) * (size_t)b->n);
    Setup six = *setup_find(b, "bce"), seven = *setup_find(b, "cce1");
    six.id = "bce-copy"; six.aliases = ""; six.key = '7'; six.hue = HUE_RED;
    seven.id = "cce1-copy"; seven.aliases = ""; seven.key = '8'; seven.hue = HUE_WHITE;
    g_rows[b->n] = six;
    g_rows[b->n + 1] = seven;
    g_table = (SetupTable){ g_rows, b->n + 2, g_lineup, b->lineup_k };
    return &g_table;
}

static void test_extra_rows_run_side_by_side(void **state)
{
    (void)state;
    Config c = test_small_config();
    char err[1200];
    c.table = test_table();
    assert_int_equal(config_set(&c, "models", "bce,cce1,cce1-frozen,cce1-textbook,cce2,bce-copy,cce1-copy", err, sizeof err), 0);
    assert_int_equal(c.nmodels, 7);
    Arena a;
    assert_int_equal(arena_create(&a, &c, 1, err, sizeof err), 0);
    arena_eval_initial(&a);
    while (!arena_done(&a)) arena_advance(&a, 1000);
    /* the copies compute exactly what their originals compute */
    assert_memory_equal(a.runs[5].net.params, a.runs[0].net.params, a.runs[0].net.nparams * sizeof(float));
    assert_memory_equal(a.runs[6].net.params, a.runs[1].net.params, a.runs[1].net.nparams * sizeof(float));
    assert_true(arena_last(&a, 5)->val_loss == arena_last(&a, 0)->val_loss);
    assert_int_equal(arena_last(&a, 6)->diag, arena_last(&a, 1)->diag);
    arena_free(&a);
    /* up to SETUPS_MAX set-ups in one run: twelve at least */
    assert_true(SETUPS_MAX >= 12);
}

/* K = 4 through the whole arena: cce learns above the majority class, K x K counts add up, the
 * per-class predicted shares sum to 1, and the CSV grows one column per class */
static void test_arena_k_classes(void **state)
{
    (void)state;
    Config c = test_small_config();
    char err[1200];
    assert_int_equal(config_set(&c, "classes", "4", err, sizeof err), 0);
    c.n = 2000;
    c.epochs = 4;
    c.hidden = 16;
    Arena a;
    int rc = arena_create(&a, &c, 1, err, sizeof err);
    if (rc) print_error("%s\n", err);
    assert_int_equal(rc, 0);
    assert_int_equal(a.K, 4);
    assert_int_equal(a.runs[0].U, 4);
    arena_eval_initial(&a);
    while (!arena_done(&a)) arena_advance(&a, 1000);
    const EvalPoint *p = arena_last(&a, 0);
    double maj = 0, sum = 0;
    for (int k = 0; k < 4; k++) { maj = fmax(maj, a.val_share[k]); sum += p->val_pred[k]; }
    assert_true(fabs(sum - 1.0) < 1e-12);
    print_message("K = 4 cce: val acc %.3f, majority %.3f\n", p->val_acc, maj);
    assert_true(p->val_acc > maj + 0.15);
    long n = 0;
    for (int i = 0; i < 16; i++) n += a.runs[0].cm[i];
    assert_int_equal(n, a.n_val);
    char head[512], row[512];
    metrics_csv_header(head, sizeof head, 4, 0);
    assert_string_equal(head, "epoch,step,model,loss,acc,val_loss,val_acc,val_pred1,val_logloss,grad_norm,"
                              "val_true_acc,val_pred_0,val_pred_1,val_pred_2,val_pred_3");
    metrics_csv_row(row, sizeof row, p, "cce", 0);
    int commas = 0;
    for (char *q = row; *q; q++) commas += *q == ',';
    assert_int_equal(commas, 14);
    arena_free(&a);
    /* a binary-only set-up refuses a K = 4 data set, naming itself */
    c.models[0] = setup_find(setup_builtin(), "cce1");
    assert_int_equal(arena_create(&a, &c, 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "'cce1' is binary-only"));
}

/* the mechanism, split by true class: cce1 pushes only the zeros (mean dLoss/dz = 1 for class 0,
 * exactly 0 for class 1), cce1-frozen pushes nothing, bce pushes both classes apart */
static void test_mechanism_by_class(void **state)
{
    (void)state;
    Config c = test_small_config();
    char err[1200];
    assert_int_equal(config_set(&c, "models", "cce1,cce1-frozen,bce", err, sizeof err), 0);
    Arena a;
    assert_int_equal(arena_create(&a, &c, 1, err, sizeof err), 0);
    arena_eval_initial(&a);
    arena_advance(&a, 5);
    arena_eval_now(&a);
    const EvalPoint *p = arena_last(&a, 0);
    assert_true(fabs(p->mech_dz[0] - 1.0) < 1e-6 && p->mech_dz[1] == 0.0);   /* (1/B in float) * B */
    p = arena_last(&a, 1);
    assert_true(p->mech_dz[0] == 0.0 && p->mech_dz[1] == 0.0);
    p = arena_last(&a, 2);
    assert_true(p->mech_dz[0] > 0.0 && p->mech_dz[1] < 0.0);   /* sigmoid(z) - y */
    assert_true(isfinite(p->mech_z[0]) && isfinite(p->mech_z[1]));
    arena_free(&a);
}

/* cce1 with 97% ones: most batches have no zero label and give an exactly-zero gradient, but the
 * weights have moved, so the diagnosis is the collapse, never FROZEN */
static void test_frozen_means_never_moved(void **state)
{
    (void)state;
    Config c = test_small_config();
    char err[1200];
    assert_int_equal(config_set(&c, "models", "cce1,cce1-frozen", err, sizeof err), 0);
    c.pos = 0.97;
    c.noise = 0.0;
    c.n = 1000;
    c.eval_every = 1;
    c.epochs = 1;
    Arena a;
    assert_int_equal(arena_create(&a, &c, 1, err, sizeof err), 0);
    arena_eval_initial(&a);
    int zero_grad_seen = 0;
    while (!arena_done(&a)) {
        arena_advance(&a, 1);
        const EvalPoint *p = arena_last(&a, 0);
        zero_grad_seen |= p->grad_norm == 0.0;
        assert_int_not_equal(p->diag, DIAG_FROZEN);
        assert_int_equal(arena_last(&a, 1)->diag, DIAG_FROZEN);
    }
    assert_true(zero_grad_seen);   /* the old rule (last gradient 0) would have said FROZEN */
    arena_free(&a);
}

/* issue 11, defect 5: the screen's schedule (eval_every -1) evaluates at every step up to 16,
 * then 8 points per doubling, so no chart draws one straight line across the first tens of
 * steps; the headless default (eval_every 0) still evaluates at epoch ends only */
static void test_dense_early_evaluation(void **state)
{
    (void)state;
    Config c = test_small_config();
    c.n = 6000;
    c.epochs = 1;
    c.eval_every = -1;
    char err[1200];
    Arena a;
    assert_int_equal(arena_create(&a, &c, 1, err, sizeof err), 0);
    arena_eval_initial(&a);
    while (a.step < 64) arena_advance(&a, 64 - a.step);
    const Run *r = &a.runs[0];
    long prev = 0;
    for (int i = 1; i < r->npts; i++) {
        long st = r->pts[i].step, gap = st - prev;
        if (st <= 16) assert_int_equal(st, i);                      /* every step */
        long allowed = prev < 16 ? 2 : prev / 8 + 1;
        if (gap > allowed) print_error("gap %ld after step %ld\n", gap, prev);
        assert_true(gap <= allowed);
        prev = st;
    }
    assert_true(r->npts >= 16 + 8 + 1);
    assert_true(arena_is_eval_step(&a, 22) && !arena_is_eval_step(&a, 23));   /* every 21 steps too */
    arena_free(&a);
    /* the same run's numbers do not depend on how often it was evaluated */
    Config d = c;
    d.eval_every = 0;
    Arena b;
    assert_int_equal(arena_create(&b, &d, 1, err, sizeof err), 0);
    arena_eval_initial(&b);
    while (b.step < 64) arena_advance(&b, 64 - b.step);
    arena_eval_now(&b);
    assert_int_equal(b.runs[0].npts, 2);   /* step 0 and the one asked for */
    Arena a2;
    assert_int_equal(arena_create(&a2, &c, 1, err, sizeof err), 0);
    arena_eval_initial(&a2);
    while (a2.step < 64) arena_advance(&a2, 64 - a2.step);
    arena_eval_now(&a2);
    for (int i = 0; i < a2.nruns; i++) {
        assert_true(arena_last(&a2, i)->val_logloss == arena_last(&b, i)->val_logloss);
        assert_true(arena_last(&a2, i)->loss == arena_last(&b, i)->loss);
    }
    arena_free(&a2);
    arena_free(&b);
}

/* issue 10, defect 13 on the screen: the Snapshot behind the live screen stays bounded over a
 * long run (more evaluations than it keeps): the first point stays, steps only increase, and the
 * latest point is the Arena's latest. */
static void test_trainer_history_is_bounded(void **state)
{
    (void)state;
    Config c = test_small_config();
    c.n = 40;
    c.hidden = 2;
    c.dense = 2;
    c.eval_every = 1;
    c.epochs = 1000000;
    char err[256];
    Trainer *t = trainer_start(&c, 1, err, sizeof err);
    assert_non_null(t);
    trainer_set_speed(t, SPEED_MAX);
    long want = TRAINER_KEEP_EVALS + 300;
    trainer_train(t, want);
    for (int i = 0; i < 60000 && trainer_pending(t); i++) {
        struct timespec ts = { 0, 1000000 };
        nanosleep(&ts, NULL);
    }
    const Snapshot *s = trainer_lock(t);
    assert_int_equal(s->step, want);
    assert_true(s->npts <= TRAINER_KEEP_EVALS);
    assert_true(s->npts >= TRAINER_KEEP_EVALS / 2);
    assert_int_equal(s->pts[0][0].step, 0);
    assert_int_equal(s->pts[0][s->npts - 1].step, want);
    for (int i = 1; i < s->npts; i++) assert_true(s->pts[0][i].step > s->pts[0][i - 1].step);
    assert_true(s->nlive <= TRAINER_KEEP_LIVE);
    trainer_unlock(t);
    trainer_stop(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_defaults_and_presets),
        cmocka_unit_test(test_config_errors_name_the_option),
        cmocka_unit_test(test_diagnosis_rules),
        cmocka_unit_test(test_option_table),
        cmocka_unit_test(test_config_classes),
        cmocka_unit_test(test_extra_rows_run_side_by_side),
        cmocka_unit_test(test_arena_k_classes),
        cmocka_unit_test(test_frozen_means_never_moved),
        cmocka_unit_test(test_dense_early_evaluation),
        cmocka_unit_test(test_mechanism_by_class),
        cmocka_unit_test(test_arena_bookkeeping),
        cmocka_unit_test(test_arena_lr_change_applies),
        cmocka_unit_test(test_divergence_is_isolated),
        cmocka_unit_test(test_arena_rejects_bad_splits_and_files),
        cmocka_unit_test(test_arena_bounded_history),
        cmocka_unit_test(test_trainer_history_is_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
