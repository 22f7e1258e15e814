/* pool — fixed worker threads for a parallel-for tuned for many small calls (0.1–1 ms each,
 * thousands per second). Owns the worker threads (joined by pool_free) and its sync state; points
 * at (does not own) its kernel variant, an entry of kern's const table.
 *
 * Protocol. pool_run publishes fn/ctx, sets `pending` to the number of workers and bumps the
 * atomic generation counter `gen`. A worker that has finished a job spins on `gen` for a
 * bounded time (pause, with a sched_yield every few rounds so a busy shared machine gets
 * the core back), then registers in `sleepers` and sleeps on the condvar `go`. The caller
 * runs part 0 itself, then waits for `pending` to reach 0 the same way: spin, then sleep on
 * `done` after setting `caller_sleeps`.
 * Lost wake-ups are excluded by seq_cst ordering of (sleeper: sleepers++, then re-read gen
 * under mu) against (runner: gen++, then read sleepers, broadcast under mu): at least one of
 * the two sees the other's write. The same pairing guards `pending` / `caller_sleeps`.
 * fn/ctx are plain fields: written before the seq_cst bump of gen and read after a worker
 * observes it; not rewritten until every worker has decremented `pending` for that job. */
#include "nn/pool.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "base/xalloc.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define POOL_RELAX() _mm_pause()
#elif defined(__aarch64__)
#define POOL_RELAX() __asm__ __volatile__("yield")
#else
#define POOL_RELAX() ((void)0)
#endif

/* Spin budget before sleeping: 2^14 pause rounds is roughly 100–400 us on current x86 (a
 * pause is 10–140 cycles depending on the core); long enough to bridge the gap between two
 * gemm calls of one training step, short enough that an idle pool goes to sleep at once
 * by human standards. Every 64 rounds we sched_yield. */
#ifndef POOL_SPIN
#define POOL_SPIN 16384
#endif
#define POOL_YIELD_MASK 63

struct Pool {
    int n;
    const Kern *kern;           /* the kernel variant of every call given this Pool */
    pthread_t *th;              /* th[1..n-1]; th[0] unused (the caller is part 0) */
    PoolFn fn;
    void *ctx;
    atomic_uint gen;            /* bumped once per job (and once at shutdown) */
    atomic_int pending;         /* workers still running the current job */
    atomic_int sleepers;        /* workers about to sleep / sleeping on go */
    atomic_int caller_sleeps;   /* the caller is about to sleep / sleeping on done */
    atomic_int quit;
    pthread_mutex_t mu;
    pthread_cond_t go, done;
};

typedef struct { Pool *p; int i; } PoolArg;

static void pool_wait_gen(Pool *p, unsigned seen)
{
    for (int s = 0; s < POOL_SPIN; s++) {
        if (atomic_load_explicit(&p->gen, memory_order_acquire) != seen) return;
        POOL_RELAX();
        if ((s & POOL_YIELD_MASK) == POOL_YIELD_MASK) sched_yield();
    }
    pthread_mutex_lock(&p->mu);
    atomic_fetch_add(&p->sleepers, 1);
    while (atomic_load(&p->gen) == seen) pthread_cond_wait(&p->go, &p->mu);
    atomic_fetch_sub(&p->sleepers, 1);
    pthread_mutex_unlock(&p->mu);
}

static void *pool_worker(void *arg)
{
    PoolArg *pa = arg;
    Pool *p = pa->p;
    const int i = pa->i;
    free(pa);
    unsigned seen = 0;
    for (;;) {
        pool_wait_gen(p, seen);
        seen = atomic_load(&p->gen);
        if (atomic_load(&p->quit)) return NULL;
        p->fn(p->ctx, i, p->n);
        if (atomic_fetch_sub(&p->pending, 1) == 1 && atomic_load(&p->caller_sleeps)) {
            pthread_mutex_lock(&p->mu);
            pthread_cond_signal(&p->done);
            pthread_mutex_unlock(&p->mu);
        }
    }
}

/* Wake every sleeping worker after gen was bumped. */
static void pool_wake(Pool *p)
{
    if (atomic_load(&p->sleepers) > 0) {
        pthread_mutex_lock(&p->mu);
        pthread_cond_broadcast(&p->go);
        pthread_mutex_unlock(&p->mu);
    }
}

static void pool_stop(Pool *p, int started)
{
    atomic_store(&p->quit, 1);
    atomic_fetch_add(&p->gen, 1);
    pthread_mutex_lock(&p->mu);      /* unconditional: shutdown is rare, be simple */
    pthread_cond_broadcast(&p->go);
    pthread_mutex_unlock(&p->mu);
    for (int i = 1; i < started; i++) pthread_join(p->th[i], NULL);
}

Pool *pool_create(int nthreads) { return pool_create_kern(nthreads, kern_best()); }

Pool *pool_create_kern(int nthreads, const Kern *k)
{
    if (nthreads < 1 || !k) return NULL;
    Pool *p = xcalloc(1, sizeof *p);
    p->n = nthreads;
    p->kern = k;
    atomic_init(&p->gen, 0);
    atomic_init(&p->pending, 0);
    atomic_init(&p->sleepers, 0);
    atomic_init(&p->caller_sleeps, 0);
    atomic_init(&p->quit, 0);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->go, NULL);
    pthread_cond_init(&p->done, NULL);
    if (nthreads > 1) {
        p->th = xcalloc((size_t)nthreads, sizeof *p->th);
        /* workers never take SIGINT/SIGTERM/SIGHUP: the signal must reach the thread that owns
         * the output (a write blocked on a pipe returns EINTR there) */
        sigset_t block, old;
        sigemptyset(&block);
        sigaddset(&block, SIGINT);
        sigaddset(&block, SIGTERM);
        sigaddset(&block, SIGHUP);
        pthread_sigmask(SIG_BLOCK, &block, &old);
        for (int i = 1; i < nthreads; i++) {
            PoolArg *pa = xmalloc(sizeof *pa);
            pa->p = p;
            pa->i = i;
            if (pthread_create(&p->th[i], NULL, pool_worker, pa) != 0) {
                free(pa);
                pthread_sigmask(SIG_SETMASK, &old, NULL);
                pool_stop(p, i);
                p->n = 1;
                pool_free(p);
                return NULL;
            }
        }
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    }
    return p;
}

void pool_free(Pool *p)
{
    if (!p) return;
    if (p->n > 1) pool_stop(p, p->n);
    free(p->th);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->go);
    pthread_cond_destroy(&p->done);
    free(p);
}

int pool_size(const Pool *p) { return p ? p->n : 1; }

const Kern *pool_kern(const Pool *p) { return p ? p->kern : kern_best(); }

void pool_run(Pool *p, PoolFn fn, void *ctx)
{
    if (!p || p->n == 1) { fn(ctx, 0, 1); return; }
    p->fn = fn;
    p->ctx = ctx;
    atomic_store(&p->pending, p->n - 1);
    atomic_fetch_add(&p->gen, 1);
    pool_wake(p);
    fn(ctx, 0, p->n);
    for (int s = 0; s < POOL_SPIN; s++) {
        if (atomic_load_explicit(&p->pending, memory_order_acquire) == 0) return;
        POOL_RELAX();
        if ((s & POOL_YIELD_MASK) == POOL_YIELD_MASK) sched_yield();
    }
    pthread_mutex_lock(&p->mu);
    atomic_store(&p->caller_sleeps, 1);
    while (atomic_load(&p->pending) > 0) pthread_cond_wait(&p->done, &p->mu);
    atomic_store(&p->caller_sleeps, 0);
    pthread_mutex_unlock(&p->mu);
}
