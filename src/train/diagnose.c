/* diagnose — the diagnosis words and their rules. See diagnose.h. Owns nothing. */
#include "train/diagnose.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "train/metrics.h"

static const char *const COLLAPSED_WORDS[CLASSES_MAX] = {
    "COLLAPSED-0", "COLLAPSED-1", "COLLAPSED-2", "COLLAPSED-3", "COLLAPSED-4", "COLLAPSED-5",
    "COLLAPSED-6", "COLLAPSED-7", "COLLAPSED-8", "COLLAPSED-9", "COLLAPSED-10", "COLLAPSED-11",
    "COLLAPSED-12", "COLLAPSED-13", "COLLAPSED-14", "COLLAPSED-15",
};

/* The words, their severity, the rule (for --help and the man page) and a brief gloss (for the
 * screen's help). The COLLAPSED0 row stands for COLLAPSED-k; its words are COLLAPSED_WORDS. */
typedef struct {
    const char *word;
    Severity sev;
    const char *rule;
    const char *brief;
} DiagDef;

static const DiagDef WORDS[DIAG_COLLAPSED0 + 1] = {
    [DIAG_HEALTHY] = { "HEALTHY", SEV_GOOD, "none of the above", "learns" },
    [DIAG_FROZEN] = { "FROZEN", SEV_WARN, "no gradient was ever non-zero: the weights never moved",
                      "weights never moved" },
    [DIAG_LOSS_DISAGREES] = { "LOSS-DISAGREES", SEV_WARN, "reported loss below 0.01, true log-loss above 0.1",
                              "loss ~0, true loss bad" },
    [DIAG_DIVERGED] = { "DIVERGED", SEV_BAD, "a loss, gradient or weight became NaN/Inf; that set-up stops",
                        "NaN/Inf" },
    [DIAG_UNTRAINED] = { "UNTRAINED", SEV_INFO, "step 0: what the initial weights predict (or LOSS-DISAGREES)",
                         "step 0" },
    [DIAG_HIDDEN_LOGIT] = { "HIDDEN-LOGIT", SEV_BAD, "weights move, the output ignores the input: a hidden logit trains",
                            "output never changes" },
    [DIAG_FLOOR] = { "FLOOR", SEV_WARN, "the loss sits on the lowest value this set-up can report (> 0.05)",
                     "loss cannot fall further" },
    [DIAG_INFLATED] = { "INFLATED", SEV_WARN, "the displayed accuracy is 5+ points above the true one",
                        "shown acc > true acc" },
    [DIAG_UNBOUNDED] = { "UNBOUNDED", SEV_BAD, "reported loss below 0: no minimum, the logits run away",
                         "loss below 0" },
    [DIAG_COLLAPSED0] = { "COLLAPSED-k", SEV_BAD, "99% or more of the validation samples are predicted class k",
                          "one class only" },
};

/* the order diagnose() applies the rules in (first match wins) */
static const Diag RULE_ORDER[] = {
    DIAG_DIVERGED, DIAG_FROZEN,   DIAG_UNTRAINED, DIAG_UNBOUNDED,      DIAG_HIDDEN_LOGIT,
    DIAG_COLLAPSED0, DIAG_INFLATED, DIAG_FLOOR,   DIAG_LOSS_DISAGREES, DIAG_HEALTHY,
};
_Static_assert(sizeof RULE_ORDER / sizeof RULE_ORDER[0] == DIAG_COLLAPSED0 + 1, "every word has its rule");

const char *diag_word(Diag d)
{
    if ((int)d < 0 || d >= DIAG_COUNT) return "?";
    return d < DIAG_COLLAPSED0 ? WORDS[d].word : COLLAPSED_WORDS[d - DIAG_COLLAPSED0];
}

Severity diag_severity(Diag d)
{
    if ((int)d < 0 || d >= DIAG_COUNT) return SEV_BAD;
    return d < DIAG_COLLAPSED0 ? WORDS[d].sev : SEV_BAD;
}

int diag_parse(const char *word)
{
    for (int d = 0; d < DIAG_COUNT; d++)
        if (!strcmp(word, diag_word((Diag)d))) return d;
    return -1;
}

int diag_rule_count(void) { return (int)(sizeof RULE_ORDER / sizeof RULE_ORDER[0]); }

