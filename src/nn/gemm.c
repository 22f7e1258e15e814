/* gemm — single-precision matrix multiply (row-major, both transposes, alpha/beta, strides),
 * cache-blocked with packed A/B panels and a register-tiled micro-kernel, split over a Pool.
 * Owns: gemm(), gemm_ref() (the double-accumulator reference the tests compare against), the
 * packing routines and the three micro-kernels (AVX-512, AVX2+FMA, portable C), of which the
 * compiler flags pick exactly one per compilation. The file is compiled once per variant
 * (kern.h): the driver below becomes gemm_base / gemm_avx2 / gemm_avx512, and the public gemm()
 * (base compile only) runs the Pool's variant. No global mutable state: packing scratch is
 * malloc'd per call and per worker, and freed before return.
 *
 * Numerics / determinism. Every element C(i,j) is computed as
 *     acc = 0;  for k = 0..K-1 in order:  acc = fma(A(i,k), B(k,j), acc)   (one float register)
 *     C(i,j) = beta == 0 ? alpha*acc : fma(beta, C(i,j), alpha*acc)
 * (the portable kernel uses separate mul/add instead of fma, identically for every element).
 * K is never split, so the accumulation order is fixed; edge tiles run the very same kernel on
 * zero-padded panels and only their stores are masked, so an element's operations do not
 * depend on which tile, which worker or which split it lands in. Threads split the output
 * into tile-aligned ranges of columns (or rows), never the reduction: the result is
 * bit-identical for any pool size. */
#include "nn/gemm.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "nn/kern.h"

#if defined(__AVX__)    /* AVX-512 and AVX2 imply it; AVX alone gives the 8x8 transpose */
#include <immintrin.h>
#endif

/* Micro-tile sizes (rows MR x columns NR of C kept in registers for the whole K loop).
 * AVX-512: 8 x 32 = 16 zmm accumulators + 2 B vectors + 1 broadcast (of 32 zmm). Per k step:
 *   16 FMAs against 8 broadcasts + 2 loads, so the FMA pipes, not the loads, are the limit;
 *   16 independent chains cover the 4-cycle FMA latency. MR = 8 divides the batch (32) and
 *   H (32, 256); NR = 32 divides H and 4H. The Dense's N = 16 fills half a tile (masked).
 * AVX2: 6 x 16 = 12 ymm accumulators + 2 B + 1 broadcast (of 16 ymm), the classic shape.
 * Portable: 4 x 16 float arrays the compiler can keep in vector registers. */
#if defined(__AVX512F__)
#define GEMM_MR 8
#define GEMM_NR 32
#elif defined(__AVX2__) && defined(__FMA__)
#define GEMM_MR 6
#define GEMM_NR 16
#else
#define GEMM_MR 4
#define GEMM_NR 16
#endif

/* Cache blocking (per worker): a B block of K x NC floats is packed once and swept by all row
 * panels; an A block of MC x K floats is packed per B block. Budgets aim at Zen 4's 1 MiB L2:
 * B block <= 512 KiB, A block <= 256 KiB. The micro-panel of B (K x NR) is the one reused
 * across the inner row loop, so it stays in L1 for K <= ~200 and streams from L2 beyond. */
#define GEMM_B_BYTES (512 * 1024)
#define GEMM_A_BYTES (256 * 1024)
/* Below this many flops (2*M*N*K) a call stays on the caller's thread: waking workers and
 * packing A once per worker costs more than it saves, and a busy second core would make the
 * caller wait for a whole time slice. 2 MFLOP is ~20 us single-threaded at ~100 GFLOP/s; all
 * the H = 32 shapes stay single-threaded, all the big H = 256 shapes split. (The -D override
 * is for tuning by hand with tools/bench_gemm.c.) */
#ifndef GEMM_PAR_FLOPS
#define GEMM_PAR_FLOPS (2.0e6)
#endif
/* B not transposed and few rows (M <= 64, e.g. the batch of 32): each B element serves only
 * M/MR = 4 row tiles, so packing it costs about as much as using it; full column panels are
 * read in place (row stride ldb) instead. Not for tiny K (the X.W input projection, K = 10):
 * there the kernel is store-bound and in-place B rows, 4 KiB apart like the C rows, suffer
 * 4K-aliasing against the C stores (measured 75 -> 62 GFLOP/s). */
