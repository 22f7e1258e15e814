/* test_reference — losslab's loss kernels against what the real frameworks computed.
 * Reads every fixtures/reference/heads-*.txt (written by tools/reference, `make reference`: one
 * file per framework version, measured in tf-keras, TF 2.15's tf.keras, Keras 3 on TensorFlow /
 * JAX / PyTorch, PyTorch and TF.js; format in tools/reference/README.md). Each block is one
 * configuration (output layer + loss + label format) fed a fixed batch of pre-activations z; it
 * names the losslab set-up that claims to compute it (`setup ID`, or `-`). For every block whose
 * set-up is in losslab's table, the set-up's kernel on the same z and labels must give the
 * framework's batch loss and dLoss/dz, and the set-up's displayed-accuracy rule the framework's
 * 'accuracy'. A framework that returned an all-zero gradient must get an all-zero gradient from
 * the kernel too (the "frozen" claims). Refusals: a block with an `error` line names no set-up,
 * and the refusals losslab's documentation quotes are still raised, with that text.
 * Needs no framework: the fixtures are committed. Runs with cwd = tests/. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atlas/atlas.h"
#include "setup/setup.h"

#define REF_DIR "fixtures/reference"
#define MAXV 256      /* B*U values in a block */
#define MAXFILES 32
#define MAXBLOCKS 64

/* Tolerance: |losslab - framework| <= REL * |framework| + ABS.
 * REL 1e-4: both sides are float32 (about 7 significant digits); the frameworks sum per-sample
 *   losses in another order and use other exp/log implementations (Eigen, XLA, ATen, JS Math), which
 *   move the last 1-3 ulps; 1e-4 leaves two orders of magnitude for that and still catches any
 *   formula difference (the closest pair of rival kernels here differ by > 1e-3 relative).
 * ABS 1e-7: gradients like sigmoid(z) - y for a saturated z are a difference of numbers near 1,
 *   whose float32 spacing is 1.19e-7 (ulp(1)), divided by B >= 4; whether such a component comes
 *   out as 0 or as 1e-12 depends on the library's sigmoid. 1e-7 absorbs exactly that and is below
 *   any gradient that moves training (the smallest non-saturated |dz| in the fixtures is ~3e-3).
 * Exact zeros are checked separately (a frozen claim is about exactly 0, which ABS would hide). */
#define REL 1e-4
#define ABS 1e-7

typedef struct {
    char file[128];
    char framework[160];
    char config[64];
    char setup[64];
    int B, U;
    int nz, ny, ndz;
    float z[MAXV];
    int y[MAXV];
    double dz[MAXV];
    double loss;
    int has_loss;
    double acc;       /* NAN when '-' */
    int has_acc;
    char error[640];  /* "" unless refused */
} Block;

typedef struct {
    int nfiles;
    char files[MAXFILES][128];
} FileList;

static int cmp_str(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }

static void list_fixtures(FileList *fl)
{
    fl->nfiles = 0;
    DIR *d = opendir(REF_DIR);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (strncmp(e->d_name, "heads-", 6) || n < 5 || strcmp(e->d_name + n - 4, ".txt")) continue;
        assert_true(fl->nfiles < MAXFILES);
        snprintf(fl->files[fl->nfiles++], 128, "%s", e->d_name);
    }
    closedir(d);
    qsort(fl->files, (size_t)fl->nfiles, 128, cmp_str);
}

/* Reads the numbers after the keyword into out (doubles); returns the count. */
static int parse_nums(const char *s, double *out, int cap)
{
    int n = 0;
    char *end;
    while (*s) {
        while (*s == ' ' || *s == '\t') s++;
        if (!*s || *s == '\n') break;
        double v = strtod(s, &end);
        if (end == s) return -1;
        if (n < cap) out[n] = v;
        n++;
        s = end;
    }
    return n;
}

