/* losslab — command line: the live screen (default), --headless CSV, bench, lessons.
 * Exit codes: 0 done, 1 internal failure, 2 bad usage or bad input (one line naming the option,
 * or file:line:column), 3 a lesson expectation failed, 130 interrupted.
 * The only mutable static is the signal flag below (async-signal-safe by definition); everything
 * else lives in structs passed down. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/atomic.h"       /* defines: AtomicFile, atomic_open/commit/abort (every file written) */
#include "base/termtext.h"     /* defines: tt_msg (every stderr line) */
#include "base/xalloc.h"       /* defines: xmalloc, str_copy */
#include "ui/svg.h"            /* defines: svg_write */
#include "train/arena.h"       /* defines: Arena, arena_create/advance/free, EvalPoint, CSV rows */
#include "train/config.h"      /* defines: Config, config_defaults, config_set */
#include "ui/screen.h"         /* defines: ScreenOpts, screen_run */
#include "train/trainer.h"        /* defines: SPEED_MAX */
#include "data/data.h"         /* defines: data_generate, data_read_csv, data_write_csv */
#include "lesson/player.h"     /* defines: lesson_main (lesson, replay, lessons commands) */
#include "atlas/atlas.h"       /* defines: the atlas table and its printers */
#include "nn/kern.h"           /* defines: kern_best, kern_count, kern_get (--version) */

#define LOSSLAB_VERSION "0.1.0"

static volatile sig_atomic_t g_stop;   /* set by SIGINT/SIGTERM/SIGHUP in headless runs */

static void on_signal(int sig) { g_stop = sig; }

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void usage(FILE *f)
{
    fprintf(f,
"usage: losslab [OPTIONS]                 live screen on the built-in demo data\n"
"       losslab --headless [OPTIONS]      no screen: CSV metrics to stdout (or --csv FILE)\n"
"       losslab lessons                   list the lessons\n"
"       losslab lesson FILE [--headless]  an interactive lesson (headless: a transcript)\n"
"       losslab replay FILE [--pace S]    the lesson, auto-advancing (for a projector)\n"
"       losslab bench [OPTIONS] [--seconds S]  training throughput\n"
"       losslab setups                    the set-up table, tab-separated (for scripts)\n"
"       losslab atlas [CONFIG] [--framework NAME] [--tsv]\n"
"                                         what each framework does with an output layer +\n"
"                                         loss + labels: the grid, one framework, or one\n"
"                                         configuration in full with its sources\n"
"\n");
    /* the set-ups, from the table */
    const SetupTable *t = setup_builtin();
    char lineup[256];
    setup_lineup_str(t, 2, lineup, sizeof lineup);
    fprintf(f, "Set-ups (--models, comma-separated; default %s; the key focuses it on the screen):\n", lineup);
    for (int i = 0; i < t->n; i++) {
        const Setup *s = &t->rows[i];
        char classes[16];
        if (s->kmax == 2) snprintf(classes, sizeof classes, "K = 2");
        else snprintf(classes, sizeof classes, "K = %d-%d", s->kmin, s->kmax);
        fprintf(f, "  %c %-14s %s + %s (%s)\n", s->key, s->id, s->head, s->loss_name, classes);
        fprintf(f, "    %-14s as %s\n", "", s->frameworks);
        fprintf(f, "    %-14s %s\n", "", s->expect);
    }
    fprintf(f, "\nOptions:\n");
    config_print_help(f);
    fprintf(f, "\nDiagnoses on the cards and in transcripts (first match wins):\n");
    for (int i = 0; i < diag_rule_count(); i++) fprintf(f, "  %-15s %s\n", diag_rule(i).word, diag_rule(i).rule);
}

/* One line on stderr whatever the message quotes: control bytes from argv or a file name
 * (newlines, escape sequences) are written as \xNN (base/termtext's tt_msg). */
static int bad(const char *msg)
{
    tt_msg(stderr, "%s", msg);
    return 2;
}

typedef struct {
    Config cfg;
    char *cmd;          /* NULL, "bench", "lesson", "replay", "lessons" */
    char *file;         /* lesson file */
} Cli;

