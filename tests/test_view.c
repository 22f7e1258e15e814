/* test_view — the dashboard rendered into a Grid from a real (small) training run's Snapshot. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ui/view.h"

typedef struct {
    Trainer *t;
    View v;
} Fix;

static int setup(void **state)
{
    Config c;
    config_defaults(&c);
    c.n = 600;
    c.hidden = 8;
    c.epochs = 3;
    c.threads = 1;
    c.eval_every = -1;
    char err[256];
    Fix *f = calloc(1, sizeof *f);
    f->t = trainer_start(&c, 0, err, sizeof err);
    if (!f->t) return -1;
    trainer_set_speed(f->t, SPEED_MAX);
    for (;;) {   /* until the run is finished */
        const Snapshot *s = trainer_lock(f->t);
        int done = s->done && !s->busy;
        trainer_unlock(f->t);
        if (done) break;
        struct timespec ts = { 0, 5000000 };
        nanosleep(&ts, NULL);
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fix *f = *state;
    trainer_stop(f->t);
    view_free(&f->v);
    free(f);
    return 0;
}

static char *render(Fix *f, int w, int h, const ViewState *st)
{
    Grid g;
    grid_init(&g, w, h);
    const Snapshot *s = trainer_lock(f->t);
    view_render(&f->v, &g, s, st);
    trainer_unlock(f->t);
    char *txt = grid_to_text(&g);
    grid_free(&g);
    return txt;
}

static ViewState base_state(void)
{
    ViewState st = { .mode = GLYPH_BRAILLE, .focus = -1, .panel = PANEL_LOSS };
    return st;
}

static void test_dashboard_at_100x30(void **state)
{
    Fix *f = *state;
    ViewState st = base_state();
    char *t = render(f, 100, 30, &st);
    assert_non_null(strstr(t, "[B] bce"));
    assert_non_null(strstr(t, "[C] cce1"));
    assert_non_null(strstr(t, "[2] cce2"));
    assert_non_null(strstr(t, "COLLAPSED-0"));          /* cce1 after 3 epochs */
    assert_non_null(strstr(t, "loss 0.0000"));
    assert_non_null(strstr(t, "share of zeros"));
    assert_non_null(strstr(t, "val accuracy"));
    assert_non_null(strstr(t, "predicted class 1"));
    assert_non_null(strstr(t, "finished"));
    assert_non_null(strstr(t, "\xe2\xa0") ? strstr(t, "\xe2\xa0") : strstr(t, "\xe2\xa3"));  /* braille */
    free(t);
}

static void test_too_small_and_extremes(void **state)
{
    Fix *f = *state;
    ViewState st = base_state();
    char *t = render(f, 79, 24, &st);
    assert_non_null(strstr(t, "terminal too small: need 80x24, have 79x24"));
    free(t);
    t = render(f, 80, 23, &st);
    assert_non_null(strstr(t, "have 80x23"));
    free(t);
    t = render(f, 80, 24, &st);
    assert_null(strstr(t, "too small"));
    assert_non_null(strstr(t, "[2] cce2"));
    free(t);
    static const int sizes[][2] = { { 1, 1 }, { 2, 2 }, { 10, 3 }, { 300, 100 }, { 200, 60 }, { 80, 60 }, { 300, 24 } };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        for (int p = 0; p < PANEL_COUNT; p++) {
            st.panel = (Panel)p;
            free(render(f, sizes[i][0], sizes[i][1], &st));   /* ASan checks every write */
        }
    }
}

static void test_ascii_mode_has_no_utf8(void **state)
{
    Fix *f = *state;
    ViewState st = base_state();
    st.mode = GLYPH_ASCII;
    /* in a non-UTF-8 locale ncursesw prints blanks for anything else: every cell must be ASCII,
     * in every panel, with help and a lesson pane open */
    LessonPane lp = { .title = "Lesson", .step = "step 1 of 2", .text = "text", .keys = "enter next" };
    for (int p = 0; p < PANEL_COUNT; p++)
        for (int extra = 0; extra < 3; extra++) {
            st.panel = (Panel)p;
            st.help = extra == 1;
            st.lesson = extra == 2 ? &lp : NULL;
            st.focus = extra == 2 ? 0 : -1;
            char *t = render(f, 100, 30, &st);
            for (const unsigned char *c = (const unsigned char *)t; *c; c++) assert_true(*c < 0x80);
            free(t);
        }
}

