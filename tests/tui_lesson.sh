#!/bin/sh
# The interactive lesson player in a real terminal (tmux -L own socket, 100 x 30): narration and
# step counter, a key advances, a quiz answer shows right/wrong, b goes back (and re-trains to the
# same numbers), q exits 0 with the terminal restored; replay advances by itself; ASCII marks in C.
# Usage: LOSSLAB=path/to/losslab sh tests/tui_lesson.sh   (from the repository root)
set -u
BIN=$(cd "$(dirname "${LOSSLAB:-./losslab}")" && pwd)/$(basename "${LOSSLAB:-./losslab}")
SOCK=losslab-tui-lesson-$$
TM="tmux -L $SOCK -f /dev/null"
. "$(dirname "$0")/lib.sh"
cleanup() { $TM kill-server 2>/dev/null; rm -f "$L"; }
L=$(mktemp /tmp/losslab-tui-XXXXXX)
trap cleanup EXIT

# A short lesson: 4 stops (pause, pause, quiz, end), small data so it runs under ASan too.
cat > "$L" <<'LESSON'
title TUI check lesson
minutes 1
say Alpha paragraph: the first narration.
set models bce,cce1
set n 1200
set hidden 8
set seed 17
reset
pause
say Bravo paragraph: one epoch trains now.
train 1 epoch
expect cce1 loss == 0
expect cce1 val_acc > 0.99
pause
say Charlie paragraph.
ask Which class does cce1 predict?
choice a class 0
choice c class 1
answer a
explain Delta explanation: the gradient is 1 - y.
say Echo: the end.
LESSON

start() {  # name, env, args...
    name=$1; envs=$2; shift 2
    $TM new-session -d -s "$name" -x 100 -y 30 \
        "env $envs TERM=xterm-256color '$BIN' $* --threads 1; echo EXIT=\$?; sleep 60"
}
val_line() { cap "$1" | grep -m1 'cce1 val_acc > 0.99'; }

# --- lesson, UTF-8 ----------------------------------------------------------------------------------
start main "LANG=C.UTF-8 LC_ALL=C.UTF-8" lesson "$L"
check_screen "the narration pane shows the title, step 1 of 4 and the first paragraph" \
    "wait_for main 'TUI check lesson  step 1 of 4' 20 && idle main && cap main | grep -q 'Alpha paragraph'"
check_screen "the key bar offers enter / b / q" "cap main | grep -q 'enter next  b back  q quit'"
check_screen "the dashboard is there, paused at step 0" "cap main | grep -q 'paused' && [ \"\$(step_of main)\" = 0 ]"
press main Enter
check_screen "enter advances to step 2 of 4 and trains one epoch" \
    "wait_for main 'step 2 of 4' 10 && wait_for main 'Bravo paragraph' 10 && idle main"
check_screen "the checks (expect lines) are hidden by default" "! cap main | grep -q 'cce1 val_acc > 0.99'"
press main x
check_screen "x shows them" "wait_for main 'cce1 val_acc > 0.99' 10"
check_screen "a passing expectation shows ✓" "wait_for main '✓ cce1 loss == 0' 5"
check_screen "a failing expectation shows ✗ with the measured value" "cap main | grep -q '✗ cce1 val_acc > 0.99  (measured 0\.'"
settle main; s2=$(step_of main); v2=$(val_line main)
check_screen "the header shows the trained steps ($s2)" "[ -n \"$s2\" ] && [ \"$s2\" -gt 0 ]"
check_screen "Alpha is gone: the pane shows this step only" "! cap main | grep -q 'Alpha paragraph'"
press main Enter
check_screen "the quiz: question and choices, step 3 of 4" \
    "wait_for main 'step 3 of 4' 10 && wait_for main 'Quiz: Which class does cce1 predict' 5 && cap main | grep -q 'a) class 0'"
check_screen "the key bar asks for an answer" "cap main | grep -q 'a/c answer'"
press main c
check_screen "a wrong answer shows ✗ and offers a retry, no answer yet" \
    "wait_for main '✗ Not quite: c\) class 1' 5 && cap main | grep -q 'Try another answer' && ! cap main | grep -q 'Delta explanation'"
press main Enter
check_screen "enter after a wrong answer shows the answer and the explanation" \
    "wait_for main 'Answer: a\) class 0' 5 && cap main | grep -q 'Delta explanation'"
press main Enter
check_screen "enter after the quiz goes to the end, step 4 of 4" "wait_for main 'step 4 of 4' 10 && wait_for main 'end of the lesson' 5"
press main b
check_screen "b goes back to the quiz (step 3 of 4), unanswered again" \
    "wait_for main 'step 3 of 4' 30 && wait_for main 'a/c answer' 30 && ! cap main | grep -q 'Not quite'"
press main a
check_screen "the right answer shows ✓ Right" "wait_for main '✓ Right: a\) class 0' 5"
press main Left
check_screen "left arrow goes back to step 2 of 4" "wait_for main 'step 2 of 4' 30 && wait_for main 'cce1 val_acc > 0.99' 30"
settle main; s3=$(step_of main); v3=$(val_line main)
check_screen "going back re-trains to the same step ($s2 = $s3) and the same numbers" "[ \"$s2\" = \"$s3\" ] && [ \"$v2\" = \"$v3\" ]"
press main b
check_screen "b again: step 1 of 4, a fresh run at step 0" "wait_for main 'step 1 of 4' 30 && wait_for main 'Alpha paragraph' 10 && sleep 0.5 && [ \"\$(step_of main)\" = 0 ]"
press main Tab
check_screen "tab still switches the chart panel" "wait_for main 'true log-loss' 5"
press main q
check_screen "q exits 0" "wait_for main 'EXIT=0' 10"
check_screen "the terminal is restored (no pane, a summary line)" \
    "! cap main | grep -q 'enter next' && cap main | grep -q \"left 'TUI check lesson' at step 1 of 4\""

# --- replay: advances by itself --------------------------------------------------------------------
start rep "LANG=C.UTF-8 LC_ALL=C.UTF-8" replay "$L" --pace 0.5
check_screen "replay shows the first step" "wait_for rep 'step 1 of 4' 20"
check_screen "replay reaches the quiz and shows its answer by itself" "wait_for rep 'Answer: a\) class 0' 60"
check_screen "replay reaches the end" "wait_for rep 'step 4 of 4' 30 && wait_for rep 'end of the lesson' 10"
$TM send-keys -t rep q
check_screen "replay: q exits 0" "wait_for rep 'EXIT=0' 10"

# --- ASCII locale: ASCII marks ---------------------------------------------------------------------
start asc "LANG=C LC_ALL=C" lesson "$L"
check_screen "LANG=C: the lesson starts" "wait_for asc 'step 1 of 4' 20"
press asc Enter
press asc x
check_screen "LANG=C: [ok] and [X] instead of check marks" "wait_for asc '\[ok\] cce1 loss == 0' 60 && cap asc | grep -q '\[X\] cce1 val_acc > 0.99'"
press asc q
check_screen "LANG=C: q exits 0" "wait_for asc 'EXIT=0' 10"

finish tui_lesson
