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
};

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

void view_free(View *v)
{
    free(v->x);
    free(v->y);
    free(v->ys);
    memset(v, 0, sizeof *v);
}

/* ---- header and key bar ------------------------------------------------------------------- */

static void draw_header(Grid *g, const Snapshot *s)
{
    const Config *c = &s->cfg;
    grid_fill(g, 0, 0, g->w, 1, ' ', COL_ACCENT, ATTR_REVERSE);
    char data[160];
    if (c->data[0]) {
        const char *base = strrchr(c->data, '/');
        snprintf(data, sizeof data, "%s", base ? base + 1 : c->data);
    } else {
        snprintf(data, sizeof data, "%s", c->preset);
    }
    size_t dl = strlen(data);   /* the seed: what a run needs to be reproduced */
    snprintf(data + dl, sizeof data - dl, ", seed %llu", (unsigned long long)c->seed);
    char classes[32];
    if (s->K == 2) snprintf(classes, sizeof classes, "%.0f%% ones", 100 * s->share1);
    else snprintf(classes, sizeof classes, "%d classes", s->K);
    grid_printf(g, 0, 0, g->w, COL_ACCENT, ATTR_REVERSE | ATTR_BOLD,
                " losslab | %s | %ld train, %ld val | %d steps x %d features, %s | %s | "
                "LSTM(%d, %s) > Dense(%d) > head | batch %d",
                data, s->n_train, s->n_val, s->T, s->F, c->encoding == ENC_ONEHOT ? "one-hot" : "label-encoded",
                classes, c->hidden, c->recurrent == RACT_HARD_SIGMOID ? "hard_sigmoid" : "sigmoid",
                c->dense, c->batch);
    char speed[48];
    if (s->speed >= SPEED_MAX) snprintf(speed, sizeof speed, "max (%.0fk samples/s)", s->sps / 1000);
    else snprintf(speed, sizeof speed, "%d/9 (%g steps/s)", s->speed, speed_steps_per_s(s->speed));
    const char *state = s->busy ? "working" : s->done ? "finished" : s->paused ? "paused" : "running";
    const char *mark = s->busy ? "~" : s->done ? "#" : s->paused ? "||" : ">";
    int shown_epoch = s->done ? s->epoch : s->epoch + 1;
    if (shown_epoch > s->cfg.epochs) shown_epoch = s->cfg.epochs;
    int x = grid_printf(g, 0, 1, g->w, COL_DEFAULT, ATTR_BOLD, " epoch %d/%d", shown_epoch, s->cfg.epochs);
    x += grid_printf(g, x, 1, g->w - x, COL_DIM, 0, "  step %ld (%ld/epoch, val every %ld)", s->step,
                     s->steps_per_epoch, s->cfg.eval_every > 0 ? s->cfg.eval_every : s->steps_per_epoch);
    x += grid_printf(g, x, 1, g->w - x, s->paused || s->done ? COL_WARN : COL_GOOD, ATTR_BOLD, "  %s %s", mark, state);
    x += grid_printf(g, x, 1, g->w - x, COL_DEFAULT, 0, "  speed %s  lr %g", speed, (double)s->lr);
    if (s->error[0]) {
        /* a failed action (a reset whose data can no longer be read) replaces the status line,
         * from its first column, so it is seen at any width */
        grid_fill(g, 0, 1, g->w, 1, ' ', COL_DEFAULT, 0);
        grid_text(g, 1, 1, g->w - 1, s->error, COL_BAD, ATTR_BOLD);
    } else if (s->busy) {
        int len = tt_width(s->busy_msg, (size_t)-1);
        int at = g->w - len - 1 > x + 2 ? g->w - len - 1 : x + 2;
        grid_text(g, at, 1, g->w - at, s->busy_msg, COL_WARN, ATTR_BOLD);
    }
}

