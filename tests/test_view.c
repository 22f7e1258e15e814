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

/* A finished run of c (own trainer, caller stops it). */
static Trainer *run_to_end(const Config *c)
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
    return t;
}

/* The screen t shows now, at w x h, as text (malloc'd). */
static char *render_t(Trainer *t, View *v, int w, int h, const ViewState *st)
{
    Grid g;
    grid_init(&g, w, h);
    const Snapshot *s = trainer_lock(t);
    view_render(v, &g, s, st);
    trainer_unlock(t);
    char *txt = grid_to_text(&g);
    grid_free(&g);
    return txt;
}

/* Renders a finished small run of c at w x h (own trainer). */
static char *render_run(const Config *c, int w, int h, ViewState st)
{
    Trainer *t = run_to_end(c);
    View v = {0};
    char *text = render_t(t, &v, w, h, &st);
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

/* The card's words start in one column, after the longest id on the screen. */
static void test_cards_align(void **state)
{
    (void)state;
    Config c = small();
    char err[1200];
    assert_int_equal(config_set(&c, "models", "bce,bce-raw-plain,softmax1-bce-frozen", err, sizeof err), 0);
    ViewState st = { .mode = GLYPH_BRAILLE, .focus = -1, .panel = PANEL_LOSS };
    char *t = render_run(&c, 120, 30, st);
    int cols[3], n = 0;
    for (char *line = t; line && *line && n < 3; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        for (int i = 0; i < c.nmodels; i++) {
            char badge[48];
            snprintf(badge, sizeof badge, " [%c] %s ", c.models[i]->key, c.models[i]->id);
            if (strncmp(line, badge, strlen(badge))) continue;
            char *w = strstr(line, c.models[i]->card);
            if (!w) print_error("%s\n", t);
            assert_non_null(w);
            cols[n++] = (int)(w - line);   /* ASCII up to the words */
        }
    }
    assert_int_equal(n, 3);
    assert_int_equal(cols[0], 6 + (int)strlen("softmax1-bce-frozen"));
    assert_int_equal(cols[1], cols[0]);
    assert_int_equal(cols[2], cols[0]);
    free(t);
}

/* ---- issue 11: classroom defects ------------------------------------------------------------ */

/* Row y of a rendered text (malloc'd). */
static char *row_of_text(const char *t, int y)
{
    for (int i = 0; i < y && t; i++) {
        t = strchr(t, '\n');
        if (t) t++;
    }
    if (!t) return calloc(1, 1);
    const char *e = strchr(t, '\n');
    size_t n = e ? (size_t)(e - t) : strlen(t);
    char *r = malloc(n + 1);
    memcpy(r, t, n);
    r[n] = '\0';
    return r;
}

/* The items of a row: runs of text separated by two or more blanks, or by " | ". */
static int row_items(const char *row, char items[][200], int max)
{
    int n = 0;
    const char *p = row;
    while (*p && n < max) {
        while (*p == ' ' || (p[0] == '|' && p[1] == ' ')) p++;
        if (!*p) break;
        const char *e = p;
        while (*e && !(e[0] == ' ' && (e[1] == ' ' || e[1] == '|' || e[1] == '\0'))) e++;
        size_t len = (size_t)(e - p) < 199 ? (size_t)(e - p) : 199;
        memcpy(items[n], p, len);
        items[n][len] = '\0';
        n++;
        p = e;
    }
    return n;
}

/* An item is whole if the wide screen shows it too, or if it is an abbreviation ("words…") of
 * one of the wide screen's items cut at a word boundary. */
static int item_is_whole(const char *item, const char *wide)
{
    /* the class bar is a graphic whose width follows the screen: whole when its labels are */
    size_t il = strlen(item);
    if (!strncmp(item, "class 0 ", 8) && il > 10 && (!strcmp(item + il - 2, " 1") || (strstr(item, " 1 ") && item[il - 1] == '%')))
        return 1;
    if (strstr(wide, item)) {
        /* it must also start and end at a word boundary there */
        for (const char *f = strstr(wide, item); f; f = strstr(f + 1, item)) {
            char after = f[strlen(item)];
            char before = f == wide ? ' ' : f[-1];
            if ((after == ' ' || after == '\n' || after == '\0') && (before == ' ' || before == '\n' || before == '[' ||
                                                                      before == '>' || before == '('))
                return 1;
        }
        return 0;
    }
    size_t n = strlen(item);
    const char *ell = "\xe2\x80\xa6";
    if (n > 3 && !strcmp(item + n - 3, ell)) {
        char pre[200];
        memcpy(pre, item, n - 3);
        pre[n - 3] = '\0';
        const char *f = strstr(wide, pre);
        return f && (f[n - 3] == ' ' || f[n - 3] == ',' || f[n - 3] == ':');
    }
    return 0;
}

static void check_rows_whole(const char *t, const char *wide, int y0, int y1, const char *what, int w, int h)
{
    for (int y = y0; y <= y1; y++) {
        char *r = row_of_text(t, y);
        char items[40][200];
        int n = row_items(r, items, 40);
        for (int i = 0; i < n; i++)
            if (!item_is_whole(items[i], wide)) {
                print_error("%dx%d %s row %d: '%s' is cut (row: '%s')\n%s\n", w, h, what, y, items[i], r, t);
                fail();
            }
        free(r);
    }
}

static Config five(void)
{
    Config c = small();
    char err[1200];
    if (config_set(&c, "models", "bce,cce1,cce1-frozen,cce1-textbook,cce2", err, sizeof err)) fail_msg("%s", err);
    c.epochs = 2;
    c.eval_every = -1;
    return c;
}

/* defect 3: at 80x24, 100x30 and 160x48 with five set-ups, every item of the header, the cards
 * and the key bar is whole (or abbreviated at a word boundary), and every chart legend names
 * all five set-ups or none: none is left out silently. */
static void test_no_word_is_cut(void **state)
{
    (void)state;
    Config c = five();
    Trainer *t = run_to_end(&c);
    View v = { 0 };
    ViewState st = { .mode = GLYPH_BRAILLE, .focus = -1, .panel = PANEL_LOSS };
    /* the vocabulary: the same screen so wide that nothing needs to give way, and the focused
     * cards (their how: lines) */
    char *wide = render_t(t, &v, 700, 60, &st);
    size_t wl = strlen(wide);
    for (int f = 0; f < 5; f++) {
        ViewState fs = st;
        fs.focus = f;
        char *x = render_t(t, &v, 700, 60, &fs);
        wide = realloc(wide, wl + strlen(x) + 1);
        memcpy(wide + wl, x, strlen(x) + 1);
        wl += strlen(x);
        free(x);
    }
    static const int sizes[][2] = { { 80, 24 }, { 100, 30 }, { 160, 48 } };
    for (int k = 0; k < 3; k++) {
        int w = sizes[k][0], h = sizes[k][1];
        char *txt = render_t(t, &v, w, h, &st);
        /* header rows, the cards (rows 2 .. up to the first blank row), and the key bar */
        int last_card = 2;
        for (int y = 2; y < h; y++) {
            char *r = row_of_text(txt, y);
            int blank = strspn(r, " ") == strlen(r);
            free(r);
            if (blank) break;
            last_card = y;
        }
        check_rows_whole(txt, wide, 0, 1, "header", w, h);
        check_rows_whole(txt, wide, 2, last_card, "card", w, h);
        check_rows_whole(txt, wide, h - 1, h - 1, "key bar", w, h);
        /* the chart title row: three legends, each complete */
        char *title = row_of_text(txt, last_card + 2);
        int complete = 0;
        for (const char *q = title; (q = strstr(q, "T 2")) != NULL; q++) complete++;
        for (const char *q = title; (q = strstr(q, "2 cce2")) != NULL; q++) complete++;
        if (complete != 3) print_error("%dx%d: legends '%s'\n", w, h, title);
        assert_int_equal(complete, 3);
        free(title);
        free(txt);
        /* focused: the how: text of each set-up is whole at 100x30 and 160x48 */
        for (int f = 0; f < 5 && w >= 100; f++) {
            ViewState fs = st;
            fs.focus = f;
            txt = render_t(t, &v, w, h, &fs);
            check_rows_whole(txt, wide, 2, 8, "focused card", w, h);
            char joined[4096] = "";
            for (int y = 2; y < 12; y++) {
                char *r = row_of_text(txt, y);
                const char *q = r + strspn(r, " ");
                strncat(joined, q, sizeof joined - strlen(joined) - 2);
                strcat(joined, " ");
                free(r);
            }
            const Snapshot *s = trainer_lock(t);
            const Setup *su = s->setup[f];
            trainer_unlock(t);
            /* collapse the wrap's line breaks to single blanks */
            char flat[4096];
            int j = 0;
            for (int i = 0; joined[i] && j < 4095; i++)
                if (!(joined[i] == ' ' && j && flat[j - 1] == ' ')) flat[j++] = joined[i];
            flat[j] = '\0';
            if (!strstr(flat, su->semantics)) print_error("%dx%d focus %s:\n%s\n", w, h, su->id, flat);
            assert_non_null(strstr(flat, su->semantics));
            free(txt);
        }
    }
    free(wide);
    view_free(&v);
    trainer_stop(t);
}

/* defect 7: with five set-ups at 80x24 the histogram panel shows every set-up with bars, and the
 * confusion panel stays inside its box (its right border and the gap column are intact, its
 * bottom border too), at 80x24 and 100x30 */
static void test_panels_fit_their_box(void **state)
{
    (void)state;
    Config c = five();
    Trainer *t = run_to_end(&c);
    View v = { 0 };
    ViewState st = { .mode = GLYPH_BRAILLE, .focus = -1, .panel = PANEL_HIST };
    char *txt = render_t(t, &v, 80, 24, &st);
    static const char *const labels[] = { "[B]", "[C]", "[F]", "[T]", "[2]" };
    for (int i = 0; i < 5; i++) {
        if (!strstr(txt, labels[i])) print_error("%s\n", txt);
        assert_non_null(strstr(txt, labels[i]));
    }
    assert_non_null(strstr(txt, "\xe2\xa3\xbf"));   /* a full braille bar cell: bars are drawn */
    free(txt);
    static const int sizes[][2] = { { 80, 24 }, { 100, 30 } };
    for (int k = 0; k < 2; k++) {
        int w = sizes[k][0], h = sizes[k][1];
        st.panel = PANEL_CONFUSION;
        Grid g;
        grid_init(&g, w, h);
        const Snapshot *s = trainer_lock(t);
        view_render(&v, &g, s, &st);
        trainer_unlock(t);
        int w1 = (w - 2) / 3;
        /* find the box: its top-left corner in column 0 */
        int top = -1, bottom = -1;
        for (int y = 0; y < h; y++) {
            if (grid_at(&g, 0, y)->ch == 0x250C) top = y;
            if (grid_at(&g, 0, y)->ch == 0x2514) bottom = y;
        }
        assert_true(top > 0 && bottom > top);
        for (int y = top + 1; y < bottom; y++) {
            assert_int_equal(grid_at(&g, w1 - 1, y)->ch, 0x2502);   /* the right border */
            assert_int_equal(grid_at(&g, w1, y)->ch, ' ');          /* the gap before the next chart */
        }
        for (int x = 1; x < w1 - 1; x++) assert_int_equal(grid_at(&g, x, bottom)->ch, 0x2500);
        char *tx = grid_to_text(&g);
        assert_non_null(strstr(tx, "more: press"));   /* what did not fit is named */
        free(tx);
        grid_free(&g);
    }
    view_free(&v);
    trainer_stop(t);
}

/* defect 4: at step 0 no card is HEALTHY (UNTRAINED, or LOSS-DISAGREES); while a lesson (or n,
 * e) trains a paused run, the header says training, not paused */
static void test_untrained_and_training_state(void **state)
{
    (void)state;
    Config c = small();
    c.n = 4000;
    c.epochs = 50;
    char err[1200];
    Trainer *t = trainer_start(&c, 1, err, sizeof err);
    assert_non_null(t);
    for (;;) {   /* the step-0 evaluation */
        const Snapshot *s = trainer_lock(t);
        int ready = s->npts > 0 && !s->busy;
        trainer_unlock(t);
        if (ready) break;
        struct timespec ts = { 0, 5000000 };
        nanosleep(&ts, NULL);
    }
    View v = { 0 };
    ViewState st = { .mode = GLYPH_BRAILLE, .focus = -1, .panel = PANEL_LOSS };
    char *txt = render_t(t, &v, 100, 30, &st);
    assert_null(strstr(txt, "HEALTHY"));
    assert_non_null(strstr(txt, "UNTRAINED"));
    assert_non_null(strstr(txt, "|| paused"));
    assert_non_null(strstr(txt, "seed 42"));   /* defect 12: the seed is on the screen */
    free(txt);
    trainer_set_speed(t, 1);    /* 2 steps/s: still training when we look */
    trainer_train(t, 100000);   /* what a lesson's train does: paused, with steps to go */
    int seen = 0;
    for (int i = 0; i < 400 && !seen; i++) {
        txt = render_t(t, &v, 100, 30, &st);
        seen = strstr(txt, "> training") != NULL;
        if (seen) assert_null(strstr(txt, "paused"));
        free(txt);
        struct timespec ts = { 0, 5000000 };
        nanosleep(&ts, NULL);
    }
    assert_true(seen);
    view_free(&v);
    trainer_stop(t);
}

/* defect 9: a finished run trains on: e adds an epoch, space as many as the run had; the key
 * bar offers only what acts */
static void test_finished_trains_on(void **state)
{
    (void)state;
    Config c = small();
    Trainer *t = run_to_end(&c);
    View v = { 0 };
    ViewState st = { .mode = GLYPH_BRAILLE, .focus = -1, .panel = PANEL_LOSS };
    char *txt = render_t(t, &v, 100, 30, &st);
    assert_non_null(strstr(txt, "# finished"));
    assert_non_null(strstr(txt, "space 1 more epoch"));
    assert_null(strstr(txt, "space pause"));
    free(txt);
    trainer_continue(t, 'e');
    for (int i = 0; i < 2000; i++) {
        const Snapshot *s = trainer_lock(t);
        int ok = s->done && !s->busy && s->epoch == 2;
        trainer_unlock(t);
        if (ok) break;
        struct timespec ts = { 0, 5000000 };
        nanosleep(&ts, NULL);
    }
    const Snapshot *s = trainer_lock(t);
    assert_int_equal(s->epoch, 2);
    assert_int_equal(s->cfg.epochs, 2);
    trainer_unlock(t);
    view_free(&v);
    trainer_stop(t);
}

/* defect 12: ] pressed while paused changes one mark (the last value), and at the limit the
 * header says so instead of stopping silently */
static void test_lr_marks_merge_and_clamp(void **state)
{
    (void)state;
    Config c = small();
    c.epochs = 5;
    char err[1200];
    Trainer *t = trainer_start(&c, 1, err, sizeof err);
    assert_non_null(t);
    for (int i = 0; i < 3; i++) trainer_scale_lr(t, 2.0f);
    for (int i = 0; i < 400; i++) {
        const Snapshot *s = trainer_lock(t);
        int ok = s->lr > 0.0079f && s->npts > 0;
        trainer_unlock(t);
        if (ok) break;
        struct timespec ts = { 0, 5000000 };
        nanosleep(&ts, NULL);
    }
    const Snapshot *s = trainer_lock(t);
    assert_int_equal(s->nmarks, 1);
    assert_string_equal(s->marks[0].label, "lr 0.008");
    trainer_unlock(t);
    for (int i = 0; i < 20; i++) trainer_scale_lr(t, 2.0f);
    char *txt = NULL;
    View v = { 0 };
    ViewState st = { .mode = GLYPH_BRAILLE, .focus = -1, .panel = PANEL_LOSS };
    for (int i = 0; i < 400; i++) {
        free(txt);
        txt = render_t(t, &v, 100, 30, &st);
        if (strstr(txt, "lr is at its maximum, 10")) break;
        struct timespec ts = { 0, 5000000 };
        nanosleep(&ts, NULL);
    }
    assert_non_null(strstr(txt, "lr is at its maximum, 10"));
    s = trainer_lock(t);
    assert_int_equal(s->nmarks, 1);
    trainer_unlock(t);
    free(txt);
    view_free(&v);
    trainer_stop(t);
}

/* the mechanism panel: cce1's mean gradient by true class, the zeros at +1, the ones at 0 */
static void test_mechanism_panel(void **state)
{
    Fix *f = *state;
    ViewState st = base_state();
    st.panel = PANEL_MECH;
    char *t = render(f, 160, 48, &st);
    if (!strstr(t, "[C] cce1: mean logit by true class")) print_error("%s\n", t);
    assert_non_null(strstr(t, "[C] cce1: mean logit by true class"));   /* picks the lopsided one */
    assert_non_null(strstr(t, "mean dLoss/dlogit by true class"));
    free(t);
    st.focus = 0;
    t = render(f, 160, 48, &st);
    assert_non_null(strstr(t, "[B] bce: mean logit"));
    free(t);
    assert_int_equal(view_panel_parse("mech"), PANEL_MECH);
    assert_string_equal(view_panel_name(PANEL_HIST), "hist");
    assert_int_equal(view_panel_parse("nope"), -1);
}

/* the cursor: the cards show an earlier evaluation point, the charts mark its step */
static void test_cursor(void **state)
{
    Fix *f = *state;
    ViewState st = base_state();
    st.cursor = 1;   /* the first point: step 0 */
    char *t = render(f, 100, 30, &st);
    if (!strstr(t, "> at step 0: untrained")) print_error("%s\n", t);
    assert_non_null(strstr(t, "> at step 0: untrained"));
    assert_non_null(strstr(t, "step 0"));
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
        cmocka_unit_test(test_cards_align),
        cmocka_unit_test(test_no_word_is_cut),
        cmocka_unit_test(test_panels_fit_their_box),
        cmocka_unit_test(test_untrained_and_training_state),
        cmocka_unit_test(test_finished_trains_on),
        cmocka_unit_test(test_lr_marks_merge_and_clamp),
        cmocka_unit_test(test_mechanism_panel),
        cmocka_unit_test(test_cursor),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
