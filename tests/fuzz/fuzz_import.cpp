// Fuzzes the importers of the student's own data (engine/data_import.hpp) on any
// text: the points CSV and the digit rows (the page's PNGs arrive as such rows).
// What is accepted must be within the stated limits: finite points within
// ±kMaxCoordinate, at most kMaxPoints; labels 0..9, one image of `pixels` grey
// levels per label, at most max_rows; a refusal says why.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "data_import.hpp"
#include "point_sets.hpp"

using namespace latent;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) {
    Matrix points;
    const Status s = read_points_csv(text, points);
    if (!s.ok) return s.message.empty() ? (std::abort(), 0) : 0;
    if (points.rows() != 2 || points.cols() < 1 || points.cols() > kMaxPoints) std::abort();
    for (Eigen::Index i = 0; i < points.size(); ++i)
      if (!(std::abs(points.data()[i]) <= kMaxCoordinate)) std::abort();
    return 0;
  }
  const int pixels = 1 + data[0] / 2 % 16, max_rows = 1 + data[0] / 32;  // small images: the fuzzer reaches many rows
  std::vector<uint8_t> grey, labels;
  const Status s = read_digit_rows_csv(text, pixels, max_rows, grey, labels);
  if (!s.ok) return s.message.empty() ? (std::abort(), 0) : 0;
  if (labels.empty() || int(labels.size()) > max_rows || grey.size() != labels.size() * size_t(pixels)) std::abort();
  for (uint8_t l : labels)
    if (l > 9) std::abort();
  return 0;
}
