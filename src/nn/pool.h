/* pool — a fixed set of worker threads for parallel-for, used by gemm and by the arena, and
 * the kernel variant (kern.h) that the numeric calls given this Pool run.
 * A Pool owns its threads; pool_free joins them. The kernel variant is a pointer into kern's
 * const table, chosen at creation (kern_best(), or the caller's for tests and benches). A Pool of size 1 has no threads and runs
 * everything on the caller. pool_run is not re-entrant: one caller at a time per Pool.
 * Work split never changes results: callers partition output elements, never a reduction. */
#ifndef LOSSLAB_POOL_H
#define LOSSLAB_POOL_H

#include "nn/kern.h"

typedef struct Pool Pool;

/* fn(ctx, i, n) is called once for every i in [0, n), n = pool_size(pool), concurrently;
 * i = 0 runs on the calling thread. pool_run returns when all calls have returned. */
typedef void (*PoolFn)(void *ctx, int i, int n);

Pool *pool_create(int nthreads);   /* nthreads >= 1; returns NULL if a thread cannot start */
Pool *pool_create_kern(int nthreads, const Kern *k);  /* the same with variant k (non-NULL) */
const Kern *pool_kern(const Pool *p);  /* the Pool's variant; NULL counts as kern_best() */
void  pool_free(Pool *p);          /* NULL is fine */
int   pool_size(const Pool *p);    /* NULL counts as 1 */
void  pool_run(Pool *p, PoolFn fn, void *ctx); /* p may be NULL: runs fn(ctx, 0, 1) */

#endif
