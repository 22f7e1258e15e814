/* atomic — every file losslab writes appears whole or not at all: the bytes go to a temporary
 * file in the target's directory (".NAME.XXXXXX"), which atomic_commit flushes, fsyncs and renames
 * over the target (then fsyncs the directory); atomic_abort, or a failed commit, removes it.
 * A target that exists and is not a regular file (a terminal, /dev/null, /dev/full, a FIFO) is
 * written directly: renaming over a device node would replace it. "-" is not special here (the
 * callers decide what "-" means).
 * An AtomicFile owns its FILE and the temporary file until commit or abort. No global state. */
#ifndef LOSSLAB_ATOMIC_H
#define LOSSLAB_ATOMIC_H
#include <stddef.h>
#include <stdio.h>

typedef struct {
    FILE *fp;
    char *path;         /* the target */
    char *tmp;          /* the temporary file, NULL when writing the target directly */
} AtomicFile;

/* Opens a temporary file beside path. Returns 0, or -1 with errno set and one line in err:
 * "cannot write 'PATH': REASON" (a directory, a missing directory, no permission, ...). */
int   atomic_open(AtomicFile *f, const char *path, char *err, size_t errlen);
FILE *atomic_fp(AtomicFile *f);
/* Flushes, fsyncs, closes and renames the temporary file over the target. Returns 0, or -1 with
 * one line in err ("writing 'PATH' failed: REASON"); on failure the temporary file is removed and
 * the target is untouched. The AtomicFile is released either way. */
int   atomic_commit(AtomicFile *f, char *err, size_t errlen);
/* Closes and removes the temporary file; the target is untouched. Safe on a released file. */
void  atomic_abort(AtomicFile *f);
/* The temporary file's path (NULL when writing directly), e.g. for tests that watch progress. */
const char *atomic_tmp_path(const AtomicFile *f);

#endif
