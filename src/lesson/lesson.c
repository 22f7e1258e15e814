/* lesson — the lesson parser. See lesson.h for the format and ownership.
 * One pass over the lines; every problem becomes an error with its line and column (in
 * characters, 1-based), and the pass goes on, so one run reports everything. Errors are sorted
 * by position at the end (the "no title" error belongs to line 1 but is only known at EOF). */
#include "lesson/lesson.h"

#include "base/suggest.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/xalloc.h"
#include "ui/view.h"   /* the panel names (view is pure: no terminal) */

static const char *const COMMANDS[] = { "title", "minutes", "say", "set", "reset", "train", "pause",
                                        "focus", "mark", "expect", "ask", "choice", "answer", "explain",
                                        "feedback", "predict", "reveal", "panel", "export" };
#define NCOMMANDS (int)(sizeof COMMANDS / sizeof COMMANDS[0])

static const char *const METRICS[LM_COUNT] = { "loss", "acc", "val_loss", "val_acc", "val_pred1",
                                               "val_logloss", "grad_norm", "val_true_acc", "logit0", "logit1",
                                               "grad0", "grad1", "diag", "focus", "panel" };
static const char *const OPS[LO_COUNT] = { "<", "<=", ">", ">=", "==", "~=" };
static const char *const UNITS[] = { "epochs", "steps", "epoch", "step" };

const char *lesson_metric_name(LessonMetric m) { return m >= 0 && m < LM_COUNT ? METRICS[m] : "?"; }
const char *lesson_op_name(LessonOp o) { return o >= 0 && o < LO_COUNT ? OPS[o] : "?"; }

/* ---- small helpers -------------------------------------------------------------------------- */

/* Optimal-string-alignment distance: insertions, deletions, substitutions, adjacent swaps. */
int lesson_edit_distance(const char *a, const char *b) { return str_distance(a, b); }

/* The closest word within reach (1 edit for short words, 2 for longer), or NULL. */
static const char *closest(const char *w, const char *const *list, int n)
{
    int best = 99;
    const char *bw = NULL;
    int wl = (int)strlen(w);
    int reach = wl <= 3 ? 1 : 2;
    for (int i = 0; i < n; i++) {
        /* the distance is at least the difference in length: skip what cannot be within reach */
        int dl = wl - (int)strlen(list[i]);
        if (dl > reach || -dl > reach) continue;
        int d = lesson_edit_distance(w, list[i]);
        if (d < best) {
            best = d;
            bw = list[i];
        }
    }
    return best <= reach ? bw : NULL;
}

/* Byte offset of the first invalid UTF-8 sequence (overlongs, surrogates, > U+10FFFF), or -1. */
static long utf8_invalid_at(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        size_t k;
        unsigned cp;
        if (c < 0x80) { i++; continue; }
        else if (c >= 0xC2 && c <= 0xDF) { k = 1; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { k = 2; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { k = 3; cp = c & 0x07; }
        else return (long)i;
        if (i + k >= len) return (long)i;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80) return (long)i;
            cp = (cp << 6) | (s[i + j] & 0x3F);
        }
        if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
            return (long)i;
        i += k + 1;
    }
    return -1;
}

/* 1-based column, in characters, of byte offset off in line. */
static int column(const char *line, size_t off)
{
    int col = 1;
    for (size_t i = 0; i < off && line[i]; i++) col += ((unsigned char)line[i] & 0xC0) != 0x80;
    return col;
}

typedef struct { const char *s; int len; size_t off; } Tok;

#define MAX_TOKS 8

/* Splits on blanks; returns the token count (at most MAX_TOKS; *more set if there were more). */
static int tokenize(const char *line, Tok *t, int *more)
{
    int n = 0;
    *more = 0;
    const char *p = line;
    for (;;) {
        while (*p == ' ' || *p == '\t') p++;
        if (!*p) break;
        if (n == MAX_TOKS) {
            *more = 1;
            break;
        }
        const char *b = p;
        while (*p && *p != ' ' && *p != '\t') p++;
        t[n].s = b;
        t[n].len = (int)(p - b);
        t[n].off = (size_t)(b - line);
        n++;
    }
    return n;
}

static int tok_is(const Tok *t, const char *w) { return (int)strlen(w) == t->len && !strncmp(t->s, w, (size_t)t->len); }

static void tok_str(const Tok *t, char *out, size_t cap)
{
    size_t n = (size_t)t->len < cap - 1 ? (size_t)t->len : cap - 1;
    memcpy(out, t->s, n);
    out[n] = '\0';
}

/* The rest of the line after token t (trailing blanks already trimmed by the caller). */
static const char *rest_after(const Tok *t)
{
    const char *p = t->s + t->len;
    while (*p == ' ' || *p == '\t') p++;
    return p;
}

/* ---- the parse state ------------------------------------------------------------------------ */

typedef struct { int line, col; char *msg; } Err;

typedef struct {
    const char *path;
    const char *line;     /* the current line's text */
    int lineno;
    Err *errs;
    int nerr, caperr, overflow;
    Lesson *L;
    int capsteps;
    Config cfg;           /* options as `set` leaves them */
    Config run;           /* options of the run in force (at the last reset or reset-on-train) */
    int dirty;            /* a `set` since the last reset */
    /* paragraph being built */
    char *para;
    size_t paralen;
    int para_line;
    int para_listy;       /* the last line added was a line of its own */
    /* quiz being built (index into steps, -1 none) */
    int quiz;
    int quiz_answer_line, quiz_answer_col;
    int predict_open;     /* step index of a prediction not yet revealed, -1 none */
    int title_line;
    int ncommands;
} P;

