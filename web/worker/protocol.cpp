// Protocol v1 encode/decode (see protocol.hpp for the reference).
// Sections: parsing helpers · config <-> JSON · commands · replies/events.
// Every access checks the JSON type first: nothing here throws on bad input.
#include "protocol.hpp"

#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace latent::protocol {

// ---------------------------------------------------------------- parsing helpers

namespace {

// A DOM parser that records the parse error instead of throwing.
struct QuietParser : nlohmann::detail::json_sax_dom_parser<Json> {
  std::string error;
  explicit QuietParser(Json& root) : nlohmann::detail::json_sax_dom_parser<Json>(root, false) {}
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) {
    error = ex.what();
    const auto close = error.find("] ");
    if (error.rfind("[json.exception", 0) == 0 && close != std::string::npos) error = error.substr(close + 2);
    return false;
  }
};

const char* type_name(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::string: return "a string";
    case Json::value_t::array: return "an array";
    case Json::value_t::object: return "an object";
    case Json::value_t::number_float: return "a fractional number";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "an integer";
    default: return "an unsupported value";
  }
}

// Reads a whole number (an integer, or a float with an integral value) within
// [lo, hi]. Returns an empty string on success, else what is wrong.
std::string read_integer(const Json& v, long long lo, long long hi, long long& out) {
  if (v.is_number_unsigned()) {
    const auto u = v.get<unsigned long long>();
    if (u > static_cast<unsigned long long>(hi)) return "is too large (at most " + std::to_string(hi) + ")";
    out = static_cast<long long>(u);
  } else if (v.is_number_integer()) {
    out = v.get<long long>();
  } else if (v.is_number_float()) {
    const double d = v.get<double>();
    if (!std::isfinite(d) || d != std::floor(d)) return "must be a whole number, not " + dump(v);
    if (d > static_cast<double>(hi)) return "is too large (at most " + std::to_string(hi) + ")";
    if (d < static_cast<double>(lo)) return "is too small (at least " + std::to_string(lo) + ")";
    out = static_cast<long long>(d);
  } else {
    return std::string("must be a whole number, not ") + type_name(v);
  }
  if (out < lo) return "is too small (at least " + std::to_string(lo) + ")";
  if (out > hi) return "is too large (at most " + std::to_string(hi) + ")";
  return {};
}

std::string read_number(const Json& v, double& out) {
  if (!v.is_number()) return std::string("must be a number, not ") + type_name(v);
  out = v.get<double>();
  if (!std::isfinite(out)) return "must be a finite number";
  return {};
}

}  // namespace

