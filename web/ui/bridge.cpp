// bridge (see bridge.hpp): events -> LabState, commands -> window.lab.
// Sections: reading events · sending commands (page_glue.cpp connects them to the page).
#include "bridge.hpp"

#include <algorithm>
#include <cmath>

#include "json_values.hpp"


namespace latent::ui {

const Json* LabState::reply_to(int id) const {
  for (auto it = recent_replies.rbegin(); it != recent_replies.rend(); ++it) {
    const auto r = it->find("id");
    if (r != it->end() && r->is_number_integer() && r->get<long long>() == id) return &*it;
  }
  return nullptr;
}

const char* class_name(const LabState& lab, int label) {
  static const char* const kDigits[] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
  static const char* const kFashion[] = {"T-shirt/top", "trouser", "pullover", "dress", "coat",
                                         "sandal", "shirt", "sneaker", "bag", "ankle boot"};
  if (label < 0 || label > 9) return "?";
  return lab.images == "fashion" ? kFashion[label] : kDigits[label];
}

LabState& lab_state() {
  static LabState state;
  return state;
}

// ---------------------------------------------------------------- reading events

namespace {

double number(const Json& j, const char* key, double fallback) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}

bool flag(const Json& j, const char* key, bool fallback) {
  const auto it = j.find(key);
  return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

std::string text(const Json& j, const char* key, const std::string& fallback = std::string()) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}

std::vector<int> ints(const Json& j) {
  std::vector<int> out;
  if (j.is_array()) {
    for (const auto& v : j) out.push_back(v.is_number() ? v.get<int>() : -1);
  }
  return out;
}

void thin(Series& s) {
  size_t k = 0;
  for (size_t i = 0; i < s.x.size(); i += 2, ++k) {
    s.x[k] = s.x[i];
    s.y[k] = s.y[i];
  }
  s.x.resize(k);
  s.y.resize(k);
}

void set_run(ModelView& m, int run) {
  if (run != m.run) {
    m.run = run;
    m.history.clear();
    m.metrics.clear();
  }
}

// The view an event names (the active model's when it names none).
ModelView& view_of(LabState& s, const Json& e) {
  const std::string kind = text(e, "model", s.model);
  return s.models[kind.empty() ? s.model : kind];
}

void read_config(ModelView& m, const Json& config) {
  if (!config.is_object()) return;
  m.config = config;
  m.has_config = true;
  ++m.config_version;
}

void read_progress(LabState& s, const Json& e) {
  s.state = text(e, "state", s.state);
  if (s.state == "error") {  // the engine stopped: no busy event will end it
    s.busy.clear();
    s.busy_task.clear();
  }
  s.model = text(e, "model", s.model);
  ModelView& m = view_of(s, e);
  // One model trains at a time: the others have stopped.
  for (auto& [kind, other] : s.models)
    if (&other != &m && other.state == "training") other.state = "paused";
  m.state = s.state;
  set_run(m, int(number(e, "run", m.run)));
  m.epoch = int(number(e, "epoch", m.epoch));
  m.updates = number(e, "updates", m.updates);
  m.epoch_fraction = number(e, "epoch_fraction", m.epoch_fraction);
  m.loaded = flag(e, "loaded", m.loaded);
  m.updates_per_second = m.state == "training" ? number(e, "updates_per_second", m.updates_per_second) : 0.0;
  const auto metrics = e.find("metrics");
  if (metrics == e.end() || !metrics->is_object()) return;
  for (auto it = metrics->begin(); it != metrics->end(); ++it) {
    if (!it->is_number()) continue;
    const double v = it->get<double>();
    if (!std::isfinite(v)) continue;
    m.metrics[it.key()] = v;
    Series& series = m.history[it.key()];
    series.x.push_back(float(m.updates));
    series.y.push_back(float(v));
    if (series.x.size() > kMaxHistory) thin(series);
  }
}

// The buffers an event lists, filled in its order into next (reusing the allocations
// of old's buffers of the same names); false when one could not be read.
bool read_buffers(const Json& e, const BufferFill& fill, std::map<std::string, Buffer>& old,
                  std::map<std::string, Buffer>& next) {
  const auto list = e.find("buffers");
  if (list == e.end() || !list->is_array()) return false;
  bool ok = true;
  int index = 0;
  for (const auto& b : *list) {
    const std::string name = b.is_object() ? text(b, "name") : std::string();
    const double rows = b.is_object() ? number(b, "rows", -1) : -1;
    const double cols = b.is_object() ? number(b, "cols", -1) : -1;
    if (name.empty() || rows < 0 || cols < 0 || rows * cols > 1e8) { ok = false; ++index; continue; }
    Buffer buf;
    buf.rows = int(rows);
    buf.cols = int(cols);
    if (auto o = old.find(name); o != old.end()) buf.data.swap(o->second.data);
    buf.data.resize(size_t(buf.rows) * size_t(buf.cols));
    static long long serials = 0;
    buf.serial = ++serials;
    if (fill && fill(index, buf.data.data(), buf.data.size())) next[name] = std::move(buf);
    else ok = false;
    ++index;
  }
  return ok;
}

// A drawing event: each kind's answer, its buffers "<kind>/<name>" under <name>.
bool read_drawing(LabState& s, const Json& e, const BufferFill& fill) {
  std::map<std::string, Buffer> old, all;
  for (auto& [kind, answer] : s.drawing)
    for (auto& [name, b] : answer.buffers) old[kind + "/" + name] = std::move(b);
  const bool ok = read_buffers(e, fill, old, all);
  if (e.value("cleared", false)) s.drawing.clear();
  if (const auto answers = e.find("answers"); answers != e.end() && answers->is_object()) {
    for (auto it = answers->begin(); it != answers->end(); ++it) {
      DrawingAnswer& a = s.drawing[it.key()];
      a.meta = *it;
      a.buffers.clear();
      const std::string prefix = it.key() + "/";
      for (auto& [name, b] : all)
        if (name.rfind(prefix, 0) == 0) a.buffers[name.substr(prefix.size())] = std::move(b);
    }
  }
  ++s.drawing_version;
  return ok;
}

bool read_snapshot(LabState& s, const Json& e, const BufferFill& fill) {
  ModelView& m = view_of(s, e);
  set_run(m, int(number(e, "run", m.run)));
  std::map<std::string, Buffer> next;
  bool ok = true;
  // The buffers the worker did not send again: those of the previous snapshot, kept
  // (taken before read_buffers reuses the allocations of the others).
  if (const auto kept = e.find("kept"); kept != e.end() && kept->is_array()) {
    for (const auto& k : *kept) {
      const std::string name = k.is_object() ? text(k, "name") : std::string();
      const auto old = m.buffers.find(name);
      if (old == m.buffers.end() || old->second.rows != int(number(k, "rows", -1)) ||
          old->second.cols != int(number(k, "cols", -1))) {
        ok = false;  // the worker thinks the page holds a buffer it does not
        continue;
      }
      next[name] = std::move(old->second);
      m.buffers.erase(old);
    }
  }
  ok = read_buffers(e, fill, m.buffers, next) && ok;
  m.buffers.swap(next);
  m.snapshot = e;
  ++m.snapshot_version;
  if (const auto d = e.find("digits"); d != e.end() && d->is_object()) {
    m.digit_indices = ints(d->value("indices", Json::array()));
    m.digit_labels = ints(d->value("labels", Json::array()));
  }
  if (const auto p = e.find("probe"); p != e.end() && p->is_object()) {
    m.probe_index = int(number(*p, "index", -1));
    m.probe_label = int(number(*p, "label", -1));
  }
  if (const auto img = e.find("image"); img != e.end() && img->is_object()) {
    s.image_rows = int(number(*img, "rows", s.image_rows));
    s.image_cols = int(number(*img, "cols", s.image_cols));
  }
  return ok;
}

}  // namespace