/* Where the recording options apply: --cast records a screen (the dashboard, a lesson) or
 * renders `replay` without a terminal; --svg writes the charts (headless: the final state; a
 * lesson: its export steps; the screen: the v key); "-" is stdout only where nothing else is. */
static int media_check(const Cli *cli, char *err, size_t errlen)
{
    const Config *c = &cli->cfg;
    const char *cmd = cli->cmd ? cli->cmd : "";
    int lesson = !strcmp(cmd, "lesson") || !strcmp(cmd, "replay");
    if (c->cast[0]) {
        if (cli->cmd && !lesson) {
            snprintf(err, errlen, "--cast: records the screen or a lesson (losslab --cast FILE, losslab replay LESSON --cast FILE), not %s", cmd);
            return -1;
        }
        if (c->headless) {
            snprintf(err, errlen, "--cast: records the screen, not --headless (a lesson without a terminal: losslab replay LESSON --cast FILE)");
            return -1;
        }
        if (c->export_path[0]) {
            snprintf(err, errlen, "--cast: not with --export");
            return -1;
        }
        if (!strcmp(c->cast, "-")) {
            snprintf(err, errlen, "--cast: '-' is not a file; the cast is written to a file");
            return -1;
        }
    }
    if (config_given(c, "size") && !c->cast[0]) {
        snprintf(err, errlen, "--size: only with --cast (replay LESSON --cast FILE --size WxH)");
        return -1;
    }
    if (c->timestamp && !c->cast[0]) {
        snprintf(err, errlen, "--timestamp: only with --cast");
        return -1;
    }
    if (c->svg[0] && cli->cmd && !lesson) {
        snprintf(err, errlen, "--svg: writes a run's charts (headless, the screen or a lesson), not %s", cmd);
        return -1;
    }
    if (c->svg[0] && c->export_path[0]) {
        snprintf(err, errlen, "--svg: not with --export");
        return -1;
    }
    if (!strcmp(c->svg, "-") && !(c->headless && !cli->cmd && c->csv[0] && strcmp(c->csv, "-"))) {
        snprintf(err, errlen, "--svg: '-' (stdout) only with --headless and --csv FILE (stdout holds the CSV or the screen)");
        return -1;
    }
    if (!strcmp(c->csv, "-") && !c->headless && !cli->cmd) {
        snprintf(err, errlen, "--csv: '-' (stdout) is the screen's terminal; give a file name");
        return -1;
    }
    if (c->csv[0] && cli->cmd) {
        snprintf(err, errlen, "--csv: for a run (headless or the screen), not %s", cmd);
        return -1;
    }
    return 0;
}

/* Two passes over getopt_long, whose table is built from the option table: --preset first (it
 * resets the preset-owned options), then everything in order, so `--hidden 64 --preset seed`
 * keeps hidden = 64. */
