/* config — run options: defaults, presets, validation. See config.h. Owns no heap memory. */
#include "train/config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

static void preset_apply(Config *c, int seed_preset)
{
    str_copy(c->preset, sizeof c->preset, seed_preset ? "seed" : "demo");
    c->recurrent = RACT_HARD_SIGMOID;   /* the question's LSTM(…, recurrent_activation='hard_sigmoid') */
    c->dense = 16;
    c->batch = 32;
    if (seed_preset) {
        c->n = 430000;                  /* X_train (430000, 5, 10) */
        c->hidden = 256;
        c->epochs = 5;
    } else {
        c->n = 6000;                    /* small enough that the story shows within seconds */
        c->hidden = 32;
        c->epochs = 20;
    }
}

void config_defaults(Config *c)
{
    memset(c, 0, sizeof *c);
    preset_apply(c, 0);
    c->models[0] = SETUP_BCE;
    c->models[1] = SETUP_CCE1;
    c->models[2] = SETUP_CCE2;
    c->nmodels = 3;
    c->lr = 1e-3f;
    c->pos = 0.74;
    c->noise = 0.02;
    c->val = 0.1;
    c->seed = 42;
    c->timesteps = 5;
    c->encoding = ENC_LABEL;
    c->threads = 2;
    c->eval_every = 0;
}

/* Numbers are spelt without blanks around them: strtol/strtod/strtoull would skip leading ones
 * (and strtoull would then wrap " -1" to 2^64 - 1), so a blank first is refused everywhere. */
static int num_start_ok(const char *s) { return s && *s && *s != ' ' && !(*s >= '\t' && *s <= '\r'); }

