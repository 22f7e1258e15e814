/* loss_atlas — the atlas loss kernels: forward value and the gradient the framework really
 * back-propagates, side by side, one function per set-up (contract in loss_atlas.h).
 * Owns nothing. All maths in float32, as the frameworks compute it.
 *
 * Sources, cited per kernel, are the framework files at the tags named:
 *   keras-team/keras 2.2.4 (1931e218), 2.3.1 (f295e8ee), v2.6.0 (3a33d53e), v2.15.0 (601488fd),
 *   v3.15.1 (250b4218); keras-team/tf-keras v2.21.0 (631ed411); tensorflow/tfjs 4.22.0
 *   (0fc04d95); pytorch/pytorch aten/src/ATen/native/Loss.cpp and LossNLL.cpp. PyTorch values are
 *   measured with torch (1.13.1 when the atlas was researched, 2.13.0 for the committed parity
 *   fixture, tests/fixtures/parity_atlas.txt); TF.js values with @tensorflow/tfjs 4.22.0 (cpu);
 *   TF/Keras values are read in source and emulated, since TensorFlow was not run.
 * The reduction everywhere is the batch mean (Keras SUM_OVER_BATCH_SIZE, PyTorch
 * reduction='mean', TF.js tf.mean), so dz = per-sample gradient / B; Keras's binary_crossentropy
 * and PyTorch's BCELoss also average over the K columns of a K-unit head, so there dz is / (B*K).
 * The clip gradient (TF clip_by_value = minimum then maximum with less_equal / greater_equal
 * masks, torch.clamp, jnp.clip, TF.js ClipByValue_grad) passes the gradient for
 * eps <= x <= 1 - eps, bounds included, and is exactly 0 outside. */
#include "nn/loss_atlas.h"

#include <math.h>
#include <stddef.h>

/* ------------------------------------------------------------------------------------------
 * float helpers shared by the kernels */

#define ATLAS_EPS 1e-7f            /* Keras backend epsilon() and TF.js EPSILON_FLOAT32 */
#define ATLAS_HI (1.0f - ATLAS_EPS) /* 0.99999988f = 1 - 2^-23 */

/* sigmoid in float, without overflow for either sign */
static inline float atlas_sigmoid(float z)
{
    if (z >= 0.0f) return 1.0f / (1.0f + expf(-z));
    float e = expf(z);
    return e / (1.0f + e);
}

/* clip(x, eps, 1 - eps) as TF's clip_by_value: a NaN stays NaN */
static inline float atlas_clip(float x)
{
    return x < ATLAS_EPS ? ATLAS_EPS : (x > ATLAS_HI ? ATLAS_HI : x);
}

/* the clip's gradient mask: 1 inside [eps, 1 - eps] (bounds included), 0 outside or NaN */
static inline int atlas_clip_passes(float x)
{
    return x >= ATLAS_EPS && x <= ATLAS_HI;
}

/* sigmoid_cross_entropy_with_logits on a logit t (TF nn_impl.py's stable form; PyTorch
 * BCEWithLogitsLoss is the same value): max(t,0) - t*y + log1p(exp(-|t|)); *g = sigmoid(t) - y */
static inline float atlas_sigxent(float t, float y, float *g)
{
    if (g) *g = atlas_sigmoid(t) - y;
    return fmaxf(t, 0.0f) - t * y + log1pf(expf(-fabsf(t)));
}

/* softmax of one row n: s = exp(z - max) / sum, as TF's and PyTorch's kernels */
static void atlas_softmax_row(const float *z, int n, float *s)
{
    float m = z[0];
    for (int k = 1; k < n; k++) m = fmaxf(m, z[k]);
    float sum = 0.0f;
    for (int k = 0; k < n; k++) { s[k] = expf(z[k] - m); sum += s[k]; }
    for (int k = 0; k < n; k++) s[k] /= sum;
}

/* softmax backward for one row: dz_j = s_j * (g_j - sum_k g_k s_k) (PyTorch's softmax_backward,
 * TF's _SoftmaxGrad); g (n) is the gradient w.r.t. s, dz (n) receives the gradient w.r.t. z.
 * For one unit s = 1 and dz = g - g = 0 exactly for every finite g. */
static void atlas_softmax_back(const float *s, const float *g, int n, float *dz)
{
    float dot = 0.0f;
    for (int k = 0; k < n; k++) dot += g[k] * s[k];
    for (int k = 0; k < n; k++) dz[k] = s[k] * (g[k] - dot);
}

/* logsumexp of a row, stably: max + log(sum exp(v - max)) */
static float atlas_logsumexp(const float *v, int n)
{
    float m = v[0];
    for (int k = 1; k < n; k++) m = fmaxf(m, v[k]);
    float sum = 0.0f;
    for (int k = 0; k < n; k++) sum += expf(v[k] - m);
    return m + logf(sum);
}

/* The four forms of binary cross-entropy on a PROBABILITY x, one element, label y in {0,1}.
 * Returns the element loss; *g = d loss / d x as the framework back-propagates it (clip mask
 * included). */
typedef enum {
    BCEP_CLIP,     /* Keras 3 (TF/JAX/torch backends): c = clip(x); -[y log c + (1-y) log(1-c)] */
    BCEP_CLIPEPS,  /* tf.keras (no cache), Keras 2.3: -[y log(c+eps) + (1-y) log(1-c+eps)] */
    BCEP_LOGIT,    /* TF.js, Keras <= 2.2: t = log(c/(1-c)); sigmoid xent on t */
    BCEP_TORCH     /* PyTorch BCELoss: no clip; (y-1) max(log1p(-x), -100) - y max(log x, -100) */
} BceProb;

static float atlas_bce_prob(BceProb form, float x, float y, float *g)
{
    float c = atlas_clip(x), loss, d;
    int pass = atlas_clip_passes(x);
    switch (form) {
    case BCEP_CLIP:
        /* keras/src/backend/jax/nn.py@v3.15.1 L1030-1034, tensorflow/nn.py L1484-1491 */
        loss = -(y * logf(c) + (1.0f - y) * logf(1.0f - c));
        d = -y / c + (1.0f - y) / (1.0f - c);
        break;
    case BCEP_CLIPEPS:
        /* keras/backend.py@v2.15.0 L5826-5832: log(output + epsilon()), log(1 - output + epsilon()) */
        loss = -(y * logf(c + ATLAS_EPS) + (1.0f - y) * logf(1.0f - c + ATLAS_EPS));
        d = -y / (c + ATLAS_EPS) + (1.0f - y) / (1.0f - c + ATLAS_EPS);
        break;
    case BCEP_LOGIT: {
        /* tfjs-layers/src/losses.ts L193-200; keras/backend/tensorflow_backend.py@2.2.4 L3357-3376.
         * d/dc of sigmoid-xent(log(c/(1-c))) = (sigmoid(t) - y) / (c (1 - c)) = (c - y)/(c(1-c)) */
        float t = logf(c / (1.0f - c)), gt;
        loss = atlas_sigxent(t, y, &gt);
        d = gt / (c * (1.0f - c));
        break;
    }
    default: /* BCEP_TORCH: aten/src/ATen/native/Loss.cpp binary_cross_entropy (log clamp at -100)
              * and its backward grad * (x - y) / max((1 - x) x, 1e-12); no clip, no mask */
        loss = (y - 1.0f) * fmaxf(log1pf(-x), -100.0f) - y * fmaxf(logf(x), -100.0f);
        if (g) *g = (x - y) / fmaxf((1.0f - x) * x, 1e-12f);
        return loss;
    }
    if (g) *g = pass ? d : 0.0f;
    return loss;
}