/* Parallel calls are cut into about this many chunks per participant, taken dynamically. */
#define GEMM_CHUNKS_PER_THREAD 4
#ifndef GEMM_DIRECT_B_MIN_K
#define GEMM_DIRECT_B_MIN_K 32
#endif
#ifndef GEMM_DIRECT_B_MAX_M
#define GEMM_DIRECT_B_MAX_M 64
#endif

#if KERN_IS_BASE
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
#endif

/* ---------------------------------------------------------------------------------------
 * Micro-kernels: C[0..mr, 0..nr) (row stride ldc) from packed pa (K x MR, k-major, rows
 * beyond mr zero) and pb (K x NR, k-major, columns beyond nr zero). mr <= MR, nr <= NR. */

#if defined(__AVX512F__)

static void gemm_kernel(int K, const float *restrict pa, const float *restrict pb, long ldb,
                        float *restrict C, int ldc, int mr, int nr, float alpha, float beta)
{
    __m512 c00 = _mm512_setzero_ps(), c01 = _mm512_setzero_ps();
    __m512 c10 = _mm512_setzero_ps(), c11 = _mm512_setzero_ps();
    __m512 c20 = _mm512_setzero_ps(), c21 = _mm512_setzero_ps();
    __m512 c30 = _mm512_setzero_ps(), c31 = _mm512_setzero_ps();
    __m512 c40 = _mm512_setzero_ps(), c41 = _mm512_setzero_ps();
    __m512 c50 = _mm512_setzero_ps(), c51 = _mm512_setzero_ps();
    __m512 c60 = _mm512_setzero_ps(), c61 = _mm512_setzero_ps();
    __m512 c70 = _mm512_setzero_ps(), c71 = _mm512_setzero_ps();
#define GEMM_STEP(o)                                                                   \
    do {                                                                               \
        __m512 b0 = _mm512_loadu_ps(pb + (o) * ldb), b1 = _mm512_loadu_ps(pb + (o) * ldb + 16); \
        __m512 a;                                                                      \
        a = _mm512_set1_ps(pa[(o) * 8 + 0]); c00 = _mm512_fmadd_ps(a, b0, c00); c01 = _mm512_fmadd_ps(a, b1, c01); \
        a = _mm512_set1_ps(pa[(o) * 8 + 1]); c10 = _mm512_fmadd_ps(a, b0, c10); c11 = _mm512_fmadd_ps(a, b1, c11); \
        a = _mm512_set1_ps(pa[(o) * 8 + 2]); c20 = _mm512_fmadd_ps(a, b0, c20); c21 = _mm512_fmadd_ps(a, b1, c21); \
        a = _mm512_set1_ps(pa[(o) * 8 + 3]); c30 = _mm512_fmadd_ps(a, b0, c30); c31 = _mm512_fmadd_ps(a, b1, c31); \
        a = _mm512_set1_ps(pa[(o) * 8 + 4]); c40 = _mm512_fmadd_ps(a, b0, c40); c41 = _mm512_fmadd_ps(a, b1, c41); \
        a = _mm512_set1_ps(pa[(o) * 8 + 5]); c50 = _mm512_fmadd_ps(a, b0, c50); c51 = _mm512_fmadd_ps(a, b1, c51); \
        a = _mm512_set1_ps(pa[(o) * 8 + 6]); c60 = _mm512_fmadd_ps(a, b0, c60); c61 = _mm512_fmadd_ps(a, b1, c61); \
        a = _mm512_set1_ps(pa[(o) * 8 + 7]); c70 = _mm512_fmadd_ps(a, b0, c70); c71 = _mm512_fmadd_ps(a, b1, c71); \
    } while (0)
    int k = 0;
    for (; k + 4 <= K; k += 4) {   /* unrolled by 4: same per-element order, fewer branches */
        GEMM_STEP(0); GEMM_STEP(1); GEMM_STEP(2); GEMM_STEP(3);
        pa += 4 * 8;
        pb += 4 * ldb;
    }
    for (; k < K; k++) {
        GEMM_STEP(0);
        pa += 8;
        pb += ldb;
    }
#undef GEMM_STEP
    const __mmask16 m0 = nr >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << nr) - 1u);
    const __mmask16 m1 = nr >= 32 ? (__mmask16)0xFFFF
                       : nr > 16  ? (__mmask16)((1u << (nr - 16)) - 1u) : (__mmask16)0;
    const __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
