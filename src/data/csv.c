/* csv — reading and writing datasets as CSV (data_read_csv, data_write_csv).
 * Format: one sample per row, its T*F feature values in time-major order (step 0's F values,
 * then step 1's, ...) followed by a class label (0..K-1, a plain integer). data_write_csv names the columns f<f>_t<t> (feature
 * f at step t), e.g. f0_t0,f1_t0,...,f9_t0,f0_t1,...,f9_t4,label. On reading, the first line is a
 * header if any of its cells is non-empty and not a number; a UTF-8 byte-order mark, spaces and
 * tabs around cells, \r\n line ends, a missing final newline and blank lines are accepted.
 * Numbers are read and written in the C locale whatever setlocale() the program made (uselocale),
 * integers are written as integers and everything else with %.9g, so write -> read is bit-exact.
 * Errors: one line "path:line:column: message" (column = 1-based character column of the cell
 * at fault, not counting a byte-order mark); I/O failures, which have no position, are "path: cannot open/read/write: strerror".
 * Owns nothing beyond the Dataset it fills (x, y, card; freed by data_free) and its own line
 * buffer, freed before returning. Memory: x and y grow geometrically, then shrink to fit; a line
 * is capped at CSV_LINE_MAX bytes. Writing goes through base/atomic (all of the file or none). */
#include "data/data.h"
#include "base/atomic.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "base/atomic.h"
#include "base/xalloc.h"

#define CSV_CARD_LIMIT 65536   /* integers >= this make card 0: an ID column, not categories */
#define CSV_QUOTE_MAX 24       /* characters of a bad cell quoted in an error */

#if defined(__GNUC__)
#define CSV_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define CSV_PRINTF(a, b)
#endif

typedef enum { CELL_OK, CELL_EMPTY, CELL_BAD, CELL_NONFINITE } CellKind;

typedef struct {
    const char *path;
    char *err;
    size_t errlen;
    const volatile sig_atomic_t *stop;   /* may be NULL */
} CsvCtx;

static int csv_error(const CsvCtx *c, long line, long col, const char *fmt, ...) CSV_PRINTF(4, 5);
static int csv_error(const CsvCtx *c, long line, long col, const char *fmt, ...)
{
    int n = snprintf(c->err, c->errlen, "%s:%ld:%ld: ", c->path, line, col);
    if (n >= 0 && (size_t)n < c->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int csv_io_error(const CsvCtx *c, const char *what, int errnum)
{
    snprintf(c->err, c->errlen, "%s: cannot %s: %s", c->path, what, strerror(errnum));
    return -1;
}

/* 1-based character column of byte offset off in line (UTF-8 continuation bytes don't count). */
static long csv_column(const char *line, size_t off)
{
    long col = 1;
    for (size_t i = 0; i < off; i++)
        if (((unsigned char)line[i] & 0xC0) != 0x80) col++;
    return col;
}

/* Cell text for an error message: printable ASCII as is, other bytes as \xNN, truncated with ... */
static void csv_quote(char *dst, size_t cap, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0, i = 0;
    for (; i < n && i < CSV_QUOTE_MAX && o + 5 < cap; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x20 && ch < 0x7F && ch != '\'') {
            dst[o++] = (char)ch;
        } else {
            dst[o++] = '\\'; dst[o++] = 'x'; dst[o++] = hex[ch >> 4]; dst[o++] = hex[ch & 15];
        }
    }
    if (i < n && o + 4 < cap) { dst[o++] = '.'; dst[o++] = '.'; dst[o++] = '.'; }
    dst[o] = '\0';
}

static int csv_isdigit(char ch) { return ch >= '0' && ch <= '9'; }
static int csv_isspace(char ch) { return ch == ' ' || ch == '\t'; }

static int csv_word(const char *s, size_t n, const char *w)
{
    size_t wn = strlen(w);
    if (n != wn) return 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
        if (ch != w[i]) return 0;
    }
    return 1;
}

/* Parses the trimmed cell s[0..n) (s[n] is writable: it is a separator or the line's end).
 * Accepts [+-] digits [. digits] [e[+-]digits] (or .digits); nan/inf spellings are NONFINITE. */
