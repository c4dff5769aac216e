// A DBN unrolled into a classifier and a deep autoencoder: the softmax cross-entropy
// and both networks' gradients against central differences of a double reference
// (the autoencoder with Bernoulli and with Gaussian pixels), the unrolled networks
// compute the stack's up and down passes, and fine-tuning a small pre-trained stack
// on MNIST (binary or Gaussian bottom) lowers the test error.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "classifier.hpp"
#include "dbn_finetune.hpp"
#include "dbn_trainer.hpp"
#include "mnist_once.hpp"
#include "test_mlp_reference.hpp"

using namespace latent;

namespace {

Dbn random_stack(const std::vector<int>& sizes, uint64_t seed, bool gaussian_bottom = false) {
  Dbn dbn(sizes, gaussian_bottom);
  Rng rng(seed);
  for (int l = 0; l < dbn.layers(); ++l)
    for (float& p : dbn.layer(l).params()) p = 0.7f * rng.normal();
  return dbn;
}

// Mean softmax cross-entropy in double.
double reference_softmax_ce(const Dmat& A, const std::vector<uint8_t>& y) {
  double total = 0;
  for (Eigen::Index j = 0; j < A.cols(); ++j) total += std::log(A.col(j).array().exp().sum()) - A(y[size_t(j)], j);
  return total / double(A.cols());
}

// Mean Bernoulli cross-entropy of targets X given logits A, in double.
double reference_bce(const Dmat& X, const Dmat& A) {
  double total = 0;
  for (Eigen::Index i = 0; i < X.size(); ++i) {
    const double y = 1 / (1 + std::exp(-A.data()[i]));
    total -= X.data()[i] * std::log(y) + (1 - X.data()[i]) * std::log(1 - y);
  }
  return total / double(X.cols());
}

// Mean over columns of 1/2 ||x - a||^2 (Gaussian pixels of unit variance), in double.
double reference_gaussian(const Dmat& X, const Dmat& A) { return 0.5 * (X - A).squaredNorm() / double(X.cols()); }

Matrix random_pixels(int rows, int cols, Rng& rng) {
  Matrix v(rows, cols);
  for (Eigen::Index i = 0; i < v.size(); ++i) v.data()[i] = rng.uniform();
  return v;
}

// dLoss/dparams of finetune_loss + Mlp::backward against central differences of
// the double reference `ref(q)`; the worst relative error.
template <class Ref>
double gradient_error(const Mlp& net, Unrolled kind, bool gaussian_bottom, ParamBuffer& p, const Matrix& v,
                      const std::vector<uint8_t>& y, Ref ref) {
  MlpCache cache;
  Matrix dout;
  finetune_loss(net, kind, gaussian_bottom, p.data(), v, y.data(), &dout, nullptr, cache);
  ParamBuffer grad(net.param_count());
  net.backward(p.data(), cache, dout, grad.data(), nullptr);
  const Dvec fd = central_differences(as_double(p), ref);
  return worst_relative_error(as_double(grad), fd);
}

}  // namespace

TEST_CASE("softmax cross-entropy: loss, gradient (central differences) and errors") {
  Rng rng(2);
  Matrix A(4, 5);
  for (Eigen::Index i = 0; i < A.size(); ++i) A.data()[i] = 3.0f * rng.normal();
  const std::vector<uint8_t> y = {0, 3, 1, 2, 3};
  Matrix dA;
  int errors = -1;
  const double loss = softmax_cross_entropy(A, y.data(), &dA, &errors);
  const Dmat Ad = A.cast<double>();
  CHECK(loss == doctest::Approx(reference_softmax_ce(Ad, y)).epsilon(1e-6));
  Dvec flat = Eigen::Map<const Dvec>(Ad.data(), Ad.size());
  const Dvec fd = central_differences(flat, [&](const Dvec& a) {
    return reference_softmax_ce(Eigen::Map<const Dmat>(a.data(), 4, 5), y);
  });
  CHECK(worst_relative_error(Eigen::Map<const Vector>(dA.data(), dA.size()).cast<double>(), fd) < 1e-6);
  int expected = 0;
  for (Eigen::Index j = 0; j < A.cols(); ++j) {
    Eigen::Index best;
    A.col(j).maxCoeff(&best);
    expected += best != y[size_t(j)];
  }
  CHECK(errors == expected);
  // Huge logits stay finite (the max is subtracted).
  Matrix big = Matrix::Constant(3, 1, 0.0f);
  big(1, 0) = 1000.0f;
  const uint8_t right = 1, wrong = 0;
  CHECK(softmax_cross_entropy(big, &right, nullptr, nullptr) == doctest::Approx(0.0));
  CHECK(softmax_cross_entropy(big, &wrong, nullptr, nullptr) == doctest::Approx(1000.0));
}

