// RbmSession (see rbm_session.hpp).
#include "rbm_session.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "batch.hpp"
#include "model_sections.hpp"
#include "pixel_mean.hpp"
#include "rbm_ais.hpp"
#include "rbm_exact.hpp"
#include "rng_streams.hpp"

namespace latent::web {

using protocol::Json;

namespace {

// The RBM's log Z summed in slices (rbm_exact.hpp).
class RbmExactTask : public ExactTask {
 public:
  explicit RbmExactTask(const Rbm& rbm) : sum_(rbm) {}
  bool advance(long blocks) override { return sum_.advance(blocks); }
  double fraction() const override { return sum_.fraction(); }
  double value() const override { return sum_.value(); }
  std::string what() const override {
    return "summing over the 2^" + std::to_string(sum_.model().hidden()) + " hidden states";
  }
  void describe(Json& reply) const override {
    reply["hidden"] = sum_.model().hidden();
    reply["log_partition"] = sum_.value();
  }

 private:
  LogPartitionSum sum_;
};

// log Z by annealed importance sampling (rbm_ais.hpp), one temperature a block; then
// the mean log p(v) of every test digit under it, kTestSlice digits a call; then, for
// a model small enough (kMaxExactHidden), the exact log Z beside it: the lab's check.
class RbmAisTask : public ExactTask {
 public:
  RbmAisTask(const Rbm& rbm, const Vector& base, const AisSettings& settings, const Dataset& test,
             Binarization binarization, uint64_t fixed_seed)
      : ais_(rbm, base, settings), test_(test), binarization_(binarization), fixed_seed_(fixed_seed) {
    if (rbm.hidden() <= kMaxExactHidden) exact_ = std::make_unique<LogPartitionSum>(rbm);
  }

  bool advance(long blocks) override {
    if (!ais_.done()) {
      if (ais_.advance(blocks)) estimate_ = ais_.estimate();
      return false;
    }
    if (next_digit_ < test_.count()) {
      const int n = std::min(kTestSlice, test_.count() - next_digit_);
      std::vector<int> idx(static_cast<size_t>(n));
      std::iota(idx.begin(), idx.end(), next_digit_);
      evaluation_batch(test_.images, idx.data(), n, binarization_, fixed_seed_, v_);
      sum_neg_free_ -= ais_.model().free_energy(v_).cast<double>().sum();
      next_digit_ += n;
      return next_digit_ >= test_.count() && !exact_;
    }
    return exact_->advance(std::max(1L, blocks / 4));
  }
  // The AIS runs take most of the work; the test digits and the exact sum a share each.
  double fraction() const override {
    const double test = double(next_digit_) / double(std::max(1, test_.count()));
    if (!exact_) return 0.9 * ais_.fraction() + 0.1 * test;
    return 0.8 * ais_.fraction() + 0.1 * test + 0.1 * exact_->fraction();
  }
  double value() const override { return estimate_.log_z; }
  std::string what() const override {
    return "annealed importance sampling (" + std::to_string(ais_.steps()) + " temperatures x " +
           std::to_string(ais_.log_weights().size()) + " runs" + (exact_ ? ", and the exact sum to check it)" : ")");
  }
  const char* metric() const override { return "ais_log_likelihood"; }
  const char* title() const override { return "log-likelihood estimate (AIS)"; }
  int digits() const override { return test_.count(); }
  void describe(Json& reply) const override {
    describe_ais(reply, ais_.model().hidden(), estimate_.betas, estimate_.runs, own_metrics());
  }
  // log p(v) = -F(v) - log Z on every test digit, with the bounds of log Z (its high
  // bound makes the low one), and log Z itself; the exact figures beside them.
  Json own_metrics() const override {
    const double neg_free = sum_neg_free_ / double(std::max(1, test_.count()));
    return ais_likelihood_metrics(neg_free, estimate_.log_z, estimate_.log_z_low, estimate_.log_z_high,
                                  exact_ && exact_->done() ? exact_->value() : NAN);
  }

