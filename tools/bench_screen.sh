#!/bin/sh
# make bench: the live screen against --headless on the same options (same evaluation points),
# wall time from launch to the end of training, and the frame draw time at 200x60.
# Usage: sh tools/bench_screen.sh path/to/losslab
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SOCK=losslab-bench-$$
TM="tmux -L $SOCK -f /dev/null"
trap '$TM kill-server 2>/dev/null' EXIT
OPTS="--epochs 150 --threads 2"
EVERY=21            # what the screen picks for the demo preset: 169 steps/epoch / 8
now() { date +%s.%N; }
t0=$(now); "$BIN" --headless $OPTS --eval-every $EVERY > /dev/null; t1=$(now)
head=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}')
t0=$(now)
$TM new-session -d -s b -x 200 -y 60 "env LANG=C.UTF-8 TERM=xterm-256color '$BIN' $OPTS --speed 9; sleep 30"
i=0
while ! $TM capture-pane -t b -p 2>/dev/null | grep -q '# finished'; do
    sleep 0.2; i=$((i + 1)); [ $i -gt 1500 ] && { echo "bench screen: timed out"; exit 1; }
done
t1=$(now)
$TM send-keys -t b q
sleep 1
summary=$($TM capture-pane -t b -p | grep 'frames')
screen=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}')
ratio=$(awk -v a="$head" -v b="$screen" 'BEGIN{printf "%.1f", 100*a/b}')
echo "bench screen 200x60 options='$OPTS' headless_s=$head screen_s=$screen screen_throughput=${ratio}% of headless"
echo "bench screen 200x60 $summary"