static void perr_at(P *p, int line, int col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void perr_at(P *p, int line, int col, const char *fmt, ...)
{
    if (p->nerr >= LESSON_ERRORS_MAX) {
        p->overflow = 1;
        return;
    }
    char buf[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (p->nerr == p->caperr) {
        p->caperr = p->caperr ? 2 * p->caperr : 16;
        p->errs = xrealloc(p->errs, sizeof(Err) * (size_t)p->caperr);
    }
    p->errs[p->nerr++] = (Err){ line, col, xstrdup(buf) };
}

#define PERR(p, tok, ...) perr_at((p), (p)->lineno, column((p)->line, (tok)->off), __VA_ARGS__)

static LessonStep *add_step(P *p, LessonStepKind k, int line)
{
    Lesson *L = p->L;
    if (L->nsteps == p->capsteps) {
        p->capsteps = p->capsteps ? 2 * p->capsteps : 32;
        L->steps = xrealloc(L->steps, sizeof(LessonStep) * (size_t)p->capsteps);
    }
    LessonStep *s = &L->steps[L->nsteps++];
    memset(s, 0, sizeof *s);
    s->kind = k;
    s->line = line;
    s->setup = NULL;
    return s;
}

static void flush_para(P *p)
{
    if (!p->para) return;
    LessonStep *s = add_step(p, LS_SAY, p->para_line);
    s->text = p->para;
    p->para = NULL;
    p->paralen = 0;
    p->para_listy = 0;
}

static void para_add(P *p, const char *text, int own_line)
{
    int sep = own_line || p->para_listy ? '\n' : ' ';
    p->para_listy = own_line;
    size_t n = strlen(text);
    if (!p->para) {
        p->para = xmalloc(n + 1);
        memcpy(p->para, text, n + 1);
        p->paralen = n;
        p->para_line = p->lineno;
        return;
    }
    p->para = xrealloc(p->para, p->paralen + n + 2);
    p->para[p->paralen++] = (char)sep;
    memcpy(p->para + p->paralen, text, n + 1);
    p->paralen += n;
}

static void end_quiz(P *p)
{
    if (p->quiz < 0) return;
    LessonStep *q = &p->L->steps[p->quiz];
    if (q->nchoices < 2)
        perr_at(p, q->line, 1, "quiz needs at least two choices — add 'choice KEY TEXT' lines after 'ask'");
    if (!q->answer) {
        perr_at(p, q->line, 1, "quiz has no answer — add 'answer KEY' after its choices");
    } else {
        int found = 0;
        for (int i = 0; i < q->nchoices; i++) found |= q->choices[i].key == q->answer;
        if (!found && q->nchoices > 0) {
            char keys[64] = "";
            for (int i = 0; i < q->nchoices && i < 20; i++) {
                size_t l = strlen(keys);
                snprintf(keys + l, sizeof keys - l, "%s%c", i ? ", " : "", q->choices[i].key);
            }
            perr_at(p, p->quiz_answer_line, p->quiz_answer_col, "answer '%c' is not one of the choices (%s)", q->answer, keys);
        }
    }
    if (!q->explain) q->explain = xstrdup("");
    p->quiz = -1;
}

/* The set-up of token t, or NULL with an error (unknown id; or not in the run's line-up). */
static const Setup *parse_setup(P *p, const Tok *t, const char *cmd)
{
    char id[64];
    tok_str(t, id, sizeof id);
    const SetupTable *tab = p->run.table;
    const Setup *s = setup_find(tab, id);
    if (!s) {
        char known[1024];
        setup_id_list(tab, known, sizeof known);
        const char *near = setup_suggest(tab, id);
        if (near) PERR(p, t, "%s: unknown set-up '%s' — did you mean '%s'?", cmd, id, near);
        else PERR(p, t, "%s: unknown set-up '%s' (known: %s)", cmd, id, known);
        return NULL;
    }
    /* the run in force: an expect/focus after `set models` but before reset/train still looks
     * at the old run */
    const Config *run = &p->run;
    for (int i = 0; i < run->nmodels; i++)
        if (run->models[i] == s) return s;
    char models[128];
    config_models_str(run, models, sizeof models);
    PERR(p, t, "%s: set-up '%s' is not in the run's line-up here (models %s) — 'set models ...' then 'reset'", cmd, id,
         models);
    return NULL;
}

static int parse_number(const Tok *t, double *out)
{
    char buf[64];
    if (t->len >= (int)sizeof buf) return -1;
    tok_str(t, buf, sizeof buf);
    return parse_double(buf, -1e300, 1e300, out);
}

/* ---- one command ---------------------------------------------------------------------------- */

/* expect focus == ID|all, expect panel == NAME: what the screen shows */
static void cmd_expect_screen(P *p, const Tok *t, int n, int focus)
{
    if (n != 4 || !tok_is(&t[2], "==")) {
        PERR(p, n > 2 ? &t[2] : &t[0], "expect %s: expected '== %s'", focus ? "focus" : "panel",
             focus ? "ID' or '== all" : "NAME' (loss logloss hist confusion mech)");
        return;
    }
    const Setup *su = NULL;
    int panel = 0;
    if (focus) {
        if (!tok_is(&t[3], "all") && !(su = parse_setup(p, &t[3], "expect focus"))) return;
    } else {
        char w[32];
        tok_str(&t[3], w, sizeof w);
        if ((panel = view_panel_parse(w)) < 0) {
            PERR(p, &t[3], "expect panel: unknown panel '%s' (loss logloss hist confusion mech)", w);
            return;
        }
    }
    LessonStep *s = add_step(p, LS_EXPECT, p->lineno);
    s->metric = focus ? LM_FOCUS : LM_PANEL;
    s->setup = su;
    s->op = LO_EQ;
    s->num = panel;
}

static void cmd_expect(P *p, const Tok *t, int n)
{
    if (n >= 2 && (tok_is(&t[1], "focus") || tok_is(&t[1], "panel"))) {
        cmd_expect_screen(p, t, n, tok_is(&t[1], "focus"));
        return;
    }
    if (n < 5) {
        PERR(p, &t[0], "expect: expected ID METRIC OP VALUE, e.g. 'expect cce1 val_acc ~= zeros 0.02'");
        return;
    }
    int bad = 0;
    const Setup *setup = parse_setup(p, &t[1], "expect");
    bad |= !setup;
    char w[64];
    tok_str(&t[2], w, sizeof w);
    int metric = -1;
    for (int i = 0; i <= LM_DIAG; i++)
        if (!strcmp(w, METRICS[i])) metric = i;
    if (metric < 0) {
        const char *near = closest(w, METRICS, LM_DIAG + 1);
        if (near) PERR(p, &t[2], "expect: unknown metric '%s' — did you mean '%s'?", w, near);
        else PERR(p, &t[2], "expect: unknown metric '%s' (metrics: loss acc val_loss val_acc val_pred1 val_logloss grad_norm val_true_acc logit0 logit1 grad0 grad1 diag)", w);
        bad = 1;
    }
    tok_str(&t[3], w, sizeof w);
    int op = -1;
    for (int i = 0; i < LO_COUNT; i++)
        if (!strcmp(w, OPS[i])) op = i;
    if (op < 0) {
        PERR(p, &t[3], "expect: unknown operator '%s' — use < <= > >= == or ~=", w);
        bad = 1;
    }
    LessonStep tmp;
    memset(&tmp, 0, sizeof tmp);
    if (metric == LM_DIAG) {
        if (op >= 0 && op != LO_EQ) {
            PERR(p, &t[3], "expect: diag compares with == only, e.g. 'expect cce1 diag == COLLAPSED-0'");
            bad = 1;
        }
        tok_str(&t[4], w, sizeof w);
        int d = diag_parse(w);
        if (d < 0) {
            const char *words[DIAG_COUNT];
            char all[512] = "";
            for (int i = 0; i < DIAG_COUNT; i++) {
                words[i] = diag_word((Diag)i);
                if (i <= DIAG_COLLAPSED0 + 1) {
                    size_t u = strlen(all);
                    snprintf(all + u, sizeof all - u, "%s%s", u ? " " : "", words[i]);
                }
            }
            const char *near = closest(w, words, DIAG_COUNT);
            if (near) PERR(p, &t[4], "expect: unknown diagnosis '%s' — did you mean '%s'?", w, near);
            else PERR(p, &t[4], "expect: unknown diagnosis '%s' (%s ... COLLAPSED-%d)", w, all, CLASSES_MAX - 1);
            bad = 1;
        }
        tmp.diag = d < 0 ? DIAG_HEALTHY : (Diag)d;
        if (n > 5) {
            PERR(p, &t[5], "expect: unexpected '%.*s' after the diagnosis", t[5].len, t[5].s);
            bad = 1;
        }
    } else {
        if (tok_is(&t[4], "zeros")) tmp.ref = LR_ZEROS;
        else if (tok_is(&t[4], "ones")) tmp.ref = LR_ONES;
        else if (((t[4].s[0] >= 'a' && t[4].s[0] <= 'z') || (t[4].s[0] >= 'A' && t[4].s[0] <= 'Z')) &&
                 memchr(t[4].s, '.', (size_t)t[4].len)) {
            /* ID.METRIC: another set-up's (or the same one's) measurement */
            const char *dot = memchr(t[4].s, '.', (size_t)t[4].len);
            Tok id = { t[4].s, (int)(dot - t[4].s), t[4].off };
            Tok mt = { dot + 1, t[4].len - id.len - 1, t[4].off + (size_t)id.len + 1 };
            tmp.ref = LR_METRIC;
            tmp.ref_setup = parse_setup(p, &id, "expect");
            bad |= !tmp.ref_setup;
            char mw[64];
            tok_str(&mt, mw, sizeof mw);
            int rm = -1;
            for (int i = 0; i < LM_DIAG; i++)
                if (!strcmp(mw, METRICS[i])) rm = i;
            if (rm < 0) {
                const char *near = closest(mw, METRICS, LM_DIAG);
                if (near) PERR(p, &mt, "expect: unknown metric '%s' — did you mean '%s'?", mw, near);
                else PERR(p, &mt, "expect: unknown metric '%s' (metrics: loss acc val_loss val_acc val_pred1 val_logloss grad_norm val_true_acc logit0 logit1 grad0 grad1)", mw);
                bad = 1;
            }
            tmp.ref_metric = rm < 0 ? LM_LOSS : (LessonMetric)rm;
        } else if (parse_number(&t[4], &tmp.num)) {
            PERR(p, &t[4], "expect: expected a number, 'zeros', 'ones' or ID.METRIC, got '%.*s'", t[4].len, t[4].s);
            bad = 1;
        }
        if (op == LO_APPROX) {
            if (n < 6) {
                perr_at(p, p->lineno, column(p->line, t[4].off + (size_t)t[4].len) + 1,
                        "expect: ~= needs a tolerance after the value, e.g. '~= 0.26 0.02'");
                bad = 1;
            } else if (parse_number(&t[5], &tmp.tol) || tmp.tol < 0) {
                PERR(p, &t[5], "expect: expected a tolerance >= 0, got '%.*s'", t[5].len, t[5].s);
                bad = 1;
            }
            if (n > 6) {
                PERR(p, &t[6], "expect: unexpected '%.*s' after the tolerance", t[6].len, t[6].s);
                bad = 1;
            }
        } else if (n > 5 && op >= 0) {
            PERR(p, &t[5], "expect: unexpected '%.*s' (only ~= takes a tolerance)", t[5].len, t[5].s);
            bad = 1;
        }
    }
    if (bad) return;
    LessonStep *s = add_step(p, LS_EXPECT, p->lineno);
    s->setup = setup;
    s->metric = (LessonMetric)metric;
    s->op = (LessonOp)op;
    s->ref = tmp.ref;
    s->num = tmp.num;
    s->tol = tmp.tol;
    s->diag = tmp.diag;
    s->ref_setup = tmp.ref_setup;
    s->ref_metric = tmp.ref_metric;
}

static void cmd_set(P *p, const Tok *t, int n)
{
    char allkeys[512];
    config_lesson_keys(allkeys, sizeof allkeys);
    if (n < 3) {
        PERR(p, &t[0], "set: expected KEY VALUE, e.g. 'set pos 0.5' (keys: %s)", allkeys);
        return;
    }
    char key[64], value[CONFIG_PATH_MAX], err[1200];
    tok_str(&t[1], key, sizeof key);
    if (!strcmp(key, "epochs")) {
        PERR(p, &t[1], "set epochs: a lesson trains with 'train N epochs' instead");
        return;
    }
    if (!strcmp(key, "csv")) {
        PERR(p, &t[1], "set csv: lessons write no CSV; run 'losslab --headless --csv FILE' for that");
        return;
    }
    if (!config_lesson_key(key)) {
        char keys[512];
        const char *list[64];
        int k = 0;
        str_copy(keys, sizeof keys, allkeys);
        for (char *q = strtok(keys, " "); q && k < 64; q = strtok(NULL, " ")) list[k++] = q;
        const char *near = closest(key, list, k);
        if (near) PERR(p, &t[1], "set: unknown option '%s' — did you mean '%s'?", key, near);
        else PERR(p, &t[1], "set: unknown option '%s' (options: %s)", key, allkeys);
        return;
    }
    if (n > 3) {
        PERR(p, &t[3], "set: unexpected '%.*s' after the value", t[3].len, t[3].s);
        return;
    }
    tok_str(&t[2], value, sizeof value);
    if (!strcmp(key, "data")) {
        /* A lesson reads data only from its own directory or below: no absolute path, no '..'
         * (a lesson from elsewhere must not make losslab read, and quote in its errors, any file). */
        int up = 0;
        for (const char *q = value; *q; q = strchr(q, '/') ? strchr(q, '/') + 1 : q + strlen(q))
            up |= q[0] == '.' && q[1] == '.' && (q[2] == '/' || q[2] == '\0');
        if (value[0] == '/' || up) {
            PERR(p, &t[2], "set data: a lesson reads data only from its own directory or below it "
                           "(no absolute path, no '..'), got '%s'", value);
            return;
        }
        const char *slash = strrchr(p->path, '/');
        char full[CONFIG_PATH_MAX];
        if (slash) snprintf(full, sizeof full, "%.*s/%s", (int)(slash - p->path), p->path, value);
        else snprintf(full, sizeof full, "%s", value);
        str_copy(value, sizeof value, full);
    }
    if (config_set(&p->cfg, key, value, err, sizeof err)) {
        PERR(p, &t[2], "%s", err);
        return;
    }
    /* the classes and the line-up must agree whenever a run could be built: set models first */
    if ((!strcmp(key, "classes") || !strcmp(key, "models") || !strcmp(key, "shares") || !strcmp(key, "data")) &&
        config_check(&p->cfg, err, sizeof err)) {
        PERR(p, &t[2], "set %s: %s", key, err);
        return;
    }
    p->dirty = 1;
    LessonStep *s = add_step(p, LS_SET, p->lineno);
    s->key = xstrdup(key);
    s->value = xstrdup(value);
    s->col = column(p->line, t[2].off);
}

static void cmd_train(P *p, const Tok *t, int n)
{
    if (n < 2) {
        PERR(p, &t[0], "train: expected a count and a unit, e.g. 'train 5 epochs'");
        return;
    }
    char w[64];
    tok_str(&t[1], w, sizeof w);
    long count = 0;
    int bad = 0;
    if (parse_long(w, 1, 1000000, &count)) {
        PERR(p, &t[1], "train: expected a whole number of epochs or steps from 1 to 1000000, got '%s'", w);
        bad = 1;
    }
    int epochs = 1;
    if (n < 3) {
        perr_at(p, p->lineno, column(p->line, t[1].off + (size_t)t[1].len) + 1,
                "train: missing the unit — write 'train %s epochs' or 'train %s steps'", w, w);
        bad = 1;
    } else {
        tok_str(&t[2], w, sizeof w);
        if (!strcmp(w, "epochs") || !strcmp(w, "epoch")) epochs = 1;
        else if (!strcmp(w, "steps") || !strcmp(w, "step")) epochs = 0;
        else {
            const char *near = closest(w, UNITS, 4);
            if (near) PERR(p, &t[2], "train: unknown unit '%s' — did you mean '%s'?", w, near);
            else PERR(p, &t[2], "train: unknown unit '%s' — write epochs or steps", w);
            bad = 1;
        }
        if (n > 3) {
            PERR(p, &t[3], "train: unexpected '%.*s' after the unit", t[3].len, t[3].s);
            bad = 1;
        }
    }
    if (bad) return;
    if (p->dirty) {
        p->run = p->cfg;
        p->dirty = 0;
    }
    LessonStep *s = add_step(p, LS_TRAIN, p->lineno);
    s->count = count;
    s->epochs = epochs;
}

/* A quiz text continued on another line: *text (NULL: none yet) gets more, joined by a blank. */
static void text_join(char **text, const char *more)
{
    if (!*text) {
        *text = xstrdup(more);
        return;
    }
    size_t a = strlen(*text), b = strlen(more);
    *text = xrealloc(*text, a + b + 2);
    (*text)[a] = ' ';
    memcpy(*text + a + 1, more, b + 1);
}

static void cmd_quiz(P *p, const char *cmd, const Tok *t, int n, const char *rest)
{
    LessonStep *q = p->quiz >= 0 ? &p->L->steps[p->quiz] : NULL;
    if (!strcmp(cmd, "ask") || !strcmp(cmd, "predict")) {
        int predict = !strcmp(cmd, "predict");
        if (!*rest) {
            PERR(p, &t[0], "%s: expected a question", cmd);
            return;
        }
        if (q && q->nchoices == 0 && !q->answer && !q->explain && q->predict == predict) {   /* the question goes on */
            text_join(&q->text, rest);
            return;
        }
        if (p->predict_open >= 0) {
            PERR(p, &t[0], "%s: the prediction on line %d has no 'reveal' yet — add 'reveal' after its run", cmd,
                 p->L->steps[p->predict_open].line);
            p->predict_open = -1;
        }
        LessonStep *s = add_step(p, LS_QUIZ, p->lineno);
        s->text = xstrdup(rest);
        s->predict = predict;
        p->quiz = p->L->nsteps - 1;
        if (predict) p->predict_open = p->quiz;
        return;
    }
    if (!q) {
        PERR(p, &t[0], "%s outside a quiz — start one with 'ask QUESTION'", cmd);
        return;
    }
    if (!strcmp(cmd, "choice")) {
        if (n < 3 || t[1].len != 1) {
            PERR(p, n < 2 ? &t[0] : &t[1], "choice: expected a one-character key and a text, e.g. 'choice a class 0'");
            return;
        }
        char k = t[1].s[0];
        if (!lesson_choice_key_ok(k)) {
            char free_keys[27] = "";
            int nf = 0;
            for (char c = 'a'; c <= 'z'; c++)
                if (lesson_choice_key_ok(c)) free_keys[nf++] = c;
            free_keys[nf] = '\0';
            if (k && strchr(LESSON_SCREEN_KEYS, k))
                PERR(p, &t[1], "choice: key '%c' is a key of the lesson screen (%s); use another lower-case letter: %s",
                     k, k == 'b' ? "back" : k == 'n' ? "next" : k == 'q' ? "quit" : k == 's' ? "smoothing" :
                        k == 'g' ? "log-y" : k == 'p' ? "projector" : "show the checks", free_keys);
            else
                PERR(p, &t[1], "choice: key '%c' — use a lower-case letter that is not a screen key: %s", k, free_keys);
            return;
        }
        for (int i = 0; i < q->nchoices; i++)
            if (q->choices[i].key == k) {
                PERR(p, &t[1], "choice: key '%c' is used twice in this quiz", k);
                return;
            }
        q->choices = xrealloc(q->choices, sizeof(LessonChoice) * (size_t)(q->nchoices + 1));
        q->choices[q->nchoices].key = k;
        q->choices[q->nchoices].text = xstrdup(rest_after(&t[1]));
        q->choices[q->nchoices].feedback = NULL;
        q->nchoices++;
    } else if (!strcmp(cmd, "feedback")) {
        if (!*rest) {
            PERR(p, &t[0], "feedback: expected a text (what a learner who picks the choice above is told)");
            return;
        }
        if (!q->nchoices) {
            PERR(p, &t[0], "feedback: it follows a 'choice' line and is told to a learner who picks that choice");
            return;
        }
        LessonChoice *c = &q->choices[q->nchoices - 1];
        text_join(&c->feedback, rest);
    } else if (!strcmp(cmd, "answer")) {
        if (n != 2 || t[1].len != 1) {
            PERR(p, n < 2 ? &t[0] : &t[1], "answer: expected the key of the right choice, e.g. 'answer a'");
            return;
        }
        if (q->answer) {
            PERR(p, &t[0], "answer given twice in this quiz");
            return;
        }
        q->answer = t[1].s[0];
        p->quiz_answer_line = p->lineno;
        p->quiz_answer_col = column(p->line, t[1].off);
    } else { /* explain */
        if (!*rest) {
            PERR(p, &t[0], "explain: expected a text");
            return;
        }
        text_join(&q->explain, rest);
    }
}

int lesson_choice_key_ok(char k) { return k >= 'a' && k <= 'z' && !strchr(LESSON_SCREEN_KEYS, k); }

static void parse_line(P *p, char *line)
{
    /* trim trailing blanks */
    size_t len = strlen(line);
    while (len && (line[len - 1] == ' ' || line[len - 1] == '\t')) line[--len] = '\0';
    const char *q = line;
    while (*q == ' ' || *q == '\t') q++;
    if (!*q || *q == '#') return;
    p->line = line;
    p->ncommands++;
    Tok t[MAX_TOKS];
    int more;
    int n = tokenize(line, t, &more);
    char cmd[32];
    tok_str(&t[0], cmd, sizeof cmd);
    const char *rest = rest_after(&t[0]);
    int known = 0;
    for (int i = 0; i < NCOMMANDS; i++) known |= t[0].len == (int)strlen(COMMANDS[i]) && !strcmp(cmd, COMMANDS[i]);
    if (!known) {
        char full[64];
        tok_str(&t[0], full, sizeof full);
        const char *near = closest(full, COMMANDS, NCOMMANDS);
        if (near) PERR(p, &t[0], "unknown command '%s' — did you mean '%s'?", full, near);
        else PERR(p, &t[0], "unknown command '%s' (commands: title minutes say set reset train pause focus panel mark expect ask predict choice feedback answer explain reveal export)", full);
        return;
    }
    int is_quiz_part = !strcmp(cmd, "choice") || !strcmp(cmd, "answer") || !strcmp(cmd, "explain") ||
                       !strcmp(cmd, "feedback") ||
                       ((!strcmp(cmd, "ask") || !strcmp(cmd, "predict")) && p->quiz >= 0 &&
                        p->L->steps[p->quiz].nchoices == 0 && !p->L->steps[p->quiz].answer &&
                        !p->L->steps[p->quiz].explain && p->L->steps[p->quiz].predict == !strcmp(cmd, "predict"));
    if (!is_quiz_part) end_quiz(p);
    if (strcmp(cmd, "say")) flush_para(p);
    if (more && (!strcmp(cmd, "set") || !strcmp(cmd, "train") || !strcmp(cmd, "expect") || !strcmp(cmd, "reset") ||
                 !strcmp(cmd, "pause") || !strcmp(cmd, "focus") || !strcmp(cmd, "minutes"))) {
        perr_at(p, p->lineno, column(line, t[MAX_TOKS - 1].off), "%s: too many words on this line", cmd);
        return;
    }
    if (!strcmp(cmd, "title")) {
        if (!*rest) PERR(p, &t[0], "title: expected a text");
        else if (p->L->title) PERR(p, &t[0], "title given twice (first on line %d)", p->title_line);
        else {
            p->L->title = xstrdup(rest);
            p->title_line = p->lineno;
        }
    } else if (!strcmp(cmd, "minutes")) {
        long m;
        char w[32] = "";
        if (n >= 2) tok_str(&t[1], w, sizeof w);
        if (n != 2 || parse_long(w, 1, 600, &m)) PERR(p, n >= 2 ? &t[1] : &t[0], "minutes: expected a whole number of minutes from 1 to 600");
        else p->L->minutes = (int)m;
    } else if (!strcmp(cmd, "say")) {
        if (!*rest) {
            flush_para(p);
            return;
        }
        /* `say` + one blank + more blanks: a line of its own, indentation kept (lists, tables) */
        const char *raw = t[0].s + t[0].len + 1;
        int listy = *raw == ' ' || *raw == '\t';
        para_add(p, listy ? raw : rest, listy);
    } else if (!strcmp(cmd, "set")) {
        cmd_set(p, t, n);
    } else if (!strcmp(cmd, "reset") || !strcmp(cmd, "pause")) {
        if (n > 1) {
            PERR(p, &t[1], "%s: takes no arguments", cmd);
            return;
        }
        if (!strcmp(cmd, "reset")) {
            p->run = p->cfg;
            p->dirty = 0;
        }
        add_step(p, !strcmp(cmd, "reset") ? LS_RESET : LS_PAUSE, p->lineno);
    } else if (!strcmp(cmd, "train")) {
        cmd_train(p, t, n);
    } else if (!strcmp(cmd, "focus")) {
        if (n != 2) {
            PERR(p, n < 2 ? &t[0] : &t[2], "focus: expected one set-up id or 'all'");
            return;
        }
        const Setup *id = NULL;
        if (!tok_is(&t[1], "all") && !(id = parse_setup(p, &t[1], "focus"))) return;
        add_step(p, LS_FOCUS, p->lineno)->setup = id;
    } else if (!strcmp(cmd, "panel")) {
        char w[32] = "";
        if (n >= 2) tok_str(&t[1], w, sizeof w);
        int pn = n == 2 ? view_panel_parse(w) : -1;
        if (n != 2 || pn < 0) {
            PERR(p, n >= 2 ? &t[1] : &t[0], "panel: expected one of loss logloss hist confusion mech");
            return;
        }
        add_step(p, LS_PANEL, p->lineno)->count = pn;
    } else if (!strcmp(cmd, "reveal")) {
        if (n > 1) {
            PERR(p, &t[1], "reveal: takes no arguments");
            return;
        }
        if (p->predict_open < 0) {
            PERR(p, &t[0], "reveal: there is no prediction to reveal — ask one with 'predict QUESTION' before the run");
            return;
        }
        add_step(p, LS_REVEAL, p->lineno)->count = p->predict_open;
        p->predict_open = -1;
    } else if (!strcmp(cmd, "mark")) {
        if (!*rest) PERR(p, &t[0], "mark: expected a label");
        else if (strlen(rest) > LESSON_MARK_MAX) PERR(p, &t[1], "mark: label longer than %d bytes", LESSON_MARK_MAX);
        else add_step(p, LS_MARK, p->lineno)->text = xstrdup(rest);
    } else if (!strcmp(cmd, "export")) {
        size_t elen = n == 2 ? strlen(rest) : 0, ok = elen > 0 && elen <= LESSON_EXPORT_MAX;
        for (size_t i = 0; ok && i < elen; i++)
            ok = (rest[i] >= 'a' && rest[i] <= 'z') || (rest[i] >= 'A' && rest[i] <= 'Z') ||
                 (rest[i] >= '0' && rest[i] <= '9') || rest[i] == '-' || rest[i] == '_';
        if (!ok) PERR(p, n < 2 ? &t[0] : &t[1], "export: expected one name of up to %d letters, digits, - or _ (the "
                      "charts go to FILE-NAME.svg with --svg FILE)", LESSON_EXPORT_MAX);
        else add_step(p, LS_EXPORT, p->lineno)->text = xstrdup(rest);
    } else if (!strcmp(cmd, "expect")) {
        cmd_expect(p, t, n);
    } else {
        cmd_quiz(p, cmd, t, n, rest);
    }
}

static int err_cmp(const void *a, const void *b)
{
    const Err *x = a, *y = b;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    if (x->col != y->col) return x->col < y->col ? -1 : 1;
    return x < y ? -1 : x > y;
}

static void errs_push(LessonErrors *e, const char *msg)
{
    if (e->n == e->cap) {
        e->cap = e->cap ? 2 * e->cap : 16;
        e->msgs = xrealloc(e->msgs, sizeof(char *) * (size_t)e->cap);
    }
    e->msgs[e->n++] = xstrdup(msg);
}

int lesson_parse(const char *path, const char *text, size_t len, const Config *base, Lesson *out, LessonErrors *errs)
{
    P p;
    memset(&p, 0, sizeof p);
    memset(out, 0, sizeof *out);
    p.path = path;
    p.L = out;
    p.quiz = -1;
    p.predict_open = -1;
    if (base) p.cfg = *base;
    else config_defaults(&p.cfg);
    p.run = p.cfg;
    char *line = xmalloc(LESSON_LINE_MAX + 2);
    size_t i = 0;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) i = 3;   /* a UTF-8 byte-order mark, as the CSV reader skips */
    while (i < len) {
        size_t e = i;
        while (e < len && text[e] != '\n') e++;
        size_t n = e - i;
        p.lineno++;
        if (n && text[i + n - 1] == '\r') n--;
        const char *src = text + i;
        i = e + 1;
        if (n > LESSON_LINE_MAX) {
            perr_at(&p, p.lineno, LESSON_LINE_MAX + 1, "line is longer than %d bytes", LESSON_LINE_MAX);
            continue;
        }
        memcpy(line, src, n);
        line[n] = '\0';
        long bad = utf8_invalid_at((const unsigned char *)src, n);
        if (bad >= 0) {
            perr_at(&p, p.lineno, column(line, (size_t)bad), "invalid UTF-8 (byte 0x%02x) — lessons are UTF-8 text",
                    (unsigned char)src[bad]);
            continue;
        }
        size_t ctl = 0;
        while (ctl < n && !(((unsigned char)src[ctl] < 0x20 && src[ctl] != '\t') || src[ctl] == 0x7f)) ctl++;
        if (ctl < n) {
            perr_at(&p, p.lineno, column(line, ctl), "control character 0x%02x in the text", (unsigned char)src[ctl]);
            continue;
        }
        parse_line(&p, line);
    }
    free(line);
    end_quiz(&p);
    flush_para(&p);
    if (p.predict_open >= 0)
        perr_at(&p, out->steps[p.predict_open].line, 1, "prediction without 'reveal' — add 'reveal' after the run that answers it");
    if (p.ncommands == 0 && p.nerr == 0) perr_at(&p, 1, 1, "the lesson is empty — it needs at least 'title TEXT'");
    else if (!out->title) perr_at(&p, 1, 1, "the lesson has no title — add a line 'title TEXT'");
    /* a trailing pause is the end itself */
    while (out->nsteps && out->steps[out->nsteps - 1].kind == LS_PAUSE) out->nsteps--;
    out->nstops = 1;
    for (int k = 0; k < out->nsteps; k++) out->nstops += out->steps[k].kind == LS_PAUSE || out->steps[k].kind == LS_QUIZ;
    out->path = xstrdup(path);
    int rc = 0;
    if (p.nerr) {
        qsort(p.errs, (size_t)p.nerr, sizeof(Err), err_cmp);
        char buf[1024];
        for (int k = 0; k < p.nerr; k++) {
            snprintf(buf, sizeof buf, "%s:%d:%d: %s", path, p.errs[k].line, p.errs[k].col, p.errs[k].msg);
            errs_push(errs, buf);
        }
        if (p.overflow) {
            snprintf(buf, sizeof buf, "%s: too many errors; stopped after %d", path, LESSON_ERRORS_MAX);
            errs_push(errs, buf);
        }
        lesson_free(out);
        rc = -1;
    }
    for (int k = 0; k < p.nerr; k++) free(p.errs[k].msg);
    free(p.errs);
    free(p.para);
    return rc;
}

/* One `set data` value: inside the lesson's real directory, a regular file, a valid CSV with T
 * time steps (and K classes; 0 = inferred, as the run reads it). 0, or -1 with the error pushed. Replaces s->value by the real path. */
static int check_data_step(const Lesson *L, LessonStep *s, int T, int K, LessonErrors *errs)
{
    char buf[1400], dir[PATH_MAX], real[PATH_MAX], csverr[700];
    const char *slash = strrchr(L->path, '/');
    char ldir[PATH_MAX];
    if (slash) snprintf(ldir, sizeof ldir, "%.*s", (int)(slash - L->path) + (slash == L->path), L->path);
    else snprintf(ldir, sizeof ldir, ".");
    if (!realpath(ldir, dir)) {
        snprintf(buf, sizeof buf, "%s:%d:%d: set data: cannot resolve the lesson's directory: %s", L->path, s->line,
                 s->col, strerror(errno));
        errs_push(errs, buf);
        return -1;
    }
    if (!realpath(s->value, real)) {
        snprintf(buf, sizeof buf, "%s:%d:%d: set data: cannot open '%s': %s", L->path, s->line, s->col, s->value,
                 strerror(errno));
        errs_push(errs, buf);
        return -1;
    }
    size_t dl = strlen(dir);
    int inside = !strncmp(real, dir, dl) && (real[dl] == '/' || (dl == 1 && dir[0] == '/'));
    struct stat st;
    if (!inside) {
        /* the resolved path is not shown: the message must not tell what lies outside */
        snprintf(buf, sizeof buf, "%s:%d:%d: set data: '%s' leads outside the lesson's directory (a symlink?); "
                 "a lesson reads data only from its own directory or below it", L->path, s->line, s->col, s->value);
        errs_push(errs, buf);
        return -1;
    }
    if (stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(buf, sizeof buf, "%s:%d:%d: set data: '%s' is not a regular file; expected a CSV file", L->path,
                 s->line, s->col, s->value);
        errs_push(errs, buf);
        return -1;
    }
    Dataset d;
    if (data_read_csv(&d, real, T, K, csverr, sizeof csverr)) {
        snprintf(buf, sizeof buf, "%s:%d:%d: set data: %s", L->path, s->line, s->col, csverr);
        errs_push(errs, buf);
        return -1;
    }
    data_free(&d);
    free(s->value);
    s->value = xstrdup(real);
    return 0;
}

int lesson_check_data(Lesson *L, const Config *base, LessonErrors *errs)
{
    Config cfg;
    if (base) cfg = *base;
    else config_defaults(&cfg);
    LessonStep *data = NULL;      /* the `set data` in force, not yet checked with cfg.timesteps */
    int bad = 0;
    for (int i = 0; i <= L->nsteps; i++) {
        LessonStep *s = i < L->nsteps ? &L->steps[i] : NULL;
        if (s && s->kind == LS_SET) {
            char err[256];
            config_set(&cfg, s->key, s->value, err, sizeof err);
            if (!strcmp(s->key, "data")) data = s;
            continue;
        }
        /* where a run is built (a reset, a train, the end): the data in force must read */
        if (data && (!s || s->kind == LS_RESET || s->kind == LS_TRAIN)) {
            if (check_data_step(L, data, cfg.timesteps, cfg.classes, errs)) bad = 1;
            else str_copy(cfg.data, sizeof cfg.data, data->value);
            data = NULL;
        }
    }
    return bad ? -1 : 0;
}

int lesson_load(const char *path, const Config *base, Lesson *out, LessonErrors *errs)
{
    memset(out, 0, sizeof *out);
    char buf[1024];
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(buf, sizeof buf, "%s: cannot read: %s", path, strerror(errno));
        errs_push(errs, buf);
        return -1;
    }
    size_t cap = 1 << 14, len = 0;
    char *text = xmalloc(cap);
    size_t got;
    while ((got = fread(text + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            if (cap >= (size_t)16 << 20) {
                fclose(f);
                free(text);
                snprintf(buf, sizeof buf, "%s: too large for a lesson (over 16 MB)", path);
                errs_push(errs, buf);
                return -1;
            }
            cap *= 2;
            text = xrealloc(text, cap);
        }
    }
    int rerr = ferror(f);
    fclose(f);
    if (rerr) {
        free(text);
        snprintf(buf, sizeof buf, "%s: cannot read: %s", path, strerror(EIO));
        errs_push(errs, buf);
        return -1;
    }
    int rc = lesson_parse(path, text, len, base, out, errs);
    free(text);
    if (rc == 0 && lesson_check_data(out, base, errs)) {
        lesson_free(out);
        rc = -1;
    }
    return rc;
}

void lesson_free(Lesson *l)
{
    for (int i = 0; i < l->nsteps; i++) {
        LessonStep *s = &l->steps[i];
        free(s->text);
        free(s->key);
        free(s->value);
        free(s->explain);
        for (int k = 0; k < s->nchoices; k++) {
            free(s->choices[k].text);
            free(s->choices[k].feedback);
        }
        free(s->choices);
    }
    /* steps dropped as a trailing pause own nothing */
    free(l->steps);
    free(l->path);
    free(l->title);
    memset(l, 0, sizeof *l);
}

void lesson_errors_free(LessonErrors *e)
{
    for (int i = 0; i < e->n; i++) free(e->msgs[i]);
    free(e->msgs);
    memset(e, 0, sizeof *e);
}

/* ---- expectations --------------------------------------------------------------------------- */

double lesson_metric_value(const EvalPoint *p, LessonMetric m)
{
    switch (m) {
    case LM_LOSS: return p->loss;
    case LM_ACC: return p->acc;
    case LM_VAL_LOSS: return p->val_loss;
    case LM_VAL_ACC: return p->val_acc;
    case LM_VAL_PRED1: return p->val_pred1;
    case LM_VAL_LOGLOSS: return p->val_logloss;
    case LM_GRAD_NORM: return p->grad_norm;
    case LM_VAL_TRUE_ACC: return p->val_true_acc;
    case LM_LOGIT0: return p->mech_z[0];
    case LM_LOGIT1: return p->mech_z[1];
    case LM_GRAD0: return p->mech_dz[0];
    case LM_GRAD1: return p->mech_dz[1];
    case LM_DIAG: return (double)p->diag;
    default: return 0;
    }
}

int lesson_expect_holds(const LessonStep *s, const EvalPoint *p, double share1, const EvalPoint *ref,
                        double *measured, double *target)
{
    double m = lesson_metric_value(p, s->metric);
    double t = s->metric == LM_DIAG     ? (double)s->diag
               : s->ref == LR_ZEROS     ? 1.0 - share1
               : s->ref == LR_ONES      ? share1
               : s->ref == LR_METRIC    ? (ref ? lesson_metric_value(ref, s->ref_metric) : NAN)
                                        : s->num;
    if (measured) *measured = m;
    if (target) *target = t;
    switch (s->op) {
    case LO_LT: return m < t;
    case LO_LE: return m <= t;
    case LO_GT: return m > t;
    case LO_GE: return m >= t;
    case LO_EQ: return m == t;
    case LO_APPROX: return m >= t - s->tol && m <= t + s->tol;
    default: return 0;
    }
}

/* ---- the list ------------------------------------------------------------------------------- */

int lesson_peek(const char *path, char *title, size_t cap, int *minutes)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    char line[LESSON_LINE_MAX + 2];
    int found = 0;
    *minutes = 0;
    title[0] = '\0';
    int first = 1;
    while (fgets(line, sizeof line, f)) {
        char *q = line;
        if (first && !memcmp(q, "\xEF\xBB\xBF", 3)) q += 3;   /* byte-order mark */
        first = 0;
        while (*q == ' ' || *q == '\t') q++;
        size_t n = strlen(q);
        while (n && (q[n - 1] == '\n' || q[n - 1] == '\r' || q[n - 1] == ' ' || q[n - 1] == '\t')) q[--n] = '\0';
        if (!found && !strncmp(q, "title", 5) && (q[5] == ' ' || q[5] == '\t')) {
            char *v = q + 5;
            while (*v == ' ' || *v == '\t') v++;
            str_copy(title, cap, v);
            found = 1;
        } else if (!strncmp(q, "minutes", 7) && (q[7] == ' ' || q[7] == '\t')) {
            long m;
            char *v = q + 7;
            while (*v == ' ' || *v == '\t') v++;
            if (!parse_long(v, 1, 600, &m)) *minutes = (int)m;
        }
    }
    fclose(f);
    return found ? 0 : -1;
}