std::string dump(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Json parse(const std::string& text, std::string* error) {
  Json root;
  QuietParser sax(root);
  const bool ok = Json::sax_parse(text, &sax);
  if (!ok || sax.error.size()) {
    if (error) *error = sax.error.empty() ? "not valid JSON" : sax.error;
    return Json(Json::value_t::discarded);
  }
  if (error) error->clear();
  return root;
}

// ---------------------------------------------------------------- config <-> JSON

const char* chain_start_name(ChainStart start) {
  return start == ChainStart::Data ? "data" : "noise";
}

bool chain_start_from_name(const std::string& name, ChainStart& out) {
  if (name == "noise") { out = ChainStart::Noise; return true; }
  if (name == "data") { out = ChainStart::Data; return true; }
  return false;
}

namespace {
// The shortest decimal that reads back as the same float (0.05f -> 0.05, not
// 0.05000000074505806), so configs, links and CLI lines read as they were typed.
double shortest_decimal(float x) {
  char text[32];
  for (int digits = 6; digits <= 9; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, double(x));
    if (std::strtof(text, nullptr) == x) break;
  }
  return std::strtod(text, nullptr);
}

// Reads one config field into its member, or records what is wrong with it.
class FieldReader {
 public:
  explicit FieldReader(std::vector<FieldError>& errors) : errors_(errors) {}

  // False (and an error for "config") when fields is not an object.
  bool object(const Json& fields) {
    if (fields.is_object()) return true;
    errors_.push_back({"config", std::string("must be an object of settings, not ") + type_name(fields)});
    return false;
  }
  void integer(const std::string& key, const Json& v, int& dst) {
    long long x = 0;
    const std::string e = read_integer(v, INT_MIN, INT_MAX, x);
    if (e.empty()) dst = static_cast<int>(x); else fail(key, e);
  }
  void real(const std::string& key, const Json& v, float& dst) {
    double x = 0;
    std::string e = read_number(v, x);
    if (e.empty() && std::fabs(x) > 3.0e38) e = "is too large";
    if (e.empty()) dst = static_cast<float>(x); else fail(key, e);
  }
  void seed(const std::string& key, const Json& v, uint64_t& dst) {
    long long x = 0;
    const std::string e = read_integer(v, 0, kMaxSeed, x);
    if (e.empty()) dst = static_cast<uint64_t>(x); else fail(key, e);
  }
  void boolean(const std::string& key, const Json& v, bool& dst) {
    if (v.is_boolean()) dst = v.get<bool>();
    else fail(key, std::string("must be true or false, not ") + type_name(v));
  }
  // An enum read by name: from_name(text, out) -> bool; allowed: the names, for the message.
  template <class E>
  void choice(const std::string& key, const Json& v, E& dst, bool (*from_name)(const std::string&, E&),
              const char* allowed) {
    E e;
    if (v.is_string() && from_name(v.get_ref<const std::string&>(), e)) dst = e;
    else fail(key, std::string("must be one of ") + allowed);
  }
  void unknown(const std::string& key) { errors_.push_back({key, "unknown setting \"" + key + "\""}); }
  // What is wrong with a field: "<key> <what>", or a whole sentence.
  void fail(const std::string& key, const std::string& what) { errors_.push_back({key, key + " " + what}); }
  void refuse(const std::string& key, const std::string& sentence) { errors_.push_back({key, sentence}); }

 private:
  std::vector<FieldError>& errors_;
};

// base + fields, type- and range-checked (validate() of the config's type).
template <class Config>
std::vector<FieldError> read_config(const Json& fields, const Config& base, Config& out) {
  std::vector<FieldError> errors;
  Config next = base;
  apply_config_fields(fields, next, errors);
  // Range problems too, for the fields whose types were right.
  for (auto& e : validate(next)) {
    bool reported = false;
    for (const auto& t : errors) reported = reported || t.field == e.field;
    if (!reported) errors.push_back(std::move(e));
  }
  if (errors.empty()) out = next;
  return errors;
}

// Names of the fields whose JSON values differ.
template <class Config>
std::vector<std::string> differing_fields(const Config& a, const Config& b) {
  const Json ja = config_to_json(a), jb = config_to_json(b);
  std::vector<std::string> names;
  for (auto it = ja.begin(); it != ja.end(); ++it) {
    if (jb.contains(it.key()) && jb.at(it.key()) != it.value()) names.push_back(it.key());
  }
  return names;
}

// The fields every RBM config shares (same member names in RbmConfig and GrbmConfig).
template <class Config>
void put_common_fields(Json& j, const Config& c) {
  j["hidden"] = c.hidden;
  j["init_std"] = shortest_decimal(c.init_std);
  j["seed"] = c.seed;
  j["cd_k"] = c.cd_k;
  j["persistent"] = c.persistent;
  j["learning_rate"] = shortest_decimal(c.learning_rate);
  j["momentum"] = shortest_decimal(c.momentum);
  j["weight_decay"] = shortest_decimal(c.weight_decay);
  j["batch_size"] = c.batch_size;
  j["fantasy_chains"] = c.fantasy_chains;
  j["fantasy_steps"] = c.fantasy_steps;
}

// Reads one of the shared fields; false if key is not one of them.
template <class Config>
bool read_common_field(FieldReader& r, const std::string& key, const Json& v, Config& c) {
  if (key == "hidden") r.integer(key, v, c.hidden);
  else if (key == "cd_k") r.integer(key, v, c.cd_k);
  else if (key == "batch_size") r.integer(key, v, c.batch_size);
  else if (key == "fantasy_chains") r.integer(key, v, c.fantasy_chains);
  else if (key == "fantasy_steps") r.integer(key, v, c.fantasy_steps);
  else if (key == "init_std") r.real(key, v, c.init_std);
  else if (key == "learning_rate") r.real(key, v, c.learning_rate);
  else if (key == "momentum") r.real(key, v, c.momentum);
  else if (key == "weight_decay") r.real(key, v, c.weight_decay);
  else if (key == "seed") r.seed(key, v, c.seed);
  else if (key == "persistent") r.boolean(key, v, c.persistent);
  else return false;
  return true;
}

// Reads every field with own(reader, key, value) -> false when the key is not one
// of the config's (an unknown setting).
template <class Own>
void read_fields(const Json& fields, std::vector<FieldError>& errors, Own&& own) {
  FieldReader r(errors);
  if (!r.object(fields)) return;
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    if (!own(r, it.key(), it.value())) r.unknown(it.key());
  }
}

}  // namespace

