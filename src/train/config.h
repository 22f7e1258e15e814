/* config — every option in one struct, and THE option table (config.c) that defines each one:
 * its name, type, range, default per preset, help text, the command it belongs to, whether a
 * lesson's `set` may change it and whether changing it needs a rebuild of the run. getopt_long,
 * --help, lesson `set`, the lesson engine's rebuild decision and every range check derive from
 * the table: adding an option is one row plus its use. Owns no heap memory. */
#ifndef LOSSLAB_CONFIG_H
#define LOSSLAB_CONFIG_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "data/data.h"
#include "nn/net.h"
#include "setup/setup.h"

#define CONFIG_PATH_MAX 1024
#define LR_SCHEDULE_MAX 64       /* --lr-schedule entries, including the screen's [ and ] changes */

/* One learning-rate change: from step `step` on (after that many optimiser steps), lr is `lr`. */
typedef struct { long step; float lr; } LrChange;

typedef struct {
    const SetupTable *table;     /* where --models looks set-ups up (the built-in table) */
    char preset[8];              /* "demo" or "seed" */
    const Setup *models[SETUPS_MAX]; /* the line-up, in display order, no repeats */
    int nmodels;
    int epochs;                  /* >= 1 */
    int batch;                   /* >= 1 */
    float lr;                    /* > 0 */
    int hidden;                  /* LSTM units >= 1 */
    int dense;                   /* Dense units >= 1 */
    int recurrent;               /* RecAct */
    long n;                      /* generated samples >= 20 */
    int classes;                 /* K, 2..CLASSES_MAX; 0 = 2 for generated data, inferred from --data */
    double shares[CLASSES_MAX];  /* K >= 3: class shares of the generated labels */
    int nshares;                 /* 0 = the default shares */
    double pos;                  /* share of ones, (0, 1) */
    double noise;                /* label noise, [0, 0.5) */
    double val;                  /* validation share, (0, 1) */
    uint64_t seed;
    char data[CONFIG_PATH_MAX];  /* CSV path, "" = built-in generator */
    int timesteps;               /* T, >= 1 */
    int encoding;                /* Encoding */
    int threads;                 /* >= 1 */
    long eval_every;             /* 0 = only at epoch ends; -1 (the live screen's default) = every step up
                                    to 16, then 8 per doubling of the step count, then 8 per epoch */
    char csv[CONFIG_PATH_MAX];   /* headless CSV path, "" = stdout */
    /* the front end's options (never in a lesson, never a rebuild) */
    int headless, ascii, help, version;
    int verbose;                 /* screen: the frame timings in the exit summary */
    int projector;               /* screen and lessons: projector mode (one large chart, high contrast) */
    int loop;                    /* replay: start again at the end (a kiosk) */
    char answers[CONFIG_PATH_MAX]; /* lesson --headless: the quiz picks, one key per quiz ("" none) */
    int speed;                   /* screen: 1..9, 0 = the default */
    double pace;                 /* replay: seconds per stop */
    double seconds;              /* bench: seconds to measure */
    char export_path[CONFIG_PATH_MAX]; /* --export FILE, "" = none; "-" = stdout */
    char framework[CONFIG_PATH_MAX];   /* atlas: --framework NAME, "" = every column */
    int tsv;                           /* atlas: the table as tab-separated values */
    /* recording and reproducing (ui/cast, ui/svg, train/repro) */
    LrChange lr_sched[LR_SCHEDULE_MAX]; /* --lr-schedule, steps strictly increasing; the arena
                                            applies them and appends the screen's changes */
    int nlr;
    char cast[CONFIG_PATH_MAX];  /* --cast FILE: asciicast v2 of the screen ("" = none) */
    char svg[CONFIG_PATH_MAX];   /* --svg FILE: the charts as SVG ("" = none) */
    int size_w, size_h;          /* --size WxH for replay --cast (default 100x30) */
    int timestamp;               /* --timestamp: the wall-clock start in a cast's header */
    unsigned long long given;    /* bit i: option row i was given explicitly */
} Config;

