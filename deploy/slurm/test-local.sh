#!/usr/bin/env bash
# Run firesim on a real Slurm, here: bring up a one-node cluster (munged, slurmctld and
# slurmd from Debian's munge and slurm-wlm, installed if missing) with its own key,
# configuration, ports and state in a temporary folder, submit the Dafeng comparison as a
# 4-task job array (deploy/slurm/firesim-array.sbatch) plus its dependent merge job, and
# a small Dafeng robustness study as a 3-task array plus its merge, and check that each
# merged folder is byte for byte what one machine writes (all but performance.json).
# Stops the daemons it started, by pid, whatever happens.
#
# Usage: deploy/slurm/test-local.sh [REPS]   (default 40, or $FIRESIM_TEST_REPS)
# Needs root (to install packages and run slurmd); talks only to 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/../.."

reps="${1:-${FIRESIM_TEST_REPS:-40}}"
shards=4
started=$(date +%s)

missing=0
for b in munged slurmctld slurmd sbatch squeue scontrol; do
    command -v "$b" >/dev/null || missing=1
done
if [ "$missing" = 1 ]; then
    echo "== installing slurm-wlm and munge"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slurm-wlm munge
fi

echo "== building firesim (release)"
cargo build --release --quiet
export FIRESIM="$PWD/target/release/firesim"

