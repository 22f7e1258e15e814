/* setup — the set-up table and the per-row output, prediction and accuracy rules. See setup.h.
 * Owns nothing; the table is read-only. Sources for every row: docs/semantics.md. */
#include "setup/setup.h"

#include "base/suggest.h"
#include "nn/loss_atlas.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- loss floors: the lowest mean loss a set-up can report on labels with these shares ---- */

/* BCE from logits on p = sigmoid(z) in (0, 1): y = 0 costs at least log 2, y = 1 log(1 + 1/e) */
static double floor_bce_double(int K, const double *share)
{
    (void)K;
    return share[0] * log(2.0) + share[1] * log1p(exp(-1.0));
}

/* hinge with 0/1 labels on p in (0, 1): a zero costs at least 1, a one nearly 0 */
static double floor_hinge(int K, const double *share)
{
    (void)K;
    return share[0];
}

/* MSE against the batch's label mean ybar: at least ybar (1 - ybar) */
static double floor_mse_broadcast(int K, const double *share)
{
    (void)K;
    return share[0] * share[1];
}

/* cross-entropy of a softmax over probabilities in [0, 1]: at least log(1 + (K - 1)/e) */
static double floor_ce_softmax(int K, const double *share)
{
    (void)share;
    return log1p((double)(K - 1) / exp(1.0));
}

