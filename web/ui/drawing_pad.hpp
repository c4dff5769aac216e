// drawing_pad: the "Draw a digit" pad. A square canvas of kPadSide x kPadSide pad
// pixels, scaled to fit the width it is given, that the student draws on with a
// mouse, a finger or a pen (SDL hands touch and pen to ImGui as the mouse); a
// brush size, Undo (the last stroke) and Clear. Strokes are kept in pad pixels,
// whatever the scale on screen; their ink (engine/stroke_raster) is redrawn as
// they grow and becomes, by the MNIST preprocessing (engine/digit_prep), the
// 28x28 digit the models see, shown beside the pad (below it when narrow), with
// "Show the steps": cropped, fitted into 20x20, placed in 28x28.
#pragma once
#include <string>
#include <vector>

#include <imgui.h>

#include "digit_prep.hpp"
#include "gl_texture.hpp"
#include "stroke_raster.hpp"

namespace latent::ui {

constexpr int kPadSide = 280;  // pad pixels (ten times MNIST's 28)

// Where something was drawn, in CSS px (for the browser tests' clicks).
struct ScreenBox {
  float x = 0, y = 0, w = 0, h = 0;
};
// The last ImGui item's box.
ScreenBox last_item_box();

// The width (CSS px) the pad takes with the digit beside it.
float pad_with_digit_width();

class DrawingPad {
 public:
  // Draws the pad, its controls and the digit at the cursor, in the available width.
  void draw();
  // The 28x28 digit changed this frame (drawn, undone or cleared).
  bool changed() const { return changed_; }
  // 784 values in [0, 1], row-major; empty when nothing is drawn.
  const std::vector<float>& digit() const { return digit_; }
  int strokes() const { return int(strokes_.size()); }
  // Where the canvas and the buttons were last drawn.
  ScreenBox canvas_box() const { return canvas_box_; }
  ScreenBox undo_box() const { return undo_box_; }
  ScreenBox clear_box() const { return clear_box_; }

 private:
  void draw_canvas(float side);
  void draw_controls(float side);
  void draw_digit(float side, float column);
  void draw_steps(float avail);
  void redraw_all_strokes();
  void update_digit();

  std::vector<Stroke> strokes_;
  size_t inked_points_ = 0;  // of the last stroke, already in ink_
  float brush_ = 12.0f;      // radius, pad pixels
  GreyImage ink_ = rasterise_strokes({}, kPadSide, kPadSide);
  bool ink_changed_ = true;
  DigitSteps steps_;
  std::string refusal_;  // why there is no digit although there are strokes
  std::vector<float> digit_;
  bool changed_ = false;
  bool show_steps_ = false;
  GlTexture ink_texture_, cropped_texture_, fitted_texture_, digit_texture_;
  ScreenBox canvas_box_, undo_box_, clear_box_;
};

}  // namespace latent::ui
