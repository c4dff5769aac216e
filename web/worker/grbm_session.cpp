// GrbmSession (see grbm_session.hpp).
#include "grbm_session.hpp"

#include <algorithm>
#include <cmath>

#include "batch.hpp"
#include "grbm_ais.hpp"
#include "model_sections.hpp"
#include "point_sets.hpp"
#include "rbm_session.hpp"  // one_digit_per_label
#include "rng_streams.hpp"

namespace latent::web {

using protocol::Json;

namespace {

// The GRBM's log Z: one pass over the 2^d components (at most 2^16), done in one slice.
class GrbmExactTask : public ExactTask {
 public:
  // plane: the figure is over the plane's points, its training data.
  GrbmExactTask(const Grbm& grbm, bool plane) : grbm_(grbm), plane_(plane) {}
  bool advance(long) override {
    value_ = grbm_log_partition(grbm_);
    done_ = true;
    return true;
  }
  double fraction() const override { return done_ ? 1.0 : 0.0; }
  double value() const override { return value_; }
  std::string what() const override {
    return "summing over the 2^" + std::to_string(grbm_.hidden()) + " mixture components";
  }
  void describe(Json& reply) const override {
    reply["hidden"] = grbm_.hidden();
    reply["log_partition"] = value_;
  }
  const char* metric() const override { return plane_ ? "exact_log_likelihood_train" : "exact_log_likelihood"; }

 private:
  const Grbm& grbm_;
  bool plane_;
  double value_ = 0;
  bool done_ = false;
};

// log Z by AIS, one temperature a block; then -F(v) of the figure's examples (copied at
// the start, so the task holds no reference into the session); the exact log Z beside.
class GrbmAisTask : public ExactTask {
 public:
  GrbmAisTask(const Grbm& grbm, const Vector& mean, const Vector& variance, const AisSettings& settings,
              Matrix examples)
      : ais_(grbm, mean, variance, settings), examples_(std::move(examples)) {}
  bool advance(long blocks) override {
    if (ais_.advance(blocks)) {
      estimate_ = ais_.estimate();
      neg_free_ = -double(ais_.model().free_energy(examples_).cast<double>().mean());
      if (ais_.model().hidden() <= kMaxMixtureHidden) exact_ = grbm_log_partition(ais_.model());
    }
    return ais_.done();
  }
  double fraction() const override { return ais_.fraction(); }
  double value() const override { return estimate_.log_z; }
  std::string what() const override {
    return "annealed importance sampling (" + std::to_string(ais_.steps()) + " temperatures x " +
           std::to_string(ais_.log_weights().size()) + " runs)";
  }
  const char* metric() const override { return "ais_log_likelihood"; }
  const char* title() const override { return "log-likelihood estimate (AIS)"; }
  int digits() const override { return int(examples_.cols()); }
  void describe(Json& reply) const override {
    describe_ais(reply, ais_.model().hidden(), estimate_.betas, estimate_.runs, own_metrics());
  }
  Json own_metrics() const override {
    return ais_likelihood_metrics(neg_free_, estimate_.log_z, estimate_.log_z_low, estimate_.log_z_high, exact_);
  }

