/* cast — asciicast v2 from Grid frames. See cast.h. */
#include "ui/cast.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/atomic.h"
#include "base/xalloc.h"
#include "setup/setup.h"
#include "ui/palette.h"

struct Cast {
    AtomicFile af;
    char *title;
    int timestamp;
    int color;
    int page;              /* frames on the projector's white page (cast_set_page) */
    int ink[COL_COUNT], paper;   /* the page's xterm-256 colours (ui/palette.h), computed once */
    int repaint;           /* the page changed: the next frame is painted whole */
    int started;
    Grid prev;             /* the frame on the recorded terminal */
    double last_t;
    long events;
    char *buf;             /* the event's terminal text, before JSON escaping */
    size_t len, cap;
    int failed;
    char pending[128];     /* a marker set before the first frame */
    double t0;             /* the wall clock at cast_open, for cast_frame_now */
};

static double wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void put(Cast *c, const char *s, size_t n)
{
    if (c->len + n + 1 > c->cap) {
        size_t cap = c->cap ? c->cap : 4096;
        while (cap < c->len + n + 1) cap *= 2;
        c->buf = xrealloc(c->buf, cap);
        c->cap = cap;
    }
    memcpy(c->buf + c->len, s, n);
    c->len += n;
    c->buf[c->len] = '\0';
}

static void puts_(Cast *c, const char *s) { put(c, s, strlen(s)); }

/* A JSON string (RFC 8259): quotes, backslashes and control bytes escaped; UTF-8 as is. */
static void json_string(FILE *f, const char *s, size_t n)
{
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"' || ch == '\\') {
            fputc('\\', f);
            fputc(ch, f);
        } else if (ch == '\n') {
            fputs("\\n", f);
        } else if (ch == '\r') {
            fputs("\\r", f);
        } else if (ch < 0x20 || ch == 0x7F) {
            fprintf(f, "\\u%04x", ch);
        } else {
            fputc(ch, f);
        }
    }
    fputc('"', f);
}

Cast *cast_open(const char *path, const char *title, int timestamp, char *err, size_t errlen)
{
    Cast *c = xcalloc(1, sizeof *c);
    if (atomic_open(&c->af, path, err, errlen)) {
        free(c);
        return NULL;
    }
    c->title = xstrdup(title ? title : "losslab");
    c->timestamp = timestamp;
    const char *nc = getenv("NO_COLOR");
    c->color = !(nc && *nc);
    palette_page_xterm256(c->ink, &c->paper);
    c->t0 = wall_s();
    return c;
}

void cast_frame_now(Cast *c, const Grid *g) { cast_frame(c, g, wall_s() - c->t0); }

void cast_marker_now(Cast *c, const char *label) { cast_marker(c, wall_s() - c->t0, label); }

static void header(Cast *c, int w, int h)
{
    FILE *f = atomic_fp(&c->af);
    fprintf(f, "{\"version\": 2, \"width\": %d, \"height\": %d", w, h);
    if (c->timestamp) fprintf(f, ", \"timestamp\": %lld", (long long)time(NULL));
    fputs(", \"title\": ", f);
    json_string(f, c->title, strlen(c->title));
    fputs(", \"env\": {\"TERM\": \"xterm-256color\"}}\n", f);
}

static void event(Cast *c, double t, const char *type, const char *data, size_t n)
{
    FILE *f = atomic_fp(&c->af);
    fprintf(f, "[%.3f, \"%s\", ", t, type);
    json_string(f, data, n);
    fputs("]\n", f);
    c->events++;
    if (ferror(f)) c->failed = 1;
}

/* SGR for a cell: what screen.c shows (ui/palette.h), as ANSI codes */
static void sgr(Cast *c, uint8_t color, uint8_t attr)
{
    char s[64] = "\x1b[0";
    size_t n = strlen(s);
    int page = c->page && c->color;
    uint8_t a = palette_attr(color, attr, page);
    if (a & ATTR_BOLD) n += (size_t)snprintf(s + n, sizeof s - n, ";1");
    if (a & ATTR_DIM) n += (size_t)snprintf(s + n, sizeof s - n, ";2");
    if (a & ATTR_UNDERLINE) n += (size_t)snprintf(s + n, sizeof s - n, ";4");
    if (a & ATTR_REVERSE) n += (size_t)snprintf(s + n, sizeof s - n, ";7");
    if (page) {
        n += (size_t)snprintf(s + n, sizeof s - n, ";38;5;%d;48;5;%d", c->ink[color < COL_COUNT ? color : 0],
                              c->paper);
    } else if (c->color && palette_ansi(color) >= 0) {
        n += (size_t)snprintf(s + n, sizeof s - n, ";%d", 30 + palette_ansi(color));
    }
    snprintf(s + n, sizeof s - n, "m");
    puts_(c, s);
}