/* One form over a batch of probabilities z (B), as Dense(1, sigmoid)'s output would be read:
 * loss_out[i] (B) and dz[i] = d mean / d z_i (B); either may be NULL. */
static void atlas_bce_prob_batch(BceProb form, const float *z, const int *y, int B, float *loss_out, float *dz)
{
    for (int i = 0; i < B; i++) {
        float g, l = atlas_bce_prob(form, z[i], (float)y[i], &g);
        if (loss_out) loss_out[i] = l;
        if (dz) dz[i] = g / (float)B;
    }
}

/* ==========================================================================================
 * Binary set-ups on ONE output unit: z (B, 1), y (B) in {0, 1}, loss_out (B), dz (B, 1).
 * ========================================================================================== */

/* softmax1-bce — Dense(1, softmax) + binary_crossentropy, cached pre-softmax logit.
 * tf.keras 2.4 (best estimate) - 2.15, tf-keras 2.16-2.21, Keras 3 on TensorFlow [S]: the softmax
 * caches its input z as output._keras_logits (keras/activations.py@v2.6.0 L91; from v2.14
 * backend.softmax, keras/backend.py@v2.15.0 L5456; keras/src/backend/tensorflow/nn.py@v3.15.1
 * L162-172); binary_crossentropy takes the cache through _get_logits (backend.py@v2.15.0
 * L5490-5525, L5819-5824) and calls sigmoid_cross_entropy_with_logits(z): the softmax is not on
 * the loss path, so the loss is the correct logistic loss of the hidden z and it trains, while the
 * output is softmax over one unit = 1.0 for every input.
 *   loss = max(z,0) - z*y + log1p(exp(-|z|)); dz = (sigmoid(z) - y) / B.
 * Test vector z = [-2, -0.5, 0.5, 2], y = [0, 1, 0, 1]: mean 0.55050254 (= PyTorch
 * BCEWithLogitsLoss(z), measured). */
void atlas_softmax1_bce(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)U;
    for (int i = 0; i < B; i++) {
        float g, l = atlas_sigxent(z[i], (float)y[i], &g);
        if (loss_out) loss_out[i] = l;
        if (dz) dz[i] = g / (float)B;
    }
}

/* The one-unit softmax s and its chain: the probability losses below see s (1.0f for a finite z,
 * NaN otherwise) and send their gradient g back through softmax's Jacobian s(1 - s) = 0. */
static void atlas_softmax1_prob(BceProb form, const float *z, const int *y, int B,
                                float *loss_out, float *dz)
{
    for (int i = 0; i < B; i++) {
        float s, g;
        atlas_softmax_row(&z[i], 1, &s);
        float l = atlas_bce_prob(form, s, (float)y[i], &g);
        if (loss_out) loss_out[i] = l;
        if (dz) {
            g /= (float)B;
            atlas_softmax_back(&s, &g, 1, &dz[i]);
        }
    }
}

/* softmax1-bce-frozen — Dense(1, softmax) + binary_crossentropy without the cache.
 * Keras 3 on JAX / PyTorch [S] (keras/src/backend/jax/nn.py@v3.15.1 L1017-1034: jnp.clip(output,
 * eps, 1-eps), -(y log c + (1-y) log(1-c)); torch/nn.py L924-958: torch.clip, then
 * binary_cross_entropy): s = 1.0 clips to 1 - 2^-23, so
 *   loss y=0: -log(2^-23) = 15.942385;  y=1: -log(1 - 2^-23) = 1.1920929e-07;
 *   dz = 0 exactly (the clip is saturated: 1.0 > 0.99999988; and the softmax Jacobian is 0).
 * With 26% zeros the reported loss is a constant 0.26 * 15.942 = 4.145 and nothing moves. */
void atlas_softmax1_bce_frozen(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)U;
    atlas_softmax1_prob(BCEP_CLIP, z, y, B, loss_out, dz);
}

/* softmax1-bce-logit — the same configuration in TF.js and multi-backend Keras <= 2.2.x on TF:
 * clip, back to a logit t = log(c/(1-c)) = 15.942385, then sigmoid xent (tfjs-layers/src/losses.ts
 * L193-200; keras/backend/tensorflow_backend.py@2.2.4 L3357-3376) [S]. Same outcome as
 * softmax1-bce-frozen, the y=1 value differs in the last digits: TF.js measured per-sample
 * [15.942384719848633, 1.192093321833454e-7, ...], mean 7.971192359924316 (balanced), dz 0.
 * (Keras 2.3.x delegates to the installed tf.keras backend instead.) */
void atlas_softmax1_bce_logit(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)U;
    atlas_softmax1_prob(BCEP_LOGIT, z, y, B, loss_out, dz);
}

/* softmax1-bce-clipeps — tf.keras 2.0-2.3 (before the cache) [I]: no cache, and the op-type
 * fallback never sees the Softmax behind Keras's Identity (tensorflow#32869), so the clip +
 * log(c + eps) form: y=0: -log(2^-23 + 1e-7) = 15.333239; y=1: -log(1 - 2^-23 + 1e-7) = -0.0
 * (the sum rounds to 1.0); dz = 0. Inferred: not traced in a 2.0-2.3 tag. */
void atlas_softmax1_bce_clipeps(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)U;
    atlas_softmax1_prob(BCEP_CLIPEPS, z, y, B, loss_out, dz);
}

/* softmax1-bce-torch — PyTorch nn.BCELoss()(torch.softmax(z, 1), y) on (N,1) [M]: log(1 - 1) =
 * -inf is clamped at -100 (Loss.cpp), so loss = 100 (y=0) and -0.0 (y=1), i.e. 100 (1 - y); the
 * BCE backward (1 - y) / max(0 * 1, 1e-12) = 1e12 (finite) meets the softmax backward
 * s (g - g s) = 0: dz = 0 exactly. Measured per-sample [100, -0, 100, -0], mean 50, grad 0. */
void atlas_softmax1_bce_torch(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)U;
    atlas_softmax1_prob(BCEP_TORCH, z, y, B, loss_out, dz);
}

