// DbmTrainer (dbm_trainer.hpp): pre-training with doubled inputs, composition, and
// joint training by mean field and persistent chains.
#include "dbm_trainer.hpp"

#include "batch.hpp"
#include "pixel_mean.hpp"

namespace latent {
namespace {

// cd.hpp Models of the two pre-trained layers: a binary RBM whose up pass (bottom) or
// down pass (top) carries twice the weights.
struct DoubledUp {
  const Rbm& rbm;
  void hidden_probs(const Matrix& V, Matrix& H) const {
    affine_tn(H, rbm.W(), V, rbm.c());
    H = (2.0f * H).colwise() - rbm.c();  // c + 2 W^T v
    sigmoid_inplace(H);
  }
  void visible_means(const Matrix& H, Matrix& V) const { rbm.visible_probs(H, V); }
  static void sample_visible(const Matrix& means, Matrix& V, Rng& rng) { sample_bernoulli(V, means, rng); }
  static const Matrix& visible_statistic(const Matrix& V, Matrix& /*scratch*/) { return V; }
};

struct DoubledDown {
  const Rbm& rbm;
  void hidden_probs(const Matrix& V, Matrix& H) const { rbm.hidden_probs(V, H); }
  void visible_means(const Matrix& H, Matrix& V) const {
    affine_nn(V, rbm.W(), H, rbm.b());
    V = (2.0f * V).colwise() - rbm.b();  // b + 2 W h
    sigmoid_inplace(V);
  }
  static void sample_visible(const Matrix& means, Matrix& V, Rng& rng) { sample_bernoulli(V, means, rng); }
  static const Matrix& visible_statistic(const Matrix& V, Matrix& /*scratch*/) { return V; }
};

}  // namespace

DbmTrainer::DbmTrainer(const DbmConfig& config, const Dataset& train, const Dataset& test)
    : config_(config), train_(train), test_(test), rng_(config.seed),
      bottom_(train.images.rows * train.images.cols, config.hidden1), top_(config.hidden1, config.hidden2),
      dbm_(train.images.rows * train.images.cols, config.hidden1, config.hidden2) {
  config_.train_count = std::min(config_.train_count, train.count());
  bottom_.initialize(config_.init_std, pixel_mean(train.images, config_.train_count, config_.binarization), rng_);
  top_.initialize(config_.init_std, Vector(), rng_);
  enter(DbmStage::PretrainBottom);
}

void DbmTrainer::enter(DbmStage stage) {
  stage_ = stage;
  order_ = EpochOrder();
  order_.restart(config_.train_count, rng_);
  chain_.resize(0, 0);
  const size_t n = stage == DbmStage::PretrainBottom ? bottom_.param_count()
                   : stage == DbmStage::PretrainTop  ? top_.param_count()
                                                     : dbm_.params().size();
  velocity_.assign(n, 0.0f);
  if (stage == DbmStage::Joint) compose();
}

void DbmTrainer::compose() {
  dbm_.W1() = bottom_.W();
  dbm_.W2() = top_.W();
  dbm_.b() = bottom_.b();
  dbm_.c1() = 0.5f * (bottom_.c() + top_.b());
  dbm_.c2() = top_.c();
  start_chains();
}

void DbmTrainer::start_chains() {
  std::vector<int> idx(size_t(config_.chains));
  for (int& i : idx) i = int(rng_.below(uint32_t(config_.train_count)));
  batch(idx.data(), int(idx.size()), chain_v_);
  Matrix m1, m2;
  dbm_.mean_field(chain_v_, config_.mean_field, m1, m2);
  sample_bernoulli(chain_h1_, m1, rng_);
  sample_bernoulli(chain_h2_, m2, rng_);
}

void DbmTrainer::restore(DbmStage stage, const Dbm* joint) {
  enter(stage);
  if (stage != DbmStage::Joint || !joint) return;
  dbm_.params() = joint->params();
  start_chains();
}

void DbmTrainer::batch(const int* indices, int n, Matrix& v) {
  make_batch(train_.images, indices, n, config_.binarization, config_.seed, rng_, v);
}

void settle_digits(const Dbm& dbm, const Dataset& data, int from, int count, Binarization binarization,
                   uint64_t seed, int rounds, Matrix& V, Matrix& M1, Matrix& M2) {
  std::vector<int> idx = first_indices(count);
  for (int& i : idx) i += from;
  evaluation_batch(data.images, idx.data(), count, binarization, seed, V);
  M1.resize(0, 0);
  dbm.mean_field(V, rounds, M1, M2);
}

double DbmTrainer::test_bound(int subset, double log_z) const {
  Matrix v, m1, m2;
  settle_digits(dbm_, test_, 0, std::min(subset, test_.count()), config_.binarization, config_.seed,
                2 * config_.mean_field, v, m1, m2);
  return dbm_.lower_bound(v, m1, m2, log_z).mean();
}

Vector DbmTrainer::mean_h1(int subset) const {
  Matrix v, m1, m2;
  settle_digits(dbm_, train_, 0, std::min(subset, config_.train_count), config_.binarization, config_.seed,
                2 * config_.mean_field, v, m1, m2);
  return m1.rowwise().mean();
}

long long DbmTrainer::batches_left(int epochs) const {
  if (order_.epoch() >= epochs) return 0;
  return order_.batches_left(epochs, stage_ == DbmStage::Joint ? config_.joint.batch_size : config_.pretrain.batch_size);
}

void DbmTrainer::next_batch(Matrix& v) {
  const int size = stage_ == DbmStage::Joint ? config_.joint.batch_size : config_.pretrain.batch_size;
  order_.next(size, rng_, [&](const int* indices, int n) { batch(indices, n, v); });
}

void DbmTrainer::joint_update() {
  next_batch(v_);
  const float inv_b = 1.0f / float(v_.cols()), inv_c = 1.0f / float(chain_v_.cols());
  m1_.resize(0, 0);  // each minibatch's mean field starts from its doubled up pass
  dbm_.mean_field(v_, config_.mean_field, m1_, m2_);
  for (int s = 0; s < config_.sweeps; ++s) dbm_.gibbs_sweep(chain_v_, chain_h1_, chain_h2_, rng_);
  MatrixMap vel_w1(velocity_.data(), dbm_.visible(), dbm_.hidden1());
  MatrixMap vel_w2(velocity_.data() + vel_w1.size(), dbm_.hidden1(), dbm_.hidden2());
  VectorMap vel_b(vel_w2.data() + vel_w2.size(), dbm_.visible());
  VectorMap vel_c1(vel_b.data() + vel_b.size(), dbm_.hidden1());
  VectorMap vel_c2(vel_c1.data() + vel_c1.size(), dbm_.hidden2());
  const CdSettings& j = config_.joint;
  const float lr = j.learning_rate, mu = j.momentum_at(order_.epoch()), wd = j.weight_decay;
  Matrix pos, neg;
  gemm_nt(pos, v_, m1_, inv_b);
  gemm_nt(neg, chain_v_, chain_h1_, inv_c);
  vel_w1 = mu * vel_w1 + lr * ((pos - neg) - wd * dbm_.W1());
  gemm_nt(pos, m1_, m2_, inv_b);
  gemm_nt(neg, chain_h1_, chain_h2_, inv_c);
  vel_w2 = mu * vel_w2 + lr * ((pos - neg) - wd * dbm_.W2());
  vel_b = mu * vel_b + lr * (inv_b * v_.rowwise().sum() - inv_c * chain_v_.rowwise().sum());
  vel_c1 = mu * vel_c1 + lr * (inv_b * m1_.rowwise().sum() - inv_c * chain_h1_.rowwise().sum());
  vel_c2 = mu * vel_c2 + lr * (inv_b * m2_.rowwise().sum() - inv_c * chain_h2_.rowwise().sum());
  ParamBuffer& p = dbm_.params();
  for (size_t i = 0; i < p.size(); ++i) p[i] += velocity_[i];
}

Status DbmTrainer::apply_live(const DbmConfig& config) {
  if (!validate(config).empty()) return Status::error("The new settings are out of range.");
  DbmConfig next = config;
  next.train_count = std::min(next.train_count, train_.count());
  if (needs_reset(config_, next))
    return Status::error("Layer sizes, initialisation, seed, binarisation, data size and chains need a reset.");
  config_ = next;
  return Status::success();
}

TrainReport DbmTrainer::train(int max_batches) {
  const CdSettings& cd = config_.pretrain;
  if (stage_ != DbmStage::Joint)
    max_batches = int(std::min<long long>(max_batches, order_.batches_left(config_.pretrain_epochs, cd.batch_size)));
  Rbm& layer = stage_ == DbmStage::PretrainBottom ? bottom_ : top_;
  ParamBuffer& params = stage_ == DbmStage::Joint ? dbm_.params() : layer.params();
  const TrainReport report = train_chunk(
      max_batches, updates_, order_, {{params.data(), params.size()}},
      [&] {
        if (stage_ == DbmStage::Joint) return joint_update();
        const float momentum = cd.momentum_at(order_.epoch());
        next_batch(v_);
        if (stage_ == DbmStage::PretrainBottom) {
          cd_statistics(DoubledUp{bottom_}, v_, cd.cd_k, cd.persistent ? &chain_ : nullptr, rng_, cd_);
        } else {
          DoubledUp{bottom_}.hidden_probs(v_, x_);
          sample_bernoulli(x_, x_, rng_);
          cd_statistics(DoubledDown{top_}, x_, cd.cd_k, cd.persistent ? &chain_ : nullptr, rng_, cd_);
        }
        apply_cd_update(layer, velocity_, cd_, cd.learning_rate, momentum, cd.weight_decay);
      },
      [&] {
        std::fill(velocity_.begin(), velocity_.end(), 0.0f);
        chain_.resize(0, 0);
      });
  if (!report.diverged && stage_ != DbmStage::Joint && order_.epoch() >= config_.pretrain_epochs)
    enter(DbmStage(int(stage_) + 1));
  return report;
}

}  // namespace latent
