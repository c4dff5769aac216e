// Test helpers for the networks: a double-precision reference forward pass written
// from the layout alone (independent of engine/mlp.cpp), the AE loss and VAE ELBO
// computed with it, and a central-difference gradient in double.
#pragma once
#include <algorithm>
#include <cmath>

#include "mlp.hpp"
#include "vae.hpp"

namespace latent {

using Dmat = Eigen::MatrixXd;
using Dvec = Eigen::VectorXd;

inline double reference_activation(Activation a, double x) {
  switch (a) {
    case Activation::Relu: return x > 0 ? x : 0;
    case Activation::Tanh: return std::tanh(x);
    case Activation::Sigmoid: return 1 / (1 + std::exp(-x));
    case Activation::Identity: return x;
  }
  return x;
}

// The network's output for X, parameters p of its block (in double).
inline Dmat reference_forward(const Mlp& net, const double* p, const Dmat& X) {
  Dmat h = X;
  for (int l = 0; l < net.layers(); ++l) {
    const DenseLayer& d = net.layer(l);
    const Eigen::Map<const Dmat> W(p + d.offset, d.in, d.out);
    const Eigen::Map<const Dvec> b(p + d.offset + size_t(d.in) * d.out, d.out);
    Dmat a = W.transpose() * h;
    for (Eigen::Index j = 0; j < a.cols(); ++j)
      for (Eigen::Index i = 0; i < a.rows(); ++i) a(i, j) = reference_activation(d.activation, a(i, j) + b[i]);
    h = a;
  }
  return h;
}

// -1/B sum_j [log p(x_j|z_j) - KL_j] with eps fixed (AE: the mean loss), in double.
inline double reference_loss(const Vae& vae, const double* p, const Dmat& X, const Dmat& eps) {
  const Dmat out = reference_forward(vae.encoder(), p, X);
  const int L = vae.latent();
  Dmat z = out.topRows(L);
  double kl = 0;
  if (vae.variational()) {
    for (Eigen::Index j = 0; j < X.cols(); ++j)
      for (int k = 0; k < L; ++k) {
        const double mu = out(k, j), lv = out(L + k, j);
        z(k, j) = mu + std::exp(lv / 2) * eps(k, j);
        kl += 0.5 * (mu * mu + std::exp(lv) - 1 - lv);
      }
  }
  const Dmat a = reference_forward(vae.decoder(), p + vae.decoder_offset(), z);
  double recon = 0;
  for (Eigen::Index j = 0; j < X.cols(); ++j)
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
      const double y = 1 / (1 + std::exp(-a(i, j)));
      recon += X(i, j) * std::log(y) + (1 - X(i, j)) * std::log(1 - y);
    }
  return -(recon - kl) / double(X.cols());
}

// Central differences of f(p) (p: a double copy of the parameters) with step h.
template <class F>
Dvec central_differences(Dvec p, F f, double h = 1e-5) {
  Dvec g(p.size());
  for (Eigen::Index k = 0; k < p.size(); ++k) {
    const double keep = p[k];
    p[k] = keep + h;
    const double up = f(p);
    p[k] = keep - h;
    const double down = f(p);
    p[k] = keep;
    g[k] = (up - down) / (2 * h);
  }
  return g;
}

// The worst of |a - b| / max(1, |b|) over the entries.
inline double worst_relative_error(const Dvec& a, const Dvec& b) {
  return ((a - b).array().abs() / b.array().abs().max(1.0)).maxCoeff();
}

inline Dvec as_double(const ParamBuffer& p) {
  return Eigen::Map<const Vector>(p.data(), Eigen::Index(p.size())).cast<double>();
}

}  // namespace latent
