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

#include "base/xalloc.h"       /* defines: xmalloc, str_copy */
#include "train/arena.h"       /* defines: Arena, arena_create/advance/free, EvalPoint, CSV rows */
#include "train/config.h"      /* defines: Config, config_defaults, config_set */
#include "ui/screen.h"         /* defines: ScreenOpts, screen_run */
#include "ui/trainer.h"        /* defines: SPEED_MAX */
#include "data/data.h"         /* defines: data_generate, data_read_csv, data_write_csv */
#include "lesson/player.h"     /* defines: lesson_main (lesson, replay, lessons commands) */
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
"\n"
"Set-ups (--models, comma-separated; default bce,cce1,cce2):\n"
"  bce            Dense(1, sigmoid) + binary cross-entropy                   learns (~98%%)\n"
"  cce1           Dense(1, sigmoid) + categorical CE as tf.keras >= 2.4 runs it:\n"
"                 loss reported 0, gradient (1-y) -> every prediction class 0\n"
"  cce1-frozen    the same as Keras 3 on JAX/PyTorch, TF 2.2-2.3, TF.js compute it:\n"
"                 gradient exactly 0 -> weights never move\n"
"  cce1-textbook  -y log p, the usual answer's formula -> every prediction class 1\n"
"  cce2           Dense(2, softmax) + categorical CE, one-hot labels        learns (= bce)\n"
"\n"
"Options:\n"
"  --preset demo|seed     demo: small, live speed (default); seed: the question's set-up\n"
"                         (430000 x 5 x 10, LSTM 256 hard_sigmoid, Dense 16, batch 32)\n"
"  --models LIST          set-ups to train side by side\n"
"  --epochs N             epochs (demo 20, seed 5)\n"
"  --batch N              batch size (32)\n"
"  --lr X                 Adam learning rate (0.001)\n"
"  --hidden N             LSTM units (demo 32, seed 256)\n"
"  --dense N              Dense units before the head (16)\n"
"  --recurrent hard_sigmoid|sigmoid   LSTM recurrent activation (hard_sigmoid)\n"
"  --n N                  generated samples (demo 6000, seed 430000)\n"
"  --pos X                share of ones in the generated labels (0.74)\n"
"  --noise X              share of labels flipped (0.02: best reachable accuracy ~98%%)\n"
"  --val X                validation share, the last samples as in Keras (0.1)\n"
"  --seed N               seed for data, initial weights and shuffles (42)\n"
"  --data FILE            your own CSV: T*F feature values then a 0/1 label per row\n"
"  --timesteps T          time steps per row of --data (5)\n"
"  --encoding label|onehot  input encoding (label)\n"
"  --threads N            worker threads (2); results do not depend on it\n"
"  --eval-every N         also evaluate every N steps (default: each epoch end)\n"
"  --csv FILE             headless: write the CSV here instead of stdout\n"
"  --export FILE          write the dataset (built-in or --data) as CSV and exit: the same\n"
"                         data in Keras or PyTorch (read it with --data FILE --timesteps 5)\n"
"  --headless             no screen\n"
"  --ascii                screen: ASCII charts (no braille)\n"
"  --speed 1-9            screen: training pace, 1 = 2 steps/s ... 6 = 100 steps/s (default)\n"
"                         ... 9 = as fast as the machine trains\n"
"  --help, --version\n");
}

enum { OPT_HEADLESS = 1000, OPT_ASCII, OPT_HELP, OPT_VERSION, OPT_SECONDS, OPT_PACE, OPT_SPEED, OPT_EXPORT, OPT_CONFIG };

