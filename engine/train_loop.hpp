// Pieces every trainer shares, so that the RBM and GRBM trainers differ only in
// their model, data and metrics:
//   TrainReport   what one chunk of training did
//   EpochOrder    the shuffled order of an epoch, handed out one minibatch at a time
//   RecentMean    the mean of a metric over the updates since it was last taken
//   train_chunk   up to n updates under the divergence guard: after every update the
//                 parameters are checked for NaN/Inf or a blow-up (|x| > kDivergedWeight);
//                 on divergence the parameters and the data position from the start of
//                 the chunk come back, the chunk's updates stop counting, and the report
//                 says so.
#pragma once
#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "batch.hpp"  // shuffle_indices
#include "kernels.hpp"
#include "rng.hpp"

namespace latent {

struct TrainReport {
  int batches = 0;          // minibatch updates done (and kept) in this call
  bool diverged = false;    // NaN/Inf met: parameters restored, training should pause
  std::string message;      // set when diverged
};

// An RBM's sigmoids saturate long before this, and a GRBM's means live on a plane
// of +-100: a parameter beyond it means the run is blowing up, and catching it
// here (rather than at NaN) keeps the parameters from before the chunk sane.
constexpr float kDivergedWeight = 1e4f;

class EpochOrder {
 public:
  // A freshly shuffled order over `count` examples, from the first minibatch on
  // (the count of completed epochs is kept).
  void restart(int count, Rng& rng) {
    count_ = count;
    cursor_ = 0;
    shuffle_indices(order_, count, rng);
  }

  // Hands fill(indices, n) the next minibatch of n = min(batch_size, count)
  // examples; the epoch ends when fewer than n are left (then the order is
  // shuffled again, after fill has drawn from rng).
  template <class Fill>
  void next(int batch_size, Rng& rng, Fill fill) {
    const int n = std::min(batch_size, count_);
    if (cursor_ + n > count_) cursor_ = 0;  // the batch size grew mid-epoch
    fill(order_.data() + cursor_, n);
    cursor_ += n;
    if (cursor_ + n > count_) {
      ++epoch_;
      cursor_ = 0;
      shuffle_indices(order_, count_, rng);
    }
  }

  int epoch() const { return epoch_; }  // completed epochs
  // Minibatches of batch_size (at most count) left until `epochs` epochs are complete,
  // at least 1: a trainer that stops at an epoch boundary caps its chunk with it.
  long long batches_left(int epochs, int batch_size) const {
    const int n = std::max(1, std::min(batch_size, count_));
    const long long left = (count_ - cursor_) / n + (epochs - epoch_ - 1LL) * (count_ / n);
    return std::max(left, 1LL);
  }
  double fraction() const { return count_ > 0 ? double(cursor_) / double(count_) : 0.0; }

 private:
  std::vector<int> order_;
  int count_ = 0, cursor_ = 0, epoch_ = 0;
};

class RecentMean {
 public:
  void add(double x) {
    sum_ += x;
    ++count_;
  }
  // The mean since the last call (NaN if nothing was added); starts afresh.
  double take() {
    const double mean = count_ > 0 ? sum_ / count_ : std::numeric_limits<double>::quiet_NaN();
    sum_ = 0;
    count_ = 0;
    return mean;
  }

 private:
  double sum_ = 0;
  int count_ = 0;
};

// A block of parameters the guard watches and restores.
struct ParamBlock {
  float* data;
  size_t size;
};

// What a trainer adds to the divergence message: the likely cause (shown in
// parentheses; empty: none) and what to change before resuming.
struct DivergenceAdvice {
  std::string cause;
  std::string remedy = "lower the learning rate (or learning rate x weight decay, which must stay below 2)";
};

// "Training diverged at update N: the weights became NaN, infinite or larger than
// 10,000[ (cause)]. The weights from before this chunk are kept; <remedy> and resume."
std::string divergence_message(long long update, const DivergenceAdvice& advice = {});

// Up to max_batches calls of update(), each counted in `updates` (update() takes
// its minibatches from `order`); stops at the first divergence of any block,
// restores every block and `order` to their values at the start of the call,
// rewinds `updates`, calls on_diverged() (the trainer clears its velocity and
// chains there) and reports divergence_message(update, advice).
template <class Update, class OnDiverged>
TrainReport train_chunk(int max_batches, long long& updates, EpochOrder& order, const std::vector<ParamBlock>& blocks,
                        Update update, OnDiverged on_diverged, const DivergenceAdvice& advice = {}) {
  TrainReport report;
  std::vector<ParamBuffer> last_good;
  for (const ParamBlock& b : blocks) last_good.emplace_back(b.data, b.data + b.size);
  const long long updates_at_start = updates;
  const EpochOrder order_at_start = order;
  for (int n = 0; n < max_batches; ++n) {
    update();
    ++updates;
    ++report.batches;
    const bool sane = std::all_of(blocks.begin(), blocks.end(),
                                  [](const ParamBlock& b) { return all_within(b.data, b.size, kDivergedWeight); });
    if (!sane) {
      report.diverged = true;
      report.message = divergence_message(updates, advice);
      for (size_t k = 0; k < blocks.size(); ++k) std::copy(last_good[k].begin(), last_good[k].end(), blocks[k].data);
      updates = updates_at_start;  // the chunk's updates no longer count,
      order = order_at_start;      // and its minibatches come again
      report.batches = 0;
      on_diverged();
      break;
    }
  }
  return report;
}

}  // namespace latent
