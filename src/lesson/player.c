/* player — the lesson commands. `lessons` lists the lessons in ./lessons and the installed data
 * directory; `lesson FILE|NAME` parses the lesson (every error on stderr, exit 2) and plays it on
 * the live screen, or with --headless prints a plain transcript (exit 3 if an expectation fails);
 * `replay` plays it on the screen, advancing by itself every --pace seconds.
 * Owns, for one call: the Lesson, the Engine, and on the screen the Trainer and the Screen. */
#include "lesson/player.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <limits.h>
#include <time.h>
#include <unistd.h>

#include "base/termtext.h"
#include "base/xalloc.h"
#include "lesson/engine.h"
#include "lesson/lesson.h"
#include "ui/screen.h"
#include "train/trainer.h"
#include "ui/keys.h"
#include "ui/view.h"
#include "ui/svg.h"
#include "ui/record.h"
#include "base/atomic.h"

#ifndef LOSSLAB_DATADIR
#define LOSSLAB_DATADIR "/usr/local/share/losslab"
#endif

/* short names for the special keys (ui/keys.h; only screen.c knows curses codes) */
enum { K_UP = LK_UP, K_DOWN = LK_DOWN, K_LEFT = LK_LEFT, K_RIGHT = LK_RIGHT, K_BACKSPACE = LK_BACKSPACE,
       K_NPAGE = LK_NPAGE, K_PPAGE = LK_PPAGE, K_ENTER = LK_ENTER, K_RESIZE = LK_RESIZE };

/* OPEN: no pick yet; WRONG: a wrong pick, another may follow (a retry); CHOSEN: the right pick,
 * or a prediction noted; REVEALED: the answer shown without a right pick (enter after a wrong
 * one, or the replay) */
typedef enum { QUIZ_OPEN, QUIZ_WRONG, QUIZ_CHOSEN, QUIZ_REVEALED } QuizState;
typedef enum { ACT_NONE, ACT_NEXT, ACT_BACK, ACT_RESTART } Act;      /* what a key asked for */

#define FRAME_MS 40


/* ---- finding lessons ------------------------------------------------------------------------ */

static int is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && !strcmp(s + a - b, suf);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Sorted *.lesson names in dir (caller frees each and the array). */
static int list_dir(const char *dir, char ***out)
{
    *out = NULL;
    DIR *d = opendir(dir);
    if (!d) return 0;
    int n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' || !ends_with(de->d_name, ".lesson")) continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            *out = xrealloc(*out, sizeof(char *) * (size_t)cap);
        }
        (*out)[n++] = xstrdup(de->d_name);
    }
    closedir(d);
    if (n) qsort(*out, (size_t)n, sizeof(char *), cmp_str);
    return n;
}

/* Where lessons are looked for, in order (the first directory that has a name wins):
 *   $LOSSLAB_LESSONS (one directory, or several separated by ':')
 *   ./lessons
 *   <the executable's directory>/lessons (a binary built in the source tree, run from anywhere)
 *   <the executable's directory>/../share/losslab/lessons (an installed binary, whatever PREFIX)
 *   $XDG_DATA_HOME/losslab/lessons (default ~/.local/share/losslab/lessons)
 *   each of $XDG_DATA_DIRS/losslab/lessons (default /usr/local/share and /usr/share)
 *   the compiled-in LOSSLAB_DATADIR/lessons
 * Directories that are the same place (realpath) are kept once. Returns how many. */
#define NDIRS 24
typedef char LessonDir[1024];

static void add_dir(LessonDir dirs[NDIRS], int *n, const char *a, const char *b)
{
    if (*n >= NDIRS || !a || !*a) return;
    snprintf(dirs[*n], sizeof dirs[0], "%s%s", a, b ? b : "");
    char x[PATH_MAX], y[PATH_MAX];
    int have = realpath(dirs[*n], x) != NULL;
    for (int i = 0; i < *n; i++)
        if (!strcmp(dirs[i], dirs[*n]) || (have && realpath(dirs[i], y) && !strcmp(x, y))) return;
    (*n)++;
}

static void add_dir_list(LessonDir dirs[NDIRS], int *n, const char *list, const char *suffix)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", list);
    char *save = NULL;
    for (char *d = strtok_r(buf, ":", &save); d; d = strtok_r(NULL, ":", &save)) add_dir(dirs, n, d, suffix);
}

