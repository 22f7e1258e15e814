/* csvlog — the screen's CSV. See csvlog.h. */
#include "train/csvlog.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int csvlog_open(CsvLog *l, const char *path, char *err, size_t errlen)
{
    char msg[1200];
    memset(l, 0, sizeof *l);
    if (atomic_open(&l->plain, path, msg, sizeof msg)) {
        snprintf(err, errlen, "--csv: %s", msg);
        return -1;
    }
    if (!atomic_tmp_path(&l->plain)) {
        atomic_abort(&l->plain);
        snprintf(err, errlen, "--csv: '%s' is not a regular file; the screen writes its CSV into a file", path);
        return -1;
    }
    if (atomic_open(&l->with_lr, path, msg, sizeof msg)) {
        atomic_abort(&l->plain);
        snprintf(err, errlen, "--csv: %s", msg);
        return -1;
    }
    l->open = 1;
    l->gen = -1;
    return 0;
}

static void restart(CsvLog *l, const Snapshot *s)
{
    AtomicFile *fs[2] = { &l->plain, &l->with_lr };
    for (int k = 0; k < 2; k++) {
        FILE *f = atomic_fp(fs[k]);
        fflush(f);
        rewind(f);
        if (ftruncate(fileno(f), 0)) l->failed = 1;
        char head[512];
        metrics_csv_header(head, sizeof head, s->K, k);
        fprintf(f, "%s\n", head);
    }
    l->gen = s->gen;
    l->written = 0;
    l->rows = 0;
}

static void write_new(CsvLog *l, const Snapshot *s);

void csvlog_update(CsvLog *l, const Snapshot *s)
{
    /* nothing before the first step: a change of rate at step 0 still changes the first row */
    if (s->step == 0) return;
    write_new(l, s);
}

static void write_new(CsvLog *l, const Snapshot *s)
{
    if (!l->open || l->failed || s->busy || s->npts == 0) return;
    if (s->gen != l->gen || s->npts < l->written) restart(l, s);
    char row[512];
    for (; l->written < s->npts; l->written++)
        for (int i = 0; i < s->nruns; i++) {
            EvalPoint p = s->pts[i][l->written];
            /* a rate set at step 0 is "0:LR", which the headless run applies before its first
             * evaluation: that row shows it, here too */
            if (p.step == 0 && s->cfg.nlr > 0 && s->cfg.lr_sched[0].step == 0) p.lr = s->cfg.lr_sched[0].lr;
            for (int k = 0; k < 2; k++) {
                metrics_csv_row(row, sizeof row, &p, s->setup[i]->id, k);
                fprintf(atomic_fp(k ? &l->with_lr : &l->plain), "%s\n", row);
            }
            l->rows++;
        }
    if (ferror(atomic_fp(&l->plain)) || ferror(atomic_fp(&l->with_lr))) l->failed = 1;
}

int csvlog_close(CsvLog *l, const Snapshot *s, char *err, size_t errlen)
{
    if (!l->open) return 0;
    write_new(l, s);
    l->open = 0;
    int lr = s->cfg.nlr > 0;
    AtomicFile *keep = lr ? &l->with_lr : &l->plain, *drop = lr ? &l->plain : &l->with_lr;
    atomic_abort(drop);
    if (l->failed) {
        atomic_abort(keep);
        snprintf(err, errlen, "--csv: writing the CSV failed");
        return -1;
    }
    char msg[1200];
    if (atomic_commit(keep, msg, sizeof msg)) {
        snprintf(err, errlen, "--csv: %s", msg);
        return -1;
    }
    return 0;
}

void csvlog_abort(CsvLog *l)
{
    if (!l->open) return;
    l->open = 0;
    atomic_abort(&l->plain);
    atomic_abort(&l->with_lr);
}
