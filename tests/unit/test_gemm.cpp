// The register-blocked product (engine/gemm) against a double-precision loop, for
// every transposition, edge tiles, several depth and row blocks, alpha and
// accumulation; split among product threads (the same bits); and the kernels that
// use it (engine/kernels) against Eigen.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "gemm.hpp"
#include "kernels.hpp"
#include "product_threads.hpp"

using namespace latent;

namespace {

std::vector<float> random_values(size_t n, Rng& rng) {
  std::vector<float> v(n);
  for (float& x : v) x = rng.normal();
  return v;
}

double at(const GemmOperand& x, std::ptrdiff_t i, std::ptrdiff_t j) {
  return x.data[i * x.row_step + j * x.col_step];
}

// The largest |C - reference| relative to the sum of |a_ip b_pj| (the rounding scale).
double gemm_error(std::ptrdiff_t m, std::ptrdiff_t n, std::ptrdiff_t k, bool ta, bool tb, float alpha, bool accumulate,
                  Rng& rng) {
  const std::ptrdiff_t lda = (ta ? k : m) + 3, ldb = (tb ? n : k) + 1, ldc = m + 2;  // padded leading dimensions
  const std::vector<float> av = random_values(size_t(lda * (ta ? m : k)), rng);
  const std::vector<float> bv = random_values(size_t(ldb * (tb ? k : n)), rng);
  std::vector<float> c = random_values(size_t(ldc * n), rng);
  const std::vector<float> c_before = c;
  const GemmOperand a = ta ? transposed(av.data(), k, m, lda) : as_is(av.data(), m, k, lda);
  const GemmOperand b = tb ? transposed(bv.data(), n, k, ldb) : as_is(bv.data(), k, n, ldb);
  gemm(a, b, c.data(), ldc, alpha, accumulate);
  double worst = 0.0;
  for (std::ptrdiff_t j = 0; j < n; ++j)
    for (std::ptrdiff_t i = 0; i < ldc; ++i) {
      const size_t at_c = size_t(i + j * ldc);
      if (i >= m) {  // the padding between columns is never written
        worst = std::max(worst, c[at_c] == c_before[at_c] ? 0.0 : HUGE_VAL);
        continue;
      }
      double sum = 0.0, scale = 1e-30;
      for (std::ptrdiff_t p = 0; p < k; ++p) {
        sum += at(a, i, p) * at(b, p, j);
        scale += std::abs(at(a, i, p) * at(b, p, j));
      }
      const double expected = alpha * sum + (accumulate ? c_before[at_c] : 0.0);
      worst = std::max(worst, std::abs(c[at_c] - expected) / (std::abs(alpha) * scale + std::abs(c_before[at_c])));
    }
  return worst;
}

}  // namespace

TEST_CASE("gemm: every transposition, edge tiles and blocks, alpha and accumulation, against a double loop") {
  Rng rng(11);
  // Shapes around the 8 x 6 tile, across the 144-row block and the 256 depth block.
  const std::ptrdiff_t shapes[][3] = {{1, 1, 1},  {7, 5, 3},   {8, 6, 4},    {9, 7, 17},  {16, 12, 1},
                                      {150, 13, 9}, {17, 25, 300}, {300, 7, 520}, {33, 100, 784}};
  for (const auto& s : shapes)
    for (int t = 0; t < 4; ++t) {
      const bool ta = t & 1, tb = t & 2, accumulate = (s[0] + t) % 2 == 0;
      const float alpha = t == 3 ? -0.5f : 1.0f;
      CAPTURE(s[0]);
      CAPTURE(s[1]);
      CAPTURE(s[2]);
      CAPTURE(t);
      CHECK(gemm_error(s[0], s[1], s[2], ta, tb, alpha, accumulate, rng) < 1e-5);
    }
}

TEST_CASE("gemm: depth 0 gives C = 0, or leaves C alone when accumulating") {
  const float a[1] = {0.0f}, b[1] = {0.0f};
  std::vector<float> c(6, 3.0f);
  gemm(as_is(a, 2, 0, 2), as_is(b, 0, 3, 1), c.data(), 2, 1.0f, true);
  CHECK(c == std::vector<float>(6, 3.0f));
  gemm(as_is(a, 2, 0, 2), as_is(b, 0, 3, 1), c.data(), 2, 1.0f, false);
  CHECK(c == std::vector<float>(6, 0.0f));
}

TEST_CASE("kernels: the products agree with Eigen's for an RBM's shapes") {
  const Matrix W = Matrix::Random(37, 23), V = Matrix::Random(37, 10), H = Matrix::Random(23, 10);
  const Vector bv = Vector::Random(37), bh = Vector::Random(23);
  const ConstMatrixMap w(W.data(), W.rows(), W.cols());
  Matrix out;
  affine_tn(out, w, V, ConstVectorMap(bh.data(), bh.size()));
  CHECK((out - ((W.transpose() * V).colwise() + bh)).cwiseAbs().maxCoeff() < 1e-5f);
  affine_nn(out, w, H, ConstVectorMap(bv.data(), bv.size()));
  CHECK((out - ((W * H).colwise() + bv)).cwiseAbs().maxCoeff() < 1e-5f);
  gemm_nt(out, V, H, 0.25f);
  CHECK((out - 0.25f * V * H.transpose()).cwiseAbs().maxCoeff() < 1e-5f);
  gemm_nn(out, w, H);
  CHECK((out - W * H).cwiseAbs().maxCoeff() < 1e-5f);
}

TEST_CASE("gemm with product threads: the same bits as on one thread; every part runs once") {
#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
  const int helpers = 0;  // the single-thread wasm build has no threads to start
#else
  const int helpers = 3;
#endif
  ProductThreads threads(helpers);
  REQUIRE(threads.size() == helpers + 1);
  std::vector<int> runs(size_t(threads.size()), 0);
  for (int round = 0; round < 50; ++round) threads.run(threads.size(), [&](int part) { ++runs[size_t(part)]; });
  CHECK(runs == std::vector<int>(size_t(threads.size()), 50));
  Rng rng(4);
  // The RBM's three shapes, and ones whose columns do not split evenly into tiles.
  const std::ptrdiff_t shapes[][3] = {{500, 100, 784}, {784, 100, 500}, {784, 500, 100}, {300, 37, 200}, {129, 9, 1000}};
  for (const auto& s : shapes)
    for (int t = 0; t < 4; ++t) {
      const std::ptrdiff_t m = s[0], n = s[1], k = s[2];
      const bool ta = t & 1, tb = t & 2;
      const std::vector<float> av = random_values(size_t(m * k), rng), bv = random_values(size_t(k * n), rng);
      const GemmOperand a = ta ? transposed(av.data(), k, m, k) : as_is(av.data(), m, k, m);
      const GemmOperand b = tb ? transposed(bv.data(), n, k, n) : as_is(bv.data(), k, n, k);
      std::vector<float> alone = random_values(size_t(m * n), rng), shared = alone;
      gemm(a, b, alone.data(), m, 0.5f, t == 2);
      {
        const ProductThreadsInUse in_use(&threads);
        gemm(a, b, shared.data(), m, 0.5f, t == 2);
      }
      CAPTURE(m);
      CAPTURE(n);
      CAPTURE(t);
      CHECK(shared == alone);
    }
}
