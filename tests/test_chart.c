/* test_chart — unit tests for the grid (UTF-8 text, boxes, text dump) and the chart rasteriser
 * (braille/block/ASCII line charts, axis labels, reference lines, clipping, smoothing, share
 * bar, histogram, confusion matrix). Pure: no ncurses, no terminal. Run from tests/. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/chart.h"
#include "ui/grid.h"

#define SENTINEL '@'
#define SENTINEL_COLOR 200

/* ---------------------------------------------------------------- helpers */

static void fill_sentinel(Grid *g)
{
    grid_fill(g, 0, 0, g->w, g->h, SENTINEL, SENTINEL_COLOR, 0);
}

static uint32_t ch_at(Grid *g, int x, int y)
{
    Cell *c = grid_at(g, x, y);
    assert_non_null(c);
    return c->ch;
}

/* Row y, columns [x, x + w), as UTF-8 into buf. */
static const char *row_str(Grid *g, int x, int y, int w, char *buf, size_t cap)
{
    size_t n = 0;
    for (int i = 0; i < w; i++) {
        char u[5];
        int k = utf8_encode(ch_at(g, x + i, y), u);
        assert_true(n + (size_t)k < cap);
        memcpy(buf + n, u, (size_t)k);
        n += (size_t)k;
    }
    buf[n] = 0;
    return buf;
}

static bool is_braille(uint32_t ch) { return ch >= 0x2800 && ch <= 0x28FF; }

typedef struct { int px, py, pw, ph; } Area;

static Area area_of(int x0, int y0, int w, int h)
{
    Area a;
    chart_plot_area(x0, y0, w, h, &a.px, &a.py, &a.pw, &a.ph);
    return a;
}

/* ---------------------------------------------------------------- braille_bars */

static void test_braille_bars_table(void **state)
{
    (void)state;
    assert_int_equal(braille_bars(4, 0), 0x2847);   /* ⡇ */
    assert_int_equal(braille_bars(1, 1), 0x28C0);   /* ⣀ */
    assert_int_equal(braille_bars(4, 4), 0x28FF);   /* ⣿ */
    assert_int_equal(braille_bars(0, 0), 0x2800);   /* documented: blank braille, not ' ' */
    assert_int_equal(braille_bars(0, 4), 0x28B8);   /* ⢸ */
    assert_int_equal(braille_bars(2, 3), 0x2800 + (0x44 | 0xB0));
    assert_int_equal(braille_bars(9, -3), 0x2847);  /* clamped */
}

/* ---------------------------------------------------------------- line charts */

static void test_ascii_rising_line_corners_and_continuous(void **state)
{
    (void)state;
    double y[10];
    for (int i = 0; i < 10; i++) y[i] = i;
    ChartSeries s = { NULL, y, 10, COL_SETUP0, 'r', "rise", false };
    ChartSpec spec = { .title = "rise", .mode = GLYPH_ASCII, .fixed_y = true, .ymin = 0, .ymax = 9 };
    Grid g;
    grid_init(&g, 50, 14);
    chart_draw(&g, 0, 0, 50, 14, &spec, &s, 1, NULL, 0, NULL, 0);
    Area a = area_of(0, 0, 50, 14);
    assert_int_equal(ch_at(&g, a.px, a.py + a.ph - 1), 'r');            /* bottom-left */
    assert_int_equal(ch_at(&g, a.px + a.pw - 1, a.py), 'r');            /* top-right */
    int prev_top = a.py + a.ph;                                         /* rows only go up */
    for (int c = a.px; c < a.px + a.pw; c++) {
        int top = -1, bottom = -1;
        for (int r = a.py; r < a.py + a.ph; r++)
            if (ch_at(&g, c, r) == 'r') { if (top < 0) top = r; bottom = r; }
        assert_true(top >= 0);                                          /* no empty column */
        assert_true(bottom <= prev_top);                                /* continuous, rising */
        prev_top = top;
    }
    assert_int_equal(grid_at(&g, a.px, a.py + a.ph - 1)->color, COL_SETUP0);
    grid_free(&g);
}

static void test_braille_plot_has_only_braille(void **state)
{
    (void)state;
    double y[200];
    for (int i = 0; i < 200; i++) y[i] = sin(i / 10.0) + 0.3 * cos(i / 3.0);
    ChartSeries s[2] = { { NULL, y, 200, COL_SETUP0, 'a', "a", false },
                         { NULL, y + 50, 150, COL_SETUP0 + 1, 'b', "b", false } };
    ChartSpec spec = { .title = "braille", .mode = GLYPH_BRAILLE };
    Grid g;
    grid_init(&g, 60, 12);
    chart_draw(&g, 0, 0, 60, 12, &spec, s, 2, NULL, 0, NULL, 0);
    Area a = area_of(0, 0, 60, 12);
    int braille = 0;
    for (int r = a.py; r < a.py + a.ph; r++)
        for (int c = a.px; c < a.px + a.pw; c++) {
            uint32_t ch = ch_at(&g, c, r);
            assert_true(ch == ' ' || is_braille(ch));
            braille += is_braille(ch);
        }
    assert_true(braille > a.pw);
    grid_free(&g);
}

static void test_block_plot_has_only_quadrants(void **state)
{
    (void)state;
    static const uint32_t ok[] = { ' ', 0x2598, 0x259D, 0x2580, 0x2596, 0x258C, 0x259E, 0x259B,
                                   0x2597, 0x259A, 0x2590, 0x259C, 0x2584, 0x2599, 0x259F, 0x2588 };
    double y[100];
    for (int i = 0; i < 100; i++) y[i] = sin(i / 8.0);
    ChartSeries s = { NULL, y, 100, COL_SETUP0, 'a', "a", false };
    ChartSpec spec = { .title = "block", .mode = GLYPH_BLOCK };
    Grid g;
    grid_init(&g, 40, 10);
    chart_draw(&g, 0, 0, 40, 10, &spec, &s, 1, NULL, 0, NULL, 0);
    Area a = area_of(0, 0, 40, 10);
    int drawn = 0;
    for (int r = a.py; r < a.py + a.ph; r++)
        for (int c = a.px; c < a.px + a.pw; c++) {
            uint32_t ch = ch_at(&g, c, r);
            bool found = false;
            for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) found |= ok[i] == ch;
            assert_true(found);
            drawn += ch != ' ';
        }
    assert_true(drawn >= a.pw);
    grid_free(&g);
}

static void test_constant_series_is_flat_inside_plot(void **state)
{
    (void)state;
    double y[50];
    for (int i = 0; i < 50; i++) y[i] = 0.5;
    for (int mode = 0; mode < 3; mode++) {
        ChartSeries s = { NULL, y, 50, COL_SETUP0, 'c', "c", false };
        ChartSpec spec = { .title = "const", .mode = (GlyphMode)mode };
        Grid g;
        grid_init(&g, 40, 12);
        chart_draw(&g, 0, 0, 40, 12, &spec, &s, 1, NULL, 0, NULL, 0);
        Area a = area_of(0, 0, 40, 12);
        int row = -1;
        for (int r = a.py; r < a.py + a.ph; r++)
            for (int c = a.px; c < a.px + a.pw; c++)
                if (ch_at(&g, c, r) != ' ') {
                    if (row < 0) row = r;
                    assert_int_equal(r, row);                  /* one row only: flat */
                }
        assert_true(row > a.py && row < a.py + a.ph - 1);     /* not on the top/bottom edge */
        for (int c = a.px; c < a.px + a.pw; c++) assert_true(ch_at(&g, c, row) != ' ');
        grid_free(&g);
    }
}