/* Parses one fixture file into blocks; fails the test on any malformed line (file:line). */
static int read_blocks(const char *name, Block *bl, int cap)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", REF_DIR, name);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[8192], framework[160] = "";
    int nb = 0, lineno = 0, open = 0;
    Block *b = NULL;
    double tmp[MAXV];
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\n")] = 0;
        if (!line[0] || line[0] == '#') continue;
        char *sp = strchr(line, ' ');
        const char *arg = sp ? sp + 1 : "";
        if (sp) *sp = 0;
        const char *kw = line;
        if (!strcmp(kw, "framework")) {
            snprintf(framework, sizeof framework, "%s", arg);
        } else if (!strcmp(kw, "config")) {
            if (open || nb >= cap) fail_msg("%s:%d: config inside a block or too many blocks", path, lineno);
            b = &bl[nb++];
            memset(b, 0, sizeof *b);
            b->acc = NAN;
            snprintf(b->file, sizeof b->file, "%s", name);
            snprintf(b->framework, sizeof b->framework, "%s", framework);
            snprintf(b->config, sizeof b->config, "%s", arg);
            open = 1;
        } else if (!open) {
            fail_msg("%s:%d: '%s' outside a block", path, lineno, kw);
        } else if (!strcmp(kw, "setup")) {
            snprintf(b->setup, sizeof b->setup, "%s", arg);
        } else if (!strcmp(kw, "shape")) {
            if (sscanf(arg, "%d %d", &b->B, &b->U) != 2 || b->B < 1 || b->U < 1 || b->B * b->U > MAXV)
                fail_msg("%s:%d: bad shape", path, lineno);
        } else if (!strcmp(kw, "z")) {
            b->nz = parse_nums(arg, tmp, MAXV);
            if (b->nz < 0 || b->nz > MAXV) fail_msg("%s:%d: bad z", path, lineno);
            for (int i = 0; i < b->nz; i++) b->z[i] = (float)tmp[i];
        } else if (!strcmp(kw, "y")) {
            b->ny = parse_nums(arg, tmp, MAXV);
            if (b->ny < 0 || b->ny > MAXV) fail_msg("%s:%d: bad y", path, lineno);
            for (int i = 0; i < b->ny; i++) b->y[i] = (int)tmp[i];
        } else if (!strcmp(kw, "loss")) {
            if (parse_nums(arg, tmp, 1) != 1) fail_msg("%s:%d: bad loss", path, lineno);
            b->loss = tmp[0];
            b->has_loss = 1;
        } else if (!strcmp(kw, "dz")) {
            b->ndz = parse_nums(arg, b->dz, MAXV);
            if (b->ndz < 0 || b->ndz > MAXV) fail_msg("%s:%d: bad dz", path, lineno);
        } else if (!strcmp(kw, "acc")) {
            if (strcmp(arg, "-")) {
                if (parse_nums(arg, tmp, 1) != 1) fail_msg("%s:%d: bad acc", path, lineno);
                b->acc = tmp[0];
                b->has_acc = 1;
            }
        } else if (!strcmp(kw, "error")) {
            snprintf(b->error, sizeof b->error, "%s", arg);
        } else if (!strcmp(kw, "end")) {
            if (!b->B || b->nz != b->B * b->U || b->ny != b->B)
                fail_msg("%s:%d: block %s: shape, z and y disagree", path, lineno, b->config);
            if (!b->error[0] && (!b->has_loss || b->ndz != b->B * b->U))
                fail_msg("%s:%d: block %s: neither refused nor measured", path, lineno, b->config);
            if (b->error[0] && b->has_loss)
                fail_msg("%s:%d: block %s: both refused and measured", path, lineno, b->config);
            open = 0;
        }
        /* head, loss_cfg, labels, cache, warn, note, acc_bin, acc_argmax, printed: for people */
    }
    fclose(f);
    if (open) fail_msg("%s: the last block has no 'end'", path);
    if (!framework[0]) fail_msg("%s: no framework line", path);
    return nb;
}

static int near(double got, double want) { return fabs(got - want) <= REL * fabs(want) + ABS; }

/* One block against losslab's set-up. Returns -1 if the set-up is not in the table, else the
 * number of disagreements (each printed with the file, configuration and value). */
