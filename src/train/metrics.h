/* metrics — what is measured at one evaluation point, for one set-up, and how: the accumulator
 * that folds evaluated batches into an EvalPoint, the class shares of a label set, and the CSV
 * header and row. Everything is computed once per evaluation, here. Owns nothing. */
#ifndef LOSSLAB_METRICS_H
#define LOSSLAB_METRICS_H
#include <stddef.h>
#include "setup/setup.h"
#include "train/diagnose.h"

#define HIST_BINS 10

typedef struct EvalPoint {
    int epoch;              /* 0 = at initialisation; k = during/at the end of epoch k (1-based) */
    long step;              /* optimiser steps taken */
    double loss, acc;       /* as the framework reports them: running mean over the epoch so far
                               (at epoch 0: evaluated over the first 16384 training samples);
                               acc is what metrics=['accuracy'] displays */
    double val_loss, val_acc;
    double val_pred1;       /* share of validation samples predicted class 1 */
    double val_logloss;     /* true log-loss of the class probabilities, p clipped to [1e-7, 1-1e-7] */
    double grad_norm;       /* global L2 norm of the last gradient (epoch 0: of the first batch) */
    float lr;               /* learning rate in force */
    int K;                  /* classes */
    double val_pred[CLASSES_MAX]; /* share of validation samples predicted as each class */
    double val_true_acc;    /* the share of validation samples whose predicted class is right */
    double val_out0;        /* the head's first output for the first validation sample */
    double val_out_spread;  /* max over outputs of (largest - smallest value over validation): 0 =
                               the model answers the same whatever the input */
    long hist[HIST_BINS];   /* K = 2: p(class 1) on validation; K >= 3: p(true class); bins of 0.1 */
    /* the mechanism, split by true class c over the validation samples: the mean pre-activation
     * the loss sees (one-unit heads: z; K-unit heads: z_c, the sample's own-class logit) and the
     * mean per-sample gradient the framework back-propagates into it (dLoss_i/dz, not / B) */
    double mech_z[CLASSES_MAX], mech_dz[CLASSES_MAX];
    Diag diag;
    char reason[112];       /* one line: why the diagnosis */
} EvalPoint;

/* Folds batches into one point. cm: (K, K) confusion counts [true][predicted], may be NULL. */
typedef struct {
    const Setup *s;
    int U, K;
    long n;
    double loss, shown, right, logloss;
    long pred[CLASSES_MAX];
    long hist[HIST_BINS];
    long count[CLASSES_MAX];
    float out_min[CLASSES_MAX], out_max[CLASSES_MAX], out0;
    double sum_z[CLASSES_MAX], sum_dz[CLASSES_MAX];
    long *cm;
} EvalAcc;

void metrics_begin(EvalAcc *a, const Setup *s, int K, long *cm);
/* z (B, U) pre-activations, y (B) classes, loss (B) per-sample reported loss, dz (B, U) the
 * kernel's gradient of the batch-mean loss (so dLoss_i/dz = B * dz) */
void metrics_add(EvalAcc *a, const float *z, const int *y, const float *loss, const float *dz, int B);
/* Writes val_loss, val_acc, val_pred1, val_pred, val_true_acc, val_logloss, hist, mech_*, K into p. */
void metrics_finish_val(const EvalAcc *a, EvalPoint *p);

/* The share of validation samples predicted as the most-predicted class (the collapse gauge for
 * K > 2; at K = 2 the larger of the two shares). */
double metrics_top_share(const EvalPoint *p);
/* share (K) := the class shares of labels y[idx[i]], i < n */
void metrics_class_shares(const int *y, const long *idx, long n, int K, double *share);

/* The CSV header and one row, exactly as --headless prints them: the ten columns losslab always
 * printed, then val_true_acc (the true validation accuracy, which differs from val_acc where the
 * framework's 'accuracy' is not the true one), then for K >= 3 the per-class predicted shares
 * val_pred_0..val_pred_{K-1}; lr != 0, for a run whose learning rate changes (--lr-schedule),
 * adds the lr column last: the rate its steps up to that row were trained with (shortest exact
 * text). */
void metrics_csv_header(char *out, size_t cap, int K, int lr);
int  metrics_csv_row(char *out, size_t cap, const EvalPoint *p, const char *model, int lr);

#endif
