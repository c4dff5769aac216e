// config_codec: any config <-> JSON, derived from its field table
// (engine/config_fields.hpp). One codec for every model kind: the protocol's
// config objects, the worker's changed-field lists, the UI's forms and the
// teacher's link (name=value texts) all go through here.
//
//   config_to_json(c)                     {name: value} of the fields that apply
//   apply_config_fields(fields, c, errs)  writes the fields given; unknown names and
//                                         wrong types become errors (no range checks)
//   config_from_json(fields, base, out)   base + fields, type- and range-checked;
//                                         out written only when there are no errors
//   changed_fields(a, b)                  the names whose values differ
//   config_from_texts(texts, base, out)   a link's name=value texts read as the
//                                         fields' types, then as config_from_json
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "config_fields.hpp"
#include "json_values.hpp"

namespace latent::protocol {

// One field's value as JSON (a Real as its shortest decimal, a Choice as its name).
Json field_to_json(const FieldInfo& field, const FieldValue& value);
// A JSON value of the field's type; false with the message ("cd_k must be a
// whole number, not a string") when it is not one.
bool field_from_json(const FieldInfo& field, const Json& json, FieldValue& out, std::string& error);
// A field's value written as text (a link): Choice and Text fields keep the
// text; the others are read as value_from_text reads them.
Json field_json_from_text(const FieldInfo& field, const std::string& text);

template <class Config>
Json config_to_json(const Config& c) {
  Json j = Json::object();
  for (const Field<Config>& f : config_fields(c).all())
    if (f.applies_to(c)) j[f.name] = field_to_json(f, f.get(c));
  return j;
}

template <class Config>
void apply_config_fields(const Json& fields, Config& c, std::vector<FieldError>& errors) {
  if (!fields.is_object()) {
    errors.push_back({"config", std::string("must be an object of settings, not ") + type_name(fields)});
    return;
  }
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    const Field<Config>* f = config_fields(c).find(it.key());
    if (!f) {
      errors.push_back({it.key(), "unknown setting \"" + it.key() + "\""});
      continue;
    }
    FieldValue v;
    std::string error;
    if (!field_from_json(*f, it.value(), v, error) || !f->set(c, v, error)) errors.push_back({it.key(), error});
  }
}

template <class Config>
std::vector<FieldError> config_from_json(const Json& fields, const Config& base, Config& out) {
  std::vector<FieldError> errors;
  Config next = base;
  apply_config_fields(fields, next, errors);
  // Range problems too, for the fields whose types were right.
  for (auto& e : check_fields(next)) {
    bool reported = false;
    for (const auto& t : errors) reported = reported || t.field == e.field;
    if (!reported) errors.push_back(std::move(e));
  }
  if (errors.empty()) out = next;
  return errors;
}

template <class Config>
std::vector<std::string> changed_fields(const Config& a, const Config& b) {
  return differing_fields(a, b);
}

template <class Config>
std::vector<FieldError> config_from_texts(const std::vector<std::pair<std::string, std::string>>& texts,
                                          const Config& base, Json& fields) {
  fields = Json::object();
  for (const auto& [name, text] : texts) {
    const Field<Config>* f = config_fields(base).find(name);
    fields[name] = f ? field_json_from_text(*f, text) : value_from_text(text);
  }
  Config unused;
  return config_from_json(fields, base, unused);
}

}  // namespace latent::protocol
