// plane_view (see plane_view.hpp).
#include "plane_view.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "widgets.hpp"

namespace latent::ui {

namespace {

constexpr ImU32 kPointColor = IM_COL32(235, 238, 242, 210);
constexpr ImU32 kSampleColor = IM_COL32(230, 159, 0, 200);      // orange
constexpr ImU32 kComponentColor = IM_COL32(204, 121, 167, 255);  // pink
constexpr ImU32 kArrowColor = IM_COL32(86, 180, 233, 255);       // sky blue
constexpr ImU32 kGridColor = IM_COL32(255, 255, 255, 28);

// Plane <-> screen: the square [-h, h]^2 onto [p0, p0 + side]^2, y up.
struct Frame {
  ImVec2 p0;
  float side, half;
  ImVec2 to_screen(float x, float y) const {
    return ImVec2(p0.x + (x + half) / (2 * half) * side, p0.y + (half - y) / (2 * half) * side);
  }
  void to_plane(ImVec2 s, float& x, float& y) const {
    x = (s.x - p0.x) / side * 2 * half - half;
    y = half - (s.y - p0.y) / side * 2 * half;
  }
};

}  // namespace

void DensityPicture::draw(ImDrawList* dl, ImVec2 p0, float side, const Buffer& density) {
  const int G = density.rows;
  if (G <= 0 || density.cols != G) return;
  if (density.serial != serial_ || G != texture_.width() || texture_.stale()) {
    float top = 0;
    for (float v : density.data) top = std::max(top, std::isfinite(v) ? v : 0.0f);
    pixels_.assign(size_t(G) * size_t(G), 0);
    for (int j = 0; top > 0 && j < G; ++j) {    // x
      for (int i = 0; i < G; ++i) {             // y, upwards: texel row G - 1 - i
        const float v = density.data[size_t(j) * size_t(G) + size_t(i)];
        pixels_[size_t(G - 1 - i) * size_t(G) + size_t(j)] = heat_color(std::sqrt(std::max(0.0f, v) / top));  // sqrt: the tails stay visible
      }
    }
    texture_.upload(pixels_, G, G);
    serial_ = density.serial;
    blank_ = top <= 0;
  }
  if (!blank_) dl->AddImage(texture_.id(), p0, ImVec2(p0.x + side, p0.y + side));
}

namespace {

void draw_arrow(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 color, float thickness) {
  dl->AddLine(a, b, color, thickness);
  const float dx = b.x - a.x, dy = b.y - a.y, len = std::sqrt(dx * dx + dy * dy);
  if (len < 4) return;
  const float ux = dx / len, uy = dy / len, head = std::min(10.0f, len * 0.4f);
  dl->AddTriangleFilled(b, ImVec2(b.x - head * ux + 0.5f * head * uy, b.y - head * uy - 0.5f * head * ux),
                        ImVec2(b.x - head * ux - 0.5f * head * uy, b.y - head * uy + 0.5f * head * ux), color);
}

}  // namespace

PlaneClick draw_plane(const ModelView& m, float side, const PlaneLayers& layers, bool remove_mode,
                      DensityPicture& density) {
  PlaneClick click;
  const Json plane = m.snapshot.is_object() ? m.snapshot.value("plane", Json::object()) : Json::object();
  Frame f{ImGui::GetCursorScreenPos(), side, float(plane.value("half_width", 8.0))};
  ImGui::InvisibleButton("plane", ImVec2(side, side), ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(f.p0, ImVec2(f.p0.x + side, f.p0.y + side), true);
  dl->AddRectFilled(f.p0, ImVec2(f.p0.x + side, f.p0.y + side), IM_COL32(22, 25, 29, 255));
  if (layers.density) {
    if (const Buffer* d = m.buffer("density")) density.draw(dl, f.p0, side, *d);
  }
  for (int k = -int(f.half); k <= int(f.half); k += 2) {  // grid lines every 2 units
    dl->AddLine(f.to_screen(float(k), -f.half), f.to_screen(float(k), f.half), kGridColor);
    dl->AddLine(f.to_screen(-f.half, float(k)), f.to_screen(f.half, float(k)), kGridColor);
  }
  const float dot = std::max(1.5f, side / 260.0f);
  {
    const DotBatch dots(dl);
    const auto add = [&](const Buffer* b, ImU32 color) {
      if (b && b->rows == 2)
        for (int j = 0; j < b->cols; ++j) dots.add(f.to_screen(b->column(j)[0], b->column(j)[1]), dot, color);
    };
    if (layers.data) add(m.buffer("points"), kPointColor);
    if (layers.samples) add(m.buffer("samples"), kSampleColor);
  }
  const Buffer* means = m.buffer("component_means");
  const Buffer* weights = m.buffer("component_weights");
  const double min_weight = m.snapshot.is_object() ? m.snapshot.value("component_weight", 0.01) : 0.01;
  if (layers.components && means && weights && means->rows == 2 && weights->rows == means->cols) {
    const float big = side * 0.05f;
    for (int k = 0; k < means->cols; ++k) {
      const float w = weights->data[size_t(k)];
      const ImVec2 c = f.to_screen(means->column(k)[0], means->column(k)[1]);
      const float r = std::max(2.0f, big * std::sqrt(std::max(0.0f, w)));  // area follows the weight
      if (w >= min_weight) dl->AddCircle(c, r, kComponentColor, 24, 2.0f);
      else dl->AddCircle(c, 2.0f, IM_COL32(204, 121, 167, 110), 8, 1.0f);
    }
  }
  const Buffer* W = m.buffer("W");
  const Buffer* bias = m.buffer("visible_bias");
  if (layers.arrows && W && bias && W->rows == 2 && bias->rows == 2) {
    const ImVec2 a = f.to_screen(bias->data[0], bias->data[1]);
    for (int j = 0; j < W->cols; ++j) {
      const ImVec2 b = f.to_screen(bias->data[0] + W->column(j)[0], bias->data[1] + W->column(j)[1]);
      draw_arrow(dl, a, b, kArrowColor, 2.0f);
      char label[8];
      std::snprintf(label, sizeof label, "w%d", j + 1);
      dl->AddText(ImVec2(b.x + 4, b.y - 6), kArrowColor, label);
    }
    dl->AddCircleFilled(a, 4.0f, kArrowColor, 12);
    dl->AddText(ImVec2(a.x + 5, a.y + 2), kArrowColor, "a");
  }
  dl->PopClipRect();

  if (hovered) {
    float x = 0, y = 0;
    f.to_plane(ImGui::GetIO().MousePos, x, y);
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) (remove_mode ? click.remove : click.add) = true;
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Right)) click.remove = true;
    click.x = x;
    click.y = y;
    ImGui::SetTooltip("(%.2f, %.2f)\n%s", x, y,
                      remove_mode ? "click: remove the nearest point" : "click: add a point; right-click: remove one");
  }
  return click;
}

bool edit_points(const Buffer* points, const PlaneClick& click, float radius, std::vector<float>& out) {
  out.clear();
  if (points && points->rows == 2) out.assign(points->data.begin(), points->data.end());
  if (click.add) {
    out.push_back(click.x);
    out.push_back(click.y);
    return true;
  }
  int nearest = -1;
  float best = radius * radius;
  for (size_t j = 0; j + 1 < out.size(); j += 2) {
    const float dx = out[j] - click.x, dy = out[j + 1] - click.y, d2 = dx * dx + dy * dy;
    if (d2 <= best) { best = d2; nearest = int(j); }
  }
  if (nearest < 0) return false;
  out.erase(out.begin() + nearest, out.begin() + nearest + 2);
  return true;
}

}  // namespace latent::ui
