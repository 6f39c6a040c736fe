#!/usr/bin/env bash
# Data pipeline side by side, in one invocation: upstream's transforms with torchvision + PIL
# (tools/bench/torchvision_data_bench.py) and ours (`repmlp bench --mode data-eval|data-train`),
# one after the other, never at the same time, then a ratio table (ours / torchvision).
#   UPSTREAM_DIR=/path/to/RepMLP tools/bench/data_side_by_side.sh DIR [RES] [WORKERS] [SECONDS]
# DIR: an ImageFolder (tools/bench/make_bench_jpegs.py DIR makes 200 500x375 JPEGs). Rows: one
# worker (one core: a plain loop in one process with one thread for torchvision, --workers 1 for us)
# and WORKERS workers (default: the cores; DataLoader with that many processes for torchvision).
# Run it alone on the machine (check `uptime`); the load average is printed with the table.
# Until `repmlp bench` has the data modes, "ours" at one worker comes from the single-thread harness
# tools/bench/data_harness.sh (the same transforms) and the N-worker row is left out.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="${1:?usage: data_side_by_side.sh DIR [RES] [WORKERS] [SECONDS]}"
res="${2:-224}"
workers="${3:-$(getconf _NPROCESSORS_ONLN)}"
seconds="${4:-20}"
py="${PYTHON:-/usr/bin/python3}"
: "${UPSTREAM_DIR:?set UPSTREAM_DIR to a checkout of DingXiaoH/RepMLP (for RandAugPolicy)}"
export OMP_NUM_THREADS=1
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$root/repmlp" --version >/dev/null
has_data_modes=0
if "$root/repmlp" bench --help 2>/dev/null | grep -q "data-eval"; then
  has_data_modes=1
fi
tv() { "$py" "$root/tools/bench/torchvision_data_bench.py" --data "$data" --mode "$1" -r "$res" --workers "$2" --seconds "$seconds" | tail -1; }
ours() {
  if [[ $has_data_modes == 1 ]]; then
    # as many images as torchvision did in its SECONDS, so both sides run long enough for a
    # steady state (a single pass over 200 files is mostly JIT warm-up for the JVM)
    "$root/repmlp" bench --mode "$1" --data "$data" -r "$res" --workers "$2" --images "$3" \
      --json 2>/dev/null | tail -1
  elif [[ $2 == 1 ]]; then
    "$root/tools/bench/data_harness.sh" "$data" "$res" "$seconds" "${1#data-}" 2>/dev/null | tail -1
  else
    echo '{}'
  fi
}
{
  for mode in data-eval data-train; do
    for w in 1 "$workers"; do
      tw=$w; [[ $w == 1 ]] && tw=0
      t="$(tv "$mode" "$tw")"
      echo "torchvision $mode $w $t"
      n="$("$py" -c 'import json,sys; print(max(200, int(json.loads(sys.argv[1])["images"])))' "$t")"
      echo "ours $mode $w $(ours "$mode" "$w" "$n")"
    done
  done
} | tee "$out/raw.txt" >&2
echo "load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg), $(getconf _NPROCESSORS_ONLN) cores"
"$py" - "$out/raw.txt" <<'PY'
import json, sys
rows = {}
for line in open(sys.argv[1]):
    who, mode, w, js = line.split(" ", 3)
    d = json.loads(js)
    rows.setdefault((mode, int(w)), {})[who] = (d.get("images_per_second"), d.get("cpu_images_per_second"))
def ratio(o, t):
    return "%.2fx" % (o / t) if t and o else "n/a"
def num(v):
    return "%.1f" % v if v else "n/a"
print("| transform | workers | torchvision+PIL img/s | ours img/s | ours / torchvision | per CPU-second: torchvision, ours, ratio |")
print("|---|---|---|---|---|---|")
for (mode, w), r in rows.items():
    (t, tc), (o, oc) = r.get("torchvision", (None, None)), r.get("ours", (None, None))
    cpu = "%s, %s, %s" % (num(tc), num(oc), ratio(oc, tc)) if tc and oc else "n/a"
    print("| %s | %d | %s | %s | %s | %s |" % (mode, w, num(t), num(o), ratio(o, t), cpu))
PY
