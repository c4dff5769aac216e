#!/usr/bin/env bash
# Benchmark (not a test): one CD-1 epoch of a 784-500 RBM, minibatch 100, on
# 10,000 and 60,000 MNIST digits; native, then the same engine as SIMD wasm
# under node, run one after the other on this machine. Prints JSON lines with
# medians and GFLOP/s, the wasm/native ratio, and the count of SIMD (f32x4)
# instructions in the wasm modules (0 would mean the engine runs scalar).
#
#   tools/bench.sh [--runs 3] [--sizes 10000,60000]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export NODE_PATH="${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs"
export EM_IGNORE_SANITY=1

tools/setup.sh >/dev/null
cmake --preset native >/dev/null && cmake --build --preset native --target latent-bench >/dev/null
[ -f build/web/CMakeCache.txt ] || emcmake cmake --preset web >/dev/null
cmake --build --preset web --target latent-bench engine_worker >/dev/null

out=$(mktemp)
build/native/tools/latent-bench "$@" | tee -a "$out"
node --no-experimental-fetch build/web/tools/latent-bench.js "$@" | tee -a "$out"

python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{"bench"')]
def seconds(r): return r.get("median_seconds", r.get("seconds"))
for key in sorted({(r["bench"], r.get("digits", r.get("hidden"))) for r in rows}):
    pair = {r["platform"]: r for r in rows if (r["bench"], r.get("digits", r.get("hidden"))) == key}
    if "native" in pair and "wasm" in pair:
        print(json.dumps({"ratio": "wasm/native", "bench": key[0], "size": key[1],
                          "time_ratio": round(seconds(pair["wasm"]) / seconds(pair["native"]), 2)}))
PY
for wasm in build/web/tools/latent-bench.wasm build/web/site/engine_worker.wasm; do
  [ -f "$wasm" ] || continue
  f32x4=$(wasm-objdump -d "$wasm" | grep -c 'f32x4\.' || true)
  mul=$(wasm-objdump -d "$wasm" | grep -c 'f32x4\.mul' || true)
  echo "{\"simd\":\"$wasm\",\"f32x4_instructions\":$f32x4,\"f32x4_mul\":$mul}"
done
rm -f "$out"
