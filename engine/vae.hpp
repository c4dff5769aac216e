// Vae: a deterministic autoencoder or a variational autoencoder (Kingma & Welling)
// on binary vectors x in {0,1}^D (MNIST: D = 784), two Mlps (mlp.hpp) sharing one
// flat buffer [ encoder | decoder ]. A batch is D x B, one digit per column.
//
// Autoencoder (variational = false):
//   code c = enc(x) (a linear layer on top of the hidden ones), logits a = dec(c), y = sigmoid(a)
//   log p(x|c) = sum_i x_i a_i - softplus(a_i)       (= -cross-entropy, computed from the logits)
//   loss(x)    = -log p(x|c), in nats per digit
// VAE (variational = true), latent size L:
//   [mu; logvar] = enc(x)                            (2L linear outputs)
//   q(z|x) = N(mu, diag exp(logvar)),  p(z) = N(0, I),  p(x|z) = prod_i Bernoulli(x_i; sigmoid(a_i)), a = dec(z)
//   z = mu + exp(logvar / 2) (.) eps,  eps ~ N(0, I)  (reparameterisation)
//   KL(q(z|x) || p(z)) = 1/2 sum_k (mu_k^2 + exp(logvar_k) - 1 - logvar_k)
//   ELBO(x) = E_q[log p(x|z)] - KL, estimated with one eps per digit: log p(x|z) - KL
// Gradient of the minibatch loss  -1/B sum_j ELBO(x_j)  with eps held fixed:
//   dL/da      = (sigmoid(a) - x) / B               -> decoder backward -> dL/dz
//   dL/dmu     = dL/dz + mu / B
//   dL/dlogvar = dL/dz (.) eps (.) exp(logvar / 2) / 2 + (exp(logvar) - 1) / (2B)
//   -> encoder backward (the AE: dL/dc straight into the encoder)
// Importance-weighted estimate (Burda et al.), z_j = mu + sd (.) eps_j, j = 1..k:
//   log w_j = log p(x|z_j) + log p(z_j) - log q(z_j|x)
//           = log p(x|z_j) - 1/2 |z_j|^2 + 1/2 sum_k (eps_jk^2 + logvar_k)   (the 2 pi's cancel)
//   log p(x) ~ logsumexp_j log w_j - log k      (k = 1: the ELBO's expectation; rises with k to log p(x))
#pragma once
#include <vector>

#include "kernels.hpp"
#include "mlp.hpp"
#include "rng.hpp"

namespace latent {

struct VaeShape {
  bool variational = true;
  int input = 784;
  int latent = 2;
  int hidden = 200;
  int layers = 1;  // hidden layers of each network
  Activation activation = Activation::Relu;
};

// Per-digit terms of a batch: log p(x|z) and KL (0 for the AE).
struct ElboTerms {
  Eigen::VectorXd recon, kl;
};

// One batch's working memory: the two networks' caches and the code's matrices.
struct VaeScratch {
  MlpCache enc, dec;
  Matrix z;               // the code (AE) or the sample mu + sd (.) eps (VAE): L x B
  Matrix sd;              // exp(logvar / 2): L x B
  Matrix d_out, d_code;   // dL/dlogits (D x B), dL/d(encoder output)
  Matrix dz;              // dL/dz
  ElboTerms terms;        // of the last gradient()
};

// Batch means of the terms (what one update reports).
struct ElboMeans {
  double recon = 0, kl = 0;
  double elbo() const { return recon - kl; }
};

class Vae {
 public:
  Vae() = default;
  explicit Vae(const VaeShape& shape);

  const VaeShape& shape() const { return shape_; }
  bool variational() const { return shape_.variational; }
  int latent() const { return shape_.latent; }
  size_t param_count() const { return params_.size(); }
  ParamBuffer& params() { return params_; }
  const ParamBuffer& params() const { return params_; }
  const Mlp& encoder() const { return enc_; }
  const Mlp& decoder() const { return dec_; }
  const float* encoder_params() const { return params_.data(); }
  const float* decoder_params() const { return params_.data() + enc_.param_count(); }
  size_t decoder_offset() const { return enc_.param_count(); }

  // He/Glorot weights (mlp.hpp), zero biases, except the decoder's output bias:
  // logit(m_i) of the data's mean pixel m (pixel_mean.hpp's clamped_logits; empty: 0).
  void initialize(Rng& rng, const Vector& data_mean);

  // The forward pass of X: s.z, s.dec.output() (logits), and for the VAE s.sd. eps
  // (L x B) is the VAE's noise (ignored by the AE; may be null there).
  void forward(const Matrix& X, const Matrix* eps, VaeScratch& s) const;
  // The terms of each digit after forward(X, ...).
  void terms(const Matrix& X, const VaeScratch& s, ElboTerms& out) const;
  // forward, then grad = d/dparams of -mean ELBO (AE: of the mean loss), noise fixed.
  ElboMeans gradient(const Matrix& X, const Matrix* eps, ParamBuffer& grad, VaeScratch& s) const;

  // Encoder outputs: the means and log-variances of q(z|x) (AE: the codes; log_vars empty).
  void encode(const Matrix& X, Matrix& means, Matrix& log_vars) const;
  void decode_logits(const Matrix& Z, Matrix& logits) const;
  void decode(const Matrix& Z, Matrix& probs) const;  // sigmoid of the logits

  // For one digit x (D x 1), with k samples drawn from rng (in blocks of
  // kIwBlock through the decoder): the importance-weighted log p(x) and the ELBO
  // estimated on the same samples (mean log p(x|z_j) - KL). VAE only.
  static constexpr int kIwBlock = 500;
  void importance_weighted(const Matrix& x, int k, Rng& rng, double& log_px, double& elbo) const;

 private:
  VaeShape shape_;
  Mlp enc_, dec_;
  ParamBuffer params_;
};

// log p(x|a) = sum_i x_i a_i - softplus(a_i) per column, from logits a (stable for any a).
void bernoulli_log_likelihood(const Matrix& X, const Matrix& logits, Eigen::VectorXd& out);
// KL(N(mu, diag exp(logvar)) || N(0, I)) per column, in closed form.
void gaussian_kl(const Eigen::Ref<const Matrix>& mu, const Eigen::Ref<const Matrix>& logvar, Eigen::VectorXd& out);
// log sum_j exp(x_j), stable (the largest term factored out); -inf when empty.
double log_sum_exp(const std::vector<double>& x);

}  // namespace latent
