/* termtext — decoding, escaping and measuring terminal text. See termtext.h. */
#define _GNU_SOURCE 1   /* newlocale/uselocale, wcwidth */
#include "base/termtext.h"

#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* wcwidth needs a UTF-8 LC_CTYPE. The screen sets the user's locale; headless runs and the
 * command line keep "C", where wcwidth knows ASCII only: those calls run under C.UTF-8,
 * switched for the calling thread only (uselocale) and switched back before returning. */
typedef struct { locale_t loc, old; int tried; } LocSwitch;

static void loc_enter(LocSwitch *l)
{
    if (l->tried) return;
    l->tried = 1;
    if (MB_CUR_MAX > 1) return;                     /* already a multibyte (UTF-8) locale */
    l->loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    if (l->loc) l->old = uselocale(l->loc);
}

static void loc_leave(LocSwitch *l)
{
    if (l->loc) {
        uselocale(l->old);
        freelocale(l->loc);
    }
    memset(l, 0, sizeof *l);
}

/* -1: not printable (escape it); else 0, 1 or 2. Caller has entered a UTF-8 locale if it could. */
static int cols_in_locale(uint32_t cp)
{
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) return -1;
    if (cp < 0x7F) return 1;
    /* bidirectional controls and line separators reorder or break what follows: escape them */
    if (cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) ||
        (cp >= 0x2066 && cp <= 0x2069))
        return -1;
    if (MB_CUR_MAX == 1) return 1;                  /* no UTF-8 locale at all: one column each */
    int w = wcwidth((wchar_t)cp);
    return w < 0 ? -1 : w > 2 ? 2 : w;
}

int tt_cp_cols(uint32_t cp)
{
    if (cp < 0x7F) return cp >= 0x20 ? 1 : 0;
    LocSwitch l = { 0 };
    loc_enter(&l);
    int w = cols_in_locale(cp);
    loc_leave(&l);
    return w < 0 ? 0 : w;
}

static const char HEX[] = "0123456789abcdef";

static void set_escape(TTGlyph *g, unsigned char b)
{
    g->kind = TT_ESCAPE;
    g->cp = b;
    g->cols = 4;
    g->bytes = 1;
    g->esc[0] = '\\';
    g->esc[1] = 'x';
    g->esc[2] = HEX[b >> 4];
    g->esc[3] = HEX[b & 15];
    g->esc[4] = '\0';
}

/* The glyph at s; wide/mark decisions need the locale the caller entered (l may be NULL: then
 * the function enters one itself for a non-ASCII character). */
static void next_glyph(const char *str, int col, TTGlyph *g, LocSwitch *l)
{
    const unsigned char *s = (const unsigned char *)str;
    memset(g, 0, sizeof *g);
    unsigned char b = s[0];
    if (b == 0) { g->kind = TT_END; return; }
    if (b == '\t') {
        g->kind = TT_TAB_STOP;
        g->bytes = 1;
        g->cols = TT_TAB - (col % TT_TAB + TT_TAB) % TT_TAB;
        return;
    }
    if (b < 0x80) {
        if (b < 0x20 || b == 0x7F) { set_escape(g, b); return; }
        g->kind = TT_CHAR;
        g->cp = b;
        g->cols = 1;
        g->bytes = 1;
        return;
    }
    uint32_t cp, min;
    int n;
    if (b >= 0xC2 && b <= 0xDF) { n = 2; cp = b & 0x1F; min = 0x80; }
    else if (b >= 0xE0 && b <= 0xEF) { n = 3; cp = b & 0x0F; min = 0x800; }
    else if (b >= 0xF0 && b <= 0xF4) { n = 4; cp = b & 0x07; min = 0x10000; }
    else { set_escape(g, b); return; }          /* stray continuation byte, 0xC0/0xC1, 0xF5.. */
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) { set_escape(g, b); return; }   /* truncated (also at NUL) */
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) { set_escape(g, b); return; }
    LocSwitch own = { 0 };
    if (!l) l = &own;
    loc_enter(l);
    int w = cols_in_locale(cp);
    if (l == &own) loc_leave(&own);
    if (w < 0) { set_escape(g, b); return; }     /* C1 controls and the like: byte by byte */
    g->kind = w == 0 ? TT_MARK : TT_CHAR;
    g->cp = cp;
    g->cols = w;
    g->bytes = n;
}

