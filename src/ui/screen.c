/* screen — ncurses front end. See screen.h. The one mutable static is the signal flag: a signal
 * handler may only set a volatile sig_atomic_t, and the loop turns it into a normal quit. */
#define NCURSES_WIDECHAR 1
#include "ui/screen.h"
#include "ui/keys.h"

#include <curses.h>
#include <term.h>      /* setupterm, del_curterm: the terminal type is looked up before newterm */
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "base/termtext.h"
#include "base/xalloc.h"
#include "train/repro.h"
#include "ui/cast.h"
#include "ui/palette.h"
#include "ui/record.h"

#define SLIDE_PAIR COL_COUNT   /* the projector's pairs follow the terminal's (ui/palette.h) */
#define FRAME_MS 40      /* 25 frames/s while the speed is throttled ... */
#define FRAME_MS_MAX 66  /* ... 15 frames/s at full speed, leaving the cores to training */

static volatile sig_atomic_t g_signal;

static void on_signal(int sig) { g_signal = sig; }

struct Screen {
    SCREEN *term;
    GlyphMode mode;
    int color;
    int slide;               /* the projector's white page can be painted (256 colours) */
    Grid grid;
    Grid shown;              /* what the terminal shows now: blit sends only the differences */
    View view;
    long drawn_version;
    double draw_ms_sum, draw_ms_max;   /* wall clock, frames after the first full paint */
    double cpu_ms_sum, cpu_ms_max;     /* this thread's CPU time for the same frames */
    double first_ms;                   /* the first frame: a full paint of every cell */
    long frames;
    int projector;                     /* the last drawn ViewState's: high contrast */
    struct sigaction old_int, old_term, old_hup;
    /* recording (ui/cast.h) and the virtual terminal of a rendered replay */
    Cast *cast;              /* borrowed (screen_set_cast): every frame drawn goes into it */
    int virt;                /* no terminal: draws into the grid only; the clock is virtual */
    double vclock;           /* virtual seconds */
    double t0;               /* the live clock's start, seconds */
    Trainer *tr;             /* the Trainer drawn last (virtual: the clock drives it) */
};

static double clock_ms(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

static double now_ms(void) { return clock_ms(CLOCK_MONOTONIC); }

static void colors_init(Screen *sc)
{
    const char *nc = getenv("NO_COLOR");
    sc->color = has_colors() && !(nc && *nc);
    if (!sc->color) return;
    start_color();
    use_default_colors();   /* keep the terminal's own background */
    for (int c = 1; c < COL_COUNT; c++) init_pair((short)c, (short)palette_ansi((uint8_t)c), -1);
    /* the projector's page: every colour again at SLIDE_PAIR + colour, on its own white background
     * (ui/palette.h), so a light or a dark terminal theme shows the same slide */
    sc->slide = COLORS >= 256 && COLOR_PAIRS > SLIDE_PAIR + COL_COUNT;
    if (!sc->slide) return;
    int ink[COL_COUNT], paper;
    palette_page_xterm256(ink, &paper);
    for (int c = 0; c < COL_COUNT; c++) init_pair((short)(SLIDE_PAIR + c), (short)ink[c], (short)paper);
}

/* the colour pair of a cell's colour: the projector's page, or the terminal's own background */
static short cell_pair(const Screen *sc, int color)
{
    if (!sc->color) return 0;
    return (short)(sc->projector && sc->slide ? SLIDE_PAIR + color : color);
}

static int term_check(char *err, size_t errlen)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        snprintf(err, errlen, "the live screen needs a terminal on stdin and stdout; use --headless for CSV");
        return -1;
    }
    const char *term = getenv("TERM");
    if (!term || !*term || !strcmp(term, "dumb")) {
        snprintf(err, errlen, "TERM=%s cannot show the live screen; use a real terminal or --headless", term ? term : "");
        return -1;
    }
    /* an unknown type: refused here, before training starts (newterm would fail as well, but it
     * leaks the screen it had begun to build) */
    int terr = 0;
    if (setupterm(term, STDOUT_FILENO, &terr) != OK) {
        snprintf(err, errlen, "cannot use terminal type '%s'; try TERM=xterm-256color or --headless", term);
        return -1;
    }
    del_curterm(cur_term);
    return 0;
}

/* SIGINT/SIGTERM/SIGHUP set the stop flag (screen_key then answers 'q'); the old handlers are
 * kept for screen_close. No SA_RESTART, as in main.c: a blocked write returns EINTR. */
static void handlers_install(Screen *sc)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, &sc->old_int);
    sigaction(SIGTERM, &sa, &sc->old_term);
    sigaction(SIGHUP, &sa, &sc->old_hup);
}

