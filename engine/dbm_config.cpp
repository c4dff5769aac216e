// DbmConfig (dbm_config.hpp): the defaults' reasons and the fields.
#include "dbm_config.hpp"

#include "rbm_config.hpp"  // binarization_choices, training_digits

namespace latent {

CdSettings dbm_pretrain_defaults() {
  // CD-1 at 0.05 on minibatches of 100, as latent-cli dbm's pre-training.
  CdSettings s;
  s.persistent = false;
  s.learning_rate = 0.05f;
  s.batch_size = 100;
  s.weight_decay = 2e-4f;
  return s;
}

CdSettings dbm_joint_defaults() {
  // Momentum 0.5 then 0.9 after 5 epochs, weight decay 2e-4, minibatches of 100 (as
  // Salakhutdinov and Hinton); learning rate 0.001 with 5 Gibbs sweeps of the chains an
  // update (DbmConfig::sweeps), because the chains must keep up with the model. Measured
  // (latent-cli, MNIST binarised by a fixed draw, the test digits' bound with log Z by AIS
  // over h1, 14,500 temperatures, 100 runs):
  //   784-500-1000, 60,000 digits, 5 pre-training epochs a layer, 30 joint epochs
  //     lr 0.005, 1 sweep, momentum to 0.9     log Z 3940, bound -205.8: the weights grew
  //     lr 0.005 falling to 0, 1 sweep, 0.5    bound -15.8, impossible: the chains (and AIS)
  //                                            never reach modes the model has made
  //     lr 0.001, 5 sweeps, momentum to 0.9    bound -105.5 (-106.2 to -): plausible
  //   the page's default run (784-500-500, 15,000 digits, 1 + 2 epochs)
  //     lr 0.005, 1 sweep -174.7; lr 0.002, 3 sweeps -145.9; lr 0.005, 5 sweeps -141.8;
  //     lr 0.001, 5 sweeps -139.0 (its joint stage 12 s natively)
  CdSettings s;
  s.learning_rate = 0.001f;
  s.momentum = 0.5f;
  s.momentum_switch_epoch = 5;
  s.final_momentum = 0.9f;
  s.weight_decay = 2e-4f;
  s.batch_size = 100;
  return s;
}

namespace {

ConfigFields<DbmConfig> make_dbm_fields() {
  ConfigFields<DbmConfig> t;
  const char* model = "Model";
  t.integer("hidden1", &DbmConfig::hidden1).resetting()
      .range(1, kDbmMaxUnits, "The first hidden layer must have between 1 and 4000 units.")
      .form("Hidden layer 1", "Units of h1, connected to the pixels and to h2.", model);
  t.integer("hidden2", &DbmConfig::hidden2).resetting()
      .range(1, kDbmMaxUnits, "The second hidden layer must have between 1 and 4000 units.")
      .form("Hidden layer 2", "Units of h2, connected to h1 only.", model);
  t.real("init_std", &DbmConfig::init_std).resetting()
      .range(0, 1, "Initial weight spread must be between 0 and 1 (0.01 is usual).")
      .form("Initial weights", "Standard deviation of the random starting weights.", model);
  t.seed("seed", &DbmConfig::seed, model);
  constexpr const char* kExplained[] = {
      "Pixels stay grey: v = intensity/255 is used as the probability itself.",
      "Each digit is sampled to 0/1 once and kept that way (the published protocol).",
      "A fresh 0/1 sample of each digit every time it is used.",
      "Pixels brighter than half become 1, the rest 0."};
  Field<DbmConfig>& bin = t.choice("binarization", &DbmConfig::binarization, binarization_choices(kExplained))
                              .resetting()
                              .refusal("Binarisation must be probabilities, fixed_stochastic, dynamic or threshold.")
                              .form("Binarisation", "How grey MNIST pixels become binary visible units.", model);
  bin.explain = true;
  training_digits(t, &DbmConfig::train_count);
  t.integer("chains", &DbmConfig::chains).resetting()
      .range(1, 1000, "Persistent chains must be between 1 and 1000.")
      .form("Persistent chains", "Gibbs chains that carry on between updates and estimate the model's statistics.",
            model);

  const char* pre = "Pre-training (each layer)";
  t.include(cd_fields(), [](DbmConfig& c) -> CdSettings& { return c.pretrain; }, {}, "pretrain_", pre);
  t.at("pretrain_cd_k").tip = "Gibbs steps k of each layer's contrastive divergence.";
  t.integer("pretrain_epochs", &DbmConfig::pretrain_epochs)
      .range(1, 1000, "Pre-training epochs must be between 1 and 1000.")
      .form("Epochs per layer", "Passes through the training digits of each layer's RBM before the two are joined.",
            pre);

  const char* joint = "Joint training";
  t.include(cd_fields(), [](DbmConfig& c) -> CdSettings& { return c.joint; },
            {"learning_rate", "momentum", "momentum_switch_epoch", "final_momentum", "weight_decay", "batch_size"},
            "joint_", joint);
  t.at("joint_learning_rate").tip = "Step size of the joint updates (0.005 in Salakhutdinov and Hinton).";
  t.integer("joint_epochs", &DbmConfig::joint_epochs)
      .range(0, 1000, "Joint epochs must be between 0 and 1000.")
      .form("Epochs", "Passes through the training digits of the joint stage; then the run is done.", joint);
  t.integer("mean_field", &DbmConfig::mean_field)
      .range(1, 100, "Mean-field rounds must be between 1 and 100.")
      .form("Mean-field rounds", "Updates of q(h1) and q(h2) for each minibatch (the data's statistics).", joint);
  t.integer("sweeps", &DbmConfig::sweeps)
      .range(1, 100, "Gibbs sweeps per update must be between 1 and 100.")
      .form("Gibbs sweeps", "Odd/even sweeps each persistent chain takes per update (the model's statistics).",
            joint);
  return t;
}

}  // namespace

const ConfigFields<DbmConfig>& config_fields(const DbmConfig&) {
  static const ConfigFields<DbmConfig> table = make_dbm_fields();
  return table;
}

std::vector<FieldError> validate(const DbmConfig& c) { return check_fields(c); }
bool needs_reset(const DbmConfig& a, const DbmConfig& b) { return fields_need_reset(a, b); }

}  // namespace latent
