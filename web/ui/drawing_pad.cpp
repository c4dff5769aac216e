// drawing_pad (see drawing_pad.hpp).
#include "drawing_pad.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "image_grid.hpp"
#include "widgets.hpp"

namespace latent::ui {
namespace {

constexpr float kDigitZoom = 5.0f;     // CSS px per pixel of the 28x28 digit, at most
constexpr float kStepHeight = 84.0f;   // CSS px: each step's picture
constexpr float kStepColumn = 170.0f;  // CSS px: each step's picture and sentence
constexpr float kMinPointGap = 0.5f;   // pad pixels: closer pointer positions add no point
const ImU32 kFrame = IM_COL32(90, 100, 112, 255);

float column_gap() { return ImGui::GetStyle().ItemSpacing.x * 2; }
// The 28x28 digit's side, CSS px, and the width of the column that holds it.
float digit_side() { return float(kDigitSide) * crisp_fit(ImVec2(kDigitSide, kDigitSide), 1e6f, 1e6f, kDigitZoom); }
float digit_column(float side) { return std::max(side, ImGui::CalcTextSize("What the models see").x); }

void upload_grey(GlTexture& texture, const GreyImage& image) {
  std::vector<uint32_t> rgba(image.pixels.size());
  std::transform(image.pixels.begin(), image.pixels.end(), rgba.begin(), colormap_grey);
  texture.upload(rgba, image.cols, image.rows);
}

// A texture at the cursor, size CSS px, framed.
void framed_image(const GlTexture& texture, ImVec2 size) {
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::Image(texture.id(), size);
  ImGui::GetWindowDrawList()->AddRect(ImVec2(p0.x - 1, p0.y - 1), ImVec2(p0.x + size.x + 1, p0.y + size.y + 1), kFrame);
}

// An empty frame of size CSS px with a dim line of text in its middle.
void empty_frame(ImVec2 size, const char* text) {
  const ImVec2 p0 = ImGui::GetCursorScreenPos(), p1(p0.x + size.x, p0.y + size.y);
  ImGui::Dummy(size);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p0, p1, IM_COL32(0, 0, 0, 255));
  dl->AddRect(ImVec2(p0.x - 1, p0.y - 1), ImVec2(p1.x + 1, p1.y + 1), kFrame);
  const ImVec2 t = ImGui::CalcTextSize(text);
  dl->AddText(ImVec2(p0.x + (size.x - t.x) * 0.5f, p0.y + (size.y - t.y) * 0.5f),
              ImGui::GetColorU32(ImGuiCol_TextDisabled), text);
}

// One step of the preprocessing: its picture (kStepHeight high at most, keeping its
// aspect ratio) over a line or two of text, in a column of kStepColumn CSS px.
void step_picture(const char* title, const GlTexture& texture, const GreyImage& image, const char* sentence) {
  ImGui::BeginGroup();
  ImGui::TextColored(kTitleColor, "%s", title);
  const float zoom = std::min(kStepHeight / float(image.rows), kStepColumn / float(image.cols));
  framed_image(texture, ImVec2(float(image.cols) * zoom, float(image.rows) * zoom));
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + kStepColumn);
  ImGui::TextDisabled("%s", sentence);
  ImGui::PopTextWrapPos();
  ImGui::Dummy(ImVec2(kStepColumn, 0.0f));  // the column's width, however narrow the picture
  ImGui::EndGroup();
}

}  // namespace

ScreenBox last_item_box() {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  return {a.x, a.y, b.x - a.x, b.y - a.y};
}

float pad_with_digit_width() {
  return float(kPadSide) + column_gap() + digit_column(digit_side());
}

void DrawingPad::draw() {
  changed_ = false;
  const float avail = ImGui::GetContentRegionAvail().x;
  const float side = float(kPadSide) * crisp_fit(ImVec2(kPadSide, kPadSide), avail, avail, 1.0f);
  const float digit = digit_side(), column = digit_column(digit);

  // The WebGL context was lost and restored (gl_texture.hpp): the pictures again.
  if (ink_texture_.stale()) upload_grey(ink_texture_, ink_);
  if (!digit_.empty() && digit_texture_.stale()) {
    upload_grey(cropped_texture_, steps_.cropped);
    upload_grey(fitted_texture_, steps_.fitted);
    upload_grey(digit_texture_, steps_.digit);
  }
  ImGui::BeginGroup();
  draw_canvas(side);
  draw_controls(side);
  ImGui::EndGroup();
  if (ink_changed_) update_digit();
  if (avail >= side + column_gap() + column) ImGui::SameLine(0, column_gap());
  ImGui::BeginGroup();
  draw_digit(digit, column);
  ImGui::EndGroup();
  if (show_steps_ && !digit_.empty()) draw_steps(avail);
}

