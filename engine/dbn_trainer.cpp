// DbnTrainer (dbn_trainer.hpp): greedy layer-wise training and ancestral samples.
#include "dbn_trainer.hpp"

#include <algorithm>
#include <cmath>

#include "pixel_mean.hpp"
#include "rng_streams.hpp"

namespace latent {
namespace {

// kGaussianBottomRate (dbn_trainer.hpp), measured natively on the default config with
// a Gaussian bottom (784-500 layer 0, CD-1, momentum 0.5, batch 20, weight decay 1e-4,
// 60,000 digits, one epoch = 3,000 updates, ~9 s) at layer 0 rates of
//   0.05 (the binary rate as is), 0.02    diverged at updates 7 and 13
//   0.01                                   test recon error 389 -> 108.5, but many filters
//                                          single rim pixels (the GRBM's "dot" filters)
//   0.005 (0.1 x 0.05)                     389 -> 126.7, filters strokes and digit parts
// (test recon error: Dbn reconstruction of 1,000 standardised test digits). 0.1 is
// also the ratio of the GRBM on MNIST's rate (0.005) to the binary RBM's (0.05).

std::vector<int> stack_sizes(int pixels, const std::vector<int>& layers) {
  std::vector<int> s = {pixels};
  s.insert(s.end(), layers.begin(), layers.end());
  return s;
}

}  // namespace

void dbn_pixels(const Dataset& data, const int* indices, int n, const PixelStandardization* s, Matrix& v) {
  if (s) {
    StandardizedImages(data.images, data.count(), *s).gather(indices, n, v);
    return;
  }
  grey_batch(data.images, indices, n, v);
}

std::optional<PixelStandardization> dbn_standardization(const DbnConfig& config, const Dataset& train) {
  if (!config.gaussian_bottom) return std::nullopt;
  return PixelStandardization::from_images(train.images, std::min(config.rbm.train_count, train.count()));
}

DbnTrainer::DbnTrainer(const DbnConfig& config, const Dataset& train, const Dataset& test)
    : config_(config), train_(train), test_(test), standardization_(dbn_standardization(config, train)),
      dbn_(stack_sizes(train.dim(), config.layers), config.gaussian_bottom), rng_(config.rbm.seed),
      sample_rng_(stream_seed(config.rbm.seed, Stream::DbnSample)) {
  config_.rbm.train_count = std::min(config_.rbm.train_count, train.count());
  // A binary bottom's b from the grey levels' mean (whatever the binarisation); a
  // Gaussian bottom's b = 0, the standardised mean.
  const Vector empty;
  const Vector bottom_mean = config_.gaussian_bottom
                                 ? empty
                                 : pixel_mean(train.images, config_.rbm.train_count, Binarization::Probabilities);
  for (int l = 0; l < dbn_.layers(); ++l)
    dbn_.layer(l).initialize(config_.rbm.init_std, l == 0 ? bottom_mean : empty, rng_);
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
    if (standardization_)
      dbn_pixels(train_, indices, n, standardization(), v0_);
    else
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
  max_batches = int(std::min<long long>(max_batches, order_.batches_left(config_.epochs_per_layer, config_.rbm.batch_size)));
  const long long layer_updates_at_start = layer_updates_[size_t(layer_)];
  const float rate = config_.rbm.learning_rate * (layer_ == 0 && dbn_.gaussian_bottom() ? kGaussianBottomRate : 1.0f);
  int skipped = 0;  // calls after the layer's last epoch ended: no update
  TrainReport report = train_chunk(
      max_batches, updates_, order_, blocks,
      [&] {
        if (layer_done()) {
          ++skipped;
          return;
        }
        const float momentum = config_.rbm.momentum_at(order_.epoch());  // the epoch this minibatch belongs to
        next_batch(x_);
        dbn_.visit(layer_, [&](const auto& model) {
          recon_[size_t(layer_)].add(
              cd_statistics(model, x_, config_.rbm.cd_k, config_.rbm.persistent ? &chain_ : nullptr, rng_, cd_));
        });
        apply_cd_update(rbm, velocity_, cd_, rate, momentum, config_.rbm.weight_decay);
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
  if (layer_done()) start_layer(layer_ + 1);  // freeze this layer; the next one starts afresh
  return report;
}

void DbnTrainer::start_layer(int l) {
  layer_ = l;
  chain_.resize(0, 0);
  order_ = EpochOrder();
  if (!pretrained()) {
    velocity_.assign(dbn_.layer(layer_).param_count(), 0.0f);
    order_.restart(config_.rbm.train_count, rng_);
  }
}

void DbnTrainer::mark_trained(int layers) {
  start_layer(std::clamp(layers, 0, dbn_.layers()));
  restart_samples();
}

double DbnTrainer::take_recent_recon_error(int l) { return recon_[size_t(l)].take(); }

double DbnTrainer::test_recon_error(int l, int subset) const {
  Matrix v, x, h, r;
  test_digits(first_indices(std::min(subset, test_.count())), v);
  dbn_.up(v, l, x);
  dbn_.layer(l).hidden_probs(x, h);
  dbn_.visible_means(l, h, r);
  return double((x - r).squaredNorm()) / double(std::max<Eigen::Index>(x.cols(), 1));
}

void DbnTrainer::restart_samples() {
  sample_rng_.reseed(stream_seed(config_.rbm.seed, Stream::DbnSample));
}

void DbnTrainer::draw_samples(int chains) {
  const int L = dbn_.layers();
  if (config_.sample_start == ChainStart::Data) {
    std::vector<int> idx(size_t(std::max(chains, 0)));
    for (int& i : idx) i = int(sample_rng_.below(uint32_t(config_.rbm.train_count)));
    Matrix v, q;
    dbn_pixels(train_, idx.data(), chains, standardization(), v);
    dbn_.up(v, L - 1, q);
    if (L == 1 && dbn_.gaussian_bottom()) top_chain_ = q;  // the top RBM's visibles are the pixels
    else sample_bernoulli(top_chain_, q, sample_rng_);
  } else {
    const Matrix half = Matrix::Constant(dbn_.layer(L - 1).visible(), chains, 0.5f);
    sample_bernoulli(top_chain_, half, sample_rng_);
  }
  if (!dbn_.ancestral_sample(top_chain_, config_.sample_sweeps, sample_rng_, samples_).ok) samples_ = DbnSample{};
}

void DbnTrainer::test_digits(const std::vector<int>& indices, Matrix& v) const {
  dbn_pixels(test_, indices.data(), int(indices.size()), standardization(), v);
}

}  // namespace latent
