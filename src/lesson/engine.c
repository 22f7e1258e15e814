/* engine — executes a Lesson against an Arena or a Trainer. See engine.h for the semantics and
 * ownership. Output goes either to the transcript FILE (headless) or to the pane buffer (screen);
 * while seeking, output is suppressed until the target segment starts. */
#include "lesson/engine.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/termtext.h"
#include "base/xalloc.h"
#include "ui/view.h"   /* panel names */
#include "ui/svg.h"   /* export: the charts as SVG */

#define EPOCHS_UNBOUNDED 1000000

/* ---- small text helpers ------------------------------------------------------------------- */

static void buf_add(char **b, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        size_t c = *cap ? *cap : 256;
        while (c < *len + n + 1) c *= 2;
        *b = xrealloc(*b, c);
        *cap = c;
    }
    memcpy(*b + *len, s, n);
    *len += n;
    (*b)[*len] = '\0';
}

int engine_wrap(char **out, size_t *len, size_t *cap, const char *text, int width, const char *first,
                const char *indent)
{
    /* columns are display columns (base/termtext): wide glyphs count two, combining marks
     * none; tabs become spaces up to the next multiple of 8 columns of the first line */
    size_t lead0 = (size_t)tt_width(first, (size_t)-1);
    char *exp = NULL;
    size_t el = 0, ec = 0;
    buf_add(&exp, &el, &ec, "", 0);
    for (const char *q = text; *q;) {
        const char *tab = strchr(q, '\t');
        size_t n = tab ? (size_t)(tab - q) : strlen(q);
        buf_add(&exp, &el, &ec, q, n);
        if (!tab) break;
        size_t at = lead0 + (size_t)tt_width(exp, el);
        buf_add(&exp, &el, &ec, "        ", (size_t)(TT_TAB - at % TT_TAB));
        q = tab + 1;
    }
    int lines = 0;
    const char *lead = first;
    const char *p = exp;
    size_t room = (size_t)(width > 8 ? width : 8);
    for (;;) {
        size_t lw = (size_t)tt_width(lead, (size_t)-1);
        size_t avail = room > lw + 4 ? room - lw : 4;
        while (*p == ' ') p++;
        size_t n = strlen(p);
        size_t take;
        if ((size_t)tt_width(p, n) <= avail) {
            take = n;
        } else {
            size_t lim = tt_prefix(p, n, (int)avail);
            if (lim == 0) lim = tt_prefix(p, n, 2) ? tt_prefix(p, n, 2) : 1;   /* always progress */
            take = lim;
            while (take > 0 && p[take] != ' ') take--;
            if (take == 0) take = lim;           /* one long word: break it */
        }
        size_t t = take;
        while (t > 0 && p[t - 1] == ' ') t--;
        buf_add(out, len, cap, lead, strlen(lead));
        buf_add(out, len, cap, p, t);
        buf_add(out, len, cap, "\n", 1);
        lines++;
        p += take;
        while (*p == ' ') p++;
        if (!*p) break;
        lead = indent;
    }
    free(exp);
    return lines;
}

/* ---- output ------------------------------------------------------------------------------- */

enum { BLOCK_NONE, BLOCK_HEADER, BLOCK_PARA, BLOCK_ACTION, BLOCK_TABLE, BLOCK_EXPECT, BLOCK_QUIZ };

static void engine_wrap_print(Engine *e, const char *text, const char *first, const char *indent)
{
    char *b = NULL;
    size_t len = 0, cap = 0;
    engine_wrap(&b, &len, &cap, text, e->wrap, first, indent);
    tt_fputs_lines(b, e->out);
    free(b);
}

static int quiet(const Engine *e) { return e->silent && e->cur < e->silent_until; }