bool apply_event(LabState& s, const std::string& event_json, const BufferFill& fill) {
  ++s.events;
  const Json e = protocol::parse(event_json);
  if (!e.is_object() || !e.contains("type") || !e["type"].is_string()) {
    ++s.bad_events;
    return false;
  }
  const std::string type = e["type"].get<std::string>();
  bool ok = true;
  if (type == "progress") {
    read_progress(s, e);
  } else if (type == "snapshot") {
    ok = read_snapshot(s, e, fill);
  } else if (type == "drawing") {
    ok = read_drawing(s, e, fill);
  } else if (type == "user_test") {
    UserDigits& u = s.user;
    std::map<std::string, Buffer> old, next;
    old["digits"] = std::move(u.digits);
    ok = read_buffers(e, fill, old, next);
    u.digits = std::move(next["digits"]);
    u.count = int(number(e, "count", 0));
    u.labels = ints(e.value("labels", Json::array()));
    u.results = e.value("results", Json::object());
    ++u.version;
  } else if (type == "load") {
    const std::string file = text(e, "file");
    FileLoad* f = nullptr;
    for (auto& l : s.loads) if (l.file == file) f = &l;
    if (!f) { s.loads.push_back({file, 0, 0}); f = &s.loads.back(); }
    f->loaded = number(e, "loaded", f->loaded);
    f->total = number(e, "total", f->total);
  } else if (type == "ready") {
    s.ready = true;
    s.model = text(e, "model", s.model);
    ModelView& m = view_of(s, e);
    s.train_count = int(number(e, "train_count", 0));
    s.test_count = int(number(e, "test_count", 0));
    s.train_pending = flag(e, "train_pending", false);
    s.images = text(e, "images", "mnist");
    if (const auto img = e.find("image"); img != e.end() && img->is_object()) {
      s.image_rows = int(number(*img, "rows", s.image_rows));
      s.image_cols = int(number(*img, "cols", s.image_cols));
    }
    if (e.contains("config")) read_config(m, e["config"]);
    s.kinds.clear();
    if (const auto kinds = e.find("kinds"); kinds != e.end() && kinds->is_array()) {
      for (const Json& k : *kinds) {
        if (!k.is_object()) continue;
        KindInfo info{text(k, "name"), text(k, "title"), {}};
        if (const auto f = k.find("fields"); f != k.end() && f->is_object())
          for (auto it = f->begin(); it != f->end(); ++it)
            if (it->is_string()) info.field_types[it.key()] = it->get<std::string>();
        if (!info.name.empty()) s.kinds.push_back(std::move(info));
      }
    }
  } else if (type == "config") {
    s.model = text(e, "model", s.model);
    ModelView& m = view_of(s, e);
    if (e.contains("run")) set_run(m, int(number(e, "run", m.run)));
    if (e.contains("config")) read_config(m, e["config"]);
  } else if (type == "error") {
    s.last_error = text(e, "message", "unknown error");
    ++s.error_version;
  } else if (type == "stopped") {  // web/lab.js offers a restart
    s.stopped = true;
    s.stopped_why = text(e, "why", "engine");
    s.stopped_message = text(e, "message");
    s.kept.clear();
    if (const auto k = e.find("kept"); k != e.end() && k->is_array())
      for (const Json& m : *k)
        if (m.is_object()) s.kept.push_back({text(m, "model"), number(m, "updates", 0)});
  } else if (type == "restart") {  // a new worker: what the old one said no longer holds
    const int events = s.events, bad = s.bad_events;
    s = LabState();
    s.events = events;
    s.bad_events = bad;
  } else if (type == "busy") {  // progress of a long computation; an empty message: it ended
    s.busy = text(e, "message");
    s.busy_task = s.busy.empty() ? std::string() : text(e, "task");
  } else if (type == "reply") {
    s.last_reply = e;
    s.recent_replies.push_back(e);
    if (s.recent_replies.size() > kMaxRecentReplies) s.recent_replies.erase(s.recent_replies.begin());
    const int id = e.contains("id") && e["id"].is_number_integer() ? e["id"].get<int>() : -1;
    const auto quiet = std::find(s.quiet_ids.begin(), s.quiet_ids.end(), id);
    if (quiet != s.quiet_ids.end()) {  // its sender reads it (reply_to)
      s.quiet_ids.erase(quiet);
      return true;
    }
    const bool reply_ok = e.contains("ok") && e["ok"].is_boolean() && e["ok"].get<bool>();
    if (e.contains("errors")) s.field_errors = protocol::errors_from_json(e["errors"]);
    else if (reply_ok && e.contains("config")) s.field_errors.clear();  // a set/init/reset went through
    if (!reply_ok) {
      s.last_error = text(e, "message", "the command was refused");
      ++s.error_version;
    }
  }
  if (!ok) ++s.bad_events;
  return ok;
}

