// LabWorker: the engine's side of the protocol (protocol.hpp), as plain C++.
// It owns the datasets and one session per model kind (session.hpp: the model,
// its config and trainer), decodes commands for the active session, runs
// training in chunks and emits events (JSON text + float buffers) through a sink. It has no
// clock and knows nothing of Emscripten: the host (worker.cpp + worker.js in the
// browser, a test natively) drives it:
//
//   load_data(...) / fail_loading(msg)        once, after fetching the files, or
//   load_test_set(...), then                  the same in two steps, for a page whose data
//     load_training_images(...)               streams in (the lab works on the test set first), or
//   start_without_data()                      once, for a page that uses no MNIST
//   handle(command_text)                      for each command
//   while (wants_to_run()) {                  the training loop, yielding between chunks
//     t0 = now(); run_chunk(); t1 = now();
//     after_chunk(t1 - t0, t1);               sizes the next chunk, posts progress/snapshots
//     wait wait_ms() (0: yield only)          a paced model is ahead of its pace
//   }
//
// Nothing here throws on bad input or calls exit(); bad data and bad commands
// become error events and refusals.
#pragma once
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "idx.hpp"
#include "protocol.hpp"
#include "session.hpp"

namespace latent::web {

// The largest file a command may carry: the largest model the lab can hold is a DBN at
// the page's memory limit (dbn_config.hpp), about 390 MB as float32 (web/lab.js refuses
// larger files before reading them). A data file's reader refuses it past
// kMaxImportBytes (data_import.hpp).
constexpr double kMaxFileBytes = 400.0 * 1048576.0;

enum class WorkerState { Loading, Idle, Training, Paused, Error };
const char* state_name(WorkerState state);  // "loading", "idle", ...

class LabWorker {
 public:
  using Sink = std::function<void(const std::string& event_json, const std::vector<OutBuffer>& buffers)>;

  struct Cadence {
    double chunk_ms = 40;       // target duration of one chunk of training
    double snapshot_ms = 250;   // at most ~4 snapshots a second while training
    double evaluate_ms = 1000;  // free energies / pseudo-likelihood at most ~once a second
    int evaluate_subset = 500;  // digits per evaluation (each of train and test)
    int max_chunk = 4000;       // updates per chunk, upper bound
    int auto_exact_hidden = 12; // exact log-likelihood with every evaluation up to this size (RBM on MNIST)
    double overhead_share = 0.1;   // evaluations + snapshots: at most this share of the time
  };

  // clock: milliseconds from the host (performance.now in the browser); optional.
  // With it, evaluations and snapshots are spaced so that they take at most
  // cadence.overhead_share of the time (besides the minimum intervals above).
  explicit LabWorker(Sink sink, std::function<double()> clock = nullptr);
  ~LabWorker();

  // Parses the four IDX files (the engine copies what it keeps). On success it
  // builds the first model (an RBM, default config) and posts ready, config,
  // progress, snapshot; on failure an error event (state error). Returns success.
  bool load_data(std::vector<uint8_t> train_images, std::vector<uint8_t> train_labels,
                 std::vector<uint8_t> test_images, std::vector<uint8_t> test_labels);
  // A page that uses no MNIST (an embedded 2-D demo): starts with the first kind
  // that needs none; the MNIST kinds are refused, saying why. Posts what load_data does.
  void start_without_data();
  // The first step of a streamed start: the test set and the training labels (their
  // count is the training set's size). The lab starts as load_data does, the test set
  // standing in for the training set: every model can be opened, loaded from a file,
  // drawn on and evaluated on the test digits (the figures on training digits are left
  // out); train, step and stage on MNIST wait for the second step (a busy event says so;
  // pause or another model cancels the wait).
  bool load_test_set(std::vector<uint8_t> test_images, std::vector<uint8_t> test_labels,
                     std::vector<uint8_t> train_labels);
  // The second step: the training images. Every MNIST model is built again on them with
  // its settings (and its parameters, if it was loaded or tuned), ready is posted again
  // (train_count, train_pending false), then the waiting train or step runs. On failure
  // an error event; the lab stays on the test set, and a waiting command is refused.
  bool load_training_images(std::vector<uint8_t> train_images);
  // The training images could not be fetched (or read): an error event; the lab stays
  // on the test set, MNIST training is refused with the message.
  void fail_training_set(const std::string& message);
  bool has_digits() const { return test_.count() > 0; }
  bool training_pending() const { return train_labels_.count > 0; }
  // The image set load_data is given: "mnist" (the default) or "fashion" (Fashion-MNIST,
  // the same format); the ready event says which.
  void name_images(const std::string& images) { images_ = images; }
  // The data could not be fetched: posts an error event, state error.
  void fail_loading(const std::string& message);

