/* keys — the key codes the screen hands to its callers (the dashboard, the lesson player).
 * Printable keys are their ASCII codes; special keys are these values, which screen_key
 * translates from the terminal library's codes, so no other module copies curses numbers.
 * Owns nothing. */
#ifndef LOSSLAB_KEYS_H
#define LOSSLAB_KEYS_H

enum {
    LK_NONE = -1,          /* no key before the time-out */
    LK_ESC = 27,
    LK_SPECIAL = 0x110000, /* above every Unicode scalar */
    LK_UP, LK_DOWN, LK_LEFT, LK_RIGHT, LK_BACKSPACE, LK_NPAGE, LK_PPAGE, LK_ENTER, LK_RESIZE, LK_F1,
    LK_OTHER               /* a special key losslab has no use for */
};

#endif
