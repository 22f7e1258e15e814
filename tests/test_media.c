/* test_media — what losslab writes for other programs, at the unit level: atomic files (whole or
 * nothing), the --lr-schedule option (parsing, ranges, the value read back) and the arena applying
 * it at its steps whatever the chunking, the command line that reproduces a run, a cast's frames
 * (only the rows that changed), the SVG's structure, and the virtual clock's determinism. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/atomic.h"
#include "train/arena.h"
#include "train/config.h"
#include "train/repro.h"
#include "train/trainer.h"
#include "ui/cast.h"
#include "ui/palette.h"
#include "ui/svg.h"
#include "testutil.h"

static char *tmpdir(void)
{
    char *d = strdup("/tmp/losslab-test-media-XXXXXX");
    assert_non_null(mkdtemp(d));
    return d;
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    return n;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *b = malloc((size_t)n + 1);
    size_t got = fread(b, 1, (size_t)n, f);
    b[got] = '\0';
    fclose(f);
    if (len) *len = got;
    return b;
}

static void rm_rf(const char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* ---- atomic ------------------------------------------------------------------------------- */

static void test_atomic_commit_abort(void **state)
{
    (void)state;
    char *d = tmpdir(), path[600], err[1200];
    snprintf(path, sizeof path, "%s/out.txt", d);
    FILE *f = fopen(path, "w");
    fputs("old\n", f);
    fclose(f);
    AtomicFile af;
    assert_int_equal(atomic_open(&af, path, err, sizeof err), 0);
    fputs("new\n", atomic_fp(&af));
    fflush(atomic_fp(&af));
    char *was = slurp(path, NULL);
    assert_string_equal(was, "old\n");            /* untouched until the commit */
    free(was);
    assert_int_equal(count_entries(d), 2);        /* the target and its temporary file */
    assert_int_equal(atomic_commit(&af, err, sizeof err), 0);
    char *now = slurp(path, NULL);
    assert_string_equal(now, "new\n");
    free(now);
    assert_int_equal(count_entries(d), 1);
    /* abort: the target stays as it was, nothing else is left */
    assert_int_equal(atomic_open(&af, path, err, sizeof err), 0);
    fputs("half", atomic_fp(&af));
    atomic_abort(&af);
    now = slurp(path, NULL);
    assert_string_equal(now, "new\n");
    free(now);
    assert_int_equal(count_entries(d), 1);
    rm_rf(d);
    free(d);
}

