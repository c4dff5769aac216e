// The autoencoder and the VAE (engine/vae) on tiny networks: losses against a
// double reference, gradients against central differences (noise held fixed), the
// KL term against Monte Carlo, the stable pieces, and the importance-weighted
// log p(x) against numerical integration over a 1-D latent.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "test_mlp_reference.hpp"

using namespace latent;

namespace {

Vae tiny_vae(bool variational, int layers, Activation activation, int input, int latent, uint64_t seed) {
  VaeShape s;
  s.variational = variational;
  s.input = input;
  s.latent = latent;
  s.hidden = 5;
  s.layers = layers;
  s.activation = activation;
  Vae vae(s);
  Rng rng(seed);
  vae.initialize(rng, Vector());
  for (float& p : vae.params()) p += 0.2f * rng.normal();  // non-zero biases
  return vae;
}

Matrix random_bits(int rows, int cols, Rng& rng) {
  Matrix m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = rng.uniform() < 0.4f ? 1.0f : 0.0f;
  return m;
}

Matrix random_normal(int rows, int cols, Rng& rng) {
  Matrix m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = rng.normal();
  return m;
}

}  // namespace

TEST_CASE("AE loss and VAE ELBO (noise held fixed): values match a double reference, gradients match central "
          "differences") {
  for (bool variational : {false, true})
    for (int layers : {1, 2})
      for (Activation act : {Activation::Relu, Activation::Tanh, Activation::Sigmoid}) {
        CAPTURE(variational);
        CAPTURE(layers);
        CAPTURE(std::string(activation_name(act)));
        const Vae vae = tiny_vae(variational, layers, act, 6, 2, 17 + layers);
        Rng rng(29);
        const Matrix X = random_bits(6, 3, rng), eps = random_normal(2, 3, rng);
        VaeScratch s;
        ParamBuffer grad;
        const ElboMeans m = vae.gradient(X, &eps, grad, s);
        const Dvec p = as_double(vae.params());
        auto loss = [&](const Dvec& q) { return reference_loss(vae, q.data(), X.cast<double>(), eps.cast<double>()); };
        CHECK(-m.elbo() == doctest::Approx(loss(p)).epsilon(1e-5));
        if (!variational) CHECK(m.kl == 0.0);
        CHECK(worst_relative_error(as_double(grad), central_differences(p, loss)) < 1e-5);  // about 1e-7
      }
}

TEST_CASE("VAE: the KL term matches its closed form's Monte-Carlo estimate E_q[log q(z|x) - log p(z)]") {
  const Vae vae = tiny_vae(true, 1, Activation::Tanh, 6, 3, 5);
  Rng rng(41);
  const Matrix X = random_bits(6, 4, rng);
  Matrix mu, log_var;
  vae.encode(X, mu, log_var);
  VaeScratch s;
  const Matrix eps = Matrix::Zero(3, 4);
  vae.forward(X, &eps, s);
  ElboTerms t;
  vae.terms(X, s, t);
  const int n = 200000;
  for (int j = 0; j < 4; ++j) {
    // log q(z) - log p(z) = sum_k -1/2 e_k^2 - 1/2 logvar_k + 1/2 z_k^2,  z = mu + sd e.
    double sum = 0, sum2 = 0;
    for (int r = 0; r < n; ++r) {
      double d = 0;
      for (int k = 0; k < 3; ++k) {
        const double e = rng.normal(), lv = log_var(k, j), z = mu(k, j) + std::exp(lv / 2) * e;
        d += -0.5 * e * e - 0.5 * lv + 0.5 * z * z;
      }
      sum += d;
      sum2 += d * d;
    }
    const double mean = sum / n, se = std::sqrt((sum2 / n - mean * mean) / n);
    CAPTURE(mean);
    CAPTURE(se);
    CHECK(std::abs(t.kl[j] - mean) < 4 * se);
    CHECK(t.kl[j] > 0);
  }
  Eigen::VectorXd zero_kl;
  gaussian_kl(Matrix::Zero(3, 2), Matrix::Zero(3, 2), zero_kl);  // q = p
  CHECK(zero_kl.cwiseAbs().maxCoeff() == 0.0);
}

TEST_CASE("Bernoulli log-likelihood from logits and log-sum-exp are stable for extreme values") {
  Matrix X(4, 1), A(4, 1);
  X << 1, 0, 1, 0;
  A << 1e4f, -1e4f, -100.0f, 0.5f;
  Eigen::VectorXd ll;
  bernoulli_log_likelihood(X, A, ll);
  // log sigmoid(1e4) = 0, log(1 - sigmoid(-1e4)) = 0, log sigmoid(-100) = -100, log(1 - sigmoid(0.5)).
  CHECK(ll[0] == doctest::Approx(-100.0 - std::log1p(std::exp(0.5))).epsilon(1e-6));
  // One digit against several columns of logits: the digit is broadcast.
  Matrix A2(4, 2);
  A2 << A, Matrix::Zero(4, 1);
  bernoulli_log_likelihood(X, A2, ll);
  CHECK(ll[1] == doctest::Approx(4 * std::log(0.5)).epsilon(1e-6));

  CHECK(log_sum_exp({1000.0, 1000.0}) == doctest::Approx(1000.0 + std::log(2.0)));
  CHECK(log_sum_exp({-1000.0, -1001.0}) == doctest::Approx(-1000.0 + std::log1p(std::exp(-1.0))));
  CHECK(log_sum_exp({-std::numeric_limits<double>::infinity(), 0.0}) == doctest::Approx(0.0));
  CHECK(std::isinf(log_sum_exp({})));
}

