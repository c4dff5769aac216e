// Strokes made into ink (engine/stroke_raster): the area of a capsule is what the
// equation gives, ink is a coverage in [0, 1] with a one-pixel ramp at the stroke's
// edge, crossings do not add up, a dot is symmetric, growing a stroke point by
// point gives the same ink as drawing it whole; bad input (points off the pad or
// not finite, a huge or NaN brush, empty drawings) gives finite ink or a refusal;
// a drawn "1" becomes a centred MNIST digit.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "digit_prep.hpp"
#include "stroke_raster.hpp"

using namespace latent;

namespace {

constexpr int kPad = 280;
constexpr double kPi = 3.14159265358979323846;

double sum(const GreyImage& g) { return std::accumulate(g.pixels.begin(), g.pixels.end(), 0.0); }

// The exact integral of clamp(r + 1/2 - dist, 0, 1) over the plane around a segment of
// length L: 2 r per unit of length, plus the two round caps, pi r^2 + pi / 12.
double capsule_area(double r, double length) { return 2.0 * r * length + kPi * r * r + kPi / 12.0; }

void require_unit_range(const GreyImage& g) {
  for (float v : g.pixels) REQUIRE((std::isfinite(v) && v >= 0.0f && v <= 1.0f));
}

double max_difference(const GreyImage& a, const GreyImage& b) {
  REQUIRE(a.pixels.size() == b.pixels.size());
  double d = 0;
  for (size_t i = 0; i < a.pixels.size(); ++i) d = std::max(d, double(std::fabs(a.pixels[i] - b.pixels[i])));
  return d;
}

GreyImage draw(const std::vector<Stroke>& strokes) { return rasterise_strokes(strokes, kPad, kPad); }

}  // namespace

TEST_CASE("stroke_raster: a stroke's ink covers 2 r L + pi r^2, in [0, 1], solid inside and ramped at the edge") {
  for (const float r : {1.0f, 4.0f, 12.5f}) {
    CAPTURE(r);
    const GreyImage g = draw({Stroke{{60.0f, 100.0f, 200.0f, 100.0f}, r}});
    REQUIRE(g.rows == kPad);
    REQUIRE(g.cols == kPad);
    require_unit_range(g);
    CHECK(sum(g) == doctest::Approx(capsule_area(r, 140.0)).epsilon(0.01));
  }
  // A diagonal (x = y) of radius 5: on the line, full ink; a pixel whose centre is
  // 4.95 px off the line, 5.5 - 4.95; past the end's cap, none.
  const GreyImage d = draw({Stroke{{20.5f, 20.5f, 100.5f, 100.5f}, 5.0f}});
  CHECK(d.at(60, 60) == doctest::Approx(1.0));
  CHECK(d.at(60, 67) == doctest::Approx(5.5 - 7.0 / std::sqrt(2.0)).epsilon(1e-4));
  CHECK(d.at(100, 105) == doctest::Approx(0.5).epsilon(1e-4));  // 5 px past the end: half covered
  CHECK(d.at(100, 106) == 0.0f);
  CHECK(sum(d) == doctest::Approx(capsule_area(5.0, 80.0 * std::sqrt(2.0))).epsilon(0.01));
}

TEST_CASE("stroke_raster: strokes that cross take the maximum, not the sum; a stroke grown point by point is the same") {
  const Stroke across{{40.0f, 140.0f, 240.0f, 140.0f}, 6.0f}, down{{140.0f, 40.0f, 140.0f, 240.0f}, 6.0f};
  const GreyImage cross = draw({across, down});
  require_unit_range(cross);
  CHECK(cross.at(140, 140) == 1.0f);
  // The square where they overlap is counted once.
  CHECK(sum(cross) == doctest::Approx(sum(draw({across})) + sum(draw({down})) - 12.0 * 12.0).epsilon(0.01));
  CHECK(max_difference(draw({across, across}), draw({across})) == 0.0);

  // A zigzag inked as it grows, one new point at a time, as the drawing pad does.
  Stroke zigzag{{}, 7.0f};
  GreyImage grown = draw({});
  const float points[][2] = {{30, 30}, {90, 200}, {150, 40}, {210, 220}, {250, 60}};
  for (const auto& p : points) {
    zigzag.xy.insert(zigzag.xy.end(), {p[0], p[1]});
    ink_stroke(grown, zigzag, zigzag.xy.size() / 2 - 1);
  }
  CHECK(max_difference(grown, draw({zigzag})) == 0.0);
  CHECK(sum(grown) > 4.0 * 14.0 * 150.0);  // four segments, each longer than 150 px, 14 px wide
}

TEST_CASE("stroke_raster: a dot is a disc, symmetric about its centre") {
  const GreyImage dot = draw({Stroke{{140.0f, 140.0f}, 9.0f}});  // centred on the corner of four pixels
  require_unit_range(dot);
  CHECK(sum(dot) == doctest::Approx(kPi * 81.0 + kPi / 12.0).epsilon(0.01));
  for (int r = 120; r < 160; ++r)
    for (int c = 120; c < 160; ++c) {
      CAPTURE(r);
      CAPTURE(c);
      REQUIRE(dot.at(r, c) == doctest::Approx(dot.at(279 - r, c)));
      REQUIRE(dot.at(r, c) == doctest::Approx(dot.at(r, 279 - c)));
      REQUIRE(dot.at(r, c) == doctest::Approx(dot.at(c, r)));
    }
  // Two points at the same place are a dot too; a stroke of no points draws nothing.
  CHECK(max_difference(draw({Stroke{{140.0f, 140.0f, 140.0f, 140.0f}, 9.0f}}), dot) == 0.0);
  CHECK(sum(draw({Stroke{{}, 9.0f}})) == 0.0);
}

