#!/bin/sh
# Issue 11 in a real terminal (tmux -L own socket): the classroom defects, each as it was
# reproduced (quiz keys before the question is shown, going back, a finished run, the exit
# summary, lessons not found, the projector mode and the cursor).
# Usage: LOSSLAB=path/to/losslab sh tests/tui_class.sh   (from the repository root)
set -u
BIN=$(cd "$(dirname "${LOSSLAB:-./losslab}")" && pwd)/$(basename "${LOSSLAB:-./losslab}")
SOCK=losslab-tui-class-$$
TM="tmux -L $SOCK -f /dev/null"
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d /tmp/losslab-tui-class-XXXXXX)
cleanup() { $TM kill-server 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT

start() {  # name, width, height, env, args...
    name=$1; w=$2; h=$3; envs=$4; shift 4
    $TM new-session -d -s "$name" -x "$w" -y "$h" \
        "cd '$T' && env $envs TERM=xterm-256color '$BIN' $* --threads 1; echo EXIT=\$?; sleep 60"
}
U="LANG=C.UTF-8 LC_ALL=C.UTF-8"

# --- defect 1: a quiz key counts only once the question is on the screen --------------------------
# (at 100x30 the pane holds 8 lines: the narration fills page 1, the question is on page 2)
cat > "$T/quiz.lesson" <<'LESSON'
title Quiz paging
set models bce,cce1
set n 1200
set hidden 8
reset
say   line one of a long narration
say   line two
say   line three
say   line four
say   line five
say   line six
say   line seven
say   line eight
ask Which class does cce1 predict?
choice a class 0
choice c class 1
answer a
explain Only the zeros push.
LESSON
start quiz 100 30 "$U" lesson "$T/quiz.lesson"
check_screen "the quiz step opens on page 1, the question not yet shown" \
    "wait_for quiz 'page 1 of 2' 20 && ! cap quiz | grep -q 'Quiz: Which class'"
check_screen "the key bar says the question follows (no answer keys yet)" "cap quiz | grep -q 'the question follows'"
$TM send-keys -t quiz a
check_screen "a choice key on page 1 does not answer" "sleep 0.6; ! cap quiz | grep -Eq 'Right|Not quite'"
$TM send-keys -t quiz Enter
check_screen "enter shows the question (page 2 of 2)" "wait_for quiz 'Quiz: Which class does cce1 predict' 5"
$TM send-keys -t quiz a
check_screen "now the same key answers" "wait_for quiz '✓ Right: a\) class 0' 5 && cap quiz | grep -q 'Only the zeros push'"
$TM send-keys -t quiz b
check_screen "b is back, always (never a choice)" "wait_for quiz 'step 1 of 2' 10 || wait_for quiz 'page 2 of 2' 10"
$TM send-keys -t quiz q
check_screen "q exits 0" "wait_for quiz 'EXIT=0' 10"

# --- defect 8: going back retrains at full speed with the narration shown -------------------------
# (step 2 of 3 comes after the epochs trained in step 1: going back from step 3 rebuilds the run
# and trains those epochs again before step 2's text; at the screen's pace that took 8 s, blank).
# No clock is read: while the keys say "going back...", the header must say the full speed ('speed max'),
# and after it the lesson's own speed (--speed 8) again. Step 1 trains 3380 steps so the rebuild
# lasts long enough (about a second here) to be seen by a capture every few milliseconds.
cat > "$T/back.lesson" <<'LESSON'
title Going back
set models bce,cce1
set n 6000
set hidden 8
reset
say Alpha: twenty epochs train first.
train 20 epochs
pause
say Bravo paragraph: ten more steps.
train 10 steps
pause
say Charlie: the end.
LESSON
start back 100 30 "$U" lesson "$T/back.lesson" --speed 8
check_screen "lesson starts and trains step 1 at the pace --speed 8 asks for" \
    "wait_for back 'Alpha' 20 && cap back | grep -q 'speed 8/9' && settle back"
press back Enter
check_screen "step 2" "wait_for back 'Bravo paragraph' 10 && settle back"
s2=$(step_of back)
press back Enter
check_screen "step 3" "wait_for back 'Charlie' 10 && settle back"
$TM send-keys -t back b
seen=0; slow=0; i=0
while [ $i -lt 3000 ]; do   # until the rebuild is over: each capture while it runs is one sample
    c=$(cap back)
    if printf '%s' "$c" | grep -q '~ working'; then
        :   # the rebuild itself (building the run, evaluating the untrained models): no speed shown
    elif printf '%s' "$c" | grep -q 'going back\.\.\.'; then
        seen=$((seen + 1))
        if ! printf '%s' "$c" | grep -q 'speed max' || ! printf '%s' "$c" | grep -q 'Bravo paragraph'; then
            [ $slow -eq 0 ] && { echo "--- a capture while going back:"; printf '%s\n' "$c" | sed 's/^/    | /'; } >&2
            slow=$((slow + 1))
        fi
    elif [ $seen -gt 0 ]; then break; fi   # (a capture before the first frame of going back goes on)
    i=$((i + 1))
done
check_screen "b: while going back ($seen captures), step 2's narration is on screen and the run trains at full speed" \
    "[ $seen -gt 0 ] && [ $slow -eq 0 ]"
check_screen "then the speed of before comes back (8/9)" \
    "wait_for back 'step 2 of 3' 5 && settle back && cap back | grep -q 'speed 8/9'"
s2b=$(step_of back)
check_screen "to the same step ($s2 = $s2b)" "[ -n \"$s2\" ] && [ \"$s2\" = \"$s2b\" ]"
$TM send-keys -t back q
check_screen "q exits 0" "wait_for back 'EXIT=0' 10"

# --- defect 9: after "finished", space / n / e train on --------------------------------------------
start fin 100 30 "$U" --epochs 1 --speed 9 --n 1200 --hidden 8
check_screen "the run finishes and the key bar offers one more epoch" "wait_for fin '# finished' 30 && wait_for fin 'space 1 more epoch' 5"
$TM send-keys -t fin e
check_screen "e trains one more epoch" "wait_for fin 'epoch 2/2' 30 && wait_for fin '# finished' 30"
$TM send-keys -t fin Space
check_screen "space trains as many again" "wait_for fin 'epoch 3/3' 30 && wait_for fin '# finished' 30"
$TM send-keys -t fin q
# --- defect 12: the exit summary names the seed, frame timings only with --verbose ----------------
check_screen "the exit summary names the seed and has no frame timings" \
    "wait_for fin 'EXIT=0' 10 && cap fin | grep -q 'seed 42 (again: losslab --seed 42)' && ! cap fin | grep -q frames"
start verb 100 30 "$U" --epochs 1 --speed 9 --n 1200 --hidden 8 --verbose
check_screen "--verbose adds them" "wait_for verb '# finished' 30 && $TM send-keys -t verb q && wait_for verb 'EXIT=0' 10 && cap verb | grep -q frames"

# --- defect 11: l with no lessons anywhere says where it looked ------------------------------------
start nol 100 30 "$U LOSSLAB_LESSONS=$T/none XDG_DATA_HOME=$T/none XDG_DATA_DIRS=$T/none HOME=$T" --n 1200 --hidden 8
check_screen "dashboard up" "wait_for nol 'l lessons' 20"
$TM send-keys -t nol l
check_screen "l says no lessons were found, and where it looked" "wait_for nol 'no lessons found; looked in' 5 && cap nol | grep -q \"$T/none\""
$TM send-keys -t nol q
check_screen "q exits 0" "wait_for nol 'EXIT=0' 10"

# --- the front of the room: projector mode and the cursor ---------------------------------------------
start proj 100 30 "$U" --projector --n 1200 --hidden 8
check_screen "--projector: one chart, the whole width" "wait_for proj 'loss, as reported' 20 && ! cap proj | grep -q 'val accuracy'"
# its own white page (a light or dark terminal theme shows the same slide): every line of the pane,
# the header and the key bar included, is drawn on background 231 (white) in dark 256-colour inks
capc() { $TM capture-pane -t "$1" -p -e; }
# off_page: the number of visible characters drawn on any background but 231 (the SGR state runs
# on across lines in a capture, as tmux writes it)
off_page() {
    capc "$1" | awk 'BEGIN { bg = "" } {
        n = split($0, part, "\033\\[")
        for (i = 1; i <= n; i++) {
            t = part[i]
            if (i > 1) {
                m = index(t, "m"); codes = substr(t, 1, m - 1); t = substr(t, m + 1)
                k = split(codes, c, ";")
                for (j = 1; j <= k; j++) {
                    if (c[j] == "" || c[j] == "0" || c[j] == "49") bg = ""
                    else if (c[j] == "48" && c[j+1] == "5") { bg = c[j+2]; j += 2 }
                    else if (c[j] == "38" && c[j+1] == "5") j += 2
                }
            }
            gsub(/ /, "", t)
            if (bg != "231") off += length(t)
        }
    } END { print off + 0 }'
}
nfar=$(off_page proj)
check_screen "--projector: its own white page ($nfar characters elsewhere), in dark inks" \
    "[ $nfar -eq 0 ] && capc proj | head -1 | grep -q '48;5;231' && capc proj | grep -q '38;5;235'"
$TM send-keys -t proj Tab
check_screen "tab: the next chart, alone" "wait_for proj 'val accuracy' 5 && ! cap proj | grep -q 'loss, as reported'"
$TM send-keys -t proj p
check_screen "p: the three charts again, on the terminal's own background" \
    "wait_for proj 'predicted class 1' 5 && cap proj | grep -q 'val accuracy' && [ \$(off_page proj) -gt 1000 ]"
$TM send-keys -t proj Space
sleep 0.5
$TM send-keys -t proj Left
check_screen "paused, left: the cards show an earlier step, marked on the charts" "wait_for proj '> at step [0-9]+' 5"
$TM send-keys -t proj Escape
check_screen "esc: the cursor is gone" "sleep 0.5; ! cap proj | grep -q '> at step'"
$TM send-keys -t proj q
check_screen "q exits 0" "wait_for proj 'EXIT=0' 10"

finish tui_class
