// latent-cli dbm (see cli_dbm.hpp).
#include "cli_dbm.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include "dbm_trainer.hpp"
#include "pixel_mean.hpp"
#include "rbm_ais.hpp"
#include "rbm_exact.hpp"

namespace latent {

namespace {

// log Z by AIS over h1 or over all layers (cli_dbm.hpp), and the test digits' bound.
void report_bound(const DbmTrainer& t, const Dataset& train, const Dataset& test, const std::string& over,
                  const AisSettings& ais, int subset, bool exact_check) {
  const auto t1 = std::chrono::steady_clock::now();
  const Dbm& d = t.dbm();
  Rbm annealed;
  Vector base;
  if (over == "h1") {
    annealed = d.h1_marginal();
    base = clamped_logits(t.mean_h1(std::min(10000, t.config().train_count)));
  } else {  // [v; h2], from the base rate of the pixels (and of h2: 0.5)
    annealed = d.composite();
    base = Vector::Zero(annealed.visible());
    base.head(d.visible()) = clamped_logits(pixel_mean(train.images, t.config().train_count, t.config().binarization));
  }
  RbmAis a(annealed, base, ais);
  a.advance(a.steps());
  const AisEstimate e = a.estimate();
  const double bound = t.test_bound(subset, e.log_z);
  // log_z_low is -infinity when the runs' weights are too spread for it: null then.
  std::printf("{\"event\":\"dbm\",\"ais_over\":\"%s\",\"log_partition\":%s,\"log_partition_low\":%s,"
              "\"log_partition_high\":%s,\"test_bound\":%s,\"test_bound_low\":%s,\"test_bound_high\":%s,"
              "\"digits\":%d,\"betas\":%d,\"runs\":%d,\"ais_seconds\":%.2f}\n",
              over.c_str(), json_number(e.log_z).c_str(), json_number(e.log_z_low).c_str(),
              json_number(e.log_z_high).c_str(), json_number(bound).c_str(),
              json_number(bound + e.log_z - e.log_z_high).c_str(), json_number(bound + e.log_z - e.log_z_low).c_str(),
              std::min(subset, test.count()), e.betas, e.runs, seconds_since(t1));
  if (d.hidden1() <= kMaxExactHidden && exact_check) {  // AIS's check
    const double exact = log_partition(d.composite());
    std::printf("{\"event\":\"dbm_exact\",\"log_partition\":%.4f,\"test_bound\":%.4f}\n", exact,
                bound + e.log_z - exact);
  }
}

}  // namespace

int dbm_command(const Args& args, const Dataset& train, const Dataset& test) {
  DbmConfig c;
  c.hidden2 = 1000;
  c.train_count = 60000;
  c.joint_epochs = 1;
  const Status s = apply_config_args(
      args, {"final_learning_rate", "eval_subset", "ais_betas", "ais_runs", "ais_over", "exact", "data"}, c);
  if (!s.ok) return fail("dbm: " + s.message);
  const float lr0 = c.joint.learning_rate;
  const float lr1 = std::stof(args.get("final_learning_rate", std::to_string(lr0)));
  const int subset = std::stoi(args.get("eval_subset", "10000"));
  const std::string over = args.get("ais_over", "h1");
  AisSettings ais{std::stoi(args.get("ais_betas", "14500")), std::stoi(args.get("ais_runs", "100")), c.seed};
  if (subset < 1 || ais.betas < 10 || ais.runs < 2 || !(lr1 >= 0) || (over != "h1" && over != "all" && over != "both"))
    return fail("dbm: --eval-subset must be positive, --ais-betas >= 10, --ais-runs >= 2, --final-learning-rate "
                ">= 0, --ais-over h1, all or both");
  std::printf("{\"event\":\"config\",%s}\n", config_json(c).c_str());
  DbmTrainer t(c, train, test);
  const auto start = std::chrono::steady_clock::now();
  const char* names[] = {"pretrain_bottom", "pretrain_top", "joint"};
  auto stage_line = [&](const char* name, double seconds, int epoch) {
    std::printf("{\"event\":\"stage\",\"stage\":\"%s\",\"epochs\":%d,\"seconds\":%.2f}\n", name, epoch, seconds);
    std::fflush(stdout);
  };
  while (t.stage() != DbmStage::Joint) {
    const auto t0 = std::chrono::steady_clock::now();
    const DbmStage stage = t.stage();
    while (t.stage() == stage) {
      const TrainReport r = t.train(1000);
      if (r.diverged) return fail(r.message);
    }
    stage_line(names[int(stage)], seconds_since(t0), c.pretrain_epochs);
  }
  const auto t0 = std::chrono::steady_clock::now();
  const long long total = (long long)c.joint_epochs * std::max(1, t.config().train_count / c.joint.batch_size);
  for (long long n = 0; n < total; n += 100) {
    DbmConfig live = t.config();
    live.joint.learning_rate = lr0 + (lr1 - lr0) * float(double(n) / double(total));
    const Status applied = t.apply_live(live);
    if (!applied.ok) return fail(applied.message);
    const TrainReport r = t.train(int(std::min<long long>(100, total - n)));
    if (r.diverged) return fail(r.message);
  }
  stage_line(names[2], seconds_since(t0), c.joint_epochs);
  for (const std::string& way : {std::string("h1"), std::string("all")})
    if (over == way || over == "both") report_bound(t, train, test, way, ais, subset, args.get("exact", "0") != "0");
  std::printf("{\"event\":\"done\",\"seconds\":%.2f}\n", seconds_since(start));
  return 0;
}

}  // namespace latent
