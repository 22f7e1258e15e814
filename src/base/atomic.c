/* atomic — all-or-nothing file output. See atomic.h. */
#include "base/atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/xalloc.h"

#define TMP_TRIES 100

static int stopped(const volatile sig_atomic_t *stop) { return stop && *stop; }

int atomic_check_inputs(const char *name, const char *path, const char *const *inputs, int n, char *err, size_t errlen)
{
    struct stat out, in;
    if (!path || !*path || stat(path, &out) != 0) return ATOMIC_OK;
    for (int i = 0; i < n; i++) {
        if (!inputs || !inputs[i] || !inputs[i][0] || stat(inputs[i], &in) != 0) continue;
        if (in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
            snprintf(err, errlen, "%s: '%s' is the same file as the input '%s'; it would be overwritten, choose another file",
                     name, path, inputs[i]);
            return ATOMIC_SAME;
        }
    }
    return ATOMIC_OK;
}

int atomic_stopped(const AtomicFile *f) { return stopped(f->stop); }

/* Opens a file that cannot be replaced (FIFO, device) for writing as it is. */
static int open_in_place(AtomicFile *f, const char *name, const char *path, char *err, size_t errlen)
{
    int fd;
    do fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOCTTY);
    while (fd < 0 && errno == EINTR && !stopped(f->stop));
    if (fd < 0) {
        if (stopped(f->stop)) return ATOMIC_STOPPED;
        snprintf(err, errlen, "%s: cannot write '%s': %s", name, path, strerror(errno));
        return ATOMIC_BADPATH;
    }
    f->fp = fdopen(fd, "w");
    if (!f->fp) {
        close(fd);
        snprintf(err, errlen, "%s: cannot write '%s': %s", name, path, strerror(errno));
        return ATOMIC_IO;
    }
    f->target = xstrdup(path);
    return ATOMIC_OK;
}

int atomic_open(AtomicFile *f, const char *name, const char *path, const char *const *inputs, int n,
                const volatile sig_atomic_t *stop, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    f->stop = stop;
    if (!path) {
        f->fp = stdout;
        return ATOMIC_OK;
    }
    if (!*path) {
        snprintf(err, errlen, "%s: cannot write '': %s", name, strerror(ENOENT));
        return ATOMIC_BADPATH;
    }
    int rc = atomic_check_inputs(name, path, inputs, n, err, errlen);
    if (rc) return rc;
    struct stat st;
    int exists = stat(path, &st) == 0;
    if (exists && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode)) {
            snprintf(err, errlen, "%s: cannot write '%s': %s", name, path, strerror(EISDIR));
            return ATOMIC_BADPATH;
        }
        return open_in_place(f, name, path, err, errlen);
    }
    /* a read-only file stays read-only: replacing it by rename would get around its mode */
    if (exists && access(path, W_OK) != 0) {
        snprintf(err, errlen, "%s: cannot write '%s': %s", name, path, strerror(errno));
        return ATOMIC_BADPATH;
    }
    /* the file replaced: where a symlink points, so the link survives */
    char real[PATH_MAX];
    const char *target = path;
    struct stat lst;
    if (exists && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) && realpath(path, real)) target = real;
    const char *slash = strrchr(target, '/');
    size_t dirlen = slash ? (size_t)(slash - target) + 1 : 0;
    const char *base = slash ? slash + 1 : target;
    size_t cap = dirlen + strlen(base) + 64;
    char *tmp = xmalloc(cap);
    int fd = -1;
    for (int k = 0; k < TMP_TRIES && fd < 0; k++) {
        snprintf(tmp, cap, "%.*s.%s.losslab-%ld-%d", (int)dirlen, target, base, (long)getpid(), k);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0) {
        int e = errno;
        free(tmp);
        /* say it the way the user wrote it: the directory of path cannot take a new file */
        snprintf(err, errlen, "%s: cannot write '%s': %s", name, path, strerror(e));
        return ATOMIC_BADPATH;
    }
    if (exists) (void)fchmod(fd, st.st_mode & 07777);   /* keep the old file's permissions (best effort) */
    f->fp = fdopen(fd, "w");
    if (!f->fp) {
        int e = errno;
        close(fd);
        unlink(tmp);
        free(tmp);
        snprintf(err, errlen, "%s: cannot write '%s': %s", name, path, strerror(e));
        return ATOMIC_IO;
    }
    f->tmp = tmp;
    f->target = xstrdup(target);
    return ATOMIC_OK;
}

static void release(AtomicFile *f)
{
    free(f->target);
    free(f->tmp);
    f->target = f->tmp = NULL;
    f->fp = NULL;
}

void atomic_abort(AtomicFile *f)
{
    if (f->fp && f->fp != stdout) fclose(f->fp);
    else if (f->fp == stdout) fflush(stdout);
    if (f->tmp) unlink(f->tmp);
    release(f);
}

int atomic_commit(AtomicFile *f, const char *name, char *err, size_t errlen)
{
    if (!f->fp) return ATOMIC_OK;
    const char *shown = f->target ? f->target : "standard output";
    int bad = fflush(f->fp) != 0 || ferror(f->fp);
    int e = bad ? (errno ? errno : EIO) : 0;
    if (!bad && f->tmp && fsync(fileno(f->fp)) != 0) { bad = 1; e = errno; }
    if (f->fp != stdout && fclose(f->fp) != 0 && !bad) { bad = 1; e = errno; }
    f->fp = NULL;
    if (bad) {
        int interrupted = stopped(f->stop) && (e == EINTR || !f->tmp);
        if (f->tmp) unlink(f->tmp);
        if (interrupted) {
            snprintf(err, errlen, "%s: interrupted while writing '%s'", name, shown);
            release(f);
            return ATOMIC_STOPPED;
        }
        snprintf(err, errlen, "%s: writing '%s' failed: %s%s", name, shown, strerror(e),
                 f->tmp ? " (the previous file, if any, is untouched)" : "");
        release(f);
        return ATOMIC_IO;
    }
    if (f->tmp) {
        if (rename(f->tmp, f->target) != 0) {
            e = errno;
            unlink(f->tmp);
            snprintf(err, errlen, "%s: cannot replace '%s': %s (the previous file, if any, is untouched)", name, shown,
                     strerror(e));
            release(f);
            return ATOMIC_IO;
        }
        /* the rename itself is durable once the directory is synced (best effort) */
        char *dir = xstrdup(f->target);
        char *slash = strrchr(dir, '/');
        if (slash) *(slash == dir ? slash + 1 : slash) = '\0';
        int dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            (void)fsync(dfd);
            close(dfd);
        }
        free(dir);
    }
    release(f);
    return ATOMIC_OK;
}

int atomic_exit_code(int status)
{
    switch (status) {
    case ATOMIC_OK: return 0;
    case ATOMIC_BADPATH:
    case ATOMIC_SAME: return 2;
    case ATOMIC_STOPPED: return 130;
    default: return 1;
    }
}
