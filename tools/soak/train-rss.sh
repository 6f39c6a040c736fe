#!/usr/bin/env bash
# Memory soak: a long tiny training (RepMLPNet-Demo on the bundled Fashion-MNIST subset, batch 16:
# 312 steps an epoch) sampling the process's resident memory (VmRSS) every few seconds. Memory
# must not grow with the number of steps: compare the RSS after the first epoch with the end.
# Usage: tools/soak/train-rss.sh [EPOCHS (default 10 = 3,120 steps)] [OUT_DIR (default: a temp dir)]
# Writes OUT_DIR/rss.csv (seconds, steps done, rss_mb) and prints start/end/peak. Run it alone
# (no other libtorch job): OMP_NUM_THREADS=1 REPMLP_JAVA_OPTS=-Dai.djl.pytorch.num_threads=1.
# REPMLP (default: the repository's ./repmlp) is the command that runs the CLI; it must exec java
# (same pid), as ./repmlp does.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
epochs="${1:-10}"
out="${2:-$(mktemp -d)}"
mkdir -p "$out"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
export REPMLP_JAVA_OPTS="${REPMLP_JAVA_OPTS:--Dai.djl.pytorch.num_threads=1}"
repmlp="${REPMLP:-$root/repmlp}"
$repmlp --version >/dev/null # builds the engine first if needed, outside the measurement
$repmlp train --epochs "$epochs" --batch-size 16 --set val_every="$epochs" \
  --checkpoint-steps 100 --out "$out/runs" --name soak >"$out/train.out" 2>&1 &
launcher=$!
sleep 2
# the launcher execs java: same pid
pid=$launcher
echo "seconds,steps,rss_mb" >"$out/rss.csv"
t0=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
  rss_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo "")
  steps=$(grep -c '"type":"step"' "$out/runs/soak/metrics.jsonl" 2>/dev/null || true)
  steps=${steps:-0}
  if [[ -n "$rss_kb" ]]; then
    echo "$(($(date +%s) - t0)),$steps,$((rss_kb / 1024))" >>"$out/rss.csv"
  fi
  sleep 3
done
wait "$launcher" || { echo "training failed; see $out/train.out" >&2; exit 1; }
steps_per_epoch=312
awk -F, -v spe="$steps_per_epoch" 'NR > 1 && NF == 3 {
    if (!start && $2 >= spe) { start = $3; start_steps = $2 }
    if ($3 > peak) peak = $3
    end = $3; end_steps = $2; secs = $1
  }
  END {
    printf "RSS after epoch 1 (%d steps): %d MB; at the end (%d steps, %d s): %d MB; peak %d MB\n",
      start_steps, start, end_steps, secs, end, peak
  }' "$out/rss.csv"
echo "samples: $out/rss.csv; run: $out/runs/soak"
