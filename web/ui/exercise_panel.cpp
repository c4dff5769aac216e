// exercise_panel (see exercise_panel.hpp).
#include "exercise_panel.hpp"

#include <array>
#include <cstdlib>
#include <map>
#include <vector>

#include <imgui.h>

#include "exercises.hpp"
#include "json_values.hpp"
#include "page_glue.hpp"
#include "widgets.hpp"

namespace latent::ui {
namespace {

constexpr const char* kStorageKey = "latent-lab.exercises";

struct Progress {
  bool done = false;
  int hints = 0;  // hints shown
};

struct ExerciseState {
  Exercise exercise;
  ExerciseAnswers answers;
  std::vector<std::array<char, 32>> typed;  // the number fields as typed
  std::vector<CheckLine> lines;  // the last Check
};

struct Exercises {
  std::vector<ExerciseState> list;
  std::vector<std::string> problems;  // files that could not be used
  std::map<std::string, Progress> progress;
  bool progress_read = false;
};

Exercises& exercises() {
  static Exercises e;
  return e;
}

void read_progress(Exercises& all) {
  all.progress_read = true;
  const Json j = protocol::parse(stored(kStorageKey));
  if (!j.is_object()) return;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!it.value().is_object()) continue;
    all.progress[it.key()] = {it.value().value("done", false), it.value().value("hints", 0)};
  }
}

void save_progress(const Exercises& all) {
  Json j = Json::object();
  for (const auto& [id, p] : all.progress) j[id] = {{"done", p.done}, {"hints", p.hints}};
  store(kStorageKey, protocol::dump(j));
}

// The questions, as input fields and choices.
void draw_questions(ExerciseState& s) {
  const Exercise& e = s.exercise;
  for (size_t i = 0; i < e.questions.size(); ++i) {
    const ExerciseQuestion& q = e.questions[i];
    ImGui::PushID(int(i));
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(q.text.c_str());
    ImGui::PopTextWrapPos();
    if (q.type == "number") {
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
      char* text = s.typed[i].data();
      if (ImGui::InputTextWithHint("##answer", "your answer", text, s.typed[i].size(),
                                   ImGuiInputTextFlags_CharsScientific)) {
        char* end = nullptr;
        s.answers.numbers[i] = std::strtod(text, &end);
        s.answers.typed[i] = end != text && *end == '\0';  // a whole number, nothing after it
      }
      mark_item((e.id + " q" + std::to_string(i + 1)).c_str());
    } else {
      for (size_t k = 0; k < q.options.size(); ++k) {
        ImGui::PushTextWrapPos(0.0f);
        if (ImGui::RadioButton(q.options[k].c_str(), s.answers.choices[i] == int(k))) s.answers.choices[i] = int(k);
        ImGui::PopTextWrapPos();
        mark_item((e.id + " q" + std::to_string(i + 1) + " o" + std::to_string(k + 1)).c_str());
      }
    }
    ImGui::PopID();
  }
}

void draw_lines(const std::vector<CheckLine>& lines) {
  for (const CheckLine& l : lines) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(l.ok ? ImVec4(0.35f, 0.85f, 0.45f, 1) : kErrorColor, "%s %s", l.ok ? "\xE2\x9C\x93" : "\xE2\x9C\x97",
                       l.text.c_str());
    if (!l.detail.empty()) ImGui::TextDisabled("   %s", l.detail.c_str());
    ImGui::PopTextWrapPos();
  }
}