TEST_CASE("Unrolled classifier: the hidden layers are the stack's up pass; gradients match central differences") {
  const Dbn dbn = random_stack({6, 5, 4}, 4);
  const Mlp net = classifier_network(dbn.sizes(), 3);
  REQUIRE(net.layers() == 3);
  CHECK(net.layer(2).activation == Activation::Identity);
  ParamBuffer p(net.param_count());
  Rng rng(5);
  unroll_classifier(dbn, net, p.data(), rng);
  for (Eigen::Index i = 0; i < net.b(p.data(), 2).size(); ++i) net.b(p.data(), 2)[i] = 0.3f * rng.normal();
  const Matrix v = random_pixels(6, 4, rng);
  MlpCache cache;
  net.forward(p.data(), v, cache);
  Matrix up;
  dbn.up(v, 2, up);
  CHECK((cache.h[1] - up).cwiseAbs().maxCoeff() < 1e-6f);
  const std::vector<uint8_t> y = {2, 0, 1, 2};
  const Dmat vd = v.cast<double>();
  CHECK(gradient_error(net, Unrolled::Classifier, false, p, v, y, [&](const Dvec& q) {
          return reference_softmax_ce(reference_forward(net, q.data(), vd), y);
        }) < 1e-5);
}

TEST_CASE("Unrolled deep autoencoder: mirrored decoder is the stack's down pass; gradients match central "
          "differences, with and without a linear code layer") {
  const Dbn dbn = random_stack({6, 5, 4}, 8);
  Rng rng(9);
  const Matrix v = random_pixels(6, 3, rng);
  const Dmat vd = v.cast<double>();
  const std::vector<uint8_t> none;
  {  // no code layer: 6-5-4-5-6, the top layer's sigmoid units are the code
    const Mlp net = autoencoder_network(dbn.sizes(), 0);
    REQUIRE(net.layers() == 4);
    CHECK(autoencoder_code_layer(dbn.sizes(), 0) == 1);
    ParamBuffer p(net.param_count());
    unroll_autoencoder(dbn, net, 0, p.data(), rng);
    MlpCache cache;
    net.forward(p.data(), v, cache);
    Matrix up, down, y = cache.output();
    dbn.up(v, 2, up);
    dbn.down(up, 2, down);
    sigmoid_inplace(y);
    CHECK((cache.h[1] - up).cwiseAbs().maxCoeff() < 1e-6f);
    CHECK((y - down).cwiseAbs().maxCoeff() < 1e-5f);
    CHECK(gradient_error(net, Unrolled::Autoencoder, false, p, v, none, [&](const Dvec& q) {
            return reference_bce(vd, reference_forward(net, q.data(), vd));
          }) < 1e-5);
  }
  {  // a linear code of 2: 6-5-4-2-4-5-6
    const Mlp net = autoencoder_network(dbn.sizes(), 2);
    REQUIRE(net.layers() == 6);
    CHECK(net.layer(2).activation == Activation::Identity);
    CHECK(net.layer(5).activation == Activation::Identity);
    CHECK(autoencoder_code_layer(dbn.sizes(), 2) == 2);
    ParamBuffer p(net.param_count());
    unroll_autoencoder(dbn, net, 2, p.data(), rng);
    CHECK(Matrix(net.W(p.data(), 4)) == Matrix(dbn.layer(1).W().transpose()));
    CHECK(Matrix(net.W(p.data(), 5)) == Matrix(dbn.layer(0).W().transpose()));
    CHECK(Vector(net.b(p.data(), 5)) == Vector(dbn.layer(0).b()));
    CHECK(gradient_error(net, Unrolled::Autoencoder, false, p, v, none, [&](const Dvec& q) {
            return reference_bce(vd, reference_forward(net, q.data(), vd));
          }) < 1e-5);
  }
}

