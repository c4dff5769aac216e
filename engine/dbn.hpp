// Deep belief network: a stack of RBMs, layer l an RBM between h_{l-1} and h_l
// (h_0 = v, the pixels; sizes n_0, n_1, ..., n_L). Every hidden layer is binary; the
// pixels are binary (rbm.hpp) or, with a Gaussian bottom, real-valued with unit
// variances (grbm.hpp with every z_i = 0, on standardised pixels: real_data.hpp).
//
//   model       p(v, h_1, ..., h_L) = p(v|h_1) p(h_1|h_2) ... p(h_{L-2}|h_{L-1}) p(h_{L-1}, h_L)
//               the top two layers an RBM (undirected), the others directed downwards:
//               p(h_{l-1} = 1 | h_l) = sigmoid(b_l + W_l h_l)   (the RBM's visible conditional)
//               Gaussian bottom: p(v | h_1) = N(b_1 + W_1 h_1, I), so E[v | h_1] = b_1 + W_1 h_1
//               (linear, no sigmoid)
//   up pass     q(h_l = 1 | h_{l-1}) = sigmoid(c_l + W_l^T h_{l-1}) (the RBM's hidden
//               conditional, for either kind of visible units; mean-field: h_{l-1} is
//               replaced by its probabilities)
//   greedy      layer l is trained as an RBM (CD-k / PCD) on the up pass of the data
//   training    through the frozen layers 1..l-1 (dbn_trainer.hpp); a Gaussian bottom
//               as a unit-variance GRBM
//   ancestral   k Gibbs sweeps in the top RBM give h_{L-1}; then, for l = L-1 .. 1,
//   sampling    h_{l-1} ~ p(h_{l-1} | h_l), one pass down (no Gibbs below the top)
//   filters     a unit of layer l shown in pixel space: its column of W_1 W_2 ... W_l
//               (a linear projection that ignores the sigmoids between the layers;
//               Gaussian bottom: in standardised units)
//
// Layers are indexed from 0 here: layer(0) is the RBM on the pixels (W_1 above). A
// Gaussian bottom keeps its W, b, c in that Rbm too (a unit-variance GRBM has exactly
// those parameters); the Dbn knows the visible units' kind and hands the layer to
// cd.hpp's templates as the model of that kind (visit).
// Legend: V is n_0 x B (one example per column), H_l is n_l x B.
#pragma once
#include <vector>

#include "kernels.hpp"
#include "rbm.hpp"
#include "rng.hpp"
#include "status.hpp"

namespace latent {

// An Rbm's parameters read as a GRBM with unit variances (grbm.hpp, every z_i = 0), in
// cd.hpp's Model interface: p(h=1|v) = sigmoid(c + W^T v), E[v|h] = b + W h,
// v ~ N(E[v|h], I), visible statistic v. A view: the Rbm must outlive it.
struct UnitGaussianLayer {
  const Rbm& rbm;
  void hidden_probs(const Matrix& V, Matrix& H) const { rbm.hidden_probs(V, H); }
  void visible_means(const Matrix& H, Matrix& V) const;
  static void sample_visible(const Matrix& means, Matrix& V, Rng& rng) { sample_gaussian(V, means, nullptr, rng); }
  static const Matrix& visible_statistic(const Matrix& V, Matrix& /*scratch*/) { return V; }
};

// What one ancestral pass gives, level by level (level 0: pixels, level L-1: the top
// RBM's visible layer): states[l] the sample of h_l (n_l x B), means[l] its
// expectation given the sample above (the top level: the last Gibbs sweep's E[v|h]).
// Binary levels: states in {0,1}, means probabilities. A Gaussian bottom's level 0:
// means[0] = b + W h_1, states[0] = means[0] + N(0, I) noise, in standardised units.
// means[0] is the picture to show; means[l] for l > 0, pushed down to the pixels
// by mean-field passes, show what each level "had in mind" (reconstructions).
struct DbnSample {
  std::vector<Matrix> states, means;
};

class Dbn {
 public:
  Dbn() = default;
  // sizes = {n_0 (pixels), n_1, ..., n_L}, L >= 1; parameters 0. gaussian_bottom: the
  // pixels are unit-variance Gaussian units (else binary).
  explicit Dbn(const std::vector<int>& sizes, bool gaussian_bottom = false);

  int layers() const { return int(rbms_.size()); }   // L
  std::vector<int> sizes() const;                     // {n_0, ..., n_L}
  bool gaussian_bottom() const { return gaussian_bottom_; }
  const Rbm& layer(int l) const { return rbms_[size_t(l)]; }
  Rbm& layer(int l) { return rbms_[size_t(l)]; }
  size_t param_count() const;

  // Calls f(model) with layer l as cd.hpp's Model: the binary Rbm, or for a Gaussian
  // bottom's layer 0 the UnitGaussianLayer over the same parameters.
  template <class F>
  void visit(int l, F&& f) const {
    if (l == 0 && gaussian_bottom_) f(UnitGaussianLayer{layer(0)});
    else f(layer(l));
  }

  // E[h_{l-1} | h_l] of layer l for the columns of H: sigmoid(b + W H), or b + W H
  // for a Gaussian bottom's layer 0.
  void visible_means(int l, const Matrix& H, Matrix& V) const;

  // Mean-field up pass of the columns of V through layers [0, upto): H = q(h_upto | v)
  // (upto = 0: H = V).
  void up(const Matrix& V, int upto, Matrix& H) const;
  // Mean-field down pass of level `from` (n_from x B) to the pixels: E[v|h_1] of the
  // expectation of h_1 given ... given H (from = 0: V = H).
  void down(const Matrix& H, int from, Matrix& V) const;

  // Ancestral sampling: `steps` Gibbs sweeps v -> h -> v of the top RBM on the chains
  // in the columns of top_chain (n_{L-1} x B; advanced in place, so chains persist
  // across calls), then one pass down. Fills out.states and out.means (L levels each).
  // A chain of another height than n_{L-1} is refused (and left as it is).
  Status ancestral_sample(Matrix& top_chain, int steps, Rng& rng, DbnSample& out) const;

  // Every level of a sample shown as pixels: pictures[l] = the mean-field down pass of
  // sample.means[l] from level l (pictures[0] = means[0]); n_0 x B each (standardised
  // units for a Gaussian bottom). The top level's picture against the bottom's shows
  // what the pass down changed.
  void level_pictures(const DbnSample& sample, std::vector<Matrix>& pictures) const;

  // Pixel-space filters of layer l's first `count` units (all when count < 0):
  // W_1 ... W_{l+1} restricted to those columns (n_0 x count), multiplied from the top
  // down so that only `count` columns are carried through the lower layers.
  Matrix projected_filters(int l, int count = -1) const;

 private:
  std::vector<Rbm> rbms_;
  bool gaussian_bottom_ = false;
};

}  // namespace latent
