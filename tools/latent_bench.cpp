// latent-bench: times one CD-1 epoch of a 784-500 RBM (minibatch 100) on the
// first 10,000 and all 60,000 MNIST digits. Built natively and as wasm (run
// under node); prints one JSON line per size with the median of several runs.
//
//   latent-bench [--data DIR] [--runs 3] [--sizes 10000,60000] [--hidden 500] [--batch-size 100] [--exact 1]
//                [--ceiling 1: wasm only, the SIMD128 multiply-add ceiling first]
//                [--vae 1: one VAE epoch per size instead (784-400-20 relu, Adam; --hidden, --latent)]
//                [--products 1: the epoch's three product shapes alone, in GFLOP/s]
//
// FLOPs counted: the five matrix products of a CD-1 update (p(h|v0), p(v|h0),
// p(h|v1), <v0 h0^T>, <v1 h1^T>), each 2 * visible * hidden * batch.
// Then the exact log partition function by enumeration (the lab's exact
// log-likelihood) for 12, 16 and 20 hidden units: one timed run each (--exact 0 leaves
// them out: tools/peer_bench.sh times the epoch alone).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <vector>

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#include "args.hpp"
#include "rbm_trainer.hpp"
#include "mnist_files.hpp"
#include "rbm_exact.hpp"
#include "vae_trainer.hpp"

using namespace latent;

#ifdef __wasm_simd128__
// n steps of 12 independent chains of f32x4 multiply then add (no fused multiply-add
// in Emscripten 3.1.6's SIMD128): enough chains to hide the pair's latency. The
// chains live in registers; state holds them between calls.
__attribute__((noinline)) void simd128_chains(v128_t* state, long n) {
  constexpr int kChains = 12;
  v128_t a[kChains];  // fully unrolled below, so kept in registers
#pragma clang loop unroll(full)
  for (int j = 0; j < kChains; ++j) a[j] = state[j];
  const v128_t m = wasm_f32x4_splat(0.999999f), c = wasm_f32x4_splat(1e-6f);
  for (long i = 0; i < n; ++i) {
#pragma clang loop unroll(full)
    for (int j = 0; j < kChains; ++j) a[j] = wasm_f32x4_add(wasm_f32x4_mul(a[j], m), c);
  }
#pragma clang loop unroll(full)
  for (int j = 0; j < kChains; ++j) state[j] = a[j];
}

// The SIMD128 multiply-add ceiling in GFLOP/s (2 per lane per pair). Many short
// calls after a warm-up: V8 runs a wasm function's first calls in its baseline
// compiler and swaps in the optimised code only between calls.
double simd128_ceiling_gflops() {
  v128_t state[12];
  for (int j = 0; j < 12; ++j) state[j] = wasm_f32x4_splat(float(j));
  for (int w = 0; w < 2000; ++w) simd128_chains(state, 1000);
  constexpr long kCalls = 2000, kSteps = 10000;
  const auto t0 = std::chrono::steady_clock::now();
  for (long k = 0; k < kCalls; ++k) simd128_chains(state, kSteps);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::fprintf(stderr, "(ceiling checksum %g)\n", double(wasm_f32x4_extract_lane(state[5], 0)));  // keeps the work
  return double(kCalls) * kSteps * 12 * 4 * 2 / seconds * 1e-9;
}
#endif

// The epoch's three product shapes through the engine's kernels (784-500, minibatch
// 100): W^T V, W H and V H^T, each called `calls` times after a warm-up. One JSON
// line per shape and one for the three together, in GFLOP/s.
void bench_products(const char* platform, int hidden, int batch) {
  Rng rng(3);
  Matrix W(784, hidden), V(784, batch), H(hidden, batch), out;
  for (Matrix* m : {&W, &V, &H})
    for (Eigen::Index i = 0; i < m->size(); ++i) m->data()[i] = rng.uniform();
  const Vector c = Vector::Zero(hidden), b = Vector::Zero(784);
  const ConstMatrixMap w(W.data(), W.rows(), W.cols());
  const ConstVectorMap cm(c.data(), c.size()), bm(b.data(), b.size());
  const double flop = 2.0 * 784 * hidden * batch;
  constexpr int calls = 300;
  double total = 0.0;
  const auto time = [&](const char* shape, auto&& product) {
    for (int i = 0; i < 50; ++i) product();
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < calls; ++i) product();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    total += seconds;
    std::printf("{\"bench\":\"product\",\"platform\":\"%s\",\"shape\":\"%s\",\"gflops\":%.2f}\n", platform,
                shape, flop * calls / seconds * 1e-9);
  };
  time("W^T V", [&] { affine_tn(out, w, V, cm); });
  time("W H", [&] { affine_nn(out, w, H, bm); });
  time("V H^T", [&] { gemm_nt(out, V, H, 1.0f); });
  std::printf("{\"bench\":\"products\",\"platform\":\"%s\",\"gflops\":%.2f}\n", platform, 3 * flop * calls / total * 1e-9);
  std::fflush(stdout);
}