static void test_panels_focus_help_and_lesson(void **state)
{
    Fix *f = *state;
    ViewState st = base_state();
    st.panel = PANEL_LOGLOSS;
    char *t = render(f, 100, 30, &st);
    assert_non_null(strstr(t, "true log-loss"));
    free(t);
    st.panel = PANEL_HIST;
    t = render(f, 100, 30, &st);
    assert_non_null(strstr(t, "histogram"));
    free(t);
    st.panel = PANEL_CONFUSION;
    t = render(f, 120, 40, &st);
    assert_non_null(strstr(t, "confusion"));
    assert_non_null(strstr(t, "true 1"));
    free(t);
    st = base_state();
    st.focus = 1;
    t = render(f, 100, 30, &st);
    assert_non_null(strstr(t, "how: "));
    assert_non_null(strstr(t, "[C] cce1"));
    assert_null(strstr(t, "[B] bce"));          /* only the focused card */
    free(t);
    st = base_state();
    st.help = 1;
    t = render(f, 100, 30, &st);
    assert_non_null(strstr(t, "help: what is on the screen"));
    assert_non_null(strstr(t, "LOSS-DISAGREES"));
    free(t);
    t = render(f, 80, 24, &st);            /* the whole help fits the smallest screen */
    assert_non_null(strstr(t, "loss differ."));
    assert_non_null(strstr(t, "l lessons  ? help  q quit"));
    free(t);
    LessonPane lp = { .title = "Lesson 1", .step = "step 2 of 9", .text = "first line\nsecond line", .keys = "enter next" };
    st = base_state();
    st.lesson = &lp;
    t = render(f, 100, 30, &st);
    assert_non_null(strstr(t, "Lesson 1"));
    assert_non_null(strstr(t, "step 2 of 9"));
    assert_non_null(strstr(t, "second line"));
    assert_non_null(strstr(t, "enter next"));
    free(t);
}

static void test_format_loss(void **state)
{
    (void)state;
    char b[24];
    view_fmt_loss(b, sizeof b, 0.0);
    assert_string_equal(b, "0.0000");
    view_fmt_loss(b, sizeof b, 8.8e-08);
    assert_string_equal(b, "8.8e-08");
    view_fmt_loss(b, sizeof b, 0.69314);
    assert_string_equal(b, "0.6931");
    view_fmt_loss(b, sizeof b, 0.0 / 0.0);
    assert_string_equal(b, "NaN");
}

/* Renders a finished small run of c at w x h (own trainer). */
static char *render_run(const Config *c, int w, int h, ViewState st)
{
    char err[1200];
    Trainer *t = trainer_start(c, 0, err, sizeof err);
    if (!t) fail_msg("trainer_start: %s", err);
    trainer_set_speed(t, SPEED_MAX);
    for (;;) {
        const Snapshot *s = trainer_lock(t);
        int done = s->done && !s->busy;
        trainer_unlock(t);
        if (done) break;
        struct timespec ts = { 0, 5000000 };
        nanosleep(&ts, NULL);
    }
    View v = {0};
    Grid g;
    grid_init(&g, w, h);
    const Snapshot *s = trainer_lock(t);
    view_render(&v, &g, s, &st);
    trainer_unlock(t);
    char *text = grid_to_text(&g);
    grid_free(&g);
    view_free(&v);
    trainer_stop(t);
    return text;
}

static Config small(void)
{
    Config c;
    config_defaults(&c);
    c.n = 400;
    c.hidden = 6;
    c.epochs = 1;
    c.threads = 1;
    return c;
}

/* A test-only table with a sixth and a seventh row: they run side by side with the built-in
 * rows and show on the screen with their own keys; when cards do not fit, the screen says so. */
