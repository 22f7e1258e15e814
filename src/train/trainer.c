/* trainer — training thread + published Snapshot. See trainer.h for ownership. */
#include "train/trainer.h"

#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/xalloc.h"

#define CHUNK_SECONDS 0.02   /* work between two publishes: short enough for snappy keys */
#define SCREEN_KEEP_EVALS TRAINER_KEEP_EVALS
#define SCREEN_KEEP_LIVE TRAINER_KEEP_LIVE

/* Steps per second at each speed level; the last level is unthrottled. */
static const double SPEED_SPS[SPEED_MAX] = { 2, 5, 10, 25, 50, 100, 250, 1000, 0 };

double speed_steps_per_s(int level) { return level >= 1 && level <= SPEED_MAX ? SPEED_SPS[level - 1] : 0; }

/* What the thread is asked to rebuild */
typedef enum { RESET_NONE, RESET_SAME_SEED, RESET_NEW_SEED, RESET_RECONFIGURE } ResetReq;

struct Trainer {
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    Arena arena;                 /* touched only by the thread (and by start/stop around it) */
    Snapshot snap;               /* guarded by mu */
    /* requests, guarded by mu */
    int quit;
    long budget;                 /* steps to train while paused (-1: to the end of the epoch) */
    ResetReq reset_req;
    Config next_cfg;
    float lr_factor;             /* 1 = no change */
    int epochs_req;              /* 0 = no change */
    int eval_when_done;          /* trainer_train: record an evaluation point when the budget ends */
    double step_seconds;         /* running estimate of one chunk step */
    /* virtual time (trainer_set_virtual): training steps only as the clock allows */
    int virt;
    double credit;               /* steps the virtual clock has granted and not yet trained */
    long req_seq, idle_seq;      /* requests posted / seen by the thread when it last went idle */
    int idle;                    /* the thread waits for work */
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ---- snapshot publishing (caller holds mu) ------------------------------------------------ */

static void snap_clear_series(Snapshot *s)
{
    s->npts = 0;
    s->thinned = 0;
    s->nlive = 0;
    s->nmarks = 0;
}

/* A labelled marker on the charts (the oldest goes when MARKS_MAX are shown). */
static void snap_mark(Snapshot *s, long step, float lr, const char *label)
{
    if (s->nmarks == MARKS_MAX) {
        memmove(s->marks, s->marks + 1, sizeof(Mark) * (MARKS_MAX - 1));
        s->nmarks--;
    }
    Mark *m = &s->marks[s->nmarks++];
    m->step = step;
    m->lr = lr;
    snprintf(m->label, sizeof m->label, "%s", label);
}

static void snap_header(Snapshot *s, const Arena *a)
{
    arena_effective_config(a, &s->cfg);   /* with the [ and ] changes in cfg.lr_sched */
    s->nruns = a->nruns;
    for (int i = 0; i < a->nruns; i++) s->setup[i] = a->runs[i].setup;
    s->n_train = a->n_train;
    s->n_val = a->n_val;
    s->T = a->data.T;
    s->F = a->data.F;
    s->width = a->width;
    s->K = a->K;
    memcpy(s->share, a->val_share, sizeof s->share);
    s->share1 = a->val_share[1];
    s->epoch = a->epoch;
    s->step = a->step;
    s->steps_per_epoch = a->steps_per_epoch;
    s->step_in_epoch = a->step_in_epoch;
    s->lr = a->lr;
    s->done = arena_done(a);
}

static void snap_publish(Snapshot *s, const Arena *a)
{
    snap_header(s, a);
    int have = a->runs[0].npts;
    if (a->runs[0].thinned != s->thinned) {   /* the Arena thinned its history: copy it afresh */
        s->thinned = a->runs[0].thinned;
        s->npts = 0;
    }
    if (have > s->cappts) {
        int cap = s->cappts ? s->cappts : 64;
        while (cap < have) cap *= 2;
        for (int i = 0; i < SETUPS_MAX; i++) s->pts[i] = xrealloc(s->pts[i], sizeof(EvalPoint) * (size_t)cap);
        s->cappts = cap;
    }
    for (int i = 0; i < a->nruns; i++) {
        memcpy(s->pts[i] + s->npts, a->runs[i].pts + s->npts, sizeof(EvalPoint) * (size_t)(have - s->npts));
        memcpy(s->cm[i], a->runs[i].cm, sizeof s->cm[i]);
    }
    s->npts = have;
    if (a->runs[0].seen > 0 && (s->nlive == 0 || s->live[s->nlive - 1].step != a->step)) {
        if (s->nlive >= SCREEN_KEEP_LIVE) {   /* full: the first point and every other one after it */
            int j = 1;
            for (int i = 2; i < s->nlive; i += 2) s->live[j++] = s->live[i];
            s->nlive = j;
        }
        if (s->nlive == s->caplive) {
            s->caplive = s->caplive ? 2 * s->caplive : 256;
            s->live = xrealloc(s->live, sizeof(LivePoint) * (size_t)s->caplive);
        }
        LivePoint *lp = &s->live[s->nlive++];
        memset(lp, 0, sizeof *lp);
        lp->step = a->step;
        for (int i = 0; i < a->nruns; i++) {
            const Run *r = &a->runs[i];
            lp->loss[i] = r->sum_loss / (double)r->seen;
            lp->acc[i] = r->sum_acc / (double)r->seen;
        }
    }
    s->version++;
}

/* ---- the thread ----------------------------------------------------------------------------- */

static void rebuild(Trainer *t)
{
    /* called with mu held; releases it while building */
    ResetReq req = t->reset_req;
    Config cfg = req == RESET_RECONFIGURE ? t->next_cfg : t->arena.cfg;
    if (req == RESET_NEW_SEED) cfg.seed = cfg.seed * 6364136223846793005ull + 1442695040888963407ull;
    t->reset_req = RESET_NONE;
    t->snap.busy = 1;
    snprintf(t->snap.busy_msg, sizeof t->snap.busy_msg, "building the run (seed %llu)...",
             (unsigned long long)cfg.seed);
    t->snap.version++;
    pthread_mutex_unlock(&t->mu);
    char err[256] = "";
    Arena fresh;
    ArenaOpts ao = { .with_eval = 1, .keep = SCREEN_KEEP_EVALS };
    int ok = arena_create_opts(&fresh, &cfg, &ao, err, sizeof err) == 0;
    if (ok) {
        arena_free(&t->arena);
        t->arena = fresh;
        arena_eval_initial(&t->arena);
    }
    pthread_mutex_lock(&t->mu);
    if (ok) {
        snap_clear_series(&t->snap);
        t->snap.gen++;
        t->snap.error[0] = '\0';
    } else {
        snprintf(t->snap.error, sizeof t->snap.error, "reset not done (the previous run goes on): %s", err);
    }
    t->snap.busy = 0;
    t->snap.busy_msg[0] = '\0';
    snap_publish(&t->snap, &t->arena);
}

static void *trainer_main(void *arg)
{
    Trainer *t = arg;
    pthread_mutex_lock(&t->mu);
    t->snap.busy = 1;
    snprintf(t->snap.busy_msg, sizeof t->snap.busy_msg, "evaluating the untrained models...");
    pthread_mutex_unlock(&t->mu);
    arena_eval_initial(&t->arena);
    pthread_mutex_lock(&t->mu);
    t->snap.busy = 0;
    t->snap.busy_msg[0] = '\0';
    snap_publish(&t->snap, &t->arena);
    while (!t->quit) {
        if (t->reset_req) {
            rebuild(t);
            pthread_cond_broadcast(&t->cv);
            continue;
        }
        if (t->epochs_req) {
            arena_set_epochs(&t->arena, t->epochs_req);
            t->epochs_req = 0;
            snap_publish(&t->snap, &t->arena);
        }
        if (t->lr_factor != 1.0f) {
            float lr = t->arena.lr * t->lr_factor;
            t->lr_factor = 1.0f;
            lr = lr < 1e-9f ? 1e-9f : lr > 10.0f ? 10.0f : lr;   /* the range --lr accepts */
            arena_set_lr(&t->arena, lr);
            Snapshot *s = &t->snap;
            if (s->nmarks == MARKS_MAX) {
                memmove(s->marks, s->marks + 1, sizeof(Mark) * (MARKS_MAX - 1));
                s->nmarks--;
            }
            Mark *m = &s->marks[s->nmarks++];
            m->step = t->arena.step;
            m->lr = lr;
            snprintf(m->label, sizeof m->label, "lr %g", lr);
            snap_publish(s, &t->arena);
        }
        int paused = t->snap.paused;
        double target = SPEED_SPS[t->snap.speed - 1];
        if (arena_done(&t->arena) || (paused && t->budget == 0) || (t->virt && target > 0 && t->credit < 1.0)) {
            t->idle = 1;
            t->idle_seq = t->req_seq;
            pthread_cond_broadcast(&t->cv);
            pthread_cond_wait(&t->cv, &t->mu);
            t->idle = 0;
            continue;
        }
        long k = (long)(CHUNK_SECONDS / (t->step_seconds > 0 ? t->step_seconds : 1e-3));
        if (k < 1) k = 1;
        if (target > 0 && k > (long)(target * CHUNK_SECONDS * 4) + 1) k = (long)(target * CHUNK_SECONDS * 4) + 1;
        if (t->virt) k = target > 0 ? (long)t->credit : 64;   /* chunks that do not depend on the machine */
        if (paused) {
            if (t->budget == -1) k = t->arena.steps_per_epoch - t->arena.step_in_epoch;
            else if (k > t->budget) k = t->budget;
        }
        if (t->virt && target > 0 && k > (long)t->credit) k = (long)t->credit;
        pthread_mutex_unlock(&t->mu);
        double t0 = now_s();
        long before = t->arena.step;
        float lr_before = t->arena.lr;
        arena_advance(&t->arena, k);
        long did = t->arena.step - before;
        double el = now_s() - t0;
        pthread_mutex_lock(&t->mu);
        if (t->arena.lr != lr_before) {   /* an --lr-schedule change */
            char label[24];
            snprintf(label, sizeof label, "lr %g", t->arena.lr);
            snap_mark(&t->snap, t->arena.step, t->arena.lr, label);
        }
        if (did > 0) {
            double per = el / (double)did;
            t->step_seconds = t->step_seconds > 0 ? 0.7 * t->step_seconds + 0.3 * per : per;
            t->snap.sps = (double)t->arena.cfg.batch / t->step_seconds;
            t->snap.train_seconds += el;
            t->snap.trained_steps += did;
        }
        if (t->virt && target > 0) t->credit -= (double)did;
        if (paused && t->budget > 0) t->budget = t->budget > did ? t->budget - did : 0;
        if (paused && t->budget == -1 && t->arena.step_in_epoch == 0) t->budget = 0;
        if (paused && t->budget == 0 && t->eval_when_done) {
            t->eval_when_done = 0;
            pthread_mutex_unlock(&t->mu);
            arena_eval_now(&t->arena);
            pthread_mutex_lock(&t->mu);
        }
        snap_publish(&t->snap, &t->arena);
        if (target > 0 && did > 0 && !t->virt) {
            /* throttle: sleep out the rest of this chunk's share of time, waking for commands */
            double rest = (double)did / target - el;
            if (rest > 0) {
                struct timespec ts;
                clock_gettime(CLOCK_REALTIME, &ts);
                double end = (double)ts.tv_sec + ts.tv_nsec * 1e-9 + rest;
                ts.tv_sec = (time_t)end;
                ts.tv_nsec = (long)((end - (double)ts.tv_sec) * 1e9);
                pthread_cond_timedwait(&t->cv, &t->mu, &ts);
            }
        }
    }
    pthread_mutex_unlock(&t->mu);
    return NULL;
}

Trainer *trainer_start(const Config *cfg, int paused, char *err, size_t errlen)
{
    Trainer *t = xcalloc(1, sizeof *t);
    ArenaOpts ao = { .with_eval = 1, .keep = SCREEN_KEEP_EVALS };
    if (arena_create_opts(&t->arena, cfg, &ao, err, errlen)) {
        free(t);
        return NULL;
    }
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->cv, NULL);
    t->lr_factor = 1.0f;
    t->snap.paused = paused;
    t->snap.speed = SPEED_DEFAULT;
    snap_header(&t->snap, &t->arena);
    /* the thread (and the pools it creates on reset) must never take the screen's signals */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    int rc = pthread_create(&t->th, NULL, trainer_main, t);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc) {
        snprintf(err, errlen, "could not start the training thread");
        arena_free(&t->arena);
        free(t);
        return NULL;
    }
    return t;
}

