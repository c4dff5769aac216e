// bridge: the UI module's end of the worker protocol (web/worker/protocol.hpp).
// Events from the engine worker land in one plain LabState that the panels read;
// panels change things only by sending commands. The UI never touches the model.
//
// ---- Contract with web/lab.js (main thread) ----------------------------------
//   index.html:  <script src="web/lab.js"></script> before lab_ui.js, then
//                createLabUi({...}).then(ui => lab.attachUi(ui))
//   lab.js delivers every worker event (in order; those that came before
//   attachUi are replayed: all but the latest snapshot are dropped) by
//       ui.latentInbox = {text: "<event JSON>", buffers: [Float32Array, ...]};
//       ui._lab_ui_receive();
//   lab_ui_receive() (page_glue.cpp) pulls the text and copies the buffers into
//   this module's heap, then calls apply_event, so the page needs no extra exports
//   (no _malloc, HEAP*, or runtime methods for this).
//   Test hooks, also exported there: _lab_ui_events_received(), _lab_ui_bad_events(),
//   _lab_ui_snapshot_version() (ints; what LabState has taken in).
//   Commands go the other way: send_command(json) calls the command hook, which
//   page_glue.cpp's connect_to_page() points at
//       window.lab.sendFromUi("<command JSON>")  -> the id it was given (or -1)
//   lab.js adds "v" and "id"; the reply comes back as a "reply" event.
//   (Natively there is no window: set_command_hook() catches commands for tests.)
//
// ---- For the panels -------------------------------------------------------------
//   const LabState& s = lab_state();                       read every frame
//   const ModelView& m = s.view("rbm");                     one model's progress, config, pictures
//   m.buffer("filters")  -> rows x cols floats, column-major, column j = item j
//   send_command({{"cmd","set"},{"config",{{"learning_rate",0.1}}}});
//   set_config({{"hidden", 64}});  train(); pause(); step(n); ...
// Panels edit a copy of the view's config and send the fields that changed (set_config);
// s.field_errors then holds the worker's per-field refusal, if any.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "config_codec.hpp"

namespace latent::ui {

using protocol::Json;

struct Series {  // one metric over training: x = updates, y = value
  std::vector<float> x, y;
};

struct Buffer {  // rows x cols, column-major (see protocol.hpp, section 5)
  int rows = 0, cols = 0;
  std::vector<float> data;
  // Which contents these are: a number new each time a buffer is filled (unique across
  // buffers), kept with a snapshot's kept buffers, so that a picture of one is remade
  // only when it changed (image_grid.hpp). 0: never filled.
  long long serial = 0;
  const float* column(int j) const { return data.data() + size_t(j) * size_t(rows); }
};

struct FileLoad {
  std::string file;
  double loaded = 0, total = 0;  // bytes; total 0 when unknown
};

// What the UI knows of one model kind ("rbm", "grbm2d", "grbm"): events that name
// a model land in its view, so each panel keeps its curves and pictures while
// another model trains.
struct ModelView {
  std::string state = "idle";  // idle | training | paused | error (as its last progress said)
  int run = 0;                 // changes when a new model is built (history is cleared)
  int epoch = 0;
  double updates = 0;
  double epoch_fraction = 0;
  bool loaded = false;  // began from a model file (the trained default or the student's)
  double updates_per_second = 0;
  std::map<std::string, double> metrics;  // latest value of each metric
  std::map<std::string, Series> history;  // every value since the run began (thinned past kMaxHistory)

  // The config in use by the worker, as sent (panels read it with read_config).
  bool has_config = false;
  Json config = Json::object();
  int config_version = 0;    // increments with each config

  // The latest snapshot.
  int snapshot_version = 0;  // increments with each snapshot (re-upload textures when it changes)
  Json snapshot;             // its metadata (see protocol.hpp, section 5)
  std::map<std::string, Buffer> buffers;
  std::vector<int> digit_indices, digit_labels;
  int probe_index = -1, probe_label = -1;

  const Buffer* buffer(const std::string& name) const {
    const auto it = buffers.find(name);
    return it == buffers.end() ? nullptr : &it->second;
  }
  bool has_metric(const std::string& name) const { return metrics.count(name) > 0; }
  double metric(const std::string& name, double fallback = 0) const {
    const auto it = metrics.find(name);
    return it == metrics.end() ? fallback : it->second;
  }
  const Series* series(const std::string& name) const {  // null until the metric has a value
    const auto it = history.find(name);
    return it == history.end() ? nullptr : &it->second;
  }
};

// A model's answer to the student's drawing (a "drawing" event): its metadata
// (trained, loaded, updates and the kind's own) and buffers, named without the kind.
struct DrawingAnswer {
  Json meta = Json::object();
  std::map<std::string, Buffer> buffers;
  const Buffer* buffer(const std::string& name) const {
    const auto it = buffers.find(name);
    return it == buffers.end() ? nullptr : &it->second;
  }
};

// The student's own digits as the worker last reported them (a "user_test" event):
// their labels and pictures (784 x count), and each model's figures on them.
struct UserDigits {
  int count = 0;
  std::vector<int> labels;
  Json results = Json::object();  // {kind: {figure: value, mnist_<figure>: value} or {refused: why}}
  Buffer digits;
  int version = 0;  // increments with each user_test event
};

// A model the page keeps a copy of, to bring back after a restart (web/lab.js).
struct KeptModel {
  std::string model;
  double updates = 0;
};

// A model kind as the worker's registry describes it (the ready event).
struct KindInfo {
  std::string name, title;
  std::map<std::string, std::string> field_types;  // its fields: "int", "number", "bool", "seed", "choice", "text"
};

struct LabState {
  // The worker ("loading" | "idle" | "training" | "paused" | "error") and its active model.
  std::string state = "loading";
  std::string model = "rbm";

