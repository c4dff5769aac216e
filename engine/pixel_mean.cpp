// The mean pixel and its clamped logits (pixel_mean.hpp).
#include "pixel_mean.hpp"

#include <algorithm>
#include <cmath>

namespace latent {

Vector pixel_mean(const IdxImages& images, int count, Binarization mode) {
  const int dim = images.dim();
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(dim);
  for (int n = 0; n < count; ++n) {
    const uint8_t* x = images.image(n);
    for (int i = 0; i < dim; ++i)
      sum[i] += mode == Binarization::Threshold ? (x[i] > 127 ? 1.0 : 0.0) : x[i] / 255.0;
  }
  return (sum / double(std::max(count, 1))).cast<float>();
}

Vector clamped_logits(const Vector& means) {
  Vector out(means.size());
  for (Eigen::Index i = 0; i < means.size(); ++i) {
    const float m = std::clamp(means[i], kLogitClampLow, kLogitClampHigh);
    out[i] = std::log(m / (1.0f - m));
  }
  return out;
}

}  // namespace latent
