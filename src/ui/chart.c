/* chart — line charts, share bars, histograms and the confusion matrix, rendered into a Grid.
 * Pure: no ncurses, no allocation, no global mutable state (only const glyph tables). Owns the
 * rasteriser (values -> dots -> cells), the axis/tick/label layout and smooth_ema. See chart.h.
 *
 * Dot layouts (the "resolution ladder", braille > block > ASCII):
 *   braille  2 x 4 dots per cell, code point U+2800 + mask, bits by (column, row from top):
 *              col 0: row0 0x01  row1 0x02  row2 0x04  row3 0x40
 *              col 1: row0 0x08  row1 0x10  row2 0x20  row3 0x80
 *   block    2 x 2 quadrants per cell, mask bits TL 1, TR 2, BL 4, BR 8 -> QUAD[] glyphs
 *   ASCII    1 x 1: the series' glyph character
 * Several series OR their dots into a cell's mask (the mask is read back from the cell's code
 * point, so no scratch buffer is needed), but a cell has ONE colour: the last series drawn
 * there wins. Faint series are therefore drawn first.
 *
 * chart_draw layout of the rectangle (x0, y0, w, h):
 *   row y0               title .......................... legend "b bce  1 cce1"
 *   rows y0+1 .. y0+h-2  y labels (CHART_YLABEL_W, right-aligned) ┤ plot area
 *   row y0+h-1           └ x axis with step labels (first, middle, last)  */
#include "ui/chart.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/termtext.h"
#include "base/xalloc.h"   /* str_copy */

/* Braille dot bit for (column 0..1, row from the top 0..3). */
static const uint8_t BRAILLE_BIT[2][4] = {
    { 0x01, 0x02, 0x04, 0x40 },
    { 0x08, 0x10, 0x20, 0x80 },
};
/* htop's area-graph recipe: heights 0..4 filled from the bottom, per column. */
static const uint8_t BRAILLE_LEFT[5]  = { 0x00, 0x40, 0x44, 0x46, 0x47 };
static const uint8_t BRAILLE_RIGHT[5] = { 0x00, 0x80, 0xA0, 0xB0, 0xB8 };

/* Quadrant block glyph by mask (TL 1, TR 2, BL 4, BR 8). */
static const uint32_t QUAD[16] = {
    ' ',    0x2598, 0x259D, 0x2580,   /*  , ▘, ▝, ▀ */
    0x2596, 0x258C, 0x259E, 0x259B,   /* ▖, ▌, ▞, ▛ */
    0x2597, 0x259A, 0x2590, 0x259C,   /* ▗, ▚, ▐, ▜ */
    0x2584, 0x2599, 0x259F, 0x2588,   /* ▄, ▙, ▟, █ */
};
static const uint8_t QUAD_BIT[2][2] = { { 1, 2 }, { 4, 8 } };   /* [row from top][column] */

enum {
    CH_HLINE = 0x2500, CH_VLINE = 0x2502, CH_TICK = 0x2524, CH_CORNER = 0x2514,
    CH_DASH = 0x254C,  /* ╌ */
    CH_DOTV = 0x250A,  /* ┊ */
    CH_SHADE_DARK = 0x2593, CH_SHADE_LIGHT = 0x2591,
};

#define MAX_TICKS 16

uint32_t braille_bars(int left, int right)
{
    left = left < 0 ? 0 : left > 4 ? 4 : left;
    right = right < 0 ? 0 : right > 4 ? 4 : right;
    return 0x2800u + (uint32_t)(BRAILLE_LEFT[left] | BRAILLE_RIGHT[right]);
}

/* Quadrant mask of a cell's glyph (0 for anything that is not a quadrant block):
 * QUAD_MASK[ch - 0x2580] for U+2580..U+259F, the inverse of QUAD[]. */
static const uint8_t QUAD_MASK[32] = {
    [0x00] = 3,  [0x04] = 12, [0x08] = 15, [0x0C] = 5,  [0x10] = 10,
    [0x16] = 4,  [0x17] = 8,  [0x18] = 1,  [0x19] = 13, [0x1A] = 9,  [0x1B] = 7,
    [0x1C] = 11, [0x1D] = 2,  [0x1E] = 6,  [0x1F] = 14,
};

static int quad_mask(uint32_t ch)
{
    return (ch >= 0x2580 && ch <= 0x259F) ? QUAD_MASK[ch - 0x2580] : 0;
}

/* ---------------------------------------------------------------- number formatting */

static void strip_zeros(char *s)
{
    char *dot = strchr(s, '.');
    if (!dot) return;
    char *e = strpbrk(s, "eE");
    char tail[16] = "";
    if (e) {
        snprintf(tail, sizeof tail, "%s", e);
        *e = 0;
    }
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == '0') s[--n] = 0;
    if (n > 0 && s[n - 1] == '.') s[--n] = 0;
    strcat(s, tail);
}

/* "1.5e-04" -> "1.5e-4", "1e+05" -> "1e5" */
static void trim_exponent(char *s)
{
    char *e = strchr(s, 'e');
    if (!e) return;
    char *p = e + 1, *q = e + 1;
    if (*p == '+') p++;
    else if (*p == '-') *q++ = *p++;
    while (*p == '0' && p[1]) p++;
    memmove(q, p, strlen(p) + 1);
}

