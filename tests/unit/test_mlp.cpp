// Feed-forward networks (engine/mlp) against a double-precision reference and
// central finite differences; initialisation; the optimisers (engine/optimizer).
#include <doctest/doctest.h>

#include <cmath>

#include "optimizer.hpp"
#include "test_mlp_reference.hpp"

using namespace latent;

namespace {

Matrix random_matrix(int rows, int cols, Rng& rng, float scale = 1.0f) {
  Matrix m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = scale * rng.normal();
  return m;
}

}  // namespace

TEST_CASE("Mlp: forward matches a double reference; gradients of every layer type and of the input match "
          "central differences") {
  // 5 -> 7 relu -> 6 tanh -> 4 sigmoid -> 3 identity, a batch of 4.
  const Mlp net({5, 7, 6, 4, 3}, {Activation::Relu, Activation::Tanh, Activation::Sigmoid, Activation::Identity});
  REQUIRE(net.param_count() == size_t(5 * 7 + 7 + 7 * 6 + 6 + 6 * 4 + 4 + 4 * 3 + 3));
  Rng rng(3);
  ParamBuffer p(net.param_count());
  net.initialize(p.data(), rng);
  for (int l = 0; l < net.layers(); ++l)  // non-zero biases, so they matter
    for (Eigen::Index i = 0; i < net.b(p.data(), l).size(); ++i) net.b(p.data(), l)[i] = 0.3f * rng.normal();
  const Matrix X = random_matrix(5, 4, rng);
  const Matrix R = random_matrix(3, 4, rng);

  // Loss = sum(R (.) Y) + 1/2 sum(Y^2): dLoss/dY = R + Y.
  const Dmat Xd = X.cast<double>(), Rd = R.cast<double>();
  auto loss = [&](const Dvec& q, const Dmat& x) {
    const Dmat Y = reference_forward(net, q.data(), x);
    return (Rd.array() * Y.array()).sum() + 0.5 * Y.squaredNorm();
  };
  MlpCache cache;
  net.forward(p.data(), X, cache);
  const Dvec pd = as_double(p);
  CHECK((cache.output().cast<double>() - reference_forward(net, pd.data(), Xd)).cwiseAbs().maxCoeff() < 1e-5);

  Matrix delta = R + cache.output(), dX;
  ParamBuffer grad(net.param_count());
  net.backward(p.data(), cache, delta, grad.data(), &dX);
  const Dvec fd = central_differences(pd, [&](const Dvec& q) { return loss(q, Xd); });
  CHECK(worst_relative_error(as_double(grad), fd) < 1e-5);  // float32 forward and backward: about 2e-7

  Dvec xflat = Eigen::Map<const Dvec>(Xd.data(), Xd.size());
  const Dvec fd_x = central_differences(xflat, [&](const Dvec& xv) {
    return loss(pd, Eigen::Map<const Dmat>(xv.data(), 5, 4));
  });
  REQUIRE(dX.rows() == 5);
  REQUIRE(dX.cols() == 4);
  CHECK(worst_relative_error(Eigen::Map<const Vector>(dX.data(), dX.size()).cast<double>(), fd_x) < 1e-5);
}

TEST_CASE("Mlp: He initialisation for relu layers, Glorot for the others; biases zero") {
  const Mlp net({400, 300, 200}, {Activation::Relu, Activation::Tanh});
  ParamBuffer p(net.param_count(), 1.0f);
  Rng rng(11);
  net.initialize(p.data(), rng);
  auto variance = [&](int l) {
    const ConstMatrixMap w = net.W(static_cast<const float*>(p.data()), l);
    return double(w.cast<double>().array().square().mean());
  };
  CHECK(variance(0) == doctest::Approx(2.0 / 400).epsilon(0.03));          // 120,000 draws: 0.4% sd
  CHECK(variance(1) == doctest::Approx(2.0 / (300 + 200)).epsilon(0.03));  // 60,000 draws: 0.6% sd
  CHECK(net.b(static_cast<const float*>(p.data()), 0).cwiseAbs().maxCoeff() == 0.0f);
  CHECK(net.b(static_cast<const float*>(p.data()), 1).cwiseAbs().maxCoeff() == 0.0f);
}

