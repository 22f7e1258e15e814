/* net — the whole model: LSTM(H) -> Dense(D, linear) -> head Dense(K) logits.
 * A Net owns two allocations (llm.c style): one block for parameters, gradients and the Adam
 * moments (4 x nparams floats, named views carved out of it) and one for activations sized
 * for maxB samples. net_free releases both. The head's activation and loss live in setup/setup.h and nn/loss.h;
 * the Net stops at the logits z, so every set-up shares this code.
 * Keras semantics: gate order i, f, c, o in the 4H blocks; kernel glorot_uniform, recurrent
 * orthogonal, bias zeros with the forget block set to 1 (unit_forget_bias); Dense glorot_uniform
 * with zero bias. Recurrent activation hard_sigmoid = clip(0.2x + 0.5, 0, 1) or sigmoid;
 * cell and output activation tanh. */
#ifndef LOSSLAB_NET_H
#define LOSSLAB_NET_H
#include <stddef.h>
#include <stdint.h>
#include "nn/adam.h"
#include "nn/pool.h"

typedef enum { RACT_HARD_SIGMOID, RACT_SIGMOID } RecAct;

typedef struct {
    int F;        /* input features per step (after encoding) */
    int T;        /* time steps */
    int H;        /* LSTM units */
    int D;        /* Dense units (16 in the question) */
    int K;        /* head units (1 for a one-unit head, else one per class) */
    RecAct ract;  /* recurrent activation */
} NetShape;

typedef struct {
    float *W;   /* (F, 4H) LSTM kernel */
    float *U;   /* (H, 4H) LSTM recurrent kernel */
    float *b;   /* (4H)    LSTM bias */
    float *D1;  /* (H, D)  Dense kernel */
    float *d1;  /* (D)     Dense bias */
    float *D2;  /* (D, K)  head kernel */
    float *d2;  /* (K)     head bias */
} NetTensors;

typedef struct {
    NetShape s;
    int maxB;
    size_t nparams;
    float *mem;          /* params | grads | m | v, nparams floats each */
    float *params, *grads, *m, *v;
    NetTensors p, g;     /* named views into params and grads (same layout) */
    long t;              /* Adam steps taken */
    float *acts;         /* activation block for maxB samples */
    float *gates;        /* (T, B, 4H) post-activation gates i, f, g(=tanh), o */
    float *c;            /* (T+1, B, H) cell states, c[0] = 0 */
    float *h;            /* (T+1, B, H) hidden states, h[0] = 0 */
    float *a;            /* (B, D) Dense output */
    float *z;            /* (B, K) logits: the output of net_forward */
    float *xt;           /* (T, B, F) the input transposed to time-major (for the one-gemm dW) */
    float *scratch;      /* backward work space */
} Net;

/* Returns 0, or -1 if a dimension is < 1 (or K > 64). */
int  net_create(Net *n, NetShape s, int maxB);
void net_free(Net *n);
/* Keras initialisers. Trunk (W, U, b, D1, d1) from rng_seed(seed, RNG_STREAM_TRUNK): bit-identical
 * for every K. Head (D2, d2) from rng_seed(seed, RNG_STREAM_HEAD + K) (K >= 3: RNG_STREAM_HEAD_WIDE + K). Resets Adam state (m, v, t). */
void net_init_weights(Net *n, uint64_t seed);
/* x (B, T, F) -> n->z (B, K). B <= maxB. Keeps activations for net_backward. */
void net_forward(Net *n, Pool *pool, const float *x, int B);
/* After net_forward on the same x and B: dz (B, K) -> n->grads (overwritten, not accumulated). */
void net_backward(Net *n, Pool *pool, const float *x, int B, const float *dz);
double net_grad_norm(const Net *n);              /* global L2 norm of grads, in double */
void net_adam_step(Net *n, const AdamCfg *cfg);  /* t += 1, then adam_step over all params */
int  net_params_finite(const Net *n);            /* 1 if no NaN/Inf in params */

#endif
