// Dbm (dbm.hpp): the joint energy, the composite RBM, mean field, the bound, Gibbs.
#include "dbm.hpp"

#include <algorithm>
#include <cmath>

namespace latent {
namespace {

// sum over entries of the Bernoulli entropy -mu log mu - (1 - mu) log(1 - mu), per column.
Eigen::VectorXd entropies(const Matrix& M) {
  const Eigen::ArrayXXd m = M.cast<double>().array().min(1.0 - 1e-12).max(1e-12);
  return (-(m * m.log() + (1.0 - m) * (1.0 - m).log())).colwise().sum().transpose();
}

}  // namespace

Dbm::Dbm(int visible, int hidden1, int hidden2)
    : nv_(visible), n1_(hidden1), n2_(hidden2),
      w2_(size_t(visible) * hidden1), b_(w2_ + size_t(hidden1) * hidden2),
      params_(b_ + size_t(visible) + hidden1 + hidden2, 0.0f) {}

double Dbm::energy(const Vector& v, const Vector& h1, const Vector& h2) const {
  const Eigen::VectorXd vd = v.cast<double>(), a = h1.cast<double>(), z = h2.cast<double>();
  return -vd.dot(W1().cast<double>() * a) - a.dot(W2().cast<double>() * z) - b().cast<double>().dot(vd) -
         c1().cast<double>().dot(a) - c2().cast<double>().dot(z);
}

Rbm Dbm::composite() const {
  Rbm r(nv_ + n2_, n1_);
  r.W().topRows(nv_) = W1();
  r.W().bottomRows(n2_) = W2().transpose();
  r.b().head(nv_) = b();
  r.b().tail(n2_) = c2();
  r.c() = c1();
  return r;
}

Rbm Dbm::h1_marginal() const {
  const Rbm c = composite();
  Rbm r(n1_, nv_ + n2_);
  r.W() = c.W().transpose();
  r.b() = c.c();
  r.c() = c.b();
  return r;
}

float Dbm::mean_field(const Matrix& V, int iterations, Matrix& M1, Matrix& M2) const {
  const Eigen::Index B = V.cols();
  Matrix in1, prev;
  affine_tn(in1, W1(), V, c1());  // c1 + W1^T v: fixed for all rounds
  if (M1.rows() != n1_ || M1.cols() != B || M2.rows() != n2_ || M2.cols() != B) {
    M1 = (2.0f * in1).colwise() - c1();
    sigmoid_inplace(M1);
    affine_tn_sigmoid(M2, W2(), M1, c2());
  }
  float change = 0;
  for (int it = 0; it < iterations; ++it) {
    prev = M1;
    gemm_nn(M1, W2(), M2);
    M1 += in1;
    sigmoid_inplace(M1);
    const Matrix prev2 = M2;
    affine_tn_sigmoid(M2, W2(), M1, c2());
    change = std::max((M1 - prev).cwiseAbs().maxCoeff(), (M2 - prev2).cwiseAbs().maxCoeff());
  }
  return change;
}

Eigen::VectorXd Dbm::lower_bound(const Matrix& V, const Matrix& M1, const Matrix& M2, double log_z) const {
  const Eigen::MatrixXd v = V.cast<double>(), m1 = M1.cast<double>(), m2 = M2.cast<double>();
  const Eigen::MatrixXd w1 = W1().cast<double>(), w2 = W2().cast<double>();
  const Eigen::VectorXd neg_energy = (v.cwiseProduct(w1 * m1)).colwise().sum().transpose() +
                                     (m1.cwiseProduct(w2 * m2)).colwise().sum().transpose() +
                                     v.transpose() * b().cast<double>() + m1.transpose() * c1().cast<double>() +
                                     m2.transpose() * c2().cast<double>();
  return (neg_energy + entropies(M1) + entropies(M2)).array() - log_z;
}

void Dbm::gibbs_sweep(Matrix& V, Matrix& H1, Matrix& H2, Rng& rng) const {
  Matrix p;
  affine_tn(p, W1(), V, c1());
  Matrix top;
  gemm_nn(top, W2(), H2);
  p += top;
  sigmoid_inplace(p);
  sample_bernoulli(H1, p, rng);
  visible_probs(H1, p);
  sample_bernoulli(V, p, rng);
  affine_tn_sigmoid(p, W2(), H1, c2());
  sample_bernoulli(H2, p, rng);
}

Eigen::VectorXd exact_log_p(const Dbm& dbm, const Matrix& V, double log_z) {
  // log p*(v) = b^T v + log sum_h1 exp(c1^T h1 + v^T W1 h1) prod_k (1 + exp(c2_k + (W2^T h1)_k))
  const int n1 = dbm.hidden1();
  const long S = 1L << n1;
  Eigen::MatrixXd H(n1, S);
  for (long s = 0; s < S; ++s)
    for (int j = 0; j < n1; ++j) H(j, s) = double((s >> j) & 1);
  const Eigen::MatrixXd w1 = dbm.W1().cast<double>(), w2 = dbm.W2().cast<double>();
  const Eigen::VectorXd c1 = dbm.c1().cast<double>(), c2 = dbm.c2().cast<double>();
  Eigen::MatrixXd top = (w2.transpose() * H).colwise() + c2;  // n2 x S
  softplus(top, top);
  const Eigen::RowVectorXd per_h1 = c1.transpose() * H + top.colwise().sum();  // 1 x S
  const Eigen::MatrixXd v = V.cast<double>();
  const Eigen::MatrixXd terms = (v.transpose() * w1 * H).rowwise() + per_h1;  // B x S
  Eigen::VectorXd out(V.cols());
  for (Eigen::Index i = 0; i < V.cols(); ++i) {
    const double m = terms.row(i).maxCoeff();
    out[i] = dbm.b().cast<double>().dot(v.col(i)) + m + std::log((terms.row(i).array() - m).exp().sum()) - log_z;
  }
  return out;
}

}  // namespace latent
