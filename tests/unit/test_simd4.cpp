// The four-lane functions (engine/simd4) against the standard library in double
// precision, over their whole ranges, and the kernels built on them.
#include <doctest/doctest.h>

#include <cmath>

#include "kernels.hpp"
#include "simd4.hpp"

using namespace latent;

namespace {

// The largest error of f against reference over n points spread over [lo, hi] (the
// ends included), relative to |reference| (relative) or to max(1, |reference|).
template <class F, class R>
double worst_error(F f, R reference, double lo, double hi, bool relative) {
  double worst = 0.0;
  const int n = 200001;
  for (int k = 0; k < n; k += 4) {
    float x[4];
    for (int l = 0; l < 4; ++l) x[l] = float(lo + (hi - lo) * std::min(k + l, n - 1) / (n - 1));
    const simd4::f4 y = f(simd4::load(x));
    for (int l = 0; l < 4; ++l) {
      const double r = reference(double(x[l]));
      const double scale = relative ? std::abs(r) : std::max(1.0, std::abs(r));
      worst = std::max(worst, std::abs(double(y[l]) - r) / scale);
    }
  }
  return worst;
}

}  // namespace

TEST_CASE("simd4: exp, log1p, sigmoid and softplus within a few float roundings of double references") {
  using namespace simd4;
  CHECK(worst_error([](f4 x) { return exp_nonpositive(x); }, [](double x) { return std::exp(x); }, -87.0, 0.0, true) <
        4e-7);
  CHECK(worst_error([](f4 x) { return log1p_unit(x); }, [](double x) { return std::log1p(x); }, 1e-30, 1.0, true) <
        4e-7);
  CHECK(worst_error([](f4 x) { return sigmoid(x); }, [](double x) { return 1.0 / (1.0 + std::exp(-x)); }, -80.0,
                    80.0, true) < 5e-7);
  CHECK(worst_error([](f4 x) { return softplus(x); }, [](double x) { return std::log1p(std::exp(x)); }, -80.0, 80.0,
                    true) < 5e-7);
  // The far ends: no overflow, no NaN, the right limits.
  const f4 far = f4{-1e30f, -200.0f, 200.0f, 1e30f};
  const f4 s = sigmoid(far), p = softplus(far);
  CHECK(s[0] == doctest::Approx(0.0));
  CHECK(s[1] < 1e-37f);
  CHECK(s[2] == 1.0f);
  CHECK(s[3] == 1.0f);
  CHECK(p[0] < 1e-37f);
  CHECK(p[2] == 200.0f);
  CHECK(p[3] == 1e30f);
  CHECK(exp_nonpositive(splat(0.0f))[0] == 1.0f);
}

TEST_CASE("kernels: sigmoid_inplace, softplus and the sigmoid products agree with Eigen's expressions") {
  Matrix m = 30.0f * Matrix::Random(7, 5);  // 35 entries: the tail of four-lane passes too
  const Matrix before = m;
  sigmoid_inplace(m);
  CHECK((m.array() - sigmoid(before.array())).abs().maxCoeff() < 1e-6f);
  Matrix sp;
  softplus(before, sp);
  CHECK((sp.array() - softplus(before.array())).abs().maxCoeff() < 1e-5f);
  const Matrix W = Matrix::Random(9, 6), V = Matrix::Random(9, 3), H = Matrix::Random(6, 3);
  const Vector b = Vector::Random(9), c = Vector::Random(6);
  const ConstMatrixMap w(W.data(), W.rows(), W.cols());
  Matrix out;
  affine_tn_sigmoid(out, w, V, ConstVectorMap(c.data(), c.size()));
  CHECK((out.array() - sigmoid(((W.transpose() * V).colwise() + c).array())).abs().maxCoeff() < 1e-6f);
  affine_nn_sigmoid(out, w, H, ConstVectorMap(b.data(), b.size()));
  CHECK((out.array() - sigmoid(((W * H).colwise() + b).array())).abs().maxCoeff() < 1e-6f);
}
