#!/usr/bin/env bash
# Runs `repmlp bench` for every released preset (eval-mode inference of the train-time, deploy-time
# and fused deploy structures at batch 1 and 16, a training step at batch 16) and prints a
# Markdown table. Each configuration runs in its own process (clean peak memory); one that fails
# (out of memory, say) is shown as "-" with its exit status.
#   tools/bench/presets.sh [THREADS] [PRESET ...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
threads="${1:-2}"
shift || true
presets=("$@")
if [[ ${#presets[@]} == 0 ]]; then
  presets=(RepMLPNet-T224 RepMLPNet-B224 RepMLPNet-T256 RepMLPNet-B256 RepMLPNet-D256 RepMLPNet-L256)
fi
"$root/repmlp" --version >/dev/null
cell() {
  local out rc=0
  out="$("$root/repmlp" bench -a "$1" --mode "$2" -b "$3" --threads "$threads" \
    --warmup "${WARMUP:-1}" --iters "${ITERS:-3}" --json 2>/dev/null | tail -1)" || rc=$?
  if [[ $rc != 0 ]]; then
    echo "- (exit $rc)"
    return
  fi
  printf '%s' "$out" | python3 -c 'import json,sys; r=json.load(sys.stdin); print("%.3f s, %.2f img/s, %.0f MB" % (r["median_s"], r["images_per_sec"], r["peak_rss_mb"]))'
}
echo "| preset | batch | infer-train | infer-deploy | infer-deploy-fused | train-step (AdamW) |"
echo "|---|---|---|---|---|---|"
for p in "${presets[@]}"; do
  for b in 1 16; do
    train="-"
    if [[ $b == 16 ]]; then train="$(cell "$p" train-step "$b")"; fi
    echo "| $p | $b | $(cell "$p" infer-train "$b") | $(cell "$p" infer-deploy "$b") | $(cell "$p" infer-deploy-fused "$b") | $train |"
  done
done
