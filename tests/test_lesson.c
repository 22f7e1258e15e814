/* test_lesson — the lesson parser: a good parse (steps, paragraphs, quiz, expect fields), every
 * error case with its exact message and line:column, all errors of a file at once, and the
 * expectation arithmetic. Runs with cwd = tests/. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "lesson/lesson.h"
#include "ui/view.h"

static const char GOOD[] =
    "# a comment\n"
    "title A good lesson\n"
    "minutes 4\n"
    "\n"
    "say First line\n"
    "say of one paragraph.\n"
    "say\n"
    "say Second paragraph:\n"
    "say   a list line\n"
    "set models bce,cce1\n"
    "set hidden 8\n"
    "reset\n"
    "train 2 epochs\n"
    "mark two epochs\n"
    "expect cce1 val_acc ~= zeros 0.001\n"
    "expect cce1 loss == 0\n"
    "expect bce val_logloss < cce1.val_logloss\n"
    "expect cce1 diag == COLLAPSED-0\n"
    "pause\r\n"
    "focus cce1\n"
    "train 10 steps\n"
    "ask Which class does\n"
    "ask cce1 predict?\n"
    "choice a class 0\n"
    "choice c class 1\n"
    "answer a\n"
    "explain The gradient is 1 - y.\n"
    "explain It never pushes up.\n"
    "focus all\n"
    "pause\n";

static void test_good_parse(void **state)
{
    (void)state;
    Lesson L;
    LessonErrors e = { 0 };
    assert_int_equal(lesson_parse("good.lesson", GOOD, strlen(GOOD), NULL, &L, &e), 0);
    assert_int_equal(e.n, 0);
    assert_string_equal(L.title, "A good lesson");
    assert_int_equal(L.minutes, 4);
    /* the trailing pause is the end itself: stops = pause + quiz + end */
    assert_int_equal(L.nstops, 3);
    const LessonStepKind kinds[] = { LS_SAY, LS_SAY, LS_SET, LS_SET, LS_RESET, LS_TRAIN, LS_MARK, LS_EXPECT,
                                     LS_EXPECT, LS_EXPECT, LS_EXPECT, LS_PAUSE, LS_FOCUS, LS_TRAIN, LS_QUIZ,
                                     LS_FOCUS };
    assert_int_equal(L.nsteps, (int)(sizeof kinds / sizeof kinds[0]));
    for (int i = 0; i < L.nsteps; i++) assert_int_equal(L.steps[i].kind, kinds[i]);
    assert_string_equal(L.steps[0].text, "First line of one paragraph.");
    assert_int_equal(L.steps[0].line, 5);
    assert_string_equal(L.steps[1].text, "Second paragraph:\n  a list line");
    assert_string_equal(L.steps[2].key, "models");
    assert_string_equal(L.steps[2].value, "bce,cce1");
    assert_int_equal(L.steps[5].count, 2);
    assert_int_equal(L.steps[5].epochs, 1);
    assert_string_equal(L.steps[6].text, "two epochs");
    const LessonStep *x = &L.steps[7];
    assert_string_equal(x->setup->id, "cce1");
    assert_int_equal(x->metric, LM_VAL_ACC);
    assert_int_equal(x->op, LO_APPROX);
    assert_int_equal(x->ref, LR_ZEROS);
    assert_true(x->tol == 0.001);
    assert_int_equal(L.steps[8].op, LO_EQ);
    assert_true(L.steps[8].num == 0);
    assert_int_equal(L.steps[9].ref, LR_METRIC);
    assert_string_equal(L.steps[9].ref_setup->id, "cce1");
    assert_int_equal(L.steps[9].ref_metric, LM_VAL_LOGLOSS);
    assert_int_equal(L.steps[10].metric, LM_DIAG);
    assert_int_equal(L.steps[10].diag, DIAG_COLLAPSED0);
    assert_string_equal(L.steps[12].setup->id, "cce1");
    assert_int_equal(L.steps[13].epochs, 0);
    assert_int_equal(L.steps[13].count, 10);
    const LessonStep *q = &L.steps[14];
    assert_string_equal(q->text, "Which class does cce1 predict?");
    assert_int_equal(q->nchoices, 2);
    assert_int_equal(q->choices[1].key, 'c');
    assert_string_equal(q->choices[1].text, "class 1");
    assert_int_equal(q->answer, 'a');
    assert_string_equal(q->explain, "The gradient is 1 - y. It never pushes up.");
    assert_null(L.steps[15].setup);
    lesson_free(&L);
}

