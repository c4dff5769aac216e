// exercises (see exercises.hpp).
#include "exercises.hpp"

#include <cmath>
#include <cstdio>
#include <optional>

#include "json_values.hpp"

namespace latent::ui {
namespace {

const char* const kPrefixes[] = {"config.", "metric.", "snapshot.", "drawing."};
const char* const kOps[] = {"equals", "at_least", "at_most", "greater_than", "present"};

bool is_path(const std::string& s) {
  for (const char* p : kPrefixes)
    if (s.rfind(p, 0) == 0 && s.size() > std::string(p).size()) return true;
  return false;
}

// A required text field; false (and the problem) when missing or not text.
bool text_field(const Json& j, const char* name, std::string& out, std::string& problem, const std::string& where) {
  if (!j.contains(name) || !j[name].is_string()) {
    problem = where + "\"" + name + "\" must be text";
    return false;
  }
  out = j[name].get<std::string>();
  return true;
}

bool parse_question(const Json& q, const std::string& where, ExerciseQuestion& out, std::string& problem) {
  if (!q.is_object()) return problem = where + "must be an object", false;
  if (!text_field(q, "text", out.text, problem, where) || !text_field(q, "type", out.type, problem, where)) return false;
  if (out.type == "number") {
    if (!q.contains("answer") || !q["answer"].is_number()) return problem = where + "\"answer\" must be a number", false;
    out.answer = q["answer"].get<double>();
    out.tolerance = q.value("tolerance", 0.0);
    if (!(out.tolerance >= 0)) return problem = where + "\"tolerance\" must be 0 or more", false;
    return true;
  }
  if (out.type == "choice") {
    if (!q.contains("options") || !q["options"].is_array() || q["options"].size() < 2)
      return problem = where + "\"options\" must list at least two choices", false;
    for (const Json& o : q["options"]) {
      if (!o.is_string()) return problem = where + "each option must be text", false;
      out.options.push_back(o.get<std::string>());
    }
    if (!q.contains("answer") || !q["answer"].is_number_integer() || q["answer"].get<long long>() < 0 ||
        q["answer"].get<long long>() >= (long long)out.options.size())
      return problem = where + "\"answer\" must be the number of the right option, from 0", false;
    out.answer = double(q["answer"].get<long long>());
    return true;
  }
  return problem = where + "\"type\" must be \"number\" or \"choice\"", false;
}

bool parse_check(const Json& c, const std::string& where, ExerciseCheck& out, std::string& problem) {
  if (!c.is_object()) return problem = where + "must be an object", false;
  if (!text_field(c, "text", out.text, problem, where) || !text_field(c, "value", out.value, problem, where)) return false;
  if (!is_path(out.value))
    return problem = where + "\"value\" must start with config., metric., snapshot. or drawing.", false;
  out.model = c.value("model", std::string());
  for (const char* op : kOps) {
    if (!c.contains(op)) continue;
    if (!out.op.empty()) return problem = where + "has two comparisons (\"" + out.op + "\" and \"" + op + "\")", false;
    out.op = op;
    out.than = c[op];
  }
  if (out.op.empty()) return problem = where + "needs one of equals, at_least, at_most, greater_than, present", false;
  const bool numeric = out.op != "equals" && out.op != "present";
  if (numeric && !out.than.is_number() && !(out.than.is_string() && is_path(out.than.get<std::string>())))
    return problem = where + "\"" + out.op + "\" must be a number or a value such as metric.elbo_test", false;
  return true;
}

// The value a path names, if the lab has it.
std::optional<Json> value_of(const std::string& path, const std::string& kind, const LabState& lab) {
  const ModelView& m = lab.view(kind);
  const size_t dot = path.find('.');
  const std::string where = path.substr(0, dot), rest = path.substr(dot + 1);
  if (where == "config") {
    if (m.has_config && m.config.contains(rest)) return m.config[rest];
  } else if (where == "metric") {
    if (m.has_metric(rest)) return Json(m.metric(rest));
  } else if (where == "snapshot") {
    const Json* at = &m.snapshot;
    size_t start = 0;
    while (start <= rest.size()) {
      size_t end = rest.find('.', start);
      if (end == std::string::npos) end = rest.size();
      const std::string key = rest.substr(start, end - start);
      if (!at->is_object() || !at->contains(key)) return std::nullopt;
      at = &(*at)[key];
      start = end + 1;
    }
    return *at;
  } else if (where == "drawing") {
    const auto it = lab.drawing.find(kind);
    if (it != lab.drawing.end() && it->second.buffer(rest)) return Json(true);
  }
  return std::nullopt;
}

std::string shown(const Json& v) {
  if (v.is_number()) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4g", v.get<double>());
    return text;
  }
  return v.is_string() ? v.get<std::string>() : protocol::dump(v);
}

CheckLine judge(const ExerciseCheck& c, const std::string& kind, const LabState& lab) {
  CheckLine line{c.text, false, ""};
  const std::optional<Json> v = value_of(c.value, kind, lab);
  if (c.op == "present") {
    line.ok = v.has_value() == (c.than.is_boolean() ? c.than.get<bool>() : true);
    line.detail = v ? "there" : "not there yet";
    return line;
  }
  if (!v) {
    line.detail = "not there yet (" + c.value + ")";
    return line;
  }
  line.detail = "yours: " + shown(*v);
  if (c.op == "equals") {
    line.ok = v->is_number() && c.than.is_number() ? v->get<double>() == c.than.get<double>() : *v == c.than;
    return line;
  }
  std::optional<Json> than = c.than;
  if (c.than.is_string()) than = value_of(c.than.get<std::string>(), kind, lab);
  if (!than || !than->is_number() || !v->is_number()) {
    line.detail += ", nothing to compare it with yet (" + shown(c.than) + ")";
    return line;
  }
  const double a = v->get<double>(), b = than->get<double>();
  if (c.op == "at_least") line.ok = a >= b;
  if (c.op == "at_most") line.ok = a <= b;
  if (c.op == "greater_than") line.ok = a > b;
  if (c.than.is_string()) line.detail += " against " + shown(*than);
  return line;
}

}  // namespace

