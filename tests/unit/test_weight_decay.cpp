// Weight decay in every trainer that applies it (RBM, GRBM with and without its
// per-visible step, each DBN layer, both DBM pre-training layers and the joint stage):
// two runs from the same state and the same draws, one with decay lambda and one
// without, differ after one update (momentum 0) by exactly the decay's term of the
// documented rule (cd.hpp, dbm_trainer.hpp):
//   vel = lr (grad - lambda W)   =>   W_lambda - W_0 = -lr lambda W   (per-visible step s: -lr lambda s_i W_i.)
// and the biases not at all.
#include <doctest/doctest.h>

#include <cmath>
#include <memory>

#include "dbm_trainer.hpp"
#include "dbn_trainer.hpp"
#include "grbm_trainer.hpp"
#include "rbm_trainer.hpp"
#include "real_data.hpp"
#include "tiny_rbm.hpp"

using namespace latent;

namespace {

constexpr float kRate = 0.1f, kDecay = 0.2f;

// W_decayed - W_plain against -lr lambda (step .) W_before, to float rounding; the
// term itself is checked to be far above that rounding.
void check_decay_term(const Matrix& before, const Matrix& decayed, const Matrix& plain, float lr,
                      const Vector* step = nullptr) {
  Eigen::MatrixXd expected = -double(lr) * double(kDecay) * before.cast<double>();
  if (step) expected = step->cast<double>().asDiagonal() * expected;
  const Eigen::MatrixXd diff = decayed.cast<double>() - plain.cast<double>();
  CHECK(expected.cwiseAbs().maxCoeff() > 1e-2);
  CHECK((diff - expected).cwiseAbs().maxCoeff() < 1e-6);
}

void check_biases_equal(const RbmParams& decayed, const RbmParams& plain) {
  CHECK(Vector(decayed.b()) == Vector(plain.b()));
  CHECK(Vector(decayed.c()) == Vector(plain.c()));
}

// 200 one-row "images" of 6 pixels: four states, 50 copies each.
Dataset six_pixels() {
  std::vector<int> copies(64, 0);
  for (int s : {7, 56, 42, 21}) copies[size_t(s)] = 50;
  return state_dataset(6, copies);
}

template <class Settings>
void plain_sgd(Settings& s, float decay) {
  s.learning_rate = kRate;
  s.momentum = 0.0f;
  s.final_momentum = 0.0f;
  s.weight_decay = decay;
  s.batch_size = 20;
}

}  // namespace

TEST_CASE("weight decay: RBM trainer (CD-1 and PCD), W -= lr lambda W on top of the same update") {
  const Dataset data = six_pixels();
  for (bool persistent : {false, true}) {
    CAPTURE(persistent);
    RbmConfig c;
    c.hidden = 4;
    c.init_std = 1.0f;
    c.train_count = data.count();
    c.binarization = Binarization::Threshold;
    c.persistent = persistent;
    plain_sgd(c, 0.0f);
    RbmTrainer plain(c, data, data);
    c.weight_decay = kDecay;
    RbmTrainer decayed(c, data, data);
    REQUIRE(decayed.rbm().params() == plain.rbm().params());
    const Matrix before = decayed.rbm().W();
    REQUIRE(plain.train(1).batches == 1);
    REQUIRE(decayed.train(1).batches == 1);
    check_decay_term(before, decayed.rbm().W(), plain.rbm().W(), kRate);
    check_biases_equal(decayed.rbm(), plain.rbm());
  }
}

TEST_CASE("weight decay: GRBM trainer, with unit variances and with narrow visibles' step") {
  Rng rng(3);
  Matrix points(3, 60);
  for (Eigen::Index k = 0; k < points.size(); ++k) points.data()[k] = rng.normal();
  for (bool narrow : {false, true}) {
    CAPTURE(narrow);
    GrbmConfig c = grbm_plane_defaults();
    c.dataset = PointSet::Custom;
    c.hidden = 4;
    c.init_std = 1.0f;
    plain_sgd(c, 0.0f);
    GrbmTrainer plain(c, std::make_unique<PointData>(points), nullptr);
    c.weight_decay = kDecay;
    GrbmTrainer decayed(c, std::make_unique<PointData>(points), nullptr);
    // Narrow: visible 1 at sigma = 0.1 takes the step it would at 0.2, s_1 = 0.1^2 / 0.2^2
    // (grbm_trainer.hpp); the others keep step 1.
    Vector step = Vector::Ones(3);
    if (narrow) {
      for (GrbmTrainer* t : {&plain, &decayed}) t->grbm().log_variances()[1] = float(std::log(0.01));
      step[1] = float(0.01 / 0.04);
    }
    REQUIRE(decayed.grbm().params() == plain.grbm().params());
    const Matrix before = decayed.grbm().W();
    REQUIRE(plain.train(1).batches == 1);
    REQUIRE(decayed.train(1).batches == 1);
    check_decay_term(before, decayed.grbm().W(), plain.grbm().W(), kRate, &step);
    check_biases_equal(decayed.grbm(), plain.grbm());
  }
}

