/* atomic — every file losslab writes appears whole or not at all: the bytes go to a temporary
 * file in the target's directory (".NAME.XXXXXX"), which atomic_commit flushes, fsyncs and renames
 * over the target (then fsyncs the directory); atomic_abort, or a failed commit, removes it and
 * leaves the previous file untouched. A target that is a symlink is replaced where it points (the
 * link survives); an existing target keeps its permissions, and one that cannot be written (a
 * read-only file) is refused as fopen would refuse it. A target with other hard links gets a new
 * inode (the other names keep the previous content).
 * A target that exists and is not a regular file (a terminal, /dev/null, /dev/full, a FIFO) is
 * written directly: renaming over a device node would replace it. "-" is not special here (the
 * callers decide what "-" means).
 * Signals: callers install their handlers without SA_RESTART, so an open or a write blocked on a
 * FIFO or a pipe returns EINTR; with their stop flag set, that is the interrupt (atomic_open_stop
 * fails with errno EINTR and "interrupted"), never an I/O error.
 * Same file: atomic_check_inputs refuses an output that is one of the inputs (device and inode,
 * whatever the spelling or links), before anything is written.
 * An AtomicFile owns its FILE and the temporary file until commit or abort. No global state. */
#ifndef LOSSLAB_ATOMIC_H
#define LOSSLAB_ATOMIC_H
#include <signal.h>
#include <stddef.h>
#include <stdio.h>

typedef struct {
    FILE *fp;
    char *path;         /* the file replaced on commit (a symlink's target) */
    char *tmp;          /* the temporary file, NULL when writing the target directly */
} AtomicFile;

/* Opens a temporary file beside path. Returns 0, or -1 with errno set and one line in err:
 * "cannot write 'PATH': REASON" (a directory, a missing directory, no permission, ...). */
int   atomic_open(AtomicFile *f, const char *path, char *err, size_t errlen);
/* The same; an open blocked on a FIFO (no reader yet) gives up once *stop is set: -1, errno
 * EINTR, "interrupted while opening 'PATH'". stop may be NULL. */
int   atomic_open_stop(AtomicFile *f, const char *path, const volatile sig_atomic_t *stop, char *err, size_t errlen);
FILE *atomic_fp(AtomicFile *f);
/* Flushes, fsyncs, closes and renames the temporary file over the target. Returns 0, or -1 with
 * one line in err ("writing 'PATH' failed: REASON"); on failure the temporary file is removed and
 * the target is untouched. The AtomicFile is released either way. */
int   atomic_commit(AtomicFile *f, char *err, size_t errlen);
/* Closes and removes the temporary file; the target is untouched. Safe on a released file. */
void  atomic_abort(AtomicFile *f);
/* The temporary file's path (NULL when writing directly), e.g. for tests that watch progress. */
const char *atomic_tmp_path(const AtomicFile *f);
/* 0 if path names none of inputs[0..n-1] (empty or NULL entries, and a path that does not exist,
 * name none), else -1 with "NAME: 'PATH' is the same file as the input 'INPUT'; ..." in err. */
int   atomic_check_inputs(const char *name, const char *path, const char *const *inputs, int n, char *err,
                          size_t errlen);

#endif
