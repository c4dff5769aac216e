#!/usr/bin/env bash
# Latent Lab's test command: set up what is missing, build everything from
# nothing (native and web presets), and run every test:
#   unit_native      doctest unit tests, native (and again under ASan + UBSan: the sanitize preset)
#   fuzz_*           each libFuzzer harness for a few seconds on its corpus (ASan + UBSan)
#   cli_*            latent-cli refusing bad options
#   unit_wasm        the same unit tests as SIMD wasm under node
#   browser_*        headless Chromium through playwright-core on the built site
# Ends with one summary line: "N passed, N failed".
#
#   tools/test.sh              everything
#   tools/test.sh --native     only the native build and its tests (seconds)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
NATIVE_ONLY=0
[ "${1:-}" = "--native" ] && NATIVE_ONLY=1

step() { printf '[test] %s\n' "$*"; }
die() { printf '[test] ERROR: %s\n0 passed, 1 failed\n' "$*"; exit 1; }

tools/setup.sh || die "set-up failed"
export NODE_PATH="${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs"
export EM_IGNORE_SANITY=1

step "native: configure + build"
cmake --preset native >/dev/null || die "native configure failed"
cmake --build --preset native || die "native build failed"
presets=(native)
step "sanitize: configure + build (clang, ASan + UBSan, libFuzzer)"
cmake --preset sanitize >/dev/null || die "sanitize configure failed"
cmake --build --preset sanitize || die "sanitize build failed"
presets+=(sanitize)
if [ "$NATIVE_ONLY" -eq 0 ]; then
  step "web: configure + build (Emscripten)"
  if [ ! -f build/web/CMakeCache.txt ]; then emcmake cmake --preset web >/dev/null || die "web configure failed"; fi
  cmake --build --preset web || die "web build failed"
  presets+=(web)
fi

passed=0
failed=0
for p in "${presets[@]}"; do
  step "ctest --preset $p"
  ctest --preset "$p" --output-junit "$ROOT/build/$p/junit.xml"
  report="$ROOT/build/$p/junit.xml"
  if [ -f "$report" ]; then
    read -r total bad < <(python3 -c 'import sys, xml.etree.ElementTree as E
s = E.parse(sys.argv[1]).getroot()
print(s.get("tests"), s.get("failures"))' "$report")
    passed=$((passed + total - bad))
    failed=$((failed + bad))
  else
    failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