#define GEMM_ROW(r, x0, x1)                                                              \
    if ((r) < mr) {                                                                      \
        float *c = C + (long)(r) * ldc;                                                  \
        __m512 t0 = _mm512_mul_ps(va, x0), t1 = _mm512_mul_ps(va, x1);                   \
        if (beta != 0.0f) {                                                              \
            t0 = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(m0, c), t0);                   \
            t1 = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(m1, c + 16), t1);              \
        }                                                                                \
        _mm512_mask_storeu_ps(c, m0, t0);                                                \
        _mm512_mask_storeu_ps(c + 16, m1, t1);                                           \
    }
    GEMM_ROW(0, c00, c01) GEMM_ROW(1, c10, c11) GEMM_ROW(2, c20, c21) GEMM_ROW(3, c30, c31)
    GEMM_ROW(4, c40, c41) GEMM_ROW(5, c50, c51) GEMM_ROW(6, c60, c61) GEMM_ROW(7, c70, c71)
#undef GEMM_ROW
}

#elif defined(__AVX2__) && defined(__FMA__)

static void gemm_kernel(int K, const float *restrict pa, const float *restrict pb, long ldb,
                        float *restrict C, int ldc, int mr, int nr, float alpha, float beta)
{
    __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
    __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
    __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
    __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
    __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
    __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
    for (int k = 0; k < K; k++) {
        __m256 b0 = _mm256_loadu_ps(pb), b1 = _mm256_loadu_ps(pb + 8);
        __m256 a;
        a = _mm256_broadcast_ss(pa + 0); c00 = _mm256_fmadd_ps(a, b0, c00); c01 = _mm256_fmadd_ps(a, b1, c01);
        a = _mm256_broadcast_ss(pa + 1); c10 = _mm256_fmadd_ps(a, b0, c10); c11 = _mm256_fmadd_ps(a, b1, c11);
        a = _mm256_broadcast_ss(pa + 2); c20 = _mm256_fmadd_ps(a, b0, c20); c21 = _mm256_fmadd_ps(a, b1, c21);
        a = _mm256_broadcast_ss(pa + 3); c30 = _mm256_fmadd_ps(a, b0, c30); c31 = _mm256_fmadd_ps(a, b1, c31);
        a = _mm256_broadcast_ss(pa + 4); c40 = _mm256_fmadd_ps(a, b0, c40); c41 = _mm256_fmadd_ps(a, b1, c41);
        a = _mm256_broadcast_ss(pa + 5); c50 = _mm256_fmadd_ps(a, b0, c50); c51 = _mm256_fmadd_ps(a, b1, c51);
        pa += 6;
        pb += ldb;
    }
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i m0 = _mm256_cmpgt_epi32(_mm256_set1_epi32(nr), lane);
    const __m256i m1 = _mm256_cmpgt_epi32(_mm256_set1_epi32(nr - 8), lane);
    const __m256 va = _mm256_set1_ps(alpha), vb = _mm256_set1_ps(beta);
#define GEMM_ROW(r, x0, x1)                                                              \
    if ((r) < mr) {                                                                      \
        float *c = C + (long)(r) * ldc;                                                  \
        __m256 t0 = _mm256_mul_ps(va, x0), t1 = _mm256_mul_ps(va, x1);                   \
        if (beta != 0.0f) {                                                              \
            t0 = _mm256_fmadd_ps(vb, _mm256_maskload_ps(c, m0), t0);                      \
            t1 = _mm256_fmadd_ps(vb, _mm256_maskload_ps(c + 8, m1), t1);                  \
        }                                                                                \
        _mm256_maskstore_ps(c, m0, t0);                                                  \
        _mm256_maskstore_ps(c + 8, m1, t1);                                              \
    }
    GEMM_ROW(0, c00, c01) GEMM_ROW(1, c10, c11) GEMM_ROW(2, c20, c21)
    GEMM_ROW(3, c30, c31) GEMM_ROW(4, c40, c41) GEMM_ROW(5, c50, c51)
#undef GEMM_ROW
}