bool parse_exercise(const std::string& text, Exercise& out, std::string& problem) {
  std::string error;
  const Json j = protocol::parse(text, &error);
  if (!error.empty() || !j.is_object()) {
    problem = "not readable JSON" + (error.empty() ? std::string() : " (" + error + ")");
    return false;
  }
  Exercise e;
  if (!text_field(j, "id", e.id, problem, "") || !text_field(j, "title", e.title, problem, "") ||
      !text_field(j, "statement", e.statement, problem, ""))
    return false;
  e.model = j.value("model", std::string());
  e.setup = j.value("setup", std::string());
  for (const char* list : {"hints", "questions", "checks"}) {
    if (j.contains(list) && !j[list].is_array()) return problem = std::string("\"") + list + "\" must be a list", false;
  }
  for (const Json& h : j.value("hints", Json::array())) {
    if (!h.is_string()) return problem = "each hint must be text", false;
    e.hints.push_back(h.get<std::string>());
  }
  const Json questions = j.value("questions", Json::array()), checks = j.value("checks", Json::array());
  for (size_t i = 0; i < questions.size(); ++i) {
    ExerciseQuestion q;
    if (!parse_question(questions[i], "question " + std::to_string(i + 1) + ": ", q, problem)) return false;
    e.questions.push_back(q);
  }
  for (size_t i = 0; i < checks.size(); ++i) {
    ExerciseCheck c;
    if (!parse_check(checks[i], "check " + std::to_string(i + 1) + ": ", c, problem)) return false;
    if (c.model.empty()) c.model = e.model;
    if (c.model.empty()) return problem = "check " + std::to_string(i + 1) + ": whose model? (\"model\")", false;
    e.checks.push_back(c);
  }
  if (e.questions.empty() && e.checks.empty()) return problem = "an exercise needs questions or checks", false;
  out = e;
  return true;
}

std::vector<CheckLine> check_exercise(const Exercise& e, const ExerciseAnswers& a, const LabState& lab) {
  std::vector<CheckLine> lines;
  for (size_t i = 0; i < e.questions.size(); ++i) {
    const ExerciseQuestion& q = e.questions[i];
    CheckLine line{q.text, false, ""};
    if (q.type == "number") {
      const bool typed = i < a.typed.size() && a.typed[i];
      const double x = i < a.numbers.size() ? a.numbers[i] : 0.0;
      line.ok = typed && std::isfinite(x) && std::abs(x - q.answer) <= q.tolerance;
      line.detail = !typed ? "no answer yet" : line.ok ? "right" : "not quite: check your working";
    } else {
      const int chosen = i < a.choices.size() ? a.choices[i] : -1;
      line.ok = chosen == int(q.answer);
      line.detail = chosen < 0 ? "no answer yet" : line.ok ? "right" : "not this one";
    }
    lines.push_back(line);
  }
  for (const ExerciseCheck& c : e.checks) lines.push_back(judge(c, c.model, lab));
  return lines;
}

}  // namespace latent::ui
