/* generate — the built-in seed-like dataset (data_generate). Owns nothing beyond the Dataset it
 * fills (x, y, card; released by data_free). No global state: everything derives from spec->seed
 * through one Rng on RNG_STREAM_DATA, consumed in a fixed order, so a spec gives the same bytes on
 * every run and machine (the rule is evaluated in integer arithmetic, no floating-point ties).
 *
 * Features. Feature f takes values 0..k_f-1 with k_f = GEN_CARD[f % 10] (a fixed table, not drawn
 * from the seed, so the rule's difficulty is the same for every seed): 7 5 9 4 12 3 8 11 6 10.
 * Values are uniform, stored as floats (label encoding). Only features 0, 1, 2 carry the label;
 * the other F-3 are distractors.
 *
 * Rule. With u_f(t) = x[t][f]/(k_f - 1) - 1/2 (each in [-1/2, 1/2], mean 0),
 *
 *     score = sum over t of ( u_0(t) - u_1(t) + 2 u_0(t) u_2(t) )
 *
 * and the clean label is 1 when score > 0. It sums evidence over all T steps (so it needs memory:
 * the last step alone carries about 1/T of it) and has one interaction per step (u_0 * u_2), so a
 * linear model even on the whole flattened sequence falls short, while an LSTM accumulates it in
 * its cell state within a few hundred steps. The classes are kept apart by a margin:
 * |score| >= 0.4 sqrt(T/5) (about a third of the score's standard deviation at T=5), which is what
 * lets a small LSTM reach the noise ceiling (1 - noise) quickly instead of creeping toward it.
 *
 * Labels first, then sequences. The exact counts are fixed up front: P = round(pos N) ones
 * (clamped to 1..N-1), m = round(noise N) flips, a = round(m c) of them turning a clean 1 into 0
 * and b = m - a turning a clean 0 into 1, where c = (pos - noise)/(1 - 2 noise) is the clean
 * share; so the clean set has C = P + a - b ones. Which samples are clean ones, and which of those
 * are flipped, is chosen by selection sampling (Knuth's algorithm S: exact counts, one pass, no
 * index arrays). Each sample's features 0..2 are then drawn until its score lands on its clean
 * label's side of the margin (about 2.6 draws on average), and the distractors are drawn once.
 * Memory: x (N T F floats), y (N floats), card (F ints); nothing proportional to N besides. */
#include "data/data.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/xalloc.h"
#include "nn/rng.h"

static const int GEN_CARD[10] = {7, 5, 9, 4, 12, 3, 8, 11, 6, 10};

/* Margin of the score (in units of u), for T steps. */
static double gen_margin(int T) { return 0.4 * sqrt((double)T / 5.0); }

/* 1 with probability need/left, exact-count selection sampling; updates need and left. */
static int gen_select(Rng *r, long *need, long *left)
{
    int pick = (double)(*left) * rng_uniform(r) < (double)(*need);
    if (pick) (*need)--;
    (*left)--;
    return pick;
}

