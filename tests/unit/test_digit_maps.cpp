// DigitMaps (engine/digit_maps): the neighbourhood measure on hand-made maps, and
// the maps of real MNIST test digits: PCA places unseen digits by its function,
// t-SNE keeps classes together far better than a 2-D linear projection.
#include <doctest/doctest.h>

#include "digit_maps.hpp"
#include "mnist_once.hpp"

using namespace latent;

TEST_CASE("neighbour agreement counts same-label neighbours among the k nearest") {
  // Two tight groups far apart, labels 0 0 0 | 1 1 1: every neighbour agrees at k = 2.
  Matrix Y(2, 6);
  Y << 0, 0.1f, 0.2f, 10, 10.1f, 10.2f,  //
      0, 0, 0, 0, 0, 0;
  std::vector<uint8_t> labels = {0, 0, 0, 1, 1, 1};
  CHECK(neighbour_agreement(Y, labels, 2) == doctest::Approx(1.0));
  // One point of each group mislabelled: at k = 2, the two mislabelled points agree
  // with none of their neighbours, and each of the other four with one of two.
  labels = {0, 0, 1, 1, 1, 0};
  CHECK(neighbour_agreement(Y, labels, 2) == doctest::Approx(4 * 0.5 / 6));
  // k = 5 on 6 points: every other point is a neighbour; 2 of 5 share each label.
  labels = {0, 0, 0, 1, 1, 1};
  CHECK(neighbour_agreement(Y, labels, 5) == doctest::Approx(2.0 / 5));
  CHECK(neighbour_agreement(Y, labels, 6) == 0);  // k must be below N
}

TEST_CASE("digit maps: PCA places unseen digits, t-SNE groups classes better than PCA") {
  DigitMapSettings s;
  s.digits = 300;
  s.unseen = 5;
  s.pca_fit = 2000;
  s.tsne_iterations = 400;
  DigitMaps maps;
  REQUIRE(maps.init(test::mnist("train"), test::mnist("t10k"), s).ok);
  CHECK(maps.digits().front() == 0);
  CHECK(maps.unseen().front() == 300);
  REQUIRE(maps.pca_unseen().cols() == 5);
  Matrix z;
  maps.pca().transform(maps.unseen_pixels(), z);
  CHECK((z - maps.pca_unseen()).cwiseAbs().maxCoeff() < 1e-5f);
  // Two components of MNIST keep little: about 17% of the variance.
  CHECK(maps.pca().explained_ratio().sum() > 0.12);
  CHECK(maps.pca().explained_ratio().sum() < 0.25);
  const double e = maps.pca_reconstruction_error(300);
  CHECK(e > 30);  // two numbers keep little of a digit
  CHECK(maps.pca_reconstruction_error(1) > 0);
  Matrix back;
  maps.pca().inverse_transform(maps.pca_map(), back);
  CHECK(e == doctest::Approx(double((back - maps.pixels()).squaredNorm()) / 300).epsilon(1e-4));

  CHECK_FALSE(maps.tsne_done());
  maps.tsne_step(1000);  // capped at the settings' 400
  CHECK(maps.tsne_iteration() == 400);
  CHECK(maps.tsne_done());
  const double pca = neighbour_agreement(maps.pca_map(), maps.labels(), 10);
  // t-SNE's map of 300 digits after 400 iterations moves by a few hundredths with the
  // rounding (wasm against native, one summation order against another): the mean of
  // three starts.
  double tsne = neighbour_agreement(maps.tsne_map(), maps.labels(), 10) / 3;
  for (uint64_t seed : {2, 3}) {
    DigitMaps other;
    s.tsne.seed = seed;
    REQUIRE(other.init(test::mnist("train"), test::mnist("t10k"), s).ok);
    other.tsne_step(400);
    tsne += neighbour_agreement(other.tsne_map(), other.labels(), 10) / 3;
  }
  MESSAGE("10-NN label agreement: PCA " << pca << ", t-SNE (mean of 3 starts) " << tsne);
  CHECK(pca > 0.2);  // far above chance (0.1) ...
  CHECK(tsne > pca + 0.25);  // ... and t-SNE far above PCA

  DigitMaps too_many;  // beyond exact t-SNE's reach
  s.digits = kTsneMaxPoints + 1;
  CHECK_FALSE(too_many.init(test::mnist("train"), test::mnist("t10k"), s).ok);
}
