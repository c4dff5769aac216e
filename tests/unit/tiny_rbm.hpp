// Helpers for tests on tiny RBMs: a random model, a dataset of chosen visible states,
// brute-force enumeration of every (v, h) state, written independently of
// engine/rbm_exact; a finite-difference checker; and the divergence check every
// trainer's tests share.
#pragma once
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "idx.hpp"
#include "rbm.hpp"
#include "train_loop.hpp"

namespace latent {

inline Rbm random_rbm(int nv, int nh, uint64_t seed, float scale = 1.0f) {
  Rbm rbm(nv, nh);
  Rng rng(seed);
  for (float& p : rbm.params()) p = scale * rng.normal();
  return rbm;
}

// A dataset of 1 x nv "images" with pixels 0 or 255: copies[s] copies of visible
// state s (bit i of s is pixel i), in order; each label is s.
inline Dataset state_dataset(int nv, const std::vector<int>& copies) {
  Dataset d;
  d.images.rows = 1;
  d.images.cols = nv;
  for (size_t s = 0; s < copies.size(); ++s)
    for (int r = 0; r < copies[s]; ++r) {
      for (int i = 0; i < nv; ++i) d.images.pixels.push_back((s >> i) & 1 ? 255 : 0);
      d.labels.labels.push_back(uint8_t(s));
    }
  d.images.count = d.labels.count = int(d.labels.labels.size());
  return d;
}

// State number s as a 0/1 vector of n bits.
inline Vector bits(long s, int n) {
  Vector v(n);
  for (int i = 0; i < n; ++i) v[i] = float((s >> i) & 1);
  return v;
}

// log Z = log sum_{v,h} exp(-E(v,h)), by brute force over 2^(nv+nh) states.
inline double brute_log_z(const Rbm& rbm) {
  double z = 0;
  for (long s = 0; s < (1L << rbm.visible()); ++s)
    for (long t = 0; t < (1L << rbm.hidden()); ++t)
      z += std::exp(-rbm.energy(bits(s, rbm.visible()), bits(t, rbm.hidden())));
  return std::log(z);
}

// p(v) for every visible state, by brute force.
inline std::vector<double> brute_p_v(const Rbm& rbm) {
  const double log_z = brute_log_z(rbm);
  std::vector<double> p(size_t(1) << rbm.visible());
  for (long s = 0; s < long(p.size()); ++s) {
    double sum = 0;
    for (long t = 0; t < (1L << rbm.hidden()); ++t)
      sum += std::exp(-rbm.energy(bits(s, rbm.visible()), bits(t, rbm.hidden())) - log_z);
    p[s] = sum;
  }
  return p;
}

// The worst relative difference between `grad` and central finite differences
// (step h) of f() with respect to each entry of params (restored afterwards).
// params: any container of floats with size() and [] (a ParamBuffer, a Vector).
template <class Params, class F>
double worst_finite_difference_error(Params& params, const Eigen::VectorXd& grad, F f, float h = 1e-2f) {
  double worst = 0;
  for (size_t k = 0; k < size_t(params.size()); ++k) {
    const float keep = params[k];
    params[k] = keep + h;
    const double up = f();
    params[k] = keep - h;
    const double down = f();
    params[k] = keep;
    const double fd = (up - down) / (2.0 * double(h));
    worst = std::max(worst, std::abs(fd - grad[Eigen::Index(k)]) / std::max(1.0, std::abs(fd)));
  }
  return worst;
}

// Trains a run set up to blow up (any trainer: train(n) -> TrainReport, updates())
// in chunks of 5 until the guard trips, and checks the report: the chunk is
// discarded (no batches, the update count from before it) with a message naming NaN.
template <class Trainer>
void check_divergence_is_caught(Trainer& trainer) {
  TrainReport r;
  long long before = 0;
  int epoch_before = 0;
  double fraction_before = 0;
  for (int chunk = 0; chunk < 100 && !r.diverged; ++chunk) {
    before = trainer.updates();
    epoch_before = trainer.epoch();
    fraction_before = trainer.epoch_fraction();
    r = trainer.train(5);
  }
  REQUIRE(r.diverged);
  CHECK(r.batches == 0);
  CHECK(trainer.updates() == before);  // the discarded chunk's updates are not counted,
  CHECK(trainer.epoch() == epoch_before);  // and its minibatches come again
  CHECK(trainer.epoch_fraction() == fraction_before);
  CHECK(r.message.find("NaN") != std::string::npos);
}

}  // namespace latent