Json config_to_json(const RbmConfig& c) {
  Json j = Json::object();
  put_common_fields(j, c);
  j["binarization"] = binarization_name(c.binarization);
  j["train_count"] = c.train_count;
  j["fantasy_start"] = chain_start_name(c.fantasy_start);
  return j;
}

void apply_config_fields(const Json& fields, RbmConfig& c, std::vector<FieldError>& errors) {
  read_fields(fields, errors, [&](FieldReader& r, const std::string& key, const Json& v) {
    if (read_common_field(r, key, v, c)) return true;
    if (key == "train_count") r.integer(key, v, c.train_count);
    else if (key == "binarization")
      r.choice(key, v, c.binarization, binarization_from_name,
               "\"probabilities\", \"fixed_stochastic\", \"dynamic\", \"threshold\"");
    else if (key == "fantasy_start") r.choice(key, v, c.fantasy_start, chain_start_from_name, "\"noise\", \"data\"");
    else return false;
    return true;
  });
}

Json config_to_json(const GrbmConfig& c) {
  Json j = Json::object();
  put_common_fields(j, c);
  j["learn_variances"] = c.learn_variances;
  j["dataset"] = point_set_name(c.dataset);
  j["updates_per_second"] = c.updates_per_second;
  if (is_plane(c)) j["points"] = c.points;
  else j["train_count"] = c.train_count;
  return j;
}

void apply_config_fields(const Json& fields, GrbmConfig& c, std::vector<FieldError>& errors) {
  read_fields(fields, errors, [&](FieldReader& r, const std::string& key, const Json& v) {
    if (read_common_field(r, key, v, c)) return true;
    if (key == "points") r.integer(key, v, c.points);
    else if (key == "train_count") r.integer(key, v, c.train_count);
    else if (key == "learn_variances") r.boolean(key, v, c.learn_variances);
    else if (key == "updates_per_second") r.integer(key, v, c.updates_per_second);
    else if (key == "dataset")
      r.choice(key, v, c.dataset, point_set_from_name,
               "\"two_blobs\", \"ring\", \"grid\", \"spiral\", \"moons\", \"custom\", \"mnist\"");
    else return false;
    return true;
  });
}

