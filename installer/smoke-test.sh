#!/usr/bin/env bash
# Smoke test of an installed RepMLP Workbench (or of an app image before packaging), run the way a
# lab machine without a JDK runs it:
#   1. `repmlp --version`, `repmlp check -a RepMLPNet-Demo` and `repmlp test` of the bundled demo
#      model on the bundled demo dataset (the console launcher);
#   2. the launcher's JVM is the bundled runtime under PREFIX (checked with the dynamic linker's log);
#   3. the GUI launcher with --smoke-test under Xvfb (opens the main window, loads the bundled demo
#      model, classifies a sample image) exits 0.
# A `java` on the PATH is replaced by a trap that fails the test, JAVA_HOME is unset and everything
# runs from an empty folder, so the bundled runtime and -Drepmlp.home are all that can be used.
# Needs xvfb (xvfb-run) unless a DISPLAY is set.
# Usage: installer/smoke-test.sh [PREFIX]
#   PREFIX: the installation (default /opt/repmlp-workbench, where the .deb installs) or an app image
#           folder, e.g. "app/target/dist/RepMLP Workbench".
# REPMLP_SMOKE_TIMEOUT (default 180) bounds each step in seconds.
set -euo pipefail
prefix="$(realpath "${1:-/opt/repmlp-workbench}")"
limit="${REPMLP_SMOKE_TIMEOUT:-180}"
cli="$prefix/bin/repmlp"
gui=""
for f in "$prefix"/bin/*; do
  [[ -x "$f" && "$f" != "$cli" ]] && gui="$f" && break
done
[[ -x "$cli" ]] || { echo "smoke-test: no command-line launcher $cli" >&2; exit 2; }
[[ -n "$gui" ]] || { echo "smoke-test: no GUI launcher in $prefix/bin" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/trap" "$work/cwd"
for tool in java javaw jshell; do
  printf '#!/bin/sh\necho "smoke-test: %s was called: the launcher must not use a JDK" >&2\ntouch "%s/jdk-used"\nexit 97\n' \
    "$tool" "$work" >"$work/trap/$tool"
  chmod +x "$work/trap/$tool"
done
export PATH="$work/trap:$PATH"
unset JAVA_HOME JDK_HOME CLASSPATH JAVA_TOOL_OPTIONS JDK_JAVA_OPTIONS _JAVA_OPTIONS
cd "$work/cwd"

failures=0
step() {  # step NAME COMMAND...: runs it with a time limit, shows its output and duration
  local name="$1" start end rc=0
  shift
  echo "== $name"
  start=$(date +%s.%N)
  timeout --kill-after=10 "$limit" "$@" >"$work/out" 2>&1 || rc=$?
  end=$(date +%s.%N)
  sed 's/^/   /' "$work/out"
  if ((rc == 0)); then
    awk -v s="$start" -v e="$end" 'BEGIN { printf "   ok (%.1f s)\n", e - s }'
  else
    echo "   FAILED (exit $rc$( ((rc == 124)) && echo ", timed out after $limit s"))"
    failures=$((failures + 1))
  fi
}

step "repmlp --version" "$cli" --version
step "repmlp check -a RepMLPNet-Demo" "$cli" check -a RepMLPNet-Demo
# the bundled files: demo weights on the demo dataset's val split (1000 images, about 85 % top-1)
app="$prefix/lib/app"
step "repmlp test: bundled demo model on the bundled demo dataset" "$cli" test -a RepMLPNet-Demo \
  "$app/assets/datasets/fashion-mnist-demo" train "$app/assets/models/repmlpnet-demo-fashion-mnist.pth"
# JPEG decoding through the bundled runtime: JNA and the system's libturbojpeg when installed (else
# OpenCV's natives); the bench names the decoder it used
step "repmlp bench --mode data-eval: the bundled sample photos (JPEG)" "$cli" bench --mode data-eval \
  --data "$app/sample-images/photos" -r 64 --workers 1 --images 8

echo "== bundled runtime"
jvm=$(LD_DEBUG=files "$cli" --version 2>&1 >/dev/null | sed -n 's/.*file=\(.*libjvm\.so\) \[.*/\1/p' | head -n 1)
if [[ -n "$jvm" && "$(realpath "$jvm")" == "$prefix"/* ]]; then
  echo "   libjvm: $jvm"
  echo "   ok"
else
  echo "   FAILED: libjvm.so not loaded from $prefix (${jvm:-not found in the linker log})"
  failures=$((failures + 1))
fi

if [[ -n "${DISPLAY:-}" ]]; then
  step "GUI --smoke-test (DISPLAY=$DISPLAY)" "$gui" --smoke-test
else
  step "GUI --smoke-test (Xvfb)" xvfb-run -a -s "-screen 0 1400x900x24" "$gui" --smoke-test
fi

if [[ -e "$work/jdk-used" ]]; then
  echo "smoke-test: a JDK from the PATH was used" >&2
  failures=$((failures + 1))
fi
if ((failures)); then
  echo "smoke-test: $failures check(s) failed for $prefix" >&2
  exit 1
fi
echo "smoke-test: all checks passed for $prefix"
