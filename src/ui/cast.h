/* cast — the screen as an asciicast v2 file (what asciinema and its web player read): a JSON
 * header line (version 2, width, height, title; a wall-clock timestamp only when asked), then
 * one [time, "o", text] event per frame that changed. A frame is a Grid: the first one is
 * painted whole, then only the rows that changed are rewritten (cursor to the row, the row with
 * its colours), a resize is an "r" event and a full repaint, and the file ends with a full
 * repaint of the last frame, so `asciinema cat` ends with the whole final screen. Colours are
 * the live screen's (ui/palette.h): the 8 ANSI colours, or in projector mode dark xterm-256 inks
 * on a white page (none when NO_COLOR is set).
 * Times come from the caller (the live clock, or a replay's virtual clock), so the same frames
 * at the same times give the same bytes. Written atomically (base/atomic.h).
 * A Cast owns its file, the previous frame and its buffers until cast_close or cast_abort. */
#ifndef LOSSLAB_CAST_H
#define LOSSLAB_CAST_H
#include <stddef.h>
#include "ui/grid.h"

typedef struct Cast Cast;

/* Opens path for writing (nothing appears there before cast_close). timestamp: put the
 * wall-clock start in the header. Returns NULL with "cannot write 'PATH': REASON" in err. */
Cast *cast_open(const char *path, const char *title, int timestamp, char *err, size_t errlen);
/* Records g as the screen at t seconds (t never goes back). Identical frames add nothing. */
void  cast_frame(Cast *c, const Grid *g, double t);
/* Frames from now on are drawn on the projector's white page (page = 1) or on the terminal's own
 * background (0); a change repaints the whole next frame. */
void  cast_set_page(Cast *c, int page);
/* A marker (asciinema-player shows them as chapters), e.g. a lesson's step. */
void  cast_marker(Cast *c, double t, const char *label);
/* The same at the wall-clock time since cast_open (live recordings). */
void  cast_frame_now(Cast *c, const Grid *g);
void  cast_marker_now(Cast *c, const char *label);
/* Ends the recording (the final full frame) and puts the file in place. Returns 0, or -1 with one
 * line in err (then nothing is left behind). Frees c. */
int   cast_close(Cast *c, char *err, size_t errlen);
/* Drops the recording: nothing is written. Frees c. */
void  cast_abort(Cast *c);
/* Events written so far and the time of the last one (for the closing message). */
long  cast_events(const Cast *c);
double cast_duration(const Cast *c);

#endif
