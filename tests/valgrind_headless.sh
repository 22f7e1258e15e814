#!/bin/sh
# Headless runs under valgrind memcheck: no invalid access, no uninitialised use, no leak
# (definite, indirect or possible), on success, on bad input, on a failing write and on SIGTERM.
# Run by `make valgrind` (part of the plain `make test` when valgrind is installed) on the default
# build: valgrind cannot execute AVX-512, and its synthetic CPU does not report it, so the
# start-up choice (src/nn/kern.h) takes the AVX2 or the portable kernels under valgrind.
# Usage: LOSSLAB=build/rel/losslab sh tests/valgrind_headless.sh
set -u
BIN=${LOSSLAB:-build/rel/losslab}
FX=$(cd "$(dirname "$0")" && pwd)/fixtures/faults
if ! command -v valgrind >/dev/null 2>&1; then
    echo "note: valgrind is not installed: the valgrind run is skipped"; exit 0
fi
if grep -q __asan_init "$BIN" 2>/dev/null; then
    echo "note: $BIN is built with ASan, which valgrind cannot run: skipped"; exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible --show-leak-kinds=definite,indirect,possible"
pass=0; fail=0
# vg NAME EXPECTED_RC ARGS...: the exit code is the program's, valgrind printed nothing of its own
vg() {
    name=$1; want=$2; shift 2
    $VG "$BIN" "$@" > "$T/o" 2> "$T/e"; rc=$?
    if [ $rc -eq "$want" ] && ! grep -q '^==[0-9]*==' "$T/e"; then pass=$((pass + 1)); echo "ok   - valgrind: $name"
    else fail=$((fail + 1)); echo "FAIL - valgrind: $name (rc=$rc, want $want)"; grep '^==' "$T/e" | head -30; fi
}
vg "--headless --n 500 --epochs 1" 0 --headless --n 500 --epochs 1
vg "five set-ups, --eval-every, 2 threads, --csv" 0 --headless --n 200 --epochs 1 --hidden 8 \
    --models bce,cce1,cce1-frozen,cce1-textbook,cce2 --eval-every 2 --threads 2 --csv "$T/out.csv"
vg "--data with one-hot encoding" 0 --headless --data "$FX/good_t1.csv" --timesteps 1 --encoding onehot --epochs 2 --models bce,cce2
vg "--export" 0 --export "$T/x.csv" --n 100
vg "bad CSV (exit 2)" 2 --headless --data "$FX/nan.csv" --timesteps 1
vg "bad option (exit 2)" 2 --headless --epochs 0
[ -w /dev/full ] && vg "--csv /dev/full (exit 1)" 1 --headless --n 300 --epochs 100000 --csv /dev/full
vg "bench" 0 bench --hidden 8 --models bce --seconds 0.1 --threads 1
vg "--svg, --lr-schedule, --csv (atomic files)" 0 --headless --n 200 --epochs 2 --hidden 8 --lr-schedule 3:0.01 \
    --svg "$T/c.svg" --csv "$T/c.csv"
vg "replay --cast (rendered on the virtual clock)" 0 replay "$(dirname "$0")/fixtures/lessons/export.lesson" \
    --cast "$T/e.cast" --svg "$T/e.svg" --pace 0.5 --threads 1

# SIGTERM mid-run: exit 130, still clean
$VG "$BIN" --headless --n 300 --epochs 100000 --hidden 8 --models bce --threads 1 --csv "$T/sig.csv" > /dev/null 2> "$T/e" &
pid=$!
i=0; while [ $i -lt 600 ] && ! { [ -e "$T/sig.csv" ] && [ "$(wc -l < "$T/sig.csv")" -ge 4 ]; }; do sleep 0.1; i=$((i + 1)); done
kill -s TERM $pid; wait $pid; rc=$?
if [ $rc -eq 130 ] && ! grep -q '^==[0-9]*==' "$T/e"; then pass=$((pass + 1)); echo "ok   - valgrind: SIGTERM mid-run (exit 130)"
else fail=$((fail + 1)); echo "FAIL - valgrind: SIGTERM mid-run (rc=$rc)"; grep '^==' "$T/e" | head -30; fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
