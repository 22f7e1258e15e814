/* diagnose — turns one evaluation point's numbers into a word and a reason a learner can read.
 * The words and their rules live in one table (diagnose.c), applied in order, first match wins;
 * docs, help and the lesson parser list the words from it. Owns nothing. */
#ifndef LOSSLAB_DIAGNOSE_H
#define LOSSLAB_DIAGNOSE_H
#include "setup/setup.h"

typedef enum {
    DIAG_HEALTHY,
    DIAG_FROZEN,
    DIAG_LOSS_DISAGREES,
    DIAG_DIVERGED,
    DIAG_HIDDEN_LOGIT,
    DIAG_FLOOR,
    DIAG_INFLATED,
    DIAG_UNBOUNDED,
    DIAG_COLLAPSED0,                      /* COLLAPSED-k = DIAG_COLLAPSED0 + k, k < CLASSES_MAX */
    DIAG_COUNT = DIAG_COLLAPSED0 + CLASSES_MAX
} Diag;
#define DIAG_COLLAPSED1 (DIAG_COLLAPSED0 + 1)

typedef enum { SEV_GOOD, SEV_WARN, SEV_BAD } Severity;

struct EvalPoint;

/* What the rules need besides the point itself. */
typedef struct {
    int diverged;          /* a loss, gradient or parameter became NaN/Inf */
    long diverged_step;
    int moved;             /* a non-zero gradient has been applied since the weights were initialised */
    int K;
    const double *share;   /* (K) class shares of the validation labels */
    double floor;          /* the lowest mean loss the set-up can report on these labels (0: none) */
    int const_output;      /* the head's output cannot depend on the input (a softmax over one unit) */
} DiagInput;

/* "HEALTHY", "COLLAPSED-0", ...; "?" for a value outside the table. */
const char *diag_word(Diag d);
Severity    diag_severity(Diag d);
/* The word's number, or -1 (exact match, case-sensitive). */
int         diag_parse(const char *word);
/* The rules in order, first match wins (also printed by --help and the man page):
 *   DIVERGED        a loss, gradient or parameter became NaN/Inf (that set-up stops training)
 *   FROZEN          steps were taken but no gradient has ever been non-zero: the weights have
 *                   not moved since initialisation
 *   (step 0: only LOSS-DISAGREES or HEALTHY, with what the untrained model predicts)
 *   UNBOUNDED       the reported loss is below 0: a loss with no minimum, the logits run away
 *   HIDDEN-LOGIT    the weights move but the head's output cannot depend on the input (a
 *                   softmax over one unit is always 1.0): the loss trains a logit it never shows
 *   COLLAPSED-k     at least 99% of validation samples are predicted class k
 *   INFLATED        the accuracy the framework displays is 5 or more points above the true one
 *   FLOOR           the loss sits on the lowest value this set-up can report (above 0.05 on
 *                   these labels): it cannot fall further, however well the model predicts
 *   LOSS-DISAGREES  the reported loss is below 0.01 while the true log-loss is above 0.1
 *   HEALTHY         none of the above
 * Fills p->diag and p->reason. */
void diagnose(struct EvalPoint *p, const DiagInput *in);
/* One line per rule, for --help: "  WORD  rule" */
const char *diag_rules_text(void);

#endif
