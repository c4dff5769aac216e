// MNIST-style preprocessing of a drawing (engine/digit_prep): area averaging keeps
// the ink; the steps are the published ones (fit 20x20 keeping the aspect ratio,
// centre of mass at the centre of 28x28); MNIST test digits re-rendered at another
// size and offset come back close to the originals; bad drawings are refused or
// give finite digits.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "digit_prep.hpp"
#include "mnist_once.hpp"

using namespace latent;

namespace {

GreyImage blank(int rows, int cols) {
  GreyImage g;
  g.rows = rows;
  g.cols = cols;
  g.pixels.assign(size_t(rows) * size_t(cols), 0.0f);
  return g;
}

void ink(GreyImage& g, int r, int c, float v = 1.0f) { g.pixels[size_t(r) * size_t(g.cols) + size_t(c)] = v; }

double sum(const GreyImage& g) { return std::accumulate(g.pixels.begin(), g.pixels.end(), 0.0); }

// The centre of mass of a digit, pixel centres at index + 0.5.
std::pair<double, double> centre_of_mass(const GreyImage& g) {
  double m = 0, r = 0, c = 0;
  for (int i = 0; i < g.rows; ++i)
    for (int j = 0; j < g.cols; ++j) {
      m += g.at(i, j);
      r += g.at(i, j) * (i + 0.5);
      c += g.at(i, j) * (j + 0.5);
    }
  return {r / m, c / m};
}

double cosine(const std::vector<float>& a, const std::vector<float>& b) {
  double ab = 0, aa = 0, bb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    ab += double(a[i]) * b[i];
    aa += double(a[i]) * a[i];
    bb += double(b[i]) * b[i];
  }
  return ab / std::sqrt(aa * bb);
}

}  // namespace

TEST_CASE("digit_prep: area averaging keeps the mean grey level, up and down, at any ratio") {
  GreyImage g = blank(37, 23);
  for (size_t i = 0; i < g.pixels.size(); ++i) g.pixels[i] = float((i * 7919) % 101) / 100.0f;
  const double mean = sum(g) / double(g.pixels.size());
  for (const auto& size : std::vector<std::pair<int, int>>{{20, 13}, {5, 5}, {74, 46}, {100, 61}, {1, 1}}) {
    const int rows = size.first, cols = size.second;
    CAPTURE(rows);
    const GreyImage out = area_resample(g, rows, cols);
    REQUIRE(out.pixels.size() == size_t(rows) * size_t(cols));
    CHECK(sum(out) / double(out.pixels.size()) == doctest::Approx(mean).epsilon(1e-5));
  }
  // An exact halving is the mean of each 2x2 block.
  GreyImage four = blank(2, 2);
  four.pixels = {0.0f, 1.0f, 0.5f, 0.5f};
  CHECK(area_resample(four, 1, 1).pixels[0] == doctest::Approx(0.5));
}

TEST_CASE("digit_prep: the ink fits 20x20 keeping its aspect ratio, with its centre of mass at the centre") {
  // A tall bar, 200 x 40, off-centre in a 300 x 300 drawing: fitted to 20 x 4.
  GreyImage g = blank(300, 300);
  for (int r = 30; r < 230; ++r)
    for (int c = 200; c < 240; ++c) ink(g, r, c);
  DigitSteps s;
  REQUIRE(mnist_digit(g, s).ok);
  CHECK(s.cropped.rows == 200);
  CHECK(s.cropped.cols == 40);
  CHECK(s.scale == doctest::Approx(0.1));
  CHECK(s.fitted.rows == 20);
  CHECK(s.fitted.cols == 4);
  CHECK(sum(s.digit) == doctest::Approx(80.0));  // 20 x 4 pixels of full ink: none lost
  const auto [r, c] = centre_of_mass(s.digit);
  // The bar's centre of mass (10, 2 in the box) cannot reach pixel 14's centre by whole
  // pixels: it lands half a pixel away.
  CHECK(std::fabs(r - kDigitCentre) == doctest::Approx(0.5));
  CHECK(std::fabs(c - kDigitCentre) == doctest::Approx(0.5));

  // A mass off the box's middle (a 7: a bar on top, a thin stroke down): the centre of
  // mass, not the box, is centred.
  GreyImage seven = blank(100, 100);
  for (int i = 10; i < 14; ++i)
    for (int j = 20; j < 80; ++j) ink(seven, i, j);  // the top bar
  for (int i = 22; i < 90; ++i)
    for (int j = 64; j < 70; ++j) ink(seven, i, j);  // the stroke
  REQUIRE(mnist_digit(seven, s).ok);
  const auto [sr, sc] = centre_of_mass(s.digit);
  CHECK(std::fabs(sr - kDigitCentre) <= 0.5);
  CHECK(std::fabs(sc - kDigitCentre) <= 0.5);
  CHECK(s.top > (kDigitSide - s.fitted.rows) / 2);  // the box sits low: its mass is at its top

  // An L's centre of mass is so far into its corner that centring it would push the box
  // out of the field: the box stops at the edge and no ink is lost.
  GreyImage l = blank(100, 100);
  for (int i = 10; i < 90; ++i) ink(l, i, 10);  // the upright
  for (int j = 10; j < 90; ++j) ink(l, 89, j);  // the foot
  REQUIRE(mnist_digit(l, s).ok);
  CHECK(s.left + s.fitted.cols == kDigitSide);
  CHECK(sum(s.digit) == doctest::Approx(sum(s.fitted)));
}

