// LabWorker (see lab_worker.hpp). Sections: data · commands · training loop ·
// metrics · snapshots · events.
#include "lab_worker.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "data_import.hpp"
#include "model_registry.hpp"
#include "product_threads.hpp"

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

namespace {

// The images and labels of one set, parsed and paired; what: "training" or "test".
Status read_set(std::vector<uint8_t> images, std::vector<uint8_t> labels, const std::string& what, Dataset& out) {
  IdxImages i;
  IdxLabels l;
  Status s = parse_idx_images(std::move(images), (what + " images").c_str(), i);
  if (s.ok) s = parse_idx_labels(std::move(labels), (what + " labels").c_str(), l);
  if (s.ok) s = make_dataset(std::move(i), std::move(l), out);
  if (s.ok && out.count() == 0) s = Status::error("the " + what + " files hold no images");
  return s;
}

Status same_shape(const Dataset& train, const Dataset& test) {
  if (train.images.rows == test.images.rows && train.images.cols == test.images.cols) return Status::success();
  return Status::error("the training images are " + std::to_string(train.images.rows) + "x" +
                       std::to_string(train.images.cols) + " but the test images " + std::to_string(test.images.rows) +
                       "x" + std::to_string(test.images.cols));
}

}  // namespace

bool LabWorker::load_data(std::vector<uint8_t> train_images, std::vector<uint8_t> train_labels,
                          std::vector<uint8_t> test_images, std::vector<uint8_t> test_labels) {
  Dataset train, test;
  Status s = read_set(std::move(train_images), std::move(train_labels), "training", train);
  if (s.ok) s = read_set(std::move(test_images), std::move(test_labels), "test", test);
  if (s.ok) s = same_shape(train, test);
  if (!s.ok) {
    fail_loading("the data could not be read: " + s.message);
    return false;
  }
  train_labels_ = IdxLabels{};
  start_with(std::move(train), std::move(test));
  return true;
}

bool LabWorker::load_test_set(std::vector<uint8_t> test_images, std::vector<uint8_t> test_labels,
                              std::vector<uint8_t> train_labels) {
  Dataset test;
  IdxLabels labels;
  Status s = read_set(std::move(test_images), std::move(test_labels), "test", test);
  if (s.ok) s = parse_idx_labels(std::move(train_labels), "training labels", labels);
  if (s.ok && labels.count == 0) s = Status::error("the training labels file holds no labels");
  if (!s.ok) {
    fail_loading("the data could not be read: " + s.message);
    return false;
  }
  // Until the training images arrive, the test set stands in for the training set in
  // the models built meanwhile (never trained on: train and step wait; its figures are
  // left out of the metrics); they are all built again on the training set.
  Dataset stand_in = test;
  train_labels_ = std::move(labels);
  start_with(std::move(stand_in), std::move(test));
  return true;
}

bool LabWorker::load_training_images(std::vector<uint8_t> train_images) {
  if (!training_pending()) return false;
  IdxImages images;
  Dataset train;
  Status s = parse_idx_images(std::move(train_images), "training images", images);
  if (s.ok) s = make_dataset(std::move(images), train_labels_, train);
  if (s.ok) s = same_shape(train, test_);
  if (!s.ok) {
    fail_training_set("the training images could not be used: " + s.message);
    return false;
  }
  train_ = std::move(train);  // in place of the stand-in; every MNIST session is built again on it
  train_labels_ = IdxLabels{};
  train_error_.clear();
  const bool active_rebuilt = active_ && find_model_kind(active_->kind())->digits;
  if (active_rebuilt) {
    cancel_exact("the training digits arrived");
    if (state_ == WorkerState::Training) state_ = WorkerState::Idle;
  }
  for (auto& [kind, session] : sessions_) {
    if (!find_model_kind(kind)->digits) continue;
    const bool active = session.get() == active_;
    session = rebuilt_session(*session);
    runs_[kind] = ++last_run_;
    if (active) active_ = session.get();
  }
  if (active_rebuilt) restart_measures();
  emit_ready(active_rebuilt);
  end_wait("");
  return true;
}

