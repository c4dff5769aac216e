// The worker protocol (web/worker/protocol.hpp): RbmConfig <-> JSON round trips,
// commands encode/decode, garbage refused with messages (never an exception),
// and the worker logic (LabWorker) + the UI's event store (bridge) end to end
// on a small synthetic dataset.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "bridge.hpp"
#include "lab_worker.hpp"
#include "dbn_session.hpp"
#include "grbm_session.hpp"
#include "rbm_session.hpp"
#include "vae_session.hpp"
#include "protocol.hpp"
#include "worker_rig.hpp"

using namespace latent;
using protocol::Json;
using test::Rig;
using test::idx_images;
using test::idx_labels;

namespace {

RbmConfig unusual_config() {
  RbmConfig c;
  c.hidden = 37;
  c.init_std = 0.02f;
  c.seed = 9007199254740991ULL;  // 2^53 - 1, the largest seed a JS number carries exactly
  c.binarization = Binarization::Threshold;
  c.train_count = 1234;
  c.cd_k = 3;
  c.persistent = false;
  c.learning_rate = 0.125f;
  c.momentum = 0.9f;
  c.momentum_switch_epoch = 3;
  c.final_momentum = 0.75f;
  c.weight_decay = 0.0f;
  c.batch_size = 64;
  c.fantasy_chains = 7;
  c.fantasy_start = ChainStart::Data;
  c.fantasy_steps = 5;
  return c;
}

void check_same(const RbmConfig& a, const RbmConfig& b) {
  CHECK(a.hidden == b.hidden);
  CHECK(a.init_std == b.init_std);
  CHECK(a.seed == b.seed);
  CHECK(a.binarization == b.binarization);
  CHECK(a.train_count == b.train_count);
  CHECK(a.cd_k == b.cd_k);
  CHECK(a.persistent == b.persistent);
  CHECK(a.learning_rate == b.learning_rate);
  CHECK(a.momentum == b.momentum);
  CHECK(a.momentum_switch_epoch == b.momentum_switch_epoch);
  CHECK(a.final_momentum == b.final_momentum);
  CHECK(a.weight_decay == b.weight_decay);
  CHECK(a.batch_size == b.batch_size);
  CHECK(a.fantasy_chains == b.fantasy_chains);
  CHECK(a.fantasy_start == b.fantasy_start);
  CHECK(a.fantasy_steps == b.fantasy_steps);
}

// Decodes and expects a refusal; returns it. Never lets an exception through.
protocol::Decoded refused(const std::string& text) {
  protocol::Decoded d;
  CHECK_NOTHROW(d = protocol::decode_command(text));
  CHECK_MESSAGE(!d.ok, text);
  CHECK_MESSAGE(!d.message.empty(), text);
  return d;
}

bool has_field_error(const std::vector<FieldError>& errors, const std::string& field) {
  for (const auto& e : errors)
    if (e.field == field && !e.message.empty()) return true;
  return false;
}

}  // namespace

// ---------------------------------------------------------------- config <-> JSON

TEST_CASE("protocol: RbmConfig round-trips through JSON (value and text)") {
  const RbmConfig c = unusual_config();
  const Json j = protocol::config_to_json(c);
  CHECK(j["binarization"] == "threshold");
  CHECK(j["fantasy_start"] == "data");
  CHECK(j.size() == 16);

  RbmConfig back;
  REQUIRE(protocol::config_from_json(j, RbmConfig{}, back).empty());
  check_same(back, c);

  RbmConfig via_text;
  const Json reparsed = protocol::parse(protocol::dump(j));
  REQUIRE(protocol::config_from_json(reparsed, RbmConfig{}, via_text).empty());
  check_same(via_text, c);

  // Defaults round-trip too, and every binarization and chain start has a name.
  RbmConfig d;
  REQUIRE(protocol::config_from_json(protocol::config_to_json(RbmConfig{}), unusual_config(), d).empty());
  check_same(d, RbmConfig{});
  for (auto b : {Binarization::Probabilities, Binarization::FixedStochastic, Binarization::Dynamic,
                 Binarization::Threshold}) {
    RbmConfig x;
    x.binarization = b;
    RbmConfig y;
    REQUIRE(protocol::config_from_json(protocol::config_to_json(x), RbmConfig{}, y).empty());
    CHECK(y.binarization == b);
  }
}

TEST_CASE("protocol: a partial config changes only its fields; changed_fields names them") {
  const RbmConfig base = unusual_config();
  RbmConfig out;
  REQUIRE(protocol::config_from_json(Json{{"learning_rate", 0.01}, {"cd_k", 2}}, base, out).empty());
  CHECK(out.learning_rate == doctest::Approx(0.01f));
  CHECK(out.cd_k == 2);
  CHECK(out.hidden == base.hidden);
  const auto changed = protocol::changed_fields(base, out);
  CHECK(changed == std::vector<std::string>{"cd_k", "learning_rate"});
  CHECK(protocol::changed_fields(base, base).empty());
  // A whole number written as a float is accepted for an integer field.
  REQUIRE(protocol::config_from_json(Json{{"hidden", 64.0}}, base, out).empty());
  CHECK(out.hidden == 64);
}

TEST_CASE("protocol: bad config fields are refused per field, and nothing changes") {
  const RbmConfig base = unusual_config();
  struct Case { Json fields; const char* field; };
  const std::vector<Case> cases = {
      {{{"hidden", "many"}}, "hidden"},
      {{{"hidden", 3.5}}, "hidden"},
      {{{"hidden", 1e12}}, "hidden"},         // too large for an int
      {{{"hidden", 100000}}, "hidden"},       // out of validate()'s range
      {{{"hidden", -5}}, "hidden"},
      {{{"hidden", nullptr}}, "hidden"},
      {{{"learning_rate", "0.1"}}, "learning_rate"},
      {{{"learning_rate", 1e39}}, "learning_rate"},  // beyond float
      {{{"learning_rate", -1}}, "learning_rate"},
      {{{"momentum", 1.5}}, "momentum"},
      {{{"persistent", 1}}, "persistent"},
      {{{"seed", -1}}, "seed"},
      {{{"seed", 1e300}}, "seed"},
      {{{"seed", 18446744073709551615ULL}}, "seed"},  // beyond 2^53
      {{{"binarization", "grey"}}, "binarization"},
      {{{"binarization", 2}}, "binarization"},
      {{{"fantasy_start", "middle"}}, "fantasy_start"},
      {{{"batch_size", 0}}, "batch_size"},
      {{{"cd_k", Json::array({1})}}, "cd_k"},
      {{{"colour", "blue"}}, "colour"},  // unknown setting
  };
  for (const auto& c : cases) {
    RbmConfig out = base;
    std::vector<FieldError> errors;
    CHECK_NOTHROW(errors = protocol::config_from_json(c.fields, base, out));
    CHECK_MESSAGE(has_field_error(errors, c.field), protocol::dump(c.fields));
    check_same(out, base);
  }
  // Several bad fields: each is reported.
  RbmConfig out;
  const auto errors = protocol::config_from_json(Json{{"hidden", "x"}, {"momentum", true}}, base, out);
  CHECK(has_field_error(errors, "hidden"));
  CHECK(has_field_error(errors, "momentum"));
  // Not an object at all.
  CHECK(has_field_error(protocol::config_from_json(Json::array(), base, out), "config"));
}

// ---------------------------------------------------------------- commands

