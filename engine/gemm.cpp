// The register-blocked product (gemm.hpp): packing, the 8 x 4 micro-kernel, the blocking.
#include "gemm.hpp"

#include <algorithm>
#include <memory>

#include "product_threads.hpp"
#include "simd4.hpp"

namespace latent {
namespace {

using Index = std::ptrdiff_t;
using simd4::f4;
using simd4::load;
using simd4::store;

constexpr Index kMr = 8;            // rows of the C tile: two vectors
constexpr Index kNr = 4;            // columns of the C tile: four broadcasts (pack_b's transposes assume 4)
constexpr Index kMaxDepth = 256;    // k per block: an A and a B panel stay in L1
constexpr Index kBlockRows = 144;   // m per block: the packed A block stays in L2

// Rows [i0, i0 + mc) and columns [p0, p0 + kc) of A as panels of kMr rows; for each
// step p a panel holds its kMr values of column p0 + p; rows past A's end are zero.
void pack_a(const GemmOperand& a, Index i0, Index mc, Index p0, Index kc, float* out) {
  for (Index r = 0; r < mc; r += kMr, out += kMr * kc) {
    const Index rows = std::min(kMr, mc - r);
    const float* src = a.data + (i0 + r) * a.row_step + p0 * a.col_step;
    if (rows == kMr && a.row_step == 1) {  // a column's kMr values are contiguous
      for (Index p = 0; p < kc; ++p) {
        store(out + p * kMr, load(src + p * a.col_step));
        store(out + p * kMr + 4, load(src + p * a.col_step + 4));
      }
      continue;
    }
    Index p = 0;
    if (rows == kMr && a.col_step == 1)  // a row's values are contiguous: 4 x 4 transposes
      for (; p + 4 <= kc; p += 4)
        for (Index h = 0; h < kMr; h += 4) {
          f4 r[4];
          for (Index q = 0; q < 4; ++q) r[q] = load(src + (h + q) * a.row_step + p);
          simd4::transpose4(r);
          for (Index q = 0; q < 4; ++q) store(out + (p + q) * kMr + h, r[q]);
        }
    for (Index i = 0; i < kMr; ++i)
      for (Index q = p; q < kc; ++q) out[q * kMr + i] = i < rows ? src[i * a.row_step + q * a.col_step] : 0.0f;
  }
}

// Rows [p0, p0 + kc) of B, all its columns, as panels of kNr columns; for each step p a
// panel holds its kNr values of row p0 + p; columns past B's end are zero.
void pack_b(const GemmOperand& b, Index p0, Index kc, float* out) {
  for (Index j0 = 0; j0 < b.cols; j0 += kNr, out += kNr * kc) {
    const Index cols = std::min(kNr, b.cols - j0);
    const float* src = b.data + p0 * b.row_step + j0 * b.col_step;
    Index p = 0;
    if (cols == kNr && b.row_step == 1)  // a column's values are contiguous: 4 x 4 transposes
      for (; p + 4 <= kc; p += 4) {
        f4 r[4];
        for (Index q = 0; q < 4; ++q) r[q] = load(src + q * b.col_step + p);
        simd4::transpose4(r);
        for (Index q = 0; q < 4; ++q) store(out + (p + q) * kNr, r[q]);
      }
    for (Index j = 0; j < kNr; ++j)
      for (Index q = p; q < kc; ++q) out[q * kNr + j] = j < cols ? src[q * b.row_step + j * b.col_step] : 0.0f;
  }
}

// The rows x cols corner of an 8 x 4 tile of C (column-major, ldc) from one A panel and
// one B panel of depth kc: C = alpha * tile, or C += alpha * tile.
void micro_tile(Index kc, const float* ap, const float* bp, float* c, Index ldc, Index rows, Index cols,
                float alpha, bool accumulate) {
  f4 lo[kNr] = {}, hi[kNr] = {};
  for (Index p = 0; p < kc; ++p, ap += kMr, bp += kNr) {
    const f4 a0 = load(ap), a1 = load(ap + 4);
#pragma GCC unroll 8
    for (Index j = 0; j < kNr; ++j) {
      lo[j] += a0 * bp[j];
      hi[j] += a1 * bp[j];
    }
  }
  if (rows == kMr && cols == kNr) {
#pragma GCC unroll 8
    for (Index j = 0; j < kNr; ++j) {
      float* cj = c + j * ldc;
      f4 l = alpha * lo[j], h = alpha * hi[j];
      if (accumulate) {
        l += load(cj);
        h += load(cj + 4);
      }
      store(cj, l);
      store(cj + 4, h);
    }
    return;
  }
  float tile[kMr * kNr];
  for (Index j = 0; j < kNr; ++j) {
    store(tile + j * kMr, lo[j]);
    store(tile + j * kMr + 4, hi[j]);
  }
  for (Index j = 0; j < cols; ++j)
    for (Index i = 0; i < rows; ++i) {
      const float v = alpha * tile[i + j * kMr];
      c[i + j * ldc] = accumulate ? c[i + j * ldc] + v : v;
    }
}

Index round_up(Index x, Index step) { return (x + step - 1) / step * step; }

// The product on the caller's thread alone.
void gemm_serial(const GemmOperand& a, const GemmOperand& b, float* c, Index ldc, float alpha, bool accumulate) {
  const Index m = a.rows, n = b.cols, k = a.cols;
  if (m == 0 || n == 0) return;
  if (k == 0) {
    if (!accumulate)
      for (Index j = 0; j < n; ++j) std::fill(c + j * ldc, c + j * ldc + m, 0.0f);
    return;
  }
  // Equal blocks of depth (784 = 4 x 196, not 3 x 256 + 16).
  const Index depth_blocks = (k + kMaxDepth - 1) / kMaxDepth, depth = (k + depth_blocks - 1) / depth_blocks;
  const Index block_rows = std::min(round_up(m, kMr), kBlockRows);
  const std::unique_ptr<float[]> packed_a(new float[size_t(block_rows * depth)]);
  const std::unique_ptr<float[]> packed_b(new float[size_t(round_up(n, kNr) * depth)]);
  for (Index p0 = 0; p0 < k; p0 += depth) {
    const Index kc = std::min(depth, k - p0);
    const bool add = accumulate || p0 > 0;
    pack_b(b, p0, kc, packed_b.get());
    for (Index i0 = 0; i0 < m; i0 += kBlockRows) {
      const Index mc = std::min(kBlockRows, m - i0);
      pack_a(a, i0, mc, p0, kc, packed_a.get());
      for (Index j0 = 0; j0 < n; j0 += kNr)
        for (Index r = 0; r < mc; r += kMr)
          micro_tile(kc, packed_a.get() + r * kc, packed_b.get() + j0 * kc, c + (i0 + r) + j0 * ldc, ldc,
                     std::min(kMr, mc - r), std::min(kNr, n - j0), alpha, add);
    }
  }
}

constexpr Index kThreadedWork = Index(1) << 20;  // multiply-adds below which one thread does it all

}  // namespace

void gemm(const GemmOperand& a, const GemmOperand& b, float* c, Index ldc, float alpha, bool accumulate) {
  ProductThreads* threads = product_threads();
  const Index n = b.cols;
  const Index parts = threads && a.rows * n * a.cols >= kThreadedWork ? std::min<Index>(threads->size(), n / kNr) : 1;
  if (parts <= 1) {
    gemm_serial(a, b, c, ldc, alpha, accumulate);
    return;
  }
  // Columns of C in parts of whole tiles; each part is the serial product of A and its
  // columns of B, so every element is summed as the serial product sums it.
  const Index per = round_up((n + parts - 1) / parts, kNr);
  threads->run(int(parts), [&](int t) {
    const Index j0 = t * per, cols = std::min(per, n - j0);
    if (cols <= 0) return;
    GemmOperand columns = b;
    columns.data += j0 * b.col_step;
    columns.cols = cols;
    gemm_serial(a, columns, c + j0 * ldc, ldc, alpha, accumulate);
  });
}

}  // namespace latent
