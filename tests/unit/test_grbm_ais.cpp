// GrbmAis (engine/grbm_ais.hpp): the base model alone is exact; on random GRBMs (unit
// and unequal variances) and on GRBMs trained on the plane's sets, AIS agrees with the
// exact log Z (grbm_exact.hpp, the sum over the 2^d mixture components) within its range.
#include <doctest/doctest.h>

#include <cmath>

#include "grbm_ais.hpp"
#include "grbm_exact.hpp"
#include "grbm_trainer.hpp"
#include "point_sets.hpp"

using namespace latent;

namespace {

Grbm random_grbm(int nv, int nh, uint64_t seed, float scale, bool variances) {
  Grbm g(nv, nh);
  Rng rng(seed);
  for (size_t i = 0; i < g.params().size(); ++i) g.params()[i] = scale * float(rng.normal());
  if (variances)
    for (int i = 0; i < nv; ++i) g.log_variances()[i] = 0.8f * float(rng.normal());
  return g;
}

AisEstimate run(const Grbm& g, const Vector& mean, const Vector& variance, int betas, uint64_t seed) {
  GrbmAis ais(g, mean, variance, AisSettings{betas, 100, seed});
  ais.advance(ais.steps());
  return ais.estimate();
}

}  // namespace

TEST_CASE("GRBM AIS: with no weights and the base's own Gaussians the estimate is exact") {
  Grbm g(5, 3);
  g.b() << 1, -2, 0.5f, 0, 3;
  g.log_variances() << 0, 0.5f, -0.3f, 1, 0;
  const AisEstimate e = run(g, g.b(), g.variances(), 200, 1);
  CHECK(e.log_z == doctest::Approx(grbm_log_partition(g)).epsilon(1e-6));
  CHECK(e.log_z == doctest::Approx(e.log_z_base).epsilon(1e-6));  // every weight is 1 (float rounding)
}

TEST_CASE("GRBM AIS: random GRBMs, unit and unequal variances, several seeds, within range of the exact log Z") {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    for (bool variances : {false, true}) {
      const Grbm g = random_grbm(12, 8, 40 + seed, 0.4f, variances);
      const double exact = grbm_log_partition(g);
      const AisEstimate e = run(g, Vector::Zero(12), Vector::Ones(12), 2000, seed);
      CAPTURE(seed);
      CAPTURE(variances);
      CHECK(std::abs(e.log_z - exact) < 0.1);
      CHECK(e.log_z_low <= exact);
      CHECK(e.log_z_high >= exact);
    }
  }
}

TEST_CASE("GRBM AIS: GRBMs trained on the plane's sets (d = 6, learned variances) agree with the exact log Z") {
  for (PointSet set : {PointSet::Grid, PointSet::Ring}) {
    GrbmConfig c = grbm_plane_defaults();
    c.dataset = set;
    c.hidden = 6;
    c.learn_variances = true;
    const Matrix data = make_point_set(set, c.points, c.seed);
    GrbmTrainer trainer(c, std::make_unique<PointData>(data), nullptr);
    REQUIRE_FALSE(trainer.train(2000).diverged);
    const Grbm& g = trainer.grbm();
    // The base: the data's means and variances.
    const Vector mean = data.rowwise().mean();
    const Vector variance = (data.colwise() - mean).array().square().rowwise().mean();
    const double exact = grbm_log_partition(g);
    const AisEstimate e = run(g, mean, variance, 2000, 7);
    CAPTURE(std::string(point_set_name(set)));
    MESSAGE("GRBM AIS on ", std::string(point_set_name(set)), ": ", e.log_z, " (", e.log_z_low, " to ", e.log_z_high, "), exact ",
            exact);
    CHECK(std::abs(e.log_z - exact) < 0.1);
    CHECK(e.log_z_low <= exact);
    CHECK(e.log_z_high >= exact);
  }
}