void LabWorker::fail_training_set(const std::string& message) {
  train_error_ = message;
  Json e = protocol::make_event("error");
  e["message"] = message + ". The test digits and the 2-D lab still work meanwhile.";
  emit(e);
  end_wait(message);
}

SessionData LabWorker::session_data(const std::string& kind) const {
  const int train_count = training_pending() ? train_labels_.count : train_.count();
  return SessionData{kind, train_, test_, train_count, cadence.evaluate_subset, cadence.auto_exact_hidden};
}

std::unique_ptr<Session> LabWorker::rebuilt_session(const Session& old) const {
  std::unique_ptr<Session> fresh = find_model_kind(old.kind())->make(session_data(old.kind()));
  if (!fresh->stage_config(old.config_json(), true).errors.empty()) return fresh;  // the defaults, then
  fresh->commit_config(true);
  if (!old.trained()) return fresh;
  ModelFile file;
  old.save_params(file, ValueEncoding::Float32);
  if (fresh->load_params(file).ok) fresh->mark_loaded(true);
  return fresh;
}

bool LabWorker::wait_for_training_set(const protocol::Command& c) {
  if (!training_pending() || !find_model_kind(active_->kind())->digits) return false;
  if (!train_error_.empty()) {
    reply(protocol::make_reply(c.id, false, "This model cannot train: " + train_error_ + "."));
    return true;
  }
  end_wait("replaced by a newer command");
  waiting_ = std::make_unique<protocol::Command>(c);
  Json busy = protocol::make_event("busy");
  busy["task"] = "training_set";
  busy["fraction"] = 0.0;
  busy["message"] = "The training digits are still arriving: training starts as soon as they are here.";
  emit(busy);
  return true;
}

void LabWorker::end_wait(const std::string& refusal) {
  if (!waiting_) return;
  const std::unique_ptr<protocol::Command> c = std::move(waiting_);
  Json busy = protocol::make_event("busy");
  busy["task"] = "training_set";
  busy["fraction"] = 1.0;
  busy["message"] = "";
  emit(busy);
  if (refusal.empty()) dispatch(*c);
  else reply(protocol::make_reply(c->id, false, "Not started: " + refusal + "."));
}

void LabWorker::start_with(Dataset train, Dataset test) {
  active_ = nullptr;
  sessions_.clear();  // they refer to the datasets being replaced
  train_ = std::move(train);
  test_ = std::move(test);
  load_error_.clear();
  train_error_.clear();
  state_ = WorkerState::Idle;
  activate(model_registry().front().name);
  emit_ready();
}

void LabWorker::start_without_data() {
  active_ = nullptr;
  sessions_.clear();
  train_ = Dataset{};
  test_ = Dataset{};
  train_labels_ = IdxLabels{};
  load_error_.clear();
  state_ = WorkerState::Idle;
  for (const ModelKind& k : model_registry()) {
    if (!k.digits) {
      activate(k.name);
      break;
    }
  }
  emit_ready();
}

bool LabWorker::refuse_without_digits(const Json& id, const std::string& kind) {
  const ModelKind* k = find_model_kind(kind);
  if (has_digits() || !k || !k->digits) return false;
  reply(protocol::make_reply(id, false, "This page loaded no MNIST (it shows a demo that needs none), so \"" + k->title +
                                            "\" cannot run here: open the full lab for it."));
  return true;
}

void LabWorker::emit_ready(bool with_model) {
  Json ready = protocol::make_event("ready");
  ready["model"] = active_->kind();
  ready["models"] = Json::array();
  for (const ModelKind& k : model_registry()) ready["models"].push_back(k.name);
  ready["kinds"] = model_kinds_json();
  ready["train_count"] = training_pending() ? 0 : train_.count();
  ready["test_count"] = test_.count();
  ready["train_pending"] = training_pending();
  ready["digits"] = has_digits();
  ready["images"] = images_;
  ready["image"] = {{"rows", has_digits() ? train_.images.rows : 28}, {"cols", has_digits() ? train_.images.cols : 28}};
  ready["config"] = active_->config_json();
  emit(ready);
  if (!with_model) return;
  emit_config(true);
  emit_progress(evaluate_metrics());
  emit_snapshot();
}

