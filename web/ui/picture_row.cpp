// picture_row (see picture_row.hpp).
#include "picture_row.hpp"

#include <algorithm>

namespace latent::ui {

void picture_row(const std::vector<Picture>& row, float max_h) {
  const float spacing = ImGui::GetStyle().ItemSpacing.x * 2.0f;
  const float avail = ImGui::GetContentRegionAvail().x - spacing * float(row.size() - 1);
  std::vector<float> scale;
  for (const auto& p : row) scale.push_back(crisp_fit(p.texels, 1e6f, max_h, 6.0f));
  for (int guard = 0; guard < 64; ++guard) {
    float total = 0;
    size_t pick = 0;  // the most magnified, then the widest
    for (size_t i = 0; i < row.size(); ++i) {
      total += row[i].texels.x * scale[i];
      const float wi = row[i].texels.x * scale[i], wp = row[pick].texels.x * scale[pick];
      if (scale[i] > scale[pick] + 1e-3f || (scale[i] > scale[pick] - 1e-3f && wi > wp)) pick = i;
    }
    if (total <= avail) break;
    scale[pick] = crisp_smaller(scale[pick]);
  }
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) ImGui::SameLine(0, spacing);
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
