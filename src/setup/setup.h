/* setup — THE table of loss set-ups. A set-up is one row: its id and aliases, the key that focuses
 * it (also its card badge and its chart end-label), its colour, its head (units, activation), its
 * loss kernel (nn/loss.h: forward value and back-propagated gradient side by side), what the
 * framework's 'accuracy' displays for it, the classes it accepts, the frameworks and versions that
 * compute it this way, one sentence of semantics and its expected outcome. The command line
 * (--models, --help), the lesson parser and player, the CSV, the screen and the man page's list
 * all derive from the table; nothing else knows how many set-ups exist.
 * Sources for every row: docs/semantics.md. Owns nothing: the tables are read-only statics. */
#ifndef LOSSLAB_SETUP_H
#define LOSSLAB_SETUP_H
#include <stddef.h>
#include "nn/loss.h"

#define SETUPS_MAX 32   /* set-ups one run can hold side by side (a line-up is a subset) */
#define CLASSES_MAX 16  /* K: classes 2..CLASSES_MAX */

typedef enum { ACT_SIGMOID, ACT_SOFTMAX, ACT_LINEAR } HeadAct;

/* What metrics=['accuracy'] resolves to for this configuration */
typedef enum {
    ACC_BINARY,        /* binary_accuracy: output > 0.5 against the 0/1 label (one unit) */
    ACC_CATEGORICAL,   /* categorical/sparse accuracy: argmax of the outputs against the class */
    ACC_BINARY_ONEHOT  /* binary_accuracy over all U outputs against the one-hot label, averaged */
} AccKind;

/* Terminal colours a row may ask for (the screen maps them; monochrome relies on the key) */
typedef enum { HUE_CYAN, HUE_YELLOW, HUE_MAGENTA, HUE_GREEN, HUE_BLUE, HUE_RED, HUE_WHITE, HUE_COUNT } Hue;

typedef struct {
    const char *id;          /* "cce1": the CLI, CSV, lessons and screen name */
    const char *aliases;     /* space-separated other names accepted on input, "" if none */
    char key;                /* focus key = card badge = chart end-label; unique in a table */
    Hue hue;
    int units;               /* head units: 1 or 2, or 0 = K (one per class) */
    HeadAct act;             /* the head's output activation (what the model outputs) */
    int kmin, kmax;          /* classes this set-up accepts (binary-only: 2, 2) */
    LossFn loss;
    AccKind acc;
    /* the lowest mean loss it can report on labels with these class shares (NULL: 0) */
    double (*floor)(int K, const double *share);
    const char *head;        /* "Dense(1, sigmoid)" */
    const char *loss_name;   /* "categorical cross-entropy" */
    const char *card;        /* <= 30 columns, for a screen card: "CCE on 1 sigmoid, tf.keras" */
    const char *frameworks;  /* who computes it this way: "tf.keras 2.4-2.15, tf-keras, Keras 3 on TF" */
    const char *semantics;   /* one sentence: how the loss and its gradient are computed */
    const char *expect;      /* one sentence: what happens on the seed-like data */
} Setup;

typedef struct {
    const Setup *rows;
    int n;
    const char *const *lineup;   /* the default line-up (K = 2), by id, NULL-terminated */
    const char *const *lineup_k; /* the default line-up for K >= 3 */
} SetupTable;

/* The built-in table (the one every front end uses; tests may build their own SetupTable). */
const SetupTable *setup_builtin(void);
/* A row by id or alias; NULL if unknown. */
const Setup *setup_find(const SetupTable *t, const char *name);
/* "bce, cce1, ..." — every id of the table, for messages; into out (truncated to cap). */
void setup_id_list(const SetupTable *t, char *out, size_t cap);
/* The default line-up for K classes (K >= 3: lineup_k) as "bce,cce1,cce2", into out. */
void setup_lineup_str(const SetupTable *t, int K, char *out, size_t cap);
/* The nearest id to a misspelt name (edit distance <= 3), or NULL. */
const char *setup_suggest(const SetupTable *t, const char *name);
/* The row's index in its table, or -1. */
int setup_index(const SetupTable *t, const Setup *s);

/* Head units for K classes. */
static inline int setup_units(const Setup *s, int K) { return s->units ? s->units : K; }
static inline int setup_accepts(const Setup *s, int K) { return K >= s->kmin && K <= s->kmax; }

/* One sample's pre-activations z (U = setup_units): */
/* the head's outputs as the model returns them (sigmoid / softmax / identity), in float */
void  setup_output(const Setup *s, const float *z, int U, float *out);
/* the class the model predicts: one unit: output > 0.5; several: the first argmax of the outputs */
int   setup_pred(const Setup *s, const float *z, int U);
/* the class probabilities p (K) the model's outputs stand for, for the true log-loss: one unit:
 * p1 = the output clipped to [0, 1], p0 = 1 - p1; K outputs that are a softmax: as is; otherwise
 * the outputs clipped to [0, 1] and normalised (uniform when they sum to 0). */
void  setup_probs(const Setup *s, const float *z, int U, int K, double *p);
/* what the framework's 'accuracy' counts for this sample, in [0, 1] (ACC_BINARY_ONEHOT: the
 * share of the U outputs on the right side of 0.5) */
double setup_shown_correct(const Setup *s, const float *z, int U, int y);

#endif
