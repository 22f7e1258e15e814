#!/bin/sh
# End-to-end: lessons. Every lesson in lessons/ replays headless and exits 0 (so a change that
# breaks a lesson's claim fails here), a false claim exits 3, a bad lesson exits 2 with every error
# as file:line:column, `losslab lessons` lists ten, and one transcript matches its golden copy
# byte for byte. Run from the repository root (make test does).
# To refresh the golden transcript after an intended change:
#   ./losslab lesson lessons/06-reading-the-diagnosis.lesson --headless \
#       > tests/fixtures/lessons/06-reading-the-diagnosis.transcript
# Usage: LOSSLAB=path/to/losslab sh tests/e2e_lessons.sh
set -u
BIN=${LOSSLAB:-./losslab}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

# --- every shipped lesson passes its own expectations ---------------------------------------------
n=0
for f in lessons/*.lesson; do
    n=$((n + 1))
    name=$(basename "$f" .lesson)
    "$BIN" lesson "$f" --headless > "$T/$name.txt" 2> "$T/$name.err"
    rc=$?
    check "$name replays headless and exits 0 (rc $rc)" "[ $rc -eq 0 ]"
    check "$name: no FAIL line, a PASS line, the closing line" \
        "! grep -q '^  FAIL' '$T/$name.txt' && grep -q '^  PASS' '$T/$name.txt' && grep -q '^--- end of the lesson: [0-9]* of [0-9]* expectations passed ---\$' '$T/$name.txt'"
    if [ $rc -ne 0 ]; then grep '^  FAIL' "$T/$name.txt"; cat "$T/$name.err"; fi
done
check "ten lessons in lessons/ ($n)" "[ $n -eq 10 ]"

# --- the golden transcript -------------------------------------------------------------------------
G=tests/fixtures/lessons/06-reading-the-diagnosis.transcript
check "lesson 06 transcript matches $G byte for byte" "cmp -s '$T/06-reading-the-diagnosis.txt' '$G'"
cmp -s "$T/06-reading-the-diagnosis.txt" "$G" || diff "$G" "$T/06-reading-the-diagnosis.txt" | head -20
"$BIN" lesson lessons/06-reading-the-diagnosis.lesson --headless --threads 1 > "$T/t1.txt" 2>/dev/null
check "the transcript does not depend on --threads" "cmp -s '$T/t1.txt' '$G'"

# --- names resolve in lessons/ -----------------------------------------------------------------------
"$BIN" lesson 06 --headless > "$T/byname.txt" 2>/dev/null
check "'losslab lesson 06' finds lessons/06-*.lesson" "[ $? -eq 0 ] && cmp -s '$T/byname.txt' '$G'"
"$BIN" lesson 99 --headless > /dev/null 2> "$T/noname.err"
rc=$?
check "an unknown lesson name exits 2 with a hint (rc $rc)" "[ $rc -eq 2 ] && grep -q 'losslab lessons' '$T/noname.err'"

# --- a false claim exits 3 ---------------------------------------------------------------------------
"$BIN" lesson tests/fixtures/lessons/fail.lesson --headless > "$T/fail.txt" 2>&1
rc=$?
check "a failing expect exits 3 (rc $rc)" "[ $rc -eq 3 ]"
check "it prints FAIL with the measured value, and PASS for the true claim" \
    "grep -q '^  FAIL  cce1 val_acc > 0.9  (measured 0\.' '$T/fail.txt' && grep -q '^  PASS  cce1 loss == 0' '$T/fail.txt'"
check "the closing line counts the failure" "grep -q 'expectations FAILED' '$T/fail.txt'"

# --- a bad lesson exits 2, every error as file:line:column ------------------------------------------
B=tests/fixtures/lessons/bad.lesson
"$BIN" lesson "$B" --headless > "$T/bad.out" 2> "$T/bad.err"
rc=$?
check "a bad lesson exits 2 (rc $rc)" "[ $rc -eq 2 ]"
check "nothing runs: stdout is empty" "[ ! -s '$T/bad.out' ]"
check "20 errors, each as file:line:column: message" \
    "[ \$(grep -c '^tests/fixtures/lessons/bad.lesson:[0-9]*:[0-9]*: ' '$T/bad.err') -eq 20 ]"
check "the summary line counts them" "grep -q '^losslab: 20 errors in $B; the lesson did not run' '$T/bad.err'"
check "did-you-mean hint for a misspelt command" "grep -q \"bad.lesson:3:1: unknown command 'trian' — did you mean 'train'?\" '$T/bad.err'"
check "config_set's message for a bad value" "grep -q \"bad.lesson:4:9: --pos: expected a share of ones\" '$T/bad.err'"
check "the unknown set-up suggests the nearest" "grep -q \"bad.lesson:15:7: focus: unknown set-up 'cce9' — did you mean 'cce1'?\" '$T/bad.err'"
check "non-UTF-8 byte located" "grep -q 'bad.lesson:24:14: invalid UTF-8 (byte 0xff)' '$T/bad.err'"
check "over-long line located" "grep -q 'bad.lesson:26:1001: line is longer than 1000 bytes' '$T/bad.err'"
"$BIN" replay "$B" > /dev/null 2>&1
check "replay refuses the bad lesson too (exit 2)" "[ $? -eq 2 ]"
"$BIN" lesson "$T/missing.lesson" > /dev/null 2> "$T/miss.err"
check "a missing file exits 2" "[ $? -eq 2 ]"

# --- the list -------------------------------------------------------------------------------------------
"$BIN" lessons > "$T/list.txt" 2>&1
rc=$?
check "losslab lessons exits 0" "[ $rc -eq 0 ]"
check "it lists ten lessons with minutes, in order" "[ \$(grep -c '^  [01][0-9]-[a-z0-9-]* *[0-9]* min ' '$T/list.txt') -eq 10 ] && [ \"\$(grep -o '^  [01][0-9]' '$T/list.txt' | tr -d ' ' | tr '\\n' ' ')\" = '01 02 03 04 05 06 07 08 09 10 ' ]"
check "titles are shown" "grep -q \"01-the-26-percent .*The question's 26%\" '$T/list.txt'"

# --- set data: a CSV beside the lesson, read relative to it (from any working directory) ---------
mkdir -p "$T/own/sub"
"$BIN" --export "$T/own/sub/mine.csv" --n 400 --seed 3 > /dev/null 2>&1
printf 'title Own data\nset data sub/mine.csv\nset models bce\nset hidden 8\ntrain 1 epoch\nexpect bce val_acc > 0\n' > "$T/own/own.lesson"
ABS=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
(cd / && "$ABS" lesson "$T/own/own.lesson" --headless > "$T/own.txt" 2>&1); rc=$?
check "set data reads sub/mine.csv relative to the lesson (rc $rc)" "[ $rc -eq 0 ] && grep -q 'PASS  bce val_acc > 0' '$T/own.txt'"
printf 'title Escape\nset data ../elsewhere.csv\n' > "$T/own/up.lesson"
"$BIN" lesson "$T/own/up.lesson" --headless > "$T/up.txt" 2>&1; rc=$?
check "set data with '..' is refused (exit 2, file:line:column)" "[ $rc -eq 2 ] && grep -q 'up.lesson:2:10: set data: a lesson reads data only from its own directory' '$T/up.txt'"

finish e2e_lessons