 private:
  GrbmAis ais_;
  Matrix examples_;
  AisEstimate estimate_;
  double neg_free_ = NAN, exact_ = NAN;
};

}  // namespace

GrbmSession::GrbmSession(const SessionData& data, const GrbmConfig& defaults)
    : TrainerSession(data, defaults), plane_(is_plane(defaults)), train_(data.train), test_(data.test),
      evaluate_subset_(data.evaluate_subset) {
  if (!plane_) {
    defaults_.train_count = std::min(defaults_.train_count, train_count_);
    digits_ = one_digit_per_label(test_);
  }
  start_with_defaults();
}

void GrbmSession::refuse_for_data(const GrbmConfig& c, std::vector<FieldError>& errors) const {
  if (plane_ && !is_plane(c)) {
    errors.push_back({"dataset", "the 2-D lab trains on points in the plane; MNIST has its own GRBM lab"});
  } else if (!plane_ && is_plane(c)) {
    errors.push_back({"dataset", "this GRBM trains on MNIST; point sets are in the 2-D lab"});
  } else if (plane_ && c.hidden > kMaxPlaneExactHidden) {
    errors.push_back({"hidden", "the 2-D lab draws every one of the 2^d components: d is at most " +
                                    std::to_string(kMaxPlaneExactHidden)});
  } else if (!plane_) {
    check_train_count(c.train_count, train_count_, errors);
  } else if (c.dataset == PointSet::Custom && points_.cols() == 0) {
    errors.push_back({"dataset", "there are no points of your own yet: pick a data set, then click to edit it"});
  }
}

void GrbmSession::rebuild() {
  trainer_.reset();
  std::unique_ptr<RealData> train, test;
  if (plane_) {
    if (config_.dataset != PointSet::Custom) points_ = make_point_set(config_.dataset, config_.points, config_.seed);
    config_.points = int(points_.cols());
    train = std::make_unique<PointData>(points_);
  } else {
    auto s = PixelStandardization::from_images(train_.images, config_.train_count);
    train = std::make_unique<StandardizedImages>(train_.images, config_.train_count, s);
    test = std::make_unique<StandardizedImages>(test_.images, test_.count(), std::move(s));
  }
  trainer_ = std::make_unique<GrbmTrainer>(config_, std::move(train), std::move(test));
}

Json GrbmSession::evaluate(double log_z) {
  const GrbmMetrics r =
      trainer_->evaluate(evaluate_subset_, plane_ ? kMaxPlaneExactHidden : kMaxAutoExactHidden, log_z);
  Json m = Json::object();
  auto put = [&](const char* name, double v) { if (std::isfinite(v)) m[name] = v; };
  if (plane_) {
    put("exact_log_likelihood_train", r.exact_log_likelihood_train);  // the points are its training data
    if (r.components >= 0) m["components"] = r.components;
  } else {
    put("exact_log_likelihood", r.exact_log_likelihood_test);
    put("exact_log_likelihood_train", r.exact_log_likelihood_train);
    put("free_energy_train", r.free_energy_train);
    put("free_energy_test", r.free_energy_test);
    if (std::isfinite(r.free_energy_train) && std::isfinite(r.free_energy_test))
      m["free_energy_gap"] = r.free_energy_test - r.free_energy_train;
  }
  return m;
}

std::unique_ptr<ExactTask> GrbmSession::start_exact(std::string& refusal) {
  if (config_.hidden > kMaxMixtureHidden) {
    refusal = "the exact log-likelihood sums over all 2^d mixture components; it is offered up to " +
              std::to_string(kMaxMixtureHidden) + " hidden units and this model has " + std::to_string(config_.hidden);
    return nullptr;
  }
  return std::make_unique<GrbmExactTask>(trainer_->grbm(), plane_);
}

std::unique_ptr<ExactTask> GrbmSession::start_ais(const protocol::Command& c, std::string&) {
  const RealData& train = trainer_->train_data();
  const std::vector<int> first = first_indices(std::min(train.count(), 10000));
  Matrix data, examples;
  train.gather(first.data(), int(first.size()), data);
  const Vector mean = data.rowwise().mean();
  const RealData* test = trainer_->test_data();
  if (plane_ || !test) {
    examples = std::move(data);  // the plane's figure is on its points
  } else {
    const std::vector<int> idx = first_indices(std::min(evaluate_subset_, test->count()));
    test->gather(idx.data(), int(idx.size()), examples);
  }
  // The base: the data's means with the model's own variances (a base narrower than the
  // model's Gaussians, such as the data's variance at MNIST's blank borders, makes the
  // runs' weights spread).
  return std::make_unique<GrbmAisTask>(trainer_->grbm(), mean, trainer_->grbm().variances(),
                                       AisSettings{c.betas, c.runs, stream_seed(config_.seed, Stream::GrbmAis)},
                                       std::move(examples));
}

void GrbmSession::handle(const protocol::Command& c, Json& reply, std::vector<FieldError>& errors) {
  Matrix points(2, Eigen::Index(c.points.size() / 2));
  for (Eigen::Index j = 0; j < points.cols(); ++j) points.col(j) << c.points[size_t(2 * j)], c.points[size_t(2 * j + 1)];
  const Status s = check_points(points);
  if (!s.ok) {
    errors.push_back({"points", s.message});
    return;
  }
  points_ = points;
  const Status r = trainer_->replace_train_data(std::make_unique<PointData>(points_));
  if (!r.ok) {
    errors.push_back({"points", r.message});
    return;
  }
  config_.dataset = PointSet::Custom;
  config_.points = int(points_.cols());
  trainer_->apply_live(config_);
  reply["points"] = points_.cols();
}

void GrbmSession::snapshot(Json& meta, std::vector<OutBuffer>& buffers, bool advance_chains) {
  if (advance_chains) trainer_->advance_fantasy(config_.fantasy_steps);
  meta["hidden_total"] = config_.hidden;
  if (plane_) plane_snapshot(buffers, meta);
  else image_snapshot(buffers, meta);
}

void GrbmSession::plane_snapshot(std::vector<OutBuffer>& buffers, Json& meta) {
  const Grbm& g = trainer_->grbm();
  const int d = g.hidden();
  buffers.push_back({"points", 2, int(points_.cols()), points_.data()});
  const Matrix& samples = trainer_->fantasy();
  buffers.push_back({"samples", int(samples.rows()), int(samples.cols()), samples.data()});

  mixture_ = grbm_mixture(g);
  means_ = mixture_.means.cast<float>();
  weights_ = mixture_.weights().cast<float>();
  const int K = int(means_.cols());
  buffers.push_back({"component_means", 2, K, means_.data()});
  buffers.push_back({"component_weights", K, 1, weights_.data()});
  buffers.push_back({"W", 2, d, g.W().data()});
  buffers.push_back({"visible_bias", 2, 1, g.b().data()});
  variances_ = mixture_.variances.cast<float>();
  buffers.push_back({"variances", 2, 1, variances_.data()});

  // p(v) on a G x G grid of cell centres over the plane.
  const int G = kDensityGrid;
  const float step = 2.0f * kPlaneHalfWidth / float(G);
  grid_.resize(2, G * G);
  for (int j = 0; j < G; ++j)
    for (int i = 0; i < G; ++i) grid_.col(j * G + i) << -kPlaneHalfWidth + (float(j) + 0.5f) * step,
                                                      -kPlaneHalfWidth + (float(i) + 0.5f) * step;
  const Eigen::VectorXd density = grbm_log_density(mixture_, grid_).array().exp();
  density_ = Eigen::Map<const Eigen::MatrixXd>(density.data(), G, G).cast<float>();
  buffers.push_back({"density", G, G, density_.data()});

  int components = 0;
  for (int k = 0; k < K; ++k) components += weights_(k) >= kComponentWeight;
  meta["plane"] = {{"half_width", kPlaneHalfWidth}, {"grid", G}};
  meta["components"] = components;
  meta["component_weight"] = kComponentWeight;
}

void GrbmSession::image_snapshot(std::vector<OutBuffer>& buffers, Json& meta) {
  const Grbm& g = trainer_->grbm();
  const auto& data = static_cast<const StandardizedImages&>(trainer_->train_data());
  const PixelStandardization& s = data.standardization();
  buffers.push_back({"filters", g.visible(), std::min(100, g.hidden()), g.W().data()});
  if (!digits_.empty() && trainer_->test_data()) {
    trainer_->reconstruct(*trainer_->test_data(), digits_, snap_v_, snap_recon_);
    s.unstandardize(snap_v_, grey_v_);
    s.unstandardize(snap_recon_, grey_recon_);
    buffers.push_back({"data", int(grey_v_.rows()), int(grey_v_.cols()), grey_v_.data()});
    buffers.push_back({"reconstructions", int(grey_recon_.rows()), int(grey_recon_.cols()), grey_recon_.data()});
  }
  s.unstandardize(trainer_->fantasy_means(), grey_fantasy_);
  buffers.push_back({"fantasy", int(grey_fantasy_.rows()), int(grey_fantasy_.cols()), grey_fantasy_.data()});
  meta["image"] = {{"rows", test_.images.rows}, {"cols", test_.images.cols}};
  Json labels = Json::array();
  for (int i : digits_) labels.push_back(int(test_.labels.labels[size_t(i)]));
  meta["digits"] = {{"indices", digits_}, {"labels", labels}};
}

void GrbmSession::save_params(ModelFile& file, ValueEncoding weights) const {
  const Grbm& g = trainer_->grbm();
  put_rbm_params(file, "", g, weights);
  put_matrix(file, "log_variances", g.log_variances(), ValueEncoding::Float32);
}

Status GrbmSession::load_params(const ModelFile& file) {
  Grbm& g = trainer_->grbm();
  Matrix z(g.visible(), 1);
  Status s = get_matrix(file, "log_variances", z);
  if (s.ok) s = get_rbm_params(file, "", g);
  if (s.ok) {
    g.log_variances() = z;
    g.clamp_log_variances();
  }
  return s;
}

bool GrbmSession::answer_drawing(const Matrix& digit, Json& meta, std::vector<OutBuffer>& buffers) {
  if (plane_) return false;
  const auto& data = static_cast<const StandardizedImages&>(trainer_->train_data());
  Matrix z, recon;
  data.standardization().standardize(digit, z);
  trainer_->reconstruct(z, recon);
  data.standardization().unstandardize(recon, draw_recon_);
  meta["free_energy"] = double(trainer_->grbm().free_energy(z)(0));
  buffers.push_back({"reconstruction", int(draw_recon_.rows()), 1, draw_recon_.data()});
  return true;
}


bool GrbmSession::test_on(const Dataset& digits, Json& out, std::string&) {
  if (plane_) return false;  // the plane's GRBM takes points, not digits
  const auto& data = static_cast<const StandardizedImages&>(trainer_->train_data());
  auto error = [&](const Matrix& grey) {
    Matrix z, recon;
    data.standardization().standardize(grey, z);
    trainer_->reconstruct(z, recon);
    return double((z - recon).squaredNorm()) / double(std::max<Eigen::Index>(z.cols(), 1));
  };
  Matrix grey;
  const std::vector<int> mine = first_indices(digits.count()), mnist = first_indices(std::min(evaluate_subset_, test_.count()));
  grey_batch(digits.images, mine.data(), int(mine.size()), grey);
  out["recon_error"] = error(grey);
  grey_batch(test_.images, mnist.data(), int(mnist.size()), grey);
  out["mnist_recon_error"] = error(grey);
  return true;
}

Status GrbmSession::tune_on(const Dataset& digits, int updates) {
  if (plane_) return Status::error("the plane's model takes points, not digits");
  // the student's digits standardised as MNIST's training digits are, so that the
  // model goes on in the units it learned in
  const auto& mnist = static_cast<const StandardizedImages&>(trainer_->train_data());
  GrbmConfig c = config_;
  c.train_count = digits.count();
  c.batch_size = std::min(c.batch_size, digits.count());
  GrbmTrainer t(c, std::make_unique<StandardizedImages>(digits.images, digits.count(), mnist.standardization()), nullptr);
  t.grbm() = trainer_->grbm();
  const TrainReport r = t.train(updates);
  if (r.diverged) return Status::error("training on your digits diverged: " + r.message);
  trainer_->grbm() = t.grbm();
  return Status::success();
}

}  // namespace latent::web