static int lesson_dirs(LessonDir dirs[NDIRS])
{
    int n = 0;
    const char *env = getenv("LOSSLAB_LESSONS");
    if (env && *env) add_dir_list(dirs, &n, env, "");
    add_dir(dirs, &n, "lessons", NULL);
    char exe[900];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            add_dir(dirs, &n, exe, "/lessons");
            add_dir(dirs, &n, exe, "/../share/losslab/lessons");
        }
    }
    const char *xh = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    if (xh && *xh) add_dir(dirs, &n, xh, "/losslab/lessons");
    else if (home && *home) add_dir(dirs, &n, home, "/.local/share/losslab/lessons");
    const char *xd = getenv("XDG_DATA_DIRS");
    add_dir_list(dirs, &n, xd && *xd ? xd : "/usr/local/share:/usr/share", "/losslab/lessons");
    add_dir(dirs, &n, LOSSLAB_DATADIR, "/lessons");
    return n;
}

void lesson_where(char *out, size_t cap)
{
    LessonDir dirs[NDIRS];
    int n = lesson_dirs(dirs);
    size_t u = (size_t)snprintf(out, cap, "no lessons found; looked in");
    for (int i = 0; i < n && u < cap; i++) u += (size_t)snprintf(out + u, cap - u, "%s %s", i ? "," : "", dirs[i]);
    if (u < cap) snprintf(out + u, cap - u, " (set LOSSLAB_LESSONS=DIR)");
}

/* A path as given, or a name (01, 01-the-26-percent, 01-the-26-percent.lesson) looked up in the
 * lesson directories. Returns a malloc'd path or NULL. */
static char *resolve(const char *arg)
{
    if (is_file(arg)) return xstrdup(arg);
    if (strchr(arg, '/')) return NULL;
    char path[2048];
    LessonDir DIRS[NDIRS];
    int ndirs = lesson_dirs(DIRS);
    for (int k = 0; k < ndirs; k++) {
        snprintf(path, sizeof path, "%s/%s", DIRS[k], arg);
        if (is_file(path)) return xstrdup(path);
        snprintf(path, sizeof path, "%s/%s.lesson", DIRS[k], arg);
        if (is_file(path)) return xstrdup(path);
        char **names;
        int n = list_dir(DIRS[k], &names);
        char *found = NULL;
        size_t al = strlen(arg);
        for (int i = 0; i < n; i++) {
            if (!found && !strncmp(names[i], arg, al) && names[i][al] == '-') {
                snprintf(path, sizeof path, "%s/%s", DIRS[k], names[i]);
                found = xstrdup(path);
            }
            free(names[i]);
        }
        free(names);
        if (found) return found;
    }
    return NULL;
}

int lesson_catalog(LessonEntry *out, int max)
{
    int n_out = 0;
    LessonDir DIRS[NDIRS];
    int ndirs = lesson_dirs(DIRS);
    for (int k = 0; k < ndirs; k++) {
        char **names;
        int n = list_dir(DIRS[k], &names);
        for (int i = 0; i < n; i++) {
            int dup = 0;
            for (int j = 0; j < n_out; j++) dup |= !strcmp(out[j].name, names[i]);
            LessonEntry e;
            memset(&e, 0, sizeof e);
            snprintf(e.path, sizeof e.path, "%s/%s", DIRS[k], names[i]);
            snprintf(e.dir, sizeof e.dir, "%s", DIRS[k]);
            snprintf(e.name, sizeof e.name, "%s", names[i]);
            /* regular files only: a FIFO named *.lesson would block the listing forever */
            if (!dup && n_out < max && is_file(e.path) && !lesson_peek(e.path, e.title, sizeof e.title, &e.minutes))
                out[n_out++] = e;
            free(names[i]);
        }
        free(names);
    }
    return n_out;
}

static int cmd_list(void)
{
    LessonEntry list[LESSONS_MAX];
    int shown = lesson_catalog(list, LESSONS_MAX);
    for (int i = 0; i < shown; i++) {
        /* names and titles come from files anyone may drop in ./lessons: they reach the
         * terminal through termtext (escaped, padded by display columns) */
        if (i == 0 || strcmp(list[i].dir, list[i - 1].dir)) {
            printf("%sLessons in ", i ? "\n" : "");
            tt_fputs(list[i].dir, stdout);
            printf("/:\n");
        }
        char name[256];
        snprintf(name, sizeof name, "%s", list[i].name);
        name[strlen(name) - strlen(".lesson")] = '\0';
        char mins[16] = "";
        if (list[i].minutes) snprintf(mins, sizeof mins, "%d min", list[i].minutes);
        fputs("  ", stdout);
        tt_fput_padded(name, 28, stdout);
        printf(" %-7s ", mins);
        tt_fputs(list[i].title, stdout);
        fputc('\n', stdout);
    }
    if (!shown) {
        char where[2048];
        lesson_where(where, sizeof where);
        fprintf(stderr, "losslab: %s\n", where);
        return 2;
    }
    printf("\nStart one:  losslab lesson 01      (headless transcript: losslab lesson 01 --headless;\n"
           "            projector: losslab replay 01 --pace 6)\n");
    return 0;
}

/* ---- headless transcript -------------------------------------------------------------------- */