int chart_fmt_compact(char *buf, size_t cap, double v)
{
    char tmp[48];
    if (cap == 0) return 0;
    if (isnan(v)) snprintf(tmp, sizeof tmp, "nan");
    else if (isinf(v)) snprintf(tmp, sizeof tmp, v > 0 ? "inf" : "-inf");
    else {
        double a = fabs(v);
        static const struct { double scale; char suffix; } SI[] = {
            { 1e3, 'k' }, { 1e6, 'M' }, { 1e9, 'G' }, { 1e12, 'T' },
        };
        if (a >= 999.5 && a < 999.5e12) {
            int i = 0;
            while (i < 3 && a / SI[i].scale >= 999.5) i++;
            double x = v / SI[i].scale;
            if (fabs(x) < 9.95) snprintf(tmp, sizeof tmp, "%.1f", x);
            else snprintf(tmp, sizeof tmp, "%.0f", x);
            strip_zeros(tmp);
            size_t n = strlen(tmp);
            tmp[n] = SI[i].suffix;
            tmp[n + 1] = 0;
        } else if (a == 0) {
            snprintf(tmp, sizeof tmp, "0");
        } else if (a < 1e-3 || a >= 999.5e12) {
            snprintf(tmp, sizeof tmp, "%.1e", v);
            trim_exponent(tmp);
            strip_zeros(tmp);
        } else if (v == floor(v)) {
            snprintf(tmp, sizeof tmp, "%.0f", v);
        } else {
            int dec = 2 - (int)floor(log10(a));
            dec = dec < 0 ? 0 : dec > 4 ? 4 : dec;
            snprintf(tmp, sizeof tmp, "%.*f", dec, v);
            strip_zeros(tmp);
        }
    }
    snprintf(buf, cap, "%s", tmp);
    return (int)strlen(buf);
}

/* ---------------------------------------------------------------- plot context */

typedef struct {
    Grid *g;
    int rx0, ry0, rx1, ry1;         /* the chart's rectangle, ends exclusive */
    int px, py, pw, ph;             /* plot area in cells; py is its top row */
    GlyphMode mode;
    int kx, ky;                     /* dots per cell across / up */
    int X, H;                       /* dots across / up the plot */
    double xlo, xhi;                /* x range */
    double ylo, yhi;                /* y range in axis units (log10 when log_y) */
    double sx, sy;                  /* dots per x unit, per y axis unit */
    bool log_y;
    double floor_pos;               /* log_y: non-positive values are clamped to this */
    YFmt yfmt;
} Plot;

static void rect_put(const Plot *p, int x, int y, uint32_t ch, uint8_t color, uint8_t attr)
{
    if (x < p->rx0 || x >= p->rx1 || y < p->ry0 || y >= p->ry1) return;
    grid_put(p->g, x, y, ch, color, attr);
}

/* Text clipped to the rectangle (x must already be inside it horizontally). */
static int rect_text(const Plot *p, int x, int y, int max_w, const char *s, uint8_t color, uint8_t attr)
{
    if (y < p->ry0 || y >= p->ry1 || x < p->rx0 || x >= p->rx1) return 0;
    int room = p->rx1 - x;
    if (max_w < 0 || max_w > room) max_w = room;
    return grid_text(p->g, x, y, max_w, s, color, attr);
}

/* Display columns a UTF-8 string occupies (wide glyphs two, combining marks none). */
static int text_cols(const char *s) { return tt_width(s, (size_t)-1); }

/* Sets one dot; (dx, dy) in dots, dy counted from the bottom of the plot. */
static void plot_dot(const Plot *p, int dx, int dy, uint8_t color, uint8_t attr, uint32_t glyph)
{
    if (dx < 0 || dy < 0 || dx >= p->X || dy >= p->H) return;
    Cell *c = grid_at(p->g, p->px + dx / p->kx, p->py + p->ph - 1 - dy / p->ky);
    if (!c) return;
    switch (p->mode) {
    case GLYPH_BRAILLE: {
        uint32_t old = (c->ch >= 0x2800 && c->ch <= 0x28FF) ? c->ch - 0x2800 : 0;
        c->ch = 0x2800 | old | BRAILLE_BIT[dx & 1][3 - (dy & 3)];
        break;
    }
    case GLYPH_BLOCK:
        c->ch = QUAD[quad_mask(c->ch) | QUAD_BIT[1 - (dy & 1)][dx & 1]];
        break;
    default:
        c->ch = glyph;
        break;
    }
    c->color = color;
    c->attr = attr;
}

/* Liang-Barsky: clips the segment to [xmin,xmax] x [ymin,ymax]; false when nothing is left. */
static bool clip_segment(double *ax, double *ay, double *bx, double *by,
                         double xmin, double xmax, double ymin, double ymax)
{
    double dx = *bx - *ax, dy = *by - *ay, t0 = 0, t1 = 1;
    const double pp[4] = { -dx, dx, -dy, dy };
    const double qq[4] = { *ax - xmin, xmax - *ax, *ay - ymin, ymax - *ay };
    for (int i = 0; i < 4; i++) {
        if (pp[i] == 0) {
            if (qq[i] < 0) return false;
        } else {
            double r = qq[i] / pp[i];
            if (pp[i] < 0) {
                if (r > t1) return false;
                if (r > t0) t0 = r;
            } else {
                if (r < t0) return false;
                if (r < t1) t1 = r;
            }
        }
    }
    double x0 = *ax, y0 = *ay;
    *ax = x0 + t0 * dx; *ay = y0 + t0 * dy;
    *bx = x0 + t1 * dx; *by = y0 + t1 * dy;
    return true;
}

/* Nearest integer in [0, hi]; NaN and huge values are clamped before the conversion. */
static int round_clamp(double v, int hi)
{
    if (!(v >= 0)) return 0;
    if (v >= hi) return hi;
    return (int)(v + 0.5);
}

/* A segment between two points in dot coordinates (doubles, y from the bottom), clipped to the
 * plot and rasterised with Bresenham so that every dot row between the ends is covered. */
static void plot_segment(const Plot *p, double ax, double ay, double bx, double by,
                         uint8_t color, uint8_t attr, uint32_t glyph)
{
    if (!clip_segment(&ax, &ay, &bx, &by, -0.5, p->X - 0.5, -0.5, p->H - 0.5)) return;
    int x0 = round_clamp(ax, p->X - 1), y0 = round_clamp(ay, p->H - 1);
    int x1 = round_clamp(bx, p->X - 1), y1 = round_clamp(by, p->H - 1);
    int dx = x1 > x0 ? x1 - x0 : x0 - x1, sx = x0 < x1 ? 1 : -1;
    int dy = y1 > y0 ? y0 - y1 : y1 - y0, sy = y0 < y1 ? 1 : -1;   /* dy <= 0 */
    int err = dx + dy;
    for (;;) {
        plot_dot(p, x0, y0, color, attr, glyph);
        if (x0 == x1 && y0 == y1) break;
        int e2 = 2 * err;
        if (e2 >= dy) { err += dy; x0 += sx; }
        if (e2 <= dx) { err += dx; y0 += sy; }
    }
}

