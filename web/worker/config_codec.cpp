// config_codec (see config_codec.hpp): one field's value <-> JSON.
#include "config_codec.hpp"

#include <climits>
#include <cmath>

namespace latent::protocol {

Json field_to_json(const FieldInfo& f, const FieldValue& v) {
  switch (f.type) {
    case FieldType::Int: return (long long)v.number;
    case FieldType::Real: return shortest_decimal(float(v.number));
    case FieldType::Bool: return v.flag;
    case FieldType::Seed: return (unsigned long long)v.seed;
    case FieldType::Choice:
    case FieldType::Text: return v.text;
  }
  return nullptr;
}

bool field_from_json(const FieldInfo& f, const Json& j, FieldValue& out, std::string& error) {
  const std::string& key = f.name;
  std::string what;
  switch (f.type) {
    case FieldType::Int: {
      long long x = 0;
      what = read_integer(j, INT_MIN, INT_MAX, x);
      out.number = double(x);
      break;
    }
    case FieldType::Seed: {
      long long x = 0;
      what = read_integer(j, 0, kMaxSeed, x);
      out.seed = uint64_t(x);
      break;
    }
    case FieldType::Real:
      what = read_number(j, out.number);
      if (what.empty() && std::fabs(out.number) > 3.0e38) what = "is too large";
      break;
    case FieldType::Bool:
      if (j.is_boolean()) out.flag = j.get<bool>();
      else what = std::string("must be true or false, not ") + type_name(j);
      break;
    case FieldType::Choice: {
      bool known = false;
      for (const FieldChoice& c : f.choices) known = known || (j.is_string() && j.get_ref<const std::string&>() == c.name);
      if (known) {
        out.text = j.get<std::string>();
      } else if (!f.type_refusal.empty()) {
        what = f.type_refusal;
      } else {
        what = "must be one of ";
        for (size_t k = 0; k < f.choices.size(); ++k) what += (k ? ", \"" : "\"") + std::string(f.choices[k].name) + "\"";
      }
      break;
    }
    case FieldType::Text:
      // A whole number is its digits (a link's "layers=500" arrives as a number); the
      // field's parser judges them.
      if (j.is_string()) out.text = j.get<std::string>();
      else if (j.is_number_integer() || j.is_number_unsigned()) out.text = dump(j);
      else what = f.type_refusal.empty() ? std::string("must be text, not ") + type_name(j) : f.type_refusal;
      break;
  }
  if (what.empty()) return true;
  error = key + " " + what;
  return false;
}

Json field_json_from_text(const FieldInfo& f, const std::string& text) {
  if (f.type == FieldType::Choice || f.type == FieldType::Text) return text;
  return value_from_text(text);
}

}  // namespace latent::protocol
