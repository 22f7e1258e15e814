/* gemm — placeholder: the reference loop (correct, slow); the optimised kernel replaces it. */
#include "nn/gemm.h"

void gemm_ref(bool ta, bool tb, int M, int N, int K, float alpha,
              const float *A, int lda, const float *B, int ldb, float beta, float *C, int ldc)
{
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            double s = 0;
            for (int k = 0; k < K; k++) {
                float a = ta ? A[(long)k * lda + i] : A[(long)i * lda + k];
                float b = tb ? B[(long)j * ldb + k] : B[(long)k * ldb + j];
                s += (double)a * b;
            }
            float *c = &C[(long)i * ldc + j];
            *c = (float)(alpha * s) + (beta == 0.0f ? 0.0f : beta * *c);
        }
}

void gemm(Pool *pool, bool ta, bool tb, int M, int N, int K, float alpha,
          const float *A, int lda, const float *B, int ldb, float beta, float *C, int ldc)
{
    (void)pool;
    gemm_ref(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}