static void draw_keys(Grid *g, int y, const Snapshot *s, const ViewState *st)
{
    grid_fill(g, 0, y, g->w, 1, ' ', COL_DEFAULT, ATTR_REVERSE);
    char keys[320];
    if (st->lesson && st->lesson->keys) {
        snprintf(keys, sizeof keys, " %s", st->lesson->keys);
    } else if (st->help) {
        snprintf(keys, sizeof keys, " ? or esc: close help   q: quit");
    } else if (st->menu_open) {
        snprintf(keys, sizeof keys, " 1-%d start a lesson   l or esc: back   q: quit", st->nmenu > 9 ? 9 : st->nmenu);
    } else {
        char fk[SETUPS_MAX + 1];
        int nk = 0;
        for (int i = 0; i < s->nruns && nk < SETUPS_MAX; i++) fk[nk++] = s->setup[i]->key;
        fk[nk] = '\0';
        snprintf(keys, sizeof keys, " space %s  ? help  %sq quit | %sr reset  R reseed  +- speed  [] lr  %s focus  tab panel  s smooth  g log  v svg",
                 s->paused ? "resume" : "pause", st->nmenu > 0 ? "l lessons  " : "", s->paused ? "n step  e epoch  " : "",
                 fk);
    }
    int used = grid_text(g, 0, y, g->w, keys, COL_DEFAULT, ATTR_REVERSE);
    if (st->flash && st->flash[0]) {   /* e.g. where v wrote the charts: over the bar's tail */
        int len = (int)strlen(st->flash) + 2, at = g->w - len > used + 1 ? g->w - len : used + 1;
        if (at > g->w - len) at = g->w - len;
        if (at < g->w / 3) at = g->w / 3;
        grid_fill(g, at, y, g->w - at, 1, ' ', COL_GOOD, ATTR_REVERSE | ATTR_BOLD);
        grid_text(g, at + 1, y, g->w - at - 1, st->flash, COL_GOOD, ATTR_REVERSE | ATTR_BOLD);
    }
}

/* ---- set-up cards ------------------------------------------------------------------------- */

static void draw_card(Grid *g, int y, int lines, int i, const Snapshot *s, const ViewState *st)
{
    const Setup *su = s->setup[i];
    const EvalPoint *p = s->npts ? &s->pts[i][s->npts - 1] : NULL;
    uint8_t col = setup_color(su);
    int w = g->w;
    int x = grid_printf(g, 0, y, w, col, ATTR_BOLD, " [%c] %s", su->key, su->id);
    x = x < 18 ? 18 : x + 1;
    x += grid_printf(g, x, y, w - x, COL_DEFAULT, 0, "%s", su->card);
    grid_printf(g, x, y, w - x, COL_DIM, 0, "  %s + %s", su->head, su->loss_name);
    if (p) {
        const char *word = diag_word(p->diag);
        int len = (int)strlen(word);
        if (lines < 3) {
            /* the reason goes on the status line of the card when there is no third line */
        }
        grid_fill(g, w - len - 3, y, len + 3, 1, ' ', COL_DEFAULT, 0);
        grid_text(g, w - len - 1, y, len, word, diag_color(p->diag), ATTR_BOLD | ATTR_REVERSE);
    }
    if (lines < 2) return;
    /* line 2: the numbers */
    double loss = p ? p->loss : NAN, acc = p ? p->acc : NAN;
    if (s->nlive > 0 && s->live[s->nlive - 1].step > (p ? p->step : 0)) {
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
        x2 += grid_printf(g, x2, y + 1, w - x2, COL_DIM, 0, "grad ");
        x2 += grid_printf(g, x2, y + 1, w - x2, COL_DEFAULT, 0, "%-7.2g ", p->grad_norm);
        x2 += grid_printf(g, x2, y + 1, w - x2, COL_DIM, 0, "class ");
        if (p->K <= 2) {
            int bw = w - x2 - 6 > 24 ? 24 : w - x2 - 6;
            if (bw >= 6) {
                chart_share_bar(g, x2, y + 1, bw, p->val_pred1, st->mode, col);
                x2 += bw;
            }
            grid_printf(g, x2, y + 1, w - x2, COL_DEFAULT, ATTR_BOLD, " %3.0f%%", 100 * p->val_pred1);
        } else {
            int top = 0;
            for (int k = 1; k < p->K; k++) if (p->val_pred[k] > p->val_pred[top]) top = k;
            int bw = w - x2 - 10 > 24 ? 24 : w - x2 - 10;
            if (bw >= 6) {
                chart_class_bar(g, x2, y + 1, bw, p->val_pred, p->K, st->mode, col);
                x2 += bw;
            }
            grid_printf(g, x2, y + 1, w - x2, COL_DEFAULT, ATTR_BOLD, " top %d %2.0f%%", top, 100 * p->val_pred[top]);
        }
    }
    if (lines < 3 || !p) return;
    grid_printf(g, 5, y + 2, w - 5, diag_color(p->diag), 0, "> %s", p->reason);
}

/* ---- charts ------------------------------------------------------------------------------- */

static int focus_dim(const ViewState *st, int i) { return st->focus >= 0 && st->focus != i; }

/* Series from evaluation points: which metric by offset into EvalPoint. */
typedef double (*Metric)(const EvalPoint *p);
static double m_val_acc(const EvalPoint *p) { return p->val_acc; }
static double m_pred1(const EvalPoint *p) { return p->val_pred1; }
static double m_top(const EvalPoint *p)
{
    double t = p->val_pred[0];
    for (int k = 1; k < p->K; k++) t = p->val_pred[k] > t ? p->val_pred[k] : t;
    return t;
}
static double m_logloss(const EvalPoint *p) { return p->val_logloss; }

