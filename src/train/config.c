/* config — THE option table, defaults, presets and validation. See config.h. Owns no heap memory. */
#include "train/config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

#define F(field) offsetof(Config, field)
#define RUN (OPTF_LESSON | OPTF_REBUILD)

/* One row per option. Order = the order of --help. */
static const OptDef OPTIONS[] = {
    { "preset", OT_PRESET, F(preset), 0, 0, 0, 0, "demo seed", "demo", NULL, "demo|seed",
      "demo or seed", "demo: small, live speed (default); seed: the question's set-up\n"
      "(430000 x 5 x 10, LSTM 256 hard_sigmoid, Dense 16, batch 32)", NULL, RUN },
    { "models", OT_MODELS, F(models), 0, 0, 0, 0, NULL, NULL, NULL, "LIST",
      "a comma-separated list of set-ups", "set-ups to train side by side (see above)", NULL, RUN },
    { "classes", OT_INT, F(classes), 2, CLASSES_MAX, 0, 0, NULL, NULL, NULL, "K",
      "a number of classes", "classes: generated data (2), or checked against --data's labels\n"
      "(default: inferred from the largest label)", NULL, RUN },
    { "shares", OT_SHARES, F(shares), 0, 1, 1, 1, NULL, NULL, NULL, "X,X,...",
      "K class shares, each > 0, summing to 1", "K >= 3: the generated class shares\n"
      "(default proportional to K, K-1, ..., 1: 0.4,0.3,0.2,0.1 at K = 4)", NULL, RUN },
    { "epochs", OT_INT, F(epochs), 1, 100000, 0, 0, NULL, "20", "5", "N", NULL, "epochs", NULL,
      OPTF_LESSON | OPTF_PRESET },
    { "batch", OT_INT, F(batch), 1, 65536, 0, 0, NULL, "32", "32", "N", NULL, "batch size", NULL, RUN | OPTF_PRESET },
    { "lr", OT_FLOAT, F(lr), 1e-9, 10.0, 0, 0, NULL, "0.001", NULL, "X", "a learning rate from 1e-9 to 10",
      "Adam learning rate", NULL, RUN },
    { "hidden", OT_INT, F(hidden), 1, 4096, 0, 0, NULL, "32", "256", "N", NULL, "LSTM units", NULL, RUN | OPTF_PRESET },
    { "dense", OT_INT, F(dense), 1, 4096, 0, 0, NULL, "16", "16", "N", NULL, "Dense units before the head", NULL,
      RUN | OPTF_PRESET },
    { "recurrent", OT_CHOICE, F(recurrent), 0, 0, 0, 0, "hard_sigmoid sigmoid", "hard_sigmoid", "hard_sigmoid",
      "hard_sigmoid|sigmoid", NULL, "LSTM recurrent activation", NULL, RUN | OPTF_PRESET },
    { "n", OT_LONG, F(n), 20, 50000000, 0, 0, NULL, "6000", "430000", "N", NULL, "generated samples", NULL,
      RUN | OPTF_PRESET },
    { "pos", OT_DOUBLE, F(pos), 0.0, 1.0, 1, 1, NULL, "0.74", NULL, "X", "a share of ones strictly between 0 and 1",
      "K = 2: share of ones in the generated labels", NULL, RUN },
    { "noise", OT_DOUBLE, F(noise), 0.0, 0.5, 0, 1, NULL, "0.02", NULL, "X",
      "a label-noise share from 0 up to (not including) 0.5",
      "share of labels flipped (0.02: best reachable accuracy ~98%)", NULL, RUN },
    { "val", OT_DOUBLE, F(val), 0.0, 1.0, 1, 1, NULL, "0.1", NULL, "X", "a validation share strictly between 0 and 1",
      "validation share, the last samples as in Keras", NULL, RUN },
    { "seed", OT_SEED, F(seed), 0, 0, 0, 0, NULL, "42", NULL, "N", NULL,
      "seed for data, initial weights and shuffles", NULL, RUN },
    { "data", OT_PATH, F(data), 0, 0, 0, 0, NULL, NULL, NULL, "FILE", NULL,
      "your own CSV: T*F feature values then a class label (0..K-1) per row", NULL, RUN },
    { "timesteps", OT_INT, F(timesteps), 1, 1000, 0, 0, NULL, "5", NULL, "T", NULL, "time steps per row of --data",
      NULL, RUN },
    { "encoding", OT_CHOICE, F(encoding), 0, 0, 0, 0, "label onehot", "label", NULL, "label|onehot", NULL,
      "input encoding", NULL, RUN },
    { "threads", OT_INT, F(threads), 1, 256, 0, 0, NULL, "2", NULL, "N", NULL,
      "worker threads; results do not depend on it", NULL, RUN },
    { "eval-every", OT_LONG, F(eval_every), -1, 1000000000, 0, 0, NULL, "0", NULL, "N", NULL,
      "also evaluate every N steps (default: each epoch end; -1: the screen's\n"
      "schedule, every step up to 16, then 8 per doubling, then 8 per epoch)", NULL, RUN },
    { "csv", OT_PATH, F(csv), 0, 0, 0, 0, NULL, NULL, NULL, "FILE", NULL,
      "write the CSV here (headless, or the screen's rows as they come;\n"
      "- = stdout)", NULL, 0 },
    { "export", OT_PATH, F(export_path), 0, 0, 0, 0, NULL, NULL, NULL, "FILE", NULL,
      "write the dataset (built-in or --data) as CSV and exit: the same\n"
      "data in Keras or PyTorch (read it with --data FILE --timesteps 5); - = stdout", NULL, 0 },
    { "headless", OT_FLAG, F(headless), 0, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, "no screen", NULL, 0 },
    { "ascii", OT_FLAG, F(ascii), 0, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, "screen: ASCII charts (no braille)",
      NULL, 0 },
    { "speed", OT_INT, F(speed), 1, 9, 0, 0, NULL, NULL, NULL, "1-9", "a speed level from 1 (2 steps/s) to 9 "
      "(as fast as possible)", "screen and lessons: training pace, 1 = 2 steps/s ... 6 = 100 steps/s (default)\n"
      "... 9 = as fast as the machine trains", NULL, 0 },
    { "pace", OT_DOUBLE, F(pace), 0.1, 600, 0, 0, NULL, "4", NULL, "S", "a number of seconds from 0.1 to 600",
      "replay: seconds per stop", "replay", 0 },
    { "seconds", OT_DOUBLE, F(seconds), 0.1, 3600, 0, 0, NULL, "3", NULL, "S", "a number of seconds from 0.1 to 3600",
      "bench: seconds to measure", "bench", 0 },
    { "projector", OT_FLAG, F(projector), 0, 0, 0, 0, NULL, NULL, NULL, NULL, NULL,
      "screen and lessons: one large chart at a time, high contrast on a white page (key p)", NULL, 0 },
    { "loop", OT_FLAG, F(loop), 0, 0, 0, 0, NULL, NULL, NULL, NULL, NULL,
      "replay: start again after the last step (a kiosk)", "replay", 0 },
    { "answers", OT_PATH, F(answers), 0, 0, 0, 0, NULL, NULL, NULL, "KEYS", NULL,
      "lesson --headless: answer the quizzes in order (e.g. cad) and print the score", "lesson", 0 },
    { "verbose", OT_FLAG, F(verbose), 0, 0, 0, 0, NULL, NULL, NULL, NULL, NULL,
      "screen: add the frame timings to the exit summary", NULL, 0 },
    { "lr-schedule", OT_SCHEDULE, F(lr_sched), 1e-9, 10.0, 0, 0, NULL, NULL, NULL, "STEP:LR,...",
      "STEP:LR pairs, steps increasing, each LR from 1e-9 to 10",
      "learning-rate changes: from step STEP on, lr is LR (the screen prints\n"
      "its [ and ] changes this way on quit; the CSV then has an lr column)", NULL, RUN },
    { "cast", OT_PATH, F(cast), 0, 0, 0, 0, NULL, NULL, NULL, "FILE", NULL,
      "record the screen as an asciicast v2 file (asciinema); with replay:\n"
      "render the lesson without a terminal, faster than real time", NULL, 0 },
    { "size", OT_SIZE, F(size_w), 80, 500, 0, 0, NULL, "100x30", NULL, "WxH",
      "a terminal size WxH from 80x24 to 500x200", "replay --cast: the terminal size", "replay", 0 },
    { "timestamp", OT_FLAG, F(timestamp), 0, 0, 0, 0, NULL, NULL, NULL, NULL, NULL,
      "casts: put the wall-clock start time in the header (default: none,\n"
      "so the same options give the same bytes)", NULL, 0 },
    { "svg", OT_PATH, F(svg), 0, 0, 0, 0, NULL, NULL, NULL, "FILE", NULL,
      "the charts as SVG: headless, the final state (a lesson: also at each\n"
      "export step, as FILE-NAME.svg); the screen: v, and the end", NULL, 0 },
    { "framework", OT_PATH, F(framework), 0, 0, 0, 0, NULL, NULL, NULL, "NAME", NULL,
      "atlas: one framework's column (tfk21 tfk23 tfk215 k3tf k3jax torch tfjs)", "atlas", 0 },
    { "tsv", OT_FLAG, F(tsv), 0, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, "atlas: the whole table as tab-separated values",
      "atlas", 0 },
    { "help", OT_FLAG, F(help), 0, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, "this text", NULL, 0 },
    { "version", OT_FLAG, F(version), 0, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, "the version", NULL, 0 },
};
#define NOPTIONS ((int)(sizeof OPTIONS / sizeof OPTIONS[0]))