TEST_CASE("protocol: every command encodes and decodes to itself") {
  using K = protocol::CommandKind;
  for (K kind : {K::Init, K::Set, K::Train, K::Pause, K::Step, K::Reset, K::Snapshot, K::HiddenProbs, K::ExactLL,
                 K::Status, K::Use, K::Points}) {
    protocol::Command c;
    c.kind = kind;
    c.id = 42;
    if (kind == K::Init) c.config = protocol::config_to_json(unusual_config());
    if (kind == K::Set) c.config = Json{{"momentum", 0.7}};
    if (kind == K::Step) c.count = 250;
    if (kind == K::HiddenProbs) c.index = 9;
    if (kind == K::Use) c.model = "grbm2d";
    if (kind == K::Points) c.points = {1.5f, -2.0f, 0.25f, 3.0f};
    const std::string text = protocol::dump(protocol::encode_command(c));
    const protocol::Decoded d = protocol::decode_command(text);
    REQUIRE_MESSAGE(d.ok, text << " -> " << d.message);
    CHECK(d.command.kind == kind);
    CHECK(d.command.id == 42);
    CHECK(d.command.config == c.config);
    CHECK(d.command.count == c.count);
    CHECK(d.command.index == c.index);
    CHECK(d.command.points == c.points);
    if (kind == K::Use) CHECK(d.command.model == "grbm2d");
  }
  // String ids are fine too; step without count means one chunk.
  const auto d = protocol::decode_command(R"({"v":1,"id":"a7","cmd":"step"})");
  REQUIRE(d.ok);
  CHECK(d.command.id == "a7");
  CHECK(d.command.count == 0);
}

TEST_CASE("protocol: garbage is refused with a message, never an exception") {
  CHECK(refused("").message.find("JSON") != std::string::npos);
  CHECK(refused("{\"v\":1,").message.find("JSON") != std::string::npos);
  refused("not json at all");
  refused("\xff\xfe\x00garbage");
  refused("[1,2,3]");
  refused("42");
  refused("null");
  CHECK(refused(R"({"id":1,"cmd":"train"})").message.find("version") != std::string::npos);
  CHECK(refused(R"({"v":2,"id":1,"cmd":"train"})").message.find("not supported") != std::string::npos);
  refused(R"({"v":"1","id":1,"cmd":"train"})");
  refused(R"({"v":1.5,"id":1,"cmd":"train"})");
  CHECK(refused(R"({"v":1,"cmd":"train"})").message.find("id") != std::string::npos);
  refused(R"({"v":1,"id":[1],"cmd":"train"})");
  refused(R"({"v":1,"id":1})");
  refused(R"({"v":1,"id":1,"cmd":7})");
  CHECK(refused(R"({"v":1,"id":1,"cmd":"explode"})").message.find("unknown command") != std::string::npos);
  // Members a command does not take, wrong types, absurd values.
  CHECK(has_field_error(refused(R"({"v":1,"id":1,"cmd":"train","speed":9})").errors, "speed"));
  CHECK(has_field_error(refused(R"({"v":1,"id":1,"cmd":"init","model":"gan"})").errors, "model"));
  CHECK(has_field_error(refused(R"({"v":1,"id":1,"cmd":"init","config":{"hidden":0}})").errors, "hidden"));
  CHECK(has_field_error(refused(R"({"v":1,"id":1,"cmd":"init","config":"big"})").errors, "config"));
  CHECK(has_field_error(refused(R"({"v":1,"id":1,"cmd":"set"})").errors, "config"));
  CHECK(has_field_error(refused(R"({"v":1,"id":1,"cmd":"set","config":[1]})").errors, "config"));
  CHECK(has_field_error(refused(R"({"v":1,"id":1,"cmd":"init","model":"grbm2d","config":{"hidden":-1}})").errors, "hidden"));
  CHECK(has_field_error(refused(R"({"v":1,"id":1,"cmd":"use"})").errors, "model"));
  CHECK(has_field_error(refused(R"({"v":1,"id":1,"cmd":"use","model":"gan"})").errors, "model"));
  CHECK(has_field_error(refused(R"({"v":1,"id":1,"cmd":"points"})").errors, "points"));
  CHECK(has_field_error(refused(R"({"v":1,"id":1,"cmd":"points","points":[[1,2],[3]]})").errors, "points"));
  CHECK(has_field_error(refused(R"({"v":1,"id":1,"cmd":"points","points":[[1,"a"]]})").errors, "points"));
  {  // a type error and a range error together: both reported
    const auto both = refused(R"({"v":1,"id":1,"cmd":"init","config":{"learning_rate":"fast","hidden":-1}})").errors;
    CHECK(has_field_error(both, "learning_rate"));
    CHECK(has_field_error(both, "hidden"));
  }
  CHECK(has_field_error(refused(R"({"v":1,"id":1,"cmd":"step","count":0})").errors, "count"));
  CHECK(has_field_error(refused(R"({"v":1,"id":1,"cmd":"step","count":1e9})").errors, "count"));
  CHECK(has_field_error(refused(R"({"v":1,"id":1,"cmd":"step","count":"ten"})").errors, "count"));
  CHECK(has_field_error(refused(R"({"v":1,"id":1,"cmd":"hidden_probs"})").errors, "index"));
  CHECK(has_field_error(refused(R"({"v":1,"id":1,"cmd":"hidden_probs","index":-3})").errors, "index"));
  // Deep nesting and huge numbers do not crash the parser.
  refused(std::string(100000, '[') + std::string(100000, ']'));
  refused(R"({"v":1,"id":1,"cmd":"init","config":{"learning_rate":1e999}})");

  // The refusal reply carries the id when one could be read.
  const auto d = refused(R"({"v":1,"id":17,"cmd":"explode"})");
  const Json reply = protocol::make_refusal(d);
  CHECK(reply["type"] == "reply");
  CHECK(reply["id"] == 17);
  CHECK(reply["ok"] == false);
  CHECK(reply["v"] == 1);
  const Json r2 = protocol::make_refusal(refused(R"({"v":1,"id":3,"cmd":"init","config":{"momentum":"x"}})"));
  REQUIRE(r2.contains("errors"));
  CHECK(protocol::errors_from_json(r2["errors"]).at(0).field == "momentum");
}

// ---------------------------------------------------------------- the worker, end to end

