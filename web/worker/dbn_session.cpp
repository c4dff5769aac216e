// DbnSession (see dbn_session.hpp).
#include "dbn_session.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "batch.hpp"
#include "model_sections.hpp"

namespace latent::web {

using protocol::Json;

namespace {

void put_finite(Json& m, const std::string& name, double value) {
  if (std::isfinite(value)) m[name] = value;
}

}  // namespace

const char* stage_name(DbnStage stage) {
  static const char* const names[] = {"pretrain", "finetune", "maps", "done"};
  return names[int(stage)];
}

DbnSession::DbnSession(const SessionData& data, const DbnConfig& defaults)
    : TrainerSession(data, defaults), train_(data.train), test_(data.test), evaluate_subset_(data.evaluate_subset) {
  defaults_.rbm.train_count = std::min(defaults_.rbm.train_count, train_count_);
  start_with_defaults();
}

Status DbnSession::commit_config(bool reset) {
  const Status s = TrainerSession::commit_config(reset);
  if (!s.ok || reset) return s;
  if (classifiers_) {
    classifiers_->pretrained.apply_live(config_);
    classifiers_->random.apply_live(config_);
  }
  if (maps_) maps_->autoencoder.apply_live(config_);
  return s;
}

void DbnSession::rebuild() {
  trainer_.reset();
  trainer_ = std::make_unique<DbnTrainer>(config_, train_, test_);
  classifiers_.reset();
  maps_.reset();
  retired_updates_ = 0;
  map_error_.clear();
  has_decoded_ = false;
  stage_end_metrics_ = Json::object();
  stage_ = DbnStage::Pretrain;
}

Status DbnSession::enter(DbnStage stage) {
  if (stage == DbnStage::Finetune) {
    if (classifiers_) retired_updates_ += classifiers_->updates();
    classifiers_ = std::make_unique<ClassifierPair>(config_, trainer_->dbn(), train_, test_);
  } else if (stage == DbnStage::Maps) {
    auto maps = std::make_unique<MapStage>(config_, trainer_->dbn(), train_, test_, DigitMapSettings{});
    map_error_ = maps->status().message;
    if (!maps->status().ok) return maps->status();  // too few test digits: nothing changes
    if (maps_) retired_updates_ += maps_->updates();
    maps_ = std::move(maps);
    has_decoded_ = false;
  }
  stage_ = stage;
  return Status::success();
}

void DbnSession::advance_finished_stages() {
  while (true) {
    if (stage_ == DbnStage::Pretrain && trainer_->pretrained()) {
      stage_end_metrics_.update(pretrain_metrics());
      enter(DbnStage::Finetune);
    } else if (stage_ == DbnStage::Finetune && classifiers_->done(config_)) {
      stage_end_metrics_.update(finetune_metrics());
      if (!enter(DbnStage::Maps).ok) stage_ = DbnStage::Done;  // the snapshot says why (maps.error)
    } else if (stage_ == DbnStage::Maps && maps_->done(config_)) {
      stage_end_metrics_.update(map_metrics());
      stage_ = DbnStage::Done;
    } else {
      return;
    }
  }
}

TrainReport DbnSession::train(int max_batches) {
  // A stage (or a layer) that ends within the chunk hands the rest to the next one.
  TrainReport total;
  advance_finished_stages();
  while (total.batches < max_batches && stage_ != DbnStage::Done) {
    const int n = max_batches - total.batches;
    const TrainReport r = stage_ == DbnStage::Pretrain   ? trainer_->train(n)
                          : stage_ == DbnStage::Finetune ? classifiers_->train(n, config_)
                                                         : maps_->train(n, config_);
    total.batches += r.batches;
    if (r.diverged) {
      total.diverged = true;
      total.message = r.message;
      break;
    }
    advance_finished_stages();
    if (r.batches == 0) break;
  }
  return total;
}

int DbnSession::epoch() const {
  switch (stage_) {
    case DbnStage::Pretrain: return trainer_->epoch();
    case DbnStage::Finetune: return std::min(classifiers_->pretrained.epoch(), classifiers_->random.epoch());
    default: return maps_ ? maps_->autoencoder.epoch() : 0;
  }
}

double DbnSession::epoch_fraction() const {
  switch (stage_) {
    case DbnStage::Pretrain: return trainer_->epoch_fraction();
    case DbnStage::Finetune: return classifiers_->random.epoch_fraction();
    default: return maps_ ? maps_->autoencoder.epoch_fraction() : 0;
  }
}

long long DbnSession::updates() const {
  return trainer_->updates() + retired_updates_ + (classifiers_ ? classifiers_->updates() : 0) +
         (maps_ ? maps_->updates() : 0);
}

Json DbnSession::chunk_metrics() {
  Json m = Json::object();
  if (stage_ == DbnStage::Pretrain) {
    const int l = std::min(trainer_->current_layer(), trainer_->dbn().layers() - 1);
    put_finite(m, "recon_layer_" + std::to_string(l + 1), trainer_->take_recent_recon_error(l));
  }
  if (classifiers_) {
    put_finite(m, "loss_pretrained", classifiers_->pretrained.take_recent_loss());
    put_finite(m, "loss_random", classifiers_->random.take_recent_loss());
  }
  if (maps_) put_finite(m, "map_loss", maps_->autoencoder.take_recent_loss());
  return m;
}

Json DbnSession::pretrain_metrics() const {
  Json m = Json::object();
  const int trained = std::min(trainer_->current_layer() + 1, trainer_->dbn().layers());
  for (int l = 0; l < trained; ++l)
    put_finite(m, "test_recon_layer_" + std::to_string(l + 1), trainer_->test_recon_error(l, evaluate_subset_));
  return m;
}

Json DbnSession::finetune_metrics() const {
  Json m = Json::object();
  const FinetuneMetrics p = classifiers_->pretrained.evaluate(evaluate_subset_, false);
  put_finite(m, "test_error_pretrained", p.error_test);
  put_finite(m, "test_loss_pretrained", p.loss_test);
  if (classifiers_->random_untrained()) return m;
  const FinetuneMetrics r = classifiers_->random.evaluate(evaluate_subset_, false);
  put_finite(m, "test_error_random", r.error_test);
  put_finite(m, "test_loss_random", r.loss_test);
  return m;
}

Json DbnSession::map_metrics() const {
  Json m = Json::object();
  // The map's digits are the first test digits: both errors on the same evaluate_subset.
  const FinetuneMetrics ae = maps_->autoencoder.evaluate(evaluate_subset_, false);
  put_finite(m, "map_test_loss", ae.loss_test);
  put_finite(m, "tsne_kl", maps_->maps.tsne_kl());
  put_finite(m, "map_recon_autoencoder", ae.recon_test);
  put_finite(m, "map_recon_pca", maps_->maps.pca_reconstruction_error(evaluate_subset_));
  return m;
}

Json DbnSession::evaluate(double) {
  Json m = std::exchange(stage_end_metrics_, Json::object());
  if (stage_ == DbnStage::Pretrain) m.update(pretrain_metrics());
  else if (stage_ == DbnStage::Finetune) m.update(finetune_metrics());
  else if (stage_ == DbnStage::Maps) m.update(map_metrics());
  return m;
}

std::unique_ptr<ExactTask> DbnSession::start_exact(std::string& refusal) {
  refusal = "a deep belief network has no tractable likelihood here: its top RBM's partition function and the "
            "sum over every hidden layer are out of reach; compare its samples and reconstructions instead";
  return nullptr;
}

void DbnSession::handle(const protocol::Command& c, Json& reply, std::vector<FieldError>& errors) {
  if (c.kind == protocol::CommandKind::Stage) {
    const Status ready = finetune_ready(std::min(trainer_->current_layer(), trainer_->dbn().layers()),
                                        trainer_->dbn().layers());
    if (!ready.ok) {
      errors.push_back({"stage", ready.message});
      return;
    }
    const Status entered = enter(c.stage == "maps" ? DbnStage::Maps : DbnStage::Finetune);
    if (!entered.ok) errors.push_back({"stage", entered.message});
    else reply["stage"] = stage_name(stage_);
    return;
  }
  if (!maps_) {  // decode
    errors.push_back({"point", "there is no map to decode from yet: the 2-D maps come after pre-training and "
                               "fine-tuning (or start them with the maps stage)"});
    return;
  }
  has_decoded_ = true;
  decoded_pca_ = c.map == "pca";
  decoded_point_[0] = c.x;
  decoded_point_[1] = c.y;
}

void DbnSession::add_map_buffers(Json& meta, std::vector<OutBuffer>& buffers) {
  MapStage& s = *maps_;
  const DigitMaps& maps = s.maps;
  auto add = [&](const char* name, const Matrix& m) { buffers.push_back({name, int(m.rows()), int(m.cols()), m.data()}); };
  s.update();
  add("map_autoencoder", s.codes_map());
  add("map_pca", maps.pca_map());
  add("map_tsne", maps.tsne_map());
  add("map_labels", s.labels);
  add("map_pixels", maps.pixels());
  add("unseen_autoencoder", s.codes_unseen());
  add("unseen_pca", maps.pca_unseen());
  add("unseen_labels", s.unseen_labels);
  add("unseen_pixels", maps.unseen_pixels());
  meta["maps"] = {{"digits", int(maps.digits().size())},
                  {"unseen", int(maps.unseen().size())},
                  {"tsne_iteration", maps.tsne_iteration()},
                  {"tsne_iterations", maps.settings().tsne_iterations},
                  {"epochs", s.autoencoder.epoch()},
                  {"budget", config_.map_epochs},
                  {"projected", s.projected()},
                  {"neighbours", maps.settings().neighbours},
                  {"agreement",
                   {{"autoencoder", s.autoencoder_agreement()},
                    {"pca", s.pca_agreement()},
                    {"tsne", s.tsne_agreement()}}}};
  if (has_decoded_) {
    s.decode(decoded_pca_, decoded_point_[0], decoded_point_[1], decoded_);
    add("decoded", decoded_);
    meta["decoded"] = {{"map", decoded_pca_ ? "pca" : "autoencoder"}, {"point", {decoded_point_[0], decoded_point_[1]}}};
  }
}

void DbnSession::snapshot(Json& meta, std::vector<OutBuffer>& buffers, bool advance_chains) {
  const Dbn& dbn = trainer_->dbn();
  const int L = dbn.layers();
  filters_.resize(size_t(L));
  for (int l = 0; l < L; ++l) {
    filters_[size_t(l)] = dbn.projected_filters(l, kFiltersShown);
    const std::string name = "filters_" + std::to_string(l + 1);
    buffers.push_back({name, int(filters_[size_t(l)].rows()), int(filters_[size_t(l)].cols()), filters_[size_t(l)].data()});
  }

  if (advance_chains || trainer_->samples().means.empty()) trainer_->draw_samples(kSampleChains);
  const DbnSample& s = trainer_->samples();
  dbn.level_pictures(s, levels_);  // levels_[0]: the samples themselves
  for (Matrix& level : levels_) to_grey(trainer_->standardization(), level);
  if (!levels_.empty()) {
    buffers.push_back({"samples", int(levels_[0].rows()), int(levels_[0].cols()), levels_[0].data()});
    for (size_t l = 1; l < levels_.size(); ++l) {
      const std::string name = "samples_from_" + std::to_string(l);
      buffers.push_back({name, int(levels_[l].rows()), int(levels_[l].cols()), levels_[l].data()});
    }
  }
  meta["stage"] = stage_name(stage_);
  meta["stack"] = {{"sizes", dbn.sizes()},
                   {"training", trainer_->current_layer()},
                   {"layer_epochs", trainer_->layer_epoch()},
                   {"epochs_per_layer", config_.epochs_per_layer}};
  if (classifiers_)
    meta["finetune"] = {{"epochs", {classifiers_->pretrained.epoch(), classifiers_->random.epoch()}},
                        {"budget", classifiers_->budget(config_)},
                        {"asked", config_.finetune_epochs},
                        {"loaded", loaded()},
                        {"random_left_out", classifiers_->random_untrained()}};
  if (maps_) add_map_buffers(meta, buffers);
  else if (!map_error_.empty()) meta["maps"] = {{"error", map_error_}};
  meta["image"] = {{"rows", test_.images.rows}, {"cols", test_.images.cols}};
}

namespace {

std::string layer_prefix(int l) { return "layer" + std::to_string(l + 1) + "_"; }

}  // namespace

void DbnSession::save_params(ModelFile& file, ValueEncoding weights) const {
  const Dbn& dbn = trainer_->dbn();
  const bool maps_done = stage_ == DbnStage::Done && maps_;
  const float progress[2] = {float(maps_done ? DbnStage::Done : std::min(stage_, DbnStage::Maps)),
                             float(trainer_->current_layer())};
  add_section(file, "progress", 1, 2, progress);
  for (int l = 0; l < dbn.layers(); ++l) put_rbm_params(file, layer_prefix(l), dbn.layer(l), weights);
  if (classifiers_) {
    for (const FinetuneTrainer* t : {&classifiers_->pretrained, &classifiers_->random})
      put_mlp(file, t->pretrained() ? "classifier_pretrained_" : "classifier_random_", t->network(),
              t->params().data(), weights);
  }
  if (maps_done) {
    put_mlp(file, "autoencoder_", maps_->autoencoder.network(), maps_->autoencoder.params().data(), weights);
    put_matrix(file, "tsne_map", maps_->maps.tsne_map(), ValueEncoding::Float32);
  }
}

Status DbnSession::load_params(const ModelFile& file) {
  Matrix progress(1, 2);
  Status s = get_matrix(file, "progress", progress);
  const int stage = s.ok ? int(progress(0, 0)) : 0;
  if (s.ok && (stage < 0 || stage > int(DbnStage::Done)))
    s = Status::error("The model file's DBN stage " + std::to_string(stage) + " is not one of 0 to 3.");
  Dbn& dbn = trainer_->dbn();
  for (int l = 0; s.ok && l < dbn.layers(); ++l) s = get_rbm_params(file, layer_prefix(l), dbn.layer(l));
  if (!s.ok) return s;
  trainer_->mark_trained(stage == 0 ? int(progress(0, 1)) : dbn.layers());
  if (stage == 0) return s;
  enter(DbnStage::Finetune);
  for (FinetuneTrainer* t : {&classifiers_->pretrained, &classifiers_->random}) {
    const bool left_out = !t->pretrained() && !file.section("classifier_random_W1");  // loaded untrained
    classifiers_->random_left_out = classifiers_->random_left_out || left_out;
    if (s.ok && !left_out)
      s = get_mlp(file, t->pretrained() ? "classifier_pretrained_" : "classifier_random_", t->network(),
                  t->params().data());
  }
  if (s.ok) stage_end_metrics_ = finetune_metrics();  // the first evaluation reports what was loaded
  if (!s.ok || stage == int(DbnStage::Finetune)) return s;
  s = enter(DbnStage::Maps);
  if (s.ok && stage == int(DbnStage::Done)) {
    s = get_mlp(file, "autoencoder_", maps_->autoencoder.network(), maps_->autoencoder.params().data());
    Matrix tsne(2, maps_->maps.tsne_map().cols());
    if (s.ok) s = get_matrix(file, "tsne_map", tsne);
    if (s.ok && !maps_->maps.restore_tsne(tsne)) s = Status::error("The model file's t-SNE map does not fit the maps.");
    if (s.ok) {
      maps_->reload();
      stage_end_metrics_.update(map_metrics());
      stage_ = DbnStage::Done;
    }
  }
  return s;
}

bool DbnSession::answer_drawing(const Matrix& digit, Json& meta, std::vector<OutBuffer>& buffers) {
  const Dbn& dbn = trainer_->dbn();
  const PixelStandardization* st = trainer_->standardization();
  Matrix v = digit;  // as the network sees it
  if (st) st->standardize(digit, v);
  auto add = [&](const char* name, const Matrix& m) { buffers.push_back({name, int(m.rows()), int(m.cols()), m.data()}); };
  const int levels = trainer_->pretrained() ? dbn.layers() : trainer_->current_layer();
  meta["layers_trained"] = levels;
  if (levels > 0) {
    Matrix h;
    dbn.up(v, levels, h);
    dbn.down(h, levels, draw_top_);
    to_grey(st, draw_top_);
    add("top_reconstruction", draw_top_);
  }
  if (classifiers_) {
    classifiers_->pretrained.predict_pixels(v, draw_probs_);
    add("class_probs", draw_probs_);
  }
  if (maps_) {
    maps_->place(v, digit, draw_ae_, draw_pca_);
    add("point_autoencoder", draw_ae_);
    add("point_pca", draw_pca_);
  }
  return true;
}


bool DbnSession::test_on(const Dataset& digits, Json& out, std::string& refusal) {
  if (!classifiers_) {
    refusal = "the classifier comes with fine-tuning, after pre-training";
    return false;
  }
  Matrix grey, v, probs;
  const std::vector<int> mine = first_indices(digits.count());
  grey_batch(digits.images, mine.data(), int(mine.size()), grey);
  v = grey;
  if (const PixelStandardization* st = trainer_->standardization()) st->standardize(grey, v);
  classifiers_->pretrained.predict_pixels(v, probs);
  std::vector<int> read(size_t(probs.cols()));
  int right = 0;
  for (Eigen::Index j = 0; j < probs.cols(); ++j) {
    probs.col(j).maxCoeff(&read[size_t(j)]);
    right += read[size_t(j)] == digits.labels.labels[size_t(j)];
  }
  out["accuracy"] = double(right) / double(std::max(1, digits.count()));
  out["read_as"] = read;
  out["mnist_accuracy"] = 1.0 - classifiers_->pretrained.evaluate(evaluate_subset_, false).error_test;
  return true;
}

Status DbnSession::tune_on(const Dataset& digits, int updates) {
  if (!classifiers_) return Status::error("the classifier comes with fine-tuning, after pre-training");
  if (config_.gaussian_bottom)
    return Status::error("a Gaussian bottom standardises its pixels by the training digits': tune a binary one");
  DbnConfig c = config_;
  c.rbm.train_count = digits.count();
  c.finetune_batch_size = std::min(c.finetune_batch_size, digits.count());
  FinetuneTrainer t(c, Unrolled::Classifier, nullptr, digits, test_);
  t.params() = classifiers_->pretrained.params();
  const TrainReport r = t.train(updates);
  if (r.diverged) return Status::error("training on your digits diverged: " + r.message);
  classifiers_->pretrained.params() = t.params();
  return Status::success();
}

}  // namespace latent::web