static int cli_parse(Cli *cli, int argc, char **argv)
{
    char err[1200];
    memset(cli, 0, sizeof *cli);
    config_defaults(&cli->cfg);
    int nopt;
    const OptDef *defs = config_options(&nopt);
    struct option longopts[64 + 1];
    for (int i = 0; i < nopt; i++)
        longopts[i] = (struct option){ defs[i].name, defs[i].metavar ? required_argument : no_argument, 0, 1000 + i };
    longopts[nopt] = (struct option){ 0, 0, 0, 0 };
    for (int pass = 0; pass < 2; pass++) {
        optind = 0;
        opterr = 0;
        int c;
        while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
            if (c == '?' || c == ':') {
                if (pass == 1) continue;
                const char *arg = argv[optind - 1];
                char shortopt[3] = { '-', (char)optopt, '\0' };
                if (c == '?' && optopt != 0 && optopt < 128) arg = shortopt;  /* -x, maybe inside -xh (long options have vals >= 1000) */
                if (c == ':') snprintf(err, sizeof err, "%s: expected a value (see losslab --help)", arg);
                else snprintf(err, sizeof err, "unknown option '%s' (see losslab --help)", arg);
                return bad(err);
            }
            const char *name = c == 'h' ? "help" : defs[c - 1000].name;
            int is_preset = !strcmp(name, "preset");
            if (pass == 0 ? !is_preset : is_preset) continue;
            if (config_set(&cli->cfg, name, c == 'h' ? NULL : optarg, err, sizeof err)) return bad(err);
        }
    }
    /* operands: a command and its file */
    int nops = 0;
    char *ops[3] = { 0 };
    for (int i = optind; i < argc; i++) {
        if (nops == 3) return bad("too many arguments (see losslab --help)");
        ops[nops++] = argv[i];
    }
    if (nops > 0) {
        cli->cmd = ops[0];
        if (strcmp(cli->cmd, "bench") && strcmp(cli->cmd, "lesson") && strcmp(cli->cmd, "replay") &&
            strcmp(cli->cmd, "lessons") && strcmp(cli->cmd, "setups") && strcmp(cli->cmd, "atlas")) {
            snprintf(err, sizeof err, "unknown command '%s' (commands: lessons, lesson, replay, bench, setups, atlas)", cli->cmd);
            return bad(err);
        }
        int wants_file = !strcmp(cli->cmd, "lesson") || !strcmp(cli->cmd, "replay");
        int may_file = wants_file || !strcmp(cli->cmd, "atlas");
        if (wants_file && nops != 2) {
            snprintf(err, sizeof err, "%s: expected one lesson file (try: losslab lessons)", cli->cmd);
            return bad(err);
        }
        if (!may_file && nops != 1) {
            snprintf(err, sizeof err, "%s: unexpected argument '%s'", cli->cmd, ops[1]);
            return bad(err);
        }
        if (may_file && nops > 2) {
            snprintf(err, sizeof err, "%s: unexpected argument '%s'", cli->cmd, ops[1]);
            return bad(err);
        }
        if (may_file && !wants_file && nops > 2) {
            snprintf(err, sizeof err, "%s: unexpected argument '%s'", cli->cmd, ops[2]);
            return bad(err);
        }
        cli->file = may_file && nops > 1 ? ops[1] : NULL;
    }
    /* options that belong to one command */
    for (int i = 0; i < nopt; i++) {
        if (!defs[i].only || !(cli->cfg.given & (1ull << i))) continue;
        if (!cli->cmd || strcmp(cli->cmd, defs[i].only)) {
            snprintf(err, sizeof err, "--%s: only with the %s command", defs[i].name, defs[i].only);
            return bad(err);
        }
    }
    if (!cli->cfg.help && !cli->cfg.version && config_check(&cli->cfg, err, sizeof err)) return bad(err);
    if (!cli->cfg.help && !cli->cfg.version && media_check(cli, err, sizeof err)) return bad(err);
    return 0;
}

/* ---- setups: the table as tab-separated values (the man page's list is made from it) ------- */

static int run_setups(void)
{
    const SetupTable *t = setup_builtin();
    printf("key\tid\tclasses\thead\tloss\tframeworks\tsemantics\texpect\n");
    for (int i = 0; i < t->n; i++) {
        const Setup *s = &t->rows[i];
        char classes[16];
        if (s->kmax == 2) snprintf(classes, sizeof classes, "2");
        else snprintf(classes, sizeof classes, "%d-%d", s->kmin, s->kmax);
        printf("%c\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s->key, s->id, classes, s->head, s->loss_name, s->frameworks,
               s->semantics, s->expect);
    }
    return fflush(stdout) || ferror(stdout) ? 1 : 0;
}

/* ---- atlas: what each framework does with a configuration ---------------------------------- */

