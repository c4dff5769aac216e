// The two stages of the deep belief network's page that follow greedy pre-training
// (dbn_session.hpp runs them in order):
//   ClassifierPair  the unrolled classifier from the pre-trained stack and the same
//                   network from random initialisation (dbn_finetune.hpp), trained in
//                   turn on the same minibatch size and optimiser, so that their test
//                   curves compare at equal updates
//   MapStage        the deep autoencoder of the stack with its code layer (fine-tuned),
//                   PCA and t-SNE (digit_maps.hpp) on the same test digits; codes wider
//                   than 2 are shown on their 2 principal axes
// Each trains for a budget of epochs (the config's finetune_epochs / map_epochs).
#pragma once
#include <memory>

#include "dbn_config.hpp"
#include "dbn_finetune.hpp"
#include "digit_maps.hpp"

namespace latent::web {

// Pixels as grey levels: a Gaussian bottom's standardised values mapped back (s not
// null), else unchanged.
void to_grey(const PixelStandardization* s, Matrix& pixels);

// Up to max_batches updates of t, stopping when it has done `epochs` epochs.
TrainReport train_for_epochs(FinetuneTrainer& t, int max_batches, int epochs);

struct ClassifierPair {
  ClassifierPair(const DbnConfig& config, const Dbn& dbn, const Dataset& train, const Dataset& test);
  TrainReport train(int max_batches, const DbnConfig& config);  // half each, up to the budget
  bool done(const DbnConfig& config) const;
  // Epochs each: config.finetune_epochs, raised to reach config.finetune_min_updates.
  int budget(const DbnConfig& config) const;
  long long updates() const { return pretrained.updates() + random.updates(); }
  // The random-init network came from a model file that left it out, and has not
  // trained since: it has nothing to compare yet.
  bool random_untrained() const { return random_left_out && random.updates() == 0; }

  FinetuneTrainer pretrained, random;
  bool random_left_out = false;
};

class MapStage {
 public:
  static constexpr int kTsneStepsPerBatch = 3;  // t-SNE iterations beside each autoencoder update

  // The maps' digits and PCA are ready at once; t-SNE and the autoencoder train.
  MapStage(const DbnConfig& config, const Dbn& dbn, const Dataset& train, const Dataset& test,
           const DigitMapSettings& settings);
  const Status& status() const { return status_; }  // an error when the maps could not be made

  TrainReport train(int max_batches, const DbnConfig& config);
  bool done(const DbnConfig& config) const;
  // The autoencoder's updates, and t-SNE's iterations once the autoencoder is done.
  long long updates() const { return autoencoder.updates() + tsne_only_updates_; }

  // Brings the autoencoder's map of the digits and of the unseen ones (encoded again
  // when the autoencoder has trained since) and the k-NN label agreements up to date.
  void update();
  const Matrix& codes_map() const { return codes_map_; }  // 2 x N
  const Matrix& codes_unseen() const { return codes_unseen_; }  // 2 x U
  // The maps' k-NN label agreement (digit_maps.hpp), as of the last update().
  double autoencoder_agreement() const { return autoencoder_agreement_; }
  double pca_agreement() const { return pca_agreement_; }
  double tsne_agreement() const { return tsne_agreement_; }
  bool projected() const { return projected_; }  // codes wider than 2, on their principal axes
  // The autoencoder's parameters were replaced (a model file's): codes and agreements afresh.
  void reload();
  // Where digits land on the autoencoder's map and PCA's: v as the network sees them,
  // grey their grey levels (784 x n each); 2 x n each.
  void place(const Matrix& v, const Matrix& grey, Matrix& autoencoder_points, Matrix& pca_points) const;
  // Pixels (grey levels, 784 x 1) decoded from a point of the autoencoder's map or PCA's.
  void decode(bool pca, float x, float y, Matrix& pixels) const;
  FinetuneTrainer autoencoder;
  DigitMaps maps;
  Matrix labels, unseen_labels;  // the digits' and the unseen digits' labels, N x 1 and U x 1

 private:
  Status status_;
  bool projected_;
  Pca code_axes_;  // when projected: the codes' principal axes (fitted on the map's digits)
  Matrix codes_map_, codes_unseen_;
  long long tsne_only_updates_ = 0;
  long long codes_at_ = -1;  // the autoencoder's updates when the codes were made
  int tsne_at_ = -1;         // t-SNE's iteration when its agreement was measured
  double autoencoder_agreement_ = 0, pca_agreement_ = 0, tsne_agreement_ = 0;
};

}  // namespace latent::web