  // Data loading, then the datasets.
  std::vector<FileLoad> loads;  // one entry per file, in the order first seen
  bool ready = false;
  bool train_pending = false;  // ready on the test set, the training images still arriving
  int train_count = 0, test_count = 0, image_rows = 28, image_cols = 28;
  std::string images = "mnist";  // or "fashion" (the ready event's)
  std::vector<KindInfo> kinds;  // the worker's model kinds, in its order
  const KindInfo* kind(const std::string& name) const {
    for (const KindInfo& k : kinds)
      if (k.name == name) return &k;
    return nullptr;
  }

  std::map<std::string, ModelView> models;
  std::map<std::string, DrawingAnswer> drawing;  // by kind; emptied when the drawing is cleared
  int drawing_version = 0;                        // increments with each drawing event
  UserDigits user;                                // "Add to data"

  // The engine stopped, or its data did not load (a "stopped" event from web/lab.js):
  // the page offers restart_engine(). why: "start" (the lab could not start), "data"
  // (the training images did not load) or "engine" (it stopped after starting).
  bool stopped = false;
  std::string stopped_why, stopped_message;
  std::vector<KeptModel> kept;  // what a restart brings back
  // Messages for the student.
  std::string busy;          // a long computation's progress ("busy" events); empty when none
  std::string busy_task;     // its task: "exact_log_likelihood", "ais_log_likelihood", ...
  std::string last_error;    // latest error event (or failed reply) text
  int error_version = 0;     // increments with each error
  Json last_reply;           // the latest reply
  std::vector<Json> recent_replies;  // the latest kMaxRecentReplies, oldest first
  const Json* reply_to(int id) const;  // the reply to command id among them (null if none)
  // Commands whose refusal is their sender's alone (quietly()): their
  // replies set neither field_errors nor last_error.
  std::vector<int> quiet_ids;
  std::vector<FieldError> field_errors;  // from the latest reply (empty if it succeeded)

  int events = 0;            // events received
  int bad_events = 0;        // events that could not be read (should stay 0)

  // A model's view (an empty one if nothing has come for it yet).
  const ModelView& view(const std::string& kind) const {
    static const ModelView empty;
    const auto it = models.find(kind);
    return it == models.end() ? empty : it->second;
  }
};

// A view's config as a typed config (RbmConfig, GrbmConfig, ...); false when there
// is none or it does not read.
template <class Config>
bool read_config(const ModelView& view, Config& out) {
  if (!view.has_config) return false;
  std::vector<FieldError> errors;
  Config c;
  protocol::apply_config_fields(view.config, c, errors);
  if (!errors.empty()) return false;
  out = c;
  return true;
}

constexpr size_t kMaxRecentReplies = 32;
constexpr size_t kMaxHistory = 4000;  // points per series; beyond it every other point is dropped

LabState& lab_state();

// A label's name in the page's image set: "7" for MNIST, "sneaker" for Fashion-MNIST.
const char* class_name(const LabState& lab, int label);

// Applies one event to `state`. For a snapshot, fill(i, dst, count) must copy
// buffer i (in the order the metadata lists them) and return false if its
// length differs from count. Returns false if the event could not be read.
using BufferFill = std::function<bool(int index, float* dst, size_t count)>;
bool apply_event(LabState& state, const std::string& event_json, const BufferFill& fill = nullptr);

// Sends a command to the worker through window.lab; returns its id, or -1 when
// there is no lab to send to. "v" and "id" are added by lab.js.
int send_command(const Json& command);
int set_config(const Json& fields);   // {"cmd":"set","config":fields}
int init_model(const std::string& kind, const Json& config);
// Marks command `id` as one whose refusal only its sender shows (a link's settings
// or points: refused, they must not mark the open tab's form); returns id.
int quietly(int id);
int use_model(const std::string& kind);
int train();
int pause();
int train_or_pause(const ModelView& m);  // pause when m is training, else train
int step(int count = 0);              // 0 = one chunk
int reset();
int probe_digit(int test_index);      // hidden_probs
int request_exact_ll();
int request_ais(int betas);           // an RBM's log-likelihood by AIS over `betas` temperatures
int send_points(const std::vector<float>& xy);  // x0, y0, x1, y1, ... (the 2-D GRBM lab)
int interpolate(int from, int to);              // the VAE: between two test digits
int decode_point(float x, float y, const std::string& map = "");  // a point of a latent map (dbn: "autoencoder" | "pca")
int start_stage(const std::string& stage);      // the DBN: "finetune" | "maps" now
int load_default(const std::string& kind);      // the kind's trained model (assets/models/)
int save_model(const std::string& kind);        // a model_file event: the page downloads it
int add_user_digit(const std::vector<float>& pixels, int label);  // user_add, then user_test
int user_command(const char* cmd);              // "user_clear", "user_test"
int tune_on_user_digits(int updates);           // user_tune (the active model)

// Natively (tests): where send_command goes instead of window.lab.
void set_command_hook(std::function<int(const std::string& command_json)> hook);

}  // namespace latent::ui
