/* record — what a live session writes besides the terminal: --csv (train/csvlog.h: the rows
 * --headless prints, as they come), --cast (ui/cast.h: the frames as drawn) and --svg (ui/svg.h:
 * the v key, and a lesson's final state). One Record per session, shared by the dashboard and the
 * lesson player; the Screen only borrows the Cast (screen_set_cast), so a screen closed and
 * reopened mid-session keeps recording into the same file. Every file is checked before the
 * terminal is touched (an unwritable one: one line, exit 2) and appears whole at the end.
 * Owns the CsvLog and the Cast until record_close or record_abort. */
#ifndef LOSSLAB_RECORD_H
#define LOSSLAB_RECORD_H
#include <stddef.h>
#include "train/csvlog.h"
#include "train/trainer.h"
#include "ui/cast.h"

typedef struct {
    Config cfg;              /* the paths: cfg.csv, cfg.cast, cfg.svg */
    CsvLog csv;
    Cast *cast;
    char flash[1400];        /* for the key bar: where v wrote the charts, or why it could not */
} Record;

/* Opens the files cfg asks for (title: the cast's). Returns 0, or -1 with one line naming the
 * option in err ("--csv: cannot write 'x/y.csv': No such file or directory"). */
int  record_open(Record *r, const Config *cfg, const char *title, char *err, size_t errlen);
/* The CSV rows not yet written (call with the Snapshot locked). */
void record_update(Record *r, const Snapshot *s);
/* v: the charts as SVG into --svg FILE, else losslab-seedN-stepS.svg; r->flash says where. */
void record_svg(Record *r, Trainer *t);
/* Puts the files in place (keep = 0: drops them; keep = 1 with --svg FILE also writes the final
 * charts there) and prints "SVG: FILE", "CSV: FILE (N rows)" and "cast: FILE (N events, S s)" on
 * stdout, or an error line on stderr. Returns 0, or 1 if a file failed. */
int  record_close(Record *r, Trainer *t, int keep);

#endif
