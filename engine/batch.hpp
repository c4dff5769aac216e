// Minibatches: images stay uint8 in memory and become floats one minibatch at
// a time, in one of four binarisations:
//   Probabilities   v = x / 255                        (grey levels as Bernoulli means)
//   FixedStochastic v ~ Bernoulli(x / 255), drawn once per image from (seed, index)
//   Dynamic         v ~ Bernoulli(x / 255), drawn afresh every time (from the caller's Rng)
//   Threshold       v = [x / 255 > 0.5]
// A batch is a dim x n column-major matrix: one image per column.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "idx.hpp"
#include "kernels.hpp"
#include "rng.hpp"

namespace latent {

enum class Binarization { Probabilities = 0, FixedStochastic = 1, Dynamic = 2, Threshold = 3 };

const char* binarization_name(Binarization b);            // "probabilities", ...
bool binarization_from_name(const std::string& name, Binarization& out);

// Fills out (images.dim() x n) with images indices[0..n).
// fixed_seed is used by FixedStochastic only; rng by Dynamic only.
void make_batch(const IdxImages& images, const int* indices, int n, Binarization mode,
                uint64_t fixed_seed, Rng& rng, Matrix& out);

// The grey levels x / 255 of images indices[0..n) (make_batch's Probabilities, which
// draws nothing: no generator needed).
void grey_batch(const IdxImages& images, const int* indices, int n, Matrix& out);

// The binarisation a model trained with `training` is evaluated and shown with:
// deterministic, so that evaluation draws nothing and gives the same numbers every
// time. A Dynamic run is evaluated on the FixedStochastic binarisation of its seed;
// the other three as they are.
Binarization evaluation_binarization(Binarization training);

// make_batch in evaluation_binarization(training) (no generator needed).
void evaluation_batch(const IdxImages& images, const int* indices, int n, Binarization training,
                      uint64_t fixed_seed, Matrix& out);

// 0, 1, ..., n-1: the first n examples of a set, which evaluations measure on
// (empty for n <= 0).
std::vector<int> first_indices(int n);

// The shuffled order of one epoch: a permutation of 0..count-1.
void shuffle_indices(std::vector<int>& indices, int count, Rng& rng);

}  // namespace latent
