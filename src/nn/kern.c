/* kern — the table of compiled-in kernel variants and the start-up choice. See kern.h.
 * Owns the const variant table (read-only data, no mutable state). KERN_DISPATCH (set by the
 * Makefile when it compiles the extra x86-64 variants) says whether the avx2/avx512 objects
 * are linked in; without it the table holds the base variant alone. */
#include "nn/kern.h"

#ifndef KERN_DISPATCH
#define KERN_DISPATCH 0
#endif

/* The base variant is named after what its own compile flags enable (the same macros that
 * pick gemm.c's micro-kernel): "portable" in the default build, the real ISA under -march. */
#if defined(__AVX512F__)
#define KERN_BASE_NAME "avx512"
#elif defined(__AVX2__) && defined(__FMA__)
#define KERN_BASE_NAME "avx2+fma"
#else
#define KERN_BASE_NAME "portable"
#endif

static bool kern_always(void) { return true; }

#if KERN_DISPATCH
/* __builtin_cpu_supports also checks that the OS saves the wider registers (XGETBV), so a
 * kernel that masks AVX-512 off (or valgrind, whose synthetic CPU has no AVX-512) gets AVX2. */
static bool kern_has_avx2(void)
{
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
static bool kern_has_avx512(void) { return __builtin_cpu_supports("avx512f") && kern_has_avx2(); }
#endif

#define KERN_ROW(nm, pred, sfx) \
    { nm, pred, gemm_##sfx, lstm_forward_##sfx, lstm_backward_##sfx, adam_step_##sfx }

static const Kern kern_table[] = {
#if KERN_DISPATCH
    KERN_ROW("avx512", kern_has_avx512, avx512),
    KERN_ROW("avx2+fma", kern_has_avx2, avx2),
#endif
    KERN_ROW(KERN_BASE_NAME, kern_always, base),
};
enum { KERN_N = (int)(sizeof kern_table / sizeof kern_table[0]) };

const Kern *kern_best(void)
{
    for (int i = 0; i < KERN_N - 1; i++)
        if (kern_table[i].runs_here()) return &kern_table[i];
    return &kern_table[KERN_N - 1];
}

int kern_count(void) { return KERN_N; }

const Kern *kern_get(int i) { return i >= 0 && i < KERN_N ? &kern_table[i] : NULL; }

bool kern_dispatch(void) { return KERN_DISPATCH != 0; }