void LabWorker::fail_loading(const std::string& message) {
  load_error_ = message;
  active_ = nullptr;
  sessions_.clear();
  state_ = WorkerState::Error;
  Json e = protocol::make_event("error");
  e["message"] = message;
  emit(e);
  emit_progress(Json::object());
}

int LabWorker::run() const {
  if (!active_) return 0;
  const auto it = runs_.find(active_->kind());
  return it == runs_.end() ? 0 : it->second;
}

void LabWorker::activate(const std::string& kind) {
  auto& slot = sessions_[kind];
  const bool fresh = !slot;
  if (fresh) {
    slot = find_model_kind(kind)->make(session_data(kind));  // kind: a decoded command's, so registered
  }
  active_ = slot.get();
  if (fresh) rebuilt();
  else restart_measures();
}

void LabWorker::rebuilt() {
  runs_[active_->kind()] = ++last_run_;
  restart_measures();
}

void LabWorker::restart_measures() {
  chunk_ = 1;  // another model: measure its cost per update again
  ms_per_batch_ = 0;
  pace_budget_ = 0;
  pace_refill_ms_ = -1;
  latest_metrics_ = Json::object();
  last_evaluate_ms_ = last_now_ms_;
}

// ---------------------------------------------------------------- commands

void LabWorker::handle(const std::string& text, std::vector<uint8_t> bytes) {
  protocol::Decoded d = protocol::decode_command(text);
  if (!d.ok) { reply(protocol::make_refusal(d)); return; }
  d.command.bytes = std::move(bytes);
  dispatch(d.command);
}

void LabWorker::handle(const std::string& text, double byte_count, const std::function<void(uint8_t*)>& copy) {
  if (byte_count > kMaxFileBytes) {
    const protocol::Decoded d = protocol::decode_command(text);
    char why[200];
    std::snprintf(why, sizeof why, "The file is %.1f MB, more than the lab takes (at most %.0f MB): no model it can "
                  "hold is that large. Nothing was changed.", byte_count / 1048576.0, kMaxFileBytes / 1048576.0);
    reply(protocol::make_reply(d.id, false, why));
    return;
  }
  std::vector<uint8_t> bytes(static_cast<size_t>(byte_count));
  if (!bytes.empty()) copy(bytes.data());
  handle(text, std::move(bytes));
}

void LabWorker::handle(const Json& message) {
  const protocol::Decoded d = protocol::decode_command(message);
  if (!d.ok) { reply(protocol::make_refusal(d)); return; }
  dispatch(d.command);
}

bool LabWorker::refuse_without_model(const Json& id) {
  if (active_) return false;
  reply(protocol::make_reply(id, false,
                             state_ == WorkerState::Loading
                                 ? "the data is still loading; wait for the lab to be ready"
                                 : "the lab has no data to train on: " + load_error_));
  return true;
}

