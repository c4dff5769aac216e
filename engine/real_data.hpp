// RealData: real-valued training data for the GRBM, one example per column,
// read a minibatch at a time.
//   PointData           points held in memory (the plane lab: 2 x n)
//   StandardizedImages  IDX images converted per minibatch to (x/255 - mean_i) / scale_i
//                       with the training set's per-pixel mean and standard deviation
//                       (the latter floored, so that nearly constant border pixels
//                       do not become huge); unstandardize() maps back to grey levels.
// The floor 0.2: a pixel that is almost always blank has a tiny std, and one stroke
// through it becomes (1 - mean) / floor; at 0.1 (values up to 10) a GRBM spends many
// hidden units on single such pixels ("dot" filters on the digits' rim), at 0.5
// (0.45 is about the largest std of MNIST) units die onto one noisy template.
#pragma once
#include <vector>

#include "idx.hpp"
#include "kernels.hpp"

namespace latent {

class RealData {
 public:
  virtual ~RealData() = default;
  virtual int count() const = 0;
  virtual int dims() const = 0;
  // out = dims x n, column j = example indices[j].
  virtual void gather(const int* indices, int n, Matrix& out) const = 0;
};

class PointData : public RealData {
 public:
  explicit PointData(Matrix points) : points_(std::move(points)) {}
  int count() const override { return int(points_.cols()); }
  int dims() const override { return int(points_.rows()); }
  void gather(const int* indices, int n, Matrix& out) const override;
  const Matrix& points() const { return points_; }

 private:
  Matrix points_;
};

struct PixelStandardization {
  Vector mean, scale;  // per pixel, of x/255
  // From the first `count` images; scale_i = max(std_i, floor).
  static PixelStandardization from_images(const IdxImages& images, int count, float floor = 0.2f);
  void unstandardize(const Matrix& Z, Matrix& grey) const;  // grey = clamp(mean + scale * z, 0, 1)
  void standardize(const Matrix& grey, Matrix& Z) const;    // z = (grey - mean) / scale
};

class StandardizedImages : public RealData {
 public:
  // images must outlive this; only the first `count` are used.
  StandardizedImages(const IdxImages& images, int count, PixelStandardization standardization);
  int count() const override { return count_; }
  int dims() const override { return images_.dim(); }
  void gather(const int* indices, int n, Matrix& out) const override;
  const PixelStandardization& standardization() const { return s_; }

 private:
  const IdxImages& images_;
  int count_;
  PixelStandardization s_;
  Vector inv_scale_;
};

}  // namespace latent