/* One bad line after a valid header: exactly one error, the given message. */
typedef struct {
    const char *body;
    const char *msg;
} Case;

static const Case CASES[] = {
    { "trian 5 epochs\n", "t.lesson:2:1: unknown command 'trian' — did you mean 'train'?" },
    { "xyzzy\n", "t.lesson:2:1: unknown command 'xyzzy' (commands: title minutes say set reset train pause focus "
                 "panel mark expect ask predict choice feedback answer explain reveal export)" },
    { "set pos 1.5\n", "t.lesson:2:9: --pos: expected a share of ones strictly between 0 and 1, got '1.5'" },
    { "set hiden 8\n", "t.lesson:2:5: set: unknown option 'hiden' — did you mean 'hidden'?" },
    { "set models bce,cce3\n",
      "t.lesson:2:12: --models: unknown set-up 'cce3' (did you mean 'cce1'? known: bce, cce1, cce1-frozen, cce1-textbook, "
      "cce2, cce, softmax1-bce, softmax1-bce-frozen, softmax1-bce-torch, softmax1-cce, ce1-float, bce-double, bce-raw, "
      "bce-raw-plain, mse, mse-broadcast, hinge, hinge-raw, softmax-bce-legacy, softmax-bce, sigmoid-cce, "
      "sigmoid-cce-norm, ce-softmax, cce-raw, nll-raw)" },
    { "set epochs 3\n", "t.lesson:2:5: set epochs: a lesson trains with 'train N epochs' instead" },
    { "set data /etc/passwd\n", "t.lesson:2:10: set data: a lesson reads data only from its own directory or "
                                  "below it (no absolute path, no '..'), got '/etc/passwd'" },
    { "set data ../up.csv\n", "t.lesson:2:10: set data: a lesson reads data only from its own directory or "
                                "below it (no absolute path, no '..'), got '../up.csv'" },
    { "set data sub/../../up.csv\n", "t.lesson:2:10: set data: a lesson reads data only from its own directory "
                                       "or below it (no absolute path, no '..'), got 'sub/../../up.csv'" },
    { "set pos\n", "t.lesson:2:1: set: expected KEY VALUE, e.g. 'set pos 0.5' (keys: preset models classes shares "
                   "epochs batch lr hidden dense recurrent n pos noise val seed data timesteps encoding threads eval-every lr-schedule)" },
    { "train 0 epochs\n", "t.lesson:2:7: train: expected a whole number of epochs or steps from 1 to 1000000, got '0'" },
    { "train -3 steps\n",
      "t.lesson:2:7: train: expected a whole number of epochs or steps from 1 to 1000000, got '-3'" },
    { "train 5\n", "t.lesson:2:9: train: missing the unit — write 'train 5 epochs' or 'train 5 steps'" },
    { "train 5 epocs\n", "t.lesson:2:9: train: unknown unit 'epocs' — did you mean 'epochs'?" },
    { "train\n", "t.lesson:2:1: train: expected a count and a unit, e.g. 'train 5 epochs'" },
    { "expect cce1 val_ac > 0.5\n", "t.lesson:2:13: expect: unknown metric 'val_ac' — did you mean 'val_acc'?" },
    { "expect cce1 val_acc = 0.5\n", "t.lesson:2:21: expect: unknown operator '=' — use < <= > >= == or ~=" },
    { "expect cce1 val_acc > abc\n",
      "t.lesson:2:23: expect: expected a number, 'zeros', 'ones' or ID.METRIC, got 'abc'" },
    { "expect cce1 val_acc ~= 0.26\n",
      "t.lesson:2:29: expect: ~= needs a tolerance after the value, e.g. '~= 0.26 0.02'" },
    { "expect cce1 val_acc > 0.2 0.1\n", "t.lesson:2:27: expect: unexpected '0.1' (only ~= takes a tolerance)" },
    { "expect cce1 diag == COLAPSED-0\n", "t.lesson:2:21: expect: unknown diagnosis 'COLAPSED-0' — did you mean 'COLLAPSED-0'?" },
    { "expect cce1 diag > HEALTHY\n",
      "t.lesson:2:18: expect: diag compares with == only, e.g. 'expect cce1 diag == COLLAPSED-0'" },
    { "expect cce1-textbook loss == 0\n",
      "t.lesson:2:8: expect: set-up 'cce1-textbook' is not in the run's line-up here (models bce,cce1,cce2) — 'set "
      "models ...' then 'reset'" },
    { "expect bce loss < cce2.val_los\n", "t.lesson:2:24: expect: unknown metric 'val_los' — did you mean 'val_loss'?" },
    { "focus cce9\n",
      "t.lesson:2:7: focus: unknown set-up 'cce9' — did you mean 'cce1'?" },
    { "choice a outside\n", "t.lesson:2:1: choice outside a quiz — start one with 'ask QUESTION'" },
    { "answer a\n", "t.lesson:2:1: answer outside a quiz — start one with 'ask QUESTION'" },
    { "explain why\n", "t.lesson:2:1: explain outside a quiz — start one with 'ask QUESTION'" },
    { "ask Q?\nchoice a x\nchoice c y\nanswer d\n", "t.lesson:5:8: answer 'd' is not one of the choices (a, c)" },
    { "ask Q?\nchoice a x\nchoice c y\n", "t.lesson:2:1: quiz has no answer — add 'answer KEY' after its choices" },
    { "ask Q?\nchoice a x\nanswer a\n",
      "t.lesson:2:1: quiz needs at least two choices — add 'choice KEY TEXT' lines after 'ask'" },
    { "ask Q?\nchoice a x\nchoice a y\nchoice c z\nanswer a\n", "t.lesson:4:8: choice: key 'a' is used twice in this quiz" },
    { "ask Q?\nchoice q x\nchoice c y\nchoice d z\nanswer c\n",
      "t.lesson:3:8: choice: key 'q' is a key of the lesson screen (quit); use another lower-case letter: acdefhijklmortuvwyz" },
    /* issue 11: a choice key never shadows a screen key (b was "back" and answered a hidden quiz) */
    { "ask Q?\nchoice a x\nchoice b y\nchoice c z\nanswer a\n",
      "t.lesson:4:8: choice: key 'b' is a key of the lesson screen (back); use another lower-case letter: acdefhijklmortuvwyz" },
    { "ask Q?\nchoice a x\nchoice 2 y\nchoice c z\nanswer a\n",
      "t.lesson:4:8: choice: key '2' — use a lower-case letter that is not a screen key: acdefhijklmortuvwyz" },
    { "say bad \377 byte\n", "t.lesson:2:9: invalid UTF-8 (byte 0xff) — lessons are UTF-8 text" },
    { "say overlong \xc0\xaf\n", "t.lesson:2:14: invalid UTF-8 (byte 0xc0) — lessons are UTF-8 text" },
    { "say ok é then \xe2\x82\n", "t.lesson:2:15: invalid UTF-8 (byte 0xe2) — lessons are UTF-8 text" },
    { "mark this label is far too long to fit\n", "t.lesson:2:6: mark: label longer than 23 bytes" },
    { "reset now\n", "t.lesson:2:7: reset: takes no arguments" },
    { "minutes soon\n", "t.lesson:2:9: minutes: expected a whole number of minutes from 1 to 600" },
    { "title Again\n", "t.lesson:2:1: title given twice (first on line 1)" },
    /* issue 11: predictions, feedback, panels, screen expectations */
    { "predict Q?\nchoice a x\nchoice c y\nanswer c\n",
      "t.lesson:2:1: prediction without 'reveal' — add 'reveal' after the run that answers it" },
    { "reveal\n", "t.lesson:2:1: reveal: there is no prediction to reveal — ask one with 'predict QUESTION' before the run" },
    { "ask Q?\nfeedback too early\nchoice a x\nchoice c y\nanswer a\n",
      "t.lesson:3:1: feedback: it follows a 'choice' line and is told to a learner who picks that choice" },
    { "predict Q?\nchoice a x\nchoice c y\nanswer c\nask R?\nchoice a x\nchoice c y\nanswer a\n",
      "t.lesson:6:1: ask: the prediction on line 2 has no 'reveal' yet — add 'reveal' after its run" },
    { "panel charts\n", "t.lesson:2:7: panel: expected one of loss logloss hist confusion mech" },
    { "expect panel == pie\n", "t.lesson:2:17: expect panel: unknown panel 'pie' (loss logloss hist confusion mech)" },
    { "expect focus = bce\n", "t.lesson:2:14: expect focus: expected '== ID' or '== all'" },
    { "expect cce1 grad3 == 0\n", "t.lesson:2:13: expect: unknown metric 'grad3' — did you mean 'grad0'?" },
};

