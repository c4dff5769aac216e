// The kernels (kernels.hpp): products through the register-blocked kernel (wasm) or
// Eigen (native), GEMV through Eigen, element-wise
// passes through its vectorised functions, and the samplers.
#include "kernels.hpp"

#include <cmath>

#include "gemm.hpp"

namespace latent {
// Eigen's vectorised exp (SSE, hence SIMD128 in wasm).
void sigmoid_inplace(Matrix& m) { m.array() = sigmoid(m.array()); }

namespace {
// The products: the register-blocked kernel (gemm.hpp) under WebAssembly SIMD128, where
// Eigen's general kernel takes a 4 x 4 tile; Eigen's own (AVX, AVX-512) natively.
#ifdef __wasm_simd128__
constexpr bool kOwnGemm = true;
#else
constexpr bool kOwnGemm = false;
#endif

GemmOperand view(const float* data, Eigen::Index rows, Eigen::Index cols, Eigen::Index ld, bool transpose) {
  return transpose ? transposed(data, rows, cols, ld) : as_is(data, rows, cols, ld);
}
}  // namespace

void affine_tn(Matrix& out, const ConstMatrixMap& W, const Matrix& V, const ConstVectorMap& bias) {
  out.resize(W.cols(), V.cols());
  if constexpr (kOwnGemm)
    gemm(view(W.data(), W.rows(), W.cols(), W.outerStride(), true), view(V.data(), V.rows(), V.cols(), V.rows(), false),
         out.data(), out.rows(), 1.0f, false);
  else
    out.noalias() = W.transpose() * V;
  out.colwise() += bias;
}

void affine_tn_sigmoid(Matrix& out, const ConstMatrixMap& W, const Matrix& V, const ConstVectorMap& bias) {
  affine_tn(out, W, V, bias);
  sigmoid_inplace(out);
}

void affine_nn(Matrix& out, const ConstMatrixMap& W, const Matrix& H, const ConstVectorMap& bias) {
  gemm_nn(out, W, H);
  out.colwise() += bias;
}

void affine_nn_sigmoid(Matrix& out, const ConstMatrixMap& W, const Matrix& H, const ConstVectorMap& bias) {
  affine_nn(out, W, H, bias);
  sigmoid_inplace(out);
}

void gemm_nt(Matrix& out, const Matrix& A, const Matrix& B, float alpha) {
  out.resize(A.rows(), B.rows());
  gemm_nt(MatrixMap(out.data(), out.rows(), out.cols()), A, B, alpha);
}

void gemm_nt(MatrixMap out, const Matrix& A, const Matrix& B, float alpha) {
  if constexpr (kOwnGemm)
    gemm(view(A.data(), A.rows(), A.cols(), A.rows(), false), view(B.data(), B.rows(), B.cols(), B.rows(), true),
         out.data(), out.outerStride(), alpha, false);
  else
    out.noalias() = alpha * (A * B.transpose());
}

void gemm_nn(Matrix& out, const ConstMatrixMap& W, const Matrix& G) {
  out.resize(W.rows(), G.cols());
  if constexpr (kOwnGemm)
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
  if (n == 0) return true;
  // Two vectorised passes: a NaN or Inf anywhere makes the sum non-finite (so
  // does overflow, which needs entries far beyond any sane limit).
  const auto a = ConstVectorMap(data, Eigen::Index(n)).array();
  return std::isfinite(a.sum()) && a.abs().maxCoeff() <= limit;
}

}  // namespace latent