void trainer_stop(Trainer *t)
{
    if (!t) return;
    pthread_mutex_lock(&t->mu);
    t->quit = 1;
    pthread_cond_broadcast(&t->cv);
    pthread_mutex_unlock(&t->mu);
    pthread_join(t->th, NULL);
    arena_free(&t->arena);
    for (int i = 0; i < SETUPS_MAX; i++) free(t->snap.pts[i]);
    free(t->snap.live);
    pthread_mutex_destroy(&t->mu);
    pthread_cond_destroy(&t->cv);
    free(t);
}

const Snapshot *trainer_lock(Trainer *t)
{
    pthread_mutex_lock(&t->mu);
    return &t->snap;
}

void trainer_unlock(Trainer *t) { pthread_mutex_unlock(&t->mu); }

/* Every request: the caller has changed state under the lock; bump, wake the thread, unlock. */
static void request_begin(Trainer *t) { pthread_mutex_lock(&t->mu); }
static void request_end(Trainer *t)
{
    t->req_seq++;
    t->snap.version++;
    pthread_cond_broadcast(&t->cv);
    pthread_mutex_unlock(&t->mu);
}

void trainer_set_paused(Trainer *t, int paused)
{
    request_begin(t);
    t->snap.paused = paused;
    t->budget = 0;
    t->eval_when_done = 0;
    request_end(t);
}