static void test_values_on_range_edges_are_visible(void **state)
{
    (void)state;
    double y[4] = { 0, 0, 1, 1 };
    ChartSeries s = { NULL, y, 4, COL_SETUP0, 'e', "e", false };
    ChartSpec spec = { .title = "edges", .mode = GLYPH_BRAILLE, .fixed_y = true, .ymin = 0, .ymax = 1 };
    Grid g;
    grid_init(&g, 30, 8);
    chart_draw(&g, 0, 0, 30, 8, &spec, &s, 1, NULL, 0, NULL, 0);
    Area a = area_of(0, 0, 30, 8);
    /* bottom-left cell has a bottom-row dot (0x40 left), top-right a top-row dot (0x08 right) */
    uint32_t bl = ch_at(&g, a.px, a.py + a.ph - 1), tr = ch_at(&g, a.px + a.pw - 1, a.py);
    assert_true(is_braille(bl) && ((bl - 0x2800) & 0x40));
    assert_true(is_braille(tr) && ((tr - 0x2800) & 0x08));
    grid_free(&g);
}

/* Text of the y-label columns of every plot row, concatenated with '|'. */
static void ylabels(Grid *g, Area a, char *out, size_t cap)
{
    out[0] = 0;
    char buf[64];
    for (int r = a.py; r < a.py + a.ph; r++) {
        row_str(g, 0, r, CHART_YLABEL_W, buf, sizeof buf);
        strncat(out, buf, cap - strlen(out) - 2);
        strcat(out, "|");
    }
}

static void test_y_labels_linear_and_pct(void **state)
{
    (void)state;
    double y[3] = { 0.2, 0.4, 0.6 };
    ChartSeries s = { NULL, y, 3, COL_SETUP0, 'a', "a", false };
    ChartSpec spec = { .title = "acc", .mode = GLYPH_BRAILLE, .fixed_y = true, .ymin = 0, .ymax = 1 };
    Grid g;
    grid_init(&g, 40, 12);
    Area a = area_of(0, 0, 40, 12);
    char labels[512], buf[64];
    chart_draw(&g, 0, 0, 40, 12, &spec, &s, 1, NULL, 0, NULL, 0);
    ylabels(&g, a, labels, sizeof labels);
    /* ph = 10 rows -> about 4 ticks -> step 0.5 */
    assert_string_equal(row_str(&g, 0, a.py, CHART_YLABEL_W, buf, sizeof buf), "   1.0");
    assert_string_equal(row_str(&g, 0, a.py + a.ph - 1, CHART_YLABEL_W, buf, sizeof buf), "   0.0");
    assert_non_null(strstr(labels, "0.5"));
    assert_null(strstr(labels, "%"));
    assert_int_equal(ch_at(&g, a.px - 1, a.py), 0x2524);                /* ┤ tick */

    spec.yfmt = YFMT_PCT;
    chart_draw(&g, 0, 0, 40, 12, &spec, &s, 1, NULL, 0, NULL, 0);
    ylabels(&g, a, labels, sizeof labels);
    assert_string_equal(row_str(&g, 0, a.py, CHART_YLABEL_W, buf, sizeof buf), "  100%");
    assert_string_equal(row_str(&g, 0, a.py + a.ph - 1, CHART_YLABEL_W, buf, sizeof buf), "    0%");
    assert_non_null(strstr(labels, "50%"));

    /* auto range from the data: 0.62 .. 0.70 loss values -> labels with 2 decimals */
    double loss[3] = { 0.70, 0.66, 0.62 };
    ChartSeries s2 = { NULL, loss, 3, COL_SETUP0, 'l', "l", false };
    ChartSpec spec2 = { .title = "loss", .mode = GLYPH_ASCII };
    chart_draw(&g, 0, 0, 40, 12, &spec2, &s2, 1, NULL, 0, NULL, 0);
    ylabels(&g, a, labels, sizeof labels);
    assert_non_null(strstr(labels, "0.70"));
    assert_non_null(strstr(labels, "0.64"));
    grid_free(&g);
}

static void test_log_y_labels(void **state)
{
    (void)state;
    double y[5] = { 1, 0.1, 0.01, 1e-3, 1e-4 };
    ChartSeries s = { NULL, y, 5, COL_SETUP0, 'l', "l", false };
    ChartSpec spec = { .title = "loss", .mode = GLYPH_BRAILLE, .log_y = true };
    Grid g;
    grid_init(&g, 40, 16);
    Area a = area_of(0, 0, 40, 16);
    char labels[512];
    chart_draw(&g, 0, 0, 40, 16, &spec, &s, 1, NULL, 0, NULL, 0);
    ylabels(&g, a, labels, sizeof labels);
    assert_non_null(strstr(labels, "1e-4"));
    assert_non_null(strstr(labels, "0.01"));
    assert_non_null(strstr(labels, "     1|"));
    /* decades are evenly spaced on a log axis: the curve 1, 0.1, ... is a straight line, so
     * every plot column has a dot (and the label of 1e-4 sits on the bottom row) */
    char buf[64];
    assert_string_equal(row_str(&g, 0, a.py + a.ph - 1, CHART_YLABEL_W, buf, sizeof buf), "  1e-4");

    /* percentages on a log axis: 1e-3 .. 1 of class 1 is 0.1% .. 100% */
    double share[4] = { 1, 0.1, 0.01, 1e-3 };
    ChartSeries sp = { NULL, share, 4, COL_SETUP0, 's', "s", false };
    ChartSpec pspec = { .title = "share", .mode = GLYPH_BRAILLE, .log_y = true, .yfmt = YFMT_PCT,
                        .fixed_y = true, .ymin = 1e-3, .ymax = 1 };
    chart_draw(&g, 0, 0, 40, 16, &pspec, &sp, 1, NULL, 0, NULL, 0);
    assert_string_equal(row_str(&g, 0, a.py, CHART_YLABEL_W, buf, sizeof buf), "  100%");
    assert_string_equal(row_str(&g, 0, a.py + a.ph - 1, CHART_YLABEL_W, buf, sizeof buf), "  0.1%");

    /* non-positive values are clamped to the smallest positive, not dropped */
    double z[4] = { 1, 0.01, 0, -5 };
    ChartSeries s2 = { NULL, z, 4, COL_SETUP0, 'z', "z", false };
    chart_draw(&g, 0, 0, 40, 16, &spec, &s2, 1, NULL, 0, NULL, 0);
    int dots = 0;
    for (int c = a.px; c < a.px + a.pw; c++) dots += ch_at(&g, c, a.py + a.ph - 1) != ' ';
    assert_true(dots >= a.pw / 3);                      /* 0.01, 0, -5 share the bottom row */
    grid_free(&g);
}

