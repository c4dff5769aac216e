// Snapshots send only the buffers that changed (protocol.hpp, section 5): a buffer the
// same as in the model's previous snapshot is listed as kept, not sent, and the page
// (the bridge) keeps the one it has. Checked on the worker and the bridge end to end:
// no snapshot resends an unchanged buffer, every kept one is the same as before, and the
// page's pictures are always the whole snapshot.
#include <doctest/doctest.h>

#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "worker_rig.hpp"

using namespace latent;
using protocol::Json;
using test::Rig;

namespace {

using Floats = std::vector<float>;

bool same_bits(const Floats& a, const Floats& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

// Replays the rig's snapshot events as a page would (the kept buffers from the model's
// previous snapshot), checking each against the one before it: counts what was sent
// and kept, and fails on a buffer sent again unchanged or kept when it changed.
struct Replay {
  struct Model {
    int run = -1;
    std::map<std::string, Floats> buffers;
  };
  std::map<std::string, Model> models;
  size_t next_event = 0;
  int sent = 0, kept = 0, resent_unchanged = 0, kept_changed = 0;

  void take(const Rig& rig) {
    for (; next_event < rig.out.events.size(); ++next_event) {
      const Json& e = rig.out.events[next_event];
      if (e["type"] != "snapshot") continue;
      const std::vector<Floats>& data = rig.out.buffers[next_event];
      Model& m = models[e["model"].get<std::string>()];
      const bool same_run = m.run == e["run"].get<int>();
      std::map<std::string, Floats> now;
      REQUIRE(e.contains("kept"));
      for (const Json& k : e["kept"]) {
        const std::string name = k["name"];
        INFO("kept " << name << " in snapshot at updates " << e["updates"]);
        REQUIRE(same_run);  // a new run sends everything
        REQUIRE(m.buffers.count(name) == 1);
        CHECK(m.buffers[name].size() == size_t(k["rows"].get<int>() * k["cols"].get<int>()));
        now[name] = m.buffers[name];
        ++kept;
      }
      REQUIRE(data.size() == e["buffers"].size());
      for (size_t i = 0; i < data.size(); ++i) {
        const std::string name = e["buffers"][i]["name"];
        const auto before = m.buffers.find(name);
        if (same_run && before != m.buffers.end() && same_bits(before->second, data[i])) {
          ++resent_unchanged;
          FAIL_CHECK("snapshot at updates " << e["updates"] << " of " << e["model"] << " resends " << name
                                            << ", unchanged");
        }
        now[name] = data[i];
        ++sent;
      }
      m.run = e["run"].get<int>();
      m.buffers = std::move(now);
    }
  }
};

// The page's view of a model holds exactly the replayed snapshot's buffers.
void check_view(const Rig& rig, const Replay& replay, const std::string& kind) {
  const ui::ModelView& v = rig.ui.view(kind);
  const auto& expected = replay.models.at(kind).buffers;
  CHECK(v.buffers.size() == expected.size());
  for (const auto& entry : expected) {
    INFO(kind << " " << entry.first);
    const ui::Buffer* b = v.buffer(entry.first);
    REQUIRE(b != nullptr);
    CHECK(same_bits(b->data, entry.second));
  }
}

int count_named(const Json& list, const std::string& name) {
  int n = 0;
  for (const Json& b : list) n += b["name"] == name;
  return n;
}

}  // namespace

TEST_CASE("snapshots: unchanged buffers are kept, not sent again; the page keeps them") {
  Rig rig;
  REQUIRE(rig.load());
  Replay replay;
  replay.take(rig);
  const Json first = *rig.out.last("snapshot");
  CHECK(first["kept"].empty());  // the first of a model: everything
  const int sent_first = int(first["buffers"].size());
  CHECK(sent_first >= 8);

  // Nothing changed: a snapshot command sends no buffer at all, and the page's pictures stay.
  const int serial_filters = int(rig.rbm().buffer("filters")->serial);
  REQUIRE(rig.send({{"cmd", "snapshot"}})["ok"] == true);
  replay.take(rig);
  const Json* again = rig.out.last("snapshot");
  CHECK((*again)["buffers"].empty());
  CHECK(int((*again)["kept"].size()) == sent_first);
  CHECK(rig.out.buffers[size_t(again - rig.out.events.data())].empty());
  CHECK(rig.rbm().buffer("filters")->serial == serial_filters);  // no picture to remake
  check_view(rig, replay, "rbm");

  // Training changes the weights and the pictures made from them; the fixed test digits stay.
  REQUIRE(rig.send({{"cmd", "step"}, {"count", 20}})["ok"] == true);
  replay.take(rig);
  const Json* trained = rig.out.last("snapshot");
  CHECK(count_named((*trained)["buffers"], "filters") == 1);
  CHECK(count_named((*trained)["buffers"], "positive_stats") == 1);  // new since the first update
  CHECK(count_named((*trained)["kept"], "data") == 1);
  CHECK(count_named((*trained)["kept"], "probe") == 1);
  CHECK(rig.rbm().buffer("filters")->serial != serial_filters);
  check_view(rig, replay, "rbm");

  // Another probe digit: its picture and hidden units are sent, the weights kept.
  REQUIRE(rig.send({{"cmd", "hidden_probs"}, {"index", 5}})["ok"] == true);
  replay.take(rig);
  const Json* probed = rig.out.last("snapshot");
  CHECK(count_named((*probed)["buffers"], "probe") == 1);
  CHECK(count_named((*probed)["buffers"], "hidden_probs") == 1);
  CHECK(count_named((*probed)["kept"], "filters") == 1);
  CHECK(count_named((*probed)["kept"], "positive_stats") == 1);

  // Another model, and back: each model's snapshots are compared with its own.
  REQUIRE(rig.send({{"cmd", "init"}, {"model", "vae"},
                    {"config", {{"train_count", 300}, {"hidden", 32}, {"batch_size", 20}}}})["ok"] == true);
  REQUIRE(rig.send({{"cmd", "step"}, {"count", 10}})["ok"] == true);
  REQUIRE(rig.send({{"cmd", "snapshot"}})["ok"] == true);
  replay.take(rig);
  const Json* vae = rig.out.last("snapshot");
  CHECK((*vae)["model"] == "vae");
  CHECK((*vae)["buffers"].empty());
  CHECK(count_named((*vae)["kept"], "rbm_hidden_probs") == 1);  // the rbm's, beside it: unchanged
  check_view(rig, replay, "vae");
  REQUIRE(rig.send({{"cmd", "use"}, {"model", "rbm"}})["ok"] == true);
  replay.take(rig);
  CHECK(rig.out.last("snapshot")->at("buffers").empty());  // the rbm did not train meanwhile
  check_view(rig, replay, "rbm");

  // A new model (reset) sends everything again.
  REQUIRE(rig.send({{"cmd", "reset"}})["ok"] == true);
  replay.take(rig);
  CHECK(rig.out.last("snapshot")->at("kept").empty());
  check_view(rig, replay, "rbm");

  // Training on with periodic snapshots (a clock: every chunk is 300 ms apart).
  REQUIRE(rig.send({{"cmd", "train"}})["ok"] == true);
  for (int i = 0; i < 12; ++i) {
    rig.worker.run_chunk();
    rig.worker.after_chunk(1.0, 1e6 + 300.0 * i);
  }
  REQUIRE(rig.send({{"cmd", "pause"}})["ok"] == true);
  replay.take(rig);
  check_view(rig, replay, "rbm");

  CHECK(replay.resent_unchanged == 0);
  CHECK(replay.kept > replay.sent / 4);  // a real saving, not an accident of one command
  CHECK(rig.ui.bad_events == 0);
}

TEST_CASE("snapshots: the page refuses to keep a buffer it does not hold") {
  ui::LabState s;
  const auto fill = [](int, float* dst, size_t n) {
    for (size_t i = 0; i < n; ++i) dst[i] = float(i);
    return true;
  };
  CHECK(ui::apply_event(s, R"({"v":1,"type":"snapshot","model":"rbm","run":1,"buffers":[{"name":"a","rows":2,"cols":1}],"kept":[]})", fill));
  REQUIRE(s.view("rbm").buffer("a") != nullptr);
  // kept: the one it has (shape as listed) ...
  CHECK(ui::apply_event(s, R"({"v":1,"type":"snapshot","model":"rbm","run":1,"buffers":[],"kept":[{"name":"a","rows":2,"cols":1}]})", fill));
  CHECK(s.view("rbm").buffer("a")->data == std::vector<float>{0, 1});
  // ... but not one it never had, nor one of another shape: a bad event, counted.
  CHECK_FALSE(ui::apply_event(s, R"({"v":1,"type":"snapshot","model":"rbm","run":1,"buffers":[],"kept":[{"name":"a","rows":1,"cols":2}]})", fill));
  CHECK(ui::apply_event(s, R"({"v":1,"type":"snapshot","model":"rbm","run":1,"buffers":[{"name":"a","rows":2,"cols":1}],"kept":[]})", fill));
  CHECK_FALSE(ui::apply_event(s, R"({"v":1,"type":"snapshot","model":"rbm","run":1,"buffers":[],"kept":[{"name":"b","rows":2,"cols":1}]})", fill));
  CHECK(s.bad_events == 2);
}
