// The model registry walked (web/worker/model_registry.hpp): for every kind and
// every field of its config, a value other than the default round-trips through
// JSON (the protocol) and through the teacher's link (web/ui/link_state.hpp, read
// with the field types the ready event carries), and each out-of-range value is
// refused with an error on that field.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "link_state.hpp"
#include "model_registry.hpp"
#include "protocol.hpp"

using namespace latent;
using protocol::Json;

namespace {

// Values of the field's type to try, in order (the first accepted one is used).
std::vector<Json> candidates(const FieldInfo& f, const Json& current) {
  switch (f.type) {
    case FieldType::Int:
      if (f.ranged) return {(long long)f.hi, (long long)f.lo + 1, (long long)((f.lo + f.hi) / 2), (long long)f.lo};
      return {0, 1, 2, 5};
    case FieldType::Real:
      if (f.ranged) return {f.hi, (f.lo + f.hi) / 4, f.lo + (f.hi - f.lo) / 2};
      return {0.5, 1.0};
    case FieldType::Bool: return {!current.get<bool>()};
    case FieldType::Seed: return {12345, (long long)kMaxSeed};
    case FieldType::Choice: {
      std::vector<Json> names;
      for (const FieldChoice& c : f.choices) names.push_back(c.name);
      return names;
    }
    case FieldType::Text: return {"20-10", "100", "7"};
  }
  return {};
}

// Values the field must refuse.
std::vector<Json> refused_values(const FieldInfo& f) {
  std::vector<Json> out;
  switch (f.type) {
    case FieldType::Int:
      if (f.ranged) out = {(long long)f.lo - 1, (long long)f.hi + 1};
      out.push_back("seven");
      out.push_back(2.5);
      break;
    case FieldType::Real:
      if (f.ranged) out = {f.above_lo ? f.lo : f.lo - 1, f.hi * 2 + 1};
      out.push_back("fast");
      out.push_back(1e39);
      break;
    case FieldType::Bool: out = {"maybe", 1}; break;
    case FieldType::Seed: out = {-1, (long long)kMaxSeed + 1, 0.5}; break;
    case FieldType::Choice: out = {"no_such_option", 3}; break;
    case FieldType::Text: out = {"0-0", "five hundred", -5, 2.5}; break;
  }
  return out;
}

}  // namespace

TEST_CASE("registry: every kind has a unique name, a title, defaults that pass its own check, and fields") {
  std::vector<std::string> names;
  for (const web::ModelKind& k : web::model_registry()) {
    CAPTURE(k.name);
    CHECK(std::find(names.begin(), names.end(), k.name) == names.end());
    names.push_back(k.name);
    CHECK(!k.title.empty());
    CHECK(web::find_model_kind(k.name) == &k);
    Json full;
    REQUIRE(k.check(Json::object(), &full).empty());
    CHECK(full == k.defaults);
    REQUIRE(!k.fields.empty());
    for (const FieldInfo& f : k.fields) {
      CAPTURE(f.name);
      CHECK(k.defaults.contains(f.name));  // every field it lists is written
      CHECK(!f.label.empty());
      CHECK(!f.tip.empty());
      CHECK(!f.section.empty());
    }
    CHECK(k.defaults.size() == k.fields.size());  // and nothing else is
  }
  CHECK(web::find_model_kind("nope") == nullptr);
  CHECK(web::model_kind_names() == "rbm, grbm2d, grbm, vae, dbn, dbm");
}

TEST_CASE("registry: every field of every kind round-trips through JSON and the link; out-of-range values are "
          "refused on that field") {
  // The UI learns the kinds and their field types from the ready event.
  ui::LabState lab;
  Json ready = protocol::make_event("ready");
  ready["kinds"] = web::model_kinds_json();
  REQUIRE(ui::apply_event(lab, protocol::dump(ready)));
  REQUIRE(lab.kinds.size() == web::model_registry().size());

  int fields = 0, refusals = 0;
  std::vector<std::string> fixed_fields;
  for (const web::ModelKind& k : web::model_registry()) {
    for (const FieldInfo& f : k.fields) {
      CAPTURE(k.name);
      CAPTURE(f.name);
      ++fields;
      // A value other than the default; the default itself for a field the kind fixes.
      std::vector<Json> values = candidates(f, k.defaults[f.name]);
      values.push_back(k.defaults[f.name]);
      bool round_tripped = false;
      for (const Json& v : values) {
        Json full;
        const bool fixed = &v == &values.back();
        if ((v == k.defaults[f.name] && !fixed) || !k.check({{f.name, v}}, &full).empty()) continue;
        if (fixed) fixed_fields.push_back(k.name + "." + f.name);
        // JSON: the value is written as given, and the whole config reads back unchanged.
        CHECK(full[f.name] == (f.type == FieldType::Real ? Json(protocol::shortest_decimal(float(v.get<double>()))) : v));
        Json again;
        REQUIRE(k.check(full, &again).empty());
        CHECK(again == full);
        // The link: written, read back with the field types, and the same config.
        const std::string hash = ui::link_to_hash({k.name, full, {}});
        CAPTURE(hash);
        ui::Link from_link;
        REQUIRE(ui::link_from_hash(hash, lab, from_link).empty());
        CHECK(from_link.kind == k.name);
        Json via_link;
        REQUIRE(k.check(from_link.fields, &via_link).empty());
        CHECK(via_link == full);
        round_tripped = true;
        break;
      }
      CHECK(round_tripped);

      for (const Json& bad : refused_values(f)) {
        CAPTURE(bad);
        const std::vector<FieldError> errors = k.check({{f.name, bad}}, nullptr);
        REQUIRE(!errors.empty());
        CHECK(errors.front().field == f.name);
        CHECK(!errors.front().message.empty());
        ++refusals;
      }
    }
  }
  MESSAGE(fields << " fields round-tripped, " << refusals << " refusals checked");
  CHECK(fields > 60);
  // The only field a kind fixes: the MNIST GRBM's data set (the plane's sets belong to grbm2d).
  CHECK(fixed_fields == std::vector<std::string>{"grbm.dataset"});
}