// --vae 1: the VAE epoch of tools/peer_bench/tfjs_epochs.mjs in the lab's trainer: 784-hidden-latent
// (default 400, 20), relu, Adam at 1e-3, minibatch 100, dynamic binarisation, the
// first `size` digits. FLOPs counted: per digit, 2 x the multiply-adds of the four
// layers' forward products, of their weight gradients, and of the input gradients of
// every layer but the first (the data needs none).
void bench_vae_epochs(const Args& args, const Dataset& train_set, const Dataset& test_set,
                      const std::vector<int>& sizes, int runs, const char* platform) {
  for (int size : sizes) {
    VaeConfig c = vae_defaults();
    c.variational = true;
    c.hidden = std::stoi(args.get("hidden", "400"));
    c.latent = std::stoi(args.get("latent", "20"));
    c.batch_size = std::stoi(args.get("batch_size", "100"));
    c.train_count = size;
    VaeTrainer trainer(c, train_set, test_set);
    const int batches = size / c.batch_size;
    trainer.train(5);  // warm-up
    std::vector<double> seconds;
    for (int r = 0; r < runs; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      trainer.train(batches);
      seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(seconds.begin(), seconds.end());
    const double median = seconds[seconds.size() / 2];
    const double D = 784, H = c.hidden, L = c.latent;
    const double forward = D * H + H * 2 * L + L * H + H * D, inputs = H * 2 * L + L * H + H * D;
    const double flop = 2.0 * (2 * forward + inputs) * c.batch_size * batches;
    std::printf("{\"bench\":\"vae_epoch\",\"platform\":\"%s\",\"digits\":%d,\"hidden\":%d,\"latent\":%d,"
                "\"batch_size\":%d,\"runs\":%d,\"median_seconds\":%.4f,\"min_seconds\":%.4f,\"max_seconds\":%.4f,"
                "\"gflops\":%.2f,\"elbo\":%.2f}\n",
                platform, size, c.hidden, c.latent, c.batch_size, runs, median, seconds.front(), seconds.back(),
                flop / median * 1e-9, trainer.take_recent_elbo());
    std::fflush(stdout);
  }
}

int main(int argc, char** argv) {
  Args args;
  Status s = parse_args(argc, argv, args);
  Dataset train_set, test_set;
  const std::string dir = args.get("data", LATENT_MNIST_DIR);
  if (s.ok) s = load_mnist(dir, "train", train_set);
  if (s.ok) s = load_mnist(dir, "t10k", test_set);
  if (!s.ok) {
    std::printf("{\"event\":\"error\",\"message\":\"%s\"}\n", s.message.c_str());
    return 1;
  }
#ifdef __EMSCRIPTEN__
  const char* platform = "wasm";
#else
  const char* platform = "native";
#endif
  const int runs = std::stoi(args.get("runs", "3"));
  std::vector<int> sizes;
  std::stringstream list(args.get("sizes", "10000,60000"));
  for (std::string item; std::getline(list, item, ',');) sizes.push_back(std::stoi(item));
  if (args.get("vae", "0") == "1") {
    bench_vae_epochs(args, train_set, test_set, sizes, runs, platform);
    return 0;
  }

  for (int size : sizes) {
    RbmConfig c;
    c.hidden = std::stoi(args.get("hidden", "500"));
    c.batch_size = std::stoi(args.get("batch_size", "100"));
    c.cd_k = 1;
    c.persistent = false;
    c.train_count = size;
    RbmTrainer trainer(c, train_set, test_set);
    const int batches = size / c.batch_size;
    trainer.train(5);  // warm-up: allocations, caches, JIT tiers
    std::vector<double> seconds;
    for (int r = 0; r < runs; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      trainer.train(batches);
      seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(seconds.begin(), seconds.end());
    const double median = seconds[seconds.size() / 2];
    const double flop = 5.0 * 2.0 * 784.0 * c.hidden * c.batch_size * batches;
    std::printf("{\"bench\":\"cd1_epoch\",\"platform\":\"%s\",\"digits\":%d,\"hidden\":%d,\"batch_size\":%d,"
                "\"runs\":%d,\"median_seconds\":%.4f,\"min_seconds\":%.4f,\"max_seconds\":%.4f,\"gflops\":%.2f}\n",
                platform, size, c.hidden, c.batch_size, runs, median, seconds.front(), seconds.back(),
                flop / median * 1e-9);
    std::fflush(stdout);
  }

#ifdef __wasm_simd128__
  if (args.get("ceiling", "0") == "1")
    std::printf("{\"bench\":\"simd128_ceiling\",\"platform\":\"wasm\",\"gflops\":%.2f}\n", simd128_ceiling_gflops());
#endif
  if (args.get("products", "0") == "1") bench_products(platform, std::stoi(args.get("hidden", "500")), std::stoi(args.get("batch_size", "100")));
  if (args.get("exact", "1") == "0") return 0;
  for (int hidden : {12, 16, 20}) {
    Rbm rbm(784, hidden);
    Rng rng(1);
    rbm.initialize(0.1f, Vector(), rng);
    const auto t0 = std::chrono::steady_clock::now();
    const double log_z = log_partition(rbm);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("{\"bench\":\"exact_log_partition\",\"platform\":\"%s\",\"hidden\":%d,\"states\":%ld,"
                "\"seconds\":%.4f,\"log_z\":%.6f}\n", platform, hidden, 1L << hidden, seconds, log_z);
    std::fflush(stdout);
  }
  return 0;
}
