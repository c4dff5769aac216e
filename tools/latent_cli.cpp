// latent-cli: trains and evaluates every model kind of the lab with its own worker
// (web/worker/lab_worker.hpp, natively: the same sessions, settings, refusals and
// model files as the page), printing JSON lines (one object per line) for teachers
// and scripted checks.
//
//   latent-cli train --kind rbm|grbm2d|grbm|vae|dbn|dbm [config fields] [--epochs N | --updates N]
//                    [--every M] [--exact 1] [--ais 1 [--ais-betas K] [--ais-runs M]]
//                    [--eval-subset 500] [--data DIR]
//                    [--save FILE [--precision float32|float16|int8] [--omit PREFIX]]
//                    init with the config fields of that kind (as in the protocol and the
//                    page's links), then N epochs (default 1) or N updates in steps of M
//                    (default: an epoch), an evaluation after each; a DBN or a DBM without
//                    --updates trains every stage until it pauses by itself (a DBN
//                    printing {"event":"stage", stage, seconds, previous_seconds} as each
//                    starts, the last, "done", with the maps' k-NN agreements). --exact 1: then the
//                    exact_ll command (exact log-likelihood; a VAE's importance-weighted
//                    estimate). --ais 1: then the ais command (an RBM's test log-likelihood, a
//                    DBM's bound, by annealed importance sampling: K temperatures, default 14500, and M runs,
//                    default 100), and {"event":"ais","seconds"}. --save: the model file (engine/model_file.hpp), weight
//                    matrices in the given precision, without the sections whose names
//                    begin with --omit. Prints the init reply, the progress events that
//                    carry metrics (after each step, and about once a second), each reply,
//                    and {"event":"saved", model, path, bytes, fingerprint}, e.g.
//                    latent-cli train --kind grbm2d --dataset grid --hidden 2 --updates 4000 --every 500
//                    latent-cli train --kind vae --layers 2 --latent 50 --updates 60000 --every 6000 \
//                        --exact 1 --iw-samples 5000 --iw-digits 1000
//                    latent-cli train --kind rbm --hidden 500 --epochs 5 --save rbm.lmf
//   latent-cli eval --model FILE [--eval-subset 1000] [--exact 1] [--ais 1 ...] [--data DIR]
//                    the model file loaded as the page loads it (refused with the page's
//                    message when damaged): its evaluation on the first --eval-subset
//                    training and test digits, then (--exact 1) exact_ll, (--ais 1) ais; with --save (and
//                    --precision, --omit as for train) written again: e.g. at reduced precision
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
#include "cli_dbm.hpp"
#include "dbn_finetune.hpp"
#include "dbn_trainer.hpp"
#include "lab_worker.hpp"
#include "mnist_files.hpp"
#include "model_file.hpp"

using namespace latent;

namespace {

int usage() {
  return fail("usage: latent-cli train|eval|finetune|dbm [--name value ...] (see the header of tools/latent_cli.cpp "
              "and tools/cli_dbm.hpp)");
}

Status load_data(const Args& args, Dataset& train, Dataset& test) {
  const std::string dir = args.get("data", LATENT_MNIST_DIR);
  Status s = load_mnist(dir, "train", train);
  return s.ok ? load_mnist(dir, "t10k", test) : s;
}

// The lab's worker (web/worker/lab_worker.hpp), natively, on the MNIST files of
// --data: commands in, their events printed as JSON lines (the progress events that
// carry measurements, replies, errors), the bytes of the last model file kept.
class CliWorker {
 public:
  explicit CliWorker(int evaluate_subset)
      : worker_([this](const std::string& text, const std::vector<web::OutBuffer>& buffers) { take(text, buffers); },
                [this] { return now_ms(); }) {
    worker_.cadence.evaluate_subset = evaluate_subset;
  }

  Status load(const std::string& dir) {
    std::vector<uint8_t> files[4];
    std::string missing;
    if (!read_mnist_files(dir, files, missing)) return Status::error("cannot read " + missing + " (run tools/setup.sh)");
    if (!worker_.load_data(std::move(files[0]), std::move(files[1]), std::move(files[2]), std::move(files[3])))
      return Status::error("the MNIST files in " + dir + " could not be read");
    printing_ = true;
    return Status::success();
  }