TEST_CASE("VAE with a 1-D latent: the importance-weighted log p(x) (k = 5000, 100,000) matches numerical integration "
          "over z within its own standard error") {
  // 12 pixels, a decoder strong enough that p(x|z) varies over z.
  Vae vae = tiny_vae(true, 1, Activation::Tanh, 12, 1, 8);
  {
    float* dec = vae.params().data() + vae.decoder_offset();
    for (int l = 0; l < vae.decoder().layers(); ++l) vae.decoder().W(dec, l) *= 3.0f;
  }
  // Sums over a grid of step 0.001 on [-10, 10]:
  //   log p(x) = log int p(x|z) N(z; 0, 1) dz,
  //   the relative variance of one weight w = p(x, z) / q(z|x):  r = int p(x, z)^2 / q(z|x) dz / p(x)^2 - 1,
  // whence the estimate's standard error sqrt(r / k) (its bias, -r / 2k, is smaller still).
  const int grid = 20001;
  const double dz = 20.0 / (grid - 1), log_2pi = std::log(2 * M_PI);
  Matrix Z(1, grid);
  for (int g = 0; g < grid; ++g) Z(0, g) = float(-10.0 + g * dz);
  Matrix logits;
  vae.decode_logits(Z, logits);
  Rng rng(77);
  for (int digit = 0; digit < 5; ++digit) {
    const Matrix x = random_bits(12, 1, rng);
    Eigen::VectorXd ll;
    bernoulli_log_likelihood(x, logits, ll);
    std::vector<double> joint(grid);
    Eigen::ArrayXd z(grid);
    for (int g = 0; g < grid; ++g) {
      z[g] = -10.0 + g * dz;
      joint[size_t(g)] = ll[g] - 0.5 * z[g] * z[g] - 0.5 * log_2pi;
    }
    const double exact = log_sum_exp(joint) + std::log(dz);
    const Eigen::ArrayXd post = (Eigen::Map<const Eigen::ArrayXd>(joint.data(), grid) - exact).exp() * dz;
    const double post_mean = (post * z).sum(), post_var = (post * (z - post_mean).square()).sum();
    // Two encoders: as initialised (a poor q, a large standard error), and one whose q has the
    // posterior's mean and a variance of 1.5 x the posterior's, at least 1 (p(x|z) levels off for
    // large |z|, where p(x, z) ~ N(z; 0, 1): a narrower q would have weights of infinite variance).
    // The output layer's weights are zero there and its biases set.
    // k = 5000 (the lab's largest) for both, and 100,000 for the fitted one.
    for (int run = 0; run < 3; ++run) {
      const bool fitted = run > 0;
      const int k = run == 2 ? 100000 : 5000;
      Vae model = vae;
      if (fitted) {
        const int last = model.encoder().layers() - 1;
        model.encoder().W(model.params().data(), last).setZero();
        model.encoder().b(model.params().data(), last) << float(post_mean), float(std::log(std::max(1.5 * post_var, 1.0)));
      }
      Matrix mu, log_var;
      model.encode(x, mu, log_var);
      const double m = mu(0, 0), lv = log_var(0, 0);
      std::vector<double> second(grid);  // log of p(x, z)^2 / q(z|x)
      for (int g = 0; g < grid; ++g) {
        const double e = (z[g] - m) / std::exp(lv / 2);
        second[size_t(g)] = 2 * joint[size_t(g)] + 0.5 * e * e + 0.5 * lv + 0.5 * log_2pi;
      }
      const double r = std::exp(log_sum_exp(second) + std::log(dz) - 2 * exact) - 1;
      const double se = std::sqrt(r / k);
      double iw = 0, elbo = 0;
      Rng noise(100 + digit);
      model.importance_weighted(x, k, noise, iw, elbo);
      CAPTURE(fitted);
      CAPTURE(k);
      CAPTURE(exact);
      CAPTURE(iw);
      CAPTURE(se);
      CAPTURE(elbo);
      CHECK(se < 0.1 * std::sqrt(5000.0 / k));  // observed 0.020 to 0.065 at k = 5000, 0.004 to 0.005 at 100,000
      CHECK(std::abs(iw - exact) < 4 * se + 1e-4);
      CHECK(elbo < exact);  // the bound: log p(x) = ELBO + KL(q || posterior)
    }
  }
}