/* Value -> dot coordinate (double). Huge values are bounded so the arithmetic stays finite;
 * anything beyond the bound is off the plot anyway. */
static double map_x(const Plot *p, double x)
{
    double f = (x - p->xlo) * p->sx;
    return !(f > -1e6) ? -1e6 : f > 1e6 ? 1e6 : f;       /* NaN lands off the plot */
}

static double axis_y(const Plot *p, double y)   /* data value -> axis units */
{
    if (!p->log_y) return y;
    return log10(y > 0 ? y : p->floor_pos);
}

static double map_y(const Plot *p, double ya)   /* axis units -> dot row from the bottom */
{
    double f = (ya - p->ylo) * p->sy;
    return !(f > -1e6) ? -1e6 : f > 1e6 ? 1e6 : f;
}

/* Screen row holding axis value ya, or -1 if it is off the plot. */
static int row_of(const Plot *p, double ya)
{
    double f = map_y(p, ya);
    if (!(f >= -0.5 && f < p->H - 0.5)) return -1;
    int d = round_clamp(f, p->H - 1);
    return p->py + p->ph - 1 - d / p->ky;
}

static int col_of(const Plot *p, double x)
{
    double f = map_x(p, x);
    if (!(f >= -0.5 && f < p->X - 0.5)) return -1;
    return p->px + round_clamp(f, p->X - 1) / p->kx;
}

/* ---------------------------------------------------------------- ranges */

static double nice_step(double raw)
{
    if (!(raw > 0) || !isfinite(raw)) return 1;
    double e = floor(log10(raw)), base = pow(10, e), f = raw / base;
    double nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
    return nf * base;
}

/* Makes [*lo, *hi] a usable range: finite, increasing, and wide enough relative to its
 * magnitude that the dot arithmetic (and the tick loop) stay meaningful. */
static void sane_range(double *lo, double *hi)
{
    if (!isfinite(*lo) || !isfinite(*hi)) { *lo = 0; *hi = 1; }
    double mag = fmax(fabs(*lo), fabs(*hi)), span = *hi - *lo;
    if (!(span > mag * 1e-9) || !(span > 1e-200)) {
        double mid = *lo / 2 + *hi / 2, pad = mag > 1e-200 ? mag * 0.1 : 1;
        *lo = mid - pad;
        *hi = mid + pad;
    }
    if (!isfinite(*hi - *lo)) { *lo /= 4; *hi /= 4; }   /* e.g. -1e308 .. 1e308 */
}

static void compute_ranges(Plot *p, const ChartSpec *spec, const ChartSeries *s, int ns,
                           const ChartHLine *hl, int nh)
{
    bool fixed_x = spec->xmax > spec->xmin;
    double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY, minpos = INFINITY;
    for (int k = 0; k < ns; k++) {
        if (!s[k].y) continue;
        for (int i = 0; i < s[k].n; i++) {
            double x = s[k].x ? s[k].x[i] : (double)i, y = s[k].y[i];
            if (!isfinite(x) || !isfinite(y)) continue;
            if (x < xlo) xlo = x;
            if (x > xhi) xhi = x;
            if (fixed_x && (x < spec->xmin || x > spec->xmax)) continue;
            if (y < ylo) ylo = y;
            if (y > yhi) yhi = y;
            if (y > 0 && y < minpos) minpos = y;
        }
    }
    if (fixed_x) { xlo = spec->xmin; xhi = spec->xmax; }
    else if (!(xlo <= xhi)) { xlo = 0; xhi = 1; }
    else if (xhi == xlo) xhi = xlo + 1;
    sane_range(&xlo, &xhi);
    p->xlo = xlo;
    p->xhi = xhi;

    p->log_y = spec->log_y;
    if (p->log_y) {
        if (spec->fixed_y && spec->ymin > 0 && spec->ymin < minpos) minpos = spec->ymin;
        for (int i = 0; i < nh; i++)
            if (isfinite(hl[i].y) && hl[i].y > 0 && hl[i].y < minpos) minpos = hl[i].y;
        p->floor_pos = isfinite(minpos) ? minpos : 1e-12;
        if (ylo <= yhi) { ylo = axis_y(p, ylo); yhi = axis_y(p, yhi); }
    }

    if (spec->fixed_y && spec->ymax > spec->ymin && isfinite(spec->ymin) && isfinite(spec->ymax)) {
        p->ylo = axis_y(p, spec->ymin);
        p->yhi = axis_y(p, spec->ymax);
        if (!(p->yhi > p->ylo)) p->yhi = p->ylo + 1;   /* log_y with ymin <= 0 < tiny ymax */
        sane_range(&p->ylo, &p->yhi);
        return;
    }
    bool data_nonneg = !(ylo < 0), data_unit = ylo >= 0 && yhi <= 1;
    for (int i = 0; i < nh; i++) {
        if (!isfinite(hl[i].y) || (p->log_y && hl[i].y <= 0)) continue;
        double a = axis_y(p, hl[i].y);
        if (a < ylo) ylo = a;
        if (a > yhi) yhi = a;
        if (hl[i].y < 0) data_nonneg = false;
        if (hl[i].y < 0 || hl[i].y > 1) data_unit = false;
    }
    if (!(ylo <= yhi)) {                    /* no finite data at all */
        ylo = p->log_y ? -1 : 0;
        yhi = p->log_y ? 0 : 1;
    } else if (yhi == ylo) {                /* constant: centre it in a small range */
        double pad = p->log_y ? 0.25 : (ylo != 0 ? fabs(ylo) * 0.1 : 1);
        ylo -= pad;
        yhi += pad;
    } else {
        double pad = (yhi - ylo) * 0.05;
        ylo -= pad;
        yhi += pad;
    }
    if (!p->log_y) {                        /* padding must not invent impossible values */
        if (data_nonneg && ylo < 0) ylo = 0;
        if (spec->yfmt == YFMT_PCT && data_unit && yhi > 1) yhi = 1;
        if (spec->yfmt == YFMT_PCT && data_unit && ylo < 0) ylo = 0;
    }
    sane_range(&ylo, &yhi);
    p->ylo = ylo;
    p->yhi = yhi;
}

