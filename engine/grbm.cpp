// The Gaussian-Bernoulli RBM's conditionals, energy and free energy (grbm.hpp).
// With unit variances the work is exactly the course's model (no scaling pass).
#include "grbm.hpp"

#include <cmath>

namespace latent {

void Grbm::clamp_log_variances() {
  log_variances_ = log_variances_.array().max(kMinLogVariance).min(kMaxLogVariance);
}

void Grbm::initialize(float init_std, const Vector& data_mean, Rng& rng) {
  randomize(init_std, rng);
  log_variances_.setZero(visible());
  if (data_mean.size() == visible()) b() = data_mean;
}

const Matrix& Grbm::visible_statistic(const Matrix& V, Matrix& scratch) const {
  if (unit_variances()) return V;
  scratch = V.array().colwise() * inverse_variances().array();
  return scratch;
}

void Grbm::hidden_probs(const Matrix& V, Matrix& H) const {
  Matrix scaled;
  affine_tn_sigmoid(H, W(), visible_statistic(V, scaled), c());
}

void Grbm::visible_means(const Matrix& H, Matrix& V) const { affine_nn(V, W(), H, b()); }

void Grbm::sample_visible(const Matrix& means, Matrix& V, Rng& rng) const {
  if (unit_variances()) return sample_gaussian(V, means, nullptr, rng);
  const Vector sd = (0.5f * log_variances_.array()).exp();
  sample_gaussian(V, means, &sd, rng);
}

double Grbm::energy(const Vector& v, const Vector& h) const {
  const Eigen::VectorXd vd = v.cast<double>(), hd = h.cast<double>();
  const Eigen::VectorXd inv = (-log_variances_.cast<double>().array()).exp();
  const Eigen::VectorXd centred = vd - b().cast<double>();
  return 0.5 * centred.cwiseAbs2().dot(inv) - vd.cwiseProduct(inv).dot(W().cast<double>() * hd) -
         c().cast<double>().dot(hd);
}

Vector Grbm::free_energy(const Matrix& V) const {
  Matrix pre, sp, scaled;
  affine_tn(pre, W(), visible_statistic(V, scaled), c());
  sp.resize(pre.rows(), pre.cols());
  softplus(pre, sp);
  // sum_i (v_i - b_i)^2 / sigma_i^2 per column: a weighted squared norm per example.
  const Matrix centred = V.colwise() - b();
  Vector quadratic(V.cols());
  if (unit_variances()) {
    quadratic = centred.colwise().squaredNorm().transpose();
  } else {
    const Vector inv = inverse_variances();
    for (Eigen::Index j = 0; j < V.cols(); ++j) quadratic[j] = centred.col(j).cwiseAbs2().dot(inv);
  }
  return 0.5f * quadratic - sp.colwise().sum().transpose();
}

Vector Grbm::log_variance_gradient(const Matrix& v0, const Matrix& vk, const Matrix& pos, const Matrix& neg) const {
  const Vector data_sq = (v0.colwise() - b()).array().square().rowwise().mean();
  const Vector model_sq = (vk.colwise() - b()).array().square().rowwise().mean();
  const Vector interaction = (W().array() * (pos - neg).array()).rowwise().sum();
  return (0.5f * inverse_variances().array() * (data_sq - model_sq).array()).matrix() - interaction;
}

}  // namespace latent
