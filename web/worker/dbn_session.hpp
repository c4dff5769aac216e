// DbnSession: the deep belief network on MNIST as a worker session (session.hpp),
// model kind "dbn". Training runs three stages in order, then pauses by itself:
//   pretrain   greedy layer-wise pre-training (dbn_trainer.hpp), with ancestral samples
//   finetune   the unrolled classifier, pre-trained vs randomly initialised, side by side
//              (dbn_stages.hpp ClassifierPair), finetune_epochs each
//   maps       the deep autoencoder with its code layer (map_epochs), PCA and t-SNE of
//              the same test digits (dbn_stages.hpp MapStage)
// The stage command starts fine-tuning or the maps afresh at any time after
// pre-training; before, it is refused with what to do (finetune_ready).
// Metrics (layers numbered from 1, as the course does):
//   pretrain   recon_layer_<l> (the training layer's minibatches, every chunk),
//              test_recon_layer_<l> (mean-field reconstruction error of test digits at
//              that level, each evaluation, for every layer trained so far)
//   finetune   loss_pretrained, loss_random (training minibatches, nats per digit);
//              test_error_pretrained, test_error_random (fractions), test_loss_* (each
//              evaluation, on the first evaluate_subset test digits)
//   maps       map_loss (the autoencoder's training minibatches, nats per digit),
//              map_test_loss, tsne_kl (KL(P || Q) of the t-SNE map), map_recon_autoencoder,
//              map_recon_pca (squared error of grey levels rebuilt from the 2-D map, on
//              the first evaluate_subset test digits, which are the map's first digits)
// Snapshot meta: "stage": "pretrain" | "finetune" | "maps" | "done"; "stack": {sizes:
// [784, n_1, ..., n_L], training: l (0-based; L when pre-training is over), layer_epochs,
// epochs_per_layer}; once fine-tuning started "finetune": {epochs: [pre-trained,
// random], budget (epochs each: finetune_epochs raised to reach finetune_min_updates),
// asked (finetune_epochs), loaded (the session began from a model file), random_left_out}; once the maps exist "maps": {digits, unseen, tsne_iteration,
// tsne_iterations, epochs, budget, projected, neighbours: k, agreement: {autoencoder,
// pca, tsne} (k-NN label agreement)}, or "maps": {error} when the test set is too small
// for them; and after a decode
// "decoded": {map, point}. Buffers:
//   filters_<l>    784 x min(64, n_l)   layer l's units in pixel space (W_1 ... W_l)
//   samples        784 x 16             ancestral samples (10 more Gibbs sweeps in the top
//                                        RBM before each periodic snapshot): the pixels' probabilities
//                                        (a Gaussian bottom's means, as grey levels)
//   samples_from_<l> 784 x 16           level l of the same pass (l = 1 .. L-1), pushed
//                                        down to the pixels by mean-field passes
//   map_autoencoder, map_pca, map_tsne  2 x N   the maps of the first N test digits
//   map_labels     N x 1, map_pixels 784 x N    their labels and grey levels
//   unseen_autoencoder, unseen_pca      2 x U   the next U test digits, placed
//   unseen_labels  U x 1, unseen_pixels 784 x U
//   decoded        784 x 1              the decode command's point, as grey levels
// Filters stay in the units the bottom layer sees (standardised pixels for a Gaussian one).
// Model file sections: progress 1 x 2 (the stage, 0 .. 3, and the layers pre-trained),
// layer<l>_W, layer<l>_visible_bias, layer<l>_hidden_bias (l = 1 .. L); from fine-tuning
// on classifier_pretrained_W<k>/b<k> and classifier_random_W<k>/b<k> (the random one may
// be left out: it is then loaded untrained, and reports no figures and
// finetune.random_left_out until it trains); once the maps are done autoencoder_W<k>/b<k>
// and tsne_map 2 x N. A file saved during the maps stage loads at the maps' start.
// A drawing's answer (what exists at the stage reached): meta layers_trained; buffers
// top_reconstruction 784 x 1 (up to the highest trained layer, then down, grey levels),
// class_probs 10 x 1 (the pre-trained classifier's), point_autoencoder 2 x 1 and
// point_pca 2 x 1 (on the maps, with the map digits of the snapshot).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "dbn_config.hpp"
#include "dbn_stages.hpp"
#include "dbn_trainer.hpp"
#include "idx.hpp"
#include "session.hpp"

namespace latent::web {

enum class DbnStage { Pretrain = 0, Finetune = 1, Maps = 2, Done = 3 };
const char* stage_name(DbnStage stage);  // "pretrain", "finetune", "maps", "done"

class DbnSession : public TrainerSession<DbnConfig, DbnTrainer> {
 public:
  static constexpr int kSampleChains = 16;
  static constexpr int kFiltersShown = 64;

  DbnSession(const SessionData& data, const DbnConfig& defaults);

  Status commit_config(bool reset) override;  // live fine-tuning settings reach the stages too
  void rebuild() override;

  TrainReport train(int max_batches) override;  // goes on into the next layer and stage within a chunk
  bool finished() const override { return stage_ == DbnStage::Done; }
  int epoch() const override;                   // the stage's (pretrain: the training layer's)
  long long updates() const override;           // every stage's, in total
  double epoch_fraction() const override;
  DbnStage stage() const { return stage_; }

  protocol::Json chunk_metrics() override;
  protocol::Json evaluate(double) override;
  void snapshot(protocol::Json& meta, std::vector<OutBuffer>& buffers, bool advance_chains) override;
  std::unique_ptr<ExactTask> start_exact(std::string& refusal) override;
  void handle(const protocol::Command& command, protocol::Json& reply, std::vector<FieldError>& errors) override;
  void save_params(ModelFile& file, ValueEncoding weights) const override;
  Status load_params(const ModelFile& file) override;
  bool answer_drawing(const Matrix& digit, protocol::Json& meta, std::vector<OutBuffer>& buffers) override;
  bool test_on(const Dataset& digits, protocol::Json& out, std::string& refusal) override;
  Status tune_on(const Dataset& digits, int updates) override;

 private:
  void refuse_for_data(const DbnConfig& c, std::vector<FieldError>& errors) const override {
    check_train_count(c.rbm.train_count, train_count_, errors);
  }
  // Builds the stage's trainers afresh and moves there; the maps fail (nothing changes)
  // on a test set too small for them.
  Status enter(DbnStage stage);
  void advance_finished_stages();  // from a stage whose budget is spent to the next
  protocol::Json pretrain_metrics() const;
  protocol::Json finetune_metrics() const;
  protocol::Json map_metrics() const;
  void add_map_buffers(protocol::Json& meta, std::vector<OutBuffer>& buffers);

  const Dataset& train_;
  const Dataset& test_;
  int evaluate_subset_;
  DbnStage stage_ = DbnStage::Pretrain;
  std::unique_ptr<ClassifierPair> classifiers_;
  std::unique_ptr<MapStage> maps_;
  protocol::Json stage_end_metrics_;  // a finished stage's last evaluation, for the next evaluate()
  std::string map_error_;             // why the maps could not be made (a tiny test set)
  long long retired_updates_ = 0;     // of stage trainers replaced by a restart (updates() never goes back)
  bool has_decoded_ = false, decoded_pca_ = false;
  float decoded_point_[2] = {0, 0};
  // Alive while the sink reads them:
  std::vector<Matrix> filters_, levels_;
  Matrix decoded_, draw_top_, draw_probs_, draw_ae_, draw_pca_;
};

}  // namespace latent::web
