// Rng: an explicit, seedable pseudo-random generator (xoshiro256**, seeded by
// splitmix64). Every random draw in the engine takes one of these by
// reference; there is no global generator. Same seed, same stream, on every
// platform (integer arithmetic only until the final float conversion).
#pragma once
#include <cmath>
#include <cstdint>

namespace latent {

// 2^64 / golden ratio: splitmix64's increment, and the multiplier that spreads
// per-item seeds apart (item_seed in rng_streams.hpp).
constexpr uint64_t kGoldenGamma = 0x9E3779B97F4A7C15ull;

inline uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += kGoldenGamma);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

class Rng {
 public:
  explicit Rng(uint64_t seed = 1) { reseed(seed); }

  void reseed(uint64_t seed) {
    uint64_t sm = seed;
    for (auto& word : s_) word = splitmix64(sm);
  }

  uint64_t next_u64() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1) with 24 random bits (exactly representable as float).
  float uniform() { return float(next_u64() >> 40) * (1.0f / 16777216.0f); }

  // Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; bias < 2^-32 * n).
  uint32_t below(uint32_t n) {
    return uint32_t(((next_u64() >> 32) * uint64_t(n)) >> 32);
  }

  // Standard normal (Box-Muller; one value per call for simplicity).
  float normal() {
    const double u1 = (double(next_u64() >> 11) + 1.0) * (1.0 / 9007199254740993.0);
    const double u2 = double(next_u64() >> 11) * (1.0 / 9007199254740992.0);
    return float(std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2));
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace latent
