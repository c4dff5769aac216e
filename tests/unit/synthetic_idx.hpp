// synthetic_idx: a small MNIST-shaped dataset as IDX bytes, for the worker's tests and
// fuzzers: blobs whose row follows the label (no files read).
#pragma once
#include <cstdint>
#include <vector>

namespace latent::test {

inline std::vector<uint8_t> be32(uint32_t v) {
  return {uint8_t(v >> 24), uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)};
}
inline std::vector<uint8_t> idx_images(int n, int rows, int cols) {
  std::vector<uint8_t> b = {0, 0, 8, 3};
  for (uint32_t d : {uint32_t(n), uint32_t(rows), uint32_t(cols)}) {
    auto w = be32(d);
    b.insert(b.end(), w.begin(), w.end());
  }
  for (int i = 0; i < n; ++i) {
    const int label = i % 10;
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) {
        const bool on = r / 3 == label % 9 && (c + i) % 5 != 0;
        b.push_back(on ? 230 : uint8_t((r * 7 + c * 13 + i) % 20));
      }
  }
  return b;
}
inline std::vector<uint8_t> idx_labels(int n) {
  std::vector<uint8_t> b = {0, 0, 8, 1};
  auto w = be32(uint32_t(n));
  b.insert(b.end(), w.begin(), w.end());
  for (int i = 0; i < n; ++i) b.push_back(uint8_t(i % 10));
  return b;
}

}  // namespace latent::test
