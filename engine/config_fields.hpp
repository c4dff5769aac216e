// config_fields: every setting of a config declared once, as a table of fields.
// A field says its name (in JSON, links and the command line), where it lives in
// the config, its type, its range and the sentence refusing a value outside it,
// whether changing it builds a new model, and how the form shows it (label,
// tooltip, section, widget). From the table alone come the checks
// (check_fields), the reset decision (fields_need_reset), the changed-field list
// (differing_fields), the protocol's JSON reading and writing
// (web/worker/config_codec.hpp), the link's encoding and the form's rows
// (web/ui/config_form.hpp).
//
// Each config type declares its table in its own .cpp and gives it to these
// generic functions through an overload
//   const ConfigFields<RbmConfig>& config_fields(const RbmConfig&);
// (the GRBM's overload picks the plane's or MNIST's table by the config's data set).
//
//   ConfigFields<RbmConfig> t;
//   t.integer("hidden", &RbmConfig::hidden).resetting()
//       .range(1, 4000, "Hidden units must be between 1 and 4000.")
//       .form("Hidden units", "How many hidden units the RBM has.", "Model");
//   t.include(cd_fields(), [](RbmConfig& c) -> CdSettings& { return c; });
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "field_error.hpp"

namespace latent {

enum class FieldType { Int, Real, Bool, Seed, Choice, Text };

// Seeds travel as JSON numbers, which a browser reads as doubles: at most 2^53 - 1.
constexpr long long kMaxSeed = 9007199254740991LL;
constexpr const char* kSeedMessage = "The seed must be at most 2^53 - 1 (it has to fit a JavaScript number).";

// One field's value as its type says: Int and Real in number (a float member's
// exact value), Seed in seed, Bool in flag, Choice (the option's name) and Text
// in text.
struct FieldValue {
  double number = 0;
  uint64_t seed = 0;
  bool flag = false;
  std::string text;
  bool operator==(const FieldValue& o) const {
    return number == o.number && seed == o.seed && flag == o.flag && text == o.text;
  }
  bool operator!=(const FieldValue& o) const { return !(*this == o); }
};

// An option of a Choice field, in its enum's order: the name (JSON, links) and,
// for the form, a label and the sentence that explains it.
struct FieldChoice {
  const char* name;
  const char* label;
  const char* explanation;
};

// A named value of an Int field that the form offers in a list (other values,
// from a link, are listed as they are).
struct FieldPreset {
  int value;
  const char* label;
  const char* explanation;
};

enum class FieldWidget { Input, Slider, Presets };

// What a field is, whatever config holds it.
struct FieldInfo {
  std::string name;
  FieldType type = FieldType::Int;
  bool resets = false;  // changing it builds a new model

  // Int, Real, Seed: the accepted range ([lo, hi], or (lo, hi] when above_lo).
  bool ranged = false;
  double lo = 0, hi = 0;
  bool above_lo = false;
  // The sentence refusing a value (out of range; an unknown option; a text that
  // does not describe a valid value).
  std::string message;
  // What follows the field's name when a value has the wrong type or names no
  // option ("must be text such as ..."); empty: said from the type and the options.
  std::string type_refusal;
  std::vector<FieldChoice> choices;  // Choice: the options

  // The form.
  std::string label, tip, section;
  FieldWidget widget = FieldWidget::Input;
  double slider_lo = 0, slider_hi = 0;
  const char* format = "%.4g";       // Real
  int choices_shown = -1;            // Choice: the first n options are offered (-1: all)
  bool explain = false;              // Choice: the option's explanation under the combo
  std::vector<FieldPreset> presets;  // Int with the Presets widget
  // The list's entry for another value (from a link): label as a printf format of it.
  FieldPreset other_preset{0, "%d", "A value set by a link."};
};

template <class Config>
struct Field : FieldInfo {
  std::function<FieldValue(const Config&)> get;
  // Writes a value of the field's type (a Text field parses it); false with a
  // sentence in error when the value cannot be held.
  std::function<bool(Config&, const FieldValue&, std::string& error)> set;
  // Null: always. Otherwise the field is written, compared and checked only for
  // configs where it applies (the plane's point count, MNIST's training digits).
  std::function<bool(const Config&)> applies;
  std::function<bool(const Config&)> shown;  // null: the form shows it wherever it applies
  // Null: the range. Otherwise whether the value is acceptable (ranges with holes,
  // limits that depend on other fields).
  std::function<bool(const Config&)> valid;
  // Null: a change of a resetting field's value needs a new model. Otherwise the
  // rule (a data set switched to the student's own points keeps the model).
  std::function<bool(const Config& from, const Config& to)> resets_between;

  bool applies_to(const Config& c) const { return !applies || applies(c); }
  bool shown_in(const Config& c) const { return applies_to(c) && (!shown || shown(c)); }

