/* bench_gemm — GFLOP/s of gemm on the LSTM step's shapes at 1 and 2 threads, plus the
 * round-trip cost of an empty pool_run. Not part of the program; build by hand:
 *   cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -march=native -Isrc -o build/bench_gemm \
 *      tools/bench_gemm.c src/nn/gemm.c src/nn/pool.c src/base/xalloc.c -pthread -lm
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
