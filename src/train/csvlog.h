/* csvlog — the live screen's --csv: the rows --headless prints for the same run, written as the
 * evaluation points arrive. Whether the run's learning rate changes (an lr column) is known only
 * at the end (the [ and ] keys), so both forms are written side by side into two temporary files
 * in the target's directory and the right one is put in place atomically at the end; the other
 * is removed. A reset starts both over: the file holds the last run, as its reproducing command
 * line does. Owns the two files (base/atomic.h) until csvlog_close or csvlog_abort. */
#ifndef LOSSLAB_CSVLOG_H
#define LOSSLAB_CSVLOG_H
#include <stddef.h>
#include "base/atomic.h"
#include "train/trainer.h"

typedef struct {
    AtomicFile plain, with_lr;
    int open;
    long gen;          /* the Snapshot generation being written */
    int written;       /* evaluation points written */
    long rows;
    int failed;
} CsvLog;

/* Returns 0, or -1 with "--csv: cannot write 'PATH': REASON" in err. */
int  csvlog_open(CsvLog *l, const char *path, char *err, size_t errlen);
/* Writes the points of s not yet written (call with the Snapshot locked); nothing while the run
 * is at step 0 (a rate set there is the run's first rate, which the first row shows). */
void csvlog_update(CsvLog *l, const Snapshot *s);
/* Writes what is left, then puts the file in place: with the lr column when s's run changed its learning rate. Returns
 * 0, or -1 with one line in err (nothing left behind). */
int  csvlog_close(CsvLog *l, const Snapshot *s, char *err, size_t errlen);
void csvlog_abort(CsvLog *l);

#endif
