// PCA (engine/pca) against Eigen's SVD of the centred data and a planted low-rank
// dataset: the recovered subspace, the explained variance, transforms of unseen data,
// and the Gram path (fewer examples than dimensions) against the covariance path.
#include <doctest/doctest.h>

#include <Eigen/SVD>
#include <cmath>

#include "pca.hpp"

using namespace latent;

namespace {

// N points in D dimensions near a planted 3-D subspace: x = m + B diag(s) z + noise e.
Matrix planted(int D, int N, const Eigen::MatrixXd& basis, const Eigen::Vector3d& scales, double noise, Rng& rng) {
  Matrix X(D, N);
  for (int n = 0; n < N; ++n) {
    Eigen::VectorXd x = Eigen::VectorXd::Constant(D, 2.0);
    for (int k = 0; k < 3; ++k) x += basis.col(k) * scales[k] * rng.normal();
    for (int i = 0; i < D; ++i) x[i] += noise * rng.normal();
    X.col(n) = x.cast<float>();
  }
  return X;
}

Eigen::MatrixXd random_basis(int D, int k, Rng& rng) {
  Eigen::MatrixXd A(D, k);
  for (Eigen::Index i = 0; i < A.size(); ++i) A.data()[i] = rng.normal();
  return Eigen::HouseholderQR<Eigen::MatrixXd>(A).householderQ() * Eigen::MatrixXd::Identity(D, k);
}

}  // namespace

TEST_CASE("PCA: a planted 3-D subspace in 20-D is recovered; variances match Eigen's SVD") {
  Rng rng(4);
  const int D = 20, N = 600;
  const Eigen::MatrixXd B = random_basis(D, 3, rng);
  const Matrix X = planted(D, N, B, Eigen::Vector3d(5, 3, 2), 0.05, rng);
  Pca pca;
  REQUIRE(pca.fit(X, 3).ok);
  CHECK(pca.components() == 3);
  // Subspace: the singular values of B^T U are the cosines of the principal angles.
  const Eigen::VectorXd cosines = Eigen::JacobiSVD<Eigen::MatrixXd>(B.transpose() * pca.basis()).singularValues();
  CHECK(cosines.minCoeff() > 0.999);
  CHECK((pca.basis().transpose() * pca.basis() - Eigen::MatrixXd::Identity(3, 3)).cwiseAbs().maxCoeff() < 1e-10);
  // Reference: SVD of the centred data, X_c = U S V^T: variances S^2 / N.
  const Eigen::MatrixXd Xc = X.cast<double>().colwise() - X.cast<double>().rowwise().mean();
  Eigen::JacobiSVD<Eigen::MatrixXd> svd(Xc, Eigen::ComputeThinU);
  for (int j = 0; j < 3; ++j) {
    const double ref = svd.singularValues()[j] * svd.singularValues()[j] / N;
    CHECK(pca.explained_variance()[j] == doctest::Approx(ref).epsilon(1e-9));
    CHECK(std::abs(svd.matrixU().col(j).dot(pca.basis().col(j))) > 1 - 1e-9);
  }
  CHECK(pca.total_variance() == doctest::Approx(Xc.squaredNorm() / N).epsilon(1e-12));
  // The planted variances 25, 9, 4 (+ noise 0.0025 each) hold nearly all of it.
  CHECK(pca.explained_ratio().sum() > 0.99);
  CHECK(pca.explained_variance()[0] == doctest::Approx(25).epsilon(0.15));
  // Unseen points from the same law: reconstructed from 3 numbers up to the noise.
  const Matrix unseen = planted(D, 50, B, Eigen::Vector3d(5, 3, 2), 0.05, rng);
  Matrix Z, back;
  pca.transform(unseen, Z);
  REQUIRE(Z.rows() == 3);
  pca.inverse_transform(Z, back);
  CHECK(std::sqrt((back - unseen).squaredNorm() / unseen.size()) < 0.06);
}

TEST_CASE("PCA: fewer examples than dimensions (Gram path) agrees with the covariance path; bad input refused") {
  Rng rng(6);
  const int D = 40, N = 25;
  Matrix X(D, N);
  for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = rng.normal() * float(1 + (i % D) % 5);
  Pca gram, cov;
  REQUIRE(gram.fit(X, 5).ok);
  // The covariance path on the same data: embed as D x N with N >= D by duplicating columns
  // (the covariance is unchanged when every column appears twice).
  Matrix twice(D, 2 * N);
  twice << X, X;
  REQUIRE(cov.fit(twice, 5).ok);
  CHECK((gram.explained_variance() - cov.explained_variance()).cwiseAbs().maxCoeff() < 1e-9);
  CHECK((gram.basis() - cov.basis()).cwiseAbs().maxCoeff() < 1e-7);
  Matrix Z;
  gram.transform(X, Z);
  CHECK(Z.rows() == 5);
  CHECK(Z.cols() == N);
  CHECK(std::abs(double(Z.row(0).mean())) < 1e-4);  // centred
  CHECK_FALSE(gram.fit(X, 0).ok);
  CHECK_FALSE(gram.fit(X, 26).ok);
  CHECK_FALSE(gram.fit(X.leftCols(1), 1).ok);
}
