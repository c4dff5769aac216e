// Deep belief networks: ancestral sampling against the exact distribution of a tiny
// stack (enumeration), greedy training leaves frozen layers bit-identical, projected
// filters, the up and down passes, and the config's layer sizes and ranges; the same
// for a Gaussian bottom (unit-variance GRBM on standardised pixels), with MNIST.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "dbn.hpp"
#include "dbn_config.hpp"
#include "dbn_trainer.hpp"
#include "mnist_once.hpp"
#include "tiny_rbm.hpp"

using namespace latent;

namespace {

Dbn random_dbn(const std::vector<int>& sizes, uint64_t seed, float scale, bool gaussian_bottom = false) {
  Dbn dbn(sizes, gaussian_bottom);
  Rng rng(seed);
  for (int l = 0; l < dbn.layers(); ++l)
    for (float& p : dbn.layer(l).params()) p = scale * rng.normal();
  return dbn;
}

// p(x) of a factorised Bernoulli with probabilities `probs` at state number s.
double bernoulli_prob(const Vector& probs, long s) {
  double p = 1;
  for (Eigen::Index i = 0; i < probs.size(); ++i) p *= (s >> i) & 1 ? probs[i] : 1.0 - probs[i];
  return p;
}

// Exact marginal of the top RBM's visible layer: p(x) = sum_h exp(-E(x,h)) / Z.
std::vector<double> top_marginal(const Rbm& top) {
  const long S = 1L << top.visible(), T = 1L << top.hidden();
  std::vector<double> p(size_t(S), 0.0);
  double z = 0;
  for (long s = 0; s < S; ++s) {
    for (long t = 0; t < T; ++t) p[size_t(s)] += std::exp(-top.energy(bits(s, top.visible()), bits(t, top.hidden())));
    z += p[size_t(s)];
  }
  for (double& x : p) x /= z;
  return p;
}

long state_number(const Matrix& m, Eigen::Index col) {
  long s = 0;
  for (Eigen::Index i = 0; i < m.rows(); ++i) s |= long(m(i, col) > 0.5f) << i;
  return s;
}

// A dataset of 4 x 4 "images" of bars: one random row or column lit, plus noise.
Dataset bars(int count, uint64_t seed) {
  Dataset d;
  d.images.rows = d.images.cols = 4;
  Rng rng(seed);
  for (int n = 0; n < count; ++n) {
    const int which = int(rng.below(8));
    for (int r = 0; r < 4; ++r)
      for (int c = 0; c < 4; ++c) {
        const bool on = which < 4 ? r == which : c == which - 4;
        d.images.pixels.push_back(on != (rng.uniform() < 0.05f) ? 255 : 0);
      }
    d.labels.labels.push_back(uint8_t(which));
  }
  d.images.count = d.labels.count = count;
  return d;
}

DbnConfig small_config(std::vector<int> layers) {
  DbnConfig c;
  c.layers = std::move(layers);
  c.rbm.train_count = 200;
  c.rbm.batch_size = 20;
  c.epochs_per_layer = 2;
  c.rbm.learning_rate = 0.5f;
  c.rbm.init_std = 0.1f;
  return c;
}

// Ancestral samples of `chains` chains started from fair coin flips in the top RBM,
// after 30 Gibbs sweeps.
DbnSample ancestral_from_noise(const Dbn& dbn, int chains, uint64_t seed) {
  Rng rng(seed);
  Matrix chain;
  const Matrix half = Matrix::Constant(dbn.sizes()[size_t(dbn.layers() - 1)], chains, 0.5f);
  sample_bernoulli(chain, half, rng);
  DbnSample out;
  REQUIRE(dbn.ancestral_sample(chain, 30, rng, out).ok);
  return out;
}

}  // namespace

