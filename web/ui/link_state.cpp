// link_state (see link_state.hpp).
#include "link_state.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "json_values.hpp"
#include "point_sets.hpp"

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

constexpr const char* kBase64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url(const std::vector<unsigned char>& bytes) {
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (const unsigned char b : bytes) {
    bits = (bits << 8) | b;
    count += 8;
    while (count >= 6) {
      count -= 6;
      out += kBase64Url[(bits >> count) & 63];
    }
  }
  if (count > 0) out += kBase64Url[(bits << (6 - count)) & 63];
  return out;
}

// False for a character outside the alphabet or a length no byte string has.
bool from_base64url(const std::string& text, std::vector<unsigned char>& bytes) {
  const std::string alphabet = kBase64Url;
  if (text.size() % 4 == 1) return false;
  unsigned bits = 0;
  int count = 0;
  for (const char ch : text) {
    const size_t v = alphabet.find(ch);
    if (v == std::string::npos) return false;
    bits = (bits << 6) | unsigned(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      bytes.push_back(static_cast<unsigned char>((bits >> count) & 255));
    }
  }
  return true;
}

std::string points_to_text(const std::vector<float>& xy) {
  std::vector<unsigned char> bytes;
  for (const float v : xy) {
    const long hundredths = std::lround(std::clamp(v, -kMaxCoordinate, kMaxCoordinate) * 100.0f);
    const auto u = static_cast<uint16_t>(static_cast<int16_t>(hundredths));
    bytes.push_back(static_cast<unsigned char>(u & 255));
    bytes.push_back(static_cast<unsigned char>(u >> 8));
  }
  return base64url(bytes);
}

std::string points_from_text(const std::string& text, std::vector<float>& xy) {
  std::vector<unsigned char> bytes;
  if (!from_base64url(text, bytes) || bytes.size() % 4 != 0)
    return "the points in this link are damaged (it may have been cut short)";
  const size_t count = bytes.size() / 4;
  if (count == 0) return "the link's point list is empty";
  if (count > size_t(kMaxLinkPoints))
    return "the link has " + std::to_string(count) + " points; a link holds at most " +
           std::to_string(kMaxLinkPoints);
  xy.clear();
  for (size_t i = 0; i < bytes.size(); i += 2) {
    const auto u = static_cast<uint16_t>(bytes[i] | (bytes[i + 1] << 8));
    xy.push_back(float(static_cast<int16_t>(u)) / 100.0f);
  }
  return "";
}

// The non-empty parts of text between separators.
std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(separator, start);
    if (end == std::string::npos) end = text.size();
    if (end > start) parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

// "1"/"true" or "0"/"false"; else an error.
void flag_from_text(const std::string& name, const std::string& text, bool& out, std::vector<FieldError>& errors) {
  if (text == "1" || text == "true") out = true;
  else if (text == "0" || text == "false") out = false;
  else errors.push_back({name, name + " must be 1 or 0 (got \"" + text + "\")"});
}

std::string names_of(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

void embed_from_text(const std::string& name, const std::string& value, Embed& embed, std::vector<FieldError>& errors) {
  if (name == "embed") {
    std::vector<std::string> names;
    for (const EmbedView& v : embed_views()) names.push_back(v.name);
    if (std::find(names.begin(), names.end(), value) == names.end())
      errors.push_back({"embed", "unknown view \"" + value + "\" (" + names_of(names) + ")"});
    else embed.view = value;
  } else if (name == "hide") {
    for (const std::string& control : split(value, ',')) {
      const auto& known = embed_controls();
      if (std::find(known.begin(), known.end(), control) == known.end())
        errors.push_back({"hide", "unknown control \"" + control + "\" (" + names_of(known) + ")"});
      else embed.hide.push_back(control);
    }
  } else if (name == "train") {
    flag_from_text(name, value, embed.train, errors);
  } else {
    flag_from_text(name, value, embed.trained, errors);
  }
}

}  // namespace

