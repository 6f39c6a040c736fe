#!/usr/bin/env bash
# Runs `repmlp bench` and upstream's PyTorch code side by side on this machine and prints a
# Markdown table (tools/bench/compare_table.py renders it from the raw lines). Needs Debian's python3-torch (+ libopenblas0-pthread) and a checkout of
# upstream (UPSTREAM_DIR). Each configuration runs in its own process (clean peak memory).
#   UPSTREAM_DIR=/path/to/RepMLP tools/bench/compare.sh [ARCH] [THREADS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
arch="${1:-RepMLPNet-T224}"
threads="${2:-2}"
py="${PYTHON:-/usr/bin/python3}"
: "${UPSTREAM_DIR:?set UPSTREAM_DIR to a checkout of DingXiaoH/RepMLP}"
out="$(mktemp -d)"
"$root/repmlp" --version >/dev/null
run_ours() { "$root/repmlp" bench -a "$arch" --mode "$1" -b "$2" --threads "$threads" --warmup "${WARMUP:-1}" --iters "${ITERS:-3}" --json 2>/dev/null | tail -1; }
run_up() { UPSTREAM_DIR="$UPSTREAM_DIR" "$py" "$root/tools/bench/upstream_reference.py" -a "$arch" --mode "$1" -b "$2" --threads "$threads" --warmup "${WARMUP:-1}" --iters "${ITERS:-3}" 2>/dev/null | tail -1; }
{
  for b in 1 16; do
    for m in infer-train infer-deploy; do
      echo "ours $m $b $(run_ours $m $b)"
      echo "upstream $m $b $(run_up $m $b)"
    done
    echo "upstream infer-deploy-inplace $b $(run_up infer-deploy-inplace $b)"
    echo "ours infer-deploy-fused $b $(run_ours infer-deploy-fused $b)"
    echo "ours infer-onnx $b $(run_ours infer-onnx $b)"
  done
  echo "ours train-step 16 $(run_ours train-step 16)"
  echo "upstream train-step 16 $(run_up train-step 16)"
} | tee "$out/raw.txt" >&2
"$py" "$root/tools/bench/compare_table.py" "$out/raw.txt"
