/* arena — side-by-side training of the set-ups in lockstep. See arena.h for ownership.
 *
 * Scheduling: a chunk of k steps is k step-tasks per Run. Workers take any Run that is not busy
 * and still has steps left, do ONE step, and give it back, so three Runs on two threads keep
 * both threads busy (a Run's steps stay in order; which thread does them never changes a number).
 * Evaluation points are computed after the chunk, one task per Run. */
#include "train/arena.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

#define EVAL_BATCH 256
#define INIT_EVAL_MAX 16384   /* epoch 0: loss and acc over at most this many training samples */

static void run_free(Run *r)
{
    net_free(&r->net);
    pool_free(r->pool);
    free(r->xb);
    free(r->yb);
    free(r->lossb);
    free(r->dz);
    free(r->pts);
    memset(r, 0, sizeof *r);
}

void arena_free(Arena *a)
{
    for (int i = 0; i < a->nruns; i++) run_free(&a->runs[i]);
    pool_free(a->pool);
    data_free(&a->data);
    free(a->perm);
    free(a->val_idx);
    memset(a, 0, sizeof *a);
}

static int load_data(Arena *a, char *err, size_t errlen)
{
    const Config *c = &a->cfg;
    if (c->data[0]) return data_read_csv_stop(&a->data, c->data, c->timesteps, c->classes, a->stop, err, errlen);
    GenSpec g = { .n = c->n, .T = c->timesteps, .F = 10, .K = config_classes(c), .pos = c->pos,
                  .shares = c->nshares ? c->shares : NULL, .noise = c->noise, .seed = c->seed, .stop = a->stop };
    return data_generate(&a->data, &g, err, errlen);
}

/* Thread plan: with at least as many Runs as threads, the Runs share the threads; with more
 * threads than Runs, each Run also gets its own gemm pool with the spare threads. */
static int make_pools(Arena *a, char *err, size_t errlen)
{
    int T = a->cfg.threads, M = a->nruns;
    int outer = T < M ? T : M;
    if (outer > 1 && !(a->pool = pool_create(outer))) goto fail;
    if (T > M) {
        for (int i = 0; i < M; i++) {
            int per = T / M + (i < T % M ? 1 : 0);
            if (per > 1 && !(a->runs[i].pool = pool_create(per))) goto fail;
        }
    }
    return 0;
fail:
    snprintf(err, errlen, "--threads: could not start %d threads", T);
    return -1;
}

/* ---- one Run: a training step and an evaluation ------------------------------------------ */

static int batch_at(const Arena *a, long step_in_epoch, long *start)
{
    *start = step_in_epoch * a->cfg.batch;
    long left = a->n_train - *start;
    return (int)(left < a->cfg.batch ? left : a->cfg.batch);
}

/* Forward + loss (+ backward when want_grad) for samples idx[0..nb-1]:
 * x (nb, T, width) -> z (nb, U) -> loss (nb) [-> dz (nb, U) -> grads]. Returns the batch loss sum;
 * adds what the framework's 'accuracy' counts to *acc_sum. */
static double run_batch(Arena *a, Run *r, const long *idx, int nb, int want_grad, double *acc_sum)
{
    const Setup *s = r->setup;
    int U = r->U;
    data_gather(&a->data, a->cfg.encoding, idx, nb, r->xb, r->yb);
    net_forward(&r->net, r->pool, r->xb, nb);
    s->loss(r->net.z, r->yb, nb, U, r->lossb, want_grad ? r->dz : NULL);
    double loss = 0, acc = 0;
    for (int i = 0; i < nb; i++) {
        loss += r->lossb[i];
        acc += setup_shown_correct(s, r->net.z + (size_t)i * U, U, r->yb[i]);
    }
    if (want_grad) net_backward(&r->net, r->pool, r->xb, nb, r->dz);
    if (acc_sum) *acc_sum += acc;
    return loss;
}

static void run_step(Arena *a, Run *r, long step_in_epoch)
{
    if (r->diverged) return;
    long start;
    int nb = batch_at(a, step_in_epoch, &start);
    double acc = 0;
    double loss = run_batch(a, r, a->perm + start, nb, 1, &acc);
    r->sum_loss += loss;
    r->sum_acc += acc;
    r->seen += nb;
    r->last_grad_norm = net_grad_norm(&r->net);
    if (!isfinite(loss) || !isfinite(r->last_grad_norm)) {
        r->diverged = 1;
        r->diverged_step = a->step + (step_in_epoch - a->step_in_epoch) + 1;
        return;
    }
    if (r->last_grad_norm > 0.0) r->moved = 1;
    AdamCfg ac = adam_defaults();
    ac.lr = a->lr;
    net_adam_step(&r->net, &ac);
}