void LabWorker::refuse(const Json& id, const std::string& what, const std::vector<FieldError>& errors) {
  protocol::Decoded refusal;
  refusal.id = id;
  refusal.errors = errors;
  refusal.message = what + " was refused: " + (errors.empty() ? std::string("not possible") : errors.front().message);
  reply(protocol::make_refusal(refusal));
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
  if (c.kind == CommandKind::Pause) end_wait("paused");
  if ((c.kind == CommandKind::Use || c.kind == CommandKind::Init) && c.model != active_->kind())
    end_wait("another model was chosen");
  if ((c.kind == CommandKind::Train || c.kind == CommandKind::Step || c.kind == CommandKind::Stage) &&
      wait_for_training_set(c))
    return;

  switch (c.kind) {
    case CommandKind::Init:
    case CommandKind::Reset:
    case CommandKind::Set: configure(c); return;
    case CommandKind::Use: {
      if (refuse_without_digits(c.id, c.model)) return;
      if (c.model != active_->kind()) {
        if (stepping_) finish_step(true, "interrupted: another model was chosen");
        cancel_exact("another model was chosen");
        if (state_ == WorkerState::Training) state_ = WorkerState::Paused;
        activate(c.model);
        emit_config(false);
        emit_progress(evaluate_metrics());
        emit_snapshot();
      }
      Json r = protocol::make_reply(c.id, true);
      r["model"] = active_->kind();
      r["config"] = active_->config_json();
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
      const bool was_running = state_ == WorkerState::Training || exact_;
      cancel_exact("stopped by pause");
      if (stepping_) finish_step(true, "interrupted by pause");
      if (state_ == WorkerState::Training) state_ = WorkerState::Paused;
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
    case CommandKind::ExactLL:
    case CommandKind::Ais: {
      std::string refusal;
      std::unique_ptr<ExactTask> task =
          c.kind == CommandKind::Ais ? active_->start_ais(c, refusal) : active_->start_exact(refusal);
      if (!task) { reply(protocol::make_reply(c.id, false, refusal)); return; }
      if (exact_) cancel_exact(std::string("replaced by a newer ") + protocol::command_name(c.kind) + " request");
      // The sum runs in the chunk loop, ahead of training, so commands are still answered.
      exact_ = std::move(task);
      exact_id_ = c.id;
      exact_blocks_ = 1;
      emit_busy();
      return;  // replied by finish_exact
    }
    case CommandKind::HiddenProbs:
    case CommandKind::Interpolate:
    case CommandKind::Decode:
    case CommandKind::Stage:
    case CommandKind::Points: {
      if (!find_model_kind(active_->kind())->takes(c.kind)) {
        reply(protocol::make_reply(c.id, false, std::string("the ") + protocol::command_name(c.kind) +
                                                    " command is not for the " + active_->kind() + " model"));
        return;
      }
      Json extras = Json::object();
      std::vector<FieldError> errors;
      active_->handle(c, extras, errors);
      if (!errors.empty()) { refuse(c.id, protocol::command_name(c.kind), errors); return; }
      if (c.kind == CommandKind::Points || c.kind == CommandKind::Stage) {  // show the model against its new data or stage
        emit_config(false);
        emit_progress(evaluate_metrics());
      }
      emit_snapshot();
      Json r = protocol::make_reply(c.id, true);
      r.update(extras);
      reply(r);
      return;
    }
    case CommandKind::Drawing: set_drawing(c); return;
    case CommandKind::SaveModel: save_model(c); return;
    case CommandKind::LoadModel: load_model(c); return;
    case CommandKind::UserAdd:
    case CommandKind::UserClear:
    case CommandKind::UserTest:
    case CommandKind::UserTune:
    case CommandKind::UserFile: user_digits(c); return;
    case CommandKind::PointsFile: {
      Matrix points;
      const Status s = read_points_csv(std::string(c.bytes.begin(), c.bytes.end()), points);
      if (!s.ok) {
        reply(protocol::make_reply(c.id, false, "The points in " + (c.source.empty() ? std::string("the file") : c.source) +
                                                    " could not be used: " + s.message + " Your points are unchanged."));
        return;
      }
      protocol::Command as_points;  // the points command, without the file's bytes
      as_points.kind = CommandKind::Points;
      as_points.id = c.id;
      as_points.points.assign(points.data(), points.data() + points.size());
      dispatch(as_points);
      return;
    }
    case CommandKind::Status: return;  // handled above
  }
}

void LabWorker::configure(const protocol::Command& c) {
  using protocol::CommandKind;
  if (c.kind == CommandKind::Init && refuse_without_digits(c.id, c.model)) return;
  if (c.kind == CommandKind::Init && c.model != active_->kind()) {
    if (stepping_) finish_step(true, "interrupted: another model was chosen");
    if (state_ == WorkerState::Training) state_ = WorkerState::Paused;
    activate(c.model);
  }
  const Json none = Json::object();
  const ConfigCheck check = active_->stage_config(c.kind == CommandKind::Reset ? none : c.config,
                                                  c.kind == CommandKind::Init);
  if (!check.errors.empty()) { refuse(c.id, std::string("the ") + protocol::command_name(c.kind) + " command", check.errors); return; }
  const bool structural = c.kind != CommandKind::Set || check.reset;
  std::string applied = "none";
  if (structural) {
    const bool was_stepping = stepping_;  // a step trains only its count: it does not carry on
    if (stepping_) finish_step(true, "interrupted: the model was rebuilt");
    cancel_exact("the model was rebuilt");
    active_->commit_config(true);
    rebuilt();
    if (c.kind != CommandKind::Set || state_ != WorkerState::Training || was_stepping) state_ = WorkerState::Idle;
    applied = "reset";
  } else if (!check.changed.empty()) {
    const Status s = active_->commit_config(false);
    if (!s.ok) { reply(protocol::make_reply(c.id, false, s.message)); return; }
    chunk_ = 1;  // the cost per update may have changed: measure again
    ms_per_batch_ = 0;
    applied = "live";
  }
  if (applied != "none") emit_config(structural);
  if (structural) {
    emit_progress(evaluate_metrics());
    emit_snapshot();
  }
  Json r = protocol::make_reply(c.id, true, applied == "reset" ? "new model" : applied == "live" ? "applied" : "no change");
  r["model"] = active_->kind();
  r["applied"] = applied;
  r["reset"] = structural;
  r["changed"] = check.changed;
  r["config"] = active_->config_json();
  reply(r);
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
  return active_ && (state_ == WorkerState::Training || exact_);
}

int LabWorker::run_chunk() {
  last_batches_ = 0;
  last_exact_blocks_ = 0;
  diverged_in_chunk_ = false;
  finished_in_chunk_ = false;
  if (!wants_to_run()) return 0;
  if (exact_) {  // the exact log-likelihood comes first; training waits for it
    last_exact_blocks_ = exact_blocks_;
    if (exact_->advance(exact_blocks_)) finish_exact();
    return 0;
  }
  int n = stepping_ ? std::min(chunk_, step_remaining_) : chunk_;
  if (!stepping_ && active_->max_updates_per_second() > 0) n = std::min(n, int(pace_budget_));
  if (n <= 0) return 0;  // ahead of the pace: the host waits (wait_ms)
  const TrainReport report = active_->train(n);
  last_batches_ = report.batches;
  pace_budget_ -= report.batches;
  if (stepping_) {
    step_done_ += report.batches;
    step_remaining_ -= report.batches;
  }
  if (!report.diverged && active_->finished() && state_ == WorkerState::Training) {
    finished_in_chunk_ = true;  // nothing left to train: after this chunk's events, pause
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
  if (!active_) return;
  // The pace's budget refills with time, holding at most ~a tenth of a second's worth.
  const double rate = active_->max_updates_per_second();
  if (rate > 0 && pace_refill_ms_ >= 0) {
    pace_budget_ = std::min(pace_budget_ + rate * std::max(0.0, now_ms - pace_refill_ms_) / 1000.0,
                            std::max(1.0, rate * 0.1));
  }
  pace_refill_ms_ = now_ms;
  if (last_exact_blocks_ > 0) {  // a slice of the exact sum: size the next one like a chunk
    const double per_block = std::max(elapsed_ms, 0.01) / double(last_exact_blocks_);
    exact_blocks_ = std::clamp(long(cadence.chunk_ms / per_block), 1L, 4 * last_exact_blocks_);
    if (exact_) emit_busy();
    return;
  }
  if (last_batches_ > 0 && elapsed_ms >= 0) {
    const double per = std::max(elapsed_ms, 0.01) / last_batches_;
    ms_per_batch_ = ms_per_batch_ <= 0 ? per : 0.7 * ms_per_batch_ + 0.3 * per;
    const double target = cadence.chunk_ms / ms_per_batch_;
    const int grown = std::max(1, int(std::lround(target)));
    chunk_ = std::clamp(std::min(grown, chunk_ * 4), 1, cadence.max_chunk);
  }
  const bool step_finished = (stepping_ && step_remaining_ <= 0) || finished_in_chunk_;
  if (step_finished) state_ = WorkerState::Paused;

  Json metrics = active_->chunk_metrics();
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
    if (drawing_.size() > 0) emit_drawing(false);  // the drawing's answer follows the training
    snapshot_cost_ms_ = clock_ms() - t0;
    last_snapshot_ms_ = now_ms;
  }
  if (step_finished) finish_step(true, finished_in_chunk_ ? "training is complete" : "");
  if (diverged_in_chunk_) finish_step(false, "training diverged: " + diverged_message_);  // after its events
}

double LabWorker::wait_ms() const {
  const double rate = active_ ? active_->max_updates_per_second() : 0;
  if (rate <= 0 || stepping_ || exact_ || state_ != WorkerState::Training || pace_budget_ >= 1) return 0;
  return (1.0 - pace_budget_) / rate * 1000.0;
}

// ---------------------------------------------------------------- exact log-likelihood

void LabWorker::emit_busy() {
  Json busy = protocol::make_event("busy");
  busy["task"] = exact_ ? exact_->metric() : exact_metric_.c_str();
  busy["fraction"] = exact_ ? exact_->fraction() : 1.0;
  busy["message"] = exact_ ? exact_->what() + ": " + std::to_string(int(100 * exact_->fraction())) + "% (training waits)"
                           : "";  // empty: no longer busy
  emit(busy);
}

void LabWorker::finish_exact() {
  const double value = exact_->value();
  exact_metric_ = exact_->metric();
  const int digits = exact_->digits() >= 0 ? exact_->digits() : std::min(cadence.evaluate_subset, test_.count());
  Json described = Json::object();
  exact_->describe(described);
  const Json own = exact_->own_metrics();
  exact_.reset();
  emit_busy();
  const Json metrics = own.is_null() ? evaluate_metrics(value) : own;
  if (!metrics.contains(exact_metric_)) {
    reply(protocol::make_reply(exact_id_, false, "the " + exact_metric_ + " is not finite (the model may have diverged)"));
    return;
  }
  emit_progress(metrics);
  emit_snapshot();  // pictures of the result (the VAE's per-digit gap)
  Json r = protocol::make_reply(exact_id_, true);
  r[exact_metric_] = metrics[exact_metric_];
  r["digits"] = digits;
  r.update(described);
  reply(r);
}

void LabWorker::cancel_exact(const std::string& why) {
  if (!exact_) return;
  const std::string title = exact_->title();
  exact_.reset();
  emit_busy();
  reply(protocol::make_reply(exact_id_, false, "the " + title + " was cancelled: " + why));
}

// ---------------------------------------------------------------- metrics and snapshots

namespace {

// A 64-bit hash of a float buffer's bits (two buffers that differ hash alike with a
// chance of about 2^-64): what tells a snapshot's buffer unchanged.
uint64_t content_hash(const float* data, size_t count) {
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ count;
  for (size_t i = 0; i < count; ++i) {
    uint32_t bits;
    std::memcpy(&bits, data + i, sizeof bits);
    h = (h ^ bits) * 0x100000001b3ULL;
    h ^= h >> 29;
  }
  return h;
}

}  // namespace

Json LabWorker::evaluate_metrics(double log_z) {
  if (!active_) return Json::object();
  Json m = active_->evaluate(log_z);
  if (!training_pending() || !find_model_kind(active_->kind())->digits) return m;
  // The figures on the stand-in for the training set (the test digits) are not shown.
  for (auto it = m.begin(); it != m.end();) {
    const std::string& name = it.key();
    const bool on_train = name.find("train") != std::string::npos || name == "free_energy_gap" || name == "pseudo_likelihood";
    it = on_train ? m.erase(it) : std::next(it);
  }
  return m;
}

void LabWorker::emit_snapshot(bool advance_chains) {
  if (!active_) return;
  std::vector<OutBuffer> buffers;
  Json meta = protocol::make_event("snapshot");
  active_->snapshot(meta, buffers, advance_chains);
  meta["model"] = active_->kind();
  meta["run"] = run();
  meta["epoch"] = active_->epoch();
  meta["updates"] = active_->updates();
  Json list = Json::array();
  for (const auto& b : buffers) list.push_back({{"name", b.name}, {"rows", b.rows}, {"cols", b.cols}});
  // Beside another model, the p(h|v) of the same probe digit from the session that
  // offers one (the RBM's, Session::hidden_probs_of).
  const int probe = meta.contains("probe") ? meta["probe"].value("index", -1) : -1;
  for (const auto& [kind, other] : sessions_) {
    if (!other || other.get() == active_ || !other->hidden_probs_of(probe, rbm_probe_h_)) continue;
    buffers.push_back({"rbm_hidden_probs", int(rbm_probe_h_.rows()), 1, rbm_probe_h_.data()});
    list.push_back({{"name", "rbm_hidden_probs"}, {"rows", int(rbm_probe_h_.rows())}, {"cols", 1}});
    meta["rbm_updates"] = other->updates();
    break;
  }
  // Only the buffers that changed since the page's last snapshot of this model travel;
  // the others are listed as kept (the page holds them already).
  SentSnapshot& before = sent_[active_->kind()];
  SentSnapshot now;
  now.run = run();
  std::vector<OutBuffer> changed;
  Json sent = Json::array(), kept = Json::array();
  for (size_t i = 0; i < buffers.size(); ++i) {
    const OutBuffer& b = buffers[i];
    const SentBuffer s{b.rows, b.cols, content_hash(b.data, size_t(b.rows) * size_t(b.cols))};
    const auto old = before.buffers.find(b.name);
    const bool same = before.run == now.run && old != before.buffers.end() && old->second.rows == s.rows &&
                      old->second.cols == s.cols && old->second.hash == s.hash;
    now.buffers[b.name] = s;
    if (same) {
      kept.push_back(list[i]);
    } else {
      sent.push_back(list[i]);
      changed.push_back(b);
    }
  }
  before = std::move(now);
  meta["buffers"] = sent;
  meta["kept"] = kept;
  emit(meta, changed);
}

// ---------------------------------------------------------------- events

void LabWorker::emit(const Json& event, const std::vector<OutBuffer>& buffers) {
  if (sink_) sink_(protocol::dump(event), buffers);
}

void LabWorker::emit_config(bool reset) {
  Json e = protocol::make_event("config");
  e["model"] = active_->kind();
  e["config"] = active_->config_json();
  e["run"] = run();
  e["reset"] = reset;
  emit(e);
}

void LabWorker::put_position(Json& out) const {
  out["state"] = state_name(state_);
  out["model"] = active_ ? active_->kind() : model_registry().front().name;
  out["run"] = run();
  out["epoch"] = active_ ? active_->epoch() : 0;
  out["updates"] = active_ ? active_->updates() : 0;
  out["epoch_fraction"] = active_ ? active_->epoch_fraction() : 0.0;
  out["loaded"] = active_ && active_->loaded();
}

void LabWorker::emit_progress(const Json& metrics) {
  for (auto it = metrics.begin(); it != metrics.end(); ++it) latest_metrics_[it.key()] = it.value();
  Json e = protocol::make_event("progress");
  put_position(e);
  e["metrics"] = metrics;
  if (ms_per_batch_ > 0 && state_ == WorkerState::Training) {
    const double pace = stepping_ ? 0 : active_->max_updates_per_second();  // what a paced model really does
    e["updates_per_second"] = pace > 0 ? std::min(pace, 1000.0 / ms_per_batch_) : 1000.0 / ms_per_batch_;
  }
  emit(e);
}

Json LabWorker::status_json() const {
  Json s = Json::object();
  put_position(s);
  s["metrics"] = latest_metrics_;
  s["chunk_batches"] = chunk_;
  s["costs_ms"] = {{"update", ms_per_batch_}, {"evaluate", evaluate_cost_ms_}, {"snapshot", snapshot_cost_ms_}};
  if (active_) s["config"] = active_->config_json();
  if (!load_error_.empty()) s["error"] = load_error_;
  if (memory_probe) s["memory"] = memory_probe();
  s["threads"] = product_threads() ? product_threads()->size() : 1;
  return s;
}

}  // namespace latent::web