TEST_CASE("Unrolled deep autoencoder of a Gaussian-bottom stack: linear output is the stack's down pass; "
          "the Gaussian loss and its gradient match central differences") {
  const Dbn dbn = random_stack({6, 5, 4}, 12, true);
  Rng rng(13);
  Matrix v(6, 3);  // standardised pixels: real values either side of 0
  for (Eigen::Index i = 0; i < v.size(); ++i) v.data()[i] = 1.5f * rng.normal();
  const Dmat vd = v.cast<double>();
  const std::vector<uint8_t> none;
  {  // no code layer: y = a = b_1 + W_1 g_1 is E[v | h_1] of the down pass
    const Mlp net = autoencoder_network(dbn.sizes(), 0);
    ParamBuffer p(net.param_count());
    unroll_autoencoder(dbn, net, 0, p.data(), rng);
    MlpCache cache;
    const double loss = finetune_loss(net, Unrolled::Autoencoder, true, p.data(), v, nullptr, nullptr, nullptr, cache);
    Matrix up, down;
    dbn.up(v, 2, up);
    dbn.down(up, 2, down);
    CHECK((cache.output() - down).cwiseAbs().maxCoeff() < 1e-5f);
    CHECK(loss == doctest::Approx(reference_gaussian(vd, down.cast<double>())).epsilon(1e-5));
    CHECK(gradient_error(net, Unrolled::Autoencoder, true, p, v, none, [&](const Dvec& q) {
            return reference_gaussian(vd, reference_forward(net, q.data(), vd));
          }) < 1e-5);
  }
  {  // with a linear code of 2
    const Mlp net = autoencoder_network(dbn.sizes(), 2);
    ParamBuffer p(net.param_count());
    unroll_autoencoder(dbn, net, 2, p.data(), rng);
    CHECK(gradient_error(net, Unrolled::Autoencoder, true, p, v, none, [&](const Dvec& q) {
            return reference_gaussian(vd, reference_forward(net, q.data(), vd));
          }) < 1e-5);
  }
}

TEST_CASE("Fine-tuning before pre-training has finished says what to do") {
  CHECK(finetune_ready(3, 3).ok);
  const Status s = finetune_ready(1, 3);
  CHECK_FALSE(s.ok);
  CHECK(s.message.find("1 of 3") != std::string::npos);
  CHECK(s.message.find("until every layer of the stack is frozen") != std::string::npos);
}

using test::mnist;

TEST_CASE("MNIST: fine-tuning the classifier unrolled from a small pre-trained DBN lowers the test error") {
  const Dataset& train = mnist("train");
  const Dataset& test = mnist("t10k");
  DbnConfig c;
  c.layers = {64, 32};
  c.rbm.train_count = 1000;
  c.rbm.batch_size = 20;
  c.rbm.learning_rate = 0.1f;
  c.finetune_batch_size = 50;
  c.finetune.optimizer = OptimizerKind::Sgd;  // a large SGD step: quick on this small net
  c.finetune.learning_rate = 1.0f;
  REQUIRE(validate(c).empty());
  DbnTrainer pre(c, train, test);
  CHECK_FALSE(finetune_ready(pre.current_layer(), pre.dbn().layers()).ok);
  while (!pre.pretrained()) REQUIRE_FALSE(pre.train(50).diverged);
  CHECK(pre.updates() == 100);  // 50 an epoch, one epoch per layer
  CHECK(finetune_ready(pre.current_layer(), pre.dbn().layers()).ok);

  FinetuneTrainer tuned(c, Unrolled::Classifier, &pre.dbn(), train, test);
  const FinetuneMetrics before = tuned.evaluate(500);
  CHECK(before.error_test > 0.5);  // the output layer is random
  REQUIRE_FALSE(tuned.train(150).diverged);
  CHECK(std::isfinite(tuned.take_recent_loss()));
  const FinetuneMetrics after = tuned.evaluate(500);
  MESSAGE("pre-trained 784-64-32-10 after 150 updates: test error ", after.error_test, ", loss ", after.loss_test);
  CHECK(after.error_test < 0.3);  // 0.226 here natively
  CHECK(after.loss_test < before.loss_test);
  // The same network from random initialisation, for comparison: it trains too.
  FinetuneTrainer scratch(c, Unrolled::Classifier, nullptr, train, test);
  CHECK_FALSE(scratch.pretrained());
  CHECK(scratch.params().size() == tuned.params().size());
  CHECK(Matrix(scratch.network().W(scratch.params().data(), 0)) != Matrix(pre.dbn().layer(0).W()));
  REQUIRE_FALSE(scratch.train(150).diverged);
  const FinetuneMetrics random_after = scratch.evaluate(500);
  MESSAGE("randomly initialised 784-64-32-10 after 150 updates: test error ", random_after.error_test);
  CHECK(random_after.error_test < 0.9);
  Matrix v, probs;
  tuned.predict({0, 1, 2}, v, probs);
  REQUIRE(probs.rows() == 10);
  CHECK((probs.colwise().sum().array() - 1.0f).abs().maxCoeff() < 1e-5f);

  // The deep autoencoder from the same stack, with a linear 2-D code: the loss falls.
  c.code_size = 2;
  c.finetune.optimizer = OptimizerKind::Adam;
  c.finetune.learning_rate = 3e-3f;
  FinetuneTrainer ae(c, Unrolled::Autoencoder, &pre.dbn(), train, test);
  const FinetuneMetrics ae_before = ae.evaluate(200);
  CHECK(std::isnan(ae_before.error_test));
  REQUIRE_FALSE(ae.train(30).diverged);
  CHECK(ae.evaluate(200).loss_test < ae_before.loss_test);
  Matrix codes;
  ae.encode({0, 1, 2, 3}, codes);
  CHECK(codes.rows() == 2);
  CHECK(codes.cols() == 4);
  // The encoder alone gives the full network's code layer; decoding the codes gives its output.
  Matrix grey, out, decoded;
  ae.predict({0, 1, 2, 3}, grey, out);
  ae.decode(codes, decoded);
  CHECK((decoded - out).cwiseAbs().maxCoeff() < 1e-5f);
  // recon_test: the reconstructions' squared error per test digit, as predict() gives them.
  std::vector<int> first(200);
  for (int i = 0; i < 200; ++i) first[size_t(i)] = i;
  ae.predict(first, grey, out);
  CHECK(ae.evaluate(200).recon_test == doctest::Approx(double((out - grey).squaredNorm()) / 200).epsilon(1e-4));
  CHECK(std::isnan(tuned.evaluate(200).recon_test));
}

