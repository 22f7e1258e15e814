/* bench_gemm — GFLOP/s of gemm on the LSTM step's shapes at 1 and 2 threads, plus the
 * round-trip cost of an empty pool_run. Not part of the program; build by hand:
 *   cc -std=c11 -ffp-contract=off -D_POSIX_C_SOURCE=200809L -O2 -march=native -Isrc \
 *      -o build/bench_gemm tools/bench_gemm.c src/nn/gemm.c src/nn/pool.c src/nn/kern.c \
 *      src/nn/lstm.c src/nn/adam.c src/base/xalloc.c -pthread -lm
 * (that is the base variant alone, built for this CPU: see src/nn/kern.h)
 *   ./build/bench_gemm [seconds-per-measurement, default 0.2] [repeats, default 5]
 * Reports the best of `repeats` timings (the machine is shared; the best is the least noisy). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "nn/gemm.h"
#include "nn/pool.h"

static double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static float *bench_fill(long n)
{
    float *x = malloc((size_t)n * sizeof *x);
    unsigned s = 12345;
    for (long i = 0; i < n; i++) {
        s = s * 1664525u + 1013904223u;
        x[i] = (float)(s >> 8) / 16777216.0f - 0.5f;
    }
    return x;
}

typedef struct { const char *name; bool ta, tb; int M, N, K; float beta; } BenchShape;


/* One training step's gemm calls for hidden size H, batch 32, T = 5, F = 10, in order, on
 * separate buffers (as the LSTM would issue them): forward 2 calls per step, backward 1 per
 * step, then the two weight gradients. Returns the seconds per step (median of runs) and
 * writes the flops per step. */
static int bench_cmp(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}
static double bench_step(Pool *pool, int H, double *flop_out, double *best_out)
{
    enum { Bt = 32, T = 5, F = 10, RUNS = 301 };
    const int G = 4 * H;
    float *X = bench_fill((long)Bt * T * F), *W = bench_fill((long)F * G), *U = bench_fill((long)H * G);
    float *Hs = bench_fill((long)(T + 1) * Bt * H), *Zs = bench_fill((long)T * Bt * G);
    float *dZs = bench_fill((long)T * Bt * G), *dH = bench_fill((long)Bt * H);
    float *dU = bench_fill((long)H * G), *dW = bench_fill((long)F * G), *Xs = bench_fill((long)T * Bt * F);
    double times[RUNS];
    for (int r = 0; r < RUNS; r++) {
        const double t0 = bench_now();
        for (int t = 0; t < T; t++) {
            float *Z = Zs + (long)t * Bt * G;
            gemm(pool, false, false, Bt, G, F, 1.0f, X + t * F, T * F, W, G, 0.0f, Z, G);
            gemm(pool, false, false, Bt, G, H, 1.0f, Hs + (long)t * Bt * H, H, U, G, 1.0f, Z, G);
        }
        for (int t = T - 1; t >= 0; t--)
            gemm(pool, false, true, Bt, H, G, 1.0f, dZs + (long)t * Bt * G, G, U, G, 0.0f, dH, H);
        gemm(pool, true, false, H, G, T * Bt, 1.0f, Hs + (long)Bt * H, H, dZs, G, 0.0f, dU, G);
        gemm(pool, true, false, F, G, T * Bt, 1.0f, Xs, F, dZs, G, 0.0f, dW, G);
        times[r] = bench_now() - t0;
    }
    *flop_out = 2.0 * (T * ((double)Bt * G * F + (double)Bt * G * H + (double)Bt * H * G)
                       + (double)H * G * T * Bt + (double)F * G * T * Bt);
    qsort(times, RUNS, sizeof *times, bench_cmp);
    *best_out = times[0];
    free(X); free(W); free(U); free(Hs); free(Zs); free(dZs); free(dH); free(dU); free(dW); free(Xs);
    return times[RUNS / 2];
}

static void bench_nop(void *ctx, int i, int n) { (void)ctx; (void)i; (void)n; }