static void test_each_error(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        char text[4096];
        snprintf(text, sizeof text, "title T\n%s", CASES[i].body);
        Lesson L;
        LessonErrors e = { 0 };
        int rc = lesson_parse("t.lesson", text, strlen(text), NULL, &L, &e);
        if (rc != -1 || e.n != 1 || strcmp(e.msgs[0], CASES[i].msg)) {
            print_error("case %zu (%s): rc %d, %d errors\n", i, CASES[i].body, rc, e.n);
            for (int k = 0; k < e.n; k++) print_error("  got:    %s\n", e.msgs[k]);
            print_error("  wanted: %s\n", CASES[i].msg);
            fail();
        }
        lesson_errors_free(&e);
    }
}

static void test_over_long_line_and_empty_and_no_title(void **state)
{
    (void)state;
    char text[1200 + 32];
    snprintf(text, sizeof text, "title T\nsay ");
    size_t n = strlen(text);
    memset(text + n, 'x', 1100);
    text[n + 1100] = '\n';
    text[n + 1101] = '\0';
    Lesson L;
    LessonErrors e = { 0 };
    assert_int_equal(lesson_parse("t.lesson", text, strlen(text), NULL, &L, &e), -1);
    assert_int_equal(e.n, 1);
    assert_string_equal(e.msgs[0], "t.lesson:2:1001: line is longer than 1000 bytes");
    lesson_errors_free(&e);

    assert_int_equal(lesson_parse("t.lesson", "# only a comment\n\n", 18, NULL, &L, &e), -1);
    assert_int_equal(e.n, 1);
    assert_string_equal(e.msgs[0], "t.lesson:1:1: the lesson is empty — it needs at least 'title TEXT'");
    lesson_errors_free(&e);

    assert_int_equal(lesson_parse("t.lesson", "", 0, NULL, &L, &e), -1);
    assert_int_equal(e.n, 1);
    lesson_errors_free(&e);

    const char *nt = "say hello\npause\n";
    assert_int_equal(lesson_parse("t.lesson", nt, strlen(nt), NULL, &L, &e), -1);
    assert_int_equal(e.n, 1);
    assert_string_equal(e.msgs[0], "t.lesson:1:1: the lesson has no title — add a line 'title TEXT'");
    lesson_errors_free(&e);
}

