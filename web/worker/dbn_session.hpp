// DbnSession: the deep belief network on MNIST as a worker session (session.hpp),
// model kind "dbn". This first part covers greedy layer-wise pre-training and
// ancestral sampling (fine-tuning and the 2-D maps are to come).
// Metrics (layers numbered from 1, as the course does): recon_layer_<l> (the
// training layer's minibatches, every chunk) and test_recon_layer_<l> (mean-field
// reconstruction error of test digits at that level, each evaluation, for every
// layer trained so far). Training stops by itself when every layer is done.
// Snapshot meta "stack": {sizes: [784, n_1, ..., n_L], training: l (0-based; L when
// pre-training is over), layer_epochs: epochs done in the training layer,
// epochs_per_layer}. Buffers:
//   filters_<l>    784 x min(64, n_l)   layer l's units in pixel space (W_1 ... W_l)
//   samples        784 x 16             ancestral samples (10 more Gibbs sweeps in the top
//                                        RBM before each periodic snapshot): the pixels' probabilities
//   samples_from_<l> 784 x 16           level l of the same pass (l = 1 .. L-1), pushed
//                                        down to the pixels by mean-field passes
#pragma once
#include <memory>
#include <vector>

#include "dbn_config.hpp"
#include "dbn_trainer.hpp"
#include "idx.hpp"
#include "session.hpp"

namespace latent::web {

class DbnSession : public TrainerSession<DbnConfig, DbnTrainer> {
 public:
  static constexpr int kSampleChains = 16;
  static constexpr int kFiltersShown = 64;
  static constexpr int kSampleSteps = 10;  // Gibbs sweeps in the top RBM per periodic snapshot

  DbnSession(const Dataset& train, const Dataset& test, int evaluate_subset);

  const char* kind() const override { return "dbn"; }
  int hidden() const override { return config_.layers.empty() ? 0 : config_.layers.back(); }
  ConfigCheck stage_config(const protocol::Json& fields, bool from_defaults) override;
  void rebuild() override;

  TrainReport train(int max_batches) override;  // goes on into the next layer within a chunk
  bool finished() const override { return trainer_->pretrained(); }

  protocol::Json chunk_metrics() override;
  protocol::Json evaluate(double) override;
  void snapshot(protocol::Json& meta, std::vector<OutBuffer>& buffers, bool advance_chains) override;
  std::unique_ptr<ExactTask> start_exact(std::string& refusal) override;
  bool handle(const protocol::Command&, protocol::Json&, std::vector<FieldError>&) override { return false; }

 private:
  DbnConfig defaults() const;

  const Dataset& train_;
  const Dataset& test_;
  int evaluate_subset_;
  std::vector<Matrix> filters_, levels_;  // alive while the sink reads them
};

}  // namespace latent::web
