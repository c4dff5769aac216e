// Classification loss for networks with a softmax output: one example per column of
// the logits A (classes x B), label y_j of column j.
//   softmax     p_kj = exp(A_kj - m_j) / sum_k' exp(A_k'j - m_j),   m_j = max_k A_kj (stable)
//   loss        L = (1/B) sum_j -log p_{y_j j} = (1/B) sum_j [logsumexp_k A_kj - A_{y_j j}]
//   gradient    dL/dA_kj = (p_kj - [k == y_j]) / B
//   errors      the columns whose arg max_k A_kj is not y_j (ties: the lowest k)
#pragma once
#include <cstdint>

#include "kernels.hpp"

namespace latent {

// The mean cross-entropy over the columns of logits, in nats; labels[j] in
// [0, classes) for j < logits.cols(). dlogits (when not null) gets dL/dA; errors
// (when not null) the count of misclassified columns.
double softmax_cross_entropy(const Matrix& logits, const uint8_t* labels, Matrix* dlogits, int* errors);

}  // namespace latent
