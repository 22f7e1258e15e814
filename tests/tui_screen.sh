#!/bin/sh
# The live screen in a real terminal: tmux new-session -d -x 100 -y 30, send-keys, capture-pane.
# Usage: LOSSLAB=path/to/losslab sh tests/tui_screen.sh
set -u
BIN=$(cd "$(dirname "${LOSSLAB:-./losslab}")" && pwd)/$(basename "${LOSSLAB:-./losslab}")
SOCK=losslab-tui-$$
TM="tmux -L $SOCK -f /dev/null"
. "$(dirname "$0")/lib.sh"
cleanup() { $TM kill-server 2>/dev/null; }
trap cleanup EXIT

start() {  # name, width, height, env...
    name=$1; w=$2; h=$3; shift 3
    $TM new-session -d -s "$name" -x "$w" -y "$h" \
        "env $* TERM=xterm-256color '$BIN' --threads 1; echo EXIT=\$?; sleep 60"
}
# braille cells are U+2800..U+28FF: UTF-8 bytes E2 A0..A3 xx (matched byte-wise in the C locale)
has_braille() { cap "$1" | LC_ALL=C grep -q "$(printf '\342')[$(printf '\240-\243')]"; }

# --- 100 x 30, UTF-8 ---------------------------------------------------------------------------
start main 100 30 LANG=C.UTF-8 LC_ALL=C.UTF-8
check_screen "the dashboard appears with every set-up id" "wait_for main 'COLLAPSED-0|HEALTHY' 15 && cap main | grep -q '\[B\] bce' && cap main | grep -q '\[C\] cce1' && cap main | grep -q '\[2\] cce2'"
check_screen "braille charts in a UTF-8 locale" "has_braille main"
check_screen "header and key bar" "cap main | grep -q 'losslab |' && cap main | grep -q 'space pause'"
check_screen "cce1 collapses to class 0 with loss 0.0000" "wait_for main 'COLLAPSED-0' 15 && cap main | grep -A1 '\[C\] cce1' | grep -q 'loss 0.0000'"
s1=$(step_of main); sleep 1; s2=$(step_of main)
check_screen "numbers change over time (step $s1 -> $s2)" "[ -n \"$s1\" ] && [ -n \"$s2\" ] && [ \"$s2\" -gt \"$s1\" ]"
check_screen "colour escapes are used by default" "$TM capture-pane -t main -p -e | grep -q \"\$(printf '\\033')\\[[0-9;]*3[0-7]m\""
$TM send-keys -t main ' '
check_screen "space pauses" "wait_for main '\|\| paused' 5"
sleep 0.3; p1=$(step_of main); sleep 1.2; p2=$(step_of main)
check_screen "paused: the step stays at $p1" "[ -n \"$p1\" ] && [ \"$p1\" = \"$p2\" ]"
$TM send-keys -t main n
sleep 0.8; p3=$(step_of main)
check_screen "n trains exactly one step ($p2 -> $p3)" "[ \"$p3\" = \$(($p2 + 1)) ]"
$TM send-keys -t main '?'
check_screen "? opens the help overlay" "wait_for main 'help: what is on the screen' 3"
$TM send-keys -t main '?'
check_screen "? closes it again" "sleep 0.5; ! cap main | grep -q 'help: what is on the screen'"
$TM send-keys -t main Tab
check_screen "tab switches the first chart to the true log-loss" "wait_for main 'true log-loss' 3"
$TM send-keys -t main C
check_screen "C, the badge on cce1's card, focuses cce1 and explains it" "wait_for main 'how: ' 3 && cap main | grep -q 'on the seed-like data' && cap main | grep -q '\\[C\\] cce1' && ! cap main | grep -q '\\[B\\] bce'"
$TM send-keys -t main C
check_screen "C again shows every card" "wait_for main '\\[B\\] bce' 3 && ! cap main | grep -q 'how: '"
$TM send-keys -t main 2
check_screen "2, the badge on cce2's card, focuses cce2" "wait_for main 'how: ' 3 && cap main | grep -q '\\[2\\] cce2' && ! cap main | grep -q '\\[C\\] cce1'"
$TM resize-window -t main -x 60 -y 20
check_screen "a resize below 80x24 shows the too-small screen" "wait_for main 'terminal too small: need 80x24, have 60x20' 3"
$TM resize-window -t main -x 120 -y 40
check_screen "a resize back re-lays out the dashboard at 120x40" "wait_for main 'space resume' 3 && cap main | awk 'length > 100' | grep -q ."
$TM send-keys -t main q
check_screen "q exits 0" "wait_for main 'EXIT=0' 5"
check_screen "the terminal is restored (dashboard gone, summary printed)" "! cap main | grep -q 'space resume' && cap main | grep -q 'again: losslab --seed'"

