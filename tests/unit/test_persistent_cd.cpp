// Persistent CD keeps its chains: (a) cd_statistics starts each update's negative
// chain from the visibles the previous update left (from the data only the first
// time), seen through a model that records what it is asked; (b) on a tiny RBM held
// fixed (learning rate 0), the RbmTrainer's PCD negative statistics <v p(h|v)^T>,
// averaged over many updates, reach the model's exact expectation (by enumeration)
// within the Monte-Carlo error, while CD-1 on the same data stays measurably off.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "cd.hpp"
#include "rbm_trainer.hpp"
#include "tiny_rbm.hpp"

using namespace latent;

namespace {

// An Rbm as cd.hpp's Model that records every V it computes p(h|v) for.
struct Recording {
  const Rbm& rbm;
  std::vector<Matrix>* asked;
  void hidden_probs(const Matrix& V, Matrix& H) const {
    asked->push_back(V);
    rbm.hidden_probs(V, H);
  }
  void visible_means(const Matrix& H, Matrix& V) const { rbm.visible_means(H, V); }
  static void sample_visible(const Matrix& means, Matrix& V, Rng& rng) { Rbm::sample_visible(means, V, rng); }
  static const Matrix& visible_statistic(const Matrix& V, Matrix& scratch) {
    return Rbm::visible_statistic(V, scratch);
  }
};

Matrix random_bits(int rows, int cols, Rng& rng) {
  Matrix half = Matrix::Constant(rows, cols, 0.5f), out;
  sample_bernoulli(out, half, rng);
  return out;
}

// E_model[v p(h|v)^T] by enumeration of the visible states.
Eigen::MatrixXd exact_negative_stats(const Rbm& rbm) {
  const std::vector<double> p = brute_p_v(rbm);
  Eigen::MatrixXd out = Eigen::MatrixXd::Zero(rbm.visible(), rbm.hidden());
  for (long s = 0; s < long(p.size()); ++s) {
    Matrix v = bits(s, rbm.visible()), h;
    rbm.hidden_probs(v, h);
    out += p[size_t(s)] * v.cast<double>() * h.cast<double>().transpose();
  }
  return out;
}

}  // namespace

TEST_CASE("PCD: each update's negative chain starts where the previous update's ended") {
  const Rbm rbm = random_rbm(5, 3, 4);
  std::vector<Matrix> asked;
  const Recording model{rbm, &asked};
  Rng rng(9), data_rng(10);
  CdScratch s;
  Matrix chain;  // empty: the first update starts it from its minibatch
  Matrix left;   // the chain's visibles after the previous update
  for (int update = 0; update < 4; ++update) {
    CAPTURE(update);
    const Matrix v0 = random_bits(5, 8, data_rng);
    asked.clear();
    cd_statistics(model, v0, 2, &chain, rng, s);
    // p(h|v) of: the minibatch, the chain's start, then its state after each of the k = 2 steps.
    REQUIRE(asked.size() == 4);
    CHECK(asked[0] == v0);
    CHECK(asked[1] == (update == 0 ? v0 : left));
    CHECK(chain == asked[3]);  // the chain keeps its last state
    CHECK(s.vk == &chain);
    if (update > 0) CHECK(asked[1] != v0);
    left = chain;
  }
}

TEST_CASE("PCD: with the model fixed, the chains' statistics reach the model's exact expectation; CD-1's do not") {
  // 5 visibles, 3 hidden; the data, 200 copies of the state the model finds least
  // probable, so that one Gibbs step from them (CD-1) is far from equilibrium.
  const Rbm model = random_rbm(5, 3, 4);
  const std::vector<double> p = brute_p_v(model);
  std::vector<int> copies(32, 0);
  copies[size_t(std::min_element(p.begin(), p.end()) - p.begin())] = 200;
  const Dataset data = state_dataset(5, copies);
  const Eigen::MatrixXd exact = exact_negative_stats(model);

  // The mean over 1,000 updates of negative_stats() (100 chains each), and each
  // entry's standard error from the spread of the means of 40 blocks of 25
  // consecutive updates (blocks longer than the chains' memory).
  auto run = [&](bool persistent, Eigen::MatrixXd& standard_error) {
    RbmConfig c;
    c.hidden = 3;
    c.batch_size = 100;
    c.train_count = data.count();
    c.binarization = Binarization::Threshold;
    c.persistent = persistent;
    c.cd_k = 1;
    c.learning_rate = 0.0f;  // the model stays as it is
    c.momentum = c.final_momentum = 0.0f;
    c.weight_decay = 0.0f;
    RbmTrainer trainer(c, data, data);
    trainer.rbm().params() = model.params();
    REQUIRE(trainer.train(20).batches == 20);  // burn-in
    const int blocks = 40, per_block = 25;
    std::vector<Eigen::MatrixXd> means;
    Eigen::MatrixXd mean = Eigen::MatrixXd::Zero(5, 3);
    for (int b = 0; b < blocks; ++b) {
      Eigen::MatrixXd block = Eigen::MatrixXd::Zero(5, 3);
      for (int u = 0; u < per_block; ++u) {
        REQUIRE(trainer.train(1).batches == 1);
        block += trainer.negative_stats().cast<double>() / per_block;
      }
      means.push_back(block);
      mean += block / blocks;
    }
    CHECK(trainer.rbm().params() == model.params());
    standard_error = Eigen::MatrixXd::Zero(5, 3);
    for (const auto& m : means) standard_error += (m - mean).cwiseAbs2() / (blocks - 1);
    standard_error = (standard_error / blocks).cwiseSqrt();
    return mean;
  };
  Eigen::MatrixXd se_pcd, se_cd;
  const Eigen::MatrixXd pcd_error = (run(true, se_pcd) - exact).cwiseAbs();
  const Eigen::MatrixXd cd_error = (run(false, se_cd) - exact).cwiseAbs();
  const Eigen::MatrixXd tolerance = (5 * se_pcd).array() + 1e-3;
  MESSAGE("largest error of <v p(h|v)^T>: PCD ", pcd_error.maxCoeff(), " (largest standard error ", se_pcd.maxCoeff(),
          "), CD-1 ", cd_error.maxCoeff());
  CHECK(se_pcd.maxCoeff() < 0.005);
  CHECK((pcd_error.array() <= tolerance.array()).all());
  CHECK(cd_error.maxCoeff() > 10 * tolerance.maxCoeff());  // CD-1 is measurably off
}