// One exercise's body; returns its setup hash when "Set up" was pressed.
std::string draw_exercise(Exercises& all, ExerciseState& s, const LabState& lab) {
  const Exercise& e = s.exercise;
  Progress& p = all.progress[e.id];
  std::string setup;
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(e.statement.c_str());
  ImGui::PopTextWrapPos();
  if (!e.setup.empty()) {
    if (ImGui::Button("Set up")) setup = e.setup;
    mark_item((e.id + " set up").c_str());
    help(("Opens the model this exercise needs, with its settings: #" + e.setup).c_str());
  }
  ImGui::Spacing();
  draw_questions(s);
  if (!e.checks.empty()) {
    ImGui::TextDisabled("The lab also checks your model:");
    for (const ExerciseCheck& c : e.checks) {
      ImGui::PushTextWrapPos(0.0f);
      ImGui::BulletText("%s", c.text.c_str());
      ImGui::PopTextWrapPos();
    }
  }
  if (ImGui::Button("Check")) {
    s.lines = check_exercise(e, s.answers, lab);
    bool ok = true;
    for (const CheckLine& l : s.lines) ok = ok && l.ok;
    if (ok && !p.done) {
      p.done = true;
      save_progress(all);
    }
  }
  mark_item((e.id + " check").c_str());
  ImGui::SameLine();
  const bool more = p.hints < int(e.hints.size());
  ImGui::BeginDisabled(!more);
  if (ImGui::Button(more ? "Hint" : "No more hints")) {
    ++p.hints;
    save_progress(all);
  }
  ImGui::EndDisabled();
  draw_lines(s.lines);
  for (int h = 0; h < p.hints && h < int(e.hints.size()); ++h) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(kTitleColor, "Hint %d: %s", h + 1, e.hints[size_t(h)].c_str());
    ImGui::PopTextWrapPos();
  }
  return setup;
}

}  // namespace

void add_exercise_file(const std::string& name, const std::string& text) {
  Exercises& all = exercises();
  ExerciseState s;
  std::string problem;
  if (!parse_exercise(text, s.exercise, problem)) {
    all.problems.push_back(name + ": " + problem);
    return;
  }
  const size_t n = s.exercise.questions.size();
  s.answers.numbers.assign(n, 0.0);
  s.answers.typed.assign(n, false);
  s.answers.choices.assign(n, -1);
  s.typed.assign(n, {});
  all.list.push_back(s);
}

void draw_exercises_toggle(bool* open) {
  toggle_button("Exercises", open);
  mark_item("Exercises");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Guided exercises from the course, checked by the lab");
}

std::string draw_exercise_window(bool* open, const LabState& lab, float column_width) {
  if (!*open) return "";
  Exercises& all = exercises();
  if (!all.progress_read) read_progress(all);
  std::string setup;
  if (begin_side_window("Exercises", open, column_width)) {
    int done = 0;
    for (const ExerciseState& s : all.list) done += all.progress[s.exercise.id].done;
    ImGui::Text("%d of %zu done", done, all.list.size());
    ImGui::SameLine();
    if (ImGui::SmallButton("Reset progress")) {
      all.progress.clear();
      for (ExerciseState& s : all.list) s.lines.clear();
      save_progress(all);
    }
    mark_item("Reset progress");
    help("Forget which exercises were checked right and which hints were shown (kept in this browser).");
    if (all.list.empty() && all.problems.empty()) ImGui::TextDisabled("Loading the exercises...");
    for (const std::string& p : all.problems) wrapped_colored(kErrorColor, "Not used: " + p);
    for (ExerciseState& s : all.list) {
      const bool is_done = all.progress[s.exercise.id].done;
      const std::string title = std::string(is_done ? "\xE2\x9C\x93 " : "    ") + s.exercise.title + "###" + s.exercise.id;
      const bool unfolded = ImGui::CollapsingHeader(title.c_str());
      mark_item((s.exercise.id + " title").c_str());
      if (unfolded) {
        ImGui::PushID(s.exercise.id.c_str());
        const std::string asked = draw_exercise(all, s, lab);
        if (!asked.empty()) setup = asked;
        ImGui::PopID();
        ImGui::Spacing();
      }
    }
    touch_scroll();
  }
  ImGui::End();
  return setup;
}

std::string exercises_json() {
  const Exercises& all = exercises();
  Json j = {{"count", all.list.size()}, {"problems", all.problems}, {"done", Json::array()}, {"lines", Json::object()}};
  for (const ExerciseState& s : all.list) {
    const auto it = all.progress.find(s.exercise.id);
    if (it != all.progress.end() && it->second.done) j["done"].push_back(s.exercise.id);
    Json lines = Json::array();
    for (const CheckLine& l : s.lines) lines.push_back({{"text", l.text}, {"ok", l.ok}, {"detail", l.detail}});
    j["lines"][s.exercise.id] = lines;
  }
  return protocol::dump(j);
}

}  // namespace latent::ui
