/* palette — every colour losslab draws with, in one place: a cell colour (ui/grid.h COL_*) as the
 * terminal's own 8 ANSI colours (the live screen and the cast), and as dark inks on a white page
 * (the SVG slides, and the projector mode, which paints its own white background so it looks the
 * same on a dark or a light terminal theme and survives a washed-out projector). Owns nothing. */
#ifndef LOSSLAB_PALETTE_H
#define LOSSLAB_PALETTE_H
#include "setup/setup.h"
#include "train/diagnose.h"
#include "ui/grid.h"

typedef struct {
    unsigned char r, g, b;
} Rgb;

Rgb palette_hue(Hue h);               /* a set-up's line and key */
Rgb palette_severity(Severity s);     /* a diagnosis word: good green, warn amber, bad red, info grey */
Rgb palette_paper(void);              /* the page itself: white */
Rgb palette_ink(void);                /* text */
Rgb palette_grey(void);               /* axes, labels, reference lines */
Rgb palette_accent(void);             /* header and titles */
/* "#rrggbb" into out (8 bytes). */
void palette_hex(Rgb c, char out[8]);
/* The nearest colour of xterm's 256 by squared distance in RGB: the 6x6x6 cube (16-231; 231 is
 * white), and for a grey (channels within 16) also the grey ramp (232-255). */
int palette_xterm256(Rgb c);

/* A cell colour as one of the terminal's 8 ANSI colours (0-7, the order of curses's COLOR_*),
 * or -1 for the terminal's default (COL_DEFAULT, COL_DIM, COL_REF). */
int palette_ansi(uint8_t color);
/* A cell colour on the white page. */
Rgb palette_page(uint8_t color);
/* The page as xterm-256 colours, once for every cell colour (a terminal's colour pairs, a cast's
 * escapes): fg[c] the ink of colour c, *paper the page itself. */
void palette_page_xterm256(int fg[COL_COUNT], int *paper);
/* A cell's attributes as drawn (ATTR_* bits): on the page nothing is dim (a projector loses it)
 * and colours are bold; on the terminal's background DIM, COL_DIM and COL_REF are dim. */
uint8_t palette_attr(uint8_t color, uint8_t attr, int page);

#endif