#else

/* Portable kernel. Separate statements for the product and the sum so that no compiler may
 * contract them into an fma in some lanes and not others (C11 contraction is per expression). */
static void gemm_kernel(int K, const float *restrict pa, const float *restrict pb, long ldb,
                        float *restrict C, int ldc, int mr, int nr, float alpha, float beta)
{
    float acc[GEMM_MR][GEMM_NR];
    memset(acc, 0, sizeof acc);
    for (int k = 0; k < K; k++) {
        for (int r = 0; r < GEMM_MR; r++) {
            const float a = pa[r];
            for (int j = 0; j < GEMM_NR; j++) {
                const float p = a * pb[j];
                acc[r][j] = acc[r][j] + p;
            }
        }
        pa += GEMM_MR;
        pb += ldb;
    }
    for (int r = 0; r < mr; r++) {
        float *c = C + (long)r * ldc;
        for (int j = 0; j < nr; j++) {
            const float t = alpha * acc[r][j];
            if (beta != 0.0f) {
                const float u = beta * c[j];
                c[j] = t + u;
            } else {
                c[j] = t;
            }
        }
    }
}

#endif

/* ---------------------------------------------------------------------------------------
 * Packing. */

#if defined(__AVX__)
/* 8x8 transpose: d[q*ldd + r] = s[r*lds + q]. */
static inline void gemm_tr8x8(const float *s, long lds, float *d, long ldd)
{
    const __m256 r0 = _mm256_loadu_ps(s + 0 * lds), r1 = _mm256_loadu_ps(s + 1 * lds);
    const __m256 r2 = _mm256_loadu_ps(s + 2 * lds), r3 = _mm256_loadu_ps(s + 3 * lds);
    const __m256 r4 = _mm256_loadu_ps(s + 4 * lds), r5 = _mm256_loadu_ps(s + 5 * lds);
    const __m256 r6 = _mm256_loadu_ps(s + 6 * lds), r7 = _mm256_loadu_ps(s + 7 * lds);
    const __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
    const __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
    const __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
    const __m256 t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
    const __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    const __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    const __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
    const __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    _mm256_storeu_ps(d + 0 * ldd, _mm256_permute2f128_ps(u0, u4, 0x20));
    _mm256_storeu_ps(d + 1 * ldd, _mm256_permute2f128_ps(u1, u5, 0x20));
    _mm256_storeu_ps(d + 2 * ldd, _mm256_permute2f128_ps(u2, u6, 0x20));
    _mm256_storeu_ps(d + 3 * ldd, _mm256_permute2f128_ps(u3, u7, 0x20));
    _mm256_storeu_ps(d + 4 * ldd, _mm256_permute2f128_ps(u0, u4, 0x31));
    _mm256_storeu_ps(d + 5 * ldd, _mm256_permute2f128_ps(u1, u5, 0x31));
    _mm256_storeu_ps(d + 6 * ldd, _mm256_permute2f128_ps(u2, u6, 0x31));
    _mm256_storeu_ps(d + 7 * ldd, _mm256_permute2f128_ps(u3, u7, 0x31));
}
#endif

/* Rows [i0, i0+mc) of op(A) into ceil(mc/MR) panels of K x MR floats, k-major, zero-padded:
 *   dst[p*K*MR + k*MR + r] = op(A)(i0 + p*MR + r, k). */
