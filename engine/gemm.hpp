// A register-blocked single-precision matrix product for 128-bit vectors (the
// engine's products in WebAssembly SIMD128, where Eigen's general kernel takes a
// smaller shape than the registers allow):
//
//   C = alpha * A B        (accumulate: C += alpha * A B)
//
// A is m x k, B is k x n, C is m x n column-major with leading dimension ldc.
// A and B are strided views, so a transposed operand costs nothing to describe:
// element (i, j) of a view sits at data[i * row_step + j * col_step].
//
// The shape follows the Goto/BLIS scheme: k in blocks of at most 256, m in blocks
// of 144 rows; each block of A is packed into panels of 8 rows and all of B's
// block into panels of 4 columns (zero-padded at the edges), and a micro-kernel
// keeps an 8 x 4 tile of C in 8 vector registers while it runs over the block's
// depth: per step, two vector loads of A, four broadcasts of B, eight multiplies
// and eight adds. Fifteen registers in all, which is what V8 gives on x86-64 (an
// 8 x 6 tile measured slower: V8 loads all of a step's broadcasts first and spills
// accumulators). Written with the compilers' generic vector types, so the same
// code runs natively (where the unit tests check it against Eigen) and as SIMD128.
// With product threads in use (product_threads.hpp) a large product is split by the
// columns of C among them, with the same result to the bit.
#pragma once
#include <cstddef>

namespace latent {

struct GemmOperand {
  const float* data;
  std::ptrdiff_t rows, cols, row_step, col_step;
};

// A view of a column-major matrix (rows x cols, leading dimension ld), as is or transposed.
inline GemmOperand as_is(const float* data, std::ptrdiff_t rows, std::ptrdiff_t cols, std::ptrdiff_t ld) {
  return {data, rows, cols, 1, ld};
}
inline GemmOperand transposed(const float* data, std::ptrdiff_t rows, std::ptrdiff_t cols, std::ptrdiff_t ld) {
  return {data, cols, rows, ld, 1};
}

// C = alpha A B, or C += alpha A B. A.cols must equal B.rows; C is A.rows x B.cols.
void gemm(const GemmOperand& a, const GemmOperand& b, float* c, std::ptrdiff_t ldc, float alpha, bool accumulate);

}  // namespace latent
