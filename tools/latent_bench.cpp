// latent-bench: times one CD-1 epoch of a 784-500 RBM (minibatch 100) on the
// first 10,000 and all 60,000 MNIST digits. Built natively and as wasm (run
// under node); prints one JSON line per size with the median of several runs.
//
//   latent-bench [--data DIR] [--runs 3] [--sizes 10000,60000] [--hidden 500] [--batch-size 100]
//
// FLOPs counted: the five matrix products of a CD-1 update (p(h|v0), p(v|h0),
// p(h|v1), <v0 h0^T>, <v1 h1^T>), each 2 * visible * hidden * batch.
// Then the exact log partition function by enumeration (the lab's exact
// log-likelihood) for 12, 16 and 20 hidden units: one timed run each.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <vector>

#include "args.hpp"
#include "rbm_trainer.hpp"
#include "mnist_files.hpp"
#include "rbm_exact.hpp"

using namespace latent;

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
