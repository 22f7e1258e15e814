/* xalloc — allocation that cannot return NULL, and small string helpers.
 * Owns nothing: every pointer returned is owned by the caller and released with free().
 * On allocation failure it prints "losslab: out of memory (N bytes)" and exits 1
 * (an internal failure, per the exit-code convention in main.c). */
#ifndef LOSSLAB_XALLOC_H
#define LOSSLAB_XALLOC_H
#include <stddef.h>

void *xmalloc(size_t n);            /* n > 0; contents undefined */
void *xcalloc(size_t count, size_t size); /* zeroed */
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* Copies src into dst (capacity cap >= 1), always NUL-terminated; returns 0, or -1 if truncated. */
int str_copy(char *dst, size_t cap, const char *src);

#endif