static void test_hline_dashed_with_label(void **state)
{
    (void)state;
    double y[2] = { 0.9, 0.9 };
    ChartSeries s = { NULL, y, 2, COL_SETUP0, 'a', "a", false };
    ChartHLine hl[1] = { { 0.26, "base" } };
    ChartSpec spec = { .title = "share", .mode = GLYPH_ASCII, .yfmt = YFMT_PCT, .fixed_y = true,
                       .ymin = 0, .ymax = 1 };
    Grid g;
    grid_init(&g, 40, 12);
    Area a = area_of(0, 0, 40, 12);
    chart_draw(&g, 0, 0, 40, 12, &spec, &s, 1, hl, 1, NULL, 0);
    int row = -1;
    for (int r = a.py; r < a.py + a.ph; r++)
        if (ch_at(&g, a.px, r) == '-') row = r;
    assert_true(row >= 0);
    assert_int_equal(row, a.py + a.ph - 1 - (int)floor(0.26 * (a.ph - 1) + 0.5));
    assert_int_equal(ch_at(&g, a.px + 1, row), ' ');                    /* dashed */
    assert_int_equal(ch_at(&g, a.px + 2, row), '-');
    assert_int_equal(grid_at(&g, a.px, row)->color, COL_REF);
    char buf[128];
    row_str(&g, a.px, row, a.pw, buf, sizeof buf);
    assert_string_equal(buf + strlen(buf) - 5, " base");               /* label at the right */

    spec.mode = GLYPH_BRAILLE;
    chart_draw(&g, 0, 0, 40, 12, &spec, &s, 1, hl, 1, NULL, 0);
    int dashes = 0;
    for (int c = a.px; c < a.px + a.pw; c++) dashes += ch_at(&g, c, row) == 0x254C;
    assert_true(dashes >= a.pw - 6);
    row_str(&g, a.px, row, a.pw, buf, sizeof buf);
    assert_string_equal(buf + strlen(buf) - 5, " base");

    /* data sitting exactly on the line (a collapsed set-up on its base rate) keeps its cells;
     * the label moves to the row above */
    double on[2] = { 0.26, 0.26 };
    ChartSeries s2 = { NULL, on, 2, COL_SETUP0, 'a', "a", false };
    spec.mode = GLYPH_ASCII;
    chart_draw(&g, 0, 0, 40, 12, &spec, &s2, 1, hl, 1, NULL, 0);
    for (int c = a.px; c < a.px + a.pw; c++) assert_int_equal(ch_at(&g, c, row), 'a');
    row_str(&g, a.px, row - 1, a.pw, buf, sizeof buf);
    assert_string_equal(buf + strlen(buf) - 5, " base");
    assert_int_equal(grid_at(&g, a.px + a.pw - 1, row - 1)->color, COL_REF);
    grid_free(&g);
}

/* issue 10, defect 6: a CJK marker label near the plot's right edge is measured in columns: it
 * stays inside the plot and never covers the cell to the right of it (the next chart's axis). */
static void test_vline_wide_label_stays_inside(void **state)
{
    (void)state;
    double x[2] = { 0, 100 }, y[2] = { 0.1, 0.2 };
    ChartSeries s = { x, y, 2, COL_SETUP0, 'a', "a", false };
    ChartVLine vl[1] = { { 90, "\xe6\xa0\x87\xe8\xae\xb0\xe6\xa0\x87\xe8\xae\xb0" } };   /* 标记标记: 8 columns */
    ChartSpec spec = { .title = "loss", .mode = GLYPH_ASCII, .fixed_y = true, .ymin = 0, .ymax = 1 };
    Grid g;
    grid_init(&g, 41, 12);
    Area a = area_of(0, 0, 40, 12);
    grid_put(&g, 40, a.py, '|', 0, 0);                   /* the neighbour's axis */
    chart_draw(&g, 0, 0, 40, 12, &spec, &s, 1, NULL, 0, vl, 1);
    assert_int_equal(ch_at(&g, 40, a.py), '|');
    int found = 0;
    for (int c = a.px; c < a.px + a.pw; c++) found |= ch_at(&g, c, a.py) == 0x6807;
    assert_true(found);
    /* no half glyph: every wide glyph in the row is followed by its GRID_CONT */
    for (int c = 0; c < 40; c++)
        if (ch_at(&g, c, a.py) == 0x6807 || ch_at(&g, c, a.py) == 0x8BB0) assert_int_equal(ch_at(&g, c + 1, a.py), GRID_CONT);
    grid_free(&g);
}

static void test_vline_marker_and_label(void **state)
{
    (void)state;
    double x[2] = { 0, 100 }, y[2] = { 0.1, 0.2 };
    ChartSeries s = { x, y, 2, COL_SETUP0, 'a', "a", false };
    ChartVLine vl[1] = { { 50, "lr x0.5" } };
    ChartSpec spec = { .title = "loss", .mode = GLYPH_ASCII, .fixed_y = true, .ymin = 0, .ymax = 1 };
    Grid g;
    grid_init(&g, 50, 12);
    Area a = area_of(0, 0, 50, 12);
    chart_draw(&g, 0, 0, 50, 12, &spec, &s, 1, NULL, 0, vl, 1);
    char buf[256];
    row_str(&g, a.px, a.py, a.pw, buf, sizeof buf);
    assert_non_null(strstr(buf, ":lr x0.5"));
    int col = a.px + (int)floor(0.5 * (a.pw - 1) + 0.5);
    assert_int_equal(ch_at(&g, col, a.py), ':');
    assert_int_equal(ch_at(&g, col, a.py + 3), ':');
    assert_int_equal(grid_at(&g, col + 1, a.py)->color, COL_REF);

    /* a marker at the right edge puts its label on the left */
    vl[0].x = 100;
    chart_draw(&g, 0, 0, 50, 12, &spec, &s, 1, NULL, 0, vl, 1);
    row_str(&g, a.px, a.py, a.pw, buf, sizeof buf);
    assert_non_null(strstr(buf, "lr x0.5:"));
    grid_free(&g);
}

static void test_nan_leaves_gap(void **state)
{
    (void)state;
    double y[20];
    for (int i = 0; i < 20; i++) y[i] = 0.5;
    ChartSeries s = { NULL, y, 20, COL_SETUP0, 'n', "n", false };
    ChartSpec spec = { .title = "gap", .mode = GLYPH_ASCII, .fixed_y = true, .ymin = 0, .ymax = 1 };
    Grid g;
    grid_init(&g, 47, 10);               /* pw = 40: samples about 2 columns apart */
    Area a = area_of(0, 0, 47, 10);
    int row = a.py + a.ph - 1 - (int)floor(0.5 * (a.ph - 1) + 0.5);
    chart_draw(&g, 0, 0, 47, 10, &spec, &s, 1, NULL, 0, NULL, 0);
    for (int c = a.px; c < a.px + a.pw; c++) assert_int_equal(ch_at(&g, c, row), 'n');  /* control */
    y[10] = NAN;
    chart_draw(&g, 0, 0, 47, 10, &spec, &s, 1, NULL, 0, NULL, 0);
    int c10 = a.px + (int)floor(10.0 / 19.0 * (a.pw - 1) + 0.5);
    assert_int_equal(ch_at(&g, c10, row), ' ');
    assert_int_equal(ch_at(&g, c10 - 1, row), ' ');
    assert_int_equal(ch_at(&g, a.px, row), 'n');
    assert_int_equal(ch_at(&g, a.px + a.pw - 1, row), 'n');
    y[10] = INFINITY;
    chart_draw(&g, 0, 0, 47, 10, &spec, &s, 1, NULL, 0, NULL, 0);
    assert_int_equal(ch_at(&g, c10, row), ' ');
    grid_free(&g);
}

