// ClassifierPair and MapStage (see dbn_stages.hpp).
#include "dbn_stages.hpp"

#include <algorithm>
#include <cmath>

namespace latent::web {
namespace {

Matrix label_column(const std::vector<uint8_t>& labels) {
  Matrix m(Eigen::Index(labels.size()), 1);
  for (size_t j = 0; j < labels.size(); ++j) m(Eigen::Index(j), 0) = float(labels[j]);
  return m;
}

}  // namespace

void to_grey(const PixelStandardization* s, Matrix& pixels) {
  if (s) s->unstandardize(pixels, pixels);  // coefficient-wise: in place is safe
}

TrainReport train_for_epochs(FinetuneTrainer& t, int max_batches, int epochs) {
  const double left = (double(epochs) - t.epoch() - t.epoch_fraction()) * t.batches_per_epoch();
  const int n = std::min(max_batches, int(std::ceil(left - 1e-9)));
  if (t.epoch() >= epochs || n <= 0) return {};
  return t.train(n);
}

ClassifierPair::ClassifierPair(const DbnConfig& config, const Dbn& dbn, const Dataset& train, const Dataset& test)
    : pretrained(config, Unrolled::Classifier, &dbn, train, test),
      random(config, Unrolled::Classifier, nullptr, train, test) {}

TrainReport ClassifierPair::train(int max_batches, const DbnConfig& config) {
  // Half each, an odd batch to the network behind, so both keep in step; all to one
  // when the other is done.
  const int budget = this->budget(config);
  const int first = random.epoch() >= budget       ? max_batches
                    : pretrained.epoch() >= budget ? 0
                    : pretrained.updates() <= random.updates() ? (max_batches + 1) / 2
                                                               : max_batches / 2;
  TrainReport r = train_for_epochs(pretrained, first, budget);
  if (r.diverged) return r;
  const TrainReport s = train_for_epochs(random, max_batches - r.batches, budget);
  r.batches += s.batches;
  r.diverged = s.diverged;
  r.message = s.message;
  return r;
}

bool ClassifierPair::done(const DbnConfig& config) const {
  return pretrained.epoch() >= budget(config) && random.epoch() >= budget(config);
}

int ClassifierPair::budget(const DbnConfig& config) const {
  const int per_epoch = pretrained.batches_per_epoch();
  return std::max(config.finetune_epochs, (config.finetune_min_updates + per_epoch - 1) / per_epoch);
}

MapStage::MapStage(const DbnConfig& config, const Dbn& dbn, const Dataset& train, const Dataset& test,
                   const DigitMapSettings& settings)
    : autoencoder(config, Unrolled::Autoencoder, &dbn, train, test), projected_(config.code_width() != 2) {
  status_ = maps.init(train, test, settings);
  if (!status_.ok) return;
  labels = label_column(maps.labels());
  unseen_labels = label_column(maps.unseen_labels());
  pca_agreement_ = neighbour_agreement(maps.pca_map(), maps.labels(), maps.settings().neighbours);
  update();
}

TrainReport MapStage::train(int max_batches, const DbnConfig& config) {
  TrainReport r = train_for_epochs(autoencoder, max_batches, config.map_epochs);
  if (r.batches > 0 || r.diverged) {
    maps.tsne_step(r.batches * kTsneStepsPerBatch);
    return r;
  }
  // The autoencoder is done before t-SNE: its iterations count as the updates.
  const int before = maps.tsne_iteration();
  maps.tsne_step(max_batches);
  r.batches = maps.tsne_iteration() - before;
  tsne_only_updates_ += r.batches;
  return r;
}

bool MapStage::done(const DbnConfig& config) const {
  return autoencoder.epoch() >= config.map_epochs && maps.tsne_done();
}

void MapStage::update() {
  const int k = maps.settings().neighbours;
  if (tsne_at_ != maps.tsne_iteration()) {
    tsne_at_ = maps.tsne_iteration();
    tsne_agreement_ = neighbour_agreement(maps.tsne_map(), maps.labels(), k);
  }
  if (codes_at_ == autoencoder.updates()) return;  // the encoder has not moved
  codes_at_ = autoencoder.updates();
  Matrix codes, unseen;
  autoencoder.encode(maps.digits(), codes);
  autoencoder.encode(maps.unseen(), unseen);
  if (projected_ && code_axes_.fit(codes, 2).ok) {  // validate() keeps codes at least 2 wide
    code_axes_.transform(codes, codes_map_);
    code_axes_.transform(unseen, codes_unseen_);
  } else {
    codes_map_ = codes;
    codes_unseen_ = unseen;
  }
  autoencoder_agreement_ = neighbour_agreement(codes_map_, maps.labels(), k);
}

void MapStage::reload() {
  codes_at_ = -1;
  tsne_at_ = -1;
  update();
}

void MapStage::place(const Matrix& v, const Matrix& grey, Matrix& autoencoder_points, Matrix& pca_points) const {
  Matrix codes;
  autoencoder.encode_pixels(v, codes);
  if (projected_) code_axes_.transform(codes, autoencoder_points);
  else autoencoder_points = codes;
  maps.pca().transform(grey, pca_points);
}

void MapStage::decode(bool pca, float x, float y, Matrix& pixels) const {
  Matrix point(2, 1);
  point << x, y;
  if (pca) {
    maps.pca().inverse_transform(point, pixels);
    pixels = pixels.cwiseMax(0.0f).cwiseMin(1.0f);
    return;
  }
  Matrix code = point;
  if (projected_) code_axes_.inverse_transform(point, code);
  autoencoder.decode(code, pixels);
  to_grey(autoencoder.standardization(), pixels);
}
}  // namespace latent::web
