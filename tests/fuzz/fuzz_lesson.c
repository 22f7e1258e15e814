/* fuzz_lesson — libFuzzer harness for the lesson parser (src/lesson/lesson.c).
 * lesson_parse takes the text from memory, so no file is written. Oracles, beyond ASan/UBSan:
 *   - a failure reports at least one error, each one line "fuzz.lesson:LINE:COL: message" (or
 *     "fuzz.lesson: ..." for whole-file errors), non-empty, with no newline or other control byte;
 *   - a success has a title, at least one stop, and no errors;
 *   - parsing is deterministic: a second parse gives the same result and the same messages.
 * Build and run: make fuzz FUZZ_SECONDS=N (see the Makefile). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/lesson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                      \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            fprintf(stderr, "fuzz_lesson: check failed at line %d: %s\n", __LINE__, #cond); \
            abort();                                                                     \
        }                                                                                \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Lesson a, b;
    LessonErrors ea = { 0 }, eb = { 0 };
    int ra = lesson_parse("fuzz.lesson", (const char *)data, size, NULL, &a, &ea);
    int rb = lesson_parse("fuzz.lesson", (const char *)data, size, NULL, &b, &eb);
    CHECK(ra == rb);
    CHECK(ea.n == eb.n);
    if (ra) {
        CHECK(ra == -1);
        CHECK(ea.n >= 1);
        for (int i = 0; i < ea.n; i++) {
            const char *m = ea.msgs[i];
            CHECK(strcmp(m, eb.msgs[i]) == 0);
            CHECK(strncmp(m, "fuzz.lesson:", 12) == 0);
            CHECK(strlen(m) > 13);
            for (const unsigned char *c = (const unsigned char *)m; *c; c++) CHECK(*c >= 0x20 && *c != 0x7f);
        }
    } else {
        CHECK(ea.n == 0);
        CHECK(a.title && a.title[0]);
        CHECK(a.nstops >= 1 && a.nsteps >= 0);
        CHECK(a.nsteps == b.nsteps && a.nstops == b.nstops);
        lesson_free(&a);
        lesson_free(&b);
    }
    lesson_errors_free(&ea);
    lesson_errors_free(&eb);
    return 0;
}