/* Many samples per column: the column shows the whole span of its samples (the union of the
 * vertical joins), whichever order they come in. */
static void test_dense_series_fills_envelope(void **state)
{
    (void)state;
    double y[600];
    for (int i = 0; i < 600; i++) y[i] = (i % 2) ? 0.0 : 1.0;   /* starts high in each column */
    ChartSeries s = { NULL, y, 600, COL_SETUP0, 'd', "d", false };
    ChartSpec spec = { .title = "dense", .mode = GLYPH_ASCII, .fixed_y = true, .ymin = 0, .ymax = 1 };
    Grid g;
    grid_init(&g, 40, 10);
    chart_draw(&g, 0, 0, 40, 10, &spec, &s, 1, NULL, 0, NULL, 0);
    Area a = area_of(0, 0, 40, 10);
    for (int r = a.py; r < a.py + a.ph; r++)
        for (int c = a.px; c < a.px + a.pw; c++) assert_int_equal(ch_at(&g, c, r), 'd');
    for (int i = 0; i < 600; i++) y[i] = 0.5 + 0.001 * (i % 3) - ((i / 3) % 2 ? 0.4 : 0);
    spec.mode = GLYPH_BRAILLE;
    chart_draw(&g, 0, 0, 40, 10, &spec, &s, 1, NULL, 0, NULL, 0);
    int row_lo = a.py + a.ph - 1 - (int)((0.1 * (4 * a.ph - 1) + 0.5) / 4);
    int row_hi = a.py + a.ph - 1 - (int)((0.5 * (4 * a.ph - 1) + 0.5) / 4);
    for (int c = a.px; c < a.px + a.pw; c++)
        for (int r = row_hi; r <= row_lo; r++) assert_true(is_braille(ch_at(&g, c, r)));
    grid_free(&g);
}

static void test_legend_and_colour_order(void **state)
{
    (void)state;
    double y[2] = { 0.5, 0.5 };
    ChartSeries s[3] = {
        { NULL, y, 2, COL_SETUP0 + 0, 'b', "bce", false },
        { NULL, y, 2, COL_SETUP0 + 1, '1', "cce1", false },
        { NULL, y, 2, COL_DIM, '.', "raw", true },        /* faint: drawn first, no legend */
    };
    ChartSpec spec = { .title = "loss", .mode = GLYPH_BRAILLE, .legend = true };
    Grid g;
    grid_init(&g, 40, 8);
    chart_draw(&g, 0, 0, 40, 8, &spec, s, 3, NULL, 0, NULL, 0);
    char buf[256];
    row_str(&g, 0, 0, 40, buf, sizeof buf);
    assert_int_equal(strncmp(buf, "loss", 4), 0);
    assert_string_equal(buf + strlen(buf) - 13, "b bce  1 cce1");
    assert_null(strstr(buf, "raw"));
    assert_int_equal(grid_at(&g, 40 - 13, 0)->color, COL_SETUP0);
    assert_int_equal(grid_at(&g, 40 - 6, 0)->color, COL_SETUP0 + 1);
    /* all three share every cell: the last non-faint series owns the colour */
    Area a = area_of(0, 0, 40, 8);
    int row = -1;
    for (int r = a.py; r < a.py + a.ph; r++)
        if (ch_at(&g, a.px, r) != ' ') row = r;
    assert_true(row >= 0);
    assert_int_equal(grid_at(&g, a.px + 5, row)->color, COL_SETUP0 + 1);
    assert_int_equal(grid_at(&g, a.px + 5, row)->attr & ATTR_DIM, 0);

    /* a faint series on its own row is drawn dim in its colour */
    double lo[2] = { 0.1, 0.1 }, hi[2] = { 0.9, 0.9 };
    ChartSeries f[2] = { { NULL, hi, 2, COL_SETUP0, 'b', "bce", false },
                         { NULL, lo, 2, COL_DIM, '.', NULL, true } };
    spec.fixed_y = true;
    spec.ymin = 0;
    spec.ymax = 1;
    chart_draw(&g, 0, 0, 40, 8, &spec, f, 2, NULL, 0, NULL, 0);
    Cell *c = grid_at(&g, a.px + 3, a.py + a.ph - 1);
    assert_true(is_braille(c->ch));
    assert_int_equal(c->color, COL_DIM);
    assert_int_equal(c->attr & ATTR_DIM, ATTR_DIM);
    grid_free(&g);
}

static void test_nothing_written_outside_rect(void **state)
{
    (void)state;
    double y[300], x[300];
    for (int i = 0; i < 300; i++) {
        x[i] = i - 50;
        y[i] = (i % 7 == 0) ? 1e300 : (i % 11 == 0) ? -INFINITY : (i % 13 == 0) ? -1e300 : sin(i);
    }
    ChartSeries s[2] = { { x, y, 300, COL_SETUP0, 'a', "a-very-long-legend-label", false },
                         { NULL, y, 300, COL_SETUP0 + 1, 'b', "bb", true } };
    ChartHLine hl[3] = { { 0.5, "a label far too long to fit in this chart at all" },
                         { 1e9, "off" }, { -0.5, "lo" } };
    ChartVLine vl[3] = { { 0, "a long marker label that overflows" }, { 1e9, "off" }, { 249, "end" } };
    static const int rects[][4] = { { 10, 5, 40, 12 }, { 10, 5, 20, 5 }, { -5, -3, 30, 10 },
                                    { 65, 25, 30, 10 }, { 0, 0, 80, 30 } };
    for (int mode = 0; mode < 3; mode++)
        for (size_t k = 0; k < sizeof rects / sizeof rects[0]; k++) {
            int rx = rects[k][0], ry = rects[k][1], rw = rects[k][2], rh = rects[k][3];
            ChartSpec spec = { .title = "a title that is longer than the chart is wide ok",
                               .mode = (GlyphMode)mode, .legend = true, .log_y = k == 1,
                               .fixed_y = k == 0, .ymin = -0.2, .ymax = 0.3,
                               .xmin = k == 4 ? 0 : 1, .xmax = k == 4 ? 100 : 0 };
            Grid g;
            grid_init(&g, 80, 30);
            fill_sentinel(&g);
            chart_draw(&g, rx, ry, rw, rh, &spec, s, 2, hl, 3, vl, 3);
            int inside = 0;
            for (int yy = 0; yy < g.h; yy++)
                for (int xx = 0; xx < g.w; xx++) {
                    Cell *c = grid_at(&g, xx, yy);
                    bool in = xx >= rx && xx < rx + rw && yy >= ry && yy < ry + rh;
                    if (!in) {
                        assert_int_equal(c->ch, SENTINEL);
                        assert_int_equal(c->color, SENTINEL_COLOR);
                    } else {
                        inside += c->ch != SENTINEL;
                    }
                }
            assert_true(inside > 0);
            grid_free(&g);
        }
}

