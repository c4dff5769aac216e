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
namespace {

double seconds_from(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

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
    std::printf("{\"event\":\"error\",\"message\":\"dbm: sizes, epochs, rates, --eval-subset, --ais-betas (>= 10) "
                "and --ais-runs (>= 2) must be positive\"}\n");
    return 1;
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
      if (r.diverged) {
        std::printf("{\"event\":\"error\",\"message\":\"%s\"}\n", r.message.c_str());
        return 1;
      }
    }
    stage_line(names[int(s)], seconds_from(t0), c.pretrain_epochs);
  }
  const auto t0 = std::chrono::steady_clock::now();
  const int per_epoch = std::max(1, c.train_count / c.batch_size);
  for (long long n = 0; n < (long long)epochs * per_epoch; n += 1000) {
    const TrainReport r = t.train(int(std::min<long long>(1000, (long long)epochs * per_epoch - n)));
    if (r.diverged) {
      std::printf("{\"event\":\"error\",\"message\":\"%s\"}\n", r.message.c_str());
      return 1;
    }
  }
  stage_line(names[2], seconds_from(t0), epochs);
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
  std::printf("{\"event\":\"dbm\",\"log_partition\":%.4f,\"log_partition_low\":%.4f,\"log_partition_high\":%.4f,"
              "\"test_bound\":%.4f,\"test_bound_low\":%.4f,\"test_bound_high\":%.4f,\"digits\":%d,\"betas\":%d,"
              "\"runs\":%d,\"ais_seconds\":%.2f,\"seconds\":%.2f}\n",
              e.log_z, e.log_z_low, e.log_z_high, bound, bound + e.log_z - e.log_z_high,
              bound + e.log_z - e.log_z_low, std::min(subset, test.count()), e.betas, e.runs, seconds_from(t1),
              seconds_from(start));
  if (t.dbm().hidden1() <= kMaxExactHidden && args.get("exact", "0") != "0") {  // AIS's check
    const double exact = log_partition(composite);
    std::printf("{\"event\":\"dbm_exact\",\"log_partition\":%.4f,\"test_bound\":%.4f}\n", exact,
                bound + e.log_z - exact);
  }
  return 0;
}

}  // namespace latent
