// Fuzzes the drawing input: pen strokes (any points, NaN and infinities among
// them, any radius) inked on a pad (engine/stroke_raster.hpp), both at once and
// point by point as the pad inks a growing stroke, then made into an MNIST digit
// (engine/digit_prep.hpp). The ink must stay within [0, 1] and be the same both
// ways; the digit, when there is ink, must be 28 x 28 within [0, 1] with its box
// inside the field.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "digit_prep.hpp"
#include "fuzz_bytes.hpp"
#include "stroke_raster.hpp"

using namespace latent;

namespace {

bool within_unit(const GreyImage& g) {
  for (float v : g.pixels)
    if (!(v >= 0.0f && v <= 1.0f)) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::FuzzBytes in(data, size);
  const int side = in.flag() ? 280 : 1 + in.below(64);  // the pad's 280, or any small pad
  std::vector<Stroke> strokes(size_t(in.below(4)));
  for (Stroke& s : strokes) {
    s.radius = in.flag() ? 1.0f + in.below(40) : in.number();
    for (int n = in.below(32); n > 0; --n) {
      const bool on_pad = in.flag();
      s.xy.push_back(on_pad ? float(in.below(side + 1)) : in.number());
      s.xy.push_back(on_pad ? float(in.below(side + 1)) : in.number());
    }
    if (in.flag() && !s.xy.empty()) s.xy.pop_back();  // an odd count: a half point
  }
  const GreyImage whole = rasterise_strokes(strokes, side, side);
  GreyImage grown = rasterise_strokes({}, side, side);
  for (const Stroke& s : strokes) {
    Stroke growing{{}, s.radius};
    for (size_t i = 0; i + 1 < s.xy.size(); i += 2) {
      growing.xy.push_back(s.xy[i]);
      growing.xy.push_back(s.xy[i + 1]);
      ink_stroke(grown, growing, i / 2);
    }
  }
  if (whole.rows != side || whole.cols != side || !within_unit(whole) || grown.pixels != whole.pixels) std::abort();
  DigitSteps steps;
  const Status s = mnist_digit(whole, steps);
  if (!s.ok) return s.message.empty() ? (std::abort(), 0) : 0;
  const GreyImage& d = steps.digit;
  if (d.rows != kDigitSide || d.cols != kDigitSide || !within_unit(d) || steps.top < 0 || steps.left < 0 ||
      steps.top + steps.fitted.rows > kDigitSide || steps.left + steps.fitted.cols > kDigitSide)
    std::abort();
  return 0;
}