Json config_to_json(const DbnConfig& c) {
  Json j = Json::object();
  j["layers"] = layer_sizes_text(c.layers);
  j["init_std"] = shortest_decimal(c.rbm.init_std);
  j["seed"] = c.rbm.seed;
  j["binarization"] = binarization_name(c.rbm.binarization);
  j["train_count"] = c.rbm.train_count;
  j["cd_k"] = c.rbm.cd_k;
  j["persistent"] = c.rbm.persistent;
  j["learning_rate"] = shortest_decimal(c.rbm.learning_rate);
  j["momentum"] = shortest_decimal(c.rbm.momentum);
  j["weight_decay"] = shortest_decimal(c.rbm.weight_decay);
  j["batch_size"] = c.rbm.batch_size;
  j["epochs_per_layer"] = c.epochs_per_layer;
  j["sample_up"] = c.sample_up;
  j["finetune_optimizer"] = optimizer_name(c.finetune.kind);
  j["finetune_learning_rate"] = shortest_decimal(c.finetune.learning_rate);
  j["finetune_momentum"] = shortest_decimal(c.finetune.momentum);
  j["finetune_batch_size"] = c.finetune_batch_size;
  j["finetune_epochs"] = c.finetune_epochs;
  j["map_epochs"] = c.map_epochs;
  j["code_size"] = c.code_size;
  j["bottom"] = c.gaussian_bottom ? "gaussian" : "binary";
  return j;
}

void apply_config_fields(const Json& fields, DbnConfig& c, std::vector<FieldError>& errors) {
  read_fields(fields, errors, [&](FieldReader& r, const std::string& key, const Json& v) {
    if (key == "layers") {
      std::string error;
      std::vector<int> sizes;
      // A whole number is a one-layer stack (a link's "layers=500" arrives as a number).
      const bool one = v.is_number_integer() || v.is_number_unsigned();
      if (!v.is_string() && !one) r.fail(key, "must be text such as \"500-500-2000\"");
      else if (one && v.get<long long>() < 1)
        r.refuse(key, "Each layer must have between 1 and " + std::to_string(kDbnMaxUnits) + " units (got " + dump(v) + ").");
      else if (!parse_layer_sizes(one ? dump(v) : v.get<std::string>(), sizes, error)) r.refuse(key, error);
      else c.layers = sizes;
    } else if (key == "init_std") r.real(key, v, c.rbm.init_std);
    else if (key == "seed") r.seed(key, v, c.rbm.seed);
    else if (key == "binarization")
      r.choice(key, v, c.rbm.binarization, binarization_from_name,
               "\"probabilities\", \"fixed_stochastic\", \"dynamic\", \"threshold\"");
    else if (key == "train_count") r.integer(key, v, c.rbm.train_count);
    else if (key == "cd_k") r.integer(key, v, c.rbm.cd_k);
    else if (key == "persistent") r.boolean(key, v, c.rbm.persistent);
    else if (key == "learning_rate") r.real(key, v, c.rbm.learning_rate);
    else if (key == "momentum") r.real(key, v, c.rbm.momentum);
    else if (key == "weight_decay") r.real(key, v, c.rbm.weight_decay);
    else if (key == "batch_size") r.integer(key, v, c.rbm.batch_size);
    else if (key == "epochs_per_layer") r.integer(key, v, c.epochs_per_layer);
    else if (key == "sample_up") r.boolean(key, v, c.sample_up);
    else if (key == "finetune_optimizer") r.choice(key, v, c.finetune.kind, optimizer_from_name, "\"adam\", \"sgd\"");
    else if (key == "finetune_learning_rate") r.real(key, v, c.finetune.learning_rate);
    else if (key == "finetune_momentum") r.real(key, v, c.finetune.momentum);
    else if (key == "finetune_batch_size") r.integer(key, v, c.finetune_batch_size);
    else if (key == "finetune_epochs") r.integer(key, v, c.finetune_epochs);
    else if (key == "map_epochs") r.integer(key, v, c.map_epochs);
    else if (key == "code_size") r.integer(key, v, c.code_size);
    else if (key == "bottom") {
      if (v == "gaussian" || v == "binary") c.gaussian_bottom = v == "gaussian";
      else r.fail(key, "must be \"binary\" (an RBM on the pixels) or \"gaussian\" (a GRBM on standardised pixels)");
    } else return false;
    return true;
  });
}

std::vector<FieldError> config_from_json(const Json& fields, const DbnConfig& base, DbnConfig& out) {
  return read_config(fields, base, out);
}