static int cell_eq(const Cell *a, const Cell *b) { return a->ch == b->ch && a->color == b->color && a->attr == b->attr; }

/* Appends row y of g to the buffer (cursor to its start, then every cell). */
static void row(Cast *c, const Grid *g, int y)
{
    char mv[24];
    snprintf(mv, sizeof mv, "\x1b[%d;1H", y + 1);
    puts_(c, mv);
    int have = 0;
    uint8_t col = 0, at = 0;
    for (int x = 0; x < g->w; x++) {
        const Cell *cl = &g->cells[(size_t)y * g->w + x];
        if (!have || cl->color != col || cl->attr != at) {
            sgr(c, cl->color, cl->attr);
            col = cl->color;
            at = cl->attr;
            have = 1;
        }
        char u[8];
        int n = utf8_encode(cl->ch ? cl->ch : ' ', u);
        put(c, u, (size_t)n);
    }
    puts_(c, "\x1b[0m");
}

static void full(Cast *c, const Grid *g)
{
    /* hide the cursor, no auto-wrap (the last cell must not scroll), clear */
    puts_(c, "\x1b[?25l\x1b[?7l\x1b[0m\x1b[H\x1b[2J");
    for (int y = 0; y < g->h; y++) row(c, g, y);
}

void cast_frame(Cast *c, const Grid *g, double t)
{
    if (c->failed || g->w < 1 || g->h < 1) return;
    if (t < c->last_t) t = c->last_t;
    c->len = 0;
    put(c, "", 0);
    if (!c->started) {
        header(c, g->w, g->h);
        c->started = 1;
        if (c->pending[0]) event(c, t, "m", c->pending, strlen(c->pending));
        grid_init(&c->prev, g->w, g->h);
        full(c, g);
    } else if (c->prev.w != g->w || c->prev.h != g->h) {
        char sz[32];
        snprintf(sz, sizeof sz, "%dx%d", g->w, g->h);
        event(c, t, "r", sz, strlen(sz));
        grid_resize(&c->prev, g->w, g->h);
        full(c, g);
    } else if (c->repaint) {
        full(c, g);
    } else {
        for (int y = 0; y < g->h; y++) {
            int same = 1;
            for (int x = 0; x < g->w && same; x++)
                same = cell_eq(&g->cells[(size_t)y * g->w + x], &c->prev.cells[(size_t)y * g->w + x]);
            if (!same) row(c, g, y);
        }
    }
    memcpy(c->prev.cells, g->cells, sizeof(Cell) * (size_t)g->w * (size_t)g->h);
    c->repaint = 0;
    if (c->len) {
        event(c, t, "o", c->buf, c->len);
        c->last_t = t;
    }
}

void cast_set_page(Cast *c, int page)
{
    if (!!page == c->page) return;
    c->page = !!page;
    c->repaint = 1;
}

void cast_marker(Cast *c, double t, const char *label)
{
    if (c->failed) return;
    if (!c->started) {   /* written after the header, at the first frame */
        snprintf(c->pending, sizeof c->pending, "%s", label);
        return;
    }
    if (t < c->last_t) t = c->last_t;
    event(c, t, "m", label, strlen(label));
    c->last_t = t;
}

static void cast_free(Cast *c)
{
    grid_free(&c->prev);
    free(c->buf);
    free(c->title);
    free(c);
}

int cast_close(Cast *c, char *err, size_t errlen)
{
    if (!c->started) {   /* no frame at all: an empty 80x24 screen, still a valid cast */
        Grid g;
        grid_init(&g, 80, 24);
        cast_frame(c, &g, 0);
        grid_free(&g);
    }
    c->len = 0;
    put(c, "", 0);
    full(c, &c->prev);
    char end[32];
    snprintf(end, sizeof end, "\x1b[%d;1H\x1b[?7h\x1b[?25h\r\n", c->prev.h);
    puts_(c, end);
    event(c, c->last_t, "o", c->buf, c->len);
    int rc = 0;
    if (c->failed) {
        snprintf(err, errlen, "writing the cast failed");
        atomic_abort(&c->af);
        rc = -1;
    } else {
        rc = atomic_commit(&c->af, err, errlen);
    }
    cast_free(c);
    return rc;
}

void cast_abort(Cast *c)
{
    if (!c) return;
    atomic_abort(&c->af);
    cast_free(c);
}

long cast_events(const Cast *c) { return c->events; }
double cast_duration(const Cast *c) { return c->last_t; }
