/* test_base — the base mechanisms of issue 10: base/atomic (all-or-nothing files, same-file
 * refusal) and base/termtext (escaping, display columns). Each test names the defect it guards. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>

#include "base/atomic.h"
#include "base/termtext.h"
#include "data/data.h"

static char g_dir[256];

static int setup_dir(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/losslab-test-base-XXXXXX");
    return mkdtemp(g_dir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
    (void)state;
    DIR *d = opendir(g_dir);
    if (d) {
        struct dirent *e;
        char p[600];
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2]))) continue;
            snprintf(p, sizeof p, "%s/%s", g_dir, e->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(g_dir);
    return 0;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static char *read_file(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "r");
    if (!f) return NULL;
    size_t n = fread(buf, 1, cap - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Files in g_dir (temporaries included). */
static int count_files(void)
{
    DIR *d = opendir(g_dir);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) n += e->d_name[0] != '.' || (e->d_name[1] && e->d_name[1] != '.');
    closedir(d);
    return n;
}

/* defect 2: the previous file stays whole until commit, then is replaced whole; abort leaves it */
static void test_atomic_commit_and_abort(void **state)
{
    (void)state;
    char path[300], buf[64], err[256];
    snprintf(path, sizeof path, "%s/out.csv", g_dir);
    write_file(path, "old\n");
    AtomicFile f;
    assert_int_equal(atomic_open(&f, path, err, sizeof err), 0);
    fputs("new\n", f.fp);
    fflush(f.fp);
    assert_string_equal(read_file(path, buf, sizeof buf), "old\n");   /* not yet */
    assert_int_equal(count_files(), 2);                               /* the temporary beside it */
    atomic_abort(&f);
    assert_string_equal(read_file(path, buf, sizeof buf), "old\n");
    assert_int_equal(count_files(), 1);
    assert_int_equal(atomic_open(&f, path, err, sizeof err), 0);
    fputs("new\n", f.fp);
    assert_int_equal(atomic_commit(&f, err, sizeof err), 0);
    assert_string_equal(read_file(path, buf, sizeof buf), "new\n");
    assert_int_equal(count_files(), 1);
    unlink(path);
}

/* defect 2: a write that fails (file-size limit = a full disk for this process) leaves the
 * previous file untouched and no temporary, and is reported as an I/O failure */
static void test_atomic_failed_write_keeps_previous(void **state)
{
    (void)state;
    char path[300], buf[64], err[256];
    snprintf(path, sizeof path, "%s/full.csv", g_dir);
    write_file(path, "precious\n");
    struct rlimit old, lim;
    getrlimit(RLIMIT_FSIZE, &old);
    lim = old;
    lim.rlim_cur = 4096;
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    AtomicFile f;
    assert_int_equal(atomic_open(&f, path, err, sizeof err), 0);
    for (int i = 0; i < 2000; i++) fprintf(f.fp, "row %d of a file larger than the limit\n", i);
    int st = atomic_commit(&f, err, sizeof err);
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, prev);
    assert_int_equal(st, -1);
    assert_non_null(strstr(err, "writing '"));
    assert_non_null(strstr(err, "failed: File too large"));
    assert_string_equal(read_file(path, buf, sizeof buf), "precious\n");
    assert_int_equal(count_files(), 1);
    unlink(path);
}

