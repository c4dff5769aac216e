// gl_texture: one RGBA8 texture for ImGui::Image (GLES 3.0 = WebGL2), sampled
// with GL_NEAREST so pixel art stays crisp. The only GL the panels use.
//
// A lost WebGL context takes every texture with it. While it is lost, upload()
// makes no GL call (it only notes the size); when the browser gives the context
// back, main.cpp starts a new graphics generation, and a texture made in an older
// one is stale: id() is 0 and its owner uploads its pixels again (each owner keeps
// them: ImageGrid, DensityPicture, DrawingPad).
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
  // Given pixels before the context was lost and restored: upload them again.
  bool stale() const { return made_in_ >= 0 && made_in_ != generation_; }
  ImTextureID id() const {
    return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(stale() ? 0u : id_));
  }
  int width() const { return width_; }
  int height() const { return height_; }
  // Uploads so far, by every texture: the frame loop (main.cpp) redraws the canvas when
  // this changed, since new pixels under the same texture leave ImGui's draw lists as
  // they were.
  static long long upload_count() { return uploads_; }
  // main.cpp, when the browser restored the lost context: every texture is stale.
  static void next_generation() { ++generation_; }

 private:
  unsigned id_ = 0;
  int width_ = 0, height_ = 0;
  int made_in_ = -1;  // the generation of the last upload (-1: none yet)
  // The two counts the UI keeps outside its panels.
  static inline long long uploads_ = 0;
  static inline int generation_ = 0;
};

}  // namespace latent::ui
