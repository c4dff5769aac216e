// GrbmTrainer (grbm_trainer.hpp): the Gaussian-Bernoulli RBM's training loop,
// generation chains, reconstructions and metrics on the plane and on MNIST.
#include "grbm_trainer.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "grbm_exact.hpp"
#include "rng_streams.hpp"

namespace latent {
namespace {

constexpr int kGatherBlock = 1000;

// The log-variances learn at this fraction of the learning rate. At the start W is
// small and every component sits on the data's mean; were z free to follow, sigma^2
// would reach the data's whole variance, where the gradient of W vanishes to first
// order (nothing is left for the hidden units to explain) and the mixture stays one
// wide Gaussian. Slower variances let W spread the components first. (Planted
// mixture of sd 0.5, d = 2, CD-1: at 1, 0.3 and 0.1 the variances stalled at 0.4-1.05
// with merged components; at 0.03 they reach 0.26-0.29, the means within 0.06.)
constexpr float kVarianceRate = 0.03f;

// Below sigma = 0.2 a visible's steps (its row of W and b) are those it would take
// at 0.2: the step is multiplied by sigma_i^2 / 0.2^2 (then the gradient's 1/sigma^2
// stops growing). Without it the 1/sigma^2 makes the steps of a narrow unit overshoot
// once lr / sigma^2 passes about 2 (1 + momentum): on identical points the mean then
// jitters about the point and the variance stalls at sigma ~ sqrt(lr / 3) instead
// of shrinking to its floor. Above 0.2 the step is the plain gradient.
constexpr float kStepLogVariance = -3.2188758f;  // log(0.2^2)  // examples converted at a time for whole-set passes

// The first n examples of data.
void first_examples(const RealData& data, int n, Matrix& out) {
  const std::vector<int> idx = first_indices(std::min(n, data.count()));
  data.gather(idx.data(), int(idx.size()), out);
}

Vector mean_of(const RealData& data) {
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(data.dims());
  Matrix block;
  std::vector<int> idx;
  for (int first = 0; first < data.count(); first += kGatherBlock) {
    idx.resize(size_t(std::min(kGatherBlock, data.count() - first)));
    std::iota(idx.begin(), idx.end(), first);
    data.gather(idx.data(), int(idx.size()), block);
    sum += block.cast<double>().rowwise().sum();
  }
  return (sum / double(std::max(data.count(), 1))).cast<float>();
}

double mean_free_energy(const Grbm& g, const Matrix& V) { return double(g.free_energy(V).cast<double>().mean()); }

}  // namespace

GrbmTrainer::GrbmTrainer(const GrbmConfig& config, std::unique_ptr<RealData> train, std::unique_ptr<RealData> test)
    : config_(config), train_(std::move(train)), test_(std::move(test)), grbm_(train_->dims(), config.hidden),
      rng_(config.seed) {
  data_mean_ = mean_of(*train_);
  grbm_.initialize(config_.init_std, data_mean_, rng_);
  velocity_.assign(grbm_.param_count(), 0.0f);
  z_velocity_.setZero(grbm_.visible());
  order_.restart(train_->count(), rng_);
  restart_fantasy();
}

Status GrbmTrainer::apply_live(const GrbmConfig& config) {
  if (!validate(config).empty()) return Status::error("The new settings are out of range.");
  if (needs_reset(config_, config))
    return Status::error("Hidden units, variances, initialisation, seed and data set need a reset.");
  const bool restart = config.fantasy_chains != config_.fantasy_chains;
  config_ = config;
  if (restart) restart_fantasy();
  return Status::success();
}

Status GrbmTrainer::replace_train_data(std::unique_ptr<RealData> train) {
  if (!train || train->count() < 1) return Status::error("The data set needs at least one point.");
  if (train->dims() != grbm_.visible())
    return Status::error("The new data have " + std::to_string(train->dims()) + " coordinates; the model has " +
                         std::to_string(grbm_.visible()) + ".");
  train_ = std::move(train);
  data_mean_ = mean_of(*train_);
  order_.restart(train_->count(), rng_);
  return Status::success();
}

int GrbmTrainer::epoch() const { return order_.epoch(); }
long long GrbmTrainer::updates() const { return updates_; }
double GrbmTrainer::epoch_fraction() const { return order_.fraction(); }

double GrbmTrainer::take_recent_recon_error() { return recon_.take(); }

void GrbmTrainer::next_batch(Matrix& v0) {
  order_.next(config_.batch_size, rng_, [&](const int* indices, int n) { train_->gather(indices, n, v0); });
}

void GrbmTrainer::update() {
  const float momentum = config_.momentum_at(epoch());  // the epoch this minibatch belongs to
  next_batch(v0_);
  recon_.add(cd_statistics(grbm_, v0_, config_.cd_k, config_.persistent ? &chain_ : nullptr, rng_, cd_));
  Vector dz;
  if (config_.learn_variances) dz = grbm_.log_variance_gradient(v0_, *cd_.vk, cd_.pos, cd_.neg);
  const bool narrow = (grbm_.log_variances().array() < kStepLogVariance).any();
  if (narrow) step_ = (grbm_.log_variances().array() - kStepLogVariance).exp().min(1.0f);
  apply_cd_update(grbm_, velocity_, cd_, config_.learning_rate, momentum, config_.weight_decay,
                  narrow ? &step_ : nullptr);
  if (config_.learn_variances) {
    z_velocity_ = momentum * z_velocity_ + (kVarianceRate * config_.learning_rate) * dz;
    grbm_.log_variances() += z_velocity_;
    grbm_.clamp_log_variances();
  }
}

TrainReport GrbmTrainer::train(int max_batches) {
  if (train_->count() == 0) return {};  // nothing to learn from (the lab refuses empty point sets)
  const std::vector<ParamBlock> blocks = {{grbm_.params().data(), grbm_.param_count()},
                                          {grbm_.log_variances().data(), size_t(grbm_.visible())}};
  return train_chunk(
      max_batches, updates_, order_, blocks, [&] { update(); },
      [&] {
        std::fill(velocity_.begin(), velocity_.end(), 0.0f);
        z_velocity_.setZero();
        chain_.resize(0, 0);
      });
}

GrbmMetrics GrbmTrainer::evaluate(int subset, int max_exact_hidden, double log_z) const {
  GrbmMetrics m;
  const bool plane = is_plane(config_);
  const bool exact = grbm_.hidden() <= max_exact_hidden;
  Matrix V, V_test;
  first_examples(*train_, plane ? train_->count() : subset, V);
  m.free_energy_train = mean_free_energy(grbm_, V);
  if (test_) {
    first_examples(*test_, subset, V_test);
    m.free_energy_test = mean_free_energy(grbm_, V_test);
  }
  if (exact && grbm_.hidden() <= kMaxMixtureHidden) {
    Eigen::VectorXd log_weights;
    if (plane) {  // through the mixture itself: what the lab draws
      const GaussianMixture mixture = grbm_mixture(grbm_);
      m.exact_log_likelihood_train = grbm_log_density(mixture, V).mean();
      log_weights = mixture.log_weights;
    } else {
      log_weights = grbm_log_weights(grbm_);
    }
    m.components = count_components(log_weights, kComponentWeight);
  }
  if (!plane) {
    if (!std::isfinite(log_z) && exact) log_z = grbm_log_partition(grbm_);
    if (std::isfinite(log_z)) {  // log p(v) = -F(v) - log Z
      m.exact_log_likelihood_train = -m.free_energy_train - log_z;
      if (test_) m.exact_log_likelihood_test = -m.free_energy_test - log_z;
    }
  }
  return m;
}

void GrbmTrainer::restart_fantasy() {
  Rng rng(stream_seed(config_.seed, Stream::GrbmFantasy));
  const Vector sd = (0.5f * grbm_.log_variances().array()).exp();
  fantasy_.resize(grbm_.visible(), config_.fantasy_chains);
  for (Eigen::Index j = 0; j < fantasy_.cols(); ++j)
    for (Eigen::Index i = 0; i < fantasy_.rows(); ++i) fantasy_(i, j) = data_mean_[i] + sd[i] * rng.normal();
  fantasy_means_ = fantasy_;
  fantasy_rng_.reseed(stream_seed(config_.seed, Stream::GrbmFantasy, 1));
}

void GrbmTrainer::advance_fantasy(int steps) {
  Matrix hp, hs;
  for (int s = 0; s < steps; ++s) gibbs_sweep(grbm_, fantasy_, fantasy_means_, hp, hs, fantasy_rng_);
  // The guard keeps the parameters finite, but a chain run while they were on
  // their way out can still hold an overflow: start it again rather than show it.
  if (!all_finite(fantasy_.data(), size_t(fantasy_.size())) ||
      !all_finite(fantasy_means_.data(), size_t(fantasy_means_.size())))
    restart_fantasy();
}

const Matrix& GrbmTrainer::fantasy() const { return fantasy_; }
const Matrix& GrbmTrainer::fantasy_means() const { return fantasy_means_; }

void GrbmTrainer::reconstruct(const RealData& data, const std::vector<int>& indices, Matrix& v, Matrix& recon) const {
  data.gather(indices.data(), int(indices.size()), v);
  reconstruct(v, recon);
}

void GrbmTrainer::reconstruct(const Matrix& v, Matrix& recon) const {
  Rng rng(stream_seed(config_.seed, Stream::GrbmDisplay));
  Matrix hp, hs;
  hidden_sample_means(grbm_, v, hp, hs, recon, rng);
}

}  // namespace latent