/* The rows. Keys are unique, upper case or digits: lower-case letters are the screen's commands. */
static const Setup SETUPS[] = {
    { .id = "bce", .aliases = "", .key = 'B', .hue = HUE_CYAN, .units = 1, .act = ACT_SIGMOID,
      .kmin = 2, .kmax = 2, .loss = loss_bce, .acc = ACC_BINARY,
      .head = "Dense(1, sigmoid)", .loss_name = "binary cross-entropy", .card = "BCE on 1 sigmoid",
      .frameworks = "tf.keras 2.4+ and Keras 3 on TF (from the cached logit), PyTorch BCEWithLogitsLoss; "
                    "Keras 3 on JAX/PyTorch and TF.js clip p to [1e-7, 1 - 1e-7] first: the same until a "
                    "sample saturates (|z| > 16), where its gradient becomes 0 (measured)",
      .semantics = "Binary cross-entropy computed stably from the logit; gradient sigmoid(z) - y per sample.",
      .expect = "Learns: accuracy climbs well above the base rate (about 98% on the seed-like data)." },
    { .id = "cce1", .aliases = "", .key = 'C', .hue = HUE_YELLOW, .units = 1, .act = ACT_SIGMOID,
      .kmin = 2, .kmax = 2, .loss = loss_cce1, .acc = ACC_BINARY,
      .head = "Dense(1, sigmoid)", .loss_name = "categorical cross-entropy", .card = "CCE on 1 sigmoid, tf.keras",
      .frameworks = "tf.keras 2.4-2.15, tf-keras, Keras 3 on TensorFlow",
      .semantics = "Softmax cross-entropy on the single cached logit, so the reported loss is exactly 0 "
                   "while the gradient w.r.t. the logit is 1 - y per sample.",
      .expect = "Every prediction collapses to class 0; accuracy falls to the share of zeros (26%)." },
    { .id = "cce1-frozen", .aliases = "", .key = 'F', .hue = HUE_MAGENTA, .units = 1, .act = ACT_SIGMOID,
      .kmin = 2, .kmax = 2, .loss = loss_cce1_frozen, .acc = ACC_BINARY,
      .head = "Dense(1, sigmoid)", .loss_name = "categorical cross-entropy", .card = "CCE on 1 sigmoid, Keras 3/JAX",
      .frameworks = "Keras 3 on JAX or PyTorch, tf.keras 2.2-2.3, TF.js",
      .semantics = "p / sum(p) = 1 is clipped to 1 - 1e-7, so the loss is y * 1.19e-7 and the gradient "
                   "is exactly 0.",
      .expect = "The weights never move; predictions stay at their initial values." },
    { .id = "cce1-textbook", .aliases = "", .key = 'T', .hue = HUE_GREEN, .units = 1, .act = ACT_SIGMOID,
      .kmin = 2, .kmax = 2, .loss = loss_cce1_textbook, .acc = ACC_BINARY,
      .head = "Dense(1, sigmoid)", .loss_name = "categorical cross-entropy", .card = "CCE on 1 sigmoid, textbook",
      .frameworks = "no framework: the formula of the usual answer",
      .semantics = "The textbook formula -y log p on the clipped sigmoid output; gradient -y (1 - p) per sample.",
      .expect = "Collapses to class 1; accuracy rises to the share of ones (74%)." },
    { .id = "cce2", .aliases = "", .key = '2', .hue = HUE_BLUE, .units = 2, .act = ACT_SOFTMAX,
      .kmin = 2, .kmax = 2, .loss = loss_cce, .acc = ACC_CATEGORICAL,
      .head = "Dense(2, softmax)", .loss_name = "categorical cross-entropy", .card = "CCE on 2 softmax",
      .frameworks = "tf.keras 2.4+ and Keras 3 on TF (cached logits), PyTorch CrossEntropyLoss on logits; "
                    "Keras 3 on JAX/PyTorch and TF.js clip the probabilities: the same until a sample "
                    "saturates (measured)",
      .semantics = "Two-unit softmax with categorical cross-entropy on one-hot labels; gradient "
                   "softmax(z) - onehot(y) per sample.",
      .expect = "Learns, and its loss equals binary cross-entropy in value (L_c = L_b)." },
    { .id = "cce", .aliases = "softmax-cce", .key = 'K', .hue = HUE_BLUE, .units = 0, .act = ACT_SOFTMAX,
      .kmin = 2, .kmax = CLASSES_MAX, .loss = loss_cce, .acc = ACC_CATEGORICAL,
      .head = "Dense(K, softmax)", .loss_name = "categorical cross-entropy", .card = "CCE on K softmax",
      .frameworks = "tf.keras 2.4+ and Keras 3 on TF (cached logits), PyTorch CrossEntropyLoss on logits; "
                    "Keras 3 on JAX/PyTorch and TF.js clip the probabilities: the same until a sample "
                    "saturates (measured)",
      .semantics = "K-unit softmax with categorical cross-entropy on one-hot labels; gradient "
                   "softmax(z) - onehot(y) per sample (at K = 2 exactly cce2).",
      .expect = "Learns: accuracy climbs well above the majority-class rate." },
    /* ---- the atlas: one-unit softmax ---------------------------------------------------- */
    { .id = "softmax1-bce", .aliases = "", .key = 'S', .hue = HUE_RED, .units = 1, .act = ACT_SOFTMAX,
      .kmin = 2, .kmax = 2, .loss = atlas_softmax1_bce, .acc = ACC_BINARY,
      .head = "Dense(1, softmax)", .loss_name = "binary cross-entropy", .card = "BCE on 1 softmax, tf.keras",
      .frameworks = "tf.keras 2.4-2.15, tf-keras, Keras 3 on TensorFlow",
      .semantics = "The loss takes the softmax's cached pre-softmax logit and trains it as a logistic "
                   "regression, but the output, a softmax over one unit, is 1.0 for every input.",
      .expect = "The loss falls while every prediction stays class 1: accuracy = share of ones." },
    { .id = "softmax1-bce-frozen", .aliases = "", .key = 'Z', .hue = HUE_MAGENTA, .units = 1, .act = ACT_SOFTMAX,
      .kmin = 2, .kmax = 2, .loss = atlas_softmax1_bce_frozen, .acc = ACC_BINARY,
      .head = "Dense(1, softmax)", .loss_name = "binary cross-entropy", .card = "BCE on 1 softmax, Keras 3/JAX",
      .frameworks = "Keras 3 on JAX or PyTorch; TF.js and Keras <= 2.2 give the same numbers",
      .semantics = "The output 1.0 is clipped to 1 - 1e-7: loss 15.942385 for y = 0 and 1.19e-7 for "
                   "y = 1, gradient exactly 0.",
      .expect = "Frozen: a constant loss (share of zeros x 15.94), predictions all class 1." },
    { .id = "softmax1-bce-torch", .aliases = "", .key = 'P', .hue = HUE_MAGENTA, .units = 1, .act = ACT_SOFTMAX,
      .kmin = 2, .kmax = 2, .loss = atlas_softmax1_bce_torch, .acc = ACC_BINARY,
      .head = "softmax over 1 unit", .loss_name = "PyTorch BCELoss", .card = "BCELoss on 1 softmax, torch",
      .frameworks = "PyTorch nn.BCELoss()(torch.softmax(z, 1), y) (measured, 1.13 and 2.13)",
      .semantics = "log(1 - 1) is clamped at -100, so the loss is 100 for y = 0 and -0 for y = 1; the "
                   "softmax's Jacobian is 0, so the gradient is exactly 0.",
      .expect = "Frozen: loss 100 x share of zeros, predictions all class 1." },
    { .id = "softmax1-cce", .aliases = "", .key = 'X', .hue = HUE_YELLOW, .units = 1, .act = ACT_SOFTMAX,
      .kmin = 2, .kmax = 2, .loss = atlas_softmax1_cce, .acc = ACC_BINARY,
      .head = "Dense(1, softmax)", .loss_name = "categorical cross-entropy", .card = "CCE on 1 softmax, tf.keras",
      .frameworks = "tf.keras 2.4-2.15, tf-keras, Keras 3 on TensorFlow",
      .semantics = "cce1's fused kernel on the cached logit: loss exactly 0, gradient 1 - y; but the "
                   "output is a one-unit softmax, 1.0 for every input.",
      .expect = "The hidden logit is pushed down, the output stays 1.0: all class 1 (74%, where cce1 shows 26%)." },
    { .id = "ce1-float", .aliases = "", .key = '1', .hue = HUE_WHITE, .units = 1, .act = ACT_LINEAR,
      .kmin = 2, .kmax = 2, .loss = atlas_ce1_float_torch, .acc = ACC_BINARY,
      .head = "Linear(16, 1)", .loss_name = "PyTorch CrossEntropyLoss, float (N,1) targets", .card = "CE on 1 unit, float targets",
      .frameworks = "PyTorch nn.CrossEntropyLoss()(z (N,1), y.float() (N,1)) (measured); integer targets "
                    "raise IndexError: Target 1 is out of bounds.",
      .semantics = "Class probabilities over one column: log_softmax of one column is 0, so the loss "
                   "is -0.0 and the gradient exactly 0.",
      .expect = "Frozen at loss -0.0; the predictions are whatever the initial weights give." },
    /* ---- the atlas: from_logits both ways ------------------------------------------------ */
    { .id = "bce-double", .aliases = "", .key = 'D', .hue = HUE_GREEN, .units = 1, .act = ACT_SIGMOID,
      .kmin = 2, .kmax = 2, .loss = atlas_bce_double, .acc = ACC_BINARY, .floor = floor_bce_double,
      .head = "Dense(1, sigmoid)", .loss_name = "BCE with from_logits=True", .card = "BCE(logits) on a sigmoid",
      .frameworks = "Keras 3 on JAX or PyTorch, PyTorch BCEWithLogitsLoss(sigmoid(z)), TF.js; tf.keras "
                    "2.4+ and Keras 3 on TF warn and use the cached logit instead (= bce)",
      .semantics = "The sigmoid output is taken as a logit a second time: the loss cannot fall below "
                   "log 2 (y = 0) or log(1 + 1/e) = 0.3133 (y = 1), and the gradient shrinks.",
      .expect = "Learns the sign, but the loss sits on its floor (0.41 with 74% ones)." },
    { .id = "bce-raw", .aliases = "", .key = 'A', .hue = HUE_CYAN, .units = 1, .act = ACT_LINEAR,
      .kmin = 2, .kmax = 2, .loss = atlas_bce_raw, .acc = ACC_BINARY,
      .head = "Dense(1) linear", .loss_name = "BCE with from_logits=False", .card = "BCE on a linear output",
      .frameworks = "tf.keras 2.4-2.15 and tf-keras (clip, then log(c + 1e-7)); PyTorch BCELoss raises "
                    "RuntimeError: all elements of input should be between 0 and 1",
      .semantics = "The raw output is clipped to [1e-7, 1 - 1e-7] and read as a probability: a gradient "
                   "only while 0 < z < 1; accuracy thresholds the raw value at 0.5.",
      .expect = "Partial learning: samples pushed past 0 or 1 stop learning." },
    { .id = "bce-raw-plain", .aliases = "", .key = 'Y', .hue = HUE_CYAN, .units = 1, .act = ACT_LINEAR,
      .kmin = 2, .kmax = 2, .loss = atlas_bce_raw_plain, .acc = ACC_BINARY,
      .head = "Dense(1) linear", .loss_name = "BCE with from_logits=False", .card = "BCE on linear, Keras 3",
      .frameworks = "Keras 3 (all backends: clip, then plain log); TF.js and Keras <= 2.2 agree to 7 digits",
      .semantics = "As bce-raw with log(c) instead of log(c + 1e-7): the wrong side costs 16.118 "
                   "(y = 1) or 15.942 (y = 0); the gradient flows only while 0 < z < 1.",
      .expect = "Partial learning, as bce-raw." },
    /* ---- the atlas: other losses on a sigmoid ------------------------------------------- */
    { .id = "mse", .aliases = "", .key = 'M', .hue = HUE_BLUE, .units = 1, .act = ACT_SIGMOID,
      .kmin = 2, .kmax = 2, .loss = atlas_mse, .acc = ACC_BINARY,
      .head = "Dense(1, sigmoid)", .loss_name = "mean squared error", .card = "MSE on 1 sigmoid",
      .frameworks = "every framework with matching shapes (Keras, TF.js, PyTorch MSELoss)",
      .semantics = "(p - y)^2 through the sigmoid: gradient 2 (p - y) p (1 - p), small where the "
                   "sigmoid saturates.",
      .expect = "Learns, a little slower than bce: the contrast case." },
    { .id = "mse-broadcast", .aliases = "", .key = 'N', .hue = HUE_RED, .units = 1, .act = ACT_SIGMOID,
      .kmin = 2, .kmax = 2, .loss = atlas_mse_broadcast, .acc = ACC_BINARY, .floor = floor_mse_broadcast,
      .head = "Linear + sigmoid (N,1)", .loss_name = "PyTorch MSELoss with an (N,) target", .card = "MSELoss (N,1) vs (N,), torch",
      .frameworks = "PyTorch nn.MSELoss()(out (N,1), y (N,)) (measured: warns, broadcasts to N x N)",
      .semantics = "Every output is compared with every label of the batch: the gradient is blind to "
                   "the sample's own label and pulls every output to the batch's label mean.",
      .expect = "Every prediction the label mean (0.74): all class 1; loss floor y(1 - y) = 0.19." },
    { .id = "hinge", .aliases = "", .key = 'H', .hue = HUE_GREEN, .units = 1, .act = ACT_SIGMOID,
      .kmin = 2, .kmax = 2, .loss = atlas_hinge, .acc = ACC_BINARY, .floor = floor_hinge,
      .head = "Dense(1, sigmoid)", .loss_name = "hinge, 0/1 labels", .card = "hinge on 1 sigmoid",
      .frameworks = "tf.keras, tf-keras, Keras 3, Keras >= 2.3 (labels 0/1 converted to -1/+1)",
      .semantics = "max(0, 1 - y' p) with y' = 2y - 1: always active since p < 1; the gradient "
                   "+-p (1 - p) is the same size for both classes, so the majority wins the first steps "
                   "and then the gradient vanishes as p saturates.",
      .expect = "Every prediction class 1 on the seed-like data (measured in tf-keras and Keras 3: loss "
                "0.5222 = 2 x share of zeros); with a smaller majority it can escape and learn." },
    { .id = "hinge-raw", .aliases = "", .key = 'I', .hue = HUE_YELLOW, .units = 1, .act = ACT_SIGMOID,
      .kmin = 2, .kmax = 2, .loss = atlas_hinge_raw, .acc = ACC_BINARY, .floor = floor_hinge,
      .head = "Dense(1, sigmoid)", .loss_name = "hinge, 0/1 labels", .card = "hinge, no conversion",
      .frameworks = "TF.js, Keras <= 2.2.5 (labels used as given)",
      .semantics = "max(0, 1 - y p) with y in {0, 1}: y = 0 rows cost exactly 1 with gradient 0 "
                   "(dead); y = 1 rows push p up.",
      .expect = "Everything becomes class 1: accuracy = share of ones." },
    /* ---- the atlas: K classes ------------------------------------------------------------ */
    { .id = "softmax-bce-legacy", .aliases = "", .key = 'L', .hue = HUE_MAGENTA, .units = 0, .act = ACT_SOFTMAX,
      .kmin = 3, .kmax = CLASSES_MAX, .loss = atlas_softmax_bce_legacy, .acc = ACC_BINARY_ONEHOT,
      .head = "Dense(K, softmax)", .loss_name = "binary cross-entropy, one-hot", .card = "BCE on K softmax, old Keras",
      .frameworks = "multi-backend Keras 1.0.6-2.3 and tf.keras <= 2.1 (their 'accuracy'); TF.js",
      .semantics = "BCE on each clipped softmax column (it learns), but 'accuracy' resolves to binary "
                   "accuracy over all K outputs: a useless model shows (K - 1)/K.",
      .expect = "Learns, and the displayed accuracy is inflated above the true one (75% at K = 4 untrained)." },
    { .id = "softmax-bce", .aliases = "", .key = 'E', .hue = HUE_CYAN, .units = 0, .act = ACT_SOFTMAX,
      .kmin = 3, .kmax = CLASSES_MAX, .loss = atlas_softmax_bce, .acc = ACC_CATEGORICAL,
      .head = "Dense(K, softmax)", .loss_name = "binary cross-entropy, one-hot", .card = "BCE on K softmax, tf.keras",
      .frameworks = "tf.keras 2.4-2.15, tf-keras, Keras 3 on TensorFlow",
      .semantics = "BCE takes the softmax's cached pre-softmax logits and runs K one-vs-rest sigmoid "
                   "cross-entropies on them; 'accuracy' is categorical, the true accuracy.",
      .expect = "Learns (a little slower than cce); the loss fit shows is not the loss of the outputs." },
    { .id = "sigmoid-cce", .aliases = "", .key = 'G', .hue = HUE_GREEN, .units = 0, .act = ACT_SIGMOID,
      .kmin = 3, .kmax = CLASSES_MAX, .loss = atlas_sigmoid_cce, .acc = ACC_CATEGORICAL,
      .head = "Dense(K, sigmoid)", .loss_name = "categorical cross-entropy", .card = "CCE on K sigmoid, tf.keras",
      .frameworks = "tf.keras 2.4-2.15, tf-keras, Keras 3 on TensorFlow",
      .semantics = "The sigmoid's cached logits go to the fused softmax cross-entropy: exactly cce; "
                   "only predict() differs (unnormalised sigmoids).",
      .expect = "Learns exactly as cce." },
    { .id = "sigmoid-cce-norm", .aliases = "", .key = 'J', .hue = HUE_YELLOW, .units = 0, .act = ACT_SIGMOID,
      .kmin = 3, .kmax = CLASSES_MAX, .loss = atlas_sigmoid_cce_norm, .acc = ACC_CATEGORICAL,
      .head = "Dense(K, sigmoid)", .loss_name = "categorical cross-entropy", .card = "CCE on K sigmoid, Keras 3/JAX",
      .frameworks = "Keras 3 on JAX or PyTorch, Keras <= 2.3, tf.keras <= 2.3, TF.js",
      .semantics = "-log(sigmoid_c / sum of sigmoids), clipped: a ratio classifier; the sigmoids are "
                   "not driven towards 0/1.",
      .expect = "Learns, by ratios; the outputs do not read as probabilities." },
    { .id = "ce-softmax", .aliases = "double-softmax", .key = 'W', .hue = HUE_RED, .units = 0, .act = ACT_SOFTMAX,
      .kmin = 3, .kmax = CLASSES_MAX, .loss = atlas_ce_softmax, .acc = ACC_CATEGORICAL, .floor = floor_ce_softmax,
      .head = "Dense(K, softmax)", .loss_name = "CrossEntropyLoss / from_logits=True", .card = "CE on softmax (double)",
      .frameworks = "PyTorch CrossEntropyLoss(softmax(z)); from_logits=True on a softmax in Keras 3 on "
                    "JAX/PyTorch and Keras <= 2.3 (tf.keras 2.4+ warns and uses the cached logits)",
      .semantics = "A second softmax over probabilities: the loss cannot go below log(1 + (K - 1)/e) "
                   "(0.7437 at K = 4) and confidently wrong samples get almost no gradient.",
      .expect = "Learns partly; the loss sits on its floor." },
    { .id = "cce-raw", .aliases = "", .key = 'U', .hue = HUE_WHITE, .units = 0, .act = ACT_LINEAR,
      .kmin = 3, .kmax = CLASSES_MAX, .loss = atlas_cce_raw, .acc = ACC_CATEGORICAL,
      .head = "Dense(K) linear", .loss_name = "CCE with from_logits=False", .card = "CCE on a linear output",
      .frameworks = "every Keras version and backend, and TF.js (no warning)",
      .semantics = "The raw outputs are divided by their signed sum and clipped: the minimum is 'the "
                   "other outputs sum to 0', not 'the right output is largest'.",
      .expect = "Learns nothing usable; erratic." },
    { .id = "nll-raw", .aliases = "", .key = 'V', .hue = HUE_RED, .units = 0, .act = ACT_LINEAR,
      .kmin = 3, .kmax = CLASSES_MAX, .loss = atlas_nll_raw, .acc = ACC_CATEGORICAL,
      .head = "Linear(16, K)", .loss_name = "PyTorch NLLLoss without log_softmax", .card = "NLLLoss on raw logits",
      .frameworks = "PyTorch nn.NLLLoss()(z, y) on raw logits (measured)",
      .semantics = "-z_y: unbounded below; the gradient only ever raises the target logit, so the "
                   "loss runs off towards minus infinity.",
      .expect = "The loss diverges below zero." },
};

