// The model registry: every model kind the lab has, in the order of its tabs.
// Each kind registers its name (in commands, links and events), its title, its
// defaults, its config check (the fields over the defaults, config_codec.hpp),
// its session factory and the commands only it takes. The protocol, the worker
// and the ready event read it; no other file of the worker lists the kinds. A new
// kind is one line in model_registry.cpp (and its tab line in web/ui/model_tabs.cpp).
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "protocol.hpp"
#include "session.hpp"

namespace latent::web {

struct ModelKind {
  std::string name;   // "rbm"
  std::string title;  // "RBM on MNIST"
  std::vector<protocol::CommandKind> commands;  // the commands only some kinds take
  bool digits = true;                           // it trains on MNIST (the 2-D lab does not)
  protocol::Json defaults;                      // the config a new model starts from
  std::vector<FieldInfo> fields;                // its config's fields that apply to the defaults
  // The defaults with these fields, type- and range-checked: the errors; when there
  // are none and full is given, the whole config as JSON.
  std::function<std::vector<FieldError>(const protocol::Json& fields, protocol::Json* full)> check;
  // A new session of this kind (its first model built from the defaults).
  std::function<std::unique_ptr<Session>(const SessionData& data)> make;

  bool takes(protocol::CommandKind command) const;
};

const std::vector<ModelKind>& model_registry();
// The ready event's "kinds": [{name, title, defaults, fields: {name: type}}] with the
// types "int", "number", "bool", "seed", "choice", "text" (what a link's text is read as).
protocol::Json model_kinds_json();
const ModelKind* find_model_kind(const std::string& name);  // null when unknown
// The names for a sentence: "rbm, grbm2d, grbm, vae, dbn" or, quoted,
// "\"rbm\", \"grbm2d\", ... or \"dbn\"".
std::string model_kind_names(bool quoted = false);

}  // namespace latent::web
