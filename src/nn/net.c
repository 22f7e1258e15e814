/* net — the whole model: LSTM(H) -> Dense(D, linear) -> head Dense(K) logits. See net.h.
 * Owns two blocks (llm.c style), both released by net_free:
 *   n->mem  : params | grads | m | v, nparams floats each; n->p and n->g are named views
 *             (W, U, b, D1, d1, D2, d2 in that order) into params and grads.
 *   n->acts : activations and backward scratch sized for maxB samples (layout in net_create).
 * Tensors for a call with B <= maxB are packed with the actual B (e.g. gates is (T, B, 4H)
 * contiguous), so time-major slices stay contiguous for the single-gemm weight gradients. */
#include "nn/net.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "nn/dense.h"
#include "nn/init.h"
#include "nn/lstm.h"
#include "nn/rng.h"

/* sizes of the parameter tensors, in the order they are laid out */
static void net_param_sizes(NetShape s, size_t sz[7])
{
    size_t F = (size_t)s.F, H = (size_t)s.H, D = (size_t)s.D, K = (size_t)s.K;
    sz[0] = F * 4 * H;  /* W  (F, 4H) */
    sz[1] = H * 4 * H;  /* U  (H, 4H) */
    sz[2] = 4 * H;      /* b  (4H)    */
    sz[3] = H * D;      /* D1 (H, D)  */
    sz[4] = D;          /* d1 (D)     */
    sz[5] = D * K;      /* D2 (D, K)  */
    sz[6] = K;          /* d2 (K)     */
}

static void net_point_tensors(NetTensors *t, float *base, const size_t sz[7])
{
    float **ptr[7] = { &t->W, &t->U, &t->b, &t->D1, &t->d1, &t->D2, &t->d2 };
    for (int i = 0; i < 7; i++) { *ptr[i] = base; base += sz[i]; }
}

int net_create(Net *n, NetShape s, int maxB)
{
    memset(n, 0, sizeof *n);
    if (s.F < 1 || s.T < 1 || s.H < 1 || s.D < 1 || s.K < 1 || s.K > 64 || maxB < 1) return -1;
    if (s.ract != RACT_HARD_SIGMOID && s.ract != RACT_SIGMOID) return -1;
    n->s = s;
    n->maxB = maxB;
    size_t sz[7], np = 0;
    net_param_sizes(s, sz);
    for (int i = 0; i < 7; i++) np += sz[i];
    n->nparams = np;
    n->mem = xcalloc(4 * np, sizeof(float));
    n->params = n->mem;
    n->grads = n->mem + np;
    n->m = n->mem + 2 * np;
    n->v = n->mem + 3 * np;
    net_point_tensors(&n->p, n->params, sz);
    net_point_tensors(&n->g, n->grads, sz);

    size_t B = (size_t)maxB, T = (size_t)s.T, F = (size_t)s.F, H = (size_t)s.H;
    size_t D = (size_t)s.D, K = (size_t)s.K;
    size_t nact = 0;
    size_t o_gates = nact; nact += T * B * 4 * H;     /* gates (T, B, 4H) */
    size_t o_c = nact;     nact += (T + 1) * B * H;   /* c (T+1, B, H) */
    size_t o_h = nact;     nact += (T + 1) * B * H;   /* h (T+1, B, H) */
    size_t o_a = nact;     nact += B * D;             /* a (B, D) */
    size_t o_z = nact;     nact += B * K;             /* z (B, K) */
    size_t o_xt = nact;    nact += T * B * F;         /* xt (T, B, F) */
    size_t o_s = nact;     nact += T * B * 4 * H      /* scratch: dZ (T, B, 4H) */
                                 + 2 * B * H          /*          dh (B, H), dc (B, H) */
                                 + B * D;             /*          da (B, D) */
    n->acts = xcalloc(nact, sizeof(float));
    n->gates = n->acts + o_gates;
    n->c = n->acts + o_c;
    n->h = n->acts + o_h;
    n->a = n->acts + o_a;
    n->z = n->acts + o_z;
    n->xt = n->acts + o_xt;
    n->scratch = n->acts + o_s;
    return 0;
}

