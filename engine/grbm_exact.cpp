#include "grbm_exact.hpp"

#include <cmath>

namespace latent {
namespace {

using MatrixD = Eigen::MatrixXd;
using VectorD = Eigen::VectorXd;

constexpr double kLog2Pi = 1.8378770664093453;

MatrixD hidden_states(int nh) {
  const long K = 1L << nh;
  MatrixD H(nh, K);
  for (long k = 0; k < K; ++k)
    for (int j = 0; j < nh; ++j) H(j, k) = double((k >> j) & 1);
  return H;
}

double logsumexp(const VectorD& x) {
  const double m = x.maxCoeff();
  return m + std::log((x.array() - m).exp().sum());
}

// Everything the enumeration yields: the states, the component means and the
// unnormalised log weights s_h = c^T h + b^T W h + 1/2 ||W h||^2.
struct Components {
  MatrixD H, means;
  VectorD scores;
};

Components components(const Grbm& g) {
  Components out;
  const MatrixD W = g.W().cast<double>();
  const VectorD b = g.b().cast<double>(), c = g.c().cast<double>();
  out.H = hidden_states(g.hidden());
  const MatrixD WH = W * out.H;
  out.means = WH.colwise() + b;
  out.scores = out.H.transpose() * c + WH.transpose() * b + 0.5 * WH.colwise().squaredNorm().transpose();
  return out;
}

}  // namespace

GaussianMixture grbm_mixture(const Grbm& grbm) {
  Components k = components(grbm);
  GaussianMixture m;
  m.means = std::move(k.means);
  m.log_weights = k.scores.array() - logsumexp(k.scores);
  return m;
}

double grbm_log_partition(const Grbm& grbm) {
  return 0.5 * grbm.visible() * kLog2Pi + logsumexp(components(grbm).scores);
}

Eigen::VectorXd grbm_log_density(const GaussianMixture& mixture, const Matrix& V) {
  const MatrixD Vd = V.cast<double>();
  // -1/2 ||v - mu_k||^2 for every component k (rows) and digit (columns).
  const MatrixD half_sq = (mixture.means.transpose() * Vd).rowwise() - 0.5 * Vd.colwise().squaredNorm();
  const MatrixD log_terms =
      (half_sq.colwise() - 0.5 * mixture.means.colwise().squaredNorm().transpose()).colwise() + mixture.log_weights;
  VectorD out(V.cols());
  for (Eigen::Index j = 0; j < V.cols(); ++j) out[j] = logsumexp(log_terms.col(j)) - 0.5 * double(V.rows()) * kLog2Pi;
  return out;
}

double grbm_exact_log_likelihood(const Grbm& grbm, const Matrix& V) {
  return grbm_log_density(grbm_mixture(grbm), V).mean();
}

Eigen::VectorXd grbm_exact_gradient(const Grbm& grbm, const Matrix& V) {
  const double n = double(V.cols());
  const MatrixD Vd = V.cast<double>();
  const VectorD b = grbm.b().cast<double>();
  const MatrixD P = (1.0 + (-((grbm.W().cast<double>().transpose() * Vd).colwise() +
                              grbm.c().cast<double>()).array()).exp()).inverse().matrix();
  const Components k = components(grbm);
  const VectorD w = (k.scores.array() - logsumexp(k.scores)).exp();

  const MatrixD gW = Vd * P.transpose() / n - k.means * w.asDiagonal() * k.H.transpose();
  const VectorD gb = (Vd.rowwise().sum() / n - b) - (k.means * w - b);
  const VectorD gc = P.rowwise().sum() / n - k.H * w;

  return RbmParams::flat(gW, gb, gc);
}

}  // namespace latent