TEST_CASE("weight decay: every DBN layer (decay switched on live for the layer checked)") {
  const Dataset data = six_pixels();
  DbnConfig c;
  c.layers = {5, 4};
  c.epochs_per_layer = 1;  // 10 updates a layer
  c.rbm.train_count = data.count();
  c.rbm.init_std = 1.0f;
  c.rbm.binarization = Binarization::Threshold;
  plain_sgd(c.rbm, 0.0f);
  REQUIRE(validate(c).empty());
  DbnTrainer plain(c, data, data), decayed(c, data, data);
  for (int layer : {0, 1}) {
    CAPTURE(layer);
    while (plain.current_layer() < layer) {
      REQUIRE(plain.train(100).batches > 0);
      REQUIRE(decayed.train(100).batches > 0);
    }
    DbnConfig d = c;
    d.rbm.weight_decay = kDecay;
    REQUIRE(decayed.apply_live(d).ok);
    REQUIRE(decayed.dbn().layer(layer).params() == plain.dbn().layer(layer).params());
    const Matrix before = decayed.dbn().layer(layer).W();
    REQUIRE(plain.train(1).batches == 1);
    REQUIRE(decayed.train(1).batches == 1);
    check_decay_term(before, decayed.dbn().layer(layer).W(), plain.dbn().layer(layer).W(), kRate);
    check_biases_equal(decayed.dbn().layer(layer), plain.dbn().layer(layer));
    // The rest of the layer without decay, the two runs back in step.
    REQUIRE(decayed.apply_live(c).ok);
    plain.dbn().layer(layer).params() = decayed.dbn().layer(layer).params();
    while (plain.current_layer() == layer) {
      REQUIRE(plain.train(100).batches > 0);
      REQUIRE(decayed.train(100).batches > 0);
    }
  }
}

TEST_CASE("weight decay: DBM pre-training layers and joint stage (W1 and W2; no decay on biases)") {
  const Dataset data = six_pixels();
  DbmConfig c;
  c.hidden1 = 5;
  c.hidden2 = 3;
  c.init_std = 1.0f;
  c.train_count = data.count();
  c.binarization = Binarization::Threshold;
  c.pretrain_epochs = 1;  // 10 updates a layer
  c.chains = 20;
  c.sweeps = 1;
  plain_sgd(c.pretrain, 0.0f);
  plain_sgd(c.joint, 0.0f);
  REQUIRE(validate(c).empty());
  DbmTrainer plain(c, data, data), decayed(c, data, data);
  DbmConfig d = c;
  d.pretrain.weight_decay = d.joint.weight_decay = kDecay;
  for (DbmStage stage : {DbmStage::PretrainBottom, DbmStage::PretrainTop, DbmStage::Joint}) {
    CAPTURE(int(stage));
    REQUIRE(plain.stage() == stage);
    REQUIRE(decayed.stage() == stage);
    REQUIRE(decayed.apply_live(d).ok);
    if (stage == DbmStage::Joint) {
      REQUIRE(decayed.dbm().params() == plain.dbm().params());
      const Dbm before = decayed.dbm();
      REQUIRE(plain.train(1).batches == 1);
      REQUIRE(decayed.train(1).batches == 1);
      check_decay_term(before.W1(), decayed.dbm().W1(), plain.dbm().W1(), kRate);
      check_decay_term(before.W2(), decayed.dbm().W2(), plain.dbm().W2(), kRate);
      CHECK(Vector(decayed.dbm().b()) == Vector(plain.dbm().b()));
      CHECK(Vector(decayed.dbm().c1()) == Vector(plain.dbm().c1()));
      CHECK(Vector(decayed.dbm().c2()) == Vector(plain.dbm().c2()));
      break;
    }
    const bool bottom = stage == DbmStage::PretrainBottom;
    auto layer = [bottom](DbmTrainer& t) -> Rbm& { return bottom ? t.bottom() : t.top(); };
    REQUIRE(layer(decayed).params() == layer(plain).params());
    const Matrix before = layer(decayed).W();
    REQUIRE(plain.train(1).batches == 1);
    REQUIRE(decayed.train(1).batches == 1);
    check_decay_term(before, layer(decayed).W(), layer(plain).W(), kRate);
    check_biases_equal(layer(decayed), layer(plain));
    // The rest of the layer without decay, the two runs back in step.
    REQUIRE(decayed.apply_live(c).ok);
    layer(plain).params() = layer(decayed).params();
    REQUIRE(plain.train(100).batches == 9);
    REQUIRE(decayed.train(100).batches == 9);
  }
}
