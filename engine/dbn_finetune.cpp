// Unrolling a DBN into a classifier or a deep autoencoder, and their fine-tuning
// (dbn_finetune.hpp).
#include "dbn_finetune.hpp"

#include <algorithm>

#include "classifier.hpp"
#include "dbn_trainer.hpp"  // dbn_pixels, dbn_standardization
#include "rng_streams.hpp"
#include "vae.hpp"  // bernoulli_log_likelihood

namespace latent {
namespace {

constexpr int kEvalBlock = 500;  // digits per forward pass in evaluation

std::vector<int> stack_of(int pixels, const std::vector<int>& layers) {
  std::vector<int> s = {pixels};
  s.insert(s.end(), layers.begin(), layers.end());
  return s;
}

}  // namespace

Mlp classifier_network(const std::vector<int>& sizes, int classes) {
  std::vector<int> net = sizes;
  net.push_back(classes);
  std::vector<Activation> act(sizes.size() - 1, Activation::Sigmoid);
  act.push_back(Activation::Identity);
  return Mlp(net, act);
}

Mlp autoencoder_network(const std::vector<int>& sizes, int code) {
  const int L = int(sizes.size()) - 1;
  std::vector<int> net = sizes;
  std::vector<Activation> act(size_t(L), Activation::Sigmoid);
  if (code > 0) {
    net.push_back(code);
    net.push_back(sizes[size_t(L)]);
    act.push_back(Activation::Identity);
    act.push_back(Activation::Sigmoid);
  }
  for (int l = L - 1; l >= 0; --l) {
    net.push_back(sizes[size_t(l)]);
    act.push_back(l == 0 ? Activation::Identity : Activation::Sigmoid);
  }
  return Mlp(net, act);
}

int autoencoder_code_layer(const std::vector<int>& sizes, int code) {
  const int L = int(sizes.size()) - 1;
  return code > 0 ? L : L - 1;
}

void unroll_classifier(const Dbn& dbn, const Mlp& net, float* params, Rng& rng) {
  net.initialize(params, rng);
  for (int l = 0; l < dbn.layers(); ++l) {
    net.W(params, l) = dbn.layer(l).W();
    net.b(params, l) = dbn.layer(l).c();
  }
}

void unroll_autoencoder(const Dbn& dbn, const Mlp& net, int code, float* params, Rng& rng) {
  net.initialize(params, rng);
  const int L = dbn.layers();
  const int decoder = code > 0 ? L + 2 : L;  // the first decoder layer (n_L -> n_{L-1})
  for (int l = 0; l < L; ++l) {
    net.W(params, l) = dbn.layer(l).W();
    net.b(params, l) = dbn.layer(l).c();
    const int mirror = decoder + (L - 1 - l);
    net.W(params, mirror) = dbn.layer(l).W().transpose();
    net.b(params, mirror) = dbn.layer(l).b();
  }
}

Status finetune_ready(int layers_done, int layers) {
  if (layers_done >= layers) return Status::success();
  return Status::error("Pre-training has not finished (" + std::to_string(layers_done) + " of " +
                       std::to_string(layers) +
                       " layers trained): keep training until every layer of the stack is frozen. Fine-tuning "
                       "starts by itself then, the pre-trained network beside a randomly initialised one.");
}

FinetuneTrainer::FinetuneTrainer(const DbnConfig& config, Unrolled kind, const Dbn* pretrained,
                                 const Dataset& train, const Dataset& test)
    : config_(config), kind_(kind), pretrained_(pretrained != nullptr), train_(train), test_(test),
      standardization_(dbn_standardization(config, train)), rng_(stream_seed(config.rbm.seed, Stream::Finetune)) {
  config_.rbm.train_count = std::min(config_.rbm.train_count, train.count());
  const std::vector<int> sizes = stack_of(train.dim(), config_.layers);
  if (kind_ == Unrolled::Classifier) {
    net_ = classifier_network(sizes, kClasses);
  } else {
    net_ = autoencoder_network(sizes, config_.code_size);
    code_layer_ = autoencoder_code_layer(sizes, config_.code_size);
  }
  params_.assign(net_.param_count(), 0.0f);
  grad_.assign(net_.param_count(), 0.0f);
  Rng init(stream_seed(config_.rbm.seed, Stream::Finetune, 1));
  if (pretrained && kind_ == Unrolled::Classifier) unroll_classifier(*pretrained, net_, params_.data(), init);
  else if (pretrained) unroll_autoencoder(*pretrained, net_, config_.code_size, params_.data(), init);
  else net_.initialize(params_.data(), init);
  opt_.resize(params_.size());
  order_.restart(config_.rbm.train_count, rng_);
}

Status FinetuneTrainer::apply_live(const DbnConfig& config) {
  return apply_live_settings(config_, config, train_.count());
}

void FinetuneTrainer::gather(const Dataset& data, const int* indices, int n, Matrix& v,
                             std::vector<uint8_t>& labels) const {
  dbn_pixels(data, indices, n, standardization(), v);
  labels.resize(size_t(n));
  for (int j = 0; j < n; ++j) labels[size_t(j)] = data.labels.labels[size_t(indices[j])];
}

double finetune_loss(const Mlp& net, Unrolled kind, bool gaussian_bottom, const float* params, const Matrix& v,
                     const uint8_t* labels, Matrix* dout, int* errors, MlpCache& cache) {
  net.forward(params, v, cache);
  const Matrix& out = cache.output();
  if (kind == Unrolled::Classifier) return softmax_cross_entropy(out, labels, dout, errors);
  if (gaussian_bottom) {  // y = a: 1/2 ||x - y||^2 per digit, d/dy = y - x
    const Matrix diff = out - v;
    if (dout) *dout = diff / float(v.cols());
    return 0.5 * diff.cast<double>().squaredNorm() / double(v.cols());
  }
  Eigen::VectorXd ll;
  bernoulli_log_likelihood(v, out, ll);
  if (dout) {  // d(-log p(x|a))/da = sigmoid(a) - x, over the batch mean
    *dout = out;
    sigmoid_inplace(*dout);
    *dout = (*dout - v) / float(v.cols());
  }
  return -ll.mean();
}

TrainReport FinetuneTrainer::train(int max_batches) {
  const std::vector<ParamBlock> blocks = {{params_.data(), params_.size()}};
  return train_chunk(
      max_batches, updates_, order_, blocks,
      [&] {
        order_.next(config_.finetune_batch_size, rng_,
                    [&](const int* indices, int n) { gather(train_, indices, n, v_, labels_); });
        loss_.add(finetune_loss(net_, kind_, config_.gaussian_bottom, params_.data(), v_, labels_.data(), &dout_,
                                nullptr, cache_));
        net_.backward(params_.data(), cache_, dout_, grad_.data(), nullptr);
        opt_.step(config_.finetune, params_.data(), grad_.data());
      },
      [&] { opt_.reset(); });
}

FinetuneMetrics FinetuneTrainer::evaluate(int subset, bool with_training) const {
  FinetuneMetrics m;
  // recon_out (not null, autoencoder): the reconstructions' squared error, in grey levels.
  auto measure = [&](const Dataset& data, double& loss_out, double& error_out, double* recon_out) {
    const int n = std::min(subset, data.count());
    if (n <= 0) return;
    double total = 0, squared = 0;
    long wrong = 0;
    std::vector<int> idx;
    Matrix v, y;
    std::vector<uint8_t> labels;
    MlpCache cache;
    for (int start = 0; start < n; start += kEvalBlock) {
      const int count = std::min(kEvalBlock, n - start);
      idx.resize(size_t(count));
      for (int j = 0; j < count; ++j) idx[size_t(j)] = start + j;
      gather(data, idx.data(), count, v, labels);
      int errors = 0;
      total += finetune_loss(net_, kind_, config_.gaussian_bottom, params_.data(), v, labels.data(), nullptr, &errors,
                             cache) * count;
      wrong += errors;
      if (kind_ == Unrolled::Autoencoder && recon_out) {
        y = cache.output();
        output_to_pixels(y);
        if (standardization_) {  // in place: coefficient-wise
          standardization_->unstandardize(y, y);
          standardization_->unstandardize(v, v);
        }
        squared += double((y - v).squaredNorm());
      }
    }
    loss_out = total / n;
    if (kind_ == Unrolled::Classifier) error_out = double(wrong) / n;
    else if (recon_out) *recon_out = squared / n;
  };
  if (with_training) measure(train_, m.loss_train, m.error_train, nullptr);
  measure(test_, m.loss_test, m.error_test, &m.recon_test);
  return m;
}

void FinetuneTrainer::output_to_pixels(Matrix& out) const {
  if (!config_.gaussian_bottom) sigmoid_inplace(out);
}

void FinetuneTrainer::predict(const std::vector<int>& test_indices, Matrix& v, Matrix& out) const {
  std::vector<uint8_t> labels;
  gather(test_, test_indices.data(), int(test_indices.size()), v, labels);
  predict_pixels(v, out);
}

void FinetuneTrainer::predict_pixels(const Matrix& v, Matrix& out) const {
  MlpCache cache;
  net_.forward(params_.data(), v, cache);
  out = cache.output();
  if (kind_ == Unrolled::Autoencoder) {
    output_to_pixels(out);
    return;
  }
  for (Eigen::Index j = 0; j < out.cols(); ++j) {  // softmax per column
    out.col(j).array() = (out.col(j).array() - out.col(j).maxCoeff()).exp();
    out.col(j) /= out.col(j).sum();
  }
}

void FinetuneTrainer::encode(const std::vector<int>& test_indices, Matrix& codes) const {
  Matrix v;
  std::vector<uint8_t> labels;
  gather(test_, test_indices.data(), int(test_indices.size()), v, labels);
  encode_pixels(v, codes);
}

void FinetuneTrainer::encode_pixels(const Matrix& v, Matrix& codes) const {
  if (kind_ != Unrolled::Autoencoder) {
    codes.resize(0, 0);
    return;
  }
  net_.forward_layers(params_.data(), v, 0, code_layer_ + 1, codes);  // the encoder only
}

void FinetuneTrainer::decode(const Matrix& codes, Matrix& pixels) const {
  if (kind_ != Unrolled::Autoencoder) {
    pixels.resize(0, 0);
    return;
  }
  net_.forward_layers(params_.data(), codes, code_layer_ + 1, net_.layers(), pixels);
  output_to_pixels(pixels);
}

}  // namespace latent
