// DbmSession: the two-layer deep Boltzmann machine on MNIST as a worker session
// (session.hpp), model kind "dbm", with a deep belief network of the same sizes trained
// beside it on the same digits, for the course's comparison.
//   DBM   dbm_trainer.hpp: each layer pre-trained (doubled inputs), the two composed,
//         then joint_epochs of joint training (mean field + persistent chains)
//   DBN   dbn_trainer.hpp: the same layer sizes, pixels, seed and CD settings as the
//         DBM's pre-training, greedily, pretrain_epochs + joint_epochs epochs per layer
//         (each layer sees each digit as often as the DBM's); no fine-tuning
// Each chunk trains whichever of the two is further behind its budget, so both are
// seen learning; when both budgets are spent the run is done and the worker pauses.
// Metrics (each evaluation, on the first evaluate_subset test digits, binarised by the
// fixed draw): test_recon_dbm (squared error of p(v | mu1) at the mean field, once the
// layers are joined), test_recon_dbn (of the DBN's pass up to its top layer and down),
// test_neg_free_energy (-F(q) = the bound + log Z, per digit).
// The ais command: log Z by AIS over h1 (v and h2 summed out; base rate: the mean of
// q(h1) over the first 1,000 training digits), then the bound on every test digit:
// ais_bound (_low/_high from log Z's range), ais_log_partition (_low/_high), and for
// hidden1 <= kMaxExactHidden ais_exact_log_partition and ais_exact_bound beside them.
// Snapshot meta: "stage": "pretrain_bottom" | "pretrain_top" | "joint" | "done";
// "dbm": {sizes, stage_epoch, pretrain_epochs, joint_epochs, updates}; "dbn": {layer (0-based
// training layer; 2 when done), epoch, epochs_per_layer, updates}; "probe": {index,
// label}; once joined "mean_field": {rounds, change: [max |mu change| of each round]}.
// Buffers:
//   filters            784 x min(64, n1)   W1's columns (the bottom layer's while it trains)
//   samples            784 x 16            p(v | h1) of the first 16 persistent chains (joint)
//   dbn_samples        784 x 16            the DBN's ancestral samples (from training codes)
//   probe              784 x 1             the chosen test digit as both models see it
//   mean_field         784 x (R + 1)       p(v | mu1) after each mean-field round 0 .. R
//                                          (0: the doubled up pass), R = 2 x mean_field
//   mean_field_h1      min(n1, 100) x (R + 1)  the first units of mu1 after each round
//   dbn_reconstruction 784 x 1             the DBN's pass up and down
// Model file sections: progress 1 x 3 (the DBM's stage 0 .. 2, the DBN's layers trained
// 0 .. 2, the joint epochs done; a stage of pre-training loads at its start); before
// the layers are joined bottom_W, bottom_visible_bias, bottom_hidden_bias and top_*,
// after dbm_W1, dbm_W2, dbm_visible_bias, dbm_hidden1_bias, dbm_hidden2_bias; and the
// DBN's dbn_layer1_*, dbn_layer2_*. The joint stage's chains start afresh on loading.
// A drawing's answer: once joined "reconstruction" (p(v | mu1) at the mean field),
// "mean_field" and "mean_field_h1" (as the snapshot's) with meta "mean_field"; always
// "dbn_reconstruction" and "probe" (the drawing itself); meta "joined".
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "dbm_config.hpp"
#include "dbm_trainer.hpp"
#include "dbn_trainer.hpp"
#include "session.hpp"

namespace latent::web {

class DbmSession : public TrainerSession<DbmConfig, DbmTrainer> {
 public:
  static constexpr int kSampleChains = 16;
  static constexpr int kFiltersShown = 64;
  static constexpr int kUnitsShown = 100;

  DbmSession(const SessionData& data, const DbmConfig& defaults);

  Status commit_config(bool reset) override;  // live settings reach the DBN too
  void rebuild() override;
  TrainReport train(int max_batches) override;
  bool finished() const override;
  long long updates() const override { return trainer_->updates() + dbn_->updates(); }

  protocol::Json chunk_metrics() override { return protocol::Json::object(); }
  protocol::Json evaluate(double) override;
  void snapshot(protocol::Json& meta, std::vector<OutBuffer>& buffers, bool advance_chains) override;
  std::unique_ptr<ExactTask> start_exact(std::string& refusal) override;
  std::unique_ptr<ExactTask> start_ais(const protocol::Command& command, std::string& refusal) override;
  void handle(const protocol::Command& command, protocol::Json& reply, std::vector<FieldError>& errors) override;
  void save_params(ModelFile& file, ValueEncoding weights) const override;
  Status load_params(const ModelFile& file) override;
  bool answer_drawing(const Matrix& digit, protocol::Json& meta, std::vector<OutBuffer>& buffers) override;

  const DbnTrainer& dbn() const { return *dbn_; }

 private:
  void refuse_for_data(const DbmConfig& c, std::vector<FieldError>& errors) const override {
    check_train_count(c.train_count, train_count_, errors);
  }
  bool joined() const { return trainer_->stage() == DbmStage::Joint; }
  // Joint epochs so far (a loaded model's included) and to go.
  int joint_epochs_done() const { return joined() ? trainer_->epoch() + loaded_epochs_ : 0; }
  int joint_epochs_left() const { return config_.joint_epochs - loaded_epochs_; }
  bool dbm_done() const { return joined() && trainer_->batches_left(joint_epochs_left()) == 0; }
  double dbm_progress() const;  // of its budget, 0 .. 1
  double dbn_progress() const;
  // The mean field of binary digits V (columns), round by round: M1 and the pixels'
  // probabilities after each, and each round's largest change.
  void mean_field_rounds(const Matrix& V, Matrix& pixels, Matrix& units, std::vector<double>& change) const;
  void dbn_reconstruct(const Matrix& V, Matrix& out) const;  // up to the top and down

  const Dataset& train_;
  const Dataset& test_;
  int evaluate_subset_;
  std::unique_ptr<DbnTrainer> dbn_;
  int probe_ = 0;
  int loaded_epochs_ = 0;  // the joint epochs a loaded model had had
  // Alive while the sink reads them:
  Matrix filters_, samples_, dbn_samples_, probe_v_, mf_pixels_, mf_units_, dbn_recon_, draw_pixels_, draw_units_,
      draw_dbn_;
};

}  // namespace latent::web
