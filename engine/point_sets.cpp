// The named point sets of the 2-D GRBM lab and the checks on a student's points
// (point_sets.hpp). Every set is centred on the origin, inside [-8, 8]^2:
//   two_blobs  two unit-variance Gaussians at (-3, -2) and (3, 2), half the points each
//   ring       radius 5, radial noise sd 0.3
//   grid       2 x 2 unit-variance Gaussians at (+-3, +-3), a quarter each: exactly the
//              parallelogram b, b + w1, b + w2, b + w1 + w2 of a GRBM with d = 2
//              (b = (-3, -3), w1 = (6, 0), w2 = (0, 6), c = 0: equal weights)
//   spiral     one arm, radius 1 to 7 over 1.75 turns, noise sd 0.25
//   moons      the two interleaved half circles, radius 3.5, noise sd 0.25
// Coordinates are clamped to the plane (a far tail of the noise stays on screen).
#include "point_sets.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "rng_streams.hpp"

namespace latent {
namespace {

constexpr float kPi = 3.14159265f;

// (x, y) plus isotropic noise of the given sd, clamped to the plane.
void put(Matrix& points, int j, float x, float y, float sd, Rng& rng) {
  const float nx = rng.normal(), ny = rng.normal();
  points(0, j) = std::clamp(x + sd * nx, -kPlaneHalfWidth, kPlaneHalfWidth);
  points(1, j) = std::clamp(y + sd * ny, -kPlaneHalfWidth, kPlaneHalfWidth);
}

// A number as a student would write it: 2, 0.5, 1e6, -3.25e-5.
std::string short_number(float x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", double(x));
  std::string s = buf;
  const size_t e = s.find('e');
  if (e == std::string::npos) return s;
  std::string exponent = s.substr(e + 1);
  const bool negative = exponent[0] == '-';
  exponent.erase(0, exponent.find_first_not_of("+-0"));
  return s.substr(0, e) + "e" + (negative ? "-" : "") + exponent;
}

}  // namespace

Matrix make_point_set(PointSet set, int count, uint64_t seed) {
  if (set == PointSet::Custom || set == PointSet::Mnist || count <= 0) return Matrix(2, 0);
  Rng rng(item_seed(seed, uint64_t(set) + 1));
  Matrix p(2, count);
  for (int j = 0; j < count; ++j) {
    switch (set) {
      case PointSet::TwoBlobs: {
        const float side = j % 2 == 0 ? -1.0f : 1.0f;
        put(p, j, 3.0f * side, 2.0f * side, 1.0f, rng);
        break;
      }
      case PointSet::Ring: {
        const float t = 2.0f * kPi * rng.uniform(), r = 5.0f + 0.3f * rng.normal();
        put(p, j, r * std::cos(t), r * std::sin(t), 0.0f, rng);
        break;
      }
      case PointSet::Grid:
        put(p, j, j % 2 == 0 ? -3.0f : 3.0f, (j / 2) % 2 == 0 ? -3.0f : 3.0f, 1.0f, rng);
        break;
      case PointSet::Spiral: {
        const float u = rng.uniform(), t = 3.5f * kPi * u, r = 1.0f + 6.0f * u;
        put(p, j, r * std::cos(t), r * std::sin(t), 0.25f, rng);
        break;
      }
      case PointSet::Moons: {
        const float t = kPi * rng.uniform();
        const bool upper = j % 2 == 0;
        const float x = upper ? std::cos(t) : 1.0f - std::cos(t), y = upper ? std::sin(t) : 0.5f - std::sin(t);
        put(p, j, 3.5f * (x - 0.5f), 3.5f * (y - 0.25f), 0.25f, rng);
        break;
      }
      default:
        break;
    }
  }
  return p;
}

Status check_points(const Matrix& points) {
  if (points.cols() == 0) return Status::error("The data set needs at least one point.");
  if (points.rows() != 2)
    return Status::error("Points in the plane have 2 coordinates, not " + std::to_string(points.rows()) + ".");
  if (points.cols() > kMaxPoints)
    return Status::error("There are " + std::to_string(points.cols()) + " points; at most " +
                         std::to_string(kMaxPoints) + " are allowed.");
  for (Eigen::Index j = 0; j < points.cols(); ++j) {
    const float x = points(0, j), y = points(1, j);
    const std::string which = "Point " + std::to_string(j + 1);
    if (!std::isfinite(x) || !std::isfinite(y))
      return Status::error(which + " has a coordinate that is not a number (NaN or infinite).");
    if (std::abs(x) > kMaxCoordinate || std::abs(y) > kMaxCoordinate)
      return Status::error(which + " is at (" + short_number(x) + ", " + short_number(y) +
                           "): coordinates must be within ±" + short_number(kMaxCoordinate) + ".");
  }
  return Status::success();
}

}  // namespace latent
