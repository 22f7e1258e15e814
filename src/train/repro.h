/* repro — the headless command line that reproduces a run: every option that decides the
 * numbers (the option table's run options, epochs, and the learning-rate changes as
 * --lr-schedule), written so that a shell reads it back exactly. The screen prints it on quit.
 * Owns nothing. */
#ifndef LOSSLAB_REPRO_H
#define LOSSLAB_REPRO_H
#include <stddef.h>
#include "train/config.h"

/* "losslab --headless --seed 42 --eval-every 21 --lr-schedule 300:0.0005": options that differ
 * from the defaults of c's preset (the seed always), in the option table's order, each value
 * quoted for a POSIX shell when it needs it. Truncated (never mid-option) to cap. */
void repro_command(const Config *c, char *out, size_t cap);
/* Quotes s for a POSIX shell into out when it holds anything but [A-Za-z0-9_./,:=+@%^-]. */
void repro_shell_quote(const char *s, char *out, size_t cap);

#endif
