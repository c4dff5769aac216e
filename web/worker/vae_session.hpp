// VaeSession: the autoencoder / VAE on MNIST as a worker session (session.hpp),
// model kind "vae" (config.variational: VAE or plain autoencoder).
// Metrics (per digit, nats): elbo_minibatch (training minibatches, every chunk);
// elbo_train/test, recon_train/test (E_q log p(x|z)), kl_train/test with each
// evaluation; after exact_ll (the importance-weighted estimate on iw_digits test
// digits with iw_samples samples): iw_log_likelihood, iw_elbo (the same digits'
// ELBO) and iw_gap (their difference: the mean KL(q(z|x) || p(z|x))).
// Snapshot buffers:
//   data, reconstructions  784 x 10     fixed test digits; decoder means at the encoder's mean
//   map            2 x N      the latent means of the first N test digits (latent 2: z itself;
//                             else their projection on the 2 leading principal axes)
//   map_cov        3 x N      each digit's q(z|x) covariance on the map: var_x, var_y, cov_xy
//                             (zeros for the plain autoencoder)
//   map_labels     N x 1      their labels
//   manifold       784 x G^2  latent 2 only: decoded grid z in [-3, 3]^2, row by row from
//                             the top (z2 = 3) and left (z1 = -3); meta "manifold": {grid, extent}
//   prior_samples  784 x 16   decoded z ~ N(0, I) (fixed noise)
//   interpolation  784 x 10   decoded means along the line between two test digits' codes
//   decoded        784 x 1    the decode command's point (once asked)
//   probe          784 x 1, probe_mean / probe_sd  latent x 1: the probe digit and q(z|x)
//   iw             3 x iw_digits  after exact_ll: log p(x), ELBO, test index of each digit
// Commands: hidden_probs {index} (the probe digit), interpolate {from, to},
// decode {point} (a point of the map; above 2 latents it is lifted back along the
// principal axes around the means' centre).
// Model file sections: encoder_W<l>, encoder_b<l>, decoder_W<l>, decoder_b<l>.
// A drawing's answer: meta elbo (the drawing's, VaeTrainer::elbo_of; the AE's
// log p(x|c)); buffers point 2 x 1 and point_cov 3 x 1 (on the map, as map and
// map_cov), reconstruction 784 x 1, test_elbos evaluate_subset x 1 (the first test
// digits' grey levels, measured alike: how typical the drawing is).
#pragma once
#include <memory>
#include <vector>

#include "idx.hpp"
#include "session.hpp"
#include "vae_config.hpp"
#include "vae_trainer.hpp"

namespace latent::web {

class VaeSession : public TrainerSession<VaeConfig, VaeTrainer> {
 public:
  static constexpr int kMapDigits = 1000;   // test digits on the latent map
  static constexpr int kManifoldGrid = 15;  // the 2-D manifold: kManifoldGrid^2 decoded digits
  static constexpr float kManifoldExtent = 3.0f;

  VaeSession(const SessionData& data, const VaeConfig& defaults);

  void rebuild() override;
  protocol::Json chunk_metrics() override { return finite_metric("elbo_minibatch", trainer_->take_recent_elbo()); }

  protocol::Json evaluate(double iw_mean) override;
  void snapshot(protocol::Json& meta, std::vector<OutBuffer>& buffers, bool advance_chains) override;
  std::unique_ptr<ExactTask> start_exact(std::string& refusal) override;
  void handle(const protocol::Command& command, protocol::Json& reply, std::vector<FieldError>& errors) override;
  void save_params(ModelFile& file, ValueEncoding weights) const override;
  Status load_params(const ModelFile& file) override;
  bool answer_drawing(const Matrix& digit, protocol::Json& meta, std::vector<OutBuffer>& buffers) override;
  bool test_on(const Dataset& digits, protocol::Json& out, std::string& refusal) override;
  Status tune_on(const Dataset& digits, int updates) override;

  // The importance-weighted results, per digit (filled by the exact task).
  struct Gap {
    std::vector<int> digits;
    std::vector<double> log_px, elbo;
  };

 private:
  void refuse_for_data(const VaeConfig& c, std::vector<FieldError>& errors) const override {
    check_train_count(c.train_count, train_count_, errors);
  }
  void update_map();  // map, map_cov from the latent means (PCA above 2 latents)
  // The point of the map and its covariance (var_x, var_y, cov_xy) of q(z|x).
  void place_on_map(const Matrix& means, const Matrix& log_vars, int j, float* point, float* cov) const;

  const Dataset& train_;
  const Dataset& test_;
  int evaluate_subset_;
  std::vector<int> digits_, map_digits_;
  int probe_ = 0, from_ = 0, to_ = 1;
  bool has_decoded_ = false;
  float decoded_point_[2] = {0, 0};
  Gap gap_;  // of the current model (cleared on rebuild)
  // the map's projection: 2-D point p <-> latent centre_ + axes_ p
  Eigen::VectorXf centre_;
  Matrix axes_;
  // alive while the sink reads them
  Matrix snap_v_, snap_recon_, means_, log_vars_, map_, map_cov_, map_labels_, manifold_, prior_, prior_z_,
      interpolation_, decoded_, probe_v_, probe_recon_, probe_mean_, probe_sd_, iw_, draw_point_, draw_cov_,
      draw_recon_, test_elbos_;
  long long map_at_ = -1, test_elbos_at_ = -1;  // the updates when the map / test_elbos_ were made (-1: stale)
};

}  // namespace latent::web
