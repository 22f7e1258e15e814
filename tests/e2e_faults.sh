#!/bin/sh
# Fault catalogue: bad input of every kind, through the real binary. Each fault asserts the
# promise of the README: exit 2, exactly one line on stderr (naming the option, or the file as
# file:line:column), nothing on stdout, nothing written (the --csv target is not created, an
# existing one is not touched, the working directory stays empty). Then training faults: an
# unwritable or failing --csv, extreme learning rates, and SIGINT/SIGTERM/SIGHUP during a
# headless run (exit 130, the CSV written so far well-formed: header first, whole rows only; the
# file itself appears at the end, renamed from a temporary file beside it).
# Complements tests/e2e_headless.sh (which has the first dozen bad options) without repeating it.
# The last part has one regression test (or more) per defect of issue 10 ("dN: ..."): atomic output,
# interrupts in every phase, lesson paths, bounded memory, escaped terminal text.
# Divergence: no option makes a set-up produce NaN honestly (Adam bounds every step by ~lr, the
# gates saturate, and --lr is capped at 10), so "DIVERGED is isolated and the others go on" is
# covered by test_divergence_is_isolated in tests/test_train.c; here --lr 10 must stay finite.
# Usage: LOSSLAB=path/to/losslab sh tests/e2e_faults.sh
set -u
BIN=$(cd "$(dirname "${LOSSLAB:-./losslab}")" && pwd)/$(basename "${LOSSLAB:-./losslab}")
FX=$(cd "$(dirname "$0")" && pwd)/fixtures/faults
T=$(mktemp -d)
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
W=$T/cwd                 # every faulty run happens here; it must stay empty
mkdir -p "$W"
OUT=$T/out.csv           # every faulty run is given --csv $OUT (where the option allows it)
. "$(dirname "$0")/lib.sh"
n=0
HEADER='epoch,step,model,loss,acc,val_loss,val_acc,val_pred1,val_logloss,grad_norm,val_true_acc'

