// The model registry (model_registry.hpp): one line per kind.
#include "model_registry.hpp"

#include "dbm_session.hpp"
#include "dbn_session.hpp"
#include "grbm_session.hpp"
#include "rbm_session.hpp"
#include "vae_session.hpp"

namespace latent::web {
namespace {

using protocol::CommandKind;

// A kind whose session S is built from S::ConfigType defaults.
template <class S>
ModelKind kind(const char* name, const char* title, const typename S::ConfigType& defaults,
               std::vector<CommandKind> commands, bool digits = true) {
  ModelKind k;
  k.name = name;
  k.title = title;
  k.commands = std::move(commands);
  k.digits = digits;
  k.defaults = protocol::config_to_json(defaults);
  for (const auto& f : config_fields(defaults).all())
    if (f.applies_to(defaults)) k.fields.push_back(f);
  k.check = [defaults](const protocol::Json& fields, protocol::Json* full) {
    typename S::ConfigType out;
    std::vector<FieldError> errors = protocol::config_from_json(fields, defaults, out);
    if (errors.empty() && full) *full = protocol::config_to_json(out);
    return errors;
  };
  k.make = [defaults](const SessionData& data) -> std::unique_ptr<Session> {
    return std::make_unique<S>(data, defaults);
  };
  return k;
}

std::vector<ModelKind> make_registry() {
  return {
      kind<RbmSession>("rbm", "RBM on MNIST", RbmConfig{}, {CommandKind::HiddenProbs}),
      kind<GrbmSession>("grbm2d", "GRBM: mixture of Gaussians in 2-D", grbm_plane_defaults(), {CommandKind::Points},
                        false),
      kind<GrbmSession>("grbm", "GRBM on MNIST", grbm_mnist_defaults(), {}),
      kind<VaeSession>("vae", "Autoencoders and VAEs", vae_defaults(),
                       {CommandKind::HiddenProbs, CommandKind::Interpolate, CommandKind::Decode}),
      kind<DbnSession>("dbn", "Deep belief networks", DbnConfig{}, {CommandKind::Decode, CommandKind::Stage}),
      kind<DbmSession>("dbm", "Deep Boltzmann machines", DbmConfig{}, {CommandKind::HiddenProbs}),
  };
}

}  // namespace

bool ModelKind::takes(CommandKind command) const {
  for (CommandKind c : commands)
    if (c == command) return true;
  return false;
}

const std::vector<ModelKind>& model_registry() {
  static const std::vector<ModelKind> registry = make_registry();
  return registry;
}

const ModelKind* find_model_kind(const std::string& name) {
  for (const ModelKind& k : model_registry())
    if (k.name == name) return &k;
  return nullptr;
}

protocol::Json model_kinds_json() {
  static const char* const kTypes[] = {"int", "number", "bool", "seed", "choice", "text"};  // FieldType's order
  protocol::Json kinds = protocol::Json::array();
  for (const ModelKind& k : model_registry()) {
    protocol::Json types = protocol::Json::object();
    for (const FieldInfo& f : k.fields) types[f.name] = kTypes[int(f.type)];
    kinds.push_back({{"name", k.name}, {"title", k.title}, {"defaults", k.defaults}, {"fields", types}});
  }
  return kinds;
}

std::string model_kind_names(bool quoted) {
  const auto& all = model_registry();
  std::string out;
  for (size_t i = 0; i < all.size(); ++i) {
    if (i > 0) out += quoted && i + 1 == all.size() ? " or " : ", ";
    out += quoted ? "\"" + all[i].name + "\"" : all[i].name;
  }
  return out;
}

}  // namespace latent::web
