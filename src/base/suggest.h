/* suggest — "did you mean": the edit distance between two short strings and the nearest of a list.
 * Used by every message that names an unknown option, set-up, framework, configuration or lesson
 * word. Owns nothing. */
#ifndef LOSSLAB_SUGGEST_H
#define LOSSLAB_SUGGEST_H

/* Damerau-Levenshtein distance (an adjacent swap counts as one edit), case-sensitive; strings
 * longer than 64 bytes are "far" (99). */
int str_distance(const char *a, const char *b);
/* The entry of list (n strings) nearest to w if at most `reach` edits away, else NULL. */
const char *str_nearest(const char *w, const char *const *list, int n, int reach);

#endif
