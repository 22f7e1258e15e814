#!/bin/sh
# Issue 11 headless: lessons are found outside the source tree (and the search says where it
# looked), no shipped lesson ends on an empty step, the quizzes include predictions (asked before
# the run, answered after it), and --answers scores a transcript.
# Usage: LOSSLAB=path/to/losslab sh tests/e2e_class.sh   (from the repository root)
set -u
BIN=$(cd "$(dirname "${LOSSLAB:-./losslab}")" && pwd)/$(basename "${LOSSLAB:-./losslab}")
REPO=$(pwd)
T=$(mktemp -d /tmp/losslab-e2e-class-XXXXXX)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"
NOWHERE="XDG_DATA_HOME=$T/none XDG_DATA_DIRS=$T/none HOME=$T/home"

# --- defect 11: lessons outside the source tree ----------------------------------------------------
out=$(cd "$T" && env $NOWHERE LOSSLAB_LESSONS="$REPO/lessons" "$BIN" lessons 2>&1); rc=$?
check "LOSSLAB_LESSONS: 'losslab lessons' from /tmp lists them (rc $rc)" \
    "[ $rc -eq 0 ] && echo \"\$out\" | grep -q '01-the-26-percent' && echo \"\$out\" | grep -q 'Lessons in $REPO/lessons/'"
out=$(cd "$T" && env $NOWHERE LOSSLAB_LESSONS="$REPO/lessons" "$BIN" lesson 03 --headless 2>&1); rc=$?
check "LOSSLAB_LESSONS: 'losslab lesson 03' from /tmp runs it (rc $rc)" "[ $rc -eq 0 ]"
mkdir -p "$T/xdg/losslab/lessons" && cp "$REPO"/lessons/03-*.lesson "$T/xdg/losslab/lessons/"
out=$(cd "$T" && env XDG_DATA_HOME="$T/xdg" XDG_DATA_DIRS="$T/none" HOME="$T/home" "$BIN" lessons 2>&1); rc=$?
check "XDG_DATA_HOME/losslab/lessons is searched (rc $rc)" "[ $rc -eq 0 ] && echo \"\$out\" | grep -q '03-the-fix'"
mkdir -p "$T/share/a/losslab/lessons" && cp "$REPO"/lessons/04-*.lesson "$T/share/a/losslab/lessons/"
out=$(cd "$T" && env XDG_DATA_HOME="$T/none" XDG_DATA_DIRS="$T/none:$T/share/a" HOME="$T/home" "$BIN" lessons 2>&1); rc=$?
check "each of XDG_DATA_DIRS is searched (rc $rc)" "[ $rc -eq 0 ] && echo \"\$out\" | grep -q '04-accuracy-lies'"
mkdir -p "$T/bin/lessons" && cp "$BIN" "$T/bin/losslab" && cp "$REPO"/lessons/05-*.lesson "$T/bin/lessons/"
out=$(cd "$T" && env $NOWHERE "$T/bin/losslab" lessons 2>&1); rc=$?
check "the executable's own directory/lessons is searched (rc $rc)" "[ $rc -eq 0 ] && echo \"\$out\" | grep -q '05-the-real-setup'"
out=$(cd "$T" && env $NOWHERE LOSSLAB_LESSONS="$T/none" "$BIN" lessons 2>&1); rc=$?
check "none found: exit 2, and every place looked in is named (rc $rc)" \
    "[ $rc -eq 2 ] && echo \"\$out\" | grep -q 'no lessons found; looked in $T/none, lessons' && echo \"\$out\" | grep -q '$T/none/losslab/lessons' && echo \"\$out\" | grep -q 'LOSSLAB_LESSONS'"

# --- defect 12: no shipped lesson ends on an empty step ----------------------------------------------
for f in lessons/*.lesson; do
    name=$(basename "$f" .lesson)
    "$BIN" lesson "$f" --headless > "$T/$name.txt" 2>&1
    # the text after the last "--- step N of N ---" header holds at least one line of narration
    words=$(awk '/^--- step [0-9]+ of [0-9]+ ---$/ { buf = ""; next } /^--- / { next } { buf = buf $0 "\n" } END { printf "%s", buf }' "$T/$name.txt" |
        grep -v '^  ' | grep -c '[a-z]')
    check "$name: the last step has narration ($words lines)" "[ $words -gt 0 ]"
done

# --- predictions: at least three across the shipped lessons, each answered after its run ------------
np=$(cat lessons/*.lesson | grep -c '^predict ')
nr=$(cat lessons/*.lesson | grep -c '^reveal$')
check "at least three predict-before-you-run questions ($np), each revealed ($nr)" "[ $np -ge 3 ] && [ $np -eq $nr ]"
check "the transcript marks a prediction and answers it after the run" \
    "grep -q '(a prediction: the run below answers it' '$T/01-the-26-percent.txt' && grep -q 'Answer to the prediction: c)' '$T/01-the-26-percent.txt'"
check "the checks and the quiz count are in the transcript without --answers" \
    "grep -q '^--- 2 quizzes: scored on the screen, or here with --answers KEYS ---\$' '$T/01-the-26-percent.txt'"

# --- --answers: the transcript answers, gives the feedback and the score -------------------------------
"$BIN" lesson 01 --headless --answers aa > "$T/ans.txt" 2>&1; rc=$?
check "--answers aa: exit 0 (the checks still pass) (rc $rc)" "[ $rc -eq 0 ]"
check "the prediction records the pick and says it was not right, with its feedback" \
    "grep -q 'You predicted a) not quite: That is bce' '$T/ans.txt'"
check "the quiz answer gets its feedback" "grep -q 'Your answer: a) not quite: No: its predictions never change' '$T/ans.txt'"
check "the score" "grep -q '^--- quiz score: 0 of 2 right on the first try ---\$' '$T/ans.txt'"
"$BIN" lesson 01 --headless --answers cc > "$T/ans2.txt" 2>&1
check "--answers cc: 2 of 2" "grep -q '^--- quiz score: 2 of 2 right on the first try ---\$' '$T/ans2.txt'"
out=$("$BIN" --answers cc --headless 2>&1); rc=$?
check "--answers only with the lesson command (exit 2)" "[ $rc -eq 2 ] && echo \"\$out\" | grep -q -- '--answers: only with the lesson command'"

finish e2e_class
