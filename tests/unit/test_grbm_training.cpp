// GrbmTrainer: training on planted mixtures (unit and learned variances), the plane's
// data sets, d = 0, degenerate data, divergence, settings, determinism, and MNIST.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>

#include "grbm_exact.hpp"
#include "grbm_trainer.hpp"
#include "mnist_once.hpp"
#include "point_sets.hpp"
#include "tiny_rbm.hpp"

using namespace latent;

namespace {

// n points from the mixture of `planted` (component k drawn uniformly: planted
// models here have equal weights), noise sd sigma_i per coordinate.
Matrix sample_planted(const Grbm& planted, int n, uint64_t seed) {
  const GaussianMixture m = grbm_mixture(planted);
  Rng rng(seed);
  Matrix data(planted.visible(), n);
  for (int j = 0; j < n; ++j) {
    const int k = int(rng.below(uint32_t(m.means.cols())));
    for (int i = 0; i < planted.visible(); ++i)
      data(i, j) = float(m.means(i, k) + std::sqrt(m.variances[i]) * rng.normal());
  }
  return data;
}

GrbmConfig plane_config(int hidden, bool learn_variances) {
  GrbmConfig c = grbm_plane_defaults();
  c.dataset = PointSet::Custom;
  c.hidden = hidden;
  c.learn_variances = learn_variances;
  c.batch_size = 50;
  return c;
}

std::unique_ptr<RealData> points(const Matrix& p) { return std::make_unique<PointData>(p); }

// For every planted component: the distance to the nearest learned mean and that component's weight.
struct Match {
  double distance, weight;
};
std::vector<Match> match_components(const GaussianMixture& truth, const GaussianMixture& learned) {
  std::vector<Match> out;
  for (Eigen::Index k = 0; k < truth.means.cols(); ++k) {
    Match best{1e9, 0};
    for (Eigen::Index l = 0; l < learned.means.cols(); ++l) {
      const double d = (learned.means.col(l) - truth.means.col(k)).norm();
      if (d < best.distance) best = {d, learned.weights()[l]};
    }
    out.push_back(best);
  }
  return out;
}

}  // namespace

TEST_CASE("GRBM trainer with learned variances recovers a planted mixture of sd 0.5 (d = 2)") {
  // b = 0, W = 2 I, Sigma = 0.25 I, c = -8: s_h = c^T h + 1/2 |W h|^2 / 0.25 = 0 for
  // every h, so the four components (0,0), (2,0), (0,2), (2,2) weigh 1/4 each.
  Grbm planted(2, 2);
  planted.W() << 2, 0, 0, 2;
  planted.c() << -8, -8;
  planted.log_variances().setConstant(std::log(0.25f));
  const GaussianMixture truth = grbm_mixture(planted);
  REQUIRE((truth.weights().array() - 0.25).abs().maxCoeff() < 1e-6);
  const Matrix data = sample_planted(planted, 4000, 21);

  GrbmConfig c = plane_config(2, true);
  GrbmTrainer trainer(c, points(data), nullptr);
  const double before = trainer.evaluate(0, 16).exact_log_likelihood_train;
  for (float lr : {0.05f, 0.01f, 0.002f}) {  // CD's noise settles as the rate falls
    c.learning_rate = lr;
    REQUIRE(trainer.apply_live(c).ok);
    trainer.train(lr > 0.003f ? 10000 : 4000);
  }
  const GrbmMetrics m = trainer.evaluate(0, 16);
  const double best = grbm_exact_log_likelihood(planted, data);
  CAPTURE(before);
  CAPTURE(m.exact_log_likelihood_train);
  CAPTURE(best);
  CHECK(m.components == 4);
  // Seen over data seeds 21-26: 0.005-0.011 nats below the planted model; means
  // within 0.053; smallest weight 0.206-0.224; variances 0.264-0.290 (CD settles a little wide).
  CHECK(m.exact_log_likelihood_train > best - 0.03);
  const GaussianMixture learned = grbm_mixture(trainer.grbm());
  for (int i = 0; i < 2; ++i) {
    CHECK(learned.variances[i] > 0.22);
    CHECK(learned.variances[i] < 0.32);
  }
  for (const Match& k : match_components(truth, learned)) {
    CHECK(k.distance < 0.1);
    CHECK(k.weight > 0.15);
  }
}

