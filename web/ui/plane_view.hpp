// plane_view: the 2-D GRBM lab's plane, drawn with ImDrawList from a grbm2d
// snapshot (grbm_session.hpp lists the buffers): the exact density as a heat map
// (a texture),
// the data points, the Gibbs chains' samples, every mixture component's mean as a
// circle whose area follows its weight, and W's columns as arrows from the
// visible bias. Clicks on the plane come back in plane coordinates.
#pragma once
#include <cstdint>
#include <vector>

#include <imgui.h>

#include "bridge.hpp"
#include "gl_texture.hpp"

namespace latent::ui {

struct PlaneLayers {
  bool density = true, data = true, samples = true, components = true, arrows = true;
};

struct PlaneClick {
  bool add = false, remove = false;  // left click adds; right click (or a left click in remove mode) removes
  float x = 0, y = 0;                // where, in plane coordinates
};

// The density buffer (G x G) as a heat-map texture of G x G texels, remade only when
// the buffer's contents are new (Buffer::serial) or the lost WebGL context was
// restored: one quad to draw, not G^2.
class DensityPicture {
 public:
  void draw(ImDrawList* dl, ImVec2 p0, float side, const Buffer& density);

 private:
  GlTexture texture_;
  std::vector<uint32_t> pixels_;
  long long serial_ = 0;
  bool blank_ = true;  // all zero (or not finite): nothing drawn
};

// A square plane of side `side` CSS px at the cursor. remove_mode: left clicks remove.
PlaneClick draw_plane(const ModelView& m, float side, const PlaneLayers& layers, bool remove_mode,
                      DensityPicture& density);

// The points buffer (2 x n) with one point added at (x, y), or the nearest point
// within `radius` removed; returns false when there was nothing to remove.
bool edit_points(const Buffer* points, const PlaneClick& click, float radius, std::vector<float>& out);

}  // namespace latent::ui
