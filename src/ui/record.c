/* record — a live session's files. See record.h. */
#include "ui/record.h"

#include <stdio.h>
#include <string.h>

#include "base/atomic.h"
#include "ui/svg.h"

int record_open(Record *r, const Config *cfg, const char *title, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    r->cfg = *cfg;
    if (cfg->csv[0] && csvlog_open(&r->csv, cfg->csv, err, errlen)) return -1;
    if (cfg->svg[0]) {   /* v writes it later: a typo shows now, before the session */
        AtomicFile probe;
        char msg[1200];
        if (atomic_open(&probe, cfg->svg, msg, sizeof msg)) {
            csvlog_abort(&r->csv);
            snprintf(err, errlen, "--svg: %s", msg);
            return -1;
        }
        atomic_abort(&probe);
    }
    if (cfg->cast[0]) {
        char msg[1200];
        r->cast = cast_open(cfg->cast, title, cfg->timestamp, msg, sizeof msg);
        if (!r->cast) {
            csvlog_abort(&r->csv);
            snprintf(err, errlen, "--cast: %s", msg);
            return -1;
        }
    }
    return 0;
}

void record_update(Record *r, const Snapshot *s) { csvlog_update(&r->csv, s); }

void record_svg(Record *r, Trainer *t)
{
    char path[CONFIG_PATH_MAX + 32], err[1200];
    const Snapshot *s = trainer_lock(t);
    if (r->cfg.svg[0]) snprintf(path, sizeof path, "%s", r->cfg.svg);
    else snprintf(path, sizeof path, "losslab-seed%llu-step%ld.svg", (unsigned long long)s->cfg.seed, s->step);
    int rc = svg_save(path, s, err, sizeof err);
    trainer_unlock(t);
    if (rc) snprintf(r->flash, sizeof r->flash, "%s%s", r->cfg.svg[0] ? "--svg: " : "SVG not written: ", err);
    else snprintf(r->flash, sizeof r->flash, "charts written to %s", path);
}

int record_close(Record *r, Trainer *t, int keep)
{
    int rc = 0;
    char msg[1400];
    if (keep && r->cfg.svg[0]) {   /* --svg FILE: the state the session ended in */
        record_svg(r, t);
        if (strncmp(r->flash, "charts written", 14)) {
            fprintf(stderr, "losslab: %s\n", r->flash);
            rc = 1;
        } else {
            printf("SVG: %s\n", r->cfg.svg);
        }
    }
    if (r->csv.open) {
        if (!keep) {
            csvlog_abort(&r->csv);
        } else {
            const Snapshot *s = trainer_lock(t);
            long rows;
            int bad = csvlog_close(&r->csv, s, msg, sizeof msg);
            rows = r->csv.rows;
            trainer_unlock(t);
            if (bad) {
                fprintf(stderr, "losslab: %s\n", msg);
                rc = 1;
            } else {
                printf("CSV: %s (%ld rows)\n", r->cfg.csv, rows);
            }
        }
    }
    if (r->cast) {
        Cast *c = r->cast;
        r->cast = NULL;
        if (!keep) {
            cast_abort(c);
        } else {
            long ev = cast_events(c) + 1;   /* + the closing frame */
            double dur = cast_duration(c);
            char err[1200];
            if (cast_close(c, err, sizeof err)) {
                fprintf(stderr, "losslab: --cast: %s\n", err);
                rc = 1;
            } else {
                printf("cast: %s (%ld events, %.1f s)\n", r->cfg.cast, ev, dur);
            }
        }
    }
    return rc;
}
