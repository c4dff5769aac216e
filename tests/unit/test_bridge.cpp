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
