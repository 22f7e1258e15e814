/* losslab — command line: the live screen (default), --headless CSV, bench, lessons.
 * Exit codes: 0 done, 1 internal failure, 2 bad usage or bad input (one line naming the option,
 * or file:line:column), 3 a lesson expectation failed, 130 interrupted.
 * The only mutable static is the signal flag below (async-signal-safe by definition); everything
 * else lives in structs passed down. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/atomic.h"       /* defines: AtomicFile, atomic_open/commit/abort */
#include "base/xalloc.h"       /* defines: xmalloc, str_copy */
#include "ui/svg.h"            /* defines: svg_write */
#include "train/arena.h"       /* defines: Arena, arena_create/advance/free, EvalPoint, CSV rows */
#include "train/config.h"      /* defines: Config, config_defaults, config_set */
#include "ui/screen.h"         /* defines: ScreenOpts, screen_run */
#include "train/trainer.h"        /* defines: SPEED_MAX */
#include "data/data.h"         /* defines: data_generate, data_read_csv, data_write_csv */
#include "lesson/player.h"     /* defines: lesson_main (lesson, replay, lessons commands) */
#include "atlas/atlas.h"       /* defines: the atlas table and its printers */

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
    char lineup[256] = "";
    for (int i = 0; t->lineup[i]; i++) {
        size_t u = strlen(lineup);
        snprintf(lineup + u, sizeof lineup - u, "%s%s", i ? "," : "", t->lineup[i]);
    }
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
    fprintf(f, "\nDiagnoses on the cards and in transcripts (first match wins):\n%s", diag_rules_text());
}

/* One line on stderr whatever the message quotes: control bytes from argv or a file name
 * (newlines, escape sequences) are written as \xNN. */
