/* screen — the live ncurses screen: the only module that includes curses.h.
 * It owns the terminal between screen_open and screen_close (and restores it on every exit path,
 * including SIGINT/SIGTERM/SIGHUP), a Grid and a View. Training runs in a Trainer (trainer.h);
 * the screen reads its Snapshot 25 times a second and blits the rendered Grid. */
#ifndef LOSSLAB_SCREEN_H
#define LOSSLAB_SCREEN_H
#include "train/config.h"
#include "train/trainer.h"
#include "ui/cast.h"
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
/* A screen without a terminal (replay --cast): the dashboard is drawn into a w x h grid only,
 * screen_key returns no key and advances a virtual clock by its time-out, and the Trainer drawn
 * runs on that clock (trainer_run_for), so frames and times depend on the options alone. */
Screen *screen_open_virtual(int w, int h, int ascii);
int  screen_is_virtual(const Screen *sc);
/* Seconds since the screen opened: the virtual clock, or the wall clock. */
double screen_clock(const Screen *sc);
/* 1 once SIGINT/SIGTERM/SIGHUP arrived (the loops then see 'q'). */
int  screen_interrupted(const Screen *sc);
/* Every frame drawn from now on also goes into c (ui/cast.h; NULL: none). The Screen borrows it:
 * the caller closes it after screen_close. Live frames are timed by the wall clock, virtual ones
 * by the virtual clock. */
void screen_set_cast(Screen *sc, Cast *c);
/* A marker in the recording (a lesson's step); nothing without one. */
void screen_marker(Screen *sc, const char *label);
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