void net_free(Net *n)
{
    if (!n) return;
    free(n->mem);
    free(n->acts);
    memset(n, 0, sizeof *n);
}

void net_init_weights(Net *n, uint64_t seed)
{
    const NetShape s = n->s;
    const int H = s.H;
    Rng r;
    /* trunk: the same draws in the same order for every K */
    rng_seed(&r, seed, RNG_STREAM_TRUNK);
    init_glorot_uniform(&r, n->p.W, s.F, 4 * H);
    init_orthogonal(&r, n->p.U, H, 4 * H);
    memset(n->p.b, 0, sizeof(float) * 4 * (size_t)H);
    for (int j = 0; j < H; j++) n->p.b[H + j] = 1.0f;   /* unit_forget_bias: [0, 1, 0, 0] blocks */
    init_glorot_uniform(&r, n->p.D1, H, s.D);
    memset(n->p.d1, 0, sizeof(float) * (size_t)s.D);
    /* head: its own stream per unit count */
    rng_seed(&r, seed, (s.K <= 2 ? RNG_STREAM_HEAD : RNG_STREAM_HEAD_WIDE) + (uint64_t)s.K);
    init_glorot_uniform(&r, n->p.D2, s.D, s.K);
    memset(n->p.d2, 0, sizeof(float) * (size_t)s.K);
    /* fresh optimiser and gradients */
    memset(n->grads, 0, sizeof(float) * 3 * n->nparams);   /* grads | m | v */
    n->t = 0;
}

void net_forward(Net *n, Pool *pool, const float *x, int B)
{
    const NetShape s = n->s;
    /* x (B, T, F) -> h[T] (B, H) */
    lstm_forward(pool, n->xt, n->gates, n->c, n->h, x, n->p.W, n->p.U, n->p.b,
                 B, s.T, s.F, s.H, s.ract == RACT_HARD_SIGMOID);
    const float *hT = n->h + (size_t)s.T * B * s.H;
    /* a (B, D) = h[T] · D1 + d1 (linear) */
    dense_forward(pool, n->a, hT, n->p.D1, n->p.d1, B, s.H, s.D);
    /* z (B, K) = a · D2 + d2 (logits; the head's activation lives in heads.c) */
    dense_forward(pool, n->z, n->a, n->p.D2, n->p.d2, B, s.D, s.K);
}

void net_backward(Net *n, Pool *pool, const float *x, int B, const float *dz)
{
    (void)x;   /* the forward kept x as xt (T, B, F) */
    const NetShape s = n->s;
    const size_t BH = (size_t)B * s.H;
    float *dZ = n->scratch;                          /* (T, B, 4H) */
    float *dh = dZ + (size_t)s.T * B * 4 * s.H;      /* (B, H) */
    float *dc = dh + BH;                             /* (B, H) */
    float *da = dc + BH;                             /* (B, D) */
    const float *hT = n->h + (size_t)s.T * BH;
    /* head: dz (B, K) -> dD2 (D, K), dd2 (K), da (B, D) */
    dense_backward(pool, da, n->g.D2, n->g.d2, dz, n->a, n->p.D2, B, s.D, s.K);
    /* Dense(D): da (B, D) -> dD1 (H, D), dd1 (D), dh[T] (B, H) */
    dense_backward(pool, dh, n->g.D1, n->g.d1, da, hT, n->p.D1, B, s.H, s.D);
    /* LSTM: dh[T] -> dW, dU, db */
    lstm_backward(pool, n->g.W, n->g.U, n->g.b, dh, dc, dZ, n->xt, n->gates, n->c, n->h, n->p.U,
                  B, s.T, s.F, s.H, s.ract == RACT_HARD_SIGMOID);
}

double net_grad_norm(const Net *n)
{
    double s = 0;
    for (size_t i = 0; i < n->nparams; i++) s += (double)n->grads[i] * n->grads[i];
    return sqrt(s);
}

void net_adam_step(Net *n, const AdamCfg *cfg)
{
    n->t += 1;
    adam_step(n->params, n->grads, n->m, n->v, n->nparams, n->t, cfg);
}

int net_params_finite(const Net *n)
{
    for (size_t i = 0; i < n->nparams; i++)
        if (!isfinite(n->params[i])) return 0;
    return 1;
}