static int build_series(View *v, const Snapshot *s, const ViewState *st, Metric m, ChartSeries *out)
{
    int n = s->npts, ns = 0;
    view_reserve(v, n > s->nlive ? n : s->nlive);
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

static void chart_marks(const Snapshot *s, ChartVLine *vl, int *nv)
{
    *nv = 0;
    for (int i = 0; i < s->nmarks; i++) {
        vl[*nv].x = (double)s->marks[i].step;
        vl[*nv].label = s->marks[i].label;
        (*nv)++;
    }
}

static void draw_line_chart(View *v, Grid *g, int x, int y, int w, int h, const Snapshot *s,
                            const ViewState *st, const char *title, Metric m, int pct, int logy,
                            const ChartHLine *hl, int nh)
{
    ChartSeries ser[2 * SETUPS_MAX];
    int ns = build_series(v, s, st, m, ser);
    ChartVLine vl[MARKS_MAX];
    int nv;
    chart_marks(s, vl, &nv);
    ChartSpec spec = { .title = title, .mode = st->mode, .yfmt = pct ? YFMT_PCT : YFMT_NUM, .log_y = logy,
                       .fixed_y = pct, .ymin = 0, .ymax = 1, .xmin = 0,
                       .xmax = (double)(s->step > 10 ? s->step : 10), .legend = true, .end_labels = true };
    chart_draw(g, x, y, w, h, &spec, ser, ns, hl, nh, vl, nv);
}

static void draw_hist_panel(Grid *g, int x, int y, int w, int h, const Snapshot *s, const ViewState *st)
{
    grid_box(g, x, y, w, h, PANEL_TITLES[PANEL_HIST], COL_DIM, st->mode == GLYPH_ASCII);
    if (!s->npts) return;
    int n = st->focus >= 0 ? 1 : s->nruns;
    int cw = (w - 2) / n;
    for (int k = 0; k < n; k++) {
        int i = st->focus >= 0 ? st->focus : k;
        const EvalPoint *p = &s->pts[i][s->npts - 1];
        int cx = x + 1 + k * cw;
        grid_printf(g, cx, y + 1, cw - 1, setup_color(s->setup[i]), ATTR_BOLD, "[%c] %s", s->setup[i]->key,
                    s->setup[i]->id);
        if (h - 3 >= 3 && cw - 1 >= 6)
            chart_histogram(g, cx, y + 2, cw - 1, h - 3, p->hist, HIST_BINS, st->mode, setup_color(s->setup[i]));
    }
}

static void draw_confusion_panel(Grid *g, int x, int y, int w, int h, const Snapshot *s, const ViewState *st)
{
    grid_box(g, x, y, w, h, PANEL_TITLES[PANEL_CONFUSION], COL_DIM, st->mode == GLYPH_ASCII);
    if (!s->npts) return;
    int row = y + 1;
    int K = s->K, bh = K == 2 ? CHART_CONFUSION_H : K + 2;
    for (int i = 0; i < s->nruns && row + bh < y + h; i++) {
        if (st->focus >= 0 && st->focus != i) continue;
        grid_printf(g, x + 1, row, w - 2, setup_color(s->setup[i]), ATTR_BOLD, "[%c] %s", s->setup[i]->key,
                    s->setup[i]->id);
        if (K == 2) {
            long cm2[2][2] = { { s->cm[i][0], s->cm[i][1] }, { s->cm[i][2], s->cm[i][3] } };
            chart_confusion(g, x + 2, row + 1, (const long(*)[2])cm2, COL_DEFAULT);
        } else {
            chart_confusion_k(g, x + 2, row + 1, s->cm[i], K, COL_DEFAULT);
        }
        row += bh + 1;
    }
}

static void draw_charts(View *v, Grid *g, int y, int h, const Snapshot *s, const ViewState *st)
{
    /* three charts with a one-column gap between them */
    int w1 = (g->w - 2) / 3, w2 = (g->w - 2) / 3, w3 = g->w - 2 - w1 - w2;
    /* the base rates: a model on one of these lines has learned nothing */
    char lab[CLASSES_MAX][32];
    ChartHLine base[CLASSES_MAX];
    int nb = 0, top = 0;
    for (int k = 0; k < s->K; k++) {
        if (s->share[k] > s->share[top]) top = k;
        if (s->K == 2) snprintf(lab[k], sizeof lab[k], "%s %.0f%%", k ? "ones" : "zeros", 100 * s->share[k]);
        else snprintf(lab[k], sizeof lab[k], "class %d %.0f%%", k, 100 * s->share[k]);
    }
    if (s->K == 2) {
        base[nb++] = (ChartHLine){ s->share1, lab[1] };
        base[nb++] = (ChartHLine){ 1 - s->share1, lab[0] };
    } else {
        for (int k = 0; k < s->K; k++) base[nb++] = (ChartHLine){ s->share[k], lab[k] };
    }
    switch (st->panel) {
    case PANEL_LOSS:
        draw_line_chart(v, g, 0, y, w1, h, s, st, PANEL_TITLES[PANEL_LOSS], NULL, 0, st->log_y, NULL, 0);
        break;
    case PANEL_LOGLOSS:
        draw_line_chart(v, g, 0, y, w1, h, s, st, PANEL_TITLES[PANEL_LOGLOSS], m_logloss, 0, st->log_y, NULL, 0);
        break;
    case PANEL_HIST: draw_hist_panel(g, 0, y, w1, h, s, st); break;
    default: draw_confusion_panel(g, 0, y, w1, h, s, st); break;
    }
    draw_line_chart(v, g, w1 + 1, y, w2, h, s, st, "val accuracy", m_val_acc, 1, 0, base, nb);
    if (s->K == 2) {
        ChartHLine truth[1] = { { s->share1, lab[1] } };
        draw_line_chart(v, g, w1 + w2 + 2, y, w3, h, s, st, "predicted class 1", m_pred1, 1, 0, truth, 1);
    } else {
        ChartHLine truth[1] = { { s->share[top], lab[top] } };
        draw_line_chart(v, g, w1 + w2 + 2, y, w3, h, s, st, "most-predicted class", m_top, 1, 0, truth, 1);
    }
}

/* ---- focus: one set-up in detail ---------------------------------------------------------- */

static int draw_focus(Grid *g, int y, int i, const Snapshot *s, const ViewState *st)
{
    draw_card(g, y, 3, i, s, st);
    const Setup *su = s->setup[i];
    grid_printf(g, 5, y + 3, g->w - 5, COL_DIM, 0, "how: %s", su->semantics);
    grid_printf(g, 5, y + 4, g->w - 5, COL_DIM, 0, "on the seed-like data: %s", su->expect);
    return 5;
}

/* ---- help --------------------------------------------------------------------------------- */

static const char *const HELP[] = {
    "Same LSTM, data and initial weights: only the head and the loss differ.",
    "CARDS  [B] bce ...  a set-up: its key, id, head and loss in words, diagnosis",
    "  loss, acc     as the framework prints them: running mean over the epoch",
    "  val           validation accuracy, measured every N steps (see header)",
    "  grad          L2 norm of the last gradient: exactly 0 means FROZEN",
    "  class 0 .. 1  share of validation samples predicted each class",
    "  > ...         the reason for the diagnosis, in numbers",
    "  HEALTHY learns   COLLAPSED-k one class only   FROZEN weights never moved",
    "  LOSS-DISAGREES reported loss ~0, true loss bad   DIVERGED NaN/Inf",
    "CHARTS  x: training steps; each line ends in its card's key",
    "  loss          as reported (tab: true log-loss, histograms, confusion)",
    "  val accuracy  dashed: the class shares; on one, nothing is learned",
    "  predicted 1   the collapse gauge (K > 2: the most-predicted class)",
    "  dotted lines  learning-rate changes",
    "KEYS  space pause  n step  e epoch  r reset  R new seed  + - speed",
    "  [ ] halve/double lr  a card's key: focus it (0 all)  tab panel",
    "  s smoothing  g log-y  v the charts as SVG (--svg FILE, or a named file)",
    "  l lessons  ? help  q quit",
};

static void draw_help(Grid *g, int ascii)
{
    int n = (int)(sizeof HELP / sizeof HELP[0]), longest = 0;
    for (int i = 0; i < n; i++) longest = (int)strlen(HELP[i]) > longest ? (int)strlen(HELP[i]) : longest;
    int w = longest + 4 < g->w ? longest + 4 : g->w, h = n + 2 < g->h - 2 ? n + 2 : g->h - 2;
    int x = (g->w - w) / 2, y = (g->h - h) / 2;
    grid_fill(g, x, y, w, h, ' ', COL_DEFAULT, 0);
    grid_box(g, x, y, w, h, "help: what is on the screen", COL_ACCENT, ascii);
    for (int i = 0; i < n && i < h - 2; i++)
        grid_text(g, x + 2, y + 1 + i, w - 4, HELP[i], HELP[i][0] != ' ' && i > 0 ? COL_ACCENT : COL_DEFAULT,
                  HELP[i][0] != ' ' && i > 0 ? ATTR_BOLD : 0);
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
    grid_box(g, 0, y, g->w, h, title, COL_ACCENT, ascii);
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
    draw_header(g, s);
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
        y += draw_focus(g, y, st->focus, s, st) + 1;
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
