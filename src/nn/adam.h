/* adam — Adam in Keras's form (optimizer_v2 / Keras 3), float32 like Keras:
 *   t += 1 (caller passes the new t >= 1)
 *   alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
 *   m += (g - m) * (1 - beta1);  v += (g*g - v) * (1 - beta2)
 *   p -= m * alpha / (sqrt(v) + eps)
 * Defaults: lr 1e-3, beta1 0.9, beta2 0.999, eps 1e-7. Owns nothing. */
#ifndef LOSSLAB_ADAM_H
#define LOSSLAB_ADAM_H
#include <stddef.h>

typedef struct AdamCfg { float lr, beta1, beta2, eps; } AdamCfg;

AdamCfg adam_defaults(void);
/* p, g, m, v: (n) each. Updates p, m, v in place. */
void adam_step(float *p, const float *g, float *m, float *v, size_t n, long t, const AdamCfg *c);

#endif
