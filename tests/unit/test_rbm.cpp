// The binary RBM's energy, free energy and conditionals against brute force.
#include <doctest/doctest.h>

#include <cmath>

#include "rbm.hpp"
#include "rbm_exact.hpp"
#include "model_sections.hpp"
#include "tiny_rbm.hpp"

using namespace latent;

TEST_CASE("Free energy equals -log sum_h exp(-E(v,h))") {
  const Rbm rbm = random_rbm(5, 4, 11);
  Matrix V(5, 32);
  for (int s = 0; s < 32; ++s) V.col(s) = bits(s, 5);
  const Vector F = rbm.free_energy(V);
  for (int s = 0; s < 32; ++s) {
    double sum = 0;
    for (int t = 0; t < 16; ++t) sum += std::exp(-rbm.energy(bits(s, 5), bits(t, 4)));
    CHECK(F[s] == doctest::Approx(-std::log(sum)).epsilon(1e-5));
  }
}

TEST_CASE("Conditionals: p(h_j=1|v) and p(v_i=1|h) match ratios of the joint") {
  const Rbm rbm = random_rbm(4, 3, 12);
  Matrix V(4, 16), H(3, 8), PH, PV;
  for (int s = 0; s < 16; ++s) V.col(s) = bits(s, 4);
  for (int t = 0; t < 8; ++t) H.col(t) = bits(t, 3);
  rbm.hidden_probs(V, PH);
  rbm.visible_probs(H, PV);
  for (int s = 0; s < 16; ++s) {
    for (int j = 0; j < 3; ++j) {
      double on = 0, all = 0;  // sum over h of exp(-E), with and without h_j = 1
      for (int t = 0; t < 8; ++t) {
        const double w = std::exp(-rbm.energy(bits(s, 4), bits(t, 3)));
        all += w;
        if ((t >> j) & 1) on += w;
      }
      CHECK(PH(j, s) == doctest::Approx(on / all).epsilon(1e-5));
      CHECK(PH(j, s) >= 0.0f);
      CHECK(PH(j, s) <= 1.0f);
    }
  }
  for (int t = 0; t < 8; ++t) {
    for (int i = 0; i < 4; ++i) {
      double on = 0, all = 0;
      for (int s = 0; s < 16; ++s) {
        const double w = std::exp(-rbm.energy(bits(s, 4), bits(t, 3)));
        all += w;
        if ((s >> i) & 1) on += w;
      }
      CHECK(PV(i, t) == doctest::Approx(on / all).epsilon(1e-5));
    }
  }
}

TEST_CASE("Probabilities stay in [0,1] for extreme weights") {
  const Rbm rbm = random_rbm(6, 5, 13, 200.0f);
  Matrix V = Matrix::Ones(6, 3), H;
  rbm.hidden_probs(V, H);
  CHECK((H.array() >= 0).all());
  CHECK((H.array() <= 1).all());
  CHECK(std::isfinite(rbm.free_energy(V)[0]));
}

TEST_CASE("Exact log Z by enumeration equals the brute-force sum over all (v,h)") {
  for (auto [nv, nh, seed] : {std::tuple{6, 3, 1}, std::tuple{5, 6, 2}, std::tuple{4, 11, 3}}) {
    const Rbm rbm = random_rbm(nv, nh, uint64_t(seed));
    CHECK(log_partition(rbm) == doctest::Approx(brute_log_z(rbm)).epsilon(1e-9));
  }
}

TEST_CASE("Exact log-likelihood: p(v) sums to one and matches brute force") {
  const Rbm rbm = random_rbm(6, 4, 21);
  const auto p = brute_p_v(rbm);
  double total = 0;
  for (double x : p) total += x;
  CHECK(total == doctest::Approx(1.0).epsilon(1e-9));
  Matrix V(6, 3);
  V.col(0) = bits(5, 6);
  V.col(1) = bits(40, 6);
  V.col(2) = bits(63, 6);
  const double want = (std::log(p[5]) + std::log(p[40]) + std::log(p[63])) / 3;
  CHECK(exact_log_likelihood(rbm, V) == doctest::Approx(want).epsilon(1e-6));
}

