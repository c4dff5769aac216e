// softmax_cross_entropy (classifier.hpp): loss, gradient and error count, in double per column.
#include "classifier.hpp"

#include <cmath>

namespace latent {

double softmax_cross_entropy(const Matrix& logits, const uint8_t* labels, Matrix* dlogits, int* errors) {
  const Eigen::Index K = logits.rows(), B = logits.cols();
  if (dlogits) dlogits->resize(K, B);
  double total = 0;
  int wrong = 0;
  for (Eigen::Index j = 0; j < B; ++j) {
    Eigen::Index best = 0;
    const float m = logits.col(j).maxCoeff(&best);
    double sum = 0;
    for (Eigen::Index k = 0; k < K; ++k) sum += std::exp(double(logits(k, j) - m));
    const int y = labels[j];
    total += std::log(sum) + double(m) - double(logits(y, j));
    if (best != y) ++wrong;
    if (dlogits) {
      for (Eigen::Index k = 0; k < K; ++k)
        (*dlogits)(k, j) = float((std::exp(double(logits(k, j) - m)) / sum - (k == y ? 1.0 : 0.0)) / double(B));
    }
  }
  if (errors) *errors = wrong;
  return B > 0 ? total / double(B) : 0.0;
}

}  // namespace latent
