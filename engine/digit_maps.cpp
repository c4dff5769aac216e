// DigitMaps (digit_maps.hpp): the digits, PCA, t-SNE in slices, the neighbourhood measure.
#include "digit_maps.hpp"

#include <algorithm>
#include <numeric>
#include <string>

#include "batch.hpp"

namespace latent {
namespace {

void grey_levels(const Dataset& data, const std::vector<int>& indices, Matrix& out, std::vector<uint8_t>& labels) {
  grey_batch(data.images, indices.data(), int(indices.size()), out);
  labels.resize(indices.size());
  for (size_t j = 0; j < indices.size(); ++j) labels[j] = data.labels.labels[size_t(indices[j])];
}

std::vector<int> range(int first, int count) {
  std::vector<int> r(size_t(std::max(count, 0)));
  std::iota(r.begin(), r.end(), first);
  return r;
}

}  // namespace

double neighbour_agreement(const Matrix& Y, const std::vector<uint8_t>& labels, int k) {
  const int N = int(Y.cols());
  if (k < 1 || N <= k || int(labels.size()) != N) return 0;
  std::vector<std::pair<float, int>> d(size_t(N - 1));
  long same = 0;
  for (int i = 0; i < N; ++i) {
    int n = 0;
    for (int j = 0; j < N; ++j)
      if (j != i) d[size_t(n++)] = {(Y.col(j) - Y.col(i)).squaredNorm(), j};
    std::nth_element(d.begin(), d.begin() + (k - 1), d.end());  // ties at the k-th: any of them
    for (int m = 0; m < k; ++m) same += labels[size_t(d[size_t(m)].second)] == labels[size_t(i)];
  }
  return double(same) / (double(N) * k);
}

Status DigitMaps::init(const Dataset& train, const Dataset& test, const DigitMapSettings& wanted) {
  DigitMapSettings s = wanted;
  s.digits = std::min(s.digits, test.count() - std::max(s.unseen, 0));
  if (s.digits < 3 || s.digits > kTsneMaxPoints || s.unseen < 0 || s.neighbours < 1 || s.neighbours >= s.digits)
    return Status::error("The maps need 3 to " + std::to_string(kTsneMaxPoints) + " test digits (" +
                         std::to_string(test.count()) + " here) and fewer neighbours than digits.");
  s.tsne.perplexity = std::min(s.tsne.perplexity, (s.digits - 2) / 3.0);
  settings_ = s;
  digits_ = range(0, s.digits);
  unseen_ = range(s.digits, s.unseen);
  grey_levels(test, digits_, pixels_, labels_);
  grey_levels(test, unseen_, unseen_pixels_, unseen_labels_);

  Matrix fit;
  std::vector<uint8_t> unused;
  grey_levels(train, range(0, std::min(s.pca_fit, train.count())), fit, unused);
  if (Status st = pca_.fit(fit, 2); !st.ok) return st;
  pca_.transform(pixels_, pca_map_);
  pca_.transform(unseen_pixels_, pca_unseen_);

  if (Status st = tsne_.init(pixels_, s.tsne); !st.ok) return st;
  tsne_map_ = tsne_.embedding().cast<float>();
  return Status::success();
}

double DigitMaps::pca_reconstruction_error(int n) const {
  n = std::clamp(n, 1, int(pixels_.cols()));
  Matrix back;
  pca_.inverse_transform(pca_map_.leftCols(n), back);
  return double((back - pixels_.leftCols(n)).squaredNorm()) / n;
}

void DigitMaps::tsne_step(int iterations) {
  const int n = std::min(iterations, settings_.tsne_iterations - tsne_.iteration());
  if (n <= 0) return;
  tsne_.step(n);
  tsne_map_ = tsne_.embedding().cast<float>();
}

bool DigitMaps::restore_tsne(const Matrix& map) {
  if (map.rows() != 2 || map.cols() != Eigen::Index(digits_.size())) return false;
  tsne_.restore(map.cast<double>(), settings_.tsne_iterations);
  tsne_map_ = map;
  return true;
}

}  // namespace latent