TEST_CASE("DBN: ancestral samples of a tiny 3-2-2 stack follow the exact distribution") {
  const Dbn dbn = random_dbn({3, 2, 2}, 7, 1.0f);
  // Exact: p(h1) from the top RBM by enumeration, then p(v) = sum_h1 p(h1) p(v|h1).
  const std::vector<double> p_h1 = top_marginal(dbn.layer(1));
  std::vector<double> p_v(8, 0.0);
  for (long t = 0; t < 4; ++t) {
    Matrix h = bits(t, 2), pv;
    dbn.layer(0).visible_probs(h, pv);
    for (long s = 0; s < 8; ++s) p_v[size_t(s)] += p_h1[size_t(t)] * bernoulli_prob(pv.col(0), s);
  }
  const int chains = 40000;
  const DbnSample out = ancestral_from_noise(dbn, chains, 11);
  REQUIRE(out.states.size() == 2);
  REQUIRE(out.states[0].rows() == 3);
  REQUIRE(out.means[0].cols() == chains);
  std::vector<double> f_v(8, 0.0), f_h1(4, 0.0);
  for (int j = 0; j < chains; ++j) {
    f_v[size_t(state_number(out.states[0], j))] += 1.0 / chains;
    f_h1[size_t(state_number(out.states[1], j))] += 1.0 / chains;
  }
  // Standard error of a frequency <= sqrt(0.25 / 40000) = 0.0025: allow 4 of them.
  for (int s = 0; s < 8; ++s) CHECK(std::abs(f_v[size_t(s)] - p_v[size_t(s)]) < 0.01);
  for (int t = 0; t < 4; ++t) CHECK(std::abs(f_h1[size_t(t)] - p_h1[size_t(t)]) < 0.01);
  // The pixel means are p(v|h1) of the sampled h1.
  Matrix pv;
  dbn.layer(0).visible_probs(out.states[1], pv);
  CHECK((pv - out.means[0]).cwiseAbs().maxCoeff() == 0.0f);
}

TEST_CASE("DBN: the up and down passes are the layers' conditionals; projected filters are W_1 ... W_l") {
  const Dbn dbn = random_dbn({6, 5, 4, 3}, 3, 0.5f);
  CHECK(dbn.sizes() == std::vector<int>{6, 5, 4, 3});
  CHECK(dbn.param_count() == size_t(6 * 5 + 6 + 5 + 5 * 4 + 5 + 4 + 4 * 3 + 4 + 3));
  Rng rng(1);
  Matrix V = Matrix::Random(6, 7).cwiseAbs(), H, h1, h2, h3;
  dbn.layer(0).hidden_probs(V, h1);
  dbn.layer(1).hidden_probs(h1, h2);
  dbn.layer(2).hidden_probs(h2, h3);
  dbn.up(V, 3, H);
  CHECK((H - h3).cwiseAbs().maxCoeff() == 0.0f);
  dbn.up(V, 0, H);
  CHECK(H == V);
  Matrix down, d1, d0;
  dbn.layer(1).visible_probs(h2, d1);
  dbn.layer(0).visible_probs(d1, d0);
  dbn.down(h2, 2, down);
  CHECK((down - d0).cwiseAbs().maxCoeff() == 0.0f);
  const Eigen::MatrixXd ref = dbn.layer(0).W().cast<double>() * dbn.layer(1).W().cast<double>() *
                              dbn.layer(2).W().cast<double>();
  const Matrix P = dbn.projected_filters(2);
  REQUIRE(P.rows() == 6);
  REQUIRE(P.cols() == 3);
  CHECK((P.cast<double>() - ref).cwiseAbs().maxCoeff() < 1e-5);
  CHECK(dbn.projected_filters(0) == Matrix(dbn.layer(0).W()));
}