static int run_atlas(const Config *cfg, const char *config)
{
    char err[2048], list[1024];
    const SetupTable *t = setup_builtin();
    int width = 80;
    if (cfg->tsv) {
        if (config || cfg->framework[0]) return bad("--tsv: prints the whole table; give no CONFIG or --framework");
        atlas_print_tsv(stdout);
    } else if (config) {
        const char *near;
        const AtlasConfig *c = atlas_find_config(config, &near);
        if (!c) {
            atlas_config_list(list, sizeof list);
            if (near) snprintf(err, sizeof err, "atlas: unknown configuration '%s' (did you mean '%s'? known: %s)", config, near, list);
            else snprintf(err, sizeof err, "atlas: unknown configuration '%s' (known: %s)", config, list);
            return bad(err);
        }
        if (cfg->framework[0]) return bad("--framework: give either a CONFIG or --framework, not both");
        atlas_print_config(stdout, t, c, width);
    } else if (cfg->framework[0]) {
        const char *near;
        int col = atlas_find_column(cfg->framework, &near);
        if (col < 0) {
            atlas_column_list(list, sizeof list);
            if (near) snprintf(err, sizeof err, "--framework: unknown framework '%s' (did you mean '%s'? known: %s)", cfg->framework, near, list);
            else snprintf(err, sizeof err, "--framework: unknown framework '%s' (known: %s)", cfg->framework, list);
            return bad(err);
        }
        atlas_print_column(stdout, t, col, width);
    } else {
        atlas_print_grid(stdout, t, width);
    }
    return fflush(stdout) || ferror(stdout) ? 1 : 0;
}

/* ---- headless ----------------------------------------------------------------------------- */

/* SIGINT/SIGTERM/SIGHUP set g_stop. Without SA_RESTART: a write or an open blocked on a pipe or a
 * FIFO returns EINTR, and with g_stop set that is the interrupt (exit 130), never an I/O error.
 * The worker threads block these signals (nn/pool.c), so they reach this thread's blocked call. */
static void install_stop_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

/* The latest evaluation point of every set-up, one CSV row each; -1 if a write failed. */
static int print_points(FILE *out, const Arena *a)
{
    char row[512];
    for (int i = 0; i < a->nruns; i++) {
        metrics_csv_row(row, sizeof row, arena_last(a, i), a->runs[i].setup->id, a->cfg.nlr > 0);
        fprintf(out, "%s\n", row);
    }
    return fflush(out) || ferror(out) ? -1 : 0;
}

/* The \r progress line on a terminal stderr. *shown tracks whether it is on screen: it is
 * erased before CSV rows go to the same terminal, so a row never starts inside it. */
static void progress(const Arena *a, double t0, int *shown)
{
    double el = now_s() - t0;
    double sps = el > 0 ? (double)a->step * a->cfg.batch / el : 0;
    double frac = (double)a->step_in_epoch / (double)a->steps_per_epoch;
    int w = 20, fill = (int)(frac * w);
    char bar[32];
    for (int i = 0; i < w; i++) bar[i] = i < fill ? '=' : ' ';
    bar[w] = '\0';
    fprintf(stderr, "\r  epoch %d/%d [%s] step %ld  %.0f samples/s per set-up ", a->epoch + 1, a->cfg.epochs,
            bar, a->step, sps);
    *shown = 1;
}

static void progress_clear(int *shown)
{
    if (*shown) fprintf(stderr, "\r%-78s\r", "");
    *shown = 0;
}

/* How many evaluation points the headless runner keeps per set-up: it prints the latest only. */
#define HEADLESS_KEEP 2

