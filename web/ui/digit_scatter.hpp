// digit_scatter: a square scatter plot of test digits in two dimensions (a snapshot
// buffer 2 x N), each dot coloured by its label; the nearest dot to the mouse is
// reported, and a click gives the point under the mouse in the map's coordinates.
// Used by the VAE's latent map (latent_map.hpp) and the DBN page's three maps.
#pragma once
#include <functional>

#include <imgui.h>

#include "bridge.hpp"

namespace latent::ui {

// The map's square: data coordinates <-> screen.
struct ScatterView {
  ImVec2 origin;        // top-left corner on screen
  float side = 1;       // CSS px
  float cx = 0, cy = 0; // the data point at the centre
  float half = 1;       // half the side, in data units
  ImVec2 to_screen(float x, float y) const {
    return ImVec2(origin.x + (x - cx + half) / (2 * half) * side, origin.y + (cy + half - y) / (2 * half) * side);
  }
  ImVec2 to_data(ImVec2 s) const {
    return ImVec2(cx - half + (s.x - origin.x) / side * 2 * half, cy + half - (s.y - origin.y) / side * 2 * half);
  }
};

struct ScatterLook {
  bool centred = false;    // true: centred on 0, at least [-min_half, min_half]^2, grid lines at whole units
  float min_half = 0;      // (centred only)
  const Buffer* labels = nullptr;  // N x 1 (null: one colour)
  // Drawn under / over the dots (ellipses, markers), with the view.
  std::function<void(const ScatterView&, ImDrawList*)> under, over;
};

struct ScatterHit {
  int hovered = -1;       // the dot nearest the mouse (within 8 px), or -1
  bool mouse_in = false;  // the mouse is over the square
  bool clicked = false;   // left click this frame
  ImVec2 point;           // the mouse in data coordinates (when mouse_in)
};

// The square of side `side` CSS px at the cursor (an empty frame when points is null).
ScatterHit draw_digit_scatter(const char* id, const Buffer* points, float side, const ScatterLook& look);

// The one-standard-deviation ellipse of a 2-D Gaussian at (x, y) with covariance
// cov = {var_x, var_y, cov_xy} (a VAE's q(z|x) on its map).
void draw_covariance_ellipse(const ScatterView& view, ImDrawList* dl, float x, float y, const float* cov, ImU32 color,
                             float thickness);

// The colour of digit label 0..9 (a colour-blind-safe qualitative palette).
ImU32 label_color(int label, int alpha = 255);
// The ten labels in their colours on one line (wrapping as needed), named as the
// page's image set names them (0-9, or T-shirt/top ... ankle boot).
void label_legend(const LabState& lab);
int label_at(const Buffer* labels, int j);  // 0 when absent

}  // namespace latent::ui
