/* grid — the character + attribute grid every panel renders into (see grid.h).
 * Owns the Grid's cell array and the UTF-8 handling: grid_text decodes (strictly: overlongs,
 * surrogates and code points above U+10FFFF are invalid and become '?', one '?' per bad byte),
 * utf8_encode / grid_to_text encode. Every write is clipped to the grid; nothing here faults on
 * out-of-range coordinates. No ncurses: screen.c blits the finished grid. */
#include "ui/grid.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

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
    for (size_t i = 0; i < n; i++) g->cells[i] = (Cell){ ' ', COL_DEFAULT, 0 };
}

Cell *grid_at(Grid *g, int x, int y)
{
    if (x < 0 || y < 0 || x >= g->w || y >= g->h) return NULL;
    return &g->cells[(size_t)y * (size_t)g->w + (size_t)x];
}

void grid_put(Grid *g, int x, int y, uint32_t ch, uint8_t color, uint8_t attr)
{
    Cell *c = grid_at(g, x, y);
    if (c) *c = (Cell){ ch, color, attr };
}

/* Decodes one UTF-8 scalar from s. Sets *len to the bytes consumed (>= 1). Returns the code
 * point, or '?' for an invalid byte (then *len == 1 so decoding resynchronises on the next
 * byte). Control characters (C0, DEL, C1) also come back as '?': they must never reach the
 * terminal as raw bytes. */
static uint32_t utf8_decode(const unsigned char *s, int *len)
{
    unsigned char b = s[0];
    uint32_t cp, min;
    int n;
    *len = 1;
    if (b < 0x80) return (b < 0x20 || b == 0x7F) ? '?' : b;
    if (b >= 0xC2 && b <= 0xDF) { n = 2; cp = b & 0x1F; min = 0x80; }
    else if (b >= 0xE0 && b <= 0xEF) { n = 3; cp = b & 0x0F; min = 0x800; }
    else if (b >= 0xF0 && b <= 0xF4) { n = 4; cp = b & 0x07; min = 0x10000; }
    else return '?';                        /* stray continuation byte, 0xC0/0xC1, 0xF5.. */
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return '?';   /* truncated: also stops at the NUL */
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return '?';
    *len = n;
    return (cp >= 0x80 && cp < 0xA0) ? '?' : cp;
}

int grid_text(Grid *g, int x, int y, int max_w, const char *utf8, uint8_t color, uint8_t attr)
{
    if (!utf8) return 0;
    int limit = g->w - x;                   /* columns to the grid's right edge */
    if (max_w >= 0 && max_w < limit) limit = max_w;
    const unsigned char *s = (const unsigned char *)utf8;
    int col = 0;
    while (*s && col < limit) {
        int len;
        uint32_t cp = utf8_decode(s, &len);
        s += len;
        grid_put(g, x + col, y, cp, color, attr);   /* clips x < 0 and rows off the grid */
        col++;
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
        for (int xx = x; xx < x1; xx++)
            g->cells[(size_t)yy * (size_t)g->w + (size_t)xx] = (Cell){ ch, color, attr };
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
    /* at most 4 bytes per cell plus a newline per row and the NUL */
    size_t cap = (size_t)g->w * (size_t)g->h * 4 + (size_t)g->h + 1;
    char *out = xmalloc(cap), *p = out;
    for (int y = 0; y < g->h; y++) {
        for (int x = 0; x < g->w; x++) {
            uint32_t ch = g->cells[(size_t)y * (size_t)g->w + (size_t)x].ch;
            char tmp[5];
            int n = utf8_encode(ch ? ch : ' ', tmp);
            for (int i = 0; i < n; i++) *p++ = tmp[i];
        }
        *p++ = '\n';
    }
    *p = 0;
    return out;
}