/* A logical line: a paragraph on the screen (wrapped by the player), wrapped here for a FILE. */
static void emit(Engine *e, const char *first, const char *indent, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void emit(Engine *e, const char *first, const char *indent, const char *fmt, ...)
{
    if (quiet(e)) return;
    char text[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (e->out) {
        /* each line of its own, with its indentation as the hanging indent */
        char *b = NULL;
        size_t len = 0, cap = 0;
        char *save = NULL;
        int firstline = 1;
        for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
            size_t sp = strspn(line, " ");
            char pad[32];
            snprintf(pad, sizeof pad, "%*s", (int)(sp < 24 ? sp : 24), "");
            engine_wrap(&b, &len, &cap, line + sp, e->wrap, firstline ? (sp ? pad : first) : pad, sp ? pad : indent);
            firstline = 0;
        }
        if (b) tt_fputs_lines(b, e->out);
        free(b);
    } else {
        buf_add(&e->pane, &e->panelen, &e->panecap, first, strlen(first));
        buf_add(&e->pane, &e->panelen, &e->panecap, text, strlen(text));
        buf_add(&e->pane, &e->panelen, &e->panecap, "\n", 1);
    }
}

/* Transcript layout: a blank line between blocks of different kinds, and between paragraphs. */
static void block(Engine *e, int kind)
{
    if (!e->out || quiet(e)) return;
    if (e->last_block && (e->last_block != kind || kind == BLOCK_PARA)) fputc('\n', e->out);
    e->last_block = kind;
}

/* Headless only: a line as is. */
static void out_line(Engine *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out_line(Engine *e, const char *fmt, ...)
{
    if (quiet(e) || !e->out) return;
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    tt_fputs(line, e->out);
    fputc('\n', e->out);
}

/* A blank line between blocks, never two in a row and never first in the pane. */
static void gap(Engine *e)
{
    if (quiet(e)) return;
    if (e->out) return;  /* the transcript places its own blank lines */
    if (e->panelen == 0 || (e->panelen >= 2 && e->pane[e->panelen - 1] == '\n' && e->pane[e->panelen - 2] == '\n'))
        return;
    buf_add(&e->pane, &e->panelen, &e->panecap, "\n", 1);
}

/* Numbers in transcripts: 4 significant digits, no "-0". */
static void fmt_num(char *out, size_t cap, double v)
{
    if (v == 0) v = 0;   /* -0 -> 0 */
    snprintf(out, cap, "%.4g", v);
    if (!strcmp(out, "-0")) snprintf(out, cap, "0");
}

/* ---- the run: rebuild, train, read ------------------------------------------------------- */

static int cfg_same(const Config *a, const Config *b) { return !config_needs_rebuild(a, b); }

/* Does step s (a reset or a train) rebuild the run, given the state before it? */
static int rebuilds_at(const LessonStep *s, const Config *cfg, const Config *run, long trained)
{
    if (s->kind == LS_RESET) return trained > 0 || !cfg_same(cfg, run);
    if (s->kind == LS_TRAIN) return !cfg_same(cfg, run);
    return 0;
}

static int wait_trainer(Engine *e)
{
    while (trainer_pending(e->tr)) {
        int rc = e->wait ? e->wait(e->wait_ctx) : ENGINE_GO;
        if (rc != ENGINE_GO) return rc;
    }
    return ENGINE_GO;
}

static long steps_per_epoch(Engine *e)
{
    if (e->have_arena) return e->arena.steps_per_epoch;
    const Snapshot *s = trainer_lock(e->tr);
    long spe = s->steps_per_epoch;
    trainer_unlock(e->tr);
    return spe;
}

/* Total steps the run built at step index `from` will train before the next rebuild (for the
 * header's epoch count). */
static long steps_until_rebuild(const Engine *e, int from, long spe)
{
    Config cfg = e->cfg, run = e->run;
    long total = 0, trained = 0;
    for (int i = from; i < e->L->nsteps; i++) {
        const LessonStep *s = &e->L->steps[i];
        if (s->kind == LS_SET) {
            char err[256];
            config_set(&cfg, s->key, s->value, err, sizeof err);
        } else if (s->kind == LS_RESET || s->kind == LS_TRAIN) {
            if (rebuilds_at(s, &cfg, &run, trained)) break;
            if (s->kind == LS_TRAIN) {
                long k = s->epochs ? s->count * spe : s->count;
                total += k;
                trained += k;
            }
        }
    }
    return total;
}

static int rebuild(Engine *e, const Config *cfg, int at, int line)
{
    Config c = *cfg;
    c.epochs = EPOCHS_UNBOUNDED;
    if (!e->have_arena && c.eval_every == 0) c.eval_every = -1;   /* the screen: dense early */
    e->run = *cfg;
    e->trained = 0;
    e->rebuilds++;
    if (e->have_arena) {
        Arena fresh;
        char err[400];
        ArenaOpts ao = { .with_eval = 1, .keep = 2 };   /* the transcript reads the latest point only */
        if (arena_create_opts(&fresh, &c, &ao, err, sizeof err)) {
            snprintf(e->err, sizeof e->err, "%s:%d: the run cannot start: %s", e->L->path, line, err);
            return STOP_ERROR;
        }
        arena_free(&e->arena);
        e->arena = fresh;
        arena_eval_initial(&e->arena);
        return ENGINE_GO;
    }
    trainer_set_paused(e->tr, 1);          /* drops any train still requested */
    trainer_reconfigure(e->tr, &c);
    int rc = wait_trainer(e);
    if (rc != ENGINE_GO) return rc;
    const Snapshot *s = trainer_lock(e->tr);
    int failed = s->error[0] != '\0';
    if (failed) snprintf(e->err, sizeof e->err, "%s:%d: the run cannot start: %s", e->L->path, line, s->error);
    trainer_unlock(e->tr);
    if (failed) return STOP_ERROR;
    long spe = steps_per_epoch(e);
    long total = steps_until_rebuild(e, at, spe);
    long epochs = spe > 0 ? (total + spe - 1) / spe : 1;
    trainer_set_epochs(e->tr, (int)(epochs < 1 ? 1 : epochs > EPOCHS_UNBOUNDED ? EPOCHS_UNBOUNDED : epochs));
    return wait_trainer(e);
}

static int train(Engine *e, long steps)
{
    e->trained += steps;
    if (e->have_arena) {
        long target = e->arena.step + steps;
        while (e->arena.step < target) arena_advance(&e->arena, target - e->arena.step);
        arena_eval_now(&e->arena);
        return ENGINE_GO;
    }
    trainer_train(e->tr, steps);
    return wait_trainer(e);
}

/* The latest evaluation point of the set-up `su`; fills *share1. 0 if found. */
static int last_point(Engine *e, const Setup *su, EvalPoint *out, double *share1)
{
    int found = -1;
    if (e->have_arena) {
        const Arena *a = &e->arena;
        for (int i = 0; i < a->nruns; i++)
            if (a->runs[i].setup == su) found = i;
        if (found < 0 || a->runs[found].npts == 0) return -1;
        *out = *arena_last(a, found);
        if (share1) *share1 = engine_share1(e);
        return 0;
    }
    const Snapshot *s = trainer_lock(e->tr);
    for (int i = 0; i < s->nruns; i++)
        if (s->setup[i] == su) found = i;
    int ok = found >= 0 && s->npts > 0;
    if (ok) {
        *out = s->pts[found][s->npts - 1];
        if (share1) *share1 = s->share1;
    }
    trainer_unlock(e->tr);
    return ok ? 0 : -1;
}

double engine_share1(Engine *e)
{
    if (e->have_arena) {
        return e->arena.val_share[1];
    }
    const Snapshot *s = trainer_lock(e->tr);
    double v = s->share1;
    trainer_unlock(e->tr);
    return v;
}

/* ---- transcript blocks ---------------------------------------------------------------------- */

static void describe_run(const Config *c, char *out, size_t cap)
{
    char models[128];
    config_models_str(c, models, sizeof models);
    char data[CONFIG_PATH_MAX + 64];
    if (c->data[0]) snprintf(data, sizeof data, "data %s", c->data);
    else if (config_classes(c) > 2) snprintf(data, sizeof data, "n %ld, %d classes, noise %g", c->n, config_classes(c), c->noise);
    else snprintf(data, sizeof data, "n %ld, %g%% ones, noise %g", c->n, 100 * c->pos, c->noise);
    snprintf(out, cap, "%s | %s, %s inputs | LSTM %d %s, Dense %d | batch %d, lr %g, seed %llu", models, data,
             c->encoding == ENC_ONEHOT ? "one-hot" : "label-encoded", c->hidden,
             c->recurrent == RACT_SIGMOID ? "sigmoid" : "hard_sigmoid", c->dense, c->batch, (double)c->lr,
             (unsigned long long)c->seed);
}

/* The metrics table, when the run changed since the last one printed (headless only). */
static void table(Engine *e)
{
    if (!e->out || quiet(e) || !e->have_arena) return;
    const Arena *a = &e->arena;
    long key = e->rebuilds * 1000000007L + a->step;
    if (key == e->table_key) return;
    e->table_key = key;
    const EvalPoint *p0 = arena_last(a, 0);
    char head[64];
    snprintf(head, sizeof head, "step %ld, epoch %d", p0->step, p0->epoch);
    block(e, BLOCK_TABLE);
    fprintf(e->out, "  %-22s %-8s %-10s %-10s %-12s %s\n", head, "val_acc", "val_pred1", "loss", "val_logloss", "diag");
    for (int i = 0; i < a->nruns; i++) {
        const EvalPoint *p = arena_last(a, i);
        char v1[24], v2[24], v3[24], v4[24];
        fmt_num(v1, sizeof v1, p->val_acc);
        fmt_num(v2, sizeof v2, p->val_pred1);
        fmt_num(v3, sizeof v3, p->loss);
        fmt_num(v4, sizeof v4, p->val_logloss);
        fprintf(e->out, "  %-22s %-8s %-10s %-10s %-12s %s\n", a->runs[i].setup->id, v1, v2, v3, v4, diag_word(p->diag));
    }
}

/* An expect line's verdict: counted (unless quiet), then a PASS/FAIL line in the transcript, or
 * on the screen a mark line (ENGINE_EXPECT_MARK first: the player hides these lines unless asked;
 * they are the author's checks, not the student's text). */
static void expect_result(Engine *e, int ok, const char *claim, const char *got)
{
    if (quiet(e)) return;
    if (ok) e->passed++, e->seg_passed++;
    else e->failed++, e->seg_failed++;
    if (e->out) {
        table(e);
        block(e, BLOCK_EXPECT);
        out_line(e, "  %s  %s  (%s)", ok ? "PASS" : "FAIL", claim, got);
    } else {
        const char *mark = ok ? (e->ascii ? "[ok]" : "✓") : (e->ascii ? "[X]" : "✗");
        emit(e, ENGINE_EXPECT_MARK, "", "%s %s  (%s)", mark, claim, got);
    }
}

/* expect focus == ID|all / expect panel == NAME: the screen state the script has set */
static void expect_screen(Engine *e, const LessonStep *s)
{
    char claim[96], got[96];
    int ok;
    if (s->metric == LM_FOCUS) {
        snprintf(claim, sizeof claim, "focus == %s", s->setup ? s->setup->id : "all");
        ok = e->focus == s->setup;
        snprintf(got, sizeof got, "measured %s", e->focus ? e->focus->id : "all");
    } else {
        snprintf(claim, sizeof claim, "panel == %s", view_panel_name((Panel)(int)s->num));
        ok = e->panel == (int)s->num;
        snprintf(got, sizeof got, "measured %s", view_panel_name((Panel)e->panel));
    }
    expect_result(e, ok, claim, got);
}

static const LessonChoice *find_choice(const LessonStep *q, char key);

/* reveal: the prediction's answer, what the learner picked, the explanation */
static void reveal(Engine *e, const LessonStep *r)
{
    if (quiet(e)) return;
    int qi = (int)r->count;
    const LessonStep *q = &e->L->steps[qi];
    const LessonChoice *c = find_choice(q, q->answer);
    char picked = e->answers ? e->answers[qi] : 0;
    const LessonChoice *pc = picked ? find_choice(q, picked) : NULL;
    if (e->out) {
        block(e, BLOCK_QUIZ);
        char ans[1200];
        snprintf(ans, sizeof ans, "%c) %s", q->answer, c ? c->text : "");
        engine_wrap_print(e, ans, "  Answer to the prediction: ", "    ");
        if (picked) {
            char you[1400];
            snprintf(you, sizeof you, "%c) %s%s%s", picked, picked == q->answer ? "right" : "not quite",
                     pc && pc->feedback && picked != q->answer ? ": " : "",
                     pc && pc->feedback && picked != q->answer ? pc->feedback : "");
            engine_wrap_print(e, you, "  You predicted ", "    ");
        }
        if (q->explain[0]) engine_wrap_print(e, q->explain, "  ", "  ");
        return;
    }
    gap(e);
    if (picked)
        emit(e, "", "", "%s You predicted %c); the answer is %c) %s", picked == q->answer ? (e->ascii ? "[ok]" : "✓") : (e->ascii ? "[X]" : "✗"),
             picked, q->answer, c ? c->text : "");
    else emit(e, "", "", "The prediction's answer: %c) %s", q->answer, c ? c->text : "");
    if (picked && picked != q->answer && pc && pc->feedback) emit(e, "", "", "%s", pc->feedback);
    if (q->explain[0]) emit(e, "", "", "%s", q->explain);
}

int engine_answer(Engine *e, int step, char key)
{
    const LessonStep *q = &e->L->steps[step];
    if (e->answers && !e->answers[step]) {
        e->answers[step] = key;
        e->first_try[step] = key == q->answer;
    }
    return key == q->answer;
}

void engine_score(const Engine *e, int *right, int *answered, int *total)
{
    *right = *answered = *total = 0;
    for (int i = 0; i < e->L->nsteps; i++) {
        if (e->L->steps[i].kind != LS_QUIZ) continue;
        (*total)++;
        if (e->answers && e->answers[i]) {
            (*answered)++;
            *right += e->first_try[i];
        }
    }
}

static void expect(Engine *e, const LessonStep *s)
{
    EvalPoint p;
    double share1 = 0, m = 0, t = 0;
    if (s->metric == LM_FOCUS || s->metric == LM_PANEL) {
        expect_screen(e, s);
        return;
    }
    const char *id = s->setup->id;
    char claim[160], val[48], tol[48];
    if (s->metric == LM_DIAG) {
        snprintf(claim, sizeof claim, "%s diag == %s", id, diag_word(s->diag));
    } else {
        if (s->ref == LR_ZEROS) snprintf(val, sizeof val, "zeros");
        else if (s->ref == LR_ONES) snprintf(val, sizeof val, "ones");
        else if (s->ref == LR_METRIC)
            snprintf(val, sizeof val, "%s.%s", s->ref_setup->id, lesson_metric_name(s->ref_metric));
        else fmt_num(val, sizeof val, s->num);
        fmt_num(tol, sizeof tol, s->tol);
        snprintf(claim, sizeof claim, "%s %s %s %s%s%s", id, lesson_metric_name(s->metric), lesson_op_name(s->op), val,
                 s->op == LO_APPROX ? " ± " : "", s->op == LO_APPROX ? tol : "");
    }
    int ok;
    char got[160];
    EvalPoint rp;
    int have_ref = s->ref != LR_METRIC || last_point(e, s->ref_setup, &rp, NULL) == 0;
    if (last_point(e, s->setup, &p, &share1) || !have_ref) {
        ok = 0;
        snprintf(got, sizeof got, "%s is not in this run", have_ref ? id : s->ref_setup->id);
    } else {
        ok = lesson_expect_holds(s, &p, share1, s->ref == LR_METRIC ? &rp : NULL, &m, &t);
        char ms[24], ts[24];
        fmt_num(ms, sizeof ms, m);
        fmt_num(ts, sizeof ts, t);
        if (s->metric == LM_DIAG) snprintf(got, sizeof got, "measured %s", diag_word(p.diag));
        else if (s->ref != LR_NUMBER) snprintf(got, sizeof got, "measured %s; %s = %s", ms, val, ts);
        else snprintf(got, sizeof got, "measured %s", ms);
    }
    expect_result(e, ok, claim, got);
}

/* ---- stepping ------------------------------------------------------------------------------- */

static int is_stop(const LessonStep *s) { return s->kind == LS_PAUSE || s->kind == LS_QUIZ; }

static void segment_start(Engine *e)
{
    e->panelen = 0;
    if (e->pane) e->pane[0] = '\0';
    e->seg_passed = e->seg_failed = 0;
    if (e->out) {
        if (e->last_block) fputc('\n', e->out);
        fprintf(e->out, "--- step %d of %d ---\n", e->stop + 1, e->L->nstops);
        e->last_block = BLOCK_HEADER;
    }
}

/* The first run on the screen: wait for the trainer, then size the header's epoch count. */
static int start_screen(Engine *e)
{
    e->started = 1;
    if (!e->tr) return ENGINE_GO;
    int rc = wait_trainer(e);
    if (rc != ENGINE_GO) return rc;
    long spe = steps_per_epoch(e);
    long total = steps_until_rebuild(e, 0, spe);
    long epochs = spe > 0 ? (total + spe - 1) / spe : 1;
    trainer_set_epochs(e->tr, (int)(epochs < 1 ? 1 : epochs > EPOCHS_UNBOUNDED ? EPOCHS_UNBOUNDED : epochs));
    return wait_trainer(e);
}

static void describe_line(Engine *e, const char *what)
{
    if (!e->out || quiet(e)) return;
    block(e, BLOCK_ACTION);
    char d[CONFIG_PATH_MAX + 256];
    describe_run(&e->run, d, sizeof d);
    out_line(e, "  > %s: %s", what, d);
}

void engine_export_path(const char *svg, const char *name, char *out, size_t cap)
{
    size_t n = strlen(svg);
    if (n > 4 && !strcmp(svg + n - 4, ".svg")) n -= 4;
    snprintf(out, cap, "%.*s-%s.svg", (int)n, svg, name);
}

/* export NAME: the charts now, into FILE-NAME.svg when --svg FILE was given */
static int export_svg(Engine *e, const LessonStep *s)
{
    block(e, BLOCK_ACTION);
    if (!e->base.svg[0]) {
        out_line(e, "  > export %s (no --svg FILE: nothing written)", s->text);
        return 0;
    }
    char path[CONFIG_PATH_MAX + LESSON_EXPORT_MAX + 8], err[1200];
    engine_export_path(e->base.svg, s->text, path, sizeof path);
    int rc;
    if (e->tr) {
        const Snapshot *snap = trainer_lock(e->tr);
        rc = svg_save(path, snap, err, sizeof err);
        trainer_unlock(e->tr);
    } else {
        Snapshot snap;
        snapshot_from_arena(&snap, &e->arena);
        rc = svg_save(path, &snap, err, sizeof err);
        snapshot_free(&snap);
    }
    if (rc) {
        snprintf(e->err, sizeof e->err, "%s:%d: export: --svg: %s", e->L->path, s->line, err);
        return -1;
    }
    out_line(e, "  > export %s: the charts in %s", s->text, path);
    return 0;
}

int engine_next(Engine *e)
{
    const Lesson *L = e->L;
    if (e->stop >= L->nstops) return STOP_END;
    if (!e->started) {
        int rc = start_screen(e);
        if (rc != ENGINE_GO) return rc;
    }
    int started = 0;
    while (e->pos < L->nsteps) {
        e->cur = e->pos;
        if (!started && !quiet(e)) {
            segment_start(e);
            started = 1;
        }
        const LessonStep *s = &L->steps[e->pos];
        int rc = ENGINE_GO, at = e->pos;
        e->pos++;
        if (is_stop(s)) {
            e->stop++;
            if (quiet(e)) {            /* seeking: pass the stops before the target */
                started = 0;
                continue;
            }
            table(e);
            if (s->kind == LS_QUIZ) {
                e->quiz_step = at;
                return STOP_QUIZ;
            }
            return STOP_PAUSE;
        }
        switch (s->kind) {
        case LS_SAY:
            if (!s->text[0]) break;
            gap(e);
            block(e, BLOCK_PARA);
            emit(e, "", "", "%s", s->text);
            break;
        case LS_SET: {
            char err[256];
            config_set(&e->cfg, s->key, s->value, err, sizeof err);   /* validated by the parser */
            block(e, BLOCK_ACTION);
            out_line(e, "  > set %s %s", s->key, s->value);
            break;
        }
        case LS_RESET:
            if (rebuilds_at(s, &e->cfg, &e->run, e->trained)) rc = rebuild(e, &e->cfg, at + 1, s->line);
            if (rc == ENGINE_GO) describe_line(e, "reset");
            break;
        case LS_TRAIN: {
            if (rebuilds_at(s, &e->cfg, &e->run, e->trained)) {
                rc = rebuild(e, &e->cfg, at, s->line);
                if (rc == ENGINE_GO) describe_line(e, "reset (the options changed)");
            }
            if (rc != ENGINE_GO) break;
            long spe = steps_per_epoch(e);
            long steps = s->epochs ? s->count * spe : s->count;
            rc = train(e, steps);
            if (rc == ENGINE_GO && e->out && !quiet(e)) {
                const EvalPoint *p = arena_last(&e->arena, 0);
                block(e, BLOCK_ACTION);
                out_line(e, "  > train %ld %s (%ld steps): now at step %ld, epoch %d", s->count,
                         s->epochs ? (s->count == 1 ? "epoch" : "epochs") : (s->count == 1 ? "step" : "steps"), steps,
                         p->step, p->epoch);
            }
            break;
        }
        case LS_FOCUS:
            e->focus = s->setup;
            block(e, BLOCK_ACTION);
            out_line(e, "  > focus %s", !s->setup ? "all" : s->setup->id);
            break;
        case LS_PANEL:
            e->panel = (int)s->count;
            block(e, BLOCK_ACTION);
            out_line(e, "  > panel %s", view_panel_name((Panel)e->panel));
            break;
        case LS_REVEAL:
            reveal(e, s);
            break;
        case LS_MARK:
            if (e->tr) trainer_mark(e->tr, s->text);
            block(e, BLOCK_ACTION);
            out_line(e, "  > mark \"%s\"", s->text);
            break;
        case LS_EXPECT:
            expect(e, s);
            break;
        case LS_EXPORT:
            if (!quiet(e) && export_svg(e, s)) rc = STOP_ERROR;
            break;
        default:
            break;
        }
        if (rc != ENGINE_GO) return rc;
    }
    e->cur = L->nsteps;
    if (!started && !quiet(e)) segment_start(e);
    e->stop = L->nstops;
    e->silent = 0;
    table(e);
    return STOP_END;
}

int engine_seek(Engine *e, int stop)
{
    const Lesson *L = e->L;
    if (stop < 1) stop = 1;
    if (stop > L->nstops) stop = L->nstops;
    /* the first step of the target segment */
    int begin = 0, seen = 0;
    for (int i = 0; i < L->nsteps && seen < stop - 1; i++)
        if (is_stop(&L->steps[i]) && ++seen == stop - 1) begin = i + 1;
    /* dry run up to it: where was the run in force at `begin` built, and with which options? */
    Config cfg = e->base, run, run_at_from, cfg_at_from = e->base;
    engine_initial_config(L, &e->base, &run);
    run_at_from = run;
    long trained = 0;
    int from = 0;
    const Setup *focus = NULL, *focus_at_from = NULL;
    int panel = PANEL_LOSS, panel_at_from = PANEL_LOSS;
    for (int i = 0; i < begin; i++) {
        const LessonStep *s = &L->steps[i];
        if (s->kind == LS_SET) {
            char err[256];
            config_set(&cfg, s->key, s->value, err, sizeof err);
        } else if (s->kind == LS_PANEL) {
            panel = (int)s->count;
        } else if (s->kind == LS_FOCUS) {
            focus = s->setup;
        } else if (s->kind == LS_RESET || s->kind == LS_TRAIN) {
            if (rebuilds_at(s, &cfg, &run, trained)) {
                run = cfg;
                trained = 0;
                from = s->kind == LS_RESET ? i + 1 : i;   /* a train that rebuilt is replayed */
                run_at_from = cfg;
                cfg_at_from = cfg;
                focus_at_from = focus;
                panel_at_from = panel;
            }
            if (s->kind == LS_TRAIN) trained += s->count;
        }
    }
    /* build the run fresh and replay from `from`, quietly until `begin` */
    e->cfg = cfg_at_from;
    e->focus = focus_at_from;
    e->panel = panel_at_from;
    e->pos = from;
    e->stop = 0;
    for (int k = 0; k < from; k++) e->stop += is_stop(&L->steps[k]);
    e->silent = 1;
    e->silent_until = begin;
    e->cur = from;
    e->panelen = 0;
    if (e->pane) e->pane[0] = '\0';
    int rc = rebuild(e, &run_at_from, from, from < L->nsteps ? L->steps[from].line : 0);
    if (rc == ENGINE_GO) rc = engine_next(e);
    e->silent = 0;
    return rc;
}

static const LessonChoice *find_choice(const LessonStep *q, char key)
{
    for (int i = 0; i < q->nchoices; i++)
        if (q->choices[i].key == key) return &q->choices[i];
    return NULL;
}

void engine_print_quiz(Engine *e)
{
    if (!e->out) return;
    const LessonStep *q = &e->L->steps[e->quiz_step];
    char lead[32], ans[1200];
    block(e, BLOCK_QUIZ);
    engine_wrap_print(e, q->text, "  Quiz: ", "        ");
    for (int i = 0; i < q->nchoices; i++) {
        snprintf(lead, sizeof lead, "    %c) ", q->choices[i].key);
        engine_wrap_print(e, q->choices[i].text, lead, "       ");
    }
    /* --answers: the transcript answers the quizzes in order, and scores them */
    char picked = 0;
    if (e->auto_answers && e->auto_answers[e->auto_next]) {
        picked = e->auto_answers[e->auto_next++];
        engine_answer(e, e->quiz_step, picked);
    }
    const LessonChoice *pc = picked ? find_choice(q, picked) : NULL;
    if (q->predict) {
        if (picked) {
            snprintf(ans, sizeof ans, "%c) %s", picked, pc ? pc->text : "(not one of the choices)");
            engine_wrap_print(e, ans, "  Your prediction: ", "    ");
        }
        engine_wrap_print(e, "(a prediction: the run below answers it, then 'Answer to the prediction')", "  ", "  ");
        return;
    }
    if (picked) {
        char you[1400];
        snprintf(you, sizeof you, "%c) %s%s%s", picked, picked == q->answer ? "right" : "not quite",
                 pc && pc->feedback ? ": " : "", pc && pc->feedback ? pc->feedback : "");
        engine_wrap_print(e, you, "  Your answer: ", "    ");
    }
    const LessonChoice *c = find_choice(q, q->answer);
    snprintf(ans, sizeof ans, "%c) %s", q->answer, c ? c->text : "");
    engine_wrap_print(e, ans, "  Answer: ", "          ");
    if (q->explain[0]) engine_wrap_print(e, q->explain, "  ", "  ");
}

void engine_print_end(Engine *e)
{
    if (!e->out) return;
    if (e->last_block) fputc('\n', e->out);
    int right, answered, quizzes;
    engine_score(e, &right, &answered, &quizzes);
    if (quizzes && answered)
        fprintf(e->out, "--- quiz score: %d of %d right on the first try ---\n", right, quizzes);
    else if (quizzes)
        fprintf(e->out, "--- %d quiz%s: scored on the screen, or here with --answers KEYS ---\n", quizzes,
                quizzes == 1 ? "" : "zes");
    int total = e->passed + e->failed;
    if (e->failed) fprintf(e->out, "--- end of the lesson: %d of %d expectations FAILED ---\n", e->failed, total);
    else fprintf(e->out, "--- end of the lesson: %d of %d expectations passed ---\n", e->passed, total);
}

const char *engine_pane(const Engine *e) { return e->pane ? e->pane : ""; }

char *engine_stop_text(const Lesson *L, int stop)
{
    char *b = NULL;
    size_t len = 0, cap = 0;
    buf_add(&b, &len, &cap, "", 0);
    int seen = 1;
    for (int i = 0; i < L->nsteps && seen <= stop; i++) {
        const LessonStep *s = &L->steps[i];
        if (is_stop(s)) {
            seen++;
            continue;
        }
        if (seen != stop || s->kind != LS_SAY) continue;
        if (!s->text[0]) continue;
        if (len) buf_add(&b, &len, &cap, "\n", 1);
        buf_add(&b, &len, &cap, s->text, strlen(s->text));
        buf_add(&b, &len, &cap, "\n", 1);
    }
    return b;
}

void engine_initial_config(const Lesson *L, const Config *base, Config *out)
{
    *out = *base;
    for (int i = 0; i < L->nsteps; i++) {
        const LessonStep *s = &L->steps[i];
        if (s->kind == LS_RESET || s->kind == LS_TRAIN) break;
        if (s->kind == LS_SET) {
            char err[256];
            config_set(out, s->key, s->value, err, sizeof err);
        }
    }
}

static void init_common(Engine *e, const Lesson *L, const Config *base)
{
    memset(e, 0, sizeof *e);
    e->L = L;
    e->base = *base;
    e->cfg = *base;
    engine_initial_config(L, base, &e->run);
    e->focus = NULL;
    e->panel = PANEL_LOSS;
    e->answers = xcalloc((size_t)L->nsteps + 1, 1);
    e->first_try = xcalloc((size_t)L->nsteps + 1, 1);
    e->wrap = 78;
    e->table_key = -1;
}

int engine_init_headless(Engine *e, const Lesson *L, const Config *base, FILE *out)
{
    init_common(e, L, base);
    e->out = out;
    Config c = e->run;
    c.epochs = EPOCHS_UNBOUNDED;
    char err[400];
    ArenaOpts ao = { .with_eval = 1, .keep = 2 };   /* the transcript reads the latest point only */
    if (arena_create_opts(&e->arena, &c, &ao, err, sizeof err)) {
        snprintf(e->err, sizeof e->err, "%s: the run cannot start: %s", L->path, err);
        return -1;
    }
    e->have_arena = 1;
    arena_eval_initial(&e->arena);
    return 0;
}

void engine_init_screen(Engine *e, const Lesson *L, const Config *base, Trainer *tr, EngineWaitFn wait, void *ctx,
                        int ascii)
{
    init_common(e, L, base);
    e->tr = tr;
    e->wait = wait;
    e->wait_ctx = ctx;
    e->ascii = ascii;
}

void engine_free(Engine *e)
{
    if (e->have_arena) arena_free(&e->arena);
    free(e->pane);
    free(e->answers);
    free(e->first_try);
    memset(e, 0, sizeof *e);
}