TEST_CASE("stroke_raster: points off the pad are clipped, points that are not numbers are left out") {
  // Off the pad by hundreds of pixels: the same ink as the part on the pad.
  CHECK(max_difference(draw({Stroke{{-500.0f, 100.0f, 780.0f, 100.0f}, 8.0f}}),
                       draw({Stroke{{-20.0f, 100.0f, 300.0f, 100.0f}, 8.0f}})) < 1e-5);
  CHECK(max_difference(draw({Stroke{{-1000.0f, -1000.0f, 1280.0f, 1280.0f}, 8.0f}}),
                       draw({Stroke{{-20.0f, -20.0f, 300.0f, 300.0f}, 8.0f}})) < 1e-4);
  // Wholly outside (just beyond the ink's reach), or along the border.
  CHECK(sum(draw({Stroke{{-9.0f, -50.0f, -9.0f, 330.0f}, 8.0f}, Stroke{{400.0f, 400.0f}, 8.0f}})) == 0.0);
  const GreyImage border = draw({Stroke{{0.0f, 0.0f, 280.0f, 0.0f}, 6.0f}});
  require_unit_range(border);
  CHECK(sum(border) == doctest::Approx(280.0 * 6.0).epsilon(0.01));  // half the stroke is on the pad

  // As far off as a float goes: finite ink, no hang.
  const float far = std::numeric_limits<float>::max();
  require_unit_range(draw({Stroke{{-far, -far, far, far, -far, far}, 8.0f}, Stroke{{1e30f, 140.0f}, 8.0f}}));

  // NaN and infinite points are dropped: their neighbours join up.
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  const GreyImage with_bad = draw({Stroke{{40.0f, 140.0f, nan, 3.0f, 140.0f, inf, 240.0f, 140.0f}, 6.0f}});
  CHECK(max_difference(with_bad, draw({Stroke{{40.0f, 140.0f, 240.0f, 140.0f}, 6.0f}})) == 0.0);
  CHECK(sum(draw({Stroke{{nan, nan, inf, -inf}, 6.0f}})) == 0.0);
}

TEST_CASE("stroke_raster: the brush is clamped to a quarter of the pad; a NaN brush draws nothing") {
  CHECK(max_stroke_radius(kPad, kPad) == 70.0f);
  const GreyImage huge = draw({Stroke{{140.0f, 140.0f}, 1e9f}});
  require_unit_range(huge);
  CHECK(max_difference(huge, draw({Stroke{{140.0f, 140.0f}, 70.0f}})) == 0.0);
  CHECK(huge.at(0, 0) == 0.0f);  // not the whole pad
  CHECK(max_difference(draw({Stroke{{140.0f, 140.0f}, std::numeric_limits<float>::infinity()}}), huge) == 0.0);
  CHECK(sum(draw({Stroke{{140.0f, 140.0f}, std::nanf("")}})) == 0.0);
  // A negative brush is no brush: a hairline through pixel centres, half covering them.
  const GreyImage thin = draw({Stroke{{40.0f, 140.5f, 240.0f, 140.5f}, -3.0f}});
  require_unit_range(thin);
  CHECK(*std::max_element(thin.pixels.begin(), thin.pixels.end()) == doctest::Approx(0.5));
  CHECK(rasterise_strokes({Stroke{{1.0f, 1.0f}, 3.0f}}, 0, -5).pixels.empty());
}

TEST_CASE("stroke_raster: drawings through the MNIST preprocessing: a 1 is centred, bad ones refused or finite") {
  DigitSteps s;
  // A "1": one vertical stroke off to the left of the pad.
  REQUIRE(mnist_digit(draw({Stroke{{70.0f, 50.0f, 74.0f, 230.0f}, 10.0f}}), s).ok);
  REQUIRE(s.digit.pixels.size() == 784);
  require_unit_range(s.digit);
  double mass = 0, row = 0, col = 0;
  for (int r = 0; r < kDigitSide; ++r)
    for (int c = 0; c < kDigitSide; ++c) {
      mass += s.digit.at(r, c);
      row += s.digit.at(r, c) * (r + 0.5);
      col += s.digit.at(r, c) * (c + 0.5);
    }
  // Whole-pixel shifts: within half a pixel of pixel 14's centre.
  CHECK(std::fabs(row / mass - kDigitCentre) <= 0.501);
  CHECK(std::fabs(col / mass - kDigitCentre) <= 0.501);
  CHECK(s.fitted.rows == kDigitBox);  // tall: its height is fitted to the box
  CHECK(s.fitted.cols < 6);
  for (int r = 0; r < kDigitSide; ++r) CHECK(s.digit.at(r, 3) == 0.0f);  // the ink is in the middle columns

  // Empty, or every stroke off the pad: refused with a message.
  CHECK(mnist_digit(draw({}), s).message == "the drawing is empty: draw a digit first");
  CHECK_FALSE(mnist_digit(draw({Stroke{{-100.0f, -100.0f, -50.0f, 500.0f}, 10.0f}}), s).ok);
  // One dot, a stroke along the border, a huge brush: finite digits.
  for (const Stroke& odd : {Stroke{{140.0f, 140.0f}, 10.0f}, Stroke{{0.0f, 279.0f, 279.0f, 279.0f}, 10.0f},
                            Stroke{{100.0f, 100.0f, 180.0f, 180.0f}, 1e6f}}) {
    REQUIRE(mnist_digit(draw({odd}), s).ok);
    require_unit_range(s.digit);
  }
}
