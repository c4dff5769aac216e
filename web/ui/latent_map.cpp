// latent_map (see latent_map.hpp): digit_scatter with the q(z|x) ellipses under the
// dots and the decoded point over them.
#include "latent_map.hpp"

#include <algorithm>
#include <cmath>

#include "digit_scatter.hpp"

namespace latent::ui {

bool draw_latent_map(const ModelView& m, float side, const LatentMapLook& look, ImVec2& clicked) {
  const Buffer* map = m.buffer("map");
  const Buffer* cov = m.buffer("map_cov");
  ScatterLook s;
  s.centred = true;
  s.min_half = 3.0f;
  s.labels = m.buffer("map_labels");
  const bool with_cov = map && cov && cov->rows == 3 && cov->cols == map->cols;
  if (look.ellipses && with_cov) {
    s.under = [&](const ScatterView& view, ImDrawList* dl) {
      for (int j = 0; j < std::min(map->cols, look.ellipse_digits); ++j) {
        draw_covariance_ellipse(view, dl, map->column(j)[0], map->column(j)[1], cov->column(j),
                                label_color(label_at(s.labels, j), 70), 1.0f);
      }
    };
  }
  const Json* decoded = m.buffer("decoded") && m.snapshot.contains("decoded") ? &m.snapshot["decoded"]["point"] : nullptr;
  if (decoded && decoded->is_array() && decoded->size() == 2) {
    s.over = [&](const ScatterView& view, ImDrawList* dl) {
      dl->AddCircle(view.to_screen((*decoded)[0].get<float>(), (*decoded)[1].get<float>()), 7.0f,
                    IM_COL32(255, 255, 255, 230), 16, 2.0f);
    };
  }
  const ScatterHit hit = draw_digit_scatter("latent_map", map, side, s);
  if (hit.mouse_in) {
    if (hit.hovered >= 0)
      ImGui::SetTooltip("test digit #%d, a %d\nclick to decode (%.2f, %.2f)", hit.hovered, label_at(s.labels, hit.hovered),
                        hit.point.x, hit.point.y);
    else
      ImGui::SetTooltip("(%.2f, %.2f): click to decode", hit.point.x, hit.point.y);
  }
  if (hit.clicked) clicked = hit.point;
  return hit.clicked;
}

}  // namespace latent::ui
