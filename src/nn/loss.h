/* loss — loss kernels: the forward value and the gradient each framework really back-propagates,
 * side by side, for one batch. Pure functions; owns nothing; no table here (the set-up table in
 * setup/setup.c says which kernel a set-up uses and why). The exact semantics and their sources
 * (framework file paths at tags, issue threads, measured values) are in docs/semantics.md.
 *
 * Every kernel has the LossFn signature:
 *   z        (B, U) the head's pre-activations (logits), row-major; U = head units
 *   y        (B)    class indices 0..K-1 (binary set-ups: 0 or 1)
 *   loss_out (B)    per-sample loss as the framework reports it; their mean is the reported
 *                   batch loss (may be NULL)
 *   dz       (B, U) gradient of the batch-MEAN loss w.r.t. z, as the framework back-propagates
 *                   it (SUM_OVER_BATCH_SIZE: per-sample gradient / B) (may be NULL)
 * All arithmetic in float32, as TensorFlow/Keras/PyTorch compute it on the CPU. */
#ifndef LOSSLAB_LOSS_H
#define LOSSLAB_LOSS_H

#ifndef LOSSLAB_LOSSFN_DEFINED
#define LOSSLAB_LOSSFN_DEFINED
typedef void (*LossFn)(const float *z, const int *y, int B, int U, float *loss_out, float *dz);
#endif

/* Keras's epsilon for clipping probabilities (backend.epsilon(), float32) */
#define LOSS_EPS 1e-7f

/* sigmoid in float without overflow for either sign (the value TF's sigmoid gives) */
float loss_sigmoid(float z);

/* bce: Dense(1, sigmoid) + binary cross-entropy from the logit (tf.nn.sigmoid_cross_entropy_with_logits
 *   on the cached logit, or BCEWithLogitsLoss): max(z,0) - z y + log1p(exp(-|z|)); dz = (sig(z) - y)/B. U = 1. */
void loss_bce(const float *z, const int *y, int B, int U, float *loss_out, float *dz);
/* cce1: Dense(1, sigmoid) + categorical cross-entropy in tf.keras >= 2.4: the fused softmax
 *   cross-entropy on the one cached logit: loss 0 exactly; dz = (softmax - label)/B = (1 - y)/B. U = 1. */
void loss_cce1(const float *z, const int *y, int B, int U, float *loss_out, float *dz);
/* cce1-frozen: the same without a logit cache (Keras 3 on JAX/PyTorch, TF.js, tf.keras 2.2-2.3):
 *   p / sum(p) = 1 clipped to 1 - 1e-7: loss y * 1.1920929e-07; dz = 0 exactly. U = 1. */
void loss_cce1_frozen(const float *z, const int *y, int B, int U, float *loss_out, float *dz);
/* cce1-textbook: -y log(clip(sigmoid(z), 1e-7, 1 - 1e-7)); dz = -y (1 - p)/B inside the clip
 *   range (bounds included), 0 where clipped. U = 1. */
void loss_cce1_textbook(const float *z, const int *y, int B, int U, float *loss_out, float *dz);
/* cce (and cce2 at U = 2): Dense(U, softmax) + categorical cross-entropy from the logits:
 *   loss = log1p(sum_{j != argmax} exp(z_j - max)) - (z_y - max); dz = (softmax(z) - onehot(y))/B.
 *   At U = 2 this is bit for bit the two-unit form log1p(exp(-|z0 - z1|)) - (z_y - max). */
void loss_cce(const float *z, const int *y, int B, int U, float *loss_out, float *dz);

#endif
