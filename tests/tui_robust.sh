#!/bin/sh
# Terminal robustness of the live screen, in tmux (own socket, no user config): resize storms,
# sizes from 1x1 to 300x100, TERM=dumb / vt100 / unknown / unset, stdout not a terminal, and
# SIGINT/SIGTERM/SIGHUP sent with kill. "Restored" means: the pane left the alternate screen
# (#{alternate_on} = 0), the cursor is visible again (#{cursor_flag} = 1), and the shell's own
# text (the marker printed before losslab started, the summary, EXIT=...) is what the pane shows.
# Exit codes, as documented in screen.c / main.c: q and a signal both end the screen normally
# (exit 0, summary printed); a terminal that cannot show the screen is refused before it is
# touched with one line on stderr and exit 2.
# Complements tests/tui_screen.sh (keys, panels, 100x30/80x24/60x20, ctrl-c) without repeating it.
# Usage: LOSSLAB=path/to/losslab sh tests/tui_robust.sh
set -u
BIN=$(cd "$(dirname "${LOSSLAB:-./losslab}")" && pwd)/$(basename "${LOSSLAB:-./losslab}")
SOCK=losslab-robust-$$
TM="tmux -L $SOCK -f /dev/null"
T=$(mktemp -d)
. "$(dirname "$0")/lib.sh"
cleanup() { $TM kill-server 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT

fmt() { $TM display -p -t "$1" "$2"; }
# start NAME W H TERM [ENV...]: prints MARK-NAME, runs losslab (its pid in $T/NAME.pid), then EXIT=rc
start() {
    name=$1; w=$2; h=$3; term=$4; shift 4
    $TM new-session -d -s "$name" -x "$w" -y "$h" \
        "echo MARK-$name; sh -c 'echo \$\$ > $T/$name.pid; exec env $* TERM=$term \"$BIN\" --threads 1'; echo EXIT=\$?; sleep 120"
}
pid_of() { i=0; while [ ! -s "$T/$1.pid" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done; cat "$T/$1.pid"; }
# restored NAME RC: the program exited with RC and the terminal is back to the shell's. The pane
# is enlarged first (after the exit), so text wrapped in a 1x1 pane is readable again.
restored() {
    p=$(pid_of "$1"); i=0
    while kill -0 "$p" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    $TM resize-window -t "$1" -x 120 -y 40
    wait_for "$1" "EXIT=$2" 10 && [ "$(fmt "$1" '#{alternate_on}')" = 0 ] && [ "$(fmt "$1" '#{cursor_flag}')" = 1 ] &&
        cap "$1" | grep -q "again: losslab --seed"
}
U="LANG=C.UTF-8 LC_ALL=C.UTF-8"

# --- a resize storm ------------------------------------------------------------------------------
start storm 100 30 xterm-256color $U
check_screen "storm: the dashboard is up" "wait_for storm 'HEALTHY|COLLAPSED' 15"
i=0
for s in 1x1 300x100 80x24 2x2 79x23 120x40 10x3 81x25 40x60 200x20 1x100 100x1 \
         150x50 3x3 80x23 79x24 90x30 5x200 250x90 60x20 1x1 300x100 80x24 100x30; do
    $TM resize-window -t storm -x "${s%x*}" -y "${s#*x}"
    $TM resize-window -t storm -x "${s#*x}" -y "${s%x*}" 2>/dev/null   # and transposed
    $TM send-keys -t storm Tab g s 2 '?' '?'                              # keys mid-storm
    i=$((i + 2))
done
$TM resize-window -t storm -x 100 -y 30
check_screen "storm: $i resizes, then the dashboard is laid out again at 100x30" \
    "wait_for storm 'space pause' 5 && eventually 5 '! cap storm | grep -q \"too small\" && [ \$(cap storm | grep -c .) -ge 25 ]' ||
     { { echo '--- the pane:'; cap storm | sed 's/^/    | /'; } >&2; false; }"
$TM send-keys -t storm q
check_screen "storm: q exits 0 and the terminal is restored" "restored storm 0"

# --- sizes ---------------------------------------------------------------------------------------
for s in 1x1 2x2 10x3 79x23; do
    start "s$s" "${s%x*}" "${s#*x}" xterm-256color $U
done
start s80x24 80 24 xterm-256color $U
start s300x100 300 100 xterm-256color $U
alt_on() { i=0; while [ "$(fmt "$1" '#{alternate_on}')" != 1 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done; [ $i -lt 100 ]; }
for s in 1x1 2x2; do   # too small to show text: the screen is up, and stays up through a frame
    check_screen "$s: still running (no crash), alternate screen on" "alt_on s$s && sleep 1 && kill -0 \$(pid_of s$s) && alt_on s$s"
done
check_screen "10x3: the too-small screen, clipped" "wait_for s10x3 '^terminal t' 5"
check_screen "79x23: the too-small screen names both sizes" "wait_for s79x23 'terminal too small: need 80x24, have 79x23' 5"
check_screen "80x24: the dashboard" "wait_for s80x24 'HEALTHY|COLLAPSED' 15 && ! cap s80x24 | grep -q 'too small'"
check_screen "300x100: the dashboard uses the room (>= 95 rows, lines wider than 250 columns)" \
    "wait_for s300x100 'HEALTHY|COLLAPSED' 15 && sleep 0.5 && [ \$(cap s300x100 | grep -c .) -ge 95 ] && [ \$(cap s300x100 | LC_ALL=C.UTF-8 wc -L) -gt 250 ]"
for s in 1x1 2x2 10x3 79x23 80x24 300x100; do
    $TM send-keys -t "s$s" q
    check_screen "$s: q exits 0 and the terminal is restored" "restored s$s 0"
done

# --- signals sent with kill ----------------------------------------------------------------------
for sig in INT TERM HUP; do
    start "sig$sig" 100 30 xterm-256color $U
    wait_for "sig$sig" 'HEALTHY|COLLAPSED' 15
    kill -s "$sig" "$(pid_of "sig$sig")"
    check_screen "SIG$sig to the screen: ends it (exit 0, summary) and restores the terminal" \
        "restored sig$sig 0 && cap sig$sig | grep -q MARK-sig$sig"
done
start sigsmall 60 20 xterm-256color $U
wait_for sigsmall 'too small' 10
kill -s TERM "$(pid_of sigsmall)"
check_screen "SIGTERM on the too-small screen restores the terminal" "restored sigsmall 0"

# --- terminal types ------------------------------------------------------------------------------
start vt100 100 30 vt100 $U
check_screen "TERM=vt100: falls back (no colour, no alternate screen) and shows the dashboard" \
    "wait_for vt100 'HEALTHY|COLLAPSED' 15 && ! $TM capture-pane -t vt100 -p -e | grep -q \"\$(printf '\\033')\\[[0-9;]*3[0-7]m\""
$TM send-keys -t vt100 q
check_screen "TERM=vt100: q exits 0, cursor visible again" "wait_for vt100 'EXIT=0' 10 && [ \"\$(fmt vt100 '#{cursor_flag}')\" = 1 ]"
for t in dumb nosuchterm-xyz; do
    start "t$t" 100 30 "$t" $U
    check_screen "TERM=$t: one clear line, exit 2, the terminal untouched" \
        "wait_for t$t 'EXIT=2' 10 && [ \$(cap t$t | grep -c 'losslab:') -eq 1 ] && cap t$t | grep -q -- '--headless' && [ \"\$(fmt t$t '#{alternate_on}')\" = 0 ] && cap t$t | grep -q MARK-t$t"
done
$TM new-session -d -s unset -x 100 -y 30 "echo MARK; env -u TERM \"$BIN\"; echo EXIT=\$?; sleep 120"
check_screen "TERM unset: one clear line, exit 2" "wait_for unset 'EXIT=2' 10 && cap unset | grep -q 'losslab: TERM= cannot show the live screen'"

# --- stdout not a terminal (stdin is one) ---------------------------------------------------------
$TM new-session -d -s pipe -x 100 -y 30 "echo MARK; env TERM=xterm-256color \"$BIN\" > $T/pipe.out; echo EXIT=\$?; sleep 120"
check_screen "stdout redirected from a real terminal: refuses with a hint to use --headless, exit 2, screen untouched" \
    "wait_for pipe 'EXIT=2' 10 && cap pipe | grep -q 'use --headless' && [ ! -s $T/pipe.out ] && [ \"\$(fmt pipe '#{alternate_on}')\" = 0 ]"

# ---- issue 10: the screen's reliability defects (dN = the defect's number) ---------------------
# run_in NAME W H CMD...: a pane running CMD in $T (UTF-8 locale), then EXIT=rc
run_in() {
    name=$1; w=$2; h=$3; shift 3
    $TM new-session -d -s "$name" -x "$w" -y "$h" \
        "cd $T && env $U TERM=xterm-256color $*; echo EXIT=\$?; sleep 120"
}
"$BIN" --export "$T/d.csv" --n 600 --seed 3 > /dev/null 2>&1

# d19: after shrinking 100x30 -> 70x20 the never-written bottom-right cell is blank, not stale
start shrink 100 30 xterm-256color $U
wait_for shrink 'HEALTHY|COLLAPSED' 15
$TM resize-window -t shrink -x 70 -y 20
sleep 1
check_screen "d19: after 100x30 -> 70x20 the bottom-right cell is blank" \
    "wait_for shrink 'too small' 5 && [ \"\$(cap shrink | tail -1 | LC_ALL=C.UTF-8 wc -L)\" -lt 70 ]"
$TM send-keys -t shrink q

# d12: a reset that fails (the --data file is gone) says so where it is seen, at 80 columns
cp "$T/d.csv" "$T/gone.csv"
run_in gone 80 24 "\"$BIN\" --threads 1 --data gone.csv"
wait_for gone 'HEALTHY|COLLAPSED' 15
rm -f "$T/gone.csv"
$TM send-keys -t gone r
check_screen "d12: r with the data file deleted: 'reset not done' visible within 80 columns" "wait_for gone 'reset not done' 10"
$TM send-keys -t gone q

# d6: wide glyphs. A CJK --data name keeps the header on its row; a CJK lesson keeps its box whole
cp "$T/d.csv" "$T/数据文件的名字很长很长很长很长很长很长很长很长很长.csv"
run_in cjkdata 80 24 "\"$BIN\" --threads 1 --data 数据文件的名字很长很长很长很长很长很长很长很长很长.csv"
check_screen "d6: a CJK --data name: the header stays on row 1, the status line on row 2" \
    "wait_for cjkdata 'HEALTHY|COLLAPSED' 15 && cap cjkdata | sed -n 2p | grep -q '^ epoch' && [ \"\$(cap cjkdata | head -1 | LC_ALL=C.UTF-8 wc -L)\" -le 80 ]"
$TM send-keys -t cjkdata q
mkdir -p "$T/les"
{
    printf 'title 中文课程：宽字符的标题\nset models bce,cce2\nset hidden 4\nset n 400\n'
    printf 'say a\ttab\n'
    printf 'say\n'
    printf 'say 这是一段很长的中文说明文字，用来检查换行是否按照显示宽度计算，而不是按照字符个数计算，每个汉字占两个终端列。\n'
    printf 'train 1 epoch\nmark 标记标记标记\ntrain 1 epoch\npause\nsay end\n'
} > "$T/les/cjk.lesson"
run_in cjkles 80 24 "\"$BIN\" lesson les/cjk.lesson --threads 1"
wait_for cjkles 'enter (next|more)' 20
sleep 0.5
cap cjkles > "$T/cjkles.txt"
check_screen "d6: CJK lesson: every line fits in 80 columns" "[ \"\$(LC_ALL=C.UTF-8 wc -L < $T/cjkles.txt)\" -le 80 ]"
check_screen "d6: CJK lesson: the box's side borders are whole (a line that opens with │ closes with │)" \
    "grep -q '^│' $T/cjkles.txt && ! grep '^│' $T/cjkles.txt | grep -qv '│\$'"
check_screen "d6: CJK lesson: the title is in the top border, which ends in its corner" \
    "grep -q '^┌ 中文课程：宽字符的标题 .*┐\$' $T/cjkles.txt"
# d18: a tab in lesson text is spaces on the screen, not '?'
check_screen "d18: a tab in a 'say' shows as spaces" "grep -q 'a       tab' $T/cjkles.txt && ! grep -q 'a?tab' $T/cjkles.txt"
$TM send-keys -t cjkles q
# the dashboard's lesson menu pads names by display columns: a CJK file name keeps "min" in line
cp "$T/les/cjk.lesson" "$T/les/01-中文课程.lesson"
printf 'title Plain\nminutes 3\nset models bce\nreset\nsay x\n' > "$T/les/02-plain.lesson"
run_in cjkmenu 100 30 "LOSSLAB_LESSONS=\"$T/les\" \"$BIN\" --threads 1 --n 400 --hidden 4"
wait_for cjkmenu 'HEALTHY|COLLAPSED|UNTRAINED' 15
$TM send-keys -t cjkmenu l
wait_for cjkmenu '02-plain' 5
cap cjkmenu > "$T/cjkmenu.txt"
col() { grep -m1 -- "$1" "$T/cjkmenu.txt" | sed 's/ min .*//' | LC_ALL=C.UTF-8 wc -L; }
check_screen "d6: the lesson menu: a CJK name's minutes line up with the others ($(col 01-中文课程) = $(col 02-plain) columns)" \
    "[ -n \"\$(col 01-中文课程)\" ] && [ \"\$(col 01-中文课程)\" = \"\$(col 02-plain)\" ]"
$TM send-keys -t cjkmenu q

# d11: --headless in a terminal: the \r progress line never glues onto a CSV row
run_in tty 120 40 "\"$BIN\" --headless --n 6000 --epochs 12 --eval-every 40 --threads 1 --models bce"
wait_for tty 'EXIT=' 120 > /dev/null
$TM capture-pane -t tty -p -S -1000 > "$T/tty.txt"
check_screen "d11: every CSV row on the terminal is a whole row, nothing before or after it" \
    "[ \$(grep -c ',bce,' $T/tty.txt) -ge 20 ] && ! grep ',bce,' $T/tty.txt | grep -Evq '^[0-9]+,[0-9]+,bce,[-0-9.e+,naif]+\$'"

finish
