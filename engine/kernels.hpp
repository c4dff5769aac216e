// Kernels: the one door every heavy product and element-wise pass goes through.
// Models call these rather than scattering Eigen expressions, so a faster
// kernel (a hand-written SIMD128 micro-kernel, a threaded path) replaces one
// place and speeds up every model.
//
// Legend: matrices are column-major float; a batch holds one example per column.
//   W : nv x nh      V : nv x B      H : nh x B
#pragma once
#include <Eigen/Core>
#include <cmath>
#include <vector>

#include "rng.hpp"

namespace latent {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic>;
using Vector = Eigen::Matrix<float, Eigen::Dynamic, 1>;
using MatrixMap = Eigen::Map<Matrix>;
using VectorMap = Eigen::Map<Vector>;
using ConstMatrixMap = Eigen::Map<const Matrix>;
using ConstVectorMap = Eigen::Map<const Vector>;

// Flat parameter buffers, aligned like Eigen's own storage: Eigen's vectorised
// reductions peel unaligned heads, so an unaligned buffer would change the
// order of additions, and with it the bits of the result, from run to run.
using ParamBuffer = std::vector<float, Eigen::aligned_allocator<float>>;

// out = sigmoid(W^T V + bias)        (hidden pre-activations from visibles)
void affine_tn_sigmoid(Matrix& out, const ConstMatrixMap& W, const Matrix& V, const ConstVectorMap& bias);
// out = sigmoid(W H + bias)          (visible pre-activations from hiddens)
void affine_nn_sigmoid(Matrix& out, const ConstMatrixMap& W, const Matrix& H, const ConstVectorMap& bias);
// out = W H + bias (no non-linearity: a Gaussian visible layer's means)
void affine_nn(Matrix& out, const ConstMatrixMap& W, const Matrix& H, const ConstVectorMap& bias);
// out = W^T V + bias (no non-linearity)
void affine_tn(Matrix& out, const ConstMatrixMap& W, const Matrix& V, const ConstVectorMap& bias);
// out = alpha * A B^T                (outer-product statistics, e.g. <v h^T>)
void gemm_nt(Matrix& out, const Matrix& A, const Matrix& B, float alpha);
// The same into a block of a flat buffer (a layer's weight gradient H G^T); out
// must already have A's rows and B's rows.
void gemm_nt(MatrixMap out, const Matrix& A, const Matrix& B, float alpha);
// out = W G                          (backpropagation to a layer's input)
void gemm_nn(Matrix& out, const ConstMatrixMap& W, const Matrix& G);
// out = A^T x                        (one number per column of A, e.g. b^T v per example)
void gemv_t(Vector& out, const Matrix& A, const Eigen::Ref<const Vector>& x);

// sigmoid(a) = 1 / (1 + exp(-a)), element-wise, as an Eigen expression of any array
// (float or double; Eigen's vectorised exp). The expression refers to a's matrices:
// assign it within the statement that makes it.
template <typename Derived>
auto sigmoid(const Eigen::ArrayBase<Derived>& a) {
  using Scalar = typename Derived::Scalar;
  return (Scalar(1) + (-a).exp()).inverse();
}
// m = sigmoid(m), element-wise.
void sigmoid_inplace(Matrix& m);

// out_ij = 1 if u_ij < probs_ij else 0, with u ~ U[0,1) drawn from rng.
void sample_bernoulli(Matrix& out, const Matrix& probs, Rng& rng);
// out = means + e, e_ij ~ N(0, sd_i^2) (sd null: 1). Box-Muller on pairs of 24-bit
// uniforms (two from each 64-bit draw), both outputs used, with Eigen's vectorised
// log, sqrt, sin and cos: many times faster than Rng::normal per value (the tails
// stop at 5.8 sd, beyond which lies a mass of 1e-8).
void sample_gaussian(Matrix& out, const Matrix& means, const Vector* sd, Rng& rng);

// log(1 + exp(x)) = max(x, 0) + log(1 + exp(-|x|)), stable for large |x|: one value,
// an Eigen expression of any array (as sigmoid above), and a whole matrix (Eigen's
// vectorised exp and log; any scalar type).
inline float softplus(float x) {
  return x > 0.0f ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
}
template <typename Derived>
auto softplus(const Eigen::ArrayBase<Derived>& a) {
  using Scalar = typename Derived::Scalar;  // scalars of the array's own type keep Eigen's vector path
  return a.max(Scalar(0)) + (Scalar(1) + (-a.abs()).exp()).log();
}
template <typename M>
void softplus(const M& a, M& out) {
  out.array() = softplus(a.array());
}
// The same for a float matrix: four lanes at a time in wasm (simd4.hpp).
void softplus(const Matrix& a, Matrix& out);

// true when every entry is finite.
bool all_finite(const float* data, size_t n);
// true when every entry is finite with |x| <= limit (NaN fails the comparison).
bool all_within(const float* data, size_t n, float limit);

}  // namespace latent