static int compare_block(const SetupTable *t, const Block *b)
{
    const Setup *s = setup_find(t, b->setup);
    if (!s) return -1;
    int K = b->U == 1 ? 2 : b->U, bad = 0;
    if (setup_units(s, K) != b->U || !setup_accepts(s, K)) {
        print_error("%s %s: set-up %s has %d units for K = %d, the framework's head %d\n", b->file, b->config,
                    s->id, setup_units(s, K), K, b->U);
        return 1;
    }
    float loss_out[MAXV], dz[MAXV];
    s->loss(b->z, b->y, b->B, b->U, loss_out, dz);
    double sum = 0;
    for (int i = 0; i < b->B; i++) sum += loss_out[i];
    double mean = sum / b->B;
    if (!near(mean, b->loss)) {
        print_error("%s %s (%s): loss %.9g, framework %.9g\n", b->file, b->config, s->id, mean, b->loss);
        bad++;
    }
    int fw_zero = 1, ll_zero = 1;
    for (int i = 0; i < b->B * b->U; i++) {
        if (!near(dz[i], b->dz[i])) {
            print_error("%s %s (%s): dz[%d] %.9g, framework %.9g\n", b->file, b->config, s->id, i,
                        (double)dz[i], b->dz[i]);
            bad++;
        }
        if (b->dz[i] != 0) fw_zero = 0;
        if (dz[i] != 0) ll_zero = 0;
    }
    if (fw_zero != ll_zero) {
        print_error("%s %s (%s): the framework's gradient is %s zero, losslab's is %s\n", b->file, b->config,
                    s->id, fw_zero ? "exactly" : "not all", ll_zero ? "exactly zero" : "not");
        bad++;
    }
    if (b->has_acc) {
        double shown = 0;
        for (int i = 0; i < b->B; i++) shown += setup_shown_correct(s, b->z + i * b->U, b->U, b->y[i]);
        shown /= b->B;
        if (fabs(shown - b->acc) > 1e-6) {
            print_error("%s %s (%s): displayed accuracy %.6f, framework %.6f\n", b->file, b->config, s->id,
                        shown, b->acc);
            bad++;
        }
    }
    return bad;
}

/* ---- the tests ---------------------------------------------------------------------------- */

static Block blocks[MAXBLOCKS];

/* Every fixture parses, and every block that names a set-up in the table agrees with its kernel.
 * Fails if fewer comparisons than the five original set-ups times the frameworks that compute
 * them could make (so an emptied fixture folder or a renamed set-up cannot pass silently). */
static void test_kernels_match_frameworks(void **state)
{
    (void)state;
    FileList fl;
    list_fixtures(&fl);
    assert_true(fl.nfiles >= 6);
    const SetupTable *t = setup_builtin();
    int compared = 0, named = 0, bad = 0, per_setup[SETUPS_MAX] = { 0 };
    for (int k = 0; k < fl.nfiles; k++) {
        int nb = read_blocks(fl.files[k], blocks, MAXBLOCKS);
        assert_true(nb > 0);
        for (int i = 0; i < nb; i++) {
            const Block *b = &blocks[i];
            if (b->error[0] || !strcmp(b->setup, "-")) continue;
            named++;
            int r = compare_block(t, b);
            if (r >= 0) {
                bad += r;
                compared++;
                per_setup[setup_index(t, setup_find(t, b->setup))]++;
            }
        }
    }
    print_message("compared %d of %d blocks that name a set-up, in %d fixture files: %d disagreements\n",
                  compared, named, fl.nfiles, bad);
    assert_int_equal(bad, 0);
    /* bce, cce1, cce1-frozen, cce1-textbook, cce2 and cce are each measured somewhere */
    static const char *const must[] = { "bce", "cce1", "cce1-frozen", "cce1-textbook", "cce2", "cce" };
    for (size_t i = 0; i < sizeof must / sizeof must[0]; i++) {
        const Setup *s = setup_find(t, must[i]);
        assert_non_null(s);
        if (per_setup[setup_index(t, s)] == 0) fail_msg("no fixture block checks set-up %s", must[i]);
    }
    assert_true(compared >= 20);
}

/* The refusals losslab quotes (issue 9's atlas and the lessons quote these texts): each must still
 * be what that framework raises for that configuration, as measured. */
static const struct {
    const char *file_prefix, *config, *fragment;
} REFUSALS[] = {
    { "heads-tf-keras-", "sigmoid-scce", "Received a label value of 1 which is outside the valid range of [0, 1)." },
    { "heads-tf.keras-2.15", "sigmoid-scce", "Received a label value of 1 which is outside the valid range of [0, 1)." },
    { "heads-keras-3.15.1-tensorflow", "sigmoid-scce", "Received a label value of 1 which is outside the valid range of [0, 1)." },
    { "heads-keras-3.15.1-torch", "sigmoid-scce", "IndexError: Target 1 is out of bounds." },
    { "heads-torch-", "ce-1unit-long", "IndexError: Target 1 is out of bounds." },
    { "heads-torch-", "ce-1unit-long1", "Expected floating point type for target with class probabilities, got Long" },
    { "heads-torch-", "linear-bce", "all elements of input should be between 0 and 1" },
    { "heads-torch-", "sigmoid-bce-shape", "that is different to the input size (torch.Size([8, 1])) is deprecated" },
    { "heads-torch-", "bcewithlogits-shape", "Target size (torch.Size([8])) must be the same as input size (torch.Size([8, 1]))" },
    { "heads-torch-", "ce-int-n1", "0D or 1D target tensor expected, multi-target not supported" },
    { "heads-tfjs-", "sigmoid-cce", "You are passing a target array of shape 8,1 while using a loss 'categorical_crossentropy'" },
    { "heads-tfjs-", "sigmoid-cce-snake", "Unknown loss categorical_crossentropy" },
    { "heads-tfjs-", "sigmoid-scce", "Error in oneHot: depth must be >=2, but it is 1" },
    { "heads-tf-keras-", "softmax-cce-int", "Shapes (None, 1) and (None, 4) are incompatible" },
    { "heads-keras-3.15.1-jax", "softmax-cce-int", "Arguments `target` and `output` must have the same shape." },
};

