#!/bin/sh
# The live screen in tmux: the seed in the header, --csv written as training goes (atomically, the
# same rows --headless prints), v writes the charts as SVG and the key bar names the file, --cast
# records the session, and on quit the printed command line reproduces the run headless with its
# learning-rate changes ([ and ]): its CSV starts with exactly the rows the screen wrote.
# Usage: LOSSLAB=path/to/losslab sh tests/tui_media.sh   (from the repository root)
set -u
BIN=$(cd "$(dirname "${LOSSLAB:-./losslab}")" && pwd)/$(basename "${LOSSLAB:-./losslab}")
ROOT=$(pwd)
T=$(mktemp -d)
TM="tmux -L losslab-media-$$ -f /dev/null"
trap '$TM kill-server 2>/dev/null; rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"
command -v tmux > /dev/null 2>&1 || { bad "tmux is installed"; finish tui_media; exit 1; }

$TM new-session -d -s m -x 110 -y 32 "cd $T && LANG=C.UTF-8 TERM=xterm-256color '$BIN' --n 1200 --epochs 4 --seed 1234 --speed 5 --threads 1 --csv $T/s.csv --cast $T/s.cast 2> $T/err; echo done > $T/finished; sleep 60"
wait_for m 'seed 1234' 20 && ok "the seed is in the header" || bad "the seed is in the header"
wait_for m 'step [1-9][0-9]' 20
check "while the screen runs, --csv is a temporary file beside FILE" "ls $T/.s.csv.* > /dev/null 2>&1 && [ ! -e $T/s.csv ]"
$TM send-keys -t m ']'
sleep 0.6
$TM send-keys -t m ' '
sleep 0.3
$TM send-keys -t m v
wait_for m 'charts written to losslab-seed1234-step[0-9]+\.svg' 10 && ok "v writes the charts; the key bar names the file" || bad "v writes the charts; the key bar names the file"
svg=$(ls "$T"/losslab-seed1234-step*.svg 2>/dev/null | head -1)
check "the SVG from the screen is valid (${svg##*/})" "[ -n '$svg' ] && xmllint --noout '$svg'"
$TM send-keys -t m ' '
sleep 0.8
$TM send-keys -t m q
i=0; while [ $i -lt 100 ] && [ ! -e "$T/finished" ]; do sleep 0.1; i=$((i + 1)); done
check "quit: exit path reached, nothing on stderr" "[ -e $T/finished ] && [ ! -s $T/err ]"
$TM capture-pane -t m -p -J -S -50 > "$T/out"   # what the screen printed on quit, wrapped lines joined
cmd=$(sed -n 's/^reproduce headless (stopped at step [0-9]* of [0-9]*): //p' "$T/out")
echo "    printed: $(grep '^reproduce' "$T/out")"
check "the printed command carries the seed and the lr change" "echo '$cmd' | grep -q -- '--seed 1234' && echo '$cmd' | grep -Eq -- '--lr-schedule [0-9]+:0.002'"
check "the screen's CSV is in place, with the lr column, no temporary file left" \
    "[ -s $T/s.csv ] && head -1 $T/s.csv | grep -q ',lr\$' && ! ls $T/.s.csv.* > /dev/null 2>&1"
(cd "$T" && eval "'$BIN' ${cmd#losslab }" > "$T/h.csv" 2> "$T/herr"); rc=$?
n=$(wc -l < "$T/s.csv")
check "the printed command runs headless (exit $rc) and its first $n rows are the screen's, byte for byte" \
    "[ $rc -eq 0 ] && [ $n -gt 4 ] && head -n $n $T/h.csv | cmp -s - $T/s.csv"
check "the live cast is asciicast v2 with the screen's size" "python3 $ROOT/tests/castcheck.py $T/s.cast --no-timestamp --size 110x32 > /dev/null"
check "the summary names the CSV and the cast" "grep -q '^CSV: $T/s.csv' $T/out && grep -q '^cast: $T/s.cast' $T/out"

# ] pressed at once (usually at step 0: "--lr-schedule 0:LR", which the headless run applies before
# its first evaluation), then the run finishes: the printed command still reproduces every row
$TM new-session -d -s z -x 110 -y 32 "cd $T && LANG=C.UTF-8 TERM=xterm-256color '$BIN' --n 600 --epochs 2 --speed 7 --threads 1 --csv $T/z.csv --svg $T/z.svg 2> $T/zerr; echo done > $T/zfinished; sleep 60"
$TM send-keys -t z ']'
wait_for z '# finished' 30
$TM send-keys -t z q
i=0; while [ $i -lt 100 ] && [ ! -e "$T/zfinished" ]; do sleep 0.1; i=$((i + 1)); done
zcmd=$($TM capture-pane -t z -p -J -S -50 | sed -n 's/^reproduce headless ([^)]*): //p')
(cd "$T" && eval "'$BIN' ${zcmd#losslab }" > "$T/zh.csv" 2> /dev/null)
check "] at once, the run to its end: '$zcmd' gives the screen's CSV byte for byte" \
    "echo '$zcmd' | grep -q -- '--lr-schedule [0-9]*:0.002' && [ -s $T/z.csv ] && cmp -s $T/zh.csv $T/z.csv"
check "--svg FILE on the screen: the final charts written at quit" "xmllint --noout $T/z.svg && grep -q 'after 2 of 2 epochs' $T/z.svg"

# a lesson on the live screen records too (each step a marker)
$TM new-session -d -s l -x 100 -y 30 "cd $ROOT && LANG=C.UTF-8 TERM=xterm-256color '$BIN' lesson 01 --cast $T/l.cast 2> $T/lerr; echo done > $T/lfinished; sleep 60"
wait_for l 'step 1 of' 20
$TM send-keys -t l q
i=0; while [ $i -lt 100 ] && [ ! -e "$T/lfinished" ]; do sleep 0.1; i=$((i + 1)); done
check "lesson --cast on the screen: an asciicast v2 file with the lesson's first step as a marker" \
    "[ ! -s $T/lerr ] && python3 $ROOT/tests/castcheck.py $T/l.cast --size 100x30 > /dev/null && grep -q '\"m\", \"step 1 of' $T/l.cast"
finish tui_media