static Setup g_rows[64];   /* the built-in rows plus eight copies */
static const char *const g_lineup[] = { "bce", NULL };

static void test_extra_rows_on_screen(void **state)
{
    (void)state;
    const SetupTable *b = setup_builtin();
    memcpy(g_rows, b->rows, sizeof(Setup) * (size_t)b->n);
    /* copies of bce and cce1 under new ids and keys: X Y, then six more for a crowded screen */
    static const char keys[] = "56789#$%";
    static char ids[8][16];
    for (int i = 0; i < 8; i++) {
        Setup r = *setup_find(b, i % 2 ? "cce1" : "bce");
        snprintf(ids[i], sizeof ids[i], "%s-copy%d", r.id, i);
        r.id = ids[i];
        r.aliases = "";
        r.key = keys[i];
        g_rows[b->n + i] = r;
    }
    SetupTable table = { g_rows, b->n + 8, g_lineup, b->lineup_k };
    Config c = small();
    char err[1200];
    c.table = &table;
    assert_int_equal(config_set(&c, "models", "bce,cce1,cce1-frozen,cce1-textbook,cce2,bce-copy0,cce1-copy1", err,
                                sizeof err), 0);
    ViewState st = { .mode = GLYPH_BRAILLE, .focus = -1, .panel = PANEL_LOSS };
    char *t = render_run(&c, 120, 40, st);
    assert_non_null(strstr(t, "[5] bce-copy0"));
    assert_non_null(strstr(t, "[6] cce1-copy1"));
    assert_non_null(strstr(t, "BCFT256 focus"));   /* the key bar lists every card's key */
    free(t);
    /* thirteen set-ups at 80x24: not all fit, and the screen says which keys are hidden */
    Config d = small();
    d.table = &table;
    assert_int_equal(config_set(&d, "models", "bce,cce1,cce1-frozen,cce1-textbook,cce2,bce-copy0,cce1-copy1,"
                                "bce-copy2,cce1-copy3,bce-copy4,cce1-copy5,bce-copy6,cce1-copy7,cce", err, sizeof err), 0);
    assert_int_equal(d.nmodels, 14);
    t = render_run(&d, 80, 24, st);
    if (!strstr(t, "do not fit (keys")) print_error("%s\n", t);
    assert_non_null(strstr(t, "do not fit (keys"));
    assert_non_null(strstr(t, "[B] bce"));
    free(t);
    st.focus = 12;   /* a hidden card can still be focused */
    t = render_run(&d, 80, 24, st);
    assert_non_null(strstr(t, "[%] cce1-copy7"));
    free(t);
}

/* K = 4: the header says so, the card shows a stacked class bar and the top class, the third
 * chart is the most-predicted class, and the confusion panel is 4 x 4 */
static void test_k_classes_on_screen(void **state)
{
    (void)state;
    Config c = small();
    char err[1200];
    assert_int_equal(config_set(&c, "classes", "4", err, sizeof err), 0);
    ViewState st = { .mode = GLYPH_BRAILLE, .focus = -1, .panel = PANEL_LOSS };
    char *t = render_run(&c, 100, 30, st);
    assert_non_null(strstr(t, "4 classes"));
    assert_non_null(strstr(t, "[K] cce"));
    assert_non_null(strstr(t, " top "));
    assert_non_null(strstr(t, "most-predicted class"));
    if (!strstr(t, "class 3 ")) print_error("%s\n", t);
    assert_non_null(strstr(t, "class 3 "));   /* a base-rate line per class */
    free(t);
    st.panel = PANEL_CONFUSION;
    t = render_run(&c, 100, 30, st);
    assert_non_null(strstr(t, "t\\p   0   1   2   3"));
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dashboard_at_100x30),
        cmocka_unit_test(test_too_small_and_extremes),
        cmocka_unit_test(test_ascii_mode_has_no_utf8),
        cmocka_unit_test(test_panels_focus_help_and_lesson),
        cmocka_unit_test(test_format_loss),
        cmocka_unit_test(test_extra_rows_on_screen),
        cmocka_unit_test(test_k_classes_on_screen),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
