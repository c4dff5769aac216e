// digit_prep: a drawing made into a 28x28 digit as the MNIST set was made
// (LeCun, Cortes and Burges): the writer's digit, size-normalised to fit a 20x20
// box keeping its aspect ratio, anti-aliased, then placed in a 28x28 field with
// its centre of mass at the field's centre.
//
//   ink        pixels above kInkLevel; none: the drawing is refused as empty
//   crop       the ink's bounding box, at the drawing's resolution
//   fit        scale s = 20 / max(height, width) of the box; each output pixel is
//              the mean of the drawing over the square it covers (area averaging:
//              the anti-aliasing), the box's sides becoming round(s h) x round(s w)
//   centre     the centre of mass (r*, c*) = sum_p v_p (r_p, c_p) / sum_p v_p of the
//              fitted box, pixel centres at index + 0.5; the box goes into the 28x28
//              field shifted by whole pixels so that (r*, c*) lands nearest the
//              centre of pixel (14, 14), where MNIST puts it (the mean over the
//              first 2,000 test digits: 14.49, 14.50), but never past the field's
//              edge (no ink is cut off)
// Each step is kept (DigitSteps) so that a student can see why the digit looks
// different once shrunk.
#pragma once
#include <string>
#include <vector>

#include "status.hpp"

namespace latent {

// A grey image, row-major, values in [0, 1] (0: paper, 1: ink).
struct GreyImage {
  int rows = 0, cols = 0;
  std::vector<float> pixels;
  float at(int r, int c) const { return pixels[size_t(r) * size_t(cols) + size_t(c)]; }
};

constexpr int kDigitSide = 28;         // the MNIST field
constexpr int kDigitBox = 20;          // the box the ink is fitted into
constexpr float kInkLevel = 0.05f;     // a pixel above this is ink (for the bounding box)
constexpr float kDigitCentre = 14.5f;  // where the centre of mass goes: pixel 14's centre

struct DigitSteps {
  GreyImage cropped;  // the ink's bounding box, as drawn
  GreyImage fitted;   // scaled to fit kDigitBox, anti-aliased
  GreyImage digit;    // kDigitSide x kDigitSide, centred by the centre of mass
  float scale = 0;    // s: fitted side / cropped side
  float centre_row = 0, centre_col = 0;  // the fitted box's centre of mass, in its own pixels
  int top = 0, left = 0;                 // where the fitted box sits in the digit
};

// The drawing as an MNIST digit; an error (nothing written) for a drawing with no
// ink or with values that are not finite.
Status mnist_digit(const GreyImage& drawing, DigitSteps& steps);

// The image resampled to rows x cols by area averaging (each output pixel the mean
// of the input over the rectangle it covers).
GreyImage area_resample(const GreyImage& image, int rows, int cols);

}  // namespace latent
