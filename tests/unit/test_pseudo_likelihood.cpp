// The RBM trainer's pseudo-log-likelihood (RbmTrainer::evaluate: nv log p(v_i | v_-i)
// for one random bit i per digit) against its definition, exactly: on tiny RBMs whose
// visible biases are chosen so that every bit's conditional at the data state is the
// same, the one-bit estimate equals sum_i log p(v_i | v_-i) whatever bit it draws,
// with the conditionals p(v)/(p(v) + p(v with bit i flipped)) taken from brute-force
// enumeration of p(v).
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "rbm_trainer.hpp"
#include "tiny_rbm.hpp"

using namespace latent;

namespace {

double softplus_d(double x) { return std::max(x, 0.0) + std::log1p(std::exp(-std::abs(x))); }

// Sets b so that F(v with bit i flipped) - F(v) = gap for every i, with
// F(v) = -b^T v - sum_k softplus(c_k + v^T W_:k) (rbm.hpp): then every conditional
// p(v_i | v_-i) at v is sigmoid(gap).
void equalise_conditionals(Rbm& rbm, const Vector& v, double gap) {
  const Eigen::VectorXd pre = rbm.c().cast<double>() + rbm.W().cast<double>().transpose() * v.cast<double>();
  for (int i = 0; i < rbm.visible(); ++i) {
    const double delta = 1.0 - 2.0 * v[i];  // v_i -> 1 - v_i
    double softplus_change = 0;
    for (int k = 0; k < rbm.hidden(); ++k)
      softplus_change += softplus_d(pre[k] + delta * rbm.W()(i, k)) - softplus_d(pre[k]);
    rbm.b()[i] = float(-(gap + softplus_change) * delta);  // -b_i delta - softplus_change = gap
  }
}

}  // namespace

TEST_CASE("pseudo-likelihood: the one-flipped-bit estimate is sum_i log p(v_i | v_-i), exactly") {
  const int nv = 6, nh = 4;
  const double gap = 1.2;
  for (const std::pair<uint64_t, long>& model : {std::pair<uint64_t, long>{5, 0b100110}, {6, 0b011101}}) {
    const uint64_t seed = model.first;
    const long state = model.second;
    CAPTURE(seed);
    Rbm rbm = random_rbm(nv, nh, seed);
    const Vector v = bits(state, nv);
    equalise_conditionals(rbm, v, gap);
    // The definition, by enumeration: p(v_i | v_-i) = p(v) / (p(v) + p(v^i)).
    const std::vector<double> p = brute_p_v(rbm);
    double exact = 0;
    for (int i = 0; i < nv; ++i) {
      const double conditional = p[size_t(state)] / (p[size_t(state)] + p[size_t(state ^ (1L << i))]);
      CHECK(conditional == doctest::Approx(1 / (1 + std::exp(-gap))).epsilon(1e-5));
      exact += std::log(conditional);
    }
    std::vector<int> copies(size_t(1) << nv, 0);
    copies[size_t(state)] = 100;
    const Dataset data = state_dataset(nv, copies);
    RbmConfig c;
    c.hidden = nh;
    c.train_count = data.count();
    c.binarization = Binarization::Threshold;
    RbmTrainer trainer(c, data, data);
    trainer.rbm().params() = rbm.params();
    const RbmMetrics m = trainer.evaluate(50);
    CHECK(m.pseudo_likelihood == doctest::Approx(exact).epsilon(1e-4));
    CHECK(m.pseudo_likelihood == doctest::Approx(nv * -softplus_d(-gap)).epsilon(1e-4));
  }
}