  // Sends a command and runs the worker until it has nothing left to do; the reply.
  protocol::Json send(protocol::Json command, std::vector<uint8_t> bytes = {}) {
    const std::string id = "c" + std::to_string(++sent_);
    command["v"] = 1;
    command["id"] = id;
    worker_.handle(protocol::dump(command), std::move(bytes));
    while (worker_.wants_to_run()) {
      const double t0 = now_ms();
      worker_.run_chunk();
      const double t1 = now_ms();
      worker_.after_chunk(t1 - t0, t1);
    }
    for (auto it = replies_.rbegin(); it != replies_.rend(); ++it)
      if ((*it)["id"] == id) return *it;
    return protocol::make_reply(id, false, "no reply");
  }

  const std::vector<uint8_t>& last_file() const { return file_; }

 private:
  void take(const std::string& text, const std::vector<web::OutBuffer>& buffers) {
    const protocol::Json e = protocol::parse(text);
    const std::string type = e.value("type", "");
    if (type == "reply") replies_.push_back(e);
    if (type == "model_file" && !buffers.empty() && buffers[0].bytes)
      file_.assign(buffers[0].bytes, buffers[0].bytes + buffers[0].byte_count);
    if (type == "snapshot" && printing_) note_stage(e);
    const bool measured = type == "progress" && e.contains("metrics") && e["metrics"].size() > 1;
    if (printing_ && (measured || type == "reply" || type == "error")) {
      std::printf("%s\n", text.c_str());
      std::fflush(stdout);
    }
  }
  double now_ms() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count();
  }
  // A DBN's stages: a line when a snapshot shows a new stage (the seconds since the
  // previous one), with the finished maps' figures (k-NN agreements) at "done".
  void note_stage(const protocol::Json& e) {
    if (!e.contains("stage") || !e["stage"].is_string()) return;
    const std::string stage = e["stage"];
    if (stage == stage_) return;
    const double now = now_ms();
    protocol::Json line = {{"event", "stage"}, {"stage", stage}, {"seconds", now / 1000.0}};
    if (!stage_.empty()) line["previous_seconds"] = (now - stage_started_ms_) / 1000.0;
    if (stage == "done" && e.contains("maps")) line["maps"] = e["maps"];
    if (stage == "done" && e.contains("finetune")) line["finetune"] = e["finetune"];
    stage_ = stage;
    stage_started_ms_ = now;
    std::printf("%s\n", protocol::dump(line).c_str());
    std::fflush(stdout);
  }

  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  web::LabWorker worker_;
  bool printing_ = false;
  std::string stage_;            // the DBN's stage in the last snapshot
  double stage_started_ms_ = 0;
  int sent_ = 0;
  std::vector<protocol::Json> replies_;
  std::vector<uint8_t> file_;
};

// Options of train and eval themselves; every other option of train is a config field.
const std::set<std::string> kRunOptions = {"kind", "updates",   "epochs", "every",       "exact", "ais",
                                           "data", "save",      "precision", "omit", "eval_subset", "model",
                                           "ais_betas", "ais_runs"};

// --exact 1: the exact_ll command; --ais 1: the ais command (--ais-betas, --ais-runs),
// then {"event":"ais","seconds"}.
int ask_likelihoods(CliWorker& w, const Args& args) {
  if (args.get("exact", "0") != "0" && w.send({{"cmd", "exact_ll"}})["ok"] != true) return 1;
  if (args.get("ais", "0") == "0") return 0;
  const auto t0 = std::chrono::steady_clock::now();
  protocol::Json ais = {{"cmd", "ais"}};
  if (args.named.count("ais_betas")) ais["betas"] = protocol::value_from_text(args.get("ais_betas", ""));
  if (args.named.count("ais_runs")) ais["runs"] = protocol::value_from_text(args.get("ais_runs", ""));
  if (w.send(ais)["ok"] != true) return 1;
  std::printf("{\"event\":\"ais\",\"seconds\":%.2f}\n", seconds_since(t0));
  return 0;
}

