// drawing_window (see drawing_window.hpp).
#include "drawing_window.hpp"

#include <imgui.h>

#include "bridge.hpp"
#include "drawing_answers.hpp"
#include "drawing_pad.hpp"
#include "user_digits_view.hpp"
#include "widgets.hpp"

namespace latent::ui {
namespace {

struct DrawingWindow {
  DrawingPad pad;
  bool open = false;  // as last drawn
  ScreenBox toggle;
};

DrawingWindow& drawing_window() {
  static DrawingWindow w;
  return w;
}

// The digit (or [] for none) to the worker; the answers come as "drawing" events.
void send_drawing(const std::vector<float>& digit) {
  Json pixels = Json::array();
  for (float v : digit) pixels.push_back(protocol::shortest_decimal(v));
  send_command({{"cmd", "drawing"}, {"pixels", pixels}});
}

Json box_json(const ScreenBox& b) { return Json::array({b.x, b.y, b.w, b.h}); }

}  // namespace

void draw_drawing_toggle(bool* open) {
  toggle_button("Draw a digit", open);
  drawing_window().toggle = last_item_box();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Draw a digit and see what each model makes of it");
}

float drawing_column_width(bool open) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float width = pad_with_digit_width() + 2 * style.WindowPadding.x + style.ScrollbarSize + 2;
  return open && ImGui::GetMainViewport()->WorkSize.x >= 2 * width ? width : 0.0f;  // the tabs keep half or more
}

bool drawing_covers_page(bool open) { return open && drawing_column_width(true) == 0; }

void draw_drawing_window(bool* open) {
  DrawingWindow& w = drawing_window();
  // Closed, the models stop answering (they answer after every snapshot while a
  // drawing is held); opened again, the drawing goes back to them.
  if (w.open != *open && !w.pad.digit().empty()) send_drawing(*open ? w.pad.digit() : std::vector<float>{});
  w.open = *open;
  if (!*open) return;
  if (begin_side_window("Draw a digit", open, drawing_column_width(true))) {
    w.pad.draw();
    if (w.pad.changed()) send_drawing(w.pad.digit());
    ImGui::Spacing();
    ImGui::Separator();
    draw_user_digits(w.pad.digit());
    ImGui::Spacing();
    draw_drawing_answers(w.pad.digit());
    touch_scroll();  // a stroke on the pad draws; a swipe elsewhere scrolls
  }
  ImGui::End();
}

std::string drawing_pad_json() {
  const DrawingWindow& w = drawing_window();
  const Json j = {{"open", w.open},
                  {"strokes", w.pad.strokes()},
                  {"digit", w.pad.digit()},
                  {"toggle", box_json(w.toggle)},
                  {"pad", box_json(w.pad.canvas_box())},
                  {"undo", box_json(w.pad.undo_box())},
                  {"clear", box_json(w.pad.clear_box())}};
  return protocol::dump(j);
}

}  // namespace latent::ui
