#!/usr/bin/env bash
# Latent Lab: set up, build the web preset, and serve the page locally.
#
#   tools/lab.sh                  set-up (fast when done), configure + build, serve on :8000
#   PORT=9000 tools/lab.sh        another port
#   tools/lab.sh --build-only     stop after the build (site in build/web/site)
#
# The site is plain static files, so any static server works (on one thread); this one
# (tools/serve.py) adds the two cross-origin isolation headers, so the engine uses threads.
# The data is in .gz files that the page unpacks itself: python's http.server sends
# them as they are (application/gzip, no Content-Encoding), as a static host should.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${PORT:-8000}"
BUILD_ONLY=0
for a in "$@"; do
  case "$a" in
    --build-only) BUILD_ONLY=1 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "[lab] unknown argument: $a (try --help)" >&2; exit 2 ;;
  esac
done
cd "$ROOT"

step() { printf '[lab] %s\n' "$*"; }

"$ROOT/tools/setup.sh"

# Debian's Emscripten 3.1.6: its JS optimizer needs acorn from Debian's node
# modules; EM_IGNORE_SANITY keeps emcc from wiping a cache after a config change.
export NODE_PATH="${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs"
export EM_IGNORE_SANITY=1

if [ ! -f build/web/build.ninja ] || [ ! -f build/web/CMakeCache.txt ]; then
  step "configure: emcmake cmake --preset web"
  emcmake cmake --preset web >/dev/null
else
  step "configure: build/web exists (cmake re-runs by itself when CMakeLists change)"
fi
# Only what the page needs (target "site": the UI, the worker, data, fonts); the
# wasm unit tests and bench of the same preset are built by tools/test.sh.
step "build: cmake --build --preset web --target site"
start=$(date +%s)
cmake --build --preset web --target site
step "build: done in $(( $(date +%s) - start )) s; site in build/web/site"

[ "$BUILD_ONLY" -eq 1 ] && exit 0

SITE="$ROOT/build/web/site"
[ -f "$SITE/index.html" ] || { echo "[lab] ERROR: $SITE/index.html missing after the build" >&2; exit 1; }
step "serve: Latent Lab at http://127.0.0.1:$PORT/  (Ctrl-C to stop)"
exec /usr/bin/python3 "$ROOT/tools/serve.py" "$SITE" "$PORT"