/* Option flags */
enum {
    OPTF_LESSON = 1,    /* a lesson's `set` may change it */
    OPTF_REBUILD = 2,   /* changing it needs a new run (new data or weights) */
    OPTF_PRESET = 4,    /* the preset owns its default (def_seed differs) */
};

typedef enum { OT_INT, OT_LONG, OT_FLOAT, OT_DOUBLE, OT_SEED, OT_CHOICE, OT_PATH, OT_MODELS, OT_SHARES,
               OT_PRESET, OT_FLAG, OT_SIZE, OT_SCHEDULE } OptType;

typedef struct {
    const char *name;        /* long option, lesson key */
    OptType type;
    size_t off;              /* offsetof(Config, field) */
    double lo, hi;           /* numeric range */
    int lo_open, hi_open;    /* a bound excluded */
    const char *choices;     /* OT_CHOICE: space-separated values, stored as their index */
    const char *def;         /* default (the demo preset's), as a value string; NULL = empty/0 */
    const char *def_seed;    /* OPTF_PRESET: the seed preset's default */
    const char *metavar;     /* "N", "X", "FILE", ...; NULL for flags */
    const char *what;        /* the expected value in words, for errors */
    const char *help;        /* one line for --help */
    const char *only;        /* NULL, or the command it belongs to ("bench", "replay") */
    unsigned flags;
} OptDef;

const OptDef *config_options(int *n);
const OptDef *config_option(const char *name);   /* NULL if unknown */

/* Defaults = the demo preset. */
void config_defaults(Config *c);
/* models := the table's default line-up for K classes (K >= 3: the K-class one). Setting
 * --classes does this too unless --models was given. */
void config_default_lineup(Config *c, int K);
/* 1 if the option was given explicitly (command line or lesson `set`). */
int  config_given(const Config *c, const char *name);
/* Sets one option by its long name without dashes ("epochs", "models", "preset", ...).
 * "preset" resets the preset-owned options. Returns 0, or -1 with a one-line message in err
 * ("--epochs: expected a whole number from 1 to 100000, got 'x'"). */
int  config_set(Config *c, const char *key, const char *value, char *err, size_t errlen);
/* The value of one option as config_set would read it back ("" for an unset path or schedule,
 * "1" for a set flag). Returns 0, or -1 for an unknown name. */
int  config_get(const Config *c, const char *name, char *out, size_t cap);
/* 1 if key names an option a lesson may set. */
int  config_lesson_key(const char *key);
/* The keys a lesson may set, space-separated, into out (for help and lesson hints). */
void config_lesson_keys(char *out, size_t cap);
/* Checks the combination (set-ups against classes, ...). 0, or -1 with one line in err. */
int  config_check(const Config *c, char *err, size_t errlen);
/* 1 if a and b differ in an option that needs a new run. */
int  config_needs_rebuild(const Config *a, const Config *b);
/* 1 if a and b differ in any option of the table. */
int  config_differs(const Config *a, const Config *b);
/* The classes a run of c will have before any data is read (0: inferred from --data). */
int  config_classes(const Config *c);
/* The --lr-schedule value "STEP:LR,..." of c (shortest exact floats), "" when empty. */
void config_schedule_str(const Config *c, char *out, size_t cap);
/* Appends (or, at the same step, replaces) a change; returns -1 when the schedule is full. */
int  config_schedule_add(Config *c, long step, float lr);
/* The shortest "%g" text that reads back as exactly v (float / double). */
void fmt_float_exact(char *out, size_t cap, float v);
void fmt_double_exact(char *out, size_t cap, double v);
/* "bce,cce1,cce2" style line-up string. */
void config_models_str(const Config *c, char *out, size_t cap);
/* --help: the options section, derived from the table. */
void config_print_help(FILE *f);
/* Integers in the value strings above; shared with the lesson and CSV parsers. */
int  parse_long(const char *s, long lo, long hi, long *out);
int  parse_double(const char *s, double lo, double hi, double *out);

#endif
