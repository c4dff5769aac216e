// line_plot (see line_plot.hpp).
#include "line_plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace latent::ui {

namespace {

struct Range {
  double lo = INFINITY, hi = -INFINITY;
  void add(double v) {
    if (std::isfinite(v)) { lo = std::min(lo, v); hi = std::max(hi, v); }
  }
  bool valid() const { return lo <= hi; }
};

// A tick step of 1, 2 or 5 x 10^k giving about `target` intervals.
double nice_step(double span, int target) {
  const double raw = span / std::max(1, target);
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / p;
  return (f < 1.5 ? 1.0 : f < 3.5 ? 2.0 : f < 7.5 ? 5.0 : 10.0) * p;
}

}  // namespace

int plots_per_row(int wanted) {
  const int fit = int(ImGui::GetContentRegionAvail().x / (ImGui::GetFontSize() * 16.0f));
  return std::clamp(fit, 1, std::max(1, wanted));
}

void format_count(char* out, int capacity, double v) {
  const double a = std::fabs(v);
  if (a >= 1e6) std::snprintf(out, size_t(capacity), "%.3gM", v / 1e6);
  else if (a >= 1e4) std::snprintf(out, size_t(capacity), "%.3gk", v / 1e3);
  else std::snprintf(out, size_t(capacity), "%.0f", v);
}

