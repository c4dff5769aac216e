// Minibatches from IDX images in the four binarisations, the evaluation's binarisation,
// grey-level batches that draw nothing, and the shuffled order of an epoch (batch.hpp).
#include "batch.hpp"

#include <algorithm>
#include <numeric>

#include "rng_streams.hpp"

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

namespace {

// make_batch's work; rng is used (and must not be null) by Dynamic only.
void fill_batch(const IdxImages& images, const int* indices, int n, Binarization mode, uint64_t fixed_seed,
                Rng* rng, Matrix& out) {
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
        for (int i = 0; i < dim; ++i) v[i] = rng->uniform() < float(x[i]) * kScale ? 1.0f : 0.0f;
        break;
      case Binarization::FixedStochastic: {
        // Each image has its own stream, so its binarisation never changes.
        Rng image_rng(item_seed(fixed_seed, uint64_t(indices[j])));
        for (int i = 0; i < dim; ++i) v[i] = image_rng.uniform() < float(x[i]) * kScale ? 1.0f : 0.0f;
        break;
      }
    }
  }
}

}  // namespace

void make_batch(const IdxImages& images, const int* indices, int n, Binarization mode,
                uint64_t fixed_seed, Rng& rng, Matrix& out) {
  fill_batch(images, indices, n, mode, fixed_seed, &rng, out);
}

void grey_batch(const IdxImages& images, const int* indices, int n, Matrix& out) {
  fill_batch(images, indices, n, Binarization::Probabilities, 0, nullptr, out);
}

Binarization evaluation_binarization(Binarization training) {
  return training == Binarization::Dynamic ? Binarization::FixedStochastic : training;
}

void evaluation_batch(const IdxImages& images, const int* indices, int n, Binarization training,
                      uint64_t fixed_seed, Matrix& out) {
  fill_batch(images, indices, n, evaluation_binarization(training), fixed_seed, nullptr, out);
}

std::vector<int> first_indices(int n) {
  std::vector<int> idx(size_t(std::max(n, 0)));
  std::iota(idx.begin(), idx.end(), 0);
  return idx;
}

void shuffle_indices(std::vector<int>& indices, int count, Rng& rng) {
  indices.resize(count);
  std::iota(indices.begin(), indices.end(), 0);
  for (int i = count - 1; i > 0; --i) std::swap(indices[i], indices[rng.below(uint32_t(i + 1))]);
}

}  // namespace latent
