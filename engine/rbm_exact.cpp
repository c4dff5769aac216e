#include "rbm_exact.hpp"

#include <cmath>
#include <functional>
#include <limits>

namespace latent {
namespace {

using MatrixD = Eigen::MatrixXd;
using VectorD = Eigen::VectorXd;

MatrixD softplus(const MatrixD& a) {
  return a.array().max(0.0) + (1.0 + (-a.array().abs()).exp()).log();
}

// Enumerates all 2^nh hidden states in blocks. The low `L` bits vary inside a
// block (their products with W are computed once), the high bits select the
// block. For each block the callback receives
//   H     : nh x S   the hidden states,
//   A     : nv x S   b + W h, the visible pre-activations,
//   terms : S        log sum_v exp(-E(v,h)) = c^T h + sum_i softplus(A_i).
void for_each_hidden_block(const Rbm& rbm,
                           const std::function<void(const MatrixD& H, const MatrixD& A, const VectorD& terms)>& fn) {
  const int nv = rbm.visible(), nh = rbm.hidden();
  const MatrixD W = rbm.W().cast<double>();
  const VectorD b = rbm.b().cast<double>(), c = rbm.c().cast<double>();
  const int L = std::min(nh, 10);
  const int S = 1 << L;
  MatrixD H(nh, S);
  for (int s = 0; s < S; ++s)
    for (int j = 0; j < L; ++j) H(j, s) = (s >> j) & 1;
  const MatrixD P = W.leftCols(L) * H.topRows(L);
  const VectorD c_low = H.topRows(L).transpose() * c.head(L);
  for (long high = 0; high < (1L << (nh - L)); ++high) {
    VectorD offset = b;
    double c_high = 0;
    for (int j = L; j < nh; ++j) {
      const double bit = (high >> (j - L)) & 1;
      H.row(j).setConstant(bit);
      if (bit != 0) {
        offset += W.col(j);
        c_high += c[j];
      }
    }
    const MatrixD A = P.colwise() + offset;
    const VectorD terms = (c_low.array() + c_high).matrix() + softplus(A).colwise().sum().transpose();
    fn(H, A, terms);
  }
  (void)nv;
}

// log sum_h exp(-F-like terms), accumulated block by block.
struct LogSumExp {
  double max = -std::numeric_limits<double>::infinity();
  double sum = 0;
  void add(const VectorD& x) {
    const double m = x.maxCoeff();
    if (m > max) {
      sum *= std::exp(max - m);
      max = m;
    }
    sum += (x.array() - max).exp().sum();
  }
  double value() const { return max + std::log(sum); }
};

VectorD free_energy_double(const Rbm& rbm, const Matrix& V) {
  const MatrixD Vd = V.cast<double>();
  const MatrixD pre = (rbm.W().cast<double>().transpose() * Vd).colwise() + rbm.c().cast<double>();
  return -(Vd.transpose() * rbm.b().cast<double>()) - softplus(pre).colwise().sum().transpose();
}

}  // namespace

double log_partition(const Rbm& rbm) {
  LogSumExp lse;
  for_each_hidden_block(rbm, [&](const MatrixD&, const MatrixD&, const VectorD& terms) { lse.add(terms); });
  return lse.value();
}

double exact_log_likelihood(const Rbm& rbm, const Matrix& V, double log_z) {
  return -free_energy_double(rbm, V).mean() - log_z;
}

double exact_log_likelihood(const Rbm& rbm, const Matrix& V) {
  return exact_log_likelihood(rbm, V, log_partition(rbm));
}

Eigen::VectorXd exact_gradient(const Rbm& rbm, const Matrix& V) {
  const int nv = rbm.visible(), nh = rbm.hidden();
  const double n = double(V.cols());
  const MatrixD Vd = V.cast<double>();
  const MatrixD Hd = (1.0 + (-((rbm.W().cast<double>().transpose() * Vd).colwise() +
                               rbm.c().cast<double>()).array()).exp()).inverse().matrix();
  MatrixD gW = Vd * Hd.transpose() / n;
  VectorD gb = Vd.rowwise().sum() / n;
  VectorD gc = Hd.rowwise().sum() / n;

  // Model term: sum_h p(h) E[v|h] h^T with E[v|h] = sigmoid(A), p(h) = exp(terms - log Z).
  const double log_z = log_partition(rbm);
  for_each_hidden_block(rbm, [&](const MatrixD& H, const MatrixD& A, const VectorD& terms) {
    const VectorD p = (terms.array() - log_z).exp();
    const MatrixD Ev = (1.0 + (-A.array()).exp()).inverse().matrix();
    const MatrixD Evp = Ev * p.asDiagonal();
    gW -= Evp * H.transpose();
    gb -= Evp.rowwise().sum();
    gc -= H * p;
  });

  Eigen::VectorXd g(size_t(nv) * nh + nv + nh);
  g.head(size_t(nv) * nh) = Eigen::Map<const VectorD>(gW.data(), gW.size());
  g.segment(size_t(nv) * nh, nv) = gb;
  g.tail(nh) = gc;
  return g;
}

}  // namespace latent