TEST_CASE("MNIST: a small Gaussian-bottom DBN fine-tuned as a classifier on standardised digits beats chance clearly") {
  const Dataset& train = mnist("train");
  const Dataset& test = mnist("t10k");
  DbnConfig c;  // default rates: layer 0 at kGaussianBottomRate x the stack's; Adam at 3e-3 for a short run
  c.gaussian_bottom = true;
  c.layers = {64, 32};
  c.rbm.train_count = 1000;
  c.finetune_batch_size = 50;
  c.finetune.learning_rate = 3e-3f;
  REQUIRE(validate(c).empty());
  DbnTrainer pre(c, train, test);
  while (!pre.pretrained()) REQUIRE_FALSE(pre.train(50).diverged);

  FinetuneTrainer tuned(c, Unrolled::Classifier, &pre.dbn(), train, test);
  // The same standardisation as the stack's: the network sees what the DBN saw.
  REQUIRE(tuned.standardization() != nullptr);
  CHECK((tuned.standardization()->mean - pre.standardization()->mean).cwiseAbs().maxCoeff() == 0.0f);
  CHECK((tuned.standardization()->scale - pre.standardization()->scale).cwiseAbs().maxCoeff() == 0.0f);
  Matrix v, probs, seen;
  tuned.predict({0, 1, 2}, v, probs);
  pre.test_digits({0, 1, 2}, seen);
  CHECK((v - seen).cwiseAbs().maxCoeff() == 0.0f);
  const FinetuneMetrics before = tuned.evaluate(500);
  REQUIRE_FALSE(tuned.train(200).diverged);
  const FinetuneMetrics after = tuned.evaluate(500);
  MESSAGE("Gaussian-bottom 784-64-32-10 after 200 updates: test error ", before.error_test, " -> ", after.error_test);
  CHECK(after.error_test < 0.3);  // 0.18 here natively
  CHECK(after.loss_test < before.loss_test);

  // The deep autoencoder: standardised reconstructions (not squashed into [0, 1]), and
  // its Gaussian loss falls.
  c.code_size = 2;
  FinetuneTrainer ae(c, Unrolled::Autoencoder, &pre.dbn(), train, test);
  const double ae_before = ae.evaluate(200, false).loss_test;
  REQUIRE_FALSE(ae.train(30).diverged);
  CHECK(ae.evaluate(200, false).loss_test < ae_before);
  Matrix codes, pixels;
  ae.encode({0, 1}, codes);
  ae.decode(codes, pixels);
  REQUIRE(pixels.rows() == 784);
  CHECK(pixels.minCoeff() < 0.0f);
  ae.predict({0, 1}, v, probs);
  CHECK((probs - pixels).cwiseAbs().maxCoeff() < 1e-4f);
}