TEST_CASE("GRBM trainer on the grid set with d = 2 (the plane's defaults) finds its 4 components") {
  // With the default seed 4 components from update 200 on; seeds 4-6 take 1,000-2,000.
  const GrbmConfig c = grbm_plane_defaults();
  REQUIRE(validate(c).empty());
  GrbmTrainer trainer(c, points(make_point_set(c.dataset, c.points, c.seed)), nullptr);
  const GrbmMetrics before = trainer.evaluate(0, 16);
  trainer.train(3000);
  const GrbmMetrics after = trainer.evaluate(0, 16);
  CAPTURE(before.exact_log_likelihood_train);
  CAPTURE(after.exact_log_likelihood_train);
  CHECK(after.exact_log_likelihood_train > -4.6);  // seen -11.9 -> -4.3; the best 4-Gaussian fit is about -4.2
  CHECK(after.components == 4);
  CHECK(std::isnan(after.exact_log_likelihood_test));
  // Every grid centre has a learned component within 0.5.
  Grbm grid(2, 2);
  grid.W() << 6, 0, 0, 6;
  grid.b() << -3, -3;
  for (const Match& k : match_components(grbm_mixture(grid), grbm_mixture(trainer.grbm()))) CHECK(k.distance < 0.5);
  trainer.advance_fantasy(5);
  CHECK(trainer.fantasy().cols() == c.fantasy_chains);
  CHECK(trainer.fantasy().cwiseAbs().maxCoeff() < 12);
}

TEST_CASE("GRBM trainer: every named set trains with d = 0..6, with and without learned variances") {
  for (PointSet set : {PointSet::TwoBlobs, PointSet::Ring, PointSet::Spiral, PointSet::Moons}) {
    for (int hidden : {0, 3, 6}) {
      for (bool variances : {false, true}) {
        CAPTURE(std::string(point_set_name(set)));
        CAPTURE(hidden);
        CAPTURE(variances);
        GrbmConfig c = grbm_plane_defaults();
        c.dataset = set;
        c.hidden = hidden;
        c.learn_variances = variances;
        GrbmTrainer trainer(c, points(make_point_set(set, 300, 2)), nullptr);
        const double before = trainer.evaluate(0, 16).exact_log_likelihood_train;
        const TrainReport r = trainer.train(1500);
        const GrbmMetrics after = trainer.evaluate(0, 16);
        CHECK_FALSE(r.diverged);
        if (hidden == 0 && !variances)  // b starts at the data's mean, the optimum: only noise is left
          CHECK(after.exact_log_likelihood_train > before - 0.05);
        else
          CHECK(after.exact_log_likelihood_train > before);
        CHECK(after.components >= 1);
        CHECK(after.components <= 1 << hidden);
      }
    }
  }
}

TEST_CASE("GRBM trainer with d = 0 fits the single Gaussian: b the data's mean, sigma^2 its variance") {
  Rng rng(5);
  Matrix data(2, 2000);
  for (int j = 0; j < 2000; ++j) data.col(j) << 1.0f + 2.0f * rng.normal(), -2.0f + 0.5f * rng.normal();
  const Eigen::VectorXd mean = data.cast<double>().rowwise().mean();
  const Eigen::VectorXd var = (data.cast<double>().colwise() - mean).cwiseAbs2().rowwise().mean();
  GrbmConfig c = plane_config(0, true);
  c.learning_rate = 0.02f;
  GrbmTrainer trainer(c, points(data), nullptr);
  trainer.train(20000);
  const Grbm& g = trainer.grbm();
  CHECK(g.W().size() == 0);
  CHECK(g.b()[0] == doctest::Approx(mean[0]).epsilon(0.05).scale(1.0));
  CHECK(g.b()[1] == doctest::Approx(mean[1]).epsilon(0.05).scale(1.0));
  CHECK(g.variances()[0] == doctest::Approx(var[0]).epsilon(0.1));  // seen within 1%
  CHECK(g.variances()[1] == doctest::Approx(var[1]).epsilon(0.1));
  const GrbmMetrics m = trainer.evaluate(0, 0);
  CHECK(m.components == 1);
  // The best single Gaussian's mean log-likelihood: -log(2 pi) - 1/2 log(var0 var1) - 1.
  const double best = -std::log(2 * M_PI) - 0.5 * std::log(var[0] * var[1]) - 1.0;
  CHECK(m.exact_log_likelihood_train == doctest::Approx(best).epsilon(0.01));
  // Without variances only b learns, and the model stays N(b, I).
  GrbmTrainer unit(plane_config(0, false), points(data), nullptr);
  unit.train(2000);
  CHECK(unit.grbm().unit_variances());
  CHECK(unit.grbm().b()[0] == doctest::Approx(mean[0]).epsilon(0.1).scale(1.0));
}

