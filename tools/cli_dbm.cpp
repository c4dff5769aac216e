// latent-cli dbm (see cli_dbm.hpp).
#include "cli_dbm.hpp"

#include <chrono>
#include <cstdio>
#include <string>

#include "dbm_trainer.hpp"
#include "pixel_mean.hpp"
#include "rbm_ais.hpp"
#include "rbm_exact.hpp"

namespace latent {

int dbm_command(const Args& args, const Dataset& train, const Dataset& test) {
  DbmConfig c;
  c.hidden1 = std::stoi(args.get("hidden1", "500"));
  c.hidden2 = std::stoi(args.get("hidden2", "1000"));
  c.pretrain_epochs = std::stoi(args.get("pretrain_epochs", "1"));
  c.pretrain.learning_rate = std::stof(args.get("pretrain_learning_rate", "0.05"));
  c.pretrain.batch_size = 100;
  c.pretrain.persistent = false;
  c.learning_rate = std::stof(args.get("learning_rate", "0.005"));
  c.train_count = std::stoi(args.get("train_count", "60000"));
  c.seed = std::stoull(args.get("seed", "1"));
  const int epochs = std::stoi(args.get("epochs", "1"));
  const int subset = std::stoi(args.get("eval_subset", "10000"));
  AisSettings ais{std::stoi(args.get("ais_betas", "14500")), std::stoi(args.get("ais_runs", "100")), c.seed};
  if (c.hidden1 < 1 || c.hidden2 < 1 || c.pretrain_epochs < 1 || epochs < 0 || subset < 1 || ais.betas < 10 ||
      ais.runs < 2 || !(c.learning_rate > 0) || !(c.pretrain.learning_rate > 0)) {
    return fail("dbm: sizes, epochs, rates, --eval-subset, --ais-betas (>= 10) and --ais-runs (>= 2) must be "
                "positive");
  }
  DbmTrainer t(c, train, test);
  const auto start = std::chrono::steady_clock::now();
  const char* names[] = {"pretrain_bottom", "pretrain_top", "joint"};
  auto stage_line = [&](const char* name, double seconds, int epoch) {
    std::printf("{\"event\":\"stage\",\"stage\":\"%s\",\"epochs\":%d,\"seconds\":%.2f}\n", name, epoch, seconds);
    std::fflush(stdout);
  };
  while (t.stage() != DbmStage::Joint) {
    const auto t0 = std::chrono::steady_clock::now();
    const DbmStage s = t.stage();
    while (t.stage() == s) {
      const TrainReport r = t.train(1000);
      if (r.diverged) return fail(r.message);
    }
    stage_line(names[int(s)], seconds_since(t0), c.pretrain_epochs);
  }
  const auto t0 = std::chrono::steady_clock::now();
  const int per_epoch = std::max(1, c.train_count / c.batch_size);
  for (long long n = 0; n < (long long)epochs * per_epoch; n += 1000) {
    const TrainReport r = t.train(int(std::min<long long>(1000, (long long)epochs * per_epoch - n)));
    if (r.diverged) return fail(r.message);
  }
  stage_line(names[2], seconds_since(t0), epochs);
  // log Z of the composite RBM ([v; h2], h1) by AIS from the base rate of the pixels
  // (and of h2: 0.5).
  const auto t1 = std::chrono::steady_clock::now();
  const Rbm composite = t.dbm().composite();
  Vector base = Vector::Zero(composite.visible());
  base.head(t.dbm().visible()) = clamped_logits(pixel_mean(train.images, c.train_count, c.binarization));
  RbmAis a(composite, base, ais);
  a.advance(a.steps());
  const AisEstimate e = a.estimate();
  const double bound = t.test_bound(subset, e.log_z);
  // log_z_low is -infinity when the runs' weights are too spread for it: null then.
  std::printf("{\"event\":\"dbm\",\"log_partition\":%s,\"log_partition_low\":%s,\"log_partition_high\":%s,"
              "\"test_bound\":%s,\"test_bound_low\":%s,\"test_bound_high\":%s,\"digits\":%d,\"betas\":%d,"
              "\"runs\":%d,\"ais_seconds\":%.2f,\"seconds\":%.2f}\n",
              json_number(e.log_z).c_str(), json_number(e.log_z_low).c_str(), json_number(e.log_z_high).c_str(),
              json_number(bound).c_str(), json_number(bound + e.log_z - e.log_z_high).c_str(),
              json_number(bound + e.log_z - e.log_z_low).c_str(), std::min(subset, test.count()), e.betas, e.runs,
              seconds_since(t1), seconds_since(start));
  if (t.dbm().hidden1() <= kMaxExactHidden && args.get("exact", "0") != "0") {  // AIS's check
    const double exact = log_partition(composite);
    std::printf("{\"event\":\"dbm_exact\",\"log_partition\":%.4f,\"test_bound\":%.4f}\n", exact,
                bound + e.log_z - exact);
  }
  return 0;
}

}  // namespace latent