/* The whole fixture: every error reported at once, in line order, each as file:line:column. */
static void test_all_errors_at_once(void **state)
{
    (void)state;
    Lesson L;
    LessonErrors e = { 0 };
    assert_int_equal(lesson_load("fixtures/lessons/bad.lesson", NULL, &L, &e), -1);
    assert_int_equal(e.n, 20);
    int last = 0;
    for (int i = 0; i < e.n; i++) {
        int line, col;
        assert_int_equal(sscanf(e.msgs[i], "fixtures/lessons/bad.lesson:%d:%d: ", &line, &col), 2);
        assert_true(line >= last);
        assert_true(col >= 1);
        last = line;
    }
    assert_string_equal(e.msgs[1], "fixtures/lessons/bad.lesson:3:1: unknown command 'trian' — did you mean 'train'?");
    lesson_errors_free(&e);
    assert_int_equal(lesson_load("fixtures/lessons/no-such-file.lesson", NULL, &L, &e), -1);
    assert_int_equal(e.n, 1);
    assert_non_null(strstr(e.msgs[0], "no-such-file.lesson: cannot read: "));
    lesson_errors_free(&e);
}

/* `set` is checked against the options in force: the line-up follows set models + reset. */
static void test_lineup_follows_sets(void **state)
{
    (void)state;
    const char *t = "title T\nset models cce1-frozen\nexpect cce1-frozen loss < 1\nreset\nexpect cce1-frozen loss < 1\n"
                    "set models bce\ntrain 1 steps\nexpect bce grad_norm > 0\n";
    Lesson L;
    LessonErrors e = { 0 };
    assert_int_equal(lesson_parse("t.lesson", t, strlen(t), NULL, &L, &e), -1);
    assert_int_equal(e.n, 1);   /* only line 3: before the reset, the run is still the default line-up */
    assert_non_null(strstr(e.msgs[0], "t.lesson:3:8: expect: set-up 'cce1-frozen' is not in the run's line-up"));
    lesson_errors_free(&e);
}