Screen *screen_open(int ascii, char *err, size_t errlen)
{
    if (term_check(err, errlen)) return NULL;
    const char *term = getenv("TERM");
    setlocale(LC_ALL, "");
    Screen *sc = xcalloc(1, sizeof *sc);
    /* ncursesw prints blanks for braille in a non-UTF-8 locale, without any error: decide here */
    int utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
    sc->mode = ascii || !utf8 ? GLYPH_ASCII : GLYPH_BRAILLE;
    sc->term = newterm(NULL, stdout, stdin);
    if (!sc->term) {
        snprintf(err, errlen, "cannot use terminal type '%s'; try TERM=xterm-256color or --headless", term);
        free(sc);
        return NULL;
    }
    set_term(sc->term);
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    curs_set(0);
    set_escdelay(25);
    colors_init(sc);
    handlers_install(sc);
    grid_init(&sc->grid, COLS, LINES);
    grid_init(&sc->shown, 1, 1);
    sc->drawn_version = -1;
    sc->t0 = now_ms() / 1000.0;
    return sc;
}

Screen *screen_open_virtual(int w, int h, int ascii)
{
    Screen *sc = xcalloc(1, sizeof *sc);
    sc->virt = 1;
    sc->mode = ascii ? GLYPH_ASCII : GLYPH_BRAILLE;   /* a cast is UTF-8 whatever the locale */
    handlers_install(sc);
    grid_init(&sc->grid, w, h);
    grid_init(&sc->shown, 1, 1);
    sc->drawn_version = -1;
    return sc;
}

int screen_is_virtual(const Screen *sc) { return sc->virt; }

double screen_clock(const Screen *sc) { return sc->virt ? sc->vclock : now_ms() / 1000.0 - sc->t0; }

int screen_interrupted(const Screen *sc)
{
    (void)sc;
    return g_signal != 0;
}

void screen_set_cast(Screen *sc, Cast *c) { sc->cast = c; }

void screen_marker(Screen *sc, const char *label)
{
    if (!sc->cast) return;
    if (sc->virt) cast_marker(sc->cast, sc->vclock, label);
    else cast_marker_now(sc->cast, label);
}

void screen_close(Screen *sc)
{
    if (!sc) return;
    if (!sc->virt) {
        endwin();
        delscreen(sc->term);
    }
    sigaction(SIGINT, &sc->old_int, NULL);
    sigaction(SIGTERM, &sc->old_term, NULL);
    sigaction(SIGHUP, &sc->old_hup, NULL);
    grid_free(&sc->grid);
    grid_free(&sc->shown);
    view_free(&sc->view);
    free(sc);
}

GlyphMode screen_glyph_mode(const Screen *sc) { return sc->mode; }

void screen_size(const Screen *sc, int *cols, int *rows)
{
    *cols = sc->virt ? sc->grid.w : COLS;
    *rows = sc->virt ? sc->grid.h : LINES;
}

static attr_t cell_attr(const Screen *sc, const Cell *c)
{
    uint8_t m = palette_attr(c->color, c->attr, sc->projector);
    return (m & ATTR_BOLD ? A_BOLD : 0) | (m & ATTR_DIM ? A_DIM : 0) | (m & ATTR_REVERSE ? A_REVERSE : 0) |
           (m & ATTR_UNDERLINE ? A_UNDERLINE : 0);
}

static int cell_same(const Cell *a, const Cell *b)
{
    return a->ch == b->ch && a->color == b->color && a->attr == b->attr && a->mark == b->mark;
}