/* softmax1-bcelogits-torch — PyTorch nn.BCEWithLogitsLoss()(torch.softmax(z, 1), y) [M]: the
 * "logit" is s = 1, so loss = softplus(1) - y = 1.3132617 - y; gradient (sigmoid(1) - y) through
 * the softmax Jacobian = 0. Measured per-sample [1.3132616, 0.3132617, ...], mean 0.8132617. */
void atlas_softmax1_bcelogits_torch(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)U;
    for (int i = 0; i < B; i++) {
        float s, g;
        atlas_softmax_row(&z[i], 1, &s);
        float l = atlas_sigxent(s, (float)y[i], &g);
        if (loss_out) loss_out[i] = l;
        if (dz) {
            g /= (float)B;
            atlas_softmax_back(&s, &g, 1, &dz[i]);
        }
    }
}

/* softmax1-cce — Dense(1, softmax) + categorical_crossentropy, tf.keras 2.4-2.15, tf-keras
 * 2.16-2.21, Keras 3 on TensorFlow [S]: the cached z goes to the FUSED
 * softmax_cross_entropy_with_logits on one column (tensorflow/core/kernels/xent_op.h): it works on
 * z - max(z) = 0, so loss = y * (log 1 - 0) = 0 exactly and its precomputed backprop
 * "prob - labels" = 1 - y (not the derivative of the identically-zero loss: the kernel assumes
 * label rows that sum to 1). dz = (1 - y) / B. The same kernel as cce1 (sigmoid + CCE): only the
 * output activation differs, and a one-unit softmax shows 1.0, so every prediction is class 1
 * (74%) while cce1's sigmoid output is driven to 0 (26%). A non-finite z gives NaN (inf - inf).
 * Caveat [S]: with TF op determinism on, the log_softmax path gives gradient 0 (frozen). */
void atlas_softmax1_cce(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)U;
    for (int i = 0; i < B; i++) {
        int finite = isfinite(z[i]);
        if (loss_out) loss_out[i] = finite ? 0.0f : NAN;
        if (dz) dz[i] = finite ? (1.0f - (float)y[i]) / (float)B : NAN;
    }
}

/* softmax1-cce-frozen — the same in Keras 3 on JAX / PyTorch [S] (jax/nn.py@v3.15.1 L963-986,
 * torch/nn.py L849-872): s / sum(s) = 1, clip to 1 - 2^-23, -y log: loss = y * 1.1920929e-07,
 * dz = 0 exactly (the clip is saturated). Measured in torch: [-0, 1.19e-7, -0, 1.19e-7]. */
void atlas_softmax1_cce_frozen(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)U;
    for (int i = 0; i < B; i++) {
        float s;
        atlas_softmax_row(&z[i], 1, &s);
        float q = s / s;                        /* output / reduce_sum(output) */
        float l = -((float)y[i] * logf(atlas_clip(q)));
        if (loss_out) loss_out[i] = l;
        if (dz) {
            /* d/dq = -y / c inside the clip, 0 outside (here: outside, q = 1 > 1 - 2^-23); then
             * RealDiv's gradient for q = s / s (numerator g/s, denominator -g s/s^2: sum 0 at s = 1)
             * and the softmax backward (0 for one unit) */
            float gq = atlas_clip_passes(q) ? -(float)y[i] / atlas_clip(q) / (float)B : 0.0f;
            float gs = gq / s - gq * s / (s * s);
            atlas_softmax_back(&s, &gs, 1, &dz[i]);
        }
    }
}

/* ce1-float-torch — PyTorch nn.CrossEntropyLoss()(z (N,1), y.float() (N,1)) [M]: the soft-target
 * path (same shapes, float target, torch >= 1.10): log_softmax of one column is 0, so
 * loss = -(y * 0) = -0.0 and autograd through log_softmax gives g - exp(0) * g = 0. The same for
 * CrossEntropyLoss(softmax(z)) or (sigmoid(z)) on one column. With y.long() (N,) it raises
 * ATLAS_TORCH_MSG_CE1_INT instead. */
void atlas_ce1_float_torch(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)U;
    for (int i = 0; i < B; i++) {
        float ls = z[i] - atlas_logsumexp(&z[i], 1);      /* log_softmax: 0 for finite z */
        if (loss_out) loss_out[i] = -((float)y[i] * ls);
        if (dz) {
            float g = -(float)y[i] / (float)B;              /* d/d log_softmax */
            dz[i] = g - expf(ls) * g;                       /* log_softmax backward: g - softmax * sum g */
        }
    }
}

/* ce1-squeezed-torch — PyTorch nn.CrossEntropyLoss()(z.squeeze() (N,), y.float() (N,)) [M]: a 1-D
 * input is ONE unbatched sample with N classes and a float N-vector of class probabilities, so the
 * batch is mixed into a single softmax and there is no 1/B:
 *   L = (sum y) * logsumexp(z) - sum_j y_j z_j;  dL/dz_j = (sum y) * softmax(z)_j - y_j.
 * Per-sample split here so that the mean over B is L: loss_out[i] = B * y_i * (logsumexp(z) - z_i).
 * Measured on the test vector: 3.060606, grad [0.0276769, -0.8759606, 0.3371741, 0.5111096]. */
void atlas_ce1_squeezed_torch(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)U;
    if (B <= 0) return;
    float lse = atlas_logsumexp(z, B), ysum = 0.0f;
    for (int i = 0; i < B; i++) ysum += (float)y[i];
    for (int i = 0; i < B; i++) {
        if (loss_out) loss_out[i] = (float)B * ((float)y[i] * (lse - z[i]));
        if (dz) dz[i] = ysum * expf(z[i] - lse) - (float)y[i];
    }
}

/* scce1-nan — sparse_categorical_crossentropy on one unit, tf.keras >= 2.4 / tf-keras / Keras 3 TF
 * on a GPU or under XLA [S]: the cached logit goes to sparse_softmax_cross_entropy_with_logits with
 * depth 1; label 1 is out of range, and the GPU kernel returns NaN for that row's loss and
 * gradient (tensorflow/core/kernels/sparse_xent_op.h: FastBoundsCheck ... quiet_NaN; XLA
 * softmax_op.cc does the same on purpose); label 0: loss log(1) - 0 = 0, grad 1 - 1 = 0.
 * (On CPU the same configuration raises "Received a label value of 1 which is outside the valid
 * range of [0, 1)."). One NaN row makes every weight NaN after the step [I]. */
void atlas_scce1_nan(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)U;
    for (int i = 0; i < B; i++) {
        int ok = y[i] == 0 && isfinite(z[i]);
        if (loss_out) loss_out[i] = ok ? 0.0f : NAN;
        if (dz) dz[i] = ok ? 0.0f : NAN;
    }
}

/* scce1-jax — the same on Keras 3 + JAX [S] (keras/src/backend/jax/nn.py@v3.15.1 L989-1014):
 * one_hot(y, 1) encodes the out-of-range label 1 as [0] and label 0 as [1]; then (from_logits=
 * False) s / sum(s) = 1, clip, log: loss = (1 - y) * 1.1920929e-07, dz = 0 (silent, frozen). */