static void test_expect_arithmetic(void **state)
{
    (void)state;
    EvalPoint p, r;
    memset(&p, 0, sizeof p);
    memset(&r, 0, sizeof r);
    p.val_acc = 0.26;
    p.loss = 0;
    p.diag = DIAG_COLLAPSED0;
    r.val_acc = 0.97;
    LessonStep s;
    memset(&s, 0, sizeof s);
    double m, t;
    s.metric = LM_VAL_ACC;
    s.op = LO_APPROX;
    s.ref = LR_ZEROS;
    s.tol = 0.001;
    assert_true(lesson_expect_holds(&s, &p, 0.74, NULL, &m, &t));
    assert_true(t > 0.2599 && t < 0.2601);
    assert_false(lesson_expect_holds(&s, &p, 0.70, NULL, &m, &t));   /* zeros = 0.30 */
    s.ref = LR_ONES;
    assert_false(lesson_expect_holds(&s, &p, 0.74, NULL, &m, &t));
    s.ref = LR_METRIC;
    s.ref_metric = LM_VAL_ACC;
    s.op = LO_LT;
    assert_true(lesson_expect_holds(&s, &p, 0.74, &r, &m, &t));
    s.op = LO_GE;
    assert_false(lesson_expect_holds(&s, &p, 0.74, &r, &m, &t));
    s.ref = LR_NUMBER;
    s.metric = LM_LOSS;
    s.op = LO_EQ;
    s.num = 0;
    assert_true(lesson_expect_holds(&s, &p, 0.74, NULL, &m, &t));
    s.op = LO_GT;
    assert_false(lesson_expect_holds(&s, &p, 0.74, NULL, &m, &t));
    s.metric = LM_DIAG;
    s.op = LO_EQ;
    s.diag = DIAG_COLLAPSED0;
    assert_true(lesson_expect_holds(&s, &p, 0.74, NULL, &m, &t));
    s.diag = DIAG_FROZEN;
    assert_false(lesson_expect_holds(&s, &p, 0.74, NULL, &m, &t));
}

static void test_edit_distance(void **state)
{
    (void)state;
    assert_int_equal(lesson_edit_distance("train", "train"), 0);
    assert_int_equal(lesson_edit_distance("trian", "train"), 1);   /* a swap is one edit */
    assert_int_equal(lesson_edit_distance("tran", "train"), 1);
    assert_int_equal(lesson_edit_distance("", "say"), 3);
    assert_int_equal(lesson_edit_distance("expect", "explain"), 4);
}

/* Every shipped lesson (each *.lesson in ../lessons) parses, and every step shows the student
 * something: a pause has narration (a say) or a revealed answer since the step before it (an
 * empty step is a blank pane to press through; a quiz shows its question). */
static void test_shipped_lessons_parse(void **state)
{
    (void)state;
    DIR *d = opendir("../lessons");
    assert_non_null(d);
    int nfiles = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t n = strlen(de->d_name);
        if (n < 8 || strcmp(de->d_name + n - 7, ".lesson")) continue;
        char path[512];
        snprintf(path, sizeof path, "../lessons/%s", de->d_name);
        nfiles++;
        Lesson L;
        LessonErrors e = { 0 };
        int rc = lesson_load(path, NULL, &L, &e);
        for (int k = 0; k < e.n; k++) print_error("%s\n", e.msgs[k]);
        assert_int_equal(rc, 0);
        assert_non_null(L.title);
        assert_true(L.minutes > 0);
        assert_true(L.nstops >= 3);
        char title[256];
        int minutes;
        assert_int_equal(lesson_peek(path, title, sizeof title, &minutes), 0);
        assert_string_equal(title, L.title);
        assert_int_equal(minutes, L.minutes);
        int shown = 0;
        for (int i = 0; i < L.nsteps; i++) {
            const LessonStep *st = &L.steps[i];
            if ((st->kind == LS_SAY && st->text && st->text[0]) || st->kind == LS_REVEAL) shown = 1;
            if (st->kind == LS_PAUSE && !shown) fail_msg("%s:%d: this pause ends a step with nothing to read", path, st->line);
            if (st->kind == LS_PAUSE || st->kind == LS_QUIZ) shown = 0;
        }
        lesson_free(&L);
    }
    closedir(d);
    assert_true(nfiles >= 10);
}

