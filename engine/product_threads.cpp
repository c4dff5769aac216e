// ProductThreads (product_threads.hpp): helpers that wait for a generation number to
// change, run their part, and count themselves finished.
#include "product_threads.hpp"

namespace latent {

ProductThreads::ProductThreads(int helpers) {
  for (int h = 0; h < helpers; ++h) helpers_.emplace_back([this, h] { serve(h); });
}

ProductThreads::~ProductThreads() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  start_.notify_all();
  for (std::thread& t : helpers_) t.join();
}

void ProductThreads::run(int parts, const std::function<void(int)>& part) {
  if (parts <= 1) {
    if (parts == 1) part(0);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    part_ = &part;
    parts_ = parts;
    unfinished_ = parts - 1;
    ++generation_;
  }
  start_.notify_all();
  part(0);
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [this] { return unfinished_ == 0; });
  part_ = nullptr;
}

void ProductThreads::serve(int helper) {
  unsigned long seen = 0;
  for (;;) {
    const std::function<void(int)>* part;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      start_.wait(lock, [&] { return stopping_ || generation_ != seen; });
      if (stopping_) return;
      seen = generation_;
      if (helper + 1 >= parts_) continue;  // not needed for this product
      part = part_;
    }
    (*part)(helper + 1);
    bool last;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      last = --unfinished_ == 0;
    }
    if (last) done_.notify_one();
  }
}

namespace {
ProductThreads* current = nullptr;
}

void use_product_threads(ProductThreads* threads) { current = threads; }
ProductThreads* product_threads() { return current; }

}  // namespace latent
