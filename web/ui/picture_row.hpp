// picture_row: pictures laid out side by side under their titles, captions below,
// as large as fits a height and shrunk until the line fits the width, so every
// grid keeps a whole number of device pixels per image pixel. Pictures that would
// shrink below a useful size go on the next line (a phone: one per line).
#pragma once
#include <functional>
#include <vector>

#include <imgui.h>

#include "image_grid.hpp"

namespace latent::ui {

struct Picture {
  const char* title;
  const char* caption;
  ImVec2 texels;                          // its size at one CSS px per texel
  std::function<void(float scale)> draw;  // draws it at scale CSS px per texel
};

// Each as large as fits max_h (and the width), in lines; within a line the most
// magnified (or widest) shrunk by one device pixel per texel at a time until it fits.
void picture_row(const std::vector<Picture>& row, float max_h);

// A grid's picture, with an enlarged tile in the tooltip of the hovered image
// ("<item_name> <index>").
Picture grid_picture(const char* title, const char* caption, const ImageGrid& grid, const char* id,
                     const char* item_name);

}  // namespace latent::ui
