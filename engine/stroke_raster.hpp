// stroke_raster: pen strokes made into a grey image with smooth, anti-aliased ink.
//
//   ink(p) = max over strokes s, over segments [a, b] of s of
//            clamp(r_s + 1/2 - dist(p, [a, b]), 0, 1)
//
// p is a pixel's centre (col + 1/2, row + 1/2); dist(p, [a, b]) is the distance
// to the nearest point of the segment, so each stroke is a chain of round-capped
// segments ("capsules") of radius r_s with a one-pixel ramp at their edge (the
// pixel's coverage, near enough). The maximum, not the sum: where strokes cross,
// ink stays at most 1. A stroke of one point is a dot.
//
// Bad input never gives NaN: points that are not finite are left out of their
// stroke (its neighbours join up), a stroke with a NaN radius draws nothing, the
// radius is clamped to [0, a quarter of the image's shorter side], and points
// outside the image are fine (segments are clipped to it before being drawn).
#pragma once
#include <cstddef>
#include <vector>

#include "digit_prep.hpp"

namespace latent {

struct Stroke {
  std::vector<float> xy;  // x0, y0, x1, y1, ...: x along a row (columns), y down (rows), in pixels
  float radius = 1;       // in pixels
};

// The largest radius drawn on an image of rows x cols pixels.
float max_stroke_radius(int rows, int cols);

// The strokes drawn on a blank rows x cols image.
GreyImage rasterise_strokes(const std::vector<Stroke>& strokes, int rows, int cols);

// Adds one stroke's ink to image (the maximum with what is there), from its point
// `first` on: only the segments ending at points first, first + 1, ... are drawn
// (first = 0: the whole stroke). Lets a stroke being drawn be inked as it grows.
void ink_stroke(GreyImage& image, const Stroke& stroke, size_t first = 0);

}  // namespace latent
