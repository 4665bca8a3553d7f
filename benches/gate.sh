#!/usr/bin/env bash
# The instruction-count gate: runs the workloads of benches/instructions.rs under Valgrind's
# callgrind (only the measured call is counted) and compares each count with the committed
# baseline, benches/gate-baseline.txt. Instruction counts do not move with the machine's load,
# so the gate can be strict where wall-clock benchmarks cannot.
#
# Fails when
#   - a workload needs more than 3% more instructions than HEAD's committed baseline, or
#   - the HEAD commit changes the baseline file and its message has no `Gate:` line saying why.
# A deliberate cost (or a new toolchain) is accepted by committing new counts
# (`benches/gate.sh --update`) in the same commit, with a `Gate: <why>` line in its message.
#
# Usage: benches/gate.sh            check (needs valgrind: apt-get install valgrind)
#        benches/gate.sh --update   write the measured counts into benches/gate-baseline.txt
#        GATE_LIMIT=1.03            the allowed ratio (default 1.03)
set -euo pipefail
cd "$(dirname "$0")/.."

baseline=benches/gate-baseline.txt
limit="${GATE_LIMIT:-1.03}"
update=0
[ "${1:-}" = "--update" ] && update=1

command -v valgrind >/dev/null || { echo "gate: valgrind not found (apt-get install valgrind)" >&2; exit 2; }

echo "gate: building benches/instructions.rs (release)" >&2
exe=$(cargo build --release --bench instructions --message-format=json 2>/dev/null \
    | grep -o '"executable":"[^"]*instructions-[^"]*"' | tail -1 | cut -d'"' -f4)
if [ -z "$exe" ] || [ ! -x "$exe" ]; then
    echo "gate: could not build the instructions bench" >&2
    cargo build --release --bench instructions >&2
    exit 2
fi

# The committed baseline (HEAD's, not the working tree's: an uncommitted edit cannot pass).
if [ "$update" = 0 ]; then
    committed=$(git show "HEAD:$baseline" 2>/dev/null) || {
        echo "gate: no committed $baseline (create it with benches/gate.sh --update and commit it)" >&2
        exit 1
    }
    # A baseline changed by HEAD must say why in HEAD's message.
    if git rev-parse -q --verify HEAD~1 >/dev/null \
        && git diff --name-only HEAD~1 HEAD | grep -qx "$baseline"; then
        if ! git log -1 --format=%B HEAD | grep -q '^Gate: *[^ ]'; then
            echo "gate: FAIL: HEAD changes $baseline but its message has no 'Gate: <why>' line" >&2
            exit 1
        fi
        echo "gate: HEAD updates the baseline: $(git log -1 --format=%B HEAD | grep '^Gate:' | head -1)" >&2
    fi
fi

fail=0
measured=""
for w in hold mmc5 dafeng; do
    out=$(valgrind --tool=callgrind --toggle-collect='*gate_measured_*' \
        --callgrind-out-file=/dev/null "$exe" "$w" 2>&1) || {
        echo "$out" >&2
        echo "gate: workload $w failed" >&2
        exit 2
    }
    n=$(echo "$out" | sed -n 's/^==[0-9]*== Collected : \([0-9]*\)$/\1/p')
    [ -n "$n" ] || { echo "$out" >&2; echo "gate: no count for $w" >&2; exit 2; }
    measured+="$w $n"$'\n'
    if [ "$update" = 0 ]; then
        base=$(echo "$committed" | awk -v w="$w" '$1 == w { print $2 }')
        if [ -z "$base" ]; then
            echo "gate: FAIL: $w has no baseline in $baseline" >&2
            fail=1
            continue
        fi
        verdict=$(awk -v w="$w" -v n="$n" -v b="$base" -v l="$limit" 'BEGIN {
            r = n / b; printf "%-7s %13d instructions, baseline %13d: %+6.2f%%", w, n, b, (r - 1) * 100
            if (r > l) print " FAIL"; else if (r < 2 - l) print " (faster: update the baseline)"; else print " ok" }')
        echo "$verdict"
        case "$verdict" in *FAIL) fail=1 ;; esac
    fi
done

if [ "$update" = 1 ]; then
    {
        echo "# Instructions per workload of benches/instructions.rs under callgrind (benches/gate.sh)."
        echo "# $(rustc --version), $(valgrind --version). Update only with a 'Gate: <why>' line in the commit message."
        printf '%s' "$measured"
    } >"$baseline"
    cat "$baseline"
    exit 0
fi
if [ "$fail" = 1 ]; then
    echo "gate: FAIL: more than $(awk -v l="$limit" 'BEGIN { printf "%g", (l - 1) * 100 }')% more instructions than $baseline." >&2
    echo "gate: if the cost is deliberate, run benches/gate.sh --update and commit the baseline with a 'Gate: <why>' line." >&2
    exit 1
fi
echo "gate: ok"