static void run_eval(Arena *a, Run *r, EvalPoint *p)
{
    memset(p, 0, sizeof *p);
    p->step = a->step;
    p->epoch = a->step == 0 ? 0 : a->step_in_epoch == 0 ? a->epoch : a->epoch + 1;
    p->lr = a->lr;
    if (a->step == 0) {
        /* At initialisation nothing has been reported yet: evaluate the training set the way
         * model.evaluate(x_train) would (its first INIT_EVAL_MAX samples, so that the seed
         * preset's 387k samples do not stall the start), and take the first batch's gradient. */
        double loss = 0, acc = 0;
        long n = a->n_train < INIT_EVAL_MAX ? a->n_train : INIT_EVAL_MAX;
        long *idx = xmalloc(sizeof(long) * (size_t)a->eval_batch);
        for (long i = 0; i < n && !(a->stop && *a->stop); i += a->eval_batch) {
            int nb = (int)(n - i < a->eval_batch ? n - i : a->eval_batch);
            for (int j = 0; j < nb; j++) idx[j] = i + j;
            loss += run_batch(a, r, idx, nb, 0, &acc);
        }
        free(idx);
        p->loss = loss / (double)n;
        p->acc = acc / (double)n;
        long start;
        int nb = batch_at(a, 0, &start);
        run_batch(a, r, a->perm + start, nb, 1, NULL);
        p->grad_norm = net_grad_norm(&r->net);
    } else {
        p->loss = r->seen ? r->sum_loss / (double)r->seen : 0.0;
        p->acc = r->seen ? r->sum_acc / (double)r->seen : 0.0;
        p->grad_norm = r->last_grad_norm;
    }
    EvalAcc acc;
    metrics_begin(&acc, r->setup, a->K, r->cm);
    for (long i = 0; i < a->n_val && !(a->stop && *a->stop); i += a->eval_batch) {
        int nb = (int)(a->n_val - i < a->eval_batch ? a->n_val - i : a->eval_batch);
        run_batch(a, r, a->val_idx + i, nb, 0, NULL);
        r->setup->loss(r->net.z, r->yb, nb, r->U, NULL, r->dz);   /* the gradient the mechanism shows */
        metrics_add(&acc, r->net.z, r->yb, r->lossb, r->dz, nb);
    }
    metrics_finish_val(&acc, p);
    if (!net_params_finite(&r->net) && !r->diverged) {
        r->diverged = 1;
        r->diverged_step = a->step;
    }
    DiagInput in = { .diverged = r->diverged, .diverged_step = r->diverged_step, .moved = r->moved, .K = a->K,
                     .share = a->val_share, .floor = r->setup->floor ? r->setup->floor(a->K, a->val_share) : 0.0,
                     .const_output = r->setup->act == ACT_SOFTMAX && r->U == 1 };
    diagnose(p, &in);
}

static void run_record(Run *r, const EvalPoint *p, int keep)
{
    if (keep >= 2 && r->npts >= keep) {   /* full: the first point and every other one after it */
        int j = 1;
        for (int i = 2; i < r->npts; i += 2) r->pts[j++] = r->pts[i];
        r->npts = j;
        r->thinned++;
    }
    if (r->npts == r->cappts) {
        r->cappts = r->cappts ? 2 * r->cappts : 64;
        r->pts = xrealloc(r->pts, sizeof *r->pts * (size_t)r->cappts);
    }
    r->pts[r->npts++] = *p;
}

/* ---- the scheduler ------------------------------------------------------------------------ */

typedef struct {
    Arena *a;
    pthread_mutex_t mu;
    long left[SETUPS_MAX];       /* tasks still to do in this pass, per Run */
    long done[SETUPS_MAX];       /* steps already taken in this chunk, per Run */
    int busy[SETUPS_MAX];
    int eval;                    /* this pass evaluates (one task per Run) instead of stepping */
    EvalPoint pts[SETUPS_MAX];
} Chunk;

