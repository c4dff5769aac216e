// Session: one model the worker can train, whatever its kind. LabWorker
// (lab_worker.hpp) runs the protocol, the chunk loop and the cadence; a session
// holds a model, its config and its trainer, and says what its progress metrics
// and snapshots are. The kinds and their sessions are listed in model_registry.hpp.
#pragma once
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "field_error.hpp"
#include "idx.hpp"
#include "model_file.hpp"
#include "protocol.hpp"
#include "train_loop.hpp"  // TrainReport
#include "status.hpp"

namespace latent::web {

// A float buffer of an event: rows x cols, column-major, valid during the sink call;
// or, with bytes set, a byte buffer of byte_count bytes (a model file).
struct OutBuffer {
  std::string name;
  int rows = 0, cols = 0;
  const float* data = nullptr;
  const uint8_t* bytes = nullptr;
  size_t byte_count = 0;
};

// What a config change would do (stage_config), before it is committed.
struct ConfigCheck {
  std::vector<FieldError> errors;    // empty: the change is acceptable
  std::vector<std::string> changed;  // the fields whose values change
  bool reset = false;                // a new model is needed
};

// A long computation of a likelihood (log Z by enumeration; an importance-weighted
// estimate) done in slices between chunks, for the exact_ll command.
class ExactTask {
 public:
  virtual ~ExactTask() = default;
  virtual bool advance(long blocks) = 0;  // true when done
  virtual double fraction() const = 0;
  virtual double value() const = 0;       // what Session::evaluate takes once done (log Z for an RBM)
  virtual std::string what() const = 0;   // "summing over the 2^16 hidden states"
  // The metric evaluate(value()) then reports, which the reply carries.
  virtual const char* metric() const { return "exact_log_likelihood"; }
  // What a cancellation calls it: "the <title> was cancelled: <why>".
  virtual const char* title() const { return "exact log-likelihood"; }
  // How many digits the figure is measured on (-1: the evaluation's subset).
  virtual int digits() const { return -1; }
  // What the reply says of the sum besides the figure: {"hidden": n, "log_partition"}
  // for a sum over hidden states, {"latent", "samples"} for importance sampling.
  virtual void describe(protocol::Json& reply) const = 0;
  // The metrics the task measured itself, once done (null: Session::evaluate(value())
  // gives them).
  virtual protocol::Json own_metrics() const { return nullptr; }
};

// What every session is built from: its kind's name (the registry's), the data
// (which must outlive it) and the worker's evaluation settings. train_count: the
// training digits a config may ask for (train.count(), or while the training images
// are still arriving the count their labels announce).
struct SessionData {
  std::string kind;
  const Dataset& train;
  const Dataset& test;
  int train_count = 0;
  int evaluate_subset = 500;    // digits per evaluation (each of train and test)
  int auto_exact_hidden = 12;   // exact log-likelihood with every evaluation up to this size
};

// {name: value} when value is finite, else {} (a chunk's metric).
inline protocol::Json finite_metric(const char* name, double value) {
  protocol::Json m = protocol::Json::object();
  if (std::isfinite(value)) m[name] = value;
  return m;
}

// The figures of a log-likelihood measured by AIS: ais_log_likelihood = neg_free - log Z
// (-F(v) averaged over the digits), with _low/_high from log Z's range;
// ais_log_partition (with _low/_high); and, when exact_log_z is finite (the exact sum
// that checks it), ais_exact_log_partition and ais_exact_log_likelihood.
inline protocol::Json ais_likelihood_metrics(double neg_free, double log_z, double log_z_low, double log_z_high,
                                             double exact_log_z) {
  protocol::Json m = protocol::Json::object();
  auto put = [&m](const char* name, double v) { if (std::isfinite(v)) m[name] = v; };
  put("ais_log_likelihood", neg_free - log_z);
  put("ais_log_likelihood_low", neg_free - log_z_high);
  put("ais_log_likelihood_high", neg_free - log_z_low);
  put("ais_log_partition", log_z);
  put("ais_log_partition_low", log_z_low);
  put("ais_log_partition_high", log_z_high);
  put("ais_exact_log_partition", exact_log_z);
  put("ais_exact_log_likelihood", neg_free - exact_log_z);
  return m;
}

// An AIS task's reply besides its figures: the model's hidden units, the schedule's
// length (betas) and the runs, then the figures themselves.
inline void describe_ais(protocol::Json& reply, int hidden, int betas, int runs, const protocol::Json& figures) {
  reply["hidden"] = hidden;
  reply["betas"] = betas;
  reply["runs"] = runs;
  reply.update(figures);
}

class Session {
 public:
  explicit Session(std::string kind) : kind_(std::move(kind)) {}
  virtual ~Session() = default;
  const std::string& kind() const { return kind_; }  // the registry's name: "rbm", "grbm2d", ...

  virtual protocol::Json config_json() const = 0;
  // Reads fields over the config in use (from_defaults: over the kind's defaults)
  // and keeps the result staged; commit_config() adopts it (a new model when reset).
  virtual ConfigCheck stage_config(const protocol::Json& fields, bool from_defaults) = 0;
  virtual Status commit_config(bool reset) = 0;
  virtual void rebuild() = 0;  // a new model with the config in use

  virtual TrainReport train(int max_batches) = 0;
  // True when training has nothing left to do (a DBN whose layers are all trained):
  // the worker then pauses by itself.
  virtual bool finished() const { return false; }
  virtual int epoch() const = 0;
  virtual long long updates() const = 0;
  virtual double epoch_fraction() const = 0;