/* ---------------------------------------------------------------- axis labels */

typedef struct { int row; char text[16]; } Tick;

/* Adds a tick unless its row is taken or touches a labelled row (labels need a gap). */
static void add_tick(Tick *t, int *nt, int row, const char *text)
{
    if (row < 0 || *nt >= MAX_TICKS) return;
    for (int i = 0; i < *nt; i++)
        if (t[i].row >= row - 1 && t[i].row <= row + 1) return;
    t[*nt].row = row;
    str_copy(t[*nt].text, sizeof t[*nt].text, text);
    (*nt)++;
}

static void fmt_linear(char *buf, size_t cap, double v, double step, YFmt yfmt)
{
    double scale = yfmt == YFMT_PCT ? 100 : 1;
    double sv = v * scale, sstep = step * scale;
    if (fabs(sv) < sstep * 1e-6) sv = 0;    /* no "-0.0" */
    int dec = sstep >= 1 ? 0 : sstep > 1e-6 ? (int)ceil(-log10(sstep) - 1e-9) : 6;
    if (dec > 6) dec = 6;
    char tmp[48];
    snprintf(tmp, sizeof tmp, yfmt == YFMT_PCT ? "%.*f%%" : "%.*f", dec, sv);
    if (strlen(tmp) > CHART_YLABEL_W) {
        chart_fmt_compact(tmp, sizeof tmp, sv);
        if (yfmt == YFMT_PCT) strcat(tmp, "%");
    }
    str_copy(buf, cap, tmp);
}

/* m * 10^e for a log axis: "0.01", "0.2", "500", "1e-3", "5e4" */
static void fmt_decade(char *buf, size_t cap, int m, int e, YFmt yfmt)
{
    if (yfmt == YFMT_PCT) e += 2;
    const char *pct = yfmt == YFMT_PCT ? "%" : "";
    if (e >= -2 && e <= 3) snprintf(buf, cap, "%.*f%s", e < 0 ? -e : 0, m * pow(10, e), pct);
    else snprintf(buf, cap, "%de%d%s", m, e, pct);
}

static int y_ticks(const Plot *p, Tick *t)
{
    int nt = 0, target = p->ph / 3 + 1;
    if (target < 2) target = 2;
    if (target > 8) target = 8;
    char buf[32];
    if (p->log_y) {
        int d0 = (int)ceil(p->ylo - 1e-9), d1 = (int)floor(p->yhi + 1e-9);
        if (d1 - d0 + 1 >= 2) {
            int every = (d1 - d0 + target - 1) / (target - 1);
            if (every < 1) every = 1;
            for (int e = d0; e <= d1; e += every) {
                fmt_decade(buf, sizeof buf, 1, e, p->yfmt);
                add_tick(t, &nt, row_of(p, e), buf);
            }
        } else {
            static const int M[3] = { 1, 2, 5 };
            for (int e = (int)floor(p->ylo) - 1; e <= (int)ceil(p->yhi); e++)
                for (int i = 0; i < 3; i++) {
                    double a = log10(M[i]) + e;
                    if (a < p->ylo - 1e-9 || a > p->yhi + 1e-9) continue;
                    fmt_decade(buf, sizeof buf, M[i], e, p->yfmt);
                    add_tick(t, &nt, row_of(p, a), buf);
                }
        }
    } else {
        double step = nice_step((p->yhi - p->ylo) / (target - 1));
        double k0 = ceil(p->ylo / step - 1e-9), k1 = floor(p->yhi / step + 1e-9);
        for (int i = 0; i <= 2 * MAX_TICKS && k0 + i <= k1 && nt < MAX_TICKS; i++) {
            double v = (k0 + i) * step;
            fmt_linear(buf, sizeof buf, v, step, p->yfmt);
            add_tick(t, &nt, row_of(p, v), buf);
        }
    }
    if (nt < 2) {                           /* a range too narrow for round numbers */
        nt = 0;
        for (int top = 1; top >= 0; top--) {
            double a = top ? p->yhi : p->ylo;
            double v = p->log_y ? pow(10, a) : a;
            if (p->yfmt == YFMT_PCT) v *= 100;
            chart_fmt_compact(buf, sizeof buf, v);
            if (p->yfmt == YFMT_PCT) strcat(buf, "%");
            t[nt].row = top ? p->py : p->py + p->ph - 1;
            str_copy(t[nt].text, sizeof t[nt].text, buf);
            nt++;
        }
    }
    return nt;
}

static void draw_axes(const Plot *p, const Tick *t, int nt)
{
    bool ascii = p->mode == GLYPH_ASCII;
    int ax = p->px - 1;
    for (int r = p->py; r < p->py + p->ph; r++) rect_put(p, ax, r, ascii ? '|' : CH_VLINE, COL_DIM, 0);
    for (int i = 0; i < nt; i++) {
        rect_put(p, ax, t[i].row, ascii ? '+' : CH_TICK, COL_DIM, 0);
        int len = text_cols(t[i].text);
        if (len > CHART_YLABEL_W) len = CHART_YLABEL_W;
        rect_text(p, ax - len, t[i].row, len, t[i].text, COL_DIM, 0);
    }
    int by = p->py + p->ph;
    rect_put(p, ax, by, ascii ? '+' : CH_CORNER, COL_DIM, 0);
    for (int c = p->px; c < p->px + p->pw; c++) rect_put(p, c, by, ascii ? '-' : CH_HLINE, COL_DIM, 0);

    /* step labels: first at the left, last right-aligned, middle centred if it fits */
    char a[24], m[24], b[24];
    chart_fmt_compact(a, sizeof a, p->xlo);
    chart_fmt_compact(b, sizeof b, p->xhi);
    /* the middle label is the round value (a multiple of a 1-2-5 step) nearest the middle */
    double step = nice_step((p->xhi - p->xlo) / 4), mid = (p->xlo + p->xhi) / 2;
    double mv = floor(mid / step + 0.5) * step;
    if (mv <= p->xlo || mv >= p->xhi) mv = mid;
    chart_fmt_compact(m, sizeof m, mv);
    int la = text_cols(a), lb = text_cols(b), lm = text_cols(m);
    int xa = p->px, xb = p->px + p->pw - lb;
    int xm = col_of(p, mv) - (lm - 1) / 2;
    rect_text(p, xa, by, la, a, COL_DIM, 0);
    if (xb > xa + la) rect_text(p, xb, by, lb, b, COL_DIM, 0);
    if (xm > xa + la + 1 && xm + lm < xb - 1) rect_text(p, xm, by, lm, m, COL_DIM, 0);
}