TEST_CASE("digit_prep: MNIST test digits re-rendered larger and elsewhere come back as they were") {
  // Each of the first 2,000 test digits is drawn 6.3 times larger (area averaging,
  // so its edges fall between the new pixels) at an offset in a 260 x 300 canvas,
  // then preprocessed. The measure: the cosine similarity of the result and the
  // original as 784-vectors of grey levels (1: identical up to brightness).
  const Dataset& test = test::mnist("t10k");
  const int n = std::min(2000, test.count());
  std::vector<double> cosines;
  double max_shift = 0;
  for (int i = 0; i < n; ++i) {
    GreyImage original = blank(28, 28);
    for (int p = 0; p < 784; ++p) original.pixels[size_t(p)] = float(test.images.image(i)[p]) / 255.0f;
    const GreyImage big = area_resample(original, 176, 176);  // 28 x 6.3 (rounded)
    GreyImage canvas = blank(260, 300);
    const int top = 13 + (i * 37) % 70, left = 5 + (i * 53) % 110;
    for (int r = 0; r < big.rows; ++r)
      for (int c = 0; c < big.cols; ++c) ink(canvas, top + r, left + c, big.at(r, c));
    DigitSteps s;
    REQUIRE(mnist_digit(canvas, s).ok);
    cosines.push_back(cosine(s.digit.pixels, original.pixels));
    const auto [r0, c0] = centre_of_mass(original);
    const auto [r1, c1] = centre_of_mass(s.digit);
    max_shift = std::max({max_shift, std::fabs(r1 - r0), std::fabs(c1 - c0)});
  }
  std::sort(cosines.begin(), cosines.end());
  const double mean = std::accumulate(cosines.begin(), cosines.end(), 0.0) / double(n);
  const double p5 = cosines[size_t(n / 20)];
  MESSAGE("re-rendered test digits: cosine to the original mean " << mean << ", 5th percentile " << p5 << ", worst "
                                                                   << cosines.front() << "; centres of mass within "
                                                                   << max_shift << " px");
  CHECK(mean >= 0.97);  // measured: 0.989
  CHECK(p5 >= 0.98);    // measured: 0.996
  CHECK(max_shift <= 1.0);
}

TEST_CASE("digit_prep: bad drawings are refused, odd ones give finite digits") {
  DigitSteps s;
  CHECK_FALSE(mnist_digit(GreyImage{}, s).ok);
  CHECK(mnist_digit(blank(280, 280), s).message == "the drawing is empty: draw a digit first");
  GreyImage faint = blank(50, 50);
  ink(faint, 10, 10, kInkLevel * 0.5f);  // below the ink level: still empty
  CHECK_FALSE(mnist_digit(faint, s).ok);
  GreyImage nan = blank(10, 10);
  ink(nan, 3, 3, std::nanf(""));
  CHECK_FALSE(mnist_digit(nan, s).ok);

  auto finite_digit = [](const GreyImage& g) {
    DigitSteps d;
    REQUIRE(mnist_digit(g, d).ok);
    REQUIRE(d.digit.pixels.size() == 784);
    for (float v : d.digit.pixels) REQUIRE((std::isfinite(v) && v >= 0.0f && v <= 1.0f));
    return d;
  };
  GreyImage dot = blank(280, 280);
  ink(dot, 140, 140);
  CHECK(finite_digit(dot).fitted.rows == 20);  // one pixel blown up to the box: a square, as MNIST would make it
  GreyImage border = blank(280, 280);
  for (int c = 0; c < 280; ++c) ink(border, 0, c);  // along the top edge
  CHECK(finite_digit(border).fitted.cols == 20);
  GreyImage full = blank(280, 280);  // a huge brush: everything ink
  std::fill(full.pixels.begin(), full.pixels.end(), 2.0f);  // and over-bright
  const DigitSteps d = finite_digit(full);
  CHECK(sum(d.digit) == doctest::Approx(400.0));
}
