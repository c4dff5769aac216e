// run_controls: the top of every model's control column: the run state and
// progress, Train/Pause, Step n, Reset, and the box showing the latest error
// (with Dismiss), the model-file buttons, the exact log-likelihood button; and the two-column layout of
// a model's page. The same for every model kind; each panel keeps a RunControls.
#pragma once
#include <functional>
#include <string>

#include "bridge.hpp"

namespace latent::ui {

struct RunControls {
  int step_count = 1;
  int dismissed_error = 0;  // error_version the student closed

  // unit: what an epoch passes through ("training digits", "points").
  void draw_status(const ModelView& m, const char* unit) const;
  void draw_buttons(const ModelView& m);
  // The model as a file: "Start from trained" (the kind's default, when it has one),
  // "Save model" (a download), "Open model file..." (any kind's; it becomes active).
  void draw_model_files(const std::string& kind, bool has_default) const;
  void draw_error(const LabState& lab);
  // "Exact log-likelihood" (enabled when hidden <= max_hidden), its progress or value.
  // sum_over: what the sum enumerates ("hidden states", "mixture components").
  void draw_exact(const LabState& lab, const ModelView& m, int hidden, int max_hidden, const char* sum_over) const;
};

// A measurement's progress (lab.busy) and a Stop button beside it (sends pause).
void measuring_line(const LabState& lab);
// "Train" or "Pause" (as m is training) of this width; the click sends it.
void train_pause_button(const ModelView& m, float width);
// The epoch's progress bar (width: -FLT_MIN fills the line), its text the epoch, the
// share done, and with_state the state first.
void run_progress(const ModelView& m, float width, bool with_state);

// The top of a control column: the model's name and a dim sentence about it.
void model_heading(const char* title, const std::string& description);

// A model's page: a fixed-width control column and a scrolling area of views; on a
// narrow page (widgets.hpp narrow_page) one scrolling column: Train/Pause and the
// progress, the controls folded under a header, then the views at full width.
void panel_columns(const ModelView& m, const std::function<void()>& controls, const std::function<void()>& views);

}  // namespace latent::ui