static CellKind csv_parse_cell(char *s, size_t n, float *out)
{
    if (n == 0) return CELL_EMPTY;
    if (n <= 7) {   /* fast path: small non-negative integers, exact in a float */
        size_t i = 0;
        long v = 0;
        while (i < n && csv_isdigit(s[i])) v = v * 10 + (s[i++] - '0');
        if (i == n) { *out = (float)v; return CELL_OK; }
    }
    size_t i = 0;
    if (s[i] == '+' || s[i] == '-') i++;
    const char *w = s + i;
    size_t wn = n - i;
    if (csv_word(w, wn, "nan") || csv_word(w, wn, "inf") || csv_word(w, wn, "infinity"))
        return CELL_NONFINITE;
    size_t digits = 0;
    while (i < n && csv_isdigit(s[i])) { i++; digits++; }
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && csv_isdigit(s[i])) { i++; digits++; }
    }
    if (digits == 0) return CELL_BAD;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        size_t ed = 0;
        while (i < n && csv_isdigit(s[i])) { i++; ed++; }
        if (ed == 0) return CELL_BAD;
    }
    if (i != n) return CELL_BAD;
    char keep = s[n];
    s[n] = '\0';
    errno = 0;
    float v = strtof(s, NULL);
    s[n] = keep;
    if (!isfinite(v)) return CELL_NONFINITE;
    *out = v;
    return CELL_OK;
}

/* Splits line[0..len) at commas into trimmed cells; returns the cell count. When starts/ends are
 * non-NULL (capacity cap) it records up to cap cells' [start, end) byte offsets. */
static long csv_cells(const char *line, size_t len, size_t *starts, size_t *ends, long cap)
{
    long k = 0;
    size_t p = 0;
    for (;;) {
        size_t q = p;
        while (q < len && line[q] != ',') q++;
        size_t a = p, b = q;
        while (a < b && csv_isspace(line[a])) a++;
        while (b > a && csv_isspace(line[b - 1])) b--;
        if (starts && k < cap) { starts[k] = a; ends[k] = b; }
        k++;
        if (q >= len) break;
        p = q + 1;
    }
    return k;
}

typedef struct {
    long N, cap;          /* rows stored, rows allocated */
    size_t per;           /* T * F */
    float *x;
    int *y;
    int F;
    unsigned char *intok; /* (F) column all non-negative integers below CSV_CARD_LIMIT */
    float *maxv;          /* (F) largest value seen */
} CsvStore;

static void csv_grow(CsvStore *st)
{
    /* the first block holds 1024 rows or 4 MB of them (at least one): a 1 MB header line must not
     * reserve gigabytes before the first data row is read */
    long first = (long)(((size_t)4 << 20) / (st->per * sizeof(float)));
    if (first < 1) first = 1;
    if (first > 1024) first = 1024;
    long ncap = st->cap ? st->cap + st->cap / 2 + 1 : first;
    st->x = xrealloc(st->x, (size_t)ncap * st->per * sizeof(float));
    st->y = xrealloc(st->y, (size_t)ncap * sizeof(int));
    st->cap = ncap;
}

/* Reads one line (up to and including '\n') into *buf, at most max bytes: like getline, but an
 * endless line stops at the cap (*too_long = 1) instead of growing until memory runs out, and a
 * read interrupted by a signal is retried unless the stop flag is set. Returns the bytes read,
 * or -1 at the end of the file or on an error (ferror). */
static ssize_t csv_getline(const CsvCtx *c, char **buf, size_t *cap, FILE *fp, size_t max, int *too_long)
{
    size_t n = 0;
    *too_long = 0;
    flockfile(fp);
    for (;;) {
        int ch = getc_unlocked(fp);
        if (ch == EOF) {
            if (ferror(fp) && errno == EINTR && !(c->stop && *c->stop)) {
                clearerr(fp);
                continue;
            }
            break;
        }
        if (n + 2 > *cap) {
            size_t nc = *cap ? *cap * 2 : 256;
            *buf = xrealloc(*buf, nc);
            *cap = nc;
        }
        (*buf)[n++] = (char)ch;
        if (ch == '\n') break;
        if (n >= max) { *too_long = 1; break; }
    }
    funlockfile(fp);
    if (n == 0) return -1;
    (*buf)[n] = '\0';
    return (ssize_t)n;
}

/* 1 if s[0..n) is one or more decimal digits */
static int csv_digits(const char *s, size_t n)
{
    if (n == 0) return 0;
    for (size_t i = 0; i < n; i++)
        if (!csv_isdigit(s[i])) return 0;
    return 1;
}

