// Point sets in the plane for the 2-D GRBM lab: the named data sets, generated
// from a seed, and the checks on points a student supplies (by clicking).
// The lab's plane is [-kPlaneHalfWidth, kPlaneHalfWidth]^2; the sets are scaled so
// that unit-variance Gaussians (the course's GRBM) are a sensible fit.
#pragma once
#include <cstdint>

#include "grbm_config.hpp"
#include "kernels.hpp"
#include "status.hpp"

namespace latent {

constexpr float kPlaneHalfWidth = 8.0f;
constexpr float kMaxCoordinate = 100.0f;  // points beyond this are refused
constexpr int kMaxPoints = 5000;

// 2 x count points of a named set (not Custom or Mnist: those give an empty matrix).
Matrix make_point_set(PointSet set, int count, uint64_t seed);

// ok, or a sentence saying what is wrong: no points, too many, a NaN/infinite
// coordinate, a coordinate beyond kMaxCoordinate (naming the point, counting
// from 1: "Point 3 is at (1e6, 2): coordinates must be within ±100.").
Status check_points(const Matrix& points);

}  // namespace latent
