// RbmConfig's fields (rbm_config.hpp).
#include "rbm_config.hpp"

namespace latent {

std::vector<FieldChoice> binarization_choices(const char* const (&explanations)[4]) {
  constexpr const char* kLabels[] = {"grey levels", "fixed stochastic", "dynamic (per batch)", "threshold at 0.5"};
  std::vector<FieldChoice> out;
  for (int k = 0; k < 4; ++k) out.push_back({binarization_name(Binarization(k)), kLabels[k], explanations[k]});
  return out;
}

namespace {

ConfigFields<RbmConfig> make_rbm_fields() {
  ConfigFields<RbmConfig> t;
  t.integer("hidden", &RbmConfig::hidden).resetting()
      .range(1, 4000, "Hidden units must be between 1 and 4000.")
      .form("Hidden units", "How many hidden units (feature detectors) the RBM has.", "Model");
  t.real("init_std", &RbmConfig::init_std).resetting()
      .range(0, 1, "Initial weight spread must be between 0 and 1 (0.01 is usual).")
      .form("Initial weights", "Standard deviation of the random starting weights.", "Model");
  t.seed("seed", &RbmConfig::seed, "Model");
  constexpr const char* kExplained[] = {
      "Pixels stay grey: v = intensity/255 is used as the probability itself.",
      "Each digit is sampled to 0/1 once (from its grey levels) and kept that way.",
      "A fresh 0/1 sample of each digit every time it is used: less overfitting.",
      "Pixels brighter than half become 1, the rest 0: clean but loses detail."};
  Field<RbmConfig>& bin = t.choice("binarization", &RbmConfig::binarization, binarization_choices(kExplained))
                              .resetting()
                              .refusal("Binarisation must be probabilities, fixed_stochastic, dynamic or threshold.")
                              .form("Binarisation", "How grey MNIST pixels become the RBM's binary visible units.",
                                    "Model");
  bin.explain = true;
  training_digits(t, &RbmConfig::train_count);
  t.include(cd_fields(), [](RbmConfig& c) -> CdSettings& { return c; });
  t.integer("fantasy_chains", &RbmConfig::fantasy_chains)
      .range(1, 100, "Fantasy chains must be between 1 and 100.")
      .form("Chains", "How many independent Gibbs chains show what the model generates.", "Fantasy chains");
  t.choice("fantasy_start", &RbmConfig::fantasy_start,
           {{"noise", "noise", "The fantasy chains start from random pixels."},
            {"data", "data", "The fantasy chains start from test digits."}})
      .refusal("Fantasy chains start from noise or data.")
      .form("Start from", "Whether the chains start from random noise or from real digits.", "Fantasy chains");
  t.integer("fantasy_steps", &RbmConfig::fantasy_steps)
      .range(1, 1000, "Gibbs steps per fantasy update must be between 1 and 1000.")
      .form("Gibbs steps / picture",
            "Gibbs steps the chains take each time the pictures update (about 4 times a second while training), "
            "not per training update.",
            "Fantasy chains");
  return t;
}

}  // namespace

const ConfigFields<RbmConfig>& config_fields(const RbmConfig&) {
  static const ConfigFields<RbmConfig> table = make_rbm_fields();
  return table;
}

std::vector<FieldError> validate(const RbmConfig& c) { return check_fields(c); }
bool needs_reset(const RbmConfig& a, const RbmConfig& b) { return fields_need_reset(a, b); }

}  // namespace latent
