// VaeSession (see vae_session.hpp).
#include "vae_session.hpp"

#include <algorithm>
#include <cmath>

#include <Eigen/Eigenvalues>

#include "batch.hpp"
#include "model_sections.hpp"
#include "rbm_session.hpp"  // one_digit_per_label
#include "vae.hpp"
#include "rng_streams.hpp"

namespace latent::web {

using protocol::Json;

namespace {

constexpr uint64_t kPriorNoise = uint64_t(Stream::VaePriorNoise);  // rng_streams.hpp

// The importance-weighted log p(x), one test digit per block.
class IwTask : public ExactTask {
 public:
  IwTask(const VaeTrainer& trainer, VaeSession::Gap& gap, int digits, int k) : trainer_(trainer), gap_(gap), k_(k) {
    gap_ = VaeSession::Gap{};
    for (int i = 0; i < digits; ++i) gap_.digits.push_back(i);
  }
  bool advance(long blocks) override {
    for (long b = 0; b < blocks && done() < total(); ++b) {
      double log_px = 0, elbo = 0;
      trainer_.importance_weighted(gap_.digits[size_t(done())], k_, log_px, elbo);
      gap_.log_px.push_back(log_px);
      gap_.elbo.push_back(elbo);
    }
    return done() == total();
  }
  double fraction() const override { return total() > 0 ? double(done()) / double(total()) : 1.0; }
  double value() const override {
    double sum = 0;
    for (double v : gap_.log_px) sum += v;
    return gap_.log_px.empty() ? std::nan("") : sum / double(gap_.log_px.size());
  }
  std::string what() const override {
    return "importance sampling log p(x) with k = " + std::to_string(k_) + " on " + std::to_string(total()) +
           " test digits";
  }
  const char* metric() const override { return "iw_log_likelihood"; }
  int digits() const override { return total(); }
  void describe(Json& reply) const override {
    reply["latent"] = trainer_.latent();
    reply["samples"] = k_;
  }

