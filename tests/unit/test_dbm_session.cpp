// The DBM's worker session (web/worker/dbm_session.hpp) end to end on the synthetic
// digits: the default run's stages in order with the DBN beside it, the budget of
// updates, the pictures of the tab, the probe command, and the ais command's bound
// checked by the exact log Z of a small h1.
#include <doctest/doctest.h>

#include <cmath>

#include "worker_rig.hpp"

using namespace latent;
using namespace latent::test;

namespace {

// A small DBM: 15 updates an epoch at minibatches of 20 (pre-training and joint).
const Json kSmall = {{"hidden1", 10}, {"hidden2", 6},          {"train_count", 300},
                     {"chains", 20},  {"pretrain_batch_size", 20}, {"joint_batch_size", 20},
                     {"pretrain_epochs", 2}, {"joint_epochs", 3}, {"pretrain_learning_rate", 0.1}};

// Trains until the worker pauses by itself; the stages the snapshots showed, in order.
std::vector<std::string> train_to_the_end(Rig& rig) {
  std::vector<std::string> stages;
  REQUIRE(rig.send({{"cmd", "train"}})["ok"] == true);
  double now = 0;
  for (int guard = 0; rig.worker.wants_to_run() && guard < 100000; ++guard) {
    rig.worker.run_chunk();
    now += 300;  // a snapshot every chunk
    rig.worker.after_chunk(1.0, now);
    const Json& meta = rig.ui.view("dbm").snapshot;
    if (meta.is_object() && meta.contains("stage") && (stages.empty() || stages.back() != meta["stage"]))
      stages.push_back(meta["stage"]);
  }
  return stages;
}

}  // namespace

TEST_CASE("DBM session: the stages in order, the DBN beside it, every budget spent, then it pauses") {
  Rig rig;
  REQUIRE(rig.load());
  const Json init = rig.send({{"cmd", "init"}, {"model", "dbm"}, {"config", kSmall}});
  REQUIRE_MESSAGE(init["ok"] == true, protocol::dump(init));
  // Before the layers are joined the bound cannot be measured, and says why.
  const Json early = rig.send({{"cmd", "ais"}, {"betas", 100}, {"runs", 10}});
  CHECK(early["ok"] == false);
  CHECK(early["message"].get<std::string>().find("pre-trained") != std::string::npos);

  const std::vector<std::string> stages = train_to_the_end(rig);
  CHECK(stages == std::vector<std::string>{"pretrain_bottom", "pretrain_top", "joint", "done"});
  // DBM: 2 layers x 2 epochs x 15, then 3 joint epochs x 15; the DBN: 2 layers x 5 epochs x 15.
  CHECK(rig.updates() == 2 * 2 * 15 + 3 * 15 + 2 * 5 * 15);
  const ui::ModelView& m = rig.ui.view("dbm");
  CHECK(m.snapshot["dbm"]["updates"] == 105);
  CHECK(m.snapshot["dbn"]["updates"] == 150);
  CHECK(m.snapshot["dbn"]["layer"] == 2);
  CHECK(m.state == "paused");
  // The tab's pictures, in their shapes.
  auto shape = [&](const char* name, int rows, int cols) {
    CAPTURE(name);
    const ui::Buffer* b = m.buffer(name);
    REQUIRE(b != nullptr);
    CHECK(b->rows == rows);
    CHECK(b->cols == cols);
  };
  shape("filters", 784, 10);
  shape("samples", 784, 16);
  shape("dbn_samples", 784, 16);
  shape("probe", 784, 1);
  shape("mean_field", 784, 21);  // the start and 2 x 10 rounds
  shape("mean_field_h1", 10, 21);
  shape("dbn_reconstruction", 784, 1);
  // The mean field settles: its last round changes (almost) nothing, less than its first.
  const Json& change = m.snapshot["mean_field"]["change"];
  REQUIRE(change.size() == 20);
  CHECK(change[19].get<double>() < 1e-3);
  CHECK(change[19].get<double>() < change[0].get<double>());
  // Both curves exist; the joined DBM rebuilds the digits better than its untrained start would.
  CHECK(m.has_metric("test_recon_dbm"));
  CHECK(m.has_metric("test_recon_dbn"));
  CHECK(m.has_metric("test_neg_free_energy"));
  CHECK(m.metric("test_recon_dbm") < 0.5 * 784 * 0.25);
}

