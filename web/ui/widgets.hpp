// widgets: small shared pieces of the lab's panels (ImGui only).
//   prob_squares   values in [0,1] as a wrapped grid of squares (hidden-unit probabilities)
//   Form rows      a two-column table: label (+ "resets" tag, tooltip) | widget, error under it
//   help / text    one-sentence tooltips, section headings, wrapped red/dim text
//   layout         narrow_page (one column below a width), same_line_if_fits (wrap a
//                  row of buttons on a narrow window), touch_scroll (a swipe scrolls)
//   marks          mark_item: where a named control was last drawn, for browser tests
// Image grids and curves have their own files (image_grid.hpp, line_plot.hpp).
#pragma once
#include <initializer_list>
#include <string>

#include <imgui.h>

namespace latent::ui {

inline const ImVec4 kErrorColor(1.00f, 0.45f, 0.38f, 1.0f);
inline const ImVec4 kResetTagColor(0.95f, 0.70f, 0.35f, 1.0f);
inline const ImVec4 kTitleColor(0.55f, 0.80f, 0.92f, 1.0f);

// A dark red box as tall as what is drawn while it lives (an error and its buttons),
// the width of the content region.
class AlertBox {
 public:
  AlertBox();
  AlertBox(const AlertBox&) = delete;
  AlertBox& operator=(const AlertBox&) = delete;
  ~AlertBox();

 private:
  ImVec2 start_;
  float width_;
};

// Cells of side <= max_cell CSS px wrapped to max_width, shrunk to fit max_height.
// Returns the hovered cell (-1 if none).
int prob_squares(const char* id, const float* values, int count, float max_width, float max_height,
                 float max_cell = 14.0f);

// t in [0,1] -> dark blue-grey, teal, warm yellow (probabilities, densities).
ImU32 heat_color(float t);

// Small dots in bulk (scatter plots of hundreds or thousands of points): hexagons
// without ImGui's anti-aliased fringe, 6 vertices and 12 indices a dot instead of 16
// and 66. Where the browser has no GPU it draws every vertex on the CPU, and a
// thousand fringed dots made each frame of the VAE tab several times as costly.
// The draw list's flags are restored when the batch ends.
class DotBatch {
 public:
  explicit DotBatch(ImDrawList* dl) : dl_(dl), flags_(dl->Flags) { dl_->Flags &= ~ImDrawListFlags_AntiAliasedFill; }
  DotBatch(const DotBatch&) = delete;
  DotBatch& operator=(const DotBatch&) = delete;
  ~DotBatch() { dl_->Flags = flags_; }
  void add(ImVec2 centre, float radius, ImU32 color) const { dl_->AddCircleFilled(centre, radius, color, 6); }

 private:
  ImDrawList* dl_;
  ImDrawListFlags flags_;
};

// Shows text as a tooltip when the last item is hovered.
void help(const char* text);
// A heading line with a separator under it.
void section(const char* title);
// The page is too narrow for a control column beside the pictures (a phone, a
// small window or iframe): panels go to one column.
bool narrow_page();
// Call last inside a scrolling window: a touch dragged across it, not on a control
// that took the press, scrolls it (ImGui itself scrolls only with a wheel).
void touch_scroll();
// Whether the mouse wheel would scroll a window under the pointer (last frame's).
bool wheel_scrolls();
// The next item on the last item's line if `width` more pixels fit there, else on
// a new line (a narrow window, a phone).
void same_line_if_fits(float width);
// The width of small buttons with these labels side by side.
float small_buttons_width(std::initializer_list<const char*> labels);
// Wrapped text in a colour (nothing if text is empty).
void wrapped_colored(const ImVec4& color, const std::string& text);

// A button lit while *open; a click flips *open (the top bar's window toggles).
void toggle_button(const char* label, bool* open);
// Begins a window at the page's right, column_width wide, or covering the page when
// that is 0 (a narrow page): "Draw a digit" and "Exercises". ImGui::End() it after.
bool begin_side_window(const char* title, bool* open, float column_width);

// Records the last item's rectangle under `name` (the test hook lab_ui_item_rect
// reads it: browser tests click controls by name). marked_item: x, y, w, h in CSS
// px, or null if never drawn.
void mark_item(const char* name);
const float* marked_item(const std::string& name);

// Form: begin_form()/end_form() around rows; each row: form_row(...) then the
// widget (already sized to the cell), then field_error(...).
bool begin_form(const char* id, float label_width);
void end_form();
void form_row(const char* label, const char* help_text, bool resets = false);
void field_error(const std::string& message);

}  // namespace latent::ui
