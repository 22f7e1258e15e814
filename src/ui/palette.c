/* palette — every colour losslab draws with. See palette.h. Owns nothing. */
#include "ui/palette.h"

#include <stdio.h>

static const Rgb HUES[HUE_COUNT] = {
    [HUE_CYAN] = { 0x00, 0x83, 0x8f }, [HUE_YELLOW] = { 0xb0, 0x7d, 0x00 }, [HUE_MAGENTA] = { 0xad, 0x1f, 0x8c },
    [HUE_GREEN] = { 0x2e, 0x7d, 0x32 }, [HUE_BLUE] = { 0x1f, 0x4f, 0xbf },  [HUE_RED] = { 0xc6, 0x28, 0x28 },
    [HUE_WHITE] = { 0x55, 0x55, 0x55 },   /* white on a dark page is dark grey on a white one */
};

Rgb palette_hue(Hue h) { return (int)h >= 0 && h < HUE_COUNT ? HUES[h] : HUES[HUE_WHITE]; }

Rgb palette_severity(Severity s)
{
    return s == SEV_GOOD ? HUES[HUE_GREEN] : s == SEV_WARN ? HUES[HUE_YELLOW] : s == SEV_BAD ? HUES[HUE_RED] : palette_grey();
}

Rgb palette_paper(void) { return (Rgb){ 0xff, 0xff, 0xff }; }
Rgb palette_ink(void) { return (Rgb){ 0x22, 0x22, 0x22 }; }
Rgb palette_grey(void) { return (Rgb){ 0x66, 0x66, 0x66 }; }
Rgb palette_accent(void) { return (Rgb){ 0x00, 0x5f, 0x87 }; }

int palette_ansi(uint8_t color)
{
    enum { BLACK, RED, GREEN, YELLOW, BLUE, MAGENTA, CYAN, WHITE };
    static const int HUE_ANSI[HUE_COUNT] = {
        [HUE_CYAN] = CYAN, [HUE_YELLOW] = YELLOW, [HUE_MAGENTA] = MAGENTA, [HUE_GREEN] = GREEN,
        [HUE_BLUE] = BLUE, [HUE_RED] = RED,       [HUE_WHITE] = WHITE,
    };
    switch (color) {
    case COL_GOOD: return GREEN;
    case COL_BAD: return RED;
    case COL_WARN: return YELLOW;
    case COL_ACCENT: return CYAN;
    default: return color >= COL_SETUP0 && color < COL_SETUP0 + HUE_COUNT ? HUE_ANSI[color - COL_SETUP0] : -1;
    }
}

Rgb palette_page(uint8_t color)
{
    switch (color) {
    case COL_GOOD: return palette_severity(SEV_GOOD);
    case COL_BAD: return palette_severity(SEV_BAD);
    case COL_WARN: return palette_severity(SEV_WARN);
    case COL_ACCENT: return palette_accent();
    case COL_DIM: case COL_REF: return palette_grey();
    default: return color >= COL_SETUP0 && color < COL_SETUP0 + HUE_COUNT ? palette_hue((Hue)(color - COL_SETUP0)) : palette_ink();
    }
}

uint8_t palette_attr(uint8_t color, uint8_t attr, int page)
{
    uint8_t a = attr & (ATTR_BOLD | ATTR_REVERSE | ATTR_UNDERLINE);
    if (page) {
        if (color >= COL_SETUP0 || color == COL_GOOD || color == COL_BAD || color == COL_WARN) a |= ATTR_BOLD;
    } else if ((attr & ATTR_DIM) || color == COL_DIM || color == COL_REF) {
        a |= ATTR_DIM;
    }
    return a;
}

void palette_hex(Rgb c, char out[8]) { snprintf(out, 8, "#%02x%02x%02x", c.r, c.g, c.b); }

static long dist2(Rgb a, int r, int g, int b)
{
    long dr = a.r - r, dg = a.g - g, db = a.b - b;
    return dr * dr + dg * dg + db * db;
}

int palette_xterm256(Rgb c)
{
    static const int LEVEL[6] = { 0, 95, 135, 175, 215, 255 };
    int best = 16;
    long bd = -1;
    for (int r = 0; r < 6; r++)
        for (int g = 0; g < 6; g++)
            for (int b = 0; b < 6; b++) {
                long d = dist2(c, LEVEL[r], LEVEL[g], LEVEL[b]);
                if (bd < 0 || d < bd) bd = d, best = 16 + 36 * r + 6 * g + b;
            }
    int lo = c.r < c.g ? (c.r < c.b ? c.r : c.b) : (c.g < c.b ? c.g : c.b);
    int hi = c.r > c.g ? (c.r > c.b ? c.r : c.b) : (c.g > c.b ? c.g : c.b);
    if (hi - lo > 16) return best;   /* a colour stays a colour: a muted green is not a grey */
    for (int i = 0; i < 24; i++) {
        int v = 8 + 10 * i;
        long d = dist2(c, v, v, v);
        if (d < bd) bd = d, best = 232 + i;
    }
    return best;
}

void palette_page_xterm256(int fg[COL_COUNT], int *paper)
{
    for (int c = 0; c < COL_COUNT; c++) fg[c] = palette_xterm256(palette_page((uint8_t)c));
    *paper = palette_xterm256(palette_paper());
}