static void draw_title(const Plot *p, const ChartSpec *spec, const ChartSeries *s, int ns)
{
    int x0 = p->rx0, w = p->rx1 - p->rx0;
    int tl = spec->title ? rect_text(p, x0, p->ry0, w, spec->title, COL_ACCENT, ATTR_BOLD) : 0;
    if (!spec->legend) return;
    /* legend items: "g label", two spaces apart, right-aligned. When not every item fits after
     * the title (with a 2-column gap), the legend shrinks to the glyphs alone ("b 1 2", the
     * cards name them); items that still do not fit are dropped from the end */
    int items = 0;
    for (int k = 0; k < ns; k++) items += !s[k].faint && s[k].label;
    int total = 0, shown = 0, compact = 0;
    for (int pass = 0; pass < 2; pass++) {
        total = shown = 0;
        compact = pass;
        for (int k = 0; k < ns; k++) {
            if (s[k].faint || !s[k].label) continue;
            int iw = compact ? 1 + (shown ? 1 : 0) : 2 + text_cols(s[k].label) + (shown ? 2 : 0);
            if (tl + (tl ? 2 : 0) + total + iw > w) break;
            total += iw;
            shown++;
        }
        if (shown == items) break;
    }
    int x = x0 + w - total;
    for (int k = 0, i = 0; k < ns && i < shown; k++) {
        if (s[k].faint || !s[k].label) continue;
        if (i++) x += compact ? 1 : 2;
        rect_put(p, x, p->ry0, (unsigned char)s[k].glyph > ' ' ? (unsigned char)s[k].glyph : '*',
                 s[k].color, ATTR_BOLD);
        x += 1;
        if (!compact) x += 1 + rect_text(p, x + 1, p->ry0, -1, s[k].label, s[k].color, 0);
    }
}

/* Dashed reference lines, drawn before the data so that the data covers them. */
static void draw_hlines(const Plot *p, const ChartHLine *hl, int nh)
{
    for (int i = 0; i < nh; i++) {
        if (!isfinite(hl[i].y) || (p->log_y && hl[i].y <= 0)) continue;
        int row = row_of(p, axis_y(p, hl[i].y));
        if (row < 0) continue;
        for (int c = 0; c < p->pw; c++) {
            if (p->mode == GLYPH_ASCII) {
                if (c % 2 == 0) rect_put(p, p->px + c, row, '-', COL_REF, 0);
            } else {
                rect_put(p, p->px + c, row, CH_DASH, COL_REF, 0);
            }
        }
    }
}

/* Dotted vertical markers, drawn before the data. */
static void draw_vlines(const Plot *p, const ChartVLine *vl, int nv)
{
    for (int i = 0; i < nv; i++) {
        if (!isfinite(vl[i].x)) continue;
        int col = col_of(p, vl[i].x);
        if (col < 0) continue;
        for (int r = p->py; r < p->py + p->ph; r++)
            rect_put(p, col, r, p->mode == GLYPH_ASCII ? ':' : CH_DOTV, COL_REF, 0);
    }
}

/* True when cells [x, x + n) of a plot row hold neither data nor another label: blank, or a
 * reference line's own dash / dot. */
static bool cells_free(const Plot *p, int x, int row, int n)
{
    if (row < p->py || row >= p->py + p->ph) return false;
    for (int i = 0; i < n; i++) {
        const Cell *c = grid_at(p->g, x + i, row);
        if (!c || c->ch == ' ') continue;
        bool ref = c->color == COL_REF &&
                   (c->ch == CH_DASH || c->ch == CH_DOTV || c->ch == '-' || c->ch == ':');
        if (!ref) return false;
    }
    return true;
}

/* Labels of the reference lines, placed after the data: an hline's label sits at the right end
 * of its row, or of the row just above or below when the data has taken those cells (a collapsed
 * set-up sits exactly on its base rate); only when all three are taken does it cover the data.
 * A vline's label goes at the top of the plot, right of the marker (left when it does not fit). */
static void draw_ref_labels(const Plot *p, const ChartHLine *hl, int nh, const ChartVLine *vl, int nv)
{
    for (int i = 0; i < nh; i++) {
        if (!hl[i].label || !isfinite(hl[i].y) || (p->log_y && hl[i].y <= 0)) continue;
        int row = row_of(p, axis_y(p, hl[i].y)), len = text_cols(hl[i].label);
        if (row < 0 || len + 2 > p->pw) continue;
        int x = p->px + p->pw - len;
        const int cand[3] = { row, row - 1, row + 1 };
        int at = row;
        for (int k = 0; k < 3; k++)
            if (cells_free(p, x - 1, cand[k], len + 1)) { at = cand[k]; break; }
        rect_put(p, x - 1, at, ' ', COL_REF, 0);
        rect_text(p, x, at, len, hl[i].label, COL_REF, 0);
    }
    for (int i = 0; i < nv; i++) {
        if (!vl[i].label || !isfinite(vl[i].x)) continue;
        int col = col_of(p, vl[i].x);
        if (col < 0) continue;
        int len = text_cols(vl[i].label), right = p->px + p->pw, x;
        if (col + 1 + len <= right) x = col + 1;
        else if (col - len >= p->px) x = col - len;
        else { x = col + 1; len = right - col - 1; }
        if (len <= 0) continue;
        int at = cells_free(p, x, p->py, len) || !cells_free(p, x, p->py + 1, len) ? p->py : p->py + 1;
        rect_text(p, x, at, len, vl[i].label, COL_REF, 0);
    }
}