static void chunk_worker(void *ctx, int wi, int nw)
{
    Chunk *ch = ctx;
    Arena *a = ch->a;
    int next = wi % a->nruns;    /* workers start on different Runs */
    (void)nw;
    for (;;) {
        int r = -1;
        long j = 0;
        pthread_mutex_lock(&ch->mu);
        for (int k = 0; k < a->nruns; k++) {
            int i = (next + k) % a->nruns;
            if (!ch->busy[i] && ch->left[i] > 0) { r = i; break; }
        }
        if (r >= 0) {
            ch->busy[r] = 1;
            ch->left[r]--;
            j = ch->done[r]++;
            next = (r + 1) % a->nruns;
        }
        pthread_mutex_unlock(&ch->mu);
        if (r < 0) return;
        if (ch->eval) run_eval(a, &a->runs[r], &ch->pts[r]);
        else run_step(a, &a->runs[r], a->step_in_epoch + j);
        pthread_mutex_lock(&ch->mu);
        ch->busy[r] = 0;
        pthread_mutex_unlock(&ch->mu);
    }
}

static void chunk_run(Arena *a, long steps, int eval)
{
    Chunk ch;
    memset(&ch, 0, sizeof ch);
    ch.a = a;
    ch.eval = eval;
    pthread_mutex_init(&ch.mu, NULL);
    for (int i = 0; i < a->nruns; i++) ch.left[i] = eval ? 1 : steps;
    pool_run(a->pool, chunk_worker, &ch);
    pthread_mutex_destroy(&ch.mu);
    if (eval && !(a->stop && *a->stop))   /* an interrupted evaluation is incomplete: not recorded */
        for (int i = 0; i < a->nruns; i++) run_record(&a->runs[i], &ch.pts[i], a->keep);
}

/* ---- the arena ---------------------------------------------------------------------------- */

/* Applies the scheduled changes that are due at the current step. */
static void sched_apply(Arena *a)
{
    while (a->sched_next < a->cfg.nlr && a->cfg.lr_sched[a->sched_next].step <= a->step)
        a->lr = a->cfg.lr_sched[a->sched_next++].lr;
}

int arena_create(Arena *a, const Config *c, int with_eval, char *err, size_t errlen)
{
    ArenaOpts o = { .with_eval = with_eval };
    return arena_create_opts(a, c, &o, err, errlen);
}

int arena_create_opts(Arena *a, const Config *c, const ArenaOpts *o, char *err, size_t errlen)
{
    memset(a, 0, sizeof *a);
    a->cfg = *c;
    a->with_eval = o->with_eval;
    a->keep = o->keep > 0 && o->keep < 2 ? 2 : o->keep;
    a->stop = o->stop;
    a->lr = c->lr;
    if (c->nmodels < 1) {
        snprintf(err, errlen, "--models: no set-up to train");
        return -1;
    }
    if (config_check(c, err, errlen)) goto fail;
    if (load_data(a, err, errlen)) goto fail;
    a->K = a->data.K;
    if (a->K > 2 && !config_given(&a->cfg, "models")) config_default_lineup(&a->cfg, a->K);
    c = &a->cfg;
    for (int i = 0; i < c->nmodels; i++) {
        const Setup *s = c->models[i];
        if (!setup_accepts(s, a->K)) {
            if (s->kmax == 2)
                snprintf(err, errlen, "--models: set-up '%s' is binary-only (K = 2); the data has %d classes: use a "
                         "K-class set-up such as cce", s->id, a->K);
            else
                snprintf(err, errlen, "--models: set-up '%s' needs %d to %d classes; the data has %d", s->id, s->kmin,
                         s->kmax, a->K);
            goto fail;
        }
    }
    if (data_check_encoding(&a->data, c->encoding, err, errlen)) goto fail;
    a->width = data_width(&a->data, c->encoding);
    data_split(a->data.N, c->val, &a->n_train, &a->n_val);
    if (a->n_train < 1 || a->n_val < 1) {
        snprintf(err, errlen, "--val: %.3g of %ld samples leaves %ld for training and %ld for validation; need at least 1 each",
                 c->val, a->data.N, a->n_train, a->n_val);
        goto fail;
    }
    a->steps_per_epoch = (a->n_train + c->batch - 1) / c->batch;
    if (a->cfg.eval_every < 0) a->cfg.eval_every = a->steps_per_epoch / 8 > 1 ? a->steps_per_epoch / 8 : 1;
    a->eval_batch = EVAL_BATCH;
    a->perm = xmalloc(sizeof(long) * (size_t)a->n_train);
    a->val_idx = xmalloc(sizeof(long) * (size_t)a->n_val);
    for (long i = 0; i < a->n_val; i++) a->val_idx[i] = a->n_train + i;
    metrics_class_shares(a->data.y, a->val_idx, a->n_val, a->K, a->val_share);
    data_shuffle(a->perm, a->n_train, c->seed, 0);

    int maxB = c->batch > a->eval_batch ? c->batch : a->eval_batch;
    a->nruns = c->nmodels;
    for (int i = 0; i < a->nruns; i++) {
        Run *r = &a->runs[i];
        r->setup = c->models[i];
        r->U = setup_units(r->setup, a->K);
        NetShape s = { .F = a->width, .T = a->data.T, .H = c->hidden, .D = c->dense,
                       .K = r->U, .ract = (RecAct)c->recurrent };
        if (net_create(&r->net, s, maxB)) {
            snprintf(err, errlen, "internal: bad network shape");
            goto fail;
        }
        net_init_weights(&r->net, c->seed);
        size_t xs = (size_t)maxB * (size_t)a->data.T * (size_t)a->width;
        r->xb = xmalloc(sizeof(float) * xs);
        r->yb = xmalloc(sizeof(int) * (size_t)maxB);
        r->lossb = xmalloc(sizeof(float) * (size_t)maxB);
        r->dz = xmalloc(sizeof(float) * (size_t)maxB * (size_t)r->U);
    }
    if (make_pools(a, err, errlen)) goto fail;
    sched_apply(a);
    return 0;
fail:
    arena_free(a);
    return -1;
}

