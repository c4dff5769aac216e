#include "batch.hpp"

#include <numeric>

namespace latent {

const char* binarization_name(Binarization b) {
  switch (b) {
    case Binarization::Probabilities: return "probabilities";
    case Binarization::FixedStochastic: return "fixed_stochastic";
    case Binarization::Dynamic: return "dynamic";
    case Binarization::Threshold: return "threshold";
  }
  return "unknown";
}

bool binarization_from_name(const std::string& name, Binarization& out) {
  for (Binarization b : {Binarization::Probabilities, Binarization::FixedStochastic,
                         Binarization::Dynamic, Binarization::Threshold}) {
    if (name == binarization_name(b)) {
      out = b;
      return true;
    }
  }
  return false;
}

void make_batch(const IdxImages& images, const int* indices, int n, Binarization mode,
                uint64_t fixed_seed, Rng& rng, Matrix& out) {
  const int dim = images.dim();
  out.resize(dim, n);
  constexpr float kScale = 1.0f / 255.0f;
  for (int j = 0; j < n; ++j) {
    const uint8_t* x = images.image(indices[j]);
    float* v = out.col(j).data();
    switch (mode) {
      case Binarization::Probabilities:
        for (int i = 0; i < dim; ++i) v[i] = float(x[i]) * kScale;
        break;
      case Binarization::Threshold:
        for (int i = 0; i < dim; ++i) v[i] = x[i] > 127 ? 1.0f : 0.0f;
        break;
      case Binarization::Dynamic:
        for (int i = 0; i < dim; ++i) v[i] = rng.uniform() < float(x[i]) * kScale ? 1.0f : 0.0f;
        break;
      case Binarization::FixedStochastic: {
        // Each image has its own stream, so its binarisation never changes.
        Rng image_rng(fixed_seed * 0x9E3779B97F4A7C15ull + uint64_t(indices[j]));
        for (int i = 0; i < dim; ++i) v[i] = image_rng.uniform() < float(x[i]) * kScale ? 1.0f : 0.0f;
        break;
      }
    }
  }
}

void shuffle_indices(std::vector<int>& indices, int count, Rng& rng) {
  indices.resize(count);
  std::iota(indices.begin(), indices.end(), 0);
  for (int i = count - 1; i > 0; --i) std::swap(indices[i], indices[rng.below(uint32_t(i + 1))]);
}

}  // namespace latent
