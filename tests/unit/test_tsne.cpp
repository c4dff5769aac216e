// t-SNE (engine/tsne): the perplexity calibration, planted clusters kept apart in the
// map, the cost falling, determinism from the seed, and its range checks.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "tsne.hpp"

using namespace latent;

namespace {

// Three Gaussian clusters of `each` points in 10-D, centres 8 apart, unit spread.
Matrix clusters(int each, std::vector<int>& labels, Rng& rng) {
  Matrix X(10, 3 * each);
  labels.clear();
  for (int c = 0; c < 3; ++c)
    for (int n = 0; n < each; ++n) {
      const int col = c * each + n;
      for (int i = 0; i < 10; ++i) X(i, col) = rng.normal() + (i == c ? 8.0f : 0.0f);
      labels.push_back(c);
    }
  return X;
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
  Rng rng(3);
  std::vector<int> labels;
  const Matrix X = clusters(50, labels, rng);
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
  // Every point lies nearer its own cluster's centre than the others'; the centres lie
  // far apart compared with the clusters' spreads.
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
  CHECK(nearest_own == 150);
  for (int a = 0; a < 3; ++a)
    for (int b = a + 1; b < 3; ++b) CHECK((centre.col(a) - centre.col(b)).norm() > 2 * spread);
}

TEST_CASE("t-SNE: the same seed gives the same map in any slicing; bad input refused") {
  Rng rng(8);
  std::vector<int> labels;
  const Matrix X = clusters(10, labels, rng);
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