/* Degenerate and extreme inputs: no hang, no fault, no UB (run under SANITIZE=1), and the
 * rectangle is still respected. */
static void test_extreme_values(void **state)
{
    (void)state;
    static const double ys[][4] = {
        { 1e16, 1e16 + 2, 1e16 + 4, 1e16 },          /* span tiny relative to magnitude */
        { 1e308, -1e308, 1e308, -1e308 },            /* span overflows */
        { 1e-320, 2e-320, 0, 1e-320 },               /* denormals */
        { -1e-300, 1e-300, 0, 5e-301 },
    };
    static const double xs[][4] = {
        { 0, 1, 2, 3 }, { -1e308, 0, 1e308, 1e308 }, { 0, 1e-320, 2e-320, 3e-320 }, { 5, 5, 5, 5 },
    };
    for (int mode = 0; mode < 3; mode++)
        for (int k = 0; k < 4; k++)
            for (int lg = 0; lg < 2; lg++) {
                ChartSeries s = { xs[k], ys[k], 4, COL_SETUP0, 'x', "x", false };
                ChartHLine hl[1] = { { ys[k][1], "h" } };
                ChartVLine vl[1] = { { xs[k][1], "v" } };
                ChartSpec spec = { .title = "extreme", .mode = (GlyphMode)mode, .log_y = lg,
                                   .yfmt = k & 1 ? YFMT_PCT : YFMT_NUM, .legend = true };
                Grid g;
                grid_init(&g, 40, 14);
                fill_sentinel(&g);
                chart_draw(&g, 2, 2, 30, 10, &spec, &s, 1, hl, 1, vl, 1);
                for (int yy = 0; yy < g.h; yy++)
                    for (int xx = 0; xx < g.w; xx++)
                        if (xx < 2 || xx >= 32 || yy < 2 || yy >= 12)
                            assert_int_equal(ch_at(&g, xx, yy), SENTINEL);
                Area a = area_of(2, 2, 30, 10);
                assert_int_equal(ch_at(&g, a.px - 1, a.py + a.ph), mode == GLYPH_ASCII ? '+' : 0x2514);
                grid_free(&g);
            }
    /* a fixed range far narrower than the values' magnitude, and an inverted one */
    double y[2] = { 1e16, 1e16 };
    ChartSeries s = { NULL, y, 2, COL_SETUP0, 'x', "x", false };
    ChartSpec spec = { .title = "fixed", .mode = GLYPH_ASCII, .fixed_y = true, .ymin = 1e16,
                       .ymax = 1e16 + 2, .xmin = 3, .xmax = 3 };
    Grid g;
    grid_init(&g, 30, 10);
    chart_draw(&g, 0, 0, 30, 10, &spec, &s, 1, NULL, 0, NULL, 0);
    spec.ymin = 1;
    spec.ymax = -1;
    chart_draw(&g, 0, 0, 30, 10, &spec, &s, 1, NULL, 0, NULL, 0);
    grid_free(&g);
}

static void test_tiny_rect_draws_nothing(void **state)
{
    (void)state;
    double y[3] = { 1, 2, 3 };
    ChartSeries s = { NULL, y, 3, COL_SETUP0, 'a', "a", false };
    ChartSpec spec = { .title = "t", .mode = GLYPH_ASCII, .legend = true };
    Grid g;
    grid_init(&g, 40, 20);
    fill_sentinel(&g);
    chart_draw(&g, 0, 0, 19, 10, &spec, &s, 1, NULL, 0, NULL, 0);
    chart_draw(&g, 0, 0, 30, 4, &spec, &s, 1, NULL, 0, NULL, 0);
    chart_draw(&g, 0, 0, 0, 0, &spec, &s, 1, NULL, 0, NULL, 0);
    chart_draw(&g, 0, 0, -5, 10, &spec, &s, 1, NULL, 0, NULL, 0);
    for (int i = 0; i < g.w * g.h; i++) assert_int_equal(g.cells[i].ch, SENTINEL);
    chart_draw(&g, 0, 0, 20, 5, &spec, &s, 1, NULL, 0, NULL, 0);  /* the minimum does draw */
    assert_int_equal(ch_at(&g, 0, 0), 't');
    grid_free(&g);
}

static void test_empty_and_null_series(void **state)
{
    (void)state;
    ChartSeries s[2] = { { NULL, NULL, 5, COL_SETUP0, 'a', "a", false },
                         { NULL, (const double[]){ NAN, NAN }, 2, COL_SETUP0, 'b', "b", false } };
    ChartSpec spec = { .title = "empty", .mode = GLYPH_BRAILLE };
    Grid g;
    grid_init(&g, 30, 8);
    chart_draw(&g, 0, 0, 30, 8, &spec, s, 2, NULL, 0, NULL, 0);
    chart_draw(&g, 0, 0, 30, 8, &spec, NULL, 0, NULL, 0, NULL, 0);
    Area a = area_of(0, 0, 30, 8);
    for (int r = a.py; r < a.py + a.ph; r++)
        for (int c = a.px; c < a.px + a.pw; c++) assert_int_equal(ch_at(&g, c, r), ' ');
    assert_int_equal(ch_at(&g, a.px - 1, a.py + a.ph), 0x2514);          /* axes still drawn */
    grid_free(&g);
}

static void test_x_axis_step_labels(void **state)
{
    (void)state;
    double x[2] = { 0, 2500 }, y[2] = { 1, 0 };
    ChartSeries s = { x, y, 2, COL_SETUP0, 'a', "a", false };
    ChartSpec spec = { .title = "loss", .mode = GLYPH_ASCII };
    Grid g;
    grid_init(&g, 47, 8);
    chart_draw(&g, 0, 0, 47, 8, &spec, &s, 1, NULL, 0, NULL, 0);
    char buf[256];
    row_str(&g, 0, 7, 47, buf, sizeof buf);
    assert_int_equal(strncmp(buf, "      +0--", 10), 0);
    assert_non_null(strstr(buf, "-1.5k-"));             /* the round value nearest the middle */
    assert_string_equal(buf + strlen(buf) - 5, "-2.5k");
    grid_free(&g);
}