TEST_CASE("DBN: greedy training moves one layer at a time and leaves frozen layers bit-identical") {
  const Dataset data = bars(200, 5), test = bars(100, 6);
  DbnConfig c = small_config({12, 8, 6});
  REQUIRE(validate(c).empty());
  DbnTrainer t(c, data, test);
  const Dbn initial = t.dbn();
  CHECK(t.current_layer() == 0);
  // 200 digits in minibatches of 20: 10 updates an epoch, 20 per layer.
  TrainReport r = t.train(15);
  CHECK(r.batches == 15);
  CHECK(t.current_layer() == 0);
  CHECK(t.dbn().layer(1).params() == initial.layer(1).params());
  r = t.train(100);  // stops at the layer's end
  CHECK(r.batches == 5);
  CHECK(t.current_layer() == 1);
  CHECK(t.layer_updates(0) == 20);
  CHECK(t.updates() == 20);
  CHECK(std::isfinite(t.take_recent_recon_error(0)));
  CHECK(std::isnan(t.take_recent_recon_error(0)));
  // Layer 0 learned: its reconstruction error fell. In 20 updates it falls little and
  // by chance (seeds 1-12: by 0.1% to 8%; an extra random draw in the shuffle made
  // seed 1's rise), so the fall is checked on the median of seeds 1-5.
  std::vector<double> ratios;
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    DbnConfig other = c;
    other.rbm.seed = seed;
    DbnTrainer u(other, data, test);
    const double start = u.test_recon_error(0, 100);
    REQUIRE(u.train(20).batches == 20);
    ratios.push_back(u.test_recon_error(0, 100) / start);
  }
  std::sort(ratios.begin(), ratios.end());
  CHECK(ratios[2] < 1.0);
  const ParamBuffer frozen0 = t.dbn().layer(0).params();
  CHECK(t.dbn().layer(2).params() == initial.layer(2).params());
  while (!t.pretrained()) {
    const int layer = t.current_layer();
    r = t.train(7);
    CHECK_FALSE(r.diverged);
    if (layer >= 1) CHECK(t.dbn().layer(0).params() == frozen0);
  }
  CHECK(t.layer_updates(1) == 20);
  CHECK(t.layer_updates(2) == 20);
  CHECK(t.updates() == 60);
  CHECK(t.dbn().layer(1).params() != initial.layer(1).params());
  CHECK(t.train(10).batches == 0);  // nothing left to pre-train
  // Ancestral samples from the trained stack: pixel-sized, probabilities.
  t.draw_samples(5);
  REQUIRE(t.samples().means.size() == 3);
  CHECK(t.samples().means[0].rows() == 16);
  CHECK(t.samples().means[0].cols() == 5);
  CHECK(t.samples().states[2].rows() == 8);
  CHECK(t.samples().means[0].minCoeff() >= 0.0f);
  CHECK(t.samples().means[0].maxCoeff() <= 1.0f);
  std::vector<Matrix> pictures;
  t.dbn().level_pictures(t.samples(), pictures);
  REQUIRE(pictures.size() == 3);
  CHECK(pictures[0] == t.samples().means[0]);
  Matrix down;
  t.dbn().down(t.samples().means[2], 2, down);
  CHECK(pictures[2] == down);
  CHECK(pictures[1].rows() == 16);
}

TEST_CASE("DBN: the same seed gives bit-identical stacks; sampled up passes train too") {
  const Dataset data = bars(200, 5), test = bars(100, 6);
  DbnConfig c = small_config({10, 6});
  c.sample_up = true;
  c.rbm.persistent = true;
  DbnTrainer a(c, data, test), b(c, data, test);
  for (int i = 0; i < 6; ++i) {  // 9, 9, 2 (the end of layer 0), 9, 9, 2
    a.train(9);
    b.train(9);
  }
  CHECK(a.pretrained());
  for (int l = 0; l < 2; ++l) CHECK(a.dbn().layer(l).params() == b.dbn().layer(l).params());
}

TEST_CASE("DBN: divergence restores the training layer and keeps the frozen ones") {
  const Dataset data = bars(200, 5), test = bars(100, 6);
  DbnConfig c = small_config({10, 6});
  c.epochs_per_layer = 1;
  DbnTrainer t(c, data, test);
  t.train(10);
  REQUIRE(t.current_layer() == 1);
  const ParamBuffer frozen0 = t.dbn().layer(0).params(), start1 = t.dbn().layer(1).params();
  DbnConfig wild = t.config();
  wild.rbm.learning_rate = 100.0f;
  wild.rbm.momentum = 0.999f;
  wild.rbm.weight_decay = 1.0f;
  REQUIRE(t.apply_live(wild).ok);
  const TrainReport r = t.train(10);
  CHECK(r.diverged);
  CHECK(r.batches == 0);
  CHECK(t.layer_updates(1) == 0);
  CHECK(t.dbn().layer(1).params() == start1);
  CHECK(t.dbn().layer(0).params() == frozen0);
}

