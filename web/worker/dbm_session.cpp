// DbmSession (see dbm_session.hpp).
#include "dbm_session.hpp"

#include <algorithm>
#include <cmath>

#include "batch.hpp"
#include "model_sections.hpp"
#include "pixel_mean.hpp"
#include "rbm_ais.hpp"
#include "rbm_exact.hpp"
#include "rng_streams.hpp"

namespace latent::web {

using protocol::Json;

namespace {

constexpr int kBaseRateDigits = 1000;  // training digits whose mean q(h1) is AIS's base rate
constexpr int kBoundSlice = 250;       // test digits a slice of the ais command's bound

// The DBN beside a DBM: its sizes, pixels, seed and CD settings, greedily trained for
// as many epochs per layer as the DBM's layers see in all.
DbnConfig dbn_beside(const DbmConfig& c) {
  DbnConfig d;
  d.layers = {c.hidden1, c.hidden2};
  static_cast<CdSettings&>(d.rbm) = c.pretrain;
  d.rbm.init_std = c.init_std;
  d.rbm.seed = c.seed;
  d.rbm.binarization = c.binarization;
  d.rbm.train_count = c.train_count;
  d.epochs_per_layer = c.pretrain_epochs + c.joint_epochs;
  return d;
}

// log Z by AIS over h1 (rbm_ais.hpp on Dbm::h1_marginal), one temperature a block; then
// the bound on every test digit, kBoundSlice a call; then, for an h1 small enough, the
// exact log Z beside it.
class DbmAisTask : public ExactTask {
 public:
  DbmAisTask(const Dbm& dbm, const Vector& base, const AisSettings& settings, const Dataset& test,
             const DbmConfig& config)
      : dbm_(dbm), ais_(dbm.h1_marginal(), base, settings), test_(test), config_(config) {
    if (dbm.hidden1() <= kMaxExactHidden) exact_ = std::make_unique<LogPartitionSum>(dbm.composite());
  }

  bool advance(long blocks) override {
    if (!ais_.done()) {
      if (ais_.advance(blocks)) estimate_ = ais_.estimate();
      return false;
    }
    if (next_digit_ < test_.count()) {
      const int n = std::min(kBoundSlice, test_.count() - next_digit_);
      settle_digits(dbm_, test_, next_digit_, n, config_.binarization, config_.seed, 2 * config_.mean_field, v_, m1_,
                    m2_);
      sum_neg_free_ += dbm_.lower_bound(v_, m1_, m2_, 0.0).sum();
      next_digit_ += n;
      return next_digit_ >= test_.count() && !exact_;
    }
    return exact_->advance(std::max(1L, blocks / 4));
  }
  double fraction() const override {
    const double test = double(next_digit_) / double(std::max(1, test_.count()));
    if (!exact_) return 0.8 * ais_.fraction() + 0.2 * test;
    return 0.7 * ais_.fraction() + 0.2 * test + 0.1 * exact_->fraction();
  }
  double value() const override { return estimate_.log_z; }
  std::string what() const override {
    return "annealed importance sampling over h1 (" + std::to_string(ais_.steps()) + " temperatures x " +
           std::to_string(ais_.log_weights().size()) + " runs), then the bound on every test digit" +
           (exact_ ? ", and the exact sum to check it" : "");
  }
  const char* metric() const override { return "ais_bound"; }
  const char* title() const override { return "variational bound (AIS)"; }
  int digits() const override { return test_.count(); }
  void describe(Json& reply) const override {
    describe_ais(reply, dbm_.hidden1(), estimate_.betas, estimate_.runs, own_metrics());
  }
  // The bound = -F(q) - log Z, with log Z's range; log Z itself; the exact figures beside.
  Json own_metrics() const override {
    const double neg_free = sum_neg_free_ / double(std::max(1, test_.count()));
    Json m = finite_metric("ais_bound", neg_free - estimate_.log_z);
    auto put = [&m](const char* name, double v) { if (std::isfinite(v)) m[name] = v; };
    put("ais_bound_low", neg_free - estimate_.log_z_high);
    put("ais_bound_high", neg_free - estimate_.log_z_low);
    put("ais_log_partition", estimate_.log_z);
    put("ais_log_partition_low", estimate_.log_z_low);
    put("ais_log_partition_high", estimate_.log_z_high);
    if (exact_ && exact_->done()) {
      put("ais_exact_log_partition", exact_->value());
      put("ais_exact_bound", neg_free - exact_->value());
    }
    return m;
  }