# fault NAME REGEX ARGS...: exit 2, one stderr line matching 'losslab: REGEX' (grep -E), no stdout,
# no --csv file, nothing in the working directory.
fault() {
    name=$1; want=$2; shift 2
    n=$((n + 1))
    rm -f "$OUT"
    (cd "$W" && exec "$BIN" "$@" > "$T/o" 2> "$T/e"); rc=$?
    lines=$(wc -l < "$T/e")
    why=""
    [ $rc -eq 2 ] || why="$why rc=$rc"
    [ "$lines" -eq 1 ] && [ "$(wc -c < "$T/e")" -gt 0 ] || why="$why stderr-lines=$lines"
    grep -Eq -- "^losslab: $want" "$T/e" || why="$why message"
    [ -s "$T/o" ] && why="$why stdout"
    [ -e "$OUT" ] && why="$why csv-created"
    [ -n "$(ls -A "$W")" ] && { why="$why wrote-into-cwd"; rm -rf "${W:?}"/* "${W:?}"/.[!.]* 2>/dev/null; }
    if [ -z "$why" ]; then ok "$name"; else bad "$name:$why: $(head -c 300 "$T/e")"; fi
}

# ---- every option with a bad value ----------------------------------------------------------
H="--headless --csv $OUT"
fault "--preset bogus"                "--preset: expected demo or seed" $H --preset bogus
fault "--preset abbreviated, bad"     "--preset: expected demo or seed" $H --pres bogus
fault "--preset empty"                "--preset" $H --preset=
fault "--models empty"                "--models: expected a comma-separated" $H --models ''
fault "--models trailing comma"       "--models: trailing comma" $H --models bce,
fault "--models leading comma"        "--models: empty" $H --models ,bce
fault "--models over-long id"         "--models: empty or over-long" $H --models bceeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee
fault "--models wrong case"           "--models: unknown set-up 'BCE'" $H --models BCE
fault "--epochs too many"             "--epochs: expected a whole number from 1 to 100000" $H --epochs 100001
fault "--epochs fraction"             "--epochs" $H --epochs 1.5
fault "--epochs empty"                "--epochs" $H --epochs=
fault "--epochs with a newline stays one line" "--epochs: .*got '1.x0a2'" $H --epochs "$(printf '1\n2')"
fault "--batch 0"                     "--batch" $H --batch 0
fault "--batch 65537"                 "--batch" $H --batch 65537
fault "--lr 0"                        "--lr: expected a learning rate" $H --lr 0
fault "--lr 11"                       "--lr" $H --lr 11
fault "--lr nan"                      "--lr" $H --lr nan
fault "--lr inf"                      "--lr" $H --lr inf
fault "--lr 1e-10"                    "--lr" $H --lr 1e-10
fault "--lr 1e400 (overflow)"         "--lr" $H --lr 1e400
fault "--hidden 0"                    "--hidden" $H --hidden 0
fault "--hidden 4097"                 "--hidden" $H --hidden 4097
fault "--dense 0"                     "--dense" $H --dense 0
fault "--dense x"                     "--dense" $H --dense x
fault "--recurrent tanh"              "--recurrent: expected hard_sigmoid or sigmoid" $H --recurrent tanh
fault "--n 19"                        "--n: expected a whole number from 20" $H --n 19
fault "--n 50000001"                  "--n" $H --n 50000001
fault "--n 9223372036854775808"       "--n" $H --n 9223372036854775808
fault "--pos 0"                       "--pos" $H --pos 0
fault "--pos 1.5"                     "--pos" $H --pos 1.5
fault "--pos nan"                     "--pos" $H --pos nan
fault "--noise -0.1"                  "--noise" $H --noise -0.1
fault "--noise 0.6"                   "--noise" $H --noise 0.6
fault "--noise too large for --pos"   ".*noise" $H --pos 0.9 --noise 0.2
fault "--val 1"                       "--val" $H --val 1
fault "--val -0.5"                    "--val" $H --val -0.5
fault "--seed 2^64"                   "--seed: expected a whole number from 0 to 18446744073709551615" $H --seed 18446744073709551616
fault "--seed 1x"                     "--seed" $H --seed 1x
fault "--seed empty"                  "--seed" $H --seed ''
fault "--data empty"                  "--data: expected a file path" $H --data ''
fault "--data path too long"          "--data: path too long" $H --data "$(printf '%02000d' 0)"
fault "--timesteps 0"                 "--timesteps" $H --timesteps 0
fault "--timesteps 1001"              "--timesteps" $H --timesteps 1001
fault "--timesteps that does not divide the columns" "$FX/good_t1.csv:1:1: 3 columns" $H --data "$FX/good_t1.csv" --timesteps 3
fault "--encoding empty"              "--encoding: expected label or onehot" $H --encoding ''
fault "--encoding onehot on real values" "one-hot encoding: feature 0" $H --data "$FX/real_values.csv" --timesteps 1 --encoding onehot
fault "--threads 257"                 "--threads" $H --threads 257
fault "--eval-every -1"               "--eval-every" $H --eval-every -1
fault "--csv empty"                   "--csv: expected a file path" --headless --csv ''
fault "--csv path too long"           "--csv: path too long" --headless --csv "$(printf '%02000d' 0)"
fault "--speed 0"                     "--speed: expected a speed level from 1" --speed 0
fault "--speed 10"                    "--speed" --speed 10
fault "--speed x"                     "--speed" --speed x
fault "--seconds 0 (bench)"           "--seconds: expected a number of seconds from 0.1" bench --seconds 0
fault "--seconds 4000 (bench)"        "--seconds" bench --seconds 4000
fault "--pace 0 (replay)"             "--pace: expected a number of seconds from 0.1" replay x.lesson --pace 0
fault "--pace outside replay"         "--pace: only with the replay command" $H --pace 1
fault "--export empty path"           "--export: expected a file path" --export ''
fault "--export into a missing directory" "--export: cannot write '$T/no/x.csv': No such file" --export "$T/no/x.csv"
fault "--export of bad data writes nothing" "$FX/nan.csv:2:3: non-finite" --data "$FX/nan.csv" --timesteps 1 --export "$OUT"
fault "--headless=1 (flag with a value)" "unknown option '--headless=1'" --headless=1
fault "--help=x"                      "unknown option '--help=x'" --help=x
fault "ambiguous abbreviation --e"    "unknown option '--e'" $H --e 3
fault "unknown short option in a cluster (-xh)" "unknown option '-x'" -xh
fault "missing value at the end"      "--csv: expected a value" --headless --csv
fault "lesson without a file"         "lesson: expected one lesson file" lesson
fault "too many operands"             "too many arguments" lesson a b c
fault "bench with an operand"         "bench: unexpected argument 'x'" bench x

# ---- bad CSV files (--data): file:line:column ------------------------------------------------
D="--headless --csv $OUT --timesteps 1 --data"
fault "CSV ragged, a short row"       "$FX/ragged_short.csv:4:4: 2 cells; expected 3" $D "$FX/ragged_short.csv"
fault "CSV ragged, a long row"        "$FX/ragged_long.csv:3:7: 4 cells; expected 3" $D "$FX/ragged_long.csv"
fault "CSV empty (0 bytes)"           "$FX/empty.csv:1:1: empty file" $D "$FX/empty.csv"
fault "CSV only blank lines"          "$FX/blank_only.csv:1:1: empty file" $D "$FX/blank_only.csv"
fault "CSV header only"               "$FX/header_only.csv:2:1: no data rows after the header" $D "$FX/header_only.csv"
fault "CSV binary (gzip bytes)"       "$FX/binary.gz:1:3: NUL byte" $D "$FX/binary.gz"
fault "CSV NUL byte in a row"         "$FX/nul_byte.csv:2:3: NUL byte" $D "$FX/nul_byte.csv"
fault "CSV non-UTF-8 bytes quoted as \\xNN" "$FX/non_utf8.csv:2:3: '.xff.xfe' is not a number" $D "$FX/non_utf8.csv"
fault "CSV NaN cell"                  "$FX/nan.csv:2:3: non-finite value 'NaN'" $D "$FX/nan.csv"
fault "CSV -inf cell"                 "$FX/inf.csv:3:1: non-finite value '-inf'" $D "$FX/inf.csv"
fault "CSV 1e39 overflows a float"    "$FX/overflow.csv:2:3: non-finite value '1e39'" $D "$FX/overflow.csv"
fault "CSV a single class"            "$FX/single_class.csv:1:5: only class 1 present in 3 rows" $D "$FX/single_class.csv"
fault "CSV label 2 with --classes 2"   "$FX/label_two.csv:2:5: label '2'; expected a class 0 to 1 .--classes 2." --classes 2 $D "$FX/label_two.csv"
fault "CSV label 1e-50 is no class"   "$FX/label_inexact.csv:2:5: label '1e-50'; expected a class 0 to 15, written as a whole number" $D "$FX/label_inexact.csv"
fault "CSV label 1.00000001 is no class" "$FX/label_inexact2.csv:3:5: label '1.00000001'; expected a class 0 to 15" $D "$FX/label_inexact2.csv"
fault "CSV label 16 is beyond K"      "$FX/label_16.csv:2:5: label '16'; expected a class 0 to 15" $D "$FX/label_16.csv"
fault "binary-only set-up on 3-class data" "--models: set-up 'bce' is binary-only .K = 2.; the data has 3 classes" --models bce,cce $D "$FX/label_two.csv"
fault "--classes 17"                  "--classes: expected a number of classes from 2 to 16, got '17'" --classes 17
fault "--classes with a binary-only set-up" "--models: set-up 'cce1' is binary-only .K = 2.; with --classes 3" --classes 3 --models cce1
fault "--shares that do not sum to 1" "--shares: the shares sum to 0.9; expected 1" --classes 3 --shares 0.5,0.3,0.1
fault "--shares count differs from --classes" "--shares: 3 shares for --classes 4" --classes 4 --shares 0.5,0.3,0.2
fault "CSV empty cell"                "$FX/empty_cell.csv:2:3: empty cell" $D "$FX/empty_cell.csv"
fault "CSV quoted cell"               "$FX/quoted.csv:2:3: '\"4\"' is not a number" $D "$FX/quoted.csv"
fault "CSV does not exist"            "$T/none.csv: cannot open: No such file or directory" $D "$T/none.csv"
mkdir "$T/adir"
fault "CSV path is a directory"       "$T/adir: cannot read: Is a directory" $D "$T/adir"
fault "CSV path under a regular file" "$FX/good_t1.csv/x.csv: cannot open: Not a directory" $D "$FX/good_t1.csv/x.csv"
if [ "$(id -u)" != 0 ]; then
    printf '1,2,0\n3,4,1\n' > "$T/noperm.csv"; chmod 000 "$T/noperm.csv"
    fault "CSV unreadable (chmod 000)" "$T/noperm.csv: cannot open: Permission denied" $D "$T/noperm.csv"
else
    echo "note: running as root, chmod 000 cannot make a file unreadable: that case is skipped"
fi
# 1 MB lines: a cell of 1 MB garbage (quoted, truncated), and a row of 1 MB of extra cells
{ printf '1,2,0\n3,'; head -c 1048576 /dev/zero | tr '\0' 'x'; printf ',1\n'; } > "$T/mb_cell.csv"
fault "CSV 1 MB cell: quoted and truncated" "$T/mb_cell.csv:2:3: 'x{24}\.\.\.' is not a number" $D "$T/mb_cell.csv"
{ printf '1,2,0\n3,4'; i=0; while [ $i -lt 16 ]; do head -c 65536 /dev/zero | tr '\0' '7' | sed 's/77/7,/g'; i=$((i + 1)); done; printf ',1\n'; } > "$T/mb_row.csv"
fault "CSV 1 MB row of extra cells"   "$T/mb_row.csv:2:[0-9]+: [0-9]+ cells; expected 3" $D "$T/mb_row.csv"
echo keep > "$T/keep.csv"
(cd "$W" && "$BIN" --headless --timesteps 1 --data "$FX/nan.csv" --csv "$T/keep.csv" > /dev/null 2>&1); rc=$?
check "bad --data leaves an existing --csv file untouched" "[ $rc -eq 2 ] && [ \"\$(cat $T/keep.csv)\" = keep ]"

# ---- --csv cannot be written: fails before training starts -----------------------------------
fault "--csv is a directory"          "--csv: cannot write '$T/adir': Is a directory" --headless --n 200 --epochs 1 --csv "$T/adir"
fault "--csv under a regular file"    "--csv: cannot write '$FX/good_t1.csv/x.csv': Not a directory" --headless --n 200 --epochs 1 --csv "$FX/good_t1.csv/x.csv"
if [ -w /dev/full ]; then
    # a write error ends the run at once (exit 1), rather than after 100000 epochs
    timeout 120 "$BIN" --headless --n 2000 --epochs 100000 --models bce --threads 1 --csv /dev/full > "$T/o" 2> "$T/e"; rc=$?
    check "--csv /dev/full: the first failed write ends the run, exit 1, one line" \
        "[ $rc -eq 1 ] && [ \$(wc -l < $T/e) -eq 1 ] && grep -q -- \"--csv: writing '/dev/full' failed\" $T/e"
fi

# ---- training faults ---------------------------------------------------------------------------
# well-formed CSV: header first, then whole rows of 11 cells with a known set-up id (from the
# set-up table: losslab setups), ending in \n
IDS=$("$BIN" setups | tail -n +2 | cut -f2 | paste -sd'|')
wellformed() {
    [ -s "$1" ] && [ "$(head -1 "$1")" = "$HEADER" ] && [ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" = '\n' ] &&
    awk -F, -v ids="^($IDS)\$" 'NR > 1 && (NF != 11 || $3 !~ ids || $1 !~ /^[0-9]+$/) {bad=1} END {exit bad}' "$1"
}
"$BIN" --headless --n 500 --epochs 3 --lr 10 --threads 1 --models bce,cce1,cce1-frozen,cce1-textbook,cce2 > "$T/lr.csv" 2> "$T/e"; rc=$?
check "--lr 10 on every set-up: runs to the end, whole rows, no NaN (Adam bounds each step)" \
    "[ $rc -eq 0 ] && wellformed $T/lr.csv && [ \$(wc -l < $T/lr.csv) -eq 21 ] && ! grep -qi nan $T/lr.csv"

# a signal during a headless run: exit 130, the CSV so far well-formed.
# Waits (up to 60 s) until the run has written at least min_lines lines, then signals it.
signal_run() {  # SIG, target (file|stdout), min_lines, extra args...
    sig=$1; target=$2; min=$3; shift 3
    f=$T/sig_${sig}_$target.csv
    rm -f "$f"
    if [ "$target" = file ]; then
        "$BIN" --headless --threads 1 "$@" --csv "$f" > "$T/so" 2> "$T/se" &
    else
        "$BIN" --headless --threads 1 "$@" > "$f" 2> "$T/se" &
    fi
    pid=$!
    i=0
    while [ $i -lt 600 ]; do
        # --csv FILE is written into a temporary file beside it (.FILE.XXXXXX), renamed at the end
        g=$f; [ "$target" = file ] && g=$(ls "$T"/."$(basename "$f")".* 2>/dev/null | head -1)
        [ -n "$g" ] && [ -e "$g" ] && [ "$(wc -l < "$g")" -ge "$min" ] && break
        sleep 0.1; i=$((i + 1))
    done
    kill -s "$sig" $pid
    wait $pid; rc=$?
    r=ok
    [ $rc -eq 130 ] || r="rc=$rc"
    wellformed "$f" || r="$r, CSV not well-formed: $(tail -c 120 "$f" | tr '\n' '|')"
    [ -s "$T/so" ] && r="$r, stdout not empty"
    [ "$(wc -l < "$T/se")" -le 1 ] || r="$r, stderr: $(head -c 200 "$T/se")"
    check "SIG$sig during a headless run ($target, after $min lines): exit 130, CSV well-formed${r#ok}" "[ '$r' = ok ]"
}
LONG="--n 2000 --epochs 100000 --eval-every 3 --models bce,cce1,cce2"
: > "$T/so"
signal_run INT file 30 $LONG
signal_run TERM file 30 $LONG
signal_run HUP file 30 $LONG
signal_run TERM stdout 30 $LONG
# a signal while the data is being read (from a FIFO: the run is provably inside set-up once our
# open of the FIFO returns): exit 130, nothing on stdout, no --csv file
if mkfifo "$T/fifo" 2>/dev/null; then
    rm -f "$OUT"
    "$BIN" --headless --timesteps 1 --data "$T/fifo" --csv "$OUT" > "$T/o" 2> "$T/e" &
    pid=$!
    exec 3> "$T/fifo"
    printf '1,2,0\n3,4' >&3
    kill -s INT $pid
    exec 3>&-
    wait $pid; rc=$?
    check "SIGINT while --data is read: exit 130, no CSV, nothing on stdout" "[ $rc -eq 130 ] && [ ! -e $OUT ] && [ ! -s $T/o ]"
fi

# ---- issue 10: reliability (one regression test per defect; "dN" is the defect's number) --------
R=$T/rel
mkdir -p "$R"
# Runs that read endless input would eat memory on a regression: they get 4 GB of address space
# where the binary starts under that limit (a sanitizer build reserves terabytes and does not: it
# runs without), and are killed after 60 s.
MEMCAP=unlimited
(ulimit -v 4000000 && "$BIN" --version; exit $?) > /dev/null 2>&1 && MEMCAP=4000000
EXPORT_N="--n 300 --seed 5"
"$BIN" --export "$R/data.csv" $EXPORT_N > /dev/null 2>&1
cp "$R/data.csv" "$R/data.orig"
# only_line FILE REGEX: FILE is exactly one line and matches REGEX
only_line() { [ "$(wc -l < "$1")" -eq 1 ] && grep -Eq -- "$2" "$1"; }
# blocked_in PID REGEX S: waits (up to S seconds) until the process sleeps in a kernel function
# matching REGEX (/proc/PID/wchan), e.g. a write to a full pipe; then a signal provably interrupts it
blocked_in() {
    i=0; while [ $i -lt $(($3 * 10)) ]; do
        grep -Eq -- "$2" "/proc/$1/wchan" 2>/dev/null && return 0
        sleep 0.1; i=$((i + 1)); done
    echo "note: process $1 never blocked in '$2' (wchan: $(cat /proc/$1/wchan 2>/dev/null))"
}
# no_temp DIR: no temporary file of base/atomic is left in DIR
no_temp() { ! ls -A "$1" | grep -q 'losslab-'; }

# d1: the output is an input (device + inode, not the spelling): refused, the data untouched
(cd "$R" && "$BIN" --headless --epochs 1 --data data.csv --csv ./data.csv > "$T/o" 2> "$T/e"); rc=$?
check "d1: --data F --csv ./F: exit 2, one line, F untouched (rc $rc)" \
    "[ $rc -eq 2 ] && only_line $T/e 'same file as the input' && cmp -s $R/data.csv $R/data.orig && [ ! -s $T/o ]"
ln -sf data.csv "$R/link.csv"
"$BIN" --data "$R/data.csv" --export "$R/link.csv" > "$T/o" 2> "$T/e"; rc=$?
check "d1: --export through a symlink onto the --data file: exit 2, data untouched (rc $rc)" \
    "[ $rc -eq 2 ] && only_line $T/e '^losslab: --export: .*same file' && cmp -s $R/data.csv $R/data.orig && [ -L $R/link.csv ]"
ln -f "$R/data.csv" "$R/hard.csv"
"$BIN" --headless --epochs 1 --data "$R/hard.csv" --csv "$R/data.csv" > "$T/o" 2> "$T/e"; rc=$?
check "d1: --csv onto a hard link of --data: exit 2, data untouched (rc $rc)" \
    "[ $rc -eq 2 ] && cmp -s $R/data.csv $R/data.orig"
"$BIN" --headless --epochs 1 --data "$R/data.csv" --csv "$R/run.csv" --svg "$R/data.csv" > "$T/o" 2> "$T/e"; rc=$?
check "d1: --svg onto the --data file: exit 2, one line, data untouched, no --csv written (rc $rc)" \
    "[ $rc -eq 2 ] && only_line $T/e '^losslab: --svg: .*same file' && cmp -s $R/data.csv $R/data.orig && [ ! -e $R/run.csv ]"
rm -f "$R/hard.csv" "$R/link.csv"

# d2: a write that fails mid-run (a file-size limit: the disk is full for this process) leaves the
# previous file as it was and no temporary file; exit 1 with one line
echo precious > "$R/results.csv"
(ulimit -f 16; trap '' XFSZ; exec "$BIN" --headless --n 2000 --epochs 200 --eval-every 1 --models bce --threads 1 \
    --csv "$R/results.csv" > "$T/o" 2> "$T/e"); rc=$?
check "d2: a failed write keeps the previous --csv file whole, exit 1, one line, no temporary (rc $rc)" \
    "[ $rc -eq 1 ] && [ \"\$(cat $R/results.csv)\" = precious ] && only_line $T/e 'writing .* failed' && no_temp $R"
echo precious > "$R/exp.csv"
(ulimit -f 16; trap '' XFSZ; exec "$BIN" --export "$R/exp.csv" --n 2000 > "$T/o" 2> "$T/e"); rc=$?
check "d2: the same for --export (rc $rc)" "[ $rc -eq 1 ] && [ \"\$(cat $R/exp.csv)\" = precious ] && no_temp $R"
# and a successful run replaces it whole
"$BIN" --headless --n 300 --epochs 1 --models bce --csv "$R/results.csv" > /dev/null 2>&1; rc=$?
check "d2: a run that succeeds replaces the file (rc $rc)" "[ $rc -eq 0 ] && wellformed $R/results.csv && no_temp $R"

# d3: a signal during data generation / the first evaluation: exit 130 and no file touched
echo precious > "$R/keep.csv"
"$BIN" --headless --n 1000000 --threads 1 --csv "$R/keep.csv" > "$T/o" 2> "$T/e" &
pid=$!
sleep 0.3
kill -s INT $pid
wait $pid; rc=$?
check "d3: SIGINT while the data is generated: exit 130, the existing --csv file untouched (rc $rc)" \
    "[ $rc -eq 130 ] && [ \"\$(cat $R/keep.csv)\" = precious ] && no_temp $R && [ ! -s $T/o ]"

# d4: a signal while stdout is a pipe that is not read (the write blocks): exit 130, not an I/O error
if mkfifo "$R/slow"; then
    exec 4<> "$R/slow"          # a reader that never reads: writes fill the pipe, then block
    "$BIN" --headless --n 2000 --epochs 100000 --eval-every 1 --threads 2 > "$R/slow" 2> "$T/e" &
    pid=$!
    blocked_in $pid 'pipe_write' 60
    kill -s INT $pid
    wait $pid; rc=$?
    exec 4<&-
    check "d4: SIGINT while a write to stdout blocks: exit 130, no error message (rc $rc)" \
        "[ $rc -eq 130 ] && ! grep -q 'failed' $T/e"
    rm -f "$R/slow"
fi

# d16: a signal while --csv names a FIFO nobody opened for reading (the open blocks): exit 130
if mkfifo "$R/nobody"; then
    "$BIN" --headless --n 300 --epochs 2 --threads 1 --csv "$R/nobody" > "$T/o" 2> "$T/e" &
    pid=$!
    blocked_in $pid 'fifo|partner' 30
    kill -s INT $pid
    wait $pid; rc=$?
    check "d16: SIGINT while the --csv FIFO waits for a reader: exit 130, no message (rc $rc)" \
        "[ $rc -eq 130 ] && [ ! -s $T/e ]"
    rm -f "$R/nobody"
fi

# d9: an endless input without newlines: a bounded read and a clear error, not 'empty file'.
(ulimit -v $MEMCAP; exec timeout -s KILL 60 "$BIN" --headless --timesteps 1 --data /dev/zero) > "$T/o" 2> "$T/e"; rc=$?
check "d9: --data /dev/zero: exit 2, one line naming the NUL byte at 1:1 (rc $rc)" \
    "[ $rc -eq 2 ] && only_line $T/e '^losslab: /dev/zero:1:1: NUL byte'"
if mkfifo "$R/endless"; then
    (yes 1, 2>/dev/null | tr -d '\n' > "$R/endless") &
    wpid=$!
    (ulimit -v $MEMCAP; exec timeout -s KILL 60 "$BIN" --headless --timesteps 1 --data "$R/endless") > "$T/o" 2> "$T/e"; rc=$?
    kill $wpid 2>/dev/null; wait $wpid 2>/dev/null
    check "d9: an endless line of numbers: exit 2, 'line longer than 32 MiB' (rc $rc)" \
        "[ $rc -eq 2 ] && only_line $T/e 'endless:1:1: line longer than 32 MiB'"
    rm -f "$R/endless"
fi

# d10: CR-only line ends are named as such
printf '1,2,0\r3,4,1\r5,6,0\r' > "$R/cr.csv"
"$BIN" --headless --timesteps 1 --data "$R/cr.csv" > "$T/o" 2> "$T/e"; rc=$?
check "d10: CR-only line ends: exit 2, file:line:column naming the line ends (rc $rc)" \
    "[ $rc -eq 2 ] && only_line $T/e 'cr.csv:1:6: carriage return inside a line: .*CR-only'"

# d14: stdout that cannot be written is a failure (exit 1, one line), for every command
for cmd in --help --version lessons "bench --seconds 0.1 --models bce --hidden 4"; do
    "$BIN" $cmd > /dev/full 2> "$T/e"; rc=$?
    check "d14: '$cmd > /dev/full' exits 1 with one line (rc $rc)" "[ $rc -eq 1 ] && only_line $T/e 'standard output'"
    "$BIN" $cmd >&- 2> "$T/e"; rc=$?
    check "d14: '$cmd >&-' (stdout closed) exits 1 (rc $rc)" "[ $rc -eq 1 ] && only_line $T/e 'standard output'"
done

# d15: numbers with leading blanks are refused everywhere (no " -1" seed wrapping to 2^64 - 1)
fault "d15: --seed ' -1'"               "--seed: expected a whole number" $H --seed " -1"
fault "d15: --seed ' 5'"                "--seed: expected a whole number" $H --seed " 5"
fault "d15: --epochs ' 1'"              "--epochs: expected a whole number" $H --epochs " 1"
fault "d15: --lr ' 0.1'"                "--lr: expected a learning rate" $H --lr " 0.1"

# d17: --csv where nothing would write it is refused, not ignored (the screen writes it now)
fault "d17: --csv with lesson --headless" "--csv: for a run .*not lesson" lesson "$FX/../lessons/fail.lesson" --headless --csv "$OUT"
fault "d17: --csv with bench"           "--csv: for a run .*not bench" bench --csv "$OUT"
fault "d17: --export with a command"    "--export: writes the dataset and exits; not with a command" bench --export "$OUT"

# d20: a write failure is exit 1 for --export as for --csv
if [ -w /dev/full ]; then
    "$BIN" --export /dev/full --n 200 > "$T/o" 2> "$T/e"; rc=$?
    check "d20: --export /dev/full: exit 1, one line (rc $rc)" "[ $rc -eq 1 ] && only_line $T/e '^losslab: --export: writing'"
fi

# ---- issue 10: lessons ------------------------------------------------------------------------
L=$T/les
mkdir -p "$L/sub"
echo "SECRETCELL,2,0" > "$T/secret.txt"
ln -s "$T/secret.txt" "$L/leak.csv"
ln -s "$T" "$L/updir"
ln -s /dev/zero "$L/zero.csv"
# d5: symlinks that leave the lesson's directory are refused with one line that quotes nothing
for d in leak.csv updir/secret.txt zero.csv; do
    printf 'title Leak\nset data %s\nset timesteps 1\ntrain 1 epoch\n' "$d" > "$L/l.lesson"
    (ulimit -v $MEMCAP; exec timeout -s KILL 60 "$BIN" lesson "$L/l.lesson" --headless) > "$T/o" 2> "$T/e"; rc=$?
    check "d5: set data $d (a symlink out of the directory): exit 2, one line, nothing read (rc $rc)" \
        "[ $rc -eq 2 ] && only_line $T/e 'l.lesson:2:10: set data: .*outside the lesson' && ! grep -q SECRET $T/e $T/o && [ ! -s $T/o ]"
done
# a symlink that stays inside the directory is fine
"$BIN" --export "$L/sub/real.csv" $EXPORT_N > /dev/null 2>&1
ln -s sub/real.csv "$L/inside.csv"
printf 'title Inside\nset data inside.csv\nset models bce\nset hidden 4\ntrain 1 epoch\n' > "$L/in.lesson"
"$BIN" lesson "$L/in.lesson" --headless > "$T/o" 2> "$T/e"; rc=$?
check "d5: a symlink inside the lesson's directory is read (rc $rc)" "[ $rc -eq 0 ]"

# d21: a bad CSV named by a later `set data` is found before anything runs, with its position
printf '1,2,0\n3,x,1\n' > "$L/bad.csv"
printf 'title Late\nset models bce\nset hidden 4\ntrain 1 epoch\nsay one\nsay two\nset data bad.csv\nset timesteps 1\ntrain 1 epoch\n' > "$L/late.lesson"
"$BIN" lesson "$L/late.lesson" --headless > "$T/o" 2> "$T/e"; rc=$?
check "d21: a bad CSV in a later 'set data': exit 2 before any output, lesson and CSV positions (rc $rc)" \
    "[ $rc -eq 2 ] && [ ! -s $T/o ] && only_line $T/e '^[^ ]*late.lesson:7:10: set data: [^ ]*bad.csv:2:3: .x. is not a number'"

# d7: names and titles reach the terminal escaped; one parse error is one line
(cd "$L" && "$BIN" lesson "$(printf 'no\nsuch\033[31mRED')" > "$T/o" 2> "$T/e"); rc=$?
check "d7: a lesson name with a newline and ESC: exit 2, one line, no ESC byte (rc $rc)" \
    "[ $rc -eq 2 ] && only_line $T/e 'no.x0asuch.x1b.31mRED' && ! grep -q \"\$(printf '\\033')\" $T/e"
mkdir -p "$L/lessons"
printf 'title \033[31mRED\033[0m title\nsay hi\n' > "$L/lessons/01-esc.lesson"
(cd "$L" && "$BIN" lessons > "$T/o" 2> "$T/e"); rc=$?
check "d7: 'losslab lessons' prints a title with escape sequences inert (rc $rc)" \
    "[ $rc -eq 0 ] && grep -q '01-esc .*.x1b.31mRED' $T/o && ! grep -q \"\$(printf '\\033')\" $T/o"
printf 'title One error\ntrian 1 epoch\n' > "$L/one.lesson"
"$BIN" lesson "$L/one.lesson" --headless > "$T/o" 2> "$T/e"; rc=$?
check "d7: a single parse error is a single stderr line (rc $rc)" "[ $rc -eq 2 ] && only_line $T/e 'one.lesson:2:1: unknown command'"

# d8: a lesson that starts with a UTF-8 byte-order mark
printf '\357\273\277title With a BOM\nsay hi\n' > "$L/bom.lesson"
"$BIN" lesson "$L/bom.lesson" --headless > "$T/o" 2> "$T/e"; rc=$?
check "d8: a UTF-8 BOM before 'title' is skipped (rc $rc)" "[ $rc -eq 0 ] && [ \"\$(head -1 $T/o)\" = 'With a BOM' ]"

# d6 (headless part): the transcript's title underline spans display columns (CJK: two each)
printf 'title \344\270\255\346\226\207\350\257\276\347\250\213\nsay hi\n' > "$L/cjk.lesson"
"$BIN" lesson "$L/cjk.lesson" --headless > "$T/o" 2> "$T/e"; rc=$?
check "d6: a CJK title is underlined with 8 '=' for its 4 wide glyphs (rc $rc)" \
    "[ $rc -eq 0 ] && [ \"\$(sed -n 2p $T/o)\" = '========' ]"

# d13: the headless runner keeps only what it prints: memory stays flat over a long run (under
# ASan with a small quarantine, so that freed blocks are not counted as growth)
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=1 "$BIN" --headless --n 20 --batch 1 --eval-every 1 --epochs 100000 --hidden 1 --dense 1 --threads 1 \
    --models bce,cce1,cce1-frozen,cce1-textbook,cce2 > /dev/null 2>&1 &
pid=$!
sleep 1
r1=$(awk '/^VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0)
sleep 3
r2=$(awk '/^VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0)
kill $pid; wait $pid 2>/dev/null
check "d13: a headless run with an evaluation every step: RSS grows < 2 MB in 3 s (${r1} -> ${r2} kB)" \
    "[ ${r1:-0} -gt 0 ] && [ \$((${r2:-0} - ${r1:-0})) -lt 2048 ]"

echo "$n faults in the catalogue"
finish