TEST_CASE("Activation names: the hidden-layer choices round-trip; identity is not one of them") {
  for (Activation a : {Activation::Relu, Activation::Tanh, Activation::Sigmoid}) {
    Activation back = Activation::Identity;
    CHECK(activation_from_name(activation_name(a), back));
    CHECK(back == a);
  }
  Activation out = Activation::Relu;
  CHECK_FALSE(activation_from_name("identity", out));
  CHECK_FALSE(activation_from_name("softmax", out));
  OptimizerKind o = OptimizerKind::Sgd;
  CHECK(optimizer_from_name("adam", o));
  CHECK(o == OptimizerKind::Adam);
  CHECK(std::string(optimizer_name(OptimizerKind::Sgd)) == "sgd");
  CHECK_FALSE(optimizer_from_name("rmsprop", o));
}

TEST_CASE("Optimizers: Adam's bias-corrected first steps move by the learning rate; SGD's velocity accumulates") {
  OptimizerSettings adam;
  adam.learning_rate = 0.01f;
  Optimizer opt(3);
  ParamBuffer p = {1.0f, -2.0f, 0.5f};
  const ParamBuffer g = {0.3f, -40.0f, 1e-3f};
  opt.step(adam, p.data(), g.data());
  // m_hat = g, s_hat = g^2: the step is lr g / (|g| + eps) = lr sign(g) (up to eps).
  CHECK(p[0] == doctest::Approx(1.0 - 0.01).epsilon(1e-6));
  CHECK(p[1] == doctest::Approx(-2.0 + 0.01).epsilon(1e-6));
  CHECK(p[2] == doctest::Approx(0.5 - 0.01 * 1e-3 / (1e-3 + 1e-8)).epsilon(1e-6));
  opt.step(adam, p.data(), g.data());  // the same gradient again: the same step
  CHECK(p[0] == doctest::Approx(1.0 - 0.02).epsilon(1e-6));
  CHECK(opt.steps() == 2);

  OptimizerSettings sgd;
  sgd.optimizer = OptimizerKind::Sgd;
  sgd.learning_rate = 0.1f;
  sgd.momentum = 0.5f;
  ParamBuffer q = {0.0f};
  const ParamBuffer one = {1.0f};
  opt.resize(1);
  opt.step(sgd, q.data(), one.data());  // v = -0.1
  opt.step(sgd, q.data(), one.data());  // v = 0.5 (-0.1) - 0.1 = -0.15
  CHECK(q[0] == doctest::Approx(-0.25).epsilon(1e-6));
  opt.step(adam, q.data(), one.data());  // a new kind starts afresh: one Adam step of lr
  CHECK(opt.steps() == 1);
  CHECK(q[0] == doctest::Approx(-0.26).epsilon(1e-5));
}

TEST_CASE("Optimizers: Adam and SGD with momentum each minimise an ill-conditioned quadratic") {
  // f(p) = 1/2 sum_i a_i (p_i - c_i)^2, curvatures from 0.1 to 10.
  const int n = 50;
  Eigen::VectorXf a(n), c(n);
  Rng rng(5);
  for (int i = 0; i < n; ++i) {
    a[i] = 0.1f * std::pow(100.0f, float(i) / (n - 1));
    c[i] = rng.normal();
  }
  auto f = [&](const ParamBuffer& p) {
    return 0.5 * (a.cast<double>().array() * (ConstVectorMap(p.data(), n) - c).cast<double>().array().square()).sum();
  };
  for (OptimizerKind kind : {OptimizerKind::Adam, OptimizerKind::Sgd}) {
    CAPTURE(std::string(optimizer_name(kind)));
    OptimizerSettings s;
    s.optimizer = kind;
    s.learning_rate = 0.05f;  // SGD: stable while lr x the largest curvature < 2 (1 + momentum)
    Optimizer opt(n);
    ParamBuffer p(n, 0.0f), g(n);
    const double start = f(p);
    for (int t = 0; t < 1000; ++t) {
      VectorMap(g.data(), n) = a.cwiseProduct(ConstVectorMap(p.data(), n) - c);
      opt.step(s, p.data(), g.data());
    }
    CHECK(f(p) < 1e-6 * start);  // about 1e-14 for both
  }
}