void atlas_scce1_jax(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)U;
    for (int i = 0; i < B; i++) {
        float p = atlas_sigmoid(z[i]);
        float q = p / p;
        float onehot = y[i] == 0 ? 1.0f : 0.0f;
        if (loss_out) loss_out[i] = -(onehot * logf(atlas_clip(q)));
        if (dz) dz[i] = 0.0f;   /* clip saturated at q = 1 > 1 - eps, and d(p/p)/dp = 0 */
    }
}

/* bce-double — binary cross-entropy from logits applied to an output that is already a sigmoid
 * (x = sigmoid(z) in (0,1) is taken as the logit): Keras 3 on JAX/PyTorch
 * (jax/nn.py@v3.15.1 L1026-1029 log_sigmoid; torch/nn.py L948-950
 * binary_cross_entropy_with_logits), PyTorch nn.BCEWithLogitsLoss()(torch.sigmoid(z), y), TF.js
 * tf.losses.sigmoidCrossEntropy on a sigmoid output [S, M]. No warning there. (tf.keras 2.4-2.15,
 * tf-keras and Keras 3 on TF warn "`binary_crossentropy` received `from_logits=True`, but the
 * `output` argument was produced by a Sigmoid activation and thus does not represent logits. Was
 * this intended?" and silently use the cached logit instead = softmax1-bce's kernel.)
 *   loss = (1 - y) x + log(1 + e^-x);  floors: y=1 -> log(1 + 1/e) = 0.3132617, y=0 -> log 2 =
 *   0.6931472 (ceiling 1.3132617), so with 74% ones the loss cannot go below 0.4120;
 *   dz = (sigmoid(x) - y) * x (1 - x) / B: shrunken, sigmoid(x) in (0.5, 0.7311).
 * PyTorch measured on the test vector: per-sample [0.75452369, 0.52208912, 1.0520465, 0.34674248],
 * mean 0.66885042, grad [0.013905494, -0.023895191, 0.038233794, -0.0076911142]. */
void atlas_bce_double(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)U;
    for (int i = 0; i < B; i++) {
        float x = atlas_sigmoid(z[i]), g;
        float l = atlas_sigxent(x, (float)y[i], &g);
        if (loss_out) loss_out[i] = l;
        if (dz) dz[i] = g / (float)B * (x * (1.0f - x));
    }
}

/* bce-raw — a linear Dense(1) output with binary_crossentropy(from_logits=False), tf.keras 2.4-2.15
 * and tf-keras [S] (keras/backend.py@v2.15.0 L5826-5832; no cache, no Sigmoid op, no warning):
 *   c = clip(z, eps, 1-eps); loss = -[y log(c + eps) + (1-y) log(1 - c + eps)]
 *   (wrong side: y=1, z <= eps -> 15.424949; y=0, z >= 1-eps -> 15.333239; right side -0.0);
 *   dz = [-y/(c+eps) + (1-y)/(1-c+eps)] / B for eps <= z <= 1-eps, else exactly 0.
 * Test vector (emulated): [-0, 15.424949, 0.69314694, -0], mean 4.0295238, grad [0, 0, 0.49999988, 0].
 * PyTorch nn.BCELoss on raw z raises instead (ATLAS_TORCH_MSG_BCE_RANGE). */
void atlas_bce_raw(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)U;
    atlas_bce_prob_batch(BCEP_CLIPEPS, z, y, B, loss_out, dz);
}

/* bce-raw-plain — the same in Keras 3 (TF, JAX and torch backends alike) [S]: clip, then plain log
 * (tensorflow/nn.py@v3.15.1 L1484-1491, jax L1030-1034; the torch backend clips first, so it does
 * not raise):  wrong side 16.118095 (y=1) / 15.942385 (y=0), right side 1.1920929e-07;
 *   dz = [-y/c + (1-y)/(1-c)] / B inside, 0 outside.
 * Test vector (emulated): [1.1920929e-07, 16.118095, 0.69314718, 1.1920929e-07], mean 4.2028108,
 * grad [0, 0, 0.5, 0]. */
void atlas_bce_raw_plain(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)U;
    atlas_bce_prob_batch(BCEP_CLIP, z, y, B, loss_out, dz);
}

/* bce-raw-logit — the same in TF.js and Keras <= 2.2.x [S, M]: clip, t = log(c/(1-c)), sigmoid xent
 * (tfjs-layers/src/losses.ts L193-200). Same gradient as bce-raw-plain; the right-side values
 * differ in the last digits (y=0, z <= eps: 1.0000002e-07). TF.js measured on the test vector:
 * [1.0000001537946446e-7, 16.11809539794922, 0.6931471824645996, 1.192093321833454e-7],
 * mean 4.202810764312744, dz [0, 0, 0.5, 0]. */
void atlas_bce_raw_logit(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)U;
    atlas_bce_prob_batch(BCEP_LOGIT, z, y, B, loss_out, dz);
}

/* mse — mean_squared_error on Dense(1, sigmoid), same shapes: every Keras (losses.py@v2.15.0
 * L1680-1706, keras/src/losses/losses.py@v3.15.1 L1763-1800), TF.js (losses.ts L37-39; a (N,)
 * target is expanded to (N,1), so no broadcasting) and PyTorch MSELoss with equal shapes [S, M].
 * MSE reads no logit cache, so it differentiates through the sigmoid:
 *   loss = (p - y)^2;  dz = 2 (p - y) p (1 - p) / B.  Learns (the contrast case).
 * Measured (PyTorch = TF.js): [0.014209336, 0.38745558, 0.38745564, 0.014209349], mean 0.20083247,
 * grad [0.0062577706, -0.073140122, 0.073140129, -0.0062577762]. */
void atlas_mse(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)U;
    for (int i = 0; i < B; i++) {
        float p = atlas_sigmoid(z[i]), d = p - (float)y[i];
        if (loss_out) loss_out[i] = d * d;
        if (dz) dz[i] = 2.0f * d / (float)B * (p * (1.0f - p));
    }
}

/* mse-broadcast — PyTorch nn.MSELoss()(out (N,1), y (N,)) on a sigmoid output [M]: warns
 * (ATLAS_TORCH_MSG_MSE_BROADCAST) and broadcasts to N x N, mean over N^2 elements:
 *   loss_i (row mean) = (1/N) sum_j (p_i - y_j)^2;  L = (1/N) sum_i (p_i - ybar)^2 + ybar(1 - ybar)
 *   dz_i = (2/N^2) sum_j (p_i - y_j) * p_i (1 - p_i) = 2 (p_i - ybar) p_i (1 - p_i) / N
 * The sample's own label does not appear: every p is pulled to the batch label mean ybar (~0.74),
 * so all class 1; floor ybar (1 - ybar) ~ 0.192. Measured on the test vector: 0.3300013,
 * grad [-0.0199906, -0.0143892, 0.0143892, 0.0199906]. Keras and TF.js expand (N,) to (N,1), so
 * they never broadcast. O(B^2) work, as PyTorch does. */