void DrawingPad::draw_canvas(float side) {
  const float scale = side / float(kPadSide);
  const ImVec2 p0 = ImGui::GetCursorScreenPos(), p1(p0.x + side, p0.y + side);
  ImGui::InvisibleButton("pad", ImVec2(side, side));
  canvas_box_ = last_item_box();
  if (ImGui::IsItemActive() && ImGui::IsMousePosValid()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const float x = (m.x - p0.x) / scale, y = (m.y - p0.y) / scale;
    if (ImGui::IsItemActivated() || strokes_.empty()) {
      strokes_.push_back(Stroke{{x, y}, brush_});
      inked_points_ = 0;
    } else {
      std::vector<float>& xy = strokes_.back().xy;
      if (std::hypot(x - xy[xy.size() - 2], y - xy.back()) >= kMinPointGap) xy.insert(xy.end(), {x, y});
    }
    const size_t points = strokes_.back().xy.size() / 2;
    if (points > inked_points_) {
      ink_stroke(ink_, strokes_.back(), inked_points_);
      inked_points_ = points;
      ink_changed_ = true;
    }
  }
  // The ink texture is uploaded later in this frame at the latest; ImGui draws at its end.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p0, p1, IM_COL32(0, 0, 0, 255));
  if (!ink_texture_.empty()) dl->AddImage(ink_texture_.id(), p0, p1);
  dl->AddRect(ImVec2(p0.x - 1, p0.y - 1), ImVec2(p1.x + 1, p1.y + 1), kFrame);
  if (strokes_.empty()) {
    const char* hint = "Draw a digit here";
    const ImVec2 t = ImGui::CalcTextSize(hint);
    dl->AddText(ImVec2(p0.x + (side - t.x) * 0.5f, p0.y + (side - t.y) * 0.5f),
                ImGui::GetColorU32(ImGuiCol_TextDisabled), hint);
  }
}

void DrawingPad::draw_controls(float side) {
  const float left = ImGui::GetCursorScreenPos().x;
  ImGui::BeginDisabled(strokes_.empty());
  if (ImGui::Button("Undo")) {
    strokes_.pop_back();
    redraw_all_strokes();
  }
  undo_box_ = last_item_box();
  help("Takes back the last stroke.");
  ImGui::SameLine();
  if (ImGui::Button("Clear")) {
    strokes_.clear();
    redraw_all_strokes();
  }
  clear_box_ = last_item_box();
  ImGui::EndDisabled();
  ImGui::SameLine();
  const float label = ImGui::CalcTextSize("brush").x + ImGui::GetStyle().ItemInnerSpacing.x;
  ImGui::SetNextItemWidth(std::max(60.0f, left + side - ImGui::GetCursorScreenPos().x - label));
  ImGui::SliderFloat("brush", &brush_, 3.0f, 30.0f, "%.0f px", ImGuiSliderFlags_AlwaysClamp);  // typed values too
  help("The pen's radius, in pad pixels (the pad is 280 x 280, ten times MNIST's 28 x 28). "
       "MNIST's strokes are about 2 pixels wide: a radius near 12 here, for a digit as tall as the pad. "
       "A new size applies to the next stroke.");
}

void DrawingPad::draw_digit(float side, float column) {
  ImGui::TextUnformatted("What the models see");
  if (digit_.empty()) empty_frame(ImVec2(side, side), "no digit yet");
  else framed_image(digit_texture_, ImVec2(side, side));
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + column);
  if (!refusal_.empty()) wrapped_colored(kErrorColor, refusal_);
  ImGui::TextDisabled("28 x 28 pixels, made as MNIST's digits were");
  ImGui::PopTextWrapPos();
  ImGui::Checkbox("Show the steps", &show_steps_);
  help("How the drawing became the 28 x 28 digit: cropped to its ink, fitted into 20 x 20, "
       "then placed in 28 x 28 by its centre of mass.");
}

void DrawingPad::draw_steps(float avail) {
  const DigitSteps& s = steps_;
  char crop[64], fit[64], place[96];
  std::snprintf(crop, sizeof crop, "The ink's box:\n%d x %d pad pixels", s.cropped.rows, s.cropped.cols);
  std::snprintf(fit, sizeof fit, "Scaled by %.3f\nto %d x %d pixels", s.scale, s.fitted.rows, s.fitted.cols);
  std::snprintf(place, sizeof place, "Centre of mass (%.1f, %.1f)\nmoved to (%.1f, %.1f)", s.centre_row, s.centre_col,
                float(s.top) + s.centre_row, float(s.left) + s.centre_col);
  ImGui::Spacing();
  const float gap = column_gap();
  const int per_row = std::max(1, int((avail + gap) / (kStepColumn + gap)));
  step_picture("1. Cropped", cropped_texture_, s.cropped, crop);
  help("The smallest box holding all the ink, at the pad's resolution (rows x columns).");
  if (per_row > 1) ImGui::SameLine(0, gap);
  step_picture("2. Fitted into 20 x 20", fitted_texture_, s.fitted, fit);
  help("Shrunk keeping its shape until its longer side is 20 pixels; each new pixel is the mean of the "
       "pad pixels it covers, which smooths the edges (MNIST's anti-aliasing).");
  if (per_row > 2) ImGui::SameLine(0, gap);
  step_picture("3. Placed in 28 x 28", digit_texture_, s.digit, place);
  help("Shifted by whole pixels so that its centre of mass (row, column) lands as near as it can to "
       "(14.5, 14.5), where MNIST's digits have theirs.");
}

void DrawingPad::redraw_all_strokes() {
  ink_ = rasterise_strokes(strokes_, kPadSide, kPadSide);
  inked_points_ = strokes_.empty() ? 0 : strokes_.back().xy.size() / 2;
  ink_changed_ = true;
}

void DrawingPad::update_digit() {
  ink_changed_ = false;
  upload_grey(ink_texture_, ink_);
  std::vector<float> digit;
  refusal_.clear();
  if (!strokes_.empty()) {
    const Status status = mnist_digit(ink_, steps_);
    if (status.ok) {
      digit = steps_.digit.pixels;
    } else {
      refusal_ = status.message;
    }
  }
  if (digit == digit_) return;
  digit_.swap(digit);
  changed_ = true;
  if (digit_.empty()) return;
  upload_grey(cropped_texture_, steps_.cropped);
  upload_grey(fitted_texture_, steps_.fitted);
  upload_grey(digit_texture_, steps_.digit);
}

}  // namespace latent::ui
