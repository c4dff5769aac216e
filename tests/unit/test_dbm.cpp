// The two-layer DBM against enumeration on tiny models: log Z, log p(v), the
// mean-field fixed point and its bound, AIS, and the odd/even Gibbs chains.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "dbm.hpp"
#include "rbm_ais.hpp"
#include "rbm_exact.hpp"
#include "tiny_rbm.hpp"

using namespace latent;

namespace {

Dbm random_dbm(int nv, int n1, int n2, uint64_t seed, float scale) {
  Dbm d(nv, n1, n2);
  Rng rng(seed);
  for (float& p : d.params()) p = scale * rng.normal();
  return d;
}

// log Z = log sum over every (v, h1, h2) of exp(-E).
double brute_log_z(const Dbm& d) {
  double z = 0;
  for (long s = 0; s < (1L << d.visible()); ++s)
    for (long t = 0; t < (1L << d.hidden1()); ++t)
      for (long u = 0; u < (1L << d.hidden2()); ++u)
        z += std::exp(-d.energy(bits(s, d.visible()), bits(t, d.hidden1()), bits(u, d.hidden2())));
  return std::log(z);
}

// Every visible state as a column.
Matrix all_visible(int nv) {
  Matrix V(nv, 1L << nv);
  for (long s = 0; s < (1L << nv); ++s) V.col(s) = bits(s, nv);
  return V;
}

}  // namespace

TEST_CASE("DBM: log Z of the composite RBM and exact log p(v) match brute force over all states") {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    const Dbm d = random_dbm(4, 3, 2, seed, 1.0f);
    const double log_z = brute_log_z(d);
    CHECK(log_partition(d.composite(), ExactPrecision::Double) == doctest::Approx(log_z).epsilon(1e-10));
    const Matrix V = all_visible(4);
    const Eigen::VectorXd lp = exact_log_p(d, V, log_z);
    double total = 0;
    for (long s = 0; s < V.cols(); ++s) {
      double ps = 0;
      for (long t = 0; t < 8; ++t)
        for (long u = 0; u < 4; ++u) ps += std::exp(-d.energy(bits(s, 4), bits(t, 3), bits(u, 2)) - log_z);
      CHECK(lp[s] == doctest::Approx(std::log(ps)).epsilon(1e-10));
      total += std::exp(lp[s]);
    }
    CHECK(total == doctest::Approx(1.0).epsilon(1e-10));
  }
}

TEST_CASE("DBM: mean field reaches a fixed point of its equations, and its bound lies below log p(v)") {
  const Dbm d = random_dbm(6, 5, 4, 7, 0.7f);
  const double log_z = log_partition(d.composite(), ExactPrecision::Double);
  const Matrix V = all_visible(6);
  Matrix M1, M2;
  const float change = d.mean_field(V, 200, M1, M2);
  CHECK(change < 1e-6f);
  // mu1 = sigmoid(c1 + W1^T v + W2 mu2), mu2 = sigmoid(c2 + W2^T mu1), by hand in double.
  const Eigen::MatrixXd m1 = M1.cast<double>(), m2 = M2.cast<double>();
  const Eigen::MatrixXd a1 = ((d.W1().cast<double>().transpose() * V.cast<double>() + d.W2().cast<double>() * m2)
                                  .colwise() + d.c1().cast<double>());
  const Eigen::MatrixXd a2 = (d.W2().cast<double>().transpose() * m1).colwise() + d.c2().cast<double>();
  CHECK((m1.array() - (1.0 + (-a1.array()).exp()).inverse()).abs().maxCoeff() < 1e-5);
  CHECK((m2.array() - (1.0 + (-a2.array()).exp()).inverse()).abs().maxCoeff() < 1e-5);
  const Eigen::VectorXd bound = d.lower_bound(V, M1, M2, log_z), exact = exact_log_p(d, V, log_z);
  CHECK((exact - bound).minCoeff() >= -1e-6);  // a bound, for every v
  CHECK((exact - bound).maxCoeff() < 1.0);     // and not a loose one on this model
  // With the top layer cut off (W2 = 0, c2 = 0) q(h1|v) is exact and so is the bound.
  Dbm rbm_like = d;
  rbm_like.W2().setZero();
  rbm_like.c2().setZero();
  Matrix N1, N2;
  rbm_like.mean_field(V, 50, N1, N2);
  const double z0 = log_partition(rbm_like.composite(), ExactPrecision::Double);
  CHECK((exact_log_p(rbm_like, V, z0) - rbm_like.lower_bound(V, N1, N2, z0)).cwiseAbs().maxCoeff() < 1e-5);
}

TEST_CASE("DBM: AIS over all layers (the composite) and over h1 alone agree with the exact log Z, several seeds") {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    const Dbm d = random_dbm(20, 8, 6, 30 + seed, 0.4f);
    const double exact = log_partition(d.composite(), ExactPrecision::Double);
    // The transpose (visible h1, hidden [v; h2]) has the same Z; its AIS anneals over
    // the 8 units of h1 with the other 26 summed out.
    const Rbm h1 = d.h1_marginal();
    REQUIRE(h1.visible() == 8);
    REQUIRE(h1.hidden() == 26);
    for (const Rbm& c : {d.composite(), h1}) {
      RbmAis ais(c, Vector::Zero(c.visible()), AisSettings{2000, 100, seed});
      ais.advance(ais.steps());
      const AisEstimate e = ais.estimate();
      CAPTURE(seed);
      CAPTURE(c.visible());
      CHECK(std::abs(e.log_z - exact) < 0.1);
      CHECK(e.log_z_low <= exact);
      CHECK(e.log_z_high >= exact);
    }
  }
}

TEST_CASE("DBM: persistent odd/even Gibbs chains sample p(v), compared with enumeration") {
  const Dbm d = random_dbm(3, 2, 2, 11, 1.2f);
  const double log_z = log_partition(d.composite(), ExactPrecision::Double);
  const Eigen::VectorXd p = exact_log_p(d, all_visible(3), log_z).array().exp();
  const int chains = 4000;
  Rng rng(5);
  Matrix V = Matrix::Zero(3, chains), H1 = Matrix::Zero(2, chains), H2 = Matrix::Zero(2, chains);
  std::vector<double> seen(8, 0.0);
  long draws = 0;
  for (int sweep = 0; sweep < 60; ++sweep) {
    d.gibbs_sweep(V, H1, H2, rng);
    if (sweep < 20) continue;  // burn-in
    for (int j = 0; j < chains; ++j) {
      long s = 0;
      for (int i = 0; i < 3; ++i) s |= long(V(i, j) > 0.5f) << i;
      seen[size_t(s)] += 1;
    }
    draws += chains;
  }
  double tv = 0;
  for (int s = 0; s < 8; ++s) tv += 0.5 * std::abs(seen[size_t(s)] / double(draws) - p[s]);
  CHECK(tv < 0.01);
}