static void blit(Screen *sc)
{
    const Grid *g = &sc->grid;
    if (sc->shown.w != g->w || sc->shown.h != g->h) {
        grid_resize(&sc->shown, g->w, g->h);
        for (int i = 0; i < g->w * g->h; i++) sc->shown.cells[i].ch = 0;   /* force a full paint */
        erase();   /* stdscr keeps the old size's text: the never-written last cell must be blank */
        clearok(stdscr, TRUE);
    }
    for (int y = 0; y < g->h; y++)
        for (int x = 0; x < g->w; x++) {
            const Cell *c = &g->cells[(size_t)y * g->w + x];
            Cell *was = &sc->shown.cells[(size_t)y * g->w + x];
            /* a wide glyph (its right half is GRID_CONT) is written once, from its left cell,
             * and covers the next cell; it is rewritten when either half changed */
            int wide = x + 1 < g->w && c[1].ch == GRID_CONT;
            if (cell_same(c, was) && !(wide && !cell_same(&c[1], &was[1]))) continue;
            *was = *c;
            if (wide) was[1] = c[1];
            /* the last cell of the screen: writing it would scroll on some terminals */
            int last = y == g->h - 1 && x == g->w - 1;
            if (last) continue;
            if (c->ch == GRID_CONT && x > 0 && c[-1].ch != GRID_CONT && c[-1].ch != ' ') continue;   /* drawn with its left half */
            uint32_t ch = c->ch == 0 || c->ch == GRID_CONT ? ' ' : c->ch;
            if (wide && y == g->h - 1 && x + 1 == g->w - 1) ch = ' ';     /* would fill the last cell */
            else if (!wide && wcwidth((wchar_t)ch) == 2) ch = ' ';        /* half of it was overwritten */
            wchar_t wc[3] = { (wchar_t)ch, (wchar_t)(ch != ' ' ? c->mark : 0), 0 };
            cchar_t cc;
            short pair = cell_pair(sc, c->color);
            setcchar(&cc, wc, cell_attr(sc, c), pair, NULL);
            mvadd_wch(y, x, &cc);
        }
}

void screen_draw(Screen *sc, Trainer *t, ViewState *st)
{
    sc->tr = t;
    if (sc->virt) {
        trainer_run_for(t, 0);   /* the state this instant of the virtual clock, settled */
        const Snapshot *s = trainer_lock(t);
        view_render(&sc->view, &sc->grid, s, st);
        trainer_unlock(t);
        if (sc->cast) {
            cast_set_page(sc->cast, st->projector);
            cast_frame(sc->cast, &sc->grid, sc->vclock);
        }
        sc->frames++;
        return;
    }
    double t0 = now_ms(), c0 = clock_ms(CLOCK_THREAD_CPUTIME_ID);
    if (sc->grid.w != COLS || sc->grid.h != LINES) grid_resize(&sc->grid, COLS, LINES);
    st->mode = st->mode == GLYPH_ASCII || sc->mode == GLYPH_ASCII ? GLYPH_ASCII : st->mode;
    if (sc->projector != st->projector) {   /* every cell's attributes change: repaint all */
        sc->projector = st->projector;
        bkgd((chtype)COLOR_PAIR(cell_pair(sc, COL_DEFAULT)));   /* cells never drawn take the page too */
        for (int i = 0; i < sc->shown.w * sc->shown.h; i++) sc->shown.cells[i].ch = 0;
    }
    const Snapshot *s = trainer_lock(t);
    view_render(&sc->view, &sc->grid, s, st);
    trainer_unlock(t);
    blit(sc);
    refresh();
    if (sc->cast) {
        cast_set_page(sc->cast, st->projector);
        cast_frame_now(sc->cast, &sc->grid);
    }
    double ms = now_ms() - t0, cpu = clock_ms(CLOCK_THREAD_CPUTIME_ID) - c0;
    if (sc->frames++ == 0) {
        sc->first_ms = ms;
        return;
    }
    sc->draw_ms_sum += ms;
    sc->cpu_ms_sum += cpu;
    if (ms > sc->draw_ms_max) sc->draw_ms_max = ms;
    if (cpu > sc->cpu_ms_max) sc->cpu_ms_max = cpu;
}

/* curses key codes -> ui/keys.h */
static int translate_key(int ch)
{
    switch (ch) {
    case ERR: return LK_NONE;
    case KEY_UP: return LK_UP;
    case KEY_DOWN: return LK_DOWN;
    case KEY_LEFT: return LK_LEFT;
    case KEY_RIGHT: return LK_RIGHT;
    case KEY_BACKSPACE: return LK_BACKSPACE;
    case KEY_NPAGE: return LK_NPAGE;
    case KEY_PPAGE: return LK_PPAGE;
    case KEY_ENTER: return LK_ENTER;
    case KEY_RESIZE: return LK_RESIZE;
    case KEY_F(1): return LK_F1;
    default: return ch >= KEY_MIN ? LK_OTHER : ch;
    }
}

int screen_key(Screen *sc, int ms)
{
    if (g_signal) return 'q';
    if (sc->virt) {   /* nobody types: the time passes, and training with it */
        sc->vclock += ms / 1000.0;
        if (sc->tr) trainer_run_for(sc->tr, ms / 1000.0);
        return g_signal ? 'q' : LK_NONE;
    }
    timeout(ms);
    int ch = getch();
    if (g_signal) return 'q';
    return translate_key(ch);
}