int parse_long(const char *s, long lo, long hi, long *out)
{
    if (!num_start_ok(s)) return -1;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || end == s || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

int parse_double(const char *s, double lo, double hi, double *out)
{
    if (!num_start_ok(s)) return -1;
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
    SetupId ids[SETUP_COUNT];
    int n = 0;
    const char *p = v;
    if (!*v) return fail(err, errlen, "--models: expected a comma-separated list of set-ups (%s)", setup_id_list());
    while (*p) {
        const char *q = strchr(p, ',');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        char name[32];
        if (len == 0 || len >= sizeof name)
            return fail(err, errlen, "--models: empty or over-long set-up id in '%s' (known: %s)", v, setup_id_list());
        memcpy(name, p, len);
        name[len] = '\0';
        const Setup *s = setup_find(name);
        if (!s) return fail(err, errlen, "--models: unknown set-up '%s' (known: %s)", name, setup_id_list());
        for (int i = 0; i < n; i++)
            if (ids[i] == s->sid) return fail(err, errlen, "--models: set-up '%s' listed twice", name);
        if (n == SETUP_COUNT) return fail(err, errlen, "--models: too many set-ups");
        ids[n++] = s->sid;
        p = q ? q + 1 : p + len;
        if (q && !*p) return fail(err, errlen, "--models: trailing comma in '%s'", v);
    }
    memcpy(c->models, ids, sizeof ids);
    c->nmodels = n;
    return 0;
}

#define INT_OPT(name, field, lo, hi)                                                          \
    if (!strcmp(key, name)) {                                                                 \
        long v_;                                                                              \
        if (parse_long(value, lo, hi, &v_))                                                   \
            return fail(err, errlen, "--%s: expected a whole number from %ld to %ld, got '%s'", \
                        name, (long)(lo), (long)(hi), value);                                 \
        c->field = v_;                                                                        \
        return 0;                                                                             \
    }

static const char *const KEYS =
    "preset models epochs batch lr hidden dense recurrent n pos noise val seed data timesteps "
    "encoding threads eval-every csv";

const char *config_keys(void) { return KEYS; }

int config_has_key(const char *key)
{
    size_t n = strlen(key);
    if (!n) return 0;
    for (const char *p = KEYS; (p = strstr(p, key)) != NULL; p += n)
        if ((p == KEYS || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) return 1;
    return 0;
}

int config_set(Config *c, const char *key, const char *value, char *err, size_t errlen)
{
    if (!value) value = "";
    if (!strcmp(key, "preset")) {
        if (!strcmp(value, "demo")) preset_apply(c, 0);
        else if (!strcmp(value, "seed")) preset_apply(c, 1);
        else return fail(err, errlen, "--preset: expected demo or seed, got '%s'", value);
        return 0;
    }
    if (!strcmp(key, "models")) return set_models(c, value, err, errlen);
    INT_OPT("epochs", epochs, 1, 100000)
    INT_OPT("batch", batch, 1, 65536)
    INT_OPT("hidden", hidden, 1, 4096)
    INT_OPT("dense", dense, 1, 4096)
    INT_OPT("n", n, 20, 50000000)
    INT_OPT("timesteps", timesteps, 1, 1000)
    INT_OPT("threads", threads, 1, 256)
    INT_OPT("eval-every", eval_every, 0, 1000000000)
    /* real-valued options: bounds, whether each bound is excluded, and what the value means */
    static const struct {
        const char *name;
        double lo, hi;
        int lo_open, hi_open;
        const char *what;
    } REALS[] = {
        { "lr", 1e-9, 10.0, 0, 0, "a learning rate from 1e-9 to 10" },
        { "pos", 0.0, 1.0, 1, 1, "a share of ones strictly between 0 and 1" },
        { "noise", 0.0, 0.5, 0, 1, "a label-noise share from 0 up to (not including) 0.5" },
        { "val", 0.0, 1.0, 1, 1, "a validation share strictly between 0 and 1" },
    };
    for (size_t i = 0; i < sizeof REALS / sizeof REALS[0]; i++) {
        if (strcmp(key, REALS[i].name)) continue;
        double v;
        if (parse_double(value, REALS[i].lo, REALS[i].hi, &v) || (REALS[i].lo_open && v <= REALS[i].lo) ||
            (REALS[i].hi_open && v >= REALS[i].hi))
            return fail(err, errlen, "--%s: expected %s, got '%s'", key, REALS[i].what, value);
        switch (i) {
        case 0: c->lr = (float)v; break;
        case 1: c->pos = v; break;
        case 2: c->noise = v; break;
        default: c->val = v; break;
        }
        return 0;
    }
    if (!strcmp(key, "seed")) {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(value, &end, 10);
        if (!num_start_ok(value) || *value == '-' || errno || *end)
            return fail(err, errlen, "--seed: expected a whole number from 0 to %" PRIu64 ", got '%s'", UINT64_MAX, value);
        c->seed = (uint64_t)v;
        return 0;
    }
    if (!strcmp(key, "recurrent")) {
        if (!strcmp(value, "hard_sigmoid")) c->recurrent = RACT_HARD_SIGMOID;
        else if (!strcmp(value, "sigmoid")) c->recurrent = RACT_SIGMOID;
        else return fail(err, errlen, "--recurrent: expected hard_sigmoid or sigmoid, got '%s'", value);
        return 0;
    }
    if (!strcmp(key, "encoding")) {
        if (!strcmp(value, "label")) c->encoding = ENC_LABEL;
        else if (!strcmp(value, "onehot")) c->encoding = ENC_ONEHOT;
        else return fail(err, errlen, "--encoding: expected label or onehot, got '%s'", value);
        return 0;
    }
    if (!strcmp(key, "data") || !strcmp(key, "csv")) {
        char *dst = !strcmp(key, "data") ? c->data : c->csv;
        if (!*value) return fail(err, errlen, "--%s: expected a file path", key);
        if (str_copy(dst, CONFIG_PATH_MAX, value)) return fail(err, errlen, "--%s: path too long", key);
        return 0;
    }
    return fail(err, errlen, "unknown option '%s' (known: %s)", key, KEYS);
}

void config_models_str(const Config *c, char *out, size_t cap)
{
    size_t used = 0;
    if (cap) out[0] = '\0';
    for (int i = 0; i < c->nmodels; i++) {
        int w = snprintf(out + used, cap - used, "%s%s", i ? "," : "", setup_get(c->models[i])->id);
        if (w < 0 || (size_t)w >= cap - used) return;
        used += (size_t)w;
    }
}