static const LessonChoice *choice_of(const LessonStep *q, char key)
{
    for (int i = 0; i < q->nchoices; i++)
        if (q->choices[i].key == key) return &q->choices[i];
    return NULL;
}

static int run_headless(const Lesson *L, const Config *base)
{
    Engine e;
    FILE *out = stdout;
    int init_failed = engine_init_headless(&e, L, base, out);
    if (!init_failed && base->answers[0]) e.auto_answers = base->answers;
    if (init_failed) {
        tt_msg(stderr, "%s", e.err);
        engine_free(&e);
        return 2;
    }
    tt_fputs(L->title, out);
    fputc('\n', out);
    int tl = tt_width(L->title, (size_t)-1);   /* the underline spans the title's display columns */
    for (int i = 0; i < tl; i++) fputc('=', out);
    fputc('\n', out);
    const char *steps = L->nstops == 1 ? "step" : "steps";
    if (L->minutes) fprintf(out, "About %d minutes, %d %s.\n", L->minutes, L->nstops, steps);
    else fprintf(out, "%d %s.\n", L->nstops, steps);
    e.last_block = 1;
    int rc;
    do {
        rc = engine_next(&e);
        if (rc == STOP_ERROR) {
            fflush(out);
            tt_msg(stderr, "%s", e.err);
            engine_free(&e);
            return 2;
        }
        if (rc == STOP_QUIZ) engine_print_quiz(&e);
    } while (rc != STOP_END);
    engine_print_end(&e);
    if (base->svg[0]) {   /* --svg FILE: the charts of the lesson's last state */
        Snapshot snap;
        char err[1200];
        snapshot_from_arena(&snap, &e.arena);
        int bad = svg_save(base->svg, &snap, err, sizeof err);
        snapshot_free(&snap);
        if (bad) {
            fflush(out);
            fprintf(stderr, "losslab: --svg: %s\n", err);
            engine_free(&e);
            return 1;
        }
    }
    int failed = e.failed;
    engine_free(&e);
    if (fflush(out) || ferror(out)) {
        fprintf(stderr, "losslab: writing the transcript failed\n");
        return 1;
    }
    return failed ? 3 : 0;
}

/* ---- the live screen -------------------------------------------------------------------------- */

typedef struct {
    const Lesson *L;
    Screen *sc;
    Trainer *tr;
    Engine eng;
    ViewState st;
    LessonPane pane;
    int replay;
    double pace;
    int ascii;
    /* where we are */
    int running;           /* the engine is executing toward a stop */
    int kind;              /* at a stop: STOP_PAUSE / STOP_QUIZ / STOP_END */
    QuizState answered;    /* the quiz at this stop */
    char chosen;
    int page, npages;
    int target;            /* the stop the engine is heading for */
    const Setup *applied_focus; /* the engine focus last copied into the view */
    int applied_panel;     /* the engine panel last copied into the view */
    double since;          /* replay: when the current page was shown */
    int hold;              /* replay: auto-advance held */
    int show_expect;       /* x: the lesson's checks (expect lines) are shown in the pane */
    int page_lines;        /* lines of narration on the page shown (replay: its time on screen) */
    int loop;              /* replay --loop: start again at the end */
    int seeking;           /* going back: retraining at full speed toward p->target */
    int speed_before;      /* the speed to restore after going back */
    long drawn_version;
    int dirty;
    char *text;            /* the pane text as drawn (wrapped, paged) */
    size_t textlen, textcap;
    char stepbuf[64];
    char keys[256];
    Record rec;            /* --cast, --svg (ui/record.h) */
} Player;

static void add(Player *p, const char *s)
{
    size_t n = strlen(s);
    if (p->textlen + n + 1 > p->textcap) {
        size_t c = p->textcap ? p->textcap : 1024;
        while (c < p->textlen + n + 1) c *= 2;
        p->text = xrealloc(p->text, c);
        p->textcap = c;
    }
    memcpy(p->text + p->textlen, s, n + 1);
    p->textlen += n;
}

/* Builds the logical text of the pane: the segment, then the quiz or the end. */
/* appends str to the growing buffer *b (length *len, capacity *cap, NUL-terminated) */
static void buf_append(char **b, size_t *len, size_t *cap, const char *str)
{
    size_t n = strlen(str);
    if (*len + n + 1 > *cap) {
        *cap = 2 * (*len + n + 1);
        *b = xrealloc(*b, *cap);
    }
    memcpy(*b + *len, str, n + 1);
    *len += n;
}

