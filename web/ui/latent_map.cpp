// latent_map (see latent_map.hpp).
#include "latent_map.hpp"

#include <algorithm>
#include <cmath>

namespace latent::ui {

ImU32 label_color(int label, int alpha) {
  static const int rgb[10][3] = {{230, 159, 0},  {86, 180, 233}, {0, 158, 115},  {240, 228, 66},  {0, 114, 178},
                                 {213, 94, 0},   {204, 121, 167}, {180, 180, 180}, {120, 200, 90}, {255, 120, 120}};
  const int* c = rgb[std::clamp(label, 0, 9)];
  return IM_COL32(c[0], c[1], c[2], alpha);
}

bool draw_latent_map(const ModelView& m, float side, const LatentMapLook& look, ImVec2& clicked) {
  const Buffer* map = m.buffer("map");
  const Buffer* cov = m.buffer("map_cov");
  const Buffer* labels = m.buffer("map_labels");
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("latent_map", ImVec2(side, side));
  const bool hovered = ImGui::IsItemHovered(), pressed = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(p0, ImVec2(p0.x + side, p0.y + side), true);
  dl->AddRectFilled(p0, ImVec2(p0.x + side, p0.y + side), IM_COL32(22, 25, 29, 255));
  if (!map || map->rows != 2 || map->cols == 0) {
    dl->PopClipRect();
    return false;
  }
  // The view: a square around the points (at least [-3, 3]^2), centred on 0.
  float half = 3.0f;
  for (int j = 0; j < map->cols; ++j) {
    const float* p = map->column(j);
    if (std::isfinite(p[0]) && std::isfinite(p[1])) half = std::max({half, std::fabs(p[0]), std::fabs(p[1])});
  }
  half *= 1.05f;
  auto to_screen = [&](float x, float y) {
    return ImVec2(p0.x + (x + half) / (2 * half) * side, p0.y + (half - y) / (2 * half) * side);
  };
  for (int k = -int(half); k <= int(half); ++k) {  // grid lines at whole units, the axes brighter
    const ImU32 c = k == 0 ? IM_COL32(255, 255, 255, 60) : IM_COL32(255, 255, 255, 18);
    dl->AddLine(to_screen(float(k), -half), to_screen(float(k), half), c);
    dl->AddLine(to_screen(-half, float(k)), to_screen(half, float(k)), c);
  }
  const bool with_cov = cov && cov->rows == 3 && cov->cols == map->cols;
  auto label_of = [&](int j) { return labels && j < labels->rows ? int(labels->data[size_t(j)]) : 0; };
  if (look.ellipses && with_cov) {
    for (int j = 0; j < std::min(map->cols, look.ellipse_digits); ++j) {
      const float* c = cov->column(j);
      // Axes of the 2x2 covariance [[a, b], [b, d]]: its eigenvalues and eigenvectors.
      const float a = c[0], d = c[1], b = c[2];
      const float mid = 0.5f * (a + d), r = std::sqrt(std::max(0.0f, 0.25f * (a - d) * (a - d) + b * b));
      const float l1 = std::sqrt(std::max(0.0f, mid + r)), l2 = std::sqrt(std::max(0.0f, mid - r));
      const float angle = 0.5f * std::atan2(2 * b, a - d);
      const float* p = map->column(j);
      ImVec2 pts[24];
      for (int s = 0; s < 24; ++s) {
        const float t = 6.2831853f * float(s) / 24.0f, u = l1 * std::cos(t), v = l2 * std::sin(t);
        pts[s] = to_screen(p[0] + u * std::cos(angle) - v * std::sin(angle), p[1] + u * std::sin(angle) + v * std::cos(angle));
      }
      dl->AddPolyline(pts, 24, label_color(label_of(j), 70), ImDrawFlags_Closed, 1.0f);
    }
  }
  int nearest = -1;
  float best = 64.0f;  // px^2
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const float dot = std::max(1.5f, side / 300.0f);
  for (int j = 0; j < map->cols; ++j) {
    const ImVec2 s = to_screen(map->column(j)[0], map->column(j)[1]);
    dl->AddCircleFilled(s, dot, label_color(label_of(j), 220), 8);
    const float dx = s.x - mouse.x, dy = s.y - mouse.y;
    if (hovered && dx * dx + dy * dy < best) { best = dx * dx + dy * dy; nearest = j; }
  }
  if (m.buffer("decoded") && m.snapshot.contains("decoded")) {
    const Json& p = m.snapshot["decoded"]["point"];
    if (p.is_array() && p.size() == 2) {
      const ImVec2 s = to_screen(p[0].get<float>(), p[1].get<float>());
      dl->AddCircle(s, 7.0f, IM_COL32(255, 255, 255, 230), 16, 2.0f);
    }
  }
  dl->PopClipRect();
  const float mx = (mouse.x - p0.x) / side * 2 * half - half, my = half - (mouse.y - p0.y) / side * 2 * half;
  if (hovered) {
    if (nearest >= 0) ImGui::SetTooltip("test digit #%d, a %d\nclick to decode (%.2f, %.2f)", nearest, label_of(nearest), mx, my);
    else ImGui::SetTooltip("(%.2f, %.2f): click to decode", mx, my);
  }
  if (pressed) clicked = ImVec2(mx, my);
  return pressed;
}

}  // namespace latent::ui
