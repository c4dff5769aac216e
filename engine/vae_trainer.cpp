// VaeTrainer (vae_trainer.hpp): the autoencoder's and the VAE's training loop on
// MNIST (minibatch order and divergence guard from train_loop.hpp, binarisation
// from batch.hpp, the model from vae.hpp, the step from optimizer.hpp) and its
// evaluations.
//
// Random streams: one training stream from the seed draws the initial weights,
// the minibatch order, the dynamic binarisation and the VAE's noise eps, in that
// order of use. Evaluation, the importance-weighted estimate and display never
// touch it; each seeds its own generator afresh from the seed, so they are
// deterministic and a run's weights do not depend on when the UI looked.
#include "vae_trainer.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "pixel_mean.hpp"
#include "rng_streams.hpp"
#include "vae.hpp"

namespace latent {
namespace {

constexpr int kEvalBlock = 500;   // digits per block of an evaluation pass
constexpr int kMeanDigits = 10000;  // digits averaged for the decoder's initial output bias

// The divergence message's advice (train_loop.hpp): the optimiser's safe rate.
DivergenceAdvice vae_divergence_advice(OptimizerKind optimizer) {
  DivergenceAdvice a;
  a.cause = std::string("the learning rate is too large for ") +
            (optimizer == OptimizerKind::Adam ? "Adam; 1e-3 is safe" : "SGD; try 0.01");
  a.remedy = "lower the learning rate";
  return a;
}

}  // namespace

struct VaeTrainer::Impl {
  Impl(const VaeConfig& c, const Dataset& train_set, const Dataset& test_set)
      : config(c), train(train_set), test(test_set), rng(c.seed) {
    config.train_count = std::min(config.train_count, train.count());
    VaeShape shape;
    shape.variational = config.variational;
    shape.input = train.dim();
    shape.latent = config.latent;
    shape.hidden = config.hidden;
    shape.layers = config.layers;
    shape.activation = config.activation;
    vae = Vae(shape);
    vae.initialize(rng, pixel_mean(train.images, std::min(config.train_count, kMeanDigits), config.binarization));
    optimizer.resize(vae.param_count());
    grad.assign(vae.param_count(), 0.0f);
    order.restart(config.train_count, rng);
  }

  // One minibatch update; returns its mean ELBO (AE: minus the loss).
  double update() {
    order.next(config.batch_size, rng, [&](const int* indices, int n) {
      make_batch(train.images, indices, n, config.binarization, config.seed, rng, x);
    });
    if (config.variational) {
      zeros.setZero(config.latent, x.cols());
      sample_gaussian(eps, zeros, nullptr, rng);
    }
    const ElboMeans m = vae.gradient(x, &eps, grad, scratch);
    optimizer.step(config, vae.params().data(), grad.data());
    return m.elbo();
  }

  // Digits `indices` of a set, binarised for evaluation.
  void eval_batch(const Dataset& data, const int* indices, int n, Matrix& out) const {
    evaluation_batch(data.images, indices, n, config.binarization, config.seed, out);
  }

  // Means of the terms over the first n digits of a set, with noise seeded by noise_seed.
  ElboMeans evaluate_set(const Dataset& data, int n, uint64_t noise_seed) const {
    Rng noise(noise_seed);
    std::vector<int> idx;
    Matrix xs, e, z0;
    VaeScratch s;
    ElboTerms t;
    ElboMeans sum;
    for (int first = 0; first < n; first += kEvalBlock) {
      idx.resize(size_t(std::min(kEvalBlock, n - first)));
      std::iota(idx.begin(), idx.end(), first);
      eval_batch(data, idx.data(), int(idx.size()), xs);
      if (config.variational) {
        z0.setZero(config.latent, xs.cols());
        sample_gaussian(e, z0, nullptr, noise);
      }
      vae.forward(xs, &e, s);
      vae.terms(xs, s, t);
      sum.recon += t.recon.sum();
      sum.kl += t.kl.sum();
    }
    return {sum.recon / double(n), sum.kl / double(n)};  // NaN for no digits
  }