 private:
  static constexpr int kTestSlice = 1000;
  RbmAis ais_;
  AisEstimate estimate_;
  const Dataset& test_;
  Binarization binarization_;
  uint64_t fixed_seed_;
  int next_digit_ = 0;
  double sum_neg_free_ = 0;
  Matrix v_;
  std::unique_ptr<LogPartitionSum> exact_;
};

}  // namespace

std::vector<int> one_digit_per_label(const Dataset& test) {
  std::vector<int> digits;
  for (int label = 0; label < 10; ++label) {
    for (int i = 0; i < test.count(); ++i) {
      if (test.labels.labels[size_t(i)] == label) { digits.push_back(i); break; }
    }
  }
  for (int i = 0; i < test.count() && digits.size() < 10; ++i) {
    if (std::find(digits.begin(), digits.end(), i) == digits.end()) digits.push_back(i);
  }
  return digits;
}

RbmSession::RbmSession(const SessionData& data, const RbmConfig& defaults)
    : TrainerSession(data, defaults), train_(data.train), test_(data.test), evaluate_subset_(data.evaluate_subset),
      auto_exact_hidden_(data.auto_exact_hidden), digits_(one_digit_per_label(data.test)) {
  defaults_.train_count = std::min(defaults_.train_count, train_count_);
  probe_ = digits_.empty() ? 0 : digits_.front();
  start_with_defaults();
}

void RbmSession::rebuild() {
  test_free_at_ = -1;
  trainer_.reset();
  trainer_ = std::make_unique<RbmTrainer>(config_, train_, test_);
}

Json RbmSession::evaluate(double log_z) {
  if (!std::isfinite(log_z) && config_.hidden <= auto_exact_hidden_)
    log_z = log_partition(trainer_->rbm());  // small enough to come with every evaluation
  const RbmMetrics r = trainer_->evaluate(evaluate_subset_, log_z);
  Json m = Json::object();
  auto put = [&](const char* name, double v) { if (std::isfinite(v)) m[name] = v; };
  put("free_energy_train", r.free_energy_train);
  put("free_energy_test", r.free_energy_test);
  put("free_energy_gap", r.free_energy_gap);
  put("pseudo_likelihood", r.pseudo_likelihood);
  put("exact_log_likelihood", r.exact_log_likelihood_test);
  put("exact_log_likelihood_train", r.exact_log_likelihood_train);
  return m;
}

std::unique_ptr<ExactTask> RbmSession::start_exact(std::string& refusal) {
  const int nh = config_.hidden;
  if (nh > kMaxExactHidden) {
    refusal = "the exact log-likelihood sums over all 2^hidden hidden states; it is offered up to " +
              std::to_string(kMaxExactHidden) + " hidden units and this model has " + std::to_string(nh);
    return nullptr;
  }
  return std::make_unique<RbmExactTask>(trainer_->rbm());
}

std::unique_ptr<ExactTask> RbmSession::start_ais(const protocol::Command& c, std::string&) {
  // The base rate: the training digits' pixel means, as the model's biases start.
  const Vector base = clamped_logits(pixel_mean(train_.images, config_.train_count, config_.binarization));
  return std::make_unique<RbmAisTask>(trainer_->rbm(), base, AisSettings{c.betas, c.runs, stream_seed(config_.seed, Stream::RbmAis)},
                                      test_, config_.binarization, config_.seed);
}

void RbmSession::handle(const protocol::Command& c, Json& reply, std::vector<FieldError>& errors) {
  if (c.index >= test_.count()) {  // hidden_probs, the kind's one command
    errors.push_back({"index", "index must be below " + std::to_string(test_.count()) + " (the test digits)"});
    return;
  }
  probe_ = c.index;
  reply["index"] = probe_;
  reply["label"] = int(test_.labels.labels[size_t(probe_)]);
}

bool RbmSession::hidden_probs_of(int test_index, Matrix& out) const {
  if (test_index < 0 || test_index >= test_.count()) return false;
  Matrix v;
  grey_batch(test_.images, &test_index, 1, v);
  trainer_->rbm().hidden_probs(v, out);
  return true;
}

void RbmSession::snapshot(Json& meta, std::vector<OutBuffer>& buffers, bool advance_chains) {
  RbmTrainer& t = *trainer_;
  const Rbm& rbm = t.rbm();
  const int nv = rbm.visible(), nh = rbm.hidden();

  buffers.push_back({"filters", nv, std::min(100, nh), rbm.W().data()});

  if (!digits_.empty()) {
    t.reconstruct(test_, digits_, snap_v_, snap_recon_);
    buffers.push_back({"data", int(snap_v_.rows()), int(snap_v_.cols()), snap_v_.data()});
    buffers.push_back({"reconstructions", int(snap_recon_.rows()), int(snap_recon_.cols()), snap_recon_.data()});
  }

  if (advance_chains) t.advance_fantasy(config_.fantasy_steps);
  const Matrix& fantasy = t.fantasy_means();
  if (fantasy.size() > 0) buffers.push_back({"fantasy", int(fantasy.rows()), int(fantasy.cols()), fantasy.data()});

  const Matrix& pos = t.positive_stats();
  const Matrix& neg = t.negative_stats();
  if (pos.size() > 0 && pos.rows() == nv && neg.rows() == nv && pos.cols() == nh && neg.cols() == nh) {
    const int k = std::min(16, nh);
    snap_diff_ = pos.leftCols(k) - neg.leftCols(k);
    buffers.push_back({"positive_stats", nv, k, pos.data()});
    buffers.push_back({"negative_stats", nv, k, neg.data()});
    buffers.push_back({"stats_difference", nv, k, snap_diff_.data()});
  }

  if (probe_ >= 0 && probe_ < test_.count()) {
    grey_batch(test_.images, &probe_, 1, probe_v_);
    rbm.hidden_probs(probe_v_, probe_h_);
    buffers.push_back({"probe", nv, 1, probe_v_.data()});
    buffers.push_back({"hidden_probs", nh, 1, probe_h_.data()});
  }
  buffers.push_back({"visible_bias", nv, 1, rbm.b().data()});
  buffers.push_back({"hidden_bias", nh, 1, rbm.c().data()});

  meta["image"] = {{"rows", test_.images.rows}, {"cols", test_.images.cols}};
  Json labels = Json::array();
  for (int i : digits_) labels.push_back(int(test_.labels.labels[size_t(i)]));
  meta["digits"] = {{"indices", digits_}, {"labels", labels}};
  meta["probe"] = {{"index", probe_},
                   {"label", probe_ >= 0 && probe_ < test_.count() ? int(test_.labels.labels[size_t(probe_)]) : -1}};
  meta["hidden_total"] = nh;
}

}  // namespace latent::web

