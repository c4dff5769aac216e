// Exact quantities of a small binary RBM by enumeration, in double precision.
//   log Z     = log sum_h exp(c^T h) prod_i (1 + exp(b_i + W_i: h))   (sum over 2^nh states)
//   log p(v)  = -F(v) - log Z
//   gradient  d/dW mean_data log p(v) = <v p(h|v)^T>_data - <v h^T>_model  (model term by
//             enumerating 2^nh hidden states, the visibles summed out analytically)
// Used by the tests and by the lab's exact log-likelihood when nh <= kMaxExactHidden.
#pragma once
#include <Eigen/Core>
#include <limits>

#include "rbm.hpp"

namespace latent {

constexpr int kMaxExactHidden = 20;
// Up to this many hidden units the enumeration evaluates its softplus terms in
// double; above it in float (summed in double: log Z within ~1e-6 relative),
// which is what makes 20 hidden units take a second rather than ten.
constexpr int kExactDoubleUpTo = 12;
enum class ExactPrecision { Auto, Double, Float };

double log_partition(const Rbm& rbm, ExactPrecision precision = ExactPrecision::Auto);

// log Z summed a slice of hidden states at a time, so that a host (the worker)
// can spread 2^20 states over many short steps and stay responsive. It keeps
// its own copy of the model. log_partition() is one advance over all blocks.
class LogPartitionSum {
 public:
  explicit LogPartitionSum(const Rbm& rbm, ExactPrecision precision = ExactPrecision::Auto);
  // Sums up to `blocks` more blocks (of up to 1024 states each); true when all are in.
  bool advance(long blocks);
  bool done() const { return next_ >= blocks_; }
  long blocks() const { return blocks_; }
  double fraction() const { return double(next_) / double(blocks_); }
  double value() const;  // log Z, once done
  const Rbm& model() const { return rbm_; }

 private:
  Rbm rbm_;
  bool single_;
  long blocks_, next_ = 0;
  double max_ = -std::numeric_limits<double>::infinity(), sum_ = 0;  // running log-sum-exp
};
// Mean exact log-likelihood of the columns of V.
double exact_log_likelihood(const Rbm& rbm, const Matrix& V);
double exact_log_likelihood(const Rbm& rbm, const Matrix& V, double log_z);

// Gradient of the mean log-likelihood of V, laid out like the parameter buffer.
Eigen::VectorXd exact_gradient(const Rbm& rbm, const Matrix& V);

}  // namespace latent