// The model file of the last save_model, without the sections named from --omit on
// (e.g. classifier_random_: a DBN's randomly initialised classifier), written to path.
int write_model(CliWorker& w, const Args& args, const std::string& kind) {
  std::vector<uint8_t> bytes = w.last_file();
  const std::string omit = args.get("omit", "");
  if (!omit.empty()) {
    ModelFile file;
    Status s = read_model_file(bytes.data(), bytes.size(), file);
    if (s.ok) {
      file.sections.erase(std::remove_if(file.sections.begin(), file.sections.end(),
                                         [&](const ModelSection& m) { return m.name.rfind(omit, 0) == 0; }),
                          file.sections.end());
      s = write_model_file(file, bytes);
    }
    if (!s.ok) return fail(s.message);
  }
  const std::string path = args.get("save", "");
  std::ofstream out(path, std::ios::binary);
  if (!out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size())))
    return fail("cannot write " + path);
  std::printf("{\"event\":\"saved\",\"model\":\"%s\",\"path\":\"%s\",\"bytes\":%zu,\"fingerprint\":\"%s\"}\n",
              kind.c_str(), path.c_str(), bytes.size(), fingerprint(bytes.data(), bytes.size()).c_str());
  return 0;
}

// Any kind trained by the lab's own worker (see the header).
int train(const Args& args) {
  int subset = 0;
  Status s = int_option(args, "eval_subset", 500, 1, 10000, subset);
  if (!s.ok) return fail(s.message);
  CliWorker w(subset);
  s = w.load(args.get("data", LATENT_MNIST_DIR));
  if (!s.ok) return fail(s.message);
  const std::string kind = args.get("kind", "rbm");
  protocol::Json fields = protocol::Json::object();
  for (const auto& [name, value] : args.named)
    if (!kRunOptions.count(name)) fields[name] = protocol::value_from_text(value);
  const protocol::Json init = w.send({{"cmd", "init"}, {"model", kind}, {"config", fields}});
  if (init["ok"] != true) return 1;
  if ((kind == "dbn" || kind == "dbm") && !args.named.count("updates")) {  // every stage, until it pauses by itself
    if (w.send({{"cmd", "train"}})["ok"] != true) return 1;
  } else {
    const protocol::Json& c = init["config"];
    const int per_epoch = std::max(1, c.value("train_count", 1) / std::max(1, c.value("batch_size", 1)));
    const long long updates = args.named.count("updates") ? std::stoll(args.get("updates", "0"))
                                                          : std::stoll(args.get("epochs", "1")) * per_epoch;
    const long long every = std::clamp<long long>(std::stoll(args.get("every", std::to_string(per_epoch))), 1,
                                                  protocol::kMaxStepCount);
    for (long long done = 0; done < updates; done += every)
      if (w.send({{"cmd", "step"}, {"count", std::min(every, updates - done)}})["ok"] != true) return 1;
  }
  if (ask_likelihoods(w, args) != 0) return 1;
  if (args.get("save", "").empty()) return 0;
  if (w.send({{"cmd", "save_model"}, {"precision", args.get("precision", "float32")}})["ok"] != true) return 1;
  return write_model(w, args, kind);
}

// A model file loaded into the worker: its figures as the page would show them.
int eval(const Args& args) {
  std::vector<uint8_t> bytes;
  const std::string path = args.get("model", "");
  int subset = 0;
  Status s = int_option(args, "eval_subset", 1000, 1, 10000, subset);
  if (!s.ok) return fail(s.message);
  if (path.empty() || !read_file(path, bytes)) return fail("cannot read the model file '" + path + "' (--model)");
  CliWorker w(subset);
  s = w.load(args.get("data", LATENT_MNIST_DIR));
  if (!s.ok) return fail(s.message);
  const protocol::Json loaded = w.send({{"cmd", "load_model"}, {"source", path}}, std::move(bytes));
  if (loaded["ok"] != true || ask_likelihoods(w, args) != 0) return 1;
  if (args.get("save", "").empty()) return 0;
  if (w.send({{"cmd", "save_model"}, {"precision", args.get("precision", "float32")}})["ok"] != true) return 1;
  return write_model(w, args, loaded["model"]);
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
    if (args.command == "finetune") return finetune(args);
    if (args.command == "dbm") {
      Dataset train_set, test_set;
      const Status s = load_data(args, train_set, test_set);
      return s.ok ? dbm_command(args, train_set, test_set) : fail(s.message);
    }
  } catch (const std::exception& e) {  // std::stoi on a bad number
    return fail(std::string("bad option value: ") + e.what());
  }
  return usage();
}