namespace latent::web {

void RbmSession::save_params(ModelFile& file, ValueEncoding weights) const {
  put_rbm_params(file, "", trainer_->rbm(), weights);
}

Status RbmSession::load_params(const ModelFile& file) {
  test_free_at_ = -1;
  return get_rbm_params(file, "", trainer_->rbm());
}

bool RbmSession::answer_drawing(const Matrix& digit, Json& meta, std::vector<OutBuffer>& buffers) {
  const Rbm& rbm = trainer_->rbm();
  const int nv = rbm.visible(), nh = rbm.hidden();
  rbm.hidden_probs(digit, draw_h_);
  rbm.visible_probs(draw_h_, draw_recon_);

  Rng rng(stream_seed(config_.seed, Stream::DrawingDream));
  const int frames = int(std::size(kDreamSteps));
  dream_.resize(nv, frames);
  Matrix h = draw_h_, hs, v, vs;
  int done = 0;
  for (int f = 0; f < frames; ++f) {
    for (; done < kDreamSteps[f]; ++done) {
      sample_bernoulli(hs, h, rng);
      rbm.visible_probs(hs, v);
      dream_.col(f) = v;
      Rbm::sample_visible(v, vs, rng);
      rbm.hidden_probs(vs, h);
    }
  }

  if (test_free_at_ != updates()) {
    Matrix test_v;
    const std::vector<int> first = first_indices(std::min(evaluate_subset_, test_.count()));
    grey_batch(test_.images, first.data(), int(first.size()), test_v);
    test_free_ = rbm.free_energy(test_v);
    test_free_at_ = updates();
  }
  meta["free_energy"] = double(rbm.free_energy(digit)(0));
  meta["dream_steps"] = std::vector<int>(std::begin(kDreamSteps), std::end(kDreamSteps));
  buffers.push_back({"hidden", nh, 1, draw_h_.data()});
  buffers.push_back({"reconstruction", nv, 1, draw_recon_.data()});
  buffers.push_back({"dream", nv, frames, dream_.data()});
  buffers.push_back({"test_free_energies", int(test_free_.rows()), 1, test_free_.data()});
  return true;
}


namespace {

// A trainer of this config on the student's digits, holding this model.
std::unique_ptr<RbmTrainer> on_digits(const RbmConfig& config, const Rbm& rbm, const Dataset& digits) {
  RbmConfig c = config;
  c.train_count = digits.count();
  c.batch_size = std::min(c.batch_size, digits.count());
  auto t = std::make_unique<RbmTrainer>(c, digits, digits);
  t->rbm() = rbm;
  return t;
}

}  // namespace

bool RbmSession::test_on(const Dataset& digits, Json& out, std::string&) {
  const std::unique_ptr<RbmTrainer> t = on_digits(config_, trainer_->rbm(), digits);
  const RbmMetrics mine = t->evaluate(digits.count());
  const RbmMetrics mnist = trainer_->evaluate(evaluate_subset_);
  Matrix v, recon;
  t->reconstruct(digits, first_indices(digits.count()), v, recon);
  out["free_energy"] = mine.free_energy_test;
  out["mnist_free_energy"] = mnist.free_energy_test;
  out["recon_error"] = double((v - recon).squaredNorm()) / digits.count();
  trainer_->reconstruct(test_, first_indices(std::min(evaluate_subset_, test_.count())), v, recon);
  out["mnist_recon_error"] = double((v - recon).squaredNorm()) / double(std::max<Eigen::Index>(v.cols(), 1));
  return true;
}

Status RbmSession::tune_on(const Dataset& digits, int updates) {
  const std::unique_ptr<RbmTrainer> t = on_digits(config_, trainer_->rbm(), digits);
  const TrainReport r = t->train(updates);
  if (r.diverged) return Status::error("training on your digits diverged: " + r.message);
  trainer_->rbm() = t->rbm();
  test_free_at_ = -1;
  return Status::success();
}

}  // namespace latent::web
