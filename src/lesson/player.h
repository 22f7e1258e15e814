/* player — the lesson commands: `lessons` (list), `lesson FILE` (interactive on the live screen,
 * or a plain transcript with --headless), `replay FILE` (auto-advancing for a projector).
 * Owns nothing beyond one call: it parses the lesson, runs it, and frees everything. */
#ifndef LOSSLAB_PLAYER_H
#define LOSSLAB_PLAYER_H
#include <stddef.h>
#include "train/config.h"

typedef struct {
    Config cfg;          /* options from the command line; a lesson's `set` lines apply on top */
    int headless;
    int ascii;
    double pace;         /* replay: seconds per step */
    const char *file;    /* lesson file (lesson, replay) */
    const char *cmd;     /* "lessons", "lesson", "replay" */
    int speed;           /* --speed for the screen, 0 = default */
} LessonOpts;

#define LESSONS_MAX 64

typedef struct {
    char path[1100];     /* where to read it */
    char dir[1024];      /* the directory it was found in */
    char name[256];      /* file name, e.g. 01-the-26-percent.lesson */
    char title[128];
    int minutes;
} LessonEntry;

/* The lessons in ./lessons, next to the installed binary and in the data directory, in listing
 * order, a name found twice only once. Returns how many (at most max) were written to out. */
int lesson_catalog(LessonEntry *out, int max);
/* "no lessons found; looked in DIR, DIR, ... (set LOSSLAB_LESSONS=DIR)": every place searched. */
void lesson_where(char *out, size_t cap);

/* Returns the exit code: 0 ok, 2 bad lesson file (every error printed as file:line:column),
 * 3 an expectation failed (headless). */
int lesson_main(const LessonOpts *o);

#endif