void atlas_mse_broadcast(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)U;
    for (int i = 0; i < B; i++) {
        float p = atlas_sigmoid(z[i]), sq = 0.0f, lin = 0.0f;
        for (int j = 0; j < B; j++) {
            float d = p - (float)y[j];
            sq += d * d;
            lin += d;
        }
        if (loss_out) loss_out[i] = sq / (float)B;
        if (dz) dz[i] = 2.0f * lin / ((float)B * (float)B) * (p * (1.0f - p));
    }
}

/* Keras hinge and squared hinge on a sigmoid output. convert: Keras's
 * _maybe_convert_labels / convert_binary_labels_to_hinge, y' = 2y - 1 when EVERY label of the
 * batch is 0 or 1 (reduce_all), else y' = y. loss = max(1 - y' p, 0) (squared: its square);
 * TF's maximum passes the gradient where 1 - y'p >= 0 (greater_equal); dz through the sigmoid. */
static void atlas_hinge_any(const float *z, const int *y, int B, int convert, int squared,
                            float *loss_out, float *dz)
{
    int all01 = 1;
    for (int i = 0; i < B; i++) all01 &= y[i] == 0 || y[i] == 1;
    for (int i = 0; i < B; i++) {
        float p = atlas_sigmoid(z[i]);
        float yy = convert && all01 ? 2.0f * (float)y[i] - 1.0f : (float)y[i];
        float m = 1.0f - yy * p;
        float h = fmaxf(m, 0.0f);
        if (loss_out) loss_out[i] = squared ? h * h : h;
        if (dz) {
            float dh = m >= 0.0f ? 1.0f : 0.0f;         /* d max(m, 0) / dm */
            float dl = squared ? 2.0f * h * dh : dh;     /* d loss / dm */
            dz[i] = dl * -yy / (float)B * (p * (1.0f - p));
        }
    }
}

/* hinge — hinge on Dense(1, sigmoid) with 0/1 labels, converted to -1/+1: tf.keras (present at
 * keras 4fd825dd, TF 2.5-dev, and later; keras/losses.py@v2.15.0 L1958-1973, L2010-2040),
 * tf-keras, Keras 3 (keras/src/losses/losses.py@v3.15.1 L1616-1716), multi-backend Keras >= 2.3.0
 * (commit 73106d57) [S]. p in (0,1) never reaches the margin, so the hinge is always active:
 *   loss y=1: 1 - p, y=0: 1 + p (floor: the share of zeros, never 0); dz = -y' p (1 - p) / B.
 * Learns the right sign. Test vector (emulated): [1.119203, 0.62245929, 1.6224594, 0.11920297],
 * mean 0.8708311, grad [0.026248395, -0.058750927, 0.058750927, -0.026248407]. */
void atlas_hinge(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)U;
    atlas_hinge_any(z, y, B, 1, 0, loss_out, dz);
}

/* hinge-raw — the same without label conversion: TF.js (tfjs-layers/src/losses.ts L69-81) and
 * multi-backend Keras <= 2.2.5 (keras/losses.py@2.2.4 L34-39) [S, M]: y=0 rows give
 * max(0, 1 - 0 p) = 1, a constant with gradient 0 (dead); y=1 rows push p up: loss 1 - p,
 * dz = -p (1 - p) / B. Everything becomes class 1. TF.js measured: [1, 0.6224592924118042, 1,
 * 0.11920291185379028], mean 0.6854155659675598, grad [0, -0.058750927, 0, -0.026248394]. */
void atlas_hinge_raw(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)U;
    atlas_hinge_any(z, y, B, 0, 0, loss_out, dz);
}

/* squared-hinge — squared_hinge, converted labels (same frameworks as hinge) [S]: (1 -+ p)^2;
 * dz y=0: 2(1+p) p(1-p)/B, y=1: -2(1-p) p(1-p)/B. Learns, more slowly near saturation (0.9475
 * vs hinge 0.9845, emulated). Test vector: [1.2526153, 0.38745558, 2.6323745, 0.014209349],
 * mean 1.0716637, grad [0.058754567, -0.073140122, 0.19064198, -0.0062577762]. */
void atlas_squared_hinge(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)U;
    atlas_hinge_any(z, y, B, 1, 1, loss_out, dz);
}

/* squared-hinge-raw — squaredHinge in TF.js, Keras <= 2.2.5 [S, M]: y=0 constant 1 (dead), y=1
 * (1 - p)^2. TF.js measured: [1, 0.3874555826187134, 1, 0.014209333807229996], mean
 * 0.6004162430763245, grad [0, -0.073140122, 0, -0.0062577701]. */
void atlas_squared_hinge_raw(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)U;
    atlas_hinge_any(z, y, B, 0, 1, loss_out, dz);
}

/* hinge-embedding-torch — PyTorch nn.HingeEmbeddingLoss()(sigmoid(z), y in {0,1}) [S, M]: ATen's
 * where(y != 1, clamp_min(margin - x, 0), 0) + where(y != -1, x, 0), margin 1: y=0 takes both
 * branches, max(0, 1 - p) + p = 1 (constant, grad 0); y=1 gives p, pushed DOWN:
 * dz = p (1 - p) / B. Everything becomes class 0. Measured: [1, 0.3775407, 1, 0.8807970],
 * grad [0, 0.0587509, 0, 0.0262484]. */
void atlas_hinge_embedding_torch(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)U;
    for (int i = 0; i < B; i++) {
        float p = atlas_sigmoid(z[i]);
        int not1 = y[i] != 1, notm1 = y[i] != -1;
        float a = not1 ? fmaxf(1.0f - p, 0.0f) : 0.0f, b = notm1 ? p : 0.0f;
        if (loss_out) loss_out[i] = a + b;
        if (dz) {
            /* clamp_min passes where 1 - p >= 0 (true for p in (0,1)): d a/dp = -1 */
            float dp = (not1 && 1.0f - p >= 0.0f ? -1.0f : 0.0f) + (notm1 ? 1.0f : 0.0f);
            dz[i] = dp / (float)B * (p * (1.0f - p));
        }
    }
}

/* soft-margin-torch — PyTorch nn.SoftMarginLoss()(sigmoid(z), y in {0,1}) [M]:
 * log(1 + exp(-y p)): y=0 -> log 2 (constant, grad 0); y=1 -> log(1 + e^-p), pushed up:
 * dz = -sigmoid(-p) p (1 - p) / B. Everything becomes class 1. Measured: [0.6931472, 0.5220891,
 * 0.6931472, 0.3467425]. */
void atlas_soft_margin_torch(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    (void)U;
    for (int i = 0; i < B; i++) {
        float p = atlas_sigmoid(z[i]), t = -(float)y[i] * p;
        if (loss_out) loss_out[i] = log1pf(expf(t));
        if (dz) dz[i] = atlas_sigmoid(t) * -(float)y[i] / (float)B * (p * (1.0f - p));
    }
}