# --- 80 x 24 works -------------------------------------------------------------------------------
start small 80 24 LANG=C.UTF-8 LC_ALL=C.UTF-8
check_screen "80x24 shows the dashboard, not the too-small screen" "wait_for small 'HEALTHY|COLLAPSED' 15 && ! cap small | grep -q 'too small' && cap small | grep -q 'val accuracy'"
$TM send-keys -t small '?'
wait_for small 'help: what is on the screen' 3; missing=""
for w in HEALTHY FROZEN LOSS-DISAGREES DIVERGED UNTRAINED HIDDEN-LOGIT FLOOR INFLATED UNBOUNDED COLLAPSED-k; do
    cap small | grep -q -- "$w" || missing="$missing $w"
done
check_screen "80x24: the help names every diagnosis${missing:+ (missing:$missing)} and fits, its last line included" \
    "[ -z '$missing' ] && cap small | grep -q 'l lessons  ? help  q quit'"
$TM send-keys -t small Escape
$TM send-keys -t small q
check_screen "80x24: q exits 0" "wait_for small 'EXIT=0' 5"

# --- 60 x 20 is too small --------------------------------------------------------------------------
start tiny 60 20 LANG=C.UTF-8 LC_ALL=C.UTF-8
check_screen "60x20 shows the too-small screen" "wait_for tiny 'terminal too small: need 80x24, have 60x20' 10"
$TM send-keys -t tiny q
check_screen "60x20: q exits 0" "wait_for tiny 'EXIT=0' 5"

# --- LANG=C: ASCII charts --------------------------------------------------------------------------
start ascii 100 30 LANG=C LC_ALL=C
check_screen "LANG=C: ASCII charts, no braille" "wait_for ascii 'HEALTHY|COLLAPSED' 15 && sleep 1 && ! has_braille ascii && cap ascii | grep -q '+-'"
$TM send-keys -t ascii q
check_screen "LANG=C: q exits 0" "wait_for ascii 'EXIT=0' 5"

# --- NO_COLOR: no colour escapes ---------------------------------------------------------------------
start mono 100 30 LANG=C.UTF-8 LC_ALL=C.UTF-8 NO_COLOR=1
check_screen "NO_COLOR: no colour escapes" "wait_for mono 'HEALTHY|COLLAPSED' 15 && ! $TM capture-pane -t mono -p -e | grep -q \"\$(printf '\\033')\\[[0-9;]*\\(3[0-7]\\|38;5\\|9[0-7]\\)m\""
$TM send-keys -t mono C-c
check_screen "ctrl-c restores the terminal and exits" "wait_for mono 'EXIT=0' 5 && ! cap mono | grep -q 'space pause'"

# --- l: the lesson menu starts a lesson ----------------------------------------------------------
start menu 100 30 LANG=C.UTF-8 LC_ALL=C.UTF-8
check_screen "the key bar offers l lessons" "wait_for menu 'l lessons' 15"
$TM send-keys -t menu l
check_screen "l opens the lesson menu listing the six lessons" "wait_for menu '6  06-reading-the-diagnosis' 5 && cap menu | grep -q '1  01-the-26-percent'"
$TM send-keys -t menu Escape
check_screen "esc closes it" "sleep 0.5; ! cap menu | grep -q '06-reading-the-diagnosis'"
s_before=$(step_of menu)
$TM send-keys -t menu l
sleep 0.3
$TM send-keys -t menu 1
check_screen "1 starts lesson 01 on the screen" "wait_for menu 'step 1 of' 15 && wait_for menu 'enter next' 30"
$TM send-keys -t menu q
# issue 11, defect 10: q leaves the lesson, not the program: the dashboard comes back
check_screen "q leaves the lesson and the dashboard comes back (not the shell)" \
    "wait_for menu 'l lessons' 10 && wait_for menu 'space (pause|resume)' 10 && ! cap menu | grep -q 'EXIT='"
s_after=$(step_of menu)
check_screen "its training was kept, paused (step $s_before -> $s_after)" "[ -n \"$s_after\" ] && [ \"$s_after\" -ge \"$s_before\" ] && [ \"$s_after\" -gt 0 ] && cap menu | grep -q 'space resume'"
$TM send-keys -t menu q
check_screen "q on the dashboard then exits 0" "wait_for menu 'EXIT=0' 10"

# --- not a terminal -----------------------------------------------------------------------------------
out=$("$BIN" < /dev/null 2>&1 > /dev/null); rc=$?
check_screen "stdout not a tty: refuses with a hint to use --headless (exit 2)" "[ $rc -eq 2 ] && echo \"$out\" | grep -q -- '--headless'"

finish