TEST_CASE("GRBM trainer on degenerate points (one point, identical points, points near +-100) never goes NaN") {
  Rng rng(8);
  Matrix far(2, 200);
  for (int j = 0; j < 200; ++j) {
    const float side = j % 2 ? 1.0f : -1.0f;
    far.col(j) << std::clamp(side * 97.0f + rng.normal(), -100.0f, 100.0f),
        std::clamp(-side * 97.0f + rng.normal(), -100.0f, 100.0f);
  }
  const Matrix one = (Matrix(2, 1) << 3.0f, -4.0f).finished();
  const Matrix same = Matrix(one.replicate(1, 300));
  const std::pair<const char*, const Matrix*> sets[] = {{"one point", &one}, {"identical", &same}, {"far", &far}};
  for (const auto& set : sets) {
    const std::string name = set.first;
    const Matrix* data = set.second;
    for (int hidden : {0, 2, 6}) {
      for (bool variances : {false, true}) {
        CAPTURE(name);
        CAPTURE(hidden);
        CAPTURE(variances);
        REQUIRE(check_points(*data).ok);
        GrbmTrainer trainer(plane_config(hidden, variances), points(*data), nullptr);
        int diverged = 0;
        for (int chunk = 0; chunk < 10; ++chunk) diverged += trainer.train(50).diverged;
        CHECK(diverged == 0);
        const Grbm& g = trainer.grbm();
        CHECK(all_finite(g.params().data(), g.param_count()));
        CHECK(all_finite(g.log_variances().data(), size_t(g.visible())));
        const GrbmMetrics m = trainer.evaluate(0, 16);
        CHECK(std::isfinite(m.exact_log_likelihood_train));
        CHECK(std::isfinite(m.free_energy_train));
        CHECK(m.components >= 1);
        trainer.advance_fantasy(3);
        CHECK(all_finite(trainer.fantasy().data(), size_t(trainer.fantasy().size())));
      }
    }
  }
}
TEST_CASE("GRBM trainer with learned variances shrinks onto identical points: sigma at its floor, b on the point") {
  const Matrix same = Matrix((Matrix(2, 1) << 3.0f, -4.0f).finished().replicate(1, 300));
  for (int hidden : {0, 2}) {
    CAPTURE(hidden);
    GrbmTrainer trainer(plane_config(hidden, true), points(same), nullptr);
    int diverged = 0;
    for (int chunk = 0; chunk < 40; ++chunk) diverged += trainer.train(250).diverged;
    CHECK(diverged == 0);
    const Grbm& g = trainer.grbm();
    // sigma halves every ~1,000 updates and reaches its floor 0.01 by update ~7,000.
    CHECK(g.log_variances().maxCoeff() == doctest::Approx(kMinLogVariance));
    CHECK((g.b() - same.col(0)).norm() < 0.02);
    // The density is a spike of sd 0.01 on the point: log N(x; x, 1e-4 I) = -log(2 pi) + log(1e4) = 7.37.
    const double spike = -std::log(2 * M_PI) - 2 * std::log(0.01);
    CHECK(trainer.evaluate(0, 16).exact_log_likelihood_train == doctest::Approx(spike).epsilon(0.02));
  }
}
TEST_CASE("GRBM trainer: a diverging run pauses with a message and keeps the last good parameters") {
  GrbmConfig c = plane_config(2, true);
  c.learning_rate = 10.0f;
  c.weight_decay = 0.5f;  // W <- (1 - lr * wd) W = -4 W each update: overflows
  REQUIRE(validate(c).empty());
  GrbmTrainer trainer(c, points(make_point_set(PointSet::Grid, 200, 1)), nullptr);
  check_divergence_is_caught(trainer);
  const Grbm& g = trainer.grbm();
  CHECK(all_within(g.params().data(), g.param_count(), kDivergedWeight));
  CHECK(all_finite(g.log_variances().data(), 2));
  c.learning_rate = 0.05f;
  c.weight_decay = 0.0f;
  REQUIRE(trainer.apply_live(c).ok);
  CHECK_FALSE(trainer.train(200).diverged);
  CHECK(std::isfinite(trainer.evaluate(0, 16).exact_log_likelihood_train));
}

