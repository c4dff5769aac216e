// link_state: what the page's URL hash holds, as field=value pairs: the model
// kind, its settings named like the config's fields, and the 2-D lab's own points:
//   #model=rbm&hidden=25&learning_rate=0.1&binarization=threshold
//   #model=grbm2d&dataset=ring&hidden=3
//   #model=grbm2d&hidden=3&xy=AAAA9AH...   (points of one's own)
// (no model: the worker's first kind). A value is read as its field's type says
// (the ready event's "kinds"): a choice or a text (a DBN's layers) stays text,
// true/false a flag, anything else a number. The worker checks the result (init
// refuses out-of-range values, naming the field); here only the form of the
// link is checked. No ImGui, no Emscripten: the tests use it natively.
//
// The image set: images=fashion loads Fashion-MNIST in MNIST's place (web/lab.js
// reads it when the page starts); images=mnist, or none, MNIST.
//
// Embedding (for course notes, in an iframe), besides the model and settings:
//   embed=<view>     one view with minimal chrome: "panel" (the model's page without
//                    the tabs) or one picture, which names its model: "pictures"
//                    (rbm), "plane" (grbm2d), "latent" (vae), "samples" (dbn)
//   hide=a,b         leave controls out of the embed's bar: train, step, reset, progress
//   train=1          start training once loaded
//   trained=1        start from the lab's trained model of the kind (assets/models/)
//
// Points ("xy"): base64url (RFC 4648, no padding) of each point's x and y as
// little-endian int16 in hundredths, so a point comes back rounded to 0.01 (the
// plane's coordinates lie within ±100). At most kMaxLinkPoints, about 5.3
// characters each.
#pragma once
#include <string>
#include <vector>

#include "bridge.hpp"

namespace latent::ui {

constexpr int kMaxLinkPoints = 1000;

struct EmbedView {
  const char* name;  // embed=<name>
  const char* kind;  // the model it shows ("": any)
};
const std::vector<EmbedView>& embed_views();
// The controls hide= may name.
const std::vector<std::string>& embed_controls();

struct Embed {
  std::string view;               // "" (the full lab) or an embed_views() name
  std::vector<std::string> hide;  // embed_controls() names
  bool train = false, trained = false;
  bool hides(const std::string& control) const;
};

struct Link {
  std::string kind;
  Json fields = Json::object();  // the config's fields the link sets
  std::vector<float> points;     // x0, y0, x1, y1, ...: the 2-D lab's own points (none: its own set)
  Embed embed;
  bool fashion = false;          // images=fashion
};

// Whether a hash asks for Fashion-MNIST, read as web/lab.js reads it (even when the
// rest of the link is malformed: the page has loaded that set either way).
bool hash_asks_fashion(const std::string& hash);

// The link's hash (without '#'); points beyond kMaxLinkPoints are the caller's to refuse.
std::string link_to_hash(const Link& link);
// The link in a hash (without the '#'); errors for a pair without '=', an unknown
// model, damaged or too many points, an unknown view, control or flag value, a
// picture of another model (the link is then not set).
std::vector<FieldError> link_from_hash(const std::string& hash, const LabState& lab, Link& link);

}  // namespace latent::ui
