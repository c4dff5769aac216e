// GrbmConfig: every setting of a Gaussian-Bernoulli RBM run, as plain data with
// its defaults and the ranges the lab accepts. The same struct serves the two
// GRBM labs; `dataset` says which: a point set in the plane (the 2-D mixture lab,
// model kind "grbm2d") or MNIST with standardised pixels (model kind "grbm").
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "cd_settings.hpp"
#include "config_fields.hpp"

namespace latent {

enum class PointSet { TwoBlobs = 0, Ring, Grid, Spiral, Moons, Custom, Mnist };

const char* point_set_name(PointSet set);  // "two_blobs", "ring", "grid", "spiral", "moons", "custom", "mnist"
bool point_set_from_name(const std::string& name, PointSet& out);

// The contrastive-divergence settings (learning, live) come from CdSettings; the
// GRBM's defaults there: CD-1 without weight decay (on the plane's well-separated
// modes PCD's few chains cannot cross between components and the weights swing).
struct GrbmConfig : CdSettings {
  GrbmConfig() {
    persistent = false;
    weight_decay = 0.0f;
  }

  // structure (changing these resets the model)
  int hidden = 2;
  bool learn_variances = false;   // per-visible variances sigma_i^2 learned (else all 1)
  float init_std = 0.1f;
  uint64_t seed = 1;
  PointSet dataset = PointSet::Grid;
  int points = 400;               // plane: points generated for a named set
  int train_count = 60000;        // MNIST: training digits used (first n)

  // generation (live): chains sampling the model (points on the plane, digits on MNIST)
  int fantasy_chains = 200;
  int fantasy_steps = 1;

  // pacing (live): continuous training is held to this many updates a second, so
  // that a fast model (the plane: ~10^5 updates/s) can be watched learning;
  // 0 = as fast as possible. Steps are not paced.
  int updates_per_second = 100;
};

// The defaults of each lab: the plane (grid of Gaussians, d = 2) and MNIST.
GrbmConfig grbm_plane_defaults();
GrbmConfig grbm_mnist_defaults();
bool is_plane(const GrbmConfig& c);  // dataset != Mnist

// The fields: the plane's table or MNIST's, as the config's data set says (the
// same names; the ranges, labels and the form differ).
const ConfigFields<GrbmConfig>& config_fields(const GrbmConfig& config);

// Every violated range; empty when the config is usable.
std::vector<FieldError> validate(const GrbmConfig& config);
// True when going from a to b needs a new model: hidden, learn_variances,
// init_std, seed, plane <-> MNIST, a named set or its point count, MNIST's
// train_count. Switching to Custom keeps the model: the current points become
// the student's, edited through GrbmTrainer::replace_train_data.
bool needs_reset(const GrbmConfig& a, const GrbmConfig& b);

}  // namespace latent
