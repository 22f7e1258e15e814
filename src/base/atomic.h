/* atomic — the one way losslab writes a file: all of it or nothing.
 * atomic_open writes into a new temporary file in the target's directory (".NAME.losslab-PID-K",
 * the target's permissions, or 0666 minus the umask for a new file); atomic_commit flushes,
 * fsyncs and renames it over the target, so a reader sees either the previous file or the
 * complete new one; atomic_abort (and a failed commit) removes it and leaves the previous file
 * untouched. A target that is a symlink is replaced where it points; a read-only target is
 * refused as fopen would refuse it; a target with other hard links gets a new inode (the other
 * names keep the previous content).
 * In place, without a temporary: standard output (path NULL), and targets that exist and
 * are not regular files (a FIFO, /dev/null, a terminal): those cannot be replaced, only written.
 * Signals: callers install their handlers without SA_RESTART, so a write or open blocked on a
 * FIFO or a pipe returns EINTR; when the caller's stop flag is set that is reported as
 * ATOMIC_STOPPED (the interrupt), never as an I/O error.
 * Same file: a target that is the same file (device and inode, whatever the spelling or links)
 * as one of the inputs is refused (ATOMIC_SAME) before anything is written.
 * Owns, between open and commit/abort: the FILE and the two path strings in the AtomicFile. */
#ifndef LOSSLAB_ATOMIC_H
#define LOSSLAB_ATOMIC_H
#include <signal.h>
#include <stddef.h>
#include <stdio.h>

typedef enum {
    ATOMIC_OK = 0,
    ATOMIC_BADPATH = -1,   /* cannot create the file there (no such directory, ...): bad usage, exit 2 */
    ATOMIC_SAME = -2,      /* the target is one of the inputs: bad usage, exit 2 */
    ATOMIC_IO = -3,        /* a write, fsync or rename failed: exit 1 */
    ATOMIC_STOPPED = -4    /* interrupted (the stop flag was set): exit 130 */
} AtomicStatus;

typedef struct {
    FILE *fp;              /* write here (stdout when in place on standard output) */
    char *target;          /* the file replaced on commit; NULL for standard output */
    char *tmp;             /* the temporary file; NULL when written in place */
    const volatile sig_atomic_t *stop;   /* may be NULL */
} AtomicFile;

/* 0 if path names none of inputs[0..n-1] (empty or NULL entries are skipped; a path that does
 * not exist is none of them), else ATOMIC_SAME with "NAME: 'path' is the same file as the input
 * 'input'; choose another file" in err (NAME: the option, e.g. "--csv"). */
int  atomic_check_inputs(const char *name, const char *path, const char *const *inputs, int n, char *err, size_t errlen);
/* Opens path for writing as described above. name prefixes messages ("--csv: ..."). Returns
 * ATOMIC_OK, or a status with one line in err. */
int  atomic_open(AtomicFile *f, const char *name, const char *path, const char *const *inputs, int n,
                 const volatile sig_atomic_t *stop, char *err, size_t errlen);
/* 1 if writing failed because of an interrupt (the stop flag is set), else 0. */
int  atomic_stopped(const AtomicFile *f);
/* Makes the file final (see above). Returns ATOMIC_OK, ATOMIC_IO or ATOMIC_STOPPED (with err);
 * on failure the temporary is gone and the target untouched. Frees f's strings either way. */
int  atomic_commit(AtomicFile *f, const char *name, char *err, size_t errlen);
/* Discards everything written (the temporary file is removed); a no-op after commit. */
void atomic_abort(AtomicFile *f);
/* Exit code for a status: 0, 2 (BADPATH, SAME), 1 (IO), 130 (STOPPED). */
int  atomic_exit_code(int status);

#endif