TEST_CASE("Gaussian-bottom DBN: the pass down to the pixels is linear, b + W h; samples add unit noise") {
  const Dbn dbn = random_dbn({5, 4, 3, 2}, 21, 0.8f, true);
  REQUIRE(dbn.gaussian_bottom());
  const Rbm& bottom = dbn.layer(0);
  Rng rng(4);
  Matrix H1(4, 6);
  for (Eigen::Index i = 0; i < H1.size(); ++i) H1.data()[i] = rng.uniform();
  Matrix linear = bottom.W() * H1, V;
  linear.colwise() += Vector(bottom.b());
  dbn.down(H1, 1, V);
  CHECK((V - linear).cwiseAbs().maxCoeff() == 0.0f);
  dbn.visible_means(0, H1, V);
  CHECK((V - linear).cwiseAbs().maxCoeff() == 0.0f);
  // Above the bottom the layers stay binary: down from level 2 is sigmoid, then linear.
  Matrix H2(3, 6), h1;
  for (Eigen::Index i = 0; i < H2.size(); ++i) H2.data()[i] = rng.uniform();
  dbn.layer(1).visible_probs(H2, h1);
  Matrix expected = bottom.W() * h1;
  expected.colwise() += Vector(bottom.b());
  dbn.down(H2, 2, V);
  CHECK((V - expected).cwiseAbs().maxCoeff() == 0.0f);
  // The up pass is the binary RBM's sigmoid(c + W^T v) on real-valued v.
  const Matrix v = 3.0f * Matrix::Random(5, 6);
  Matrix up, ref;
  dbn.up(v, 1, up);
  bottom.hidden_probs(v, ref);
  CHECK((up - ref).cwiseAbs().maxCoeff() == 0.0f);

  const int chains = 4000;
  Matrix chain;
  DbnSample out;
  // The top RBM is layer 2 (3 -> 2): its chains are 3 units high; 2 is refused.
  Matrix wrong = Matrix::Constant(2, chains, 1.0f);
  const Status refused = dbn.ancestral_sample(wrong, 5, rng, out);
  CHECK(refused.message == "The top chain has 2 rows; the top RBM has 3 visible units.");
  CHECK(out.means.empty());
  const Matrix half = Matrix::Constant(3, chains, 0.5f);
  sample_bernoulli(chain, half, rng);
  REQUIRE(dbn.ancestral_sample(chain, 5, rng, out).ok);
  REQUIRE(out.means.size() == 3);
  Matrix means0 = bottom.W() * out.states[1];  // E[v | the sampled h1]
  means0.colwise() += Vector(bottom.b());
  CHECK((out.means[0] - means0).cwiseAbs().maxCoeff() < 1e-5f);
  CHECK((out.states[1].array() * (1 - out.states[1].array())).abs().maxCoeff() == 0.0f);  // h1 stays binary
  // states[0] = means[0] + N(0, I): noise of mean 0 and variance 1 per pixel.
  const Eigen::ArrayXXd noise = (out.states[0] - out.means[0]).cast<double>().array();
  const double n = double(noise.size());
  CHECK(std::abs(noise.sum() / n) < 0.03);                 // 4 standard errors of 1/sqrt(20000)
  CHECK(std::abs(noise.square().sum() / n - 1.0) < 0.04);  // sd of x^2 is sqrt(2)
  // The pictures of the levels: pictures[l] = the linear-bottomed down pass of means[l].
  std::vector<Matrix> pictures;
  dbn.level_pictures(out, pictures);
  CHECK((pictures[0] - out.means[0]).cwiseAbs().maxCoeff() == 0.0f);
  Matrix from1 = bottom.W() * out.means[1];
  from1.colwise() += Vector(bottom.b());
  CHECK((pictures[1] - from1).cwiseAbs().maxCoeff() < 1e-5f);  // the engine's product sums in its own order

  // A one-layer stack is the GRBM itself: its Gibbs chains draw v ~ N(b + W h, I).
  const Dbn single = random_dbn({5, 3}, 22, 0.8f, true);
  chain = Matrix::Zero(5, chains);  // 5 x 4000: the same n = 20,000 draws
  REQUIRE(single.ancestral_sample(chain, 3, rng, out).ok);
  REQUIRE(out.means.size() == 1);
  const Eigen::ArrayXXd top_noise = (out.states[0] - out.means[0]).cast<double>().array();
  CHECK(std::abs(top_noise.sum() / n) < 0.03);
  CHECK(std::abs(top_noise.square().sum() / n - 1.0) < 0.04);
}