void arena_eval_initial(Arena *a)
{
    if (a->with_eval && a->step == 0 && a->runs[0].npts == 0) chunk_run(a, 0, 1);
}

void arena_eval_now(Arena *a)
{
    const Run *r = &a->runs[0];
    if (!a->with_eval || (r->npts > 0 && r->pts[r->npts - 1].step == a->step)) return;
    chunk_run(a, 0, 1);
}

long arena_steps_to_eval(const Arena *a)
{
    long k = a->steps_per_epoch - a->step_in_epoch;
    if (a->cfg.eval_every > 0) {
        long e = a->cfg.eval_every - a->step % a->cfg.eval_every;
        if (e < k) k = e;
    }
    return k;
}

int arena_done(const Arena *a) { return a->epoch >= a->cfg.epochs; }

int arena_set_lr(Arena *a, float lr)
{
    if (lr == a->lr) return 0;   /* no change, nothing to replay */
    if (a->nlog == LR_SCHEDULE_MAX) return -1;
    if (a->nlog && a->lr_log[a->nlog - 1].step == a->step) a->nlog--;   /* the last word at a step */
    a->lr_log[a->nlog++] = (LrChange){ a->step, lr };
    a->lr = lr;
    return 0;
}

void arena_effective_config(const Arena *a, Config *c)
{
    *c = a->cfg;
    for (int i = 0; i < a->nlog; i++)
        if (config_schedule_add(c, a->lr_log[i].step, a->lr_log[i].lr)) break;
}

void arena_set_epochs(Arena *a, int epochs) { a->cfg.epochs = epochs; }

const EvalPoint *arena_last(const Arena *a, int run)
{
    const Run *r = &a->runs[run];
    return r->npts ? &r->pts[r->npts - 1] : NULL;
}

int arena_advance(Arena *a, long max_steps)
{
    if (arena_done(a) || max_steps < 1) return 0;
    if (a->step_in_epoch == 0 && a->step > 0) data_shuffle(a->perm, a->n_train, a->cfg.seed, a->epoch);
    long k = arena_steps_to_eval(a);
    if (k > max_steps) k = max_steps;
    if (a->sched_next < a->cfg.nlr && a->cfg.lr_sched[a->sched_next].step - a->step < k)
        k = a->cfg.lr_sched[a->sched_next].step - a->step;   /* >= 1: due changes are applied */
    chunk_run(a, k, 0);
    a->step += k;
    a->step_in_epoch += k;
    int eval = 0, epoch_end = 0;
    if (a->step_in_epoch == a->steps_per_epoch) {
        a->epoch++;
        a->step_in_epoch = 0;
        eval = epoch_end = 1;
    }
    if (a->cfg.eval_every > 0 && a->step % a->cfg.eval_every == 0) eval = 1;
    if (eval && a->with_eval) chunk_run(a, 0, 1);
    if (epoch_end)
        for (int i = 0; i < a->nruns; i++) {
            a->runs[i].sum_loss = a->runs[i].sum_acc = 0;
            a->runs[i].seen = 0;
        }
    sched_apply(a);   /* after the evaluation: its row shows the rate its steps were trained with */
    return eval && a->with_eval;
}