static void gemm_pack_a(bool ta, const float *A, int lda, int i0, int mc, int K, float *dst)
{
    for (int p = 0; p * GEMM_MR < mc; p++) {
        const int ib = i0 + p * GEMM_MR;
        const int m = mc - p * GEMM_MR < GEMM_MR ? mc - p * GEMM_MR : GEMM_MR;
        float *d = dst + (long)p * K * GEMM_MR;
        if (ta) {                       /* A stored (K, M): each k gives m contiguous values */
            for (int k = 0; k < K; k++) {
                const float *s = A + (long)k * lda + ib;
                int r = 0;
                for (; r < m; r++) d[k * GEMM_MR + r] = s[r];
                for (; r < GEMM_MR; r++) d[k * GEMM_MR + r] = 0.0f;
            }
        } else {                        /* A stored (M, K): interleave m rows */
#if defined(__AVX__) && GEMM_MR == 8
            if (m == GEMM_MR) {         /* a full panel is a run of 8x8 transposes */
                const float *s = A + (long)ib * lda;
                int k = 0;
                for (; k + 8 <= K; k += 8) gemm_tr8x8(s + k, lda, d + k * GEMM_MR, GEMM_MR);
                for (; k < K; k++)
                    for (int r = 0; r < GEMM_MR; r++) d[k * GEMM_MR + r] = s[(long)r * lda + k];
                continue;
            }
#endif
            for (int r = 0; r < GEMM_MR; r++) {
                if (r < m) {
                    const float *s = A + (long)(ib + r) * lda;
                    for (int k = 0; k < K; k++) d[k * GEMM_MR + r] = s[k];
                } else {
                    for (int k = 0; k < K; k++) d[k * GEMM_MR + r] = 0.0f;
                }
            }
        }
    }
}


/* Columns [j0, j0+nc) of op(B) into ceil(nc/NR) panels of K x NR floats, k-major, zero-padded:
 *   dst[p*K*NR + k*NR + j] = op(B)(k, j0 + p*NR + j). */
static void gemm_pack_b(bool tb, const float *B, int ldb, int j0, int nc, int K, float *dst)
{
    enum { KB = 64 };  /* transpose in K chunks: 64 x NR dst (8 KiB) + NR source rows in L1 */
    for (int p = 0; p * GEMM_NR < nc; p++) {
        const int jb = j0 + p * GEMM_NR;
        const int n = nc - p * GEMM_NR < GEMM_NR ? nc - p * GEMM_NR : GEMM_NR;
        float *d = dst + (long)p * K * GEMM_NR;
        if (!tb) {                      /* B stored (K, N): each k gives n contiguous values */
            for (int k = 0; k < K; k++) {
                const float *s = B + (long)k * ldb + jb;
                float *dk = d + (long)k * GEMM_NR;
                memcpy(dk, s, (size_t)n * sizeof *s);
                for (int j = n; j < GEMM_NR; j++) dk[j] = 0.0f;
            }
            continue;
        }
        /* B stored (N, K): transpose blockwise, 8x8 in registers where available. */
        for (int k0 = 0; k0 < K; k0 += KB) {
            const int k1 = k0 + KB < K ? k0 + KB : K;
            int j = 0;
#if defined(__AVX__)
            for (; j + 8 <= n; j += 8) {
                const float *s = B + (long)(jb + j) * ldb;
                int k = k0;
                for (; k + 8 <= k1; k += 8) gemm_tr8x8(s + k, ldb, d + (long)k * GEMM_NR + j, GEMM_NR);
                for (; k < k1; k++)
                    for (int r = 0; r < 8; r++) d[(long)k * GEMM_NR + j + r] = s[(long)r * ldb + k];
            }
#endif
            for (; j < GEMM_NR; j++) {
                if (j < n) {
                    const float *s = B + (long)(jb + j) * ldb;
                    for (int k = k0; k < k1; k++) d[(long)k * GEMM_NR + j] = s[k];
                } else {
                    for (int k = k0; k < k1; k++) d[(long)k * GEMM_NR + j] = 0.0f;
                }
            }
        }
    }
}

/* ---------------------------------------------------------------------------------------
 * Blocked driver and the thread split. */

typedef struct {
    bool ta, tb;
    int M, N, K;
    float alpha, beta;
    const float *A, *B;
    int lda, ldb, ldc;
    float *C;
    int mt, nt;            /* number of MR row tiles and NR column tiles */
    /* Parallel runs only: */
    bool split_n;          /* chunks are ranges of column tiles (else of row tiles) */
    int chunk_tiles, nchunks;
    atomic_int next;       /* next chunk to take */
    const float *pa_all;   /* all of A packed once by the caller (split_n, A fits), or NULL */
} GemmJob;

