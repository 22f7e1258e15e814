/* suggest — edit distance and nearest word. See suggest.h. Owns nothing. */
#include "base/suggest.h"

#include <string.h>

int str_distance(const char *a, const char *b)
{
    int n = (int)strlen(a), m = (int)strlen(b);
    if (n > 64 || m > 64) return 99;
    int d[65][65];
    for (int i = 0; i <= n; i++) d[i][0] = i;
    for (int j = 0; j <= m; j++) d[0][j] = j;
    for (int i = 1; i <= n; i++)
        for (int j = 1; j <= m; j++) {
            int c = a[i - 1] != b[j - 1];
            int v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v) v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + c < v) v = d[i - 1][j - 1] + c;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[n][m];
}

const char *str_nearest(const char *w, const char *const *list, int n, int reach)
{
    int best = reach + 1;
    const char *bw = NULL;
    for (int i = 0; i < n; i++) {
        int d = str_distance(w, list[i]);
        if (d < best) {
            best = d;
            bw = list[i];
        }
    }
    return bw;
}
