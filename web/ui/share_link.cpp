// share_link (see share_link.hpp).
#include "share_link.hpp"

#include <cctype>
#include <cstdio>
#include <cstdlib>

#include <imgui.h>

#include "protocol.hpp"
#include "widgets.hpp"

#ifdef __EMSCRIPTEN__
extern "C" {
int lab_ui_page_hash_length();
void lab_ui_page_hash_copy(char* dst, int capacity);
void lab_ui_share_hash(const char* text);
int lab_ui_share_status();
}
#endif

namespace latent::ui {

namespace {

std::string read_page_hash() {
#ifdef __EMSCRIPTEN__
  const int n = lab_ui_page_hash_length();
  if (n <= 0) return std::string();
  std::string text(size_t(n) + 1, '\0');
  lab_ui_page_hash_copy(text.data(), n + 1);
  text.resize(size_t(n));
  return text;
#else
  return std::string();
#endif
}

std::string percent_decode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += char(std::strtol(s.substr(i + 1, 2).c_str(), nullptr, 16));
      i += 2;
    } else {
      out += s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

}  // namespace

std::string config_to_hash(const std::string& kind, const Json& config) {
  std::string out = "model=" + kind;
  for (auto it = config.begin(); it != config.end(); ++it) {
    char value[64];
    const Json& v = it.value();
    if (v.is_string()) std::snprintf(value, sizeof value, "%s", v.get<std::string>().c_str());
    else std::snprintf(value, sizeof value, "%s", v.dump().c_str());
    out += "&" + it.key() + "=" + value;
  }
  return out;
}

std::vector<FieldError> config_from_hash(const std::string& hash, std::string& kind, Json& config) {
  Json fields = Json::object();
  std::vector<FieldError> errors;
  std::string model = "rbm";
  size_t start = 0;
  while (start <= hash.size()) {
    size_t end = hash.find('&', start);
    if (end == std::string::npos) end = hash.size();
    const std::string pair = hash.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    if (eq == std::string::npos || eq == 0) {
      errors.push_back({percent_decode(pair), "expected name=value"});
      continue;
    }
    const std::string name = percent_decode(pair.substr(0, eq)), value = percent_decode(pair.substr(eq + 1));
    if (name == "model") model = value;
    else fields[name] = protocol::value_from_text(value);
  }
  if (!protocol::known_model(model)) errors.push_back({"model", "unknown model \"" + model + "\" (rbm, grbm2d, grbm, vae, dbn)"});
  if (!errors.empty()) return errors;
  if (model == "rbm") {
    RbmConfig c;
    errors = protocol::config_from_json(fields, RbmConfig{}, c);
  } else if (model == "dbn") {
    DbnConfig c;
    errors = protocol::config_from_json(fields, DbnConfig{}, c);
  } else if (model == "vae") {
    VaeConfig c;
    errors = protocol::config_from_json(fields, vae_defaults(), c);
  } else {
    GrbmConfig c;
    errors = protocol::config_from_json(fields, model == "grbm" ? grbm_mnist_defaults() : grbm_plane_defaults(), c);
  }
  if (errors.empty()) {
    kind = model;
    config = fields;
  }
  return errors;
}

void ShareLink::apply_page_hash_once(const LabState& lab) {
  if (applied_ || !lab.ready) return;
  applied_ = true;
  const std::string hash = read_page_hash();
  if (hash.empty()) return;
  std::string kind;
  Json config;
  const auto errors = config_from_hash(hash, kind, config);
  if (errors.empty()) {
    init_model(kind, config);
    note_ = "Started with the settings from the link.";
    return;
  }
  problem_ = "The settings in this link could not be used, so the defaults are in use:";
  for (const auto& e : errors) problem_ += "\n  " + e.field + ": " + e.message;
}

void ShareLink::draw_button(const LabState& lab) {
  if (ImGui::Button("Copy link")) {
    const std::string hash = config_to_hash(lab.model, lab.view(lab.model).config);
#ifdef __EMSCRIPTEN__
    lab_ui_share_hash(hash.c_str());
    copy_pending_ = true;
    note_.clear();
#else
    note_ = "#" + hash;
#endif
    problem_.clear();
  }
  help("Puts this model and its settings into the page's address (#model=...&hidden=...) and copies it: "
       "whoever opens the link starts with the same model and settings.");
#ifdef __EMSCRIPTEN__
  if (copy_pending_) {
    const int status = lab_ui_share_status();
    if (status == 1) note_ = "Copied (also in the address bar).";
    if (status == 2) note_ = "The link is in the address bar; copy it from there.";
    if (status != 0) copy_pending_ = false;
  }
#endif
}

void ShareLink::draw_messages() {
  if (!note_.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", note_.c_str());
    ImGui::PopTextWrapPos();
  }
  field_error(problem_);
}

}  // namespace latent::ui
