// OptimizerSettings' fields (optimizer_fields.hpp).
#include "optimizer_fields.hpp"

namespace latent {
namespace {

ConfigFields<OptimizerSettings> make_optimizer_fields() {
  ConfigFields<OptimizerSettings> t;
  t.choice("optimizer", &OptimizerSettings::optimizer,
           {{optimizer_name(OptimizerKind::Adam), "Adam", "Adaptive steps per parameter (Kingma & Ba): robust at 1e-3."},
            {optimizer_name(OptimizerKind::Sgd), "SGD + momentum",
             "Plain gradient steps with momentum: needs a larger, tuned learning rate."}})
      .refusal("Optimizer must be adam or sgd.")
      .form("Optimiser", "How gradients become steps.", "Learning");
  t.real("learning_rate", &OptimizerSettings::learning_rate)
      .above(0, 1, "Learning rate must be above 0 and at most 1 (Adam: 1e-4 to 3e-3 is usual; SGD: 0.01 to 0.1).")
      .form("Learning rate", "Step size (1e-3 is usual for Adam).", "Learning");
  t.real("momentum", &OptimizerSettings::momentum)
      .range(0, 0.999, "Momentum must be between 0 and 0.999.")
      .form("Momentum", "SGD's fraction of the previous step carried into the next.", "Learning")
      .slider(0, 0.99, "%.2f")
      .shown = [](const OptimizerSettings& o) { return o.optimizer == OptimizerKind::Sgd; };
  return t;
}

}  // namespace

const ConfigFields<OptimizerSettings>& optimizer_fields() {
  static const ConfigFields<OptimizerSettings> table = make_optimizer_fields();
  return table;
}

}  // namespace latent
