// exercises: guided exercises as data (assets/exercises/*.json, format in
// assets/exercises/README.md), read and checked here without ImGui (the unit tests
// use it natively; exercise_panel.hpp draws them).
//
// An exercise: id, title, model (the tab it is about), setup (a link's hash that
// "Set up" applies), statement, hints, questions the student answers (a number
// within a tolerance, or one of several choices), and checks on the student's own
// model in the page. Check is correct when every question is answered right and
// every model check holds. A check reads one value of the lab's state:
//   config.<field>     the model's setting       metric.<name>    its latest metric
//   snapshot.<key>     a key of its latest snapshot (dots go deeper: snapshot.stack.training)
//   drawing.<buffer>   a buffer of the model's answer to the student's drawing (present)
// and compares it: equals, at_least, at_most, greater_than (a number or another
// value's path), present (true: the value exists).
#pragma once
#include <string>
#include <vector>

#include "bridge.hpp"

namespace latent::ui {

struct ExerciseQuestion {
  std::string text;
  std::string type;                  // "number" | "choice"
  double answer = 0, tolerance = 0;  // number
  std::vector<std::string> options;  // choice: the options; answer is the index of the right one
};

struct ExerciseCheck {
  std::string text;   // what it asks of the model, as the student reads it
  std::string model;  // whose value (default: the exercise's model)
  std::string value;  // "config.hidden", "metric.iw_gap", ...
  std::string op;     // "equals" | "at_least" | "at_most" | "greater_than" | "present"
  Json than;          // a number, text, bool, or a value path (for the comparisons)
};

struct Exercise {
  std::string id, title, model, setup, statement;
  std::vector<std::string> hints;
  std::vector<ExerciseQuestion> questions;
  std::vector<ExerciseCheck> checks;
};

// Reads one exercise file; on a problem, false and what is wrong (naming the field).
bool parse_exercise(const std::string& text, Exercise& out, std::string& problem);

// The student's answers: per question, the number typed or the option chosen (-1: none).
struct ExerciseAnswers {
  std::vector<double> numbers;
  std::vector<int> choices;
  std::vector<bool> typed;  // a number was typed
};

struct CheckLine {
  std::string text;
  bool ok = false;
  std::string detail;  // what was found ("your value: 0.62", "not measured yet")
};

// Every question and model check, in order, with its verdict.
std::vector<CheckLine> check_exercise(const Exercise& e, const ExerciseAnswers& answers, const LabState& lab);

}  // namespace latent::ui
