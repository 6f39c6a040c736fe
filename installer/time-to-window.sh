#!/usr/bin/env bash
# Starts the installed workbench GUI and reports the seconds until its main window is mapped and until
# it is painted (more than a few colours in it), polling with xwininfo/import; optionally saves a
# screenshot, then closes the app. Without a DISPLAY it runs itself under xvfb-run.
# Needs x11-utils (xwininfo), imagemagick (import) and, headless, xvfb.
# Usage: installer/time-to-window.sh [--first] [PREFIX] [screenshot.png]
#   PREFIX: the installation (default /opt/repmlp-workbench) or an app image folder.
#   --first: a first launch, with an empty user.home, so the JavaFX and libtorch natives are extracted
#            again (both cache under user.home: ~/.openjfx, ~/.djl.ai).
set -euo pipefail
first=()
if [[ "${1:-}" == --first ]]; then first=(--first); shift; fi
prefix="$(realpath "${1:-/opt/repmlp-workbench}")"
shot="${2:+$(realpath -m "$2")}"
if [[ -z "${DISPLAY:-}" ]]; then
  exec xvfb-run -a -s "-screen 0 1400x900x24" "$0" "${first[@]}" "$prefix" ${shot:+"$shot"}
fi
gui=""
for f in "$prefix"/bin/*; do
  [[ -x "$f" && "$(basename "$f")" != repmlp ]] && gui="$f" && break
done
[[ -n "$gui" ]] || { echo "no GUI launcher in $prefix/bin" >&2; exit 2; }
work="$(mktemp -d)"
if ((${#first[@]})); then
  mkdir "$work/home"
  export JAVA_TOOL_OPTIONS="-Duser.home=$work/home ${JAVA_TOOL_OPTIONS:-}"
fi
title="RepMLP Workbench"
limit="${REPMLP_WINDOW_TIMEOUT:-120}"
now() { date +%s.%N; }
secs() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.1f", e - s }'; }
start=$(now)
(cd "$work" && exec "$gui") >"$work/app.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
alive_or_fail() {
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "the app exited early; its output:" >&2
    cat "$work/app.log" >&2
    exit 1
  fi
  if (($(date +%s) - ${start%.*} > limit)); then
    echo "gave up after ${limit} s" >&2
    exit 1
  fi
}
wid=""
until wid=$(xwininfo -root -tree 2>/dev/null | awk -v t="\"$title " 'index($0, t) { print $1; exit }') && [[ -n "$wid" ]]; do
  alive_or_fail
  sleep 0.1
done
mapped=$(now)
until (($(import -window "$wid" -format '%k' info: 2>/dev/null || echo 0) > 16)); do
  alive_or_fail
  sleep 0.2
done
painted=$(now)
echo "window \"$title\" mapped after $(secs "$start" "$mapped") s, painted after $(secs "$start" "$painted") s"
if [[ -n "$shot" ]]; then
  sleep "${REPMLP_SCREENSHOT_DELAY:-3}"  # let the device probe and the first layout settle
  import -window root "$shot"
  echo "screenshot: $shot"
fi
