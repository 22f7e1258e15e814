/* svg — the charts for slides. See svg.h. */
#include "ui/svg.h"
#include "ui/view.h"
#include "ui/palette.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/atomic.h"
#include "train/repro.h"

#define INK "#222222"
#define GREY "#777777"
#define GRID "#e6e6e6"
#define FONT "DejaVu Sans, Helvetica, Arial, sans-serif"
#define MONO "DejaVu Sans Mono, Menlo, Consolas, monospace"
#define HALO "stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\""   /* labels stay legible over lines */

/* Text for XML: markup characters escaped, control bytes and invalid UTF-8 as '?'. */
static void xml_text(FILE *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned char c = *p;
        int n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        int ok = n > 0 && !(n == 2 && c < 0xC2);
        for (int i = 1; ok && i < n; i++) ok = (p[i] & 0xC0) == 0x80;
        if (!ok || (n == 1 && (c < 0x20 || c == 0x7F))) {
            fputc('?', f);
            p++;
            continue;
        }
        if (c == '&') fputs("&amp;", f);
        else if (c == '<') fputs("&lt;", f);
        else if (c == '>') fputs("&gt;", f);
        else if (c == '"') fputs("&quot;", f);
        else fwrite(p, 1, (size_t)n, f);
        p += n;
    }
}

/* A "nice" tick step (1, 2 or 5 x 10^k) for about `want` ticks over span. */
static double nice_step(double span, int want)
{
    if (!(span > 0)) return 1;
    double raw = span / want, mag = pow(10, floor(log10(raw))), r = raw / mag;
    return (r < 1.5 ? 1 : r < 3.5 ? 2 : r < 7.5 ? 5 : 10) * mag;
}

static void fmt_tick(char *out, size_t cap, double v, int pct, double step)
{
    if (pct) {
        snprintf(out, cap, "%.0f%%", 100 * v);
    } else if (fabs(v) >= 10000) {
        snprintf(out, cap, "%gk", v / 1000);
    } else {
        int dec = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
        snprintf(out, cap, "%.*f", dec, v);
    }
}

typedef double (*Metric)(const EvalPoint *p);
static double m_loss(const EvalPoint *p) { return p->loss; }
static double m_val_acc(const EvalPoint *p) { return p->val_acc; }
static double m_pred1(const EvalPoint *p) { return p->val_pred1; }

typedef struct { double y; const char *label; } HLine;

typedef struct { double x, y, w, h, xmax, ymin, ymax; } Frame;

static double px(const Frame *fr, double x) { return fr->x + fr->w * (fr->xmax > 0 ? x / fr->xmax : 0); }
static double py(const Frame *fr, double y)
{
    double t = fr->ymax > fr->ymin ? (y - fr->ymin) / (fr->ymax - fr->ymin) : 0;
    if (t < -0.02) t = -0.02;
    if (t > 1.02) t = 1.02;
    return fr->y + fr->h * (1 - t);
}