std::vector<std::string> changed_fields(const DbnConfig& a, const DbnConfig& b) { return differing_fields(a, b); }

Json config_to_json(const VaeConfig& c) {
  Json j = Json::object();
  j["variational"] = c.variational;
  j["latent"] = c.latent;
  j["hidden"] = c.hidden;
  j["layers"] = c.layers;
  j["activation"] = activation_name(c.activation);
  j["seed"] = c.seed;
  j["binarization"] = binarization_name(c.binarization);
  j["train_count"] = c.train_count;
  j["optimizer"] = optimizer_name(c.optimizer);
  j["learning_rate"] = shortest_decimal(c.learning_rate);
  j["momentum"] = shortest_decimal(c.momentum);
  j["batch_size"] = c.batch_size;
  j["iw_samples"] = c.iw_samples;
  j["iw_digits"] = c.iw_digits;
  return j;
}

void apply_config_fields(const Json& fields, VaeConfig& c, std::vector<FieldError>& errors) {
  read_fields(fields, errors, [&](FieldReader& r, const std::string& key, const Json& v) {
    if (key == "variational") r.boolean(key, v, c.variational);
    else if (key == "latent") r.integer(key, v, c.latent);
    else if (key == "hidden") r.integer(key, v, c.hidden);
    else if (key == "layers") r.integer(key, v, c.layers);
    else if (key == "activation") r.choice(key, v, c.activation, activation_from_name, "\"relu\", \"tanh\", \"sigmoid\"");
    else if (key == "seed") r.seed(key, v, c.seed);
    else if (key == "binarization")
      r.choice(key, v, c.binarization, binarization_from_name,
               "\"probabilities\", \"fixed_stochastic\", \"dynamic\", \"threshold\"");
    else if (key == "train_count") r.integer(key, v, c.train_count);
    else if (key == "optimizer") r.choice(key, v, c.optimizer, optimizer_from_name, "\"adam\", \"sgd\"");
    else if (key == "learning_rate") r.real(key, v, c.learning_rate);
    else if (key == "momentum") r.real(key, v, c.momentum);
    else if (key == "batch_size") r.integer(key, v, c.batch_size);
    else if (key == "iw_samples") r.integer(key, v, c.iw_samples);
    else if (key == "iw_digits") r.integer(key, v, c.iw_digits);
    else return false;
    return true;
  });
}

std::vector<FieldError> config_from_json(const Json& fields, const VaeConfig& base, VaeConfig& out) {
  return read_config(fields, base, out);
}

std::vector<std::string> changed_fields(const VaeConfig& a, const VaeConfig& b) { return differing_fields(a, b); }

std::vector<FieldError> config_from_json(const Json& fields, const GrbmConfig& base, GrbmConfig& out) {
  return read_config(fields, base, out);
}

std::vector<std::string> changed_fields(const GrbmConfig& a, const GrbmConfig& b) { return differing_fields(a, b); }

std::vector<FieldError> config_from_json(const Json& fields, const RbmConfig& base, RbmConfig& out) {
  return read_config(fields, base, out);
}

Json value_from_text(const std::string& v) {
  if (v == "true") return true;
  if (v == "false") return false;
  if (!v.empty()) {
    char* end = nullptr;
    const double d = std::strtod(v.c_str(), &end);
    if (end && *end == '\0') {
      // Whole numbers a double holds exactly become integers (checked on the double:
      // strtoll would saturate, and llabs(LLONG_MIN) is undefined).
      if (v.find_first_of(".eEnN") == std::string::npos && std::fabs(d) < 9007199254740992.0) return (long long)d;
      return d;
    }
  }
  return v;
}

std::vector<std::string> changed_fields(const RbmConfig& a, const RbmConfig& b) { return differing_fields(a, b); }

// ---------------------------------------------------------------- commands

namespace {
const char* const kCommandNames[] = {"init",     "set",          "train",    "pause",  "step",   "reset",
                                     "snapshot", "hidden_probs", "exact_ll", "status", "use",    "points",
                                     "interpolate", "decode", "stage"};
const char* const kModels[] = {"rbm", "grbm2d", "grbm", "vae", "dbn"};
}