TEST_CASE("Exact log-likelihood gradient matches central finite differences") {
  Rbm rbm = random_rbm(5, 4, 31, 0.7f);
  Matrix V(5, 4);
  for (int j = 0; j < 4; ++j) V.col(j) = bits(3 + 7 * j, 5);
  const Eigen::VectorXd g = exact_gradient(rbm, V);
  const double worst = worst_finite_difference_error(rbm.params(), g, [&] { return exact_log_likelihood(rbm, V); });
  CHECK(worst < 1e-3);  // O(h^2) truncation with float parameters
}

TEST_CASE("An RBM's parameters as model-file sections round-trip; a misshapen or missing section is refused") {
  const Rbm rbm = random_rbm(7, 3, 41);
  ModelFile file;
  file.kind = "rbm";
  put_rbm_params(file, "", rbm, ValueEncoding::Float32);
  CHECK(file.section("W")->rows == 7);
  CHECK(file.section("hidden_bias")->rows == 3);
  Rbm back(7, 3);
  REQUIRE(get_rbm_params(file, "", back).ok);
  CHECK(back.params() == rbm.params());

  Rbm wider(7, 4);
  const Status s = get_rbm_params(file, "", wider);
  CHECK_FALSE(s.ok);
  CHECK(s.message.find("W is 7 x 3, but its settings make it 7 x 4") != std::string::npos);
  CHECK(wider.W().isZero());  // a refused read writes nothing
  CHECK_FALSE(get_rbm_params(file, "layer1_", back).ok);
  CHECK(back.params() == rbm.params());
}

TEST_CASE("all_within catches NaN, Inf and blow-ups anywhere in a buffer") {
  std::vector<float> x(1001, 0.5f);
  CHECK(all_within(x.data(), x.size(), 1.0f));
  for (size_t at : {size_t(0), size_t(500), size_t(1000)}) {
    for (float bad : {std::nanf(""), INFINITY, -INFINITY, 2.0f, -2.0f}) {
      std::vector<float> y = x;
      y[at] = bad;
      CHECK_FALSE(all_within(y.data(), y.size(), 1.0f));
    }
  }
  CHECK_FALSE(all_finite(std::vector<float>{1, std::nanf(""), 2}.data(), 3));
}

TEST_CASE("Exact log Z in float (the lab's path above 12 hidden units) agrees with double") {
  Rbm rbm(784, 14);
  Rng rng(3);
  rbm.initialize(0.1f, Vector(), rng);
  for (float& x : rbm.c()) x = rng.normal();
  const double exact = log_partition(rbm, ExactPrecision::Double);
  const double fast = log_partition(rbm, ExactPrecision::Float);
  CHECK(fast == doctest::Approx(exact).epsilon(1e-6));
  CHECK(log_partition(rbm) == fast);  // Auto picks float at 14 hidden units
  const Rbm small = random_rbm(6, 5, 4);
  CHECK(log_partition(small) == log_partition(small, ExactPrecision::Double));
}

TEST_CASE("log Z summed in slices equals the one-go sum, and the slices cover every state") {
  const Rbm rbm = random_rbm(9, 13, 8, 0.5f);  // 2^13 states: 8 blocks of 1024
  LogPartitionSum sum(rbm, ExactPrecision::Double);
  CHECK(sum.blocks() == 8);
  int calls = 0;
  while (!sum.advance(3)) {
    ++calls;
    CHECK(sum.fraction() < 1.0);
  }
  CHECK(calls == 2);  // 3 + 3 + 2 blocks
  CHECK(sum.fraction() == 1.0);
  CHECK(sum.value() == log_partition(rbm, ExactPrecision::Double));
  CHECK(sum.value() == doctest::Approx(brute_log_z(rbm)).epsilon(1e-9));
}
