// t-SNE (engine/tsne): the perplexity calibration, planted clusters kept apart in the
// map, the cost falling, its gradient (central differences of the cost, and the
// textbook loop with exaggeration), determinism from the seed, and its range checks.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "tsne.hpp"

using namespace latent;

namespace {

struct Clusters {
  Matrix X;
  std::vector<int> labels;
};

// Three Gaussian clusters of `each` points in 10-D, centres 8 apart, unit spread.
Clusters clusters(int each, uint64_t seed) {
  Rng rng(seed);
  Clusters out{Matrix(10, 3 * each), {}};
  for (int c = 0; c < 3; ++c)
    for (int n = 0; n < each; ++n) {
      const int col = c * each + n;
      for (int i = 0; i < 10; ++i) out.X(i, col) = rng.normal() + (i == c ? 8.0f : 0.0f);
      out.labels.push_back(c);
    }
  return out;
}

// The share of points whose nearest other point in the map has their label.
double neighbour_agreement(const Eigen::MatrixXd& Y, const std::vector<int>& labels) {
  int agree = 0;
  for (Eigen::Index i = 0; i < Y.cols(); ++i) {
    double best = HUGE_VAL;
    Eigen::Index nearest = -1;
    for (Eigen::Index j = 0; j < Y.cols(); ++j) {
      const double d = (Y.col(i) - Y.col(j)).squaredNorm();
      if (j != i && d < best) {
        best = d;
        nearest = j;
      }
    }
    agree += labels[size_t(nearest)] == labels[size_t(i)];
  }
  return double(agree) / double(Y.cols());
}

}  // namespace

TEST_CASE("t-SNE: affinities have the asked perplexity; planted clusters stay apart; the cost falls") {
  const auto [X, labels] = clusters(50, 3);
  TsneSettings s;
  s.perplexity = 15;
  s.exaggeration_iterations = 100;
  s.momentum_switch = 100;
  Tsne tsne;
  REQUIRE(tsne.init(X, s).ok);
  const Eigen::MatrixXd& P = tsne.affinities();
  CHECK(P.sum() == doctest::Approx(1.0).epsilon(1e-9));
  CHECK((P - P.transpose()).cwiseAbs().maxCoeff() < 1e-15);
  CHECK(P.diagonal().cwiseAbs().maxCoeff() == 0.0);
  // A point's conditional p_{.|i} has entropy log(perplexity), near and far from the others.
  for (double scale : {1e-3, 1.0, 1e3}) {
    Eigen::VectorXd d2(40);
    for (Eigen::Index j = 0; j < 40; ++j) d2[j] = scale * double(j * j % 17 + 1);
    const Eigen::VectorXd p = tsne_conditional(d2, 3, 15);
    CHECK(p[3] == 0.0);
    CHECK(p.sum() == doctest::Approx(1.0).epsilon(1e-12));
    double entropy = 0;
    for (Eigen::Index j = 0; j < 40; ++j)
      if (p[j] > 0) entropy -= p[j] * std::log(p[j]);
    CHECK(entropy == doctest::Approx(std::log(15.0)).epsilon(1e-4));
  }
  // The symmetrised affinities stay inside the clusters.
  double in_cluster = 0;
  for (int i = 0; i < 150; ++i)
    for (int j = 0; j < 150; ++j)
      if (labels[size_t(i)] == labels[size_t(j)]) in_cluster += P(i, j);
  CHECK(in_cluster > 0.99);
  tsne.step(50);
  const double early = tsne.kl_divergence();
  tsne.step(200);
  CHECK(tsne.iteration() == 250);
  const double late = tsne.kl_divergence();
  MESSAGE("t-SNE 150 points: KL after 50 iterations ", early, ", after 250 ", late);
  CHECK(late < early);
  CHECK(neighbour_agreement(tsne.embedding(), labels) > 0.97);
  // Every point (but at most one) lies nearer its own cluster's centre than the others';
  // the centres lie far apart compared with the clusters' spreads.
  Eigen::MatrixXd centre = Eigen::MatrixXd::Zero(2, 3);
  for (int i = 0; i < 150; ++i) centre.col(labels[size_t(i)]) += tsne.embedding().col(i) / 50.0;
  double spread = 0;  // root mean square distance of a point to its cluster's centre
  for (int i = 0; i < 150; ++i) spread += (tsne.embedding().col(i) - centre.col(labels[size_t(i)])).squaredNorm() / 150;
  spread = std::sqrt(spread);
  MESSAGE("cluster spread ", spread, ", centres ", (centre.col(0) - centre.col(1)).norm(), " apart");
  int nearest_own = 0;
  for (int i = 0; i < 150; ++i) {
    Eigen::Index c;
    (centre.colwise() - tsne.embedding().col(i)).colwise().squaredNorm().minCoeff(&c);
    nearest_own += c == labels[size_t(i)];
  }
  // One point may be left stranded between two clusters (early exaggeration can trap a
  // point; which one, if any, changes with rounding, e.g. -march=native's fused
  // multiply-adds): at most one.
  CHECK(nearest_own >= 149);
  for (int a = 0; a < 3; ++a)
    for (int b = a + 1; b < 3; ++b) CHECK((centre.col(a) - centre.col(b)).norm() > 2 * spread);
}

