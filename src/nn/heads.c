/* heads — the loss set-ups as a static table, and their loss functions (forward value and
 * gradient w.r.t. the logits side by side). See heads.h for the contract and the semantics.
 * Owns nothing; the table is read-only. All maths in float32, as Keras computes it.
 * Shapes everywhere: z (B, units) logits, y (B) labels 0/1, loss_out (B), dz (B, units). */
#include "nn/heads.h"

#include <math.h>
#include <string.h>

/* ------------------------------------------------------------------------------------------
 * small float helpers */

/* sigmoid in float, without overflow for either sign */
static inline float heads_sigmoid(float z)
{
    if (z >= 0.0f) return 1.0f / (1.0f + expf(-z));
    float e = expf(z);
    return e / (1.0f + e);
}

/* Keras's epsilon for clipping probabilities, as the float32 constant TF uses */
#define HEADS_EPS 1e-7f

/* ------------------------------------------------------------------------------------------
 * bce: sigmoid_cross_entropy_with_logits, max(z,0) - z*y + log1p(exp(-|z|)); dz = (sig(z)-y)/B */
static void loss_bce(const float *z, const float *y, int B, float *loss_out, float *dz)
{
    for (int i = 0; i < B; i++) {
        float zi = z[i];
        if (loss_out) loss_out[i] = fmaxf(zi, 0.0f) - zi * y[i] + log1pf(expf(-fabsf(zi)));
        if (dz) dz[i] = (heads_sigmoid(zi) - y[i]) / (float)B;
    }
}

/* cce1 (tf.keras >= 2.4): the sigmoid caches its logit, categorical_crossentropy sees it and calls
 * the fused softmax_cross_entropy_with_logits on one column. softmax of one column is 1, so
 * loss = y * (log(1) - 0) = 0 exactly, and the kernel's backprop (softmax - label) = 1 - y. */
static void loss_cce1(const float *z, const float *y, int B, float *loss_out, float *dz)
{
    for (int i = 0; i < B; i++) {
        /* TF's kernel works on z - max(z): exactly 0 for a finite z, NaN for NaN or +-inf (inf - inf),
         * and then both the loss and the gradient are NaN, as they are here */
        int finite = isfinite(z[i]);
        if (loss_out) loss_out[i] = finite ? 0.0f : NAN;
        if (dz) dz[i] = finite ? (1.0f - y[i]) / (float)B : NAN;
    }
}

/* cce1-frozen (Keras 3 on JAX/PyTorch, TF 2.2-2.3, TF.js): no logits cache, so p / sum(p) = 1,
 * clipped to 1 - 1e-7 (float: 1 - 2^-23); loss = -y * log(1 - 1e-7) = y * 1.1920929e-07; the
 * clip's gradient is 0 there, so dz = 0 exactly. */
static void loss_cce1_frozen(const float *z, const float *y, int B, float *loss_out, float *dz)
{
    (void)z;
    /* logf(1.0f - 1e-7f) = logf(1 - 2^-23) evaluated at run time by glibc and by TF/Eigen is
     * exactly -2^-23 = -1.1920929e-07f. Written as a literal because a compiler folding logf of a
     * constant rounds correctly (MPFR) and would give -0x1.000002p-23 instead. */
    const float logclip = -0x1p-23f;
    for (int i = 0; i < B; i++) {
        if (loss_out) loss_out[i] = -y[i] * logclip;
        if (dz) dz[i] = 0.0f;
    }
}

/* cce1-textbook: -y * log(clip(sigmoid(z), 1e-7, 1 - 1e-7)). Inside the clip range (bounds
 * included, as TF's clip_by_value gradient) d/dz = -y * (1 - p); where clipped, 0. */
static void loss_cce1_textbook(const float *z, const float *y, int B, float *loss_out, float *dz)
{
    const float lo = HEADS_EPS, hi = 1.0f - HEADS_EPS;
    for (int i = 0; i < B; i++) {
        float p = heads_sigmoid(z[i]);
        int clipped = p < lo || p > hi;
        float pc = p < lo ? lo : (p > hi ? hi : p);
        if (loss_out) loss_out[i] = -y[i] * logf(pc);
        if (dz) dz[i] = clipped ? 0.0f : -y[i] * (1.0f - p) / (float)B;
    }
}

/* cce2: 2-unit softmax + categorical cross-entropy on one-hot labels, from the logits:
 * loss = logsumexp(z) - z_y, computed as log1p(exp(-|z0 - z1|)) - (z_y - max) (stable);
 * dz = (softmax(z) - onehot(y)) / B. */
