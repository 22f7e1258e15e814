#!/bin/sh
# make bench: the default build (one binary, kernels chosen at start-up) against a -march=native
# build of the same source, alternating the two binaries REPS times per case; best run kept.
# Two figures per case, both from `losslab bench CASE`:
#   samples/s   training throughput over wall time (what the program prints)
#   per cpu-s   samples trained per second of CPU time the process used (user + system, from the
#               shell's `times`). On a shared machine the wall figure counts the time other
#               processes hold the cores; this one does not. With --threads 2 it also counts the
#               pool's spin-waiting, so the threads-1 cases are the cleanest comparison.
# Usage: sh tools/bench_builds.sh DEFAULT_BIN NATIVE_BIN REPS "CASE ARGS" ...
set -u
A=$1; B=$2; REPS=$3; shift 3
echo "default: $A: $($A --version | tail -1)"
echo "native:  $B: $($B --version | tail -1)"
TM=$(mktemp); OUT=$(mktemp)
trap 'rm -f "$TM" "$OUT"' EXIT
# one `bench` run: prints "WALL_SAMPLES_PER_S SAMPLES_PER_CPU_S"
run() {
    bin=$1; shift
    times > "$TM"; before=$(tail -1 "$TM")
    "$bin" bench "$@" > "$OUT" 2>&1
    times > "$TM"; after=$(tail -1 "$TM")
    sps=$(sed -n 's/.*total_samples_per_s=\([0-9]*\).*/\1/p' "$OUT")
    secs=$(echo "$@" | sed -n 's/.*--seconds \([0-9.]*\).*/\1/p')
    echo "$before $after" | awk -v sps="${sps:-0}" -v secs="${secs:-3}" '
        function s(t) { split(t, p, "m"); sub("s", "", p[2]); return p[1] * 60 + p[2] }
        { cpu = (s($3) + s($4)) - (s($1) + s($2)); printf "%d %d\n", sps, (cpu > 0 ? sps * secs / cpu : 0) }'
}
for c in "$@"; do
    wa=0; wb=0; ca=0; cb=0; r=0
    while [ $r -lt "$REPS" ]; do
        # shellcheck disable=SC2086
        set -- $(run "$A" $c) $(run "$B" $c)
        [ "$1" -gt "$wa" ] && wa=$1; [ "$2" -gt "$ca" ] && ca=$2
        [ "$3" -gt "$wb" ] && wb=$3; [ "$4" -gt "$cb" ] && cb=$4
        r=$((r + 1))
    done
    awk -v c="$c" -v wa="$wa" -v wb="$wb" -v ca="$ca" -v cb="$cb" 'BEGIN {
        printf "bench %s\n", c
        printf "  samples/s (wall):   default %7d  native %7d  default/native %5.1f%%\n", wa, wb, (wb > 0 ? 100 * wa / wb : 0)
        printf "  samples per cpu-s:  default %7d  native %7d  default/native %5.1f%%\n", ca, cb, (cb > 0 ? 100 * ca / cb : 0) }'
done
