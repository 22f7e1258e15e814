/* arena — the side-by-side runs: one dataset, one batch order, one trunk initialisation, and a
 * Run per set-up that differs only in its head and loss. The Arena owns the dataset, the shared
 * epoch permutation, every Run (its Net, buffers and history of evaluation points) and the thread
 * pools; arena_free releases all of it. Training happens in arena_advance, which steps every Run
 * on the worker threads in lockstep and stops at each evaluation point, so callers (the headless
 * printer, the live screen, the lesson player) see whole evaluation points only.
 * Determinism: a Run's numbers depend only on the Config, never on the thread count. */
#ifndef LOSSLAB_ARENA_H
#define LOSSLAB_ARENA_H
#include <signal.h>
#include <stddef.h>
#include "data/data.h"
#include "nn/heads.h"
#include "nn/net.h"
#include "nn/pool.h"
#include "train/config.h"

#define HIST_BINS 10

typedef enum {
    DIAG_HEALTHY,
    DIAG_COLLAPSED0,
    DIAG_COLLAPSED1,
    DIAG_FROZEN,
    DIAG_LOSS_DISAGREES,
    DIAG_DIVERGED,
    DIAG_COUNT
} Diag;

/* What is measured at one evaluation point, for one set-up. */
typedef struct {
    int epoch;              /* 0 = at initialisation; k = during/at the end of epoch k (1-based) */
    long step;              /* optimiser steps taken */
    double loss, acc;       /* as the framework reports them: running mean over the epoch so far
                               (at epoch 0: evaluated over the first 16384 training samples) */
    double val_loss, val_acc;
    double val_pred1;       /* share of validation samples predicted class 1 (the collapse gauge) */
    double val_logloss;     /* true binary log-loss of p(class 1), p clipped to [1e-7, 1-1e-7] */
    double grad_norm;       /* global L2 norm of the last gradient (epoch 0: of the first batch) */
    float lr;               /* learning rate in force */
    long hist[HIST_BINS];   /* p(class 1) on validation, bins of width 0.1 */
    long cm[2][2];          /* validation confusion matrix [true class][predicted class] */
    Diag diag;
    char reason[112];       /* one line: why the diagnosis */
} EvalPoint;

typedef struct {
    const Setup *setup;
    Net net;
    Pool *pool;             /* gemm threads for this Run (NULL = single-threaded) */
    float *xb, *yb;         /* batch buffers: (maxB, T, width), (maxB) */
    float *lossb, *dz;      /* (maxB), (maxB, K) */
    double sum_loss, sum_acc;   /* over the current epoch */
    long seen;                  /* samples in the current epoch */
    double last_grad_norm;
    int diverged;               /* 1 once a loss or parameter became NaN/Inf: training stops */
    long diverged_step;
    EvalPoint *pts;             /* evaluation points so far (all, or thinned: see ArenaOpts.keep) */
    int npts, cappts;
    int thinned;                /* times pts was thinned (readers that copy pts resync on change) */
} Run;

typedef struct {
    Config cfg;
    Dataset data;
    int width;              /* encoded features per step */
    long n_train, n_val;
    long *perm;             /* (n_train) this epoch's order */
    long *val_idx;          /* (n_val) */
    int eval_batch;         /* samples per forward pass when evaluating */
    int epoch;              /* epochs completed */
    long step;              /* optimiser steps taken */
    long step_in_epoch, steps_per_epoch;
    float lr;
    int nruns;
    Run runs[SETUP_COUNT];
    Pool *pool;             /* runs the Runs side by side */
    int with_eval;          /* 0 for benchmarks: no evaluation points at all */
    int keep;               /* evaluation points kept per Run, 0 = all (ArenaOpts.keep) */
    const volatile sig_atomic_t *stop;   /* ArenaOpts.stop, may be NULL */
} Arena;

/* How an Arena is built, beyond the Config. */
typedef struct {
    int with_eval;          /* 0: never evaluate (benchmarks) */
    int keep;               /* bounded memory: at most this many evaluation points per Run (>= 2;
                               0 = every point). When full, the history is thinned to its first
                               point and every other one after it, so it spans the whole run at
                               half the resolution; the latest point is always the last. */
    const volatile sig_atomic_t *stop;   /* set by a signal handler (may be NULL): loading the
                               data and evaluating give up once it is set (arena_create fails,
                               an evaluation in progress is not recorded) */
} ArenaOpts;

/* Loads the data and builds every Run (with_eval == 0: never evaluate, for benchmarks).
 * Returns 0, or -1 with a one-line message (bad data file, impossible split, ...). */
int  arena_create(Arena *a, const Config *c, int with_eval, char *err, size_t errlen);
int  arena_create_opts(Arena *a, const Config *c, const ArenaOpts *o, char *err, size_t errlen);
/* Records the epoch-0 evaluation point (at initialisation); a no-op once done. */
void arena_eval_initial(Arena *a);
/* Records an evaluation point at the current step unless one exists (lessons: after `train`).
 * Mid-epoch, loss and acc are the running means of the epoch so far. */
void arena_eval_now(Arena *a);
void arena_free(Arena *a);
/* Trains at most max_steps steps on every Run, stopping early at the next evaluation point
 * (epoch end or every cfg.eval_every steps). Returns 1 if an evaluation point was recorded. */
int  arena_advance(Arena *a, long max_steps);
int  arena_done(const Arena *a);          /* cfg.epochs epochs completed */
void arena_set_lr(Arena *a, float lr);    /* takes effect on the next step */
/* Steps left until the next evaluation point. */
long arena_steps_to_eval(const Arena *a);
const EvalPoint *arena_last(const Arena *a, int run);

const char *diag_word(Diag d);             /* "HEALTHY", "COLLAPSED-0", ... */
/* The documented rules, in order: DIVERGED, FROZEN, COLLAPSED-0/1, LOSS-DISAGREES, HEALTHY.
 * Fills p->diag and p->reason. share1 = share of ones in the validation labels. */
void diagnose(EvalPoint *p, int diverged, double share1);

/* The CSV header and one row, exactly as --headless prints them. */
const char *arena_csv_header(void);
int  arena_csv_row(char *out, size_t cap, const EvalPoint *p, const char *model);

#endif