static void loss_cce2(const float *z, const float *y, int B, float *loss_out, float *dz)
{
    for (int i = 0; i < B; i++) {
        float z0 = z[2 * i], z1 = z[2 * i + 1];
        float m = fmaxf(z0, z1);
        float s0 = z0 - m, s1 = z1 - m;          /* one of them is 0 */
        float e0 = expf(s0), e1 = expf(s1);
        float sum = e0 + e1;
        int cls = y[i] > 0.5f;
        if (loss_out) loss_out[i] = log1pf(expf(-fabsf(z0 - z1))) - (cls ? s1 : s0);
        if (dz) {
            dz[2 * i]     = (e0 / sum - (cls ? 0.0f : 1.0f)) / (float)B;
            dz[2 * i + 1] = (e1 / sum - (cls ? 1.0f : 0.0f)) / (float)B;
        }
    }
}

/* ------------------------------------------------------------------------------------------
 * the table: one row per set-up (DESIGN.md "The set-ups") */

static const Setup SETUPS[SETUP_COUNT] = {
    { SETUP_BCE, "bce", 1, "Dense(1, sigmoid)", "binary cross-entropy",
      "BCE on 1 sigmoid",
      "Binary cross-entropy computed stably from the logit; gradient sigmoid(z) - y per sample.",
      "Learns: accuracy climbs well above the base rate (about 98% on the seed-like data)." ,
      loss_bce },
    { SETUP_CCE1, "cce1", 1, "Dense(1, sigmoid)", "categorical cross-entropy",
      "CCE on 1 sigmoid, tf.keras",
      "tf.keras >= 2.4: softmax cross-entropy on the single cached logit, so the reported loss "
      "is exactly 0 while the gradient w.r.t. the logit is 1 - y per sample.",
      "Every prediction collapses to class 0; accuracy falls to the share of zeros (26%).",
      loss_cce1 },
    { SETUP_CCE1_FROZEN, "cce1-frozen", 1, "Dense(1, sigmoid)", "categorical cross-entropy",
      "CCE on 1 sigmoid, Keras 3/JAX",
      "Keras 3 on JAX/PyTorch, TF 2.2-2.3, TF.js: p / sum(p) = 1 is clipped to 1 - 1e-7, so the "
      "loss is y * 1.19e-7 and the gradient is exactly 0.",
      "The weights never move; predictions stay at their initial values.",
      loss_cce1_frozen },
    { SETUP_CCE1_TEXTBOOK, "cce1-textbook", 1, "Dense(1, sigmoid)", "categorical cross-entropy",
      "CCE on 1 sigmoid, textbook",
      "The textbook formula -y log p on the clipped sigmoid output; gradient -y (1 - p) per sample.",
      "Collapses to class 1; accuracy rises to the share of ones (74%).",
      loss_cce1_textbook },
    { SETUP_CCE2, "cce2", 2, "Dense(2, softmax)", "categorical cross-entropy",
      "CCE on 2 softmax",
      "Two-unit softmax with categorical cross-entropy on one-hot labels; gradient "
      "softmax(z) - onehot(y) per sample.",
      "Learns, and its loss equals binary cross-entropy in value (L_c = L_b).",
      loss_cce2 },
};

const Setup *setup_get(SetupId id)
{
    if ((int)id < 0 || id >= SETUP_COUNT) return NULL;
    return &SETUPS[id];
}

const Setup *setup_find(const char *id)
{
    if (!id) return NULL;
    for (int i = 0; i < SETUP_COUNT; i++)
        if (strcmp(SETUPS[i].id, id) == 0) return &SETUPS[i];
    return NULL;
}

const char *setup_id_list(void) { return "bce, cce1, cce1-frozen, cce1-textbook, cce2"; }

/* p(class 1) in float: sigmoid(z0) for one unit, softmax(z)[1] for two, as Keras computes them */
float setup_p1(const Setup *s, const float *z)
{
    if (s->units == 1) return heads_sigmoid(z[0]);
    float m = fmaxf(z[0], z[1]);
    float e0 = expf(z[0] - m), e1 = expf(z[1] - m);
    return e1 / (e0 + e1);
}

/* Keras's 'accuracy': binary_accuracy (sigmoid(z) > 0.5) for one unit; categorical_accuracy
 * (argmax of the softmax output, first index on ties) for two. */
int setup_pred(const Setup *s, const float *z)
{
    if (s->units == 1) return heads_sigmoid(z[0]) > 0.5f;
    float m = fmaxf(z[0], z[1]);
    float e0 = expf(z[0] - m), e1 = expf(z[1] - m);
    float sum = e0 + e1;
    return e1 / sum > e0 / sum;
}
