/* svg — the charts as an SVG 1.1 document for slides (a white page): the reported loss,
 * validation accuracy with the base rates dashed, and the predicted class-1 share (K > 2: the
 * most-predicted class), one line per set-up in its row's colour with its key at the line's end,
 * axes with ticks, learning-rate changes as dotted verticals, a legend (key, id, head + loss, the
 * last validation accuracy and diagnosis) and a title with the run's options (the headless
 * command line that reproduces it). Drawn from a Snapshot's evaluation points only, so the same
 * run gives the same bytes. Owns nothing. */
#ifndef LOSSLAB_SVG_H
#define LOSSLAB_SVG_H
#include <stddef.h>
#include <stdio.h>
#include "train/trainer.h"

#define SVG_W 1200       /* px; the height follows the number of set-ups */
#define SVG_TOP_H 128    /* title, the run's line, the command line (up to 3 lines) */
#define SVG_CHART_H 380

/* Writes the document to f. Returns 0, or -1 if a write failed. */
int svg_write(FILE *f, const Snapshot *s);
/* Writes path atomically (base/atomic.h); "-" is stdout. Returns 0, or -1 with
 * "cannot write 'PATH': REASON" or "writing 'PATH' failed: REASON" in err. */
int svg_save(const char *path, const Snapshot *s, char *err, size_t errlen);

#endif
