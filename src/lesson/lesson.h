/* lesson — the lesson format: text -> a list of steps. Pure: no screen, no training.
 * A Lesson owns every string and array it points to (lesson_free releases them). The parser
 * reports EVERY error in a file at once, each as "file:line:column: message" (with a hint where
 * one helps), into a LessonErrors list the caller owns (lesson_errors_free). A lesson with any
 * error is not returned.
 *
 * Commands (one per line; `#` at the start of a line is a comment; blank lines are ignored):
 *   title TEXT                 the lesson's title (exactly once)
 *   minutes N                  estimated time, for `losslab lessons`
 *   say [TEXT]                 narration; consecutive lines form a paragraph, an empty say ends one
 *   set KEY VALUE              a run option, validated by config_set (takes effect at the next reset)
 *   reset                      a new run with the current options (same seed: same initial weights)
 *   train N epochs|steps       train every set-up N epochs or steps (resets first if options changed)
 *   pause                      wait for the learner (a stop)
 *   focus ID|all               enlarge one set-up's card, or show all
 *   mark TEXT                  a labelled vertical marker on the charts
 *   expect ID METRIC OP VALUE [TOL]   a claim checked against the last evaluation point; VALUE is
 *                              a number, zeros/ones (the validation base rates), or ID.METRIC
 *   ask QUESTION / choice KEY TEXT / answer KEY / explain TEXT   a quiz (a stop) */
#ifndef LOSSLAB_LESSON_H
#define LOSSLAB_LESSON_H
#include <stddef.h>
#include "train/arena.h"
#include "train/config.h"

#define LESSON_LINE_MAX 1000      /* bytes per line, without the newline */
#define LESSON_MARK_MAX 23        /* bytes in a mark label (the chart's label field) */
#define LESSON_EXPORT_MAX 40      /* bytes in an export name: letters, digits, '-' and '_' */
#define LESSON_ERRORS_MAX 100     /* errors reported per file before giving up */

typedef enum {
    LS_SAY,       /* text: one paragraph ("" = paragraph break) */
    LS_SET,       /* key, value */
    LS_RESET,
    LS_TRAIN,     /* count, epochs (1) or steps (0) */
    LS_PAUSE,     /* a stop */
    LS_FOCUS,     /* setup (-1 = all) */
    LS_MARK,      /* text */
    LS_EXPECT,    /* setup, metric, op, ref, value, tol, diag */
    LS_QUIZ,      /* text (question), choices, answer, explain: a stop */
    LS_EXPORT     /* text: a name; with --svg FILE the charts go to FILE-NAME.svg */
} LessonStepKind;

typedef enum {
    LM_LOSS, LM_ACC, LM_VAL_LOSS, LM_VAL_ACC, LM_VAL_PRED1, LM_VAL_LOGLOSS, LM_GRAD_NORM, LM_VAL_TRUE_ACC, LM_DIAG,
    LM_COUNT
} LessonMetric;

typedef enum { LO_LT, LO_LE, LO_GT, LO_GE, LO_EQ, LO_APPROX, LO_COUNT } LessonOp;

typedef enum { LR_NUMBER, LR_ZEROS, LR_ONES, LR_METRIC } LessonRef;   /* what VALUE is */

typedef struct { char key; char *text; } LessonChoice;

typedef struct {
    LessonStepKind kind;
    int line;                 /* source line (the first line of a paragraph or quiz) */
    char *text;               /* say, mark, quiz question */
    char *key, *value;        /* set (data: the path relative to the working directory; after
                                 lesson_load, its resolved real path) */
    int col;                  /* set: the value's column */
    long count;               /* train */
    int epochs;               /* train: 1 epochs, 0 steps */
    const Setup *setup;       /* focus, expect: the set-up, or NULL for `focus all` */
    LessonMetric metric;      /* expect */
    LessonOp op;
    LessonRef ref;
    double num, tol;          /* expect: the number (LR_NUMBER), the ~= tolerance */
    Diag diag;                /* expect ... diag == WORD */
    const Setup *ref_setup;   /* LR_METRIC: VALUE is ID.METRIC, another set-up's measurement */
    LessonMetric ref_metric;
    LessonChoice *choices;    /* quiz */
    int nchoices;
    char answer;
    char *explain;            /* quiz: "" if none */
} LessonStep;

typedef struct {
    char *path;
    char *title;
    int minutes;              /* 0 = not given */
    LessonStep *steps;
    int nsteps;
    int nstops;               /* pauses + quizzes + the end */
} Lesson;

typedef struct {
    char **msgs;              /* "file:line:column: message" */
    int n, cap;
} LessonErrors;

/* Parses text (len bytes, need not be NUL-terminated) named path in messages. base: the options
 * the lesson starts from (NULL: the defaults); `set` lines are validated on a copy of it, and
 * `expect`/`focus` ids are checked against the line-up in force. Returns 0 and fills out, or -1
 * with every error appended to errs (out is then empty). */
int  lesson_parse(const char *path, const char *text, size_t len, const Config *base, Lesson *out,
                  LessonErrors *errs);
/* Reads and parses a file; an unreadable file is one error ("file: cannot read: reason"). A
 * UTF-8 byte-order mark is skipped. Then every data file the lesson names (`set data`) is
 * checked before anything runs, with the timesteps in force where the run is built: its real
 * path (realpath: symlinks followed) must lie inside the lesson's own real directory and be a
 * regular file, and it must read as a valid CSV; each failure is an error at the `set data`
 * value ("file:line:column: set data: ..."). On success the step's value is the real path. */
int  lesson_load(const char *path, const Config *base, Lesson *out, LessonErrors *errs);
/* The data check lesson_load runs after parsing (exported for tests). 0, or -1 with errors. */
int  lesson_check_data(Lesson *l, const Config *base, LessonErrors *errs);
void lesson_free(Lesson *l);
void lesson_errors_free(LessonErrors *e);

const char *lesson_metric_name(LessonMetric m);
const char *lesson_op_name(LessonOp o);
/* The measured value of a metric (LM_DIAG: the Diag as a number). */
double lesson_metric_value(const EvalPoint *p, LessonMetric m);
/* Checks an expectation against an evaluation point; share1 = share of ones in the validation
 * labels (for the `zeros`/`ones` references); ref = the point of s->ref_setup (for LR_METRIC,
 * else unused, may be NULL). *measured and *target receive the numbers compared. */
int  lesson_expect_holds(const LessonStep *s, const EvalPoint *p, double share1, const EvalPoint *ref,
                         double *measured, double *target);
/* Levenshtein distance (for "did you mean"); exported for tests. */
int  lesson_edit_distance(const char *a, const char *b);
/* Quick read of `title` and `minutes` only (for the list); returns 0 if a title was found. */
int  lesson_peek(const char *path, char *title, size_t cap, int *minutes);

#endif