static int bad(const char *msg)
{
    fputs("losslab: ", stderr);
    for (const unsigned char *p = (const unsigned char *)msg; *p; p++) {
        if (*p < 0x20 || *p == 0x7F) fprintf(stderr, "\\x%02x", *p);
        else fputc(*p, stderr);
    }
    fputc('\n', stderr);
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

static void print_points(FILE *out, const Arena *a)
{
    char row[512];
    for (int i = 0; i < a->nruns; i++) {
        metrics_csv_row(row, sizeof row, arena_last(a, i), a->runs[i].setup->id, a->cfg.nlr > 0);
        fprintf(out, "%s\n", row);
    }
    fflush(out);
}

static void progress(const Arena *a, double t0, int final)
{
    if (final) {
        fprintf(stderr, "\r%-78s\r", "");
        return;
    }
    double el = now_s() - t0;
    double sps = el > 0 ? (double)a->step * a->cfg.batch / el : 0;
    double frac = (double)a->step_in_epoch / (double)a->steps_per_epoch;
    int w = 20, fill = (int)(frac * w);
    char bar[32];
    for (int i = 0; i < w; i++) bar[i] = i < fill ? '=' : ' ';
    bar[w] = '\0';
    fprintf(stderr, "\r  epoch %d/%d [%s] step %ld  %.0f samples/s per set-up ", a->epoch + 1, a->cfg.epochs,
            bar, a->step, sps);
}

static int run_headless(const Config *cfg)
{
    char err[512];
    /* handlers first: a signal while the data is built still ends with exit 130 and a CSV that
     * has its header (the loop below sees g_stop), never an empty file from a default kill */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    /* the data first, then the CSV file: a bad --data must not truncate (or delete) an existing
     * --csv file; an unwritable --csv still fails before any training step */
    Arena a;
    if (arena_create(&a, cfg, 1, err, sizeof err)) return g_stop ? 130 : bad(err);   /* EINTR reading --data */
    /* the files next: written atomically (a temporary file beside each, renamed at the end, so
     * an interrupted run leaves whole rows and a failed one nothing); "-" is stdout */
    char msg[1200];
    FILE *out = stdout;
    AtomicFile csvf = { 0 }, svgf = { 0 };
    int to_csv = cfg->csv[0] && strcmp(cfg->csv, "-"), to_svg = cfg->svg[0] && strcmp(cfg->svg, "-");
    if (to_csv) {
        if (atomic_open(&csvf, cfg->csv, msg, sizeof msg)) {
            snprintf(err, sizeof err, "--csv: %s", msg);
            arena_free(&a);
            return bad(err);
        }
        out = atomic_fp(&csvf);
    }
    if (to_svg && atomic_open(&svgf, cfg->svg, msg, sizeof msg)) {
        snprintf(err, sizeof err, "--svg: %s", msg);
        if (to_csv) atomic_abort(&csvf);
        arena_free(&a);
        return bad(err);
    }
    int tty = isatty(STDERR_FILENO);
    arena_eval_initial(&a);
    char header[512];
    metrics_csv_header(header, sizeof header, a.K, a.cfg.nlr > 0);
    fprintf(out, "%s\n", header);
    print_points(out, &a);
    double t0 = now_s(), last = 0;
    while (!arena_done(&a) && !g_stop && !ferror(out)) {   /* a failed write ends the run */
        /* short chunks, so a signal is seen within milliseconds even on the seed preset */
        if (arena_advance(&a, 64)) print_points(out, &a);
        if (tty && now_s() - last > 0.2) {
            progress(&a, t0, 0);
            last = now_s();
        }
    }
    if (tty) progress(&a, t0, 1);
    int rc = 0;
    if (fflush(out) || ferror(out)) {
        fprintf(stderr, "losslab: writing the CSV failed: %s\n", strerror(errno));
        rc = 1;
    }
    if (to_csv) {
        if (rc) atomic_abort(&csvf);
        else if (atomic_commit(&csvf, msg, sizeof msg)) {
            fprintf(stderr, "losslab: --csv: %s\n", msg);
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
                fprintf(stderr, "losslab: --svg: writing to stdout failed\n");
                rc = 1;
            }
        } else if (svg_write(atomic_fp(&svgf), &snap)) {
            atomic_abort(&svgf);
            fprintf(stderr, "losslab: --svg: writing '%s' failed\n", cfg->svg);
            rc = 1;
        } else if (atomic_commit(&svgf, msg, sizeof msg)) {
            fprintf(stderr, "losslab: --svg: %s\n", msg);
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
    char err[512];
    Dataset d;
    GenSpec g = { .n = cfg->n, .T = cfg->timesteps, .F = 10, .K = config_classes(cfg), .pos = cfg->pos,
                  .shares = cfg->nshares ? cfg->shares : NULL, .noise = cfg->noise, .seed = cfg->seed };
    int rc = cfg->data[0] ? data_read_csv(&d, cfg->data, cfg->timesteps, cfg->classes, err, sizeof err)
                          : data_generate(&d, &g, err, sizeof err);
    if (rc) return bad(err);
    rc = data_write_csv(&d, path, err, sizeof err);
    data_free(&d);
    if (rc) {
        char msg[600];
        snprintf(msg, sizeof msg, "--export: %s", err);
        return bad(msg);
    }
    return 0;
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

int main(int argc, char **argv)
{
    Cli cli;
    int rc = cli_parse(&cli, argc, argv);
    if (rc) return rc;
    if (cli.cfg.help) {
        usage(stdout);
        return 0;
    }
    if (cli.cfg.version) {
        printf("losslab %s\n", LOSSLAB_VERSION);
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
        snprintf(lines[i], sizeof lines[i], "%-26.*s %2d min  %s", (int)(strlen(list[i].name) - 7), list[i].name,
                 list[i].minutes, list[i].title);
        menu[i] = lines[i];
    }
    int choice = -1;
    ScreenOpts so = { .cfg = cli.cfg, .ascii = cli.cfg.ascii, .speed = cli.cfg.speed, .menu = menu, .nmenu = n,
                      .menu_choice = &choice };
    rc = screen_run(&so);
    if (!rc && choice >= 0) {
        LessonOpts lo = { .cfg = cli.cfg, .ascii = cli.cfg.ascii, .pace = cli.cfg.pace, .file = list[choice].path,
                          .cmd = "lesson" };
        lo.cfg.cast[0] = lo.cfg.csv[0] = '\0';   /* the dashboard's files are complete: not overwritten */
        rc = lesson_main(&lo);
    }
    free(list);
    return rc;
}
