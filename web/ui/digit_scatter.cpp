// digit_scatter (see digit_scatter.hpp).
#include "digit_scatter.hpp"

#include <algorithm>
#include <cmath>

#include "widgets.hpp"

namespace latent::ui {

ImU32 label_color(int label, int alpha) {
  static const int rgb[10][3] = {{230, 159, 0},  {86, 180, 233}, {0, 158, 115},  {240, 228, 66},  {0, 114, 178},
                                 {213, 94, 0},   {204, 121, 167}, {180, 180, 180}, {120, 200, 90}, {255, 120, 120}};
  const int* c = rgb[std::clamp(label, 0, 9)];
  return IM_COL32(c[0], c[1], c[2], alpha);
}

int label_at(const Buffer* labels, int j) {
  return labels && j >= 0 && j < labels->rows * labels->cols ? int(labels->data[size_t(j)]) : 0;
}

namespace {

// The square around the points: centred on 0 and at least min_half (centred), else
// around their bounding box.
ScatterView fit_view(const Buffer& points, ImVec2 origin, float side, const ScatterLook& look) {
  ScatterView v;
  v.origin = origin;
  v.side = side;
  float lo[2] = {1e30f, 1e30f}, hi[2] = {-1e30f, -1e30f};
  for (int j = 0; j < points.cols; ++j) {
    const float* p = points.column(j);
    if (!std::isfinite(p[0]) || !std::isfinite(p[1])) continue;
    for (int d = 0; d < 2; ++d) {
      lo[d] = std::min(lo[d], p[d]);
      hi[d] = std::max(hi[d], p[d]);
    }
  }
  if (lo[0] > hi[0]) lo[0] = lo[1] = -1, hi[0] = hi[1] = 1;  // no finite point
  if (look.centred) {
    v.half = std::max({look.min_half, std::fabs(lo[0]), std::fabs(lo[1]), hi[0], hi[1]}) * 1.05f;
  } else {
    v.cx = 0.5f * (lo[0] + hi[0]);
    v.cy = 0.5f * (lo[1] + hi[1]);
    v.half = std::max({0.5f * (hi[0] - lo[0]), 0.5f * (hi[1] - lo[1]), 1e-6f}) * 1.08f;
  }
  return v;
}

}  // namespace

ScatterHit draw_digit_scatter(const char* id, const Buffer* points, float side, const ScatterLook& look) {
  ScatterHit hit;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, ImVec2(side, side));
  const bool hovered = ImGui::IsItemHovered();
  hit.clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(p0, ImVec2(p0.x + side, p0.y + side), true);
  dl->AddRectFilled(p0, ImVec2(p0.x + side, p0.y + side), IM_COL32(22, 25, 29, 255));
  if (!points || points->rows != 2 || points->cols == 0) {
    dl->PopClipRect();
    hit.clicked = false;
    return hit;
  }
  const ScatterView view = fit_view(*points, p0, side, look);
  if (look.centred) {
    for (int k = -int(view.half); k <= int(view.half); ++k) {  // whole units, the axes brighter
      const ImU32 c = k == 0 ? IM_COL32(255, 255, 255, 60) : IM_COL32(255, 255, 255, 18);
      dl->AddLine(view.to_screen(float(k), -view.half), view.to_screen(float(k), view.half), c);
      dl->AddLine(view.to_screen(-view.half, float(k)), view.to_screen(view.half, float(k)), c);
    }
  }
  if (look.under) look.under(view, dl);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const float dot = std::max(1.5f, side / 300.0f);
  float best = 64.0f;  // px^2
  {
    const DotBatch dots(dl);
    for (int j = 0; j < points->cols; ++j) {
      const ImVec2 s = view.to_screen(points->column(j)[0], points->column(j)[1]);
      dots.add(s, dot, label_color(label_at(look.labels, j), 220));
      const float dx = s.x - mouse.x, dy = s.y - mouse.y;
      if (hovered && dx * dx + dy * dy < best) {
        best = dx * dx + dy * dy;
        hit.hovered = j;
      }
    }
  }
  if (look.over) look.over(view, dl);
  dl->PopClipRect();
  hit.mouse_in = hovered;
  hit.point = view.to_data(mouse);
  return hit;
}

void draw_covariance_ellipse(const ScatterView& view, ImDrawList* dl, float x, float y, const float* cov, ImU32 color,
                             float thickness) {
  // Axes of the 2x2 covariance [[a, b], [b, d]]: its eigenvalues and eigenvectors.
  const float a = cov[0], d = cov[1], b = cov[2];
  const float mid = 0.5f * (a + d), r = std::sqrt(std::max(0.0f, 0.25f * (a - d) * (a - d) + b * b));
  const float l1 = std::sqrt(std::max(0.0f, mid + r)), l2 = std::sqrt(std::max(0.0f, mid - r));
  const float angle = 0.5f * std::atan2(2 * b, a - d);
  // Segments by the ellipse's size on screen, for a chord at most ~0.3 px from the arc
  // (about 4.1 sqrt(r) segments for a semi-axis of r px): hundreds of ellipses are drawn
  // on a map, and most are a few pixels across.
  constexpr int kMaxSegments = 24;
  const float semi_axis_px = l1 * view.side / (2 * view.half);
  const int n = std::clamp(int(std::ceil(4.1f * std::sqrt(semi_axis_px))), 8, kMaxSegments);
  ImVec2 pts[kMaxSegments];
  for (int k = 0; k < n; ++k) {
    const float t = 6.2831853f * float(k) / float(n), u = l1 * std::cos(t), v = l2 * std::sin(t);
    pts[k] = view.to_screen(x + u * std::cos(angle) - v * std::sin(angle), y + u * std::sin(angle) + v * std::cos(angle));
  }
  dl->AddPolyline(pts, n, color, ImDrawFlags_Closed, thickness);
}

void label_legend(const LabState& lab) {
  for (int label = 0; label < 10; ++label) {
    const char* name = class_name(lab, label);
    if (label > 0) same_line_if_fits(ImGui::CalcTextSize(name).x + 4.0f);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(label_color(label)), "%s", name);
  }
}

}  // namespace latent::ui