TEST_CASE("worker: loads data, trains by steps, answers commands, feeds the UI's state") {
  Rig rig;
  // Before data: only status is answered.
  Json r = rig.send({{"cmd", "train"}});
  CHECK(r["ok"] == false);
  CHECK(r["message"].get<std::string>().find("loading") != std::string::npos);
  CHECK(rig.send({{"cmd", "status"}})["status"]["state"] == "loading");

  REQUIRE(rig.load());
  CHECK(rig.worker.state() == web::WorkerState::Idle);
  REQUIRE(rig.out.last("ready"));
  CHECK((*rig.out.last("ready"))["train_count"] == 300);
  CHECK((*rig.out.last("ready"))["config"]["train_count"] == 300);  // clamped to the data
  CHECK(rig.ui.ready);
  CHECK(rig.rbm().has_config);
  CHECK(rig.ui.state == "idle");
  CHECK(rig.rbm().has_metric("free_energy_test"));

  // The first snapshot: the documented buffers, with their shapes, through the bridge.
  const Json* snap = rig.out.last("snapshot");
  REQUIRE(snap);
  const int nh = RbmConfig{}.hidden;
  auto shape = [&](const char* name, int rows, int cols) {
    const ui::Buffer* b = rig.rbm().buffer(name);
    REQUIRE_MESSAGE(b, name);
    CHECK_MESSAGE(b->rows == rows, name);
    CHECK_MESSAGE(b->cols == cols, name);
    CHECK(b->data.size() == size_t(rows) * size_t(cols));
  };
  shape("filters", 784, std::min(100, nh));
  shape("data", 784, 10);
  shape("reconstructions", 784, 10);
  shape("fantasy", 784, RbmConfig{}.fantasy_chains);
  shape("probe", 784, 1);
  shape("hidden_probs", nh, 1);
  shape("visible_bias", 784, 1);
  shape("hidden_bias", nh, 1);
  CHECK(rig.rbm().buffer("positive_stats") == nullptr);  // no update yet
  CHECK(rig.rbm().digit_labels == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  for (float p : rig.rbm().buffer("hidden_probs")->data) CHECK((p >= 0 && p <= 1));

  // Step: the reply comes when the updates are done; then paused with stats.
  r = rig.send({{"cmd", "step"}, {"count", 30}});
  CHECK(r["ok"] == true);
  CHECK(r["updates_done"] == 30);
  CHECK(rig.updates() == 30);
  CHECK(rig.worker.state() == web::WorkerState::Paused);
  CHECK(rig.ui.state == "paused");
  CHECK(rig.rbm().updates == 30);
  CHECK(rig.rbm().has_metric("recon_error"));
  CHECK(rig.rbm().history.at("recon_error").x.size() >= 1);
  shape("positive_stats", 784, 16);
  shape("negative_stats", 784, 16);
  shape("stats_difference", 784, 16);
  {
    const auto& pos = rig.rbm().buffer("positive_stats")->data;
    const auto& neg = rig.rbm().buffer("negative_stats")->data;
    const auto& dif = rig.rbm().buffer("stats_difference")->data;
    for (size_t i = 0; i < dif.size(); i += 97) CHECK(dif[i] == doctest::Approx(pos[i] - neg[i]));
  }

  // Live change: applied at once, same model (same run), the reply says so.
  const int run = rig.worker.run();
  r = rig.send({{"cmd", "set"}, {"config", {{"learning_rate", 0.02}, {"cd_k", 2}}}});
  CHECK(r["ok"] == true);
  CHECK(r["applied"] == "live");
  CHECK(r["reset"] == false);
  CHECK(rig.worker.run() == run);
  CHECK(rig.config()["cd_k"] == 2);
  CHECK(dynamic_cast<const web::RbmSession&>(*rig.worker.session()).trainer().config().cd_k == 2);
  CHECK(rig.rbm().config["cd_k"] == 2);
  CHECK(rig.updates() == 30);

  // Invalid change: refused per field, nothing changes.
  r = rig.send({{"cmd", "set"}, {"config", {{"learning_rate", -3}, {"hidden", "lots"}}}});
  CHECK(r["ok"] == false);
  CHECK(has_field_error(protocol::errors_from_json(r["errors"]), "learning_rate"));
  CHECK(has_field_error(rig.ui.field_errors, "hidden"));
  r = rig.send({{"cmd", "set"}, {"config", {{"colour", "blue"}}}});
  CHECK(has_field_error(protocol::errors_from_json(r["errors"]), "colour"));
  CHECK(rig.config()["learning_rate"] == 0.02);
  r = rig.send({{"cmd", "set"}, {"config", {{"train_count", 5000}}}});  // more than the data has
  CHECK(r["ok"] == false);
  CHECK(has_field_error(protocol::errors_from_json(r["errors"]), "train_count"));
  CHECK(rig.updates() == 30);

  // Structural change: a new model (new run), history restarts.
  r = rig.send({{"cmd", "set"}, {"config", {{"hidden", 16}}}});
  CHECK(r["ok"] == true);
  CHECK(r["applied"] == "reset");
  CHECK(r["reset"] == true);
  CHECK(r["changed"] == Json::array({"hidden"}));
  CHECK(rig.worker.run() == run + 1);
  CHECK(rig.updates() == 0);
  CHECK(rig.config()["learning_rate"] == 0.02);  // live settings kept
  CHECK(rig.rbm().run == run + 1);
  CHECK((rig.rbm().history.count("recon_error") == 0 || rig.rbm().history.at("recon_error").x.empty()));
  CHECK(rig.ui.field_errors.empty());
  shape("filters", 784, 16);
  shape("hidden_probs", 16, 1);

  // Exact log-likelihood: allowed at hidden 16 (and negative), refused above 20.
  r = rig.send({{"cmd", "exact_ll"}});
  REQUIRE(r["ok"] == true);
  CHECK(r["exact_log_likelihood"].get<double>() < 0);
  REQUIRE(rig.out.last("busy"));  // 2^16 states: announced first
  CHECK((*rig.out.last("busy"))["task"] == "exact_log_likelihood");
  CHECK(rig.ui.busy.empty());      // cleared by the final busy event (empty message)
  CHECK(rig.rbm().has_metric("exact_log_likelihood"));
  rig.send({{"cmd", "set"}, {"config", {{"hidden", 21}}}});
  r = rig.send({{"cmd", "exact_ll"}});
  CHECK(r["ok"] == false);
  CHECK(r["message"].get<std::string>().find("20") != std::string::npos);

  // The sum runs in slices between commands: a status is answered while it runs,
  // and rebuilding the model cancels it with a reply.
  rig.send({{"cmd", "set"}, {"config", {{"hidden", 18}}}});
  const int pending = rig.next_id++;
  rig.worker.handle(protocol::dump(Json{{"v", 1}, {"id", pending}, {"cmd", "exact_ll"}}));
  CHECK(rig.worker.wants_to_run());
  rig.worker.run_chunk();
  rig.worker.after_chunk(1.0, 1e6);
  CHECK(rig.out.reply(pending) == nullptr);
  REQUIRE(rig.out.last("busy"));
  const double fraction = (*rig.out.last("busy"))["fraction"].get<double>();
  CHECK(fraction > 0.0);
  CHECK(fraction < 1.0);
  CHECK(rig.send({{"cmd", "status"}})["ok"] == true);
  CHECK(rig.out.reply(pending) == nullptr);
  rig.send({{"cmd", "reset"}});
  REQUIRE(rig.out.reply(pending) != nullptr);
  CHECK((*rig.out.reply(pending))["ok"] == false);
  CHECK((*rig.out.reply(pending))["message"].get<std::string>().find("cancelled") != std::string::npos);

  // A structural change during a step ends the step (with its reply) and does not
  // leave the worker training.
  const int stepping = rig.next_id++;
  rig.worker.handle(protocol::dump(Json{{"v", 1}, {"id", stepping}, {"cmd", "step"}, {"count", 1000}}));
  rig.worker.run_chunk();
  rig.worker.after_chunk(1.0, 2e6);
  CHECK(rig.out.reply(stepping) == nullptr);
  CHECK(rig.send({{"cmd", "set"}, {"config", {{"hidden", 12}}}})["applied"] == "reset");
  REQUIRE(rig.out.reply(stepping) != nullptr);
  CHECK(rig.worker.state() == web::WorkerState::Idle);
  CHECK_FALSE(rig.worker.wants_to_run());

  // Small models get the exact value with every evaluation.
  rig.send({{"cmd", "set"}, {"config", {{"hidden", 8}}}});
  rig.send({{"cmd", "step"}, {"count", 5}});
  CHECK(rig.rbm().has_metric("exact_log_likelihood"));

  // Probe a digit; out of range is refused.
  r = rig.send({{"cmd", "hidden_probs"}, {"index", 13}});
  CHECK(r["ok"] == true);
  CHECK(r["label"] == 3);
  CHECK(rig.rbm().probe_index == 13);
  CHECK(rig.rbm().probe_label == 3);
  r = rig.send({{"cmd", "hidden_probs"}, {"index", 60}});
  CHECK(r["ok"] == false);
  CHECK(has_field_error(protocol::errors_from_json(r["errors"]), "index"));

  // Train runs until paused; chunks grow from one update; progress every chunk.
  r = rig.send({{"cmd", "train"}});
  CHECK(r["ok"] == true);
  CHECK(rig.worker.wants_to_run());
  double now = 1000;
  for (int i = 0; i < 20; ++i) {
    const int done = rig.worker.run_chunk();
    CHECK(done == rig.worker.chunk_batches());
    now += 2;
    rig.worker.after_chunk(0.1 * done, now);
  }
  CHECK(rig.worker.chunk_batches() > 1);
  CHECK(rig.ui.state == "training");
  r = rig.send({{"cmd", "pause"}});
  CHECK(r["ok"] == true);
  CHECK(!rig.worker.wants_to_run());
  CHECK(rig.ui.state == "paused");

  // Status reply, reset, init (with defaults for absent fields).
  r = rig.send({{"cmd", "status"}});
  CHECK(r["status"]["state"] == "paused");
  CHECK(r["status"]["config"]["hidden"] == 8);
  r = rig.send({{"cmd", "reset"}});
  CHECK(r["ok"] == true);
  CHECK(rig.updates() == 0);
  CHECK(rig.ui.state == "idle");
  r = rig.send({{"cmd", "init"}, {"model", "rbm"}, {"config", {{"hidden", 12}, {"train_count", 200}}}});
  CHECK(r["ok"] == true);
  CHECK(rig.config()["hidden"] == 12);
  CHECK(rig.config()["learning_rate"] == 0.05);  // the default, not the value in use before
  CHECK(rig.config()["train_count"] == 200);

  // Garbage through the worker: a refusal, never a crash.
  rig.worker.handle(std::string("{\"v\":1,\"id\":999,\"cmd\":"));
  CHECK(rig.out.events.back()["type"] == "reply");
  CHECK(rig.out.events.back()["ok"] == false);
  rig.worker.handle(std::string("{\"v\":1,\"id\":998,\"cmd\":\"explode\"}"));
  CHECK(rig.out.events.back()["id"] == 998);
  CHECK(rig.ui.bad_events == 0);
}

TEST_CASE("worker: divergence pauses with a message and keeps finite weights") {
  Rig rig;
  REQUIRE(rig.load());
  // learning_rate x weight_decay > 2 makes the decay term explode.
  Json r = rig.send({{"cmd", "set"}, {"config", {{"learning_rate", 100}, {"weight_decay", 1}, {"momentum", 0.99}}}});
  REQUIRE(r["ok"] == true);
  r = rig.send({{"cmd", "step"}, {"count", 2000}});
  CHECK(r["ok"] == false);
  CHECK(r["updates_done"].get<int>() < 2000);
  REQUIRE(rig.out.last("error"));
  CHECK((*rig.out.last("error"))["message"].get<std::string>().find("diverged") != std::string::npos);
  CHECK(rig.worker.state() == web::WorkerState::Paused);
  CHECK(rig.ui.state == "paused");
  CHECK(rig.ui.error_version > 0);
  const auto& p = dynamic_cast<const web::RbmSession&>(*rig.worker.session()).trainer().rbm().params();
  CHECK(all_finite(p.data(), p.size()));
  // The lab keeps working: a sane rate, and training resumes.
  r = rig.send({{"cmd", "set"}, {"config", {{"learning_rate", 0.01}, {"weight_decay", 0.0001}, {"momentum", 0.5}}}});
  CHECK(r["ok"] == true);
  r = rig.send({{"cmd", "step"}, {"count", 10}});
  CHECK(r["ok"] == true);
}

TEST_CASE("worker: corrupt or missing data gives an error event and a readable refusal") {
  Rig rig;
  const auto tri = idx_images(300, 28, 28), trl = idx_labels(300);
  const auto tel = idx_labels(60);
  std::vector<uint8_t> truncated = idx_images(60, 28, 28);
  truncated.resize(truncated.size() / 2);
  CHECK_FALSE(rig.worker.load_data(tri, trl, truncated, tel));
  CHECK(rig.worker.state() == web::WorkerState::Error);
  REQUIRE(rig.out.last("error"));
  const std::string message = (*rig.out.last("error"))["message"];
  CHECK(message.find("test images") != std::string::npos);
  CHECK(rig.ui.state == "error");
  CHECK(rig.ui.last_error == message);
  Json r = rig.send({{"cmd", "train"}});
  CHECK(r["ok"] == false);
  CHECK(r["message"].get<std::string>().find("test images") != std::string::npos);

  // Labels that do not match the images.
  Rig rig2;
  const auto few = idx_labels(10);
  CHECK_FALSE(rig2.worker.load_data(tri, few, tri, trl));
  CHECK(rig2.worker.state() == web::WorkerState::Error);

  // A fetch failure reported by the host.
  Rig rig3;
  rig3.worker.fail_loading("data/train-images-idx3-ubyte: HTTP 404");
  CHECK(rig3.ui.state == "error");
  CHECK(rig3.ui.last_error.find("404") != std::string::npos);
  // And a later good load recovers.
  CHECK(rig3.load());
  CHECK(rig3.worker.state() == web::WorkerState::Idle);
}

TEST_CASE("bridge: commands go out through the hook; odd events are counted, not fatal") {
  std::vector<std::string> sent;
  ui::set_command_hook([&](const std::string& text) {
    sent.push_back(text);
    return int(sent.size());
  });
  CHECK(ui::set_config({{"momentum", 0.8}}) == 1);
  CHECK(ui::step(5) == 2);
  CHECK(ui::probe_digit(4) == 3);
  CHECK(ui::init_model("rbm", protocol::config_to_json(RbmConfig{})) == 4);
  CHECK(ui::use_model("grbm2d") == 5);
  CHECK(ui::send_points({1.0f, 2.0f, -3.0f, 0.5f}) == 6);
  ui::set_command_hook(nullptr);
  for (const auto& text : sent) {
    Json j = protocol::parse(text);
    j["v"] = 1;
    j["id"] = 1;  // what lab.js adds
    const auto d = protocol::decode_command(j);
    CHECK_MESSAGE(d.ok, text << ": " << d.message);
  }
  CHECK(ui::train() == -1);  // natively, without a hook: nowhere to send

  ui::LabState s;
  CHECK_FALSE(ui::apply_event(s, "garbage"));
  CHECK_FALSE(ui::apply_event(s, R"({"v":1})"));
  CHECK(ui::apply_event(s, R"({"v":1,"type":"load","file":"a","loaded":10,"total":100})"));
  CHECK(ui::apply_event(s, R"({"v":1,"type":"load","file":"a","loaded":100,"total":100})"));
  REQUIRE(s.loads.size() == 1);
  CHECK(s.loads[0].loaded == 100);
  // A snapshot whose buffer does not arrive is flagged, not trusted.
  CHECK_FALSE(ui::apply_event(s, R"({"v":1,"type":"snapshot","buffers":[{"name":"filters","rows":784,"cols":2}]})",
                              [](int, float*, size_t) { return false; }));
  CHECK(s.view("rbm").buffer("filters") == nullptr);
  CHECK(ui::apply_event(s, R"({"v":1,"type":"some_future_event"})"));
  // History is thinned, not unbounded.
  for (int i = 0; i < int(ui::kMaxHistory) * 3; ++i) {
    ui::apply_event(s, R"({"v":1,"type":"progress","state":"training","run":1,"updates":)" + std::to_string(i) +
                           R"(,"metrics":{"recon_error":1.5}})");
  }
  CHECK(s.view("rbm").history.at("recon_error").x.size() <= ui::kMaxHistory);
  CHECK(s.view("rbm").history.at("recon_error").x.size() >= ui::kMaxHistory / 2);
  CHECK(s.view("rbm").metric("recon_error") == 1.5);
  // Events name their model: another model's progress lands in its own view, and
  // the one that was training is no longer shown as training.
  CHECK(ui::apply_event(s, R"({"v":1,"type":"progress","state":"training","model":"grbm2d","run":7,"updates":3,)"
                           R"("metrics":{"components":4}})"));
  CHECK(s.model == "grbm2d");
  CHECK(s.view("grbm2d").metric("components") == 4);
  CHECK(s.view("grbm2d").state == "training");
  CHECK(s.view("rbm").state == "paused");
  CHECK(s.view("rbm").metric("recon_error") == 1.5);  // kept
}

TEST_CASE("worker: with a host clock, costly evaluations and snapshots are spaced out") {
  // A fake host clock that advances 200 ms per reading: every evaluation and
  // snapshot measures as 200 ms, so at a 10% share they come every 2 s.
  double fake = 0;
  Rig rig([&] { return fake += 200; });
  REQUIRE(rig.load());
  REQUIRE(rig.send({{"cmd", "train"}})["ok"] == true);
  const size_t first = rig.out.events.size();
  double now = 10000;
  for (int i = 0; i < 100; ++i) {  // 100 chunks over 10 s of host time
    rig.worker.run_chunk();
    now += 100;
    rig.worker.after_chunk(50, now);
  }
  int evaluations = 0, snapshots = 0;
  for (size_t i = first; i < rig.out.events.size(); ++i) {
    const Json& e = rig.out.events[i];
    evaluations += e["type"] == "progress" && e["metrics"].contains("pseudo_likelihood");
    snapshots += e["type"] == "snapshot";
  }
  // Without the clock: 10 evaluations and 40 snapshots in 10 s.
  CHECK(evaluations >= 4);
  CHECK(evaluations <= 6);
  CHECK(snapshots >= 4);
  CHECK(snapshots <= 6);
  const Json st = rig.send({{"cmd", "status"}})["status"];
  CHECK(st["costs_ms"]["evaluate"] == doctest::Approx(200));
  CHECK(st["costs_ms"]["snapshot"] == doctest::Approx(200));
}

TEST_CASE("protocol: config values written as text, and floats written as typed") {
  using latent::protocol::value_from_text;
  CHECK(value_from_text("true") == true);
  CHECK(value_from_text("12") == 12);
  CHECK(value_from_text("12").is_number_integer());
  CHECK(value_from_text("0.5") == 0.5);
  CHECK(value_from_text("1e-4").is_number_float());
  CHECK(value_from_text("dynamic") == "dynamic");
  CHECK(value_from_text("12abc") == "12abc");
  CHECK(value_from_text("-9999999999999999999").is_number_float());  // beyond 2^53: not an integer
  CHECK(value_from_text("-7") == -7);
  // Found by fuzz_link_state: a number beyond a double's range became infinity, which
  // a link writes as null. It stays text (the field then refuses it, naming itself).
  for (const char* text : {"1e770", "-1e999", "inf", "nan"}) CHECK(value_from_text(text) == text);
  latent::RbmConfig c;
  c.learning_rate = 0.05f;
  c.weight_decay = 1e-4f;
  const std::string text = latent::protocol::dump(latent::protocol::config_to_json(c));
  CHECK(text.find("\"learning_rate\":0.05,") != std::string::npos);
  CHECK(text.find("\"weight_decay\":0.0001") != std::string::npos);
  latent::RbmConfig back;
  REQUIRE(latent::protocol::config_from_json(latent::protocol::config_to_json(c), latent::RbmConfig{}, back).empty());
  CHECK(back.learning_rate == c.learning_rate);  // the short decimal reads back as the same float
}

TEST_CASE("worker: the 2-D GRBM lab and the GRBM on MNIST, beside the RBM") {
  Rig rig;
  REQUIRE(rig.load());
  rig.send({{"cmd", "step"}, {"count", 5}});  // the RBM has trained a little
  const int rbm_run = rig.worker.run();

  // use: the 2-D lab with its defaults (grid, d = 2); events name their model.
  Json r = rig.send({{"cmd", "use"}, {"model", "grbm2d"}});
  REQUIRE(r["ok"] == true);
  CHECK(r["model"] == "grbm2d");
  CHECK(r["config"]["dataset"] == "grid");
  CHECK(r["config"]["hidden"] == 2);
  CHECK(rig.ui.model == "grbm2d");
  const ui::ModelView& plane = rig.ui.view("grbm2d");
  CHECK(plane.has_config);
  CHECK(plane.has_metric("exact_log_likelihood_train"));
  const ui::Buffer* points = plane.buffer("points");
  REQUIRE(points);
  CHECK(points->rows == 2);
  CHECK(points->cols == r["config"]["points"].get<int>());
  REQUIRE(plane.buffer("component_means"));
  CHECK(plane.buffer("component_means")->cols == 4);
  CHECK(plane.buffer("component_weights")->rows == 4);
  CHECK(plane.buffer("W")->cols == 2);
  CHECK(plane.buffer("density")->rows == web::GrbmSession::kDensityGrid);
  double density_sum = 0;  // p(v) on the grid, times the cell area: about 1 (the mass inside the plane)
  for (float v : plane.buffer("density")->data) density_sum += v;
  const double cell = 16.0 / web::GrbmSession::kDensityGrid;
  CHECK(density_sum * cell * cell == doctest::Approx(1.0).epsilon(0.05));

  // Training raises the exact log-likelihood; 4 components carry weight.
  const double before = plane.metric("exact_log_likelihood_train");
  r = rig.send({{"cmd", "step"}, {"count", 3000}});
  CHECK(r["ok"] == true);
  const double after = plane.metric("exact_log_likelihood_train");
  CHECK(after > before + 0.5);
  CHECK(plane.metric("components") == 4);
  CHECK(rig.send({{"cmd", "status"}})["status"]["metrics"]["components"] == 4);
  CHECK(rig.rbm().updates == 5);  // the RBM's view kept its own state

  // Continuous training is paced (updates_per_second, 100 by default on the plane):
  // over 2 s of host time, about 1000 updates at 500/s; the host is asked to wait
  // when ahead of the pace.
  CHECK(plane.config["updates_per_second"] == 100);
  REQUIRE(rig.send({{"cmd", "set"}, {"config", {{"updates_per_second", 500}}}})["applied"] == "live");
  {
    const long long start = rig.updates();
    REQUIRE(rig.send({{"cmd", "train"}})["ok"] == true);
    double now = 1e7, waited = 0;
    int asked_to_wait = 0;
    while (now < 1e7 + 2000) {
      rig.worker.run_chunk();
      rig.worker.after_chunk(0.01, now);
      const double wait = rig.worker.wait_ms();
      asked_to_wait += wait > 0;
      waited += wait;
      now += std::max(wait, 1.0);
    }
    rig.send({{"cmd", "pause"}});
    const long long done = rig.updates() - start;
    CHECK(done >= 900);
    CHECK(done <= 1100);
    CHECK(asked_to_wait > 0);
    CHECK(rig.send({{"cmd", "set"}, {"config", {{"updates_per_second", -1}}}})["ok"] == false);
  }

  // Points: the student's own set; bad sets are refused and nothing changes.
  r = rig.send({{"cmd", "points"}, {"points", {{1.0, 1.0}}}});
  CHECK(r["ok"] == true);
  CHECK(plane.config["dataset"] == "custom");
  CHECK(plane.buffer("points")->cols == 1);
  r = rig.send({{"cmd", "step"}, {"count", 300}});
  CHECK(r["ok"] == true);
  CHECK(std::isfinite(plane.metric("exact_log_likelihood_train")));
  r = rig.send({{"cmd", "points"}, {"points", {{0.0, 0.0}, {1e6, 2.0}}}});
  CHECK(r["ok"] == false);
  CHECK(has_field_error(protocol::errors_from_json(r["errors"]), "points"));
  CHECK(plane.buffer("points")->cols == 1);
  CHECK(rig.send({{"cmd", "points"}, {"points", Json::array()}})["ok"] == false);
  CHECK(rig.send({{"cmd", "hidden_probs"}, {"index", 1}})["ok"] == false);  // not a plane command
  // A structural change keeps the student's points.
  r = rig.send({{"cmd", "set"}, {"config", {{"hidden", 3}}}});
  CHECK(r["applied"] == "reset");
  CHECK(plane.buffer("points")->cols == 1);
  CHECK(plane.buffer("component_means")->cols == 8);
  // d is at most 10 in the plane; the dataset cannot be MNIST there.
  CHECK(rig.send({{"cmd", "set"}, {"config", {{"hidden", 11}}}})["ok"] == false);
  CHECK(rig.send({{"cmd", "set"}, {"config", {{"dataset", "mnist"}}}})["ok"] == false);
  // d = 0: one Gaussian.
  r = rig.send({{"cmd", "init"}, {"model", "grbm2d"}, {"config", {{"hidden", 0}, {"dataset", "two_blobs"}}}});
  CHECK(r["ok"] == true);
  CHECK(plane.buffer("component_means")->cols == 1);
  CHECK(rig.send({{"cmd", "step"}, {"count", 50}})["ok"] == true);

  // The GRBM on MNIST (standardised pixels): the picture buffers of the RBM page, as grey levels.
  r = rig.send({{"cmd", "init"}, {"model", "grbm"}, {"config", {{"hidden", 8}, {"train_count", 200}}}});
  REQUIRE(r["ok"] == true);
  const ui::ModelView& mnist = rig.ui.view("grbm");
  CHECK(mnist.buffer("filters")->cols == 8);
  CHECK(mnist.buffer("data")->cols == 10);
  CHECK(mnist.buffer("reconstructions")->rows == 784);
  const auto& grey = mnist.buffer("reconstructions")->data;
  CHECK(std::all_of(grey.begin(), grey.end(), [](float v) { return v >= 0.0f && v <= 1.0f; }));
  r = rig.send({{"cmd", "step"}, {"count", 50}});
  CHECK(r["ok"] == true);
  CHECK(mnist.has_metric("recon_error"));
  CHECK(mnist.has_metric("free_energy_test"));
  CHECK(mnist.has_metric("exact_log_likelihood"));  // 8 hidden units: exact with each evaluation
  CHECK_FALSE(mnist.has_metric("components"));      // among 2^d on MNIST the count jumps: not reported
  r = rig.send({{"cmd", "exact_ll"}});
  CHECK(r["ok"] == true);
  CHECK(std::isfinite(r["exact_log_likelihood"].get<double>()));
  CHECK(r["hidden"] == 8);  // the units summed over

  // Back to the RBM: its model and run were kept.
  r = rig.send({{"cmd", "use"}, {"model", "rbm"}});
  CHECK(r["ok"] == true);
  CHECK(rig.worker.run() == rbm_run);
  CHECK(rig.updates() == 5);
}

TEST_CASE("worker: the VAE and the autoencoder, with the RBM's hidden units beside them") {
  Rig rig;
  REQUIRE(rig.load());
  Json r = rig.send({{"cmd", "init"}, {"model", "vae"}, {"config", {{"train_count", 300}, {"hidden", 32}, {"batch_size", 20},
                                                                    {"iw_samples", 200}, {"iw_digits", 4}}}});
  REQUIRE(r["ok"] == true);
  const ui::ModelView& vae = rig.ui.view("vae");
  CHECK(vae.config["latent"] == 2);
  CHECK(vae.config["binarization"] == "dynamic");  // the VAE default
  auto shape = [&](const char* name, int rows, int cols) {
    const ui::Buffer* b = vae.buffer(name);
    REQUIRE_MESSAGE(b, name);
    CHECK_MESSAGE(b->rows == rows, name);
    CHECK_MESSAGE(b->cols == cols, name);
  };
  shape("data", 784, 10);
  shape("reconstructions", 784, 10);
  shape("map", 2, 60);  // the synthetic test set has 60 digits
  shape("map_cov", 3, 60);
  shape("map_labels", 60, 1);
  shape("manifold", 784, web::VaeSession::kManifoldGrid * web::VaeSession::kManifoldGrid);
  shape("prior_samples", 784, 16);
  shape("interpolation", 784, 10);
  shape("probe_mean", 2, 1);
  shape("probe_sd", 2, 1);
  CHECK(vae.buffer("rbm_hidden_probs"));  // the RBM (built at load) beside it
  CHECK(vae.buffer("rbm_hidden_probs")->rows == RbmConfig{}.hidden);

  const double before = vae.metric("elbo_test");
  r = rig.send({{"cmd", "step"}, {"count", 200}});
  CHECK(r["ok"] == true);
  CHECK(vae.has_metric("elbo_minibatch"));
  CHECK(vae.metric("elbo_test") > before);
  CHECK(vae.metric("elbo_test") == doctest::Approx(vae.metric("recon_test") - vae.metric("kl_test")));

  // The gap: importance sampling on 4 test digits, one per slice.
  r = rig.send({{"cmd", "exact_ll"}});
  REQUIRE(r["ok"] == true);
  CHECK(r["latent"] == 2);       // what the reply's figures are about: the latent size and k,
  CHECK(r["samples"] == 200);
  CHECK_FALSE(r.contains("hidden"));  // not "hidden"
  CHECK(vae.metric("iw_log_likelihood") >= vae.metric("iw_elbo") - 0.05);
  CHECK(vae.metric("iw_gap") == doctest::Approx(vae.metric("iw_log_likelihood") - vae.metric("iw_elbo")));
  shape("iw", 3, 4);

  // Commands of the page; a map point decodes; bad indices are refused.
  CHECK(rig.send({{"cmd", "interpolate"}, {"from", 3}, {"to", 5}})["ok"] == true);
  CHECK(vae.snapshot["interpolation"]["from"] == 3);
  CHECK(rig.send({{"cmd", "interpolate"}, {"from", 3}, {"to", 500}})["ok"] == false);
  CHECK(rig.send({{"cmd", "decode"}, {"point", {0.5, -1.0}}})["ok"] == true);
  shape("decoded", 784, 1);
  CHECK(rig.send({{"cmd", "hidden_probs"}, {"index", 7}})["ok"] == true);
  CHECK(vae.snapshot["probe"]["index"] == 7);

  // Above 2 latents the map is a PCA projection; no manifold.
  r = rig.send({{"cmd", "set"}, {"config", {{"latent", 5}}}});
  CHECK(r["applied"] == "reset");
  shape("map", 2, 60);
  CHECK(vae.snapshot["map"]["projected"] == true);
  CHECK(vae.buffer("manifold") == nullptr);
  shape("probe_mean", 5, 1);

  // Bad input: latent size 0 or absurd; the plain autoencoder has no gap to measure.
  r = rig.send({{"cmd", "set"}, {"config", {{"latent", 0}}}});
  CHECK(r["ok"] == false);
  CHECK(has_field_error(protocol::errors_from_json(r["errors"]), "latent"));
  CHECK(rig.send({{"cmd", "set"}, {"config", {{"latent", 100000}}}})["ok"] == false);
  r = rig.send({{"cmd", "set"}, {"config", {{"variational", false}}}});
  CHECK(r["applied"] == "reset");
  CHECK(rig.send({{"cmd", "step"}, {"count", 20}})["ok"] == true);
  CHECK_FALSE(vae.has_metric("kl_test"));
  r = rig.send({{"cmd", "exact_ll"}});
  CHECK(r["ok"] == false);
  CHECK(r["message"].get<std::string>().find("VAE") != std::string::npos);
}

TEST_CASE("worker: the deep belief network's stages: pre-training, fine-tuning, the 2-D maps") {
  Rig rig;
  REQUIRE(rig.load());
  // The stages' budgets as written here, whatever the defaults.
  Json r = rig.send({{"cmd", "init"},
                     {"model", "dbn"},
                     {"config",
                      {{"layers", "20-10"}, {"train_count", 300}, {"finetune_epochs", 2}, {"finetune_min_updates", 0},
                       {"finetune_batch_size", 100}, {"map_epochs", 1}}}});
  REQUIRE(r["ok"] == true);
  CHECK(r["config"]["layers"] == "20-10");
  const ui::ModelView& dbn = rig.ui.view("dbn");
  CHECK(dbn.snapshot["stage"] == "pretrain");
  CHECK(dbn.snapshot["stack"]["sizes"] == Json::array({784, 20, 10}));
  CHECK(dbn.snapshot["stack"]["training"] == 0);
  REQUIRE(dbn.buffer("filters_1"));
  CHECK(dbn.buffer("filters_1")->cols == 20);
  CHECK(dbn.buffer("filters_2")->rows == 784);
  CHECK(dbn.buffer("filters_2")->cols == 10);
  CHECK(dbn.buffer("samples")->cols == web::DbnSession::kSampleChains);
  CHECK(dbn.buffer("samples_from_1")->rows == 784);

  // Fine-tuning or decoding before pre-training: refused, saying what to do.
  r = rig.send({{"cmd", "stage"}, {"stage", "finetune"}});
  CHECK(r["ok"] == false);
  CHECK(r["message"].get<std::string>().find("Pre-training has not finished (0 of 2 layers trained)") != std::string::npos);
  CHECK(rig.send({{"cmd", "decode"}, {"point", {0, 0}}, {"map", "pca"}})["ok"] == false);
  CHECK(rig.send({{"cmd", "stage"}, {"stage", "tsne"}})["ok"] == false);

  // One epoch per layer (15 minibatches of 20), then the classifiers take over.
  r = rig.send({{"cmd", "step"}, {"count", 30}});
  CHECK(r["updates_done"] == 30);
  CHECK(dbn.snapshot["stack"]["training"] == 2);
  CHECK(dbn.snapshot["stage"] == "finetune");
  CHECK(dbn.snapshot["finetune"]["epochs"] == Json::array({0, 0}));
  CHECK(dbn.has_metric("test_recon_layer_1"));
  CHECK(dbn.has_metric("test_recon_layer_2"));
  CHECK(dbn.series("recon_layer_1"));

  // Two epochs of 3 minibatches of 100 for each classifier, in turn.
  r = rig.send({{"cmd", "step"}, {"count", 12}});
  CHECK(r["updates_done"] == 12);
  CHECK(dbn.snapshot["stage"] == "maps");
  CHECK(dbn.snapshot["finetune"]["epochs"] == Json::array({2, 2}));
  for (const char* m : {"test_error_pretrained", "test_error_random", "loss_pretrained", "loss_random"}) {
    REQUIRE_MESSAGE(dbn.has_metric(m), m);
    CHECK(dbn.metric(m) >= 0);
  }
  CHECK(dbn.metric("test_error_random") <= 1);

  // The maps: 52 of the 60 test digits (8 held out as unseen), t-SNE's 1,000 iterations
  // beside the autoencoder's epoch, then training is complete.
  r = rig.send({{"cmd", "step"}, {"count", 2000}});
  CHECK(r["message"] == "training is complete");
  CHECK(rig.worker.state() == web::WorkerState::Paused);
  CHECK(dbn.snapshot["stage"] == "done");
  const Json& maps = dbn.snapshot["maps"];
  CHECK(maps["digits"] == 52);
  CHECK(maps["tsne_iteration"] == 1000);
  CHECK(maps["projected"] == false);
  for (const char* m : {"map_autoencoder", "map_pca", "map_tsne"}) {
    REQUIRE_MESSAGE(dbn.buffer(m), m);
    CHECK(dbn.buffer(m)->rows == 2);
    CHECK(dbn.buffer(m)->cols == 52);
  }
  CHECK(dbn.buffer("map_pixels")->rows == 784);
  CHECK(dbn.buffer("map_labels")->data[3] == 3);  // the synthetic digit i has label i % 10
  CHECK(dbn.buffer("unseen_pca")->cols == 8);
  CHECK(dbn.buffer("unseen_autoencoder")->cols == 8);
  CHECK(dbn.buffer("unseen_labels")->data[0] == 2);  // test digit 52
  for (const char* m : {"autoencoder", "pca", "tsne"}) {
    CHECK(maps["agreement"][m].get<double>() >= 0);
    CHECK(maps["agreement"][m].get<double>() <= 1);
  }
  CHECK(dbn.has_metric("map_test_loss"));
  CHECK(dbn.metric("map_recon_pca") > 0);
  CHECK(dbn.metric("map_recon_autoencoder") > 0);
  CHECK(dbn.has_metric("tsne_kl"));

  // Decoding a point of the PCA map: the mean digit at the origin.
  r = rig.send({{"cmd", "decode"}, {"point", {0, 0}}, {"map", "pca"}});
  REQUIRE(r["ok"] == true);
  CHECK(dbn.snapshot["decoded"]["map"] == "pca");
  REQUIRE(dbn.buffer("decoded"));
  CHECK(dbn.buffer("decoded")->rows == 784);
  r = rig.send({{"cmd", "decode"}, {"point", {0.5, -0.5}}});
  CHECK(dbn.snapshot["decoded"]["map"] == "autoencoder");
  CHECK(rig.send({{"cmd", "decode"}, {"point", {0, 0}}, {"map", "tsne"}})["ok"] == false);

  // The stage command starts a stage afresh; the update count goes on.
  const long long before_restart = rig.updates();
  r = rig.send({{"cmd", "stage"}, {"stage", "maps"}});
  CHECK(r["ok"] == true);
  CHECK(rig.updates() == before_restart);
  CHECK(r["stage"] == "maps");
  CHECK(dbn.snapshot["maps"]["tsne_iteration"] == 0);
  r = rig.send({{"cmd", "stage"}, {"stage", "finetune"}});
  CHECK(dbn.snapshot["finetune"]["epochs"] == Json::array({0, 0}));
  // A live change of the minibatch size: epochs of 2 minibatches of 150 from now on.
  CHECK(rig.send({{"cmd", "set"}, {"config", {{"finetune_batch_size", 150}}}})["applied"] == "live");
  r = rig.send({{"cmd", "step"}, {"count", 8}});
  CHECK(r["updates_done"] == 8);
  CHECK(dbn.snapshot["finetune"]["epochs"] == Json::array({2, 2}));
  CHECK(dbn.snapshot["stage"] == "maps");
  CHECK(rig.send({{"cmd", "set"}, {"config", {{"finetune_learning_rate", 0.01}}}})["applied"] == "live");
  // Out-of-range values are refused under the fields' protocol names.
  for (const char* field : {"finetune_learning_rate", "finetune_momentum", "learning_rate", "momentum"}) {
    r = rig.send({{"cmd", "set"}, {"config", {{field, -1}}}});
    CHECK(r["ok"] == false);
    CHECK_MESSAGE(has_field_error(protocol::errors_from_json(r["errors"]), field), field);
  }

  // Bad input: layer sizes of 0 or absurd; no exact likelihood.
  r = rig.send({{"cmd", "set"}, {"config", {{"layers", "500-0"}}}});
  CHECK(r["ok"] == false);
  CHECK(has_field_error(protocol::errors_from_json(r["errors"]), "layers"));
  CHECK(rig.send({{"cmd", "set"}, {"config", {{"layers", "100000"}}}})["ok"] == false);
  CHECK(rig.send({{"cmd", "set"}, {"config", {{"layers", 0}}}})["ok"] == false);
  CHECK(rig.send({{"cmd", "set"}, {"config", {{"layers", -5}}}})["ok"] == false);
  CHECK(rig.send({{"cmd", "set"}, {"config", {{"layers", 2.5}}}})["ok"] == false);
  r = rig.send({{"cmd", "set"}, {"config", {{"layers", 30}}}});  // a number: one layer (as a link gives it)
  CHECK(r["ok"] == true);
  CHECK(rig.config()["layers"] == "30");
  r = rig.send({{"cmd", "exact_ll"}});
  CHECK(r["ok"] == false);
  CHECK(r["message"].get<std::string>().find("tractable") != std::string::npos);
}

TEST_CASE("worker: a deep belief network with a Gaussian bottom shows grey levels") {
  Rig rig;
  REQUIRE(rig.load());
  Json r = rig.send({{"cmd", "init"}, {"model", "dbn"}, {"config", {{"layers", "20-10"}, {"train_count", 300}, {"bottom", "gaussian"}, {"finetune_min_updates", 0}}}});
  REQUIRE(r["ok"] == true);
  CHECK(r["config"]["bottom"] == "gaussian");
  CHECK(rig.send({{"cmd", "set"}, {"config", {{"bottom", "normal"}}}})["ok"] == false);
  r = rig.send({{"cmd", "step"}, {"count", 42}});  // both layers, then both classifiers
  CHECK(r["updates_done"] == 42);
  const ui::ModelView& dbn = rig.ui.view("dbn");
  CHECK(dbn.snapshot["stage"] == "maps");
  CHECK(dbn.has_metric("test_error_pretrained"));
  for (const char* name : {"samples", "samples_from_1"}) {
    const ui::Buffer* b = dbn.buffer(name);
    REQUIRE(b);
    const auto [lo, hi] = std::minmax_element(b->data.begin(), b->data.end());
    CHECK(*lo >= 0.0f);
    CHECK(*hi <= 1.0f);
    CHECK(*hi > *lo);  // not a flat picture
  }
  r = rig.send({{"cmd", "decode"}, {"point", {0.2, 0.1}}});
  REQUIRE(r["ok"] == true);
  const ui::Buffer* decoded = dbn.buffer("decoded");
  REQUIRE(decoded);
  CHECK(*std::min_element(decoded->data.begin(), decoded->data.end()) >= 0.0f);
  CHECK(*std::max_element(decoded->data.begin(), decoded->data.end()) <= 1.0f);
}

TEST_CASE("worker: the deep belief network's maps with a wider code, and on a test set too small for them") {
  Rig rig;
  REQUIRE(rig.load());
  // No code layer and a 1-unit top layer: no map in two dimensions.
  Json r = rig.send({{"cmd", "init"}, {"model", "dbn"}, {"config", {{"layers", "20-1"}, {"code_size", 0}}}});
  CHECK(r["ok"] == false);
  CHECK(has_field_error(protocol::errors_from_json(r["errors"]), "code_size"));
  // A 5-unit code is shown on its 2 principal axes, and decodes from them.
  r = rig.send({{"cmd", "init"}, {"model", "dbn"}, {"config", {{"layers", "20-10"}, {"train_count", 300}, {"code_size", 5}, {"finetune_min_updates", 0}}}});
  REQUIRE(r["ok"] == true);
  CHECK(rig.send({{"cmd", "step"}, {"count", 2000}})["message"] == "training is complete");
  const ui::ModelView& dbn = rig.ui.view("dbn");
  CHECK(dbn.snapshot["maps"]["projected"] == true);
  CHECK(dbn.buffer("map_autoencoder")->rows == 2);
  CHECK(dbn.buffer("unseen_autoencoder")->cols == 8);
  REQUIRE(rig.send({{"cmd", "decode"}, {"point", {0.5, 0.5}}})["ok"] == true);
  const ui::Buffer* decoded = dbn.buffer("decoded");
  REQUIRE(decoded);
  CHECK(decoded->rows == 784);
  CHECK(std::all_of(decoded->data.begin(), decoded->data.end(), [](float x) { return x >= 0 && x <= 1; }));

  // 15 test digits: too few for the maps (8 are held out as unseen). Training ends
  // after fine-tuning, the snapshot says why, and asking for the maps changes nothing.
  Rig tiny;
  REQUIRE(tiny.load(300, 15));
  r = tiny.send({{"cmd", "init"}, {"model", "dbn"}, {"config", {{"layers", "20-10"}, {"train_count", 300}, {"finetune_min_updates", 0}}}});
  REQUIRE(r["ok"] == true);
  CHECK(tiny.send({{"cmd", "step"}, {"count", 100}})["message"] == "training is complete");
  const ui::ModelView& small = tiny.ui.view("dbn");
  CHECK(small.snapshot["stage"] == "done");
  CHECK(small.snapshot["maps"]["error"].get<std::string>().find("test digits") != std::string::npos);
  const long long updates = tiny.updates();
  r = tiny.send({{"cmd", "stage"}, {"stage", "maps"}});
  CHECK(r["ok"] == false);
  CHECK(small.snapshot["stage"] == "done");
  CHECK(tiny.updates() == updates);
}