static void plot_column(const Plot *p, int dx, int lo, int hi, uint8_t color, uint8_t attr, uint32_t glyph)
{
    for (int d = lo; d <= hi; d++) plot_dot(p, dx, d, color, attr, glyph);
}

/* Axis units -> data value (the inverse of axis_y). */
static double data_y(const Plot *p, double a) { return p->log_y ? pow(10, a) : a; }

/* One pass over the series: each finite sample is a dot, joined to the previous finite sample;
 * a non-finite x or y breaks the line. Dense series put many samples into one dot column; the
 * union of their vertical joins is the span from the lowest to the highest, so a run of samples
 * in the same column is collected as [lo, hi] and drawn once (same dots, far fewer writes).
 * The run test is done in data units (the column's x interval, the plot's y band; the y mapping
 * is monotonic, log10 included), so the common case costs a few compares per sample. */
static void draw_series(const Plot *p, const ChartSeries *s)
{
    if (!s->y || s->n <= 0) return;
    uint8_t attr = s->faint ? ATTR_DIM : 0;
    uint32_t glyph = (unsigned char)s->glyph > ' ' ? (unsigned char)s->glyph : '*';
    const double xmax = p->X - 0.5, ymax = p->H - 0.5;
    const double yb0 = data_y(p, p->ylo - 0.5 / p->sy), yb1 = data_y(p, p->ylo + ymax / p->sy);
    bool have = false, run = false;         /* a run: the previous sample was inside, column rc */
    double lx = 0, ly = 0;                  /* previous sample, data units (y clamped for log) */
    double cx0 = 0, cx1 = 0, rlo = 0, rhi = 0;   /* run: column's x interval, y extremes */
    int rc = 0;
    for (int i = 0; i < s->n; i++) {
        double x = s->x ? s->x[i] : (double)i, y = s->y[i];
        if (!isfinite(x) || !isfinite(y)) {
            if (run) plot_column(p, rc, round_clamp(map_y(p, axis_y(p, rlo)), p->H - 1),
                                 round_clamp(map_y(p, axis_y(p, rhi)), p->H - 1), s->color, attr, glyph);
            run = have = false;
            continue;
        }
        if (p->log_y && y <= 0) y = p->floor_pos;
        if (run && x >= cx0 && x < cx1 && y >= yb0 && y < yb1) {   /* same column, inside */
            if (y < rlo) rlo = y;
            if (y > rhi) rhi = y;
            lx = x;
            ly = y;
            continue;
        }
        if (run) plot_column(p, rc, round_clamp(map_y(p, axis_y(p, rlo)), p->H - 1),
                             round_clamp(map_y(p, axis_y(p, rhi)), p->H - 1), s->color, attr, glyph);
        run = false;
        double fx = map_x(p, x), fy = map_y(p, axis_y(p, y));
        if (have) plot_segment(p, map_x(p, lx), map_y(p, axis_y(p, ly)), fx, fy, s->color, attr, glyph);
        else plot_segment(p, fx, fy, fx, fy, s->color, attr, glyph);
        if (fx >= -0.5 && fx < xmax && fy >= -0.5 && fy < ymax) {
            run = true;
            rc = (int)(fx + 0.5);
            cx0 = p->xlo + (rc - 0.5) / p->sx;
            cx1 = p->xlo + (rc + 0.5) / p->sx;
            rlo = rhi = y;
        }
        lx = x;
        ly = y;
        have = true;
    }
    if (run) plot_column(p, rc, round_clamp(map_y(p, axis_y(p, rlo)), p->H - 1),
                         round_clamp(map_y(p, axis_y(p, rhi)), p->H - 1), s->color, attr, glyph);
}

void chart_plot_area(int x0, int y0, int w, int h, int *px, int *py, int *pw, int *ph)
{
    *px = x0 + CHART_YLABEL_W + 1;
    *py = y0 + 1;
    *pw = w - CHART_YLABEL_W - 1;
    *ph = h - 2;
}

static void draw_end_labels(const Plot *p, const ChartSeries *s, int ns);

void chart_draw(Grid *g, int x0, int y0, int w, int h, const ChartSpec *spec,
                const ChartSeries *s, int ns, const ChartHLine *hl, int nh,
                const ChartVLine *vl, int nv)
{
    if (!g || !spec || w < 20 || h < 5) return;
    if (!s) ns = 0;
    if (!hl) nh = 0;
    if (!vl) nv = 0;
    Plot p = { .g = g, .rx0 = x0, .ry0 = y0, .rx1 = x0 + w, .ry1 = y0 + h, .mode = spec->mode,
               .yfmt = spec->yfmt };
    chart_plot_area(x0, y0, w, h, &p.px, &p.py, &p.pw, &p.ph);
    int end_labels = spec->end_labels && spec->mode != GLYPH_ASCII;   /* ASCII draws the glyphs */
    if (end_labels) p.pw -= 1;
    p.kx = spec->mode == GLYPH_ASCII ? 1 : 2;
    p.ky = spec->mode == GLYPH_BRAILLE ? 4 : spec->mode == GLYPH_BLOCK ? 2 : 1;
    p.X = p.pw * p.kx;
    p.H = p.ph * p.ky;
    compute_ranges(&p, spec, s, ns, hl, nh);
    p.sx = (p.X - 1) / (p.xhi - p.xlo);
    p.sy = (p.H - 1) / (p.yhi - p.ylo);

    /* the rectangle is ours: clear it (clipped to the grid) */
    grid_fill(g, x0, y0, w, h, ' ', COL_DEFAULT, 0);

    Tick t[MAX_TICKS];
    int nt = y_ticks(&p, t);
    draw_axes(&p, t, nt);
    draw_hlines(&p, hl, nh);                /* reference lines under the data */
    draw_vlines(&p, vl, nv);
    for (int k = 0; k < ns; k++)            /* faint series underneath */
        if (s[k].faint) draw_series(&p, &s[k]);
    for (int k = 0; k < ns; k++)
        if (!s[k].faint) draw_series(&p, &s[k]);
    draw_ref_labels(&p, hl, nh, vl, nv);
    draw_title(&p, spec, s, ns);
    if (end_labels) draw_end_labels(&p, s, ns);
}