/* 64-byte aligned scratch from xmalloc (exits on OOM, per the xalloc convention). */
static float *gemm_scratch(size_t nfloat, void **raw)
{
    *raw = xmalloc(nfloat * sizeof(float) + 64);
    uintptr_t u = ((uintptr_t)*raw + 63) & ~(uintptr_t)63;
    return (float *)u;
}

/* Rows of op(A) per packed A block: as many MR panels as fit GEMM_A_BYTES, at least one. */
static int gemm_mc(int K)
{
    const int mc = (int)(GEMM_A_BYTES / ((long)K * (long)sizeof(float) * GEMM_MR)) * GEMM_MR;
    return mc < GEMM_MR ? GEMM_MR : mc;
}

/* C rows [m0, m1) x columns [n0, n1), both tile-aligned at their start. Loop order: B block
 * (jc) > A block (ic) > column panel (jr) > row panel (ir) > kernel over all of K.
 * pa_all, if given, is all M rows of op(A) already packed (then m0 = 0, m1 = M).
 * direct_b (see GEMM_DIRECT_B_*) only changes where the kernel loads B from, never the
 * arithmetic, so it may depend on the shape without affecting determinism. */
static void gemm_block(const GemmJob *g, int m0, int m1, int n0, int n1, const float *pa_all)
{
    if (m0 >= m1 || n0 >= n1) return;
    const int K = g->K;
    const bool direct_b = !g->tb && g->M <= GEMM_DIRECT_B_MAX_M && K >= GEMM_DIRECT_B_MIN_K;
    const long kb = (long)K * (long)sizeof(float);
    int nc = (int)(GEMM_B_BYTES / (kb * GEMM_NR)) * GEMM_NR;   /* columns per B block */
    if (nc < GEMM_NR) nc = GEMM_NR;
    if (nc > n1 - n0) nc = n1 - n0;
    int mc = pa_all ? m1 - m0 : gemm_mc(K);
    if (mc > m1 - m0) mc = m1 - m0;
    const int ncp = direct_b ? GEMM_NR : (nc + GEMM_NR - 1) / GEMM_NR * GEMM_NR;
    const int mcp = pa_all ? 0 : (mc + GEMM_MR - 1) / GEMM_MR * GEMM_MR;
    void *rawa = NULL, *rawb;
    float *pa = mcp ? gemm_scratch((size_t)mcp * (size_t)K, &rawa) : NULL;
    float *pb = gemm_scratch((size_t)ncp * (size_t)K, &rawb);
    for (int jc = n0; jc < n1; jc += nc) {
        const int ncur = n1 - jc < nc ? n1 - jc : nc;
        if (!direct_b)
            gemm_pack_b(g->tb, g->B, g->ldb, jc, ncur, K, pb);
        else if (ncur % GEMM_NR)        /* only the ragged last panel needs zero padding */
            gemm_pack_b(false, g->B, g->ldb, jc + ncur / GEMM_NR * GEMM_NR, ncur % GEMM_NR, K, pb);
        for (int ic = m0; ic < m1; ic += mc) {
            const int mcur = m1 - ic < mc ? m1 - ic : mc;
            const float *ablk = pa_all;
            if (!ablk) {
                gemm_pack_a(g->ta, g->A, g->lda, ic, mcur, K, pa);
                ablk = pa;
            }
            for (int jr = 0; jr < ncur; jr += GEMM_NR) {
                const int nr = ncur - jr < GEMM_NR ? ncur - jr : GEMM_NR;
                const float *b = pb + (long)jr * K;
                long ldbp = GEMM_NR;
                if (direct_b) {
                    if (nr == GEMM_NR) {
                        b = g->B + jc + jr;
                        ldbp = g->ldb;
                    } else {
                        b = pb;
                    }
                }
                for (int ir = 0; ir < mcur; ir += GEMM_MR) {
                    const int mr = mcur - ir < GEMM_MR ? mcur - ir : GEMM_MR;
                    gemm_kernel(K, ablk + (long)ir * K, b, ldbp,
                                g->C + (long)(ic + ir) * g->ldc + jc + jr, g->ldc,
                                mr, nr, g->alpha, g->beta);
                }
            }
        }
    }
    free(rawa);
    free(rawb);
}