  // One command (JSON text or value): posts its events, then its reply (a step's
  // reply comes when its updates are done). bytes: what the host hands over beside
  // the text (load_model's file).
  void handle(const std::string& command_text, std::vector<uint8_t> bytes = {});
  void handle(const protocol::Json& command);
  // The same with a file of byte_count bytes that copy(dst) writes (the host's, outside
  // this module's memory): past kMaxFileBytes refused, saying the limit, before any
  // memory is taken for it.
  void handle(const std::string& command_text, double byte_count, const std::function<void(uint8_t*)>& copy);

  bool wants_to_run() const;
  int run_chunk();                                 // returns the updates done
  void after_chunk(double elapsed_ms, double now_ms);
  int chunk_batches() const { return chunk_; }
  // How long the host should wait before the next chunk: > 0 when continuous
  // training is ahead of the active model's pace (Session::max_updates_per_second).
  double wait_ms() const;

  WorkerState state() const { return state_; }
  const Session* session() const { return active_; }  // the active model (null before data)
  int run() const;                                     // the active model's run number

  Cadence cadence;
  // The host's measure of the worker's memory, which the status reply carries as
  // "memory" (worker.cpp: {heap_bytes, in_use_bytes}); optional.
  std::function<protocol::Json()> memory_probe;

 private:
  void dispatch(const protocol::Command& command);
  // The datasets in place (train may be empty: training_pending), the first model active.
  void start_with(Dataset train, Dataset test);
  void emit_ready(bool with_model = true);  // with_model: config, progress and snapshot after it
  SessionData session_data(const std::string& kind) const;
  // A session of the same kind and settings on the datasets now in place, with the
  // parameters of `old` when it was trained or loaded.
  std::unique_ptr<Session> rebuilt_session(const Session& old) const;
  // Train or step on MNIST while the training images are still arriving: kept (the
  // newest one) and answered when they arrive; true when it was kept.
  bool wait_for_training_set(const protocol::Command& command);
  void end_wait(const std::string& refusal);  // "" : run the waiting command; else refuse it
  // A kind this page cannot build (MNIST without the data): refuses and returns true.
  bool refuse_without_digits(const protocol::Json& id, const std::string& kind);
  void configure(const protocol::Command& command);  // init, set, reset
  void activate(const std::string& kind);            // use (and init of another kind)
  void rebuilt();                                     // after the active session built a new model
  void restart_measures();  // a new or another model: chunk size, costs, pace, latest metrics
  void finish_step(bool ok, const std::string& message);
  void emit(const protocol::Json& event, const std::vector<OutBuffer>& buffers = {});
  void reply(const protocol::Json& reply) { emit(reply); }
  void refuse(const protocol::Json& id, const std::string& what, const std::vector<FieldError>& errors);
  void put_position(protocol::Json& out) const;  // state, model, run, epoch, updates, epoch_fraction
  void emit_progress(const protocol::Json& metrics);
  protocol::Json evaluate_metrics(double log_z = std::numeric_limits<double>::quiet_NaN());
  void emit_busy();                          // progress of the exact sum (message "" once it is over)
  void finish_exact();                       // posts the metrics and the exact_ll reply
  void cancel_exact(const std::string& why);  // replies ok:false
  // advance_chains: the generation chains take their steps (periodic snapshots only,
  // so that commands asking for a picture do not move them).
  void emit_snapshot(bool advance_chains = false);
  void emit_config(bool reset);
  // model_commands.cpp: the drawing, and model files in and out.
  void set_drawing(const protocol::Command& command);
  void emit_drawing(bool every_model);  // every built model's answer, or the active one's
  void save_model(const protocol::Command& command);
  void load_model(const protocol::Command& command);
  // user_digits.cpp: the student's own digits.
  void user_digits(const protocol::Command& command);  // user_add, user_clear, user_test, user_tune
  void emit_user_test();
  protocol::Json status_json() const;
  bool refuse_without_model(const protocol::Json& id);

