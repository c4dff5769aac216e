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
  num_.resize(N, N);
  iteration_ = 0;
  return Status::success();
}

void Tsne::step(int iterations) {
  const Eigen::Index N = Y_.cols();
  Eigen::MatrixXd grad(2, N);
  for (int it = 0; it < iterations; ++it) {
    const double exaggeration = iteration_ < settings_.exaggeration_iterations ? settings_.exaggeration : 1.0;
    const double momentum = iteration_ < settings_.momentum_switch ? settings_.momentum_start : settings_.momentum_final;
    double z = 0;
    for (Eigen::Index j = 0; j < N; ++j) {
      const double yj0 = Y_(0, j), yj1 = Y_(1, j);
      for (Eigen::Index i = 0; i < N; ++i) {
        const double a = Y_(0, i) - yj0, b = Y_(1, i) - yj1;
        const double q = i == j ? 0.0 : 1.0 / (1.0 + a * a + b * b);
        num_(i, j) = q;
        z += q;
      }
    }
    const double inv_z = 1.0 / z;
    for (Eigen::Index i = 0; i < N; ++i) {
      double g0 = 0, g1 = 0;
      const double yi0 = Y_(0, i), yi1 = Y_(1, i);
      for (Eigen::Index j = 0; j < N; ++j) {
        const double w = (exaggeration * P_(j, i) - num_(j, i) * inv_z) * num_(j, i);
        g0 += w * (yi0 - Y_(0, j));
        g1 += w * (yi1 - Y_(1, j));
      }
      grad(0, i) = 4 * g0;
      grad(1, i) = 4 * g1;
    }
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