/* issue 11: a prediction (predict ... reveal), per-choice feedback, panel, expect focus/panel and
 * the mechanism metrics parse into their steps */
static void test_quiz_and_screen_commands(void **state)
{
    (void)state;
    const char *text = "title P\n"
                       "set models bce,cce1\n"
                       "reset\n"
                       "panel mech\n"
                       "focus cce1\n"
                       "expect panel == mech\n"
                       "expect focus == cce1\n"
                       "expect cce1 grad1 == 0\n"
                       "expect cce1 logit0 < bce.logit0\n"
                       "predict Which way\n"
                       "predict will it go?\n"
                       "choice a up\n"
                       "feedback No: nothing pushes up.\n"
                       "choice c down\n"
                       "answer c\n"
                       "explain 1 - y.\n"
                       "train 5 steps\n"
                       "reveal\n"
                       "focus all\n"
                       "expect focus == all\n";
    Lesson L;
    LessonErrors e = { 0 };
    int rc = lesson_parse("p.lesson", text, strlen(text), NULL, &L, &e);
    for (int k = 0; k < e.n; k++) print_error("%s\n", e.msgs[k]);
    assert_int_equal(rc, 0);
    const LessonStepKind kinds[] = { LS_SET, LS_RESET, LS_PANEL, LS_FOCUS, LS_EXPECT, LS_EXPECT, LS_EXPECT, LS_EXPECT,
                                     LS_QUIZ, LS_TRAIN, LS_REVEAL, LS_FOCUS, LS_EXPECT };
    assert_int_equal(L.nsteps, (int)(sizeof kinds / sizeof kinds[0]));
    for (int i = 0; i < L.nsteps; i++) assert_int_equal(L.steps[i].kind, kinds[i]);
    assert_int_equal(L.steps[2].count, PANEL_MECH);
    assert_int_equal(L.steps[4].metric, LM_PANEL);
    assert_int_equal(L.steps[5].metric, LM_FOCUS);
    assert_string_equal(L.steps[5].setup->id, "cce1");
    assert_int_equal(L.steps[6].metric, LM_GRAD1);
    assert_int_equal(L.steps[7].metric, LM_LOGIT0);
    const LessonStep *q = &L.steps[8];
    assert_true(q->predict);
    assert_string_equal(q->text, "Which way will it go?");
    assert_string_equal(q->choices[0].feedback, "No: nothing pushes up.");
    assert_null(q->choices[1].feedback);
    assert_int_equal(L.steps[10].count, 8);   /* reveal answers the quiz at step 8 */
    assert_null(L.steps[12].setup);           /* focus == all */
    assert_int_equal(L.nstops, 2);            /* the prediction and the end */
    lesson_free(&L);
    /* the mechanism metrics read the EvalPoint's by-class means */
    EvalPoint p;
    memset(&p, 0, sizeof p);
    p.mech_z[0] = -3;
    p.mech_z[1] = -2;
    p.mech_dz[0] = 1;
    assert_true(lesson_metric_value(&p, LM_LOGIT0) == -3 && lesson_metric_value(&p, LM_LOGIT1) == -2);
    assert_true(lesson_metric_value(&p, LM_GRAD0) == 1 && lesson_metric_value(&p, LM_GRAD1) == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quiz_and_screen_commands),
        cmocka_unit_test(test_good_parse),
        cmocka_unit_test(test_each_error),
        cmocka_unit_test(test_over_long_line_and_empty_and_no_title),
        cmocka_unit_test(test_all_errors_at_once),
        cmocka_unit_test(test_lineup_follows_sets),
        cmocka_unit_test(test_expect_arithmetic),
        cmocka_unit_test(test_edit_distance),
        cmocka_unit_test(test_shipped_lessons_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