/* ==========================================================================================
 * Multi-class set-ups on K output units: z (B, K), y (B) in 0..K-1, loss_out (B), dz (B, K).
 * ========================================================================================== */

#define ATLAS_KMAX 256   /* row scratch on the stack; K beyond this is refused (NaN rows) */

/* Dense(K, softmax) + binary_crossentropy on one-hot labels, on the softmax PROBABILITIES in a
 * given form. Per sample: mean over the K columns of the element BCE; gradient through the softmax:
 *   g_k = d loss_k / d s_k / (B K) (clip mask included),  dz_j = s_j (g_j - sum_k g_k s_k)
 *   (unclipped: (1/(BK)) [h_j - s_j sum_k h_k] with h_k = (s_k - Y_k) / (1 - s_k)). */
static void atlas_softmax_bce_prob(BceProb form, const float *z, const int *y, int B, int K,
                                   float *loss_out, float *dz)
{
    float s[ATLAS_KMAX], g[ATLAS_KMAX];
    for (int i = 0; i < B; i++) {
        const float *zi = &z[(size_t)i * (size_t)K];
        if (K < 1 || K > ATLAS_KMAX) {
            if (loss_out) loss_out[i] = NAN;
            if (dz) for (int k = 0; k < K; k++) dz[(size_t)i * (size_t)K + (size_t)k] = NAN;
            continue;
        }
        atlas_softmax_row(zi, K, s);
        float sum = 0.0f;
        for (int k = 0; k < K; k++) {
            sum += atlas_bce_prob(form, s[k], k == y[i] ? 1.0f : 0.0f, &g[k]);
            g[k] /= (float)B * (float)K;
        }
        if (loss_out) loss_out[i] = sum / (float)K;
        if (dz) atlas_softmax_back(s, g, K, &dz[(size_t)i * (size_t)K]);
    }
}

/* softmax-bce-legacy — Dense(K, softmax) + binary_crossentropy, one-hot labels, multi-backend Keras
 * 1.0.6-2.2.5 [S] (keras/backend/tensorflow_backend.py@2.2.4: clip, tf.log(output/(1-output)),
 * sigmoid_cross_entropy_with_logits; mean over K, keras/losses.py@2.2.4 L76-77). In this era (and
 * in Keras 2.3 and tf.keras <= 2.1, see softmax-bce-clipeps) 'accuracy' resolves to
 * binary_accuracy over all K columns (training.py@2.2.4 L375-395, the loss-aware rule): a useless
 * model shows (K-1)/K (0.75 at K=4). The loss itself is textbook BCE on the clipped softmax and
 * learns like CCE. Tiny example (z = [[2,1,0.1,-1],[0.5,0.3,2.2,-0.4]], y = [0,3]): 0.6604168,
 * grad [[-0.080738, 0.054625, 0.019808, 0.006305], [-0.009398, -0.008097, 0.153902, -0.136407]]. */
void atlas_softmax_bce_legacy(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    atlas_softmax_bce_prob(BCEP_LOGIT, z, y, B, U, loss_out, dz);
}

/* softmax-bce-clipeps — the same configuration in Keras 2.3.x (which delegates to the installed
 * tf.keras backend) and tf.keras <= 2.3 [S] (pre-cache TF keras/backend.py: clip, log(c + eps)):
 * tiny example 0.6604165, same gradient to 6 digits. 'accuracy' is binary over K (inflated) in
 * Keras 2.3 / tf.keras <= 2.1, categorical (true) in tf.keras 2.2-2.3. */
void atlas_softmax_bce_clipeps(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    atlas_softmax_bce_prob(BCEP_CLIPEPS, z, y, B, U, loss_out, dz);
}

/* softmax-bce-clip — the same in Keras 3 on JAX / PyTorch [S] (jax/nn.py@v3.15.1: jnp.clip then
 * log; torch: torch.clip then binary_cross_entropy): tiny example 0.6604168; 'accuracy' is
 * categorical (true). Once every column is clipped (z = [m,0,0,0], m >= ~20) the gradient is 0. */
void atlas_softmax_bce_clip(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    atlas_softmax_bce_prob(BCEP_CLIP, z, y, B, U, loss_out, dz);
}

/* softmax-bce-torch — PyTorch nn.BCELoss()(softmax(z), onehot(y)) [M]: no clip; log clamped at -100;
 * backward (s - Y) / max((1 - s) s, 1e-12): when a softmax output rounds to exactly 1.0 the
 * gradient SPIKES (z = [17,0,0,0], y = 3: loss 29.25, grad [0, -10349.8, -10349.8, -10350.1]).
 * Tiny example 0.6604168. */
void atlas_softmax_bce_torch(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    atlas_softmax_bce_prob(BCEP_TORCH, z, y, B, U, loss_out, dz);
}

/* softmax-bce — Dense(K, softmax) + binary_crossentropy in tf.keras 2.4-2.15, tf-keras 2.16-2.21,
 * Keras 3 on TensorFlow [S]: binary_crossentropy takes the softmax's cached PRE-softmax logits
 * without checking which activation set them (keras/backend.py@v2.6.0 "Use logits whenever they
 * are available"; _get_logits from v2.10, backend.py@v2.15.0 L5490-5498; Keras 3 TF
 * nn.py@v3.15.1 L1262-1295, L1444-1478) and computes one-vs-rest sigmoid xent on z:
 *   loss = (1/K) sum_k [max(z_k,0) - z_k Y_k + log1p(exp(-|z_k|))];  dz = (sigmoid(z) - Y)/(B K).
 * Learns (argmax softmax = argmax z); 'accuracy' is categorical (true); the loss fit shows (log 2
 * at init) differs from BCE recomputed on predict() outputs (0.1464 vs 0.0828 after training).
 * Tiny example: 0.9430474 = PyTorch BCEWithLogitsLoss(z, Y), grad [[-0.014900, 0.091382,
 * 0.065622, 0.033618], [0.077807, 0.071805, 0.112531, -0.074836]]. */
void atlas_softmax_bce(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    const int K = U;
    for (int i = 0; i < B; i++) {
        float sum = 0.0f;
        for (int k = 0; k < K; k++) {
            size_t ik = (size_t)i * (size_t)K + (size_t)k;
            float g;
            sum += atlas_sigxent(z[ik], k == y[i] ? 1.0f : 0.0f, &g);
            if (dz) dz[ik] = g / ((float)B * (float)K);
        }
        if (loss_out) loss_out[i] = sum / (float)K;
    }
}