DiagRule diag_rule(int i)
{
    DiagRule r = { "?", "", "" };
    if (i < 0 || i >= diag_rule_count()) return r;
    const DiagDef *d = &WORDS[RULE_ORDER[i]];
    r.word = d->word;
    r.rule = d->rule;
    r.brief = d->brief;
    return r;
}

static const char *class_word(int K, int k)
{
    if (K == 2) return k ? "ones" : "zeros";
    return "class";
}

void diagnose(EvalPoint *p, const DiagInput *in)
{
    int K = in->K, top = 0;
    for (int k = 1; k < K; k++)
        if (p->val_pred[k] > p->val_pred[top]) top = k;
    if (in->diverged || !isfinite(p->loss) || !isfinite(p->val_loss) || !isfinite(p->val_logloss)) {
        p->diag = DIAG_DIVERGED;
        if (in->diverged)
            snprintf(p->reason, sizeof p->reason, "loss became NaN/Inf at step %ld; this set-up stopped training",
                     in->diverged_step);
        else
            snprintf(p->reason, sizeof p->reason, "loss became NaN/Inf; this set-up stopped training");
    } else if (p->step > 0 && !in->moved) {
        p->diag = DIAG_FROZEN;
        snprintf(p->reason, sizeof p->reason, "gradient is exactly 0: the weights never move");
    } else if (p->step == 0) {
        /* nothing has collapsed before the first step: say what the untrained model does */
        if (p->loss < 0.01 && p->val_logloss > 0.1) {
            p->diag = DIAG_LOSS_DISAGREES;
            snprintf(p->reason, sizeof p->reason, "untrained: reports loss %.4f but the true log-loss is %.3f",
                     p->loss, p->val_logloss);
        } else {
            p->diag = DIAG_UNTRAINED;
            if (K == 2)
                snprintf(p->reason, sizeof p->reason, "untrained: predicts class 1 for %.0f%%, val acc %.1f%%",
                         100 * p->val_pred1, 100 * p->val_acc);
            else
                snprintf(p->reason, sizeof p->reason, "untrained: predicts class %d for %.0f%%, val acc %.1f%%",
                         top, 100 * p->val_pred[top], 100 * p->val_acc);
        }
    } else if (p->val_loss < -0.01) {
        p->diag = DIAG_UNBOUNDED;
        snprintf(p->reason, sizeof p->reason, "reported loss %.3g < 0: it has no minimum, the logits run away", p->val_loss);
    } else if (in->const_output) {
        p->diag = DIAG_HIDDEN_LOGIT;
        snprintf(p->reason, sizeof p->reason, "output %.4g for any input; the loss trains a hidden logit, now %+.3g",
                 p->val_out0, p->mech_z[0]);
    } else if (p->val_pred[top] >= 0.99) {
        p->diag = (Diag)(DIAG_COLLAPSED0 + top);
        if (K == 2)
            snprintf(p->reason, sizeof p->reason, "class %d for %.0f%% of samples: val acc %.1f%% = share of %s %.1f%%",
                     top, 100 * p->val_pred[top], 100 * p->val_acc, class_word(K, top), 100 * in->share[top]);
        else
            snprintf(p->reason, sizeof p->reason, "class %d for %.0f%% of samples: val acc %.1f%% = its share %.1f%%",
                     top, 100 * p->val_pred[top], 100 * p->val_acc, 100 * in->share[top]);
    } else if (p->val_acc >= p->val_true_acc + 0.05) {
        p->diag = DIAG_INFLATED;
        snprintf(p->reason, sizeof p->reason, "shows accuracy %.1f%% but only %.1f%% of answers are right",
                 100 * p->val_acc, 100 * p->val_true_acc);
    } else if (in->floor > 0.05 && p->val_loss <= in->floor * 1.05 + 0.005) {
        p->diag = DIAG_FLOOR;
        snprintf(p->reason, sizeof p->reason, "loss %.4f sits on its floor %.4f: it cannot fall further (val acc %.1f%%)",
                 p->val_loss, in->floor, 100 * p->val_acc);
    } else if (p->loss < 0.01 && p->val_logloss > 0.1) {
        p->diag = DIAG_LOSS_DISAGREES;
        snprintf(p->reason, sizeof p->reason, "reports loss %.4f but the true log-loss is %.3f", p->loss, p->val_logloss);
    } else {
        p->diag = DIAG_HEALTHY;
        snprintf(p->reason, sizeof p->reason, "learning: val acc %.1f%%, log-loss %.3f", 100 * p->val_acc,
                 p->val_logloss);
    }
}
