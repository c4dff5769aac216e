// The UI's event store (web/ui/bridge.hpp) on its own: how "busy" is kept.
// (The bridge end to end with the worker: test_protocol.cpp.)
#include <doctest/doctest.h>

#include "bridge.hpp"

using namespace latent;

TEST_CASE("bridge: busy follows the busy events; replies leave it, an empty message or an engine stop ends it") {
  ui::LabState s;
  CHECK(s.busy.empty());
  CHECK(ui::apply_event(s, R"({"v":1,"type":"busy","task":"exact_log_likelihood","fraction":0.25,"message":"summing: 25%"})"));
  CHECK(s.busy == "summing: 25%");
  CHECK(ui::apply_event(s, R"({"v":1,"type":"reply","id":3,"ok":true})"));  // another command's reply
  CHECK(s.busy == "summing: 25%");
  CHECK(ui::apply_event(s, R"({"v":1,"type":"busy","task":"exact_log_likelihood","fraction":0.5,"message":"summing: 50%"})"));
  CHECK(s.busy == "summing: 50%");
  CHECK(ui::apply_event(s, R"({"v":1,"type":"busy","task":"exact_log_likelihood","fraction":1,"message":""})"));
  CHECK(s.busy.empty());

  CHECK(ui::apply_event(s, R"({"v":1,"type":"busy","task":"exact_log_likelihood","fraction":0.1,"message":"summing: 10%"})"));
  CHECK(ui::apply_event(s, R"({"v":1,"type":"progress","state":"error","model":"rbm","run":0,"epoch":0,"updates":0,)"
                           R"("epoch_fraction":0,"metrics":{}})"));
  CHECK(s.busy.empty());
  CHECK(s.bad_events == 0);
}

TEST_CASE("bridge: a stopped engine offers a restart with what the page kept; the restart forgets the old worker") {
  ui::LabState s;
  REQUIRE(ui::apply_event(s, R"({"v":1,"type":"ready","model":"rbm","train_count":60000,"test_count":10000,)"
                             R"("kinds":[{"name":"rbm","title":"RBM","fields":{}}]})"));
  REQUIRE(ui::apply_event(s, R"({"v":1,"type":"progress","state":"paused","model":"rbm","run":2,"epoch":1,)"
                             R"("updates":1500,"epoch_fraction":0.5,"metrics":{"recon_error":9.5}})"));
  CHECK_FALSE(s.stopped);
  CHECK(ui::apply_event(s, R"({"v":1,"type":"stopped","why":"engine","message":"the engine stopped answering",)"
                           R"("kept":[{"model":"rbm","updates":1500},{"model":"vae","updates":40}]})"));
  CHECK(s.stopped);
  CHECK(s.stopped_why == "engine");
  CHECK(s.stopped_message == "the engine stopped answering");
  REQUIRE(s.kept.size() == 2);
  CHECK(s.kept[0].model == "rbm");
  CHECK(s.kept[0].updates == 1500);
  CHECK(s.kept[1].model == "vae");

  const int events = s.events;
  CHECK(ui::apply_event(s, R"({"v":1,"type":"restart"})"));
  CHECK_FALSE(s.stopped);
  CHECK(s.kept.empty());
  CHECK_FALSE(s.ready);
  CHECK(s.state == "loading");
  CHECK(s.models.empty());          // the old worker's pictures and curves are gone
  CHECK(s.events == events + 1);    // the test hooks' counts go on
  CHECK(s.bad_events == 0);
}
