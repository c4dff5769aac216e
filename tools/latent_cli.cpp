// latent-cli: trains, evaluates and saves binary RBMs with the lab's engine,
// printing JSON lines (one object per line) for teachers and scripted checks.
//
//   latent-cli train [--data DIR] [--epochs N] [--save FILE] [--eval-subset N] [--exact 1]
//                    [--hidden 200] [--cd-k 1] [--persistent true] [--learning-rate 0.05] [--momentum 0.5]
//                    [--weight-decay 1e-4] [--batch-size 20] [--binarization dynamic] [--seed 1]
//                    [--train-count 60000] [--init-std 0.01]      (any RbmConfig field, as in the protocol)
//   latent-cli eval --model FILE [--data DIR] [--eval-subset N] [--exact 1] [--binarization ...]
//   latent-cli run --kind rbm|grbm2d|grbm|vae|dbn [--updates N] [--every M] [--exact 1] [--data DIR] [config fields]
//                    the lab's own worker (web/worker/lab_worker.hpp) driven natively: init with
//                    the config fields of that kind, then N updates in steps of M (unpaced), then
//                    (--exact 1) the exact_ll command (exact log-likelihood; a VAE's importance-
//                    weighted estimate); prints the init reply, the progress events that carry
//                    metrics (after each step, and about once a second) and each reply, e.g.
//                    latent-cli run --kind grbm2d --dataset grid --hidden 2 --updates 4000 --every 500
//                    latent-cli run --kind vae --layers 2 --latent 50 --updates 60000 --every 6000 \
//                        --exact 1 --iw-samples 5000 --iw-digits 1000
//   latent-cli finetune [--data DIR] [--init both|pretrained|random] [--lr-final X] [--eval-subset 10000]
//                    [--layers 500-500-2000] [--epochs-per-layer 1] [--finetune-epochs 10]
//                    [--finetune-learning-rate 0.001] ...      (any DbnConfig field, as in the protocol)
//                    the DBN classifier benchmark (Hinton et al 2006: about 1.2% test error when
//                    pre-trained, 1.6% from random initialisation): greedy pre-training (one line
//                    per layer with its seconds; skipped for --init random), then fine-tuning of
//                    the classifier by backpropagation, pre-trained then random-init for "both",
//                    finetune_epochs epochs of train_count / finetune_batch_size minibatches each.
//                    The learning rate decays geometrically from finetune_learning_rate (epoch 1)
//                    to --lr-final (last epoch; default: no decay). After each epoch a line with
//                    the cumulative fine-tuning seconds and the error and loss on the first
//                    --eval-subset training and test digits, e.g.
//                    latent-cli finetune --persistent false --learning-rate 0.05 --epochs-per-layer 10 \
//                        --finetune-epochs 40 --lr-final 1e-5
//
// Exit status: 0 on success, 1 on bad input (with {"event":"error","message":...}).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <set>
#include <string>

#include "args.hpp"
#include "dbn_finetune.hpp"
#include "dbn_trainer.hpp"
#include "lab_worker.hpp"
#include "mnist_files.hpp"
#include "rbm_exact.hpp"
#include "rbm_io.hpp"

using namespace latent;

namespace {

int fail(const std::string& message) {
  std::string escaped;
  for (char ch : message) {
    if (ch == '"' || ch == '\\') escaped += '\\';
    escaped += ch;
  }
  std::printf("{\"event\":\"error\",\"message\":\"%s\"}\n", escaped.c_str());
  return 1;
}

int usage() {
  return fail("usage: latent-cli train|eval|run|finetune [--name value ...] (see the header of tools/latent_cli.cpp)");
}

Status load_data(const Args& args, Dataset& train, Dataset& test) {
  const std::string dir = args.get("data", LATENT_MNIST_DIR);
  Status s = load_mnist(dir, "train", train);
  return s.ok ? load_mnist(dir, "t10k", test) : s;
}

// Options of the tool itself; every other option is a config field.
const std::set<std::string> kToolOptions = {"data", "epochs", "save", "eval_subset", "exact", "model"};

Status config_from(const Args& args, RbmConfig& config) { return apply_config_args(args, kToolOptions, config); }

// log Z when asked for and affordable (NaN otherwise: no exact figures).
double exact_log_z(const Rbm& rbm, bool wanted) {
  return wanted && rbm.hidden() <= kMaxExactHidden ? log_partition(rbm) : std::numeric_limits<double>::quiet_NaN();
}

int train(const Args& args) {
  RbmConfig config;
  Status s = config_from(args, config);
  Dataset train_set, test_set;
  if (s.ok) s = load_data(args, train_set, test_set);
  if (!s.ok) return fail(s.message);
  const int epochs = std::stoi(args.get("epochs", "1"));
  const int subset = std::stoi(args.get("eval_subset", "1000"));
  const bool exact = args.get("exact", "0") != "0";
  std::printf("{\"event\":\"config\",%s,\"epochs\":%d}\n", config_json(config).c_str(), epochs);

  RbmTrainer trainer(config, train_set, test_set);
  const int per_epoch = std::max(1, config.train_count / config.batch_size);
  double seconds = 0;
  for (int e = 1; e <= epochs; ++e) {
    const auto t0 = std::chrono::steady_clock::now();
    const TrainReport r = trainer.train(per_epoch);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (r.diverged) return fail(r.message);
    RbmMetrics m = trainer.evaluate(subset, exact_log_z(trainer.rbm(), exact));
    m.recon_error = trainer.take_recent_recon_error();
    std::printf("{\"event\":\"epoch\",\"epoch\":%d,\"updates\":%lld,\"train_seconds\":%s,%s}\n", e,
                trainer.updates(), json_number(seconds).c_str(), metrics_json(m).c_str());
    std::fflush(stdout);
  }
  const std::string path = args.get("save", "");
  if (!path.empty()) {
    const auto bytes = save_rbm(trainer.rbm());
    std::ofstream out(path, std::ios::binary);
    if (!out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size())))
      return fail("cannot write " + path);
    std::printf("{\"event\":\"saved\",\"path\":\"%s\",\"bytes\":%zu}\n", path.c_str(), bytes.size());
  }
  return 0;
}

