#!/bin/sh
# End-to-end: what losslab writes for other programs. Casts (replay LESSON --cast FILE, rendered
# without a terminal): asciicast v2 as tests/castcheck.py reads it, `asciinema cat` replays it, the
# final frame holds the lesson's last narration, the same options give the same bytes whatever
# --threads is, --size and --timestamp. SVG (--svg): xmllint validates it, rsvg-convert renders
# it to a PNG, one line per set-up per chart, a lesson's export step. Reproducible runs:
# --lr-schedule changes the rate at its steps (the lr column), "-" is stdout for --csv and
# --export, files appear whole (atomic). Bad input: one line naming the option, exit 2, nothing
# written. Needs python3, asciinema, xmllint and rsvg-convert (tools/setup.sh installs them).
# Usage: LOSSLAB=path/to/losslab sh tests/e2e_media.sh   (from the repository root)
set -u
BIN=$(cd "$(dirname "${LOSSLAB:-./losslab}")" && pwd)/$(basename "${LOSSLAB:-./losslab}")
ROOT=$(pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
W=$T/cwd          # bad-input runs happen here; it must stay empty
mkdir -p "$W"
. "$(dirname "$0")/lib.sh"
for tool in python3 asciinema xmllint rsvg-convert script; do
    command -v $tool > /dev/null 2>&1 || { bad "$tool is installed (run: sh tools/setup.sh)"; }
done
CC="python3 $ROOT/tests/castcheck.py"
# words of a text, one line, box-drawing and blanks squeezed: wrapping cannot split a phrase
flat() { sed 's/[│┌┐└┘─]/ /g' "$1" | tr -s ' \n' '  '; }
L1=lessons/01-the-26-percent.lesson
last_say() { grep '^say ' "$1" | tail -1 | sed 's/^say //' | tr -s ' '; }

# ---- casts ------------------------------------------------------------------------------------
t0=$(date +%s)
"$BIN" replay "$L1" --cast "$T/a.cast" --pace 2 > "$T/o" 2> "$T/e"; rc=$?
t1=$(date +%s)
check "replay --cast: exit 0, no stderr, names the file" "[ $rc -eq 0 ] && [ ! -s $T/e ] && grep -q '^cast: $T/a.cast (' $T/o"
check "replay --cast: asciicast v2 (header, events, times), 100x30 by default, no timestamp" \
    "$CC $T/a.cast --no-timestamp --size 100x30 --screen $T/a.screen > $T/cc"
cat "$T/cc"
dur=$(sed -n 's/.*events.* \([0-9.]*\) s$/\1/p' "$T/cc")
check "replay --cast: faster than real time (${dur:-?} s of cast in $((t1 - t0)) s)" \
    "awk -v d='${dur:-0}' -v r=$((t1 - t0)) 'BEGIN{exit !(d > 10 && r < d)}'"
check "replay --cast: a marker per lesson step" "grep -q '\"m\", \"step 1 of' $T/a.cast"
want=$(last_say "$L1")
check "the final frame holds the lesson's last narration ('$want')" "flat $T/a.screen | grep -qF \"$want\""
check "the final frame shows the finished run" "grep -q '# finished' $T/a.screen"
script -qec "asciinema cat $T/a.cast" /dev/null > "$T/cat" 2>&1; rc=$?
sed 's/\x1b\[[0-9]*;1H/\n/g; s/\x1b\[[0-9;?]*[A-Za-z]//g; s/\r//g' "$T/cat" > "$T/cat.txt"
check "asciinema cat replays it (exit $rc) and ends with the last narration" \
    "[ $rc -eq 0 ] && tail -c 6000 $T/cat.txt | flat /dev/stdin | grep -qF \"$want\""
echo "    the last lines of asciinema cat (a cursor move to a row as a line break, other escapes dropped):"
grep -v '^ *$' "$T/cat.txt" | tail -8 | sed 's/ *$//; s/^/    | /'
"$BIN" replay "$L1" --cast "$T/b.cast" --pace 2 --threads 1 > /dev/null 2>&1
"$BIN" replay "$L1" --cast "$T/c.cast" --pace 2 --threads 2 > /dev/null 2>&1
check "the same options give the same bytes (--threads 1 and 2 too)" "cmp -s $T/a.cast $T/b.cast && cmp -s $T/a.cast $T/c.cast"
"$BIN" replay 04 --cast "$T/s.cast" --size 80x24 --pace 1 --timestamp --ascii > /dev/null 2>&1; rc=$?
check "--size 80x24 --timestamp --ascii: exit $rc, an 80x24 cast with a timestamp, no braille" \
    "[ $rc -eq 0 ] && $CC $T/s.cast --timestamp --size 80x24 > /dev/null && ! grep -q '⠁\|⣀' $T/s.cast"
NO_COLOR=1 "$BIN" replay "$ROOT/tests/fixtures/lessons/export.lesson" --cast "$T/n.cast" --pace 1 > /dev/null 2>&1
check "NO_COLOR: no colour codes in the cast" "$CC $T/n.cast > /dev/null && ! grep -q ';3[1-7]m' $T/n.cast"
"$BIN" replay "$ROOT/tests/fixtures/lessons/export.lesson" --cast "$T/p.cast" --pace 1 --projector > /dev/null 2>&1; rc=$?
check "--projector: the cast is drawn as the screen draws it, dark inks on the white page (48;5;231), no 8-colour codes" \
    "[ $rc -eq 0 ] && $CC $T/p.cast > /dev/null && grep -q '38;5;[0-9]*;48;5;231m' $T/p.cast && ! grep -q ';3[1-7]m' $T/p.cast"
NO_COLOR=1 "$BIN" replay "$ROOT/tests/fixtures/lessons/export.lesson" --cast "$T/pn.cast" --pace 1 --projector > /dev/null 2>&1
check "--projector with NO_COLOR: no page, no colour" "! grep -q '48;5;\\|;3[1-7]m' $T/pn.cast"

"$BIN" replay "$L1" --cast "$T/sig.cast" --speed 1 --pace 600 > "$T/o" 2>&1 &
pid=$!
sleep 1
kill -s INT $pid; wait $pid; rc=$?
check "SIGINT while a cast renders: exit $rc (130), no file, no temporary file" \
    "[ $rc -eq 130 ] && [ ! -e $T/sig.cast ] && ! ls $T/.sig.cast.* > /dev/null 2>&1"

# ---- SVG ---------------------------------------------------------------------------------------
S="--headless --epochs 3 --n 1200 --models bce,cce1,cce1-frozen,cce1-textbook,cce2 --eval-every 20 --lr-schedule 60:0.003"
(cd "$T" && "$BIN" $S --svg "$T/r.svg" --csv "$T/r.csv") > /dev/null 2>&1; rc=$?
check "--headless --svg: exit $rc, the file" "[ $rc -eq 0 ] && [ -s $T/r.svg ]"
check "xmllint validates the SVG" "xmllint --noout $T/r.svg"
check "rsvg-convert renders it to a PNG" \
    "rsvg-convert -o $T/r.png $T/r.svg && [ \"\$(head -c 8 $T/r.png | od -An -tx1 | tr -d ' ')\" = 89504e470d0a1a0a ]"
check "three charts, one line per set-up in each (15 polylines), the keys at their ends" \
    "[ \$(grep -c '<polyline' $T/r.svg) -eq 15 ] && grep -q '>B</text>' $T/r.svg && grep -q '>2</text>' $T/r.svg"
check "the title carries the seed and the options; base rates dashed; the lr change dotted" \
    "grep -q 'seed 42' $T/r.svg && grep -q -- '--lr-schedule 60:0.003' $T/r.svg && grep -q 'ones 7[0-9]%' $T/r.svg && grep -q 'lr 0.003' $T/r.svg"
"$BIN" $S --svg "$T/r2.svg" > /dev/null 2>&1
check "the same options give the same SVG bytes" "cmp -s $T/r.svg $T/r2.svg"
"$BIN" --headless --classes 4 --epochs 2 --n 800 --svg "$T/k4.svg" > /dev/null 2>&1
check "K = 4: a valid SVG with a base-rate line per class" "xmllint --noout $T/k4.svg && [ \$(grep -c 'class [0-3] [0-9]*%' $T/k4.svg) -ge 4 ]"
"$BIN" lesson "$ROOT/tests/fixtures/lessons/export.lesson" --headless --svg "$T/slides.svg" > "$T/tr" 2> "$T/e"; rc=$?
check "a lesson's export step writes FILE-NAME.svg, the end writes FILE (exit $rc)" \
    "[ $rc -eq 0 ] && xmllint --noout $T/slides-after-one-epoch.svg && xmllint --noout $T/slides.svg && grep -q 'export after-one-epoch: the charts in $T/slides-after-one-epoch.svg' $T/tr"
"$BIN" lesson "$ROOT/tests/fixtures/lessons/export.lesson" --headless > "$T/tr2" 2>&1
check "without --svg the export step writes nothing and says so" "grep -q 'no --svg FILE: nothing written' $T/tr2"

# ---- reproducible runs: the learning-rate schedule, stdout, atomic files --------------------------
lrcol() { awk -F, -v s="$2" 'NR==1{for(i=1;i<=NF;i++) c[$i]=i; next} $2==s && $3=="bce" {print $c["lr"]}' "$1"; }
check "--lr-schedule: the CSV gains an lr column, last" "head -1 $T/r.csv | grep -q ',val_true_acc,lr\$'"
check "the rate changes after step 60: 0.001 at 60, 0.003 at 80" "[ \"\$(lrcol $T/r.csv 60)\" = 0.001 ] && [ \"\$(lrcol $T/r.csv 80)\" = 0.003 ]"
"$BIN" --headless --epochs 2 --n 600 --models bce --threads 1 --lr-schedule 10:0.01,25:0.0001 > "$T/l1.csv"
"$BIN" --headless --epochs 2 --n 600 --models bce --threads 2 --eval-every 5 --lr-schedule 10:0.01,25:0.0001 > "$T/l2.csv"
check "the schedule is applied at its steps whatever the evaluation points and threads" \
    "[ \"\$(grep '^[12],' $T/l1.csv)\" = \"\$(awk -F, '\$2==17||\$2==34' $T/l2.csv)\" ]"
"$BIN" --headless --epochs 2 --n 600 > "$T/p1.csv"
"$BIN" --headless --epochs 2 --n 600 --csv - > "$T/p2.csv"
check "--csv - is stdout; without a schedule no lr column" \
    "cmp -s $T/p1.csv $T/p2.csv && [ \"\$(head -1 $T/p1.csv)\" = epoch,step,model,loss,acc,val_loss,val_acc,val_pred1,val_logloss,grad_norm,val_true_acc ]"
(cd "$W" && "$BIN" --export - --n 100 > "$T/x1.csv") && "$BIN" --export "$T/x2.csv" --n 100
check "--export - is stdout (same bytes as the file, no file named -)" "cmp -s $T/x1.csv $T/x2.csv && [ ! -e $W/- ]"
"$BIN" --headless --n 2000 --epochs 100000 --models bce --threads 1 --csv "$T/at.csv" > /dev/null 2>&1 &
pid=$!
i=0; while [ $i -lt 100 ] && ! ls "$T"/.at.csv.* > /dev/null 2>&1; do sleep 0.1; i=$((i + 1)); done
sleep 0.5
check "while training, --csv FILE is a temporary file beside it; FILE does not exist yet" "ls $T/.at.csv.* > /dev/null 2>&1 && [ ! -e $T/at.csv ]"
kill -s INT $pid; wait $pid; rc=$?
check "after SIGINT (exit $rc): FILE in place with whole rows, no temporary file left" \
    "[ $rc -eq 130 ] && [ -s $T/at.csv ] && [ \"\$(tail -c 1 $T/at.csv | od -An -c | tr -d ' ')\" = '\\n' ] && ! ls $T/.at.csv.* > /dev/null 2>&1"

# ---- bad input: one line naming the option, exit 2, nothing written --------------------------------
fault() {
    name=$1; want=$2; shift 2
    rm -rf "${W:?}"/* "${W:?}"/.[!.]* 2>/dev/null
    (cd "$W" && exec "$BIN" "$@" > "$T/o" 2> "$T/e"); rc=$?
    why=""
    [ $rc -eq 2 ] || why="$why rc=$rc"
    [ "$(wc -l < "$T/e")" -eq 1 ] || why="$why stderr-lines=$(wc -l < "$T/e")"
    grep -Eq -- "^losslab: $want" "$T/e" || why="$why message"
    [ -s "$T/o" ] && why="$why stdout"
    [ -n "$(ls -A "$W")" ] && why="$why wrote-into-cwd"
    ls "$T"/nodir "$T"/f.txt.d > /dev/null 2>&1 && why="$why created"
    if [ -z "$why" ]; then ok "$name"; else bad "$name:$why: $(head -c 300 "$T/e")"; fi
}
echo x > "$T/f.txt"
mkdir -p "$T/adir"
fault "--cast into a missing directory"   "--cast: cannot write '$T/nodir/a.cast': No such file or directory" replay "$ROOT/$L1" --cast "$T/nodir/a.cast"
fault "--cast under a regular file"       "--cast: cannot write '$T/f.txt/a.cast': Not a directory" replay "$ROOT/$L1" --cast "$T/f.txt/a.cast"
fault "--cast is a directory"             "--cast: cannot write '$T/adir': Is a directory" replay "$ROOT/$L1" --cast "$T/adir"
fault "--cast -"                          "--cast: '-' is not a file" replay 01 --cast -
fault "--cast with --headless"            "--cast: records the screen, not --headless" --headless --cast x.cast
fault "--cast with bench"                 "--cast: records the screen or a lesson" bench --cast x.cast
fault "--size without --cast"             "--size: only with --cast" replay 01 --size 100x30
fault "--size too narrow"                 "--size: expected a terminal size WxH from 80x24 to 500x200, got '79x24'" replay 01 --cast x.cast --size 79x24
fault "--size too short"                  "--size: expected .*got '100x23'" replay 01 --cast x.cast --size 100x23
fault "--size malformed (no height)"      "--size: expected .*got '100x'" replay 01 --cast x.cast --size 100x
fault "--size malformed (words)"          "--size: expected .*got 'big'" replay 01 --cast x.cast --size big
fault "--size with blanks"                "--size: expected .*got ' 100x30'" replay 01 --cast x.cast --size ' 100x30'
fault "--size outside replay"             "--size: only with the replay command" --cast x.cast --size 100x30
fault "--timestamp without --cast"        "--timestamp: only with --cast" replay 01 --timestamp
fault "--svg into a missing directory"    "--svg: cannot write '$T/nodir/a.svg': No such file or directory" --headless --n 200 --epochs 1 --svg "$T/nodir/a.svg"
fault "--svg under a regular file"        "--svg: cannot write '$T/f.txt/a.svg': Not a directory" --headless --n 200 --epochs 1 --svg "$T/f.txt/a.svg"
fault "--svg is a directory (a lesson)"   "--svg: cannot write '$T/adir': Is a directory" lesson "$ROOT/tests/fixtures/lessons/export.lesson" --headless --svg "$T/adir"
fault "--svg - without a CSV file"        "--svg: '-' .stdout. only with --headless and --csv FILE" --headless --svg -
fault "--svg with bench"                  "--svg: writes a run's charts" bench --svg x.svg
fault "--csv - on the screen"             "--csv: '-' .stdout. is the screen's terminal" --csv -
fault "--lr-schedule empty"               "--lr-schedule: expected STEP:LR" --headless --lr-schedule ''
fault "--lr-schedule no colon"            "--lr-schedule: '100' is not STEP:LR" --headless --lr-schedule 100
fault "--lr-schedule no rate"             "--lr-schedule: learning rate '' at step 100" --headless --lr-schedule 100:
fault "--lr-schedule a word for a rate"   "--lr-schedule: learning rate 'fast' at step 100" --headless --lr-schedule 100:fast
fault "--lr-schedule rate 0"              "--lr-schedule: learning rate '0' at step 100 is not a number from 1e-9 to 10" --headless --lr-schedule 100:0
fault "--lr-schedule rate 11"             "--lr-schedule: learning rate '11'" --headless --lr-schedule 100:11
fault "--lr-schedule rate NaN"            "--lr-schedule: learning rate 'nan'" --headless --lr-schedule 100:nan
fault "--lr-schedule negative step"       "--lr-schedule: step '-5' is not a whole number" --headless --lr-schedule -5:0.1
fault "--lr-schedule fractional step"     "--lr-schedule: step '1.5'" --headless --lr-schedule 1.5:0.1
fault "--lr-schedule steps not increasing" "--lr-schedule: step 100 after step 200; steps must increase" --headless --lr-schedule 200:0.1,100:0.2
fault "--lr-schedule a step twice"        "--lr-schedule: step 100 after step 100" --headless --lr-schedule 100:0.1,100:0.2
fault "--lr-schedule trailing comma"      "--lr-schedule: trailing comma" --headless --lr-schedule 100:0.1,
fault "--lr-schedule too many changes"    "--lr-schedule: more than 64 changes" --headless --lr-schedule "$(seq -s, 1 65 | sed 's/\([0-9]*\)/\1:0.001/g')"
# a bad --data after a good --svg/--csv: neither file appears (the data is read first)
rm -f "$T/keep.svg"
"$BIN" --headless --data "$T/none.csv" --csv "$T/keep.csv" --svg "$T/keep.svg" > /dev/null 2>&1; rc=$?
check "bad --data: exit 2, neither --csv nor --svg written" "[ $rc -eq 2 ] && [ ! -e $T/keep.csv ] && [ ! -e $T/keep.svg ]"
# an unwritable --cast is refused before the lesson runs: no temporary file either
check "no temporary files were left anywhere" "[ -z \"\$(find $T -name '.*.*[A-Za-z0-9]' -newer $T/f.txt -type f | grep -v '/\\.at\\.csv' )\" ]"

finish e2e_media
