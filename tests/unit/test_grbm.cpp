// The Gaussian-Bernoulli RBM: conditionals, free energy, and its marginal as a
// mixture of 2^d Gaussians, against brute force and numerical integration; each
// with unit variances (the course's model) and with learned per-visible variances.
#include <doctest/doctest.h>

#include <cmath>

#include "cd.hpp"
#include "grbm.hpp"
#include "grbm_exact.hpp"
#include "tiny_rbm.hpp"

using namespace latent;

namespace {

// Random parameters; with `variances`, log sigma_i^2 ~ N(0, 0.5^2) as well
// (sigma from about 0.6 to 1.6).
Grbm random_grbm(int nv, int nh, uint64_t seed, float scale, bool variances = false) {
  Grbm g(nv, nh);
  Rng rng(seed);
  for (float& p : g.params()) p = scale * rng.normal();
  if (variances)
    for (int i = 0; i < nv; ++i) g.log_variances()[i] = 0.5f * rng.normal();
  return g;
}

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

constexpr double kLog2Pi = 1.8378770664093453;

}  // namespace

TEST_CASE("GRBM: d = 0 is the single Gaussian N(b, Sigma)") {
  Grbm g(2, 0);
  g.b() << 0.5f, -1.0f;
  Matrix v(2, 1);
  v << 1.5f, 0.0f;
  for (bool unit : {true, false}) {
    if (!unit) g.log_variances() << std::log(0.25f), std::log(4.0f);  // sd 0.5 and 2
    const GaussianMixture m = grbm_mixture(g);
    REQUIRE(m.means.cols() == 1);
    CHECK(m.log_weights[0] == doctest::Approx(0.0));
    CHECK(m.means(0, 0) == doctest::Approx(0.5));
    CHECK(m.variances[1] == doctest::Approx(unit ? 1.0 : 4.0));
    // log N(v; b, diag(s^2)) in 2-D
    const double s0 = unit ? 1.0 : 0.5, s1 = unit ? 1.0 : 2.0;
    const double want = -kLog2Pi - std::log(s0 * s1) - 0.5 * (1.0 / (s0 * s0) + 1.0 / (s1 * s1));
    CHECK(grbm_log_density(m, v)[0] == doctest::Approx(want).epsilon(1e-7));
    CHECK(grbm_log_partition(g) == doctest::Approx(kLog2Pi + std::log(s0 * s1)).epsilon(1e-7));
  }
}

TEST_CASE("GRBM: d = 1 gives two Gaussians, at b and b + w, with the course's weight") {
  Grbm g(2, 1);
  g.W() << 1.5f, -0.5f;
  g.b() << 0.2f, 0.3f;
  g.c() << -0.7f;
  const GaussianMixture m = grbm_mixture(g);
  REQUIRE(m.means.cols() == 2);
  CHECK(m.means(0, 0) == doctest::Approx(0.2));
  CHECK(m.means(0, 1) == doctest::Approx(0.2 + 1.5));
  CHECK(m.means(1, 1) == doctest::Approx(0.3 - 0.5));
  // pi_1 = sigmoid(c + b^T w + 1/2 ||w||^2)
  const double pi1 = sigmoid(-0.7 + (0.2 * 1.5 - 0.3 * 0.5) + 0.5 * (1.5 * 1.5 + 0.5 * 0.5));
  CHECK(m.weights()[1] == doctest::Approx(pi1).epsilon(1e-7));
  CHECK(m.weights().sum() == doctest::Approx(1.0).epsilon(1e-12));
  // With variances: pi_1 = sigmoid(c + b^T Sigma^-1 w + 1/2 w^T Sigma^-1 w).
  g.log_variances() << std::log(0.5f), std::log(2.0f);
  const double pi1_var = sigmoid(-0.7 + (0.2 * 1.5 / 0.5 - 0.3 * 0.5 / 2.0) + 0.5 * (1.5 * 1.5 / 0.5 + 0.5 * 0.5 / 2.0));
  CHECK(grbm_mixture(g).weights()[1] == doctest::Approx(pi1_var).epsilon(1e-6));
}

