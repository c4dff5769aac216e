// fuzz_bytes: the fuzzer's input read as a stream of choices (a byte, a number,
// a word), for the harnesses that build structured input (strokes, commands).
// Past the end every read gives 0, so any input is a complete program.
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

namespace latent::fuzz {

class FuzzBytes {
 public:
  FuzzBytes(const uint8_t* data, size_t size) : p_(data), end_(data + size) {}

  bool done() const { return p_ >= end_; }
  uint8_t byte() { return p_ < end_ ? *p_++ : 0; }
  // 0 .. n-1 (n >= 1).
  int below(int n) { return int(byte()) % n; }
  bool flag() { return byte() & 1; }
  // A float: usually a small number, sometimes an edge (0, extremes, NaN, inf) or raw bits.
  float number() {
    switch (below(8)) {
      case 0: return 0.0f;
      case 1: return std::numeric_limits<float>::quiet_NaN();
      case 2: return (flag() ? -1.0f : 1.0f) * std::numeric_limits<float>::infinity();
      case 3: {
        uint32_t bits = 0;
        for (int k = 0; k < 4; ++k) bits = (bits << 8) | byte();
        float x;
        std::memcpy(&x, &bits, sizeof x);
        return x;
      }
      case 4: return float(int16_t(uint16_t(byte()) << 8 | byte()));
      default: return float(int8_t(byte())) / 8.0f;
    }
  }
  // A whole number with edges: 0, ±1, small, large, the int range's ends.
  long long integer() {
    switch (below(6)) {
      case 0: return int8_t(byte());
      case 1: return byte();
      case 2: return int16_t(uint16_t(byte()) << 8 | byte());
      case 3: return std::numeric_limits<int>::max() - byte();
      case 4: return std::numeric_limits<long long>::min() + byte();
      default: return (long long)(uint16_t(byte()) << 8 | byte()) * 1000;
    }
  }
  // Up to max_length bytes as text.
  std::string text(size_t max_length) {
    const size_t n = size_t(byte()) % (max_length + 1);
    std::string s;
    for (size_t i = 0; i < n && !done(); ++i) s.push_back(char(byte()));
    return s;
  }

 private:
  const uint8_t* p_;
  const uint8_t* end_;
};

}  // namespace latent::fuzz
