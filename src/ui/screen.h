/* screen — the live ncurses screen: the only module that includes curses.h.
 * It owns the terminal between screen_open and screen_close (and restores it on every exit path,
 * including SIGINT/SIGTERM/SIGHUP), a Grid and a View. Training runs in a Trainer (trainer.h);
 * the screen reads its Snapshot 25 times a second and blits the rendered Grid. */
#ifndef LOSSLAB_SCREEN_H
#define LOSSLAB_SCREEN_H
#include "train/config.h"
#include "train/trainer.h"
#include "ui/view.h"

typedef struct {
    Config cfg;
    int ascii;         /* --ascii: no braille or block glyphs */
    int speed;         /* --speed 1..SPEED_MAX, 0 = SPEED_DEFAULT */
    const char *const *menu;  /* the `l` menu: one line per lesson (may be NULL) */
    int nmenu;
    int *menu_choice;  /* out: the lesson picked with `l` (index into menu), or -1 */
} ScreenOpts;

/* `losslab` with no command: the dashboard until q. Returns the process exit code. */
int screen_run(const ScreenOpts *o);

typedef struct Screen Screen;

/* For the lesson player: a terminal with the dashboard, driven by the caller.
 * Returns NULL (and a one-line message in err) when stdin/stdout is not a usable terminal. */
Screen *screen_open(int ascii, char *err, size_t errlen);
void screen_close(Screen *sc);
/* Draws the Trainer's Snapshot with the given view state. */
void screen_draw(Screen *sc, Trainer *t, ViewState *st);
/* Waits up to ms for a key; returns it (ASCII, or an LK_ code from ui/keys.h), or LK_NONE on time-out. Returns 'q' after
 * SIGINT/SIGTERM/SIGHUP so every loop ends through its normal exit. */
int  screen_key(Screen *sc, int ms);
GlyphMode screen_glyph_mode(const Screen *sc);
/* The terminal's size in columns and rows, as the next screen_draw will use it. */
void screen_size(const Screen *sc, int *cols, int *rows);
/* Handles the dashboard keys shared by the live screen and the lesson player (pause, step,
 * reset, speed, lr, focus by a set-up's key, panels, smoothing, log-y, help). Returns 1 if the key was used. */
int  screen_common_key(Trainer *t, ViewState *st, const Setup *const *setups, int nruns, int key);

#endif
