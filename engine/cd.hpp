// Contrastive divergence, written once for every RBM whose hidden units are
// binary; the visible units are the model's policy. A Model provides
//   hidden_probs(V, H)                      p(h=1|v) (RbmParams)
//   visible_means(H, V)                     E[v|h]   (sigmoid(b + W h) binary; b + W h Gaussian)
//   sample_visible(const Matrix& means, V, rng)   v ~ p(v|h) given E[v|h]
//
// One update from the minibatch v0 (legend: V nv x B, H nh x B):
//   h0 = p(h|v0), hs ~ h0, recon = E[v|hs]                (positive phase; reconstruction)
//   negative chain: CD starts from hs; PCD from h ~ p(h|chain) of its persistent visibles
//   k times: v ~ p(v|h), hk = p(h|v), h ~ hk (except after the last step)
//   pos = v0 h0^T / B,  neg = vk hk^T / B                 (the two terms of the W gradient)
// and for both visible types the gradient is
//   dW = pos - neg,  db = mean(v0 - vk),  dc = mean(h0 - hk)
// applied as vel = momentum vel + lr (grad - weight_decay W) (no decay on biases); theta += vel.
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
  gemm_nt(s.pos, v0, s.h0, inv_b);
  gemm_nt(s.neg, v, s.hk, inv_b);
  return recon;
}

// The update from the statistics of cd_statistics (vneg: the chain's visibles).
void apply_cd_update(RbmParams& model, ParamBuffer& velocity, const CdScratch& s, const Matrix& v0,
                     const Matrix& vneg, float learning_rate, float momentum, float weight_decay);

}  // namespace latent
