// GrbmSession: the Gaussian-Bernoulli RBM as a worker session (session.hpp), in
// its two labs:
//   "grbm2d"  points in the plane (a named set or the student's own, edited with
//             the points command); every evaluation is exact (the mixture of 2^d
//             Gaussians): exact_log_likelihood_train (over the points), components
//             (mixture components with weight >= 1%).
//             Snapshot buffers: points 2 x n, samples 2 x chains (the Gibbs
//             chains' v), component_means 2 x 2^d, component_weights 2^d x 1,
//             W 2 x d (arrows from the visible bias), visible_bias 2 x 1,
//             variances 2 x 1, density G x G (p(v) on a grid over the plane:
//             entry (i, j) at x = x_j, y = y_i; meta "plane": {half_width, grid}).
//   "grbm"    MNIST with standardised pixels. Buffers as grey levels (the model's
//             values mapped back through the standardisation): filters 784 x
//             min(100, d) (raw weights), data 784 x 10, reconstructions 784 x 10,
//             fantasy 784 x chains; metrics recon_error (standardised units),
//             free energies, exact log-likelihood up to kMaxAutoExactHidden (no
//             component count: among 2^d components on MNIST the count of those
//             above 1% jumps between evaluations, so it is not reported).
//             A drawing's answer: reconstruction 784 x 1 (grey levels), meta
//             free_energy (of the drawing, standardised).
// Model file sections: W, visible_bias, hidden_bias, log_variances (nv x 1).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "grbm_config.hpp"
#include "grbm_exact.hpp"
#include "grbm_trainer.hpp"
#include "idx.hpp"
#include "session.hpp"

namespace latent::web {

class GrbmSession : public TrainerSession<GrbmConfig, GrbmTrainer> {
 public:
  static constexpr int kDensityGrid = 64;        // density buffer: kDensityGrid^2 points on the plane
  static constexpr int kMaxPlaneExactHidden = 10;  // the plane lab's mixture is drawn up to 2^10 components
  static constexpr int kMaxAutoExactHidden = 12;   // MNIST: exact log-likelihood with each evaluation

  // The plane's lab when the defaults' data set is a point set, else MNIST's.
  GrbmSession(const SessionData& data, const GrbmConfig& defaults);

  void rebuild() override;
  protocol::Json chunk_metrics() override { return finite_metric("recon_error", trainer_->take_recent_recon_error()); }

  double max_updates_per_second() const override { return config_.updates_per_second; }
  protocol::Json evaluate(double log_z) override;
  void snapshot(protocol::Json& meta, std::vector<OutBuffer>& buffers, bool advance_chains) override;
  std::unique_ptr<ExactTask> start_exact(std::string& refusal) override;
  // log Z by AIS (grbm_ais.hpp, from the training data's means and the model's variances), then
  // the mean log p(v) of the plane's points or of the first evaluate_subset test digits
  // as the ais_log_likelihood figures (session.hpp), checked by the exact log Z up to
  // kMaxMixtureHidden hidden units.
  std::unique_ptr<ExactTask> start_ais(const protocol::Command& command, std::string& refusal) override;
  void handle(const protocol::Command& command, protocol::Json& reply, std::vector<FieldError>& errors) override;
  void save_params(ModelFile& file, ValueEncoding weights) const override;
  Status load_params(const ModelFile& file) override;
  bool answer_drawing(const Matrix& digit, protocol::Json& meta, std::vector<OutBuffer>& buffers) override;
  bool test_on(const Dataset& digits, protocol::Json& out, std::string& refusal) override;
  Status tune_on(const Dataset& digits, int updates) override;

 private:
  void refuse_for_data(const GrbmConfig& c, std::vector<FieldError>& errors) const override;
  void plane_snapshot(std::vector<OutBuffer>& buffers, protocol::Json& meta);
  void image_snapshot(std::vector<OutBuffer>& buffers, protocol::Json& meta);

  bool plane_;
  const Dataset& train_;
  const Dataset& test_;
  int evaluate_subset_;
  Matrix points_;  // the plane's current points (what "custom" starts from)
  std::vector<int> digits_;
  // alive while the sink reads them
  GaussianMixture mixture_;
  Matrix means_, weights_, density_, variances_, grid_;
  Matrix snap_v_, snap_recon_, grey_v_, grey_recon_, grey_fantasy_, draw_recon_;
};

}  // namespace latent::web
