// The data's mean pixel and the visible biases it starts a model with:
//   pixel_mean      each pixel's mean over the first n images, as a model sees it in
//                   expectation (Threshold: the thresholded pixel; the other three
//                   binarisations: the grey level x / 255, the mean of their draws)
//   kLogitClamp*    the range a mean is clamped to before its logit (a pixel that is
//                   always 0 or 1 would otherwise get an infinite bias)
//   clamped_logits  log(m / (1 - m)) of each clamped mean: the visible biases under
//                   which a model without weights reproduces the mean pixel
// Used by the binary RBM (and a DBN's binary bottom layer) and the VAE's decoder.
#pragma once
#include "batch.hpp"

namespace latent {

Vector pixel_mean(const IdxImages& images, int count, Binarization mode);

constexpr float kLogitClampLow = 0.01f, kLogitClampHigh = 0.99f;

Vector clamped_logits(const Vector& means);

}  // namespace latent
