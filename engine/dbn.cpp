// Dbn (dbn.hpp): the stack's up and down passes, ancestral sampling, projected filters;
// the unit-variance Gaussian bottom's visible policy.
#include "dbn.hpp"

#include <algorithm>

#include "cd.hpp"

namespace latent {

void UnitGaussianLayer::visible_means(const Matrix& H, Matrix& V) const { affine_nn(V, rbm.W(), H, rbm.b()); }

Dbn::Dbn(const std::vector<int>& sizes, bool gaussian_bottom) : gaussian_bottom_(gaussian_bottom) {
  for (size_t l = 0; l + 1 < sizes.size(); ++l) rbms_.emplace_back(sizes[l], sizes[l + 1]);
}

std::vector<int> Dbn::sizes() const {
  std::vector<int> s;
  if (rbms_.empty()) return s;
  s.push_back(rbms_.front().visible());
  for (const Rbm& r : rbms_) s.push_back(r.hidden());
  return s;
}

size_t Dbn::param_count() const {
  size_t n = 0;
  for (const Rbm& r : rbms_) n += r.param_count();
  return n;
}

void Dbn::visible_means(int l, const Matrix& H, Matrix& V) const {
  visit(l, [&](const auto& model) { model.visible_means(H, V); });
}

void Dbn::up(const Matrix& V, int upto, Matrix& H) const {
  if (upto == 0) {
    H = V;
    return;
  }
  Matrix a, b;
  const Matrix* in = &V;
  for (int l = 0; l < upto; ++l) {
    Matrix& out = l + 1 == upto ? H : (l % 2 ? b : a);
    layer(l).hidden_probs(*in, out);
    in = &out;
  }
}

void Dbn::down(const Matrix& H, int from, Matrix& V) const {
  if (from == 0) {
    V = H;
    return;
  }
  Matrix a, b;
  const Matrix* in = &H;
  for (int l = from - 1; l >= 0; --l) {
    Matrix& out = l == 0 ? V : (l % 2 ? b : a);
    visible_means(l, *in, out);
    in = &out;
  }
}

Status Dbn::ancestral_sample(Matrix& top_chain, int steps, Rng& rng, DbnSample& out) const {
  const int L = layers();
  const int top_visible = L < 1 ? 0 : rbms_[size_t(L - 1)].visible();
  if (L < 1 || top_chain.rows() != top_visible)
    return Status::error("The top chain has " + std::to_string(top_chain.rows()) + " rows; the top RBM has " +
                         std::to_string(top_visible) + " visible units.");
  out.states.resize(size_t(L));
  out.means.resize(size_t(L));
  Matrix hp, hs;
  visit(L - 1, [&](const auto& top) {
    Matrix& means = out.means[size_t(L - 1)];
    if (steps < 1)  // no sweep: the chain as it is, its means by half a sweep
      hidden_sample_means(top, top_chain, hp, hs, means, rng);
    for (int s = 0; s < steps; ++s) gibbs_sweep(top, top_chain, means, hp, hs, rng);
  });
  out.states[size_t(L - 1)] = top_chain;
  for (int l = L - 2; l >= 0; --l) {
    visit(l, [&](const auto& model) {
      model.visible_means(out.states[size_t(l + 1)], out.means[size_t(l)]);
      model.sample_visible(out.means[size_t(l)], out.states[size_t(l)], rng);
    });
  }
  return Status::success();
}

void Dbn::level_pictures(const DbnSample& sample, std::vector<Matrix>& pictures) const {
  pictures.resize(sample.means.size());
  for (size_t l = 0; l < sample.means.size(); ++l) down(sample.means[l], int(l), pictures[l]);
}

Matrix Dbn::projected_filters(int l, int count) const {
  const int units = layer(l).hidden();
  Matrix P = layer(l).W().leftCols(count < 0 ? units : std::min(count, units));
  for (int k = l - 1; k >= 0; --k) {
    Matrix next;
    gemm_nn(next, layer(k).W(), P);
    P.swap(next);
  }
  return P;
}

}  // namespace latent