  Field& resetting() { resets = true; return *this; }
  Field& range(double low, double high, std::string sentence) {
    ranged = true;
    lo = low;
    hi = high;
    message = std::move(sentence);
    return *this;
  }
  Field& above(double low, double high, std::string sentence) {  // low itself excluded
    range(low, high, std::move(sentence));
    above_lo = true;
    return *this;
  }
  Field& refusal(std::string sentence) { message = std::move(sentence); return *this; }
  Field& type_refused(std::string what) { type_refusal = std::move(what); return *this; }
  Field& form(const char* form_label, const char* form_tip, const char* form_section) {
    label = form_label;
    tip = form_tip;
    section = form_section;
    return *this;
  }
  Field& slider(double low, double high, const char* fmt) {
    widget = FieldWidget::Slider;
    slider_lo = low;
    slider_hi = high;
    format = fmt;
    return *this;
  }
  Field& shown_as(const char* fmt) { format = fmt; return *this; }
};

template <class Config>
class ConfigFields {
 public:
  Field<Config>& integer(const char* name, int Config::*member) {
    Field<Config>& f = declare(name, FieldType::Int);
    f.get = [member](const Config& c) { FieldValue v; v.number = c.*member; return v; };
    f.set = [member](Config& c, const FieldValue& v, std::string&) { c.*member = int(v.number); return true; };
    return f;
  }
  Field<Config>& real(const char* name, float Config::*member) {
    Field<Config>& f = declare(name, FieldType::Real);
    f.get = [member](const Config& c) { FieldValue v; v.number = double(c.*member); return v; };
    f.set = [member](Config& c, const FieldValue& v, std::string&) { c.*member = float(v.number); return true; };
    return f;
  }
  Field<Config>& flag(const char* name, bool Config::*member) {
    Field<Config>& f = declare(name, FieldType::Bool);
    f.get = [member](const Config& c) { FieldValue v; v.flag = c.*member; return v; };
    f.set = [member](Config& c, const FieldValue& v, std::string&) { c.*member = v.flag; return true; };
    return f;
  }
  // A run's random seed: every kind's is the same field (a new seed, a new model).
  Field<Config>& seed(const char* name, uint64_t Config::*member, const char* section) {
    Field<Config>& f = declare(name, FieldType::Seed);
    f.range(0, double(kMaxSeed), kSeedMessage);
    f.resetting().form("Seed", "The random seed: the same seed and settings give the same run.", section);
    f.get = [member](const Config& c) { FieldValue v; v.seed = c.*member; return v; };
    f.set = [member](Config& c, const FieldValue& v, std::string&) { c.*member = v.seed; return true; };
    return f;
  }
  // An enum member, named by the options in the enum's order.
  template <class Enum>
  Field<Config>& choice(const char* name, Enum Config::*member, std::vector<FieldChoice> options) {
    Field<Config>& f = declare(name, FieldType::Choice);
    f.choices = std::move(options);
    f.get = [member, names = f.choices](const Config& c) {
      FieldValue v;
      const int k = int(c.*member);
      v.text = k >= 0 && k < int(names.size()) ? names[size_t(k)].name : "unknown";
      return v;
    };
    f.set = [member, names = f.choices](Config& c, const FieldValue& v, std::string&) {
      for (size_t k = 0; k < names.size(); ++k)
        if (v.text == names[k].name) { c.*member = Enum(k); return true; }
      return false;
    };
    return f;
  }
  // A value written as text (a DBN's layer sizes): to_text and from_text (false
  // with a sentence when the text does not parse).
  Field<Config>& text(const char* name, std::function<std::string(const Config&)> to_text,
                      std::function<bool(Config&, const std::string&, std::string&)> from_text) {
    Field<Config>& f = declare(name, FieldType::Text);
    f.get = [to_text](const Config& c) { FieldValue v; v.text = to_text(c); return v; };
    f.set = [from_text](Config& c, const FieldValue& v, std::string& error) { return from_text(c, v.text, error); };
    return f;
  }

  // A field whose get and set the caller writes (a choice held in a bool, say).
  Field<Config>& declare(const char* name, FieldType type) {
    Field<Config> f;
    f.name = name;
    f.type = type;
    fields_.push_back(std::move(f));
    return fields_.back();
  }