  double clock_ms() const { return clock_ ? clock_() : 0.0; }

  Sink sink_;
  std::function<double()> clock_;
  double evaluate_cost_ms_ = 0, snapshot_cost_ms_ = 0;  // last measured (with a clock)
  WorkerState state_ = WorkerState::Loading;
  std::string load_error_;
  std::string images_ = "mnist";
  Dataset train_, test_;
  IdxLabels train_labels_;   // a streamed start's training labels, until their images arrive
  std::string train_error_;  // why the training images could not be used ("" : none)
  std::unique_ptr<protocol::Command> waiting_;  // a train or step waiting for them
  std::map<std::string, std::unique_ptr<Session>> sessions_;  // by kind, built when first used
  Session* active_ = nullptr;
  std::map<std::string, int> runs_;  // each session's run number (unique across kinds)
  int last_run_ = 0;

  // training loop
  int chunk_ = 1;
  double ms_per_batch_ = 0;
  int last_batches_ = 0;
  bool diverged_in_chunk_ = false;
  bool finished_in_chunk_ = false;  // the active model has nothing left to train
  std::string diverged_message_;
  double last_now_ms_ = 0, last_snapshot_ms_ = -1e300, last_evaluate_ms_ = -1e300;
  double pace_budget_ = 0;     // updates a paced model may still do (a token bucket)
  double pace_refill_ms_ = -1;  // when the budget was last refilled

  // a step command in progress
  bool stepping_ = false;
  protocol::Json step_id_;
  int step_remaining_ = 0, step_done_ = 0;

  // an exact_ll command in progress: its enumeration runs in slices, one per chunk
  std::unique_ptr<ExactTask> exact_;
  protocol::Json exact_id_;
  long exact_blocks_ = 1, last_exact_blocks_ = 0;  // slice size, sized like a chunk
  std::string exact_metric_ = "exact_log_likelihood";  // the last task's metric
  Matrix rbm_probe_h_;  // an RBM's p(h|v) beside another model's snapshot (alive while the sink reads it)
  // What the page holds of each model's snapshot buffers: those of the last snapshot it
  // was sent for that kind (sent or kept), by name, with a hash of their contents; a
  // buffer that is the same again is listed as kept instead of sent (protocol.hpp, 5).
  struct SentBuffer {
    int rows = 0, cols = 0;
    uint64_t hash = 0;
  };
  struct SentSnapshot {
    int run = -1;  // a new model sends everything again
    std::map<std::string, SentBuffer> buffers;
  };
  std::map<std::string, SentSnapshot> sent_;  // by kind
  Matrix drawing_;      // the student's drawing, 784 x 1 (empty: none)
  Dataset user_;        // the student's own labelled digits (user_add), as MNIST stores digits
  Matrix user_grey_;    // the same as grey levels, 784 x count (alive while the sink reads it)

  protocol::Json latest_metrics_ = protocol::Json::object();
};

}  // namespace latent::web
