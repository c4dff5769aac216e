// image_grid (see image_grid.hpp).
#include "image_grid.hpp"

#include <algorithm>
#include <cmath>

#include "page_glue.hpp"
#include "widgets.hpp"

namespace latent::ui {

namespace {

constexpr uint32_t kGap = IM_COL32(24, 27, 31, 255);  // between tiles (one texel)

uint8_t byte(float t) { return uint8_t(std::lround(std::clamp(t, 0.0f, 1.0f) * 255.0f)); }
uint32_t rgb(float r, float g, float b) { return IM_COL32(byte(r), byte(g), byte(b), 255); }

float device_pixel_ratio() { return std::max(1.0f, ImGui::GetIO().DisplayFramebufferScale.x); }

}  // namespace

float crisp_fit(ImVec2 texels, float max_w, float max_h, float max_scale) {
  const float scale = std::max(0.05f, std::min({max_w / texels.x, max_h / texels.y, max_scale}));
  const float dpr = device_pixel_ratio(), device = scale * dpr;
  return device >= 1.0f ? std::floor(device + 1e-3f) / dpr : scale;
}

float crisp_smaller(float scale) {
  const float dpr = device_pixel_ratio(), device = std::floor(scale * dpr + 1e-3f);
  return device >= 2.0f ? (device - 1.0f) / dpr : scale * 0.8f;
}

uint32_t colormap_grey(float t) { return rgb(t, t, t); }

uint32_t colormap_diverging(float t) {
  t = std::clamp(t, -1.0f, 1.0f);
  // white at 0, towards a saturated blue (< 0) or red (> 0)
  if (t < 0) return rgb(1.0f + t * 0.87f, 1.0f + t * 0.62f, 1.0f + t * 0.25f);
  return rgb(1.0f - t * 0.16f, 1.0f - t * 0.82f, 1.0f - t * 0.80f);
}

void ImageGrid::update(const Buffer* buffer, int version, int image_rows, int image_cols, const GridLook& look,
                       int max_items) {
  if (look == look_ && (version == version_ || (buffer && buffer->serial == serial_ && image_rows == image_rows_ &&
                                                  image_cols == image_cols_ && max_items == max_items_))) {
    version_ = version;
    // the same pictures; the context was lost and restored (gl_texture.hpp): again
    if (texture_.stale() && count_ > 0) texture_.upload(pixels_, texture_.width(), texture_.height());
    return;
  }
  version_ = version;
  serial_ = buffer ? buffer->serial : 0;
  max_items_ = max_items;
  look_ = look;
  const int pixels_per_image = image_rows * image_cols;
  if (buffer == nullptr || pixels_per_image <= 0 || buffer->rows != pixels_per_image || buffer->cols <= 0) {
    count_ = 0;
    return;
  }
  count_ = max_items < 0 ? buffer->cols : std::min(buffer->cols, max_items);
  image_rows_ = image_rows;
  image_cols_ = image_cols;
  columns_ = look.columns > 0 ? std::min(look.columns, count_) : int(std::ceil(std::sqrt(double(count_))));
  rows_ = (count_ + columns_ - 1) / columns_;
  const int width = columns_ * (image_cols + 1) + 1, height = rows_ * (image_rows + 1) + 1;
  pixels_.assign(size_t(width) * size_t(height), kGap);
  for (int k = 0; k < count_; ++k) {
    const float* x = buffer->column(k);
    float scale = 1.0f;
    if (look.scaling != Scaling::Unit) {
      float m = 0.0f;
      for (int i = 0; i < pixels_per_image; ++i) m = std::max(m, std::fabs(x[i]));
      scale = m > 0.0f ? 1.0f / m : 0.0f;
    }
    const int x0 = 1 + (k % columns_) * (image_cols + 1), y0 = 1 + (k / columns_) * (image_rows + 1);
    for (int r = 0; r < image_rows; ++r) {
      uint32_t* row = &pixels_[size_t(y0 + r) * size_t(width) + size_t(x0)];
      for (int c = 0; c < image_cols; ++c) {
        const float v = x[r * image_cols + c];
        if (look.scaling != Scaling::PerTileSymmetric) {
          const float u = look.scaling == Scaling::Unit ? v : v * scale;  // in [0, 1]
          row[c] = look.colormap == Colormap::Grey ? colormap_grey(u) : colormap_diverging(2.0f * u - 1.0f);
        } else {
          const float t = v * scale;  // in [-1, 1]
          row[c] = look.colormap == Colormap::Grey ? colormap_grey(0.5f + 0.5f * t) : colormap_diverging(t);
        }
      }
    }
  }
  texture_.upload(pixels_, width, height);
}

ImVec2 ImageGrid::texels() const {
  return ImVec2(float(columns_ * (image_cols_ + 1) + 1), float(rows_ * (image_rows_ + 1) + 1));
}

GridHit ImageGrid::draw(const char* id, float scale, int highlight) const {
  GridHit hit;
  const ImVec2 t = texels(), size(t.x * scale, t.y * scale);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, size);
  mark_item(id);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (empty()) {
    dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), IM_COL32(30, 33, 38, 255), 3.0f);
    const char* text = "no picture yet";
    const ImVec2 ts = ImGui::CalcTextSize(text);
    dl->AddText(ImVec2(p0.x + (size.x - ts.x) * 0.5f, p0.y + (size.y - ts.y) * 0.5f),
                ImGui::GetColorU32(ImGuiCol_TextDisabled), text);
    return hit;
  }
  dl->AddImage(texture_.id(), p0, ImVec2(p0.x + size.x, p0.y + size.y));
  const float cell_w = size.x / float(columns_ * (image_cols_ + 1) + 1) * float(image_cols_ + 1);
  const float cell_h = size.y / float(rows_ * (image_rows_ + 1) + 1) * float(image_rows_ + 1);
  auto outline = [&](int k, ImU32 color) {
    const ImVec2 a(p0.x + float(k % columns_) * cell_w, p0.y + float(k / columns_) * cell_h);
    dl->AddRect(a, ImVec2(a.x + cell_w + 1, a.y + cell_h + 1), color, 0.0f, 0, 2.0f);
  };
  if (highlight >= 0 && highlight < count_) outline(highlight, IM_COL32(255, 170, 60, 255));
  if (ImGui::BeginPopupContextItem(id)) {  // a right click: the picture out, as a PNG
    if (ImGui::MenuItem("Save this picture (PNG)")) save_png(std::string(id) + ".png", pixels_, int(t.x), int(t.y));
    mark_item("save picture");
    ImGui::EndPopup();
  }
  if (ImGui::IsItemHovered()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const int c = int((m.x - p0.x) / cell_w), r = int((m.y - p0.y) / cell_h);
    const int k = r * columns_ + c;
    if (c >= 0 && c < columns_ && r >= 0 && k < count_) {
      hit.hovered = k;
      outline(k, IM_COL32(120, 200, 255, 255));
      if (ImGui::IsItemClicked()) hit.clicked = k;
    }
  }
  return hit;
}

void ImageGrid::draw_tile(int index, float size) const {
  if (empty() || index < 0 || index >= count_) return;
  const float tw = float(texture_.width()), th = float(texture_.height());
  const float x0 = float(1 + (index % columns_) * (image_cols_ + 1));
  const float y0 = float(1 + (index / columns_) * (image_rows_ + 1));
  ImGui::Image(texture_.id(), ImVec2(size, size * float(image_rows_) / float(image_cols_)),
               ImVec2(x0 / tw, y0 / th), ImVec2((x0 + float(image_cols_)) / tw, (y0 + float(image_rows_)) / th));
}

}  // namespace latent::ui
