/* gemm — single-precision matrix multiply, row-major, cache-blocked and vectorised.
 *   C (M,N) = alpha * op(A) (M,K) * op(B) (K,N) + beta * C
 * op(A) = A (M,K, row stride lda) or, if ta, A^T with A stored (K,M, row stride lda);
 * op(B) = B (K,N, row stride ldb) or, if tb, B^T with B stored (N,K, row stride ldb).
 * beta == 0 means C is written without being read (NaN in C does not leak).
 * Determinism: every element of C is computed by the same sequence of float operations
 * whatever the pool size, so results are bit-identical for any thread count.
 * Owns nothing; scratch for packing lives on the stack or in per-call buffers it frees. */
#ifndef LOSSLAB_GEMM_H
#define LOSSLAB_GEMM_H
#include <stdbool.h>
#include "nn/pool.h"

void gemm(Pool *pool, bool ta, bool tb, int M, int N, int K, float alpha,
          const float *A, int lda, const float *B, int ldb, float beta, float *C, int ldc);

/* The plain triple loop with a double accumulator: the reference the tests compare against. */
void gemm_ref(bool ta, bool tb, int M, int N, int K, float alpha,
              const float *A, int lda, const float *B, int ldb, float beta, float *C, int ldc);

#endif
