// link_state (see link_state.hpp).
#include "link_state.hpp"

#include <cctype>
#include <cstdlib>

#include "json_values.hpp"

namespace latent::ui {
namespace {

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

// Characters a hash value keeps as they are; the rest are percent-encoded.
bool plain(char ch) {
  return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.' || ch == '~';
}

std::string percent_encode(const std::string& s) {
  static const char* const kHex = "0123456789ABCDEF";
  std::string out;
  for (const char ch : s) {
    if (plain(ch)) {
      out += ch;
    } else {
      const auto byte = static_cast<unsigned char>(ch);
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
  return out;
}

}  // namespace

std::string config_to_hash(const std::string& kind, const Json& config) {
  std::string out = "model=" + percent_encode(kind);
  for (auto it = config.begin(); it != config.end(); ++it) {
    const Json& v = it.value();
    out += "&" + percent_encode(it.key()) + "=" + percent_encode(v.is_string() ? v.get<std::string>() : protocol::dump(v));
  }
  return out;
}

std::vector<FieldError> config_from_hash(const std::string& hash, const LabState& lab, std::string& kind,
                                         Json& fields) {
  std::vector<FieldError> errors;
  std::string model = lab.kinds.empty() ? std::string() : lab.kinds.front().name;
  std::vector<std::pair<std::string, std::string>> texts;
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
    else texts.emplace_back(name, value);
  }
  const KindInfo* info = lab.kind(model);
  if (!info) {
    std::string names;
    for (const KindInfo& k : lab.kinds) names += (names.empty() ? "" : ", ") + k.name;
    errors.push_back({"model", "unknown model \"" + model + "\" (" + names + ")"});
  }
  if (!errors.empty()) return errors;
  fields = Json::object();
  for (const auto& [name, text] : texts) {
    const auto type = info->field_types.find(name);
    const bool as_text = type != info->field_types.end() && (type->second == "choice" || type->second == "text");
    fields[name] = as_text ? Json(text) : protocol::value_from_text(text);
  }
  kind = model;
  return errors;
}

}  // namespace latent::ui