TEST_CASE("DBM session: the probe command picks the digit; ais measures the bound, checked by the exact log Z") {
  Rig rig;
  REQUIRE(rig.load());
  REQUIRE(rig.send({{"cmd", "init"}, {"model", "dbm"}, {"config", kSmall}})["ok"] == true);
  train_to_the_end(rig);
  const Json probe = rig.send({{"cmd", "hidden_probs"}, {"index", 7}});
  REQUIRE(probe["ok"] == true);
  CHECK(probe["label"] == 7);
  rig.send({{"cmd", "snapshot"}});
  CHECK(rig.ui.view("dbm").snapshot["probe"]["index"] == 7);
  CHECK(rig.send({{"cmd", "hidden_probs"}, {"index", 60}})["ok"] == false);  // the rig has 60 test digits

  const Json r = rig.send({{"cmd", "ais"}, {"betas", 2000}, {"runs", 100}});
  REQUIRE_MESSAGE(r["ok"] == true, protocol::dump(r));
  CHECK(r["hidden"] == 10);
  CHECK(r["digits"] == 60);
  const double log_z = r["ais_log_partition"], exact = r["ais_exact_log_partition"];
  CHECK(std::abs(log_z - exact) < 0.25);
  CHECK(r["ais_log_partition_low"].get<double>() <= exact);
  CHECK(r["ais_log_partition_high"].get<double>() >= exact);
  // The bound is -F(q) - log Z on the same digits, whichever log Z.
  CHECK(r["ais_bound"].get<double>() - r["ais_exact_bound"].get<double>() == doctest::Approx(exact - log_z).epsilon(1e-9));
  CHECK(r["ais_exact_bound"].get<double>() < 0);
  CHECK(rig.ui.view("dbm").metric("ais_bound", NAN) == doctest::Approx(r["ais_bound"].get<double>()));
  CHECK(rig.send({{"cmd", "exact_ll"}})["ok"] == false);  // the DBM offers the bound instead
}

TEST_CASE("DBM session: a model file saved before the layers are joined loads at its stage, with its layers") {
  Rig rig;
  REQUIRE(rig.load());
  REQUIRE(rig.send({{"cmd", "init"}, {"model", "dbm"}, {"config", kSmall}})["ok"] == true);
  REQUIRE(rig.send({{"cmd", "step"}, {"count", 75}})["ok"] == true);  // into the top layer's pre-training
  REQUIRE(rig.ui.view("dbm").snapshot["stage"] == "pretrain_top");
  const std::vector<float> filters = rig.ui.view("dbm").buffer("filters")->data;
  REQUIRE(rig.send({{"cmd", "save_model"}, {"precision", "float32"}})["ok"] == true);
  const Json* e = rig.out.last("model_file");
  REQUIRE(e);
  const std::vector<uint8_t> file = rig.out.bytes[size_t(e - rig.out.events.data())];

  Rig other;
  REQUIRE(other.load());
  const Json r = other.send({{"cmd", "load_model"}}, file);
  REQUIRE_MESSAGE(r["ok"] == true, protocol::dump(r));
  other.send({{"cmd", "snapshot"}});
  const ui::ModelView& m = other.ui.view("dbm");
  CHECK(m.snapshot["stage"] == "pretrain_top");
  CHECK(m.buffer("filters")->data == filters);  // the bottom layer, as it was
  CHECK(m.buffer("mean_field") == nullptr);     // not joined yet
}