TEST_CASE("registry: a link to an unknown kind or without '=' is refused before anything is sent") {
  ui::LabState lab;
  Json ready = protocol::make_event("ready");
  ready["kinds"] = web::model_kinds_json();
  REQUIRE(ui::apply_event(lab, protocol::dump(ready)));
  ui::Link link;
  link.kind = "unchanged";
  auto errors = ui::link_from_hash("model=gan&layers=500", lab, link);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "model");
  CHECK(errors[0].message == "unknown model \"gan\" (rbm, grbm2d, grbm, vae, dbn, dbm)");
  CHECK(link.kind == "unchanged");
  errors = ui::link_from_hash("hidden", lab, link);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == "expected name=value");
  // No model: the first kind; a choice stays text even when it looks like a number.
  REQUIRE(ui::link_from_hash("hidden=25&binarization=threshold", lab, link).empty());
  CHECK(link.kind == "rbm");
  CHECK(link.fields == Json{{"hidden", 25}, {"binarization", "threshold"}});
  REQUIRE(ui::link_from_hash("model=dbn&layers=300", lab, link).empty());
  CHECK(link.fields == Json{{"layers", "300"}});
}

TEST_CASE("registry: refusals read as they did before the registry (reference answers from the build before it)") {
  auto first_error = [](const char* kind, const Json& fields) {
    const std::vector<FieldError> errors = web::find_model_kind(kind)->check(fields, nullptr);
    REQUIRE(!errors.empty());
    return errors.front();
  };
  FieldError e = first_error("dbn", {{"bottom", "bogus"}});
  CHECK(e.field == "bottom");
  CHECK(e.message == "bottom must be \"binary\" (an RBM on the pixels) or \"gaussian\" (a GRBM on standardised pixels)");
  e = first_error("dbn", {{"layers", true}});
  CHECK(e.message == "layers must be text such as \"500-500-2000\"");
  e = first_error("dbn", {{"layers", -5}});
  CHECK(e.message == "Each layer must have between 1 and 4000 units (got -5).");
  e = first_error("dbn", {{"layers", "-500-500"}});
  CHECK(e.message == "Each layer must have between 1 and 4000 units (got -500).");
  // Several problems: the first named is the one the old checks named first.
  e = first_error("grbm2d", {{"fantasy_steps", 1001}, {"updates_per_second", 10000001}});
  CHECK(e.field == "fantasy_steps");
  e = first_error("grbm2d", {{"init_std", -0.1}, {"points", 0}});
  CHECK(e.field == "init_std");
  e = first_error("grbm", {{"init_std", -0.1}, {"train_count", 99}});
  CHECK(e.field == "init_std");
  e = first_error("dbn", {{"cd_k", -1}, {"epochs_per_layer", 1001}});
  CHECK(e.field == "cd_k");
  e = first_error("vae", {{"latent", 0}});
  CHECK(e.message == "Latent size must be between 2 and 100 (2 can be drawn directly; 10 to 50 is usual for MNIST).");

  // An old link with a negative layer size is still refused, on its field.
  ui::LabState lab;
  Json ready = protocol::make_event("ready");
  ready["kinds"] = web::model_kinds_json();
  REQUIRE(ui::apply_event(lab, protocol::dump(ready)));
  ui::Link link;
  REQUIRE(ui::link_from_hash("model=dbn&layers=-5", lab, link).empty());
  const auto errors = web::find_model_kind(link.kind)->check(link.fields, nullptr);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "layers");
}

TEST_CASE("registry: a link's refused init is its sender's alone: the open form's fields are not marked") {
  ui::LabState& lab = ui::lab_state();
  int next_id = 40;
  ui::set_command_hook([&](const std::string&) { return next_id++; });
  const int quiet = ui::quietly(ui::init_model("vae", {{"hidden", 5000}}));
  const int loud = ui::set_config({{"hidden", -1}});
  ui::set_command_hook(nullptr);
  REQUIRE(quiet == 40);
  auto refusal = [](int id) {
    Json r = protocol::make_reply(id, false, "the init command was refused: Hidden units per layer must be between 1 and 2000.");
    r["errors"] = protocol::errors_to_json({{"hidden", "Hidden units per layer must be between 1 and 2000."}});
    return protocol::dump(r);
  };
  const int errors_before = lab.error_version;
  lab.field_errors.clear();
  REQUIRE(ui::apply_event(lab, refusal(quiet)));
  CHECK(lab.field_errors.empty());
  CHECK(lab.error_version == errors_before);
  REQUIRE(lab.reply_to(quiet) != nullptr);  // the link reads it
  CHECK((*lab.reply_to(quiet))["ok"] == false);
  REQUIRE(ui::apply_event(lab, refusal(loud)));  // a form's own set marks its field
  CHECK(lab.field_errors.size() == 1);
  CHECK(lab.error_version == errors_before + 1);
  lab.field_errors.clear();
}
