// GrbmConfig (grbm_config.hpp): the data set names, the defaults of the two GRBM
// labs, the accepted ranges and which changes need a new model.
#include "grbm_config.hpp"

#include <cmath>

#include "grbm_exact.hpp"   // kMaxMixtureHidden
#include "point_sets.hpp"   // kMaxPoints

namespace latent {
namespace {

// Indexed by PointSet.
constexpr const char* kSetNames[] = {"two_blobs", "ring", "grid", "spiral", "moons", "custom", "mnist"};
constexpr int kSetCount = int(sizeof kSetNames / sizeof kSetNames[0]);
static_assert(int(PointSet::Mnist) == kSetCount - 1, "kSetNames follows PointSet");

bool known(PointSet set) { return int(set) >= 0 && int(set) < kSetCount; }

void check(std::vector<FieldError>& errors, bool ok, const char* field, const std::string& message) {
  if (!ok) errors.push_back({field, message});
}

bool finite_in(float x, float lo, float hi) { return std::isfinite(x) && x >= lo && x <= hi; }

}  // namespace

const char* point_set_name(PointSet set) { return known(set) ? kSetNames[int(set)] : "unknown"; }

bool point_set_from_name(const std::string& name, PointSet& out) {
  for (int k = 0; k < kSetCount; ++k) {
    if (name == kSetNames[k]) {
      out = PointSet(k);
      return true;
    }
  }
  return false;
}

bool is_plane(const GrbmConfig& c) { return c.dataset != PointSet::Mnist; }

GrbmConfig grbm_plane_defaults() { return GrbmConfig{}; }

GrbmConfig grbm_mnist_defaults() {
  // Chosen by a native experiment (10-40 s runs, the pictures looked at): after
  // ~12 s natively (~6,500 updates, about a minute in wasm) the filters are pen
  // strokes and parts of digits, reconstructions read as the digits and the
  // fantasies are stroke-built digit shapes. Faster settings (lr 0.01-0.02,
  // momentum 0.9) trade the strokes for single-pixel filters; CD-1 reconstructs
  // a little better but its fantasies are blobs and it drifts to single-pixel
  // filters sooner; batch 20 PCD collapsed its fantasies onto one digit.
  GrbmConfig c = grbm_plane_defaults();  // with these changes:
  c.dataset = PointSet::Mnist;
  c.hidden = 200;
  c.init_std = 0.01f;      // 784 inputs: small weights keep the hidden units off saturation
  c.persistent = true;     // PCD-1
  c.learning_rate = 0.005f;
  c.weight_decay = 1e-4f;
  c.batch_size = 50;       // 50 persistent chains
  c.fantasy_chains = 16;   // cd_k 1, momentum 0.5: as on the plane
  c.updates_per_second = 0;  // ~300-500 updates/s in the browser anyway
  return c;
}

std::vector<FieldError> validate(const GrbmConfig& c) {
  std::vector<FieldError> e;
  const bool plane = is_plane(c);
  check(e, known(c.dataset), "dataset",
        "Data set must be one of two_blobs, ring, grid, spiral, moons, custom (the plane) or mnist.");
  if (plane)
    check(e, c.hidden >= 0 && c.hidden <= kMaxMixtureHidden, "hidden",
          "Hidden units on the plane must be between 0 and " + std::to_string(kMaxMixtureHidden) +
              " (d = 0 is one Gaussian; each unit doubles the mixture's components).");
  else
    check(e, c.hidden >= 1 && c.hidden <= 2000, "hidden", "Hidden units must be between 1 and 2000.");
  check(e, finite_in(c.init_std, 0.0f, 1.0f), "init_std",
        "Initial weight spread must be between 0 and 1 (0.1 is usual on the plane, 0.01 on MNIST).");
  if (plane && known(c.dataset) && c.dataset != PointSet::Custom)
    check(e, c.points >= 1 && c.points <= kMaxPoints, "points",
          "Points must be between 1 and " + std::to_string(kMaxPoints) + ".");
  if (!plane)
    check(e, c.train_count >= 100 && c.train_count <= 60000, "train_count",
          "Training digits must be between 100 and 60000.");
  check(e, c.cd_k >= 1 && c.cd_k <= 1000, "cd_k", "Gibbs steps k must be between 1 and 1000.");
  check(e, std::isfinite(c.learning_rate) && c.learning_rate > 0.0f && c.learning_rate <= 10.0f, "learning_rate",
        "Learning rate must be above 0 and at most 10 (0.01 to 0.1 is usual on the plane, 0.001 to 0.01 on MNIST).");
  check(e, finite_in(c.momentum, 0.0f, 0.999f), "momentum", "Momentum must be between 0 and 0.999.");
  check(e, finite_in(c.weight_decay, 0.0f, 1.0f), "weight_decay",
        "Weight decay must be between 0 and 1 (0 to 1e-4 is usual).");
  check(e, c.batch_size >= 1 && c.batch_size <= 1000, "batch_size", "Minibatch size must be between 1 and 1000.");
  const int max_chains = plane ? 2000 : 100;
  check(e, c.fantasy_chains >= 1 && c.fantasy_chains <= max_chains, "fantasy_chains",
        std::string(plane ? "Sample chains on the plane" : "Fantasy chains") + " must be between 1 and " +
            std::to_string(max_chains) + ".");
  check(e, c.fantasy_steps >= 1 && c.fantasy_steps <= 1000, "fantasy_steps",
        "Gibbs steps per fantasy update must be between 1 and 1000.");
  check(e, c.updates_per_second >= 0 && c.updates_per_second <= 10000000, "updates_per_second",
        "Speed must be between 0 (as fast as possible) and 10,000,000 updates a second.");
  return e;
}

bool needs_reset(const GrbmConfig& a, const GrbmConfig& b) {
  if (a.hidden != b.hidden || a.learn_variances != b.learn_variances || a.init_std != b.init_std ||
      a.seed != b.seed || is_plane(a) != is_plane(b))
    return true;
  if (!is_plane(b)) return a.train_count != b.train_count;
  // The plane: a named set is generated anew; "custom" keeps the current points,
  // which change through GrbmTrainer::replace_train_data, not through a reset.
  if (b.dataset == PointSet::Custom) return false;
  return a.dataset != b.dataset || a.points != b.points;
}

}  // namespace latent
