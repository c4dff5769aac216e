// fuzz_worker_rig: the worker (LabWorker) on the synthetic dataset for the fuzzers
// that drive it. Every event it posts must be a JSON object of protocol version 1
// whose buffers are finite; anything else stops the fuzzer (abort).
#pragma once
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "lab_worker.hpp"
#include "protocol.hpp"
#include "synthetic_idx.hpp"

namespace latent::fuzz {

inline double now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// A worker on 200 training and 100 test images of 28 x 28 (its first model built),
// and what it posted that the harnesses check.
struct WorkerRig {
  std::vector<uint8_t> last_file;  // the last byte buffer posted (a saved model file)
  std::set<long long> replied;     // the numeric ids of the replies
  std::unique_ptr<web::LabWorker> worker;

  WorkerRig() {
    auto sink = [this](const std::string& text, const std::vector<web::OutBuffer>& buffers) {
      const protocol::Json event = protocol::parse(text);
      if (!event.is_object() || event.value("v", 0) != protocol::kVersion) std::abort();
      if (event.value("type", "") == "reply" && event["id"].is_number_integer()) replied.insert(event["id"].get<long long>());
      for (const web::OutBuffer& b : buffers) {
        for (size_t i = 0; b.data && i < size_t(b.rows) * size_t(b.cols); ++i)
          if (!std::isfinite(b.data[i])) std::abort();
        if (b.bytes) last_file.assign(b.bytes, b.bytes + b.byte_count);
      }
    };
    worker = std::make_unique<web::LabWorker>(sink, now_ms);
    worker->cadence.evaluate_subset = 50;
    using test::idx_images, test::idx_labels;
    if (!worker->load_data(idx_images(200, 28, 28), idx_labels(200), idx_images(100, 28, 28), idx_labels(100)))
      std::abort();
  }

  // Runs the worker's chunks as the host's loop does, at most max_chunks of them.
  void run_chunks(int max_chunks) {
    for (int i = 0; i < max_chunks && worker->wants_to_run(); ++i) {
      const double t0 = now_ms();
      worker->run_chunk();
      const double t1 = now_ms();
      worker->after_chunk(t1 - t0, t1);
    }
  }
};

}  // namespace latent::fuzz
