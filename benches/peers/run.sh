#!/usr/bin/env bash
# Side by side: the same M/M/5 queue (a = λ/μ = 4, ~1,000,000 arrivals, FIFO) in SimPy and
# in firesim (benches/peers/mmc5.toml, one replication on one thread). Installs SimPy into
# benches/peers/.venv if missing, runs both, checks both against Erlang C, and prints
# customers per second for each and the ratio.
#
# Usage: benches/peers/run.sh   (from anywhere; PYTHON=python3.11 by default)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
py="${PYTHON:-python3.11}"
venv="$here/.venv"

if [ ! -x "$venv/bin/python" ]; then
    echo "creating $venv" >&2
    "$py" -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import simpy" 2>/dev/null; then
    echo "installing SimPy from PyPI into $venv" >&2
    "$venv/bin/python" -m pip install --quiet "simpy==4.1.1"
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

echo "building firesim (release)" >&2
(cd "$root" && cargo build --release --quiet)
echo "running firesim: 1 replication, 1 thread" >&2
(cd "$root" && ./target/release/firesim run "$here/mmc5.toml" --threads 1 --reps 1 \
    --no-responses --out "$out/firesim" >/dev/null)
echo "running SimPy: 1,000,000 customers" >&2
"$venv/bin/python" "$here/mmc_simpy.py" 1000000 5 > "$out/simpy.json"

"$venv/bin/python" - "$out/firesim" "$out/simpy.json" <<'PY'
import json, math, sys

fs_dir, simpy_file = sys.argv[1], sys.argv[2]
perf = json.load(open(f"{fs_dir}/performance.json"))
summ = json.load(open(f"{fs_dir}/summary.json"))
sp = json.load(open(simpy_file))
year = summ["years"][0]

def mean(x):
    return x["mean"] if isinstance(x, dict) else x

fs = {
    "customers": perf["incidents"],
    "customers_per_s": perf["incidents_per_s"],
    "share_waited": mean(year["queue"]["share_waited"]),
    "mean_wait_s": mean(year["queue"]["mean_wait_s"]),
}

# Erlang C for c = 5, a = 4, 1/mu = 126.144 s.
c, a, service = 5, 4.0, 126.144
head = sum(a**k / math.factorial(k) for k in range(c))
tail = a**c / math.factorial(c) * c / (c - a)
p_wait = tail / (head + tail)
wq = p_wait * service / (c - a)

# Tolerance: 4 batch-means standard errors of a 1,000,000-customer run (from the SimPy
# run; same model and sample size, so the same sampling error applies to firesim's).
tol_p = 4 * sp["se_share_waited"]
tol_w = 4 * sp["se_mean_wait_s"]
ok = True
print(f"Erlang C: P(wait) = {p_wait:.4f}, Wq = {wq:.2f} s   "
      f"(tolerance ±{tol_p:.4f}, ±{tol_w:.2f} s: 4 batch-means SEs)")
for name, r in (("firesim", fs), ("SimPy", sp)):
    dp, dw = r["share_waited"] - p_wait, r["mean_wait_s"] - wq
    good = abs(dp) <= tol_p and abs(dw) <= tol_w
    ok &= good
    print(f"{name:8} {r['customers']:>9,} customers  P(wait) {r['share_waited']:.4f} ({dp:+.4f})  "
          f"Wq {r['mean_wait_s']:7.2f} s ({dw:+.2f})  {'ok' if good else 'OUTSIDE TOLERANCE'}  "
          f"{r['customers_per_s']:>12,.0f} customers/s")
print(f"ratio firesim / SimPy: {fs['customers_per_s'] / sp['customers_per_s']:.0f}x")
sys.exit(0 if ok else 1)
PY
