// exercise_panel: the "Exercises" window (exercises.hpp reads and checks them). Like
// "Draw a digit", a column at the page's right (covering a narrow page), opened by
// a toggle on the top bar. Each exercise: its statement, "Set up" (its link: the
// model and settings it needs), the questions to answer, "Check" (each question and
// each check on the student's model, right or not, with what was found), and hints
// one at a time. Exercises checked right, and the hints shown, are kept in the
// browser (localStorage) until "Reset progress".
#pragma once
#include <string>

#include "bridge.hpp"

namespace latent::ui {

// An exercise file the page fetched (index.html: assets/exercises/index.json lists
// them); one that does not read is listed with what is wrong with it.
void add_exercise_file(const std::string& name, const std::string& text);

void draw_exercises_toggle(bool* open);
// The window, when *open; a "Set up" pressed this frame: its hash (else "").
std::string draw_exercise_window(bool* open, const LabState& lab, float column_width);

// A test hook: {count, problems, done: [ids], lines: {id: [{text, ok, detail}]}} as JSON.
std::string exercises_json();

}  // namespace latent::ui