work=$(mktemp -d /tmp/firesim-slurm.XXXXXX)
chmod 755 "$work"
mkdir -p "$work/munge" "$work/state" "$work/spool" "$work/logs"
chmod 700 "$work/munge"
pids=()
cleanup() {
    status=$?
    # Newest first: slurmd, slurmctld, then munged.
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
        kill "${pids[i]}" 2>/dev/null || true
        wait "${pids[i]}" 2>/dev/null || true
    done
    if [ "$status" != 0 ]; then
        echo "-- logs (kept in $work)" >&2
        tail -n 20 "$work"/logs/* >&2 || true
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT

echo "== starting munged, slurmctld and slurmd (state in $work)"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge/munge.key"
munged --foreground --force --socket="$work/munge/munge.socket" \
    --key-file="$work/munge/munge.key" --pid-file="$work/munge/munged.pid" \
    --seed-file="$work/munge/munged.seed" --log-file="$work/logs/munged.log" \
    >"$work/logs/munged.out" 2>&1 &
pids+=($!)

host=$(hostname -s)
cpus=$(nproc)
mem_mb=$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)
# Ports away from Slurm's defaults (6817/6818), so a site's own Slurm is left alone.
port=$((20000 + ($$ % 5000) * 2))
export SLURM_CONF="$work/slurm.conf"
cat >"$SLURM_CONF" <<EOF
# One node, everything on 127.0.0.1, no accounting, no cgroups (works in a container).
ClusterName=firesim-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/logs/slurmctld.log
SlurmdLogFile=$work/logs/slurmd.log
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
for _ in $(seq 50); do
    [ -S "$work/munge/munge.socket" ] && break
    sleep 0.1
done
slurmctld -D -i -f "$SLURM_CONF" >"$work/logs/slurmctld.out" 2>&1 &
pids+=($!)
sleep 1
slurmd -D -f "$SLURM_CONF" >"$work/logs/slurmd.out" 2>&1 &
pids+=($!)
for _ in $(seq 60); do
    state=$(sinfo -h -n "$host" -o %t 2>/dev/null || true)
    [ "$state" = idle ] && break
    sleep 1
done
if [ "$state" != idle ]; then
    echo "the Slurm node did not come up (state: ${state:-none})" >&2
    exit 1
fi

echo "== submitting: $shards-task array (compare scenarios/dafeng.toml --reps $reps) + merge"
per_task=$((cpus >= 2 ? 2 : 1))
array=$(sbatch --parsable --array=0-$((shards - 1)) --cpus-per-task="$per_task" \
    --output="$work/logs/%x-%A_%a.out" \
    deploy/slurm/firesim-array.sbatch compare scenarios/dafeng.toml --reps "$reps" \
    --out "$work/parts")
merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes \
    --cpus-per-task=1 --job-name=firesim-merge --output="$work/logs/%x-%j.out" \
    deploy/slurm/firesim-array.sbatch merge "$work/parts" --out "$work/merged")
echo "array job $array, merge job $merge"

# A robustness study, small enough to take seconds: 2 rows × (2 inputs + 2) = 8 design
# points × 2 replications = 16 work items over 3 shards (blocks of 5, 5 and 6 items, so
# shards end inside a design point), 2 rollouts.
rshards=3
robustness=(robustness scenarios/dafeng.toml --uncertain tests/fixtures/uncertain/cruise-and-call.toml
    --uncertain-only --points 2 --reps 2 --rollouts plan,front_loaded --bootstrap 50)
echo "== submitting: $rshards-task array (${robustness[*]}) + merge"
rarray=$(sbatch --parsable --array=0-$((rshards - 1)) --cpus-per-task="$per_task" \
    --output="$work/logs/%x-%A_%a.out" \
    deploy/slurm/firesim-array.sbatch "${robustness[@]}" --out "$work/rparts")
rmerge=$(sbatch --parsable --dependency="afterok:$rarray" --kill-on-invalid-dep=yes \
    --cpus-per-task=1 --job-name=firesim-rmerge --output="$work/logs/%x-%j.out" \
    deploy/slurm/firesim-array.sbatch merge "$work/rparts" --out "$work/rmerged")
echo "array job $rarray, merge job $rmerge"

echo "== meanwhile, the same comparison and study on this machine"
"$FIRESIM" compare scenarios/dafeng.toml --reps "$reps" --out "$work/single" >/dev/null 2>"$work/logs/single.err"
"$FIRESIM" "${robustness[@]}" --out "$work/rsingle" >/dev/null 2>"$work/logs/rsingle.err"

deadline=$(($(date +%s) + 900))
while [ -n "$(squeue -h -j "$array,$merge,$rarray,$rmerge" 2>/dev/null)" ]; do
    if [ "$(date +%s)" -gt "$deadline" ]; then
        echo "the Slurm jobs did not finish within 15 minutes" >&2
        squeue >&2
        exit 1
    fi
    sleep 1
done
# Every task and the merge must have completed (a failed task cancels the merge).
{ for j in "$array" "$merge" "$rarray" "$rmerge"; do scontrol -o show job "$j"; done; } |
    grep -o 'JobId=[0-9]* \(ArrayJobId=[0-9]* ArrayTaskId=[0-9]* \)\?JobName=[^ ]*\|JobState=[A-Z_]*' |
    paste - - || true
if [ "$(scontrol -o show job "$array" | grep -c 'JobState=COMPLETED')" != "$shards" ] ||
    ! scontrol -o show job "$merge" | grep -q 'JobState=COMPLETED' ||
    [ "$(scontrol -o show job "$rarray" | grep -c 'JobState=COMPLETED')" != "$rshards" ] ||
    ! scontrol -o show job "$rmerge" | grep -q 'JobState=COMPLETED'; then
    echo "a Slurm job did not complete" >&2
    exit 1
fi

# same WHAT N PARTS SINGLE MERGED: the merged folder is byte for byte the single run's.
same() {
    echo "== $1 merged (Slurm, $2 shards) vs single machine"
    ls -l "$3"
    if ! diff -r -q -x performance.json "$4" "$5"; then
        echo "the merged $1 differs from the single-machine run" >&2
        exit 1
    fi
    echo "identical: $(find "$5" -type f ! -name performance.json | wc -l) files (all but performance.json)"
}
same comparison "$shards" "$work/parts" "$work/single" "$work/merged"
same "robustness study" "$rshards" "$work/rparts" "$work/rsingle" "$work/rmerged"
echo "$(($(date +%s) - started)) s in all"