static char *logical_text(Player *p)
{
    char *b = NULL;
    size_t len = 0, cap = 0;
    /* an answered quiz shows only itself: the narration before it has been read */
    const char *seg = !p->running && p->kind == STOP_QUIZ && p->answered != QUIZ_OPEN ? "" : engine_pane(&p->eng);
    b = xmalloc(1);
    b[0] = '\0';
    cap = 1;
    if (p->seeking) {
        /* going back: the target step's narration at once, while the run is rebuilt fast */
        char head[128];
        snprintf(head, sizeof head, "(going back to step %d: the run is retrained at full speed)\n\n", p->target);
        buf_append(&b, &len, &cap, head);
        char *preview = engine_stop_text(p->L, p->target);
        buf_append(&b, &len, &cap, preview);
        free(preview);
        seg = "";
    }
    /* the pane without the checks (lines marked ENGINE_EXPECT_MARK), unless x shows them */
    for (const char *q = seg; *q;) {
        const char *e = strchr(q, '\n');
        size_t n = e ? (size_t)(e - q) + 1 : strlen(q);
        int check = *q == ENGINE_EXPECT_MARK[0];
        if (!check || p->show_expect) {
            char line[2200];
            size_t k = n - (size_t)check < sizeof line - 1 ? n - (size_t)check : sizeof line - 1;
            memcpy(line, q + check, k);
            line[k] = '\0';
            buf_append(&b, &len, &cap, line);
        }
        q += n;
    }
    if (!p->running && p->kind == STOP_QUIZ) {
        const LessonStep *q = &p->L->steps[p->eng.quiz_step];
        char line[1400];
        if (len && b[len - 1] == '\n' && !(len >= 2 && b[len - 2] == '\n')) buf_append(&b, &len, &cap, "\n");
        snprintf(line, sizeof line, "Quiz: %s\n", q->text);
        buf_append(&b, &len, &cap, line);
        for (int i = 0; i < q->nchoices; i++) {
            snprintf(line, sizeof line, "  %c) %s\n", q->choices[i].key, q->choices[i].text);
            buf_append(&b, &len, &cap, line);
        }
        const LessonChoice *c = choice_of(q, q->answer), *pc = choice_of(q, p->chosen);
        if (q->predict && p->answered == QUIZ_CHOSEN) {
            snprintf(line, sizeof line, "Noted: you predict %c) %s\nPress enter: the run will show.\n", p->chosen,
                     pc ? pc->text : "");
            buf_append(&b, &len, &cap, line);
        } else if (q->predict && p->answered == QUIZ_REVEALED) {
            buf_append(&b, &len, &cap, "(a prediction: the run that follows answers it)\n");
        } else if (p->answered == QUIZ_CHOSEN) {
            snprintf(line, sizeof line, "%s Right: %c) %s\n", p->ascii ? "[ok]" : "✓", q->answer, c ? c->text : "");
            buf_append(&b, &len, &cap, line);
            if (c && c->feedback) {
                buf_append(&b, &len, &cap, c->feedback);
                buf_append(&b, &len, &cap, "\n");
            }
        } else if (p->answered == QUIZ_WRONG) {
            snprintf(line, sizeof line, "%s Not quite: %c) %s%s%s\nTry another answer, or press enter to see it.\n",
                     p->ascii ? "[X]" : "✗", p->chosen, pc ? pc->text : "", pc && pc->feedback ? " -- " : "",
                     pc && pc->feedback ? pc->feedback : "");
            buf_append(&b, &len, &cap, line);
        } else if (p->answered == QUIZ_REVEALED) {
            snprintf(line, sizeof line, "Answer: %c) %s\n", q->answer, c ? c->text : "");
            buf_append(&b, &len, &cap, line);
        }
        if ((p->answered == QUIZ_CHOSEN || p->answered == QUIZ_REVEALED) && !q->predict && q->explain[0]) {
            buf_append(&b, &len, &cap, q->explain);
            buf_append(&b, &len, &cap, "\n");
        }
    } else if (!p->running && p->kind == STOP_END) {
        if (len && b[len - 1] == '\n' && !(len >= 2 && b[len - 2] == '\n')) buf_append(&b, &len, &cap, "\n");
        int right, answered, total;
        engine_score(&p->eng, &right, &answered, &total);
        if (total) {
            char sc[128];
            snprintf(sc, sizeof sc, "Quiz score: %d of %d right on the first try.\n", right, total);
            buf_append(&b, &len, &cap, sc);
        }
        buf_append(&b, &len, &cap, "This is the end of the lesson. Press q to leave, or b to go back a step.\n");
    }
    return b;
}

/* replay: how long the page stays: --pace seconds per four lines of narration (at least one
 * pace); an open quiz holds three times as long, so the room can think (a key answers at once) */
static double dwell(const Player *p)
{
    double lines = p->page_lines > 4 ? p->page_lines : 4;
    double t = p->pace * lines / 4.0;
    if (!p->running && p->kind == STOP_QUIZ && (p->answered == QUIZ_OPEN || p->answered == QUIZ_WRONG)) t *= 3;
    return t;
}