void trainer_toggle_pause(Trainer *t)
{
    request_begin(t);
    t->snap.paused = !t->snap.paused;
    t->budget = 0;
    t->eval_when_done = 0;
    request_end(t);
}

void trainer_step(Trainer *t, long steps)
{
    request_begin(t);
    if (t->snap.paused && t->budget >= 0) t->budget += steps;
    request_end(t);
}

void trainer_step_epoch(Trainer *t)
{
    request_begin(t);
    if (t->snap.paused) t->budget = -1;
    request_end(t);
}

void trainer_train(Trainer *t, long steps)
{
    request_begin(t);
    t->snap.paused = 1;
    t->budget = steps;
    t->eval_when_done = steps > 0;
    request_end(t);
}

/* A reset drops any steps still requested; a reconfigure keeps a trainer_train issued after it. */
void trainer_reset(Trainer *t, int new_seed)
{
    request_begin(t);
    t->reset_req = new_seed ? RESET_NEW_SEED : RESET_SAME_SEED;
    t->budget = 0;
    t->eval_when_done = 0;
    request_end(t);
}

void trainer_reconfigure(Trainer *t, const Config *cfg)
{
    request_begin(t);
    t->next_cfg = *cfg;
    t->reset_req = RESET_RECONFIGURE;
    request_end(t);
}

