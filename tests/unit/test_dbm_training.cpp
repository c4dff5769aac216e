// DBM training on a tiny planted distribution, checked by exact enumeration: the
// stages run in order, composition takes the pre-trained layers' parameters, the
// persistent chains persist, and joint training raises the exact log-likelihood.
#include <doctest/doctest.h>

#include <cmath>

#include "dbm_trainer.hpp"
#include "rbm_exact.hpp"
#include "tiny_rbm.hpp"

using namespace latent;

namespace {

// 1 x 6 "images": 4 planted patterns, 50 copies each, every bit flipped with
// probability 0.1 (so that the modes connect and the chains can move between them).
Dataset planted() {
  Dataset d;
  d.images.rows = 1;
  d.images.cols = 6;
  Rng rng(12);
  for (int pattern : {0b000111, 0b111000, 0b101010, 0b010101})
    for (int r = 0; r < 50; ++r) {
      for (int i = 0; i < 6; ++i) d.images.pixels.push_back(((pattern >> i) & 1) != (rng.uniform() < 0.1f) ? 255 : 0);
      d.labels.labels.push_back(uint8_t(pattern % 10));
    }
  d.images.count = d.labels.count = int(d.labels.labels.size());
  return d;
}

double mean_exact_ll(const Dbm& d, const Dataset& data) {
  Matrix V(6, data.count());
  for (int j = 0; j < data.count(); ++j)
    for (int i = 0; i < 6; ++i) V(i, j) = data.images.pixels[size_t(j) * 6 + size_t(i)] > 127 ? 1.0f : 0.0f;
  return exact_log_p(d, V, log_partition(d.composite(), ExactPrecision::Double)).mean();
}

// The highest mean log-likelihood any model can give the data: that of their own
// empirical distribution.
double best_mean_ll(const Dataset& data) {
  std::vector<double> count(64, 0.0);
  for (int j = 0; j < data.count(); ++j) {
    int s = 0;
    for (int i = 0; i < 6; ++i) s |= (data.images.pixels[size_t(j) * 6 + size_t(i)] > 127) << i;
    count[size_t(s)] += 1;
  }
  double ll = 0;
  for (double n : count)
    if (n > 0) ll += n * std::log(n / data.count());
  return ll / data.count();
}

}  // namespace

TEST_CASE("DBM training: pre-training, composition, then joint training raises the exact log-likelihood") {
  const Dataset data = planted();
  DbmConfig c;
  c.hidden1 = 5;
  c.hidden2 = 3;
  c.train_count = 200;
  c.binarization = Binarization::Threshold;
  c.pretrain = CdSettings{};  // persistent CD
  c.pretrain.batch_size = 20;
  c.pretrain.learning_rate = 0.1f;
  c.pretrain_epochs = 20;  // 10 updates an epoch
  c.joint.batch_size = 20;
  c.joint.learning_rate = 0.02f;
  c.joint.momentum_switch_epoch = 0;  // 0.5 throughout
  c.sweeps = 1;
  c.chains = 100;
  DbmTrainer t(c, data, data);
  CHECK(t.stage() == DbmStage::PretrainBottom);
  const TrainReport r = t.train(1000);  // a call stops at the layer's end
  CHECK(r.batches == 200);
  CHECK(t.stage() == DbmStage::PretrainTop);
  const ParamBuffer bottom = t.bottom().params();
  CHECK(t.train(1000).batches == 200);
  CHECK(t.bottom().params() == bottom);  // frozen
  REQUIRE(t.stage() == DbmStage::Joint);
  // Composition: W1, W2, b, c2 as pre-trained, c1 the mean of the two biases of h1.
  const Dbm& d = t.dbm();
  CHECK(Matrix(d.W1()) == Matrix(t.bottom().W()));
  CHECK(Matrix(d.W2()) == Matrix(t.top().W()));
  CHECK(Vector(d.b()) == Vector(t.bottom().b()));
  CHECK(Vector(d.c2()) == Vector(t.top().c()));
  CHECK((Vector(d.c1()) - 0.5f * (t.bottom().c() + t.top().b())).cwiseAbs().maxCoeff() < 1e-6f);
  const double composed = mean_exact_ll(d, data);
  const Matrix chains_before = t.chain_visibles();
  REQUIRE(t.train(1).batches == 1);
  const Matrix chains_after = t.chain_visibles();
  CHECK(chains_after.cols() == 100);
  // One sweep from the same chains: most units keep their states (the chains persist).
  CHECK((chains_after - chains_before).cwiseAbs().sum() < 0.5f * float(chains_after.size()));
  for (int i = 0; i < 30; ++i) REQUIRE_FALSE(t.train(100).diverged);
  const double trained = mean_exact_ll(d, data);
  // Measured: composed -3.49, after 3,000 joint updates -3.22 nats per digit.
  CHECK(trained > composed + 0.15);
  CHECK(trained > -6 * std::log(2.0) + 0.5);  // far above the uniform model's -4.16
  CHECK(trained <= best_mean_ll(data));        // and never above the data's own distribution
  // The bound on the (here training) digits lies below their exact log-likelihood.
  const double log_z = log_partition(d.composite(), ExactPrecision::Double);
  CHECK(t.test_bound(200, log_z) <= trained + 1e-6);
}