static void test_refusals_are_recorded(void **state)
{
    (void)state;
    FileList fl;
    list_fixtures(&fl);
    for (size_t r = 0; r < sizeof REFUSALS / sizeof REFUSALS[0]; r++) {
        int found = 0;
        for (int k = 0; k < fl.nfiles; k++) {
            if (strncmp(fl.files[k], REFUSALS[r].file_prefix, strlen(REFUSALS[r].file_prefix))) continue;
            if (strstr(fl.files[k], "-xla") && !strstr(REFUSALS[r].file_prefix, "-xla")) continue;
            int nb = read_blocks(fl.files[k], blocks, MAXBLOCKS);
            for (int i = 0; i < nb; i++) {
                if (strcmp(blocks[i].config, REFUSALS[r].config)) continue;
                found = 1;
                if (!blocks[i].error[0])
                    fail_msg("%s %s: expected a refusal, the framework trained", fl.files[k], blocks[i].config);
                if (!strstr(blocks[i].error, REFUSALS[r].fragment))
                    fail_msg("%s %s: refusal text changed: %s", fl.files[k], blocks[i].config, blocks[i].error);
            }
        }
        if (!found) fail_msg("no fixture %s* has a block %s", REFUSALS[r].file_prefix, REFUSALS[r].config);
    }
}

/* A refused configuration cannot be a live set-up: no block with an error names one. */
static void test_refused_blocks_name_no_setup(void **state)
{
    (void)state;
    FileList fl;
    list_fixtures(&fl);
    int refused = 0;
    for (int k = 0; k < fl.nfiles; k++) {
        int nb = read_blocks(fl.files[k], blocks, MAXBLOCKS);
        for (int i = 0; i < nb; i++) {
            if (!blocks[i].error[0]) continue;
            refused++;
            if (strcmp(blocks[i].setup, "-"))
                fail_msg("%s %s: refused, yet names set-up %s", fl.files[k], blocks[i].config, blocks[i].setup);
        }
    }
    assert_true(refused >= (int)(sizeof REFUSALS / sizeof REFUSALS[0]));
}

/* Under XLA (compile(jit_compile=True), measured on the CPU; the path a GPU run of Keras 3 on TF takes
 * by default) sparse CCE on one unit does not raise: the loss and every gradient are NaN. */
static void test_xla_sparse_one_unit_is_nan(void **state)
{
    (void)state;
    FileList fl;
    list_fixtures(&fl);
    int seen = 0;
    for (int k = 0; k < fl.nfiles; k++) {
        if (!strstr(fl.files[k], "-xla")) continue;
        int nb = read_blocks(fl.files[k], blocks, MAXBLOCKS);
        for (int i = 0; i < nb; i++) {
            const Block *b = &blocks[i];
            if (strcmp(b->config, "sigmoid-scce")) continue;
            seen++;
            if (b->error[0]) fail_msg("%s %s: refused under XLA: %s", fl.files[k], b->config, b->error);
            assert_true(isnan(b->loss));
            for (int j = 0; j < b->ndz; j++) assert_true(isnan(b->dz[j]));
        }
    }
    assert_true(seen >= 2);
}

/* ---- the atlas against the fixtures --------------------------------------------------------
 * Which fixture block measures an atlas cell: (atlas configuration, column) -> (fixture file
 * prefix, fixture configuration). Columns tfk215 (tf-keras 2.21 and tf.keras 2.15 are both
 * checked), k3tf, k3jax (the JAX backend), torch, tfjs; the older columns cannot be measured here. */
typedef struct {
    const char *atlas, *keras, *torch, *tfjs;  /* fixture config per family; NULL: not probed */
} CellMap;