  // The fields of a part of the config (a base class or a member struct), reached
  // by to_part(config) -> Part&; names: only these, in this order (empty: all);
  // prefix: put before each name ("finetune_" + "learning_rate"); section: the
  // form's section for them (empty: the part's own).
  template <class Part, class ToPart>
  void include(const ConfigFields<Part>& part, ToPart to_part, const std::vector<std::string>& names = {},
               const std::string& prefix = "", const std::string& section = "") {
    std::vector<const Field<Part>*> chosen;
    if (names.empty()) {
      for (const Field<Part>& p : part.all()) chosen.push_back(&p);
    } else {
      for (const std::string& n : names) chosen.push_back(part.find(n));
    }
    for (const Field<Part>* p : chosen) {
      if (!p) continue;
      Field<Config> f;
      static_cast<FieldInfo&>(f) = *p;
      f.name = prefix + p->name;
      if (!section.empty()) f.section = section;
      auto of = [to_part](const Config& c) -> const Part& { return to_part(const_cast<Config&>(c)); };
      f.get = [g = p->get, of](const Config& c) { return g(of(c)); };
      f.set = [s = p->set, to_part](Config& c, const FieldValue& v, std::string& e) { return s(to_part(c), v, e); };
      if (p->applies) f.applies = [a = p->applies, of](const Config& c) { return a(of(c)); };
      if (p->shown) f.shown = [a = p->shown, of](const Config& c) { return a(of(c)); };
      if (p->valid) f.valid = [a = p->valid, of](const Config& c) { return a(of(c)); };
      if (p->resets_between)
        f.resets_between = [r = p->resets_between, of](const Config& a, const Config& b) { return r(of(a), of(b)); };
      fields_.push_back(std::move(f));
    }
  }

  // A field already declared, to adjust it for this config.
  Field<Config>& at(const std::string& name) {
    for (Field<Config>& f : fields_)
      if (f.name == name) return f;
    return declare(name.c_str(), FieldType::Int);  // a misspelt name: an empty field the tests refuse
  }
  const Field<Config>* find(const std::string& name) const {
    for (const Field<Config>& f : fields_)
      if (f.name == name) return &f;
    return nullptr;
  }
  const std::vector<Field<Config>>& all() const { return fields_; }

  // Checks that involve several fields, after the fields' own.
  std::function<void(const Config&, std::vector<FieldError>&)> cross_checks;
  // The order the fields are checked in, so that a refusal names the same problem
  // first whatever the form's order (these names first, then the rest as declared).
  std::vector<std::string> check_order;

 private:
  std::vector<Field<Config>> fields_;
};

// The sentence refusing a field's value in c, or "" when it is acceptable.
template <class Config>
std::string field_problem(const Field<Config>& f, const Config& c) {
  if (f.valid) return f.valid(c) ? std::string() : f.message;
  const FieldValue v = f.get(c);
  if (f.type == FieldType::Choice) {
    for (const FieldChoice& o : f.choices)
      if (v.text == o.name) return std::string();
    return f.message;
  }
  if (f.type == FieldType::Seed) return v.seed <= uint64_t(kMaxSeed) ? std::string() : f.message;
  if (!f.ranged || f.type == FieldType::Bool || f.type == FieldType::Text) return std::string();
  // A Real field holds a float: its bounds are the floats nearest them (0.999f <= 0.999f).
  const bool real = f.type == FieldType::Real;
  const double lo = real ? double(float(f.lo)) : f.lo, hi = real ? double(float(f.hi)) : f.hi;
  const bool ok = std::isfinite(v.number) && (f.above_lo ? v.number > lo : v.number >= lo) && v.number <= hi;
  return ok ? std::string() : f.message;
}

// Every refused value of c; empty when the config is usable.
template <class Config>
std::vector<FieldError> check_fields(const Config& c) {
  const ConfigFields<Config>& table = config_fields(c);
  std::vector<const Field<Config>*> order;
  for (const std::string& name : table.check_order)
    if (const Field<Config>* f = table.find(name)) order.push_back(f);
  for (const Field<Config>& f : table.all())
    if (std::find(order.begin(), order.end(), &f) == order.end()) order.push_back(&f);
  std::vector<FieldError> errors;
  for (const Field<Config>* f : order) {
    if (!f->applies_to(c)) continue;
    std::string problem = field_problem(*f, c);
    if (!problem.empty()) errors.push_back({f->name, std::move(problem)});
  }
  if (table.cross_checks) table.cross_checks(c, errors);
  return errors;
}

// True when going from a to b needs a new model.
template <class Config>
bool fields_need_reset(const Config& a, const Config& b) {
  for (const Field<Config>& f : config_fields(b).all()) {
    if (f.resets_between) {
      if (f.resets_between(a, b)) return true;
    } else if (f.resets && (f.applies_to(a) || f.applies_to(b)) && f.get(a) != f.get(b)) {
      return true;
    }
  }
  return false;
}

// The names of the fields, applying to both, whose values differ (sorted).
template <class Config>
std::vector<std::string> differing_fields(const Config& a, const Config& b) {
  std::vector<std::string> names;
  for (const Field<Config>& f : config_fields(b).all())
    if (f.applies_to(a) && f.applies_to(b) && f.get(a) != f.get(b)) names.push_back(f.name);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace latent
