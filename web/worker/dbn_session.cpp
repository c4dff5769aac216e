// DbnSession (see dbn_session.hpp).
#include "dbn_session.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace latent::web {

using protocol::Json;

DbnSession::DbnSession(const Dataset& train, const Dataset& test, int evaluate_subset)
    : train_(train), test_(test), evaluate_subset_(evaluate_subset) {
  config_ = defaults();
  rebuild();
}

DbnConfig DbnSession::defaults() const {
  DbnConfig c;
  c.rbm.train_count = std::min(c.rbm.train_count, train_.count());
  return c;
}

ConfigCheck DbnSession::stage_config(const Json& fields, bool from_defaults) {
  ConfigCheck check = stage_fields(fields, from_defaults ? defaults() : config_, from_defaults);
  if (check.errors.empty()) check_train_count(staged_.rbm.train_count, train_.count(), check.errors);
  return check;
}

void DbnSession::rebuild() {
  trainer_.reset();
  trainer_ = std::make_unique<DbnTrainer>(config_, train_, test_);
}

TrainReport DbnSession::train(int max_batches) {
  // A call stops at a layer's end: go on with the next layer within the same chunk.
  TrainReport total;
  while (total.batches < max_batches && !trainer_->pretrained()) {
    const TrainReport r = trainer_->train(max_batches - total.batches);
    total.batches += r.batches;
    if (r.diverged) {
      total.diverged = true;
      total.message = r.message;
      break;
    }
    if (r.batches == 0) break;
  }
  return total;
}

Json DbnSession::chunk_metrics() {
  const int l = std::min(trainer_->current_layer(), trainer_->dbn().layers() - 1);
  return finite_metric(("recon_layer_" + std::to_string(l + 1)).c_str(), trainer_->take_recent_recon_error(l));
}

Json DbnSession::evaluate(double) {
  Json m = Json::object();
  const int trained = std::min(trainer_->current_layer() + 1, trainer_->dbn().layers());
  for (int l = 0; l < trained; ++l) {
    const double e = trainer_->test_recon_error(l, evaluate_subset_);
    if (std::isfinite(e)) m["test_recon_layer_" + std::to_string(l + 1)] = e;
  }
  return m;
}

std::unique_ptr<ExactTask> DbnSession::start_exact(std::string& refusal) {
  refusal = "a deep belief network has no tractable likelihood here: its top RBM's partition function and the "
            "sum over every hidden layer are out of reach; compare its samples and reconstructions instead";
  return nullptr;
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

  if (advance_chains || trainer_->samples().means.empty()) trainer_->advance_samples(kSampleChains, kSampleSteps);
  const DbnSample& s = trainer_->samples();
  dbn.level_pictures(s, levels_);  // levels_[0]: the samples themselves
  if (!levels_.empty()) {
    buffers.push_back({"samples", int(levels_[0].rows()), int(levels_[0].cols()), levels_[0].data()});
    for (size_t l = 1; l < levels_.size(); ++l) {
      const std::string name = "samples_from_" + std::to_string(l);
      buffers.push_back({name, int(levels_[l].rows()), int(levels_[l].cols()), levels_[l].data()});
    }
  }
  meta["stack"] = {{"sizes", dbn.sizes()},
                   {"training", trainer_->current_layer()},
                   {"layer_epochs", trainer_->layer_epoch()},
                   {"epochs_per_layer", config_.epochs_per_layer}};
  meta["image"] = {{"rows", test_.images.rows}, {"cols", test_.images.cols}};
}

}  // namespace latent::web
