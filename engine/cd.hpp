// Contrastive divergence, written once for every RBM whose hidden units are
// binary; the visible units are the model's policy. A Model provides
//   hidden_probs(V, H)                      p(h=1|v)
//   visible_means(H, V)                     E[v|h]   (sigmoid(b + W h) binary; b + W h Gaussian)
//   sample_visible(const Matrix& means, V, rng)   v ~ p(v|h) given E[v|h]
//   visible_statistic(V, scratch) -> const Matrix&
//                                           x, the visibles' factor of W h in -E (-E contains
//                                           x^T W h), which is also their input to the hidden
//                                           units: v itself for binary units (returned as is,
//                                           no copy), v / sigma^2 for Gaussian units
//
// One update from the minibatch v0 (legend: V nv x B, H nh x B):
//   h0 = p(h|v0), hs ~ h0, recon = E[v|hs]                (positive phase; reconstruction)
//   negative chain: CD starts from hs; PCD from h ~ p(h|chain) of its persistent visibles
//   k times: v ~ p(v|h), hk = p(h|v), h ~ hk (except after the last step)
//   x0, xk = the visible statistics of v0 and of the chain's vk
//   pos = x0 h0^T / B,  neg = xk hk^T / B                 (the two terms of the W gradient)
// and for every visible type the gradient is
//   dW = pos - neg,  db = mean(x0 - xk),  dc = mean(h0 - hk)
// (binary: db = mean(v0 - vk); Gaussian: mean(v0 - vk) / sigma^2), applied as
// vel = momentum vel + lr (grad - weight_decay W) (no decay on biases); theta += vel,
// with an optional per-visible step on the W rows and b (apply_cd_update).
// Anything else a model learns (a GRBM's variances) it updates from the same scratch.
//
// The Gibbs half-step and sweep used by CD serve the trainers' generation chains
// and reconstructions too (hidden_sample_means, gibbs_sweep).
#pragma once
#include "kernels.hpp"
#include "rbm_params.hpp"
#include "rng.hpp"

namespace latent {

struct CdScratch {
  Matrix h0, hs, hk, means, vneg, pos, neg;
  Matrix scaled0, scaledk;  // storage for visible statistics that are not v itself
  // The statistics x0, xk of the last pass: v0 / the chain's visibles themselves, or
  // scaled0 / scaledk. Valid until v0 or the chain changes.
  const Matrix* x0 = nullptr;
  const Matrix* xk = nullptr;
  const Matrix* vk = nullptr;  // the chain's visibles of the last pass (*chain or vneg)
};

// h ~ p(h|v) (probabilities in hp, the sample in hs), then means = E[v|hs]:
// half a Gibbs sweep, which is also a reconstruction of v.
template <class Model>
void hidden_sample_means(const Model& model, const Matrix& v, Matrix& hp, Matrix& hs, Matrix& means, Rng& rng) {
  model.hidden_probs(v, hp);
  sample_bernoulli(hs, hp, rng);
  model.visible_means(hs, means);
}

// One Gibbs sweep v -> h -> v of the chains in the columns of v; means = E[v|h].
template <class Model>
void gibbs_sweep(const Model& model, Matrix& v, Matrix& means, Matrix& hp, Matrix& hs, Rng& rng) {
  hidden_sample_means(model, v, hp, hs, means, rng);
  model.sample_visible(means, v, rng);
}

// One CD-k (chain == nullptr) or PCD (chain: the persistent visibles, reset to v0
// when its width differs) statistics pass. Returns the reconstruction error,
// mean over the batch of ||v0 - E[v|hs]||^2. The negative visibles end in
// *chain (PCD) or s.vneg (CD).
template <class Model>
double cd_statistics(const Model& model, const Matrix& v0, int k, Matrix* chain, Rng& rng, CdScratch& s) {
  const float inv_b = 1.0f / float(v0.cols());
  hidden_sample_means(model, v0, s.h0, s.hs, s.means, rng);
  const double recon = double((v0 - s.means).squaredNorm()) * inv_b;
  bool have_means = true;  // CD: the reconstruction is the chain's first E[v|h]
  if (chain) {
    if (chain->cols() != v0.cols()) *chain = v0;
    model.hidden_probs(*chain, s.hk);
    sample_bernoulli(s.hs, s.hk, rng);
    have_means = false;
  }
  Matrix& v = chain ? *chain : s.vneg;
  for (int step = 0; step < k; ++step) {
    if (!have_means) model.visible_means(s.hs, s.means);
    have_means = false;
    model.sample_visible(s.means, v, rng);
    model.hidden_probs(v, s.hk);
    if (step + 1 < k) sample_bernoulli(s.hs, s.hk, rng);
  }
  s.x0 = &model.visible_statistic(v0, s.scaled0);
  s.xk = &model.visible_statistic(v, s.scaledk);
  s.vk = &v;
  gemm_nt(s.pos, *s.x0, s.h0, inv_b);
  gemm_nt(s.neg, *s.xk, s.hk, inv_b);
  return recon;
}

// The update of W, b and c from the statistics of the last cd_statistics pass.
// visible_step (optional, nv entries): a diagonal preconditioner, multiplying the
// gradient of visible i's row of W and of b_i (null: all 1).
void apply_cd_update(RbmParams& model, ParamBuffer& velocity, const CdScratch& s, float learning_rate,
                     float momentum, float weight_decay, const Vector* visible_step = nullptr);

}  // namespace latent
