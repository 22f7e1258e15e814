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
    long hist[HIST_BINS];   /* K = 2: p(class 1) on validation; K >= 3: p(true class); bins of 0.1 */
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
    long *cm;
} EvalAcc;

void metrics_begin(EvalAcc *a, const Setup *s, int K, long *cm);
/* z (B, U) pre-activations, y (B) classes, loss (B) per-sample reported loss */
void metrics_add(EvalAcc *a, const float *z, const int *y, const float *loss, int B);
/* Writes val_loss, val_acc, val_pred1, val_pred, val_true_acc, val_logloss, hist, K into p. */
void metrics_finish_val(const EvalAcc *a, EvalPoint *p);

/* share (K) := the class shares of labels y[idx[i]], i < n */
void metrics_class_shares(const int *y, const long *idx, long n, int K, double *share);

/* The CSV header and one row, exactly as --headless prints them (K >= 3 adds the per-class
 * predicted shares val_pred_0..val_pred_{K-1} after the ten columns). */
void metrics_csv_header(char *out, size_t cap, int K);
int  metrics_csv_row(char *out, size_t cap, const EvalPoint *p, const char *model);

#endif