int screen_common_key(Trainer *t, ViewState *st, const Setup *const *setups, int nruns, int key)
{
    if (key == ' ' || key == 'n' || key == 'e') {
        const Snapshot *s = trainer_lock(t);
        int done = s->done && !s->busy;
        trainer_unlock(t);
        if (done) {   /* finished: these keys train on (more epochs) */
            trainer_continue(t, key);
            return 1;
        }
    }
    switch (key) {
    case ' ': trainer_toggle_pause(t); return 1;
    case 'n': trainer_step(t, 1); return 1;
    case 'e': trainer_step_epoch(t); return 1;
    case 'r': trainer_reset(t, 0); return 1;
    case 'R': trainer_reset(t, 1); return 1;
    case '+': case '=': trainer_speed(t, +1); return 1;
    case '-': case '_': trainer_speed(t, -1); return 1;
    case '[': trainer_scale_lr(t, 0.5f); return 1;
    case ']': trainer_scale_lr(t, 2.0f); return 1;
    case '\t': view_tab(st); return 1;
    case 'p': st->projector = !st->projector; return 1;
    case LK_LEFT: case LK_RIGHT: {
        /* the cursor (paused): the cards show every set-up's values at the marked step */
        const Snapshot *s = trainer_lock(t);
        int n = s->npts, paused = s->paused || s->done;
        trainer_unlock(t);
        if (!paused || n < 2) return 0;
        int at = st->cursor > 0 ? st->cursor : n;
        at += key == LK_LEFT ? -1 : 1;
        st->cursor = at > n ? 0 : at < 1 ? 1 : at;   /* right past the end: off */
        return 1;
    }
    case 's': st->smooth = !st->smooth; return 1;
    case 'g': st->log_y = !st->log_y; return 1;
    case '?': case LK_F1: st->help = !st->help; return 1;
    case LK_ESC:
        if (st->help) { st->help = 0; return 1; }
        if (st->cursor) { st->cursor = 0; return 1; }
        return 0;
    case '0': st->focus = -1; return 1;
    default:
        /* a set-up's key (its card badge) focuses it; again: all */
        for (int i = 0; i < nruns; i++)
            if (key == setups[i]->key) {
                st->focus = st->focus == i ? -1 : i;
                return 1;
            }
        return 0;
    }
}

typedef struct { long frames; double first, avg, max, cpu_avg, cpu_max; } FrameStats;

static void print_summary(Trainer *t, const FrameStats *f, int verbose)
{
    const Snapshot *s = trainer_lock(t);
    for (int i = 0; i < s->nruns; i++) {
        const EvalPoint *p = s->npts ? &s->pts[i][s->npts - 1] : NULL;
        if (!p) continue;
        char loss[24];
        view_fmt_loss(loss, sizeof loss, p->loss);
        printf("%-14s epoch %d step %ld  loss %s  val_acc %.1f%%  val_pred1 %.1f%%  %s: %s\n", s->setup[i]->id,
               p->epoch, p->step, loss, 100 * p->val_acc, 100 * p->val_pred1, diag_word(p->diag), p->reason);
    }
    double sps = s->train_seconds > 0 ? (double)s->trained_steps * s->cfg.batch / s->train_seconds : 0;
    /* the seed reproduces the run, also one found with R; frame timings only with --verbose */
    printf("seed %llu (again: losslab --seed %llu)\n", (unsigned long long)s->cfg.seed,
           (unsigned long long)s->cfg.seed);
    if (verbose)
        printf("trained %ld steps at %.0f samples/s per set-up; %ld frames %dx%d: first %.2f ms, then draw "
               "%.2f ms avg, %.2f ms max (CPU %.2f ms avg, %.2f ms max)\n",
               s->trained_steps, sps, f->frames, COLS, LINES, f->first, f->avg, f->max, f->cpu_avg, f->cpu_max);
    /* the same run headless: its rows are those the screen evaluated, up to the step it stopped at */
    char cmd[4096];
    repro_command(&s->cfg, cmd, sizeof cmd);
    printf("reproduce headless (stopped at step %ld of %ld): %s\n", s->step, s->steps_per_epoch * s->cfg.epochs, cmd);
    trainer_unlock(t);
}

