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
#include "nn/net.h"
#include "setup/setup.h"
#include "train/diagnose.h"
#include "train/metrics.h"
#include "nn/pool.h"
#include "train/config.h"

typedef struct {
    const Setup *setup;
    int U;                  /* head units (setup_units(setup, K)) */
    Net net;
    Pool *pool;             /* gemm threads for this Run (NULL = single-threaded) */
    float *xb;              /* batch buffer (maxB, T, width) */
    int *yb;                /* (maxB) class indices */
    float *lossb, *dz;      /* (maxB), (maxB, U) */
    long cm[CLASSES_MAX * CLASSES_MAX]; /* the last evaluation's confusion counts [true * K + predicted] */
    double sum_loss, sum_acc;   /* over the current epoch */
    long seen;                  /* samples in the current epoch */
    double last_grad_norm;
    int moved;                  /* 1 once a non-zero gradient was applied (FROZEN reads it) */
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
    int K;                  /* classes */
    double val_share[CLASSES_MAX]; /* class shares of the validation labels, computed once */
    long n_train, n_val;
    long *perm;             /* (n_train) this epoch's order */
    long *val_idx;          /* (n_val) */
    int eval_batch;         /* samples per forward pass when evaluating */
    int epoch;              /* epochs completed */
    long step;              /* optimiser steps taken */
    long step_in_epoch, steps_per_epoch;
    float lr;
    int nruns;
    Run runs[SETUPS_MAX];
    Pool *pool;             /* runs the Runs side by side */
    int with_eval;          /* 0 for benchmarks: no evaluation points at all */
    int keep;               /* evaluation points kept per Run, 0 = all (ArenaOpts.keep) */
    const volatile sig_atomic_t *stop;   /* ArenaOpts.stop, may be NULL */
    int sched_next;         /* the next cfg.lr_sched entry to apply */
    LrChange lr_log[LR_SCHEDULE_MAX]; /* arena_set_lr's changes (the screen's [ and ]), in order */
    int nlog;
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
 * Returns 0, or -1 with a one-line message (bad data file, impossible split, a set-up that does
 * not accept the data's K classes, ...). */
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
/* Takes effect on the next step and is logged at the current step (so a run's learning-rate
 * changes can be replayed with --lr-schedule); the same rate again is no change. Returns -1 (and
 * changes nothing) once LR_SCHEDULE_MAX changes are logged. cfg.lr_sched is applied by arena_advance itself: a chunk
 * ends at each scheduled step, and the new rate applies from that step on. */
int  arena_set_lr(Arena *a, float lr);
/* c := the arena's options with the logged changes merged into lr_sched: the --lr-schedule that
 * reproduces this run's learning rates headless. */
void arena_effective_config(const Arena *a, Config *c);
void arena_set_epochs(Arena *a, int epochs); /* the run ends after this many epochs */
/* Steps left until the next evaluation point. */
long arena_steps_to_eval(const Arena *a);
const EvalPoint *arena_last(const Arena *a, int run);

#endif