static const struct option LONG_OPTS[] = {
    { "preset", required_argument, 0, OPT_CONFIG },   { "models", required_argument, 0, OPT_CONFIG },
    { "epochs", required_argument, 0, OPT_CONFIG },   { "batch", required_argument, 0, OPT_CONFIG },
    { "lr", required_argument, 0, OPT_CONFIG },       { "hidden", required_argument, 0, OPT_CONFIG },
    { "dense", required_argument, 0, OPT_CONFIG },    { "recurrent", required_argument, 0, OPT_CONFIG },
    { "n", required_argument, 0, OPT_CONFIG },        { "pos", required_argument, 0, OPT_CONFIG },
    { "noise", required_argument, 0, OPT_CONFIG },    { "val", required_argument, 0, OPT_CONFIG },
    { "seed", required_argument, 0, OPT_CONFIG },     { "data", required_argument, 0, OPT_CONFIG },
    { "timesteps", required_argument, 0, OPT_CONFIG }, { "encoding", required_argument, 0, OPT_CONFIG },
    { "threads", required_argument, 0, OPT_CONFIG },  { "eval-every", required_argument, 0, OPT_CONFIG },
    { "csv", required_argument, 0, OPT_CONFIG },
    { "headless", no_argument, 0, OPT_HEADLESS },     { "ascii", no_argument, 0, OPT_ASCII },
    { "seconds", required_argument, 0, OPT_SECONDS }, { "pace", required_argument, 0, OPT_PACE },
    { "speed", required_argument, 0, OPT_SPEED },     { "export", required_argument, 0, OPT_EXPORT },
    { "help", no_argument, 0, OPT_HELP },             { "version", no_argument, 0, OPT_VERSION },
    { 0, 0, 0, 0 },
};

typedef struct {
    Config cfg;
    int headless, ascii, help, version;
    double seconds, pace;
    int seconds_set, pace_set;
    int speed;          /* screen: 1..9, 0 = default */
    const char *export_path; /* --export FILE: write the dataset as CSV and exit */
    char *cmd;          /* NULL, "bench", "lesson", "replay", "lessons" */
    char *file;         /* lesson file */
} Cli;

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

/* Two passes: --preset first (it resets the preset-owned options), then everything in order,
 * so `--hidden 64 --preset seed` keeps hidden = 64. */
static int cli_parse(Cli *cli, int argc, char **argv)
{
    char err[512];
    memset(cli, 0, sizeof *cli);
    config_defaults(&cli->cfg);
    for (int pass = 0; pass < 2; pass++) {
        optind = 0;
        opterr = 0;
        int c, li = -1;
        while ((c = getopt_long(argc, argv, ":h", LONG_OPTS, &li)) != -1) {
            const char *name = li >= 0 ? LONG_OPTS[li].name : NULL;
            if (c == '?' || c == ':') {
                if (pass == 1) continue;
                const char *arg = argv[optind - 1];
                char shortopt[3] = { '-', (char)optopt, '\0' };
                if (c == '?' && optopt != 0 && optopt < 128) arg = shortopt;  /* -x, maybe inside -xh (long options have vals >= 1000) */
                if (c == ':') snprintf(err, sizeof err, "%s: expected a value (see losslab --help)", arg);
                else snprintf(err, sizeof err, "unknown option '%s' (see losslab --help)", arg);
                return bad(err);
            }
            if (pass == 0) {
                /* the last --preset (however abbreviated) applies before the other options */
                if (c == OPT_CONFIG && !strcmp(name, "preset") && config_set(&cli->cfg, "preset", optarg, err, sizeof err))
                    return bad(err);
                li = -1;
                continue;
            }
            switch (c) {
            case OPT_CONFIG:
                if (!strcmp(name, "preset")) break;
                if (config_set(&cli->cfg, name, optarg, err, sizeof err)) return bad(err);
                break;
            case OPT_HEADLESS: cli->headless = 1; break;
            case OPT_ASCII: cli->ascii = 1; break;
            case 'h':
            case OPT_HELP: cli->help = 1; break;
            case OPT_VERSION: cli->version = 1; break;
            case OPT_SECONDS:
                if (parse_double(optarg, 0.1, 3600, &cli->seconds))
                    return bad("--seconds: expected a number of seconds from 0.1 to 3600");
                cli->seconds_set = 1;
                break;
            case OPT_EXPORT: cli->export_path = optarg; break;
            case OPT_SPEED: {
                long v;
                if (parse_long(optarg, 1, SPEED_MAX, &v))
                    return bad("--speed: expected a speed level from 1 (2 steps/s) to 9 (as fast as possible)");
                cli->speed = (int)v;
                break;
            }
            case OPT_PACE:
                if (parse_double(optarg, 0.1, 600, &cli->pace))
                    return bad("--pace: expected a number of seconds from 0.1 to 600");
                cli->pace_set = 1;
                break;
            }
            li = -1;
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
            strcmp(cli->cmd, "lessons")) {
            snprintf(err, sizeof err, "unknown command '%s' (commands: lessons, lesson, replay, bench)", cli->cmd);
            return bad(err);
        }
        int wants_file = !strcmp(cli->cmd, "lesson") || !strcmp(cli->cmd, "replay");
        if (wants_file && nops != 2) {
            snprintf(err, sizeof err, "%s: expected one lesson file (try: losslab lessons)", cli->cmd);
            return bad(err);
        }
        if (!wants_file && nops != 1) {
            snprintf(err, sizeof err, "%s: unexpected argument '%s'", cli->cmd, ops[1]);
            return bad(err);
        }
        cli->file = wants_file ? ops[1] : NULL;
    }
    if (cli->seconds_set && !(cli->cmd && !strcmp(cli->cmd, "bench")))
        return bad("--seconds: only with the bench command");
    if (cli->pace_set && !(cli->cmd && !strcmp(cli->cmd, "replay")))
        return bad("--pace: only with the replay command");
    return 0;
}