void line_plot(const char* id, const char* title, const std::vector<PlotLine>& lines, ImVec2 size,
               const char* help, const char* y_format, const char* x_unit) {
  if (!ImGui::IsRectVisible(size)) {  // scrolled out of view: only take the space
    ImGui::Dummy(size);
    return;
  }
  ImGui::PushID(id);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("plot", size);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p1(p0.x + size.x, p0.y + size.y);
  const float line_h = ImGui::GetTextLineHeight();
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text), dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  dl->AddRectFilled(p0, p1, IM_COL32(22, 25, 29, 255), 4.0f);

  // Title (left) and legend with the latest values (right).
  dl->AddText(ImVec2(p0.x + 8, p0.y + 4), text, title);
  const bool title_hovered = hovered && ImGui::GetIO().MousePos.y < p0.y + 4 + line_h;
  // The legend, with the latest values when they fit beside the title.
  const float title_end = p0.x + 8 + ImGui::CalcTextSize(title).x + 16;
  char labels[8][96];
  const size_t shown = std::min<size_t>(lines.size(), 8);
  float legend_w = 0;
  for (int pass = 0; pass < 2; ++pass) {
    legend_w = 0;
    for (size_t i = 0; i < shown; ++i) {
      const Series* s = lines[i].series;
      std::snprintf(labels[i], sizeof labels[i], "%s", lines[i].label);
      if (pass == 0 && s && !s->y.empty()) {
        char value[32];
        std::snprintf(value, sizeof value, y_format, double(s->y.back()));
        std::snprintf(labels[i], sizeof labels[i], "%s %s", lines[i].label, value);
      }
      legend_w += ImGui::CalcTextSize(labels[i]).x + 28;
    }
    if (p1.x - 8 - legend_w >= title_end) break;
  }
  // A legend that does not fit beside the title goes on a row of its own, under it.
  const bool own_row = p1.x - 8 - legend_w < title_end;
  const float legend_y = own_row ? p0.y + 4 + line_h + 2 : p0.y + 4;
  float lx = own_row ? p0.x + 8 : p1.x - 8 - legend_w + 12;
  for (size_t i = 0; i < shown; ++i) {
    const bool has = lines[i].series && !lines[i].series->y.empty();
    dl->AddLine(ImVec2(lx, legend_y + line_h * 0.5f), ImVec2(lx + 12, legend_y + line_h * 0.5f), lines[i].color, 3.0f);
    dl->AddText(ImVec2(lx + 16, legend_y), has ? text : dim, labels[i]);
    lx += ImGui::CalcTextSize(labels[i]).x + 28;
  }

  Range xr, yr;
  for (const auto& l : lines) {
    if (!l.series) continue;
    for (size_t i = 0; i < l.series->x.size(); ++i) {
      if (!std::isfinite(l.series->y[i])) continue;
      xr.add(l.series->x[i]);
      yr.add(l.series->y[i]);
    }
  }
  const float top = p0.y + line_h * (own_row ? 2.0f : 1.0f) + (own_row ? 12 : 10), bottom = p1.y - line_h - 6;
  if (!yr.valid() || bottom - top < 10) {
    const char* msg = "waiting for the first values (press Train)";
    const ImVec2 ts = ImGui::CalcTextSize(msg);
    dl->AddText(ImVec2(p0.x + (size.x - ts.x) * 0.5f, (top + bottom - ts.y) * 0.5f), dim, msg);
    if (title_hovered && help) ImGui::SetTooltip("%s", help);
    ImGui::PopID();
    return;
  }
  if (xr.hi - xr.lo < 1) { xr.hi = xr.lo + 1; }
  if (yr.hi - yr.lo < 1e-9 * std::max(1.0, std::fabs(yr.hi))) { yr.lo -= 0.5; yr.hi += 0.5; }
  const double pad = (yr.hi - yr.lo) * 0.06;
  yr.lo -= pad;
  yr.hi += pad;

  // Y ticks decide the left margin.
  const double ystep = nice_step(yr.hi - yr.lo, std::max(2, int((bottom - top) / (line_h * 2.2f))));
  char buf[32];
  float margin = 0;
  for (double v = std::ceil(yr.lo / ystep) * ystep; v <= yr.hi; v += ystep) {
    std::snprintf(buf, sizeof buf, "%.4g", std::fabs(v) < ystep * 1e-6 ? 0.0 : v);
    margin = std::max(margin, ImGui::CalcTextSize(buf).x);
  }
  const float left = p0.x + margin + 14, right = p1.x - 10;
  auto sx = [&](double x) { return float(left + (x - xr.lo) / (xr.hi - xr.lo) * (right - left)); };
  auto sy = [&](double y) { return float(bottom - (y - yr.lo) / (yr.hi - yr.lo) * (bottom - top)); };
  const ImU32 grid = IM_COL32(255, 255, 255, 22);
  for (double v = std::ceil(yr.lo / ystep) * ystep; v <= yr.hi; v += ystep) {
    const float y = sy(v);
    dl->AddLine(ImVec2(left, y), ImVec2(right, y), grid);
    std::snprintf(buf, sizeof buf, "%.4g", std::fabs(v) < ystep * 1e-6 ? 0.0 : v);
    dl->AddText(ImVec2(left - 6 - ImGui::CalcTextSize(buf).x, y - line_h * 0.5f), dim, buf);
  }
  const char* xlabel = x_unit;
  const float xlabel_w = ImGui::CalcTextSize(xlabel).x;
  dl->AddText(ImVec2(right - xlabel_w, bottom + 3), dim, xlabel);
  const double xstep = std::max(1.0, nice_step(xr.hi - xr.lo, std::max(2, int((right - left) / 90))));
  for (double v = std::ceil(xr.lo / xstep) * xstep; v <= xr.hi; v += xstep) {
    const float x = sx(v);
    dl->AddLine(ImVec2(x, top), ImVec2(x, bottom), grid);
    format_count(buf, sizeof buf, v);
    const float w = ImGui::CalcTextSize(buf).x;
    const float tx = std::max(x - w * 0.5f, p0.x + 4);
    if (tx + w < right - xlabel_w - 8) dl->AddText(ImVec2(tx, bottom + 3), dim, buf);
  }
  dl->AddLine(ImVec2(left, bottom), ImVec2(right, bottom), IM_COL32(255, 255, 255, 70));

  // The lines: at most about one point per horizontal pixel.
  dl->PushClipRect(ImVec2(left - 1, top - 2), ImVec2(right + 1, bottom + 2), true);
  static std::vector<ImVec2> points;
  for (const auto& l : lines) {
    if (!l.series || l.series->x.empty()) continue;
    const size_t n = l.series->x.size();
    const size_t stride = std::max<size_t>(1, n / size_t(std::max(1.0f, right - left)));
    points.clear();
    for (size_t i = 0; i < n; i += stride) points.emplace_back(sx(l.series->x[i]), sy(l.series->y[i]));
    if ((n - 1) % stride != 0) points.emplace_back(sx(l.series->x[n - 1]), sy(l.series->y[n - 1]));
    if (points.size() == 1) dl->AddCircleFilled(points[0], 2.5f, l.color);
    else dl->AddPolyline(points.data(), int(points.size()), l.color, 0, 1.8f);
  }
  dl->PopClipRect();

  // Hover: a cursor and the values at the nearest update.
  const ImVec2 m = ImGui::GetIO().MousePos;
  if (title_hovered && help) {
    ImGui::SetTooltip("%s", help);
  } else if (hovered && m.x >= left && m.x <= right) {
    const double xv = xr.lo + (m.x - left) / (right - left) * (xr.hi - xr.lo);
    dl->AddLine(ImVec2(m.x, top), ImVec2(m.x, bottom), IM_COL32(255, 255, 255, 90));
    ImGui::BeginTooltip();
    format_count(buf, sizeof buf, xv);
    ImGui::TextDisabled("after %s %s", buf, x_unit);
    for (const auto& l : lines) {
      if (!l.series || l.series->x.empty()) continue;
      const auto& xs = l.series->x;
      size_t i = size_t(std::lower_bound(xs.begin(), xs.end(), float(xv)) - xs.begin());
      if (i == xs.size() || (i > 0 && xv - xs[i - 1] < xs[i] - xv)) i = i == 0 ? 0 : i - 1;
      dl->AddCircleFilled(ImVec2(sx(xs[i]), sy(l.series->y[i])), 3.5f, l.color);
      ImGui::ColorButton("##c", ImGui::ColorConvertU32ToFloat4(l.color),
                         ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_NoBorder, ImVec2(10, 10));
      ImGui::SameLine();
      char value[32];
      std::snprintf(value, sizeof value, y_format, double(l.series->y[i]));
      ImGui::Text("%s: %s", l.label, value);
    }
    ImGui::EndTooltip();
  }
  ImGui::PopID();
}

}  // namespace latent::ui