/* Pool task: every participant takes chunks (tile-aligned ranges of column or row tiles)
 * from a shared counter until none is left. Who computes a chunk, and how the chunks are cut,
 * never changes how a tile is computed, so results do not depend on it; taking chunks
 * dynamically keeps the caller busy when a worker starts late (woken from sleep, or its core
 * taken by another process) instead of leaving it waiting on a fixed half. */
static void gemm_task(void *ctx, int i, int n)
{
    (void)i;
    (void)n;
    GemmJob *g = ctx;
    for (;;) {
        const int c = atomic_fetch_add_explicit(&g->next, 1, memory_order_relaxed);
        if (c >= g->nchunks) return;
        const int t0 = c * g->chunk_tiles;
        if (g->split_n) {
            const int t1 = t0 + g->chunk_tiles < g->nt ? t0 + g->chunk_tiles : g->nt;
            const int n1 = t1 * GEMM_NR < g->N ? t1 * GEMM_NR : g->N;
            gemm_block(g, 0, g->M, t0 * GEMM_NR, n1, g->pa_all);
        } else {
            const int t1 = t0 + g->chunk_tiles < g->mt ? t0 + g->chunk_tiles : g->mt;
            const int m1 = t1 * GEMM_MR < g->M ? t1 * GEMM_MR : g->M;
            gemm_block(g, t0 * GEMM_MR, m1, 0, g->N, NULL);
        }
    }
}

void KERN_FN(gemm)(Pool *pool, bool ta, bool tb, int M, int N, int K, float alpha,
                   const float *A, int lda, const float *B, int ldb, float beta, float *C, int ldc)
{
    if (M <= 0 || N <= 0) return;
    if (K <= 0) {                       /* empty product: C = beta*C (beta == 0: C is not read) */
        for (int i = 0; i < M; i++) {
            float *c = C + (long)i * ldc;
            if (beta == 0.0f)
                for (int j = 0; j < N; j++) c[j] = 0.0f;
            else
                for (int j = 0; j < N; j++) c[j] = beta * c[j];
        }
        return;
    }
    GemmJob g = {
        .ta = ta, .tb = tb, .M = M, .N = N, .K = K, .alpha = alpha, .beta = beta,
        .A = A, .B = B, .lda = lda, .ldb = ldb, .ldc = ldc, .C = C,
        .mt = (M + GEMM_MR - 1) / GEMM_MR, .nt = (N + GEMM_NR - 1) / GEMM_NR,
    };
    const int np = pool_size(pool);
    const double flops = 2.0 * M * N * K;
    if (np <= 1 || flops < GEMM_PAR_FLOPS || (g.nt < 2 && g.mt < 2)) {
        gemm_block(&g, 0, M, 0, N, NULL);
        return;
    }
    /* Split columns when there are at least as many column tiles as row tiles (the LSTM
     * shapes: N = 4H or H, M = batch), otherwise rows; about GEMM_CHUNKS_PER_THREAD chunks
     * per participant, at least one tile each. */
    g.split_n = g.nt >= g.mt;
    const int tiles = g.split_n ? g.nt : g.mt;
    const int want = GEMM_CHUNKS_PER_THREAD * np;
    g.chunk_tiles = (tiles + want - 1) / want;
    g.nchunks = (tiles + g.chunk_tiles - 1) / g.chunk_tiles;
    atomic_init(&g.next, 0);
    /* Column chunks all need all of A: pack it once here rather than once per chunk, when it
     * fits one A block (it does for every LSTM shape: at most 256 x 160 or 32 x 1024). */
    void *rawa = NULL;
    if (g.split_n && gemm_mc(K) >= M) {
        float *pa = gemm_scratch((size_t)g.mt * GEMM_MR * (size_t)K, &rawa);
        gemm_pack_a(ta, A, lda, 0, M, K, pa);
        g.pa_all = pa;
    }
    pool_run(pool, gemm_task, &g);
    free(rawa);
}

#if KERN_IS_BASE
/* The public entry: the Pool's variant (kern_best() for a NULL Pool). */
void gemm(Pool *pool, bool ta, bool tb, int M, int N, int K, float alpha,
          const float *A, int lda, const float *B, int ldb, float beta, float *C, int ldc)
{
    pool_kern(pool)->gemm(pool, ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}
#endif
