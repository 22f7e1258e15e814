/* termtext — the one way text reaches a terminal: decoding, escaping and measuring by columns.
 * Everything losslab shows (the screen's grid, stderr messages, the `lessons` listing, the
 * headless lesson transcript) goes through tt_next, so that
 *   - control bytes (C0 except tab, DEL, C1) and invalid UTF-8 bytes never reach the terminal raw:
 *     each is shown as the four characters \xNN (invalid UTF-8: one escape per byte; overlongs,
 *     surrogates and code points above U+10FFFF are invalid);
 *   - widths are display columns, from wcwidth: East Asian wide glyphs take two, combining marks
 *     and other zero-width characters none, a tab advances to the next multiple of 8 columns
 *     (counted from the start of the text measured, or from TTState.col).
 * wcwidth is asked under a UTF-8 LC_CTYPE (C.UTF-8 for the call when the program's locale is not
 * UTF-8, e.g. headless runs that never call setlocale); without one, every printable non-ASCII
 * character counts one column.
 * Owns nothing: every function writes into caller buffers or returns a number. */
#ifndef LOSSLAB_TERMTEXT_H
#define LOSSLAB_TERMTEXT_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define TT_TAB 8                 /* tab stops every 8 columns */

typedef enum {
    TT_END,                      /* end of the text (NUL) */
    TT_CHAR,                     /* cp, cols = 1 or 2 */
    TT_MARK,                     /* cp, cols = 0: a combining mark / zero-width character */
    TT_TAB_STOP,                 /* a tab: cols = spaces to the next tab stop */
    TT_ESCAPE                    /* a control or invalid byte: esc[] = "\xNN", cols = 4 */
} TTKind;

typedef struct {
    TTKind kind;
    uint32_t cp;                 /* TT_CHAR, TT_MARK */
    int cols;                    /* display columns */
    int bytes;                   /* bytes of the source consumed */
    char esc[5];                 /* TT_ESCAPE: "\xNN" */
} TTGlyph;

/* Decodes the next glyph of s (at column col, for tabs). Never reads past the NUL. */
void tt_next(const char *s, int col, TTGlyph *g);
/* Display columns of a code point: 0, 1 or 2 (controls: 0; see the header for the locale). */
int  tt_cp_cols(uint32_t cp);
/* Display columns of s (at most n bytes; n = (size_t)-1: to the NUL), tabs from column 0. */
int  tt_width(const char *s, size_t n);
/* Bytes of the longest prefix of s (at most n bytes) that fits in cols columns, never splitting
 * a glyph; a combining mark stays with its base. */
size_t tt_prefix(const char *s, size_t n, int cols);
/* s made safe to print: control and invalid bytes as \xNN, tabs as spaces (expand_tabs != 0) or
 * kept, clipped to max_cols display columns (< 0: no limit) with "..." when clipped (the dots
 * count in max_cols). Always NUL-terminated within cap. Returns the columns written. */
int  tt_sanitize(char *dst, size_t cap, const char *s, int max_cols, int expand_tabs);
/* Writes s to f made safe (as tt_sanitize, tabs expanded, no clipping): one line, a newline in
 * s is written as \x0a. Returns fputs's result convention: EOF on a write error. */
int  tt_fputs(const char *s, FILE *f);
/* The same for text of several lines (a transcript): newlines are kept, tabs expand per line. */
int  tt_fputs_lines(const char *s, FILE *f);
/* One message line on f (stderr): "losslab: " + the formatted text made safe (as tt_fputs, so
 * a file name with a newline or an escape sequence stays on the line, inert) + "\n". */
void tt_msg(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Writes s padded with spaces to pad_cols display columns (no clipping). */
int  tt_fput_padded(const char *s, int pad_cols, FILE *f);

#endif
