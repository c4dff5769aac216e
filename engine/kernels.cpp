// The kernels (kernels.hpp): products and element-wise passes through the hand-written
// kernels in wasm and through Eigen natively; GEMV through Eigen; the samplers.
#include "kernels.hpp"

#include <cmath>

#include "gemm.hpp"
#include "simd4.hpp"

namespace latent {
namespace {
// Under WebAssembly SIMD128 the hand-written kernels: the register-blocked product
// (gemm.hpp), where Eigen's general kernel takes a 4 x 4 tile, and exp, sigmoid and
// softplus four lanes wide (simd4.hpp), where Eigen's are partly scalar. Natively
// Eigen's own (AVX, AVX-512: wider than four lanes).
#ifdef __wasm_simd128__
constexpr bool kOwnKernels = true;
#else
constexpr bool kOwnKernels = false;
#endif

// x_i = f(x_i + add_i) for i < n (add null: f(x_i)), four at a time; the last n % 4
// one by one in lane 0.
template <class F>
void map4(float* x, Eigen::Index n, const float* add, F f) {
  using namespace simd4;
  Eigen::Index i = 0;
  if (add)
    for (; i + 4 <= n; i += 4) store(x + i, f(load(x + i) + load(add + i)));
  else
    for (; i + 4 <= n; i += 4) store(x + i, f(load(x + i)));
  for (; i < n; ++i) x[i] = f(splat(x[i] + (add ? add[i] : 0.0f)))[0];
}

// out = sigmoid(out + bias), bias added to every column.
void add_bias_sigmoid(Matrix& out, const ConstVectorMap& bias) {
  if constexpr (kOwnKernels) {
    for (Eigen::Index j = 0; j < out.cols(); ++j)
      map4(out.data() + j * out.rows(), out.rows(), bias.data(), [](simd4::f4 x) { return simd4::sigmoid(x); });
  } else {
    out.colwise() += bias;
    sigmoid_inplace(out);
  }
}

GemmOperand view(const float* data, Eigen::Index rows, Eigen::Index cols, Eigen::Index ld, bool transpose) {
  return transpose ? transposed(data, rows, cols, ld) : as_is(data, rows, cols, ld);
}
// out = W^T V
void product_tn(Matrix& out, const ConstMatrixMap& W, const Matrix& V) {
  out.resize(W.cols(), V.cols());
  if constexpr (kOwnKernels)
    gemm(view(W.data(), W.rows(), W.cols(), W.outerStride(), true), view(V.data(), V.rows(), V.cols(), V.rows(), false),
         out.data(), out.rows(), 1.0f, false);
  else
    out.noalias() = W.transpose() * V;
}
}  // namespace

void sigmoid_inplace(Matrix& m) {
  if constexpr (kOwnKernels)
    map4(m.data(), m.size(), nullptr, [](simd4::f4 x) { return simd4::sigmoid(x); });
  else
    m.array() = sigmoid(m.array());
}

void softplus(const Matrix& a, Matrix& out) {
  if constexpr (kOwnKernels) {
    out = a;
    map4(out.data(), out.size(), nullptr, [](simd4::f4 x) { return simd4::softplus(x); });
  } else {
    out.array() = softplus(a.array());
  }
}

void affine_tn(Matrix& out, const ConstMatrixMap& W, const Matrix& V, const ConstVectorMap& bias) {
  product_tn(out, W, V);
  out.colwise() += bias;
}

void affine_tn_sigmoid(Matrix& out, const ConstMatrixMap& W, const Matrix& V, const ConstVectorMap& bias) {
  product_tn(out, W, V);
  add_bias_sigmoid(out, bias);
}

void affine_nn(Matrix& out, const ConstMatrixMap& W, const Matrix& H, const ConstVectorMap& bias) {
  gemm_nn(out, W, H);
  out.colwise() += bias;
}

void affine_nn_sigmoid(Matrix& out, const ConstMatrixMap& W, const Matrix& H, const ConstVectorMap& bias) {
  gemm_nn(out, W, H);
  add_bias_sigmoid(out, bias);
}

void gemm_nt(Matrix& out, const Matrix& A, const Matrix& B, float alpha) {
  out.resize(A.rows(), B.rows());
  gemm_nt(MatrixMap(out.data(), out.rows(), out.cols()), A, B, alpha);
}

void gemm_nt(MatrixMap out, const Matrix& A, const Matrix& B, float alpha) {
  if constexpr (kOwnKernels)
    gemm(view(A.data(), A.rows(), A.cols(), A.rows(), false), view(B.data(), B.rows(), B.cols(), B.rows(), true),
         out.data(), out.outerStride(), alpha, false);
  else
    out.noalias() = alpha * (A * B.transpose());
}

void gemm_nn(Matrix& out, const ConstMatrixMap& W, const Matrix& G) {
  out.resize(W.rows(), G.cols());
  if constexpr (kOwnKernels)
    gemm(view(W.data(), W.rows(), W.cols(), W.outerStride(), false), view(G.data(), G.rows(), G.cols(), G.rows(), false),
         out.data(), out.rows(), 1.0f, false);
  else
    out.noalias() = W * G;
}

void gemv_t(Vector& out, const Matrix& A, const Eigen::Ref<const Vector>& x) {
  out.resize(A.cols());
  out.noalias() = A.transpose() * x;
}

void sample_bernoulli(Matrix& out, const Matrix& probs, Rng& rng) {
  out.resize(probs.rows(), probs.cols());
  const float* p = probs.data();
  float* o = out.data();
  const Eigen::Index n = probs.size();
  for (Eigen::Index i = 0; i < n; ++i) o[i] = rng.uniform() < p[i] ? 1.0f : 0.0f;
}

void sample_gaussian(Matrix& out, const Matrix& means, const Vector* sd, Rng& rng) {
  const Eigen::Index n = means.size(), pairs = (n + 1) / 2;
  Eigen::ArrayXf u1(pairs), u2(pairs);
  constexpr float k24 = 1.0f / 16777216.0f;
  for (Eigen::Index k = 0; k < pairs; ++k) {
    const uint64_t bits = rng.next_u64();
    u1[k] = float((bits >> 40) + 1) * k24;          // (0, 1]: the log stays finite
    u2[k] = float((bits >> 16) & 0xFFFFFF) * k24;    // [0, 1)
  }
  const Eigen::ArrayXf radius = (-2.0f * u1.log()).sqrt(), angle = 6.2831853f * u2;
  Eigen::ArrayXf noise(2 * pairs);
  noise.head(pairs) = radius * angle.cos();
  noise.tail(pairs) = radius * angle.sin();
  out.resize(means.rows(), means.cols());
  const auto e = Eigen::Map<const Eigen::ArrayXXf>(noise.data(), means.rows(), means.cols());
  if (sd)
    out.array() = means.array() + e.colwise() * sd->array();
  else
    out.array() = means.array() + e;
}

bool all_finite(const float* data, size_t n) {
  // x - x is 0 for finite x and NaN for NaN/Inf; one accumulated test is branch-free.
  float acc = 0.0f;
  for (size_t i = 0; i < n; ++i) acc += data[i] - data[i];
  return acc == 0.0f;
}

bool all_within(const float* data, size_t n, float limit) {
  // One pass, four lanes: |x| <= limit is false for NaN, so the lanes' AND of the
  // comparisons is all ones only when every entry is finite and within the limit.
  using namespace simd4;
  const f4 bound = splat(limit);
  i4 ok = splat_int(-1);
  size_t i = 0;
  for (; i + 4 <= n; i += 4) ok &= abs(load(data + i)) <= bound;
  bool all = (ok[0] & ok[1] & ok[2] & ok[3]) != 0;
  for (; i < n; ++i) all = all && std::abs(data[i]) <= limit;
  return all;
}

}  // namespace latent
