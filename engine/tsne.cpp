// Tsne (tsne.hpp): perplexity calibration, exact gradient, momentum descent with gains.
#include "tsne.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "rng.hpp"

namespace latent {
Eigen::VectorXd tsne_conditional(const Eigen::VectorXd& d2, Eigen::Index self, double perplexity) {
  const Eigen::Index N = d2.size();
  const double target = std::log(perplexity);
  double beta = 1, lo = 0, hi = HUGE_VAL;
  double dmin = HUGE_VAL;  // distances relative to the nearest neighbour keep exp() in range
  for (Eigen::Index j = 0; j < N; ++j)
    if (j != self) dmin = std::min(dmin, d2[j]);
  Eigen::VectorXd p(N);
  for (int round = 0; round < 200; ++round) {
    double sum = 0, weighted = 0;
    for (Eigen::Index j = 0; j < N; ++j) {
      const double d = d2[j] - dmin;
      p[j] = j == self ? 0.0 : std::exp(-beta * d);
      sum += p[j];
      weighted += p[j] * d;
    }
    p /= sum;
    const double entropy = std::log(sum) + beta * weighted / sum;  // H = log sum + beta <d>
    const double diff = entropy - target;
    if (std::abs(diff) < 1e-5) break;
    if (diff > 0) {  // too flat: sharpen
      lo = beta;
      beta = std::isinf(hi) ? beta * 2 : (beta + hi) / 2;
    } else {
      hi = beta;
      beta = (beta + lo) / 2;
    }
  }
  return p;
}


Status Tsne::init(const Matrix& X, const TsneSettings& s) {
  const Eigen::Index N = X.cols();
  if (N < 3 || N > kTsneMaxPoints)
    return Status::error("t-SNE here runs on 3 to " + std::to_string(kTsneMaxPoints) + " points (got " +
                         std::to_string(N) + ").");
  if (!(s.perplexity >= 1 && s.perplexity < double(N - 1)))
    return Status::error("Perplexity must be at least 1 and below the number of points minus 1 (" +
                         std::to_string(N - 1) + ").");
  settings_ = s;
  if (!(settings_.learning_rate > 0)) settings_.learning_rate = std::max(double(N) / s.exaggeration / 4.0, 50.0);
  const Eigen::MatrixXd Xd = X.cast<double>();
  const Eigen::VectorXd sq = Xd.colwise().squaredNorm().transpose();
  Eigen::MatrixXd D2 = -2.0 * (Xd.transpose() * Xd);
  D2.colwise() += sq;
  D2.rowwise() += sq.transpose();
  D2 = D2.cwiseMax(0.0);
  Eigen::MatrixXd cond(N, N);  // column i: p_{.|i}
  for (Eigen::Index i = 0; i < N; ++i) cond.col(i) = tsne_conditional(D2.col(i), i, s.perplexity);
  P_ = (cond + cond.transpose()) / (2.0 * double(N));
  Rng rng(s.seed);
  Y_.resize(2, N);
  for (Eigen::Index i = 0; i < Y_.size(); ++i) Y_.data()[i] = 1e-2 * rng.normal();
  velocity_ = Eigen::MatrixXd::Zero(2, N);
  gains_ = Eigen::MatrixXd::Ones(2, N);
  iteration_ = 0;
  return Status::success();
}

void Tsne::gradient(double exaggeration, Eigen::MatrixXd& grad) const {
  // One pass over the pairs i < j (P is symmetric, w_ij = w_ji), with
  //   dC/dy_i = 4 sum_j (a p_ij - w_ij / Z) w_ij (y_i - y_j) = 4 (a A_i - R_i / Z),
  //   A_i = sum_j p_ij w_ij (y_i - y_j),  R_i = sum_j w_ij^2 (y_i - y_j),
  //   w_ij = (1 + |y_i - y_j|^2)^-1,      Z = sum_{k != l} w_kl,
  // so each pair's kernel is computed once and nothing N x N is stored.
  const Eigen::Index N = Y_.cols();
  Eigen::MatrixXd attract = Eigen::MatrixXd::Zero(2, N), repel = Eigen::MatrixXd::Zero(2, N);
  const double* y = Y_.data();
  double* at = attract.data();
  double* re = repel.data();
  double z = 0;
  for (Eigen::Index i = 0; i < N; ++i) {
    const double yi0 = y[2 * i], yi1 = y[2 * i + 1];
    const double* p = P_.col(i).data();  // p_ji = p_ij
    double a0 = 0, a1 = 0, r0 = 0, r1 = 0, zi = 0;
    for (Eigen::Index j = i + 1; j < N; ++j) {
      const double d0 = yi0 - y[2 * j], d1 = yi1 - y[2 * j + 1];
      const double w = 1.0 / (1.0 + d0 * d0 + d1 * d1);
      const double pw = p[j] * w, ww = w * w;
      zi += w;
      a0 += pw * d0;
      a1 += pw * d1;
      r0 += ww * d0;
      r1 += ww * d1;
      at[2 * j] -= pw * d0;
      at[2 * j + 1] -= pw * d1;
      re[2 * j] -= ww * d0;
      re[2 * j + 1] -= ww * d1;
    }
    at[2 * i] += a0;
    at[2 * i + 1] += a1;
    re[2 * i] += r0;
    re[2 * i + 1] += r1;
    z += 2 * zi;
  }
  grad = 4.0 * (exaggeration * attract - repel / z);
}

void Tsne::step(int iterations) {
  Eigen::MatrixXd grad;
  for (int it = 0; it < iterations; ++it) {
    const double exaggeration = iteration_ < settings_.exaggeration_iterations ? settings_.exaggeration : 1.0;
    const double momentum = iteration_ < settings_.momentum_switch ? settings_.momentum_start : settings_.momentum_final;
    gradient(exaggeration, grad);
    for (Eigen::Index k = 0; k < grad.size(); ++k) {
      double& g = gains_.data()[k];
      const bool same = (grad.data()[k] > 0) == (velocity_.data()[k] > 0);
      g = same ? std::max(g * 0.8, 0.01) : g + 0.2;
      velocity_.data()[k] = momentum * velocity_.data()[k] - settings_.learning_rate * g * grad.data()[k];
    }
    Y_ += velocity_;
    Y_.colwise() -= Y_.rowwise().mean();
    ++iteration_;
  }
}

double Tsne::kl_divergence() const {
  const Eigen::Index N = Y_.cols();
  double z = 0;
  for (Eigen::Index j = 0; j < N; ++j)
    for (Eigen::Index i = 0; i < N; ++i)
      if (i != j) z += 1.0 / (1.0 + (Y_.col(i) - Y_.col(j)).squaredNorm());
  double kl = 0;
  for (Eigen::Index j = 0; j < N; ++j)
    for (Eigen::Index i = 0; i < N; ++i) {
      const double p = P_(i, j);
      if (i == j || p <= 0) continue;
      const double q = 1.0 / (1.0 + (Y_.col(i) - Y_.col(j)).squaredNorm()) / z;
      kl += p * std::log(p / q);
    }
  return kl;
}

void Tsne::restore(const Eigen::MatrixXd& Y, int iteration) {
  Y_ = Y;
  velocity_ = Eigen::MatrixXd::Zero(Y.rows(), Y.cols());
  gains_ = Eigen::MatrixXd::Ones(Y.rows(), Y.cols());
  iteration_ = iteration;
}

}  // namespace latent