/* Wraps and pages the text for the current terminal; fills pane, step counter and key bar. */
static void compose(Player *p)
{
    int cols, rows;
    screen_size(p->sc, &cols, &rows);
    int width = cols - 4 > 20 ? cols - 4 : 20;
    if (p->st.projector && width > 72) width = 72;   /* a readable measure from the back of the room */
    int maxh = rows / 3 > 6 ? rows / 3 : 6;
    int h = maxh - 2;
    char *logical = logical_text(p);
    /* wrap every logical line */
    char *w = NULL;
    size_t wl = 0, wc = 0;
    int nlines = 0;
    for (char *line = logical; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        if (!*line) {
            if (!w) { w = xmalloc(1); wc = 1; w[0] = '\0'; }
            if (wl + 2 > wc) { wc = 2 * (wl + 2); w = xrealloc(w, wc); }
            w[wl++] = '\n';
            w[wl] = '\0';
            nlines++;
        } else {
            size_t sp = strspn(line, " ");
            char pad[32];
            snprintf(pad, sizeof pad, "%*s", (int)(sp < 24 ? sp : 24), "");
            nlines += engine_wrap(&w, &wl, &wc, line + sp, width, pad, pad);
        }
        line = nl ? nl + 1 : NULL;
    }
    free(logical);
    /* drop one trailing blank line */
    while (wl >= 2 && w[wl - 1] == '\n' && w[wl - 2] == '\n') {
        w[--wl] = '\0';
        nlines--;
    }
    int per = nlines > h ? h - 1 : h;
    if (per < 1) per = 1;
    /* a quiz is never split across pages: when its block (question and choices) fits one page but
     * would start near the end of one, blank lines move it to the top of the next */
    if (nlines > h && w) {
        int qline = -1, ln = 0;
        for (const char *c = w; *c; c++) {
            if ((c == w || c[-1] == '\n') && !strncmp(c, "Quiz: ", 6)) {
                qline = ln;
                break;
            }
            ln += *c == '\n';
        }
        int block = nlines - qline, pad = qline >= 0 ? (per - qline % per) % per : 0;
        if (qline > 0 && block <= per && qline % per + block > per && pad > 0) {
            /* insert pad blank lines before the quiz line */
            size_t at = 0;
            for (int k = 0; k < qline; k++) at = (size_t)(strchr(w + at, '\n') - w) + 1;
            w = xrealloc(w, wl + (size_t)pad + 1);
            memmove(w + at + pad, w + at, wl - at + 1);
            memset(w + at, '\n', (size_t)pad);
            wl += (size_t)pad;
            nlines += pad;
        }
    }
    p->npages = nlines > h ? (nlines + per - 1) / per : 1;
    if (p->running) p->page = p->npages - 1;       /* while running: the newest lines */
    if (p->page >= p->npages) p->page = p->npages - 1;
    if (p->page < 0) p->page = 0;
    /* cut the page */
    p->textlen = 0;
    add(p, "");
    const char *s = w ? w : "";
    int ln = 0;
    while (*s) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (ln >= p->page * per && ln < (p->page + 1) * per) {
            char tmp[1024];
            snprintf(tmp, sizeof tmp, "%.*s\n", (int)(n < 1000 ? n : 1000), s);
            add(p, tmp);
        }
        ln++;
        s = e ? e + 1 : s + n;
    }
    if (p->npages > 1) {
        char more[96];
        if (p->page < p->npages - 1)
            snprintf(more, sizeof more, "%s more (page %d of %d): enter", p->ascii ? "-->" : "▼", p->page + 1, p->npages);
        else
            snprintf(more, sizeof more, "(page %d of %d)", p->page + 1, p->npages);
        add(p, more);
    } else if (p->textlen && p->text[p->textlen - 1] == '\n') {
        p->text[--p->textlen] = '\0';
    }
    free(w);
    p->page_lines = 0;
    for (const char *c = p->text; *c; c++) p->page_lines += *c == '\n';
    int stop = p->running ? p->target : p->eng.stop;
    if (stop < 1) stop = 1;
    snprintf(p->stepbuf, sizeof p->stepbuf, "step %d of %d", stop, p->L->nstops);
    const char *view_keys = p->show_expect ? "x hide checks  tab panel  ? help" : "x checks  tab panel  ? help";
    if (p->running) {
        snprintf(p->keys, sizeof p->keys, "%s  b back  q quit  %s", p->seeking ? "going back..." : "training...",
                 view_keys);
    } else if (p->kind == STOP_QUIZ && p->answered == QUIZ_OPEN && p->page < p->npages - 1) {
        /* the question is not on the screen yet: no answer counts, b is back */
        snprintf(p->keys, sizeof p->keys, "enter more (the question follows)  b back  q quit");
    } else if (p->kind == STOP_QUIZ && (p->answered == QUIZ_OPEN || p->answered == QUIZ_WRONG)) {
        const LessonStep *q = &p->L->steps[p->eng.quiz_step];
        char ks[64] = "";
        for (int i = 0; i < q->nchoices && i < 20; i++) {
            size_t l = strlen(ks);
            snprintf(ks + l, sizeof ks - l, "%s%c", i ? "/" : "", q->choices[i].key);
        }
        snprintf(p->keys, sizeof p->keys, "%s %s  %sb back  q quit%s", ks,
                 p->answered == QUIZ_WRONG ? "try again" : q->predict ? "predict" : "answer",
                 p->answered == QUIZ_WRONG ? "enter show the answer  " : "",
                 p->replay ? "  (replay: answer shown soon)" : "");
    } else if (p->kind == STOP_END && p->page >= p->npages - 1) {
        snprintf(p->keys, sizeof p->keys, "end of the lesson   b back  q quit  %s", view_keys);
    } else {
        snprintf(p->keys, sizeof p->keys, "%s  b back  q quit  %s", p->page < p->npages - 1 ? "enter more" : "enter next", view_keys);
    }
    if (p->replay && !p->running && !(p->kind == STOP_END && p->page >= p->npages - 1)) {
        char tmp[256];
        double left = dwell(p) - (screen_clock(p->sc) - p->since);
        if (p->hold) snprintf(tmp, sizeof tmp, "replay HELD (space: go on)  %s", p->keys);
        else snprintf(tmp, sizeof tmp, "replay: on in %.0fs%s  %s", left > 0 ? left + 0.49 : 0,
                      screen_is_virtual(p->sc) ? "" : " (space: hold)", p->keys);   /* a cast has no keys */
        snprintf(p->keys, sizeof p->keys, "%s", tmp);
    }
    p->pane.title = p->L->title;
    p->pane.step = p->stepbuf;
    p->pane.text = p->text;
    p->pane.keys = p->keys;
    p->st.lesson = &p->pane;
}