int screen_run(const ScreenOpts *o)
{
    char err[512];
    /* Terminal checks first, then the data (a bad CSV file ends the program with its
     * file:line:column message before the terminal is touched), then the screen. */
    if (term_check(err, sizeof err)) {
        tt_msg(stderr, "%s", err);
        return 2;
    }
    Config cfg = o->cfg;
    if (cfg.eval_every == 0) cfg.eval_every = -1;   /* the screen: dense early, then 8 per epoch */
    Trainer *t = trainer_start(&cfg, 0, err, sizeof err);
    if (!t) {
        tt_msg(stderr, "%s", err);
        return 2;
    }
    if (o->speed) trainer_set_speed(t, o->speed);
    /* the files before the terminal: an unwritable one is one line and exit 2 */
    Record rec;
    char models[256], title[400];
    config_models_str(&cfg, models, sizeof models);
    snprintf(title, sizeof title, "losslab: %s (seed %llu)", models, (unsigned long long)cfg.seed);
    if (record_open(&rec, &cfg, title, err, sizeof err)) {
        trainer_stop(t);
        tt_msg(stderr, "%s", err);
        return 2;
    }
    Screen *sc = screen_open(o->ascii, err, sizeof err);
    if (!sc) {
        record_close(&rec, t, 0);
        trainer_stop(t);
        fprintf(stderr, "losslab: %s\n", err);
        return 2;
    }
    screen_set_cast(sc, rec.cast);
    ViewState st = { .mode = screen_glyph_mode(sc), .focus = -1, .panel = PANEL_LOSS, .menu = o->menu,
                     .nmenu = o->nmenu, .flash = rec.flash, .projector = o->projector };
    if (o->menu_choice) *o->menu_choice = -1;
    long seen = -1;
    int dirty = 1;
    double last = 0;
    for (;;) {
        const Snapshot *s = trainer_lock(t);
        long ver = s->version;
        int nruns = s->nruns;
        const Setup *setups[SETUPS_MAX];
        memcpy(setups, s->setup, sizeof setups);
        int frame_ms = s->speed >= SPEED_MAX && !s->paused && !s->done ? FRAME_MS_MAX : FRAME_MS;
        record_update(&rec, s);
        trainer_unlock(t);
        double now = now_ms();
        if (dirty || ver != seen || now - last > 500) {
            screen_draw(sc, t, &st);
            seen = ver;
            dirty = 0;
            last = now;
        }
        int key = screen_key(sc, frame_ms);
        int quit = 0;
        while (key != LK_NONE) {
            if (key == 'q' || key == 'Q') { quit = 1; break; }
            rec.flash[0] = '\0';   /* a note lasts until the next key */
            if (st.menu_open) {   /* the lesson menu takes the keys while it is open */
                int n = o->nmenu > 9 ? 9 : o->nmenu;
                if (key >= '1' && key < '1' + n && o->run_lesson) {
                    /* play it in place: hand the terminal over, take it back, same training */
                    st.menu_open = 0;
                    trainer_set_paused(t, 1);
                    screen_close(sc);
                    o->run_lesson(o->lesson_ctx, key - '1');
                    sc = screen_open(o->ascii, err, sizeof err);
                    if (!sc) {
                        fprintf(stderr, "losslab: %s\n", err);
                        record_close(&rec, t, 0);
                        trainer_stop(t);
                        return 2;
                    }
                    screen_set_cast(sc, rec.cast);   /* the recording goes on */
                    st.mode = st.mode == GLYPH_ASCII || screen_glyph_mode(sc) == GLYPH_ASCII ? GLYPH_ASCII : st.mode;
                    dirty = 1;
                    break;
                }
                if (key >= '1' && key < '1' + n && o->menu_choice) {
                    *o->menu_choice = key - '1';
                    quit = 1;
                    break;
                }
                if (key == 'l' || key == LK_ESC) st.menu_open = 0;
                dirty = 1;
            } else if (key == 'l' && o->nmenu > 0) {
                st.menu_open = 1;
                st.help = 0;
                dirty = 1;
            } else if (key == 'l') {
                snprintf(rec.flash, sizeof rec.flash, "%s", o->no_lessons ? o->no_lessons : "no lessons found");
                dirty = 1;
            } else if (key == 'v') {
                record_svg(&rec, t);
                dirty = 1;
            } else if (key == LK_RESIZE || screen_common_key(t, &st, setups, nruns, key)) {
                dirty = 1;
            }
            key = screen_key(sc, 0);
        }
        if (quit) break;
    }
    long n = sc->frames > 1 ? sc->frames - 1 : 1;
    FrameStats fs = { sc->frames, sc->first_ms, sc->draw_ms_sum / (double)n, sc->draw_ms_max,
                      sc->cpu_ms_sum / (double)n, sc->cpu_ms_max };
    screen_close(sc);
    if (!o->menu_choice || *o->menu_choice < 0) print_summary(t, &fs, o->verbose);
    int rc = record_close(&rec, t, 1);
    trainer_stop(t);
    return rc;
}
