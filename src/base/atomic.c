/* atomic — write to a temporary file, fsync, rename. See atomic.h. */
#define _GNU_SOURCE 1   /* mkostemp */
#include "base/atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/xalloc.h"

static int stopped(const volatile sig_atomic_t *stop) { return stop && *stop; }

static void release(AtomicFile *f)
{
    free(f->path);
    free(f->tmp);
    f->path = f->tmp = NULL;
    f->fp = NULL;
}

int atomic_check_inputs(const char *name, const char *path, const char *const *inputs, int n, char *err,
                        size_t errlen)
{
    struct stat out, in;
    if (!path || !*path || stat(path, &out) != 0) return 0;
    for (int i = 0; i < n; i++) {
        if (!inputs || !inputs[i] || !inputs[i][0] || stat(inputs[i], &in) != 0) continue;
        if (in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
            snprintf(err, errlen, "%s: '%s' is the same file as the input '%s'; it would be overwritten, choose another file",
                     name, path, inputs[i]);
            return -1;
        }
    }
    return 0;
}

int atomic_open(AtomicFile *f, const char *path, char *err, size_t errlen)
{
    return atomic_open_stop(f, path, NULL, err, errlen);
}

int atomic_open_stop(AtomicFile *f, const char *path, const volatile sig_atomic_t *stop, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    struct stat st;
    int e;
    int exists = stat(path, &st) == 0;
    if (exists && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode)) {
            e = EISDIR;
            goto fail;
        }
        /* a device or a FIFO: written in place (a FIFO's open waits for a reader; a signal
         * interrupts the wait, and with the stop flag set that is the end) */
        do f->fp = fopen(path, "w");
        while (!f->fp && errno == EINTR && !stopped(stop));
        if (!f->fp) {
            e = errno;
            if (stopped(stop)) {
                if (err && errlen) snprintf(err, errlen, "interrupted while opening '%s'", path);
                errno = EINTR;
                return -1;
            }
            goto fail;
        }
        f->path = xstrdup(path);
        return 0;
    }
    /* a read-only file stays read-only: replacing it by rename would get around its mode */
    if (exists && access(path, W_OK) != 0) {
        e = errno;
        goto fail;
    }
    /* the file replaced: where a symlink points, so the link survives */
    char real[PATH_MAX];
    const char *target = path;
    struct stat lst;
    if (exists && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) && realpath(path, real)) target = real;
    const char *slash = strrchr(target, '/');
    size_t dirlen = slash ? (size_t)(slash - target) + 1 : 0;
    const char *base = slash ? slash + 1 : target;
    if (!*base) {
        e = *path ? EISDIR : ENOENT;
        goto fail;
    }
    size_t n = dirlen + 1 + strlen(base) + 8;
    f->tmp = xmalloc(n);
    snprintf(f->tmp, n, "%.*s.%s.XXXXXX", (int)dirlen, target, base);
    int fd = mkostemp(f->tmp, O_CLOEXEC);
    if (fd < 0) {
        e = errno;
        free(f->tmp);
        f->tmp = NULL;
        goto fail;
    }
    /* the permissions the file had, or those a plain fopen would give (0666 & ~umask), not
     * mkstemp's 0600 */
    mode_t mode;
    if (exists) {
        mode = st.st_mode & 07777;
    } else {
        mode_t um = umask(0);
        umask(um);
        mode = 0666 & ~um;
    }
    if (fchmod(fd, mode)) { /* best effort */ }
    f->fp = fdopen(fd, "w");
    if (!f->fp) {
        e = errno;
        close(fd);
        unlink(f->tmp);
        free(f->tmp);
        f->tmp = NULL;
        goto fail;
    }
    f->path = xstrdup(target);
    return 0;
fail:
    if (err && errlen) snprintf(err, errlen, "cannot write '%s': %s", path, strerror(e));
    errno = e;
    return -1;
}

FILE *atomic_fp(AtomicFile *f) { return f->fp; }

const char *atomic_tmp_path(const AtomicFile *f) { return f->tmp; }

int atomic_commit(AtomicFile *f, char *err, size_t errlen)
{
    if (!f->fp) {
        if (err && errlen) snprintf(err, errlen, "writing failed: the file is not open");
        return -1;
    }
    int e = 0;
    errno = 0;
    if (fflush(f->fp) || ferror(f->fp)) e = errno ? errno : EIO;
    if (!e && f->tmp && fsync(fileno(f->fp))) e = errno;
    if (fclose(f->fp) && !e) e = errno ? errno : EIO;
    f->fp = NULL;
    if (!e && f->tmp && rename(f->tmp, f->path)) e = errno;
    if (e) {
        if (err && errlen)
            snprintf(err, errlen, "writing '%s' failed: %s%s", f->path, strerror(e),
                     f->tmp ? " (the previous file, if any, is untouched)" : "");
        if (f->tmp) unlink(f->tmp);
        release(f);
        errno = e;
        return -1;
    }
    if (f->tmp) {
        /* the rename itself survives a crash once the directory is synced */
        const char *slash = strrchr(f->path, '/');
        char *dir = slash ? xstrdup(f->path) : xstrdup(".");
        if (slash) dir[slash - f->path + (slash == f->path)] = '\0';
        int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            (void)fsync(dfd);
            close(dfd);
        }
        free(dir);
    }
    release(f);
    return 0;
}

void atomic_abort(AtomicFile *f)
{
    if (f->fp) fclose(f->fp);
    if (f->tmp) unlink(f->tmp);
    release(f);
}