/* sigmoid-cce — Dense(K, sigmoid) + categorical_crossentropy, tf.keras 2.4-2.15, tf-keras, Keras 3
 * on TF [S]: the sigmoid caches z (backend.py@v2.15.0 L5917; Keras 3 TF nn.py L41-45) and CCE
 * takes it into the fused softmax_cross_entropy_with_logits (_get_logits, L5528-5592): bit for bit
 * the correct softmax CE on z (exactly `cce`); only predict() differs (unnormalised sigmoids).
 *   loss = logsumexp(z) - z_y;  dz = (softmax(z) - Y) / B (the kernel's prob - labels, here the
 *   true derivative since one-hot rows sum to 1). Tiny example: 1.695218,
 *   grad [[-0.180967, 0.117366, 0.047717, 0.015884], [0.064941, 0.053170, 0.355486, -0.473597]]. */
void atlas_sigmoid_cce(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    const int K = U;
    float s[ATLAS_KMAX];
    for (int i = 0; i < B; i++) {
        const float *zi = &z[(size_t)i * (size_t)K];
        if (K < 1 || K > ATLAS_KMAX) {
            if (loss_out) loss_out[i] = NAN;
            if (dz) for (int k = 0; k < K; k++) dz[(size_t)i * (size_t)K + (size_t)k] = NAN;
            continue;
        }
        float m = zi[0];
        for (int k = 1; k < K; k++) m = fmaxf(m, zi[k]);
        float sum = 0.0f;
        for (int k = 0; k < K; k++) { s[k] = expf(zi[k] - m); sum += s[k]; }
        /* xent_op.h: loss = sum_k Y_k (log(sum) - (z_k - max)) */
        if (loss_out) loss_out[i] = logf(sum) - (zi[y[i]] - m);
        if (dz)
            for (int k = 0; k < K; k++)
                dz[(size_t)i * (size_t)K + (size_t)k] = (s[k] / sum - (k == y[i] ? 1.0f : 0.0f)) / (float)B;
    }
}

/* sigmoid-cce-norm — the same configuration without the cache: multi-backend Keras <= 2.3,
 * tf.keras <= 2.3, Keras 3 on JAX / PyTorch [S] (tensorflow_backend.py@2.2.4, jax/nn.py@v3.15.1:
 * output / sum(output), clip, -sum(Y log)); also TF.js categoricalCrossentropy (losses.ts
 * L110-125, same normalise-then-clip) [S]. With p = sigmoid(z), S = sum p, q = p / S:
 *   loss = -log clip(q_y);  dz_j = [q_j (1 - p_j) - delta_jy (1 - p_y)] / B if q_y is inside the
 *   clip, else 0 for the whole row. Learns a ratio classifier (sigmoid_y is not driven above 0.5).
 * Tiny example: 1.416746, grad [[-0.037780, 0.040862, 0.051829, 0.040862],
 * [0.047030, 0.048922, 0.017971, -0.251262]]. */
void atlas_sigmoid_cce_norm(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    const int K = U;
    float p[ATLAS_KMAX];
    for (int i = 0; i < B; i++) {
        const float *zi = &z[(size_t)i * (size_t)K];
        float *di = dz ? &dz[(size_t)i * (size_t)K] : NULL;
        if (K < 1 || K > ATLAS_KMAX) {
            if (loss_out) loss_out[i] = NAN;
            if (di) for (int k = 0; k < K; k++) di[k] = NAN;
            continue;
        }
        float S = 0.0f;
        for (int k = 0; k < K; k++) { p[k] = atlas_sigmoid(zi[k]); S += p[k]; }
        float q = p[y[i]] / S;
        if (loss_out) loss_out[i] = -logf(atlas_clip(q));
        if (di) {
            int pass = atlas_clip_passes(q);
            for (int k = 0; k < K; k++)
                di[k] = pass ? (p[k] / S * (1.0f - p[k]) - (k == y[i] ? 1.0f - p[k] : 0.0f)) / (float)B
                             : 0.0f;
        }
    }
}

/* Cross-entropy of a row of "logits" a (here a probability vector, so a double activation):
 * loss = logsumexp(a) - a_y; writes G = (softmax(a) - Y) / B into g. */
static float atlas_ce_on(const float *a, int K, int y, int B, float *g)
{
    float lse = atlas_logsumexp(a, K);
    for (int k = 0; k < K; k++) g[k] = (expf(a[k] - lse) - (k == y ? 1.0f : 0.0f)) / (float)B;
    return lse - a[y];
}

/* ce-sigmoid — PyTorch nn.CrossEntropyLoss()(torch.sigmoid(z), y) [M]: the sigmoids are taken as
 * logits. loss = -log softmax(p)_y in [log(1 + (K-1)/e), log(1 + (K-1) e)] = [0.7437, 2.2143] at
 * K = 4; dz_j = (softmax(p)_j - Y_j) p_j (1 - p_j) / B. Tiny example 1.379326, grad
 * [[-0.035584, 0.027267, 0.028144, 0.017177], [0.028835, 0.028589, 0.014547, -0.096499]]. */
void atlas_ce_sigmoid(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    const int K = U;
    float p[ATLAS_KMAX], g[ATLAS_KMAX];
    for (int i = 0; i < B; i++) {
        const float *zi = &z[(size_t)i * (size_t)K];
        float *di = dz ? &dz[(size_t)i * (size_t)K] : NULL;
        if (K < 1 || K > ATLAS_KMAX) {
            if (loss_out) loss_out[i] = NAN;
            if (di) for (int k = 0; k < K; k++) di[k] = NAN;
            continue;
        }
        for (int k = 0; k < K; k++) p[k] = atlas_sigmoid(zi[k]);
        float l = atlas_ce_on(p, K, y[i], B, g);
        if (loss_out) loss_out[i] = l;
        if (di) for (int k = 0; k < K; k++) di[k] = g[k] * (p[k] * (1.0f - p[k]));
    }
}

/* ce-softmax — double softmax: PyTorch nn.CrossEntropyLoss()(torch.softmax(z, 1), y) [M]; also
 * from_logits=True on a softmax output where nothing rescues it: multi-backend Keras <= 2.3,
 * tf.keras <= 2.3, Keras 3 on JAX / PyTorch (log_softmax of the output) [S]. (tf.keras 2.4-2.15,
 * tf-keras, Keras 3 on TF warn and use the cached logits = sigmoid-cce's kernel.)
 *   s = softmax(z), r = softmax(s): loss = -log r_y in [log(1 + (K-1)/e), log(e + K - 1)] (0.7437
 *   at K = 4); dz = J_softmax(z)^T (r - Y) / B: a confidently wrong sample gets almost nothing
 *   (z = [m,0,0,0], y = 3: |dz| 0.015 at m = 5, 1.06e-4 at m = 10).
 * Tiny example: 1.325169, grad [[-0.100364, 0.066505, 0.025556, 0.008303],
 * [-0.004239, -0.003734, 0.036517, -0.028544]]. */
