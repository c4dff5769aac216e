// The named random streams: every generator besides a run's training stream is
// seeded with stream_seed(seed, Stream::X), the run's seed XOR the stream's own
// constant, so that evaluation, display and sampling never draw from the training
// stream (a run's weights then do not depend on when the UI asked for a picture);
// the values differ, so no two streams of one run share a seed. The values are
// fixed: changing one changes every run that uses it.
#pragma once
#include <cstdint>

#include "rng.hpp"  // kGoldenGamma

namespace latent {

enum class Stream : uint64_t {
  RbmFantasy = 0xFA57A5,       // RBM fantasy chains: their start (sub 1: their Gibbs steps)
  RbmDisplay = 0xD15B1A,       // RBM reconstructions and the pseudo-likelihood's flipped bits
  GrbmFantasy = 0x6A55FA57,    // GRBM generation chains (sub 1: their Gibbs steps)
  GrbmDisplay = 0x6A55D15B,    // GRBM reconstructions
  DbnSample = 0xA5CE57,        // DBN ancestral samples
  Finetune = 0xF1E7,           // DBN fine-tuning's minibatch order (sub 1: the networks' initial weights)
  VaeEval = 0xE7A1,            // VAE evaluation noise on the training digits (sub 1: on the test digits)
  VaeImportance = 0x1A5A3F,    // VAE importance-weighted estimate (sub: index * kGoldenGamma, the digit's own)
  VaePriorNoise = 0x9A10E,     // VAE codes drawn from the prior (the worker decodes them)
  DrawingDream = 0xD4EA3,      // the Gibbs chain an RBM runs from a student's drawing
  RbmAis = 0xA15A15,           // annealed importance sampling's runs (an RBM's log Z)
  DbmAis = 0xDB3A15,           // the same for a DBM's log Z (over h1)
  GrbmAis = 0x6A55A15,         // the same for a GRBM's log Z
};

// seed ^ s ^ sub: the stream s of the run seeded by `seed`; sub (0: none) tells apart
// streams of one purpose, such as a chain's start and its steps.
constexpr uint64_t stream_seed(uint64_t seed, Stream s, uint64_t sub = 0) { return seed ^ uint64_t(s) ^ sub; }

// seed * kGoldenGamma + item: a stream of its own for each item (an image's fixed
// binarisation, a point set) that stays the same whatever else the run draws.
constexpr uint64_t item_seed(uint64_t seed, uint64_t item) { return seed * kGoldenGamma + item; }

}  // namespace latent