/* A class label: a plain integer 0..CLASSES_MAX-1 written with digits only ("1", not "1.0",
 * "+1" or "1e0"). Returns the class, or -1. */
static int csv_label(const char *s, size_t n)
{
    if (n > 3 || !csv_digits(s, n)) return -1;
    int v = 0;
    for (size_t i = 0; i < n; i++) v = v * 10 + (s[i] - '0');
    return v < CLASSES_MAX ? v : -1;
}

static int csv_read(const CsvCtx *c, FILE *fp, int T, int K, Dataset *d)
{
    char *line = NULL;
    size_t linecap = 0;
    size_t *cs = NULL, *ce = NULL;   /* cell offsets of the current line, (ncols) */
    long ncols = 0, lineno = 0, cols_line = 0, header_line = 0, first_line = 0, first_label_col = 0;
    long count[CLASSES_MAX] = {0};
    int maxlabel = 0;
    int F = 0, rc = -1;
    CsvStore st = {0};
    ssize_t got;

    int too_long = 0;
    while ((got = csv_getline(c, &line, &linecap, fp, CSV_LINE_MAX, &too_long)) >= 0) {
        lineno++;
        if ((lineno & 1023) == 0 && c->stop && *c->stop) {
            snprintf(c->err, c->errlen, "%s: interrupted", c->path);
            goto out;
        }
        size_t len = (size_t)got;
        if (len && line[len - 1] == '\n') len--;
        if (len && line[len - 1] == '\r') len--;
        line[len] = '\0';
        char *nul = memchr(line, '\0', len);
        if (nul) {
            csv_error(c, lineno, csv_column(line, (size_t)(nul - line)),
                      "NUL byte; expected a text CSV file of numbers");
            goto out;
        }
        char *cr = memchr(line, '\r', len);
        if (cr) {   /* \r ends lines only before \n: a lone one means classic-Mac line ends */
            csv_error(c, lineno, csv_column(line, (size_t)(cr - line)),
                      "carriage return inside a line: the file has CR-only (classic Mac) line ends; "
                      "expected LF or CRLF line ends");
            goto out;
        }
        if (too_long) {
            csv_error(c, lineno, 1, "line longer than %zu MiB without a line end; expected a text CSV file, "
                      "one sample per line", CSV_LINE_MAX >> 20);
            goto out;
        }
        size_t skip = 0;
        if (lineno == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) skip = 3;  /* BOM */
        char *txt = line + skip;
        size_t tlen = len - skip;
        size_t blank = 0;
        while (blank < tlen && (csv_isspace(txt[blank]) || txt[blank] == '\r')) blank++;
        if (blank == tlen) continue;   /* blank line */

        if (ncols == 0) {   /* the first non-blank line: header or data, fixes the column count */
            ncols = csv_cells(txt, tlen, NULL, NULL, 0);
            cols_line = lineno;
            if (ncols - 1 < T || (ncols - 1) % T != 0) {
                csv_error(c, lineno, 1, "%ld column%s; expected T*F feature values and a label "
                          "with T = %d (e.g. %ld columns for F = 10)",
                          ncols, ncols == 1 ? "" : "s", T, 10L * T + 1);
                goto out;
            }
            if ((ncols - 1) / T > 1000000) {
                csv_error(c, lineno, 1, "%ld columns; expected at most %ld features per step",
                          ncols, 1000000L);
                goto out;
            }
            F = (int)((ncols - 1) / T);
            cs = xmalloc((size_t)ncols * sizeof(size_t));
            ce = xmalloc((size_t)ncols * sizeof(size_t));
            csv_cells(txt, tlen, cs, ce, ncols);
            int is_header = 0;
            for (long j = 0; j < ncols && !is_header; j++) {
                float v;
                if (csv_parse_cell(txt + cs[j], ce[j] - cs[j], &v) == CELL_BAD) is_header = 1;
            }
            st.per = (size_t)T * (size_t)F;
            st.F = F;
            st.intok = xmalloc((size_t)F);
            memset(st.intok, 1, (size_t)F);
            st.maxv = xcalloc((size_t)F, sizeof(float));
            if (is_header) { header_line = lineno; continue; }
        }

        long k = csv_cells(txt, tlen, cs, ce, ncols);
        if (k != ncols) {
            long col = csv_column(txt, tlen);   /* too few: where the next cell would start */
            if (k > ncols) {   /* too many: the first extra cell, after the comma ending cell ncols */
                const char *comma = memchr(txt + ce[ncols - 1], ',', tlen - ce[ncols - 1]);
                size_t at = (size_t)(comma - txt) + 1;
                while (at < tlen && csv_isspace(txt[at])) at++;
                col = csv_column(txt, at);
            }
            csv_error(c, lineno, col, "%ld cells; expected %ld (%d x %d feature values and a label, "
                      "as on line %ld)", k, ncols, T, F, cols_line);
            goto out;
        }
        if (st.N == st.cap) {
            if ((size_t)st.cap >= ((size_t)-1 / sizeof(float)) / st.per / 2) {
                csv_error(c, lineno, 1, "too many rows to hold in memory");
                goto out;
            }
            csv_grow(&st);
        }
        float *xr = st.x + (size_t)st.N * st.per;
        for (long j = 0; j < ncols; j++) {
            char *s = txt + cs[j];
            size_t n = ce[j] - cs[j];
            char q[CSV_QUOTE_MAX * 4 + 8];
            float v = 0.0f;
            if (j == ncols - 1) {   /* the label: a class index, exactly */
                int cls = csv_label(s, n);
                int hi = K > 0 ? K : CLASSES_MAX;
                if (cls < 0 || cls >= hi) {
                    csv_quote(q, sizeof q, s, n);
                    if (n == 0) csv_error(c, lineno, csv_column(txt, cs[j]), "empty label; expected a class 0 to %d", hi - 1);
                    else if (K > 0)
                        csv_error(c, lineno, csv_column(txt, cs[j]), "label '%s'; expected a class 0 to %d "
                                  "(--classes %d)%s", q, hi - 1, K, csv_digits(s, n) ? "" : ", written as a whole number");
                    else
                        csv_error(c, lineno, csv_column(txt, cs[j]), "label '%s'; expected a class 0 to %d%s", q,
                                  hi - 1, csv_digits(s, n) ? "" : ", written as a whole number");
                    goto out;
                }
                st.y[st.N] = cls;
                count[cls]++;
                if (cls > maxlabel) maxlabel = cls;
                if (!first_line) { first_line = lineno; first_label_col = csv_column(txt, cs[j]); }
                continue;
            }
            switch (csv_parse_cell(s, n, &v)) {
            case CELL_OK: break;
            case CELL_EMPTY:
                csv_error(c, lineno, csv_column(txt, cs[j]), "empty cell; expected a number");
                goto out;
            case CELL_NONFINITE:
                csv_quote(q, sizeof q, s, n);
                csv_error(c, lineno, csv_column(txt, cs[j]), "non-finite value '%s'; expected a finite number", q);
                goto out;
            case CELL_BAD:
                csv_quote(q, sizeof q, s, n);
                csv_error(c, lineno, csv_column(txt, cs[j]), "'%s' is not a number; expected a number", q);
                goto out;
            }
            xr[j] = v;
            int f = (int)(j % F);
            if (!(v >= 0.0f && v < (float)CSV_CARD_LIMIT && v == floorf(v))) st.intok[f] = 0;
            if (v > st.maxv[f]) st.maxv[f] = v;
        }
        st.N++;
    }
    if (ferror(fp)) {
        if (c->stop && *c->stop) snprintf(c->err, c->errlen, "%s: interrupted", c->path);
        else csv_io_error(c, "read", errno ? errno : EIO);
        goto out;
    }
    if (ncols == 0) {
        csv_error(c, 1, 1, "empty file; expected rows of T*F feature values and a class label");
        goto out;
    }
    if (st.N == 0) {
        csv_error(c, header_line + 1, 1, "no data rows after the header; expected rows of %d x %d "
                  "feature values and a class label", T, F);
        goto out;
    }
    int present = 0;
    for (int k = 0; k < CLASSES_MAX; k++) present += count[k] > 0;
    if (present < 2) {
        csv_error(c, first_line, first_label_col, "only class %d present in %ld rows; need at least two classes",
                  maxlabel, st.N);
        goto out;
    }
    d->N = st.N;
    d->T = T;
    d->F = F;
    d->x = xrealloc(st.x, (size_t)st.N * st.per * sizeof(float));
    d->y = xrealloc(st.y, (size_t)st.N * sizeof(int));
    st.x = NULL;
    st.y = NULL;
    d->card = xmalloc((size_t)F * sizeof(int));
    for (int f = 0; f < F; f++) d->card[f] = st.intok[f] ? (int)st.maxv[f] + 1 : 0;
    d->K = K > 0 ? K : (maxlabel + 1 < 2 ? 2 : maxlabel + 1);
    for (int k = 0; k < d->K; k++) d->count[k] = count[k];
    rc = 0;
out:
    free(line);
    free(cs);
    free(ce);
    free(st.x);
    free(st.y);
    free(st.intok);
    free(st.maxv);
    return rc;
}