/* ---- headless ----------------------------------------------------------------------------- */

static void print_points(FILE *out, const Arena *a)
{
    char row[512];
    for (int i = 0; i < a->nruns; i++) {
        arena_csv_row(row, sizeof row, arena_last(a, i), a->runs[i].setup->id);
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
    FILE *out = stdout;
    if (cfg->csv[0]) {
        out = fopen(cfg->csv, "w");
        if (!out) {
            snprintf(err, sizeof err, "--csv: cannot write '%s': %s", cfg->csv, strerror(errno));
            arena_free(&a);
            return bad(err);
        }
    }
    int tty = isatty(STDERR_FILENO);
    arena_eval_initial(&a);
    fprintf(out, "%s\n", arena_csv_header());
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
    if (out != stdout) fclose(out);
    arena_free(&a);
    if (g_stop && !rc) rc = 130;
    return rc;
}

/* ---- export ------------------------------------------------------------------------------ */

static int run_export(const Config *cfg, const char *path)
{
    char err[512];
    Dataset d;
    GenSpec g = { .n = cfg->n, .T = cfg->timesteps, .F = 10, .pos = cfg->pos, .noise = cfg->noise, .seed = cfg->seed };
    int rc = cfg->data[0] ? data_read_csv(&d, cfg->data, cfg->timesteps, err, sizeof err)
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
    if (cli.help) {
        usage(stdout);
        return 0;
    }
    if (cli.version) {
        printf("losslab %s\nkernels: %s (compiled in:", LOSSLAB_VERSION, kern_best()->name);
        for (int i = 0; i < kern_count(); i++) printf(" %s", kern_get(i)->name);
        printf("; %s)\n", kern_dispatch() ? "chosen at start-up for this CPU" : "fixed at build time");
        return 0;
    }
    if (cli.export_path) return run_export(&cli.cfg, cli.export_path);
    if (cli.cmd && !strcmp(cli.cmd, "bench")) return run_bench(cli.cfg, cli.seconds_set ? cli.seconds : 3.0);
    if (cli.cmd) {
        LessonOpts lo = { .cfg = cli.cfg, .headless = cli.headless, .ascii = cli.ascii,
                          .pace = cli.pace_set ? cli.pace : 4.0, .file = cli.file, .cmd = cli.cmd,
                          .speed = cli.speed };
        return lesson_main(&lo);
    }
    if (cli.headless) return run_headless(&cli.cfg);
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
    ScreenOpts so = { .cfg = cli.cfg, .ascii = cli.ascii, .speed = cli.speed, .menu = menu, .nmenu = n,
                      .menu_choice = &choice };
    rc = screen_run(&so);
    if (!rc && choice >= 0) {
        LessonOpts lo = { .cfg = cli.cfg, .ascii = cli.ascii, .pace = 4.0, .file = list[choice].path, .cmd = "lesson" };
        rc = lesson_main(&lo);
    }
    free(list);
    return rc;
}