bool known_model(const std::string& name) {
  for (const char* m : kModels) if (name == m) return true;
  return false;
}

const char* command_name(CommandKind kind) { return kCommandNames[static_cast<int>(kind)]; }

bool command_from_name(const std::string& name, CommandKind& out) {
  for (int i = 0; i < static_cast<int>(sizeof(kCommandNames) / sizeof(kCommandNames[0])); ++i) {
    if (name == kCommandNames[i]) { out = static_cast<CommandKind>(i); return true; }
  }
  return false;
}

Decoded decode_command(const std::string& text) {
  std::string error;
  const Json message = parse(text, &error);
  if (message.is_discarded()) {
    Decoded d;
    d.message = "the command is not valid JSON (" + error + ")";
    return d;
  }
  return decode_command(message);
}

Decoded decode_command(const char* text) { return decode_command(std::string(text ? text : "")); }

Decoded decode_command(const Json& m) {
  Decoded d;
  if (!m.is_object()) {
    d.message = std::string("a command must be a JSON object, not ") + type_name(m);
    return d;
  }
  // The id first, so that even a refusal can be matched to its command.
  const auto id = m.find("id");
  if (id != m.end() && (id->is_number() || id->is_string())) d.id = *id;
  const auto v = m.find("v");
  if (v == m.end()) { d.message = "the command has no protocol version (\"v\": 1)"; return d; }
  if (!(v->is_number_integer() || v->is_number_unsigned()) || v->get<long long>() != kVersion) {
    d.message = "protocol version " + dump(*v) + " is not supported (this worker speaks \"v\": 1)";
    return d;
  }
  if (id == m.end()) { d.message = "the command has no \"id\""; return d; }
  if (d.id.is_null()) { d.message = std::string("\"id\" must be a number or a string, not ") + type_name(*id); return d; }
  const auto cmd = m.find("cmd");
  if (cmd == m.end() || !cmd->is_string()) { d.message = "the command has no \"cmd\" name"; return d; }
  Command c;
  c.id = d.id;
  if (!command_from_name(cmd->get_ref<const std::string&>(), c.kind)) {
    d.message = "unknown command \"" + cmd->get<std::string>() +
                "\" (known: init, set, train, pause, step, reset, snapshot, hidden_probs, exact_ll, status, use, points, "
                "interpolate, decode, stage)";
    return d;
  }
  // Members each command accepts, besides v, id, cmd.
  auto allowed = [&](const std::string& key) {
    switch (c.kind) {
      case CommandKind::Init: return key == "model" || key == "config";
      case CommandKind::Use: return key == "model";
      case CommandKind::Points: return key == "points";
      case CommandKind::Interpolate: return key == "from" || key == "to";
      case CommandKind::Decode: return key == "point" || key == "map";
      case CommandKind::Stage: return key == "stage";
      case CommandKind::Set: return key == "config";
      case CommandKind::Step: return key == "count";
      case CommandKind::HiddenProbs: return key == "index";
      default: return false;
    }
  };
  for (auto it = m.begin(); it != m.end(); ++it) {
    const std::string& key = it.key();
    if (key == "v" || key == "id" || key == "cmd") continue;
    if (!allowed(key)) d.errors.push_back({key, "\"" + key + "\" is not a member of the " + command_name(c.kind) + " command"});
  }

  switch (c.kind) {
    case CommandKind::Init:
    case CommandKind::Use: {
      const auto model = m.find("model");
      if (model == m.end() && c.kind == CommandKind::Use) {
        d.errors.push_back({"model", "use needs \"model\": \"rbm\", \"grbm2d\", \"grbm\", \"vae\" or \"dbn\""});
      } else if (model != m.end() && !model->is_string()) {
        d.errors.push_back({"model", "model must be a string such as \"rbm\""});
      } else if (model != m.end()) {
        c.model = model->get<std::string>();
        if (!known_model(c.model))
          d.errors.push_back({"model", "unknown model \"" + c.model + "\" (this lab has: rbm, grbm2d, grbm, vae, dbn)"});
      }
      if (c.kind == CommandKind::Use) break;
      if (const auto config = m.find("config"); config != m.end()) c.config = *config;
      // The full config (the model's defaults + the fields given), type- and range-checked.
      if (c.model == "rbm") {
        RbmConfig full;
        for (auto& e : config_from_json(c.config, RbmConfig{}, full)) d.errors.push_back(e);
      } else if (c.model == "dbn") {
        DbnConfig full;
        for (auto& e : config_from_json(c.config, DbnConfig{}, full)) d.errors.push_back(e);
      } else if (c.model == "vae") {
        VaeConfig full;
        for (auto& e : config_from_json(c.config, vae_defaults(), full)) d.errors.push_back(e);
      } else if (known_model(c.model)) {
        GrbmConfig full;
        const GrbmConfig base = c.model == "grbm" ? grbm_mnist_defaults() : grbm_plane_defaults();
        for (auto& e : config_from_json(c.config, base, full)) d.errors.push_back(e);
      }
      break;
    }
    case CommandKind::Set: {
      // Field types and ranges depend on the model in use: the worker checks them.
      const auto config = m.find("config");
      if (config == m.end()) d.errors.push_back({"config", "set needs \"config\": {field: value, ...}"});
      else if (!config->is_object()) d.errors.push_back({"config", std::string("config must be an object of settings, not ") + type_name(*config)});
      else c.config = *config;
      break;
    }
    case CommandKind::Interpolate: {
      long long n = 0;
      for (const char* key : {"from", "to"}) {
        const auto v = m.find(key);
        if (v == m.end()) {
          d.errors.push_back({key, std::string("interpolate needs \"from\" and \"to\": two test digits")});
        } else if (const std::string e = read_integer(*v, 0, INT_MAX, n); !e.empty()) {
          d.errors.push_back({key, std::string(key) + " " + e});
        } else {
          (std::string(key) == "from" ? c.index : c.index_to) = static_cast<int>(n);
        }
      }
      break;
    }
    case CommandKind::Decode: {
      const auto p = m.find("point");
      double x = 0, y = 0;
      if (p == m.end() || !p->is_array() || p->size() != 2 || !read_number((*p)[0], x).empty() ||
          !read_number((*p)[1], y).empty() || std::fabs(x) > 1e6 || std::fabs(y) > 1e6) {
        d.errors.push_back({"point", "decode needs \"point\": [x, y], two finite numbers (a point of the latent map)"});
      } else {
        c.x = float(x);
        c.y = float(y);
      }
      if (const auto map = m.find("map"); map != m.end()) {
        if (map->is_string() && (*map == "autoencoder" || *map == "pca")) c.map = map->get<std::string>();
        else d.errors.push_back({"map", "map must be \"autoencoder\" or \"pca\" (t-SNE cannot decode: it has no map back to pixels)"});
      }
      break;
    }
    case CommandKind::Stage: {
      const auto stage = m.find("stage");
      if (stage != m.end() && stage->is_string() && (*stage == "finetune" || *stage == "maps"))
        c.stage = stage->get<std::string>();
      else
        d.errors.push_back({"stage", "stage needs \"stage\": \"finetune\" (the two classifiers) or \"maps\" (the 2-D maps)"});
      break;
    }
    case CommandKind::Points: {
      const auto points = m.find("points");
      if (points == m.end() || !points->is_array()) {
        d.errors.push_back({"points", "points needs \"points\": [[x, y], ...]"});
        break;
      }
      for (size_t i = 0; i < points->size() && d.errors.empty(); ++i) {
        const Json& p = (*points)[i];
        double x = 0, y = 0;
        if (!p.is_array() || p.size() != 2 || !read_number(p[0], x).empty() || !read_number(p[1], y).empty() ||
            std::fabs(x) > 3.0e38 || std::fabs(y) > 3.0e38) {
          d.errors.push_back({"points", "point " + std::to_string(i) + " must be [x, y] with two finite numbers, not " + dump(p)});
          break;
        }
        c.points.push_back(float(x));
        c.points.push_back(float(y));
      }
      break;
    }
    case CommandKind::Step: {
      if (const auto count = m.find("count"); count != m.end()) {
        long long n = 0;
        const std::string e = read_integer(*count, 1, kMaxStepCount, n);
        if (e.empty()) c.count = static_cast<int>(n); else d.errors.push_back({"count", "count " + e});
      }
      break;
    }
    case CommandKind::HiddenProbs: {
      const auto index = m.find("index");
      long long n = 0;
      if (index == m.end()) {
        d.errors.push_back({"index", "hidden_probs needs \"index\": the test digit to probe"});
      } else if (const std::string e = read_integer(*index, 0, INT_MAX, n); !e.empty()) {
        d.errors.push_back({"index", "index " + e});
      } else {
        c.index = static_cast<int>(n);
      }
      break;
    }
    default: break;
  }
  if (!d.errors.empty()) {
    d.message = std::string("the ") + command_name(c.kind) + " command was refused: " + d.errors.front().message +
                (d.errors.size() > 1 ? " (and " + std::to_string(d.errors.size() - 1) + " more)" : "");
    return d;
  }
  d.ok = true;
  d.command = std::move(c);
  return d;
}