static int run_headless(const Config *cfg)
{
    char err[1400], msg[1200];
    /* handlers first: a signal while the data is built or the untrained models are evaluated
     * ends the run with exit 130 and no file touched */
    install_stop_handlers();
    /* the data first, then the files: a bad --data must not truncate (or delete) an existing
     * --csv file; an unwritable --csv still fails before any training step */
    Arena a;
    ArenaOpts ao = { .with_eval = 1, .keep = HEADLESS_KEEP, .stop = &g_stop };
    if (arena_create_opts(&a, cfg, &ao, err, sizeof err)) return g_stop ? 130 : bad(err);
    /* the files next: written atomically (a temporary file beside each, renamed at the end, so
     * an interrupted run leaves whole rows and a failed one nothing); "-" is stdout */
    FILE *out = stdout;
    AtomicFile csvf = { 0 }, svgf = { 0 };
    int to_csv = cfg->csv[0] && strcmp(cfg->csv, "-"), to_svg = cfg->svg[0] && strcmp(cfg->svg, "-");
    if (to_csv) {
        if (atomic_open_stop(&csvf, cfg->csv, &g_stop, msg, sizeof msg)) {
            arena_free(&a);
            if (g_stop) return 130;            /* the --csv FIFO never got a reader */
            snprintf(err, sizeof err, "--csv: %s", msg);
            return bad(err);
        }
        out = atomic_fp(&csvf);
    }
    if (to_svg && atomic_open_stop(&svgf, cfg->svg, &g_stop, msg, sizeof msg)) {
        if (to_csv) atomic_abort(&csvf);
        arena_free(&a);
        if (g_stop) return 130;
        snprintf(err, sizeof err, "--svg: %s", msg);
        return bad(err);
    }
    arena_eval_initial(&a);
    if (g_stop) {                      /* interrupted before training: no file touched */
        if (to_csv) atomic_abort(&csvf);
        if (to_svg) atomic_abort(&svgf);
        arena_free(&a);
        return 130;
    }
    int tty = isatty(STDERR_FILENO), shown = 0;
    char header[512];
    metrics_csv_header(header, sizeof header, a.K, a.cfg.nlr > 0);
    int failed = fprintf(out, "%s\n", header) < 0 || print_points(out, &a);
    double t0 = now_s(), last = 0;
    while (!failed && !arena_done(&a) && !g_stop) {   /* a failed write ends the run */
        /* short chunks, so a signal is seen within milliseconds even on the seed preset */
        if (arena_advance(&a, 64) && !g_stop) {
            if (tty) progress_clear(&shown);
            failed = print_points(out, &a);
        }
        if (tty && now_s() - last > 0.2) {
            progress(&a, t0, &shown);
            last = now_s();
        }
    }
    if (tty) progress_clear(&shown);
    int rc = 0;
    errno = 0;
    if (fflush(out) || ferror(out)) {
        /* a write cut short by the interrupt (a blocked pipe) is the interrupt, not an error */
        int e = errno ? errno : EIO;
        if (!g_stop && to_csv)
            tt_msg(stderr, "--csv: writing '%s' failed: %s (the previous file, if any, is untouched)", cfg->csv, strerror(e));
        else if (!g_stop)
            tt_msg(stderr, "writing the CSV to standard output failed: %s", strerror(e));
        rc = g_stop ? 130 : 1;
    }
    if (to_csv) {
        /* an interrupt keeps what was written (whole rows: each row is flushed whole) */
        if (rc) atomic_abort(&csvf);
        else if (atomic_commit(&csvf, msg, sizeof msg)) {
            tt_msg(stderr, "--csv: %s", msg);
            rc = 1;
        }
    }
    if (cfg->svg[0]) {   /* the charts of the state reached (also after a signal) */
        Snapshot snap;
        snapshot_from_arena(&snap, &a);
        if (rc) {
            if (to_svg) atomic_abort(&svgf);
        } else if (!to_svg) {
            if (svg_write(stdout, &snap) || fflush(stdout)) {
                tt_msg(stderr, "--svg: writing to stdout failed");
                rc = 1;
            }
        } else if (svg_write(atomic_fp(&svgf), &snap)) {
            atomic_abort(&svgf);
            tt_msg(stderr, "--svg: writing '%s' failed", cfg->svg);
            rc = 1;
        } else if (atomic_commit(&svgf, msg, sizeof msg)) {
            tt_msg(stderr, "--svg: %s", msg);
            rc = 1;
        }
        snapshot_free(&snap);
    }
    arena_free(&a);
    if (g_stop && !rc) rc = 130;
    return rc;
}

/* ---- export ------------------------------------------------------------------------------ */