static const char *const LINEUP[] = { "bce", "cce1", "cce2", NULL };
static const char *const LINEUP_K[] = { "cce", NULL };

static const SetupTable BUILTIN = { SETUPS, (int)(sizeof SETUPS / sizeof SETUPS[0]), LINEUP, LINEUP_K };

const SetupTable *setup_builtin(void) { return &BUILTIN; }

static int has_alias(const char *aliases, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = aliases; n && (p = strstr(p, name)) != NULL; p += n)
        if ((p == aliases || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) return 1;
    return 0;
}

const Setup *setup_find(const SetupTable *t, const char *name)
{
    if (!name || !*name) return NULL;
    for (int i = 0; i < t->n; i++)
        if (!strcmp(t->rows[i].id, name) || has_alias(t->rows[i].aliases, name)) return &t->rows[i];
    return NULL;
}

int setup_index(const SetupTable *t, const Setup *s)
{
    for (int i = 0; i < t->n; i++)
        if (&t->rows[i] == s) return i;
    return -1;
}

void setup_id_list(const SetupTable *t, char *out, size_t cap)
{
    size_t used = 0;
    if (cap) out[0] = '\0';
    for (int i = 0; i < t->n; i++) {
        int w = snprintf(out + used, cap - used, "%s%s", i ? ", " : "", t->rows[i].id);
        if (w < 0 || (size_t)w >= cap - used) return;
        used += (size_t)w;
    }
}

