// CdSettings' fields (cd_settings.hpp).
#include "cd_settings.hpp"

namespace latent {
namespace {

ConfigFields<CdSettings> make_cd_fields() {
  ConfigFields<CdSettings> t;
  t.integer("cd_k", &CdSettings::cd_k)
      .range(1, 1000, "Gibbs steps k must be between 1 and 1000.")
      .form("CD-k steps", "Gibbs steps k from the data to the negative sample in each update.", "Learning");
  t.flag("persistent", &CdSettings::persistent)
      .form("Persistent CD",
            "Keep the negative chains running between updates (PCD) instead of restarting at the data.", "Learning");
  t.real("learning_rate", &CdSettings::learning_rate)
      .above(0, 100, "Learning rate must be above 0 and at most 100 (0.01 to 0.1 is usual).")
      .form("Learning rate", "Step size of each weight update.", "Learning");
  t.real("momentum", &CdSettings::momentum)
      .range(0, 0.999, "Momentum must be between 0 and 0.999.")
      .form("Momentum", "Fraction of the previous update added to the next one (smooths learning).", "Learning")
      .slider(0, 0.99, "%.2f");
  t.integer("momentum_switch_epoch", &CdSettings::momentum_switch_epoch)
      .range(0, 1000, "The epoch momentum is raised after must be between 0 (never) and 1000.")
      .form("Raise at epoch",
            "Epochs at the momentum above before it is raised to the final momentum (the standard protocol: 0.5 "
            "for 5 epochs, then 0.9). 0: never raised.", "Learning");
  t.real("final_momentum", &CdSettings::final_momentum)
      .range(0, 0.999, "Final momentum must be between 0 and 0.999.")
      .form("Final momentum", "Momentum once it has been raised (see \"Raise at epoch\").", "Learning")
      .slider(0, 0.99, "%.2f");
  t.real("weight_decay", &CdSettings::weight_decay)
      .range(0, 1, "Weight decay must be between 0 and 1 (1e-4 is usual).")
      .form("Weight decay", "L2 penalty pulling the weights towards 0 (keeps filters clean).", "Learning")
      .shown_as("%.3g");
  t.integer("batch_size", &CdSettings::batch_size)
      .range(1, 1000, "Minibatch size must be between 1 and 1000.")
      .form("Minibatch size", "Digits averaged in each update.", "Learning");
  return t;
}

}  // namespace

const ConfigFields<CdSettings>& cd_fields() {
  static const ConfigFields<CdSettings> table = make_cd_fields();
  return table;
}

}  // namespace latent