  VaeConfig config;
  const Dataset& train;
  const Dataset& test;
  Vae vae;
  Rng rng;  // the training stream
  Optimizer optimizer;
  ParamBuffer grad;
  EpochOrder order;
  long long updates = 0;
  RecentMean recent;
  Matrix x, eps, zeros;
  VaeScratch scratch;
};

VaeTrainer::VaeTrainer(const VaeConfig& config, const Dataset& train, const Dataset& test)
    : impl_(std::make_unique<Impl>(config, train, test)) {}

VaeTrainer::~VaeTrainer() = default;

const VaeConfig& VaeTrainer::config() const { return impl_->config; }

Status VaeTrainer::apply_live(const VaeConfig& config) {
  if (!validate(config).empty()) return Status::error("The new settings are out of range.");
  VaeConfig next = config;
  next.train_count = std::min(next.train_count, impl_->train.count());
  if (needs_reset(impl_->config, next))
    return Status::error(
        "VAE or autoencoder, latent size, hidden units, layers, activation, seed, binarisation and data size "
        "need a reset.");
  impl_->config = next;  // a new optimizer kind starts its state afresh at the next step
  return Status::success();
}

TrainReport VaeTrainer::train(int max_batches) {
  Impl& m = *impl_;
  const std::vector<ParamBlock> blocks = {{m.vae.params().data(), m.vae.param_count()}};
  std::vector<double> elbos;  // kept only if the chunk is
  TrainReport report = train_chunk(
      max_batches, m.updates, m.order, blocks, [&] { elbos.push_back(m.update()); }, [&] { m.optimizer.reset(); },
      vae_divergence_advice(m.config.optimizer));
  if (!report.diverged)
    for (double e : elbos) m.recent.add(e);
  return report;
}

int VaeTrainer::epoch() const { return impl_->order.epoch(); }
long long VaeTrainer::updates() const { return impl_->updates; }
double VaeTrainer::epoch_fraction() const { return impl_->order.fraction(); }
double VaeTrainer::take_recent_elbo() { return impl_->recent.take(); }

VaeMetrics VaeTrainer::evaluate(int subset) const {
  const Impl& m = *impl_;
  const int n = std::max(subset, 0);
  const uint64_t seed = m.config.seed;
  const ElboMeans tr = m.evaluate_set(m.train, std::min(n, m.config.train_count), stream_seed(seed, Stream::VaeEval));
  const ElboMeans te = m.evaluate_set(m.test, std::min(n, m.test.count()), stream_seed(seed, Stream::VaeEval, 1));
  VaeMetrics r;
  r.recon_train = tr.recon;
  r.kl_train = tr.kl;
  r.elbo_train = tr.elbo();
  r.recon_test = te.recon;
  r.kl_test = te.kl;
  r.elbo_test = te.elbo();
  return r;
}

void VaeTrainer::importance_weighted(int test_index, int k, double& log_px, double& elbo) const {
  const Impl& m = *impl_;
  Matrix x;
  m.eval_batch(m.test, &test_index, 1, x);
  Rng noise(stream_seed(m.config.seed, Stream::VaeImportance, uint64_t(test_index) * kGoldenGamma));
  m.vae.importance_weighted(x, k, noise, log_px, elbo);
}

void VaeTrainer::encode(const std::vector<int>& test_indices, Matrix& means, Matrix& log_vars) const {
  Matrix x;
  impl_->eval_batch(impl_->test, test_indices.data(), int(test_indices.size()), x);
  impl_->vae.encode(x, means, log_vars);
}

void VaeTrainer::decode(const Matrix& Z, Matrix& probs) const {
  if (Z.rows() != latent()) {
    probs.resize(0, 0);  // codes of another size: nothing to decode
    return;
  }
  impl_->vae.decode(Z, probs);
}

void VaeTrainer::reconstruct(const std::vector<int>& test_indices, Matrix& v, Matrix& recon) const {
  impl_->eval_batch(impl_->test, test_indices.data(), int(test_indices.size()), v);
  Matrix means, log_vars;
  impl_->vae.encode(v, means, log_vars);
  impl_->vae.decode(means, recon);
}

void VaeTrainer::encode_pixels(const Matrix& x, Matrix& means, Matrix& log_vars) const {
  impl_->vae.encode(x, means, log_vars);
}

Eigen::VectorXd VaeTrainer::elbo_of(const Matrix& x) const {
  const Impl& m = *impl_;
  Rng noise(stream_seed(m.config.seed, Stream::VaeEval, 2));
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(x.cols());
  Matrix e, z0;
  VaeScratch s;
  ElboTerms t;
  const int draws = m.config.variational ? kDigitNoise : 1;
  for (int k = 0; k < draws; ++k) {
    if (m.config.variational) {
      z0.setZero(m.config.latent, x.cols());
      sample_gaussian(e, z0, nullptr, noise);  // one draw shared by every digit: the same for each call
      for (Eigen::Index j = 1; j < e.cols(); ++j) e.col(j) = e.col(0);
    }
    m.vae.forward(x, &e, s);
    m.vae.terms(x, s, t);
    sum += t.recon - t.kl;
  }
  return sum / double(draws);
}

int VaeTrainer::latent() const { return impl_->config.latent; }

const ParamBuffer& VaeTrainer::params() const { return impl_->vae.params(); }
ParamBuffer& VaeTrainer::params() { return impl_->vae.params(); }
const Vae& VaeTrainer::vae() const { return impl_->vae; }

}  // namespace latent