// ---------------------------------------------------------------- sending commands

namespace {
std::function<int(const std::string&)>& command_hook() {
  static std::function<int(const std::string&)> hook;
  return hook;
}
}  // namespace

void set_command_hook(std::function<int(const std::string&)> hook) { command_hook() = std::move(hook); }

int send_command(const Json& command) {
  const std::string text = protocol::dump(command);
  return command_hook() ? command_hook()(text) : -1;
}

int set_config(const Json& fields) { return send_command({{"cmd", "set"}, {"config", fields}}); }
int init_model(const std::string& kind, const Json& config) {
  return send_command({{"cmd", "init"}, {"model", kind}, {"config", config}});
}
int quietly(int id) {
  if (id >= 0) lab_state().quiet_ids.push_back(id);
  return id;
}
int use_model(const std::string& kind) { return send_command({{"cmd", "use"}, {"model", kind}}); }
int train() { return send_command({{"cmd", "train"}}); }
int pause() { return send_command({{"cmd", "pause"}}); }
int train_or_pause(const ModelView& m) { return m.state == "training" ? pause() : train(); }
int step(int count) {
  Json c = {{"cmd", "step"}};
  if (count > 0) c["count"] = count;
  return send_command(c);
}
int reset() { return send_command({{"cmd", "reset"}}); }
int probe_digit(int test_index) { return send_command({{"cmd", "hidden_probs"}, {"index", test_index}}); }
int request_exact_ll() { return send_command({{"cmd", "exact_ll"}}); }
int request_ais(int betas) { return send_command({{"cmd", "ais"}, {"betas", betas}}); }
int interpolate(int from, int to) { return send_command({{"cmd", "interpolate"}, {"from", from}, {"to", to}}); }
int decode_point(float x, float y, const std::string& map) {
  Json c = {{"cmd", "decode"}, {"point", {x, y}}};
  if (!map.empty()) c["map"] = map;
  return send_command(c);
}
int start_stage(const std::string& stage) { return send_command({{"cmd", "stage"}, {"stage", stage}}); }
int load_default(const std::string& kind) { return send_command({{"cmd", "load_default"}, {"model", kind}}); }
int save_model(const std::string& kind) { return send_command({{"cmd", "save_model"}, {"model", kind}}); }
int add_user_digit(const std::vector<float>& pixels, int label) {
  send_command({{"cmd", "user_add"}, {"pixels", pixels}, {"label", label}});
  return send_command({{"cmd", "user_test"}});
}
int user_command(const char* cmd) { return send_command({{"cmd", cmd}}); }
int tune_on_user_digits(int updates) { return send_command({{"cmd", "user_tune"}, {"count", updates}}); }
int send_points(const std::vector<float>& xy) {
  Json points = Json::array();
  for (size_t i = 0; i + 1 < xy.size(); i += 2) points.push_back({xy[i], xy[i + 1]});
  return send_command({{"cmd", "points"}, {"points", points}});
}

}  // namespace latent::ui
