/* chart_demo — renders sample charts to stdout so the rasteriser can be looked at by eye, and
 * times a full 200x60 screen of charts. Not part of losslab; built by hand:
 *   cc -std=c11 -O2 -Isrc -o build/chart_demo tools/chart_demo.c src/ui/grid.c src/ui/chart.c \
 *      src/base/xalloc.c -lm
 *   build/chart_demo [--color] [ascii|block|braille|all]   sample renders
 *   build/chart_demo bench                                   render time of a 200x60 grid */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ui/chart.h"

#define N 400

static double xs[N], bce[N], cce1[N], cce2[N], raw[N];

static void make_data(void)
{
    unsigned s = 12345;
    for (int i = 0; i < N; i++) {
        s = s * 1103515245u + 12345u;
        double noise = ((s >> 16) & 0x7FFF) / 32768.0 - 0.5;
        xs[i] = i * 5;
        bce[i] = 0.30 + 0.40 * exp(-i / 60.0);                 /* share of class 1, learning */
        cce1[i] = 0.74 + 0.02 * sin(i / 9.0);                  /* collapsed onto the majority */
        cce2[i] = 0.26 + 0.45 * exp(-i / 25.0) * cos(i / 12.0) + 0.04 * noise;
        raw[i] = cce2[i] + 0.08 * noise;
    }
    cce2[150] = NAN;                                          /* a gap */
}

static const char *sgr(uint8_t color, uint8_t attr)
{
    static char buf[32];
    static const int fg[COL_COUNT] = { 39, 90, 32, 31, 33, 36, 35, 34, 33, 35, 32, 31 };
    snprintf(buf, sizeof buf, "\x1b[0;%s%dm", (attr & ATTR_BOLD) ? "1;" : (attr & ATTR_DIM) ? "2;" : "",
             fg[color < COL_COUNT ? color : 0]);
    return buf;
}

static void print_grid(const Grid *g, int color)
{
    if (!color) {
        char *t = grid_to_text(g);
        fputs(t, stdout);
        free(t);
        return;
    }
    for (int y = 0; y < g->h; y++) {
        for (int x = 0; x < g->w; x++) {
            const Cell *c = &g->cells[y * g->w + x];
            char u[5];
            utf8_encode(c->ch, u);
            printf("%s%s", sgr(c->color, c->attr), u);
        }
        printf("\x1b[0m\n");
    }
}

static void sample(GlyphMode mode, int color)
{
    Grid g;
    grid_init(&g, 60, 12);
    /* the collapse gauge: share of predictions that are class 1, three set-ups, base rates */
    ChartSpec spec = { .title = "share of class 1", .mode = mode, .yfmt = YFMT_PCT, .legend = true,
                       .fixed_y = true, .ymin = 0, .ymax = 1 };
    ChartSeries s[3] = {
        { xs, bce, N, COL_SETUP0 + 0, 'b', "bce", false },
        { xs, cce1, N, COL_SETUP0 + 1, '1', "cce1", false },
        { xs, cce2, N, COL_SETUP0 + 2, '2', "cce2", false },
    };
    ChartHLine hl[2] = { { 0.26, "26%" }, { 0.74, "74%" } };
    ChartVLine vl[1] = { { 1000, "lr x0.5" } };
    chart_draw(&g, 0, 0, 60, 12, &spec, s, 3, hl, 2, vl, 1);
    print_grid(&g, color);

    /* a loss chart: log y, a faint raw line behind its smoothed version */
    static double lraw[N], lsm[N], l1[N];
    for (int i = 0; i < N; i++) {
        lraw[i] = 0.69 * exp(-i / 80.0) + 0.02 + 0.03 * fabs(raw[i] - cce2[i] + 0.001 * (i % 7));
        l1[i] = 0.57 + 0.01 * sin(i / 5.0);
    }
    smooth_ema(lraw, lsm, N, 0.9);
    ChartSpec ls = { .title = "loss (log)", .mode = mode, .log_y = true, .legend = true };
    ChartSeries ser[3] = {
        { xs, lraw, N, COL_DIM, '.', NULL, true },
        { xs, lsm, N, COL_SETUP0 + 0, 'b', "bce", false },
        { xs, l1, N, COL_SETUP0 + 1, '1', "cce1", false },
    };
    chart_draw(&g, 0, 0, 60, 12, &ls, ser, 3, NULL, 0, vl, 1);
    print_grid(&g, color);
    grid_free(&g);
}