TEST_CASE("Gaussian-bottom DBN: ancestral samples of a 2-2-2 stack have the exact mixture's mean and second moment") {
  // p(v) = sum_h1 p(h1) N(v; m(h1), I), m(h1) = b + W h1, p(h1) the top RBM's marginal
  // (enumerated): E[v_i] = sum p(h1) m_i, E[v_i^2] = sum p(h1) (m_i^2 + 1),
  // E[v_i^4] = sum p(h1) (m_i^4 + 6 m_i^2 + 3).
  const Dbn dbn = random_dbn({2, 2, 2}, 13, 1.5f, true);
  const std::vector<double> p_h1 = top_marginal(dbn.layer(1));
  Eigen::Array2d mean = Eigen::Array2d::Zero(), second = mean, fourth = mean;
  for (long t = 0; t < 4; ++t) {
    Matrix m;
    dbn.visible_means(0, bits(t, 2), m);
    const Eigen::Array2d mt = m.col(0).cast<double>().array();
    mean += p_h1[size_t(t)] * mt;
    second += p_h1[size_t(t)] * (mt.square() + 1);
    fourth += p_h1[size_t(t)] * (mt.square().square() + 6 * mt.square() + 3);
  }
  const int chains = 40000;
  const DbnSample out = ancestral_from_noise(dbn, chains, 17);
  const Eigen::ArrayXXd v = out.states[0].cast<double>().array();
  const Eigen::Array2d sample_mean = v.rowwise().mean(), sample_second = v.square().rowwise().mean();
  MESSAGE("exact mean ", mean.transpose(), ", sampled ", sample_mean.transpose(), "; exact E[v^2] ",
          second.transpose(), ", sampled ", sample_second.transpose());
  // 4 standard errors of each estimate.
  const Eigen::Array2d var = second - mean.square(), var_second = fourth - second.square();
  CHECK(((sample_mean - mean).abs() < 4 * (var / chains).sqrt()).all());
  CHECK(((sample_second - second).abs() < 4 * (var_second / chains).sqrt()).all());
  // The components are spread (a single Gaussian, or sigmoid means, would be told apart).
  CHECK((var > 1.5).any());
}

using test::mnist;

TEST_CASE("MNIST: greedy training with a Gaussian bottom on standardised digits lowers layer 0's reconstruction "
          "error; frozen layers stay bit-identical") {
  const Dataset& train = mnist("train");
  const Dataset& test = mnist("t10k");
  DbnConfig c;  // CD-1 at 0.05: layer 0 at kGaussianBottomRate x 0.05
  c.rbm.persistent = false;
  c.rbm.learning_rate = 0.05f;
  c.gaussian_bottom = true;
  c.layers = {40, 20};
  c.rbm.train_count = 400;
  c.epochs_per_layer = 10;  // 20 updates an epoch: 200 per layer
  REQUIRE(validate(c).empty());
  DbnTrainer t(c, train, test);
  REQUIRE(t.dbn().gaussian_bottom());
  // The standardisation of the first 400 training digits; the test digits go through it.
  REQUIRE(t.standardization() != nullptr);
  const PixelStandardization s = PixelStandardization::from_images(train.images, 400);
  CHECK((t.standardization()->mean - s.mean).cwiseAbs().maxCoeff() == 0.0f);
  CHECK((t.standardization()->scale - s.scale).cwiseAbs().maxCoeff() == 0.0f);
  const std::vector<int> idx = {0, 1, 2};
  Matrix v, expected;
  t.test_digits(idx, v);
  StandardizedImages(test.images, test.count(), s).gather(idx.data(), 3, expected);
  CHECK((v - expected).cwiseAbs().maxCoeff() == 0.0f);
  CHECK(t.dbn().layer(0).b().cwiseAbs().maxCoeff() == 0.0f);  // b = the standardised mean, 0
  CHECK(DbnTrainer(small_config({4}), train, test).standardization() == nullptr);

  const Dbn initial = t.dbn();
  const double before = t.test_recon_error(0, 200);
  while (t.current_layer() == 0) REQUIRE_FALSE(t.train(25).diverged);
  const double after = t.test_recon_error(0, 200);
  MESSAGE("Gaussian layer 0 (784-40), 200 updates: test recon error ", before, " -> ", after);
  CHECK(std::isfinite(after));
  CHECK(after < 0.8 * before);  // 394 -> 292 here natively
  CHECK(t.dbn().layer(1).params() == initial.layer(1).params());
  const ParamBuffer frozen0 = t.dbn().layer(0).params();
  const double recon1_before = t.test_recon_error(1, 200);
  while (!t.pretrained()) {
    REQUIRE_FALSE(t.train(25).diverged);
    CHECK(t.dbn().layer(0).params() == frozen0);
  }
  CHECK(t.layer_updates(1) == 200);
  CHECK(t.test_recon_error(1, 200) < recon1_before);
  // Samples in standardised units: finite and not squashed into [0, 1] by a sigmoid.
  t.draw_samples(8);
  const Matrix& pixels = t.samples().means[0];
  REQUIRE(pixels.rows() == 784);
  CHECK(pixels.allFinite());
  CHECK(pixels.minCoeff() < 0.0f);
  // What the network sees maps back to the grey levels through the standardisation.
  Matrix grey, levels;
  t.standardization()->unstandardize(v, grey);
  DbnTrainer(small_config({4}), train, test).test_digits(idx, levels);
  CHECK((grey - levels).cwiseAbs().maxCoeff() < 1e-5f);
}