TEST_CASE("GRBM: the mixture equals the joint summed over h and integrated over v on a grid (2-D)") {
  // A Riemann sum of a smooth Gaussian integrand converges far faster than the
  // step: 0.1 against sigma >= 0.6 leaves errors far below the tolerances.
  for (bool variances : {false, true}) {
    CAPTURE(variances);
    const Grbm g = random_grbm(2, 3, 5, 0.7f, variances);
    const GaussianMixture m = grbm_mixture(g);
    const double step = 0.1, lo = -14, hi = 14;
    std::vector<double> z(8, 0.0), mx(8, 0.0), my(8, 0.0);
    for (int k = 0; k < 8; ++k) {
      const Vector h = bits(k, 3);
      for (double x = lo; x <= hi; x += step)
        for (double y = lo; y <= hi; y += step) {
          const double p = std::exp(-g.energy((Vector(2) << float(x), float(y)).finished(), h));
          z[k] += p;
          mx[k] += p * x;
          my[k] += p * y;
        }
    }
    double total = 0;
    for (double zk : z) total += zk;
    for (int k = 0; k < 8; ++k) {
      CAPTURE(k);
      CHECK(m.weights()[k] == doctest::Approx(z[k] / total).epsilon(1e-5));
      CHECK(m.means(0, k) == doctest::Approx(mx[k] / z[k]).epsilon(1e-4));
      CHECK(m.means(1, k) == doctest::Approx(my[k] / z[k]).epsilon(1e-4));
    }
    CHECK(m.weights().sum() == doctest::Approx(1.0).epsilon(1e-12));
    CHECK(grbm_log_partition(g) == doctest::Approx(std::log(total * step * step)).epsilon(1e-6));
  }
}

TEST_CASE("GRBM: p(v) integrates to one, and log p(v) = -F(v) - log Z") {
  for (bool variances : {false, true}) {
    CAPTURE(variances);
    const Grbm g = random_grbm(2, 2, 6, 0.8f, variances);
    const GaussianMixture m = grbm_mixture(g);
    const double step = 0.1;
    Matrix grid(2, 281 * 281);
    Eigen::Index n = 0;
    for (int a = 0; a <= 280; ++a)
      for (int c = 0; c <= 280; ++c) grid.col(n++) << float(-14 + step * a), float(-14 + step * c);
    const double integral = grbm_log_density(m, grid).array().exp().sum() * step * step;
    CHECK(integral == doctest::Approx(1.0).epsilon(1e-6));
    Matrix V(2, 3);
    V << 0.3f, -1.0f, 2.0f, 1.2f, 0.0f, -0.5f;
    const Eigen::VectorXd log_p = grbm_log_density(m, V);
    const Vector F = g.free_energy(V);
    for (int j = 0; j < 3; ++j)
      CHECK(log_p[j] == doctest::Approx(-double(F[j]) - grbm_log_partition(g)).epsilon(1e-5));
  }
}

TEST_CASE("GRBM: log p(v) in blocks of points equals one point at a time (2^10 components)") {
  const Grbm g = random_grbm(2, 10, 12, 0.4f, true);
  const GaussianMixture m = grbm_mixture(g);
  Matrix V(2, 3000);
  Rng rng(3);
  for (Eigen::Index i = 0; i < V.size(); ++i) V.data()[i] = 3.0f * rng.normal();
  const Eigen::VectorXd all = grbm_log_density(m, V);  // 1024 components: blocks of 1024 points
  for (int j : {0, 1023, 1024, 2999}) CHECK(all[j] == doctest::Approx(grbm_log_density(m, V.col(j))[0]).epsilon(1e-12));
  CHECK(grbm_log_weights(g).isApprox(m.log_weights, 1e-12));
}

TEST_CASE("GRBM: conditionals and free energy against the energy; p(v|h) has mean b + W h and variance sigma^2") {
  for (bool variances : {false, true}) {
    CAPTURE(variances);
    const Grbm g = random_grbm(3, 3, 7, 0.6f, variances);
    Matrix V(3, 2), P;
    V << 0.5f, -1.0f, 1.5f, 0.2f, -0.3f, 0.8f;
    g.hidden_probs(V, P);
    const Vector F = g.free_energy(V);
    for (int col = 0; col < 2; ++col) {
      double all = 0, on[3] = {0, 0, 0};
      for (int k = 0; k < 8; ++k) {
        const double w = std::exp(-g.energy(V.col(col), bits(k, 3)));
        all += w;
        for (int j = 0; j < 3; ++j)
          if ((k >> j) & 1) on[j] += w;
      }
      CHECK(F[col] == doctest::Approx(-std::log(all)).epsilon(1e-5));
      for (int j = 0; j < 3; ++j) CHECK(P(j, col) == doctest::Approx(on[j] / all).epsilon(1e-5));
    }
    Matrix H = Matrix::Zero(3, 20000), means, S;
    H.row(1).setOnes();
    Rng rng(9);
    g.visible_means(H, means);
    g.sample_visible(means, S, rng);
    const Vector mean = S.rowwise().mean();
    const Vector want = g.b() + g.W().col(1);
    for (int i = 0; i < 3; ++i) {
      const double sigma2 = std::exp(double(g.log_variances()[i]));
      CHECK(mean[i] == doctest::Approx(want[i]).epsilon(0.03 * std::sqrt(sigma2)).scale(1.0));
      const double var = (S.row(i).array() - mean[i]).square().mean();
      CHECK(var == doctest::Approx(sigma2).epsilon(0.04));
    }
  }
}