static void chart(FILE *f, const Snapshot *s, double x0, double y0, double w, double h, const char *title, Metric m,
                  int pct, const HLine *hl, int nh)
{
    Frame fr = { x0 + 52, y0 + 34, w - 52 - 34, h - 34 - 46, (double)(s->step > 10 ? s->step : 10), 0, 1 };
    if (!pct) {   /* the loss: 0 .. the largest finite value */
        double top = 0;
        for (int i = 0; i < s->nruns; i++)
            for (int j = 0; j < s->npts; j++) {
                double v = m(&s->pts[i][j]);
                if (isfinite(v) && v > top) top = v;
            }
        fr.ymax = top > 0 ? top * 1.08 : 1;
    }
    fprintf(f, "<g class=\"chart\">\n<text x=\"%.1f\" y=\"%.1f\" font-size=\"16\" font-weight=\"bold\" fill=\"" INK "\">",
            fr.x, y0 + 18);
    xml_text(f, title);
    fputs("</text>\n", f);
    /* grid and y ticks */
    double ys = pct ? 0.25 : nice_step(fr.ymax - fr.ymin, 5);
    for (double v = 0; v <= fr.ymax + 1e-12; v += ys) {
        char t[32];
        fmt_tick(t, sizeof t, v, pct, ys);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" GRID "\" stroke-width=\"1\"/>\n",
                fr.x, py(&fr, v), fr.x + fr.w, py(&fr, v));
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"end\" fill=\"" GREY "\">%s</text>\n",
                fr.x - 6, py(&fr, v) + 4, t);
    }
    /* x ticks: training steps */
    double xs = nice_step(fr.xmax, 5);
    for (double v = 0; v <= fr.xmax + 1e-9; v += xs) {
        char t[32];
        fmt_tick(t, sizeof t, v, 0, xs);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" INK "\" stroke-width=\"1\"/>\n",
                px(&fr, v), fr.y + fr.h, px(&fr, v), fr.y + fr.h + 5);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\" fill=\"" GREY "\">%s</text>\n",
                px(&fr, v), fr.y + fr.h + 19, t);
    }
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\" fill=\"" GREY "\">training steps</text>\n",
            fr.x + fr.w / 2, fr.y + fr.h + 36);
    /* axes */
    fprintf(f, "<path d=\"M%.1f %.1f V%.1f H%.1f\" fill=\"none\" stroke=\"" INK "\" stroke-width=\"1.2\"/>\n", fr.x, fr.y,
            fr.y + fr.h, fr.x + fr.w);
    /* learning-rate changes */
    for (int i = 0; i < s->nmarks; i++) {
        double x = px(&fr, (double)s->marks[i].step);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" GREY "\" stroke-width=\"1\" "
                   "stroke-dasharray=\"2 3\"/>\n<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"" GREY "\" " HALO ">",
                x, fr.y, x, fr.y + fr.h, x + 3, fr.y + 10);
        xml_text(f, s->marks[i].label);
        fputs("</text>\n", f);
    }
    /* reference lines: the base rates */
    for (int i = 0; i < nh; i++) {
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" GREY "\" stroke-width=\"1.2\" "
                   "stroke-dasharray=\"6 4\"/>\n<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" fill=\"" GREY "\" " HALO ">",
                fr.x, py(&fr, hl[i].y), fr.x + fr.w, py(&fr, hl[i].y), fr.x + fr.w - 2, py(&fr, hl[i].y) - 4);
        xml_text(f, hl[i].label);
        fputs("</text>\n", f);
    }
    /* one line per set-up, its key at the end (nudged apart so keys do not overlap) */
    double endy[SETUPS_MAX];
    int order[SETUPS_MAX], nend = 0;
    for (int i = 0; i < s->nruns; i++) {
        char col[8];
        palette_hex(palette_hue(s->setup[i]->hue), col);
        fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.2\" stroke-linejoin=\"round\" points=\"", col);
        int any = 0;
        double ly = 0;
        for (int j = 0; j < s->npts; j++) {
            double v = m(&s->pts[i][j]);
            if (!isfinite(v)) continue;
            ly = py(&fr, v);
            fprintf(f, "%s%.1f,%.1f", any ? " " : "", px(&fr, (double)s->pts[i][j].step), ly);
            any = 1;
        }
        fputs("\"/>\n", f);
        if (any) {
            endy[i] = ly;
            order[nend++] = i;
        }
    }
    for (int a = 1; a < nend; a++)   /* by end height, top first */
        for (int b = a; b > 0 && endy[order[b]] < endy[order[b - 1]]; b--) {
            int t = order[b];
            order[b] = order[b - 1];
            order[b - 1] = t;
        }
    double laby[SETUPS_MAX];
    for (int a = 0; a < nend; a++) {
        laby[a] = endy[order[a]];
        if (a && laby[a] < laby[a - 1] + 13) laby[a] = laby[a - 1] + 13;
    }
    for (int a = 0; a < nend; a++) {
        int i = order[a];
        const EvalPoint *last = &s->pts[i][s->npts - 1];
        double lx = px(&fr, (double)last->step);
        char col[8];
        palette_hex(palette_hue(s->setup[i]->hue), col);
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", lx, endy[i], col);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" font-weight=\"bold\" fill=\"%s\" " HALO ">%c</text>\n", lx + 6,
                laby[a] + 4.5, col, s->setup[i]->key);
    }
    fputs("</g>\n", f);
}