static void test_fmt_compact(void **state)
{
    (void)state;
    char b[32];
    static const struct { double v; const char *s; } cases[] = {
        { 0, "0" }, { 250, "250" }, { 1200, "1.2k" }, { 1000, "1k" }, { 12345, "12k" },
        { 999999, "1M" }, { 3.5e6, "3.5M" }, { 0.693, "0.693" }, { 0.5, "0.5" },
        { 1.5e-4, "1.5e-4" }, { -2500, "-2.5k" }, { 12.34, "12.3" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        chart_fmt_compact(b, sizeof b, cases[i].v);
        assert_string_equal(b, cases[i].s);
    }
    assert_int_equal(chart_fmt_compact(b, 3, 12345), 2);    /* truncated, terminated */
    assert_string_equal(b, "12");
}

/* ---------------------------------------------------------------- smoothing */

static void assert_close(double a, double b)
{
    if (fabs(a - b) > 1e-12 * (1 + fabs(b))) fail_msg("%.17g != %.17g", a, b);
}

static void test_smooth_ema(void **state)
{
    (void)state;
    double in[3] = { 1, 2, 3 }, out[3];
    smooth_ema(in, out, 3, 0.5);
    /* last: 0.5, 1.25, 2.125; debiased by 1 - 0.5^k: 0.5, 0.75, 0.875 */
    assert_close(out[0], 1.0);
    assert_close(out[1], 1.25 / 0.75);
    assert_close(out[2], 2.125 / 0.875);

    double gap[4] = { 1, NAN, 3, INFINITY }, g2[4];
    smooth_ema(gap, g2, 4, 0.5);
    assert_close(g2[0], 1.0);
    assert_true(isnan(g2[1]));
    assert_close(g2[2], (0.5 * 0.5 + 0.5 * 3) / 0.75);   /* k = 2: the NaN did not count */
    assert_true(isinf(g2[3]));

    double c[5] = { 0.1, 0.1, 0.1, 0.1, 0.1 };
    smooth_ema(c, c, 5, 0.9);                               /* aliasing allowed */
    for (int i = 0; i < 5; i++) assert_true(c[i] == 0.1); /* exactly unchanged */

    double id[3] = { 3, -1, 7 }, o2[3];
    smooth_ema(id, o2, 3, 0);
    for (int i = 0; i < 3; i++) assert_close(o2[i], id[i]);

    /* in place equals out of place */
    double a[6] = { 0.7, 0.6, 0.65, 0.5, NAN, 0.4 }, b[6];
    smooth_ema(a, b, 6, 0.6);
    smooth_ema(a, a, 6, 0.6);
    for (int i = 0; i < 6; i++) {
        if (isnan(b[i])) assert_true(isnan(a[i]));
        else assert_true(a[i] == b[i]);
    }
    smooth_ema(a, a, 0, 0.6);                               /* n = 0: nothing */
}

/* ---------------------------------------------------------------- grid */

static void test_grid_text_utf8(void **state)
{
    (void)state;
    Grid g;
    grid_init(&g, 10, 2);
    /* a é € 😀 z: the emoji is wide (two columns: the glyph, then GRID_CONT) */
    assert_int_equal(grid_text(&g, 0, 0, -1, "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z", 3, ATTR_BOLD), 6);
    assert_int_equal(ch_at(&g, 0, 0), 'a');
    assert_int_equal(ch_at(&g, 1, 0), 0xE9);     /* é */
    assert_int_equal(ch_at(&g, 2, 0), 0x20AC);   /* € */
    assert_int_equal(ch_at(&g, 3, 0), 0x1F600);
    assert_int_equal(ch_at(&g, 4, 0), GRID_CONT);
    assert_int_equal(ch_at(&g, 5, 0), 'z');
    assert_int_equal(grid_at(&g, 2, 0)->color, 3);
    assert_int_equal(grid_at(&g, 2, 0)->attr, ATTR_BOLD);
    assert_int_equal(ch_at(&g, 6, 0), ' ');

    /* clipping: max_w, the right edge, off-grid rows, negative x */
    assert_int_equal(grid_text(&g, 0, 1, 2, "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac", 0, 0), 2);
    assert_int_equal(ch_at(&g, 2, 1), ' ');
    assert_int_equal(grid_text(&g, 8, 1, -1, "xyz", 0, 0), 2);
    assert_int_equal(ch_at(&g, 9, 1), 'y');
    grid_text(&g, 0, 5, -1, "off", 0, 0);
    grid_text(&g, 0, -1, -1, "off", 0, 0);
    grid_text(&g, -2, 1, -1, "abcd", 0, 0);
    assert_int_equal(ch_at(&g, 0, 1), 'c');
    assert_int_equal(ch_at(&g, 1, 1), 'd');
    grid_free(&g);

    /* control and invalid bytes are shown escaped as \xNN, one escape per bad byte, and
     * decoding resynchronises */
    grid_init(&g, 40, 2);
    char buf[128];
    grid_text(&g, 0, 0, -1, "a\xff" "b\xe2\x82" "c\xc0\xaf", 0, 0);
    assert_string_equal(row_str(&g, 0, 0, 24, buf, sizeof buf), "a\\xffb\\xe2\\x82c\\xc0\\xaf ");
    grid_clear(&g);
    grid_text(&g, 0, 0, -1, "\xed\xa0\x80" "\x1b[" "\xc2\x9b", 0, 0);   /* surrogate, ESC, C1 CSI */
    assert_string_equal(row_str(&g, 0, 0, 40, buf, sizeof buf), "\\xed\\xa0\\x80\\x1b[\\xc2\\x9b               ");
    grid_clear(&g);
    grid_text(&g, 0, 0, -1, "\xf4\x90\x80\x80!", 0, 0);          /* above U+10FFFF */
    assert_string_equal(row_str(&g, 0, 0, 18, buf, sizeof buf), "\\xf4\\x90\\x80\\x80! ");
    assert_int_equal(grid_text(&g, 0, 0, -1, NULL, 0, 0), 0);

    assert_int_equal(grid_printf(&g, 0, 1, -1, 0, 0, "%d%%", 42), 3);
    assert_string_equal(row_str(&g, 0, 1, 4, buf, sizeof buf), "42% ");
    grid_free(&g);
}

/* issue 10, defects 6 and 18: wide glyphs take two cells, combining marks none, tabs expand;
 * a wide glyph never overhangs a clip, and overwriting half of one blanks the other half. */
static void test_grid_text_columns(void **state)
{
    (void)state;
    Grid g;
    grid_init(&g, 12, 3);
    /* 中文 is four columns; "e" + U+0301 is one */
    assert_int_equal(grid_text(&g, 0, 0, -1, "\xe4\xb8\xad\xe6\x96\x87" "e\xcc\x81!", 0, 0), 6);
    assert_int_equal(ch_at(&g, 0, 0), 0x4E2D);
    assert_int_equal(ch_at(&g, 1, 0), GRID_CONT);
    assert_int_equal(ch_at(&g, 2, 0), 0x6587);
    assert_int_equal(ch_at(&g, 4, 0), 'e');
    assert_int_equal(grid_at(&g, 4, 0)->mark, 0x301);
    assert_int_equal(ch_at(&g, 5, 0), '!');
    char *t = grid_to_text(&g);
    assert_true(!strncmp(t, "\xe4\xb8\xad\xe6\x96\x87" "e\xcc\x81!      \n", strlen("\xe4\xb8\xad\xe6\x96\x87" "e\xcc\x81!      \n")));
    free(t);
    /* three columns of room: the second wide glyph does not fit and is not split */
    assert_int_equal(grid_text(&g, 0, 1, 3, "\xe4\xb8\xad\xe6\x96\x87", 0, 0), 2);
    assert_int_equal(ch_at(&g, 2, 1), ' ');
    /* a box border drawn over the right half blanks the left half */
    grid_put(&g, 1, 0, '|', 0, 0);
    assert_int_equal(ch_at(&g, 0, 0), ' ');
    /* and over the left half blanks the right half */
    grid_put(&g, 2, 0, '|', 0, 0);
    assert_int_equal(ch_at(&g, 3, 0), ' ');
    /* a tab advances to the next multiple of 8 columns from where the text starts */
    grid_clear(&g);
    assert_int_equal(grid_text(&g, 1, 2, -1, "a\tb", 0, 0), 9);
    assert_int_equal(ch_at(&g, 1, 2), 'a');
    for (int x = 2; x < 9; x++) assert_int_equal(ch_at(&g, x, 2), ' ');
    assert_int_equal(ch_at(&g, 9, 2), 'b');
    grid_free(&g);
}

/* issue 10, defect 6: a box titled in CJK keeps both corners and a border cell; no stray glyph */
static void test_grid_box_wide_title(void **state)
{
    (void)state;
    Grid g;
    grid_init(&g, 12, 3);
    grid_box(&g, 0, 0, 12, 3, "\xe4\xb8\xad\xe6\x96\x87\xe8\xaf\xbe\xe7\xa8\x8b", 0, 0);   /* 中文课程: 8 columns */
    char *t = grid_to_text(&g);
    /* corner, space, 中文课 (6 columns; 程 does not fit in w - 5 = 7), space, border, corner */
    assert_string_equal(t, "\xe2\x94\x8c \xe4\xb8\xad\xe6\x96\x87\xe8\xaf\xbe \xe2\x94\x80\xe2\x94\x80\xe2\x94\x90\n"
                           "\xe2\x94\x82          \xe2\x94\x82\n"
                           "\xe2\x94\x94\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x98\n");
    free(t);
    grid_free(&g);
}

static void test_grid_box_both_styles(void **state)
{
    (void)state;
    Grid g;
    grid_init(&g, 12, 3);
    grid_box(&g, 0, 0, 12, 3, "loss", COL_DIM, 0);
    char *t = grid_to_text(&g);
    assert_string_equal(t, "┌ loss ────┐\n│          │\n└──────────┘\n");
    free(t);
    assert_int_equal(grid_at(&g, 0, 0)->color, COL_DIM);
    grid_clear(&g);
    grid_box(&g, 0, 0, 12, 3, "loss", COL_DIM, 1);
    t = grid_to_text(&g);
    assert_string_equal(t, "+ loss ----+\n|          |\n+----------+\n");
    free(t);
    grid_clear(&g);
    grid_box(&g, 0, 0, 8, 3, "abcdefgh", 0, 1);                   /* title clipped */
    t = grid_to_text(&g);
    assert_string_equal(t, "+ abc -+    \n|      |    \n+------+    \n");
    free(t);
    grid_clear(&g);
    grid_box(&g, 6, 1, 12, 5, NULL, 0, 1);                        /* clipped by the grid */
    t = grid_to_text(&g);
    assert_string_equal(t, "            \n      +-----\n      |     \n");
    free(t);
    grid_free(&g);
}

static void test_grid_basics(void **state)
{
    (void)state;
    Grid g;
    grid_init(&g, 4, 2);
    assert_null(grid_at(&g, 4, 0));
    assert_null(grid_at(&g, -1, 0));
    assert_null(grid_at(&g, 0, 2));
    grid_put(&g, 3, 1, 0x2847, 5, 0);
    grid_put(&g, 9, 9, 'x', 5, 0);                                /* clipped, no fault */
    grid_fill(&g, -1, -1, 2, 2, '#', 1, 0);
    char *t = grid_to_text(&g);
    assert_string_equal(t, "#   \n   ⡇\n");
    free(t);
    grid_resize(&g, 3, 1);
    t = grid_to_text(&g);
    assert_string_equal(t, "   \n");
    free(t);
    char u[5];
    assert_int_equal(utf8_encode(0x28FF, u), 3);
    assert_string_equal(u, "⣿");
    assert_int_equal(utf8_encode(0xD800, u), 3);                  /* surrogate -> U+FFFD */
    assert_string_equal(u, "\xef\xbf\xbd");
    grid_free(&g);
}

/* ---------------------------------------------------------------- bars, histogram, matrix */

static void test_share_bar(void **state)
{
    (void)state;
    Grid g;
    grid_init(&g, 24, 1);
    char buf[128];
    chart_share_bar(&g, 0, 0, 24, 0.0, GLYPH_BRAILLE, COL_SETUP0);
    assert_string_equal(row_str(&g, 0, 0, 24, buf, sizeof buf), "0 ▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓ 1");
    chart_share_bar(&g, 0, 0, 24, 0.26, GLYPH_BRAILLE, COL_SETUP0);    /* 0.74 * 20 = 14.8 */
    assert_string_equal(row_str(&g, 0, 0, 24, buf, sizeof buf), "0 ▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓░░░░░ 1");
    assert_int_equal(grid_at(&g, 2, 0)->color, COL_SETUP0);
    chart_share_bar(&g, 0, 0, 24, 1.0, GLYPH_BRAILLE, COL_SETUP0);
    assert_string_equal(row_str(&g, 0, 0, 24, buf, sizeof buf), "0 ░░░░░░░░░░░░░░░░░░░░ 1");
    chart_share_bar(&g, 0, 0, 24, 0.26, GLYPH_ASCII, COL_SETUP0);
    assert_string_equal(row_str(&g, 0, 0, 24, buf, sizeof buf), "0 ###############..... 1");
    chart_share_bar(&g, 0, 0, 24, NAN, GLYPH_ASCII, COL_SETUP0);
    assert_string_equal(row_str(&g, 0, 0, 24, buf, sizeof buf), "0 -------------------- 1");
    grid_free(&g);
}

static void test_histogram(void **state)
{
    (void)state;
    Grid g;
    grid_init(&g, 4, 3);
    const long counts[4] = { 0, 5, 10, 1 };
    chart_histogram(&g, 0, 0, 4, 3, counts, 4, GLYPH_ASCII, COL_SETUP0);
    char *t = grid_to_text(&g);
    /* 2 bar rows: heights 0, 1, 2 and 1 (a non-empty bin keeps at least one level) */
    assert_string_equal(t, "  # \n ###\n0--1\n");
    free(t);
    assert_int_equal(grid_at(&g, 2, 0)->color, COL_SETUP0);

    /* braille: 2 bins per cell, 4 dots per row: heights 0, 2, 4, 1 of 4 in one bar row */
    Grid b;
    grid_init(&b, 2, 2);
    chart_histogram(&b, 0, 0, 2, 2, counts, 4, GLYPH_BRAILLE, COL_SETUP0);
    assert_int_equal(ch_at(&b, 0, 0), braille_bars(0, 2));
    assert_int_equal(ch_at(&b, 1, 0), braille_bars(4, 1));
    assert_int_equal(ch_at(&b, 0, 1), '0');
    assert_int_equal(ch_at(&b, 1, 1), '1');
    grid_free(&b);

    Grid w;
    grid_init(&w, 12, 4);
    const long one[3] = { 0, 7, 0 };
    chart_histogram(&w, 0, 0, 12, 4, one, 3, GLYPH_BLOCK, COL_SETUP0);
    t = grid_to_text(&w);
    assert_string_equal(t, "    ████    \n    ████    \n    ████    \n0───0.5────1\n");
    free(t);
    grid_free(&w);
    grid_free(&g);
}

static void test_confusion_matrix(void **state)
{
    (void)state;
    Grid g;
    grid_init(&g, CHART_CONFUSION_W + 2, CHART_CONFUSION_H + 1);
    fill_sentinel(&g);
    const long cm[2][2] = { { 740, 260 }, { 100, 900 } };
    chart_confusion(&g, 1, 0, cm, COL_GOOD);
    char buf[256];
    assert_string_equal(row_str(&g, 1, 0, CHART_CONFUSION_W, buf, sizeof buf), "           pred 0     pred 1");
    assert_string_equal(row_str(&g, 1, 1, CHART_CONFUSION_W, buf, sizeof buf), "true 0   740  74%   260  26%");
    assert_string_equal(row_str(&g, 1, 2, CHART_CONFUSION_W, buf, sizeof buf), "true 1   100  10%   900  90%");
    assert_string_equal(row_str(&g, 1, 3, CHART_CONFUSION_W, buf, sizeof buf), "acc 82.0%  n 2000           ");
    assert_int_equal(grid_at(&g, 1 + 9, 1)->color, COL_GOOD);         /* diagonal coloured */
    assert_int_equal(grid_at(&g, 1 + 20, 1)->color, COL_DEFAULT);
    for (int y = 0; y < g.h; y++) {                                  /* footprint respected */
        assert_int_equal(ch_at(&g, 0, y), SENTINEL);
        assert_int_equal(ch_at(&g, CHART_CONFUSION_W + 1, y), SENTINEL);
    }
    for (int x = 0; x < g.w; x++) assert_int_equal(ch_at(&g, x, CHART_CONFUSION_H), SENTINEL);

    const long collapsed[2][2] = { { 0, 0 }, { 0, 1234567 } };
    chart_confusion(&g, 1, 0, collapsed, COL_GOOD);
    assert_string_equal(row_str(&g, 1, 1, CHART_CONFUSION_W, buf, sizeof buf), "true 0     0    -     0    -");
    assert_string_equal(row_str(&g, 1, 2, CHART_CONFUSION_W, buf, sizeof buf), "true 1     0   0%  1.2M 100%");
    grid_free(&g);
}

/* end_labels: each bright series' glyph right of the plot, at the row of its last value; faint
 * series get none; ASCII mode draws glyphs in the plot instead and reserves no column. */
static void test_end_labels(void **state)
{
    (void)state;
    Grid g;
    grid_init(&g, 40, 12);
    double x[3] = { 0, 1, 2 }, hi[3] = { 0.1, 0.5, 0.9 }, lo[3] = { 0.9, 0.5, 0.1 }, fa[3] = { 0.5, 0.5, 0.5 };
    ChartSeries s[3] = {
        { .x = x, .y = fa, .n = 3, .color = COL_SETUP0 + 2, .glyph = 'f', .label = "faint", .faint = true },
        { .x = x, .y = hi, .n = 3, .color = COL_SETUP0, .glyph = 'b', .label = "bce" },
        { .x = x, .y = lo, .n = 3, .color = COL_SETUP0 + 1, .glyph = '1', .label = "cce1" },
    };
    ChartSpec spec = { .mode = GLYPH_BRAILLE, .fixed_y = true, .ymin = 0, .ymax = 1, .end_labels = true };
    chart_draw(&g, 0, 0, 40, 12, &spec, s, 3, NULL, 0, NULL, 0);
    int px, py, pw, ph;
    chart_plot_area(0, 0, 40, 12, &px, &py, &pw, &ph);
    int col = px + pw - 1;            /* the reserved column: the plot is one narrower */
    int row_b = -1, row_1 = -1, row_f = -1;
    for (int y = py; y < py + ph; y++) {
        uint32_t ch = grid_at(&g, col, y)->ch;
        if (ch == 'b') row_b = y;
        if (ch == '1') row_1 = y;
        if (ch == 'f') row_f = y;
    }
    assert_true(row_b >= py && row_b <= py + 1);              /* bce ends high */
    assert_true(row_1 >= py + ph - 2 && row_1 < py + ph);     /* cce1 ends low */
    assert_int_equal(row_f, -1);
    assert_int_equal(grid_at(&g, col, row_b)->color, COL_SETUP0);
    /* two series ending on the same value: both glyphs, on neighbouring rows */
    double same[3] = { 0.5, 0.5, 0.5 };
    s[1].y = same;
    s[2].y = same;
    chart_draw(&g, 0, 0, 40, 12, &spec, s, 3, NULL, 0, NULL, 0);
    int nb = 0, n1 = 0;
    for (int y = py; y < py + ph; y++) {
        nb += grid_at(&g, col, y)->ch == 'b';
        n1 += grid_at(&g, col, y)->ch == '1';
    }
    assert_int_equal(nb, 1);
    assert_int_equal(n1, 1);
    grid_free(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_braille_bars_table),
        cmocka_unit_test(test_ascii_rising_line_corners_and_continuous),
        cmocka_unit_test(test_braille_plot_has_only_braille),
        cmocka_unit_test(test_block_plot_has_only_quadrants),
        cmocka_unit_test(test_constant_series_is_flat_inside_plot),
        cmocka_unit_test(test_values_on_range_edges_are_visible),
        cmocka_unit_test(test_y_labels_linear_and_pct),
        cmocka_unit_test(test_log_y_labels),
        cmocka_unit_test(test_hline_dashed_with_label),
        cmocka_unit_test(test_vline_marker_and_label),
        cmocka_unit_test(test_nan_leaves_gap),
        cmocka_unit_test(test_dense_series_fills_envelope),
        cmocka_unit_test(test_legend_and_colour_order),
        cmocka_unit_test(test_nothing_written_outside_rect),
        cmocka_unit_test(test_extreme_values),
        cmocka_unit_test(test_tiny_rect_draws_nothing),
        cmocka_unit_test(test_empty_and_null_series),
        cmocka_unit_test(test_x_axis_step_labels),
        cmocka_unit_test(test_fmt_compact),
        cmocka_unit_test(test_smooth_ema),
        cmocka_unit_test(test_grid_text_utf8),
        cmocka_unit_test(test_grid_text_columns),
        cmocka_unit_test(test_vline_wide_label_stays_inside),
        cmocka_unit_test(test_grid_box_wide_title),
        cmocka_unit_test(test_grid_box_both_styles),
        cmocka_unit_test(test_grid_basics),
        cmocka_unit_test(test_share_bar),
        cmocka_unit_test(test_histogram),
        cmocka_unit_test(test_confusion_matrix),
        cmocka_unit_test(test_end_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