int data_generate(Dataset *d, const GenSpec *s, char *err, size_t errlen)
{
    *d = (Dataset){0};
    if (s->n < 2) { snprintf(err, errlen, "generator: n = %ld samples; expected at least 2", s->n); return -1; }
    if (s->T < 1) { snprintf(err, errlen, "generator: T = %d time steps; expected at least 1", s->T); return -1; }
    if (s->F < 3) { snprintf(err, errlen, "generator: F = %d features; expected at least 3", s->F); return -1; }
    if (!(s->pos > 0.0 && s->pos < 1.0)) {
        snprintf(err, errlen, "generator: pos = %g; expected a share of ones strictly between 0 and 1", s->pos);
        return -1;
    }
    if (!(s->noise >= 0.0 && s->noise < 0.5)) {
        snprintf(err, errlen, "generator: noise = %g; expected a share of flipped labels in [0, 0.5)", s->noise);
        return -1;
    }
    size_t per = (size_t)s->T * (size_t)s->F;
    if ((size_t)s->n > ((size_t)-1 / sizeof(float)) / per) {
        snprintf(err, errlen, "generator: %ld x %d x %d values do not fit in memory", s->n, s->T, s->F);
        return -1;
    }

    long N = s->n;
    long P = lround(s->pos * (double)N);
    if (P < 1) P = 1;
    if (P > N - 1) P = N - 1;
    long m = lround(s->noise * (double)N);
    double c = (s->pos - s->noise) / (1.0 - 2.0 * s->noise);
    if (c < 0.0) c = 0.0;
    if (c > 1.0) c = 1.0;
    long a = lround((double)m * c);   /* clean 1 -> 0 */
    long b = m - a;                   /* clean 0 -> 1 */
    long C = P + a - b;               /* clean ones */
    if (C < a || N - C < b) {
        snprintf(err, errlen, "generator: noise = %g is too large for pos = %g; expected noise below "
                 "min(pos, 1 - pos)", s->noise, s->pos);
        return -1;
    }

    int T = s->T, F = s->F;
    int k0 = GEN_CARD[0], k1 = GEN_CARD[1], k2 = GEN_CARD[2];
    long K0 = k0 - 1, K1 = k1 - 1, K2 = k2 - 1;
    /* score * 2 K0 K1 K2 = sum_t U0 K1 K2 - U1 K0 K2 + U0 U2 K1, with U_f = 2 x_f - K_f (integers). */
    double scale = 2.0 * (double)(K0 * K1 * K2);
    long M = (long)ceil(gen_margin(T) * scale);

    d->N = N; d->T = T; d->F = F;
    d->x = xmalloc((size_t)N * per * sizeof(float));
    d->y = xmalloc((size_t)N * sizeof(float));
    d->card = xmalloc((size_t)F * sizeof(int));
    for (int f = 0; f < F; f++) d->card[f] = GEN_CARD[f % 10];

    Rng r;
    rng_seed(&r, s->seed, RNG_STREAM_DATA);
    long need_one = C, left = N;       /* which samples are clean ones */
    long need_a = a, left_one = C;     /* which clean ones flip */
    long need_b = b, left_zero = N - C;/* which clean zeros flip */
    long ones = 0;
    for (long i = 0; i < N; i++) {
        if ((i & 4095) == 0 && s->stop && *s->stop) {   /* a signal: give up within milliseconds */
            data_free(d);
            snprintf(err, errlen, "generator: interrupted");
            return -1;
        }
        int clean = gen_select(&r, &need_one, &left);
        int flip = clean ? gen_select(&r, &need_a, &left_one) : gen_select(&r, &need_b, &left_zero);
        float *xi = d->x + (size_t)i * per;
        for (;;) {
            long S = 0;
            for (int t = 0; t < T; t++) {
                long x0 = rng_below(&r, (uint32_t)k0), x1 = rng_below(&r, (uint32_t)k1),
                     x2 = rng_below(&r, (uint32_t)k2);
                long U0 = 2 * x0 - K0, U1 = 2 * x1 - K1, U2 = 2 * x2 - K2;
                S += U0 * K1 * K2 - U1 * K0 * K2 + U0 * U2 * K1;
                float *xt = xi + (size_t)t * (size_t)F;
                xt[0] = (float)x0; xt[1] = (float)x1; xt[2] = (float)x2;
            }
            if (clean ? S >= M : S <= -M) break;
        }
        for (int t = 0; t < T; t++) {
            float *xt = xi + (size_t)t * (size_t)F;
            for (int f = 3; f < F; f++) xt[f] = (float)rng_below(&r, (uint32_t)d->card[f]);
        }
        int label = clean ^ flip;
        d->y[i] = (float)label;
        ones += label;
    }
    d->ones = ones;
    return 0;
}