void setup_lineup_str(const SetupTable *t, int K, char *out, size_t cap)
{
    const char *const *ids = K > 2 ? t->lineup_k : t->lineup;
    size_t used = 0;
    if (cap) out[0] = '\0';
    for (int i = 0; ids[i]; i++) {
        int w = snprintf(out + used, cap - used, "%s%s", i ? "," : "", ids[i]);
        if (w < 0 || (size_t)w >= cap - used) return;
        used += (size_t)w;
    }
}

const char *setup_suggest(const SetupTable *t, const char *name)
{
    const char *ids[SETUPS_MAX * 4];
    int n = 0;
    for (int i = 0; i < t->n && n < SETUPS_MAX * 4; i++) ids[n++] = t->rows[i].id;
    return str_nearest(name, ids, n, 3);
}

/* ---- per-sample rules (in float, as the frameworks compute them) ---------------------------- */

void setup_output(const Setup *s, const float *z, int U, float *out)
{
    switch (s->act) {
    case ACT_SIGMOID:
        for (int j = 0; j < U; j++) out[j] = loss_sigmoid(z[j]);
        break;
    case ACT_SOFTMAX: {
        float m = z[0];
        for (int j = 1; j < U; j++) m = fmaxf(m, z[j]);
        float sum = 0.0f;
        for (int j = 0; j < U; j++) sum += expf(z[j] - m);
        for (int j = 0; j < U; j++) out[j] = expf(z[j] - m) / sum;
        break;
    }
    case ACT_LINEAR:
        for (int j = 0; j < U; j++) out[j] = z[j];
        break;
    }
}

