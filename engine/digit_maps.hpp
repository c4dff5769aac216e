// DigitMaps: the 2-D maps of MNIST test digits that the deep belief network's page
// sets side by side, and the measures its comparison table quotes. Digits are grey
// levels x / 255 (784 x N, one per column).
//   PCA           z = U_2^T (x - m), fitted (pca.hpp) on the first `pca_fit` training
//                 digits: a function of x, so it places unseen digits too; a point of the
//                 map decodes as x^ = m + U_2 z
//   t-SNE         fitted (tsne.hpp) on the map's N digits only: positions, no function,
//                 so unseen digits cannot be placed without refitting
//   (the deep autoencoder's codes come from dbn_finetune.hpp; the session encodes)
//   neighbourhood A(Y) = (1/N) sum_i (1/k) #{ j among the k nearest neighbours of y_i
//                 in the map (Euclidean) : label_j = label_i }: how far the map keeps
//                 digits of a class together, labels used only to score
//   reconstruction (1/N) sum_i ||x_i - x^_i||^2 on the map's digits
// The map's digits are the first N test digits; the unseen ones the next U.
#pragma once
#include <cstdint>
#include <vector>

#include "idx.hpp"
#include "kernels.hpp"
#include "pca.hpp"
#include "status.hpp"
#include "tsne.hpp"

namespace latent {

struct DigitMapSettings {
  int digits = 1000;  // shown on every map (t-SNE's cost grows as N^2)
  int unseen = 8;     // held out of every fit, then placed by PCA and the autoencoder
  int pca_fit = 5000;
  int tsne_iterations = 1000;
  int neighbours = 10;  // k of the neighbourhood measure
  TsneSettings tsne;
};

// A(Y) above, for the columns of Y (2 x N) and their labels (N); needs N > k.
double neighbour_agreement(const Matrix& Y, const std::vector<uint8_t>& labels, int k);

class DigitMaps {
 public:
  // Fits PCA and prepares t-SNE (its affinities). A small test set gets fewer digits
  // (all but the unseen ones) and a perplexity of at most a third of them; an error
  // when that leaves too few or the settings are out of range.
  Status init(const Dataset& train, const Dataset& test, const DigitMapSettings& settings);

  const DigitMapSettings& settings() const { return settings_; }
  const std::vector<int>& digits() const { return digits_; }  // test indices
  const std::vector<int>& unseen() const { return unseen_; }
  const Matrix& pixels() const { return pixels_; }  // 784 x N
  const Matrix& unseen_pixels() const { return unseen_pixels_; }
  const std::vector<uint8_t>& labels() const { return labels_; }
  const std::vector<uint8_t>& unseen_labels() const { return unseen_labels_; }

  const Pca& pca() const { return pca_; }
  const Matrix& pca_map() const { return pca_map_; }        // 2 x N
  const Matrix& pca_unseen() const { return pca_unseen_; }  // 2 x U
  // The mean squared error of x^ = m + U_2 z on the first n of the map's digits.
  double pca_reconstruction_error(int n) const;

  void tsne_step(int iterations);  // at most up to settings().tsne_iterations
  // A finished map made earlier (2 x N, a model file's); false (nothing changes) for another shape.
  bool restore_tsne(const Matrix& map);
  bool tsne_done() const { return tsne_.iteration() >= settings_.tsne_iterations; }
  int tsne_iteration() const { return tsne_.iteration(); }
  const Matrix& tsne_map() const { return tsne_map_; }  // 2 x N, after the last step
  double tsne_kl() const { return tsne_.kl_divergence(); }

 private:
  DigitMapSettings settings_;
  std::vector<int> digits_, unseen_;
  Matrix pixels_, unseen_pixels_;
  std::vector<uint8_t> labels_, unseen_labels_;
  Pca pca_;
  Matrix pca_map_, pca_unseen_, tsne_map_;
  Tsne tsne_;
};

}  // namespace latent