static int run_export(const Config *cfg, const char *path)
{
    char err[1400], msg[1200];
    install_stop_handlers();
    Dataset d;
    GenSpec g = { .n = cfg->n, .T = cfg->timesteps, .F = 10, .K = config_classes(cfg), .pos = cfg->pos,
                  .shares = cfg->nshares ? cfg->shares : NULL, .noise = cfg->noise, .seed = cfg->seed,
                  .stop = &g_stop };
    int rc = cfg->data[0] ? data_read_csv_stop(&d, cfg->data, cfg->timesteps, cfg->classes, &g_stop, err, sizeof err)
                          : data_generate(&d, &g, err, sizeof err);
    if (rc) return g_stop ? 130 : bad(err);
    int to_stdout = !strcmp(path, "-");
    AtomicFile f = { 0 };
    FILE *fp = stdout;
    if (!to_stdout) {
        if (atomic_open_stop(&f, path, &g_stop, msg, sizeof msg)) {
            data_free(&d);
            if (g_stop) return 130;
            snprintf(err, sizeof err, "--export: %s", msg);
            return bad(err);
        }
        fp = atomic_fp(&f);
    }
    errno = 0;
    int wr = data_write_csv_rows(&d, fp, &g_stop);
    data_free(&d);
    if (to_stdout) {
        if (g_stop) return 130;
        if (wr || fflush(stdout)) {
            tt_msg(stderr, "--export: writing to standard output failed: %s", strerror(errno ? errno : EIO));
            return 1;
        }
        return 0;
    }
    if (wr && g_stop) {
        atomic_abort(&f);                  /* an interrupted export leaves no half file */
        return 130;
    }
    if (atomic_commit(&f, msg, sizeof msg)) {   /* a failed write: I/O failure, exit 1 */
        tt_msg(stderr, "--export: %s", msg);
        return 1;
    }
    return g_stop ? 130 : 0;
}

/* ---- bench -------------------------------------------------------------------------------- */

static int run_bench(Config cfg, double seconds)
{
    char err[512], models[128];
    cfg.epochs = 100000;
    Arena a;
    if (arena_create(&a, &cfg, 0, err, sizeof err)) return bad(err);
    double t0 = now_s();
    while (now_s() - t0 < 0.3) arena_advance(&a, 8);      /* warm-up */
    long s0 = a.step;
    t0 = now_s();
    double el;
    while ((el = now_s() - t0) < seconds) arena_advance(&a, 8);
    double sps = (double)(a.step - s0) * cfg.batch / el;
    config_models_str(&cfg, models, sizeof models);
    printf("bench hidden=%d batch=%d threads=%d models=%s samples_per_s=%.0f total_samples_per_s=%.0f\n",
           cfg.hidden, cfg.batch, cfg.threads, models, sps, sps * a.nruns);
    arena_free(&a);
    return 0;
}

/* The dashboard's `l` menu plays a lesson in place, then the dashboard comes back. */
typedef struct {
    const Cli *cli;
    const LessonEntry *list;
} MenuCtx;

static int menu_lesson(void *ctx, int choice)
{
    const MenuCtx *m = ctx;
    LessonOpts lo = { .cfg = m->cli->cfg, .ascii = m->cli->cfg.ascii, .pace = m->cli->cfg.pace,
                      .file = m->list[choice].path, .cmd = "lesson" };
    lo.cfg.cast[0] = lo.cfg.csv[0] = '\0';   /* the dashboard's recording goes on: not overwritten */
    return lesson_main(&lo);
}

/* Options that would be silently ignored where they were given are refused with one line, and
 * no file losslab writes may be the --data file it reads (device and inode: links count). */
static int cli_refuse_ignored(const Cli *cli)
{
    char err[2600];
    const Config *c = &cli->cfg;
    if (c->export_path[0] && cli->cmd)
        return bad("--export: writes the dataset and exits; not with a command");
    const char *inputs[1] = { c->data };
    const char *names[4] = { "--csv", "--svg", "--cast", "--export" };
    const char *outs[4] = { c->csv, c->svg, c->cast, c->export_path };
    for (int i = 0; i < 4; i++)
        if (outs[i][0] && strcmp(outs[i], "-") && atomic_check_inputs(names[i], outs[i], inputs, 1, err, sizeof err))
            return bad(err);
    return 0;
}

