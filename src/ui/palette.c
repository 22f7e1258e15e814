/* palette — the colours of a white page. See palette.h. Owns nothing. */
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

Rgb palette_ink(void) { return (Rgb){ 0x22, 0x22, 0x22 }; }
Rgb palette_grey(void) { return (Rgb){ 0x66, 0x66, 0x66 }; }
Rgb palette_accent(void) { return (Rgb){ 0x00, 0x5f, 0x87 }; }

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
