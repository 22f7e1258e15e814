/* setup — the set-up table and the per-row output, prediction and accuracy rules. See setup.h.
 * Owns nothing; the table is read-only. Sources for every row: docs/semantics.md. */
#include "setup/setup.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The rows. Keys are unique, upper case or digits: lower-case letters are the screen's commands. */
static const Setup SETUPS[] = {
    { .id = "bce", .aliases = "", .key = 'B', .hue = HUE_CYAN, .units = 1, .act = ACT_SIGMOID,
      .kmin = 2, .kmax = 2, .loss = loss_bce, .acc = ACC_BINARY,
      .head = "Dense(1, sigmoid)", .loss_name = "binary cross-entropy", .card = "BCE on 1 sigmoid",
      .frameworks = "every framework (tf.keras, Keras 3, PyTorch BCEWithLogitsLoss, TF.js)",
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
      .frameworks = "every framework (one-hot labels; PyTorch CrossEntropyLoss on logits)",
      .semantics = "Two-unit softmax with categorical cross-entropy on one-hot labels; gradient "
                   "softmax(z) - onehot(y) per sample.",
      .expect = "Learns, and its loss equals binary cross-entropy in value (L_c = L_b)." },
    { .id = "cce", .aliases = "softmax-cce", .key = 'K', .hue = HUE_BLUE, .units = 0, .act = ACT_SOFTMAX,
      .kmin = 2, .kmax = CLASSES_MAX, .loss = loss_cce, .acc = ACC_CATEGORICAL,
      .head = "Dense(K, softmax)", .loss_name = "categorical cross-entropy", .card = "CCE on K softmax",
      .frameworks = "every framework (one-hot labels; PyTorch CrossEntropyLoss on logits)",
      .semantics = "K-unit softmax with categorical cross-entropy on one-hot labels; gradient "
                   "softmax(z) - onehot(y) per sample (at K = 2 exactly cce2).",
      .expect = "Learns: accuracy climbs well above the majority-class rate." },
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

/* Levenshtein distance, bounded strings (ids are short) */
static int edit_distance(const char *a, const char *b)
{
    int la = (int)strlen(a), lb = (int)strlen(b);
    if (la > 63 || lb > 63) return 99;
    int row[64];
    for (int j = 0; j <= lb; j++) row[j] = j;
    for (int i = 1; i <= la; i++) {
        int prev = row[0];
        row[0] = i;
        for (int j = 1; j <= lb; j++) {
            int cur = row[j];
            int sub = prev + (a[i - 1] != b[j - 1]);
            int del = row[j] + 1, ins = row[j - 1] + 1;
            row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            prev = cur;
        }
    }
    return row[lb];
}

const char *setup_suggest(const SetupTable *t, const char *name)
{
    const char *best = NULL;
    int bd = 4;
    for (int i = 0; i < t->n; i++) {
        int d = edit_distance(name, t->rows[i].id);
        if (d < bd) { bd = d; best = t->rows[i].id; }
    }
    return best;
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
