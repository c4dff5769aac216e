// grbm_config_form (see grbm_config_form.hpp).
#include "grbm_config_form.hpp"

#include <cstdio>

#include <imgui.h>

#include "widgets.hpp"

namespace latent::ui {

namespace {

// In the order of latent::PointSet (the plane's sets, then "your own points").
constexpr Choice kDatasets[] = {
    {"two blobs", "Two round clouds of points: d = 1 (two components) can fit them."},
    {"ring", "Points around a circle: many components must share the ring."},
    {"grid of Gaussians", "Four clouds on a square: d = 2 gives exactly 4 components, a parallelogram."},
    {"spiral", "A spiral arm: hard for a mixture whose means form a parallelotope."},
    {"two moons", "Two interleaved half-circles."},
    {"your own points", "The points you added or removed by clicking on the plane."},
};
constexpr int kMaxSliderHidden = 10;

// Paces of continuous training (updates a second; 0 = as fast as it goes).
constexpr int kPaces[] = {20, 100, 1000, 0};
constexpr Choice kPaceChoices[] = {
    {"slow: 20 updates/s", "Each update is visible: the components crawl."},
    {"watchable: 100 updates/s", "Converges in seconds, slowly enough to watch the components move."},
    {"fast: 1,000 updates/s", "A few seconds of this is a long training run."},
    {"as fast as it goes", "No pacing: the plane's tiny model does 10^5 updates a second."},
};

constexpr int kPaceCount = 4;

// The listed pace of a value, or kPaceCount for another (from a link).
int pace_index(int updates_per_second) {
  for (int i = 0; i < kPaceCount; ++i) if (kPaces[i] == updates_per_second) return i;
  return kPaceCount;
}

}  // namespace

void GrbmConfigForm::draw(const LabState& lab, const ModelView& m, bool plane) {
  if (!form_.begin(lab, m)) return;
  GrbmConfig& edit = form_.edit();
  using Form = ConfigForm<GrbmConfig>;
  const float label_w = ImGui::GetFontSize() * 10.5f;

  section("Model");
  if (begin_form("model", label_w)) {
    if (plane) {
      form_.row("hidden", "Hidden units d", "d hidden units make a mixture of 2^d Gaussians.", true, [&] {
        ImGui::SliderInt("##v", &edit.hidden, 0, kMaxSliderHidden, "%d");
        return ImGui::IsItemDeactivatedAfterEdit();
      });
      int set = std::min(int(edit.dataset), int(PointSet::Custom));
      form_.row("dataset", "Data set", "The points the GRBM learns; click on the plane to add or remove points.", true,
                [&] {
                  const bool changed = choice_combo("##v", set, kDatasets, int(PointSet::Custom) + 1);
                  if (changed) edit.dataset = PointSet(set);
                  return changed;
                });
      form_.row("points", "Points", "How many points a named data set has.", true, Form::int_field(edit.points));
    } else {
      form_.row("hidden", "Hidden units", "How many binary hidden units (feature detectors) the GRBM has.", true,
                Form::int_field(edit.hidden));
      form_.row("train_count", "Training digits", "How many of the 60,000 training digits are used (the first n).",
                true, Form::int_field(edit.train_count));
    }
    form_.row("learn_variances", "Learn variances",
              "Learn each visible unit's variance sigma_i^2 (Cho et al. 2011) instead of fixing it at 1.", true,
              Form::check_field(edit.learn_variances));
    form_.row("init_std", "Initial weights", "Standard deviation of the random starting weights.", true,
              Form::float_field(edit.init_std, "%.4g"));
    form_.row("seed", "Seed", "The random seed: the same seed and settings give the same run.", true,
              Form::seed_field(edit.seed));
    end_form();
  }

  section("Learning");
  if (begin_form("learning", label_w)) {
    form_.row("cd_k", "CD-k steps", "Gibbs steps k from the data to the negative sample in each update.", false,
              Form::int_field(edit.cd_k));
    form_.row("persistent", "Persistent CD",
              "Keep the negative chains running between updates (PCD) instead of restarting at the data.", false,
              Form::check_field(edit.persistent));
    form_.row("learning_rate", "Learning rate", "Step size of each weight update.", false,
              Form::float_field(edit.learning_rate, "%.4g"));
    form_.row("momentum", "Momentum", "Fraction of the previous update added to the next one (smooths learning).",
              false, Form::slider_field(edit.momentum, 0.0f, 0.99f, "%.2f"));
    form_.row("weight_decay", "Weight decay", "L2 penalty pulling the weights towards 0.", false,
              Form::float_field(edit.weight_decay, "%.3g"));
    form_.row("batch_size", "Minibatch size", "Examples averaged in each update.", false, Form::int_field(edit.batch_size));
    int pace = pace_index(edit.updates_per_second);
    char other[48];
    std::snprintf(other, sizeof other, "%d updates/s", edit.updates_per_second);
    const Choice choices[] = {kPaceChoices[0], kPaceChoices[1], kPaceChoices[2], kPaceChoices[3],
                              {other, "A pace set by a link."}};
    form_.row("updates_per_second", "Speed", "How fast Train goes (Step is never slowed down).", false, [&] {
      const bool changed = choice_combo("##v", pace, choices, pace == kPaceCount ? kPaceCount + 1 : kPaceCount);
      if (changed) edit.updates_per_second = kPaces[pace];
      return changed;
    });
    end_form();
  }

  section(plane ? "Samples" : "Fantasy chains");
  if (begin_form("fantasy", label_w)) {
    form_.row("fantasy_chains", "Chains",
              plane ? "How many Gibbs chains sample the model: each is one orange dot on the plane."
                    : "How many independent Gibbs chains show what the model generates.",
              false, Form::int_field(edit.fantasy_chains));
    form_.row("fantasy_steps", "Gibbs steps / picture",
              "Gibbs steps the chains take each time the pictures update (about 4 times a second while training).",
              false, Form::int_field(edit.fantasy_steps));
    end_form();
  }
}

}  // namespace latent::ui
