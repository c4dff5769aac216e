// model_commands: the LabWorker commands that take a model's parameters in or out
// (lab_worker.hpp, protocol.hpp):
//   drawing      the student's digit; each built model answers (Session::answer_drawing)
//                in one "drawing" event whose buffers are named "<kind>/<name>"
//   save_model   a model file (model_file.hpp) of the active or a named kind, as bytes
//   load_model   a model file in: a new session of the file's kind is built from its
//                config and parameters beside the old one, and replaces it only when
//                everything was read, so that a refused file loses nothing
#include <string>
#include <utility>

#include "lab_worker.hpp"
#include "model_registry.hpp"

namespace latent::web {

using protocol::Json;

void LabWorker::set_drawing(const protocol::Command& c) {
  if (!c.pixels.empty() && c.pixels.size() != size_t(train_.dim())) {
    reply(protocol::make_reply(c.id, false, "a drawing has " + std::to_string(train_.dim()) + " pixels (" +
                                                std::to_string(train_.images.rows) + " x " +
                                                std::to_string(train_.images.cols) + "), not " +
                                                std::to_string(c.pixels.size())));
    return;
  }
  drawing_ = Eigen::Map<const Matrix>(c.pixels.data(), Eigen::Index(c.pixels.size()), c.pixels.empty() ? 0 : 1);
  emit_drawing(true);
  reply(protocol::make_reply(c.id, true));
}

void LabWorker::emit_drawing(bool every_model) {
  Json event = protocol::make_event("drawing");
  Json answers = Json::object(), list = Json::array();
  std::vector<OutBuffer> buffers;
  for (const auto& [kind, session] : sessions_) {
    if (!session || drawing_.size() == 0 || (!every_model && session.get() != active_)) continue;
    Json meta = Json::object();
    std::vector<OutBuffer> own;
    if (!session->answer_drawing(drawing_, meta, own)) continue;
    meta["trained"] = session->trained();
    meta["loaded"] = session->loaded();
    meta["updates"] = session->updates();
    answers[kind] = meta;
    for (OutBuffer& b : own) {
      b.name = kind + "/" + b.name;
      list.push_back({{"name", b.name}, {"rows", b.rows}, {"cols", b.cols}});
      buffers.push_back(std::move(b));
    }
  }
  event["answers"] = answers;
  event["cleared"] = drawing_.size() == 0;
  event["buffers"] = list;
  emit(event, buffers);
}

void LabWorker::save_model(const protocol::Command& c) {
  const auto it = sessions_.find(c.model.empty() ? active_->kind() : c.model);
  if (it == sessions_.end() || !it->second) {
    reply(protocol::make_reply(c.id, false, "the " + c.model + " model has not been opened yet: there is nothing to save"));
    return;
  }
  const Session& s = *it->second;
  ModelFile file;
  file.kind = s.kind();
  file.config = protocol::dump(s.config_json());
  s.save_params(file, c.precision == "int8"      ? ValueEncoding::Int8
                      : c.precision == "float16" ? ValueEncoding::Float16
                                                 : ValueEncoding::Float32);
  std::vector<uint8_t> bytes;
  const Status written = write_model_file(file, bytes);
  if (!written.ok) {
    reply(protocol::make_reply(c.id, false, "the model could not be saved: " + written.message));
    return;
  }
  const std::string print = fingerprint(bytes.data(), bytes.size());
  Json event = protocol::make_event("model_file");
  event["id"] = c.id;  // the page tells its own copies (web/lab.js) from the student's saves
  event["model"] = s.kind();
  event["file"] = s.kind() + ".lmf";
  event["bytes"] = bytes.size();
  event["fingerprint"] = print;
  OutBuffer b;
  b.name = "file";
  b.bytes = bytes.data();
  b.byte_count = bytes.size();
  event["buffers"] = Json::array({{{"name", "file"}, {"bytes", bytes.size()}}});
  emit(event, {b});
  Json r = protocol::make_reply(c.id, true);
  r["model"] = s.kind();
  r["bytes"] = bytes.size();
  r["fingerprint"] = print;
  reply(r);
}

void LabWorker::load_model(const protocol::Command& c) {
  const std::string source = c.source.empty() ? "the model file" : c.source;
  auto refuse_load = [&](const std::string& why) {
    reply(protocol::make_reply(c.id, false, "The lab could not load " + source + ": " + why +
                                                " The models you had are unchanged."));
  };
  if (c.bytes.empty()) return refuse_load("no bytes came with the command (an empty file?).");
  if (!c.checksum.empty() && fingerprint(c.bytes.data(), c.bytes.size()) != c.checksum)
    return refuse_load("its fingerprint " + fingerprint(c.bytes.data(), c.bytes.size()) +
                       " is not the recorded " + c.checksum + " (damaged on the way, or replaced).");
  ModelFile file;
  const Status read = read_model_file(c.bytes.data(), c.bytes.size(), file);
  if (!read.ok) return refuse_load(read.message);
  const ModelKind* kind = find_model_kind(file.kind);
  if (!kind) return refuse_load("it holds a model of kind \"" + file.kind + "\", which this lab does not have (" +
                                model_kind_names() + ").");
  if (refuse_without_digits(c.id, kind->name)) return;
  std::string parse_error;
  const Json config = protocol::parse(file.config, &parse_error);
  if (!parse_error.empty() || !config.is_object()) return refuse_load("its settings are not readable (" + parse_error + ").");

  std::unique_ptr<Session> fresh = kind->make(session_data(kind->name));
  const ConfigCheck check = fresh->stage_config(config, true);
  if (!check.errors.empty()) return refuse_load("its settings were refused: " + check.errors.front().message + ".");
  fresh->commit_config(true);
  const Status loaded = fresh->load_params(file);
  if (!loaded.ok) return refuse_load(loaded.message);
  fresh->mark_loaded(true);

  if (stepping_) finish_step(true, "interrupted: a model was loaded");
  cancel_exact("a model was loaded");
  state_ = WorkerState::Idle;
  sessions_[kind->name] = std::move(fresh);
  active_ = sessions_[kind->name].get();
  rebuilt();
  emit_config(true);
  emit_progress(evaluate_metrics());
  emit_snapshot();
  if (drawing_.size() > 0) emit_drawing(false);
  Json r = protocol::make_reply(c.id, true, "loaded");
  r["model"] = active_->kind();
  r["config"] = active_->config_json();
  r["source"] = source;
  r["fingerprint"] = fingerprint(c.bytes.data(), c.bytes.size());
  reply(r);
}

}  // namespace latent::web
