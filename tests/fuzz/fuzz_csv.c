/* fuzz_csv — libFuzzer harness for the CSV reader (src/data/csv.c).
 * The reader's file-level entry point takes a path, so the harness includes csv.c (the llm.c /
 * cmocka trick) and drives its static csv_read through fmemopen: no temp files, no src change.
 * Each input is read with T = 1 and T = 5. Oracles, beyond ASan/UBSan:
 *   - an error is one line "fuzz.csv:LINE:COL: message" or "fuzz.csv: cannot ...": non-empty,
 *     no newline, not truncated;
 *   - a success obeys the Dataset contract (both classes, labels 0/1, finite values, card);
 *   - write -> read is bit-exact (the promise in csv.c's header comment).
 * Build and run: make fuzz FUZZ_SECONDS=N (see the Makefile). */
#include "../../src/data/csv.c"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                         \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            fprintf(stderr, "fuzz_csv: check failed at line %d: %s (T=%d, err='%s')\n",     \
                    __LINE__, #cond, T, err);                                               \
            abort();                                                                        \
        }                                                                                   \
    } while (0)

static void dataset_release(Dataset *d)
{
    free(d->x);
    free(d->y);
    free(d->card);
    *d = (Dataset){0};
}

static int read_mem(const void *buf, size_t n, int T, Dataset *d, char *err, size_t errlen)
{
    CsvCtx c = {"fuzz.csv", err, errlen, NULL};
    *d = (Dataset){0};
    FILE *fp = fmemopen((void *)buf, n, "rb");
    if (!fp) abort();
    int rc = csv_read(&c, fp, T, 0, d);   /* K = 0: inferred from the labels */
    fclose(fp);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int Ts[] = {1, 5};
    for (size_t k = 0; k < sizeof Ts / sizeof Ts[0]; k++) {
        int T = Ts[k];
        char err[512] = "";
        Dataset d;
        int rc = read_mem(data, size, T, &d, err, sizeof err);
        if (rc) {
            size_t n = strlen(err);
            CHECK(rc == -1);
            CHECK(n > 0 && n < sizeof err - 1);
            CHECK(strchr(err, '\n') == NULL);
            CHECK(strncmp(err, "fuzz.csv:", 9) == 0);
            CHECK(d.x == NULL && d.y == NULL && d.card == NULL);
            continue;
        }
        size_t per = (size_t)d.T * (size_t)d.F;
        CHECK(d.T == T && d.F >= 1 && d.N >= 2);
        /* labels are class indices 0..K-1, counted per class; at least two classes occur */
        CHECK(d.K >= 2 && d.K <= CLASSES_MAX);
        long count[CLASSES_MAX] = {0};
        for (long i = 0; i < d.N; i++) {
            CHECK(d.y[i] >= 0 && d.y[i] < d.K);
            count[d.y[i]]++;
        }
        int present = 0;
        for (int k = 0; k < d.K; k++) {
            CHECK(count[k] == d.count[k]);
            present += count[k] > 0;
        }
        CHECK(present >= 2);
        for (size_t j = 0; j < (size_t)d.N * per; j++) CHECK(isfinite(d.x[j]));
        for (int f = 0; f < d.F; f++) {
            CHECK(d.card[f] >= 0 && d.card[f] <= CSV_CARD_LIMIT);
            for (long i = 0; d.card[f] && i < d.N; i++)
                for (int t = 0; t < d.T; t++) {
                    float v = d.x[(size_t)i * per + (size_t)t * d.F + f];
                    CHECK(v >= 0.0f && v < (float)d.card[f] && v == floorf(v));
                }
        }

        /* write -> read is bit-exact */
        char *buf = NULL;
        size_t blen = 0;
        FILE *ms = open_memstream(&buf, &blen);
        if (!ms) abort();
        CHECK(data_write_csv_rows(&d, ms, NULL) == 0);
        fclose(ms);
        Dataset e;
        CHECK(read_mem(buf, blen, T, &e, err, sizeof err) == 0);
        CHECK(e.N == d.N && e.T == d.T && e.F == d.F && e.K == d.K);
        CHECK(memcmp(e.count, d.count, sizeof d.count) == 0);
        CHECK(memcmp(e.x, d.x, (size_t)d.N * per * sizeof(float)) == 0);
        CHECK(memcmp(e.y, d.y, (size_t)d.N * sizeof(int)) == 0);
        CHECK(memcmp(e.card, d.card, (size_t)d.F * sizeof(int)) == 0);
        free(buf);
        dataset_release(&e);
        dataset_release(&d);
    }
    return 0;
}
