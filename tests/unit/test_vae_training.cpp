// VaeTrainer on real MNIST: training raises the test ELBO (VAE) and lowers the loss
// (AE); the importance-weighted estimate sits above the ELBO and rises with k; the
// divergence guard; determinism and independent streams; the config's ranges.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>

#include "mnist_once.hpp"
#include "tiny_rbm.hpp"  // check_divergence_is_caught
#include "vae_trainer.hpp"

using namespace latent;

namespace {

// A small, fast configuration: 784-100-latent on 2,000 digits.
VaeConfig small_config(bool variational, int latent = 2) {
  VaeConfig c = variational ? vae_defaults() : ae_defaults();
  c.hidden = 100;
  c.latent = latent;
  c.train_count = 2000;
  return c;
}

bool same_bits(const ParamBuffer& a, const ParamBuffer& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

}  // namespace

TEST_CASE("MNIST: VAE training raises the test ELBO; the terms add up; the importance-weighted log p(x) is "
          "at least the ELBO and rises with k") {
  VaeTrainer t(small_config(true, 5), test::mnist("train"), test::mnist("t10k"));
  const VaeMetrics before = t.evaluate(500);
  CHECK(t.train(300).batches == 300);  // 15 epochs of 2,000 digits
  CHECK(t.epoch() == 15);
  const VaeMetrics after = t.evaluate(500);
  CAPTURE(before.elbo_test);
  CAPTURE(after.elbo_test);
  CHECK(after.elbo_test > before.elbo_test + 60);  // about -210 -> -145
  CHECK(after.elbo_train == doctest::Approx(after.recon_train - after.kl_train));
  CHECK(after.elbo_test == doctest::Approx(after.recon_test - after.kl_test));
  CHECK(after.kl_test > 1);  // the latent is used
  CHECK(std::isfinite(t.take_recent_elbo()));
  CHECK(std::isnan(t.take_recent_elbo()));  // taken

  // On this fixed model, digit by digit and on average over 10 test digits.
  const int digits = 10, ks[] = {1, 10, 100, 1000};
  double mean_iw[4] = {0, 0, 0, 0}, mean_elbo = 0;
  for (int i = 0; i < digits; ++i)
    for (int n = 0; n < 4; ++n) {
      double log_px = 0, elbo = 0;
      t.importance_weighted(i, ks[n], log_px, elbo);
      mean_iw[n] += log_px / digits;
      if (ks[n] == 1000) {
        CAPTURE(i);
        CHECK(log_px >= elbo - 0.05);  // Jensen; elbo estimated on the same 1,000 samples
        mean_elbo += elbo / digits;
      }
    }
  CAPTURE(mean_iw[0]);
  CAPTURE(mean_iw[3]);
  for (int n = 1; n < 4; ++n) CHECK(mean_iw[n] > mean_iw[n - 1]);
  CHECK(mean_iw[3] > mean_elbo + 0.5);  // about 1.3 nats here: the KL from q to the true posterior
  double again = 0, unused = 0;
  t.importance_weighted(3, 100, again, unused);
  double first = 0;
  t.importance_weighted(3, 100, first, unused);
  CHECK(again == first);  // deterministic
}

TEST_CASE("MNIST: autoencoder training lowers the test loss; its codes, decoder and reconstructions") {
  VaeTrainer t(small_config(false), test::mnist("train"), test::mnist("t10k"));
  const VaeMetrics before = t.evaluate(500);
  t.train(200);
  const VaeMetrics after = t.evaluate(500);
  CAPTURE(before.recon_test);
  CAPTURE(after.recon_test);
  CHECK(after.recon_test > before.recon_test + 25);  // the loss -recon falls: about 204 -> 166
  CHECK(after.kl_test == 0.0);
  CHECK(after.elbo_test == after.recon_test);
  double log_px = 0, elbo = 0;
  t.importance_weighted(0, 10, log_px, elbo);
  CHECK(std::isnan(log_px));  // VAE only

  Matrix means, log_vars, probs, v, recon;
  t.encode({0, 1, 2}, means, log_vars);
  CHECK(means.rows() == 2);
  CHECK(means.cols() == 3);
  CHECK(log_vars.size() == 0);
  t.decode(means, probs);
  CHECK(probs.rows() == 784);
  CHECK((probs.array() >= 0).all());
  CHECK((probs.array() <= 1).all());
  t.reconstruct({0, 1, 2}, v, recon);
  CHECK(((v.array() == 0) || (v.array() == 1)).all());  // the fixed stochastic binarisation
  CHECK((recon - probs).cwiseAbs().maxCoeff() == 0.0f);  // decoded at the codes
  t.decode(Matrix::Zero(3, 1), probs);  // codes of the wrong size
  CHECK(probs.size() == 0);
  CHECK(std::isnan(t.evaluate(0).elbo_test));
}

TEST_CASE("MNIST: an absurd learning rate diverges; the last good weights are kept and training resumes") {
  VaeConfig c = small_config(true);
  c.optimizer = OptimizerKind::Sgd;
  c.learning_rate = 1.0f;
  VaeTrainer t(c, test::mnist("train"), test::mnist("t10k"));
  ParamBuffer good;
  TrainReport r;
  for (int chunk = 0; chunk < 100 && !r.diverged; ++chunk) {
    good = t.params();
    r = t.train(5);
  }
  REQUIRE(r.diverged);
  CHECK(same_bits(t.params(), good));
  CHECK(all_finite(t.params().data(), t.params().size()));
  CHECK(r.message.find("NaN") != std::string::npos);
  CHECK(r.message.find("lower the learning rate") != std::string::npos);
  CHECK(std::isnan(t.take_recent_elbo()));  // the discarded updates do not count
  c.learning_rate = 0.01f;
  REQUIRE(t.apply_live(c).ok);
  CHECK(t.train(20).batches == 20);
  CHECK(std::isfinite(t.take_recent_elbo()));

  // Adam at 1 blows up too (checked like the RBMs'), but not from every start: its first
  // steps (about lr each) either overflow within the first few updates or the run
  // settles for good (seeds 1-5: one of the five settles; which one moves with any
  // change to the random stream). The guard is checked on the first of seeds 1-5 that
  // blows up within 100 updates.
  VaeConfig adam = small_config(true);
  adam.learning_rate = 1.0f;
  bool checked = false;
  for (uint64_t seed = 1; seed <= 5 && !checked; ++seed) {
    adam.seed = seed;
    VaeTrainer probe(adam, test::mnist("train"), test::mnist("t10k"));
    bool blows_up = false;
    for (int chunk = 0; chunk < 20 && !blows_up; ++chunk) blows_up = probe.train(5).diverged;
    if (!blows_up) continue;
    CAPTURE(seed);
    VaeTrainer a(adam, test::mnist("train"), test::mnist("t10k"));
    check_divergence_is_caught(a);
    checked = true;
  }
  CHECK(checked);
}

TEST_CASE("MNIST: the same seed gives bit-identical weights; evaluation is deterministic and leaves the "
          "training stream alone") {
  auto run = [](uint64_t seed, bool look) {
    VaeConfig c = small_config(true);
    c.hidden = 32;
    c.seed = seed;
    VaeTrainer t(c, test::mnist("train"), test::mnist("t10k"));
    t.train(10);
    if (look) {
      const VaeMetrics m1 = t.evaluate(100), m2 = t.evaluate(100);
      CHECK(m1.elbo_test == m2.elbo_test);
      CHECK(m1.elbo_train == m2.elbo_train);
      double log_px = 0, elbo = 0;
      t.importance_weighted(0, 50, log_px, elbo);
      Matrix means, log_vars, probs, v, recon;
      t.encode({0, 1}, means, log_vars);
      CHECK(log_vars.rows() == 2);
      t.decode(means, probs);
      t.reconstruct({0, 1}, v, recon);
    }
    t.train(10);
    return t.params();
  };
  const ParamBuffer a = run(7, false), b = run(7, false), looked = run(7, true), other = run(8, false);
  CHECK(same_bits(a, b));
  CHECK(same_bits(a, looked));
  CHECK_FALSE(same_bits(a, other));
}

TEST_CASE("VaeConfig: defaults, ranges with their messages, live changes and resets") {
  const VaeConfig v = vae_defaults(), ae = ae_defaults();
  CHECK(validate(v).empty());
  CHECK(validate(ae).empty());
  CHECK(v.variational);
  CHECK_FALSE(ae.variational);
  CHECK(v.latent == 2);
  CHECK(v.hidden == 200);
  CHECK(v.layers == 1);
  CHECK(v.activation == Activation::Relu);
  CHECK(v.optimizer == OptimizerKind::Adam);
  CHECK(v.learning_rate == 1e-3f);
  CHECK(v.batch_size == 100);
  CHECK(v.binarization == Binarization::Dynamic);
  CHECK(ae.latent == v.latent);
  CHECK(ae.hidden == v.hidden);

  // One absurd value at a time: refused, naming its field, with a message.
  using Change = void (*)(VaeConfig&);
  const std::pair<const char*, Change> absurd[] = {
      {"latent", [](VaeConfig& c) { c.latent = 0; }},
      {"latent", [](VaeConfig& c) { c.latent = 101; }},
      {"hidden", [](VaeConfig& c) { c.hidden = 0; }},
      {"hidden", [](VaeConfig& c) { c.hidden = 2001; }},
      {"layers", [](VaeConfig& c) { c.layers = 5; }},
      {"activation", [](VaeConfig& c) { c.activation = Activation::Identity; }},
      {"learning_rate", [](VaeConfig& c) { c.learning_rate = 0.0f; }},
      {"learning_rate", [](VaeConfig& c) { c.learning_rate = -1e-3f; }},
      {"learning_rate", [](VaeConfig& c) { c.learning_rate = 1.5f; }},
      {"learning_rate", [](VaeConfig& c) { c.learning_rate = std::nanf(""); }},
      {"momentum", [](VaeConfig& c) { c.momentum = 1.0f; }},
      {"batch_size", [](VaeConfig& c) { c.batch_size = 0; }},
      {"iw_samples", [](VaeConfig& c) { c.iw_samples = 5001; }},
      {"iw_digits", [](VaeConfig& c) { c.iw_digits = 0; }},
      {"train_count", [](VaeConfig& c) { c.train_count = 99; }},
  };
  for (const auto& item : absurd) {
    const std::string field = item.first;
    VaeConfig c = v;
    item.second(c);
    const auto errors = validate(c);
    CAPTURE(field);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].field == field);
    CHECK_FALSE(errors[0].message.empty());
  }
  VaeConfig zero = v;
  zero.latent = 0;
  CHECK(validate(zero)[0].message == "Latent size must be between 2 and 100 (2 can be drawn directly; 10 to 50 "
                                     "is usual for MNIST).");

  VaeConfig live = v;
  live.learning_rate = 3e-4f;
  live.optimizer = OptimizerKind::Sgd;
  live.momentum = 0.5f;
  live.batch_size = 20;
  live.iw_samples = 5000;
  live.iw_digits = 100;
  CHECK_FALSE(needs_reset(v, live));
  VaeConfig structural = v;
  structural.variational = false;
  CHECK(needs_reset(v, structural));
  structural = v;
  structural.latent = 10;
  CHECK(needs_reset(v, structural));
  structural = v;
  structural.seed = 2;
  CHECK(needs_reset(v, structural));

  VaeConfig small = small_config(true);
  VaeTrainer t(small, test::mnist("train"), test::mnist("t10k"));
  VaeConfig next = small;
  next.learning_rate = 2e-3f;
  next.batch_size = 50;
  CHECK(t.apply_live(next).ok);
  CHECK(t.config().learning_rate == 2e-3f);
  next.latent = 3;
  CHECK_FALSE(t.apply_live(next).ok);
  next = small;
  next.latent = 0;
  CHECK_FALSE(t.apply_live(next).ok);
  CHECK(t.latent() == 2);
}