void atlas_ce_softmax(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    const int K = U;
    float s[ATLAS_KMAX], g[ATLAS_KMAX];
    for (int i = 0; i < B; i++) {
        const float *zi = &z[(size_t)i * (size_t)K];
        float *di = dz ? &dz[(size_t)i * (size_t)K] : NULL;
        if (K < 1 || K > ATLAS_KMAX) {
            if (loss_out) loss_out[i] = NAN;
            if (di) for (int k = 0; k < K; k++) di[k] = NAN;
            continue;
        }
        atlas_softmax_row(zi, K, s);
        float l = atlas_ce_on(s, K, y[i], B, g);
        if (loss_out) loss_out[i] = l;
        if (di) atlas_softmax_back(s, g, K, di);
    }
}

/* cce-raw — a linear Dense(K) + categorical_crossentropy(from_logits=False), every Keras version and
 * backend, and TF.js [S] (keras/backend.py@v2.15.0 L5587-5592: output / reduce_sum(output),
 * clip, -sum(Y log)): no cache (a linear output has none), no warning. With S = sum_k z_k (may be
 * negative or near 0) and q = z / S:
 *   loss = -log clip(q_y) (q_y < 0 -> 16.118095; q_y > 1 -> 1.19e-7);
 *   dz_j = (1/S - delta_jy / z_y) / B while eps <= q_y <= 1-eps, else 0 for the whole row.
 * The minimum is "the other outputs sum to ~0", not "z_y largest": learns nothing usable.
 * Tiny example 8.083443, grad [[-0.011905, 0.238095, 0.238095, 0.238095], [0, 0, 0, 0]].
 * S = 0 exactly gives a NaN loss and (here) a zero gradient [I: not traced]. */
void atlas_cce_raw(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    const int K = U;
    for (int i = 0; i < B; i++) {
        const float *zi = &z[(size_t)i * (size_t)K];
        float S = 0.0f;
        for (int k = 0; k < K; k++) S += zi[k];
        float q = zi[y[i]] / S;
        if (loss_out) loss_out[i] = -logf(atlas_clip(q));
        if (dz) {
            int pass = atlas_clip_passes(q);
            for (int k = 0; k < K; k++)
                dz[(size_t)i * (size_t)K + (size_t)k] =
                    pass ? (1.0f / S - (k == y[i] ? 1.0f / zi[y[i]] : 0.0f)) / (float)B : 0.0f;
        }
    }
}

/* scce-raw — a linear Dense(K) + sparse_categorical_crossentropy(from_logits=False) in tf.keras
 * (all), Keras 2.2.4, Keras 3 on TF [S] (backend.py@v2.15.0 L5732-5733: clip the RAW outputs, log,
 * then the fused sparse softmax xent): loss = -log(clip(z_y) / sum_k clip(z_k));
 *   dz_j = [eps <= z_j <= 1-eps] (1/sum clip - delta_jy / clip(z_y)) / B: any output <= 0 or >= 1
 *   gets no gradient; training stalls near log K. (Keras 3 on JAX / PyTorch normalise first, = cce-raw.)
 * Tiny example 8.72391, grad [[0, 0, 0.2381, 0], [0.2778, 0.2778, 0, 0]]. */
void atlas_scce_raw(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    const int K = U;
    float l[ATLAS_KMAX];
    for (int i = 0; i < B; i++) {
        const float *zi = &z[(size_t)i * (size_t)K];
        float *di = dz ? &dz[(size_t)i * (size_t)K] : NULL;
        if (K < 1 || K > ATLAS_KMAX) {
            if (loss_out) loss_out[i] = NAN;
            if (di) for (int k = 0; k < K; k++) di[k] = NAN;
            continue;
        }
        for (int k = 0; k < K; k++) l[k] = logf(atlas_clip(zi[k]));
        float lse = atlas_logsumexp(l, K);
        if (loss_out) loss_out[i] = lse - l[y[i]];
        if (di)
            for (int k = 0; k < K; k++) {
                /* fused kernel: softmax(l) - Y w.r.t. l; then d log(c)/dc = 1/c; then the clip mask */
                float gl = (expf(l[k] - lse) - (k == y[i] ? 1.0f : 0.0f)) / (float)B;
                di[k] = atlas_clip_passes(zi[k]) ? gl / atlas_clip(zi[k]) : 0.0f;
            }
    }
}

/* nll-raw — PyTorch nn.NLLLoss()(z, y) on raw logits, no log_softmax [M] (LossNLL.cpp: -input[y],
 * mean over B): loss = -z_y, unbounded below; dz = -delta_jy / B: the target logit grows without
 * limit, the loss diverges (-1.09 after 1 epoch, -83.7 after 10, -657.7 after 30, measured).
 * Tiny example -0.8, grad [[-0.5, 0, 0, 0], [0, 0, 0, -0.5]]. */
void atlas_nll_raw(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    const int K = U;
    for (int i = 0; i < B; i++) {
        if (loss_out) loss_out[i] = -z[(size_t)i * (size_t)K + (size_t)y[i]];
        if (dz)
            for (int k = 0; k < K; k++)
                dz[(size_t)i * (size_t)K + (size_t)k] = k == y[i] ? -1.0f / (float)B : 0.0f;
    }
}

/* nll-softmax — PyTorch nn.NLLLoss()(softmax(z), y), probabilities without the log [M]:
 * loss = -s_y in [-1, 0] (a negative loss on screen); dz_j = -s_y (delta_jy - s_j) / B. Learns.
 * Tiny example -0.3454364. */
void atlas_nll_softmax(const float *z, const int *y, int B, int U, float *loss_out, float *dz)
{
    const int K = U;
    float s[ATLAS_KMAX], g[ATLAS_KMAX];
    for (int i = 0; i < B; i++) {
        const float *zi = &z[(size_t)i * (size_t)K];
        float *di = dz ? &dz[(size_t)i * (size_t)K] : NULL;
        if (K < 1 || K > ATLAS_KMAX) {
            if (loss_out) loss_out[i] = NAN;
            if (di) for (int k = 0; k < K; k++) di[k] = NAN;
            continue;
        }
        atlas_softmax_row(zi, K, s);
        if (loss_out) loss_out[i] = -s[y[i]];
        if (di) {
            for (int k = 0; k < K; k++) g[k] = k == y[i] ? -1.0f / (float)B : 0.0f;
            atlas_softmax_back(s, g, K, di);
        }
    }
}

/* ------------------------------------------------------------------------------------------
 * the head's displayed output */

void loss_atlas_output(AtlasOut act, const float *z, int B, int U, float *out)
{
    for (int i = 0; i < B; i++) {
        const float *zi = &z[(size_t)i * (size_t)U];
        float *oi = &out[(size_t)i * (size_t)U];
        switch (act) {
        case ATLAS_OUT_SIGMOID:
            for (int k = 0; k < U; k++) oi[k] = atlas_sigmoid(zi[k]);
            break;
        case ATLAS_OUT_SOFTMAX:
            if (U >= 1) atlas_softmax_row(zi, U, oi);
            break;
        default:
            for (int k = 0; k < U; k++) oi[k] = zi[k];
            break;
        }
    }
}
