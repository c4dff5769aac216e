// RbmTrainer (rbm_trainer.hpp): the binary RBM's training loop, metrics and chains.
#include "rbm_trainer.hpp"

#include "cd.hpp"
#include "pixel_mean.hpp"
#include "rbm_exact.hpp"
#include "rng_streams.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace latent {

RbmTrainer::RbmTrainer(const RbmConfig& config, const Dataset& train, const Dataset& test)
    : config_(config), train_(train), test_(test), rbm_(train.dim(), config.hidden), rng_(config.seed) {
  config_.train_count = std::min(config_.train_count, train.count());
  rbm_.initialize(config_.init_std, pixel_mean(train.images, config_.train_count, config_.binarization), rng_);
  velocity_.assign(rbm_.param_count(), 0.0f);
  order_.restart(config_.train_count, rng_);
  restart_fantasy();
}

Status RbmTrainer::apply_live(const RbmConfig& config) {
  if (!validate(config).empty()) return Status::error("The new settings are out of range.");
  RbmConfig next = config;
  next.train_count = std::min(next.train_count, train_.count());
  if (needs_reset(config_, next))
    return Status::error("Hidden units, initialisation, seed, binarisation and data size need a reset.");
  const bool restart = next.fantasy_chains != config_.fantasy_chains || next.fantasy_start != config_.fantasy_start;
  config_ = next;
  if (restart) restart_fantasy();
  return Status::success();
}

double RbmTrainer::epoch_fraction() const { return order_.fraction(); }

double RbmTrainer::take_recent_recon_error() { return recon_.take(); }

void RbmTrainer::next_batch(Matrix& v0) {
  order_.next(config_.batch_size, rng_, [&](const int* indices, int n) {
    make_batch(train_.images, indices, n, config_.binarization, config_.seed, rng_, v0);
  });
}

TrainReport RbmTrainer::train(int max_batches) {
  const std::vector<ParamBlock> blocks = {{rbm_.params().data(), rbm_.param_count()}};
  return train_chunk(
      max_batches, updates_, order_, blocks,
      [&] {
        const float momentum = config_.momentum_at(epoch());  // the epoch this minibatch belongs to
        next_batch(v0_);
        recon_.add(cd_statistics(rbm_, v0_, config_.cd_k, config_.persistent ? &chain_ : nullptr, rng_, cd_));
        apply_cd_update(rbm_, velocity_, cd_, config_.learning_rate, momentum, config_.weight_decay);
      },
      [&] {
        std::fill(velocity_.begin(), velocity_.end(), 0.0f);
        chain_.resize(0, 0);
      });
}

RbmMetrics RbmTrainer::evaluate(int subset, double log_z) const {
  RbmMetrics m;
  auto first_digits = [&](const Dataset& data, Matrix& V) {
    const std::vector<int> idx = first_indices(std::min(subset, data.count()));
    evaluation_batch(data.images, idx.data(), int(idx.size()), config_.binarization, config_.seed, V);
  };
  Matrix V, V_test;
  first_digits(train_, V);
  first_digits(test_, V_test);
  m.free_energy_train = double(rbm_.free_energy(V).cast<double>().mean());
  m.free_energy_test = double(rbm_.free_energy(V_test).cast<double>().mean());
  m.free_energy_gap = m.free_energy_test - m.free_energy_train;
  if (std::isfinite(log_z)) {
    m.exact_log_likelihood_train = exact_log_likelihood(rbm_, V, log_z);
    m.exact_log_likelihood_test = exact_log_likelihood(rbm_, V_test, log_z);
  }

  // Pseudo-log-likelihood, one random bit per digit: nv * log sigmoid(F(v~) - F(v)).
  Rng pick(stream_seed(config_.seed, Stream::RbmDisplay));
  Matrix pre;
  affine_tn(pre, rbm_.W(), V, rbm_.c());
  const Vector F = rbm_.free_energy(V);
  double total = 0;
  for (Eigen::Index j = 0; j < V.cols(); ++j) {
    const int i = int(pick.below(uint32_t(V.rows())));
    const float delta = 1.0f - 2.0f * V(i, j);  // v_i -> 1 - v_i
    double flipped = -(double(rbm_.b().dot(V.col(j))) + double(rbm_.b()[i]) * delta);
    for (Eigen::Index k = 0; k < pre.rows(); ++k) flipped -= softplus(pre(k, j) + delta * rbm_.W()(i, k));
    total += double(V.rows()) * -double(softplus(float(-(flipped - F[j]))));
  }
  m.pseudo_likelihood = total / double(V.cols());
  return m;
}

void RbmTrainer::restart_fantasy() {
  Rng rng(stream_seed(config_.seed, Stream::RbmFantasy));
  const int n = config_.fantasy_chains;
  if (config_.fantasy_start == ChainStart::Data) {
    std::vector<int> idx(n);
    for (int i = 0; i < n; ++i) idx[i] = i % test_.count();
    make_batch(test_.images, idx.data(), n, Binarization::FixedStochastic, config_.seed, rng, fantasy_);
  } else {
    Matrix half = Matrix::Constant(rbm_.visible(), n, 0.5f);
    sample_bernoulli(fantasy_, half, rng);
  }
  fantasy_means_ = fantasy_;
  fantasy_rng_.reseed(stream_seed(config_.seed, Stream::RbmFantasy, 1));
}

void RbmTrainer::advance_fantasy(int steps) {
  Matrix hp, hsample;
  for (int s = 0; s < steps; ++s) gibbs_sweep(rbm_, fantasy_, fantasy_means_, hp, hsample, fantasy_rng_);
}

void RbmTrainer::reconstruct(const Dataset& data, const std::vector<int>& indices, Matrix& v, Matrix& recon) const {
  Rng rng(stream_seed(config_.seed, Stream::RbmDisplay));
  evaluation_batch(data.images, indices.data(), int(indices.size()), config_.binarization, config_.seed, v);
  Matrix hp, hsample;
  hidden_sample_means(rbm_, v, hp, hsample, recon, rng);
}

}  // namespace latent
