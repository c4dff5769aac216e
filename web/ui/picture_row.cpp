// picture_row (see picture_row.hpp).
#include "picture_row.hpp"

#include <algorithm>

namespace latent::ui {

namespace {

// Shrinks the most magnified (then the widest) of the pictures `line` picks, one
// device pixel per texel at a time, until they fit `avail`; then draws them.
void draw_line(const std::vector<Picture>& row, const std::vector<size_t>& line, std::vector<float>& scale,
               float avail, float spacing) {
  for (int guard = 0; guard < 64; ++guard) {
    float total = spacing * float(line.size() - 1);
    size_t pick = line.front();
    for (const size_t i : line) {
      total += row[i].texels.x * scale[i];
      const float wi = row[i].texels.x * scale[i], wp = row[pick].texels.x * scale[pick];
      if (scale[i] > scale[pick] + 1e-3f || (scale[i] > scale[pick] - 1e-3f && wi > wp)) pick = i;
    }
    if (total <= avail) break;
    scale[pick] = crisp_smaller(scale[pick]);
  }
  for (const size_t i : line) {
    if (i != line.front()) ImGui::SameLine(0, spacing);
    const float w = std::max(row[i].texels.x * scale[i], ImGui::GetFontSize() * 10.0f);
    ImGui::BeginGroup();
    ImGui::TextUnformatted(row[i].title);
    row[i].draw(scale[i]);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
    ImGui::TextDisabled("%s", row[i].caption);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
  }
}

}  // namespace

void picture_row(const std::vector<Picture>& row, float max_h) {
  if (row.empty()) return;
  const float spacing = ImGui::GetStyle().ItemSpacing.x * 2.0f;
  const float avail = ImGui::GetContentRegionAvail().x;
  std::vector<float> scale;
  for (const auto& p : row) scale.push_back(crisp_fit(p.texels, avail, max_h, 6.0f));
  // Lines: a picture starts a new one when, shrunk to its smallest useful width,
  // it does not fit beside the ones before.
  const float smallest = ImGui::GetFontSize() * 14.0f;
  std::vector<size_t> line;
  float used = 0;
  for (size_t i = 0; i < row.size(); ++i) {
    const float w = std::min(row[i].texels.x * scale[i], smallest);
    if (!line.empty() && used + spacing + w > avail) {
      draw_line(row, line, scale, avail, spacing);
      line.clear();
      used = 0;
    }
    used += (line.empty() ? 0.0f : spacing) + w;
    line.push_back(i);
  }
  draw_line(row, line, scale, avail, spacing);
}

Picture grid_picture(const char* title, const char* caption, const ImageGrid& grid, const char* id,
                     const char* item_name) {
  return {title, caption, grid.texels(), [&grid, id, item_name](float scale) {
            const GridHit hit = grid.draw(id, scale);
            if (hit.hovered >= 0) {
              ImGui::BeginTooltip();
              ImGui::Text("%s %d", item_name, hit.hovered);
              grid.draw_tile(hit.hovered, 112.0f);
              ImGui::EndTooltip();
            }
          }};
}

}  // namespace latent::ui