int data_read_csv(Dataset *d, const char *path, int T, int K, char *err, size_t errlen)
{
    return data_read_csv_stop(d, path, T, K, NULL, err, errlen);
}

int data_read_csv_stop(Dataset *d, const char *path, int T, int K, const volatile sig_atomic_t *stop, char *err,
                       size_t errlen)
{
    CsvCtx c = {path, err, errlen, stop};
    *d = (Dataset){0};
    if (T < 1) {
        snprintf(err, errlen, "%s: timesteps = %d; expected at least 1", path, T);
        return -1;
    }
    FILE *fp;
    do fp = fopen(path, "rb");               /* a FIFO blocks here until a writer comes */
    while (!fp && errno == EINTR && !(stop && *stop));
    if (!fp) {
        if (stop && *stop) {
            snprintf(err, errlen, "%s: interrupted", path);
            return -1;
        }
        return csv_io_error(&c, "open", errno);
    }
    locale_t cloc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t old = cloc ? uselocale(cloc) : (locale_t)0;
    int rc = csv_read(&c, fp, T, K, d);
    if (cloc) { uselocale(old); freelocale(cloc); }
    fclose(fp);
    return rc;
}

/* Appends v to buf (capacity >= 32 free): integers as integers, -0 as "-0", others %.9g. */
static size_t csv_format(char *buf, float v)
{
    if (v == 0.0f) return signbit(v) ? (size_t)sprintf(buf, "-0") : (size_t)sprintf(buf, "0");
    if (v == floorf(v) && fabsf(v) < 1e15f) return (size_t)sprintf(buf, "%.0f", (double)v);
    return (size_t)sprintf(buf, "%.9g", (double)v);
}

