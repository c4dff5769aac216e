#include "rbm.hpp"

#include <algorithm>
#include <cmath>

namespace latent {

void Rbm::initialize(float init_std, const Vector& data_mean, Rng& rng) {
  randomize(init_std, rng);
  if (data_mean.size() != visible()) return;
  for (int i = 0; i < visible(); ++i) {
    const float m = std::clamp(data_mean[i], 0.01f, 0.99f);
    b()[i] = std::log(m / (1.0f - m));
  }
}

void Rbm::visible_probs(const Matrix& H, Matrix& V) const { affine_nn_sigmoid(V, W(), H, b()); }

double Rbm::energy(const Vector& v, const Vector& h) const {
  const Eigen::VectorXd vd = v.cast<double>(), hd = h.cast<double>();
  return -b().cast<double>().dot(vd) - c().cast<double>().dot(hd) - vd.dot(W().cast<double>() * hd);
}

Vector Rbm::free_energy(const Matrix& V) const {
  Matrix pre, sp;
  affine_tn(pre, W(), V, c());
  sp.resize(pre.rows(), pre.cols());
  softplus(pre, sp);
  return -(V.transpose() * b()) - sp.colwise().sum().transpose();
}

}  // namespace latent