static const CellMap CELLMAP[] = {
    { "sigmoid1+bce", "sigmoid-bce", "bcewithlogits", "sigmoid-bce" },
    { "sigmoid1+cce", "sigmoid-cce", NULL, "sigmoid-cce" },
    { "softmax2+cce", "softmax2-cce", "ce-2unit", "softmax2-cce" },
    { "softmax1+bce", "softmax1-bce", "softmax1-bce", "softmax1-bce" },
    { "softmax1+cce", "softmax1-cce", "softmax1-ce-float", "softmax1-cce" },
    { "sigmoid1+bce-logits", "sigmoid-bce-logits", "sigmoid-bcewithlogits", "sigmoid-bce-logits" },
    { "linear1+bce", "linear-bce", "linear-bce", "linear-bce" },
    { "sigmoid1+scce", "sigmoid-scce", "ce-1unit-long", "sigmoid-scce" },
    { "sigmoid1+mse", "sigmoid-mse", "sigmoid-mse", "sigmoid-mse" },
    { "sigmoid1+mse-flat", NULL, "sigmoid-mse-broadcast", NULL },
    { "sigmoid1+bce-flat", NULL, "sigmoid-bce-shape", NULL },
    { "sigmoid1+hinge", "sigmoid-hinge", NULL, "sigmoid-hinge" },
    { "softmaxK+cce", "softmax-cce", "ce", "softmax-cce" },
    { "softmaxK+bce", "softmax-bce", "softmax-bce", "softmax-bce" },
    { "sigmoidK+cce", "sigmoid-cce-k", "ce-sigmoid", "sigmoid-cce-k" },
    { "softmaxK+scce-onehot", "softmax-scce-onehot", "ce-onehot-long", "softmax-scce-onehot" },
    { "softmaxK+cce-int", "softmax-cce-int", "ce-int-n1", "softmax-cce-int" },
    { "linearK+cce", "linear-cce", NULL, "linear-cce" },
    { "linearK+scce", "linear-scce", NULL, NULL },
    { "softmaxK+cce-logits", "softmax-cce-logits", "ce-softmax", "softmax-cce-logits" },
    { "linearK+nll", NULL, "nll-raw", NULL },
    { "softmaxK+nll", NULL, "nll-softmax", NULL },
};

/* Cells where the measurement disagrees with the atlas's refusal text (tools/reference/RESULTS.md,
 * section 2): the fixture must show the measured text instead. If the atlas is corrected, the entry
 * is reported as stale (not a failure). */
static const struct {
    const char *atlas, *column, *measured;
} DISAGREES[] = {
    /* none left: the atlas quotes TF.js's measured text for softmaxK+cce-int since the measurement */
    { NULL, NULL, NULL },
};

/* A message reduced to what survives different batch sizes: digits and a standalone N become '#',
 * the exception type before the first ": " is dropped, and it is cut before the first shape-like
 * character ('#', '(', '[', '=') when at least 12 characters remain. */
static void fragment(const char *msg, char *out, size_t cap, int cut)
{
    const char *c = strstr(msg, " -- ");
    size_t n = c ? (size_t)(c - msg) : strlen(msg);
    const char *colon = strstr(msg, ": ");
    if (colon && (size_t)(colon - msg) < n && (size_t)(colon - msg) < 24 && !memchr(msg, ' ', (size_t)(colon - msg)))
        { n -= (size_t)(colon + 2 - msg); msg = colon + 2; }
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++) {
        char ch = msg[i];
        int isn = ch == 'N' && (i == 0 || msg[i - 1] == ' ') && (i + 1 < n && (msg[i + 1] == ',' || msg[i + 1] == ' '));
        if ((ch >= '0' && ch <= '9') || isn) {
            if (k == 0 || out[k - 1] != '#') out[k++] = '#';
        } else {
            out[k++] = ch;
        }
    }
    out[k] = 0;
    if (cut) {
        size_t m = strcspn(out, "#([=");
        if (m >= 12) out[m] = 0;
    }
}

static const Block *find_block(const char *prefix, const char *exclude, const char *config, char *file_out)
{
    static Block fb[MAXBLOCKS];
    FileList fl;
    list_fixtures(&fl);
    for (int k = 0; k < fl.nfiles; k++) {
        if (strncmp(fl.files[k], prefix, strlen(prefix))) continue;
        if (exclude && strstr(fl.files[k], exclude)) continue;
        int nb = read_blocks(fl.files[k], fb, MAXBLOCKS);
        for (int i = 0; i < nb; i++)
            if (!strcmp(fb[i].config, config)) {
                snprintf(file_out, 128, "%s", fl.files[k]);
                return &fb[i];
            }
    }
    return NULL;
}

