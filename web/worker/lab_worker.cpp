// LabWorker (see lab_worker.hpp). Sections: data · commands · training loop ·
// metrics · snapshots · events.
#include "lab_worker.hpp"

#include <algorithm>
#include <cmath>

#include "batch.hpp"
#include "rbm_exact.hpp"

namespace latent::web {

using protocol::Json;

const char* state_name(WorkerState s) {
  switch (s) {
    case WorkerState::Loading: return "loading";
    case WorkerState::Idle: return "idle";
    case WorkerState::Training: return "training";
    case WorkerState::Paused: return "paused";
    case WorkerState::Error: return "error";
  }
  return "error";
}

LabWorker::LabWorker(Sink sink, std::function<double()> clock) : sink_(std::move(sink)), clock_(std::move(clock)) {}
LabWorker::~LabWorker() = default;

// ---------------------------------------------------------------- data

bool LabWorker::load_data(std::vector<uint8_t> train_images, std::vector<uint8_t> train_labels,
                          std::vector<uint8_t> test_images, std::vector<uint8_t> test_labels) {
  IdxImages tri, tei;
  IdxLabels trl, tel;
  Dataset train, test;
  Status s = parse_idx_images(std::move(train_images), "training images", tri);
  if (s.ok) s = parse_idx_labels(std::move(train_labels), "training labels", trl);
  if (s.ok) s = parse_idx_images(std::move(test_images), "test images", tei);
  if (s.ok) s = parse_idx_labels(std::move(test_labels), "test labels", tel);
  if (s.ok) s = make_dataset(std::move(tri), std::move(trl), train);
  if (s.ok) s = make_dataset(std::move(tei), std::move(tel), test);
  if (s.ok && (train.count() == 0 || test.count() == 0)) s = Status::error("the data files hold no images");
  if (s.ok && (train.images.rows != test.images.rows || train.images.cols != test.images.cols)) {
    s = Status::error("the training images are " + std::to_string(train.images.rows) + "x" +
                      std::to_string(train.images.cols) + " but the test images " + std::to_string(test.images.rows) +
                      "x" + std::to_string(test.images.cols));
  }
  if (!s.ok) {
    fail_loading("the data could not be read: " + s.message);
    return false;
  }
  trainer_.reset();  // it refers to the datasets being replaced
  train_ = std::move(train);
  test_ = std::move(test);

  // Ten fixed test digits, one of each label when the set has them.
  digits_.clear();
  for (int label = 0; label < 10; ++label) {
    for (int i = 0; i < test_.count(); ++i) {
      if (test_.labels.labels[size_t(i)] == label) { digits_.push_back(i); break; }
    }
  }
  for (int i = 0; i < test_.count() && digits_.size() < 10; ++i) {
    if (std::find(digits_.begin(), digits_.end(), i) == digits_.end()) digits_.push_back(i);
  }
  probe_ = digits_.empty() ? 0 : digits_.front();

  RbmConfig config;
  config.train_count = std::min(config.train_count, train_.count());
  load_error_.clear();
  state_ = WorkerState::Idle;
  rebuild(config);

  Json ready = protocol::make_event("ready");
  ready["model"] = "rbm";
  ready["train_count"] = train_.count();
  ready["test_count"] = test_.count();
  ready["image"] = {{"rows", train_.images.rows}, {"cols", train_.images.cols}};
  ready["config"] = protocol::config_to_json(config_);
  emit(ready);
  emit_config(true);
  emit_progress(evaluate_metrics());
  emit_snapshot();
  return true;
}

void LabWorker::fail_loading(const std::string& message) {
  load_error_ = message;
  trainer_.reset();
  state_ = WorkerState::Error;
  Json e = protocol::make_event("error");
  e["message"] = message;
  emit(e);
  emit_progress(Json::object());
}

void LabWorker::rebuild(const RbmConfig& config) {
  cancel_exact("the model was rebuilt");
  trainer_.reset();
  config_ = config;
  trainer_ = std::make_unique<RbmTrainer>(config_, train_, test_);
  ++run_;
  chunk_ = 1;
  ms_per_batch_ = 0;
  latest_metrics_ = Json::object();
  last_evaluate_ms_ = last_now_ms_;
}

std::vector<FieldError> LabWorker::check_fits_data(const RbmConfig& config) const {
  std::vector<FieldError> errors;
  if (config.train_count > train_.count()) {
    errors.push_back({"train_count", "train_count is " + std::to_string(config.train_count) +
                                         " but the training set has " + std::to_string(train_.count()) + " digits"});
  }
  return errors;
}

// ---------------------------------------------------------------- commands

void LabWorker::handle(const std::string& text) {
  const protocol::Decoded d = protocol::decode_command(text);
  if (!d.ok) { reply(protocol::make_refusal(d)); return; }
  dispatch(d.command);
}

void LabWorker::handle(const Json& message) {
  const protocol::Decoded d = protocol::decode_command(message);
  if (!d.ok) { reply(protocol::make_refusal(d)); return; }
  dispatch(d.command);
}

bool LabWorker::refuse_without_model(const Json& id) {
  if (trainer_) return false;
  reply(protocol::make_reply(id, false,
                             state_ == WorkerState::Loading
                                 ? "the data is still loading; wait for the lab to be ready"
                                 : "the lab has no data to train on: " + load_error_));
  return true;
}

void LabWorker::dispatch(const protocol::Command& c) {
  using protocol::CommandKind;
  if (c.kind == CommandKind::Status) {
    Json r = protocol::make_reply(c.id, true);
    r["status"] = status_json();
    reply(r);
    return;
  }
  if (refuse_without_model(c.id)) return;

  switch (c.kind) {
    case CommandKind::Init:
    case CommandKind::Reset:
    case CommandKind::Set: {
      RbmConfig next = config_;
      std::vector<FieldError> errors;
      if (c.kind == CommandKind::Init) errors = protocol::config_from_json(c.config, RbmConfig{}, next);
      if (c.kind == CommandKind::Set) errors = protocol::config_from_json(c.config, config_, next);
      if (errors.empty()) errors = check_fits_data(next);
      if (!errors.empty()) {
        protocol::Decoded refusal;
        refusal.id = c.id;
        refusal.errors = errors;
        refusal.message = std::string("the ") + protocol::command_name(c.kind) +
                          " command was refused: " + errors.front().message;
        reply(protocol::make_refusal(refusal));
        return;
      }
      const std::vector<std::string> changed = protocol::changed_fields(config_, next);
      const bool structural = c.kind != CommandKind::Set || needs_reset(config_, next);
      std::string applied = "none";
      if (structural) {
        const bool was_stepping = stepping_;  // a step trains only its count: it does not carry on
        if (stepping_) finish_step(true, "interrupted: the model was rebuilt");
        rebuild(next);
        if (c.kind != CommandKind::Set || state_ != WorkerState::Training || was_stepping) state_ = WorkerState::Idle;
        applied = "reset";
      } else if (!changed.empty()) {
        const Status s = trainer_->apply_live(next);
        if (!s.ok) { reply(protocol::make_reply(c.id, false, s.message)); return; }
        config_ = next;
        chunk_ = 1;  // the cost per update may have changed: measure again
        ms_per_batch_ = 0;
        applied = "live";
      }
      if (applied != "none") emit_config(structural);
      if (structural) {
        emit_progress(evaluate_metrics());
        emit_snapshot();
      }
      Json r = protocol::make_reply(c.id, true,
                                    applied == "reset" ? "new model" : applied == "live" ? "applied" : "no change");
      r["applied"] = applied;
      r["reset"] = structural;
      r["changed"] = changed;
      r["config"] = protocol::config_to_json(config_);
      reply(r);
      return;
    }
    case CommandKind::Train: {
      if (stepping_) finish_step(true, "interrupted by train");
      state_ = WorkerState::Training;
      emit_progress(Json::object());
      reply(protocol::make_reply(c.id, true));
      return;
    }
    case CommandKind::Pause: {
      const bool was_running = state_ == WorkerState::Training;
      if (stepping_) finish_step(true, "interrupted by pause");
      if (was_running) state_ = WorkerState::Paused;
      emit_progress(Json::object());
      reply(protocol::make_reply(c.id, true, was_running ? "" : "not training"));
      return;
    }
    case CommandKind::Step: {
      if (stepping_) finish_step(true, "interrupted by another step");
      stepping_ = true;
      step_id_ = c.id;
      step_remaining_ = c.count > 0 ? c.count : chunk_;
      step_done_ = 0;
      state_ = WorkerState::Training;
      emit_progress(Json::object());
      return;  // replied by finish_step
    }
    case CommandKind::Snapshot: {
      emit_snapshot();
      reply(protocol::make_reply(c.id, true));
      return;
    }
    case CommandKind::HiddenProbs: {
      if (c.index >= test_.count()) {
        protocol::Decoded refusal;
        refusal.id = c.id;
        refusal.errors = {{"index", "index must be below " + std::to_string(test_.count()) + " (the test digits)"}};
        refusal.message = "hidden_probs was refused: " + refusal.errors.front().message;
        reply(protocol::make_refusal(refusal));
        return;
      }
      probe_ = c.index;
      emit_snapshot();
      Json r = protocol::make_reply(c.id, true);
      r["index"] = probe_;
      r["label"] = int(test_.labels.labels[size_t(probe_)]);
      reply(r);
      return;
    }
    case CommandKind::ExactLL: {
      const int nh = trainer_->rbm().hidden();
      if (nh > kMaxExactHidden) {
        Json r = protocol::make_reply(c.id, false,
                                      "the exact log-likelihood sums over all 2^hidden hidden states; it is offered up to " +
                                          std::to_string(kMaxExactHidden) + " hidden units and this model has " +
                                          std::to_string(nh));
        reply(r);
        return;
      }
      if (exact_sum_) cancel_exact("replaced by a newer exact_ll request");
      // The sum runs in the chunk loop, ahead of training, so commands are still answered.
      exact_sum_ = std::make_unique<LogPartitionSum>(trainer_->rbm());
      exact_id_ = c.id;
      exact_blocks_ = 1;
      emit_busy();
      return;  // replied by finish_exact
    }
    case CommandKind::Status: return;  // handled above
  }
}

void LabWorker::finish_step(bool ok, const std::string& message) {
  if (!stepping_) return;
  stepping_ = false;
  Json r = protocol::make_reply(step_id_, ok, message);
  r["updates_done"] = step_done_;
  step_remaining_ = 0;
  reply(r);
}

// ---------------------------------------------------------------- training loop

bool LabWorker::wants_to_run() const {
  return trainer_ && (state_ == WorkerState::Training || exact_sum_);
}

int LabWorker::run_chunk() {
  last_batches_ = 0;
  last_exact_blocks_ = 0;
  diverged_in_chunk_ = false;
  if (!wants_to_run()) return 0;
  if (exact_sum_) {  // the exact log-likelihood comes first; training waits for it
    last_exact_blocks_ = exact_blocks_;
    if (exact_sum_->advance(exact_blocks_)) finish_exact();
    return 0;
  }
  const int n = stepping_ ? std::min(chunk_, step_remaining_) : chunk_;
  const TrainReport report = trainer_->train(n);
  last_batches_ = report.batches;
  if (stepping_) {
    step_done_ += report.batches;
    step_remaining_ -= report.batches;
  }
  if (report.diverged) {
    diverged_in_chunk_ = true;
    diverged_message_ = report.message;
    state_ = WorkerState::Paused;
    Json e = protocol::make_event("error");
    e["message"] = report.message;  // says what happened, what was kept, and what to change
    emit(e);
  }
  return report.batches;
}

void LabWorker::after_chunk(double elapsed_ms, double now_ms) {
  last_now_ms_ = now_ms;
  if (!trainer_) return;
  if (last_exact_blocks_ > 0) {  // a slice of the exact sum: size the next one like a chunk
    const double per_block = std::max(elapsed_ms, 0.01) / double(last_exact_blocks_);
    exact_blocks_ = std::clamp(long(cadence.chunk_ms / per_block), 1L, 4 * last_exact_blocks_);
    if (exact_sum_) emit_busy();
    return;
  }
  if (last_batches_ > 0 && elapsed_ms >= 0) {
    const double per = std::max(elapsed_ms, 0.01) / last_batches_;
    ms_per_batch_ = ms_per_batch_ <= 0 ? per : 0.7 * ms_per_batch_ + 0.3 * per;
    const double target = cadence.chunk_ms / ms_per_batch_;
    const int grown = std::max(1, int(std::lround(target)));
    chunk_ = std::clamp(std::min(grown, chunk_ * 4), 1, cadence.max_chunk);
  }
  const bool step_finished = stepping_ && step_remaining_ <= 0;
  if (step_finished) state_ = WorkerState::Paused;

  Json metrics = Json::object();
  const double recon = trainer_->take_recent_recon_error();
  if (std::isfinite(recon)) metrics["recon_error"] = recon;
  // Evaluations and snapshots at most every evaluate_ms / snapshot_ms, and rarer
  // when they are costly (a big model: at most overhead_share of the time).
  const double share = std::max(cadence.overhead_share, 0.01);
  const double evaluate_every = std::max(cadence.evaluate_ms, evaluate_cost_ms_ / share);
  const double snapshot_every = std::max(cadence.snapshot_ms, snapshot_cost_ms_ / share);
  if (now_ms - last_evaluate_ms_ >= evaluate_every || step_finished || diverged_in_chunk_) {
    const double t0 = clock_ms();
    metrics.update(evaluate_metrics());
    evaluate_cost_ms_ = clock_ms() - t0;
    last_evaluate_ms_ = now_ms;
  }
  emit_progress(metrics);
  if (now_ms - last_snapshot_ms_ >= snapshot_every || step_finished || diverged_in_chunk_) {
    const double t0 = clock_ms();
    emit_snapshot(true);
    snapshot_cost_ms_ = clock_ms() - t0;
    last_snapshot_ms_ = now_ms;
  }
  if (step_finished) finish_step(true, "");
  if (diverged_in_chunk_) finish_step(false, "training diverged: " + diverged_message_);  // after its events
}

// ---------------------------------------------------------------- exact log-likelihood

void LabWorker::emit_busy() {
  Json busy = protocol::make_event("busy");
  busy["task"] = "exact_log_likelihood";
  busy["fraction"] = exact_sum_ ? exact_sum_->fraction() : 1.0;
  busy["message"] = exact_sum_ ? "summing over the 2^" + std::to_string(exact_sum_->model().hidden()) +
                                     " hidden states: " + std::to_string(int(100 * exact_sum_->fraction())) +
                                     "% (training waits)"
                               : "";  // empty: no longer busy
  emit(busy);
}

void LabWorker::finish_exact() {
  const double log_z = exact_sum_->value();
  exact_sum_.reset();
  emit_busy();
  const Json metrics = evaluate_metrics(log_z);
  if (!metrics.contains("exact_log_likelihood")) {
    reply(protocol::make_reply(exact_id_, false, "the exact log-likelihood is not finite (the model may have diverged)"));
    return;
  }
  emit_progress(metrics);
  Json r = protocol::make_reply(exact_id_, true);
  r["exact_log_likelihood"] = metrics["exact_log_likelihood"];
  r["log_partition"] = log_z;
  r["digits"] = std::min(cadence.evaluate_subset, test_.count());
  r["hidden"] = trainer_->rbm().hidden();
  reply(r);
}

void LabWorker::cancel_exact(const std::string& why) {
  if (!exact_sum_) return;
  exact_sum_.reset();
  emit_busy();
  reply(protocol::make_reply(exact_id_, false, "the exact log-likelihood was cancelled: " + why));
}

// ---------------------------------------------------------------- metrics

Json LabWorker::evaluate_metrics(double log_z) {
  Json m = Json::object();
  if (!trainer_) return m;
  if (!std::isfinite(log_z) && trainer_->rbm().hidden() <= cadence.auto_exact_hidden)
    log_z = log_partition(trainer_->rbm());  // small enough to come with every evaluation
  const RbmMetrics r = trainer_->evaluate(cadence.evaluate_subset, log_z);
  auto put = [&](const char* name, double v) { if (std::isfinite(v)) m[name] = v; };
  put("free_energy_train", r.free_energy_train);
  put("free_energy_test", r.free_energy_test);
  put("free_energy_gap", r.free_energy_gap);
  put("pseudo_likelihood", r.pseudo_likelihood);
  put("exact_log_likelihood", r.exact_log_likelihood_test);
  put("exact_log_likelihood_train", r.exact_log_likelihood_train);
  return m;
}

// ---------------------------------------------------------------- snapshots

void LabWorker::emit_snapshot(bool advance_chains) {
  if (!trainer_) return;
  RbmTrainer& t = *trainer_;
  const Rbm& rbm = t.rbm();
  const int nv = rbm.visible(), nh = rbm.hidden();
  std::vector<OutBuffer> buffers;

  buffers.push_back({"filters", nv, std::min(100, nh), rbm.W().data()});

  if (!digits_.empty()) {
    t.reconstruct(test_, digits_, snap_v_, snap_recon_);
    buffers.push_back({"data", int(snap_v_.rows()), int(snap_v_.cols()), snap_v_.data()});
    buffers.push_back({"reconstructions", int(snap_recon_.rows()), int(snap_recon_.cols()), snap_recon_.data()});
  }

  if (advance_chains) t.advance_fantasy(config_.fantasy_steps);
  const Matrix& fantasy = t.fantasy_means();
  if (fantasy.size() > 0) buffers.push_back({"fantasy", int(fantasy.rows()), int(fantasy.cols()), fantasy.data()});

  const Matrix& pos = t.positive_stats();
  const Matrix& neg = t.negative_stats();
  if (pos.size() > 0 && pos.rows() == nv && neg.rows() == nv && pos.cols() == nh && neg.cols() == nh) {
    const int k = std::min(16, nh);
    snap_diff_ = pos.leftCols(k) - neg.leftCols(k);
    buffers.push_back({"positive_stats", nv, k, pos.data()});
    buffers.push_back({"negative_stats", nv, k, neg.data()});
    buffers.push_back({"stats_difference", nv, k, snap_diff_.data()});
  }

  if (probe_ >= 0 && probe_ < test_.count()) {
    Rng unused(0);
    make_batch(test_.images, &probe_, 1, Binarization::Probabilities, 0, unused, probe_v_);
    rbm.hidden_probs(probe_v_, probe_h_);
    buffers.push_back({"probe", nv, 1, probe_v_.data()});
    buffers.push_back({"hidden_probs", nh, 1, probe_h_.data()});
  }
  buffers.push_back({"visible_bias", nv, 1, rbm.b().data()});
  buffers.push_back({"hidden_bias", nh, 1, rbm.c().data()});

  Json meta = protocol::make_event("snapshot");
  meta["model"] = "rbm";
  meta["run"] = run_;
  meta["epoch"] = t.epoch();
  meta["updates"] = t.updates();
  meta["image"] = {{"rows", test_.images.rows}, {"cols", test_.images.cols}};
  Json labels = Json::array();
  for (int i : digits_) labels.push_back(int(test_.labels.labels[size_t(i)]));
  meta["digits"] = {{"indices", digits_}, {"labels", labels}};
  meta["probe"] = {{"index", probe_},
                   {"label", probe_ >= 0 && probe_ < test_.count() ? int(test_.labels.labels[size_t(probe_)]) : -1}};
  meta["hidden_total"] = nh;
  Json list = Json::array();
  for (const auto& b : buffers) list.push_back({{"name", b.name}, {"rows", b.rows}, {"cols", b.cols}});
  meta["buffers"] = list;
  emit(meta, buffers);
}

// ---------------------------------------------------------------- events

void LabWorker::emit(const Json& event, const std::vector<OutBuffer>& buffers) {
  if (sink_) sink_(protocol::dump(event), buffers);
}

void LabWorker::emit_config(bool reset) {
  Json e = protocol::make_event("config");
  e["config"] = protocol::config_to_json(config_);
  e["run"] = run_;
  e["reset"] = reset;
  emit(e);
}

void LabWorker::put_position(Json& out) const {
  out["state"] = state_name(state_);
  out["model"] = "rbm";
  out["run"] = run_;
  out["epoch"] = trainer_ ? trainer_->epoch() : 0;
  out["updates"] = trainer_ ? trainer_->updates() : 0;
  out["epoch_fraction"] = trainer_ ? trainer_->epoch_fraction() : 0.0;
}

void LabWorker::emit_progress(const Json& metrics) {
  for (auto it = metrics.begin(); it != metrics.end(); ++it) latest_metrics_[it.key()] = it.value();
  Json e = protocol::make_event("progress");
  put_position(e);
  e["metrics"] = metrics;
  if (ms_per_batch_ > 0 && state_ == WorkerState::Training) e["updates_per_second"] = 1000.0 / ms_per_batch_;
  emit(e);
}

Json LabWorker::status_json() const {
  Json s = Json::object();
  put_position(s);
  s["metrics"] = latest_metrics_;
  s["chunk_batches"] = chunk_;
  s["costs_ms"] = {{"update", ms_per_batch_}, {"evaluate", evaluate_cost_ms_}, {"snapshot", snapshot_cost_ms_}};
  if (trainer_) s["config"] = protocol::config_to_json(config_);
  if (!load_error_.empty()) s["error"] = load_error_;
  return s;
}

}  // namespace latent::web
