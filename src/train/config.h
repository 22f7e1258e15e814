/* config — every run option in one struct, its defaults, its presets and its validation.
 * The command line (main.c) and lessons (`set KEY VALUE`) both go through config_set, so an
 * option means the same thing and fails the same way everywhere. Owns no heap memory. */
#ifndef LOSSLAB_CONFIG_H
#define LOSSLAB_CONFIG_H
#include <stddef.h>
#include <stdint.h>
#include "data/data.h"
#include "nn/heads.h"
#include "nn/net.h"

#define CONFIG_PATH_MAX 1024

typedef struct {
    char preset[8];              /* "demo" or "seed" */
    SetupId models[SETUP_COUNT]; /* the line-up, in display order, no repeats */
    int nmodels;
    int epochs;                  /* >= 1 */
    int batch;                   /* >= 1 */
    float lr;                    /* > 0 */
    int hidden;                  /* LSTM units >= 1 */
    int dense;                   /* Dense units >= 1 */
    RecAct recurrent;
    long n;                      /* generated samples >= 20 */
    double pos;                  /* share of ones, (0, 1) */
    double noise;                /* label noise, [0, 0.5) */
    double val;                  /* validation share, (0, 1) */
    uint64_t seed;
    char data[CONFIG_PATH_MAX];  /* CSV path, "" = built-in generator */
    int timesteps;               /* T, >= 1 */
    Encoding encoding;
    int threads;                 /* >= 1 */
    long eval_every;             /* 0 = only at epoch ends; -1 (internal, the live screen) = 8 per epoch */
    char csv[CONFIG_PATH_MAX];   /* headless CSV path, "" = stdout */
} Config;

/* Defaults = the demo preset. */
void config_defaults(Config *c);
/* Sets one option by its long name without dashes ("epochs", "models", "preset", ...).
 * "preset" resets the preset-owned options (n, hidden, dense, batch, epochs, recurrent).
 * Returns 0, or -1 with a one-line message in err ("--epochs: expected an integer >= 1, got 'x'"). */
int  config_set(Config *c, const char *key, const char *value, char *err, size_t errlen);
/* 1 if key names an option config_set knows. */
int  config_has_key(const char *key);
/* The keys config_set accepts, space-separated (for help and lesson hints). */
const char *config_keys(void);
/* "bce,cce1,cce2" style line-up string. */
void config_models_str(const Config *c, char *out, size_t cap);
/* Integers in the value strings above; shared with the lesson and CSV parsers. */
int  parse_long(const char *s, long lo, long hi, long *out);
int  parse_double(const char *s, double lo, double hi, double *out);

#endif
