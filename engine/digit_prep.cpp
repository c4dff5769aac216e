// digit_prep (see digit_prep.hpp): crop, fit by area averaging, centre by mass.
#include "digit_prep.hpp"

#include <algorithm>
#include <cmath>

namespace latent {
namespace {

// One output index's share of the inputs: (input index, overlap) pairs, the
// overlaps summing to the output's width in input units.
struct Span {
  std::vector<std::pair<int, float>> parts;
};

// The spans of n_out outputs over n_in inputs (each output covers n_in / n_out inputs).
std::vector<Span> spans(int n_in, int n_out) {
  std::vector<Span> out(static_cast<size_t>(n_out));
  const double step = double(n_in) / double(n_out);
  for (int i = 0; i < n_out; ++i) {
    const double lo = i * step, hi = (i + 1) * step;
    for (int k = int(std::floor(lo)); k < int(std::ceil(hi)) && k < n_in; ++k) {
      const double overlap = std::min(hi, double(k + 1)) - std::max(lo, double(k));
      if (overlap > 1e-9) out[size_t(i)].parts.push_back({k, float(overlap)});
    }
  }
  return out;
}

}  // namespace

GreyImage area_resample(const GreyImage& image, int rows, int cols) {
  GreyImage out;
  out.rows = rows;
  out.cols = cols;
  out.pixels.assign(size_t(rows) * size_t(cols), 0.0f);
  if (image.rows <= 0 || image.cols <= 0 || rows <= 0 || cols <= 0) return out;
  const std::vector<Span> down = spans(image.rows, rows), across = spans(image.cols, cols);
  const float row_width = float(image.rows) / float(rows), col_width = float(image.cols) / float(cols);
  std::vector<float> tmp(size_t(rows) * size_t(image.cols), 0.0f);  // rows resampled, columns as they are
  for (int i = 0; i < rows; ++i)
    for (const auto& [r, w] : down[size_t(i)].parts)
      for (int c = 0; c < image.cols; ++c) tmp[size_t(i) * size_t(image.cols) + size_t(c)] += w * image.at(r, c);
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j) {
      float sum = 0;
      for (const auto& [c, w] : across[size_t(j)].parts) sum += w * tmp[size_t(i) * size_t(image.cols) + size_t(c)];
      out.pixels[size_t(i) * size_t(cols) + size_t(j)] = sum / (row_width * col_width);
    }
  return out;
}

Status mnist_digit(const GreyImage& drawing, DigitSteps& steps) {
  if (drawing.rows <= 0 || drawing.cols <= 0 || drawing.pixels.size() != size_t(drawing.rows) * size_t(drawing.cols))
    return Status::error("the drawing has no pixels");
  int r0 = drawing.rows, r1 = -1, c0 = drawing.cols, c1 = -1;
  for (int r = 0; r < drawing.rows; ++r)
    for (int c = 0; c < drawing.cols; ++c) {
      const float v = drawing.at(r, c);
      if (!std::isfinite(v)) return Status::error("the drawing has pixels that are not numbers");
      if (v <= kInkLevel) continue;
      r0 = std::min(r0, r);
      r1 = std::max(r1, r);
      c0 = std::min(c0, c);
      c1 = std::max(c1, c);
    }
  if (r1 < 0) return Status::error("the drawing is empty: draw a digit first");

  DigitSteps s;
  s.cropped.rows = r1 - r0 + 1;
  s.cropped.cols = c1 - c0 + 1;
  for (int r = r0; r <= r1; ++r)
    for (int c = c0; c <= c1; ++c) s.cropped.pixels.push_back(std::clamp(drawing.at(r, c), 0.0f, 1.0f));

  s.scale = float(kDigitBox) / float(std::max(s.cropped.rows, s.cropped.cols));
  const int rows = std::clamp(int(std::lround(s.scale * float(s.cropped.rows))), 1, kDigitBox);
  const int cols = std::clamp(int(std::lround(s.scale * float(s.cropped.cols))), 1, kDigitBox);
  s.fitted = area_resample(s.cropped, rows, cols);

  double mass = 0, mr = 0, mc = 0;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      const double v = s.fitted.at(r, c);
      mass += v;
      mr += v * (r + 0.5);
      mc += v * (c + 0.5);
    }
  // The crop holds ink above kInkLevel, so the fitted box has mass.
  s.centre_row = float(mr / mass);
  s.centre_col = float(mc / mass);
  s.top = std::clamp(int(std::lround(kDigitCentre - s.centre_row)), 0, kDigitSide - rows);
  s.left = std::clamp(int(std::lround(kDigitCentre - s.centre_col)), 0, kDigitSide - cols);

  s.digit.rows = s.digit.cols = kDigitSide;
  s.digit.pixels.assign(size_t(kDigitSide) * size_t(kDigitSide), 0.0f);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      s.digit.pixels[size_t(s.top + r) * size_t(kDigitSide) + size_t(s.left + c)] =
          std::min(s.fitted.at(r, c), 1.0f);  // area averaging can round full ink to 1 + 1e-7
  steps = std::move(s);
  return Status::success();
}

}  // namespace latent