/* Direct labels: the glyph of each bright series in the column right of the plot, at the row of
 * its last finite value; a glyph whose row is taken moves to the nearest free row. */
static void draw_end_labels(const Plot *p, const ChartSeries *s, int ns)
{
    int x = p->px + p->pw;
    for (int k = 0; k < ns; k++) {
        if (s[k].faint || !s[k].label || s[k].n < 1) continue;
        int j = s[k].n - 1;
        while (j >= 0 && !isfinite(s[k].y[j])) j--;
        if (j < 0) continue;
        int row = row_of(p, axis_y(p, s[k].y[j]));
        if (row < 0) continue;
        for (int d = 0; d < p->ph; d++) {
            int cand[2] = { row - d, row + d };
            int placed = 0;
            for (int c = 0; c < 2 && !placed; c++) {
                int r = cand[c];
                if (r < p->py || r >= p->py + p->ph) continue;
                Cell *cell = grid_at(p->g, x, r);
                if (!cell || cell->ch != ' ') continue;
                rect_put(p, x, r, (unsigned char)s[k].glyph > ' ' ? (unsigned char)s[k].glyph : '*', s[k].color, ATTR_BOLD);
                placed = 1;
            }
            if (placed) break;
        }
    }
}

/* ---------------------------------------------------------------- smoothing */

void smooth_ema(const double *in, double *out, int n, double w)
{
    if (n <= 0) return;
    bool constant = true;                   /* NaN != NaN, so a NaN makes it non-constant */
    for (int i = 1; i < n && constant; i++) constant = in[i] == in[0];
    if (constant && in[0] == in[0]) {
        if (out != in) memcpy(out, in, (size_t)n * sizeof *out);
        return;
    }
    double last = 0, wk = 1;                /* wk = w^k over the k finite points so far */
    for (int i = 0; i < n; i++) {
        double y = in[i];
        if (!isfinite(y)) { out[i] = y; continue; }
        last = last * w + (1 - w) * y;
        wk *= w;
        out[i] = w == 1 ? last : last / (1 - wk);
    }
}

/* ---------------------------------------------------------------- share bar */

void chart_share_bar(Grid *g, int x, int y, int w, double share1, GlyphMode mode, uint8_t color)
{
    if (!g || w <= 0) return;
    bool labels = w >= 5;
    int bx = labels ? x + 2 : x, bw = labels ? w - 4 : w;
    if (labels) {
        grid_put(g, x, y, '0', COL_DIM, 0);
        grid_put(g, x + 1, y, ' ', COL_DIM, 0);
        grid_put(g, x + w - 2, y, ' ', COL_DIM, 0);
        grid_put(g, x + w - 1, y, '1', COL_DIM, 0);
    }
    bool ascii = mode == GLYPH_ASCII;
    if (!isfinite(share1)) {
        for (int i = 0; i < bw; i++) grid_put(g, bx + i, y, ascii ? '-' : CH_HLINE, COL_DIM, 0);
        return;
    }
    double s1 = share1 < 0 ? 0 : share1 > 1 ? 1 : share1;
    int n0 = (int)floor((1 - s1) * bw + 0.5);
    for (int i = 0; i < bw; i++) {
        if (i < n0) grid_put(g, bx + i, y, ascii ? '#' : CH_SHADE_DARK, color, 0);
        else grid_put(g, bx + i, y, ascii ? '.' : CH_SHADE_LIGHT, color, ATTR_DIM);
    }
}

/* ---------------------------------------------------------------- histogram */

/* Sum of the bins that bar column c (of X) covers. */
static long hist_col(const long *counts, int nb, int c, int X)
{
    int b0 = (int)((long long)c * nb / X), b1 = (int)((long long)(c + 1) * nb / X);
    if (b1 <= b0) b1 = b0 + 1;
    long sum = 0;
    for (int b = b0; b < b1 && b < nb; b++) sum += counts[b] > 0 ? counts[b] : 0;
    return sum;
}

void chart_histogram(Grid *g, int x, int y, int w, int h, const long *counts, int nb,
                     GlyphMode mode, uint8_t color)
{
    if (!g || w < 1 || h < 2) return;
    int kx = mode == GLYPH_ASCII ? 1 : 2, ky = mode == GLYPH_BRAILLE ? 4 : mode == GLYPH_BLOCK ? 2 : 1;
    int bh = h - 1, X = w * kx, H = bh * ky;
    long max = 0;
    if (counts && nb > 0)
        for (int c = 0; c < X; c++) {
            long v = hist_col(counts, nb, c, X);
            if (v > max) max = v;
        }
    for (int cx = 0; cx < w; cx++) {
        int hts[2] = { 0, 0 };              /* bar height in dots, left and right column */
        for (int j = 0; j < kx && max > 0; j++) {
            long v = hist_col(counts, nb, cx * kx + j, X);
            int hd = (int)floor((double)v / (double)max * H + 0.5);
            if (v > 0 && hd < 1) hd = 1;    /* a non-empty bin stays visible */
            hts[j] = hd;
        }
        for (int r = 0; r < bh; r++) {      /* r counts rows from the bottom */
            int l = hts[0] - r * ky, rr = hts[1] - r * ky;
            l = l < 0 ? 0 : l > ky ? ky : l;
            rr = rr < 0 ? 0 : rr > ky ? ky : rr;
            uint32_t ch;
            if (mode == GLYPH_BRAILLE) ch = (l || rr) ? braille_bars(l, rr) : ' ';
            else if (mode == GLYPH_BLOCK)
                ch = QUAD[(l >= 1 ? 4 : 0) | (l >= 2 ? 1 : 0) | (rr >= 1 ? 8 : 0) | (rr >= 2 ? 2 : 0)];
            else ch = l ? '#' : ' ';
            grid_put(g, x + cx, y + bh - 1 - r, ch, color, 0);
        }
    }
    int ay = y + h - 1;
    for (int cx = 0; cx < w; cx++) grid_put(g, x + cx, ay, mode == GLYPH_ASCII ? '-' : CH_HLINE, COL_DIM, 0);
    grid_put(g, x, ay, '0', COL_DIM, 0);
    if (w >= 2) grid_put(g, x + w - 1, ay, '1', COL_DIM, 0);
    if (w >= 9) grid_text(g, x + (w - 3) / 2, ay, 3, "0.5", COL_DIM, 0);
}