int eval(const Args& args) {
  std::vector<uint8_t> bytes;
  const std::string path = args.get("model", "");
  if (path.empty() || !read_file(path, bytes)) return fail("cannot read the model file '" + path + "' (--model)");
  Rbm rbm;
  Status s = load_rbm(bytes.data(), bytes.size(), rbm);
  RbmConfig config;
  config.hidden = rbm.hidden();
  if (s.ok) s = config_from(args, config);
  Dataset train_set, test_set;
  if (s.ok) s = load_data(args, train_set, test_set);
  if (s.ok && rbm.visible() != train_set.dim())
    s = Status::error("the model has " + std::to_string(rbm.visible()) + " visible units but the digits have " +
                      std::to_string(train_set.dim()) + " pixels");
  if (!s.ok) return fail(s.message);
  RbmTrainer trainer(config, train_set, test_set);
  trainer.rbm() = rbm;
  const int subset = std::min(std::stoi(args.get("eval_subset", "1000")), test_set.count());
  RbmMetrics m = trainer.evaluate(subset, exact_log_z(trainer.rbm(), args.get("exact", "0") != "0"));
  std::vector<int> first(subset);
  for (int i = 0; i < subset; ++i) first[i] = i;
  Matrix v, recon;
  trainer.reconstruct(test_set, first, v, recon);
  m.recon_error = double((v - recon).squaredNorm()) / subset;  // held-out digits
  std::printf("{\"event\":\"eval\",\"hidden\":%d,%s}\n", rbm.hidden(), metrics_json(m).c_str());
  return 0;
}

// The lab's worker, natively, on the MNIST files of --data.
int run(const Args& args) {
  const std::string dir = args.get("data", LATENT_MNIST_DIR);
  std::vector<uint8_t> files[4];
  const char* names[4] = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                          "t10k-labels-idx1-ubyte"};
  for (int i = 0; i < 4; ++i)
    if (!read_file(dir + "/" + names[i], files[i])) return fail("cannot read " + dir + "/" + names[i] + " (run tools/setup.sh)");
  const auto start = std::chrono::steady_clock::now();
  auto now_ms = [&] { return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count(); };
  bool ok = true, started = false;  // started: the init command has been sent
  web::LabWorker worker(
      [&](const std::string& text, const std::vector<web::OutBuffer>&) {
        const protocol::Json e = protocol::parse(text);
        const bool measured = e.value("type", "") == "progress" && e.contains("metrics") && e["metrics"].size() > 1;
        const bool reply = e.value("type", "") == "reply";
        if (reply && !e.value("ok", false)) ok = false;
        if (started && (measured || reply || e.value("type", "") == "error")) {
          std::printf("%s\n", text.c_str());
          std::fflush(stdout);
        }
      },
      now_ms);
  if (!worker.load_data(std::move(files[0]), std::move(files[1]), std::move(files[2]), std::move(files[3])))
    return 1;
  protocol::Json fields = protocol::Json::object();
  for (const auto& [name, value] : args.named)
    if (name != "kind" && name != "updates" && name != "every" && name != "exact" && name != "data")
      fields[name] = protocol::value_from_text(value);
  started = true;
  worker.handle(protocol::Json{{"v", 1}, {"id", "init"}, {"cmd", "init"}, {"model", args.get("kind", "rbm")}, {"config", fields}});
  const int updates = std::stoi(args.get("updates", "1000"));
  const int every = std::clamp(std::stoi(args.get("every", args.get("updates", "1000"))), 1, protocol::kMaxStepCount);
  auto drive = [&] {
    while (worker.wants_to_run()) {
      const double t0 = now_ms();
      worker.run_chunk();
      const double t1 = now_ms();
      worker.after_chunk(t1 - t0, t1);
    }
  };
  for (int done = 0; ok && done < updates; done += every) {
    worker.handle(protocol::Json{{"v", 1}, {"id", done + every}, {"cmd", "step"}, {"count", std::min(every, updates - done)}});
    drive();
  }
  if (ok && args.get("exact", "0") != "0") {
    worker.handle(protocol::Json{{"v", 1}, {"id", "exact"}, {"cmd", "exact_ll"}});
    drive();
  }
  return ok ? 0 : 1;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Fine-tunes one classifier (pretrained: the stack, or null for random initialisation).
