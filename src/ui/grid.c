/* grid — the character + attribute grid every panel renders into (see grid.h).
 * Owns the Grid's cell array; grid_text decodes and measures through base/termtext (escapes,
 * display widths, tabs), utf8_encode / grid_to_text encode. Every write is clipped to the grid; nothing here faults on
 * out-of-range coordinates. No ncurses: screen.c blits the finished grid. */
#include "ui/grid.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/termtext.h"
#include "base/xalloc.h"

void grid_init(Grid *g, int w, int h)
{
    if (w < 0) w = 0;
    if (h < 0) h = 0;
    g->w = w;
    g->h = h;
    g->cells = xmalloc((size_t)w * (size_t)h * sizeof(Cell));
    grid_clear(g);
}

void grid_free(Grid *g)
{
    free(g->cells);
    g->cells = NULL;
    g->w = g->h = 0;
}

void grid_resize(Grid *g, int w, int h)
{
    grid_free(g);
    grid_init(g, w, h);
}

void grid_clear(Grid *g)
{
    size_t n = (size_t)g->w * (size_t)g->h;
    for (size_t i = 0; i < n; i++) g->cells[i] = (Cell){ ' ', COL_DEFAULT, 0, 0 };
}

Cell *grid_at(Grid *g, int x, int y)
{
    if (x < 0 || y < 0 || x >= g->w || y >= g->h) return NULL;
    return &g->cells[(size_t)y * (size_t)g->w + (size_t)x];
}

/* Writes one cell, keeping wide glyphs whole: overwriting either half blanks the other. */
static void cell_set(Grid *g, int x, int y, Cell v)
{
    Cell *c = grid_at(g, x, y);
    if (!c) return;
    if (c->ch == GRID_CONT && x > 0) c[-1] = (Cell){ ' ', c[-1].color, c[-1].attr, 0 };
    if (x + 1 < g->w && c[1].ch == GRID_CONT) c[1] = (Cell){ ' ', c[1].color, c[1].attr, 0 };
    *c = v;
}

void grid_put(Grid *g, int x, int y, uint32_t ch, uint8_t color, uint8_t attr)
{
    cell_set(g, x, y, (Cell){ ch, color, attr, 0 });
}

int grid_text(Grid *g, int x, int y, int max_w, const char *utf8, uint8_t color, uint8_t attr)
{
    if (!utf8) return 0;
    int limit = g->w - x;                   /* columns to the grid's right edge */
    if (max_w >= 0 && max_w < limit) limit = max_w;
    const char *s = utf8;
    int col = 0;
    while (col < limit) {
        TTGlyph gl;
        tt_next(s, col, &gl);
        if (gl.kind == TT_END || col + gl.cols > limit) break;
        s += gl.bytes;
        switch (gl.kind) {
        case TT_CHAR:
            if (gl.cols == 2 && x + col < 0) {          /* half clipped off the left edge */
                cell_set(g, x + col + 1, y, (Cell){ ' ', color, attr, 0 });
            } else {
                cell_set(g, x + col, y, (Cell){ gl.cp, color, attr, 0 });   /* clips rows off the grid */
                if (gl.cols == 2) cell_set(g, x + col + 1, y, (Cell){ GRID_CONT, color, attr, 0 });
            }
            break;
        case TT_MARK: {     /* joins the glyph before it, if this text wrote one */
            Cell *b = col > 0 ? grid_at(g, x + col - 1, y) : NULL;
            if (b && b->ch == GRID_CONT) b = grid_at(g, x + col - 2, y);
            if (b && !b->mark && b->ch != ' ') b->mark = gl.cp;
            break;
        }
        case TT_TAB_STOP:
            for (int k = 0; k < gl.cols; k++) cell_set(g, x + col + k, y, (Cell){ ' ', color, attr, 0 });
            break;
        case TT_ESCAPE:
            for (int k = 0; k < 4; k++) cell_set(g, x + col + k, y, (Cell){ (unsigned char)gl.esc[k], color, attr, 0 });
            break;
        default:
            break;
        }
        col += gl.cols;
    }
    return col;
}

