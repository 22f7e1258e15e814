/* fuzz_cli — libFuzzer harness for the command-line parser (cli_parse, static in src/main.c).
 * The llm.c / cmocka trick: main is renamed and main.c included, so the static parser is callable
 * without any change to src. The input is split at NUL bytes into argv[1..] (argv[0] = "losslab").
 * Oracles, beyond ASan/UBSan:
 *   - the exit code is 0 or 2;
 *   - 2 prints exactly one line "losslab: ...\n" on stderr, 0 prints nothing; an unknown option
 *     is named as the option (-x), never argv[0];
 *   - on success the Config is inside the documented ranges and a command's operands fit it;
 *   - parsing is a pure function of argv: a second parse (of the argv getopt permuted) agrees.
 * Build and run: make fuzz FUZZ_SECONDS=N (see the Makefile). */
#define main losslab_main
int losslab_main(int argc, char **argv);
#include "../../src/main.c"
#undef main

#include <math.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 64

#define CHECK(cond)                                                                         \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            fprintf(saved, "fuzz_cli: check failed at line %d: %s (rc=%d, stderr='%s')\n",  \
                    __LINE__, #cond, rc, msg ? msg : "");                                   \
            abort();                                                                        \
        }                                                                                   \
    } while (0)

/* Runs cli_parse with stderr captured into *msg (malloc'd, NUL-terminated). */
static int parse_captured(Cli *cli, int argc, char **argv, char **msg)
{
    size_t len = 0;
    FILE *cap = open_memstream(msg, &len);
    if (!cap) abort();
    FILE *saved = stderr;
    stderr = cap;
    int rc = cli_parse(cli, argc, argv);
    stderr = saved;
    fclose(cap);
    return rc;
}

static int is_cmd(const char *c, const char *name) { return c && !strcmp(c, name); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *saved = stderr;
    char *copy = malloc(size + 1);
    if (!copy) abort();
    memcpy(copy, data, size);
    copy[size] = '\0';
    char *argv[MAX_ARGS + 2];
    int argc = 0;
    argv[argc++] = (char *)"losslab";
    for (size_t i = 0; i <= size && argc <= MAX_ARGS;) {
        argv[argc++] = copy + i;
        i += strlen(copy + i) + 1;
    }
    if (size == 0) argc = 1;
    argv[argc] = NULL;

    static Cli cli, again;
    char *msg = NULL;
    int rc = parse_captured(&cli, argc, argv, &msg);
    CHECK(rc == 0 || rc == 2);
    size_t n = strlen(msg);
    if (rc == 2) {
        CHECK(n > 10 && strncmp(msg, "losslab: ", 9) == 0);
        CHECK(msg[n - 1] == '\n' && memchr(msg, '\n', n - 1) == NULL);
        static const char unk[] = "losslab: unknown option '";
        if (!strncmp(msg, unk, sizeof unk - 1))   /* names the offending option, not argv[0] */
            CHECK(msg[sizeof unk - 1] == '-');
    } else {
        CHECK(n == 0);
        const Config *c = &cli.cfg;
        CHECK(c->nmodels >= 1 && c->nmodels <= SETUPS_MAX);
        CHECK(c->classes == 0 || (c->classes >= 2 && c->classes <= CLASSES_MAX));
        for (int i = 0; i < c->nmodels; i++) CHECK(setup_index(c->table, c->models[i]) >= 0);
        for (int i = 0; i < c->nmodels; i++)
            for (int j = 0; j < i; j++) CHECK(c->models[i] != c->models[j]);
        CHECK(c->epochs >= 1 && c->batch >= 1 && c->hidden >= 1 && c->dense >= 1);
        CHECK(c->n >= 20 && c->timesteps >= 1 && c->threads >= 1 && c->eval_every >= 0);
        CHECK(isfinite(c->lr) && c->lr > 0.0f);
        CHECK(c->pos > 0.0 && c->pos < 1.0 && c->noise >= 0.0 && c->noise < 0.5);
        CHECK(c->val > 0.0 && c->val < 1.0);
        CHECK(memchr(c->data, '\0', sizeof c->data) && memchr(c->csv, '\0', sizeof c->csv));
        CHECK(!strcmp(c->preset, "demo") || !strcmp(c->preset, "seed"));
        CHECK(!c->speed || (c->speed >= 1 && c->speed <= SPEED_MAX));
        if (cli.cmd) {
            CHECK(is_cmd(cli.cmd, "bench") || is_cmd(cli.cmd, "lesson") || is_cmd(cli.cmd, "replay") ||
                  is_cmd(cli.cmd, "lessons") || is_cmd(cli.cmd, "setups") || is_cmd(cli.cmd, "atlas"));
            if (is_cmd(cli.cmd, "lesson") || is_cmd(cli.cmd, "replay")) CHECK(cli.file);
            else if (!is_cmd(cli.cmd, "atlas")) CHECK(!cli.file);
        } else {
            CHECK(!cli.file);
        }
        /* options that belong to one command were refused elsewhere */
        CHECK(!config_given(c, "seconds") || is_cmd(cli.cmd, "bench"));
        CHECK(!config_given(c, "pace") || is_cmd(cli.cmd, "replay"));
        CHECK(!config_given(c, "framework") || is_cmd(cli.cmd, "atlas"));
    }

    /* a second parse of the same (now permuted) argv gives the same answer */
    char *msg2 = NULL;
    int rc2 = parse_captured(&again, argc, argv, &msg2);
    CHECK(rc2 == rc);
    if (rc == 0) {
        CHECK(!config_differs(&cli.cfg, &again.cfg));
        CHECK(cli.cfg.headless == again.cfg.headless && cli.cfg.ascii == again.cfg.ascii && cli.cfg.speed == again.cfg.speed);
        CHECK(is_cmd(cli.cmd, again.cmd ? again.cmd : "") || cli.cmd == again.cmd);
    }
    free(msg2);
    free(msg);
    free(copy);
    return 0;
}