static void apply_focus(Player *p)
{
    if (p->eng.panel != p->applied_panel) {   /* a `panel` line: the first chart slot follows */
        p->applied_panel = p->eng.panel;
        p->st.panel = (Panel)p->eng.panel;
        if (p->st.projector) p->st.proj_view = p->eng.panel;
    }
    if (p->eng.focus == p->applied_focus) return;
    p->applied_focus = p->eng.focus;
    int idx = -1;
    const Snapshot *s = trainer_lock(p->tr);
    for (int i = 0; i < s->nruns; i++)
        if (s->setup[i] == p->eng.focus) idx = i;
    trainer_unlock(p->tr);
    p->st.focus = idx;
}

static void draw(Player *p, int force)
{
    const Snapshot *s = trainer_lock(p->tr);
    long ver = s->version;
    trainer_unlock(p->tr);
    if (!force && !p->dirty && ver == p->drawn_version && !p->replay) return;
    apply_focus(p);
    compose(p);
    screen_draw(p->sc, p->tr, &p->st);
    p->drawn_version = ver;
    p->dirty = 0;
}

static int view_key(Player *p, int key)
{
    const Setup *setups[SETUPS_MAX];
    const Snapshot *s = trainer_lock(p->tr);
    int nruns = s->nruns;
    memcpy(setups, s->setup, sizeof setups);
    trainer_unlock(p->tr);
    if (key == K_RESIZE) return 1;
    /* the dashboard keys that do not change training (the lesson drives training); a set-up's
     * key focuses it */
    int focus_key = key == '0';
    for (int i = 0; i < nruns; i++) focus_key |= key == setups[i]->key;
    if (key == '\t' || key == 's' || key == 'g' || key == '?' || key == LK_ESC || key == '+' || key == '=' || key == '-' ||
        key == '_' || key == 'p' || focus_key)
        return screen_common_key(p->tr, &p->st, setups, nruns, key);
    return 0;
}

static int is_back(int key) { return key == 'b' || key == K_LEFT || key == K_BACKSPACE || key == 127 || key == 8 || key == K_PPAGE; }
static int is_next(int key)
{
    return key == '\r' || key == '\n' || key == K_ENTER || key == ' ' || key == 'n' || key == K_RIGHT || key == K_NPAGE;
}

/* The engine's wait callback: draw, read keys, answer quit/back. */
static int pump(void *ctx)
{
    Player *p = ctx;
    draw(p, 0);
    int key = screen_key(p->sc, FRAME_MS);
    while (key != -1) {
        if (key == 'q' || key == 'Q') return ENGINE_QUIT;
        if (is_back(key)) return ENGINE_BACK;
        if (key == 'x') p->show_expect = !p->show_expect, p->dirty = 1;
        else if (view_key(p, key)) p->dirty = 1;
        key = screen_key(p->sc, 0);
    }
    return ENGINE_GO;
}

