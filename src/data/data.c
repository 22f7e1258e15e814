/* data — the small Dataset operations: free, encoding width and check, batch gathering, the
 * Keras-style train/validation split and the per-epoch shuffle. Owns nothing: data_free releases
 * what data_generate / data_read_csv put in a Dataset; the rest writes into caller buffers. */
#include "data/data.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn/rng.h"

/* One-hot width above which data_check_encoding refuses (a column of huge integers is an ID,
 * not a category). */
#define DATA_ONEHOT_MAX_WIDTH (1L << 20)

void data_free(Dataset *d)
{
    if (!d) return;
    free(d->x);
    free(d->y);
    free(d->card);
    *d = (Dataset){0};
}

static long data_width_long(const Dataset *d, Encoding e)
{
    if (e == ENC_LABEL) return d->F;
    long w = 0;
    for (int f = 0; f < d->F; f++) w += d->card[f];
    return w;
}

int data_width(const Dataset *d, Encoding e)
{
    long w = data_width_long(d, e);
    return w > DATA_ONEHOT_MAX_WIDTH ? (int)DATA_ONEHOT_MAX_WIDTH : (int)w;
}

int data_check_encoding(const Dataset *d, Encoding e, char *err, size_t errlen)
{
    if (e == ENC_LABEL) return 0;
    for (int f = 0; f < d->F; f++) {
        if (d->card[f] <= 0) {
            char cols[96];
            long c0 = f + 1L, c1 = (long)d->F + f + 1, cl = (long)(d->T - 1) * d->F + f + 1;
            if (d->T == 1) snprintf(cols, sizeof cols, "CSV column %ld", c0);
            else if (d->T == 2) snprintf(cols, sizeof cols, "CSV columns %ld and %ld", c0, c1);
            else snprintf(cols, sizeof cols, "CSV columns %ld, %ld, ..., %ld", c0, c1, cl);
            snprintf(err, errlen, "one-hot encoding: feature %d (%s) has a negative, non-integer or "
                     "too large (>= 65536) value; expected category numbers 0, 1, 2, ...", f, cols);
            return -1;
        }
    }
    long w = data_width_long(d, e);
    if (w > DATA_ONEHOT_MAX_WIDTH) {
        snprintf(err, errlen, "one-hot encoding: %ld slots per time step (sum of categories over %d "
                 "features); expected at most %ld", w, d->F, DATA_ONEHOT_MAX_WIDTH);
        return -1;
    }
    return 0;
}

void data_gather(const Dataset *d, Encoding e, const long *idx, int B, float *x, int *y)
{
    size_t per = (size_t)d->T * (size_t)d->F;
    if (e == ENC_LABEL) {
        for (int b = 0; b < B; b++) {
            memcpy(x + (size_t)b * per, d->x + (size_t)idx[b] * per, per * sizeof(float));
            y[b] = d->y[idx[b]];
        }
        return;
    }
    size_t W = (size_t)data_width(d, e);
    memset(x, 0, (size_t)B * (size_t)d->T * W * sizeof(float));
    for (int b = 0; b < B; b++) {
        const float *src = d->x + (size_t)idx[b] * per;
        for (int t = 0; t < d->T; t++) {
            float *dst = x + ((size_t)b * (size_t)d->T + (size_t)t) * W;
            size_t off = 0;
            for (int f = 0; f < d->F; f++) {
                dst[off + (size_t)src[(size_t)t * (size_t)d->F + (size_t)f]] = 1.0f;
                off += (size_t)d->card[f];
            }
        }
        y[b] = d->y[idx[b]];
    }
}

void data_split(long N, double val, long *n_train, long *n_val)
{
    /* Keras: split_at = int(math.floor(num_samples * (1.0 - validation_split))) */
    double at = floor((double)N * (1.0 - val));
    long nt = at < 0.0 ? 0 : at > (double)N ? N : (long)at;
    *n_train = nt;
    *n_val = N - nt;
}

/* Uniform in [0, n) for any n > 0 (rng_below for n < 2^32, else 64-bit rejection). */
static uint64_t data_below(Rng *r, uint64_t n)
{
    if (n <= UINT32_MAX) return rng_below(r, (uint32_t)n);
    uint64_t lim = UINT64_MAX - UINT64_MAX % n, v;
    do v = rng_next(r); while (v >= lim);
    return v % n;
}

void data_shuffle(long *perm, long n, uint64_t seed, int epoch)
{
    Rng r;
    rng_seed(&r, seed, (uint64_t)RNG_STREAM_SHUFFLE + (uint64_t)epoch);
    for (long i = 0; i < n; i++) perm[i] = i;
    for (long i = n - 1; i > 0; i--) {
        long j = (long)data_below(&r, (uint64_t)i + 1);
        long t = perm[i]; perm[i] = perm[j]; perm[j] = t;
    }
}
