// Mlp (mlp.hpp): dense layers, forward and backward passes, initialisation.
#include "mlp.hpp"

#include <cassert>
#include <cmath>

namespace latent {
namespace {

constexpr const char* kActivationNames[] = {"relu", "tanh", "sigmoid", "identity"};

// H = f(A), in place.
void activate(Matrix& m, Activation a) {
  switch (a) {
    case Activation::Relu: m.array() = m.array().max(0.0f); break;
    case Activation::Tanh: m.array() = m.array().tanh(); break;
    case Activation::Sigmoid: sigmoid_inplace(m); break;
    case Activation::Identity: break;
  }
}

// D = D (.) f'(A), in place, with f' read off the layer's output H.
void activation_backward(Matrix& d, const Matrix& h, Activation a) {
  switch (a) {
    case Activation::Relu: d.array() = (h.array() > 0.0f).select(d.array(), 0.0f); break;
    case Activation::Tanh: d.array() *= 1.0f - h.array().square(); break;
    case Activation::Sigmoid: d.array() *= h.array() * (1.0f - h.array()); break;
    case Activation::Identity: break;
  }
}

}  // namespace

const char* activation_name(Activation a) {
  const int k = int(a);
  return k >= 0 && k < 4 ? kActivationNames[k] : "unknown";
}

bool activation_from_name(const std::string& name, Activation& out) {
  for (Activation a : {Activation::Relu, Activation::Tanh, Activation::Sigmoid}) {
    if (name == activation_name(a)) {
      out = a;
      return true;
    }
  }
  return false;
}

Mlp::Mlp(const std::vector<int>& sizes, const std::vector<Activation>& activations) {
  assert(sizes.size() == activations.size() + 1);
  for (size_t l = 0; l < activations.size(); ++l) {
    layers_.push_back({sizes[l], sizes[l + 1], activations[l], count_});
    count_ += size_t(sizes[l]) * size_t(sizes[l + 1]) + size_t(sizes[l + 1]);
  }
}

ConstMatrixMap Mlp::W(const float* params, int l) const {
  const DenseLayer& d = layer(l);
  return ConstMatrixMap(params + d.offset, d.in, d.out);
}

ConstVectorMap Mlp::b(const float* params, int l) const {
  const DenseLayer& d = layer(l);
  return ConstVectorMap(params + d.offset + size_t(d.in) * size_t(d.out), d.out);
}

MatrixMap Mlp::W(float* params, int l) const {
  const DenseLayer& d = layer(l);
  return MatrixMap(params + d.offset, d.in, d.out);
}

VectorMap Mlp::b(float* params, int l) const {
  const DenseLayer& d = layer(l);
  return VectorMap(params + d.offset + size_t(d.in) * size_t(d.out), d.out);
}

void Mlp::initialize(float* params, Rng& rng) const {
  for (int l = 0; l < layers(); ++l) {
    const DenseLayer& d = layer(l);
    const double variance = d.activation == Activation::Relu ? 2.0 / d.in : 2.0 / (d.in + d.out);
    const float sd = float(std::sqrt(variance));
    MatrixMap w = W(params, l);
    for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = sd * rng.normal();
    b(params, l).setZero();
  }
}

void Mlp::forward(const float* params, const Matrix& X, MlpCache& cache) const {
  cache.input = &X;
  cache.h.resize(layers_.size());
  const Matrix* in = &X;
  for (int l = 0; l < layers(); ++l) {
    Matrix& h = cache.h[size_t(l)];
    affine_tn(h, W(params, l), *in, b(params, l));
    activate(h, layer(l).activation);
    in = &h;
  }
}

void Mlp::forward_layers(const float* params, const Matrix& X, int first, int end, Matrix& out) const {
  Matrix next;
  out = X;
  for (int l = first; l < end; ++l) {
    affine_tn(next, W(params, l), out, b(params, l));
    activate(next, layer(l).activation);
    out.swap(next);
  }
}

void Mlp::backward(const float* params, MlpCache& cache, Matrix& delta, float* grad, Matrix* dX) const {
  cache.dh.resize(layers_.size());
  Matrix* d = &delta;  // dLoss/dH_l, then G_l in place
  for (int l = layers() - 1; l >= 0; --l) {
    activation_backward(*d, cache.h[size_t(l)], layer(l).activation);
    const Matrix& below = l > 0 ? cache.h[size_t(l - 1)] : *cache.input;
    gemm_nt(W(grad, l), below, *d, 1.0f);
    b(grad, l).noalias() = d->rowwise().sum();
    if (l > 0) {
      Matrix& next = cache.dh[size_t(l - 1)];
      gemm_nn(next, W(params, l), *d);
      d = &next;
    } else if (dX) {
      gemm_nn(*dX, W(params, l), *d);
    }
  }
}

}  // namespace latent
