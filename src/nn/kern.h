/* kern — the hot numeric kernels (gemm, the LSTM layer with its gate loops, Adam) in several
 * instruction-set variants, and the choice between them at start-up.
 *
 * How the variants are made. src/nn/gemm.c, lstm.c and adam.c are compiled more than once:
 * once with the build's own flags (the "base" variant, which also defines the public gemm(),
 * lstm_forward(), lstm_backward(), adam_step()), and on x86-64 once more per extra variant with
 * that variant's -m flags and -DKERN_SFX=<name> (the Makefile's KERN_VARIANTS). Inside those
 * files the entry points are named KERN_FN(gemm) etc., i.e. gemm_base, gemm_avx2, gemm_avx512;
 * their static helpers stay private to each object. Each variant calls its own gemm, so a
 * variant is self-consistent from the top call down.
 *
 * Which variant runs. kern_best() returns the fastest variant this CPU executes, decided by
 * __builtin_cpu_supports (CPUID, read by the compiler runtime's start-up constructor). A Pool
 * takes kern_best() when it is created (or a given variant: pool_create_kern) and the public
 * gemm()/lstm_*() run the Pool's variant; a NULL Pool and adam_step() use kern_best().
 * No global mutable state: the variant table is const, and kern_best() is a pure function of
 * the CPU, so every caller in a process gets the same answer.
 *
 * Numerics. All variants compute every value with the same IEEE operations in the same order
 * (the build has -ffp-contract=off; nothing reduces across lanes), except the gemm micro-kernel:
 * AVX2 and AVX-512 accumulate with fused multiply-add, the portable kernel with separate
 * multiply and add. So avx2 and avx512 give bit-identical results, portable differs from them in
 * the last bits; within one variant the results never depend on the thread count.
 * Owns nothing. */
#ifndef LOSSLAB_KERN_H
#define LOSSLAB_KERN_H
#include <stdbool.h>
#include <stddef.h>

typedef struct Pool Pool;
typedef struct AdamCfg AdamCfg;

/* The entry points of one variant; see gemm.h, lstm.h, adam.h for their contracts. */
#define KERN_PROTOTYPES(sfx)                                                                     \
    void gemm_##sfx(Pool *pool, bool ta, bool tb, int M, int N, int K, float alpha,             \
                    const float *A, int lda, const float *B, int ldb, float beta, float *C,     \
                    int ldc);                                                                    \
    void lstm_forward_##sfx(Pool *pool, float *xt, float *gates, float *c, float *h,            \
                            const float *x, const float *W, const float *U, const float *b,     \
                            int B, int T, int F, int H, int hard);                              \
    void lstm_backward_##sfx(Pool *pool, float *dW, float *dU, float *db, float *dhT,           \
                             float *dc, float *dZ, const float *xt, const float *gates,         \
                             const float *c, const float *h, const float *U, int B, int T,      \
                             int F, int H, int hard);                                           \
    void adam_step_##sfx(float *p, const float *g, float *m, float *v, size_t n, long t,        \
                         const AdamCfg *c);

KERN_PROTOTYPES(base)
KERN_PROTOTYPES(avx2)
KERN_PROTOTYPES(avx512)

typedef struct Kern {
    const char *name;       /* "avx512", "avx2+fma", "portable" (the base variant is named
                             * after what its compile flags enable: "avx2+fma" under
                             * -march=native on such a machine) */
    bool (*runs_here)(void);
    void (*gemm)(Pool *pool, bool ta, bool tb, int M, int N, int K, float alpha,
                 const float *A, int lda, const float *B, int ldb, float beta, float *C, int ldc);
    void (*lstm_forward)(Pool *pool, float *xt, float *gates, float *c, float *h,
                         const float *x, const float *W, const float *U, const float *b,
                         int B, int T, int F, int H, int hard);
    void (*lstm_backward)(Pool *pool, float *dW, float *dU, float *db, float *dhT, float *dc,
                          float *dZ, const float *xt, const float *gates, const float *c,
                          const float *h, const float *U, int B, int T, int F, int H, int hard);
    void (*adam_step)(float *p, const float *g, float *m, float *v, size_t n, long t,
                      const AdamCfg *c);
} Kern;

const Kern *kern_best(void);        /* the fastest compiled-in variant this CPU runs */
int kern_count(void);               /* compiled-in variants, fastest first, base last */
const Kern *kern_get(int i);        /* 0 <= i < kern_count() */
bool kern_dispatch(void);           /* true when variants are chosen at run time */

/* For the variant sources: KERN_FN(gemm) is gemm_<variant>. */
#ifndef KERN_SFX
#define KERN_SFX base
#define KERN_IS_BASE 1
#else
#define KERN_IS_BASE 0
#endif
#define KERN_CAT2(a, b) a##_##b
#define KERN_CAT(a, b) KERN_CAT2(a, b)
#define KERN_FN(n) KERN_CAT(n, KERN_SFX)

#endif
