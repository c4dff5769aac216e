#!/usr/bin/env bash
# Native benchmark (not a test): the engine's CD-1 epoch (784-500, minibatch 100, the
# first 10,000 training digits) and its three product shapes, built as usual
# (build/native: Eigen's own kernels, -march=native) beside the same engine with
# Eigen's products handed to Debian's OpenBLAS (build/native-openblas:
# -DLATENT_OPENBLAS=ON; one thread, its AVX-512 kernels forced with
# OPENBLAS_CORETYPE=SkylakeX where the machine has them). Interleaved rounds;
# prints each median and the ratio as one JSON line.
#
#   tools/native_bench.sh [--rounds 5]
# Installs libopenblas-dev when it is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ROUNDS=5
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    *) echo "native_bench: unknown option $1 (--rounds N)" >&2; exit 2 ;;
  esac
done

tools/setup.sh >/dev/null
if ! dpkg-query -W -f='${Status}' libopenblas-dev 2>/dev/null | grep -q 'install ok installed'; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libopenblas-dev >/dev/null
fi
[ -f build/native/CMakeCache.txt ] || cmake --preset native >/dev/null
cmake --build --preset native --target latent-bench >/dev/null
[ -f build/native-openblas/CMakeCache.txt ] ||
  cmake -S . -B build/native-openblas -G Ninja -DCMAKE_BUILD_TYPE=Release -DLATENT_OPENBLAS=ON >/dev/null
cmake --build build/native-openblas --target latent-bench >/dev/null

export OPENBLAS_NUM_THREADS=1
grep -q avx512f /proc/cpuinfo && export OPENBLAS_CORETYPE=SkylakeX
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for round in $(seq "$ROUNDS"); do
  build/native/tools/latent-bench --runs 1 --sizes 10000 --exact 0 --products 1 | sed 's/^{/{"impl":"eigen",/' >>"$out"
  build/native-openblas/tools/latent-bench --runs 1 --sizes 10000 --exact 0 --products 1 |
    sed 's/^{/{"impl":"openblas",/' >>"$out"
done

python3 - "$out" "${OPENBLAS_CORETYPE:-auto}" "$ROUNDS" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{')]
def median(impl, bench, key):
    return statistics.median(r[key] for r in rows if r["impl"] == impl and r["bench"] == bench)
eigen, blas = median("eigen", "cd1_epoch", "median_seconds"), median("openblas", "cd1_epoch", "median_seconds")
print(json.dumps({"rounds": int(sys.argv[3]),
                  "cd1_epoch_seconds": {"engine": eigen, "openblas": blas},
                  "engine_over_openblas": round(eigen / blas, 2),
                  "products_gflops": {"engine": median("eigen", "products", "gflops"),
                                      "openblas": median("openblas", "products", "gflops")},
                  "openblas_coretype": sys.argv[2]}))
PY
