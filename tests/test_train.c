/* test_train — config validation, diagnosis rules, arena bookkeeping and fault isolation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "train/arena.h"
#include "train/config.h"

static void test_config_defaults_and_presets(void **state)
{
    (void)state;
    Config c;
    char err[256];
    config_defaults(&c);
    assert_string_equal(c.preset, "demo");
    assert_int_equal(c.nmodels, 3);
    assert_int_equal(c.models[0], SETUP_BCE);
    assert_int_equal(c.models[1], SETUP_CCE1);
    assert_int_equal(c.models[2], SETUP_CCE2);
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
    assert_false(config_has_key("bogus"));
    assert_true(config_has_key("eval-every"));
    assert_false(config_has_key("eval"));
    /* a failed set leaves the value alone */
    assert_int_equal(c.epochs, 20);
    assert_int_equal(config_set(&c, "models", "cce2,bce", err, sizeof err), 0);
    char s[64];
    config_models_str(&c, s, sizeof s);
    assert_string_equal(s, "cce2,bce");
}

static EvalPoint point(double loss, double val_pred1, double logloss, double grad, long step)
{
    EvalPoint p;
    memset(&p, 0, sizeof p);
    p.step = step;
    p.loss = loss;
    p.val_loss = loss;
    p.val_pred1 = val_pred1;
    p.val_logloss = logloss;
    p.grad_norm = grad;
    p.val_acc = 0.5;
    return p;
}

static void test_diagnosis_rules(void **state)
{
    (void)state;
    EvalPoint p = point(0.1, 0.7, 0.1, 1.0, 10);
    diagnose(&p, 0, 0.74);
    assert_int_equal(p.diag, DIAG_HEALTHY);
    p = point(0.1, 0.7, 0.1, 1.0, 10);
    diagnose(&p, 1, 0.74);
    assert_int_equal(p.diag, DIAG_DIVERGED);
    p = point(NAN, 0.7, 0.1, 1.0, 10);
    diagnose(&p, 0, 0.74);
    assert_int_equal(p.diag, DIAG_DIVERGED);
    p = point(1e-7, 0.5, 0.7, 0.0, 10);           /* frozen wins over loss-disagrees */
    diagnose(&p, 0, 0.74);
    assert_int_equal(p.diag, DIAG_FROZEN);
    p = point(1e-7, 0.5, 0.7, 0.0, 0);            /* at step 0 nothing is frozen yet */
    diagnose(&p, 0, 0.74);
    assert_int_equal(p.diag, DIAG_LOSS_DISAGREES);
    p = point(0.5, 0.0, 0.9, 5.0, 0);             /* untrained, one class: not a collapse yet */
    diagnose(&p, 0, 0.74);
    assert_int_equal(p.diag, DIAG_HEALTHY);
    assert_non_null(strstr(p.reason, "untrained: predicts class 1 for 0%"));
    p = point(0.0, 0.0, 12.0, 5.0, 10);           /* collapsed wins over loss-disagrees */
    diagnose(&p, 0, 0.74);
    assert_int_equal(p.diag, DIAG_COLLAPSED0);
    assert_non_null(strstr(p.reason, "share of zeros"));
    p = point(0.01, 0.995, 2.0, 0.1, 10);
    diagnose(&p, 0, 0.74);
    assert_int_equal(p.diag, DIAG_COLLAPSED1);
    p = point(0.0, 0.5, 0.69, 0.3, 10);
    diagnose(&p, 0, 0.74);
    assert_int_equal(p.diag, DIAG_LOSS_DISAGREES);
    assert_non_null(strstr(p.reason, "0.690"));
    assert_string_equal(diag_word(DIAG_COLLAPSED1), "COLLAPSED-1");
    assert_string_equal(diag_word(DIAG_LOSS_DISAGREES), "LOSS-DISAGREES");
}

static Config small_config(void)
{
    Config c;
    config_defaults(&c);
    c.n = 400;
    c.hidden = 8;
    c.dense = 4;
    c.epochs = 2;
    c.threads = 1;
    return c;
}

static void test_arena_bookkeeping(void **state)
{
    (void)state;
    Config c = small_config();
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
        long n = p->cm[0][0] + p->cm[0][1] + p->cm[1][0] + p->cm[1][1], h = 0;
        for (int b = 0; b < HIST_BINS; b++) h += p->hist[b];
        assert_int_equal(n, 40);
        assert_int_equal(h, 40);
        assert_true(fabs(p->val_pred1 - (double)(p->cm[0][1] + p->cm[1][1]) / 40.0) < 1e-12);
        assert_true(fabs(p->val_acc - (double)(p->cm[0][0] + p->cm[1][1]) / 40.0) < 1e-12);
    }
    arena_free(&a);
}

static void test_arena_lr_change_applies(void **state)
{
    (void)state;
    Config c = small_config();
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
    Config c = small_config();
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
    arena_csv_row(row, sizeof row, arena_last(&a, 0), "bce");
    assert_non_null(strstr(row, "nan"));
    arena_free(&a);
    arena_free(&ref);
}

static void test_arena_rejects_bad_splits_and_files(void **state)
{
    (void)state;
    Config c = small_config();
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
    c = small_config();
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
    Config c = small_config();
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_defaults_and_presets),
        cmocka_unit_test(test_config_errors_name_the_option),
        cmocka_unit_test(test_diagnosis_rules),
        cmocka_unit_test(test_arena_bookkeeping),
        cmocka_unit_test(test_arena_lr_change_applies),
        cmocka_unit_test(test_divergence_is_isolated),
        cmocka_unit_test(test_arena_rejects_bad_splits_and_files),
        cmocka_unit_test(test_arena_bounded_history),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