TEST_CASE("MNIST: CD-1 at 0.05 with a Gaussian bottom trains layer 0 (784-500) without diverging") {
  // At the binary rate 0.05 as is, this layer diverges within 10 updates (dbn_trainer.cpp):
  // the test guards kGaussianBottomRate.
  DbnConfig c;
  c.rbm.persistent = false;
  c.rbm.learning_rate = 0.05f;
  c.gaussian_bottom = true;
  c.layers = {500};
  c.rbm.train_count = 1000;
  DbnTrainer t(c, mnist("train"), mnist("t10k"));
  const double before = t.test_recon_error(0, 100);
  const TrainReport r = t.train(30);
  CHECK_FALSE(r.diverged);
  CHECK(r.batches == 30);
  CHECK(t.test_recon_error(0, 100) < before);
}

TEST_CASE("DbnConfig: layer sizes as text; sizes of 0 or absurdly large are refused with a sentence") {
  std::vector<int> sizes;
  std::string error;
  CHECK(parse_layer_sizes("500-500-2000", sizes, error));
  CHECK(sizes == std::vector<int>{500, 500, 2000});
  CHECK(layer_sizes_text(sizes) == "500-500-2000");
  CHECK(parse_layer_sizes(" 20, 10 ", sizes, error));
  CHECK(sizes == std::vector<int>{20, 10});
  CHECK_FALSE(parse_layer_sizes("500-0-2000", sizes, error));
  CHECK(error.find("between 1 and 4000") != std::string::npos);
  CHECK(sizes == std::vector<int>{20, 10});  // unchanged on failure
  CHECK_FALSE(parse_layer_sizes("500-99999999999999", sizes, error));
  CHECK_FALSE(parse_layer_sizes("five hundred", sizes, error));
  CHECK_FALSE(parse_layer_sizes("", sizes, error));
  CHECK_FALSE(parse_layer_sizes("1-2-3-4-5-6-7", sizes, error));
  CHECK(validate(DbnConfig{}).empty());
  DbnConfig bad;
  bad.layers = {500, 0};
  auto errors = validate(bad);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "layers");
  bad.layers = {5000};
  CHECK(validate(bad).size() == 1);
  bad.layers = {};
  CHECK(validate(bad).size() == 1);
  // Memory: each layer's own range allows 6 x 4000 (6.5 GB measured); the stack is
  // refused with the page's limit, before anything is allocated.
  bad.layers = {4000, 4000, 4000, 4000, 4000, 4000};
  errors = validate(bad);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "layers");
  CHECK(errors[0].message.find("2048 MB") != std::string::npos);
  bad.layers = {4000, 4000};  // 1844 MiB measured in wasm
  CHECK(validate(bad).empty());
  bad.finetune_batch_size = 1000;  // and its activations tip it over
  CHECK(validate(bad).size() == 1);
  bad.layers = {2000, 2000, 2000, 2000};
  bad.finetune_batch_size = 50;
  CHECK(validate(bad).empty());
  CHECK(dbn_memory_mib(DbnConfig{}) < 400);
  DbnConfig live;
  live.rbm.learning_rate = 0.01f;
  live.epochs_per_layer = 5;
  CHECK_FALSE(needs_reset(DbnConfig{}, live));
  live.layers = {500, 500};
  CHECK(needs_reset(DbnConfig{}, live));
}
