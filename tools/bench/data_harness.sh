#!/usr/bin/env bash
# Single-thread images/s and per-stage profile of our eval and raug15 train transforms
# (engine/src/test/java/dev/repmlp/engine/data/DataPipelineBench.java), one JSON line per mode.
#   tools/bench/data_harness.sh DIR [RES] [SECONDS] [MODES]      (MODES: decode,eval,train)
# REPMLP_JAVA_OPTS=-Drepmlp.jpeg.decoder=turbojpeg|opencv|imageio picks the JPEG decoder (default: auto).
# Builds the engine's classes and test classes first (no tests run).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
(cd "$root" && ./mvnw -B -q -o -pl engine package -DskipTests -Dspotless.check.skip=true >&2)
cp="$root/engine/target/classes:$root/engine/target/test-classes:$root/engine/target/lib/*"
java_opts=(${REPMLP_JAVA_OPTS:-})
exec java "${java_opts[@]}" -XX:ActiveProcessorCount=1 -cp "$cp" dev.repmlp.engine.data.DataPipelineBench "$@"