/* Runs the engine toward the next stop (or seeks) and settles at the stop it reaches. */
static int drive(Player *p, int seek_to)
{
    int rc;
    for (;;) {
        p->running = 1;
        p->answered = QUIZ_OPEN;
        p->page = 0;
        if (seek_to > 0) {
            p->target = seek_to;
            /* going back: the same steps again, at full speed, the target's narration shown */
            const Snapshot *s = trainer_lock(p->tr);
            int was = s->speed;
            trainer_unlock(p->tr);
            if (!p->seeking) p->speed_before = was;
            p->seeking = 1;
            p->dirty = 1;
            trainer_set_speed(p->tr, SPEED_MAX);
            rc = engine_seek(&p->eng, seek_to);
            p->seeking = 0;
            trainer_set_speed(p->tr, p->speed_before);
        } else {
            p->target = p->eng.stop + 1;
            rc = engine_next(&p->eng);
        }
        if (rc == ENGINE_BACK) {
            seek_to = p->target - 1 >= 1 ? p->target - 1 : 1;
            continue;
        }
        break;
    }
    p->running = 0;
    p->kind = rc;
    p->page = 0;
    p->since = screen_clock(p->sc);
    p->dirty = 1;
    char mark[64];   /* a chapter in a recording */
    snprintf(mark, sizeof mark, "step %d of %d", p->eng.stop < 1 ? 1 : p->eng.stop, p->L->nstops);
    screen_marker(p->sc, mark);
    return rc;
}