static void extras(GlyphMode mode, int color)
{
    Grid g;
    grid_init(&g, 60, 8);
    long counts[20];
    for (int i = 0; i < 20; i++) counts[i] = (long)(1000 * (exp(-(i - 4) * (i - 4) / 6.0) + 0.6 * exp(-(i - 15) * (i - 15) / 4.0)));
    chart_histogram(&g, 0, 0, 28, 6, counts, 20, mode, COL_SETUP0);
    const long cm[2][2] = { { 740, 260 }, { 100, 900 } };
    chart_confusion(&g, 31, 0, cm, COL_GOOD);
    chart_share_bar(&g, 31, 5, 24, 0.26, mode, COL_SETUP0 + 1);
    chart_share_bar(&g, 31, 6, 24, 1.0, mode, COL_SETUP0 + 1);
    chart_share_bar(&g, 31, 7, 24, 0.0, mode, COL_SETUP0 + 1);
    print_grid(&g, color);
    grid_free(&g);
}

static double now(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* A 200x60 screen: 3 columns x 4 rows of charts, each with 5 set-ups plus a faint raw line
 * of 2000 samples, two base-rate lines and a marker. */
static void bench(void)
{
    enum { M = 2000, SER = 6 };
    static double bx[M], by[SER][M];
    for (int i = 0; i < M; i++) {
        bx[i] = i;
        for (int k = 0; k < SER; k++) by[k][i] = 0.3 + 0.4 * exp(-i / (100.0 + 50 * k)) + 0.02 * sin(i * 0.7 + k);
    }
    ChartSeries s[SER];
    for (int k = 0; k < SER; k++)
        s[k] = (ChartSeries){ bx, by[k], M, (uint8_t)(COL_SETUP0 + k % 5), (char)('0' + k), "set", k == 0 };
    ChartHLine hl[2] = { { 0.26, "26%" }, { 0.74, "74%" } };
    ChartVLine vl[1] = { { 1000, "lr x0.5" } };
    Grid g;
    grid_init(&g, 200, 60);
    for (int mode = 0; mode < 3; mode++) {
        ChartSpec spec = { .title = "loss", .mode = (GlyphMode)mode, .legend = true };
        int reps = 200;
        double t0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
        for (int r = 0; r < reps; r++) {
            grid_clear(&g);
            for (int cy = 0; cy < 4; cy++)
                for (int cx = 0; cx < 3; cx++)
                    chart_draw(&g, cx * 66, cy * 15, 66, 15, &spec, s, SER, hl, 2, vl, 1);
        }
        double dt = (now(CLOCK_MONOTONIC) - t0) / reps, dc = (now(CLOCK_PROCESS_CPUTIME_ID) - c0) / reps;
        printf("%-7s 200x60, 12 charts x %d series x %d samples: %.3f ms CPU, %.3f ms wall per screen\n",
               mode == 0 ? "braille" : mode == 1 ? "block" : "ascii", SER, M, dc * 1e3, dt * 1e3);
    }
    grid_free(&g);
}

int main(int argc, char **argv)
{
    int color = 0;
    const char *what = "all";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--color")) color = 1;
        else what = argv[i];
    }
    if (!strcmp(what, "bench")) {
        bench();
        return 0;
    }
    make_data();
    static const char *names[3] = { "braille", "block", "ascii" };
    for (int m = 0; m < 3; m++) {
        if (strcmp(what, "all") && strcmp(what, names[m])) continue;
        printf("== %s\n", names[m]);
        sample((GlyphMode)m, color);
        extras((GlyphMode)m, color);
    }
    return 0;
}
