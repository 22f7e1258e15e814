/* view — the dashboard, rendered into a Grid. See view.h.
 *
 * Layout, top to bottom (w x h >= 80 x 24, up to any size):
 *   row 0        title bar: preset, data, model shape
 *   row 1        status: epoch/step, running or paused, speed, learning rate, throughput
 *   cards        one per set-up (3 lines when there is room, else 2, else 1)
 *   charts       three side by side: [panel: loss | log-loss | histograms | confusion]
 *                [validation accuracy with base-rate lines] [predicted class-1 share]
 *   lesson pane  (lessons only) narration box
 *   last row     the keys that apply now */
#include "ui/view.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/termtext.h"
#include "base/xalloc.h"

static const char *const PANEL_TITLES[PANEL_COUNT] = {
    "loss, as reported", "true log-loss (val)", "p(class 1) histogram (val)", "confusion (val)",
    "mechanism (val)",
};
static const char *const PANEL_NAMES[PANEL_COUNT] = { "loss", "logloss", "hist", "confusion", "mech" };

const char *view_panel_name(Panel p) { return (int)p >= 0 && p < PANEL_COUNT ? PANEL_NAMES[p] : "?"; }

int view_panel_parse(const char *name)
{
    for (int i = 0; i < PANEL_COUNT; i++)
        if (!strcmp(name, PANEL_NAMES[i])) return i;
    return -1;
}

static uint8_t setup_color(const Setup *su) { return (uint8_t)(COL_SETUP0 + su->hue); }

void view_fmt_loss(char *out, int cap, double v)
{
    if (!isfinite(v)) snprintf(out, (size_t)cap, "%s", isnan(v) ? "NaN" : "Inf");
    else if (v != 0.0 && fabs(v) < 1e-3) snprintf(out, (size_t)cap, "%.1e", v);
    else snprintf(out, (size_t)cap, "%.4f", v);
}

static uint8_t diag_color(Diag d)
{
    switch (diag_severity(d)) {
    case SEV_GOOD: return COL_GOOD;
    case SEV_WARN: return COL_WARN;
    case SEV_INFO: return COL_ACCENT;
    default: return COL_BAD;
    }
}

static void view_reserve(View *v, int n)
{
    if (n <= v->cap) return;
    int cap = v->cap ? v->cap : 256;
    while (cap < n) cap *= 2;
    v->x = xrealloc(v->x, sizeof(double) * (size_t)cap * SETUPS_MAX);
    v->y = xrealloc(v->y, sizeof(double) * (size_t)cap * SETUPS_MAX);
    v->ys = xrealloc(v->ys, sizeof(double) * (size_t)cap * SETUPS_MAX);
    v->cap = cap;
}

void view_tab(ViewState *st)
{
    if (!st->projector) {
        st->panel = (Panel)((st->panel + 1) % PANEL_COUNT);
        return;
    }
    static const int ORDER[] = { PANEL_LOSS, PANEL_COUNT, PANEL_COUNT + 1, PANEL_LOGLOSS, PANEL_HIST, PANEL_CONFUSION,
                                 PANEL_MECH };
    int n = (int)(sizeof ORDER / sizeof ORDER[0]), k = 0;
    for (int i = 0; i < n; i++)
        if (ORDER[i] == st->proj_view) k = i;
    st->proj_view = ORDER[(k + 1) % n];
}

void view_free(View *v)
{
    free(v->x);
    free(v->y);
    free(v->ys);
    memset(v, 0, sizeof *v);
}

/* ---- never cut a word ----------------------------------------------------------------------- */

