/* lstm — one Keras LSTM layer over a whole sequence, forward and full backprop through time.
 * Owns no memory: the caller (net.c) hands in every buffer, llm.c style (raw float pointers +
 * sizes). Keras semantics (docs/semantics.md, section 4):
 *   gate order i, f, c(=g), o in the 4H blocks of W, U, b;
 *   z_t = x_t W + h_{t-1} U + b;  i = ra(z_i), f = ra(z_f), g = tanh(z_g), o = ra(z_o)
 *   c_t = f * c_{t-1} + i * g;    h_t = o * tanh(c_t);     h_0 = c_0 = 0
 *   ra = hard_sigmoid clip(0.2x + 0.5, 0, 1) (derivative 0.2 where 0 < value < 1, else 0)
 *        or sigmoid 1/(1+exp(-x)).
 * Heavy products go through gemm() so a fast kernel speeds every call; the elementwise gate
 * maths is plain loops. Deterministic: no reduction depends on the pool size. */
#ifndef LOSSLAB_LSTM_H
#define LOSSLAB_LSTM_H
#include "nn/pool.h"

/* Forward.
 *   x     (B, T, F)   input, batch-major as the data layer stores it
 *   W     (F, 4H)     kernel;  U (H, 4H) recurrent kernel;  b (4H) bias
 *   xt    (T, B, F)   out: x transposed to time-major (kept for lstm_backward's single dW gemm)
 *   gates (T, B, 4H)  out: post-activation gates i, f, g, o of every step
 *   c     (T+1, B, H) out: cell states, c[0] = 0
 *   h     (T+1, B, H) out: hidden states, h[0] = 0; the layer's output is h[T] (B, H)
 *   hard  1: recurrent activation hard_sigmoid; 0: sigmoid */
void lstm_forward(Pool *pool, float *xt, float *gates, float *c, float *h,
                  const float *x, const float *W, const float *U, const float *b,
                  int B, int T, int F, int H, int hard);

/* Backward, after lstm_forward with the same buffers. Overwrites dW, dU, db (no accumulation).
 *   dhT   (B, H)      in: gradient of the loss w.r.t. h[T]; used as work space (clobbered)
 *   dc    (B, H)      work space
 *   dZ    (T, B, 4H)  work space: gradient w.r.t. the pre-activations z_t of every step
 *   dW    (F, 4H)  dU (H, 4H)  db (4H)   out: parameter gradients
 *   xt, gates, c, h, U: as left by / given to lstm_forward. No gradient for x is formed. */
void lstm_backward(Pool *pool, float *dW, float *dU, float *db, float *dhT, float *dc, float *dZ,
                   const float *xt, const float *gates, const float *c, const float *h,
                   const float *U, int B, int T, int F, int H, int hard);

#endif
