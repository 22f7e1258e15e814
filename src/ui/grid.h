/* grid — a character + attribute grid: what the screen shows, built without ncurses.
 * Charts, cards and panels render into a Grid (pure C, unit-tested); screen.c only blits it.
 * A Grid owns its cell array; grid_free releases it. Code points are Unicode scalars. Text is
 * measured in display columns (base/termtext.h): a wide glyph fills its cell and the next one,
 * which holds GRID_CONT; a combining mark rides in its base cell's `mark`. Writing over either
 * half of a wide glyph blanks the other half, so a wide glyph is always whole or gone.
 * Writes outside the grid are clipped, never a fault. */
#ifndef LOSSLAB_GRID_H
#define LOSSLAB_GRID_H
#include <stdint.h>

/* Colours: 0 = the terminal's default. Set-up colours are COL_SETUP0 + the row's Hue (setup.h). */
enum {
    COL_DEFAULT = 0,
    COL_DIM,        /* axes, labels, faint raw series */
    COL_GOOD,       /* HEALTHY, checks passed */
    COL_BAD,        /* COLLAPSED, DIVERGED, failed checks */
    COL_WARN,       /* FROZEN, LOSS-DISAGREES */
    COL_ACCENT,     /* header, titles */
    COL_REF,        /* reference lines (base rates) */
    COL_SETUP0,     /* set-ups use COL_SETUP0 + hue, hue < HUE_COUNT (7) */
    COL_COUNT = COL_SETUP0 + 7
};

enum { ATTR_BOLD = 1, ATTR_DIM = 2, ATTR_REVERSE = 4, ATTR_UNDERLINE = 8 };

#define GRID_CONT 0xFFFFFFFFu   /* the right half of the wide glyph in the cell to the left */

typedef struct { uint32_t ch; uint8_t color; uint8_t attr; uint32_t mark; } Cell;   /* mark: 0 or one combining code point */

typedef struct { int w, h; Cell *cells; } Grid;

void grid_init(Grid *g, int w, int h);       /* allocates, fills with spaces */
void grid_free(Grid *g);
void grid_resize(Grid *g, int w, int h);     /* contents cleared */
void grid_clear(Grid *g);
Cell *grid_at(Grid *g, int x, int y);        /* NULL outside */
void grid_put(Grid *g, int x, int y, uint32_t ch, uint8_t color, uint8_t attr);
/* Writes UTF-8 text from (x, y), clipped at max_w columns (max_w < 0: to the grid edge), as
 * termtext decodes it: control characters and invalid UTF-8 bytes show as \xNN, a tab advances
 * to the next multiple of 8 columns from x, a wide glyph takes two columns (or stops the text if
 * only one is left), a combining mark joins the glyph before it. Returns the number of columns
 * written (for x < 0: the columns consumed, including the clipped ones, so x + result is the
 * next column). */
int  grid_text(Grid *g, int x, int y, int max_w, const char *utf8, uint8_t color, uint8_t attr);
int  grid_printf(Grid *g, int x, int y, int max_w, uint8_t color, uint8_t attr, const char *fmt, ...)
     __attribute__((format(printf, 7, 8)));
void grid_fill(Grid *g, int x, int y, int w, int h, uint32_t ch, uint8_t color, uint8_t attr);
/* A box with a title in the top border; ascii != 0 draws +-| instead of box-drawing lines. */
void grid_box(Grid *g, int x, int y, int w, int h, const char *title, uint8_t color, int ascii);
/* Encodes one code point as UTF-8 into out (>= 5 bytes), returns the byte count. */
int  utf8_encode(uint32_t cp, char *out);
/* The grid as plain UTF-8 text, one line per row, trailing spaces kept (for tests); a wide glyph
 * is written once (its GRID_CONT cell adds nothing). Caller frees. */
char *grid_to_text(const Grid *g);

#endif
