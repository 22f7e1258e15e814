/* engine — runs a parsed Lesson, step by step, against either an Arena (headless: synchronous,
 * the transcript goes to a FILE) or a Trainer (the live screen: the engine waits for the training
 * thread and calls back into the player, which draws and reads keys, while it waits).
 * The same engine serves both, so a transcript and the screen show the same numbers.
 *
 * Semantics: `set` changes the pending options; a run is rebuilt at `reset` (unless nothing was
 * trained and the options are unchanged: a rebuild would give the same weights) and at `train`
 * when the options changed since the last build. Going back (engine_seek) rebuilds the run from
 * the last rebuild before the target and re-trains the same steps: same options, same seed ->
 * the same numbers.
 *
 * Owns: the Arena (headless), the pane text buffer. Not the Lesson, the Trainer or the FILE. */
#ifndef LOSSLAB_ENGINE_H
#define LOSSLAB_ENGINE_H
#include <stdio.h>
#include "lesson/lesson.h"
#include "train/trainer.h"

/* Returned by the wait callback (and passed on by engine_next/engine_seek). */
enum { ENGINE_GO = 0, ENGINE_QUIT = 1, ENGINE_BACK = 2 };
/* What engine_next stopped at. */
enum { STOP_PAUSE = 10, STOP_QUIZ, STOP_END, STOP_ERROR };

typedef int (*EngineWaitFn)(void *ctx);

typedef struct {
    const Lesson *L;
    Config base;              /* options before the lesson's first line */
    /* exactly one of arena (headless) and tr (screen) is used */
    Arena arena;
    int have_arena;
    Trainer *tr;
    EngineWaitFn wait;
    void *wait_ctx;
    FILE *out;                /* headless transcript; NULL on the screen */
    int ascii;                /* screen: ASCII check marks */
    int wrap;                 /* transcript column limit */
    /* state */
    Config cfg;               /* pending options */
    Config run;               /* options of the run in force */
    long trained;             /* steps trained since the last rebuild */
    long rebuilds;            /* bumps at every rebuild (for the metrics table) */
    const Setup *focus;       /* NULL: all, else the enlarged set-up */
    int pos;                  /* next step to execute */
    int stop;                 /* the stop reached last (1-based; 0 = none yet) */
    int quiz_step;            /* STOP_QUIZ: index of the quiz step */
    int cur;                  /* the step being executed */
    int silent;               /* seeking: no output for steps before silent_until */
    int silent_until;
    int started;              /* the first run has been sized (screen) */
    int last_block;           /* transcript layout */
    long table_key;           /* state the last printed table showed */
    int passed, failed;       /* expectations, over the whole lesson (headless) */
    int seg_passed, seg_failed; /* in the current segment */
    char *pane;               /* screen: the current segment's text, logical lines */
    size_t panelen, panecap;
    char err[512];            /* STOP_ERROR: "file:line: message" */
} Engine;

/* The options the lesson's first run uses: base + the `set` lines before the first reset/train. */
void engine_initial_config(const Lesson *L, const Config *base, Config *out);
/* Headless: builds the first run. Returns 0, or -1 with err filled. */
int  engine_init_headless(Engine *e, const Lesson *L, const Config *base, FILE *out);
/* Screen: uses a Trainer started with engine_initial_config (paused). */
void engine_init_screen(Engine *e, const Lesson *L, const Config *base, Trainer *tr, EngineWaitFn wait, void *ctx,
                        int ascii);
void engine_free(Engine *e);
/* Executes steps up to the next stop. Returns STOP_PAUSE/STOP_QUIZ/STOP_END (e->stop is then that
 * stop's number), STOP_ERROR (e->err), or ENGINE_QUIT/ENGINE_BACK when the wait callback asked. */
int  engine_next(Engine *e);
/* Rebuilds the state of stop `stop` (1..nstops) and shows that stop's segment again. */
int  engine_seek(Engine *e, int stop);
/* Headless: the quiz just stopped at, with its answer and explanation; the closing line. */
void engine_print_quiz(Engine *e);
void engine_print_end(Engine *e);
/* The pane text for the screen (segment narration and expectation results). */
const char *engine_pane(const Engine *e);
/* Word-wraps UTF-8 text to width columns (characters) into out (appends lines, '\n'-ended),
 * first line prefixed by first, following lines by indent. Returns the number of lines. */
int  engine_wrap(char **out, size_t *len, size_t *cap, const char *text, int width, const char *first,
                 const char *indent);
/* export NAME with --svg FILE: FILE without its .svg, then -NAME.svg ("slides.svg" + "collapse"
 * -> "slides-collapse.svg"). */
void engine_export_path(const char *svg, const char *name, char *out, size_t cap);
/* Measured share of ones among the validation labels of the current run. */
double engine_share1(Engine *e);

#endif