/* ---------------------------------------------------------------- confusion matrix */

static void fmt_count(char *buf, size_t cap, long v)
{
    if (v < 100000) snprintf(buf, cap, "%ld", v);
    else chart_fmt_compact(buf, cap, (double)v);
}

void chart_confusion(Grid *g, int x, int y, const long cm[2][2], uint8_t color)
{
    if (!g || !cm) return;
    grid_fill(g, x, y, CHART_CONFUSION_W, CHART_CONFUSION_H, ' ', COL_DEFAULT, 0);
    grid_text(g, x + 7, y, 10, "    pred 0", COL_DIM, 0);
    grid_text(g, x + 18, y, 10, "    pred 1", COL_DIM, 0);
    long total = 0, correct = 0;
    for (int t = 0; t < 2; t++) {
        int row = y + 1 + t;
        grid_printf(g, x, row, 7, COL_DIM, 0, "true %d ", t);
        long n0 = cm[t][0] > 0 ? cm[t][0] : 0, n1 = cm[t][1] > 0 ? cm[t][1] : 0, sum = n0 + n1;
        total += sum;
        correct += t == 0 ? n0 : n1;
        for (int p = 0; p < 2; p++) {
            long v = p == 0 ? n0 : n1;
            char cnt[16], pct[16];
            fmt_count(cnt, sizeof cnt, v);
            if (sum > 0) snprintf(pct, sizeof pct, "%.0f%%", 100.0 * (double)v / (double)sum);
            else snprintf(pct, sizeof pct, "-");
            bool diag = p == t;
            grid_printf(g, x + 7 + p * 11, row, 10, diag ? color : COL_DEFAULT, diag ? ATTR_BOLD : 0,
                        "%5s %4s", cnt, pct);
        }
    }
    char n[16];
    fmt_count(n, sizeof n, total);
    if (total > 0)
        grid_printf(g, x, y + 3, CHART_CONFUSION_W, COL_DIM, 0, "acc %.1f%%  n %s",
                    100.0 * (double)correct / (double)total, n);
    else
        grid_text(g, x, y + 3, CHART_CONFUSION_W, "acc -  n 0", COL_DIM, 0);
}

/* ---------------------------------------------------------------- K classes */

static char class_char(int k) { return (char)(k < 10 ? '0' + k : 'a' + (k - 10)); }

int chart_confusion_k_w(int K) { return 4 + 4 * K; }

void chart_confusion_k(Grid *g, int x, int y, const long *cm, int K, uint8_t color)
{
    if (!g || !cm || K < 2) return;
    int w = chart_confusion_k_w(K);
    grid_fill(g, x, y, w, K + 2, ' ', COL_DEFAULT, 0);
    grid_text(g, x, y, 4, "t\\p", COL_DIM, 0);
    for (int p = 0; p < K; p++) grid_printf(g, x + 4 + 4 * p, y, 4, COL_DIM, 0, "%3c", class_char(p));
    long total = 0, correct = 0;
    for (int t = 0; t < K; t++) {
        int row = y + 1 + t;
        grid_printf(g, x, row, 4, COL_DIM, 0, "%2c ", class_char(t));
        long sum = 0;
        for (int p = 0; p < K; p++) sum += cm[t * K + p] > 0 ? cm[t * K + p] : 0;
        total += sum;
        correct += cm[t * K + t] > 0 ? cm[t * K + t] : 0;
        for (int p = 0; p < K; p++) {
            long v = cm[t * K + p] > 0 ? cm[t * K + p] : 0;
            char pct[8];
            if (sum > 0) snprintf(pct, sizeof pct, "%3.0f%%", 100.0 * (double)v / (double)sum);
            else snprintf(pct, sizeof pct, "   -");
            grid_text(g, x + 4 + 4 * p, row, 4, pct, p == t ? color : COL_DEFAULT, p == t ? ATTR_BOLD : 0);
        }
    }
    char n[16];
    fmt_count(n, sizeof n, total);
    if (total > 0)
        grid_printf(g, x, y + 1 + K, w, COL_DIM, 0, "acc %.1f%%  n %s", 100.0 * (double)correct / (double)total, n);
    else
        grid_text(g, x, y + 1 + K, w, "acc -  n 0", COL_DIM, 0);
}

void chart_class_bar(Grid *g, int x, int y, int w, const double *share, int K, GlyphMode mode, uint8_t color)
{
    if (!g || w <= 0 || K < 2) return;
    bool ascii = mode == GLYPH_ASCII;
    int cells[64] = {0};
    double rem[64];
    int used = 0, finite = 1;
    for (int k = 0; k < K && k < 64; k++) {
        double v = share[k];
        if (!isfinite(v)) finite = 0;
        v = !isfinite(v) || v < 0 ? 0 : v > 1 ? 1 : v;
        cells[k] = (int)floor(v * w);
        rem[k] = v * w - cells[k];
        used += cells[k];
    }
    if (!finite || used > w) {
        for (int i = 0; i < w; i++) grid_put(g, x + i, y, ascii ? '-' : CH_HLINE, COL_DIM, 0);
        return;
    }
    double tot = 0;
    for (int k = 0; k < K; k++) tot += rem[k];
    int extra = (int)floor(tot + 0.5);
    while (extra-- > 0 && used < w) {
        int best = 0;
        for (int k = 1; k < K; k++) if (rem[k] > rem[best]) best = k;
        if (rem[best] <= 0) break;
        cells[best]++;
        rem[best] = -1;
        used++;
    }
    int at = 0;
    for (int k = 0; k < K; k++)
        for (int i = 0; i < cells[k] && at < w; i++, at++)
            grid_put(g, x + at, y, (uint32_t)class_char(k), color, k % 2 ? ATTR_DIM : ATTR_REVERSE);
    for (; at < w; at++) grid_put(g, x + at, y, ' ', COL_DIM, 0);
}