int main(int argc, char **argv)
{
    const double secs = argc > 1 ? atof(argv[1]) : 0.2;
    const int reps = argc > 2 ? atoi(argv[2]) : 5;
    static const BenchShape shapes[] = {
        { "H256 fwd  Z+=H.U   ", 0, 0, 32, 1024, 256, 1.0f },
        { "H256 fwd  Z=X.W    ", 0, 0, 32, 1024, 10, 0.0f },
        { "H256 bwd  dH=dZ.U^T", 0, 1, 32, 256, 1024, 0.0f },
        { "H256 grad dU=Hs^T.dZ", 1, 0, 256, 1024, 160, 1.0f },
        { "H256 grad dW=Xs^T.dZ", 1, 0, 10, 1024, 160, 1.0f },
        { "H256 dense 32x256x16", 0, 0, 32, 16, 256, 0.0f },
        { "H32  fwd  Z+=H.U   ", 0, 0, 32, 128, 32, 1.0f },
        { "H32  fwd  Z=X.W    ", 0, 0, 32, 128, 10, 0.0f },
        { "H32  bwd  dH=dZ.U^T", 0, 1, 32, 32, 128, 0.0f },
        { "H32  grad dU=Hs^T.dZ", 1, 0, 32, 128, 160, 1.0f },
        { "H32  grad dW=Xs^T.dZ", 1, 0, 10, 128, 160, 1.0f },
        { "H32  dense 32x32x16 ", 0, 0, 32, 16, 32, 0.0f },
        { "square 512          ", 0, 0, 512, 512, 512, 0.0f },
    };
    Pool *pools[2] = { pool_create(1), pool_create(2) };
    printf("%-22s %6s %6s %6s   %10s %10s\n", "shape", "M", "N", "K", "1 thr GF/s", "2 thr GF/s");
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++) {
        const BenchShape *b = &shapes[s];
        float *A = bench_fill((long)b->M * b->K), *B = bench_fill((long)b->K * b->N);
        float *C = bench_fill((long)b->M * b->N);
        const int lda = b->ta ? b->M : b->K, ldb = b->tb ? b->K : b->N;
        const double flop = 2.0 * b->M * b->N * b->K;
        double gf[2];
        for (int t = 0; t < 2; t++) {
            /* Chunks of ~1 ms of calls, repeated for `secs`; keep the fastest chunk. */
            int chunk = (int)(1e-3 / (flop / 50e9)) + 1;
            double best = 1e30;
            for (int r = 0; r < reps; r++) {
                const double tstart = bench_now();
                do {
                    const double t0 = bench_now();
                    for (int k = 0; k < chunk; k++)
                        gemm(pools[t], b->ta, b->tb, b->M, b->N, b->K, 1.0f, A, lda, B, ldb,
                             b->beta * 1e-3f, C, b->N);
                    const double per = (bench_now() - t0) / chunk;
                    if (per < best) best = per;
                } while (bench_now() - tstart < secs);
            }
            gf[t] = flop / best * 1e-9;
        }
        printf("%-22s %6d %6d %6d   %10.1f %10.1f\n", b->name, b->M, b->N, b->K, gf[0], gf[1]);
        free(A);
        free(B);
        free(C);
    }
    printf("\nwhole step's gemm calls (batch 32, T 5, F 10): median (best) over 301 steps\n");
    for (int hi = 0; hi < 2; hi++)
        for (int t = 0; t < 2; t++) {
            const int H = hi ? 32 : 256;
            double flop, best;
            const double med = bench_step(pools[t], H, &flop, &best);
            printf("H %3d, %d thr: %7.1f us/step = %6.1f GFLOP/s, %8.0f samples/s (best %.1f us)\n",
                   H, t + 1, med * 1e6, flop / med * 1e-9, 32.0 / med, best * 1e6);
        }
    double best = 1e30;
    for (int r = 0; r < reps; r++) {
        const int n = 20000;
        const double t0 = bench_now();
        for (int i = 0; i < n; i++) pool_run(pools[1], bench_nop, NULL);
        const double per = (bench_now() - t0) / n;
        if (per < best) best = per;
    }
    printf("empty pool_run, 2 threads: %.2f us\n", best * 1e6);
    pool_free(pools[0]);
    pool_free(pools[1]);
    return 0;
}
