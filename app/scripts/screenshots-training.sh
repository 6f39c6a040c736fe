#!/usr/bin/env bash
# Trains RepMLPNet-Demo on the bundled Fashion-MNIST subset for 3 epochs in the workbench (headless,
# no display needed) and saves train.png (the Train page in the third epoch: live charts, progress,
# log) and runs.png (the Runs page with the finished run opened), and runs-compare.png (two hand-made
# runs compared: settings, notes, smoothed loss) into docs/screenshots/, or into the
# directory given as the first argument. Takes a few minutes on a laptop CPU. Extra Maven flags go
# in MVN_ARGS, e.g. MVN_ARGS=-o.
# Usage: app/scripts/screenshots-training.sh [out-dir]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$(realpath -m "${1:-$root/docs/screenshots}")"
cd "$root"
mkdir -p "$out"
# shellcheck disable=SC2086  # MVN_ARGS holds several flags
./mvnw -q -B ${MVN_ARGS:-} -pl app -am test -Dtest=TrainingScreenshotsTest,RunComparisonViewTest \
  -Dsurefire.failIfNoSpecifiedTests=false -Dscreenshots.dir="$out"
echo "screenshots in $out: train.png runs.png runs-compare.png" >&2