TEST_CASE("GRBM config: defaults, ranges with clear messages, and which changes need a reset") {
  const GrbmConfig plane = grbm_plane_defaults(), mnist = grbm_mnist_defaults();
  CHECK(validate(plane).empty());
  CHECK(validate(mnist).empty());
  CHECK(is_plane(plane));
  CHECK_FALSE(is_plane(mnist));
  CHECK(plane.dataset == PointSet::Grid);
  CHECK(plane.hidden == 2);
  CHECK(mnist.fantasy_chains == 16);

  auto fields = [](const GrbmConfig& c) {
    std::string out;
    for (const FieldError& e : validate(c)) out += e.field + " ";
    return out;
  };
  GrbmConfig c = plane;
  c.hidden = 0;
  CHECK(validate(c).empty());  // d = 0: one Gaussian
  c.hidden = 17;
  REQUIRE(validate(c).size() == 1);
  CHECK(validate(c)[0].message.find("between 0 and 16") != std::string::npos);
  c = mnist;
  c.hidden = 0;
  CHECK(fields(c) == "hidden ");
  c.hidden = 2000;
  CHECK(validate(c).empty());
  c = plane;
  c.points = 0;
  c.learning_rate = std::nanf("");
  c.fantasy_chains = 2001;
  CHECK(fields(c) == "points learning_rate fantasy_chains ");
  c = plane;
  c.dataset = PointSet::Custom;
  c.points = 0;  // custom points come from the student, not from this count
  CHECK(validate(c).empty());
  c.dataset = static_cast<PointSet>(42);
  CHECK(fields(c) == "dataset ");
  c = mnist;
  c.train_count = 50;
  c.fantasy_chains = 101;
  CHECK(fields(c) == "train_count fantasy_chains ");

  GrbmConfig d = plane;
  d.learning_rate = 0.2f;
  d.cd_k = 3;
  d.persistent = true;
  d.fantasy_chains = 50;
  CHECK_FALSE(needs_reset(plane, d));
  for (auto change : std::vector<void (*)(GrbmConfig&)>{
           [](GrbmConfig& x) { x.hidden = 3; }, [](GrbmConfig& x) { x.learn_variances = true; },
           [](GrbmConfig& x) { x.seed = 9; }, [](GrbmConfig& x) { x.dataset = PointSet::Ring; },
           [](GrbmConfig& x) { x.points = 100; }, [](GrbmConfig& x) { x.dataset = PointSet::Mnist; }}) {
    d = plane;
    change(d);
    CHECK(needs_reset(plane, d));
  }
  d = plane;
  d.dataset = PointSet::Custom;  // the current points, as the student edits them
  d.points = 7;
  CHECK_FALSE(needs_reset(plane, d));
  d = mnist;
  d.train_count = 1000;
  CHECK(needs_reset(mnist, d));

  for (PointSet set : {PointSet::Custom, PointSet::Mnist}) {
    PointSet back;
    REQUIRE(point_set_from_name(point_set_name(set), back));
    CHECK(back == set);
  }
}

TEST_CASE("GRBM trainer: live settings, replaced points and the epoch") {
  GrbmConfig c = plane_config(2, false);
  c.batch_size = 20;
  GrbmTrainer trainer(c, points(make_point_set(PointSet::Grid, 100, 1)), nullptr);
  trainer.train(12);  // 5 batches an epoch
  CHECK(trainer.epoch() == 2);
  CHECK(trainer.epoch_fraction() == doctest::Approx(0.4));
  CHECK(trainer.take_recent_recon_error() > 0);
  CHECK(std::isnan(trainer.take_recent_recon_error()));
  GrbmConfig bigger = c;
  bigger.hidden = 3;
  CHECK_FALSE(trainer.apply_live(bigger).ok);
  GrbmConfig live = c;
  live.fantasy_chains = 30;
  live.cd_k = 2;
  REQUIRE(trainer.apply_live(live).ok);
  CHECK(trainer.fantasy().cols() == 30);
  live.learning_rate = -1;
  CHECK_FALSE(trainer.apply_live(live).ok);

  // New points: the model and the update count stay, the epoch restarts.
  const ParamBuffer kept = trainer.grbm().params();
  const long long updates = trainer.updates();
  CHECK_FALSE(trainer.replace_train_data(points(Matrix::Zero(3, 5))).ok);
  CHECK_FALSE(trainer.replace_train_data(points(Matrix(2, 0))).ok);
  REQUIRE(trainer.replace_train_data(points((Matrix(2, 3) << 1, 2, 3, 4, 5, 6).finished())).ok);
  CHECK(trainer.train_data().count() == 3);
  CHECK(trainer.grbm().params() == kept);
  CHECK(trainer.updates() == updates);
  CHECK(trainer.epoch_fraction() == 0.0);
  trainer.train(10);  // batches of min(20, 3) points; the PCD chains and fantasy keep working
  CHECK(all_finite(trainer.grbm().params().data(), trainer.grbm().param_count()));
  CHECK(trainer.positive_stats().rows() == 2);
  CHECK(trainer.positive_stats().cols() == 2);
  Matrix v, recon;
  trainer.reconstruct(trainer.train_data(), {0, 2}, v, recon);
  CHECK(v.cols() == 2);
  CHECK(recon.cols() == 2);
}

