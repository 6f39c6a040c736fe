#!/usr/bin/env bash
# Runs the real workbench under Xvfb and saves a PNG of each page (train, runs, kernels, compare,
# classify) into docs/screenshots/, or into the directory given as the first argument, and into
# its 900x600/, 1280x800/ and 1920x1080/ folders at those window sizes; then
# screenshots-training.sh replaces train.png and runs.png with views of a real demo run.
# The Runs page lists the default runs folder ($REPMLP_RUNS, else ~/repmlp-runs) and opens its best
# completed run: for docs, point REPMLP_RUNS at a folder of a few short demo runs
# (./repmlp train --out=DIR --epochs=3) whose path shows no personal or temporary folder.
# Needs xvfb-run (Debian: xvfb) and libgtk-3-0. Extra Maven flags go in MVN_ARGS, e.g. MVN_ARGS=-o.
# Usage: app/scripts/screenshots.sh [out-dir]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$(realpath -m "${1:-$root/docs/screenshots}")"
cd "$root"
# shellcheck disable=SC2086  # MVN_ARGS holds several flags
./mvnw -q -B ${MVN_ARGS:-} -pl app -am package -DskipTests
mkdir -p "$out"
# shellcheck disable=SC2086  # REPMLP_JAVA_OPTS holds several flags
xvfb-run -a -s "-screen 0 1400x900x24" \
  java ${REPMLP_JAVA_OPTS:-} -jar app/target/repmlp-app.jar --screenshot="$out"
# every page at the minimum window, the default and a large one (layouts must hold at all three)
for size in 900x600 1280x800 1920x1080; do
  mkdir -p "$out/$size"
  # shellcheck disable=SC2086  # REPMLP_JAVA_OPTS holds several flags
  xvfb-run -a -s "-screen 0 1920x1080x24" \
    java ${REPMLP_JAVA_OPTS:-} -jar app/target/repmlp-app.jar --screenshot="$out/$size" --size="$size"
done
# the Train and Runs pages again, with a real run's data instead of their empty states
"$root/app/scripts/screenshots-training.sh" "$out"
echo "screenshots in $out:" >&2
ls -1 "$out"/*.png >&2
