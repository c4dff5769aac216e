// line_plot: metric curves drawn with ImDrawList: axes with "nice" ticks, a
// legend with each line's latest value, and a hover cursor reading off values.
// x = minibatch updates (LabState::history series).
#pragma once
#include <vector>

#include <imgui.h>

#include "bridge.hpp"

namespace latent::ui {

// Line colours (Okabe-Ito: distinguishable with colour-blindness).
constexpr ImU32 kLineBlue = IM_COL32(86, 180, 233, 255);
constexpr ImU32 kLineOrange = IM_COL32(230, 159, 0, 255);
constexpr ImU32 kLineGreen = IM_COL32(0, 190, 140, 255);
constexpr ImU32 kLinePink = IM_COL32(204, 121, 167, 255);

struct PlotLine {
  const char* label;
  const Series* series;  // may be null or empty: the line is listed but not drawn
  ImU32 color;
};

// Reserves size (CSS px) at the cursor. help: a one-line tooltip on the title.
// x_unit: what x counts (the axis' label and the hover's "after N <x_unit>").
void line_plot(const char* id, const char* title, const std::vector<PlotLine>& lines, ImVec2 size,
               const char* help = nullptr, const char* y_format = "%.4g", const char* x_unit = "updates");

// How many of `wanted` plots (or maps) go side by side: as many as keep each at
// least 16 lines of text wide (one on a phone).
int plots_per_row(int wanted);

// "950", "12.5k", "3.2M": compact counts for axis labels.
void format_count(char* out, int capacity, double value);

}  // namespace latent::ui