/* defect 1: the same file by device and inode, whatever the spelling: ./x, a symlink, a hard link */
static void test_atomic_same_file(void **state)
{
    (void)state;
    char data[300], alias[300], lnk[300], hard[300], other[300], err[512];
    snprintf(data, sizeof data, "%s/data.csv", g_dir);
    snprintf(alias, sizeof alias, "%s/./data.csv", g_dir);
    snprintf(lnk, sizeof lnk, "%s/link.csv", g_dir);
    snprintf(hard, sizeof hard, "%s/hard.csv", g_dir);
    snprintf(other, sizeof other, "%s/other.csv", g_dir);
    write_file(data, "1,0\n");
    assert_int_equal(symlink("data.csv", lnk), 0);
    assert_int_equal(link(data, hard), 0);
    const char *in[2] = { "", data };
    assert_int_equal(atomic_check_inputs("--csv", alias, in, 2, err, sizeof err), -1);
    assert_non_null(strstr(err, "--csv: "));
    assert_non_null(strstr(err, "same file"));
    assert_int_equal(atomic_check_inputs("--csv", lnk, in, 2, err, sizeof err), -1);
    assert_int_equal(atomic_check_inputs("--csv", hard, in, 2, err, sizeof err), -1);
    assert_int_equal(atomic_check_inputs("--csv", other, in, 2, err, sizeof err), 0);   /* does not exist */
    AtomicFile f;
    /* a symlink that is not an input is replaced where it points, and stays a symlink */
    unlink(hard);
    write_file(other, "x\n");
    assert_int_equal(atomic_open(&f, lnk, err, sizeof err), 0);
    fputs("2,1\n", f.fp);
    assert_int_equal(atomic_commit(&f, err, sizeof err), 0);
    struct stat st;
    assert_int_equal(lstat(lnk, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    char buf[64];
    assert_string_equal(read_file(data, buf, sizeof buf), "2,1\n");
    unlink(lnk);
    unlink(data);
    unlink(other);
}

/* defect 20: a path that cannot take a file is one line naming it, and nothing is left behind */
static void test_atomic_bad_paths(void **state)
{
    (void)state;
    char err[512];
    AtomicFile f;
    assert_int_equal(atomic_open(&f, "", err, sizeof err), -1);
    assert_string_equal(err, "cannot write '': No such file or directory");
    assert_int_equal(atomic_open(&f, "/nonexistent-dir/x.csv", err, sizeof err), -1);
    assert_string_equal(err, "cannot write '/nonexistent-dir/x.csv': No such file or directory");
    assert_int_equal(atomic_open(&f, g_dir, err, sizeof err), -1);
    assert_non_null(strstr(err, "Is a directory"));
    assert_int_equal(count_files(), 0);
}

/* defect 3: an interrupted data generation gives up, with nothing allocated left behind */
static void test_generate_stops(void **state)
{
    (void)state;
    volatile sig_atomic_t stop = 1;
    GenSpec s = { .n = 100000, .T = 5, .F = 10, .pos = 0.74, .noise = 0.02, .seed = 1, .stop = &stop };
    Dataset d;
    char err[256];
    assert_int_equal(data_generate(&d, &s, err, sizeof err), -1);
    assert_string_equal(err, "generator: interrupted");
    assert_null(d.x);
    stop = 0;
    assert_int_equal(data_generate(&d, &s, err, sizeof err), 0);
    data_free(&d);
}

/* defect 6: display columns: wide glyphs two, combining marks none, tabs to the next stop */
static void test_termtext_width(void **state)
{
    (void)state;
    assert_int_equal(tt_width("abc", (size_t)-1), 3);
    assert_int_equal(tt_width("\xe4\xb8\xad\xe6\x96\x87", (size_t)-1), 4);           /* 中文 */
    assert_int_equal(tt_width("e\xcc\x81", (size_t)-1), 1);                         /* e + U+0301 */
    assert_int_equal(tt_width("a\tb", (size_t)-1), 9);
    assert_int_equal(tt_width("\x1b", (size_t)-1), 4);                              /* shown as \x1b */
    assert_int_equal(tt_cp_cols(0xFF21), 2);                                        /* fullwidth A */
    /* a prefix never splits a wide glyph and keeps a mark with its base */
    assert_int_equal(tt_prefix("\xe4\xb8\xad\xe6\x96\x87", 6, 3), 3);
    assert_int_equal(tt_prefix("ae\xcc\x81z", 5, 2), 4);
    char buf[64];
    assert_int_equal(tt_sanitize(buf, sizeof buf, "\xe4\xb8\xad\xe6\x96\x87\xe8\xaf\xbe\xe7\xa8\x8b", 7, 1), 7);
    assert_string_equal(buf, "\xe4\xb8\xad\xe6\x96\x87...");
}

/* defect 7: control bytes, invalid UTF-8 and bidirectional overrides reach a terminal inert */
static void test_termtext_escape(void **state)
{
    (void)state;
    char buf[128];
    tt_sanitize(buf, sizeof buf, "no\nsuch\x1b[31mRED\x7f", -1, 1);
    assert_string_equal(buf, "no\\x0asuch\\x1b[31mRED\\x7f");
    tt_sanitize(buf, sizeof buf, "\xc2\x9b" "x\xff" "\xe2\x80\xae", -1, 1);   /* C1 CSI, bad byte, U+202E */
    assert_string_equal(buf, "\\xc2\\x9bx\\xff\\xe2\\x80\\xae");
    FILE *f = tmpfile();
    assert_non_null(f);
    tt_msg(f, "%s: bad", "a\nb");
    tt_fputs_lines("x\ny\tz", f);
    rewind(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    assert_string_equal(buf, "losslab: a\\x0ab: bad\nx\ny       z");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_atomic_commit_and_abort),
        cmocka_unit_test(test_atomic_failed_write_keeps_previous),
        cmocka_unit_test(test_atomic_same_file),
        cmocka_unit_test(test_atomic_bad_paths),
        cmocka_unit_test(test_generate_stops),
        cmocka_unit_test(test_termtext_width),
        cmocka_unit_test(test_termtext_escape),
    };
    return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