static void test_atomic_refusals(void **state)
{
    (void)state;
    char *d = tmpdir(), path[600], err[1200];
    AtomicFile af;
    assert_int_equal(atomic_open(&af, d, err, sizeof err), -1);
    assert_non_null(strstr(err, "Is a directory"));
    snprintf(path, sizeof path, "%s/missing/x.svg", d);
    assert_int_equal(atomic_open(&af, path, err, sizeof err), -1);
    assert_non_null(strstr(err, "cannot write"));
    assert_non_null(strstr(err, "No such file or directory"));
    assert_int_equal(count_entries(d), 0);
    /* a device is written in place, never replaced */
    assert_int_equal(atomic_open(&af, "/dev/null", err, sizeof err), 0);
    assert_null(atomic_tmp_path(&af));
    fputs("x", atomic_fp(&af));
    assert_int_equal(atomic_commit(&af, err, sizeof err), 0);
    struct stat st;
    assert_int_equal(stat("/dev/null", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    rm_rf(d);
    free(d);
}

/* ---- --lr-schedule ----------------------------------------------------------------------- */

static void test_schedule_option(void **state)
{
    (void)state;
    Config c;
    char err[512], v[512];
    config_defaults(&c);
    assert_int_equal(config_set(&c, "lr-schedule", "100:0.0005,250:1e-4", err, sizeof err), 0);
    assert_int_equal(c.nlr, 2);
    assert_int_equal(c.lr_sched[1].step, 250);
    assert_true(c.lr_sched[1].lr == 1e-4f);
    config_get(&c, "lr-schedule", v, sizeof v);
    assert_string_equal(v, "100:0.0005,250:0.0001");
    Config d;
    config_defaults(&d);
    assert_int_equal(config_set(&d, "lr-schedule", v, err, sizeof err), 0);   /* reads back exactly */
    for (int i = 0; i < 2; i++) {   /* field by field: LrChange has padding, which is not data */
        assert_int_equal(c.lr_sched[i].step, d.lr_sched[i].step);
        assert_memory_equal(&c.lr_sched[i].lr, &d.lr_sched[i].lr, sizeof(float));   /* bit for bit */
    }
    const char *badv[] = { "", "x", "100", "100:", "100:0", "100:10.5", "-1:0.1", "200:0.1,100:0.1", "1:0.1,",
                           "1:0.1,,2:0.1", "1e3:0.1", "5:nan" };
    for (size_t i = 0; i < sizeof badv / sizeof badv[0]; i++) {
        Config e = c;
        assert_int_equal(config_set(&e, "lr-schedule", badv[i], err, sizeof err), -1);
        assert_memory_equal(err, "--lr-schedule: ", 15);
        assert_int_equal(e.nlr, 2);                     /* a refused value changes nothing */
    }
    /* adding keeps the steps increasing; the same step is replaced */
    assert_int_equal(config_schedule_add(&c, 150, 0.002f), 0);
    assert_int_equal(config_schedule_add(&c, 250, 0.003f), 0);
    config_schedule_str(&c, v, sizeof v);
    assert_string_equal(v, "100:0.0005,150:0.002,250:0.003");
    /* --size */
    assert_int_equal(config_set(&c, "size", "120x40", err, sizeof err), 0);
    assert_int_equal(c.size_w, 120);
    assert_int_equal(c.size_h, 40);
    assert_int_equal(config_set(&c, "size", "79x40", err, sizeof err), -1);
    assert_int_equal(config_set(&c, "size", "120x23", err, sizeof err), -1);
    assert_int_equal(config_set(&c, "size", "120*40", err, sizeof err), -1);
    assert_memory_equal(err, "--size: ", 8);
}

/* The schedule changes the rate at its steps exactly, however the training is chunked, and the
 * arena's own changes (the screen's [ and ]) are what arena_effective_config adds to it. */
static void test_arena_applies_schedule(void **state)
{
    (void)state;
    Config c = test_small_config();
    char err[256];
    assert_int_equal(config_set(&c, "lr-schedule", "7:0.01,13:0.0001", err, sizeof err), 0);
    Arena a, b;
    assert_int_equal(arena_create(&a, &c, 1, err, sizeof err), 0);
    assert_int_equal(arena_create(&b, &c, 1, err, sizeof err), 0);
    arena_eval_initial(&a);
    arena_eval_initial(&b);
    while (!arena_done(&a)) {
        long before = a.step;
        arena_advance(&a, 1000);
        /* a chunk never crosses a scheduled step */
        assert_false(before < 7 && a.step > 7);
        assert_false(before < 13 && a.step > 13);
        if (a.step >= 7 && a.step < 13) assert_true(a.lr == 0.01f);
        if (a.step >= 13) assert_true(a.lr == 0.0001f);
    }
    while (!arena_done(&b)) arena_advance(&b, 1);
    for (int j = 0; j < a.runs[0].npts; j++) {
        assert_true(a.runs[0].pts[j].loss == b.runs[0].pts[j].loss);
        assert_true(a.runs[0].pts[j].lr == b.runs[0].pts[j].lr);
    }
    assert_int_equal(arena_set_lr(&a, 0.5f), 0);
    Config eff;
    arena_effective_config(&a, &eff);
    char v[256];
    config_schedule_str(&eff, v, sizeof v);
    char want[256];
    snprintf(want, sizeof want, "7:0.01,13:0.0001,%ld:0.5", a.step);
    assert_string_equal(v, want);
    arena_free(&a);
    arena_free(&b);
}

static void test_repro_command(void **state)
{
    (void)state;
    Config c = test_small_config();
    char err[256], cmd[2048];
    config_set(&c, "seed", "7", err, sizeof err);
    config_set(&c, "models", "bce,cce1", err, sizeof err);
    config_set(&c, "data", "my data's.csv", err, sizeof err);
    config_set(&c, "lr-schedule", "5:0.002", err, sizeof err);
    repro_command(&c, cmd, sizeof cmd);
    assert_non_null(strstr(cmd, "losslab --headless "));
    assert_non_null(strstr(cmd, " --models bce,cce1"));
    assert_non_null(strstr(cmd, " --seed 7"));
    assert_non_null(strstr(cmd, " --epochs 2"));
    assert_non_null(strstr(cmd, " --n 400"));
    assert_non_null(strstr(cmd, " --data 'my data'\\''s.csv'"));
    assert_non_null(strstr(cmd, " --lr-schedule 5:0.002"));
    assert_null(strstr(cmd, "--threads"));     /* never decides the numbers */
    assert_null(strstr(cmd, "--lr "));         /* the default is not repeated */
    Config d;
    config_defaults(&d);
    repro_command(&d, cmd, sizeof cmd);
    assert_string_equal(cmd, "losslab --headless --seed 42");
}

/* ---- cast ------------------------------------------------------------------------------- */

static void test_cast_rows(void **state)
{
    (void)state;
    char *d = tmpdir(), path[600], err[1200];
    snprintf(path, sizeof path, "%s/a.cast", d);
    Cast *c = cast_open(path, "a \"quoted\" title", 0, err, sizeof err);
    assert_non_null(c);
    Grid g;
    grid_init(&g, 80, 24);
    grid_text(&g, 0, 0, -1, "first row", COL_ACCENT, ATTR_BOLD);
    cast_frame(c, &g, 0.0);
    cast_frame(c, &g, 0.04);                        /* the same frame: nothing */
    grid_text(&g, 0, 5, -1, "row six ⣿", COL_DEFAULT, 0);
    cast_frame(c, &g, 0.08);
    cast_marker(c, 0.08, "step 2 of 3");
    assert_int_equal(count_entries(d), 1);          /* only the temporary file so far */
    assert_int_equal(cast_close(c, err, sizeof err), 0);
    grid_free(&g);
    size_t n;
    char *s = slurp(path, &n);
    assert_non_null(s);
    assert_memory_equal(s, "{\"version\": 2, \"width\": 80, \"height\": 24, \"title\": \"a \\\"quoted\\\" title\"", 70);
    assert_null(strstr(s, "timestamp"));
    /* events: the full first frame, one changed row, the marker, the closing full frame */
    int lines = 0;
    for (char *p = s; *p; p++) lines += *p == '\n';
    assert_int_equal(lines, 5);
    char *second = strstr(s, "[0.080, \"o\", \"");
    assert_non_null(second);
    char *eol = strchr(second, '\n');
    *eol = '\0';
    assert_non_null(strstr(second, "\\u001b[6;1H"));  /* row 6 rewritten ... */
    assert_null(strstr(second, "\\u001b[1;1H"));      /* ... and row 1 not */
    assert_non_null(strstr(second, "row six ⣿"));
    assert_non_null(strstr(eol + 1, "[0.080, \"m\", \"step 2 of 3\"]"));
    free(s);
    /* abort: nothing written */
    snprintf(path, sizeof path, "%s/b.cast", d);
    c = cast_open(path, "t", 0, err, sizeof err);
    grid_init(&g, 80, 24);
    cast_frame(c, &g, 0);
    grid_free(&g);
    cast_abort(c);
    assert_int_equal(count_entries(d), 1);
    rm_rf(d);
    free(d);
}

/* projector mode: the cast draws what the screen draws, dark inks on a white page */
static void test_cast_page(void **state)
{
    (void)state;
    unsetenv("NO_COLOR");
    char *d = tmpdir(), path[600], err[1200];
    snprintf(path, sizeof path, "%s/p.cast", d);
    Cast *c = cast_open(path, "page", 0, err, sizeof err);
    assert_non_null(c);
    Grid g;
    grid_init(&g, 20, 3);
    grid_text(&g, 0, 0, -1, "B bce", (uint8_t)(COL_SETUP0 + HUE_CYAN), 0);
    grid_text(&g, 0, 1, -1, "axis", COL_DIM, 0);
    cast_frame(c, &g, 0.0);
    cast_set_page(c, 1);
    cast_frame(c, &g, 0.1);   /* the same cells, on the page: painted whole */
    cast_set_page(c, 1);
    cast_frame(c, &g, 0.2);   /* nothing changed: nothing */
    cast_set_page(c, 0);
    cast_frame(c, &g, 0.3);   /* back on the terminal's background: painted whole */
    assert_int_equal(cast_close(c, err, sizeof err), 0);
    grid_free(&g);
    size_t n;
    char *s = slurp(path, &n);
    assert_non_null(s);
    char *f0 = strstr(s, "[0.000, \"o\""), *f1 = strstr(s, "[0.100, \"o\""), *f3 = strstr(s, "[0.300, \"o\"");
    assert_non_null(f0);
    assert_non_null(f1);
    assert_null(strstr(s, "[0.200, \"o\""));
    assert_non_null(f3);
    f1[-1] = f3[-1] = '\0';   /* each event on its own from here */
    char page[40], hue[40];
    snprintf(page, sizeof page, "48;5;%d", palette_xterm256(palette_paper()));
    snprintf(hue, sizeof hue, ";1;38;5;%d;%s", palette_xterm256(palette_hue(HUE_CYAN)), page);
    assert_int_equal(palette_xterm256(palette_paper()), 231);
    /* the terminal's own colours: cyan 36, the axis dim, no page */
    assert_null(strstr(f0, page));
    assert_non_null(strstr(f0, "\\u001b[0;36mB bce"));
    assert_non_null(strstr(f0, "\\u001b[0;2maxis"));
    /* the page: every row rewritten, the hue bold in its dark ink, the axis grey, nothing dim */
    for (int y = 1; y <= 3; y++) {
        char mv[24];
        snprintf(mv, sizeof mv, "\\u001b[%d;1H", y);
        assert_non_null(strstr(f1, mv));
    }
    assert_non_null(strstr(f1, hue));
    assert_null(strstr(f1, "[0;2"));
    char grey[40];
    snprintf(grey, sizeof grey, "\\u001b[0;38;5;%d;%smaxis", palette_xterm256(palette_grey()), page);
    assert_non_null(strstr(f1, grey));
    assert_null(strstr(f3, page));
    assert_non_null(strstr(f3, "\\u001b[0;36mB bce"));
    free(s);
    rm_rf(d);
    free(d);
}

/* ---- a run on the virtual clock, its SVG ----------------------------------------------------- */

static char *virtual_run(long steps, char **svg)
{
    Config c = test_small_config();
    c.epochs = 1000;
    c.eval_every = -1;
    char err[256];
    Trainer *t = trainer_start(&c, 1, err, sizeof err);
    assert_non_null(t);
    trainer_set_virtual(t, 1);
    trainer_train(t, steps);
    char *trace = calloc(1, 8192);
    size_t used = 0;
    while (trainer_pending(t)) {
        trainer_run_for(t, 0.04);   /* 4 steps at the default 100 steps/s */
        const Snapshot *s = trainer_lock(t);
        used += (size_t)snprintf(trace + used, 8192 - used, "%ld/%d/%d ", s->step, s->npts, s->nlive);
        trainer_unlock(t);
    }
    const Snapshot *s = trainer_lock(t);
    FILE *f = tmpfile();
    assert_int_equal(svg_write(f, s), 0);
    trainer_unlock(t);
    long n = ftell(f);
    rewind(f);
    *svg = calloc(1, (size_t)n + 1);
    assert_int_equal(fread(*svg, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    trainer_stop(t);
    return trace;
}

static void test_virtual_clock_and_svg(void **state)
{
    (void)state;
    char *svg1, *svg2;
    char *a = virtual_run(30, &svg1), *b = virtual_run(30, &svg2);
    assert_string_equal(a, b);                      /* the same states at the same instants */
    assert_non_null(strstr(a, "4/"));               /* 4 steps per 0.04 s at 100 steps/s */
    assert_non_null(strstr(a, "28/"));
    assert_non_null(strstr(a, "30/"));
    assert_string_equal(svg1, svg2);
    assert_non_null(strstr(svg1, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
    int poly = 0;
    for (char *p = svg1; (p = strstr(p, "<polyline")); p++) poly++;
    assert_int_equal(poly, 3 * 3);                  /* three charts x the default three set-ups */
    assert_non_null(strstr(svg1, "seed 42"));
    assert_non_null(strstr(svg1, "</svg>\n"));
    free(a);
    free(b);
    free(svg1);
    free(svg2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_atomic_commit_abort),
        cmocka_unit_test(test_atomic_refusals),
        cmocka_unit_test(test_schedule_option),
        cmocka_unit_test(test_arena_applies_schedule),
        cmocka_unit_test(test_repro_command),
        cmocka_unit_test(test_cast_rows),
        cmocka_unit_test(test_cast_page),
        cmocka_unit_test(test_virtual_clock_and_svg),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
