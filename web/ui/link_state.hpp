// link_state: a model kind and its settings in the page's URL hash, as
// field=value pairs named like the config's fields, e.g.
//   #model=rbm&hidden=25&learning_rate=0.1&binarization=threshold
//   #model=grbm2d&dataset=ring&hidden=3
// (no model: the worker's first kind). A value is read as its field's type says
// (the ready event's "kinds"): a choice or a text (a DBN's layers) stays text,
// true/false a flag, anything else a number. The worker checks the result (init
// refuses out-of-range values, naming the field); here only the form of the
// link is checked. No ImGui, no Emscripten: the tests use it natively.
#pragma once
#include <string>
#include <vector>

#include "bridge.hpp"

namespace latent::ui {

std::string config_to_hash(const std::string& kind, const Json& config);
// The kind and its fields as JSON from a hash (without the '#'); errors for a
// pair without '=' and an unknown model (kind and fields are then not set).
std::vector<FieldError> config_from_hash(const std::string& hash, const LabState& lab, std::string& kind,
                                         Json& fields);

}  // namespace latent::ui
