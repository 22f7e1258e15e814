/* data — datasets of label-encoded categorical sequences: the built-in seed-like generator,
 * the CSV reader, the train/validation split, the per-epoch shuffle and batch gathering.
 * A Dataset owns its arrays (x, y, card); data_free releases them. Everything else owns nothing.
 * Errors in user input come back as one line "file:line:column: message" in err (exit 2 upstream). */
#ifndef LOSSLAB_DATA_H
#define LOSSLAB_DATA_H
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "setup/setup.h"   /* CLASSES_MAX */

typedef enum { ENC_LABEL, ENC_ONEHOT } Encoding;

typedef struct {
    long N;        /* samples */
    int T;         /* time steps */
    int F;         /* raw features per step */
    float *x;      /* (N, T, F) raw feature values (label-encoded integers for the generator) */
    int K;         /* classes, 2..CLASSES_MAX */
    int *y;        /* (N) labels: class indices 0..K-1 */
    int *card;     /* (F) categories per feature: max value + 1, or 0 if the column is not all
                      non-negative integers below 65536 (then one-hot is impossible) */
    long count[CLASSES_MAX]; /* samples per class (count[1]: the ones of a binary set) */
} Dataset;

typedef struct {
    long n;        /* samples, >= 2 */
    int T, F;      /* 5 and 10 for the seed-like set */
    int K;         /* classes: 2 (the binary rule, shaped by pos) or 3..CLASSES_MAX */
    double pos;    /* K = 2: share of ones after noise, in (0, 1) */
    const double *shares; /* K >= 3: (K) class shares summing to 1, each > 0; NULL = data_default_shares */
    double noise;  /* share of labels flipped, in [0, 0.5) */
    uint64_t seed;
    const volatile sig_atomic_t *stop;   /* optional: generation gives up (-1, "interrupted") once set */
} GenSpec;

/* Seed-like synthetic data, deterministic from spec->seed (RNG_STREAM_DATA). Feature f has a
 * cardinality in 3..12 and values 0..k-1. The label rule needs memory across time steps: an LSTM
 * learns it, a linear model on the last step cannot. K = 2: exactly round(pos*n) ones (clamped to
 * 1..n-1) of which exactly round(noise*n) contradict the rule. K >= 3: exact class counts from the
 * shares (largest remainder), of which exactly round(noise*n) samples carry features of another
 * class. Returns 0, or -1 with err for a bad
 * spec (including noise >= min(pos, 1 - pos), which leaves no clean labels to flip).
 * The rule and the cardinality table are described at the top of generate.c. */
int  data_generate(Dataset *d, const GenSpec *spec, char *err, size_t errlen);
/* The default class shares for K >= 3: proportional to K, K-1, ..., 1 (K = 4: 0.4 0.3 0.2 0.1). */
void data_default_shares(int K, double *shares);
/* CSV rows: T*F feature values then a label, a class index written as a plain integer 0..K-1; an
 * optional header line (first line with a non-numeric cell). K > 0: labels must lie in 0..K-1;
 * K == 0: K is inferred as the largest label + 1 (at least 2). Every class 0..K-1 need not occur,
 * but at least two must. Returns 0, or -1 with "path:line:column: message" in err. */
int  data_read_csv(Dataset *d, const char *path, int T, int K, char *err, size_t errlen);
/* The same, giving up (-1, "path: interrupted") once *stop is set (stop may be NULL); a read
 * interrupted by a signal (EINTR) is retried unless *stop is set. Lines are capped at
 * CSV_LINE_MAX bytes: an endless line (e.g. /dev/zero) is an error, not unbounded memory. */
#define CSV_LINE_MAX ((size_t)32 << 20)
int  data_read_csv_stop(Dataset *d, const char *path, int T, int K, const volatile sig_atomic_t *stop, char *err,
                        size_t errlen);
/* Writes the same CSV format so generated data can be exported: a header naming feature f at step t
 * f<f>_t<t> (f0_t0,f1_t0,...,f9_t0,f0_t1,...,label), integers as integers, other values %.9g, so
 * write -> read is bit-exact. "-" is standard output; a file appears whole (base/atomic.h: a temporary
 * file beside it, renamed at the end). I/O errors come back as "path: cannot open/write: strerror". */
int  data_write_csv(const Dataset *d, const char *path, char *err, size_t errlen);
/* The rows of that CSV (header included) written to fp, which the caller opened with
 * base/atomic's atomic_open and commits or aborts. Returns 0, or -1 if a write failed or *stop
 * was set (stop may be NULL). data_write_csv is atomic_open + this + atomic_commit. */
int  data_write_csv_rows(const Dataset *d, FILE *fp, const volatile sig_atomic_t *stop);
void data_free(Dataset *d);

/* Width of one encoded time step: F for label encoding, sum(card) for one-hot. */
int  data_width(const Dataset *d, Encoding e);
/* 0 if the encoding is possible, else -1 with a one-line reason in err (one-hot: every card[f] > 0,
 * the error names the feature and its CSV columns; at most 2^20 slots per step). */
int  data_check_encoding(const Dataset *d, Encoding e, char *err, size_t errlen);
/* Copies samples idx[0..B-1] into x (B, T, data_width) encoded, and y (B). */
void data_gather(const Dataset *d, Encoding e, const long *idx, int B, float *x, int *y);
/* Keras validation_split: n_train = floor(N * (1 - val)); the last N - n_train samples validate. */
void data_split(long N, double val, long *n_train, long *n_val);
/* perm (n) := a permutation of [0, n), Fisher-Yates from rng_seed(seed, RNG_STREAM_SHUFFLE + epoch). */
void data_shuffle(long *perm, long n, uint64_t seed, int epoch);

#endif
