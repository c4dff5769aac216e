// image_grid: a snapshot buffer of images (one per column, e.g. 784 x 100 filters)
// tiled into one GL texture and drawn with crisp, integer-per-device-pixel scaling.
// The texture is rebuilt only when the snapshot version (or the look) changes, and then
// only if the buffer's contents are new (Buffer::serial: a snapshot can keep a buffer);
// after a lost WebGL context is restored, update() uploads the kept pixels again. A
// right click on a grid offers it as a PNG download ("Save this picture").
#pragma once
#include <cstdint>
#include <vector>

#include <imgui.h>

#include "bridge.hpp"
#include "gl_texture.hpp"

namespace latent::ui {

enum class Colormap { Grey, Diverging };  // Diverging: blue < 0 < red, white at 0
enum class Scaling {
  Unit,               // values are grey levels/probabilities in [0,1]
  PerTileSymmetric,   // each image divided by its own max |x|: 0 stays in the middle
  PerTileMax,         // non-negative images, each divided by its own maximum
};

struct GridLook {
  Colormap colormap = Colormap::Grey;
  Scaling scaling = Scaling::Unit;
  int columns = 0;  // tiles per row; 0 = about square
  bool operator==(const GridLook& o) const {
    return colormap == o.colormap && scaling == o.scaling && columns == o.columns;
  }
};

struct GridHit {
  int hovered = -1;  // tile under the mouse, or -1
  int clicked = -1;  // tile clicked this frame, or -1
};

class ImageGrid {
 public:
  // Re-tiles and uploads when version or look differ from the last upload, unless the
  // buffer is the one tiled then (the same Buffer::serial, image size and max_items).
  // buffer == nullptr empties the grid. max_items < 0: all columns.
  void update(const Buffer* buffer, int version, int image_rows, int image_cols, const GridLook& look,
              int max_items = -1);
  int count() const { return count_; }
  bool empty() const { return count_ == 0 || texture_.empty(); }

  // The grid's size in texels (images plus one-texel gaps): its CSS size at scale 1.
  ImVec2 texels() const;
  // Draws the grid at scale CSS px per texel (or a dim placeholder of that size
  // when empty). highlight: a tile to outline.
  GridHit draw(const char* id, float scale, int highlight = -1) const;
  // One tile at size x size CSS px (e.g. in a tooltip).
  void draw_tile(int index, float size) const;

 private:
  GlTexture texture_;
  std::vector<uint32_t> pixels_;
  int version_ = -1;
  long long serial_ = 0;  // the Buffer::serial tiled (0: none)
  int max_items_ = -1;
  GridLook look_;
  int count_ = 0, columns_ = 1, rows_ = 1, image_rows_ = 28, image_cols_ = 28;
};

// The largest scale (CSS px per texel) at which texels fit in max_w x max_h, at most
// max_scale, snapped to whole device pixels per texel when it is at least one.
float crisp_fit(ImVec2 texels, float max_w, float max_h, float max_scale = 8.0f);
// The next smaller crisp scale than `scale` (one device pixel per texel less).
float crisp_smaller(float scale);

// Value -> colour (0xAABBGGRR). Grey: t in [0,1]; Diverging: t in [-1,1].
uint32_t colormap_grey(float t);
uint32_t colormap_diverging(float t);

}  // namespace latent::ui