/* stdout must have reached its file: `losslab --help > /dev/full` is a failure (exit 1). */
static int stdout_done(int rc)
{
    errno = 0;
    if ((fflush(stdout) != 0 || ferror(stdout)) && rc == 0) {
        tt_msg(stderr, "writing to standard output failed: %s", strerror(errno ? errno : EIO));
        return 1;
    }
    return rc;
}

/* A closed stdin/stdout/stderr (`>&-`) would hand its number to the next file opened (the CSV
 * being written, the data being read), and printf would write into it. Each closed one gets
 * /dev/null opened read-only: reads see nothing, writes fail (EBADF) and are reported. */
static void guard_std_fds(void)
{
    for (int fd = 0; fd <= 2; fd++)
        if (fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
            int n = open("/dev/null", O_RDONLY | O_NOCTTY);
            if (n >= 0 && n != fd) close(n);   /* lowest free number: fd itself when it was closed */
        }
}

static int main_cmd(int argc, char **argv);

int main(int argc, char **argv)
{
    guard_std_fds();
    return stdout_done(main_cmd(argc, argv));
}

static int main_cmd(int argc, char **argv)
{
    Cli cli;
    int rc = cli_parse(&cli, argc, argv);
    if (rc) return rc;
    if (!cli.cfg.help && !cli.cfg.version && (rc = cli_refuse_ignored(&cli))) return rc;
    if (cli.cfg.help) {
        usage(stdout);
        return 0;
    }
    if (cli.cfg.version) {
        printf("losslab %s\nkernels: %s (compiled in:", LOSSLAB_VERSION, kern_best()->name);
        for (int i = 0; i < kern_count(); i++) printf(" %s", kern_get(i)->name);
        printf("; %s)\n", kern_dispatch() ? "chosen at start-up for this CPU" : "fixed at build time");
        return 0;
    }
    if (cli.cfg.export_path[0]) return run_export(&cli.cfg, cli.cfg.export_path);
    if (cli.cmd && !strcmp(cli.cmd, "bench")) return run_bench(cli.cfg, cli.cfg.seconds);
    if (cli.cmd && !strcmp(cli.cmd, "setups")) return run_setups();
    if (cli.cmd && !strcmp(cli.cmd, "atlas")) return run_atlas(&cli.cfg, cli.file);
    if (cli.cmd) {
        LessonOpts lo = { .cfg = cli.cfg, .headless = cli.cfg.headless, .ascii = cli.cfg.ascii,
                          .pace = cli.cfg.pace, .file = cli.file, .cmd = cli.cmd, .speed = cli.cfg.speed };
        return lesson_main(&lo);
    }
    if (cli.cfg.headless) return run_headless(&cli.cfg);
    /* the dashboard's `l` menu: the lessons found, one line each */
    LessonEntry *list = xcalloc(LESSONS_MAX, sizeof *list);
    char lines[LESSONS_MAX][200];
    const char *menu[LESSONS_MAX];
    int n = lesson_catalog(list, LESSONS_MAX);
    for (int i = 0; i < n; i++) {
        char base[128], name[160];   /* the file name without ".lesson", padded by display columns */
        snprintf(base, sizeof base, "%.*s", (int)(strlen(list[i].name) - 7), list[i].name);
        int cols = tt_sanitize(name, sizeof name, base, 26, 1);
        snprintf(lines[i], sizeof lines[i], "%s%*s %2d min  %s", name, 26 - cols, "", list[i].minutes, list[i].title);
        menu[i] = lines[i];
    }
    char none[1200];
    lesson_where(none, sizeof none);
    MenuCtx mc = { &cli, list };
    ScreenOpts so = { .cfg = cli.cfg, .ascii = cli.cfg.ascii, .speed = cli.cfg.speed, .menu = menu, .nmenu = n,
                      .run_lesson = menu_lesson, .lesson_ctx = &mc, .no_lessons = none, .verbose = cli.cfg.verbose,
                      .projector = cli.cfg.projector };
    rc = screen_run(&so);
    free(list);
    return rc;
}