int setup_pred(const Setup *s, const float *z, int U)
{
    float o[CLASSES_MAX];
    setup_output(s, z, U, o);
    if (U == 1) return o[0] > 0.5f;
    int best = 0;
    for (int j = 1; j < U; j++)
        if (o[j] > o[best]) best = j;
    return best;
}

void setup_probs(const Setup *s, const float *z, int U, int K, double *p)
{
    float o[CLASSES_MAX];
    setup_output(s, z, U, o);
    if (U == 1) {
        double p1 = s->act == ACT_LINEAR ? (o[0] < 0.0f ? 0.0 : o[0] > 1.0f ? 1.0 : (double)o[0]) : (double)o[0];
        p[0] = 1.0 - p1;
        p[1] = p1;
        for (int c = 2; c < K; c++) p[c] = 0.0;
        return;
    }
    if (s->act == ACT_SOFTMAX && U == K) {
        for (int c = 0; c < K; c++) p[c] = o[c];
        return;
    }
    double sum = 0.0;
    for (int c = 0; c < K; c++) {
        double v = c < U ? (double)o[c] : 0.0;
        p[c] = isnan(v) ? v : v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v;
        sum += p[c];
    }
    for (int c = 0; c < K; c++) p[c] = sum > 0.0 ? p[c] / sum : isnan(sum) ? NAN : 1.0 / K;
}

double setup_shown_correct(const Setup *s, const float *z, int U, int y)
{
    switch (s->acc) {
    case ACC_BINARY:
    case ACC_CATEGORICAL:
        return setup_pred(s, z, U) == y;
    case ACC_BINARY_ONEHOT: {
        float o[CLASSES_MAX];
        setup_output(s, z, U, o);
        int right = 0;
        for (int j = 0; j < U; j++) right += (o[j] > 0.5f) == (j == y);
        return (double)right / U;
    }
    }
    return 0.0;
}
