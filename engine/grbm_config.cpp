// GrbmConfig (grbm_config.hpp): the data set names, the defaults of the two GRBM
// labs, the accepted ranges and which changes need a new model.
#include "grbm_config.hpp"

#include <string>

#include "grbm_exact.hpp"   // kMaxMixtureHidden
#include "point_sets.hpp"   // kMaxPoints
#include "rbm_config.hpp"   // training_digits

namespace latent {
namespace {

// Indexed by PointSet.
constexpr const char* kSetNames[] = {"two_blobs", "ring", "grid", "spiral", "moons", "custom", "mnist"};
constexpr int kSetCount = int(sizeof kSetNames / sizeof kSetNames[0]);
static_assert(int(PointSet::Mnist) == kSetCount - 1, "kSetNames follows PointSet");

bool known(PointSet set) { return int(set) >= 0 && int(set) < kSetCount; }

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

namespace {

// The point sets as choices, in PointSet's order.
std::vector<FieldChoice> point_set_choices() {
  constexpr FieldChoice kSets[] = {
      {"", "two blobs", "Two round clouds of points: d = 1 (two components) can fit them."},
      {"", "ring", "Points around a circle: many components must share the ring."},
      {"", "grid of Gaussians", "Four clouds on a square: d = 2 gives exactly 4 components, a parallelogram."},
      {"", "spiral", "A spiral arm: hard for a mixture whose means form a parallelotope."},
      {"", "two moons", "Two interleaved half-circles."},
      {"", "your own points", "The points you added or removed by clicking on the plane."},
      {"", "MNIST", "The GRBM on MNIST's standardised pixels (its own lab)."}};
  std::vector<FieldChoice> out;
  for (int k = 0; k < kSetCount; ++k) out.push_back({kSetNames[k], kSets[k].label, kSets[k].explanation});
  return out;
}

// The plane's table (plane) or MNIST's.
ConfigFields<GrbmConfig> make_grbm_fields(bool plane) {
  ConfigFields<GrbmConfig> t;
  Field<GrbmConfig>& hidden = t.integer("hidden", &GrbmConfig::hidden).resetting();
  if (plane) {
    hidden.range(0, kMaxMixtureHidden, "Hidden units on the plane must be between 0 and " +
                                           std::to_string(kMaxMixtureHidden) +
                                           " (d = 0 is one Gaussian; each unit doubles the mixture's components).")
        .form("Hidden units d", "d hidden units make a mixture of 2^d Gaussians.", "Model")
        .slider(0, 10, "%d");
  } else {
    hidden.range(1, 2000, "Hidden units must be between 1 and 2000.")
        .form("Hidden units", "How many binary hidden units (feature detectors) the GRBM has.", "Model");
  }
  Field<GrbmConfig>& set =
      t.choice("dataset", &GrbmConfig::dataset, point_set_choices())
          .resetting()
          .refusal("Data set must be one of two_blobs, ring, grid, spiral, moons, custom (the plane) or mnist.")
          .form("Data set", "The points the GRBM learns; click on the plane to add or remove points.", "Model");
  set.choices_shown = int(PointSet::Custom) + 1;
  set.shown = [](const GrbmConfig& c) { return is_plane(c); };
  // A named set is generated anew; "custom" keeps the current points (edited through
  // GrbmTrainer::replace_train_data, not through a reset); plane <-> MNIST resets.
  set.resets_between = [](const GrbmConfig& a, const GrbmConfig& b) {
    return is_plane(a) != is_plane(b) || (is_plane(b) && b.dataset != PointSet::Custom && a.dataset != b.dataset);
  };
  Field<GrbmConfig>& points = t.integer("points", &GrbmConfig::points)
                                  .resetting()
                                  .range(1, kMaxPoints, "Points must be between 1 and " + std::to_string(kMaxPoints) + ".")
                                  .form("Points", "How many points a named data set has.", "Model");
  points.applies = [](const GrbmConfig& c) { return is_plane(c); };
  points.valid = [](const GrbmConfig& c) {
    return !known(c.dataset) || c.dataset == PointSet::Custom || (c.points >= 1 && c.points <= kMaxPoints);
  };
  points.resets_between = [](const GrbmConfig& a, const GrbmConfig& b) {
    return is_plane(b) && b.dataset != PointSet::Custom && a.points != b.points;
  };
  Field<GrbmConfig>& train = training_digits(t, &GrbmConfig::train_count);
  train.applies = [](const GrbmConfig& c) { return !is_plane(c); };
  train.resets_between = [](const GrbmConfig& a, const GrbmConfig& b) {
    return !is_plane(b) && a.train_count != b.train_count;
  };
  t.flag("learn_variances", &GrbmConfig::learn_variances)
      .resetting()
      .form("Learn variances", "Learn each visible unit's variance sigma_i^2 (Cho et al. 2011) instead of fixing it at 1.",
            "Model");
  t.real("init_std", &GrbmConfig::init_std)
      .resetting()
      .range(0, 1, "Initial weight spread must be between 0 and 1 (0.1 is usual on the plane, 0.01 on MNIST).")
      .form("Initial weights", "Standard deviation of the random starting weights.", "Model");
  t.seed("seed", &GrbmConfig::seed, "Model");

  t.include(cd_fields(), [](GrbmConfig& c) -> CdSettings& { return c; });
  t.at("learning_rate").above(0, 10, "Learning rate must be above 0 and at most 10 (0.01 to 0.1 is usual on the plane, "
                                     "0.001 to 0.01 on MNIST).");
  t.at("weight_decay").refusal("Weight decay must be between 0 and 1 (0 to 1e-4 is usual).").tip =
      "L2 penalty pulling the weights towards 0.";
  t.at("batch_size").tip = "Examples averaged in each update.";
  Field<GrbmConfig>& pace =
      t.integer("updates_per_second", &GrbmConfig::updates_per_second)
          .range(0, 10000000, "Speed must be between 0 (as fast as possible) and 10,000,000 updates a second.")
          .form("Speed", "How fast Train goes (Step is never slowed down).", "Learning");
  pace.widget = FieldWidget::Presets;
  pace.presets = {{20, "slow: 20 updates/s", "Each update is visible: the components crawl."},
                  {100, "watchable: 100 updates/s", "Converges in seconds, slowly enough to watch the components move."},
                  {1000, "fast: 1,000 updates/s", "A few seconds of this is a long training run."},
                  {0, "as fast as it goes", "No pacing: the plane's tiny model does 10^5 updates a second."}};
  pace.other_preset = {0, "%d updates/s", "A pace set by a link."};

  const char* chains = plane ? "Samples" : "Fantasy chains";
  const int max_chains = plane ? 2000 : 100;
  t.integer("fantasy_chains", &GrbmConfig::fantasy_chains)
      .range(1, max_chains, std::string(plane ? "Sample chains on the plane" : "Fantasy chains") +
                                " must be between 1 and " + std::to_string(max_chains) + ".")
      .form("Chains",
            plane ? "How many Gibbs chains sample the model: each is one orange dot on the plane."
                  : "How many independent Gibbs chains show what the model generates.",
            chains);
  t.integer("fantasy_steps", &GrbmConfig::fantasy_steps)
      .range(1, 1000, "Gibbs steps per fantasy update must be between 1 and 1000.")
      .form("Gibbs steps / picture",
            "Gibbs steps the chains take each time the pictures update (about 4 times a second while training).",
            chains);
  // The order of the checks before the table: data set, structure, learning, chains, pace.
  t.check_order = {"dataset",      "hidden",        "init_std",       "points",         "train_count",
                   "cd_k",         "learning_rate", "momentum",       "weight_decay",   "batch_size",
                   "fantasy_chains", "fantasy_steps", "updates_per_second"};
  return t;
}

}  // namespace

const ConfigFields<GrbmConfig>& config_fields(const GrbmConfig& c) {
  static const ConfigFields<GrbmConfig> plane = make_grbm_fields(true), mnist = make_grbm_fields(false);
  return is_plane(c) ? plane : mnist;
}

std::vector<FieldError> validate(const GrbmConfig& c) { return check_fields(c); }
bool needs_reset(const GrbmConfig& a, const GrbmConfig& b) { return fields_need_reset(a, b); }

}  // namespace latent
