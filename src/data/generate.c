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

static int gen_binary(Dataset *d, const GenSpec *s, char *err, size_t errlen)
{
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
    d->K = 2;
    d->y = xmalloc((size_t)N * sizeof(int));
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
        d->y[i] = label;
        ones += label;
    }
    d->count[0] = N - ones;
    d->count[1] = ones;
    return 0;
}

/* ---- K >= 3 classes --------------------------------------------------------------------------
 * Rule. Class k has its own score over the whole sequence,
 *
 *     s_k = sum over t of ( u_a(t) - u_b(t) + 2 u_a(t) u_c(t) ),  a = k mod F,
 *           b = (k + 1 + k div F) mod F, c = (k + 3) mod F
 *
 * (the binary rule's shape on a different feature triple per class; distinct triples for every
 * k < 16 with F = 10), and the clean class is the argmax, kept apart by a margin:
 * s_k - max_{j != k} s_j >= 0.3 sqrt(T/5). Like the binary rule it needs memory across steps and
 * has one interaction per step, so an LSTM learns it and a linear model on the last step cannot.
 * Labels first, with exact counts: n_k = the shares times N by largest remainder (each >= 1);
 * which samples get which class by sequential selection sampling; m = round(noise N) of them,
 * chosen the same way, are noisy: their features are drawn for a uniformly chosen OTHER class.
 * Each sample's features are drawn until its intended class wins by the margin (about K draws),
 * in double arithmetic (no fused multiply-add under -std=c11, so the same bytes everywhere). */

void data_default_shares(int K, double *shares)
{
    double tot = (double)K * (K + 1) / 2.0;
    for (int k = 0; k < K; k++) shares[k] = (double)(K - k) / tot;
}

static void gen_triple(int k, int F, int *a, int *b, int *c)
{
    *a = k % F;
    *b = (k + 1 + k / F) % F;
    *c = (k + 3) % F;
}

static int gen_kclass(Dataset *d, const GenSpec *s, char *err, size_t errlen)
{
    int K = s->K, T = s->T, F = s->F;
    long N = s->n;
    if (s->n < 2L * K) {
        snprintf(err, errlen, "generator: n = %ld samples; expected at least %d for %d classes", s->n, 2 * K, K);
        return -1;
    }
    if (T < 1 || F < 4) {
        snprintf(err, errlen, "generator: T = %d, F = %d; expected T >= 1 and F >= 4 for K >= 3", T, F);
        return -1;
    }
    if (!(s->noise >= 0.0 && s->noise < 0.5)) {
        snprintf(err, errlen, "generator: noise = %g; expected a share of flipped labels in [0, 0.5)", s->noise);
        return -1;
    }
    double sh[CLASSES_MAX];
    if (s->shares) for (int k = 0; k < K; k++) sh[k] = s->shares[k];
    else data_default_shares(K, sh);
    /* exact counts by largest remainder, each at least 1 */
    long cnt[CLASSES_MAX], used = 0;
    double rem[CLASSES_MAX];
    for (int k = 0; k < K; k++) {
        double want = sh[k] * (double)N;
        cnt[k] = (long)floor(want);
        rem[k] = want - (double)cnt[k];
        used += cnt[k];
    }
    while (used < N) {
        int best = 0;
        for (int k = 1; k < K; k++) if (rem[k] > rem[best]) best = k;
        cnt[best]++;
        rem[best] = -1.0;
        used++;
    }
    for (int k = 0; k < K; k++) {
        while (cnt[k] < 1) {                 /* take one from the largest class */
            int big = 0;
            for (int j = 1; j < K; j++) if (cnt[j] > cnt[big]) big = j;
            cnt[big]--;
            cnt[k]++;
        }
    }
    size_t per = (size_t)T * (size_t)F;
    if ((size_t)N > ((size_t)-1 / sizeof(float)) / per) {
        snprintf(err, errlen, "generator: %ld x %d x %d values do not fit in memory", N, T, F);
        return -1;
    }
    d->N = N; d->T = T; d->F = F; d->K = K;
    d->x = xmalloc((size_t)N * per * sizeof(float));
    d->y = xmalloc((size_t)N * sizeof(int));
    d->card = xmalloc((size_t)F * sizeof(int));
    for (int f = 0; f < F; f++) d->card[f] = GEN_CARD[f % 10];
    for (int k = 0; k < K; k++) d->count[k] = cnt[k];

    double margin = 0.3 * sqrt((double)T / 5.0);
    Rng r;
    rng_seed(&r, s->seed, RNG_STREAM_DATA);
    long need[CLASSES_MAX], left = N;
    for (int k = 0; k < K; k++) need[k] = cnt[k];
    long need_noisy = lround(s->noise * (double)N), left_noisy = N;
    double *sc = xmalloc(sizeof(double) * (size_t)K);
    double *u = xmalloc(sizeof(double) * (size_t)F);
    for (long i = 0; i < N; i++) {
        /* the label: class k with probability need[k] / left (exact counts) */
        double pick = rng_uniform(&r) * (double)left;
        int label = K - 1;
        double acc = 0.0;
        for (int k = 0; k < K; k++) {
            if (need[k] == 0) continue;
            acc += (double)need[k];
            if (pick < acc) { label = k; break; }
        }
        while (need[label] == 0) label = (label + K - 1) % K;   /* guards rounding at the very end */
        need[label]--;
        left--;
        int noisy = gen_select(&r, &need_noisy, &left_noisy);
        int clean = label;
        if (noisy) {
            clean = (int)rng_below(&r, (uint32_t)(K - 1));
            if (clean >= label) clean++;
        }
        d->y[i] = label;
        float *xi = d->x + (size_t)i * per;
        for (;;) {
            for (int k = 0; k < K; k++) sc[k] = 0.0;
            for (int t = 0; t < T; t++) {
                float *xt = xi + (size_t)t * (size_t)F;
                for (int f = 0; f < F; f++) {
                    long v = rng_below(&r, (uint32_t)d->card[f]);
                    xt[f] = (float)v;
                    u[f] = (double)v / (double)(d->card[f] - 1) - 0.5;
                }
                for (int k = 0; k < K; k++) {
                    int a, b, c;
                    gen_triple(k, F, &a, &b, &c);
                    sc[k] += u[a] - u[b] + 2.0 * u[a] * u[c];
                }
            }
            double other = -INFINITY;
            for (int k = 0; k < K; k++) if (k != clean && sc[k] > other) other = sc[k];
            if (sc[clean] - other >= margin) break;
        }
    }
    free(sc);
    free(u);
    return 0;
}

int data_generate(Dataset *d, const GenSpec *s, char *err, size_t errlen)
{
    *d = (Dataset){0};
    int K = s->K ? s->K : 2;
    if (K < 2 || K > CLASSES_MAX) {
        snprintf(err, errlen, "generator: K = %d classes; expected 2 to %d", K, CLASSES_MAX);
        return -1;
    }
    if (K == 2) return gen_binary(d, s, err, errlen);
    if (s->shares) {
        double tot = 0.0;
        for (int k = 0; k < K; k++) {
            if (!(s->shares[k] > 0.0)) {
                snprintf(err, errlen, "generator: share of class %d is %g; expected > 0", k, s->shares[k]);
                return -1;
            }
            tot += s->shares[k];
        }
        if (fabs(tot - 1.0) > 1e-6) {
            snprintf(err, errlen, "generator: class shares sum to %g; expected 1", tot);
            return -1;
        }
    }
    return gen_kclass(d, s, err, errlen);
}
