/* view — the dashboard drawn into a Grid from a Snapshot: header, one card per set-up, charts,
 * panels, help, key bar, and (for lessons) a narration pane. Pure: no ncurses, no threads, so
 * the whole screen is unit-testable at any size. A View owns only scratch arrays for chart
 * series (view_free releases them); it never changes the Snapshot. */
#ifndef LOSSLAB_VIEW_H
#define LOSSLAB_VIEW_H
#include "ui/chart.h"
#include "ui/grid.h"
#include "train/trainer.h"

#define VIEW_MIN_W 80
#define VIEW_MIN_H 24

typedef enum { PANEL_LOSS, PANEL_LOGLOSS, PANEL_HIST, PANEL_CONFUSION, PANEL_MECH, PANEL_COUNT } Panel;
/* "loss", "logloss", "hist", "confusion", "mech": the names lessons use (`panel NAME`) */
const char *view_panel_name(Panel p);
int view_panel_parse(const char *name);   /* -1 if unknown */

/* What a lesson adds to the screen (all may be NULL/0 outside lessons). */
typedef struct {
    const char *title;      /* lesson title */
    const char *step;       /* "step 3 of 12" */
    const char *text;       /* narration / question / result, '\n' separates lines */
    const char *keys;       /* key bar override, e.g. "enter next  b back  q quit" */
} LessonPane;

typedef struct {
    GlyphMode mode;
    int smooth;             /* s: debiased EMA (TensorBoard, weight 0.6) with the raw line faint */
    int log_y;              /* g: log-y for the loss charts */
    int focus;              /* -1 all, else the display index of the enlarged set-up */
    Panel panel;            /* tab: what the first chart slot shows */
    int help;               /* ?: help overlay */
    const LessonPane *lesson;
    const char *const *menu;    /* l: the lesson menu overlay, when menu_open */
    int nmenu, menu_open;
    const char *flash;      /* a one-line note at the right of the key bar ("" or NULL: none); the
                               keys give way to it by priority */
    int cursor;             /* <- -> while paused: 0 off, k: the cards and a marker show evaluation point k - 1 */
    int projector;          /* p / --projector: one large chart, high contrast, no dim text */
    int proj_view;          /* projector: the chart shown: a Panel, or PANEL_COUNT (val accuracy),
                               PANEL_COUNT + 1 (predicted class); tab: view_tab */
} ViewState;

typedef struct {
    double *x, *y, *ys;     /* series scratch */
    int cap;
} View;

void view_free(View *v);
/* tab: the next panel (dashboard) or the next chart (projector: loss, val accuracy, predicted
 * class, then the other panels) */
void view_tab(ViewState *st);
/* Draws everything into g (g's size is the terminal's). */
void view_render(View *v, Grid *g, const Snapshot *s, const ViewState *st);
/* The base-rate lines of the accuracy charts (screen and SVG): y (K) and their labels; K = 2:
 * ones first ("ones 74%"), then zeros; K >= 3: one per class in class order. *top: the largest
 * class. Returns the number of lines. */
int view_base_rates(const Snapshot *s, double *y, char (*lab)[32], int *top);
/* "0.0712", "0.0000", "8.8e-08": how the screen prints a loss. */
void view_fmt_loss(char *out, int cap, double v);

#endif
