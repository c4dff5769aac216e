// Real-valued training data for the GRBM (real_data.hpp): points in memory, and
// MNIST images standardised per pixel a minibatch at a time.
#include "real_data.hpp"

#include <algorithm>
#include <cmath>

namespace latent {

void PointData::gather(const int* indices, int n, Matrix& out) const {
  out.resize(points_.rows(), n);
  for (int j = 0; j < n; ++j) out.col(j) = points_.col(indices[j]);
}

PixelStandardization PixelStandardization::from_images(const IdxImages& images, int count, float floor) {
  count = std::clamp(count, 0, images.count);
  const int dim = images.dim();
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(dim), sum_sq = Eigen::VectorXd::Zero(dim);
  for (int n = 0; n < count; ++n) {
    const uint8_t* x = images.image(n);
    for (int i = 0; i < dim; ++i) {
      const double v = x[i] / 255.0;
      sum[i] += v;
      sum_sq[i] += v * v;
    }
  }
  PixelStandardization s;
  const double n = std::max(count, 1);
  const Eigen::VectorXd mean = sum / n;
  const Eigen::VectorXd var = (sum_sq / n - mean.cwiseAbs2()).cwiseMax(0.0);
  s.mean = mean.cast<float>();
  s.scale = var.cwiseSqrt().cwiseMax(double(floor)).cast<float>();
  return s;
}

void PixelStandardization::unstandardize(const Matrix& Z, Matrix& grey) const {
  grey = ((Z.array().colwise() * scale.array()).colwise() + mean.array()).max(0.0f).min(1.0f);
}

void PixelStandardization::standardize(const Matrix& grey, Matrix& Z) const {
  Z = (grey.array().colwise() - mean.array()).colwise() / scale.array();
}

StandardizedImages::StandardizedImages(const IdxImages& images, int count, PixelStandardization standardization)
    : images_(images), count_(std::clamp(count, 0, images.count)), s_(std::move(standardization)),
      inv_scale_(s_.scale.cwiseInverse()) {}

void StandardizedImages::gather(const int* indices, int n, Matrix& out) const {
  const int dim = images_.dim();
  constexpr float kScale = 1.0f / 255.0f;
  out.resize(dim, n);
  for (int j = 0; j < n; ++j) {
    const uint8_t* x = images_.image(indices[j]);
    float* v = out.col(j).data();
    for (int i = 0; i < dim; ++i) v[i] = (float(x[i]) * kScale - s_.mean[i]) * inv_scale_[i];
  }
}

}  // namespace latent