int finetune_classifier(DbnConfig config, const Dbn* pretrained, float lr_final, int subset, const Dataset& train_set,
                        const Dataset& test_set) {
  const char* init = pretrained ? "pretrained" : "random";
  const float lr0 = config.finetune.learning_rate;
  FinetuneTrainer trainer(config, Unrolled::Classifier, pretrained, train_set, test_set);
  double seconds = 0;
  for (int e = 1; e <= config.finetune_epochs; ++e) {
    const double t = config.finetune_epochs > 1 ? double(e - 1) / (config.finetune_epochs - 1) : 0.0;
    config.finetune.learning_rate = float(lr0 * std::pow(double(lr_final) / lr0, t));
    const auto t0 = std::chrono::steady_clock::now();
    Status s = trainer.apply_live(config);
    const TrainReport r = s.ok ? trainer.train(trainer.batches_per_epoch()) : TrainReport{};
    seconds += seconds_since(t0);
    if (!s.ok) return fail(s.message);
    if (r.diverged) return fail(std::string(init) + ": " + r.message);
    const FinetuneMetrics m = trainer.evaluate(subset);
    std::printf("{\"event\":\"finetune\",\"init\":\"%s\",\"epoch\":%d,\"learning_rate\":%s,\"seconds\":%s,"
                "\"test_error\":%s,\"test_loss\":%s,\"train_error\":%s,\"train_loss\":%s}\n",
                init, e, json_number(config.finetune.learning_rate).c_str(), json_number(seconds).c_str(),
                json_number(m.error_test).c_str(), json_number(m.loss_test).c_str(), json_number(m.error_train).c_str(),
                json_number(m.loss_train).c_str());
    std::fflush(stdout);
  }
  return 0;
}

// The DBN classifier benchmark: greedy pre-training, then fine-tuning (see the header).
int finetune(const Args& args) {
  DbnConfig config;
  Status s = apply_config_args(args, {"data", "init", "lr_final", "eval_subset"}, config);
  const std::string init = args.get("init", "both");
  const float lr_final = args.named.count("lr_final") ? std::stof(args.get("lr_final", "")) : config.finetune.learning_rate;
  const int subset = std::stoi(args.get("eval_subset", "10000"));
  if (s.ok && init != "both" && init != "pretrained" && init != "random")
    s = Status::error("--init must be both, pretrained or random, not '" + init + "'");
  if (s.ok && !(lr_final > 0)) s = Status::error("--lr-final must be positive");
  if (s.ok && subset < 1) s = Status::error("--eval-subset must be at least 1");
  Dataset train_set, test_set;
  if (s.ok) s = load_data(args, train_set, test_set);
  if (!s.ok) return fail(s.message);
  std::printf("{\"event\":\"config\",%s,\"init\":\"%s\",\"lr_final\":%s,\"eval_subset\":%d}\n",
              config_json(config).c_str(), init.c_str(), json_number(lr_final).c_str(), subset);
  std::fflush(stdout);

  DbnTrainer dbn(config, train_set, test_set);
  while (init != "random" && !dbn.pretrained()) {
    const int layer = dbn.current_layer();
    const auto t0 = std::chrono::steady_clock::now();
    while (dbn.current_layer() == layer) {
      const TrainReport r = dbn.train(std::numeric_limits<int>::max());
      if (r.diverged) return fail("pre-training layer " + std::to_string(layer) + ": " + r.message);
    }
    std::printf("{\"event\":\"pretrain\",\"layer\":%d,\"updates\":%lld,\"seconds\":%s,\"test_recon_error\":%s}\n",
                layer, dbn.layer_updates(layer), json_number(seconds_since(t0)).c_str(),
                json_number(dbn.test_recon_error(layer, subset)).c_str());
    std::fflush(stdout);
  }
  int status = 0;
  if (init != "random") status = finetune_classifier(config, &dbn.dbn(), lr_final, subset, train_set, test_set);
  if (status == 0 && init != "pretrained")
    status = finetune_classifier(config, nullptr, lr_final, subset, train_set, test_set);
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  const Status s = parse_args(argc, argv, args);
  if (!s.ok) return fail(s.message);
  try {
    if (args.command == "train") return train(args);
    if (args.command == "eval") return eval(args);
    if (args.command == "run") return run(args);
    if (args.command == "finetune") return finetune(args);
  } catch (const std::exception& e) {  // std::stoi on a bad number
    return fail(std::string("bad option value: ") + e.what());
  }
  return usage();
}
