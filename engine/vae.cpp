// Vae (vae.hpp): the autoencoder's and the VAE's forward pass, terms, gradient,
// encoding, decoding and the importance-weighted estimate of log p(x).
#include "vae.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "pixel_mean.hpp"  // clamped_logits

namespace latent {
namespace {

// {input, hidden x layers, output} and {activation x layers, identity}.
Mlp network(int input, int hidden, int layers, int output, Activation activation) {
  std::vector<int> sizes(size_t(layers) + 2, hidden);
  sizes.front() = input;
  sizes.back() = output;
  std::vector<Activation> activations(size_t(layers) + 1, activation);
  activations.back() = Activation::Identity;
  return Mlp(sizes, activations);
}

}  // namespace

void bernoulli_log_likelihood(const Matrix& X, const Matrix& logits, Eigen::VectorXd& out) {
  // x a - softplus(a), softplus (kernels.hpp) stable: no overflow for any a.
  const auto a = logits.array();
  Matrix softplus_a;
  softplus(logits, softplus_a);
  if (X.cols() == 1 && logits.cols() != 1)  // one digit against many samples
    out = ((a.colwise() * X.col(0).array()) - softplus_a.array()).colwise().sum().transpose().cast<double>();
  else
    out = (X.array() * a - softplus_a.array()).colwise().sum().transpose().cast<double>();
}

void gaussian_kl(const Eigen::Ref<const Matrix>& mu, const Eigen::Ref<const Matrix>& logvar, Eigen::VectorXd& out) {
  out = (0.5f * (mu.array().square() + logvar.array().exp() - 1.0f - logvar.array()))
            .colwise()
            .sum()
            .transpose()
            .cast<double>();
}

double log_sum_exp(const std::vector<double>& x) {
  if (x.empty()) return -std::numeric_limits<double>::infinity();
  const double top = *std::max_element(x.begin(), x.end());
  if (!std::isfinite(top)) return top;
  double sum = 0;
  for (double v : x) sum += std::exp(v - top);
  return top + std::log(sum);
}

Vae::Vae(const VaeShape& shape)
    : shape_(shape),
      enc_(network(shape.input, shape.hidden, shape.layers, shape.variational ? 2 * shape.latent : shape.latent,
                   shape.activation)),
      dec_(network(shape.latent, shape.hidden, shape.layers, shape.input, shape.activation)),
      params_(enc_.param_count() + dec_.param_count(), 0.0f) {}

void Vae::initialize(Rng& rng, const Vector& data_mean) {
  enc_.initialize(params_.data(), rng);
  float* dec = params_.data() + decoder_offset();
  dec_.initialize(dec, rng);
  if (data_mean.size() != shape_.input) return;
  dec_.b(dec, dec_.layers() - 1) = clamped_logits(data_mean);
}

void Vae::forward(const Matrix& X, const Matrix* eps, VaeScratch& s) const {
  enc_.forward(encoder_params(), X, s.enc);
  const Matrix& out = s.enc.output();
  if (!variational()) {
    dec_.forward(decoder_params(), out, s.dec);  // the code is the encoder's output itself
    return;
  }
  const int L = latent();
  s.sd.resize(L, X.cols());
  s.sd.array() = (0.5f * out.bottomRows(L).array()).exp();
  s.z.resize(L, X.cols());
  s.z.array() = out.topRows(L).array() + s.sd.array() * eps->array();
  dec_.forward(decoder_params(), s.z, s.dec);
}

void Vae::terms(const Matrix& X, const VaeScratch& s, ElboTerms& out) const {
  bernoulli_log_likelihood(X, s.dec.output(), out.recon);
  if (!variational()) {
    out.kl.setZero(X.cols());
    return;
  }
  const Matrix& enc = s.enc.output();
  gaussian_kl(enc.topRows(latent()), enc.bottomRows(latent()), out.kl);
}

ElboMeans Vae::gradient(const Matrix& X, const Matrix* eps, ParamBuffer& grad, VaeScratch& s) const {
  grad.resize(params_.size());
  forward(X, eps, s);
  terms(X, s, s.terms);
  const float inv_b = 1.0f / float(X.cols());
  const ElboMeans means{s.terms.recon.mean(), s.terms.kl.mean()};

  const Matrix& logits = s.dec.output();
  s.d_out = logits;
  sigmoid_inplace(s.d_out);
  s.d_out.array() = (s.d_out.array() - X.array()) * inv_b;
  dec_.backward(decoder_params(), s.dec, s.d_out, grad.data() + decoder_offset(), &s.dz);
  if (!variational()) {
    enc_.backward(encoder_params(), s.enc, s.dz, grad.data(), nullptr);
    return means;
  }
  const int L = latent();
  const Matrix& enc = s.enc.output();
  s.d_code.resize(2 * L, X.cols());
  s.d_code.topRows(L).array() = s.dz.array() + enc.topRows(L).array() * inv_b;
  s.d_code.bottomRows(L).array() = 0.5f * s.dz.array() * eps->array() * s.sd.array() +
                                   (0.5f * inv_b) * (s.sd.array().square() - 1.0f);
  enc_.backward(encoder_params(), s.enc, s.d_code, grad.data(), nullptr);
  return means;
}

void Vae::encode(const Matrix& X, Matrix& means, Matrix& log_vars) const {
  MlpCache cache;
  enc_.forward(encoder_params(), X, cache);
  Matrix& out = cache.h.back();
  if (!variational()) {
    means.swap(out);
    log_vars.resize(0, 0);
    return;
  }
  means = out.topRows(latent());
  log_vars = out.bottomRows(latent());
}

void Vae::decode_logits(const Matrix& Z, Matrix& logits) const {
  MlpCache cache;
  dec_.forward(decoder_params(), Z, cache);
  logits.swap(cache.h.back());
}

void Vae::decode(const Matrix& Z, Matrix& probs) const {
  decode_logits(Z, probs);
  sigmoid_inplace(probs);
}

void Vae::importance_weighted(const Matrix& x, int k, Rng& rng, double& log_px, double& elbo) const {
  const int L = latent();
  Matrix mean, log_var;
  encode(x, mean, log_var);
  if (!variational() || k < 1) {
    log_px = elbo = std::numeric_limits<double>::quiet_NaN();
    return;
  }
  Eigen::VectorXd kl, ll;
  gaussian_kl(mean, log_var, kl);
  const Eigen::ArrayXf sd = (0.5f * log_var.col(0).array()).exp();
  const double half_log_var_sum = 0.5 * double(log_var.sum());

  std::vector<double> log_w;
  log_w.reserve(size_t(k));
  double recon_sum = 0;
  Matrix zeros, eps, z;
  MlpCache cache;
  for (int first = 0; first < k; first += kIwBlock) {
    const int n = std::min(kIwBlock, k - first);
    zeros.setZero(L, n);
    sample_gaussian(eps, zeros, nullptr, rng);
    z.resize(L, n);
    z.array() = (eps.array().colwise() * sd).colwise() + mean.col(0).array();
    dec_.forward(decoder_params(), z, cache);
    bernoulli_log_likelihood(x, cache.output(), ll);
    const Eigen::VectorXf z2 = z.colwise().squaredNorm().transpose(), e2 = eps.colwise().squaredNorm().transpose();
    for (int j = 0; j < n; ++j) {
      recon_sum += ll[j];
      log_w.push_back(ll[j] - 0.5 * double(z2[j]) + 0.5 * double(e2[j]) + half_log_var_sum);
    }
  }
  log_px = log_sum_exp(log_w) - std::log(double(k));
  elbo = recon_sum / double(k) - kl[0];
}

}  // namespace latent
