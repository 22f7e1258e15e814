/* rng — losslab's own deterministic random numbers (xoshiro256** seeded by splitmix64).
 * Owns nothing but the 32-byte state inside each Rng value; no global state.
 * The same (seed, stream) gives the same sequence on every machine and thread count.
 * Streams keep independent consumers apart, so that e.g. the head's initial weights never
 * shift the trunk's: every consumer seeds its own Rng with rng_seed(seed, RNG_STREAM_x). */
#ifndef LOSSLAB_RNG_H
#define LOSSLAB_RNG_H
#include <stdint.h>

typedef struct { uint64_t s[4]; } Rng;

enum {
    RNG_STREAM_DATA = 1,      /* synthetic data generator */
    RNG_STREAM_TRUNK = 2,     /* LSTM + Dense(16) initial weights (shared by every set-up) */
    RNG_STREAM_HEAD = 3,      /* head initial weights (+ units, so 1- and 2-unit heads differ) */
    RNG_STREAM_SHUFFLE = 16,  /* per-epoch shuffle: RNG_STREAM_SHUFFLE + epoch */
    RNG_STREAM_HEAD_WIDE = 1 << 24, /* heads of 3 or more units: + units (clear of the shuffles) */
};

void     rng_seed(Rng *r, uint64_t seed, uint64_t stream);
uint64_t rng_next(Rng *r);                      /* 64 uniform bits */
double   rng_uniform(Rng *r);                   /* [0, 1), 53 bits */
float    rng_uniformf(Rng *r, float lo, float hi); /* [lo, hi) */
double   rng_normal(Rng *r);                    /* N(0,1), Box-Muller, no cached value */
uint32_t rng_below(Rng *r, uint32_t n);         /* uniform in [0, n), unbiased; n > 0 */

#endif
