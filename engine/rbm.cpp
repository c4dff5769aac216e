// Rbm (rbm.hpp): initialisation, the visible conditional, energy and free energy.
#include "rbm.hpp"

#include "pixel_mean.hpp"  // clamped_logits

namespace latent {

void Rbm::initialize(float init_std, const Vector& data_mean, Rng& rng) {
  randomize(init_std, rng);
  if (data_mean.size() == visible()) b() = clamped_logits(data_mean);
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
  Vector bv;
  gemv_t(bv, V, b());
  return -bv - sp.colwise().sum().transpose();
}

}  // namespace latent
