// Helper threads for the engine's matrix products (gemm.hpp), where the platform has
// threads to give (the threaded WebAssembly build in a cross-origin isolated page).
//
// A product C = alpha A B is split by the columns of C into one part per thread, each
// a multiple of the micro-kernel's width: every element of C is then computed by one
// thread with exactly the sums, in exactly the order, that the single-thread product
// uses, so the threaded engine's results are bit for bit those of the plain one.
//
// ProductThreads starts its helpers once and keeps them waiting on a condition
// variable between products. The engine's one piece of process state is which
// ProductThreads the products use (use_product_threads; none by default): set once
// by whoever owns the thread, before products run, and cleared before it is destroyed.
#pragma once
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace latent {

class ProductThreads {
 public:
  explicit ProductThreads(int helpers);  // helpers >= 0 threads besides the caller's
  ~ProductThreads();
  ProductThreads(const ProductThreads&) = delete;
  ProductThreads& operator=(const ProductThreads&) = delete;

  int size() const { return int(helpers_.size()) + 1; }  // threads working on a product
  // part(i) for every i < parts (parts <= size()): the caller runs part 0, helper h
  // part h + 1; returns when all have finished.
  void run(int parts, const std::function<void(int)>& part);

 private:
  void serve(int helper);

  std::vector<std::thread> helpers_;
  std::mutex mutex_;
  std::condition_variable start_, done_;
  const std::function<void(int)>* part_ = nullptr;
  int parts_ = 0;
  int unfinished_ = 0;
  unsigned long generation_ = 0;
  bool stopping_ = false;
};

// The threads the products use from now on (nullptr: the caller's thread alone).
void use_product_threads(ProductThreads* threads);
ProductThreads* product_threads();

// use_product_threads(threads) for one scope, then back to none.
struct ProductThreadsInUse {
  explicit ProductThreadsInUse(ProductThreads* threads) { use_product_threads(threads); }
  ~ProductThreadsInUse() { use_product_threads(nullptr); }
  ProductThreadsInUse(const ProductThreadsInUse&) = delete;
  ProductThreadsInUse& operator=(const ProductThreadsInUse&) = delete;
};

}  // namespace latent