int svg_write(FILE *f, const Snapshot *s)
{
    const Config *c = &s->cfg;
    char data[300], classes[48], cmd[4096];
    if (c->data[0]) {
        const char *base = strrchr(c->data, '/');
        snprintf(data, sizeof data, "%s", base ? base + 1 : c->data);
    } else {
        snprintf(data, sizeof data, "%s preset", c->preset);
    }
    if (s->K == 2) snprintf(classes, sizeof classes, "%.0f%% ones", 100 * s->share1);
    else snprintf(classes, sizeof classes, "%d classes", s->K);
    repro_command(c, cmd, sizeof cmd);
    double legend_h = 22 + 21.0 * s->nruns + 26;
    int H = (int)(SVG_TOP_H + SVG_CHART_H + legend_h);
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" "
               "viewBox=\"0 0 %d %d\" font-family=\"" FONT "\">\n",
            SVG_W, H, SVG_W, H);
    fputs("<title>", f);
    xml_text(f, cmd);
    fputs("</title>\n", f);
    fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", SVG_W, H);
    /* title: what was trained, and where the run stands */
    char line[900];
    fprintf(f, "<text x=\"24\" y=\"36\" font-size=\"22\" font-weight=\"bold\" fill=\"" INK "\">");
    snprintf(line, sizeof line, "losslab: %s, %s, seed %llu", data, classes, (unsigned long long)c->seed);
    xml_text(f, line);
    fputs("</text>\n", f);
    int ep = s->epoch > c->epochs ? c->epochs : s->epoch;
    snprintf(line, sizeof line, "%ld train / %ld val samples, LSTM(%d) > Dense(%d) > head, batch %d; after %d of %d "
             "epochs (step %ld), learning rate %g", s->n_train, s->n_val, c->hidden, c->dense, c->batch, ep, c->epochs,
             s->step, (double)s->lr);
    fprintf(f, "<text x=\"24\" y=\"60\" font-size=\"14\" fill=\"" GREY "\">");
    xml_text(f, line);
    fputs("</text>\n", f);
    /* the options, as the command line that reproduces the run (wrapped at an option) */
    const char *p = cmd;
    double ty = 82;
    for (int ln = 0; ln < 3 && *p; ln++) {
        size_t n = strlen(p);
        if (n > 150) {
            n = 150;
            while (n > 0 && !(p[n] == ' ' && p[n + 1] == '-')) n--;
            if (n == 0) n = 150;
        }
        char part[160];
        snprintf(part, sizeof part, "%.*s", (int)n, p);
        fprintf(f, "<text x=\"24\" y=\"%.0f\" font-size=\"13\" font-family=\"" MONO "\" fill=\"#444444\">", ty);
        xml_text(f, part);
        fputs("</text>\n", f);
        ty += 17;
        p += n;
        while (*p == ' ') p++;
    }
    /* the three charts */
    char lab[CLASSES_MAX][32];
    double by[CLASSES_MAX];
    HLine base[CLASSES_MAX];
    int top, nb = view_base_rates(s, by, lab, &top);   /* the screen's base rates */
    for (int k = 0; k < nb; k++) base[k] = (HLine){ by[k], lab[k] };
    double cy = SVG_TOP_H, ch = SVG_CHART_H, cw = (SVG_W - 24) / 3.0;
    chart(f, s, 12, cy, cw, ch, "loss, as reported", m_loss, 0, NULL, 0);
    chart(f, s, 12 + cw, cy, cw, ch, "validation accuracy", m_val_acc, 1, base, nb);
    if (s->K == 2) {
        HLine truth = { s->share1, lab[0] };   /* lab[0]: ones */
        chart(f, s, 12 + 2 * cw, cy, cw, ch, "predicted class 1 (val)", m_pred1, 1, &truth, 1);
    } else {
        HLine truth = { s->share[top], lab[top] };
        chart(f, s, 12 + 2 * cw, cy, cw, ch, "most-predicted class (val)", metrics_top_share, 1, &truth, 1);
    }
    /* legend: one row per set-up, in columns */
    double ly = cy + ch + 22;
    for (int i = 0; i < s->nruns; i++, ly += 21) {
        const Setup *su = s->setup[i];
        char col[8];
        palette_hex(palette_hue(su->hue), col);
        fprintf(f, "<line x1=\"28\" y1=\"%.1f\" x2=\"58\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"3\"/>\n", ly - 4, ly - 4,
                col);
        fprintf(f, "<text x=\"66\" y=\"%.1f\" font-size=\"14\" font-weight=\"bold\" fill=\"%s\">[%c] ", ly, col, su->key);
        xml_text(f, su->id);
        fprintf(f, "</text>\n<text x=\"240\" y=\"%.1f\" font-size=\"14\" fill=\"" INK "\">", ly);
        snprintf(line, sizeof line, "%s + %s", su->head, su->loss_name);
        xml_text(f, line);
        fputs("</text>\n", f);
        if (s->npts) {
            const EvalPoint *pt = &s->pts[i][s->npts - 1];
            if (s->K > 2) snprintf(line, sizeof line, "val acc %.1f%%, top class %.0f%%", 100 * pt->val_acc, 100 * metrics_top_share(pt));
            else snprintf(line, sizeof line, "val acc %.1f%%, predicted 1: %.0f%%", 100 * pt->val_acc, 100 * pt->val_pred1);
            fprintf(f, "<text x=\"700\" y=\"%.1f\" font-size=\"14\" fill=\"" GREY "\">", ly);
            xml_text(f, line);
            char dc[8];
            palette_hex(palette_severity(diag_severity(pt->diag)), dc);
            fprintf(f, "</text>\n<text x=\"960\" y=\"%.1f\" font-size=\"14\" font-weight=\"bold\" fill=\"%s\">", ly, dc);
            xml_text(f, diag_word(pt->diag));
            fputs("</text>\n", f);
        }
    }
    fprintf(f, "<text x=\"28\" y=\"%.1f\" font-size=\"12\" fill=\"" GREY "\">Dashed: the class shares (a model on one "
               "has learned nothing). Dotted: learning-rate changes. Lines end in the set-up's key.</text>\n", ly + 4);
    fputs("</svg>\n", f);
    return ferror(f) ? -1 : 0;
}

int svg_save(const char *path, const Snapshot *s, char *err, size_t errlen)
{
    if (!strcmp(path, "-")) {
        if (svg_write(stdout, s) || fflush(stdout)) {
            snprintf(err, errlen, "writing the SVG to stdout failed");
            return -1;
        }
        return 0;
    }
    AtomicFile af;
    if (atomic_open(&af, path, err, errlen)) return -1;
    if (svg_write(atomic_fp(&af), s)) {
        atomic_abort(&af);
        snprintf(err, errlen, "writing '%s' failed", path);
        return -1;
    }
    return atomic_commit(&af, err, errlen);
}