 private:
  int done() const { return int(gap_.log_px.size()); }
  int total() const { return int(gap_.digits.size()); }
  const VaeTrainer& trainer_;
  VaeSession::Gap& gap_;
  int k_;
};

}  // namespace

VaeSession::VaeSession(const SessionData& data, const VaeConfig& defaults)
    : TrainerSession(data, defaults), train_(data.train), test_(data.test), evaluate_subset_(data.evaluate_subset),
      digits_(one_digit_per_label(data.test)) {
  defaults_.train_count = std::min(defaults_.train_count, train_count_);
  const Dataset& test = test_;
  for (int i = 0; i < std::min(kMapDigits, test.count()); ++i) map_digits_.push_back(i);
  probe_ = digits_.empty() ? 0 : digits_.front();
  from_ = digits_.size() > 1 ? digits_[1] : 0;  // a 1 ...
  to_ = digits_.size() > 7 ? digits_[7] : from_;  // ... to a 7
  start_with_defaults();
}

void VaeSession::rebuild() {
  trainer_.reset();
  trainer_ = std::make_unique<VaeTrainer>(config_, train_, test_);
  gap_ = Gap{};
  has_decoded_ = false;
  map_at_ = test_elbos_at_ = -1;
}

Json VaeSession::evaluate(double iw_mean) {
  const VaeMetrics r = trainer_->evaluate(evaluate_subset_);
  Json m = Json::object();
  auto put = [&](const char* name, double v) { if (std::isfinite(v)) m[name] = v; };
  put("elbo_train", r.elbo_train);
  put("elbo_test", r.elbo_test);
  put("recon_train", r.recon_train);
  put("recon_test", r.recon_test);
  if (config_.variational) {
    put("kl_train", r.kl_train);
    put("kl_test", r.kl_test);
  }
  if (std::isfinite(iw_mean) && !gap_.elbo.empty() && gap_.elbo.size() == gap_.log_px.size()) {
    double elbo = 0;
    for (double e : gap_.elbo) elbo += e;
    elbo /= double(gap_.elbo.size());
    put("iw_log_likelihood", iw_mean);
    put("iw_elbo", elbo);
    put("iw_gap", iw_mean - elbo);
  }
  return m;
}

std::unique_ptr<ExactTask> VaeSession::start_exact(std::string& refusal) {
  if (!config_.variational) {
    refusal = "the importance-weighted log-likelihood needs a VAE: a plain autoencoder has no q(z|x) and no prior";
    return nullptr;
  }
  return std::make_unique<IwTask>(*trainer_, gap_, std::min(config_.iw_digits, test_.count()), config_.iw_samples);
}

void VaeSession::handle(const protocol::Command& c, Json& reply, std::vector<FieldError>& errors) {
  using protocol::CommandKind;
  auto check_digit = [&](const char* field, int index) {
    if (index < test_.count()) return true;
    errors.push_back({field, std::string(field) + " must be below " + std::to_string(test_.count()) + " (the test digits)"});
    return false;
  };
  switch (c.kind) {
    case CommandKind::HiddenProbs:
      if (!check_digit("index", c.index)) return;
      probe_ = c.index;
      reply["index"] = probe_;
      reply["label"] = int(test_.labels.labels[size_t(probe_)]);
      return;
    case CommandKind::Interpolate:
      if (!check_digit("from", c.index) || !check_digit("to", c.index_to)) return;
      from_ = c.index;
      to_ = c.index_to;
      return;
    default:  // decode
      has_decoded_ = true;
      decoded_point_[0] = c.x;
      decoded_point_[1] = c.y;
  }
}

void VaeSession::place_on_map(const Matrix& means, const Matrix& log_vars, int j, float* point, float* cov) const {
  Eigen::Map<Eigen::Vector2f> p(point);
  p = axes_.transpose() * (means.col(j) - centre_);
  Eigen::Map<Eigen::Vector3f> c(cov);
  c.setZero();
  if (log_vars.rows() != means.rows() || log_vars.cols() != means.cols()) return;  // the AE: no spread
  const Eigen::VectorXf var = log_vars.col(j).array().exp();
  const Matrix c2 = axes_.transpose() * var.asDiagonal() * axes_;  // P^T diag(var) P
  c << c2(0, 0), c2(1, 1), c2(0, 1);
}

void VaeSession::update_map() {
  map_at_ = updates();
  trainer_->encode(map_digits_, means_, log_vars_);
  const int L = int(means_.rows()), N = int(means_.cols());
  if (L == 2) {
    centre_ = Eigen::VectorXf::Zero(2);
    axes_ = Matrix::Identity(2, 2);
  } else {  // the two leading principal axes of the means
    centre_ = means_.rowwise().mean();
    const Matrix centred = means_.colwise() - centre_;
    const Matrix cov = centred * centred.transpose() / float(std::max(1, N - 1));
    Eigen::SelfAdjointEigenSolver<Matrix> eig(cov);
    axes_ = eig.eigenvectors().rightCols(2).rowwise().reverse();  // largest eigenvalue first
  }
  map_.resize(2, N);
  map_cov_.resize(3, N);
  for (int j = 0; j < N; ++j) place_on_map(means_, log_vars_, j, map_.col(j).data(), map_cov_.col(j).data());
  map_labels_.resize(N, 1);
  for (int j = 0; j < N; ++j) map_labels_(j, 0) = float(test_.labels.labels[size_t(map_digits_[size_t(j)])]);
}

void VaeSession::snapshot(Json& meta, std::vector<OutBuffer>& buffers, bool) {
  const VaeTrainer& t = *trainer_;
  const int L = t.latent();
  auto add = [&](const char* name, const Matrix& m) { buffers.push_back({name, int(m.rows()), int(m.cols()), m.data()}); };

  t.reconstruct(digits_, snap_v_, snap_recon_);
  add("data", snap_v_);
  add("reconstructions", snap_recon_);

  update_map();
  add("map", map_);
  add("map_cov", map_cov_);
  add("map_labels", map_labels_);
  meta["map"] = {{"digits", int(map_digits_.size())}, {"projected", L != 2}};

  if (L == 2) {
    const int G = kManifoldGrid;
    Matrix Z(2, G * G);
    for (int r = 0; r < G; ++r)
      for (int c = 0; c < G; ++c)
        Z.col(r * G + c) << -kManifoldExtent + 2 * kManifoldExtent * float(c) / float(G - 1),
            kManifoldExtent - 2 * kManifoldExtent * float(r) / float(G - 1);
    t.decode(Z, manifold_);
    add("manifold", manifold_);
    meta["manifold"] = {{"grid", G}, {"extent", kManifoldExtent}};
  }

  if (prior_z_.rows() != L) {  // the same 16 draws for the whole run
    Rng rng(config_.seed ^ kPriorNoise);
    prior_z_.resize(L, 16);
    for (Eigen::Index i = 0; i < prior_z_.size(); ++i) prior_z_.data()[i] = rng.normal();
  }
  t.decode(prior_z_, prior_);
  add("prior_samples", prior_);

  Matrix ends_mean, ends_logvar;
  t.encode({from_, to_}, ends_mean, ends_logvar);
  Matrix line(L, 10);
  for (int s = 0; s < 10; ++s) line.col(s) = ends_mean.col(0) + (ends_mean.col(1) - ends_mean.col(0)) * (float(s) / 9.0f);
  t.decode(line, interpolation_);
  add("interpolation", interpolation_);
  meta["interpolation"] = {{"from", from_}, {"to", to_},
                           {"from_label", int(test_.labels.labels[size_t(from_)])},
                           {"to_label", int(test_.labels.labels[size_t(to_)])}};

  if (has_decoded_) {
    const Eigen::Vector2f p(decoded_point_[0], decoded_point_[1]);
    const Matrix z = centre_ + axes_ * p;
    t.decode(z, decoded_);
    add("decoded", decoded_);
    meta["decoded"] = {{"point", {decoded_point_[0], decoded_point_[1]}}};
  }

  t.reconstruct({probe_}, probe_v_, probe_recon_);  // probe_v_: the digit as evaluated
  Matrix probe_logvar;
  t.encode({probe_}, probe_mean_, probe_logvar);
  probe_sd_ = probe_logvar.size() > 0 ? Matrix((0.5f * probe_logvar.array()).exp()) : Matrix::Zero(L, 1);
  add("probe", probe_v_);
  add("probe_mean", probe_mean_);
  add("probe_sd", probe_sd_);
  meta["probe"] = {{"index", probe_}, {"label", int(test_.labels.labels[size_t(probe_)])}};

  if (!gap_.log_px.empty()) {
    iw_.resize(3, Eigen::Index(gap_.log_px.size()));
    for (size_t j = 0; j < gap_.log_px.size(); ++j)
      iw_.col(Eigen::Index(j)) << float(gap_.log_px[j]), float(gap_.elbo[j]), float(gap_.digits[j]);
    add("iw", iw_);
    meta["iw"] = {{"samples", config_.iw_samples}};
  }

  meta["image"] = {{"rows", test_.images.rows}, {"cols", test_.images.cols}};
  Json labels = Json::array();
  for (int i : digits_) labels.push_back(int(test_.labels.labels[size_t(i)]));
  meta["digits"] = {{"indices", digits_}, {"labels", labels}};
  meta["variational"] = config_.variational;
  meta["latent"] = L;
}

void VaeSession::save_params(ModelFile& file, ValueEncoding weights) const {
  const Vae& vae = trainer_->vae();
  put_mlp(file, "encoder_", vae.encoder(), vae.encoder_params(), weights);
  put_mlp(file, "decoder_", vae.decoder(), vae.decoder_params(), weights);
}

Status VaeSession::load_params(const ModelFile& file) {
  const Vae& vae = trainer_->vae();
  ParamBuffer block = trainer_->params();  // all or nothing
  Status s = get_mlp(file, "encoder_", vae.encoder(), block.data());
  if (s.ok) s = get_mlp(file, "decoder_", vae.decoder(), block.data() + vae.decoder_offset());
  if (s.ok) trainer_->params() = std::move(block);
  map_at_ = test_elbos_at_ = -1;
  gap_ = Gap{};
  return s;
}

bool VaeSession::answer_drawing(const Matrix& digit, Json& meta, std::vector<OutBuffer>& buffers) {
  const VaeTrainer& t = *trainer_;
  if (map_at_ != updates()) update_map();
  Matrix means, log_vars;
  t.encode_pixels(digit, means, log_vars);
  draw_point_.resize(2, 1);
  draw_cov_.resize(3, 1);
  place_on_map(means, log_vars, 0, draw_point_.data(), draw_cov_.data());
  t.decode(means, draw_recon_);
  if (test_elbos_at_ != updates()) {
    Matrix test_v;
    const std::vector<int> first = first_indices(std::min(evaluate_subset_, test_.count()));
    grey_batch(test_.images, first.data(), int(first.size()), test_v);
    test_elbos_ = t.elbo_of(test_v).cast<float>();
    test_elbos_at_ = updates();
  }
  meta["elbo"] = t.elbo_of(digit)(0);
  meta["variational"] = config_.variational;
  auto add = [&](const char* name, const Matrix& m) { buffers.push_back({name, int(m.rows()), int(m.cols()), m.data()}); };
  add("point", draw_point_);
  add("point_cov", draw_cov_);
  add("reconstruction", draw_recon_);
  add("test_elbos", test_elbos_);
  return true;
}


bool VaeSession::test_on(const Dataset& digits, Json& out, std::string&) {
  Matrix x;
  const std::vector<int> mine = first_indices(digits.count());
  grey_batch(digits.images, mine.data(), int(mine.size()), x);
  out["elbo"] = trainer_->elbo_of(x).mean();
  grey_batch(test_.images, first_indices(std::min(evaluate_subset_, test_.count())).data(),
             std::min(evaluate_subset_, test_.count()), x);
  out["mnist_elbo"] = trainer_->elbo_of(x).mean();
  return true;
}

Status VaeSession::tune_on(const Dataset& digits, int updates) {
  VaeConfig c = config_;
  c.train_count = digits.count();
  c.batch_size = std::min(c.batch_size, digits.count());
  VaeTrainer t(c, digits, digits);
  t.params() = trainer_->params();
  const TrainReport r = t.train(updates);
  if (r.diverged) return Status::error("training on your digits diverged: " + r.message);
  trainer_->params() = t.params();
  map_at_ = test_elbos_at_ = -1;
  return Status::success();
}

}  // namespace latent::web