Json encode_command(const Command& c) {
  Json j = Json::object();
  j["v"] = kVersion;
  j["id"] = c.id;
  j["cmd"] = command_name(c.kind);
  switch (c.kind) {
    case CommandKind::Init: j["model"] = c.model; j["config"] = c.config; break;
    case CommandKind::Use: j["model"] = c.model; break;
    case CommandKind::Interpolate: j["from"] = c.index; j["to"] = c.index_to; break;
    case CommandKind::Decode:
      j["point"] = {c.x, c.y};
      if (!c.map.empty()) j["map"] = c.map;
      break;
    case CommandKind::Stage: j["stage"] = c.stage; break;
    case CommandKind::Points: {
      Json a = Json::array();
      for (size_t i = 0; i + 1 < c.points.size(); i += 2) a.push_back({c.points[i], c.points[i + 1]});
      j["points"] = a;
      break;
    }
    case CommandKind::Set: j["config"] = c.config; break;
    case CommandKind::Step: if (c.count > 0) j["count"] = c.count; break;
    case CommandKind::HiddenProbs: j["index"] = c.index; break;
    default: break;
  }
  return j;
}

// ---------------------------------------------------------------- replies and events

Json make_event(const char* type) {
  Json j = Json::object();
  j["v"] = kVersion;
  j["type"] = type;
  return j;
}

Json make_reply(const Json& id, bool ok, const std::string& message) {
  Json j = make_event("reply");
  j["id"] = id;
  j["ok"] = ok;
  if (!message.empty()) j["message"] = message;
  return j;
}

Json make_refusal(const Decoded& d) {
  Json j = make_reply(d.id, false, d.message);
  if (!d.errors.empty()) j["errors"] = errors_to_json(d.errors);
  return j;
}

Json errors_to_json(const std::vector<FieldError>& errors) {
  Json a = Json::array();
  for (const auto& e : errors) a.push_back({{"field", e.field}, {"message", e.message}});
  return a;
}

std::vector<FieldError> errors_from_json(const Json& errors) {
  std::vector<FieldError> out;
  if (!errors.is_array()) return out;
  for (const auto& e : errors) {
    if (!e.is_object()) continue;
    const auto f = e.find("field"), m = e.find("message");
    out.push_back({f != e.end() && f->is_string() ? f->get<std::string>() : std::string(),
                   m != e.end() && m->is_string() ? m->get<std::string>() : std::string()});
  }
  return out;
}

}  // namespace latent::protocol
