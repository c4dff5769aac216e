// Four-lane float vectors for the engine's hand-written loops, in the compilers'
// generic vector types: SSE natively, SIMD128 in WebAssembly (where Eigen's exp
// and log are partly scalar), and the functions the models need on them:
//
//   exp(x), x <= 0:   n = round(x / ln 2), r = x - n ln 2 (|r| <= ln 2 / 2, ln 2 in two
//                     parts so that r is exact), exp(x) = 2^n * (Taylor series of e^r to
//                     r^7; the first term left out is below 1e-8 relative); x is first
//                     clamped at -87.3, where 2^n is still a normal float.
//   log1p(u), u in [0, 1]:  t = u / (2 + u) in [0, 1/3], log(1 + u) = 2 atanh(t)
//                     = 2 (t + t^3/3 + ... + t^13/13); the rest is below 2e-8 relative.
//   sigmoid(x) = 1 / (1 + e) for x >= 0, e / (1 + e) otherwise, with e = exp(-|x|):
//                     no overflow for any x.
//   softplus(x) = log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|)).
#pragma once
#include <cstdint>
#include <cstring>

namespace latent::simd4 {

typedef float f4 __attribute__((vector_size(16)));
typedef int32_t i4 __attribute__((vector_size(16)));

inline f4 load(const float* p) {
  f4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store(float* p, f4 v) { std::memcpy(p, &v, sizeof v); }
inline f4 splat(float x) { return f4{x, x, x, x}; }
inline i4 splat_int(int32_t x) { return i4{x, x, x, x}; }

// Rows r[0..3] of a 4 x 4 block become its columns.
inline void transpose4(f4 r[4]) {
  const f4 t0 = __builtin_shufflevector(r[0], r[1], 0, 4, 1, 5), t1 = __builtin_shufflevector(r[0], r[1], 2, 6, 3, 7);
  const f4 t2 = __builtin_shufflevector(r[2], r[3], 0, 4, 1, 5), t3 = __builtin_shufflevector(r[2], r[3], 2, 6, 3, 7);
  r[0] = __builtin_shufflevector(t0, t2, 0, 1, 4, 5);
  r[1] = __builtin_shufflevector(t0, t2, 2, 3, 6, 7);
  r[2] = __builtin_shufflevector(t1, t3, 0, 1, 4, 5);
  r[3] = __builtin_shufflevector(t1, t3, 2, 3, 6, 7);
}

// mask ? a : b, lane by lane (mask lanes all ones or all zeros, as comparisons give).
inline f4 select(i4 mask, f4 a, f4 b) { return (f4)(((i4)a & mask) | ((i4)b & ~mask)); }
inline f4 abs(f4 x) { return (f4)((i4)x & splat_int(0x7fffffff)); }
inline f4 max(f4 a, f4 b) { return select(a > b, a, b); }

inline f4 exp_nonpositive(f4 x) {
  x = max(x, splat(-87.3f));
  const f4 shifter = splat(12582912.0f);  // 1.5 * 2^23: adding it rounds to an integer
  const f4 k = x * splat(1.44269504f) + shifter;
  const f4 n = k - shifter;
  const f4 r = (x - n * splat(0.693359375f)) - n * splat(-2.12194440e-4f);
  f4 p = splat(1.0f / 5040.0f);
  p = p * r + splat(1.0f / 720.0f);
  p = p * r + splat(1.0f / 120.0f);
  p = p * r + splat(1.0f / 24.0f);
  p = p * r + splat(1.0f / 6.0f);
  p = p * r + splat(0.5f);
  p = p * r + splat(1.0f);
  p = p * r + splat(1.0f);
  const i4 two_n = ((i4)k - (i4)shifter + 127) << 23;
  return p * (f4)two_n;
}

inline f4 log1p_unit(f4 u) {
  const f4 t = u / (splat(2.0f) + u), t2 = t * t;
  f4 s = splat(1.0f / 13.0f);
  s = s * t2 + splat(1.0f / 11.0f);
  s = s * t2 + splat(1.0f / 9.0f);
  s = s * t2 + splat(1.0f / 7.0f);
  s = s * t2 + splat(1.0f / 5.0f);
  s = s * t2 + splat(1.0f / 3.0f);
  s = s * t2 + splat(1.0f);
  return splat(2.0f) * t * s;
}

inline f4 sigmoid(f4 x) {
  const f4 e = exp_nonpositive(-abs(x));
  const f4 d = splat(1.0f) / (splat(1.0f) + e);
  return select(x >= splat(0.0f), d, e * d);
}

inline f4 softplus(f4 x) { return max(x, splat(0.0f)) + log1p_unit(exp_nonpositive(-abs(x))); }

}  // namespace latent::simd4