_Static_assert(sizeof OPTIONS / sizeof OPTIONS[0] <= 64, "Config.given has 64 bits");

const OptDef *config_options(int *n)
{
    *n = NOPTIONS;
    return OPTIONS;
}

const OptDef *config_option(const char *name)
{
    for (int i = 0; i < NOPTIONS; i++)
        if (!strcmp(OPTIONS[i].name, name)) return &OPTIONS[i];
    return NULL;
}

/* Numbers are refused with leading blanks (strtol/strtod would skip them), so " -1" and "-1"
 * are judged the same way everywhere. */
int parse_long(const char *s, long lo, long hi, long *out)
{
    if (!s || !*s || (*s >= '\t' && *s <= '\r') || *s == ' ') return -1;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || end == s || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

int parse_double(const char *s, double lo, double hi, double *out)
{
    if (!s || !*s || (*s >= '\t' && *s <= '\r') || *s == ' ') return -1;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end || end == s || !isfinite(v) || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

static int fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (err && errlen) vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static int set_models(Config *c, const char *v, char *err, size_t errlen)
{
    const Setup *ids[SETUPS_MAX];
    char known[1024];
    setup_id_list(c->table, known, sizeof known);
    int n = 0;
    const char *p = v;
    if (!*v) return fail(err, errlen, "--models: expected a comma-separated list of set-ups (%s)", known);
    while (*p) {
        const char *q = strchr(p, ',');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        char name[32];
        if (len == 0 || len >= sizeof name)
            return fail(err, errlen, "--models: empty or over-long set-up id in '%s' (known: %s)", v, known);
        memcpy(name, p, len);
        name[len] = '\0';
        const Setup *s = setup_find(c->table, name);
        if (!s) {
            const char *near = setup_suggest(c->table, name);
            if (near) return fail(err, errlen, "--models: unknown set-up '%s' (did you mean '%s'? known: %s)", name, near, known);
            return fail(err, errlen, "--models: unknown set-up '%s' (known: %s)", name, known);
        }
        for (int i = 0; i < n; i++)
            if (ids[i] == s) return fail(err, errlen, "--models: set-up '%s' listed twice", name);
        if (n == SETUPS_MAX) return fail(err, errlen, "--models: more than %d set-ups", SETUPS_MAX);
        ids[n++] = s;
        p = q ? q + 1 : p + len;
        if (q && !*p) return fail(err, errlen, "--models: trailing comma in '%s'", v);
    }
    memcpy(c->models, ids, sizeof(ids[0]) * (size_t)n);
    c->nmodels = n;
    return 0;
}

static int set_shares(Config *c, const char *v, char *err, size_t errlen)
{
    double sh[CLASSES_MAX], tot = 0.0;
    int n = 0;
    const char *p = v;
    if (!*v) return fail(err, errlen, "--shares: expected K class shares, e.g. 0.4,0.3,0.2,0.1");
    while (*p) {
        const char *q = strchr(p, ',');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        char num[32];
        if (n == CLASSES_MAX) return fail(err, errlen, "--shares: more than %d shares in '%s'", CLASSES_MAX, v);
        if (len == 0 || len >= sizeof num)
            return fail(err, errlen, "--shares: expected K class shares, each > 0, summing to 1, got '%s'", v);
        memcpy(num, p, len);
        num[len] = '\0';
        if (parse_double(num, 0.0, 1.0, &sh[n]) || sh[n] <= 0.0)
            return fail(err, errlen, "--shares: share '%s' must be a number > 0 and < 1", num);
        tot += sh[n++];
        p = q ? q + 1 : p + len;
        if (q && !*p) return fail(err, errlen, "--shares: trailing comma in '%s'", v);
    }
    if (n < 3) return fail(err, errlen, "--shares: %d share%s; expected one per class for K >= 3 (K = 2 uses --pos)",
                           n, n == 1 ? "" : "s");
    if (fabs(tot - 1.0) > 1e-6) return fail(err, errlen, "--shares: the shares sum to %g; expected 1", tot);
    memcpy(c->shares, sh, sizeof(double) * (size_t)n);
    c->nshares = n;
    return 0;
}

/* "STEP:LR,STEP:LR": steps strictly increasing, each LR in the --lr range */
static int set_schedule(Config *c, const OptDef *o, const char *v, char *err, size_t errlen)
{
    LrChange sc[LR_SCHEDULE_MAX];
    int n = 0;
    const char *p = v;
    if (!*v) return fail(err, errlen, "--lr-schedule: expected STEP:LR,... (e.g. 500:0.0005,1000:0.0001)");
    while (*p) {
        const char *q = strchr(p, ',');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        char item[64], *colon;
        if (n == LR_SCHEDULE_MAX) return fail(err, errlen, "--lr-schedule: more than %d changes", LR_SCHEDULE_MAX);
        if (len == 0 || len >= sizeof item)
            return fail(err, errlen, "--lr-schedule: expected STEP:LR,... got '%s'", v);
        memcpy(item, p, len);
        item[len] = '\0';
        colon = strchr(item, ':');
        if (!colon) return fail(err, errlen, "--lr-schedule: '%s' is not STEP:LR", item);
        *colon = '\0';
        long step;
        double lr;
        if (parse_long(item, 0, 1000000000000L, &step))
            return fail(err, errlen, "--lr-schedule: step '%s' is not a whole number from 0 to 1000000000000", item);
        if (parse_double(colon + 1, o->lo, o->hi, &lr))
            return fail(err, errlen, "--lr-schedule: learning rate '%s' at step %ld is not a number from 1e-9 to 10",
                        colon + 1, step);
        if (n && step <= sc[n - 1].step)
            return fail(err, errlen, "--lr-schedule: step %ld after step %ld; steps must increase", step, sc[n - 1].step);
        sc[n].step = step;
        sc[n].lr = (float)lr;
        n++;
        p = q ? q + 1 : p + len;
        if (q && !*p) return fail(err, errlen, "--lr-schedule: trailing comma in '%s'", v);
    }
    memcpy(c->lr_sched, sc, sizeof(sc[0]) * (size_t)n);
    c->nlr = n;
    return 0;
}

/* "WxH": columns in the row's range, rows from SIZE_ROWS_MIN to SIZE_ROWS_MAX */
#define SIZE_ROWS_MIN 24
#define SIZE_ROWS_MAX 200
static int set_size(Config *c, const OptDef *o, const char *v, char *err, size_t errlen)
{
    char buf[32];
    const char *x = strchr(v, 'x');
    long w, h;
    if (!x || (size_t)(x - v) >= sizeof buf) goto bad;
    memcpy(buf, v, (size_t)(x - v));
    buf[x - v] = '\0';
    if (parse_long(buf, (long)o->lo, (long)o->hi, &w) || parse_long(x + 1, SIZE_ROWS_MIN, SIZE_ROWS_MAX, &h)) goto bad;
    c->size_w = (int)w;
    c->size_h = (int)h;
    return 0;
bad:
    return fail(err, errlen, "--size: expected %s, got '%s'", o->what, v);
}

void fmt_float_exact(char *out, size_t cap, float v)
{
    for (int prec = 1; prec <= 9; prec++) {
        snprintf(out, cap, "%.*g", prec, (double)v);
        if (strtof(out, NULL) == v) return;
    }
}

void fmt_double_exact(char *out, size_t cap, double v)
{
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(out, cap, "%.*g", prec, v);
        if (strtod(out, NULL) == v) return;
    }
}

void config_schedule_str(const Config *c, char *out, size_t cap)
{
    size_t used = 0;
    if (cap) out[0] = '\0';
    for (int i = 0; i < c->nlr; i++) {
        char lr[32];
        fmt_float_exact(lr, sizeof lr, c->lr_sched[i].lr);
        int w = snprintf(out + used, cap - used, "%s%ld:%s", i ? "," : "", c->lr_sched[i].step, lr);
        if (w < 0 || (size_t)w >= cap - used) return;
        used += (size_t)w;
    }
}

int config_schedule_add(Config *c, long step, float lr)
{
    int i = c->nlr;
    while (i > 0 && c->lr_sched[i - 1].step > step) i--;   /* keeps the steps increasing */
    if (i > 0 && c->lr_sched[i - 1].step == step) {
        c->lr_sched[i - 1].lr = lr;
        return 0;
    }
    if (c->nlr == LR_SCHEDULE_MAX) return -1;
    memmove(&c->lr_sched[i + 1], &c->lr_sched[i], sizeof(LrChange) * (size_t)(c->nlr - i));
    c->lr_sched[i] = (LrChange){ step, lr };
    c->nlr++;
    return 0;
}

static void preset_apply(Config *c, int seed_preset)
{
    char err[160];
    unsigned long long given = c->given;   /* a preset's values are not "given" */
    str_copy(c->preset, sizeof c->preset, seed_preset ? "seed" : "demo");
    for (int i = 0; i < NOPTIONS; i++)
        if (OPTIONS[i].flags & OPTF_PRESET)
            config_set(c, OPTIONS[i].name, seed_preset ? OPTIONS[i].def_seed : OPTIONS[i].def, err, sizeof err);
    c->given = given;
}

void config_defaults(Config *c)
{
    char err[160];
    memset(c, 0, sizeof *c);
    c->table = setup_builtin();
    for (int i = 0; i < NOPTIONS; i++)
        if (OPTIONS[i].def && OPTIONS[i].type != OT_PRESET) config_set(c, OPTIONS[i].name, OPTIONS[i].def, err, sizeof err);
    preset_apply(c, 0);
    config_default_lineup(c, 2);
    c->given = 0;
}

void config_default_lineup(Config *c, int K)
{
    char err[160], lineup[256];
    setup_lineup_str(c->table, K, lineup, sizeof lineup);
    set_models(c, lineup, err, sizeof err);
}

static int choice_index(const char *choices, const char *v)
{
    size_t n = strlen(v);
    int idx = 0;
    for (const char *p = choices; *p; idx++) {
        const char *q = strchr(p, ' ');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        if (n && len == n && !strncmp(p, v, n)) return idx;
        p = q ? q + 1 : p + len;
    }
    return -1;
}

/* "hard_sigmoid or sigmoid" from "hard_sigmoid sigmoid" */
static void choice_words(const char *choices, char *out, size_t cap)
{
    const char *last = strrchr(choices, ' ');
    size_t head = last ? (size_t)(last - choices) : 0;
    if (!last) { str_copy(out, cap, choices); return; }
    snprintf(out, cap, "%.*s or %s", (int)head, choices, last + 1);
    for (char *p = out; p < out + head && *p; p++)
        if (*p == ' ') *p = ',';
    /* "a, b or c": commas need a following space */
    char tmp[256];
    size_t o = 0;
    for (const char *p = out; *p && o + 2 < sizeof tmp; p++) {
        tmp[o++] = *p;
        if (*p == ',') tmp[o++] = ' ';
    }
    tmp[o] = '\0';
    str_copy(out, cap, tmp);
}

int config_set(Config *c, const char *key, const char *value, char *err, size_t errlen)
{
    if (!value) value = "";
    const OptDef *o = config_option(key);
    if (!o) {
        char keys[512];
        config_lesson_keys(keys, sizeof keys);
        return fail(err, errlen, "unknown option '%s' (known: %s)", key, keys);
    }
    char *field = (char *)c + o->off;
    switch (o->type) {
    case OT_PRESET:
        if (!strcmp(value, "demo")) preset_apply(c, 0);
        else if (!strcmp(value, "seed")) preset_apply(c, 1);
        else return fail(err, errlen, "--preset: expected demo or seed, got '%s'", value);
        break;
    case OT_MODELS:
        if (set_models(c, value, err, errlen)) return -1;
        break;
    case OT_SHARES:
        if (set_shares(c, value, err, errlen)) return -1;
        break;
    case OT_SCHEDULE:
        if (set_schedule(c, o, value, err, errlen)) return -1;
        break;
    case OT_SIZE:
        if (set_size(c, o, value, err, errlen)) return -1;
        break;
    case OT_INT:
    case OT_LONG: {
        long v;
        if (parse_long(value, (long)o->lo, (long)o->hi, &v)) {
            if (o->what) return fail(err, errlen, "--%s: expected %s from %ld to %ld, got '%s'", key, o->what,
                                     (long)o->lo, (long)o->hi, value);
            return fail(err, errlen, "--%s: expected a whole number from %ld to %ld, got '%s'", key, (long)o->lo,
                        (long)o->hi, value);
        }
        if (o->type == OT_INT) *(int *)field = (int)v;
        else *(long *)field = v;
        break;
    }
    case OT_FLOAT:
    case OT_DOUBLE: {
        double v;
        if (parse_double(value, o->lo, o->hi, &v) || (o->lo_open && v <= o->lo) || (o->hi_open && v >= o->hi))
            return fail(err, errlen, "--%s: expected %s, got '%s'", key, o->what, value);
        if (o->type == OT_FLOAT) *(float *)field = (float)v;
        else *(double *)field = v;
        break;
    }
    case OT_SEED: {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(value, &end, 10);
        if (*value < '0' || *value > '9' || errno || *end)
            return fail(err, errlen, "--seed: expected a whole number from 0 to %" PRIu64 ", got '%s'", UINT64_MAX, value);
        *(uint64_t *)field = (uint64_t)v;
        break;
    }
    case OT_CHOICE: {
        int idx = choice_index(o->choices, value);
        if (idx < 0) {
            char words[256];
            choice_words(o->choices, words, sizeof words);
            return fail(err, errlen, "--%s: expected %s, got '%s'", key, words, value);
        }
        *(int *)field = idx;
        break;
    }
    case OT_PATH:
        if (!*value) return fail(err, errlen, "--%s: expected a file path", key);
        if (str_copy(field, CONFIG_PATH_MAX, value)) return fail(err, errlen, "--%s: path too long", key);
        break;
    case OT_FLAG:
        *(int *)field = 1;
        break;
    }
    c->given |= 1ull << (o - OPTIONS);
    /* a line-up nobody chose follows the classes: K >= 3 runs the K-class set-ups */
    if (o->type == OT_INT && !strcmp(o->name, "classes") && !config_given(c, "models"))
        config_default_lineup(c, c->classes);
    return 0;
}

int config_get(const Config *c, const char *name, char *out, size_t cap)
{
    const OptDef *o = config_option(name);
    if (!o || !cap) return -1;
    const char *field = (const char *)c + o->off;
    out[0] = '\0';
    switch (o->type) {
    case OT_INT: snprintf(out, cap, "%d", *(const int *)field); break;
    case OT_LONG: snprintf(out, cap, "%ld", *(const long *)field); break;
    case OT_FLOAT: fmt_float_exact(out, cap, *(const float *)field); break;
    case OT_DOUBLE: fmt_double_exact(out, cap, *(const double *)field); break;
    case OT_SEED: snprintf(out, cap, "%" PRIu64, *(const uint64_t *)field); break;
    case OT_CHOICE: {
        int idx = *(const int *)field;
        const char *p = o->choices;
        for (int i = 0; i < idx && p; i++) {
            p = strchr(p, ' ');
            if (p) p++;
        }
        if (p) snprintf(out, cap, "%.*s", (int)(strchr(p, ' ') ? (size_t)(strchr(p, ' ') - p) : strlen(p)), p);
        break;
    }
    case OT_PATH: case OT_PRESET: str_copy(out, cap, field); break;
    case OT_MODELS: config_models_str(c, out, cap); break;
    case OT_SHARES: {
        size_t used = 0;
        for (int i = 0; i < c->nshares && used < cap; i++) {
            char v[32];
            fmt_double_exact(v, sizeof v, c->shares[i]);
            used += (size_t)snprintf(out + used, cap - used, "%s%s", i ? "," : "", v);
        }
        break;
    }
    case OT_FLAG: snprintf(out, cap, "%s", *(const int *)field ? "1" : ""); break;
    case OT_SIZE: snprintf(out, cap, "%dx%d", c->size_w, c->size_h); break;
    case OT_SCHEDULE: config_schedule_str(c, out, cap); break;
    }
    return 0;
}

int config_given(const Config *c, const char *name)
{
    const OptDef *o = config_option(name);
    return o && (c->given & (1ull << (o - OPTIONS)));
}

int config_lesson_key(const char *key)
{
    const OptDef *o = config_option(key);
    return o && (o->flags & OPTF_LESSON);
}

void config_lesson_keys(char *out, size_t cap)
{
    size_t used = 0;
    if (cap) out[0] = '\0';
    for (int i = 0; i < NOPTIONS; i++) {
        if (!(OPTIONS[i].flags & OPTF_LESSON)) continue;
        int w = snprintf(out + used, cap - used, "%s%s", used ? " " : "", OPTIONS[i].name);
        if (w < 0 || (size_t)w >= cap - used) return;
        used += (size_t)w;
    }
}

int config_classes(const Config *c)
{
    if (c->classes) return c->classes;
    return c->data[0] ? 0 : 2;
}

int config_check(const Config *c, char *err, size_t errlen)
{
    int K = config_classes(c);
    if (c->nshares && K && c->nshares != K)
        return fail(err, errlen, "--shares: %d shares for --classes %d; expected one per class", c->nshares, K);
    if (c->nshares && !K)
        return fail(err, errlen, "--shares: only for generated data (not with --data)");
    if (K >= 3 && !c->data[0] && config_given(c, "pos"))
        return fail(err, errlen, "--pos: only for K = 2; with --classes %d use --shares", K);
    for (int i = 0; K && i < c->nmodels; i++) {
        const Setup *s = c->models[i];
        if (!setup_accepts(s, K)) {
            if (s->kmax == 2)
                return fail(err, errlen, "--models: set-up '%s' is binary-only (K = 2); with --classes %d use a "
                            "K-class set-up such as cce", s->id, K);
            return fail(err, errlen, "--models: set-up '%s' needs %d to %d classes; this run has K = %d", s->id,
                        s->kmin, s->kmax, K);
        }
    }
    return 0;
}

/* 1 if a and b hold different values of option o (field by field: a struct's padding is not data) */
static int opt_differs(const OptDef *o, const Config *a, const Config *b)
{
    const char *fa = (const char *)a + o->off, *fb = (const char *)b + o->off;
    switch (o->type) {
    case OT_INT: case OT_CHOICE: case OT_FLAG: return *(const int *)fa != *(const int *)fb;
    case OT_LONG: return *(const long *)fa != *(const long *)fb;
    case OT_FLOAT: return *(const float *)fa != *(const float *)fb;
    case OT_DOUBLE: return *(const double *)fa != *(const double *)fb;
    case OT_SEED: return *(const uint64_t *)fa != *(const uint64_t *)fb;
    case OT_PATH: case OT_PRESET: return strcmp(fa, fb) != 0;
    case OT_MODELS:
        return a->nmodels != b->nmodels || memcmp(a->models, b->models, sizeof(a->models[0]) * (size_t)a->nmodels);
    case OT_SHARES:
        return a->nshares != b->nshares || memcmp(a->shares, b->shares, sizeof(double) * (size_t)a->nshares);
    case OT_SCHEDULE:
        if (a->nlr != b->nlr) return 1;
        for (int i = 0; i < a->nlr; i++)
            if (a->lr_sched[i].step != b->lr_sched[i].step || a->lr_sched[i].lr != b->lr_sched[i].lr) return 1;
        return 0;
    case OT_SIZE: return a->size_w != b->size_w || a->size_h != b->size_h;
    }
    return 0;
}

int config_needs_rebuild(const Config *a, const Config *b)
{
    for (int i = 0; i < NOPTIONS; i++)
        if ((OPTIONS[i].flags & OPTF_REBUILD) && opt_differs(&OPTIONS[i], a, b)) return 1;
    return 0;
}

int config_differs(const Config *a, const Config *b)
{
    for (int i = 0; i < NOPTIONS; i++)
        if (opt_differs(&OPTIONS[i], a, b)) return 1;
    return 0;
}

void config_models_str(const Config *c, char *out, size_t cap)
{
    size_t used = 0;
    if (cap) out[0] = '\0';
    for (int i = 0; i < c->nmodels; i++) {
        int w = snprintf(out + used, cap - used, "%s%s", i ? "," : "", c->models[i]->id);
        if (w < 0 || (size_t)w >= cap - used) return;
        used += (size_t)w;
    }
}

void config_print_help(FILE *f)
{
    for (int i = 0; i < NOPTIONS; i++) {
        const OptDef *o = &OPTIONS[i];
        char lhs[64];
        snprintf(lhs, sizeof lhs, "--%s%s%s", o->name, o->metavar ? " " : "", o->metavar ? o->metavar : "");
        char deflt[64] = "";
        if (o->flags & OPTF_PRESET) snprintf(deflt, sizeof deflt, " (demo %s, seed %s)", o->def, o->def_seed);
        else if (o->def && o->type != OT_FLAG && o->type != OT_PRESET) snprintf(deflt, sizeof deflt, " (%s)", o->def);
        const char *h = o->help;
        const char *nl = strchr(h, '\n');
        int first = nl ? (int)(nl - h) : (int)strlen(h);
        if (strlen(lhs) > 22) fprintf(f, "  %s\n  %-22s %.*s%s\n", lhs, "", first, h, nl ? "" : deflt);
        else fprintf(f, "  %-22s %.*s%s\n", lhs, first, h, nl ? "" : deflt);
        while (nl) {
            h = nl + 1;
            nl = strchr(h, '\n');
            int len = nl ? (int)(nl - h) : (int)strlen(h);
            fprintf(f, "  %-22s %.*s%s\n", "", len, h, nl ? "" : deflt);
        }
    }
}