static int run_screen(const Lesson *L, const LessonOpts *o)
{
    char err[512];
    Config first;
    engine_initial_config(L, &o->cfg, &first);
    first.epochs = 1000000;
    if (first.eval_every == 0) first.eval_every = -1;   /* the screen's schedule: dense early */
    Player *p = xcalloc(1, sizeof *p);
    p->L = L;
    p->replay = !strcmp(o->cmd, "replay");
    p->pace = o->pace > 0 ? o->pace : 4.0;
    p->loop = p->replay && o->cfg.loop;
    p->tr = trainer_start(&first, 1, err, sizeof err);
    if (!p->tr) {
        tt_msg(stderr, "%s: the run cannot start: %s", L->path, err);
        free(p);
        return 2;
    }
    /* replay --cast: rendered without a terminal, on a virtual clock */
    int render = p->replay && o->cfg.cast[0];
    if (render) trainer_set_virtual(p->tr, 1);
    if (o->speed) trainer_set_speed(p->tr, o->speed);   /* --speed: the pace between stops */
    if (record_open(&p->rec, &o->cfg, L->title, err, sizeof err)) {
        trainer_stop(p->tr);
        free(p);
        fprintf(stderr, "losslab: %s\n", err);
        return 2;
    }
    p->sc = render ? screen_open_virtual(o->cfg.size_w, o->cfg.size_h, o->ascii) : screen_open(o->ascii, err, sizeof err);
    if (!p->sc) {
        record_close(&p->rec, p->tr, 0);
        trainer_stop(p->tr);
        free(p);
        tt_msg(stderr, "%s (a transcript: losslab lesson FILE --headless)", err);
        return 2;
    }
    screen_set_cast(p->sc, p->rec.cast);
    p->ascii = screen_glyph_mode(p->sc) == GLYPH_ASCII;
    p->st.mode = screen_glyph_mode(p->sc);
    p->st.focus = -1;
    p->st.panel = PANEL_LOSS;
    p->st.projector = o->cfg.projector;
    p->st.flash = p->rec.flash;
    p->applied_focus = NULL;
    p->drawn_version = -1;
    engine_init_screen(&p->eng, L, &o->cfg, p->tr, pump, p, p->ascii);
    int rc = drive(p, 0);
    int exit_code = 0;
    while (rc != ENGINE_QUIT) {
        if (rc == STOP_ERROR) {
            exit_code = 2;
            break;
        }
        draw(p, 0);
        int key = screen_key(p->sc, FRAME_MS);
        Act act = ACT_NONE;
        if (p->replay && !p->hold && key == -1 && screen_clock(p->sc) - p->since >= dwell(p)) {
            if (p->page < p->npages - 1) {
                p->page++;
                p->since = screen_clock(p->sc);
                p->dirty = 1;
            } else if (p->kind == STOP_QUIZ && (p->answered == QUIZ_OPEN || p->answered == QUIZ_WRONG)) {
                p->answered = QUIZ_REVEALED;
                p->page = 0;
                p->since = screen_clock(p->sc);
                p->dirty = 1;
            } else if (p->kind != STOP_END) {
                act = ACT_NEXT;
            } else if (render) {
                break;   /* the last page has had its time: the recording ends */
            } else if (p->loop) {
                act = ACT_RESTART;   /* a kiosk: from the top */
            }
        }
        while (key != -1 && !act) {
            if (key == 'q' || key == 'Q') {
                rc = ENGINE_QUIT;
                break;
            }
            const LessonStep *q = p->kind == STOP_QUIZ ? &L->steps[p->eng.quiz_step] : NULL;
            if (key == 'x') {
                p->show_expect = !p->show_expect;
                p->dirty = 1;
            } else if (q && (p->answered == QUIZ_OPEN || p->answered == QUIZ_WRONG) && p->page >= p->npages - 1 &&
                       key < 128 && choice_of(q, (char)key)) {
                /* an answer counts only once the question is on the screen (the last page) */
                int right = engine_answer(&p->eng, p->eng.quiz_step, (char)key);
                p->answered = q->predict || right ? QUIZ_CHOSEN : QUIZ_WRONG;
                p->chosen = (char)key;
                p->page = 0;
                p->since = screen_clock(p->sc);
                p->dirty = 1;
            } else if (p->replay && key == ' ') {
                p->hold = !p->hold;
                p->since = screen_clock(p->sc);
                p->dirty = 1;
            } else if (is_next(key)) {
                if (p->page < p->npages - 1) {
                    p->page++;
                    p->since = screen_clock(p->sc);
                    p->dirty = 1;
                } else if (q && p->answered == QUIZ_WRONG) {
                    p->answered = QUIZ_REVEALED;   /* enter after a wrong pick: the answer */
                    p->page = 0;
                    p->dirty = 1;
                } else if (q && p->answered == QUIZ_OPEN) {
                    /* a quiz waits for an answer */
                } else if (p->kind != STOP_END) {
                    act = ACT_NEXT;
                }
            } else if (is_back(key)) {
                if (p->page > 0) {
                    p->page--;
                    p->since = screen_clock(p->sc);
                    p->dirty = 1;
                } else {
                    act = ACT_BACK;
                }
            } else if (key == 'v') {
                record_svg(&p->rec, p->tr);
                p->dirty = 1;
            } else if (view_key(p, key)) {
                p->dirty = 1;
            }
            if (!act) key = screen_key(p->sc, 0);
        }
        if (rc == ENGINE_QUIT) break;
        if (act == ACT_RESTART) rc = drive(p, 1);
        else if (act == ACT_NEXT) rc = drive(p, 0);
        else if (act == ACT_BACK) rc = drive(p, p->eng.stop > 1 ? p->eng.stop - 1 : 1);
    }
    /* the files are kept unless the lesson failed or a signal cut it short */
    int interrupted = screen_interrupted(p->sc);
    int keep = exit_code == 0 && !interrupted;
    screen_close(p->sc);
    if (exit_code == 2) tt_msg(stderr, "%s", p->eng.err);
    else if (render && interrupted) exit_code = 130;
    else if (render) tt_msg(stdout, "replayed '%s' (%d steps)", L->title, L->nstops);
    else tt_msg(stdout, "left '%s' at step %d of %d", L->title, p->eng.stop < 1 ? 1 : p->eng.stop, L->nstops);
    if (record_close(&p->rec, p->tr, keep) && exit_code == 0) exit_code = 1;
    engine_free(&p->eng);
    trainer_stop(p->tr);
    free(p->text);
    free(p);
    return exit_code;
}

/* ---- entry ------------------------------------------------------------------------------------ */

int lesson_main(const LessonOpts *o)
{
    if (!strcmp(o->cmd, "lessons")) return cmd_list();
    char *path = resolve(o->file);
    if (!path) {
        tt_msg(stderr, "%s: no such lesson file or lesson name (see: losslab lessons)", o->file);
        return 2;
    }
    Lesson L;
    LessonErrors errs = { 0 };
    if (lesson_load(path, &o->cfg, &L, &errs)) {
        /* one error: its line alone; several: each, then one line counting them */
        for (int i = 0; i < errs.n; i++) {
            tt_fputs(errs.msgs[i], stderr);
            fputc('\n', stderr);
        }
        if (errs.n > 1) tt_msg(stderr, "%d errors in %s; the lesson did not run", errs.n, path);
        lesson_errors_free(&errs);
        free(path);
        return 2;
    }
    if (o->cfg.svg[0] && strcmp(o->cfg.svg, "-")) {   /* an unwritable --svg: before anything runs */
        AtomicFile probe;
        char err[1200];
        if (atomic_open(&probe, o->cfg.svg, err, sizeof err)) {
            fprintf(stderr, "losslab: --svg: %s\n", err);
            lesson_free(&L);
            free(path);
            return 2;
        }
        atomic_abort(&probe);
    }
    int rc = o->headless ? run_headless(&L, &o->cfg) : run_screen(&L, o);
    lesson_free(&L);
    free(path);
    return rc;
}
