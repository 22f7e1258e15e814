/* trainer — the training thread behind the live screen and the lesson player (no UI code: it
 * serves the screen and the lesson engine alike).
 * A Trainer owns its Arena, its thread and a Snapshot. The thread trains in short chunks and,
 * after each, publishes into the Snapshot under the Trainer's mutex; the screen reads the
 * Snapshot under the same mutex (trainer_lock/unlock) and never touches parameters.
 * Commands (pause, step, reset, speed, learning rate) are requests the thread applies between
 * chunks, so a number on screen always belongs to one whole training state. */
#ifndef LOSSLAB_TRAINER_H
#define LOSSLAB_TRAINER_H
#include <stddef.h>
#include "train/arena.h"
#include "train/metrics.h"

typedef struct { long step; double loss[SETUPS_MAX], acc[SETUPS_MAX]; } LivePoint;
typedef struct { long step; float lr; char label[24]; } Mark;

#define MARKS_MAX 32
/* Bounded memory on the screen: evaluation points kept per set-up (the Arena thins the oldest
 * to every other one when full, and the Snapshot copies them afresh) and running-loss points
 * (thinned the same way). */
#define TRAINER_KEEP_EVALS 2048
#define TRAINER_KEEP_LIVE 8192
#define SPEED_MAX 9      /* speed levels 1..9; 9 = as fast as the machine trains */
#define SPEED_DEFAULT 6  /* 100 steps/s: the demo's story unfolds in seconds and can be followed */

typedef struct {
    long version;               /* bumps on every publish */
    long gen;                   /* bumps on every reset */
    Config cfg;                 /* the options of the current run (seed changes on reseed) */
    int nruns;
    const Setup *setup[SETUPS_MAX];
    long n_train, n_val;
    int T, F, width;
    int K;                      /* classes */
    double share[CLASSES_MAX];  /* class shares of the validation labels */
    double share1;              /* share[1]: the share of ones among validation labels */
    long cm[SETUPS_MAX][CLASSES_MAX * CLASSES_MAX]; /* each set-up's last confusion counts [true * K + pred] */
    int epoch;                  /* epochs completed */
    long step, steps_per_epoch, step_in_epoch;
    float lr;
    int paused, done, busy;     /* busy: (re)building the run; busy_msg says what */
    char busy_msg[96];
    char error[256];            /* the last failed reconfigure, "" if none */
    int speed;                  /* 1..SPEED_MAX */
    double sps;                 /* recent training samples/s per set-up */
    double train_seconds;       /* wall time spent inside training chunks */
    long trained_steps;         /* steps trained since start (all resets) */
    EvalPoint *pts[SETUPS_MAX]; /* evaluation points, npts per set-up (bounded: the oldest are thinned) */
    int npts, cappts;
    int thinned;                /* the Arena's thinning count these points were copied at */
    LivePoint *live;            /* running loss/acc after every chunk (bounded: the oldest are thinned) */
    int nlive, caplive;
    Mark marks[MARKS_MAX];
    int nmarks;
} Snapshot;

typedef struct Trainer Trainer;

/* Builds the Arena on the calling thread (so bad input fails before any screen opens), then
 * starts the thread, which first records the epoch-0 evaluation. paused: start paused.
 * Returns NULL with a one-line message in err. */
Trainer *trainer_start(const Config *cfg, int paused, char *err, size_t errlen);
void trainer_stop(Trainer *t);              /* joins the thread, frees everything */

/* Snapshot access: hold the lock while reading, for as short as possible. */
const Snapshot *trainer_lock(Trainer *t);
void trainer_unlock(Trainer *t);

void trainer_toggle_pause(Trainer *t);
void trainer_set_paused(Trainer *t, int paused);
void trainer_step(Trainer *t, long steps);  /* while paused: train this many more steps */
void trainer_step_epoch(Trainer *t);        /* while paused: train to the end of the epoch */
void trainer_train(Trainer *t, long steps); /* lessons: train exactly this many steps, then pause */
void trainer_reset(Trainer *t, int new_seed); /* same initial weights, or a new seed */
void trainer_reconfigure(Trainer *t, const Config *cfg); /* lessons: reset with new options */
void trainer_speed(Trainer *t, int delta);
void trainer_set_speed(Trainer *t, int level);   /* 1..SPEED_MAX */
double speed_steps_per_s(int level);             /* 0 for SPEED_MAX: unthrottled */
void trainer_scale_lr(Trainer *t, float factor);
void trainer_set_epochs(Trainer *t, int epochs);
/* lessons: a labelled vertical marker on the charts at the current step (cleared by a reset). */
void trainer_mark(Trainer *t, const char *label);
/* Virtual time, for casts rendered without a terminal: once on, the thread trains only the steps
 * trainer_run_for grants (the speed level's steps per second x seconds; at SPEED_MAX whatever is
 * asked, in fixed chunks), so every Snapshot between two calls depends on the options alone. */
void trainer_set_virtual(Trainer *t, int on);
/* Grants `seconds` of virtual time and returns once the thread has done everything it may
 * (requests, rebuilds, the granted steps) and waits: the Snapshot is then settled. */
void trainer_run_for(Trainer *t, double seconds);
/* A Snapshot of an Arena without a thread (headless SVG): free it with snapshot_free. */
void snapshot_from_arena(Snapshot *s, const Arena *a);
void snapshot_free(Snapshot *s);
/* 1 while the thread has work it was asked for (a reset, or steps requested while paused).
 * Virtual time: requests are settled first, so only steps still to train count. */
int  trainer_pending(Trainer *t);

#endif
