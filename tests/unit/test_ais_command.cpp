// The worker's ais command end to end (worker_rig): decoding and refusals, the
// estimate against the exact sum it carries as its check, progress, cancellation.
#include <doctest/doctest.h>

#include <cmath>

#include "worker_rig.hpp"

using namespace latent;
using namespace latent::test;

TEST_CASE("protocol: the ais command decodes its schedule and refuses absurd ones") {
  protocol::Decoded d = protocol::decode_command(R"({"v":1,"id":1,"cmd":"ais"})");
  REQUIRE(d.ok);
  CHECK(d.command.betas == 14500);
  CHECK(d.command.runs == 100);
  d = protocol::decode_command(R"({"v":1,"id":1,"cmd":"ais","betas":2000,"runs":50})");
  REQUIRE(d.ok);
  CHECK(d.command.betas == 2000);
  CHECK(d.command.runs == 50);
  CHECK(protocol::decode_command(protocol::dump(protocol::encode_command(d.command))).command.betas == 2000);
  for (const char* bad : {R"({"v":1,"id":1,"cmd":"ais","betas":5})", R"({"v":1,"id":1,"cmd":"ais","betas":1e9})",
                          R"({"v":1,"id":1,"cmd":"ais","runs":1})", R"({"v":1,"id":1,"cmd":"ais","runs":"many"})",
                          R"({"v":1,"id":1,"cmd":"ais","index":3})"}) {
    CAPTURE(bad);
    d = protocol::decode_command(bad);
    CHECK(!d.ok);
    CHECK(!d.errors.empty());
  }
}

TEST_CASE("worker: ais estimates an RBM's log-likelihood, checked by the exact sum") {
  Rig rig;
  REQUIRE(rig.load());
  REQUIRE(rig.send({{"cmd", "set"}, {"config", {{"hidden", 10}, {"learning_rate", 0.1}}}})["ok"] == true);
  REQUIRE(rig.send({{"cmd", "step"}, {"count", 60}})["ok"] == true);
  const Json r = rig.send({{"cmd", "ais"}, {"betas", 2000}, {"runs", 100}});
  REQUIRE_MESSAGE(r["ok"] == true, protocol::dump(r));
  CHECK(r["betas"] == 2000);
  CHECK(r["runs"] == 100);
  CHECK(r["hidden"] == 10);
  CHECK(r["digits"] == 60);  // every test digit of the rig's set
  const double ll = r["ais_log_likelihood"], exact_ll = r["ais_exact_log_likelihood"];
  const double log_z = r["ais_log_partition"], exact_log_z = r["ais_exact_log_partition"];
  CHECK(ll < 0);
  CHECK(ll - exact_ll == doctest::Approx(exact_log_z - log_z).epsilon(1e-9));
  CHECK(std::abs(log_z - exact_log_z) < 0.25);
  CHECK(r["ais_log_partition_low"].get<double>() <= exact_log_z);
  CHECK(r["ais_log_partition_high"].get<double>() >= exact_log_z);
  CHECK(r["ais_log_likelihood_low"].get<double>() <= exact_ll);
  CHECK(r["ais_log_likelihood_high"].get<double>() >= exact_ll);
  // The UI has the figures as metrics, and no task running.
  CHECK(rig.rbm().metric("ais_log_likelihood", NAN) == doctest::Approx(ll));
  CHECK(rig.rbm().has_metric("ais_exact_log_likelihood"));
  CHECK(rig.ui.busy.empty());
  CHECK(rig.ui.busy_task.empty());
  // The same model's exact log-likelihood (on the evaluation's digits) used the same log Z.
  const Json e = rig.send({{"cmd", "exact_ll"}});
  REQUIRE(e["ok"] == true);
  CHECK(e["log_partition"].get<double>() == doctest::Approx(exact_log_z).epsilon(1e-9));
}

TEST_CASE("worker: ais runs in slices with progress, is cancelled by a new model or by pause, refused for other kinds") {
  Rig rig;
  REQUIRE(rig.load());
  const int pending = rig.next_id++;
  rig.worker.handle(protocol::dump(Json{{"v", 1}, {"id", pending}, {"cmd", "ais"}, {"betas", 5000}}));
  rig.worker.run_chunk();
  rig.worker.after_chunk(1.0, 1e6);
  CHECK(rig.out.reply(pending) == nullptr);
  REQUIRE(rig.out.last("busy"));
  CHECK((*rig.out.last("busy"))["task"] == "ais_log_likelihood");
  CHECK(rig.ui.busy_task == "ais_log_likelihood");
  CHECK(rig.ui.busy.find("annealed importance sampling") != std::string::npos);
  CHECK(rig.send({{"cmd", "status"}})["ok"] == true);  // answered meanwhile
  rig.send({{"cmd", "reset"}});
  REQUIRE(rig.out.reply(pending) != nullptr);
  CHECK((*rig.out.reply(pending))["ok"] == false);
  CHECK((*rig.out.reply(pending))["message"].get<std::string>().find("(AIS) was cancelled") != std::string::npos);
  CHECK(rig.ui.busy.empty());
  // Pause stops a measurement (the page's Stop button beside its progress sends it).
  const int stopped = rig.next_id++;
  rig.worker.handle(protocol::dump(Json{{"v", 1}, {"id", stopped}, {"cmd", "ais"}, {"betas", 5000}}));
  rig.worker.run_chunk();
  CHECK(rig.out.reply(stopped) == nullptr);
  CHECK(rig.send({{"cmd", "pause"}})["ok"] == true);
  REQUIRE(rig.out.reply(stopped) != nullptr);
  CHECK((*rig.out.reply(stopped))["message"] == "the log-likelihood estimate (AIS) was cancelled: stopped by pause");
  CHECK(rig.ui.busy.empty());
  CHECK_FALSE(rig.worker.wants_to_run());

  REQUIRE(rig.send({{"cmd", "use"}, {"model", "vae"}})["ok"] == true);
  const Json refused = rig.send({{"cmd", "ais"}});
  CHECK(refused["ok"] == false);
  CHECK(refused["message"].get<std::string>().find("binary RBM") != std::string::npos);
}

TEST_CASE("worker: ais estimates a GRBM's log-likelihood (the plane's and MNIST's), checked by the exact sum") {
  Rig rig;
  REQUIRE(rig.load());
  struct Case {
    const char* kind;
    Json config;
    int digits;  // the figure's examples: the plane's points, or the evaluation's test digits
  };
  for (const Case& k : {Case{"grbm2d", {{"hidden", 4}}, -1}, Case{"grbm", {{"hidden", 6}, {"train_count", 200}}, 60}}) {
    CAPTURE(k.kind);
    REQUIRE(rig.send({{"cmd", "init"}, {"model", k.kind}, {"config", k.config}})["ok"] == true);
    REQUIRE(rig.send({{"cmd", "step"}, {"count", 200}})["ok"] == true);
    const Json r = rig.send({{"cmd", "ais"}, {"betas", 2000}, {"runs", 100}});
    REQUIRE_MESSAGE(r["ok"] == true, protocol::dump(r));
    if (k.digits > 0) CHECK(r["digits"] == k.digits);
    const double log_z = r["ais_log_partition"], exact = r["ais_exact_log_partition"];
    CHECK(std::abs(log_z - exact) < 0.25);
    CHECK(r["ais_log_partition_low"].get<double>() <= exact);
    CHECK(r["ais_log_partition_high"].get<double>() >= exact);
    CHECK(r["ais_log_likelihood"].get<double>() - r["ais_exact_log_likelihood"].get<double>() ==
          doctest::Approx(exact - log_z).epsilon(1e-9));
  }
}
