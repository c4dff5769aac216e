// Fuzzes the worker itself (web/worker/lab_worker.hpp) with sequences of valid JSON
// commands built from the input: any command name, the fields it takes with
// values of the right type or not, in range or not, each kind's config fields,
// drawings, points, files (the last saved model among them). After each command
// the worker runs a few chunks as the page's loop would. It must never crash,
// never post an event that is not protocol JSON or a buffer that is not finite
// (fuzz_worker_rig.hpp), and answer every command.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "fuzz_bytes.hpp"
#include "fuzz_worker_rig.hpp"
#include "model_registry.hpp"

using namespace latent;
using protocol::Json;

namespace {

constexpr int kCommandKinds = int(protocol::CommandKind::Ais) + 1;

Json field_value(const FieldInfo& f, fuzz::FuzzBytes& in) {
  if (in.below(8) == 0) return in.text(8);  // any type may arrive
  switch (f.type) {
    case FieldType::Bool: return in.flag();
    case FieldType::Real: return double(in.number());
    case FieldType::Choice:
      return in.flag() && !f.choices.empty() ? Json(f.choices[size_t(in.below(int(f.choices.size())))].name)
                                              : Json(in.text(6));
    case FieldType::Text: return in.flag() ? Json("784-" + std::to_string(in.below(64) + 1)) : Json(in.text(12));
    default: return in.flag() ? in.integer() : (long long)in.below(64);
  }
}

Json config_fields(const web::ModelKind& kind, fuzz::FuzzBytes& in) {
  Json config = Json::object();
  for (int n = in.below(4); n > 0 && !kind.fields.empty(); --n) {
    const FieldInfo& f = kind.fields[size_t(in.below(int(kind.fields.size())))];
    config[f.name] = field_value(f, in);
  }
  return config;
}

std::vector<float> numbers(fuzz::FuzzBytes& in, size_t count) {
  std::vector<float> v(count);
  for (float& x : v) x = in.flag() ? float(in.byte()) : in.number();
  return v;
}

Json command(fuzz::FuzzBytes& in, const web::ModelKind*& active, const std::vector<uint8_t>& last_file,
             std::vector<uint8_t>& bytes) {
  const auto& kinds = web::model_registry();
  const auto kind = protocol::CommandKind(in.below(kCommandKinds));
  Json c = {{"cmd", protocol::command_name(kind)}};
  auto some_kind = [&]() -> const web::ModelKind& { return kinds[size_t(in.below(int(kinds.size())))]; };
  using K = protocol::CommandKind;
  switch (kind) {
    case K::Init: case K::Use: {
      const web::ModelKind& k = some_kind();
      c["model"] = k.name;
      if (kind == K::Init) c["config"] = config_fields(k, in);
      active = &k;
      break;
    }
    case K::Set: c["config"] = config_fields(*active, in); break;
    case K::Step: case K::UserTune: c["count"] = in.flag() ? in.integer() : (long long)in.below(20) + 1; break;
    case K::HiddenProbs: c["index"] = in.integer(); break;
    case K::Interpolate: c["from"] = in.integer(); c["to"] = in.integer(); break;
    case K::Decode:
      c["point"] = {in.number(), in.number()};
      if (in.flag()) c["map"] = in.flag() ? "pca" : "autoencoder";
      break;
    case K::Stage: c["stage"] = in.flag() ? "finetune" : in.flag() ? "maps" : in.text(6); break;
    case K::Drawing: case K::UserAdd:
      c["pixels"] = numbers(in, in.below(4) ? 784 : size_t(in.below(40)));
      if (kind == K::UserAdd) c["label"] = in.integer();
      break;
    case K::Points: {
      Json points = Json::array();
      for (int n = in.below(24); n > 0; --n) points.push_back({in.number(), in.number()});
      c["points"] = points;
      break;
    }
    case K::SaveModel:
      c["precision"] = in.flag() ? "int8" : in.flag() ? "float16" : "float32";
      if (in.flag()) c["model"] = some_kind().name;
      break;
    case K::LoadModel: case K::PointsFile: case K::UserFile:
      if (kind == K::LoadModel && in.flag()) bytes = last_file;
      else { const std::string t = in.text(200); bytes.assign(t.begin(), t.end()); }
      break;
    case K::Ais:
      if (in.flag()) c["betas"] = in.flag() ? in.integer() : (long long)in.below(200) + 10;
      if (in.flag()) c["runs"] = in.flag() ? in.integer() : (long long)in.below(8) + 2;
      break;
    default: break;
  }
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::WorkerRig rig;
  fuzz::FuzzBytes in(data, size);
  const web::ModelKind* active = &web::model_registry().front();
  int sent = 0;
  while (sent < 12 && !in.done()) {
    std::vector<uint8_t> bytes;
    Json c = command(in, active, rig.last_file, bytes);
    c["v"] = protocol::kVersion;
    c["id"] = ++sent;
    rig.worker->handle(protocol::dump(c), std::move(bytes));
    rig.run_chunks(3);
  }
  rig.worker->handle(std::string(R"({"v":1,"id":0,"cmd":"pause"})"));
  rig.run_chunks(1);
  if (int(rig.replied.size()) != sent + 1) std::abort();  // every command answered
  return 0;
}