TEST_CASE("t-SNE: the gradient is that of the cost, with the attraction exaggerated as asked") {
  const auto [X, labels] = clusters(12, 5);
  TsneSettings s;
  s.perplexity = 8;
  Tsne tsne;
  REQUIRE(tsne.init(X, s).ok);
  tsne.step(30);  // away from the tiny random start
  const Eigen::MatrixXd Y = tsne.embedding();
  const Eigen::MatrixXd& P = tsne.affinities();
  const Eigen::Index N = Y.cols();
  // Exaggeration 1: central differences of KL(P || Q) in every coordinate.
  Eigen::MatrixXd grad;
  tsne.gradient(1.0, grad);
  REQUIRE(grad.rows() == 2);
  REQUIRE(grad.cols() == N);
  Tsne probe;
  REQUIRE(probe.init(X, s).ok);
  double worst = 0;
  const double h = 1e-6, scale = grad.cwiseAbs().maxCoeff();
  for (Eigen::Index k = 0; k < Y.size(); ++k) {
    Eigen::MatrixXd moved = Y;
    moved.data()[k] = Y.data()[k] + h;
    probe.restore(moved, 0);
    const double up = probe.kl_divergence();
    moved.data()[k] = Y.data()[k] - h;
    probe.restore(moved, 0);
    const double down = probe.kl_divergence();
    worst = std::max(worst, std::abs((up - down) / (2 * h) - grad.data()[k]) / scale);
  }
  MESSAGE("t-SNE gradient against central differences of KL: worst error ", worst, " of the largest entry ", scale);
  CHECK(worst < 1e-5);
  // Exaggeration 12: the textbook double loop, 4 sum_j (a p_ij - q_ij) w_ij (y_i - y_j).
  double z = 0;
  for (Eigen::Index i = 0; i < N; ++i)
    for (Eigen::Index j = 0; j < N; ++j)
      if (i != j) z += 1 / (1 + (Y.col(i) - Y.col(j)).squaredNorm());
  Eigen::MatrixXd expected = Eigen::MatrixXd::Zero(2, N);
  for (Eigen::Index i = 0; i < N; ++i)
    for (Eigen::Index j = 0; j < N; ++j) {
      if (i == j) continue;
      const double w = 1 / (1 + (Y.col(i) - Y.col(j)).squaredNorm());
      expected.col(i) += 4 * (12 * P(i, j) - w / z) * w * (Y.col(i) - Y.col(j));
    }
  tsne.gradient(12.0, grad);
  CHECK((grad - expected).cwiseAbs().maxCoeff() < 1e-12 * std::max(1.0, expected.cwiseAbs().maxCoeff()));
}

TEST_CASE("t-SNE: the same seed gives the same map in any slicing; bad input refused") {
  const auto [X, labels] = clusters(10, 8);
  TsneSettings s;
  s.perplexity = 5;
  Tsne a, b;
  REQUIRE(a.init(X, s).ok);
  REQUIRE(b.init(X, s).ok);
  a.step(30);
  for (int i = 0; i < 3; ++i) b.step(10);
  CHECK(a.embedding() == b.embedding());
  s.perplexity = 40;  // 30 points: at most 28
  CHECK_FALSE(a.init(X, s).ok);
  s.perplexity = 5;
  CHECK_FALSE(a.init(X.leftCols(2), s).ok);
  CHECK_FALSE(a.init(Matrix::Zero(2, kTsneMaxPoints + 1), s).ok);
}