namespace {

using test::mnist;

GrbmTrainer mnist_trainer(GrbmConfig c) {
  auto s = PixelStandardization::from_images(mnist("train").images, c.train_count);
  auto train = std::make_unique<StandardizedImages>(mnist("train").images, c.train_count, s);
  auto test = std::make_unique<StandardizedImages>(mnist("t10k").images, 1000, std::move(s));
  return GrbmTrainer(c, std::move(train), std::move(test));
}

}  // namespace

TEST_CASE("GRBM on standardised MNIST: the same seed gives bit-identical parameters; looking does not disturb") {
  GrbmConfig c = grbm_mnist_defaults();
  c.hidden = 24;
  c.train_count = 1000;
  c.learn_variances = true;
  auto run = [&](uint64_t seed, bool look) {
    GrbmConfig s = c;
    s.seed = seed;
    GrbmTrainer t = mnist_trainer(s);
    t.train(15);
    if (look) {
      t.evaluate(50, 12);
      t.advance_fantasy(2);
      Matrix v, recon;
      t.reconstruct(*t.test_data(), {0, 1, 2}, v, recon);
    }
    t.train(15);
    ParamBuffer out = t.grbm().params();
    out.insert(out.end(), t.grbm().log_variances().data(), t.grbm().log_variances().data() + 784);
    return out;
  };
  const auto a = run(7, false), b = run(7, false), looked = run(7, true), other = run(8, false);
  REQUIRE(a.size() == b.size());
  CHECK(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
  CHECK(std::memcmp(a.data(), looked.data(), a.size() * sizeof(float)) == 0);
  CHECK(a != other);
}

TEST_CASE("GRBM on standardised MNIST: training lowers the reconstruction error; free energies and exact log-likelihood") {
  GrbmConfig c = grbm_mnist_defaults();
  c.hidden = 10;
  c.train_count = 2000;
  GrbmTrainer trainer = mnist_trainer(c);
  trainer.train(1);
  const double early = trainer.take_recent_recon_error();
  const GrbmMetrics before = trainer.evaluate(200, 12);
  trainer.train(400);
  const double late = trainer.take_recent_recon_error();
  const GrbmMetrics after = trainer.evaluate(200, 12);
  CAPTURE(early);
  CAPTURE(late);
  CHECK(late < 0.93 * early);  // seen 488 -> 429: ten hidden units explain only so much of 784 pixels
  CHECK(after.free_energy_train < before.free_energy_train);
  REQUIRE(std::isfinite(after.exact_log_likelihood_train));
  REQUIRE(std::isfinite(after.exact_log_likelihood_test));
  CHECK(after.exact_log_likelihood_train > before.exact_log_likelihood_train);
  // log p(v) = -F(v) - log Z with one log Z for both sets.
  CHECK(after.exact_log_likelihood_train - after.exact_log_likelihood_test ==
        doctest::Approx(after.free_energy_test - after.free_energy_train).epsilon(1e-6));
  const GrbmMetrics given = trainer.evaluate(200, 0, grbm_log_partition(trainer.grbm()));
  CHECK(given.exact_log_likelihood_train == doctest::Approx(after.exact_log_likelihood_train).epsilon(1e-9));
  CHECK(given.components == -1);  // no enumeration was asked for
  CHECK(after.components >= 1);
  const GrbmMetrics big = trainer.evaluate(200, 4);  // hidden above the exact limit, no log Z
  CHECK(std::isnan(big.exact_log_likelihood_train));
  trainer.advance_fantasy(3);
  CHECK(trainer.fantasy_means().rows() == 784);
  CHECK(trainer.fantasy_means().cols() == 16);
}
