// Protocol v1 encode/decode (see protocol.hpp for the reference).
// Sections: commands · replies/events. Configs are read and written by
// config_codec.hpp, JSON values by json_values.hpp.
// Every access checks the JSON type first: nothing here throws on bad input.
#include "protocol.hpp"

#include "model_registry.hpp"

#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace latent::protocol {

// ---------------------------------------------------------------- commands

namespace {
const char* const kCommandNames[] = {"init",     "set",          "train",    "pause",  "step",   "reset",
                                     "snapshot", "hidden_probs", "exact_ll", "status", "use",    "points",
                                     "interpolate", "decode", "stage", "drawing", "save_model", "load_model",
                                     "user_add", "user_clear", "user_test", "user_tune", "points_file", "user_file", "ais"};
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
    std::string known;
    for (const char* name : kCommandNames) known += (known.empty() ? "" : ", ") + std::string(name);
    d.message = "unknown command \"" + cmd->get<std::string>() + "\" (known: " + known + ")";
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
      case CommandKind::Drawing: return key == "pixels";
      case CommandKind::UserAdd: return key == "pixels" || key == "label";
      case CommandKind::UserTune: return key == "count";
      case CommandKind::SaveModel: return key == "model" || key == "precision";
      case CommandKind::LoadModel: return key == "checksum" || key == "source";
      case CommandKind::PointsFile:
      case CommandKind::UserFile: return key == "source";
      case CommandKind::Set: return key == "config";
      case CommandKind::Step: return key == "count";
      case CommandKind::HiddenProbs: return key == "index";
      case CommandKind::Ais: return key == "betas" || key == "runs";
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
      const web::ModelKind* kind = nullptr;
      if (model == m.end() && c.kind == CommandKind::Use) {
        d.errors.push_back({"model", "use needs \"model\": " + web::model_kind_names(true)});
      } else if (model != m.end() && !model->is_string()) {
        d.errors.push_back({"model", "model must be a string such as \"rbm\""});
      } else {
        if (model != m.end()) c.model = model->get<std::string>();
        kind = web::find_model_kind(c.model);
        if (!kind)
          d.errors.push_back({"model", "unknown model \"" + c.model + "\" (this lab has: " + web::model_kind_names() + ")"});
      }
      if (c.kind == CommandKind::Use) break;
      if (const auto config = m.find("config"); config != m.end()) c.config = *config;
      // The full config (the model's defaults + the fields given), type- and range-checked.
      if (kind)
        for (auto& e : kind->check(c.config, nullptr)) d.errors.push_back(e);
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
    case CommandKind::Drawing:
    case CommandKind::UserAdd: {
      const auto pixels = m.find("pixels");
      if (pixels == m.end() || !pixels->is_array() || pixels->size() > kMaxDrawingPixels) {
        d.errors.push_back({"pixels", std::string(command_name(c.kind)) +
                                          " needs \"pixels\": [784 grey levels from 0 to 1]" +
                                          (c.kind == CommandKind::Drawing ? ", or [] for none" : "")});
        break;
      }
      for (size_t i = 0; i < pixels->size(); ++i) {
        double x = 0;
        if (!read_number((*pixels)[i], x).empty() || !(x >= 0 && x <= 1)) {
          d.errors.push_back({"pixels", "pixel " + std::to_string(i) + " must be a grey level from 0 to 1, not " +
                                            dump((*pixels)[i])});
          break;
        }
        c.pixels.push_back(float(x));
      }
      if (c.kind == CommandKind::Drawing) break;
      long long label = -1;
      const auto l = m.find("label");
      if (l == m.end()) d.errors.push_back({"label", "user_add needs \"label\": the digit drawn, 0 to 9"});
      else if (const std::string e = read_integer(*l, 0, 9, label); !e.empty()) d.errors.push_back({"label", "label " + e});
      else c.label = int(label);
      break;
    }
    case CommandKind::Ais: {
      long long n = 0;
      if (const auto betas = m.find("betas"); betas != m.end()) {
        const std::string e = read_integer(*betas, kMinAisBetas, kMaxAisBetas, n);
        if (e.empty()) c.betas = int(n); else d.errors.push_back({"betas", "betas " + e});
      }
      if (const auto runs = m.find("runs"); runs != m.end()) {
        const std::string e = read_integer(*runs, kMinAisRuns, kMaxAisRuns, n);
        if (e.empty()) c.runs = int(n); else d.errors.push_back({"runs", "runs " + e});
      }
      break;
    }
    case CommandKind::UserTune: {
      c.count = 200;
      if (const auto count = m.find("count"); count != m.end()) {
        long long n = 0;
        const std::string e = read_integer(*count, 1, kMaxUserTune, n);
        if (e.empty()) c.count = int(n); else d.errors.push_back({"count", "count " + e});
      }
      break;
    }
    case CommandKind::SaveModel: {
      c.model.clear();  // the active model's kind
      if (const auto model = m.find("model"); model != m.end()) {
        if (model->is_string() && web::find_model_kind(model->get<std::string>())) c.model = model->get<std::string>();
        else d.errors.push_back({"model", "model must be one of " + web::model_kind_names(true)});
      }
      if (const auto p = m.find("precision"); p != m.end()) {
        if (p->is_string() && (*p == "float32" || *p == "float16" || *p == "int8")) c.precision = p->get<std::string>();
        else d.errors.push_back({"precision", "precision must be \"float32\", \"float16\" or \"int8\""});
      }
      break;
    }
    case CommandKind::LoadModel:
    case CommandKind::PointsFile:
    case CommandKind::UserFile: {
      for (const char* key : {"checksum", "source"}) {
        const auto v = m.find(key);
        if (v == m.end()) continue;
        if (!v->is_string() || v->get<std::string>().size() > 200)
          d.errors.push_back({key, std::string(key) + " must be a short text"});
        else (std::string(key) == "checksum" ? c.checksum : c.source) = v->get<std::string>();
      }
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
    case CommandKind::Drawing: j["pixels"] = c.pixels; break;
    case CommandKind::UserAdd: j["pixels"] = c.pixels; j["label"] = c.label; break;
    case CommandKind::UserTune: j["count"] = c.count; break;
    case CommandKind::Ais: j["betas"] = c.betas; j["runs"] = c.runs; break;
    case CommandKind::SaveModel:
      if (!c.model.empty()) j["model"] = c.model;
      j["precision"] = c.precision;
      break;
    case CommandKind::LoadModel:
    case CommandKind::PointsFile:
    case CommandKind::UserFile:
      if (!c.checksum.empty()) j["checksum"] = c.checksum;
      if (!c.source.empty()) j["source"] = c.source;
      break;
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

}  // namespace latent::protocol
