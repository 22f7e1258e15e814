/* player — the lesson commands: `lessons` (list), `lesson FILE` (interactive on the live screen,
 * or a plain transcript with --headless), `replay FILE` (auto-advancing for a projector).
 * Owns nothing beyond one call: it parses the lesson, runs it, and frees everything. */
#ifndef LOSSLAB_PLAYER_H
#define LOSSLAB_PLAYER_H
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

/* Returns the exit code: 0 ok, 2 bad lesson file (every error printed as file:line:column),
 * 3 an expectation failed (headless). */
int lesson_main(const LessonOpts *o);

#endif
