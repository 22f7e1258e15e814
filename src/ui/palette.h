/* palette — the colours of a white page, shared by the SVG slides and the projector screen (which
 * paints its own white background, so it looks the same on a dark or a light terminal theme and
 * survives a washed-out projector). One table: a set-up's hue and a diagnosis's severity, each
 * dark enough to read on white. Owns nothing. */
#ifndef LOSSLAB_PALETTE_H
#define LOSSLAB_PALETTE_H
#include "setup/setup.h"
#include "train/diagnose.h"

typedef struct {
    unsigned char r, g, b;
} Rgb;

Rgb palette_hue(Hue h);               /* a set-up's line and key */
Rgb palette_severity(Severity s);     /* a diagnosis word: good green, warn amber, bad red, info grey */
Rgb palette_ink(void);                /* text */
Rgb palette_grey(void);               /* axes, labels, reference lines */
Rgb palette_accent(void);             /* header and titles */
/* "#rrggbb" into out (8 bytes). */
void palette_hex(Rgb c, char out[8]);
/* The nearest colour of xterm's 256 by squared distance in RGB: the 6x6x6 cube (16-231; 231 is
 * white), and for a grey (channels within 16) also the grey ramp (232-255). */
int palette_xterm256(Rgb c);

#endif