int data_write_csv_rows(const Dataset *d, FILE *fp, const volatile sig_atomic_t *stop)
{
    locale_t cloc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t old = cloc ? uselocale(cloc) : (locale_t)0;
    size_t per = (size_t)d->T * (size_t)d->F;
    for (int t = 0; t < d->T; t++)
        for (int f = 0; f < d->F; f++)
            fprintf(fp, "f%d_t%d,", f, t);
    fputs("label\n", fp);
    char *row = xmalloc((per + 1) * 32 + 2);
    int rc = 0;
    for (long i = 0; i < d->N && !rc; i++) {
        if ((i & 1023) == 0 && stop && *stop) rc = -1;
        size_t o = 0;
        const float *xi = d->x + (size_t)i * per;
        for (size_t j = 0; j < per; j++) {
            float v = xi[j];
            if (v >= 0.0f && v < 10.0f && v == floorf(v) && !signbit(v)) row[o++] = (char)('0' + (int)v);
            else o += csv_format(row + o, v);
            row[o++] = ',';
        }
        o += (size_t)sprintf(row + o, "%d", d->y[i]);
        row[o++] = '\n';
        if (fwrite(row, 1, o, fp) != o) rc = -1;
    }
    free(row);
    if (cloc) { uselocale(old); freelocale(cloc); }
    return rc || ferror(fp) ? -1 : 0;
}

int data_write_csv(const Dataset *d, const char *path, char *err, size_t errlen)
{
    CsvCtx c = {path, err, errlen, NULL};
    int to_stdout = !strcmp(path, "-");
    AtomicFile af;   /* the file appears whole or not at all */
    if (to_stdout) c.path = "stdout";
    else if (atomic_open(&af, path, NULL, 0)) return csv_io_error(&c, "open for writing", errno);
    FILE *fp = to_stdout ? stdout : atomic_fp(&af);
    errno = 0;
    int rc = data_write_csv_rows(d, fp, NULL) ? csv_io_error(&c, "write", errno ? errno : EIO) : 0;
    if (to_stdout) {
        if (fflush(fp) != 0 && rc == 0) rc = csv_io_error(&c, "write", errno);
    } else if (rc) {
        atomic_abort(&af);
    } else if (atomic_commit(&af, NULL, 0)) {
        rc = csv_io_error(&c, "write", errno);
    }
    return rc;
}
