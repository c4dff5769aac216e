// Latent Lab worker protocol, version 1: the pure-data language between the UI
// (main thread) and the engine's Web Worker. This comment is its reference.
//
// Sections: 1 transport · 2 commands · 3 replies · 4 events · 5 snapshot buffers
//           · 6 config fields · 7 the C++ API below
//
// 1. Transport
//   Every message is one JSON object carrying "v": 1. The main thread (web/lab.js)
//   posts {command: {...}} to the worker (web/lab_worker.js), adding "v" and a
//   unique "id"; the worker posts {event: "<JSON text>", buffers: [Float32Array, ...]}
//   back, the buffers' ArrayBuffers as transferables. Nothing else crosses,
//   except the one start message {start: {dataBase, engineUrl?}}.
//   Commands that arrive while the data loads are queued, then handled in order.
//   Files: protocol.{hpp,cpp} (this), lab_worker.{hpp,cpp} (the worker's logic,
//   plain C++), worker.cpp (Emscripten exports), ../lab_worker.js (fetching,
//   the chunk loop), ../lab.js (main thread, window.lab), ../ui/bridge.hpp (UI side).
//
// 2. Commands  {"v":1, "id": <number|string>, "cmd": <name>, ...}
//   The worker holds one model per kind and one of them is active; every command
//   but use/init acts on the active one. Kinds: "rbm" (binary RBM on MNIST),
//   "grbm2d" (Gaussian-Bernoulli RBM on points in the plane), "grbm" (GRBM on
//   MNIST with standardised pixels), "vae" (VAE or plain autoencoder on MNIST;
//   vae_session.hpp lists its metrics and buffers), "dbn" (deep belief network:
//   greedy pre-training, then fine-tuning, then the 2-D maps; dbn_session.hpp). The
//   data load once for all. A model with nothing left to train (a dbn past its
//   last stage) pauses by itself; a step then replies "training is complete".
//   init        {model?:"rbm"|"grbm2d"|"grbm"|"vae"|"dbn", config?:{...}}  new model of that
//               kind (default: the active kind), which becomes active; config fields
//               absent take their defaults (not the current values). Stops training (state idle).
//   use         {model}  make that kind active, building it with its defaults the
//               first time; the model it leaves keeps its weights and curves (a
//               run in training pauses). The reply carries "model" and "config".
//   set         {config:{...}}  changes the fields given, on top of the config in use.
//               Live-safe fields (learning_rate, momentum, weight_decay, cd_k,
//               persistent, batch_size, fantasy_*) apply at the next update;
//               structural ones (hidden, init_std, seed, binarization,
//               train_count) build a new model (training continues if it was
//               running). The reply says which: "applied": "none"|"live"|"reset".
//   train       start or resume training.
//   pause       stop after the current chunk; a measurement in progress (exact_ll,
//               ais) stops too (its reply: cancelled, "stopped by pause").
//   step        {count?: 1..100000}  that many minibatch updates, then paused;
//               without count, one chunk (about 40 ms of work). The reply comes
//               when the updates are done (or interrupted by pause/train/reset).
//   reset       a new model with the config in use (new run, state idle).
//   snapshot    post a snapshot event now (the reply follows it).
//   hidden_probs {index}  (rbm, vae) choose the probe test digit: its p(h|v) (rbm)
//               or q(z|x) (vae) is in every snapshot; posts a snapshot at once. Beside
//               a vae snapshot comes the rbm's p(h|v) of the same digit
//               ("rbm_hidden_probs", meta "rbm_updates") once an rbm exists.
//   interpolate {from, to}  (vae) two test digits: the snapshot's interpolation
//               decodes the line between their codes.
//   decode      {point:[x,y], map?}  (vae, dbn) a point of the latent map to decode
//               (snapshot buffer "decoded"); dbn: map "autoencoder" (default) or "pca".
//   stage       {stage:"finetune"|"maps"}  (dbn) start that stage afresh now: the two
//               classifiers, or the 2-D maps (deep autoencoder, PCA, t-SNE); posts
//               config, progress and snapshot; the reply carries "stage". Refused,
//               saying what to do, while pre-training has not finished (and the maps
//               on a test set too small for them).
//   points      {points:[[x,y], ...]}  (grbm2d) the data become these points
//               (dataset "custom"); the model, its velocity and update count are
//               kept. Refused (nothing changes): no points, more than 5000, or a
//               coordinate beyond ±100. Posts config, progress, snapshot.
//   drawing     {pixels: [784 grey levels in 0..1, row-major] | []}  the student's
//               drawing, made an MNIST digit by the page (digit_prep.hpp): every model
//               built answers at once ("drawing" event, then the reply), and the active
//               one again after each periodic snapshot while the drawing stays; [] clears it.
//   save_model  {model?, precision?: "float32"|"float16"|"int8"}  the model of that kind
//               (default: the active one) as a model file (engine/model_file.hpp): a
//               "model_file" event {id, model, file, bytes, fingerprint} with one byte
//               buffer, then the reply. precision: the weight matrices' (default float32).
//   user_add    {pixels, label: 0..9}  a drawn digit joins the student's own set (up to
//               kMaxUserDigits, kept while the page is open); the reply carries "count".
//   user_clear  the set is emptied.
//   user_test   every opened model's figures on the set beside the same on MNIST's test
//               digits: a "user_test" event {count, labels, results: {kind: {...} or
//               {refused: why}}, buffers: [digits 784 x count]}, then the reply. rbm:
//               free_energy, recon_error; grbm: recon_error; vae: elbo; dbn: accuracy,
//               read_as (each digit's class); each with its mnist_ twin.
//   user_tune   {count?: 1..10000 (default 200)}  the active model trains that many
//               minibatches on the set (the DBN: its pre-trained classifier), then posts
//               progress, snapshot, its drawing answer and user_test; refused for a kind
//               that does not train on digits, or an empty set.
//   points_file {source?}  with a CSV file's bytes beside it (engine/data_import.hpp):
//               (grbm2d) its points become the data, as with points; a file that does
//               not read is refused saying which line and why, and nothing changes.
//   user_file   {source?}  with a CSV of digit rows beside it (label, 784 grey levels;
//               the page turns PNG files into such rows): they join the student's own
//               set, then user_test; refused whole (saying where) past kMaxUserDigits
//               or on any bad row. The reply carries "added" and "count".
//   load_default {model}  (answered by the worker's JS, web/lab_worker.js) the kind's
//               trained model from assets/models/: load events while it downloads, then
//               as load_model with the fingerprint its manifest records.
//   load_model  {checksum?, source?}  with the file's bytes beside the command (the
//               host's byte channel): the model of the file's kind is built from its
//               config and parameters and becomes active (config, progress, snapshot as
//               after init; the reply carries "model", "config", "source"). Refused, the
//               models kept as they were: not a model file, another version, cut short,
//               damaged, a kind or settings this lab does not have, a fingerprint
//               (model_file.hpp's, of the whole file) other than checksum.
//   exact_ll    exact mean log-likelihood by enumerating the 2^hidden states, on
//               the first 500 test digits (and 500 training digits), binarized as
//               the evaluation does (dynamic -> a fixed stochastic draw); refused
//               when hidden > 20 (rbm) or 16 (grbm: the mixture's 2^d components;
//               grbm2d has it with every evaluation). vae: the importance-weighted
//               estimate of log p(x) (iw_samples samples) on the first iw_digits test
//               digits, one digit per slice; the reply carries "iw_log_likelihood"
//               (refused for a plain autoencoder). Does not block the worker: the sum runs in
//               slices (about a chunk each) ahead of training, which waits; other
//               commands are answered meanwhile; "busy" events report progress
//               and the reply comes when it is done. A new model (init, reset,
//               structural set) or a newer exact_ll cancels it: reply ok:false,
//               message "the exact log-likelihood was cancelled: <why>".
//   ais         {betas?: 10..100000 (14500), runs?: 2..1000 (100)} annealed importance
//               sampling of an rbm's log Z (engine/rbm_ais.hpp: from the base-rate model
//               of the training digits, Salakhutdinov and Murray's schedule stretched to
//               `betas` temperatures), then the mean log p(v) of every test digit,
//               binarized as the evaluation does. Runs in slices like exact_ll (busy
//               events with task "ais_log_likelihood"; cancelled alike, and a newer
//               exact_ll or ais replaces it); up to 20 hidden units the exact log Z is
//               summed after it, as its check. The reply and a progress event carry
//               "ais_log_likelihood" with "ais_log_likelihood_low"/"_high" (from log Z's
//               3-sigma bounds: the low one from the high bound), "ais_log_partition" with
//               "ais_log_partition_low"/"_high", and with the check
//               "ais_exact_log_partition", "ais_exact_log_likelihood"; the reply also
//               "betas", "runs", "hidden", "digits". Refused for the other kinds.
//   status      the reply carries "status": {state, model, run, epoch, updates,
//               epoch_fraction, loaded, metrics (latest of each), config, chunk_batches,
//               costs_ms: {update, evaluate, snapshot}, error?, memory?: {heap_bytes
//               (the wasm memory's size: it grows, never shrinks), in_use_bytes (what
//               malloc holds now)} (in the browser's worker), threads (the threads the
//               products run on: 1, or more in the threaded build of an isolated page)}.
//   Refused (ok:false, nothing changes): bad JSON, missing/wrong "v", missing
//   id, unknown cmd, wrong types, unknown config fields, out-of-range values,
//   a command the active kind does not take.
//
// 3. Replies  {"v":1, "type":"reply", "id":<the command's id or null>, "ok":bool,
//              "message"?: text, "errors"?: [{"field","message"}], ...}
//   Extras: init/set/reset: "model", "config" (in use afterwards), "applied", "reset":bool,
//   (exact_ll of a vae: "iw_log_likelihood" instead of "exact_log_likelihood", "log_partition"),
//   "changed":[field names]; use: "model", "config"; points: "points" (count);
//   step: "updates_done"; hidden_probs: "index","label";
//   exact_ll: "exact_log_likelihood", "log_partition", "digits", "hidden" (the units summed
//   over); a vae's: "iw_log_likelihood", "digits", "latent", "samples" (k);
//   status: "status".
//   Every event a command causes is posted before its reply.
//
// 4. Events  {"v":1, "type": ...}
//   load      {file, loaded, total, done}  bytes on the wire of one data file (its .gz;
//             total 0 if unknown).
//   ready     {model, models, kinds, train_count, test_count, train_pending, digits, images,
//             image:{rows,cols}, config}
//             data parsed and the first model (an rbm) built. train_pending: the lab is
//             ready on the test set (train_count 0) and the training images are still
//             arriving; ready comes again with train_count once they are here (MNIST
//             train/step/stage wait for it, with a busy event). models: the kinds'
//             names; kinds: [{name, title, defaults, fields: {name: type}}] in the
//             registry's order (type: int, number, bool, seed, choice, text).
//             digits false: a page that loaded no MNIST (an embedded 2-D demo): the
//             first model is grbm2d, counts are 0, the MNIST kinds are refused.
//             images: "mnist" or "fashion" (Fashion-MNIST in MNIST's place, same shapes).
//   config    {model, config, run, reset:bool}  the active model's config changed
//             (or another model became active).
//   progress  {state: idle|loading|training|paused|error, model, run, epoch,
//             updates, epoch_fraction, loaded (the model began from a model
//             file; its epochs count from there), metrics:{...}, updates_per_second?}
//             metrics holds only values measured since the previous progress
//             event: recon_error (every chunk); free_energy_train,
//             free_energy_test, free_energy_gap, pseudo_likelihood (about once
//             a second, or rarer for big models: evaluations and snapshots take
//             at most ~10% of the time; and after a reset); exact_log_likelihood and
//             exact_log_likelihood_train (with those when hidden <= 12, or after
//             an exact_ll command). Values are per digit, in nats. "run" counts
//             models: it changes on init/reset/structural set (plots restart);
//             runs are numbered across kinds, so each names one model.
//             Unsuffixed likelihoods are over test digits, "_train" ones over
//             training data. grbm2d: recon_error; exact_log_likelihood_train (mean
//             over the points, its training data) and components (mixture
//             components with weight >= 1%) with every evaluation. grbm:
//             recon_error, free_energy_train/test/gap, and the exact
//             log-likelihoods when hidden <= 12 or after exact_ll.
//   busy      {task:"exact_log_likelihood"|"iw_log_likelihood", fraction:0..1, message}  a running
//             exact_ll's progress, when it starts and after each slice; then one
//             with message "" when it ends (done or cancelled), before its reply.
//             Replies do not end it; only the empty message does.
//   snapshot  see 5.
//   drawing   {answers: {kind: {trained, loaded, updates, ...the kind's own}}, cleared,
//             buffers: [{name: "<kind>/<name>", rows, cols}]}  each opened model's answer
//             to the drawing (its session header lists what), one Float32Array per buffer.
//   model_file {id, model, file, bytes, fingerprint, buffers: [{name: "file", bytes}]}  a
//             saved model: one Uint8Array, the file's bytes (the page offers it as a
//             download, or keeps it to restore after a restart: web/lab.js); id: save_model's.
//   error     {message}  something a student should read: data failed to load
//             or is corrupt (state error), training diverged (state paused,
//             weights restored to before the bad chunk), ...
//
// 5. Snapshot  {"v":1, "type":"snapshot", model, run, epoch, updates,
//               image:{rows,cols}, digits:{indices,labels}, probe:{index,label},
//               hidden_total, buffers:[{name, rows, cols}, ...], kept:[{name, rows, cols}, ...]}
//   posted with one Float32Array per buffer listed in "buffers", same order. "kept"
//   lists the buffers that are the same (name, shape and every value) as in the
//   previous snapshot of the same model and run: they are not sent again, and the page
//   keeps the ones it has (lab.js's lab.snapshot(), the UI's ModelView). The snapshot's
//   buffers are those of both lists; a buffer in neither is gone. A new run (init,
//   reset, a structural set, a loaded model) sends every buffer again. A buffer is a
//   rows x cols matrix stored column-major: column j is item j; an image
//   column holds its pixels row by row (pixel (r,c) at r*image.cols + c).
//     filters        784 x min(100,hidden)  W's columns (weights into hidden unit j)
//     data           784 x 10   fixed test digits (one of each label when possible)
//     reconstructions 784 x 10  p(v | h ~ p(h|data)) for those digits
//     fantasy        784 x fantasy_chains   p(v|h) of the generation chains; they take
//                    fantasy_steps Gibbs steps before each periodic snapshot (not
//                    before those the snapshot and hidden_probs commands ask for)
//     positive_stats 784 x min(16,hidden)   <v h^T>_data of the last update
//     negative_stats 784 x min(16,hidden)   <v h^T>_model of the last update
//     stats_difference 784 x min(16,hidden) positive - negative (the W gradient)
//     probe          784 x 1    the chosen test digit (grey levels)
//     hidden_probs   hidden x 1 p(h=1 | probe)
//     visible_bias   784 x 1,   hidden_bias  hidden x 1
//   The *_stats buffers are absent before the first update.
//   grbm (MNIST): filters, data, reconstructions, fantasy as above, all as grey
//     levels (standardised values mapped back), filters as raw weights.
//   grbm2d: meta "plane": {half_width: 8, grid: 64}, "components", "component_weight";
//     points 2 x n, samples 2 x fantasy_chains (the chains' v), component_means
//     2 x 2^d (a + W h_k, bit j of k = h_j), component_weights 2^d x 1, W 2 x d,
//     visible_bias 2 x 1, variances 2 x 1, density 64 x 64 (p(v) at x_j, y_i for
//     entry (i, j): cell centres of the plane, x and y increasing).
//
// 6. Config fields. Each kind's config is declared once as a field table (the
//   kind's engine config file: rbm_config.cpp, grbm_config.cpp, vae_config.cpp,
//   dbn_config.cpp, with the shared cd_settings.cpp and optimizer_fields.cpp): the
//   field's name, type (whole number, number, true/false, seed 0..2^53-1, one of
//   named options, text), range and the sentence refusing a value outside it,
//   whether a change resets the model, its label and tooltip. The registry
//   (model_registry.cpp) gives each kind's defaults. A DBN's layer RBM settings are
//   flat fields (cd_k, learning_rate, ...), its fine-tuning's are prefixed
//   "finetune_", and "layers" is text such as "500-500-2000"; the GRBM writes the
//   plane's "points" or MNIST's "train_count", as its data set says.
//
// 7. Below: decoding/encoding in C++ (nlohmann::json). Nothing here throws on
//   bad input: parse errors and type errors come back as values.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config_codec.hpp"
#include "dbn_config.hpp"
#include "grbm_config.hpp"
#include "json_values.hpp"
#include "rbm_config.hpp"
#include "vae_config.hpp"

