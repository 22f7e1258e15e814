/* pool — placeholder implementation (mutex + condvar); the gemm work replaces it. */
#include "nn/pool.h"

#include <pthread.h>
#include <stdlib.h>

struct Pool {
    int n;
    pthread_t *th;
    pthread_mutex_t mu;
    pthread_cond_t go, done;
    PoolFn fn;
    void *ctx;
    long gen;
    int pending;
    int quit;
};

typedef struct { Pool *p; int i; } WorkerArg;

static void *worker(void *arg)
{
    WorkerArg *wa = arg;
    Pool *p = wa->p;
    int i = wa->i;
    free(wa);
    long seen = 0;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (p->gen == seen && !p->quit) pthread_cond_wait(&p->go, &p->mu);
        if (p->quit) { pthread_mutex_unlock(&p->mu); return NULL; }
        seen = p->gen;
        PoolFn fn = p->fn;
        void *ctx = p->ctx;
        pthread_mutex_unlock(&p->mu);
        fn(ctx, i, p->n);
        pthread_mutex_lock(&p->mu);
        if (--p->pending == 0) pthread_cond_signal(&p->done);
        pthread_mutex_unlock(&p->mu);
    }
}

Pool *pool_create(int nthreads)
{
    if (nthreads < 1) return NULL;
    Pool *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->n = nthreads;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->go, NULL);
    pthread_cond_init(&p->done, NULL);
    if (nthreads > 1) {
        p->th = calloc((size_t)nthreads, sizeof *p->th);
        for (int i = 1; i < nthreads; i++) {
            WorkerArg *wa = malloc(sizeof *wa);
            wa->p = p;
            wa->i = i;
            if (pthread_create(&p->th[i], NULL, worker, wa) != 0) {
                free(wa);
                p->n = i;
                pool_free(p);
                return NULL;
            }
        }
    }
    return p;
}

void pool_free(Pool *p)
{
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    p->quit = 1;
    pthread_cond_broadcast(&p->go);
    pthread_mutex_unlock(&p->mu);
    for (int i = 1; i < p->n; i++) pthread_join(p->th[i], NULL);
    free(p->th);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->go);
    pthread_cond_destroy(&p->done);
    free(p);
}

int pool_size(const Pool *p) { return p ? p->n : 1; }

void pool_run(Pool *p, PoolFn fn, void *ctx)
{
    if (!p || p->n == 1) { fn(ctx, 0, 1); return; }
    pthread_mutex_lock(&p->mu);
    p->fn = fn;
    p->ctx = ctx;
    p->pending = p->n - 1;
    p->gen++;
    pthread_cond_broadcast(&p->go);
    pthread_mutex_unlock(&p->mu);
    fn(ctx, 0, p->n);
    pthread_mutex_lock(&p->mu);
    while (p->pending > 0) pthread_cond_wait(&p->done, &p->mu);
    pthread_mutex_unlock(&p->mu);
}
