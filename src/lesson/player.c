/* player — placeholder until the lesson format lands (issue: Lessons). */
#include "lesson/player.h"

#include <stdio.h>

int lesson_main(const LessonOpts *o)
{
    fprintf(stderr, "losslab: %s: lessons are not available in this build yet\n", o->cmd);
    return 1;
}
