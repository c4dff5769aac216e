// Deep belief network: a stack of binary RBMs (rbm.hpp), layer l an RBM between
// h_{l-1} and h_l (h_0 = v, the pixels; sizes n_0, n_1, ..., n_L).
//
//   model       p(v, h_1, ..., h_L) = p(v|h_1) p(h_1|h_2) ... p(h_{L-2}|h_{L-1}) p(h_{L-1}, h_L)
//               the top two layers an RBM (undirected), the others directed downwards:
//               p(h_{l-1} = 1 | h_l) = sigmoid(b_l + W_l h_l)   (the RBM's visible conditional)
//   up pass     q(h_l = 1 | h_{l-1}) = sigmoid(c_l + W_l^T h_{l-1}) (the RBM's hidden
//               conditional; mean-field: h_{l-1} is replaced by its probabilities)
//   greedy      layer l is trained as an RBM (CD-k / PCD) on the up pass of the data
//   training    through the frozen layers 1..l-1 (dbn_trainer.hpp)
//   ancestral   k Gibbs sweeps in the top RBM give h_{L-1}; then, for l = L-1 .. 1,
//   sampling    h_{l-1} ~ p(h_{l-1} | h_l), one pass down (no Gibbs below the top)
//   filters     a unit of layer l shown in pixel space: its column of W_1 W_2 ... W_l
//               (a linear projection that ignores the sigmoids between the layers)
//
// Layers are indexed from 0 here: layer(0) is the RBM on the pixels (W_1 above).
// Legend: V is n_0 x B (one example per column), H_l is n_l x B.
#pragma once
#include <vector>

#include "kernels.hpp"
#include "rbm.hpp"
#include "rng.hpp"

namespace latent {

// What one ancestral pass gives, level by level (level 0: pixels, level L-1: the top
// RBM's visible layer): states[l] the binary sample of h_l (n_l x B), means[l] its
// probabilities given the sample above (the top level: the last Gibbs sweep's p(v|h)).
// means[0] is the picture to show; means[l] for l > 0, pushed down to the pixels
// by mean-field passes, show what each level "had in mind" (reconstructions).
struct DbnSample {
  std::vector<Matrix> states, means;
};

class Dbn {
 public:
  Dbn() = default;
  // sizes = {n_0 (pixels), n_1, ..., n_L}, L >= 1; parameters 0.
  explicit Dbn(const std::vector<int>& sizes);

  int layers() const { return int(rbms_.size()); }   // L
  std::vector<int> sizes() const;                     // {n_0, ..., n_L}
  const Rbm& layer(int l) const { return rbms_[size_t(l)]; }
  Rbm& layer(int l) { return rbms_[size_t(l)]; }
  size_t param_count() const;

  // Mean-field up pass of the columns of V through layers [0, upto): H = q(h_upto | v)
  // (upto = 0: H = V).
  void up(const Matrix& V, int upto, Matrix& H) const;
  // Mean-field down pass of level `from` (n_from x B) to the pixels: p(v|h_1) of the
  // probabilities of h_1 given ... given H (from = 0: V = H).
  void down(const Matrix& H, int from, Matrix& V) const;

  // Ancestral sampling: `steps` Gibbs sweeps v -> h -> v of the top RBM on the chains
  // in the columns of top_chain (n_{L-1} x B; advanced in place, so chains persist
  // across calls), then one pass down. Fills out.states and out.means (L levels each).
  void ancestral_sample(Matrix& top_chain, int steps, Rng& rng, DbnSample& out) const;

  // Every level of a sample shown as pixels: pictures[l] = the mean-field down pass of
  // sample.means[l] from level l (pictures[0] = means[0]); n_0 x B each. The top
  // level's picture against the bottom's shows what the pass down changed.
  void level_pictures(const DbnSample& sample, std::vector<Matrix>& pictures) const;

  // Pixel-space filters of layer l's first `count` units (all when count < 0):
  // W_1 ... W_{l+1} restricted to those columns (n_0 x count), multiplied from the top
  // down so that only `count` columns are carried through the lower layers.
  Matrix projected_filters(int l, int count = -1) const;

 private:
  std::vector<Rbm> rbms_;
};

}  // namespace latent
