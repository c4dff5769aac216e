// json_values (see json_values.hpp).
#include "json_values.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace latent::protocol {

namespace {

// A DOM parser that records the parse error instead of throwing.
struct QuietParser : nlohmann::detail::json_sax_dom_parser<Json> {
  std::string error;
  explicit QuietParser(Json& root) : nlohmann::detail::json_sax_dom_parser<Json>(root, false) {}
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) {
    error = ex.what();
    const auto close = error.find("] ");
    if (error.rfind("[json.exception", 0) == 0 && close != std::string::npos) error = error.substr(close + 2);
    return false;
  }
};

}  // namespace

const char* type_name(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::string: return "a string";
    case Json::value_t::array: return "an array";
    case Json::value_t::object: return "an object";
    case Json::value_t::number_float: return "a fractional number";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "an integer";
    default: return "an unsupported value";
  }
}

std::string read_integer(const Json& v, long long lo, long long hi, long long& out) {
  if (v.is_number_unsigned()) {
    const auto u = v.get<unsigned long long>();
    if (u > static_cast<unsigned long long>(hi)) return "is too large (at most " + std::to_string(hi) + ")";
    out = static_cast<long long>(u);
  } else if (v.is_number_integer()) {
    out = v.get<long long>();
  } else if (v.is_number_float()) {
    const double d = v.get<double>();
    if (!std::isfinite(d) || d != std::floor(d)) return "must be a whole number, not " + dump(v);
    if (d > static_cast<double>(hi)) return "is too large (at most " + std::to_string(hi) + ")";
    if (d < static_cast<double>(lo)) return "is too small (at least " + std::to_string(lo) + ")";
    out = static_cast<long long>(d);
  } else {
    return std::string("must be a whole number, not ") + type_name(v);
  }
  if (out < lo) return "is too small (at least " + std::to_string(lo) + ")";
  if (out > hi) return "is too large (at most " + std::to_string(hi) + ")";
  return {};
}

std::string read_number(const Json& v, double& out) {
  if (!v.is_number()) return std::string("must be a number, not ") + type_name(v);
  out = v.get<double>();
  if (!std::isfinite(out)) return "must be a finite number";
  return {};
}

std::string dump(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Json parse(const std::string& text, std::string* error) {
  Json root;
  QuietParser sax(root);
  const bool ok = Json::sax_parse(text, &sax);
  if (!ok || sax.error.size()) {
    if (error) *error = sax.error.empty() ? "not valid JSON" : sax.error;
    return Json(Json::value_t::discarded);
  }
  if (error) error->clear();
  return root;
}

double shortest_decimal(float x) {
  char text[32];
  for (int digits = 6; digits <= 9; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, double(x));
    if (std::strtof(text, nullptr) == x) break;
  }
  return std::strtod(text, nullptr);
}

Json value_from_text(const std::string& v) {
  if (v == "true") return true;
  if (v == "false") return false;
  if (!v.empty()) {
    char* end = nullptr;
    const double d = std::strtod(v.c_str(), &end);
    if (end && *end == '\0' && std::isfinite(d)) {  // "1e999", "inf", "nan": text, refused by the field
      // Whole numbers a double holds exactly become integers (checked on the double:
      // strtoll would saturate, and llabs(LLONG_MIN) is undefined).
      if (v.find_first_of(".eEnN") == std::string::npos && std::fabs(d) < 9007199254740992.0) return (long long)d;
      return d;
    }
  }
  return v;
}

Json errors_to_json(const std::vector<FieldError>& errors) {
  Json a = Json::array();
  for (const auto& e : errors) a.push_back({{"field", e.field}, {"message", e.message}});
  return a;
}

std::vector<FieldError> errors_from_json(const Json& errors) {
  std::vector<FieldError> out;
  if (!errors.is_array()) return out;
  for (const auto& e : errors) {
    if (!e.is_object()) continue;
    const auto f = e.find("field"), m = e.find("message");
    out.push_back({f != e.end() && f->is_string() ? f->get<std::string>() : std::string(),
                   m != e.end() && m->is_string() ? m->get<std::string>() : std::string()});
  }
  return out;
}

}  // namespace latent::protocol
