// VaeTrainer: trains an autoencoder or a VAE (config.variational) on MNIST with Adam or
// SGD (+momentum), under the same divergence guard as the RBM trainers
// (train_loop.hpp: parameters restored to the start of the chunk, reported).
//   AE:  loss(x) = -sum_i [x_i log y_i + (1-x_i) log(1-y_i)],  y = dec(enc(x))
//   VAE: q(z|x) = N(mu(x), diag exp(logvar(x))), p(z) = N(0, I), p(x|z) Bernoulli(dec(z));
//        ELBO(x) = E_q[log p(x|z)] - KL(q(z|x) || p(z)), one reparameterised sample
//        z = mu + exp(logvar/2) * eps per digit and update; KL in closed form.
// All figures are per digit, in nats, on the configured binarisation (dynamic ->
// a fixed stochastic draw for evaluation).
#pragma once
#include <limits>
#include <memory>
#include <vector>

#include "idx.hpp"
#include "kernels.hpp"
#include "status.hpp"
#include "train_loop.hpp"
#include "vae_config.hpp"

namespace latent {

class Vae;

struct VaeMetrics {
  // Means over the digits evaluated. VAE: elbo = recon - kl, where recon = E_q[log p(x|z)]
  // (estimated with fixed noise, so the same model gives the same figures). AE: recon
  // = log p(x | dec(enc(x))) (negative loss), kl = 0, elbo = recon.
  double elbo_train = std::numeric_limits<double>::quiet_NaN();
  double elbo_test = std::numeric_limits<double>::quiet_NaN();
  double recon_train = std::numeric_limits<double>::quiet_NaN();
  double recon_test = std::numeric_limits<double>::quiet_NaN();
  double kl_train = std::numeric_limits<double>::quiet_NaN();
  double kl_test = std::numeric_limits<double>::quiet_NaN();
};

class VaeTrainer {
 public:
  // config must pass validate(); train and test must outlive the trainer.
  VaeTrainer(const VaeConfig& config, const Dataset& train, const Dataset& test);
  ~VaeTrainer();

  const VaeConfig& config() const;
  Status apply_live(const VaeConfig& config);  // learning rate, optimizer, batch size, iw_*

  TrainReport train(int max_batches);
  int epoch() const;
  long long updates() const;
  double epoch_fraction() const;
  // Mean training ELBO per digit (AE: minus the loss) of the updates since the last call (NaN if none).
  double take_recent_elbo();

  // ELBO and its two parts on the first `subset` training and test digits.
  VaeMetrics evaluate(int subset) const;

  // The importance-weighted estimate of log p(x) with k samples (VAE only) for one
  // test digit: log (1/k) sum_j p(x, z_j) / q(z_j | x), z_j ~ q(z|x); and that
  // digit's ELBO on the same binarisation. Deterministic for a given model, digit and k.
  // (The ELBO here is mean_j log p(x|z_j) over the same k samples minus the closed-form KL;
  // the AE gives NaN for both.)
  void importance_weighted(int test_index, int k, double& log_px, double& elbo) const;

  // q(z|x) of test digits: latent x n means and log-variances (AE: the codes, log-variances empty).
  void encode(const std::vector<int>& test_indices, Matrix& means, Matrix& log_vars) const;
  // The decoder's Bernoulli means for codes Z (latent x n): 784 x n (empty if Z has another row count).
  void decode(const Matrix& Z, Matrix& probs) const;
  // Test digits (grey levels, as binarised for evaluation) and their reconstructions
  // (decoder means at the encoder's mean code).
  void reconstruct(const std::vector<int>& test_indices, Matrix& v, Matrix& recon) const;

  // The same three for any digits x (784 x n, grey levels as they are): q(z|x); the
  // ELBO of each (AE: log p(x|c)), nats, its expectation averaged over kDigitNoise
  // draws of a fixed seed (the same for every digit and call, so that digits compare).
  static constexpr int kDigitNoise = 8;
  void encode_pixels(const Matrix& x, Matrix& means, Matrix& log_vars) const;
  Eigen::VectorXd elbo_of(const Matrix& x) const;

  int latent() const;
  // Every parameter, for the checks of the tests and the divergence guard; a loaded
  // model's go into the mutable one.
  const ParamBuffer& params() const;
  ParamBuffer& params();
  const Vae& vae() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace latent