  // Metrics of the updates since the last call (e.g. recon_error).
  virtual protocol::Json chunk_metrics() = 0;
  // The periodic evaluation; log_z: the model's log Z when an exact task found it.
  virtual protocol::Json evaluate(double log_z) = 0;
  // The snapshot's buffers and the kind's own metadata (the worker adds the rest).
  // advance_chains: the generation chains take their steps first.
  virtual void snapshot(protocol::Json& meta, std::vector<OutBuffer>& buffers, bool advance_chains) = 0;
  // The exact log-likelihood command: a task, or null and a refusal.
  virtual std::unique_ptr<ExactTask> start_exact(std::string& refusal) = 0;
  // The ais command (log Z by annealed importance sampling, its betas and runs): a task,
  // or null and a refusal.
  virtual std::unique_ptr<ExactTask> start_ais(const protocol::Command& /*command*/, std::string& refusal) {
    refusal = "annealed importance sampling is offered for the binary RBM, the GRBM and the DBM";
    return nullptr;
  }
  // Continuous training is paced to this many updates a second (0: as fast as it goes).
  virtual double max_updates_per_second() const { return 0; }
  // p(h=1|v) of a test digit, for kinds with binary hidden units (the VAE page
  // shows an RBM's hidden units beside its latent). False when not offered.
  virtual bool hidden_probs_of(int /*test_index*/, Matrix& /*out*/) const { return false; }
  // The commands only some kinds take (the registry lists which): fills the
  // reply's extras or the errors.
  virtual void handle(const protocol::Command& command, protocol::Json& reply, std::vector<FieldError>& errors) = 0;

  // Model files (model_file.hpp): the parameters as sections, weight matrices in the
  // given encoding (model_sections.hpp names them) ...
  virtual void save_params(ModelFile& file, ValueEncoding weights) const = 0;
  // ... and read back into the model just built from the file's config: an error
  // when a section is missing or misshapen (the worker then keeps the model it had).
  virtual Status load_params(const ModelFile& file) = 0;
  // What a drawing's answer needs: the model has trained, or was loaded.
  bool trained() const { return loaded_ || updates() > 0; }
  void mark_loaded(bool loaded) { loaded_ = loaded; }
  bool loaded() const { return loaded_; }
  // The model's answer to a drawing (digit: 784 x 1 grey levels, as MNIST's): meta
  // and buffers, named without the kind (alive until the next call). False for a
  // kind that takes no drawings (the plane's GRBM).
  virtual bool answer_drawing(const Matrix& /*digit*/, protocol::Json& /*meta*/, std::vector<OutBuffer>& /*buffers*/) {
    return false;
  }
  // The student's own digits ("Add to data": a small labelled set drawn on the pad):
  // the model's figures on them beside the same figures on MNIST's test digits, or
  // false and why not (no reason: the kind takes no digits, nothing to report) ...
  virtual bool test_on(const Dataset& /*digits*/, protocol::Json& /*out*/, std::string& /*refusal*/) {
    return false;
  }
  // ... and `updates` minibatch updates of training on them, the model going on from
  // where it is (its update count and run stay).
  virtual Status tune_on(const Dataset& /*digits*/, int /*updates*/) {
    return Status::error("this model does not train on your digits");
  }

 private:
  std::string kind_;
  bool loaded_ = false;
};

// What sessions built on a trainer share: the kind's defaults, the config in use
// and a staged one, the trainer, and the Session members that only forward to
// them. Config has a field table (config_fields.hpp) and latent::needs_reset;
// Trainer has apply_live(Config), train, epoch, updates, epoch_fraction. A kind
// builds its trainer in rebuild() from config_ and adds its own checks against the
// data in refuse_for_data.
template <class Config, class Trainer>
class TrainerSession : public Session {
 public:
  using ConfigType = Config;

  protocol::Json config_json() const override { return protocol::config_to_json(config_); }

  // Reads fields over the config in use (from_defaults: over the kind's defaults):
  // what the change would do.
  ConfigCheck stage_config(const protocol::Json& fields, bool from_defaults) override {
    ConfigCheck check;
    check.errors = protocol::config_from_json(fields, from_defaults ? defaults_ : config_, staged_);
    if (check.errors.empty()) refuse_for_data(staged_, check.errors);
    if (!check.errors.empty()) return check;
    check.changed = protocol::changed_fields(config_, staged_);
    check.reset = from_defaults || needs_reset(config_, staged_);
    return check;
  }

  Status commit_config(bool reset) override {
    if (reset) {
      config_ = staged_;
      rebuild();
      return Status::success();
    }
    const Status s = trainer_->apply_live(staged_);
    if (s.ok) config_ = staged_;
    return s;
  }

  TrainReport train(int max_batches) override { return trainer_->train(max_batches); }
  int epoch() const override { return trainer_->epoch(); }
  long long updates() const override { return trainer_->updates(); }
  double epoch_fraction() const override { return trainer_->epoch_fraction(); }

  const Config& config() const { return config_; }
  const Trainer& trainer() const { return *trainer_; }

 protected:
  // The kind's defaults (the registry's) fitted to the data by fit_to_data; the
  // subclass builds its first model.
  TrainerSession(const SessionData& data, const Config& defaults)
      : Session(data.kind), defaults_(defaults), train_count_(data.train_count) {}
  void start_with_defaults() {
    config_ = defaults_;
    rebuild();
  }
  // The kind's refusals of a config that the data cannot serve (a training-set
  // size beyond the data, say), appended to errors.
  virtual void refuse_for_data(const Config&, std::vector<FieldError>&) const {}

  Config defaults_, config_, staged_;
  std::unique_ptr<Trainer> trainer_;
  int train_count_;  // SessionData::train_count
};

}  // namespace latent::web
