// stroke_raster (see stroke_raster.hpp): ink(p) = max over strokes and their
// segments [a, b] of clamp(r + 1/2 - dist(p, [a, b]), 0, 1), p a pixel's centre.
// Each segment visits only its bounding box, clipped to the image.
#include "stroke_raster.hpp"

#include <algorithm>
#include <cmath>

namespace latent {
namespace {

struct Point {
  double x = 0, y = 0;
};

// Cuts segment [a, b] down to its part inside the box [lo_x, hi_x] x [lo_y, hi_y]
// (Liang and Barsky's clipping); false when no part is inside. In double: exact to
// far below a pixel for points up to about 1e9 pixels off; points farther still
// give finite ends inside the box.
bool clip(Point& a, Point& b, double lo_x, double lo_y, double hi_x, double hi_y) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double towards[4] = {-dx, dx, -dy, dy};  // how fast each side's margin shrinks along the segment
  const double margin[4] = {a.x - lo_x, hi_x - a.x, a.y - lo_y, hi_y - a.y};
  double t0 = 0, t1 = 1;
  for (int i = 0; i < 4; ++i) {
    if (towards[i] == 0) {
      if (margin[i] < 0) return false;  // parallel to this side and outside it
      continue;
    }
    const double t = margin[i] / towards[i];
    if (towards[i] < 0) t0 = std::max(t0, t);
    else t1 = std::min(t1, t);
    if (t0 > t1) return false;
  }
  auto at = [&](double t) {
    return Point{std::clamp(a.x + t * dx, lo_x, hi_x), std::clamp(a.y + t * dy, lo_y, hi_y)};
  };
  const Point start = at(t0), end = at(t1);
  a = start;
  b = end;
  return true;
}

// One capsule: the segment [a, b] (a == b: a dot) of radius r, maxed into image.
void ink_capsule(GreyImage& image, Point a, Point b, float r) {
  const double reach = double(r) + 0.5;  // no ink beyond this distance
  if (!clip(a, b, -reach, -reach, image.cols + reach, image.rows + reach)) return;
  const int c0 = std::max(0, int(std::floor(std::min(a.x, b.x) - reach)));
  const int c1 = std::min(image.cols - 1, int(std::ceil(std::max(a.x, b.x) + reach)));
  const int r0 = std::max(0, int(std::floor(std::min(a.y, b.y) - reach)));
  const int r1 = std::min(image.rows - 1, int(std::ceil(std::max(a.y, b.y) + reach)));
  const float ax = float(a.x), ay = float(a.y), dx = float(b.x - a.x), dy = float(b.y - a.y);
  const float length2 = dx * dx + dy * dy, edge = float(reach);
  for (int row = r0; row <= r1; ++row) {
    const float py = float(row) + 0.5f - ay;
    float* line = image.pixels.data() + size_t(row) * size_t(image.cols);
    for (int col = c0; col <= c1; ++col) {
      const float px = float(col) + 0.5f - ax;
      const float t = length2 > 0 ? std::clamp((px * dx + py * dy) / length2, 0.0f, 1.0f) : 0.0f;
      const float ex = px - t * dx, ey = py - t * dy;
      const float ink = std::clamp(edge - std::sqrt(ex * ex + ey * ey), 0.0f, 1.0f);
      line[col] = std::max(line[col], ink);
    }
  }
}

bool finite_point(const Stroke& s, size_t i) { return std::isfinite(s.xy[2 * i]) && std::isfinite(s.xy[2 * i + 1]); }

}  // namespace

float max_stroke_radius(int rows, int cols) { return 0.25f * float(std::max(0, std::min(rows, cols))); }

void ink_stroke(GreyImage& image, const Stroke& stroke, size_t first) {
  if (image.rows <= 0 || image.cols <= 0 || image.pixels.size() != size_t(image.rows) * size_t(image.cols)) return;
  if (std::isnan(stroke.radius)) return;
  const float r = std::clamp(stroke.radius, 0.0f, max_stroke_radius(image.rows, image.cols));
  bool has_previous = false;
  Point previous;
  for (size_t i = 0; i < stroke.xy.size() / 2; ++i) {
    if (!finite_point(stroke, i)) continue;
    const Point p{stroke.xy[2 * i], stroke.xy[2 * i + 1]};
    if (i >= first) ink_capsule(image, has_previous ? previous : p, p, r);
    previous = p;
    has_previous = true;
  }
}

GreyImage rasterise_strokes(const std::vector<Stroke>& strokes, int rows, int cols) {
  GreyImage image;
  image.rows = std::max(0, rows);
  image.cols = std::max(0, cols);
  image.pixels.assign(size_t(image.rows) * size_t(image.cols), 0.0f);
  for (const Stroke& s : strokes) ink_stroke(image, s, 0);
  return image;
}

}  // namespace latent
