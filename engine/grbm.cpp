#include "grbm.hpp"

namespace latent {

void Grbm::initialize(float init_std, const Vector& data_mean, Rng& rng) {
  randomize(init_std, rng);
  if (data_mean.size() == visible()) b() = data_mean;
}

void Grbm::visible_means(const Matrix& H, Matrix& V) const {
  V.resize(visible(), H.cols());
  V.noalias() = W() * H;
  V.colwise() += b();
}

void Grbm::sample_visible(const Matrix& means, Matrix& V, Rng& rng) {
  V.resize(means.rows(), means.cols());
  for (Eigen::Index i = 0; i < V.size(); ++i) V.data()[i] = means.data()[i] + rng.normal();
}

double Grbm::energy(const Vector& v, const Vector& h) const {
  const Eigen::VectorXd vd = v.cast<double>(), hd = h.cast<double>();
  const Eigen::VectorXd centred = vd - b().cast<double>();
  return 0.5 * centred.squaredNorm() - vd.dot(W().cast<double>() * hd) - c().cast<double>().dot(hd);
}

Vector Grbm::free_energy(const Matrix& V) const {
  Matrix pre, sp;
  affine_tn(pre, W(), V, c());
  sp.resize(pre.rows(), pre.cols());
  softplus(pre, sp);
  return 0.5f * (V.colwise() - b()).colwise().squaredNorm().transpose() - sp.colwise().sum().transpose();
}

}  // namespace latent
