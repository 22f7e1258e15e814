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
    DIAG_UNTRAINED,                       /* step 0: no weight has been updated yet */
    DIAG_HIDDEN_LOGIT,
    DIAG_FLOOR,
    DIAG_INFLATED,
    DIAG_UNBOUNDED,
    DIAG_COLLAPSED0,                      /* COLLAPSED-k = DIAG_COLLAPSED0 + k, k < CLASSES_MAX */
    DIAG_COUNT = DIAG_COLLAPSED0 + CLASSES_MAX
} Diag;
#define DIAG_COLLAPSED1 (DIAG_COLLAPSED0 + 1)

typedef enum { SEV_GOOD, SEV_WARN, SEV_BAD, SEV_INFO } Severity;   /* INFO: neither good nor bad */

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
/* Applies the rules in order, first match wins: the table in diagnose.c (WORDS, RULE_ORDER) says
 * what each one tests, and diag_rule() gives it to --help, the man page and the screen's help.
 * At step 0 no rule after UNTRAINED applies (nothing has collapsed before the first update).
 * Fills p->diag and p->reason. */
void diagnose(struct EvalPoint *p, const DiagInput *in);
/* The rules in the order above, for --help, the man page (make man) and the screen's help:
 * the word ("COLLAPSED-k" for the collapse range), the rule in one line of at most 66 columns,
 * and a gloss of a few words. Out of range: word "?". */
typedef struct {
    const char *word, *rule, *brief;
} DiagRule;
int      diag_rule_count(void);
DiagRule diag_rule(int i);

#endif
