// RbmSession: the binary RBM on MNIST as a worker session (session.hpp).
// Snapshot buffers (protocol.hpp, section 5): filters, data, reconstructions,
// fantasy, positive/negative_stats, stats_difference, probe, hidden_probs,
// visible_bias, hidden_bias. Its own command: hidden_probs {index}.
// Model file sections: W, visible_bias, hidden_bias (model_sections.hpp).
// A drawing's answer: meta free_energy (F of the drawing), dream_steps (the Gibbs
// steps of each dream frame); buffers hidden (nh x 1, p(h=1|v)), reconstruction
// (784 x 1, p(v=1|p(h|v))), dream (784 x frames: E[v|h] of a Gibbs chain started
// at the drawing, after each of kDreamSteps, from a fixed seed so that it does not
// flicker), test_free_energies (evaluate_subset x 1: F of the first test digits,
// the distribution the drawing's F is set beside).
#pragma once
#include <memory>
#include <vector>

#include "idx.hpp"
#include "rbm_config.hpp"
#include "rbm_trainer.hpp"
#include "session.hpp"

namespace latent::web {

// Ten fixed test digits, one of each label when the set has them.
std::vector<int> one_digit_per_label(const Dataset& test);

class RbmSession : public TrainerSession<RbmConfig, RbmTrainer> {
 public:
  RbmSession(const SessionData& data, const RbmConfig& defaults);

  void rebuild() override;
  protocol::Json chunk_metrics() override { return finite_metric("recon_error", trainer_->take_recent_recon_error()); }

  protocol::Json evaluate(double log_z) override;
  void snapshot(protocol::Json& meta, std::vector<OutBuffer>& buffers, bool advance_chains) override;
  std::unique_ptr<ExactTask> start_exact(std::string& refusal) override;
  std::unique_ptr<ExactTask> start_ais(const protocol::Command& command, std::string& refusal) override;
  void handle(const protocol::Command& command, protocol::Json& reply, std::vector<FieldError>& errors) override;
  bool hidden_probs_of(int test_index, Matrix& out) const override;
  void save_params(ModelFile& file, ValueEncoding weights) const override;
  Status load_params(const ModelFile& file) override;
  bool answer_drawing(const Matrix& digit, protocol::Json& meta, std::vector<OutBuffer>& buffers) override;
  bool test_on(const Dataset& digits, protocol::Json& out, std::string& refusal) override;
  Status tune_on(const Dataset& digits, int updates) override;

  static constexpr int kDreamSteps[] = {1, 3, 10, 30, 100};

 private:
  void refuse_for_data(const RbmConfig& c, std::vector<FieldError>& errors) const override {
    check_train_count(c.train_count, train_count_, errors);
  }

  const Dataset& train_;
  const Dataset& test_;
  int evaluate_subset_, auto_exact_hidden_;
  std::vector<int> digits_;
  int probe_ = 0;
  Matrix snap_v_, snap_recon_, snap_diff_, probe_v_, probe_h_;  // alive while the sink reads them
  Matrix draw_h_, draw_recon_, dream_, test_free_;
  long long test_free_at_ = -1;  // the updates when test_free_ was measured (-1: not since the model changed)
};

}  // namespace latent::web
