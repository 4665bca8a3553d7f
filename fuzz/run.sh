#!/usr/bin/env bash
# Fuzz one target until it has used a CPU-time budget, then stop and print the CPU time.
#
#   fuzz/run.sh TARGET CPU_SECONDS [extra libFuzzer flags]
#
# With WALL_SECONDS set, it also stops after that much wall time, budget used or not;
# with NO_BUILD set, it runs the binary already built.
#
# Builds the targets (nightly, no sanitizer: the library is safe Rust, so what is looked for
# is panics, hangs and runaway memory; debug assertions and overflow checks on, as in
# `cargo test`), then runs libFuzzer as one process under `nice -n 19`, with a memory limit
# (`-rss_limit_mb`, `-malloc_limit_mb`) and a per-input time limit (`-timeout`), and stops
# it once it has used CPU_SECONDS of CPU (user + system, from /proc), which on a shared
# machine can take much longer in wall time. A panic, hang or out-of-memory also stops it,
# with the input saved under fuzz/artifacts/TARGET/. The last line printed is the CPU time
# measured by /usr/bin/time for the whole run; the libFuzzer log is
# fuzz/artifacts/TARGET/fuzz.log.
set -euo pipefail
cd "$(dirname "$0")"
target=$1
budget=$2
shift 2

case $target in
    scenario_toml) max_len=32768 ;;
    report_data) max_len=16384 ;;
    part_file) max_len=24576 ;;
    *) max_len=8192 ;;
esac

[ -n "${NO_BUILD:-}" ] || cargo +nightly fuzz build -s none -a "$target" >&2
bin=target/x86_64-unknown-linux-gnu/release/$target
mkdir -p "corpus/$target" "artifacts/$target"

# CPU seconds (user + system) a process has used.
cpu_of() {
    if [ -r "/proc/$1/stat" ]; then
        sed 's/^.*) //' "/proc/$1/stat" | awk -v hz="$(getconf CLK_TCK)" '{print int(($12 + $13) / hz)}'
    else
        echo 0
    fi
}

log=artifacts/$target/fuzz.log
/usr/bin/time -f "$target: %U s user + %S s system CPU, %e s wall, max RSS %M KB" \
    nice -n 19 "$bin" "$PWD/corpus/$target" \
    -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=10 -max_len=$max_len \
    -artifact_prefix="$PWD/artifacts/$target/" -print_final_stats=1 "$@" \
    >"$log" 2>&1 &
timer=$!
sleep 2
fuzzer=$(pgrep -P "$timer" || true)
deadline=$((SECONDS + ${WALL_SECONDS:-315360000}))
while kill -0 "$timer" 2>/dev/null; do
    if [ "$(cpu_of "$fuzzer")" -ge "$budget" ] || [ "$SECONDS" -ge "$deadline" ]; then
        kill -INT "$fuzzer" 2>/dev/null || true
        break
    fi
    sleep 10
done
wait "$timer" || true
grep -E "^(==[0-9]+== ERROR|SUMMARY|artifact_prefix|Test unit written)" "$log" || true
tail -n 1 "$log"
