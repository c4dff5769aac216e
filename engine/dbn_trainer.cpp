// DbnTrainer (dbn_trainer.hpp): greedy layer-wise training and ancestral samples.
#include "dbn_trainer.hpp"

#include <algorithm>
#include <cmath>

namespace latent {
namespace {

constexpr uint64_t kSampleStream = 0xA5CE57ull;

std::vector<int> stack_sizes(int pixels, const std::vector<int>& layers) {
  std::vector<int> s = {pixels};
  s.insert(s.end(), layers.begin(), layers.end());
  return s;
}

// Mean grey level of the first `count` images (the bottom layer's visible biases).
Vector pixel_mean(const IdxImages& images, int count) {
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(images.dim());
  for (int n = 0; n < count; ++n) {
    const uint8_t* x = images.image(n);
    for (int i = 0; i < images.dim(); ++i) sum[i] += x[i] / 255.0;
  }
  return (sum / double(std::max(count, 1))).cast<float>();
}

std::vector<int> first_indices(int n) {
  std::vector<int> idx(size_t(std::max(n, 0)));
  for (int i = 0; i < n; ++i) idx[size_t(i)] = i;
  return idx;
}

}  // namespace

DbnTrainer::DbnTrainer(const DbnConfig& config, const Dataset& train, const Dataset& test)
    : config_(config), train_(train), test_(test), dbn_(stack_sizes(train.dim(), config.layers)),
      rng_(config.rbm.seed), sample_rng_(config.rbm.seed ^ kSampleStream) {
  config_.rbm.train_count = std::min(config_.rbm.train_count, train.count());
  const Vector empty;
  for (int l = 0; l < dbn_.layers(); ++l)
    dbn_.layer(l).initialize(config_.rbm.init_std, l == 0 ? pixel_mean(train.images, config_.rbm.train_count) : empty, rng_);
  layer_updates_.assign(size_t(dbn_.layers()), 0);
  recon_.resize(size_t(dbn_.layers()));
  velocity_.assign(dbn_.layer(0).param_count(), 0.0f);
  order_.restart(config_.rbm.train_count, rng_);
}

Status DbnTrainer::apply_live(const DbnConfig& config) {
  return apply_live_settings(config_, config, train_.count());
}

void DbnTrainer::next_batch(Matrix& x) {
  order_.next(config_.rbm.batch_size, rng_, [&](const int* indices, int n) {
    make_batch(train_.images, indices, n, config_.rbm.binarization, config_.rbm.seed, rng_, v0_);
  });
  if (layer_ == 0) {
    x = v0_;
    return;
  }
  Matrix q;
  dbn_.up(v0_, layer_, q);
  if (config_.sample_up)
    sample_bernoulli(x, q, rng_);
  else
    x.swap(q);
}

TrainReport DbnTrainer::train(int max_batches) {
  if (pretrained()) return {};
  Rbm& rbm = dbn_.layer(layer_);
  const std::vector<ParamBlock> blocks = {{rbm.params().data(), rbm.param_count()}};
  auto layer_done = [&] { return order_.epoch() >= config_.epochs_per_layer; };
  // The updates left in the layer at the current batch size, so that a large chunk
  // at the end of a layer does not spin (the skip below covers a batch size changed
  // mid-epoch).
  const int count = config_.rbm.train_count, n = std::min(config_.rbm.batch_size, count);
  const long long cursor = std::llround(order_.fraction() * count);
  const long long left = (count - cursor) / n + (config_.epochs_per_layer - order_.epoch() - 1LL) * (count / n);
  max_batches = int(std::min<long long>(max_batches, std::max<long long>(left, 1)));
  const long long layer_updates_at_start = layer_updates_[size_t(layer_)];
  int skipped = 0;  // calls after the layer's last epoch ended: no update
  TrainReport report = train_chunk(
      max_batches, updates_, blocks,
      [&] {
        if (layer_done()) {
          ++skipped;
          return;
        }
        next_batch(x_);
        recon_[size_t(layer_)].add(
            cd_statistics(rbm, x_, config_.rbm.cd_k, config_.rbm.persistent ? &chain_ : nullptr, rng_, cd_));
        apply_cd_update(rbm, velocity_, cd_, config_.rbm.learning_rate, config_.rbm.momentum, config_.rbm.weight_decay);
        ++layer_updates_[size_t(layer_)];
      },
      [&] {
        std::fill(velocity_.begin(), velocity_.end(), 0.0f);
        chain_.resize(0, 0);
      });
  if (report.diverged) {
    layer_updates_[size_t(layer_)] = layer_updates_at_start;
    return report;
  }
  updates_ -= skipped;
  report.batches -= skipped;
  if (layer_done()) {  // freeze this layer; the next one starts afresh
    ++layer_;
    chain_.resize(0, 0);
    order_ = EpochOrder();
    if (!pretrained()) {
      velocity_.assign(dbn_.layer(layer_).param_count(), 0.0f);
      order_.restart(config_.rbm.train_count, rng_);
    }
  }
  return report;
}

double DbnTrainer::take_recent_recon_error(int l) { return recon_[size_t(l)].take(); }

double DbnTrainer::test_recon_error(int l, int subset) const {
  Matrix v, x, h, r;
  test_digits(first_indices(std::min(subset, test_.count())), v);
  dbn_.up(v, l, x);
  dbn_.layer(l).hidden_probs(x, h);
  dbn_.layer(l).visible_probs(h, r);
  return double((x - r).squaredNorm()) / double(std::max<Eigen::Index>(x.cols(), 1));
}

void DbnTrainer::restart_samples() {
  top_chain_.resize(0, 0);
  sample_rng_.reseed(config_.rbm.seed ^ kSampleStream);
}

void DbnTrainer::advance_samples(int chains, int steps) {
  const int top_visible = dbn_.layer(dbn_.layers() - 1).visible();
  if (top_chain_.rows() != top_visible || top_chain_.cols() != chains) {
    const Matrix half = Matrix::Constant(top_visible, chains, 0.5f);
    sample_bernoulli(top_chain_, half, sample_rng_);
  }
  dbn_.ancestral_sample(top_chain_, steps, sample_rng_, samples_);
}

void DbnTrainer::test_digits(const std::vector<int>& indices, Matrix& v) const {
  Rng unused(0);
  make_batch(test_.images, indices.data(), int(indices.size()), Binarization::Probabilities, config_.rbm.seed, unused, v);
}

}  // namespace latent
