/* atomic — write to a temporary file, fsync, rename. See atomic.h. */
#include "base/atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/xalloc.h"

static void release(AtomicFile *f)
{
    free(f->path);
    free(f->tmp);
    f->path = f->tmp = NULL;
    f->fp = NULL;
}

int atomic_open(AtomicFile *f, const char *path, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    struct stat st;
    int e;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode)) {
            e = EISDIR;
            goto fail;
        }
        /* a device or a FIFO: written in place */
        f->fp = fopen(path, "w");
        if (!f->fp) {
            e = errno;
            goto fail;
        }
        f->path = xstrdup(path);
        return 0;
    }
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = slash ? slash + 1 : path;
    if (!*base) {
        e = EISDIR;
        goto fail;
    }
    size_t n = dirlen + 1 + strlen(base) + 8;
    f->tmp = xmalloc(n);
    snprintf(f->tmp, n, "%.*s.%s.XXXXXX", (int)dirlen, path, base);
    int fd = mkstemp(f->tmp);
    if (fd < 0) {
        e = errno;
        free(f->tmp);
        f->tmp = NULL;
        goto fail;
    }
    /* the permissions a plain fopen would give (0666 & ~umask), not mkstemp's 0600 */
    mode_t um = umask(0);
    umask(um);
    if (fchmod(fd, 0666 & ~um)) { /* best effort */ }
    f->fp = fdopen(fd, "w");
    if (!f->fp) {
        e = errno;
        close(fd);
        unlink(f->tmp);
        free(f->tmp);
        f->tmp = NULL;
        goto fail;
    }
    f->path = xstrdup(path);
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
    if (fflush(f->fp) || ferror(f->fp)) e = errno ? errno : EIO;
    if (!e && f->tmp && fsync(fileno(f->fp))) e = errno;
    if (fclose(f->fp) && !e) e = errno ? errno : EIO;
    f->fp = NULL;
    if (!e && f->tmp && rename(f->tmp, f->path)) e = errno;
    if (e) {
        if (err && errlen) snprintf(err, errlen, "writing '%s' failed: %s", f->path, strerror(e));
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
        int dfd = open(dir, O_RDONLY | O_DIRECTORY);
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