namespace latent::protocol {

constexpr int kVersion = 1;
constexpr int kMaxStepCount = 100000;
constexpr size_t kMaxDrawingPixels = 4096;  // a drawing's pixels (MNIST's: 784)
constexpr int kMaxUserDigits = 1000;        // the student's own set
constexpr int kMaxUserTune = 10000;         // user_tune's updates
constexpr int kMinAisBetas = 10, kMaxAisBetas = 100000;  // ais: intermediate distributions
constexpr int kMinAisRuns = 2, kMaxAisRuns = 1000;       // ais: independent runs

enum class CommandKind {
  Init, Set, Train, Pause, Step, Reset, Snapshot, HiddenProbs, ExactLL, Status, Use, Points, Interpolate, Decode,
  Stage, Drawing, SaveModel, LoadModel, UserAdd, UserClear, UserTest, UserTune, PointsFile, UserFile, Ais
};

const char* command_name(CommandKind kind);                       // "init", ...
bool command_from_name(const std::string& name, CommandKind& out);

struct Command {
  CommandKind kind = CommandKind::Status;
  Json id;                    // number or string, echoed in the reply
  std::string model = "rbm";  // init, use
  std::vector<float> points;  // points: x0, y0, x1, y1, ...
  Json config = Json::object();  // init/set: the fields as sent (types already checked)
  int count = 0;              // step: updates to do; 0 = one chunk; user_tune: updates
  int index = 0;              // hidden_probs: test digit; interpolate: from
  int index_to = 0;           // interpolate: to
  float x = 0, y = 0;         // decode: a point of the latent map
  std::string map;            // decode: which map ("" for a model with one; dbn: "autoencoder" | "pca")
  std::string stage;          // stage: "finetune" | "maps" (dbn)
  std::vector<float> pixels;  // drawing, user_add: 784 grey levels (drawing: empty for none)
  int label = -1;             // user_add: 0 .. 9
  std::string precision = "float32";  // save_model
  std::string checksum, source;       // load_model: the expected fingerprint; where a file came from
  std::vector<uint8_t> bytes;         // load_model, points_file, user_file: the file (the host hands it over)
  int betas = 14500, runs = 100;      // ais: the schedule's length, the runs
};

struct Decoded {
  bool ok = false;
  Command command;                 // meaningful when ok
  Json id;                         // the command's id when readable, else null (for the refusal)
  std::string message;             // why it was refused
  std::vector<FieldError> errors;  // per-field problems
};

// Decodes one command; never throws. For init the full config (defaults +
// fields given) is also range-checked; for set only types and names are (the
// ranges depend on the config in use: see config_from_json).
Decoded decode_command(const std::string& text);
Decoded decode_command(const char* text);  // as text (not a JSON string value)
Decoded decode_command(const Json& message);

// Encodes a command (the inverse of decode_command).
Json encode_command(const Command& command);

// ---- replies and events
Json make_event(const char* type);                  // {"v":1,"type":type}
Json make_reply(const Json& id, bool ok, const std::string& message = std::string());
Json make_refusal(const Decoded& decoded);          // reply ok:false from a failed decode

}  // namespace latent::protocol