TEST_CASE("GRBM: the exact log-likelihood gradient (W, b, c and log-variances) matches central finite differences") {
  for (bool variances : {false, true}) {
    CAPTURE(variances);
    Grbm g = random_grbm(3, 3, 8, 0.5f, variances);
    Matrix V(3, 4);
    V << 0.5f, -1.0f, 1.5f, 0.0f, 0.2f, -0.3f, 0.8f, 1.1f, -0.7f, 0.4f, 0.0f, 2.0f;
    const Eigen::VectorXd grad = grbm_exact_gradient(g, V);
    REQUIRE(grad.size() == Eigen::Index(g.param_count()) + 3);
    auto ll = [&] { return grbm_exact_log_likelihood(g, V); };
    CHECK(worst_finite_difference_error(g.params(), grad, ll) < 1e-3);
    CHECK(worst_finite_difference_error(g.log_variances(), grad.tail(3), ll) < 1e-3);
  }
}

TEST_CASE("GRBM: CD's log-variance gradient, averaged over many chains, is the exact one for d = 0") {
  // With no hidden units p(v) = N(b, Sigma) and a long CD chain samples it exactly,
  // so E[CD's dz] = exact dz = mean (v - b)^2 / (2 sigma^2) - 1/2.
  Grbm g(2, 0);
  g.b() << 1.0f, -2.0f;
  g.log_variances() << std::log(0.5f), std::log(3.0f);
  Matrix V(2, 5);
  V << 1.5f, 0.0f, 2.0f, 1.2f, 0.1f, -1.0f, -4.0f, -2.5f, 0.0f, -2.2f;
  Rng rng(4);
  CdScratch s;
  Matrix batch = V.replicate(1, 4000);
  cd_statistics(g, batch, 1, nullptr, rng, s);
  const Vector dz = g.log_variance_gradient(batch, *s.vk, s.pos, s.neg);
  const Eigen::VectorXd exact = grbm_exact_gradient(g, V).tail(2);
  CHECK(double(dz[0]) == doctest::Approx(exact[0]).epsilon(0.03).scale(1.0));
  CHECK(double(dz[1]) == doctest::Approx(exact[1]).epsilon(0.03).scale(1.0));
}

TEST_CASE("GRBM: CD training (the shared cd.hpp) recovers a planted 4-component mixture with d = 2") {
  // Planted: b = 0, W = [[3, 0], [0, 3]], c = -4.5: components at (0,0), (3,0), (0,3), (3,3), equal weights.
  Grbm planted(2, 2);
  planted.W() << 3, 0, 0, 3;
  planted.c() << -4.5f, -4.5f;
  const GaussianMixture truth = grbm_mixture(planted);
  REQUIRE((truth.weights().array() - 0.25).abs().maxCoeff() < 1e-6);
  Rng rng(11);
  const int n = 4000;
  Matrix data(2, n);
  for (int j = 0; j < n; ++j) {
    const int k = int(rng.below(4));
    data.col(j) = truth.means.col(k).cast<float>() + Vector((Vector(2) << rng.normal(), rng.normal()).finished());
  }
  Grbm g(2, 2);
  g.initialize(0.1f, data.rowwise().mean(), rng);
  ParamBuffer velocity(g.param_count(), 0.0f);
  CdScratch scratch;
  Matrix batch, chain;
  const double before = grbm_exact_log_likelihood(g, data);
  for (int epoch = 0; epoch < 60; ++epoch) {
    const float lr = epoch < 40 ? 0.05f : 0.005f;  // a smaller step at the end settles the PCD noise
    for (int start = 0; start + 50 <= n; start += 50) {
      batch = data.middleCols(start, 50);
      cd_statistics(g, batch, 1, &chain, rng, scratch);
      apply_cd_update(g, velocity, scratch, lr, 0.5f, 0.0f);
    }
  }
  const double after = grbm_exact_log_likelihood(g, data);
  const double best = grbm_exact_log_likelihood(planted, data);
  CAPTURE(before);
  CAPTURE(after);
  CAPTURE(best);
  CHECK(after > before);
  CHECK(after > best - 0.05);  // within 0.05 nats per point of the planted model
  // Every planted mean has a learned component within 0.3 that carries real weight
  // (seen: within 0.1, weights 0.24-0.26).
  const GaussianMixture learned = grbm_mixture(g);
  for (int k = 0; k < 4; ++k) {
    double nearest = 1e9, weight = 0;
    for (int l = 0; l < 4; ++l) {
      const double d = (learned.means.col(l) - truth.means.col(k)).norm();
      if (d < nearest) {
        nearest = d;
        weight = learned.weights()[l];
      }
    }
    CAPTURE(k);
    CHECK(nearest < 0.3);
    CHECK(weight > 0.15);
  }
}
