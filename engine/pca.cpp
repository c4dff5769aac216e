// Pca (pca.hpp): covariance or Gram eigendecomposition, transforms.
#include "pca.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <string>

namespace latent {

Status Pca::fit(const Matrix& X, int k) {
  const Eigen::Index D = X.rows(), N = X.cols();
  if (N < 2 || D < 1) return Status::error("PCA needs at least two examples.");
  if (k < 1 || k > std::min(D, N))
    return Status::error("PCA can give between 1 and " + std::to_string(std::min(D, N)) + " components here.");
  const Eigen::MatrixXd Xd = X.cast<double>();
  mean_ = Xd.rowwise().mean();
  const Eigen::MatrixXd Xc = Xd.colwise() - mean_;
  total_variance_ = Xc.squaredNorm() / double(N);
  Eigen::MatrixXd U(D, k);
  Eigen::VectorXd lambda(k);
  if (N >= D) {
    Eigen::MatrixXd C = Eigen::MatrixXd::Zero(D, D);
    C.selfadjointView<Eigen::Lower>().rankUpdate(Xc, 1.0 / double(N));
    C.triangularView<Eigen::StrictlyUpper>() = C.transpose();
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(C);  // ascending
    for (int j = 0; j < k; ++j) {
      U.col(j) = eig.eigenvectors().col(D - 1 - j);
      lambda[j] = eig.eigenvalues()[D - 1 - j];
    }
  } else {
    const Eigen::MatrixXd G = Xc.transpose() * Xc / double(N);
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(G);
    for (int j = 0; j < k; ++j) {
      lambda[j] = eig.eigenvalues()[N - 1 - j];
      const Eigen::VectorXd u = Xc * eig.eigenvectors().col(N - 1 - j);
      const double norm = u.norm();
      U.col(j) = norm > 0 ? Eigen::VectorXd(u / norm) : Eigen::VectorXd::Unit(D, std::min<Eigen::Index>(j, D - 1));
    }
  }
  for (int j = 0; j < k; ++j) {
    Eigen::Index big;
    U.col(j).cwiseAbs().maxCoeff(&big);
    if (U(big, j) < 0) U.col(j) = -U.col(j);
  }
  variance_ = lambda.cwiseMax(0.0);
  U_ = U;
  return Status::success();
}

void Pca::transform(const Matrix& X, Matrix& Z) const {
  Z = (U_.transpose() * (X.cast<double>().colwise() - mean_)).cast<float>();
}

void Pca::inverse_transform(const Matrix& Z, Matrix& X) const {
  X = ((U_ * Z.cast<double>()).colwise() + mean_).cast<float>();
}

}  // namespace latent
