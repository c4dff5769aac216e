// The GRBM's exact mixture, log Z, log p(v) and log-likelihood gradient by
// enumerating the hidden states (grbm_exact.hpp).
#include "grbm_exact.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace latent {
namespace {

using MatrixD = Eigen::MatrixXd;
using VectorD = Eigen::VectorXd;

constexpr double kLog2Pi = 1.8378770664093453;
constexpr long kBlockStates = 4096;      // hidden states scored at a time
constexpr long kDensityEntries = 1L << 20;  // components x points held at a time by grbm_log_density

// States first .. first + count - 1 as columns of 0/1.
MatrixD hidden_states(int nh, long first, long count) {
  MatrixD H(nh, count);
  for (long k = 0; k < count; ++k)
    for (int j = 0; j < nh; ++j) H(j, k) = double(((first + k) >> j) & 1);
  return H;
}

double logsumexp(const VectorD& x) {
  const double m = x.maxCoeff();
  return m + std::log((x.array() - m).exp().sum());
}

VectorD inverse_variances(const Grbm& g) { return (-g.log_variances().cast<double>().array()).exp(); }

// s_h = a^T h + 1/2 h^T G h for the states of H.
struct Scorer {
  VectorD a;
  MatrixD G;
  explicit Scorer(const Grbm& g) {
    const MatrixD W = g.W().cast<double>();
    const VectorD inv = inverse_variances(g);
    a = g.c().cast<double>() + W.transpose() * inv.cwiseProduct(g.b().cast<double>());
    G = W.transpose() * inv.asDiagonal() * W;
  }
  VectorD scores(const MatrixD& H) const {
    return H.transpose() * a + 0.5 * (H.array() * (G * H).array()).colwise().sum().transpose().matrix();
  }
};

// The unnormalised log weights of every state.
VectorD all_scores(const Grbm& g) {
  return Scorer(g).scores(hidden_states(g.hidden(), 0, 1L << g.hidden()));
}

}  // namespace

GaussianMixture grbm_mixture(const Grbm& grbm) {
  GaussianMixture m;
  const MatrixD H = hidden_states(grbm.hidden(), 0, 1L << grbm.hidden());
  m.means = (grbm.W().cast<double>() * H).colwise() + grbm.b().cast<double>();
  m.variances = grbm.log_variances().cast<double>().array().exp();
  const VectorD s = Scorer(grbm).scores(H);
  m.log_weights = s.array() - logsumexp(s);
  return m;
}

Eigen::VectorXd grbm_log_weights(const Grbm& grbm) {
  const VectorD s = all_scores(grbm);
  return s.array() - logsumexp(s);
}

double grbm_log_partition(const Grbm& grbm) {
  const Scorer scorer(grbm);
  const long states = 1L << grbm.hidden();
  double max = -std::numeric_limits<double>::infinity(), sum = 0;  // running log-sum-exp
  for (long first = 0; first < states; first += kBlockStates) {
    const VectorD s = scorer.scores(hidden_states(grbm.hidden(), first, std::min(kBlockStates, states - first)));
    const double m = s.maxCoeff();
    if (m > max) {
      sum *= std::exp(max - m);
      max = m;
    }
    sum += (s.array() - max).exp().sum();
  }
  return 0.5 * grbm.visible() * kLog2Pi + 0.5 * double(grbm.log_variances().cast<double>().sum()) + max +
         std::log(sum);
}

int count_components(const Eigen::VectorXd& log_weights, double min_weight) {
  return int((log_weights.array() >= std::log(min_weight)).count());
}

Eigen::VectorXd grbm_log_density(const GaussianMixture& mixture, const Matrix& V) {
  const long K = long(mixture.means.cols());
  const VectorD inv_sd = mixture.variances.array().rsqrt();
  // In whitened coordinates u = v / sigma every component is N(mu / sigma, I):
  // -1/2 ||u - m_k||^2 = m_k^T u - 1/2 ||u||^2 - 1/2 ||m_k||^2.
  const MatrixD M = inv_sd.asDiagonal() * mixture.means;
  const VectorD offset = mixture.log_weights - 0.5 * M.colwise().squaredNorm().transpose();
  const double log_norm = 0.5 * double(V.rows()) * kLog2Pi + 0.5 * mixture.variances.array().log().sum();
  const Eigen::Index block = std::max<Eigen::Index>(1, kDensityEntries / K);
  VectorD out(V.cols());
  for (Eigen::Index first = 0; first < V.cols(); first += block) {
    const Eigen::Index n = std::min(block, V.cols() - first);
    const MatrixD U = inv_sd.asDiagonal() * V.middleCols(first, n).cast<double>();
    const MatrixD terms = ((M.transpose() * U).colwise() + offset).rowwise() - 0.5 * U.colwise().squaredNorm();
    for (Eigen::Index j = 0; j < n; ++j) out[first + j] = logsumexp(terms.col(j)) - log_norm;
  }
  return out;
}

double grbm_exact_log_likelihood(const Grbm& grbm, const Matrix& V) {
  return grbm_log_density(grbm_mixture(grbm), V).mean();
}

Eigen::VectorXd grbm_exact_gradient(const Grbm& grbm, const Matrix& V) {
  const double n = double(V.cols());
  const MatrixD W = grbm.W().cast<double>();
  const VectorD b = grbm.b().cast<double>(), inv = inverse_variances(grbm);
  const MatrixD Vd = V.cast<double>();
  const MatrixD X = inv.asDiagonal() * Vd;  // the visible statistic v / sigma^2
  const MatrixD P = sigmoid(((W.transpose() * X).colwise() + grbm.c().cast<double>()).array()).matrix();
  const MatrixD H = hidden_states(grbm.hidden(), 0, 1L << grbm.hidden());
  const MatrixD WH = W * H, means = WH.colwise() + b;
  const VectorD s = Scorer(grbm).scores(H);
  const VectorD w = (s.array() - logsumexp(s)).exp();

  const MatrixD gW = X * P.transpose() / n - inv.asDiagonal() * means * w.asDiagonal() * H.transpose();
  const VectorD gb = inv.cwiseProduct(Vd.rowwise().mean() - means * w);
  const VectorD gc = P.rowwise().mean() - H * w;
  // Under component h, E[(v_i - b_i)^2] = sigma_i^2 + (W h)_i^2 and E[v_i] = b_i + (W h)_i.
  const VectorD data_z = 0.5 * inv.cwiseProduct((Vd.colwise() - b).array().square().rowwise().mean().matrix()) -
                         inv.cwiseProduct((Vd.array() * (W * P).array()).rowwise().mean().matrix());
  const VectorD model_z =
      0.5 * VectorD::Ones(b.size()) -
      inv.cwiseProduct(0.5 * WH.array().square().matrix() * w + b.cwiseProduct(WH * w));
  VectorD g(Eigen::Index(grbm.param_count()) + b.size());
  g << RbmParams::flat(gW, gb, gc), data_z - model_z;
  return g;
}

}  // namespace latent