int grid_printf(Grid *g, int x, int y, int max_w, uint8_t color, uint8_t attr, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0) return 0;
    if ((size_t)n < sizeof buf) return grid_text(g, x, y, max_w, buf, color, attr);
    char *big = xmalloc((size_t)n + 1);     /* rare: longer than any screen row */
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    int cols = grid_text(g, x, y, max_w, big, color, attr);
    free(big);
    return cols;
}

void grid_fill(Grid *g, int x, int y, int w, int h, uint32_t ch, uint8_t color, uint8_t attr)
{
    int x1 = x + w, y1 = y + h;
    if (x < 0) x = 0;
    if (y < 0) y = 0;
    if (x1 > g->w) x1 = g->w;
    if (y1 > g->h) y1 = g->h;
    for (int yy = y; yy < y1; yy++)
        for (int xx = x; xx < x1; xx++) {
            if (xx == x || xx == x1 - 1) cell_set(g, xx, yy, (Cell){ ch, color, attr, 0 });   /* edges: keep wide glyphs whole */
            else g->cells[(size_t)yy * (size_t)g->w + (size_t)xx] = (Cell){ ch, color, attr, 0 };
        }
}

/* ┌ title ───┐      +-title---+
 * │          │  or  |         |
 * └──────────┘      +---------+
 * The title sits one cell in from the corner with a space either side; it is clipped so that
 * at least one border cell remains before the right corner. */
void grid_box(Grid *g, int x, int y, int w, int h, const char *title, uint8_t color, int ascii)
{
    if (w < 2 || h < 2) return;
    uint32_t hz = ascii ? '-' : 0x2500, vt = ascii ? '|' : 0x2502;
    uint32_t tl = ascii ? '+' : 0x250C, tr = ascii ? '+' : 0x2510;
    uint32_t bl = ascii ? '+' : 0x2514, br = ascii ? '+' : 0x2518;
    for (int i = 1; i < w - 1; i++) {
        grid_put(g, x + i, y, hz, color, 0);
        grid_put(g, x + i, y + h - 1, hz, color, 0);
    }
    for (int j = 1; j < h - 1; j++) {
        grid_put(g, x, y + j, vt, color, 0);
        grid_put(g, x + w - 1, y + j, vt, color, 0);
    }
    grid_put(g, x, y, tl, color, 0);
    grid_put(g, x + w - 1, y, tr, color, 0);
    grid_put(g, x, y + h - 1, bl, color, 0);
    grid_put(g, x + w - 1, y + h - 1, br, color, 0);
    if (title && *title && w >= 5) {
        /* room: corner, space, title, space, at least one border cell, corner */
        grid_put(g, x + 1, y, ' ', color, 0);
        int n = grid_text(g, x + 2, y, w - 5, title, color, ATTR_BOLD);
        grid_put(g, x + 2 + n, y, ' ', color, 0);
    }
}

/* Encodes cp as UTF-8; anything that is not a Unicode scalar value becomes U+FFFD. */
int utf8_encode(uint32_t cp, char *out)
{
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out[0] = (char)cp;
        out[1] = 0;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        out[2] = 0;
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        out[3] = 0;
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    out[4] = 0;
    return 4;
}

char *grid_to_text(const Grid *g)
{
    /* at most 8 bytes per cell (a glyph and a mark) plus a newline per row and the NUL */
    size_t cap = (size_t)g->w * (size_t)g->h * 8 + (size_t)g->h + 1;
    char *out = xmalloc(cap), *p = out;
    for (int y = 0; y < g->h; y++) {
        for (int x = 0; x < g->w; x++) {
            const Cell *c = &g->cells[(size_t)y * (size_t)g->w + (size_t)x];
            if (c->ch == GRID_CONT) continue;
            char tmp[5];
            int n = utf8_encode(c->ch ? c->ch : ' ', tmp);
            for (int i = 0; i < n; i++) *p++ = tmp[i];
            if (c->mark) {
                n = utf8_encode(c->mark, tmp);
                for (int i = 0; i < n; i++) *p++ = tmp[i];
            }
        }
        *p++ = '\n';
    }
    *p = 0;
    return out;
}
