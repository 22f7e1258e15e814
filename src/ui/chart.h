/* chart — line charts, bars, histograms and matrices rendered into a Grid (no ncurses).
 * Braille (2x4 dots per cell) in UTF-8 locales, block quadrants or ASCII otherwise.
 * Each series has a colour and a glyph, so a chart reads in monochrome too: in braille and block
 * modes the legend carries the glyph; in ASCII mode the glyph is drawn. Owns nothing. */
#ifndef LOSSLAB_CHART_H
#define LOSSLAB_CHART_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ui/grid.h"

typedef enum { GLYPH_BRAILLE, GLYPH_BLOCK, GLYPH_ASCII } GlyphMode;
typedef enum { YFMT_NUM, YFMT_PCT } YFmt;   /* 0.693 / 74% axis labels */

typedef struct {
    const double *x, *y;  /* n points, x non-decreasing; non-finite y leave a gap; x NULL: x = index */
    int n;
    uint8_t color;
    char glyph;           /* ASCII glyph / legend mark, e.g. 'b' */
    const char *label;    /* legend text, e.g. "bce" */
    bool faint;           /* drawn dim and underneath (the raw line behind a smoothed one) */
} ChartSeries;

typedef struct { double y; const char *label; } ChartHLine;  /* dashed reference line */
typedef struct { double x; const char *label; } ChartVLine;  /* labelled vertical marker */

typedef struct {
    const char *title;
    GlyphMode mode;
    YFmt yfmt;
    bool log_y;           /* log10 y axis; non-positive values are clamped to the smallest positive */
    bool fixed_y;         /* use ymin..ymax; otherwise the range comes from the data (and hlines) */
    double ymin, ymax;
    double xmin, xmax;    /* x range; xmax <= xmin: from the data */
    bool legend;          /* draw the legend in the title row */
    bool end_labels;      /* braille/block: each series' glyph in a column right of the plot, at
                             the row of its last value, so lines read without colour */
} ChartSpec;

/* Draws a framed chart into the rectangle (x0, y0, w, h): title row, y-axis labels on the left,
 * plot area, x-axis labels (steps) at the bottom. Needs w >= 20 and h >= 5, else draws nothing.
 * The whole rectangle is cleared first and nothing is written outside it. Line series are one
 * dot per sample joined to the previous finite sample; a cell shared by several series ORs their
 * dots but takes the colour of the last one drawn (faint series are drawn first, with ATTR_DIM).
 * Reference lines (COL_REF: hlines dashed '╌' / '- - ', vlines dotted '┊' / ':') are drawn under
 * the data; their labels are placed after it: an hline's at the right end of its row, or of the
 * row above / below when the data occupies those cells; a vline's at the top of the plot, right
 * of the marker (left if it does not fit). Auto y range: finite data (within a fixed x range)
 * and hlines, padded by 5%, never below 0 for non-negative data nor outside 0..1 for YFMT_PCT
 * data within 0..1; a constant series gets +-10% of its value (+-1 at 0; +-0.25 decade on log). */
void chart_draw(Grid *g, int x0, int y0, int w, int h, const ChartSpec *spec,
                const ChartSeries *s, int ns, const ChartHLine *hl, int nh,
                const ChartVLine *vl, int nv);

/* Layout of chart_draw: CHART_YLABEL_W columns of right-aligned y labels, one axis column, then
 * the plot. chart_plot_area gives the plot area (in cells) for a chart rectangle, e.g. to place
 * a cursor or a tooltip: px = x0 + CHART_YLABEL_W + 1, py = y0 + 1, pw = w - 7, ph = h - 2. */
enum { CHART_YLABEL_W = 6 };
void chart_plot_area(int x0, int y0, int w, int h, int *px, int *py, int *pw, int *ph);

/* A compact number for axis labels and counts, at most about 6 columns: "0", "250", "1.2k",
 * "12k", "3.5M", "0.693", "1.5e-4". Returns the length written (buf always NUL-terminated). */
int chart_fmt_compact(char *buf, size_t cap, double v);

/* TensorBoard's debiased EMA (data_transformer.ts classicSmoothing): last = last*w + (1-w)*y,
 * divided by 1 - w^k over the k finite points so far; non-finite points pass through;
 * a constant series is returned unchanged. in and out (n) may alias. 0 <= w < 1. */
void smooth_ema(const double *in, double *out, int n, double w);

/* A horizontal two-part bar of width w: share0 of class 0 then class 1, e.g. "0 ▓▓▓▓░░ 1".
 * The bar is w - 4 cells between the "0 " and " 1" labels (w < 5: the bar alone); class 0 is
 * '▓' in color, class 1 '░' in color + ATTR_DIM ('#' and '.' in GLYPH_ASCII), rounded to the
 * nearest cell; share1 is clamped to 0..1 and a non-finite share1 draws a dim '─' / '-' bar. */
void chart_share_bar(Grid *g, int x, int y, int w, double share1, GlyphMode mode, uint8_t color);
/* A vertical histogram of nb bins (counts) in (x, y, w, h), with a 0..1 axis under it.
 * Bars fill rows y .. y + h - 2 (braille: 2 bar columns x 4 levels per cell; block: 2 x 2;
 * ASCII '#': 1 x 1), scaled to the tallest; a non-empty bin is at least one level high. When
 * there are more bins than bar columns, neighbouring bins are summed. The last row is the axis:
 * "0", "0.5" (w >= 9) and "1" on a dim line. Needs w >= 1 and h >= 2. */
void chart_histogram(Grid *g, int x, int y, int w, int h, const long *counts, int nb,
                     GlyphMode mode, uint8_t color);

/* Braille cell for two columns of dots filled from the bottom: left, right in 0..4 (clamped).
 * htop's layout: left heights -> bits {0,0x40,0x44,0x46,0x47}, right -> {0,0x80,0xA0,0xB0,0xB8};
 * returns 0x2800 + mask, so (0, 0) is U+2800 (the blank braille pattern), never ' '. */
uint32_t braille_bars(int left, int right);

/* A 2x2 confusion matrix (rows = true class, columns = predicted) with row percentages, in a
 * CHART_CONFUSION_W x CHART_CONFUSION_H footprint at (x, y) (cleared first; clipped to the grid):
 *          pred 0     pred 1
 *   true 0   740  74%   260  26%
 *   true 1   100  10%   900  90%
 *   acc 82.0%  n 2000
 * Correct (diagonal) cells in color + bold. Counts >= 100000 are shortened ("123k"); an empty
 * row shows "-" for its percentages. Negative counts are treated as 0. */
enum { CHART_CONFUSION_W = 28, CHART_CONFUSION_H = 4 };
void chart_confusion(Grid *g, int x, int y, const long cm[2][2], uint8_t color);
/* A K x K confusion matrix (K >= 3) of row percentages, one row per true class, in
 * chart_confusion_k_w(K) x (K + 2) cells at (x, y):
 *        0   1   2
 *     0 90%  5%  5%
 *     1 ...
 *   acc 82.0%  n 2000
 * Correct cells in color + bold; an empty row shows "-". */
int  chart_confusion_k_w(int K);
void chart_confusion_k(Grid *g, int x, int y, const long *cm, int K, uint8_t color);
/* A stacked bar of K class shares (K >= 2) in w cells: class k's segment is drawn with its
 * digit (0-9, then a-f), segments alternating reverse video and dim so neighbours stay apart;
 * widths by largest remainder, so they always add up to w. Non-finite shares draw a dim line. */
void chart_class_bar(Grid *g, int x, int y, int w, const double *share, int K, GlyphMode mode, uint8_t color);

#endif
