#!/bin/sh
# Fuzzing driver for the Makefile (make fuzz, make test). Not needed by hand.
#   sh tests/fuzz/fuzz.sh check CC              exit 0 if CC builds and links a libFuzzer target
#   sh tests/fuzz/fuzz.sh setup CC              install clang + libclang-rt-14-dev from Debian if not
#   sh tests/fuzz/fuzz.sh run DIR SECONDS NAME...
#       for each fuzzer NAME (binary DIR/fuzz_NAME): replay every file of tests/fuzz/corpus/NAME
#       (the seeds and every crasher ever found: regression inputs), then, if SECONDS > 0, fuzz
#       for SECONDS with tests/fuzz/NAME.dict. New inputs go to DIR/corpus/NAME, crashes to
#       DIR/crashes/ (copy a crasher into tests/fuzz/corpus/NAME once it is fixed). A single
#       allocation over 64 MB is a finding: no input here (<= 64 KB) needs that much.
set -u
mode=${1:-}
here=$(cd "$(dirname "$0")" && pwd)

check() {
    cc=$1
    command -v "$cc" >/dev/null 2>&1 || return 1
    t=$(mktemp -d) || return 1
    printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' > "$t/f.c"
    "$cc" -fsanitize=fuzzer,address,undefined -o "$t/f" "$t/f.c" >/dev/null 2>&1 && "$t/f" -runs=1 >/dev/null 2>&1
    r=$?
    rm -rf "$t"
    return $r
}

case "$mode" in
check)
    check "${2:-clang}"
    ;;
setup)
    cc=${2:-clang}
    check "$cc" && exit 0
    echo "fuzz setup: installing clang and libclang-rt-14-dev (libFuzzer runtime)"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq || exit 1
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq clang libclang-rt-14-dev || exit 1
    check "$cc" || { echo "fuzz setup: $cc still cannot link -fsanitize=fuzzer"; exit 1; }
    ;;
run)
    dir=$2; secs=$3; shift 3
    fail=0
    for name in "$@"; do
        bin=$dir/fuzz_$name
        seeds=$here/corpus/$name
        mkdir -p "$dir/corpus/$name" "$dir/crashes"
        n=$(find "$seeds" -type f | wc -l)
        # replay: every corpus file once (seeds and fixed crashers)
        if find "$seeds" -type f -print0 | xargs -0 "$bin" -rss_limit_mb=2048 -malloc_limit_mb=64 > "$dir/replay_$name.log" 2>&1; then
            echo "ok   - fuzz_$name replays its $n corpus inputs"
        else
            echo "FAIL - fuzz_$name replay (log: $dir/replay_$name.log)"; tail -30 "$dir/replay_$name.log"; fail=1; continue
        fi
        [ "$secs" -gt 0 ] 2>/dev/null || continue
        dict=""
        [ -f "$here/$name.dict" ] && dict="-dict=$here/$name.dict"
        if "$bin" "$dir/corpus/$name" "$seeds" $dict -max_total_time="$secs" -max_len=65536 -timeout=10 \
            -rss_limit_mb=2048 -malloc_limit_mb=64 -print_final_stats=1 -artifact_prefix="$dir/crashes/${name}-" \
            > "$dir/fuzz_$name.log" 2>&1; then
            execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/fuzz_$name.log")
            echo "ok   - fuzz_$name ran ${secs}s, ${execs:-?} executions, no finding"
        else
            echo "FAIL - fuzz_$name found a bug (log: $dir/fuzz_$name.log, input in $dir/crashes/)"
            grep -E 'ERROR|check failed|SUMMARY|Test unit written' "$dir/fuzz_$name.log" | head -10
            fail=1
        fi
    done
    exit $fail
    ;;
*)
    echo "usage: sh tests/fuzz/fuzz.sh check|setup CC | run DIR SECONDS NAME..." >&2
    exit 2
    ;;
esac