void tt_next(const char *s, int col, TTGlyph *g) { next_glyph(s, col, g, NULL); }

int tt_width(const char *s, size_t n)
{
    if (!s) return 0;
    LocSwitch l = { 0 };
    int col = 0;
    size_t i = 0;
    while (i < n && s[i]) {
        TTGlyph g;
        next_glyph(s + i, col, &g, &l);
        if (i + (size_t)g.bytes > n) break;
        col += g.cols;
        i += (size_t)g.bytes;
    }
    loc_leave(&l);
    return col;
}

size_t tt_prefix(const char *s, size_t n, int cols)
{
    LocSwitch l = { 0 };
    int col = 0;
    size_t i = 0;
    while (i < n && s[i]) {
        TTGlyph g;
        next_glyph(s + i, col, &g, &l);
        if (i + (size_t)g.bytes > n || col + g.cols > cols) break;
        col += g.cols;
        i += (size_t)g.bytes;
    }
    /* combining marks after the last base character belong to it */
    while (i < n && s[i]) {
        TTGlyph g;
        next_glyph(s + i, col, &g, &l);
        if (g.kind != TT_MARK || i + (size_t)g.bytes > n) break;
        i += (size_t)g.bytes;
    }
    loc_leave(&l);
    return i;
}

int tt_sanitize(char *dst, size_t cap, const char *s, int max_cols, int expand_tabs)
{
    if (cap == 0) return 0;
    size_t o = 0;
    int col = 0;
    LocSwitch l = { 0 };
    int limit = max_cols;
    if (limit >= 0 && s && tt_width(s, (size_t)-1) > limit) limit = limit > 3 ? limit - 3 : limit;   /* room for "..." */
    else limit = -1;
    const char *p = s ? s : "";
    int clipped = 0;
    for (;;) {
        TTGlyph g;
        next_glyph(p, col, &g, &l);
        if (g.kind == TT_END) break;
        if (limit >= 0 && col + g.cols > limit) { clipped = 1; break; }
        char tmp[TT_TAB + 1];
        const char *out = p;
        size_t len = (size_t)g.bytes;
        if (g.kind == TT_ESCAPE) { out = g.esc; len = 4; }
        else if (g.kind == TT_TAB_STOP && expand_tabs) {
            memset(tmp, ' ', (size_t)g.cols);
            out = tmp;
            len = (size_t)g.cols;
        }
        if (o + len + 1 > cap) { clipped = 1; break; }
        memcpy(dst + o, out, len);
        o += len;
        col += g.cols;
        p += g.bytes;
    }
    loc_leave(&l);
    if (clipped && max_cols >= 0) {
        for (int k = 0; k < 3 && col < max_cols && o + 2 <= cap; k++) { dst[o++] = '.'; col++; }
    }
    dst[o] = '\0';
    return col;
}

static int put_safe(const char *s, FILE *f, int keep_newlines)
{
    LocSwitch l = { 0 };
    int col = 0, rc = 0;
    const char *p = s ? s : "";
    for (;;) {
        TTGlyph g;
        next_glyph(p, col, &g, &l);
        if (g.kind == TT_END) break;
        if (keep_newlines && *p == '\n') {
            rc |= fputc('\n', f) == EOF;
            col = 0;
            p++;
            continue;
        }
        if (g.kind == TT_ESCAPE) rc |= fputs(g.esc, f) == EOF;
        else if (g.kind == TT_TAB_STOP) { for (int k = 0; k < g.cols; k++) rc |= fputc(' ', f) == EOF; }
        else rc |= fwrite(p, 1, (size_t)g.bytes, f) != (size_t)g.bytes;
        col += g.cols;
        p += g.bytes;
    }
    loc_leave(&l);
    return rc ? EOF : 0;
}

int tt_fputs(const char *s, FILE *f) { return put_safe(s, f, 0); }

int tt_fputs_lines(const char *s, FILE *f) { return put_safe(s, f, 1); }

int tt_fput_padded(const char *s, int pad_cols, FILE *f)
{
    int rc = tt_fputs(s, f);
    for (int c = tt_width(s, (size_t)-1); c < pad_cols && rc != EOF; c++) rc = fputc(' ', f) == EOF ? EOF : 0;
    return rc;
}

void tt_msg(FILE *f, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0) buf[0] = '\0';
    fputs("losslab: ", f);
    tt_fputs(buf, f);
    fputc('\n', f);
}
