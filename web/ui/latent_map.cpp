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
        const float* c = cov->column(j);
        // Axes of the 2x2 covariance [[a, b], [b, d]]: its eigenvalues and eigenvectors.
        const float a = c[0], d = c[1], b = c[2];
        const float mid = 0.5f * (a + d), r = std::sqrt(std::max(0.0f, 0.25f * (a - d) * (a - d) + b * b));
        const float l1 = std::sqrt(std::max(0.0f, mid + r)), l2 = std::sqrt(std::max(0.0f, mid - r));
        const float angle = 0.5f * std::atan2(2 * b, a - d);
        const float* p = map->column(j);
        ImVec2 pts[24];
        for (int k = 0; k < 24; ++k) {
          const float t = 6.2831853f * float(k) / 24.0f, u = l1 * std::cos(t), v = l2 * std::sin(t);
          pts[k] = view.to_screen(p[0] + u * std::cos(angle) - v * std::sin(angle),
                                  p[1] + u * std::sin(angle) + v * std::cos(angle));
        }
        dl->AddPolyline(pts, 24, label_color(label_at(s.labels, j), 70), ImDrawFlags_Closed, 1.0f);
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