void trainer_scale_lr(Trainer *t, float f)
{
    request_begin(t);
    t->lr_factor *= f;
    request_end(t);
}

void trainer_set_epochs(Trainer *t, int epochs)
{
    request_begin(t);
    t->epochs_req = epochs;
    request_end(t);
}

void trainer_mark(Trainer *t, const char *label)
{
    request_begin(t);
    Snapshot *s = &t->snap;
    if (s->nmarks == MARKS_MAX) {
        memmove(s->marks, s->marks + 1, sizeof(Mark) * (MARKS_MAX - 1));
        s->nmarks--;
    }
    Mark *m = &s->marks[s->nmarks++];
    m->step = s->step;
    m->lr = s->lr;
    snprintf(m->label, sizeof m->label, "%s", label);
    request_end(t);
}

static int clamp_speed(int s) { return s < 1 ? 1 : s > SPEED_MAX ? SPEED_MAX : s; }

void trainer_speed(Trainer *t, int delta)
{
    request_begin(t);
    t->snap.speed = clamp_speed(t->snap.speed + delta);
    request_end(t);
}

void trainer_set_speed(Trainer *t, int level)
{
    request_begin(t);
    t->snap.speed = clamp_speed(level);
    request_end(t);
}

void trainer_set_virtual(Trainer *t, int on)
{
    request_begin(t);
    t->virt = on;
    t->credit = 0;
    request_end(t);
    trainer_run_for(t, 0);   /* settled from the start: the first evaluation is done */
}

void trainer_run_for(Trainer *t, double seconds)
{
    request_begin(t);
    double target = SPEED_SPS[t->snap.speed - 1];
    if (t->virt && target > 0) t->credit += seconds * target;
    t->req_seq++;
    pthread_cond_broadcast(&t->cv);
    /* until the thread has seen every request and found nothing it may do */
    while (!(t->idle && t->idle_seq == t->req_seq)) pthread_cond_wait(&t->cv, &t->mu);
    pthread_mutex_unlock(&t->mu);
}

void snapshot_from_arena(Snapshot *s, const Arena *a)
{
    memset(s, 0, sizeof *s);
    s->speed = SPEED_DEFAULT;
    snap_publish(s, a);
    s->paused = 1;
    for (int i = 0; i < s->cfg.nlr && s->cfg.lr_sched[i].step <= a->step; i++) {   /* what the screen marks */
        char label[24];
        snprintf(label, sizeof label, "lr %g", s->cfg.lr_sched[i].lr);
        snap_mark(s, s->cfg.lr_sched[i].step, s->cfg.lr_sched[i].lr, label);
    }
}

void snapshot_free(Snapshot *s)
{
    for (int i = 0; i < SETUPS_MAX; i++) free(s->pts[i]);
    free(s->live);
    memset(s, 0, sizeof *s);
}

int trainer_pending(Trainer *t)
{
    pthread_mutex_lock(&t->mu);
    int virt = t->virt;
    pthread_mutex_unlock(&t->mu);
    if (virt) trainer_run_for(t, 0);   /* requests take no virtual time: only granted steps wait */
    pthread_mutex_lock(&t->mu);
    int p = t->reset_req != RESET_NONE || t->snap.busy || t->epochs_req || t->eval_when_done ||
            (t->snap.paused && t->budget != 0 && !t->snap.done);
    pthread_mutex_unlock(&t->mu);
    return p;
}