const std::vector<EmbedView>& embed_views() {
  static const std::vector<EmbedView> views = {
      {"panel", ""}, {"pictures", "rbm"}, {"plane", "grbm2d"}, {"latent", "vae"}, {"samples", "dbn"}};
  return views;
}

const std::vector<std::string>& embed_controls() {
  static const std::vector<std::string> controls = {"train", "step", "reset", "progress"};
  return controls;
}

bool Embed::hides(const std::string& control) const {
  return std::find(hide.begin(), hide.end(), control) != hide.end();
}

bool hash_asks_fashion(const std::string& hash) {
  for (const std::string& pair : split(hash, '&'))
    if (pair == "images=fashion") return true;
  return false;
}

std::string link_to_hash(const Link& link) {
  std::string out = "model=" + percent_encode(link.kind);
  for (auto it = link.fields.begin(); it != link.fields.end(); ++it) {
    const Json& v = it.value();
    out += "&" + percent_encode(it.key()) + "=" + percent_encode(v.is_string() ? v.get<std::string>() : protocol::dump(v));
  }
  if (!link.points.empty()) out += "&xy=" + points_to_text(link.points);
  if (link.fashion) out += "&images=fashion";
  const Embed& e = link.embed;
  if (!e.view.empty()) out += "&embed=" + percent_encode(e.view);
  std::string hide;
  for (const auto& h : e.hide) hide += (hide.empty() ? "" : ",") + h;
  if (!hide.empty()) out += "&hide=" + percent_encode(hide);
  if (e.train) out += "&train=1";
  if (e.trained) out += "&trained=1";
  return out;
}

std::vector<FieldError> link_from_hash(const std::string& hash, const LabState& lab, Link& link) {
  std::vector<FieldError> errors;
  std::string model = lab.kinds.empty() ? std::string() : lab.kinds.front().name;
  std::vector<std::pair<std::string, std::string>> texts;
  std::vector<float> points;
  Embed embed;
  bool fashion = false;
  for (const std::string& pair : split(hash, '&')) {
    const size_t eq = pair.find('=');
    if (eq == std::string::npos || eq == 0) {
      errors.push_back({percent_decode(pair), "expected name=value"});
      continue;
    }
    const std::string name = percent_decode(pair.substr(0, eq)), value = percent_decode(pair.substr(eq + 1));
    if (name == "model") {
      model = value;
    } else if (name == "xy") {
      const std::string problem = points_from_text(value, points);
      if (!problem.empty()) errors.push_back({"xy", problem});
    } else if (name == "images") {
      if (value != "mnist" && value != "fashion") errors.push_back({"images", "images must be mnist or fashion"});
      fashion = value == "fashion";
    } else if (name == "embed" || name == "hide" || name == "train" || name == "trained") {
      embed_from_text(name, value, embed, errors);
    } else {
      texts.emplace_back(name, value);
    }
  }
  const KindInfo* info = lab.kind(model);
  if (!info) {
    std::string names;
    for (const KindInfo& k : lab.kinds) names += (names.empty() ? "" : ", ") + k.name;
    errors.push_back({"model", "unknown model \"" + model + "\" (" + names + ")"});
  }
  for (const EmbedView& v : embed_views()) {
    if (embed.view == v.name && *v.kind && model != v.kind)
      errors.push_back({"embed", "the view \"" + embed.view + "\" shows model=" + v.kind + ", not " + model});
  }
  if (!errors.empty()) return errors;
  Json fields = Json::object();
  for (const auto& [name, text] : texts) {
    const auto type = info->field_types.find(name);
    const bool as_text = type != info->field_types.end() && (type->second == "choice" || type->second == "text");
    fields[name] = as_text ? Json(text) : protocol::value_from_text(text);
  }
  link = {model, fields, points, embed, fashion};
  return errors;
}

}  // namespace latent::ui
