/* repro — the command line that reproduces a run. See repro.h. */
#include "train/repro.h"

#include <stdio.h>
#include <string.h>

#include "base/xalloc.h"

void repro_shell_quote(const char *s, char *out, size_t cap)
{
    int plain = *s != '\0';
    for (const char *p = s; *p; p++)
        if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./,:=+@%^-", *p)) plain = 0;
    if (plain) {
        str_copy(out, cap, s);
        return;
    }
    size_t o = 0;
    if (o + 1 < cap) out[o++] = '\'';
    for (const char *p = s; *p && o + 5 < cap; p++) {
        if (*p == '\'') {
            memcpy(out + o, "'\\''", 4);
            o += 4;
        } else {
            out[o++] = *p;
        }
    }
    if (o + 1 < cap) out[o++] = '\'';
    out[o < cap ? o : cap - 1] = '\0';
}

void repro_command(const Config *c, char *out, size_t cap)
{
    Config def;
    config_defaults(&def);
    if (!strcmp(c->preset, "seed")) {
        char err[160];
        config_set(&def, "preset", "seed", err, sizeof err);
    }
    size_t used = (size_t)snprintf(out, cap, "losslab --headless");
    int n;
    const OptDef *o = config_options(&n);
    for (int i = 0; i < n; i++) {
        /* what decides the numbers: the run options (threads never does) and epochs */
        int run = (o[i].flags & OPTF_REBUILD) || !strcmp(o[i].name, "epochs");
        if (!run || !strcmp(o[i].name, "threads")) continue;
        char v[2048], d[2048], q[2200], item[2300];
        config_get(c, o[i].name, v, sizeof v);
        config_get(&def, o[i].name, d, sizeof d);
        int always = !strcmp(o[i].name, "seed") || (o[i].type == OT_PRESET && strcmp(v, "demo"));
        if (!always && !strcmp(v, d)) continue;
        if (!*v) continue;
        repro_shell_quote(v, q, sizeof q);
        int w = snprintf(item, sizeof item, " --%s %s", o[i].name, q);
        if (w < 0 || used + (size_t)w >= cap) break;
        memcpy(out + used, item, (size_t)w + 1);
        used += (size_t)w;
    }
}
