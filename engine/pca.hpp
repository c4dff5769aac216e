// Principal component analysis, through Eigen's symmetric eigensolver, in double.
// Data X: D x N, one example per column.
//   mean         m = (1/N) sum_n x_n
//   covariance   C = (1/N) sum_n (x_n - m)(x_n - m)^T = U diag(lambda) U^T, lambda descending
//   components   U_k = the first k columns of U (orthonormal, D x k)
//   transform    z = U_k^T (x - m)       (any x: PCA places unseen data)
//   inverse      x^ = m + U_k z          (the best rank-k reconstruction in squared error)
//   explained    lambda_j (variance along component j), lambda_j / trace(C) (its share)
// When N < D the N x N Gram matrix G = X_c^T X_c / N (X_c the centred data) is
// decomposed instead: G = V diag(lambda) V^T gives U = X_c V diag(N lambda)^-1/2, the
// same components for a fraction of the work. Each component's sign is fixed so
// that its entry of largest magnitude is positive (a deterministic choice).
#pragma once
#include <Eigen/Core>

#include "kernels.hpp"
#include "status.hpp"

namespace latent {

class Pca {
 public:
  // Fits k components (1 <= k <= min(D, N), N >= 2); an error otherwise.
  Status fit(const Matrix& X, int k);

  int dim() const { return int(mean_.size()); }
  int components() const { return int(U_.cols()); }
  const Eigen::VectorXd& mean() const { return mean_; }
  const Eigen::MatrixXd& basis() const { return U_; }                      // D x k, orthonormal columns
  const Eigen::VectorXd& explained_variance() const { return variance_; }  // lambda_1..k
  Eigen::VectorXd explained_ratio() const { return variance_ / total_variance_; }
  double total_variance() const { return total_variance_; }                // trace(C)

  void transform(const Matrix& X, Matrix& Z) const;          // Z = U_k^T (X - m), k x N
  void inverse_transform(const Matrix& Z, Matrix& X) const;  // X = m + U_k Z, D x N

 private:
  Eigen::VectorXd mean_, variance_;
  Eigen::MatrixXd U_;
  double total_variance_ = 0;
};

}  // namespace latent
