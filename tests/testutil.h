/* testutil — what several unit-test programs share. Header only: each test is one translation
 * unit linked against the library, so the helpers are static inline. Owns nothing. */
#ifndef LOSSLAB_TESTUTIL_H
#define LOSSLAB_TESTUTIL_H
#include "train/config.h"

/* A run small enough for a unit test: 400 samples, LSTM 8, Dense 4, two epochs, one thread. */
static inline Config test_small_config(void)
{
    Config c;
    config_defaults(&c);
    c.n = 400;
    c.hidden = 8;
    c.dense = 4;
    c.epochs = 2;
    c.threads = 1;
    return c;
}

#endif