 private:
  Dbm dbm_;
  RbmAis ais_;
  const Dataset& test_;
  DbmConfig config_;
  std::unique_ptr<LogPartitionSum> exact_;
  AisEstimate estimate_;
  int next_digit_ = 0;
  double sum_neg_free_ = 0;
  Matrix v_, m1_, m2_;
};

const char* stage_name(DbmStage stage, bool done) {
  if (done) return "done";
  constexpr const char* kNames[] = {"pretrain_bottom", "pretrain_top", "joint"};
  return kNames[int(stage)];
}

// The DBM's own parameters as named sections (model_sections.hpp's convention).
struct DbmBlock {
  const char* name;
  int rows, cols;
  size_t offset;
};
std::vector<DbmBlock> dbm_blocks(const Dbm& d) {
  const int nv = d.visible(), n1 = d.hidden1(), n2 = d.hidden2();
  const size_t w2 = size_t(nv) * n1, b = w2 + size_t(n1) * n2;
  return {{"dbm_W1", nv, n1, 0},
          {"dbm_W2", n1, n2, w2},
          {"dbm_visible_bias", nv, 1, b},
          {"dbm_hidden1_bias", n1, 1, b + nv},
          {"dbm_hidden2_bias", n2, 1, b + nv + n1}};
}

}  // namespace

DbmSession::DbmSession(const SessionData& data, const DbmConfig& defaults)
    : TrainerSession(data, defaults), train_(data.train), test_(data.test), evaluate_subset_(data.evaluate_subset) {
  defaults_.train_count = std::min(defaults_.train_count, train_count_);
  start_with_defaults();
}

Status DbmSession::commit_config(bool reset) {
  const Status s = TrainerSession::commit_config(reset);
  if (!s.ok || reset) return s;
  return dbn_->apply_live(dbn_beside(config_));
}

void DbmSession::rebuild() {
  trainer_.reset();
  dbn_.reset();
  trainer_ = std::make_unique<DbmTrainer>(config_, train_, test_);
  dbn_ = std::make_unique<DbnTrainer>(dbn_beside(config_), train_, test_);
  loaded_epochs_ = 0;
}

double DbmSession::dbm_progress() const {
  const double per_pre = std::ceil(double(trainer_->config().train_count) / config_.pretrain.batch_size);
  const double per_joint = std::ceil(double(trainer_->config().train_count) / config_.joint.batch_size);
  const double pre = 2.0 * config_.pretrain_epochs * per_pre, total = pre + config_.joint_epochs * per_joint;
  const double stage_done =
      (trainer_->epoch() + trainer_->epoch_fraction() + (joined() ? loaded_epochs_ : 0)) * (joined() ? per_joint : per_pre);
  const double done = trainer_->stage() == DbmStage::PretrainBottom ? stage_done
                      : trainer_->stage() == DbmStage::PretrainTop  ? pre / 2 + stage_done
                                                                    : pre + stage_done;
  return std::min(1.0, done / std::max(1.0, total));
}

double DbmSession::dbn_progress() const {
  if (dbn_->pretrained()) return 1.0;
  const double per_layer = dbn_->config().epochs_per_layer;
  return (dbn_->current_layer() * per_layer + dbn_->epoch() + dbn_->epoch_fraction()) / (2.0 * per_layer);
}

bool DbmSession::finished() const { return dbm_done() && dbn_->pretrained(); }

// The DBM takes the chunk; then the DBN catches up with its share of the budget (up to
// as many updates), so both are seen learning at the pace of their budgets.
TrainReport DbmSession::train(int max_batches) {
  TrainReport report;
  if (!dbm_done()) {
    const int n = joined() ? int(std::min<long long>(max_batches, trainer_->batches_left(joint_epochs_left())))
                           : max_batches;
    report = trainer_->train(n);
    if (report.diverged) return report;
  }
  int dbn_batches = 0;
  while (!dbn_->pretrained() && dbn_batches < max_batches && (dbm_done() || dbn_progress() < dbm_progress())) {
    const TrainReport r = dbn_->train(std::min(max_batches - dbn_batches, dbm_done() ? max_batches : 10));
    if (r.diverged) return r;
    dbn_batches += r.batches;
    if (r.batches == 0) break;
  }
  report.batches += dbn_batches;
  return report;
}

void DbmSession::mean_field_rounds(const Matrix& V, Matrix& pixels, Matrix& units, std::vector<double>& change) const {
  const Dbm& d = trainer_->dbm();
  const int rounds = 2 * config_.mean_field, shown = std::min(kUnitsShown, d.hidden1());
  pixels.resize(d.visible(), rounds + 1);
  units.resize(shown, rounds + 1);
  change.clear();
  Matrix m1, m2, p;
  d.mean_field(V, 0, m1, m2);  // the start: the doubled up pass
  for (int r = 0; r <= rounds; ++r) {
    if (r > 0) change.push_back(d.mean_field(V, 1, m1, m2));
    d.visible_probs(m1, p);
    pixels.col(r) = p.col(0);
    units.col(r) = m1.col(0).head(shown);
  }
}

void DbmSession::dbn_reconstruct(const Matrix& V, Matrix& out) const {
  const int top = std::min(dbn_->current_layer() + 1, dbn_->dbn().layers());
  Matrix h;
  dbn_->dbn().up(V, top, h);
  dbn_->dbn().down(h, top, out);
}

Json DbmSession::evaluate(double) {
  Json m = Json::object();
  const int n = std::min(evaluate_subset_, test_.count());
  if (n < 1) return m;
  Matrix v, m1, m2, recon;
  settle_digits(trainer_->dbm(), test_, 0, n, config_.binarization, config_.seed,
                joined() ? 2 * config_.mean_field : 0, v, m1, m2);
  dbn_reconstruct(v, recon);
  m["test_recon_dbn"] = double((v - recon).squaredNorm()) / n;
  if (joined()) {
    const Dbm& d = trainer_->dbm();
    d.visible_probs(m1, recon);
    m["test_recon_dbm"] = double((v - recon).squaredNorm()) / n;
    m["test_neg_free_energy"] = d.lower_bound(v, m1, m2, 0.0).mean();
  }
  return m;
}

void DbmSession::snapshot(Json& meta, std::vector<OutBuffer>& buffers, bool advance_chains) {
  const DbmTrainer& t = *trainer_;
  const int nv = t.dbm().visible();
  const int shown = std::min(kFiltersShown, config_.hidden1);
  if (joined()) filters_ = t.dbm().W1().leftCols(shown);
  else filters_ = t.bottom().W().leftCols(shown);
  buffers.push_back({"filters", nv, int(filters_.cols()), filters_.data()});

  if (joined() && t.chain_hidden1().cols() > 0) {
    t.dbm().visible_probs(t.chain_hidden1().leftCols(std::min<Eigen::Index>(kSampleChains, t.chain_hidden1().cols())),
                          samples_);
    buffers.push_back({"samples", nv, int(samples_.cols()), samples_.data()});
  }
  if (advance_chains || dbn_->samples().means.empty()) dbn_->draw_samples(kSampleChains);
  std::vector<Matrix> levels;
  dbn_->dbn().level_pictures(dbn_->samples(), levels);
  if (!levels.empty()) {
    dbn_samples_ = levels[0];
    buffers.push_back({"dbn_samples", nv, int(dbn_samples_.cols()), dbn_samples_.data()});
  }

  Matrix m1, m2;
  settle_digits(t.dbm(), test_, probe_, 1, config_.binarization, config_.seed, 0, probe_v_, m1, m2);
  buffers.push_back({"probe", nv, 1, probe_v_.data()});
  dbn_reconstruct(probe_v_, dbn_recon_);
  buffers.push_back({"dbn_reconstruction", nv, 1, dbn_recon_.data()});
  if (joined()) {
    std::vector<double> change;
    mean_field_rounds(probe_v_, mf_pixels_, mf_units_, change);
    buffers.push_back({"mean_field", nv, int(mf_pixels_.cols()), mf_pixels_.data()});
    buffers.push_back({"mean_field_h1", int(mf_units_.rows()), int(mf_units_.cols()), mf_units_.data()});
    meta["mean_field"] = {{"rounds", int(change.size())}, {"change", change}};
  }

  meta["stage"] = stage_name(t.stage(), finished());
  meta["dbm"] = {{"sizes", {nv, config_.hidden1, config_.hidden2}},
                 {"stage_epoch", joined() ? joint_epochs_done() : t.epoch()},
                 {"pretrain_epochs", config_.pretrain_epochs},
                 {"joint_epochs", config_.joint_epochs},
                 {"updates", t.updates()},
                 {"progress", dbm_progress()}};
  meta["dbn"] = {{"layer", dbn_->current_layer()},
                 {"epoch", dbn_->epoch()},
                 {"epochs_per_layer", dbn_->config().epochs_per_layer},
                 {"updates", dbn_->updates()},
                 {"progress", dbn_progress()}};
  meta["probe"] = {{"index", probe_}, {"label", int(test_.labels.labels[size_t(probe_)])}};
}

std::unique_ptr<ExactTask> DbmSession::start_exact(std::string& refusal) {
  refusal = "a DBM's exact log-likelihood needs its log Z: use the ais command, which measures the bound (and, for "
            "up to " + std::to_string(kMaxExactHidden) + " units in h1, checks log Z exactly)";
  return nullptr;
}

std::unique_ptr<ExactTask> DbmSession::start_ais(const protocol::Command& c, std::string& refusal) {
  if (!joined()) {
    refusal = "the bound needs the joined DBM: wait until both layers are pre-trained";
    return nullptr;
  }
  const Vector base = clamped_logits(trainer_->mean_h1(kBaseRateDigits));
  return std::make_unique<DbmAisTask>(trainer_->dbm(), base,
                                      AisSettings{c.betas, c.runs, stream_seed(config_.seed, Stream::DbmAis)}, test_,
                                      config_);
}

void DbmSession::handle(const protocol::Command& c, Json& reply, std::vector<FieldError>& errors) {
  if (c.index >= test_.count()) {  // hidden_probs: the digit the mean field is shown for
    errors.push_back({"index", "index must be below " + std::to_string(test_.count()) + " (the test digits)"});
    return;
  }
  probe_ = c.index;
  reply["index"] = probe_;
  reply["label"] = int(test_.labels.labels[size_t(probe_)]);
}

void DbmSession::save_params(ModelFile& file, ValueEncoding weights) const {
  const DbmTrainer& t = *trainer_;
  const float progress[3] = {float(t.stage()), float(dbn_->current_layer()), float(joint_epochs_done())};
  add_section(file, "progress", 1, 3, progress);
  if (!joined()) {  // the layers pre-trained so far (once joined, the DBM holds all they gave it)
    put_rbm_params(file, "bottom_", t.bottom(), weights);
    put_rbm_params(file, "top_", t.top(), weights);
  } else {
    for (const DbmBlock& b : dbm_blocks(t.dbm())) {
      const ConstMatrixMap m(t.dbm().params().data() + b.offset, b.rows, b.cols);
      put_matrix(file, b.name, m, b.cols > 1 ? weights : ValueEncoding::Float32);
    }
  }
  for (int l = 0; l < 2; ++l) put_rbm_params(file, "dbn_layer" + std::to_string(l + 1) + "_", dbn_->dbn().layer(l), weights);
}

Status DbmSession::load_params(const ModelFile& file) {
  Matrix progress(1, 3);
  Status s = get_matrix(file, "progress", progress);
  const int stage = s.ok ? int(progress(0, 0)) : 0;
  const int dbn_layers = s.ok ? int(progress(0, 1)) : 0;
  const float epochs = s.ok ? progress(0, 2) : 0.0f;
  if (s.ok && (stage < 0 || stage > int(DbmStage::Joint) || dbn_layers < 0 || dbn_layers > 2 || !(epochs >= 0) ||
               epochs > 1e6f))
    s = Status::error("The model file's progress (DBM stage " + std::to_string(stage) + ", DBN layers " +
                      std::to_string(dbn_layers) + ", joint epochs " + std::to_string(epochs) + ") is out of range.");
  DbmTrainer& t = *trainer_;
  if (s.ok && stage != int(DbmStage::Joint)) s = get_rbm_params(file, "bottom_", t.bottom());
  if (s.ok && stage != int(DbmStage::Joint)) s = get_rbm_params(file, "top_", t.top());
  for (int l = 0; s.ok && l < 2; ++l)
    s = get_rbm_params(file, "dbn_layer" + std::to_string(l + 1) + "_", dbn_->dbn().layer(l));
  Dbm joint = t.dbm();
  if (s.ok && stage == int(DbmStage::Joint)) {
    for (const DbmBlock& b : dbm_blocks(joint)) {
      Matrix m(b.rows, b.cols);
      if (s.ok) s = get_matrix(file, b.name, m);
      if (s.ok) std::copy(m.data(), m.data() + m.size(), joint.params().data() + b.offset);
    }
  }
  if (!s.ok) return s;
  t.restore(DbmStage(stage), stage == int(DbmStage::Joint) ? &joint : nullptr);
  loaded_epochs_ = stage == int(DbmStage::Joint) ? int(epochs) : 0;
  dbn_->mark_trained(dbn_layers);
  return s;
}

bool DbmSession::answer_drawing(const Matrix& digit, Json& meta, std::vector<OutBuffer>& buffers) {
  const Matrix& v = digit;  // grey levels, as mean-field inputs in [0, 1]
  const int nv = int(v.rows());
  dbn_reconstruct(v, draw_dbn_);
  meta["joined"] = joined();
  if (joined()) {
    std::vector<double> change;
    mean_field_rounds(v, draw_pixels_, draw_units_, change);
    buffers.push_back({"reconstruction", nv, 1, draw_pixels_.data() + (draw_pixels_.cols() - 1) * nv});
    buffers.push_back({"mean_field", nv, int(draw_pixels_.cols()), draw_pixels_.data()});
    buffers.push_back({"mean_field_h1", int(draw_units_.rows()), int(draw_units_.cols()), draw_units_.data()});
    meta["mean_field"] = {{"rounds", int(change.size())}, {"change", change}};
  }
  buffers.push_back({"dbn_reconstruction", nv, 1, draw_dbn_.data()});
  buffers.push_back({"probe", nv, 1, digit.data()});
  return true;
}

}  // namespace latent::web
