/* heads — the loss set-ups: which output head, which loss, computed exactly as the framework does.
 * A set-up is one row in a static table (heads.c); adding one is one entry. Owns no memory.
 * Each loss function is forward and backward side by side:
 *   z  (B, units) logits (pre-sigmoid / pre-softmax), y (B) labels 0.0f or 1.0f
 *   loss_out (B)  per-sample loss as the framework reports it         (may be NULL)
 *   dz (B, units) gradient of the *batch-mean* loss w.r.t. z, as the framework
 *                 back-propagates it (SUM_OVER_BATCH_SIZE: per-sample gradient / B) (may be NULL)
 * Semantics (DESIGN.md, research/keras-semantics.md):
 *   bce            sigmoid_cross_entropy_with_logits: max(z,0) - z*y + log1p(exp(-|z|)); dz = (sig(z)-y)/B
 *   cce1           tf.keras >= 2.4: softmax xent on the single cached logit: loss 0 exactly; dz = (1-y)/B
 *   cce1-frozen    Keras 3 JAX/torch, TF 2.2-2.3, TF.js: clip(p/p) -> loss y*1.1920929e-07; dz = 0 exactly
 *   cce1-textbook  -y*log(clip(p, 1e-7, 1-1e-7)); dz = -y*(1-p)/B inside the clip range, 0 outside
 *   cce2           2-unit softmax + one-hot CE: logsumexp(z) - z_y; dz = (softmax(z) - onehot(y))/B */
#ifndef LOSSLAB_HEADS_H
#define LOSSLAB_HEADS_H

typedef enum {
    SETUP_BCE,
    SETUP_CCE1,
    SETUP_CCE1_FROZEN,
    SETUP_CCE1_TEXTBOOK,
    SETUP_CCE2,
    SETUP_COUNT
} SetupId;

typedef void (*LossFn)(const float *z, const float *y, int B, float *loss_out, float *dz);

typedef struct {
    SetupId sid;
    const char *id;         /* "cce1": used by the CLI, CSV, lessons and screen */
    int units;              /* 1 (sigmoid) or 2 (softmax) */
    const char *head;       /* "Dense(1, sigmoid)" */
    const char *loss;       /* "categorical cross-entropy" */
    const char *card;       /* <= 30 columns, for a screen card: "CCE on 1 sigmoid, tf.keras" */
    const char *semantics;  /* one sentence: how the loss and its gradient are computed */
    const char *expect;     /* one sentence: what happens on the seed-like data */
    LossFn loss_fn;
} Setup;

const Setup *setup_get(SetupId id);
const Setup *setup_find(const char *id);   /* NULL if unknown */
const char  *setup_id_list(void);          /* "bce, cce1, cce1-frozen, cce1-textbook, cce2" */

/* One sample's logits z (units): p(class 1) = sigmoid(z0) or softmax(z)[1], in float as Keras. */
float setup_p1(const Setup *s, const float *z);
/* The class Keras's 'accuracy' counts: 1-unit: sigmoid(z) > 0.5f; 2-unit: argmax (ties -> 0). */
int   setup_pred(const Setup *s, const float *z);

#endif