static int u8cols(const char *s)
{
    int n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* text abbreviated to at most w columns: whole, or the longest prefix that ends at a word
 * boundary followed by an ellipsis ("" when not even the first word fits). */
static void abbrev(char *out, size_t cap, const char *text, int w, int ascii)
{
    snprintf(out, cap, "%s", text);
    if (u8cols(out) <= w) return;
    int ew = ascii ? 3 : 1, cols = 0, cut = 0;
    for (int i = 0; out[i]; i++) {
        if (((unsigned char)out[i] & 0xC0) != 0x80) cols++;
        if (out[i] == ' ' && cols - 1 + ew <= w) cut = i;
        if (cols > w) break;
    }
    while (cut > 0 && (out[cut - 1] == ' ' || out[cut - 1] == ',' || out[cut - 1] == ':')) cut--;
    if (cut <= 0) {
        out[0] = '\0';
        return;
    }
    snprintf(out + cut, cap - (size_t)cut, "%s", ascii ? "..." : "\xe2\x80\xa6");
}

/* Writes text abbreviated to w columns (never a word cut in two). Returns the columns written. */
static int fit_text(Grid *g, int x, int y, int w, const char *text, uint8_t col, uint8_t attr, int ascii)
{
    if (w <= 0) return 0;
    char buf[512];
    abbrev(buf, sizeof buf, text, w, ascii);
    return buf[0] ? grid_text(g, x, y, w, buf, col, attr) : 0;
}

/* A box whose title is abbreviated, not cut (grid_box leaves w - 5 columns for it). */
static void box_fit(Grid *g, int x, int y, int w, int h, const char *title, uint8_t col, int ascii)
{
    char buf[256];
    abbrev(buf, sizeof buf, title, w - 5, ascii);
    grid_box(g, x, y, w, h, buf, col, ascii);
}

/* A row of items laid out by priority (htop's key bar): items are kept in their own order, but
 * when they do not all fit, the least important go first; a kept item is never cut. */
typedef struct {
    const char *text;
    int prio;              /* 1 = most important */
    uint8_t col, attr;
    int glue;              /* follows the item before it after one blank, not the separator */
} Item;

static int fit_items(Grid *g, int x, int y, int w, const Item *it, int n, const char *sep, uint8_t sepcol,
                     uint8_t sepattr)
{
    int keep[64] = { 0 }, sw = u8cols(sep);
    if (n > 64) n = 64;
    for (int prio = 1; prio <= 9; prio++) {
        for (int i = 0; i < n; i++) {
            if (keep[i] || it[i].prio != prio || !it[i].text[0]) continue;
            keep[i] = 1;
            int total = 0, k = 0;
            for (int j = 0; j < n; j++)
                if (keep[j]) total += u8cols(it[j].text) + (k++ ? (it[j].glue ? 1 : sw) : 0);
            if (total > w) keep[i] = 0;
        }
    }
    int cx = x, k = 0;
    for (int i = 0; i < n; i++) {
        if (!keep[i]) continue;
        if (k++) cx += grid_text(g, cx, y, x + w - cx, it[i].glue ? " " : sep, sepcol, sepattr);
        cx += grid_text(g, cx, y, x + w - cx, it[i].text, it[i].col, it[i].attr);
    }
    return cx - x;
}

/* ---- header and key bar ------------------------------------------------------------------- */

static void draw_header(Grid *g, const Snapshot *s, const ViewState *st)
{
    const Config *c = &s->cfg;
    grid_fill(g, 0, 0, g->w, 1, ' ', COL_ACCENT, ATTR_REVERSE);
    char data[160];
    if (c->data[0]) {
        const char *base = strrchr(c->data, '/');
        snprintf(data, sizeof data, " losslab | %s", base ? base + 1 : c->data);
    } else {
        snprintf(data, sizeof data, " losslab | %s preset", c->preset);
    }
    char classes[32], sizes[64], shape[96], net[96], batch[32], seed[40];
    if (s->K == 2) snprintf(classes, sizeof classes, "%.0f%% ones", 100 * s->share1);
    else snprintf(classes, sizeof classes, "%d classes", s->K);
    snprintf(sizes, sizeof sizes, "%ld train, %ld val", s->n_train, s->n_val);
    snprintf(shape, sizeof shape, "%d steps x %d features, %s", s->T, s->F,
             c->encoding == ENC_ONEHOT ? "one-hot" : "label-encoded");
    snprintf(net, sizeof net, "LSTM(%d, %s) > Dense(%d) > head", c->hidden,
             c->recurrent == RACT_HARD_SIGMOID ? "hard_sigmoid" : "sigmoid", c->dense);
    snprintf(batch, sizeof batch, "batch %d", c->batch);
    snprintf(seed, sizeof seed, "seed %llu", (unsigned long long)c->seed);
    const uint8_t A = ATTR_REVERSE | ATTR_BOLD, R = ATTR_REVERSE;
    Item top[] = { { data, 1, COL_ACCENT, A , 0 }, { sizes, 4, COL_ACCENT, R, 0 }, { shape, 5, COL_ACCENT, R , 0 },
                   { classes, 2, COL_ACCENT, R, 0 }, { net, 3, COL_ACCENT, R , 0 }, { batch, 6, COL_ACCENT, R , 0 },
                   { seed, 2, COL_ACCENT, R , 0 } };
    fit_items(g, 0, 0, g->w, top, (int)(sizeof top / sizeof top[0]), " | ", COL_ACCENT, R);

    char speed[48];
    if (s->speed >= SPEED_MAX && s->sps > 0) snprintf(speed, sizeof speed, "speed max (%.0fk samples/s)", s->sps / 1000);
    else if (s->speed >= SPEED_MAX) snprintf(speed, sizeof speed, "speed max");   /* nothing measured yet */
    else snprintf(speed, sizeof speed, "speed %d/9 (%g steps/s)", s->speed, speed_steps_per_s(s->speed));
    /* a lesson (or n, e) training while the run is paused is training, not paused */
    int training = s->stepping && !s->done;
    const char *state = s->busy ? "~ working" : s->done ? "# finished" : training ? "> training"
                        : s->paused ? "|| paused" : "> running";
    int shown_epoch = s->done ? s->epoch : s->epoch + 1;
    if (shown_epoch > s->cfg.epochs) shown_epoch = s->cfg.epochs;
    char epoch[48], step[40], detail[64], lr[32];
    snprintf(epoch, sizeof epoch, " epoch %d/%d", shown_epoch, s->cfg.epochs);
    snprintf(step, sizeof step, "step %ld", s->step);
    snprintf(detail, sizeof detail, "(%ld/epoch, val every %ld)", s->steps_per_epoch,
             s->cfg.eval_every > 0   ? s->cfg.eval_every
             : s->cfg.eval_every < 0 ? (s->steps_per_epoch / 8 > 1 ? s->steps_per_epoch / 8 : 1)
                                     : s->steps_per_epoch);
    snprintf(lr, sizeof lr, "lr %g", (double)s->lr);
    if (s->error[0]) {
        /* a failed action (a reset whose data can no longer be read) replaces the status line,
         * from its first column, so it is seen at any width (abbreviated, never cut) */
        grid_fill(g, 0, 1, g->w, 1, ' ', COL_DEFAULT, 0);
        fit_text(g, 1, 1, g->w - 2, s->error, COL_BAD, ATTR_BOLD, st->mode == GLYPH_ASCII);
        return;
    }
    const char *msg = s->busy ? s->busy_msg : s->notice;
    int mw = msg[0] ? u8cols(msg) + 2 : 0;
    if (mw > g->w / 2) mw = g->w / 2;
    uint8_t stc = s->paused && !training ? COL_WARN : s->done ? COL_WARN : COL_GOOD;
    Item row[] = { { epoch, 1, COL_DEFAULT, ATTR_BOLD, 0 }, { step, 1, COL_DIM, 0, 0 }, { detail, 5, COL_DIM, 0, 1 },
                   { state, 1, stc, ATTR_BOLD , 0 }, { speed, 3, COL_DEFAULT, 0 , 0 }, { lr, 2, COL_DEFAULT, 0 , 0 } };
    int x = fit_items(g, 0, 1, g->w - mw, row, (int)(sizeof row / sizeof row[0]), "  ", COL_DIM, 0);
    if (msg[0]) {
        int len = u8cols(msg);
        int at = g->w - len - 1 > x + 2 ? g->w - len - 1 : x + 2;
        fit_text(g, at, 1, g->w - at, msg, COL_WARN, ATTR_BOLD, st->mode == GLYPH_ASCII);
    }
}

static void draw_keys(Grid *g, int y, const Snapshot *s, const ViewState *st)
{
    grid_fill(g, 0, y, g->w, 1, ' ', COL_DEFAULT, ATTR_REVERSE);
    const uint8_t R = ATTR_REVERSE;
    /* a note (where v wrote the charts, no lessons found, ...) at the right end: the keys give way
     * to it by priority; a long one is abbreviated at a word boundary, never cut */
    int fw = 0;
    if (st->flash && st->flash[0]) {
        int room = g->w - 2 - 14;   /* leave the most important keys */
        char note[1400];
        abbrev(note, sizeof note, st->flash, room, st->mode == GLYPH_ASCII);
        fw = u8cols(note) + 2;
        int at = g->w - 1 - fw;
        grid_fill(g, at, y, fw, 1, ' ', COL_GOOD, ATTR_REVERSE | ATTR_BOLD);
        grid_text(g, at + 1, y, fw - 1, note, COL_GOOD, ATTR_REVERSE | ATTR_BOLD);
        fw += 1;
    }
    if (st->lesson && st->lesson->keys) {
        /* the player's keys, most important first, two blanks apart: drop from the end */
        char buf[320];
        snprintf(buf, sizeof buf, "%s", st->lesson->keys);
        Item it[32];
        int n = 0, prio = 1;
        for (char *p = buf; p && *p && n < 32;) {
            char *e = strstr(p, "  ");
            if (e) *e = '\0';
            if (*p) it[n++] = (Item){ p, prio < 9 ? prio++ : 9, COL_DEFAULT, R , 0 };
            p = e ? e + 2 : NULL;
            while (p && *p == ' ') p++;
        }
        fit_items(g, 1, y, g->w - 2 - fw, it, n, "  ", COL_DEFAULT, R);
        return;
    }
    if (st->help) {
        Item it[] = { { "? or esc: close help", 1, COL_DEFAULT, R, 0 }, { "q: quit", 1, COL_DEFAULT, R , 0 } };
        fit_items(g, 1, y, g->w - 2 - fw, it, 2, "   ", COL_DEFAULT, R);
        return;
    }
    if (st->menu_open) {
        char start[48];
        snprintf(start, sizeof start, "1-%d start a lesson", st->nmenu > 9 ? 9 : st->nmenu);
        Item it[] = { { start, 1, COL_DEFAULT, R, 0 }, { "l or esc: back", 1, COL_DEFAULT, R , 0 }, { "q: quit", 1, COL_DEFAULT, R , 0 } };
        fit_items(g, 1, y, g->w - 2 - fw, it, 3, "   ", COL_DEFAULT, R);
        return;
    }
    char fk[SETUPS_MAX + 16];
    int nk = 0;
    for (int i = 0; i < s->nruns && nk < SETUPS_MAX; i++) fk[nk++] = s->setup[i]->key;
    snprintf(fk + nk, sizeof fk - (size_t)nk, " focus");
    int done = s->done && !s->busy;
    char more[48];
    snprintf(more, sizeof more, "space %d more epoch%s", s->cfg.epochs > 0 ? s->cfg.epochs : 1,
             s->cfg.epochs == 1 ? "" : "s");
    /* only keys that act now: finished runs train on with space / n / e */
    Item it[] = {
        { done ? more : s->paused ? "space resume" : "space pause", 1, COL_DEFAULT, R, 0 },
        { s->paused || done ? "n step" : "", 3, COL_DEFAULT, R, 0 },
        { s->paused || done ? "e epoch" : "", 3, COL_DEFAULT, R, 0 },
        { s->paused && s->npts > 1 ? (st->mode == GLYPH_ASCII ? "<- -> cursor" : "\xe2\x86\x90\xe2\x86\x92 cursor") : "", 4,
          COL_DEFAULT, R, 0 },
        { fk, 2, COL_DEFAULT, R, 0 },
        { "tab panel", 2, COL_DEFAULT, R, 0 },
        { "r reset", 5, COL_DEFAULT, R, 0 },
        { "R reseed", 7, COL_DEFAULT, R, 0 },
        { "+- speed", 4, COL_DEFAULT, R, 0 },
        { "[] lr", 6, COL_DEFAULT, R, 0 },
        { "s smooth", 6, COL_DEFAULT, R, 0 },
        { "g log", 6, COL_DEFAULT, R, 0 },
        { "v svg", 6, COL_DEFAULT, R, 0 },
        { "p projector", 5, COL_DEFAULT, R, 0 },
        { "l lessons", 3, COL_DEFAULT, R, 0 },
        { "? help", 1, COL_DEFAULT, R, 0 },
        { "q quit", 1, COL_DEFAULT, R, 0 },
    };
    /* the last column stays empty: the terminal's bottom-right cell is never written */
    fit_items(g, 1, y, g->w - 2 - fw, it, (int)(sizeof it / sizeof it[0]), "  ", COL_DEFAULT, R);
}

/* ---- set-up cards ------------------------------------------------------------------------- */

/* The evaluation point the cards show: the cursor's, else the latest. */
static int shown_point(const Snapshot *s, const ViewState *st)
{
    if (!s->npts) return -1;
    if (st->cursor > 0) return st->cursor - 1 < s->npts ? st->cursor - 1 : s->npts - 1;
    return s->npts - 1;
}

static void draw_card(Grid *g, int y, int lines, int i, const Snapshot *s, const ViewState *st)
{
    const Setup *su = s->setup[i];
    int at = shown_point(s, st);
    const EvalPoint *p = at >= 0 ? &s->pts[i][at] : NULL;
    uint8_t col = setup_color(su);
    int w = g->w, ascii = st->mode == GLYPH_ASCII;
    int right = w;
    if (p) {   /* the diagnosis word first: it is never dropped */
        const char *word = diag_word(p->diag);
        int len = (int)strlen(word);
        right = w - len - 3;
        grid_fill(g, right, y, len + 3, 1, ' ', COL_DEFAULT, 0);
        grid_text(g, w - len - 1, y, len, word, diag_color(p->diag), ATTR_BOLD | ATTR_REVERSE);
    }
    char badge[64];
    snprintf(badge, sizeof badge, " [%c] %s", su->key, su->id);
    int x = grid_text(g, 0, y, right, badge, col, ATTR_BOLD);
    /* the card's words start in one column for every card: after the longest id shown */
    int idw = 0;
    for (int k = 0; k < s->nruns; k++) idw = u8cols(s->setup[k]->id) > idw ? u8cols(s->setup[k]->id) : idw;
    int words_at = 6 + idw > 18 ? 6 + idw : 18;
    x = x < words_at ? words_at : x + 1;
    /* then the card's words, then "head + loss", each only if it fits whole */
    char how[160];
    snprintf(how, sizeof how, "  %s + %s", su->head, su->loss_name);
    if (x + u8cols(su->card) <= right - 1) {
        x += grid_text(g, x, y, right - x, su->card, COL_DEFAULT, 0);
        if (x + u8cols(how) <= right - 1) grid_text(g, x, y, right - x, how, COL_DIM, 0);
    }
    if (lines < 2) return;
    /* line 2: the numbers (the live running loss and accuracy unless the cursor looks back) */
    double loss = p ? p->loss : NAN, acc = p ? p->acc : NAN;
    if (st->cursor <= 0 && s->nlive > 0 && s->live[s->nlive - 1].step > (p ? p->step : 0)) {
        loss = s->live[s->nlive - 1].loss[i];
        acc = s->live[s->nlive - 1].acc[i];
    }
    char lbuf[24];
    view_fmt_loss(lbuf, sizeof lbuf, loss);
    int x2 = grid_printf(g, 5, y + 1, w - 5, COL_DIM, 0, "loss ");
    x2 += 5;
    x2 += grid_printf(g, x2, y + 1, w - x2, COL_DEFAULT, ATTR_BOLD, "%-9s", lbuf);
    x2 += grid_printf(g, x2, y + 1, w - x2, COL_DIM, 0, "acc ");
    x2 += grid_printf(g, x2, y + 1, w - x2, COL_DEFAULT, ATTR_BOLD, "%5.1f%%  ", 100 * acc);
    if (p) {
        x2 += grid_printf(g, x2, y + 1, w - x2, COL_DIM, 0, "val ");
        x2 += grid_printf(g, x2, y + 1, w - x2, COL_DEFAULT, ATTR_BOLD, "%5.1f%%  ", 100 * p->val_acc);
        if (fabs(p->val_acc - p->val_true_acc) >= 0.0005) {
            /* the framework's 'accuracy' is not the true one here (e.g. binary accuracy over K outputs) */
            x2 += grid_printf(g, x2, y + 1, w - x2, COL_DIM, 0, "true ");
            x2 += grid_printf(g, x2, y + 1, w - x2, COL_WARN, ATTR_BOLD, "%5.1f%%  ", 100 * p->val_true_acc);
        }
        x2 += grid_printf(g, x2, y + 1, w - x2, COL_DIM, 0, "grad ");
        x2 += grid_printf(g, x2, y + 1, w - x2, COL_DEFAULT, 0, "%-7.2g ", p->grad_norm);
        if (p->K <= 2) {
            /* "class 0 ▓▓░░ 1  26%": the bar shrinks first, the words stay whole */
            char pct[16];
            snprintf(pct, sizeof pct, " %3.0f%%", 100 * p->val_pred1);
            int bw = w - x2 - 6 - (int)strlen(pct);
            if (bw > 24) bw = 24;
            if (bw >= 6) {
                x2 += grid_text(g, x2, y + 1, w - x2, "class ", COL_DIM, 0);
                chart_share_bar(g, x2, y + 1, bw, p->val_pred1, st->mode, col);
                x2 += bw;
                grid_text(g, x2, y + 1, w - x2, pct, COL_DEFAULT, ATTR_BOLD);
            } else if (w - x2 >= 6 + (int)strlen(pct)) {
                grid_printf(g, x2, y + 1, w - x2, COL_DEFAULT, 0, "pred1%s", pct);
            }
        } else {
            int top = 0;
            for (int k = 1; k < p->K; k++) if (p->val_pred[k] > p->val_pred[top]) top = k;
            char tl[24];
            snprintf(tl, sizeof tl, " top %d %2.0f%%", top, 100 * p->val_pred[top]);
            int bw = w - x2 - 6 - (int)strlen(tl);
            if (bw > 24) bw = 24;
            if (bw >= 6) {
                x2 += grid_text(g, x2, y + 1, w - x2, "class ", COL_DIM, 0);
                chart_class_bar(g, x2, y + 1, bw, p->val_pred, p->K, st->mode, col);
                x2 += bw;
            }
            if (w - x2 >= (int)strlen(tl)) grid_text(g, x2, y + 1, w - x2, tl, COL_DEFAULT, ATTR_BOLD);
        }
    }
    if (lines < 3 || !p) return;
    char reason[160];
    if (st->cursor > 0) snprintf(reason, sizeof reason, "> at step %ld: %s", p->step, p->reason);
    else snprintf(reason, sizeof reason, "> %s", p->reason);
    fit_text(g, 5, y + 2, w - 6, reason, diag_color(p->diag), 0, ascii);
}

/* ---- charts ------------------------------------------------------------------------------- */

static int focus_dim(const ViewState *st, int i) { return st->focus >= 0 && st->focus != i; }

/* Series from evaluation points: which metric by offset into EvalPoint. */
typedef double (*Metric)(const EvalPoint *p);
static double m_val_acc(const EvalPoint *p) { return p->val_acc; }
static double m_pred1(const EvalPoint *p) { return p->val_pred1; }
static double m_logloss(const EvalPoint *p) { return p->val_logloss; }

static int build_series(View *v, const Snapshot *s, const ViewState *st, Metric m, ChartSeries *out)
{
    int n = s->npts, ns = 0;
    view_reserve(v, n > s->nlive ? n : s->nlive);   /* callers reserve first (prev_series) */
    for (int i = 0; i < s->nruns; i++) {
        double *x = v->x + (size_t)i * v->cap, *y = v->y + (size_t)i * v->cap, *ys = v->ys + (size_t)i * v->cap;
        int k = 0;
        if (m) {
            for (int j = 0; j < n; j++) {
                x[k] = (double)s->pts[i][j].step;
                y[k++] = m(&s->pts[i][j]);
            }
        } else {
            /* the reported loss: the epoch-0 value, then the running mean after every chunk */
            if (n > 0) {
                x[k] = 0;
                y[k++] = s->pts[i][0].loss;
            }
            for (int j = 0; j < s->nlive; j++) {
                x[k] = (double)s->live[j].step;
                y[k++] = s->live[j].loss[i];
            }
        }
        ChartSeries base = { .x = x, .y = y, .n = k, .color = setup_color(s->setup[i]),
                             .glyph = s->setup[i]->key, .label = s->setup[i]->id,
                             .faint = focus_dim(st, i) };
        if (st->smooth && k > 1) {
            smooth_ema(y, ys, k, 0.6);
            ChartSeries raw = base;
            raw.faint = true;
            raw.label = NULL;
            out[ns++] = raw;
            base.y = ys;
        }
        out[ns++] = base;
    }
    /* faint series first, so the bright ones are drawn on top */
    ChartSeries tmp[2 * SETUPS_MAX];
    int k = 0;
    for (int i = 0; i < ns; i++) if (out[i].faint) tmp[k++] = out[i];
    for (int i = 0; i < ns; i++) if (!out[i].faint) tmp[k++] = out[i];
    memcpy(out, tmp, sizeof(ChartSeries) * (size_t)ns);
    return ns;
}

static void chart_marks(const Snapshot *s, const ViewState *st, ChartVLine *vl, int *nv, char *cur, size_t cap)
{
    *nv = 0;
    for (int i = 0; i < s->nmarks; i++) {
        vl[*nv].x = (double)s->marks[i].step;
        vl[*nv].label = s->marks[i].label;
        (*nv)++;
    }
    int at = shown_point(s, st);
    if (st->cursor > 0 && at >= 0) {   /* the cursor: a marker at the step the cards show */
        snprintf(cur, cap, "step %ld", s->pts[0][at].step);
        vl[*nv].x = (double)s->pts[0][at].step;
        vl[*nv].label = cur;
        (*nv)++;
    }
}

/* The previous run (before the last reset), faint and unlabelled under the current one. */
static int prev_series(View *v, const Snapshot *s, Metric m, ChartSeries *out, int room)
{
    if (!m || s->nprev < 2) return 0;
    int ns = 0;
    view_reserve(v, s->nprev > s->npts ? s->nprev : s->npts);
    for (int i = 0; i < s->prev_nruns && ns < room; i++) {
        /* the scratch rows after the current run's: nruns + i */
        int slot = s->nruns + i;
        if (slot >= SETUPS_MAX) break;
        double *x = v->x + (size_t)slot * v->cap, *y = v->y + (size_t)slot * v->cap;
        for (int j = 0; j < s->nprev; j++) {
            x[j] = (double)s->prev[i][j].step;
            y[j] = m(&s->prev[i][j]);
        }
        out[ns++] = (ChartSeries){ .x = x, .y = y, .n = s->nprev, .color = setup_color(s->prev_setup[i]),
                                   .glyph = s->prev_setup[i]->key, .label = NULL, .faint = true };
    }
    return ns;
}

static void draw_line_chart(View *v, Grid *g, int x, int y, int w, int h, const Snapshot *s,
                            const ViewState *st, const char *title, Metric m, int pct, int logy,
                            const ChartHLine *hl, int nh)
{
    ChartSeries ser[3 * SETUPS_MAX];
    ChartSeries prev[SETUPS_MAX];
    int need = s->npts > s->nlive ? s->npts : s->nlive;
    view_reserve(v, need > s->nprev ? need : s->nprev);   /* once: no reallocation under the series */
    int np = prev_series(v, s, m, prev, SETUPS_MAX);
    int ns = build_series(v, s, st, m, ser + np);
    memcpy(ser, prev, sizeof(ChartSeries) * (size_t)np);
    ns += np;
    ChartVLine vl[MARKS_MAX + 1];
    int nv;
    char cur[32];
    chart_marks(s, st, vl, &nv, cur, sizeof cur);
    char t2[128];
    if (np) {
        snprintf(t2, sizeof t2, "%s (faint: previous run)", title);
        if (u8cols(t2) + 14 <= w) title = t2;
    }
    double xmax = (double)(s->step > 10 ? s->step : 10);
    if (np && s->prev[0][s->nprev - 1].step > xmax) xmax = (double)s->prev[0][s->nprev - 1].step;
    ChartSpec spec = { .title = title, .mode = st->mode, .yfmt = pct ? YFMT_PCT : YFMT_NUM, .log_y = logy,
                       .fixed_y = pct, .ymin = 0, .ymax = 1, .xmin = 0,
                       .xmax = xmax, .legend = true, .end_labels = true };
    chart_draw(g, x, y, w, h, &spec, ser, ns, hl, nh, vl, nv);
}

/* Panels with one small block per set-up (histograms, confusion matrices) lay the blocks out in
 * as many columns as keep each readable, and say which set-ups did not fit (never half a block). */
static void more_note(Grid *g, int x, int y, int w, const Snapshot *s, const int *shown, int ascii)
{
    char keys[SETUPS_MAX + 1];
    int n = 0;
    for (int i = 0; i < s->nruns; i++)
        if (!shown[i]) keys[n++] = s->setup[i]->key;
    keys[n] = '\0';
    if (!n) return;
    char msg[96];
    snprintf(msg, sizeof msg, "+%d more: press %s", n, keys);
    fit_text(g, x, y, w, msg, COL_DIM, 0, ascii);
}

static void block_label(Grid *g, int x, int y, int w, const Setup *su)
{
    char lab[64];
    snprintf(lab, sizeof lab, "[%c] %s", su->key, su->id);
    if (u8cols(lab) > w) snprintf(lab, sizeof lab, "[%c]", su->key);
    grid_text(g, x, y, w, lab, setup_color(su), ATTR_BOLD);
}

static void draw_hist_panel(Grid *g, int x, int y, int w, int h, const Snapshot *s, const ViewState *st)
{
    box_fit(g, x, y, w, h, PANEL_TITLES[PANEL_HIST], COL_DIM, st->mode == GLYPH_ASCII);
    int at = shown_point(s, st);
    if (at < 0) return;
    int n = st->focus >= 0 ? 1 : s->nruns;
    int iw = w - 2, ih = h - 2;
    /* columns of at least 8 cells, rows of at least 4 (label, two bar rows, the axis) */
    int cols = iw / 8 < n ? iw / 8 : n;
    if (cols < 1) cols = 1;
    int rows = (n + cols - 1) / cols, fit_rows = ih / 4 > 0 ? ih / 4 : 1;
    int shown_rows = rows < fit_rows ? rows : fit_rows;
    int need_note = shown_rows * cols < n;
    if (need_note && shown_rows * 4 > ih - 1 && shown_rows > 1) shown_rows--;
    int cw = iw / cols, rh = (ih - need_note) / shown_rows;
    int shown[SETUPS_MAX] = { 0 };
    for (int k = 0; k < n && k < shown_rows * cols; k++) {
        int i = st->focus >= 0 ? st->focus : k;
        const EvalPoint *p = &s->pts[i][at];
        int cx = x + 1 + (k % cols) * cw, cy = y + 1 + (k / cols) * rh;
        block_label(g, cx, cy, cw - 1, s->setup[i]);
        if (rh - 1 >= 2 && cw - 1 >= 3)
            chart_histogram(g, cx, cy + 1, cw - 1, rh - 1, p->hist, HIST_BINS, st->mode, setup_color(s->setup[i]));
        shown[i] = 1;
    }
    if (st->focus >= 0)
        for (int i = 0; i < s->nruns; i++) shown[i] = 1;
    more_note(g, x + 1, y + h - 2, w - 2, s, shown, st->mode == GLYPH_ASCII);
}

/* a 2 x 2 matrix of row shares in 15 x 3 cells, for narrow panels, its set-up's key first:
 *    [B]    p0   p1
 *      t0  74%  26%
 *      t1  10%  90%           */
static void confusion_compact(Grid *g, int x, int y, const long *cm, const Setup *su)
{
    uint8_t col = setup_color(su);
    grid_printf(g, x, y, 4, col, ATTR_BOLD, "[%c]", su->key);
    grid_text(g, x + 4, y, 11, "   p0   p1", COL_DIM, 0);
    for (int t = 0; t < 2; t++) {
        long a = cm[t * 2] > 0 ? cm[t * 2] : 0, b = cm[t * 2 + 1] > 0 ? cm[t * 2 + 1] : 0, n = a + b;
        grid_printf(g, x, y + 1 + t, 4, COL_DIM, 0, "  t%d", t);
        for (int c = 0; c < 2; c++) {
            long v = c ? b : a;
            char cell[8];
            if (n) snprintf(cell, sizeof cell, "%4.0f%%", 100.0 * (double)v / (double)n);
            else snprintf(cell, sizeof cell, "    -");
            grid_text(g, x + 4 + 5 * c, y + 1 + t, 5, cell, c == t ? col : COL_DEFAULT, c == t ? ATTR_BOLD : 0);
        }
    }
}

static void draw_confusion_panel(Grid *g, int x, int y, int w, int h, const Snapshot *s, const ViewState *st)
{
    box_fit(g, x, y, w, h, PANEL_TITLES[PANEL_CONFUSION], COL_DIM, st->mode == GLYPH_ASCII);
    if (!s->npts) return;
    int K = s->K, iw = w - 2;
    int full = K == 2 ? iw >= CHART_CONFUSION_W + 1 : iw >= chart_confusion_k_w(K) + 1;
    int bw = K == 2 ? (full ? CHART_CONFUSION_W : 15) : chart_confusion_k_w(K);
    int bh = K == 2 && !full ? 3 : (K == 2 ? CHART_CONFUSION_H : K + 2) + 1;   /* + the label row */
    if (K > 2 && !full) {
        fit_text(g, x + 1, y + 1, iw, "too narrow for the matrix: focus a set-up or enlarge the terminal", COL_DIM, 0,
                 st->mode == GLYPH_ASCII);
        return;
    }
    int cols = iw / (bw + 1) > 0 ? iw / (bw + 1) : 1;
    int last = y + h - 1;   /* the bottom border: nothing may be drawn on it */
    int row = y + 1, c = 0, shown[SETUPS_MAX] = { 0 }, left = 0;
    for (int i = 0; i < s->nruns; i++) {
        if (st->focus >= 0 && st->focus != i) {
            shown[i] = 1;
            continue;
        }
        left++;
    }
    for (int i = 0; i < s->nruns; i++) {
        if (shown[i]) continue;
        left--;
        int need_note = left > 0;
        if (row + bh > last - (need_note && c == cols - 1 ? 1 : 0) + 0) break;
        int bx = x + 1 + c * (bw + 1);
        if (full || K > 2) block_label(g, bx, row, bw, s->setup[i]);
        if (K == 2 && full) {
            long cm2[2][2] = { { s->cm[i][0], s->cm[i][1] }, { s->cm[i][2], s->cm[i][3] } };
            chart_confusion(g, bx, row + 1, (const long(*)[2])cm2, COL_DEFAULT);
        } else if (K == 2) {
            confusion_compact(g, bx, row, s->cm[i], s->setup[i]);
        } else {
            chart_confusion_k(g, bx, row + 1, s->cm[i], K, COL_DEFAULT);
        }
        shown[i] = 1;
        if (++c == cols) {
            c = 0;
            row += bh;
        }
    }
    more_note(g, x + 1, last - 1, iw, s, shown, st->mode == GLYPH_ASCII);
}

/* ---- the mechanism: mean logit and mean gradient into it, by true class --------------------- */

/* Which set-up the mechanism panel shows: the focused one, else the first whose gradient is
 * lopsided (a class that never pushes), else the first. */
static int mech_setup(const Snapshot *s, const ViewState *st)
{
    if (st->focus >= 0 && st->focus < s->nruns) return st->focus;
    if (!s->npts) return 0;
    for (int i = 0; i < s->nruns; i++) {
        const EvalPoint *p = &s->pts[i][s->npts - 1];
        int zero = 0, nonzero = 0;
        for (int k = 0; k < s->K; k++) {
            zero |= p->mech_dz[k] == 0.0;
            nonzero |= p->mech_dz[k] != 0.0;
        }
        if (zero && nonzero) return i;
    }
    return 0;
}

static const char *const CLASS_GLYPHS = "0123456789abcdef";

static void draw_mech_panel(View *v, Grid *g, int x, int y, int w, int h, const Snapshot *s, const ViewState *st)
{
    int i = mech_setup(s, st);
    int n = s->npts, K = s->K < SETUPS_MAX ? s->K : SETUPS_MAX;   /* the scratch holds SETUPS_MAX series */
    view_reserve(v, n);
    int h1 = h / 2, h2 = h - h1;
    char t1[96], t2[96];
    snprintf(t1, sizeof t1, "[%c] %s: mean logit by true class", s->setup[i]->key, s->setup[i]->id);
    snprintf(t2, sizeof t2, "[%c] mean dLoss/dlogit by true class", s->setup[i]->key);
    if (u8cols(t1) > w - 12) snprintf(t1, sizeof t1, "[%c] mean logit", s->setup[i]->key);
    if (u8cols(t2) > w - 12) snprintf(t2, sizeof t2, "[%c] mean gradient", s->setup[i]->key);
    static const uint8_t HUES[] = { HUE_RED, HUE_CYAN, HUE_YELLOW, HUE_GREEN, HUE_MAGENTA, HUE_BLUE, HUE_WHITE };
    char labels[CLASSES_MAX][16];
    for (int pass = 0; pass < 2; pass++) {
        ChartSeries ser[CLASSES_MAX];
        for (int k = 0; k < K && k < CLASSES_MAX; k++) {
            double *xs = v->x + (size_t)k * v->cap, *ys = v->y + (size_t)k * v->cap;
            for (int j = 0; j < n; j++) {
                xs[j] = (double)s->pts[i][j].step;
                ys[j] = pass ? s->pts[i][j].mech_dz[k] : s->pts[i][j].mech_z[k];
            }
            snprintf(labels[k], sizeof labels[k], "y=%d", k);
            ser[k] = (ChartSeries){ .x = xs, .y = ys, .n = n, .color = (uint8_t)(COL_SETUP0 + HUES[k % 7]),
                                    .glyph = CLASS_GLYPHS[k], .label = labels[k], .faint = false };
        }
        ChartHLine zero[1] = { { 0.0, NULL } };   /* unlabelled: "0" would read as class 0 */
        ChartVLine vl[MARKS_MAX + 1];
        int nv;
        char cur[32];
        chart_marks(s, st, vl, &nv, cur, sizeof cur);
        ChartSpec spec = { .title = pass ? t2 : t1, .mode = st->mode, .yfmt = YFMT_NUM, .xmin = 0,
                           .xmax = (double)(s->step > 10 ? s->step : 10), .legend = true, .end_labels = true };
        chart_draw(g, x, pass ? y + h1 : y, w, pass ? h2 : h1, &spec, ser, K, pass ? zero : NULL, pass ? 1 : 0, vl, nv);
    }
}

int view_base_rates(const Snapshot *s, double *y, char (*lab)[32], int *top)
{
    int nb = 0;
    char name[CLASSES_MAX][32];
    *top = 0;
    for (int k = 0; k < s->K; k++) {
        if (s->share[k] > s->share[*top]) *top = k;
        if (s->K == 2) snprintf(name[k], sizeof name[k], "%s %.0f%%", k ? "ones" : "zeros", 100 * s->share[k]);
        else snprintf(name[k], sizeof name[k], "class %d %.0f%%", k, 100 * s->share[k]);
    }
    if (s->K == 2) {   /* ones first, as the charts always drew them */
        y[nb] = s->share1;
        memcpy(lab[nb++], name[1], sizeof name[1]);
        y[nb] = 1 - s->share1;
        memcpy(lab[nb++], name[0], sizeof name[0]);
    } else {
        for (int k = 0; k < s->K; k++) {
            y[nb] = s->share[k];
            memcpy(lab[nb++], name[k], sizeof name[k]);
        }
    }
    return nb;
}

static void draw_charts(View *v, Grid *g, int y, int h, const Snapshot *s, const ViewState *st)
{
    /* three charts with a one-column gap between them */
    int w1 = (g->w - 2) / 3, w2 = (g->w - 2) / 3, w3 = g->w - 2 - w1 - w2;
    /* the base rates: a model on one of these lines has learned nothing */
    char lab[CLASSES_MAX][32];
    double by[CLASSES_MAX];
    ChartHLine base[CLASSES_MAX];
    int top, nb = view_base_rates(s, by, lab, &top);
    for (int k = 0; k < nb; k++) base[k] = (ChartHLine){ by[k], lab[k] };
    if (st->projector) {
        /* the front of the room: one chart at a time, the whole width (tab: the next one) */
        int pv = st->proj_view;
        if (pv == PANEL_COUNT) {
            draw_line_chart(v, g, 0, y, g->w, h, s, st, "val accuracy", m_val_acc, 1, 0, base, nb);
            return;
        }
        if (pv == PANEL_COUNT + 1) {
            ChartHLine truth[1] = { { s->K == 2 ? s->share1 : s->share[top], lab[s->K == 2 ? 0 : top] } };
            draw_line_chart(v, g, 0, y, g->w, h, s, st, s->K == 2 ? "predicted class 1" : "most-predicted class",
                            s->K == 2 ? m_pred1 : metrics_top_share, 1, 0, truth, 1);
            return;
        }
        w1 = g->w;
    }
    switch (st->projector ? (Panel)st->proj_view : st->panel) {
    case PANEL_LOSS:
        draw_line_chart(v, g, 0, y, w1, h, s, st, PANEL_TITLES[PANEL_LOSS], NULL, 0, st->log_y, NULL, 0);
        break;
    case PANEL_LOGLOSS:
        draw_line_chart(v, g, 0, y, w1, h, s, st, PANEL_TITLES[PANEL_LOGLOSS], m_logloss, 0, st->log_y, NULL, 0);
        break;
    case PANEL_HIST: draw_hist_panel(g, 0, y, w1, h, s, st); break;
    case PANEL_CONFUSION: draw_confusion_panel(g, 0, y, w1, h, s, st); break;
    default: draw_mech_panel(v, g, 0, y, w1, h, s, st); break;
    }
    if (st->projector) return;
    draw_line_chart(v, g, w1 + 1, y, w2, h, s, st, "val accuracy", m_val_acc, 1, 0, base, nb);
    if (s->K == 2) {
        ChartHLine truth[1] = { { s->share1, lab[0] } };   /* lab[0]: ones */
        draw_line_chart(v, g, w1 + w2 + 2, y, w3, h, s, st, "predicted class 1", m_pred1, 1, 0, truth, 1);
    } else {
        ChartHLine truth[1] = { { s->share[top], lab[top] } };
        draw_line_chart(v, g, w1 + w2 + 2, y, w3, h, s, st, "most-predicted class", metrics_top_share, 1, 0, truth, 1);
    }
}

/* ---- focus: one set-up in detail ---------------------------------------------------------- */

/* Word-wraps text into rows y.. of width w from column x, at most maxl lines (the last one
 * abbreviated if the text does not fit). Returns the lines used. */
static int wrap_text(Grid *g, int x, int y, int w, int maxl, const char *text, uint8_t col, int ascii)
{
    int used = 0;
    const char *p = text;
    while (*p && used < maxl) {
        while (*p == ' ') p++;
        if (used == maxl - 1 || u8cols(p) <= w) {
            fit_text(g, x, y + used++, w, p, col, 0, ascii);
            break;
        }
        /* the longest prefix that ends before a blank and fits */
        int cols = 0, cut = -1;
        for (int i = 0; p[i]; i++) {
            if (((unsigned char)p[i] & 0xC0) != 0x80) cols++;
            if (cols > w) break;
            if (p[i + 1] == ' ' || p[i + 1] == '\0') cut = i + 1;
        }
        if (cut <= 0) {
            fit_text(g, x, y + used++, w, p, col, 0, ascii);
            break;
        }
        char line[512];
        snprintf(line, sizeof line, "%.*s", cut, p);
        grid_text(g, x, y + used++, w, line, col, 0);
        p += cut;
    }
    return used;
}

static int draw_focus(Grid *g, int y, int i, const Snapshot *s, const ViewState *st, int maxl)
{
    draw_card(g, y, 3, i, s, st);
    const Setup *su = s->setup[i];
    char how[512], who[512], exp[512];
    snprintf(how, sizeof how, "how: %s", su->semantics);
    snprintf(who, sizeof who, "who computes it so: %s", su->frameworks);
    snprintf(exp, sizeof exp, "on the seed-like data: %s", su->expect);
    int ascii = st->mode == GLYPH_ASCII, room = maxl - 3 > 3 ? maxl - 3 : 3;
    int n = wrap_text(g, 5, y + 3, g->w - 6, room - 2, how, COL_DIM, ascii);
    n += wrap_text(g, 5, y + 3 + n, g->w - 6, room - 1 - n, who, COL_DIM, ascii);
    n += wrap_text(g, 5, y + 3 + n, g->w - 6, room - n, exp, COL_DIM, ascii);
    return 3 + n;
}

/* ---- help --------------------------------------------------------------------------------- */

/* The help overlay: these lines, with the diagnosis words (from the diagnose table, with their
 * glosses) packed into lines after HELP_DIAG_AT. */
static const char *const HELP[] = {
    "Same LSTM, data and initial weights: only the head and the loss differ.",
    "CARDS  [B] bce ...  a set-up: its key, id, head and loss in words, diagnosis",
    "  loss, acc     as the framework prints them: running mean over the epoch",
    "  val           validation accuracy, measured every N steps (see header)",
    "  grad          L2 norm of the last gradient (FROZEN: never non-zero)",
    "  class 0 .. 1  share of validation samples predicted each class",
    "  > ...         the reason for the diagnosis, in numbers",
    "CHARTS  x: training steps; each line ends in its card's key",
    "  loss          reported (tab: log-loss, histograms, confusion, mechanism)",
    "  val accuracy  dashed: the class shares; on one, nothing is learned",
    "  predicted 1   the collapse gauge (K > 2: the most-predicted class)",
    "  dotted lines  learning-rate changes",
    "KEYS  space pause  n step  e epoch  r reset  R new seed  + - speed",
    "  [ ] halve/double lr  a card's key: focus it (0 all)  tab panel",
    "  s smoothing  g log-y  p projector  v the charts as SVG",
    "  left/right (paused) cursor  l lessons  ? help  q quit",
};
enum { HELP_DIAG_AT = 7, HELP_LINES_MAX = 32, HELP_COLS = 76 };

/* HELP with the diagnosis lines in place; returns the number of lines */
static int help_lines(char lines[][HELP_COLS + 1])
{
    int n = 0, nh = (int)(sizeof HELP / sizeof HELP[0]);
    for (int i = 0; i < HELP_DIAG_AT; i++) snprintf(lines[n++], HELP_COLS + 1, "%s", HELP[i]);
    char *cur = lines[n];
    cur[0] = '\0';
    for (int r = 0; r < diag_rule_count(); r++) {
        char item[64];
        DiagRule d = diag_rule(r);
        snprintf(item, sizeof item, "%s %s", d.word, d.brief);
        if (cur[0] && strlen(cur) + 3 + strlen(item) > HELP_COLS - 2) cur = lines[++n], cur[0] = '\0';
        size_t l = strlen(cur);
        snprintf(cur + l, HELP_COLS + 1 - l, "%s%s", l ? "   " : "  ", item);
    }
    n++;
    for (int i = HELP_DIAG_AT; i < nh && n < HELP_LINES_MAX; i++) snprintf(lines[n++], HELP_COLS + 1, "%s", HELP[i]);
    return n;
}

static void draw_help(Grid *g, int ascii)
{
    char lines[HELP_LINES_MAX][HELP_COLS + 1];
    int n = help_lines(lines), longest = 0;
    for (int i = 0; i < n; i++) longest = (int)strlen(lines[i]) > longest ? (int)strlen(lines[i]) : longest;
    int w = longest + 4 < g->w ? longest + 4 : g->w, h = n + 2 < g->h ? n + 2 : g->h;
    int x = (g->w - w) / 2, y = (g->h - h) / 2;
    grid_fill(g, x, y, w, h, ' ', COL_DEFAULT, 0);
    box_fit(g, x, y, w, h, "help: what is on the screen", COL_ACCENT, ascii);
    for (int i = 0; i < n && i < h - 2; i++)
        grid_text(g, x + 2, y + 1 + i, w - 4, lines[i], lines[i][0] != ' ' && i > 0 ? COL_ACCENT : COL_DEFAULT,
                  lines[i][0] != ' ' && i > 0 ? ATTR_BOLD : 0);
}

/* ---- lesson menu ----------------------------------------------------------------------------- */

static void draw_menu(Grid *g, const ViewState *st)
{
    int n = st->nmenu > 9 ? 9 : st->nmenu;
    int w = 90 < g->w - 2 ? 90 : g->w - 2, h = n + 4;
    int x = (g->w - w) / 2, y = (g->h - h) / 2;
    grid_fill(g, x, y, w, h, ' ', COL_DEFAULT, 0);
    grid_box(g, x, y, w, h, "lessons", COL_ACCENT, st->mode == GLYPH_ASCII);
    for (int i = 0; i < n; i++) grid_printf(g, x + 2, y + 1 + i, w - 4, COL_DEFAULT, 0, "%d  %s", i + 1, st->menu[i]);
    grid_text(g, x + 2, y + h - 2, w - 4, "press a number to start that lesson, l or esc to go back", COL_DIM, 0);
}

/* ---- lesson pane -------------------------------------------------------------------------- */

static int lesson_lines(const LessonPane *lp)
{
    int n = 1;
    for (const char *p = lp->text ? lp->text : ""; *p; p++) n += *p == '\n';
    return n;
}

static void draw_lesson(Grid *g, int y, int h, const LessonPane *lp, int ascii)
{
    char title[160];
    snprintf(title, sizeof title, "%s  %s", lp->title ? lp->title : "lesson", lp->step ? lp->step : "");
    box_fit(g, 0, y, g->w, h, title, COL_ACCENT, ascii);
    const char *p = lp->text ? lp->text : "";
    for (int row = y + 1; row < y + h - 1 && *p; row++) {
        const char *e = strchr(p, '\n');
        int len = e ? (int)(e - p) : (int)strlen(p);
        char line[512];
        if (len > (int)sizeof line - 1) len = (int)sizeof line - 1;
        memcpy(line, p, (size_t)len);
        line[len] = '\0';
        grid_text(g, 2, row, g->w - 4, line, COL_DEFAULT, 0);
        p = e ? e + 1 : p + len;
    }
}

/* ---- the whole screen --------------------------------------------------------------------- */

void view_render(View *v, Grid *g, const Snapshot *s, const ViewState *st)
{
    grid_clear(g);
    if (g->w < VIEW_MIN_W || g->h < VIEW_MIN_H) {
        char msg[96];
        snprintf(msg, sizeof msg, "terminal too small: need %dx%d, have %dx%d", VIEW_MIN_W, VIEW_MIN_H, g->w, g->h);
        int len = (int)strlen(msg);
        grid_text(g, g->w > len ? (g->w - len) / 2 : 0, g->h / 2 - (g->h > 1), g->w, msg, COL_BAD, ATTR_BOLD);
        const char *hint = "resize the window, or press q to quit";
        int hl = (int)strlen(hint);
        if (g->h > 1) grid_text(g, g->w > hl ? (g->w - hl) / 2 : 0, g->h / 2 + (g->h > 2), g->w, hint, COL_DIM, 0);
        return;
    }
    draw_header(g, s, st);
    int y = 2, bottom = g->h - 1;
    int lesson_h = 0;
    if (st->lesson) {
        lesson_h = lesson_lines(st->lesson) + 2;
        int maxh = g->h / 3 > 6 ? g->h / 3 : 6;
        if (lesson_h > maxh) lesson_h = maxh;
        if (lesson_h < 4) lesson_h = 4;
        bottom -= lesson_h;
    }
    const int min_chart = 8;
    int avail = bottom - y - min_chart;
    if (st->focus >= 0 && st->focus < s->nruns) {
        y += draw_focus(g, y, st->focus, s, st, avail > 5 ? avail : 5) + 1;
    } else {
        int lines = 3;
        while (lines > 1 && s->nruns * lines > avail) lines--;
        int shown = s->nruns;
        if (shown > avail) shown = avail > 1 ? avail - 1 : 0;   /* leave a line to say so */
        for (int i = 0; i < shown; i++) {
            draw_card(g, y, lines, i, s, st);
            y += lines;
        }
        if (shown < s->nruns) {
            char more[SETUPS_MAX + 1];
            int nk = 0;
            for (int i = shown; i < s->nruns; i++) more[nk++] = s->setup[i]->key;
            more[nk] = '\0';
            grid_printf(g, 1, y++, g->w - 2, COL_WARN, 0,
                        "%d more set-up%s do not fit (keys %s): press a key to see one, or enlarge the terminal",
                        s->nruns - shown, s->nruns - shown == 1 ? "" : "s", more);
        }
        if (y < bottom - min_chart) y++;
    }
    if (bottom - y >= 5) draw_charts(v, g, y, bottom - y, s, st);
    if (st->lesson) draw_lesson(g, bottom, lesson_h, st->lesson, st->mode == GLYPH_ASCII);
    draw_keys(g, g->h - 1, s, st);
    if (st->help) draw_help(g, st->mode == GLYPH_ASCII);
    if (st->menu_open && st->nmenu > 0) draw_menu(g, st);
}