/* Every atlas cell in a column measured here: a cell that says 'refuses' is refused in the fixture
 * with the atlas's text (up to batch sizes), and a cell that says the configuration trains is not
 * refused. */
static void test_atlas_cells_match_fixtures(void **state)
{
    (void)state;
    static const struct {
        AtlasColumnId col;
        const char *prefix, *exclude;
        int family; /* 0 keras, 1 torch, 2 tfjs */
    } COLS[] = {
        { COL_TFK215, "heads-tf-keras-", "-xla", 0 },
        { COL_TFK215, "heads-tf.keras-2.15", "-xla", 0 },
        { COL_K3TF, "heads-keras-3.15.1-tensorflow", "-xla", 0 },
        { COL_K3JAX, "heads-keras-3.15.1-jax", NULL, 0 },
        { COL_TORCH, "heads-torch-", NULL, 1 },
        { COL_TFJS, "heads-tfjs-", NULL, 2 },
    };
    int checked = 0, refusals = 0, bad = 0;
    for (size_t c = 0; c < sizeof COLS / sizeof COLS[0]; c++) {
        for (size_t m = 0; m < sizeof CELLMAP / sizeof CELLMAP[0]; m++) {
            const char *fcfg = COLS[c].family == 0 ? CELLMAP[m].keras : COLS[c].family == 1 ? CELLMAP[m].torch
                                                                                              : CELLMAP[m].tfjs;
            if (!fcfg) continue;
            const AtlasCell *cell = atlas_cell(CELLMAP[m].atlas, COLS[c].col);
            if (!cell || cell->outcome == OUT_NA) continue;
            /* Keras 3 on TF: the atlas quotes the (N,1)-label refusal for integer labels */
            if (COLS[c].col == COL_K3TF && !strcmp(fcfg, "softmax-cce-int")) fcfg = "softmax-cce-int1";
            char file[128];
            const Block *b = find_block(COLS[c].prefix, COLS[c].exclude, fcfg, file);
            if (!b) fail_msg("no fixture %s* block %s for atlas %s", COLS[c].prefix, fcfg, CELLMAP[m].atlas);
            checked++;
            const char *colid = atlas_column((int)COLS[c].col)->id;
            if (cell->outcome != OUT_REFUSES) {
                if (b->error[0]) {
                    print_error("atlas %s/%s says %s; %s %s refuses: %s\n", CELLMAP[m].atlas, colid,
                                atlas_outcome_word(cell->outcome), file, fcfg, b->error);
                    bad++;
                }
                continue;
            }
            refusals++;
            if (!b->error[0]) {
                print_error("atlas %s/%s says refuses; %s %s trains\n", CELLMAP[m].atlas, colid, file, fcfg);
                bad++;
                continue;
            }
            char want[640], got[640];
            fragment(cell->note ? cell->note : "", want, sizeof want, 1);
            fragment(b->error, got, sizeof got, 0);
            const char *measured = NULL;
            for (size_t d = 0; DISAGREES[d].atlas; d++)
                if (!strcmp(DISAGREES[d].atlas, CELLMAP[m].atlas) && !strcmp(DISAGREES[d].column, colid))
                    measured = DISAGREES[d].measured;
            if (measured) {
                if (!strstr(b->error, measured)) {
                    print_error("%s %s: the measured refusal changed: %s\n", file, fcfg, b->error);
                    bad++;
                } else if (strstr(got, want)) {
                    print_message("atlas %s/%s now agrees with the measurement: drop it from DISAGREES\n",
                                  CELLMAP[m].atlas, colid);
                }
            } else if (!strstr(got, want)) {
                print_error("atlas %s/%s refusal text \"%s\" is not what %s %s raised: %s\n", CELLMAP[m].atlas,
                            colid, want, file, fcfg, b->error);
                bad++;
            }
        }
    }
    print_message("atlas: %d cells checked against fixtures, %d of them refusals, %d disagreements\n", checked,
                  refusals, bad);
    assert_int_equal(bad, 0);
    assert_true(checked >= 60 && refusals >= 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kernels_match_frameworks),
        cmocka_unit_test(test_refusals_are_recorded),
        cmocka_unit_test(test_refused_blocks_name_no_setup),
        cmocka_unit_test(test_xla_sparse_one_unit_is_nan),
        cmocka_unit_test(test_atlas_cells_match_fixtures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
