#include "rbm_exact.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace latent {
namespace {

using MatrixD = Eigen::MatrixXd;
using VectorD = Eigen::VectorXd;

constexpr int kLowBits = 10;  // hidden states per block: 2^10 (fewer for tiny models)

long block_count(int hidden) { return 1L << std::max(0, hidden - kLowBits); }

// Enumerates the 2^nh hidden states of blocks [first_block, end_block). The low
// `L` bits vary inside a block (their products with W are computed once per
// call), the high bits select the block. For each block the callback receives
//   H     : nh x S   the hidden states,
//   A     : nv x S   b + W h, the visible pre-activations,
//   terms : S        log sum_v exp(-E(v,h)) = c^T h + sum_i softplus(A_i).
// Scalar is the precision of A and of the softplus terms and their column sums
// (Eigen's vectorised sums, whose error grows like sqrt(nv) eps): double for the
// tests' tiny models and gradients, float for the lab's larger ones, where Eigen
// evaluates exp and log 4 (wasm) or 16 (AVX-512) wide.
template <typename Scalar>
void for_each_hidden_block(
    const Rbm& rbm, long first_block, long end_block,
    const std::function<void(const MatrixD& H, const Eigen::Matrix<Scalar, -1, -1>& A, const VectorD& terms)>& fn) {
  using MatrixS = Eigen::Matrix<Scalar, -1, -1>;
  using VectorS = Eigen::Matrix<Scalar, -1, 1>;
  const int nh = rbm.hidden();
  const MatrixS W = rbm.W().cast<Scalar>();
  const VectorS b = rbm.b().cast<Scalar>();
  const VectorD c = rbm.c().cast<double>();
  const int L = std::min(nh, kLowBits);
  const int S = 1 << L;
  MatrixD H(nh, S);
  for (int s = 0; s < S; ++s)
    for (int j = 0; j < L; ++j) H(j, s) = (s >> j) & 1;
  const MatrixS P = W.leftCols(L) * H.topRows(L).cast<Scalar>();
  const VectorD c_low = H.topRows(L).transpose() * c.head(L);
  MatrixS A(P.rows(), S), sp(P.rows(), S);  // allocated once: fresh pages per block cost more than the maths
  VectorD terms(S);
  for (long high = first_block; high < end_block; ++high) {
    VectorS offset = b;
    double c_high = 0;
    for (int j = L; j < nh; ++j) {
      const double bit = (high >> (j - L)) & 1;
      H.row(j).setConstant(bit);
      if (bit != 0) {
        offset += W.col(j);
        c_high += c[j];
      }
    }
    A.noalias() = P.colwise() + offset;
    softplus(A, sp);
    terms = (c_low.array() + c_high).matrix() + sp.colwise().sum().transpose().template cast<double>();
    fn(H, A, terms);
  }
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
  MatrixD sp(pre.rows(), pre.cols());
  softplus(pre, sp);
  return -(Vd.transpose() * rbm.b().cast<double>()) - sp.colwise().sum().transpose();
}

}  // namespace

LogPartitionSum::LogPartitionSum(const Rbm& rbm, ExactPrecision precision)
    : rbm_(rbm),
      single_(precision == ExactPrecision::Float ||
              (precision == ExactPrecision::Auto && rbm.hidden() > kExactDoubleUpTo)),
      blocks_(block_count(rbm.hidden())) {}

bool LogPartitionSum::advance(long blocks) {
  blocks = std::max(blocks, 0L);
  const long end = blocks_ - next_ < blocks ? blocks_ : next_ + blocks;
  LogSumExp lse{max_, sum_};
  if (single_) {
    for_each_hidden_block<float>(rbm_, next_, end, [&](const MatrixD&, const Eigen::MatrixXf&, const VectorD& t) { lse.add(t); });
  } else {
    for_each_hidden_block<double>(rbm_, next_, end, [&](const MatrixD&, const MatrixD&, const VectorD& t) { lse.add(t); });
  }
  max_ = lse.max;
  sum_ = lse.sum;
  next_ = end;
  return done();
}

double LogPartitionSum::value() const { return LogSumExp{max_, sum_}.value(); }

double log_partition(const Rbm& rbm, ExactPrecision precision) {
  LogPartitionSum sum(rbm, precision);
  sum.advance(sum.blocks());
  return sum.value();
}

double exact_log_likelihood(const Rbm& rbm, const Matrix& V, double log_z) {
  return -free_energy_double(rbm, V).mean() - log_z;
}

double exact_log_likelihood(const Rbm& rbm, const Matrix& V) {
  return exact_log_likelihood(rbm, V, log_partition(rbm));
}

Eigen::VectorXd exact_gradient(const Rbm& rbm, const Matrix& V) {
  const int nh = rbm.hidden();
  const double n = double(V.cols());
  const MatrixD Vd = V.cast<double>();
  const MatrixD Hd =
      sigmoid(((rbm.W().cast<double>().transpose() * Vd).colwise() + rbm.c().cast<double>()).array()).matrix();
  MatrixD gW = Vd * Hd.transpose() / n;
  VectorD gb = Vd.rowwise().sum() / n;
  VectorD gc = Hd.rowwise().sum() / n;

  // Model term: sum_h p(h) E[v|h] h^T with E[v|h] = sigmoid(A), p(h) = exp(terms - log Z).
  const double log_z = log_partition(rbm, ExactPrecision::Double);
  for_each_hidden_block<double>(rbm, 0, block_count(nh), [&](const MatrixD& H, const MatrixD& A, const VectorD& terms) {
    const VectorD p = (terms.array() - log_z).exp();
    const MatrixD Ev = sigmoid(A.array()).matrix();
    const MatrixD Evp = Ev * p.asDiagonal();
    gW -= Evp * H.transpose();
    gb -= Evp.rowwise().sum();
    gc -= H * p;
  });

  return RbmParams::flat(gW, gb, gc);
}

}  // namespace latent
