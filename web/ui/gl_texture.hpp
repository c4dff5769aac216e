// gl_texture: one RGBA8 texture for ImGui::Image (GLES 3.0 = WebGL2), sampled
// with GL_NEAREST so pixel art stays crisp. The only GL the panels use.
#pragma once
#include <cstdint>
#include <vector>

#include <imgui.h>

namespace latent::ui {

class GlTexture {
 public:
  GlTexture() = default;
  GlTexture(const GlTexture&) = delete;
  GlTexture& operator=(const GlTexture&) = delete;
  ~GlTexture();

  // pixels: width x height, row-major, 0xAABBGGRR (ImGui's IM_COL32 byte order).
  void upload(const std::vector<uint32_t>& pixels, int width, int height);
  bool empty() const { return id_ == 0; }
  ImTextureID id() const { return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(id_)); }
  int width() const { return width_; }
  int height() const { return height_; }
  // Uploads so far, by every texture: the frame loop (main.cpp) redraws the canvas when
  // this changed, since new pixels under the same texture leave ImGui's draw lists as
  // they were. The one count the UI keeps outside its panels.
  static long long upload_count() { return uploads_; }

 private:
  unsigned id_ = 0;
  int width_ = 0, height_ = 0;
  static inline long long uploads_ = 0;
};

}  // namespace latent::ui
