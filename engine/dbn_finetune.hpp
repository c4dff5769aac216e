// A deep belief network unrolled into feed-forward networks (Mlp, mlp.hpp) and
// fine-tuned by backpropagation (Optimizer, optimizer.hpp), or the same networks
// from random initialisation for comparison. The stack's sizes n_0 (pixels), n_1..n_L.
//
//   classifier    h_l = sigmoid(W_l^T h_{l-1} + c_l)  (l = 1..L, the DBN's up pass)
//                 logits a = V^T h_L + d, p(y|x) = softmax(a)     (V, d: new, random)
//                 loss  mean over digits of -log p(y|x)           (classifier.hpp)
//   autoencoder   encoder: the same sigmoid layers h_1..h_L; with code_size > 0 a linear
//                 code z = U^T h_L + e on top (new, random; Hinton & Salakhutdinov 2006),
//                 then sigmoid(U' z + e') back to n_L (new, random)
//                 decoder mirrored: g_{l-1} = sigmoid(W_l g_l + b_l), l = L..1, with the
//                 transposed weights and the visible biases of each RBM; the last layer
//                 is linear, a = W_1 g_1 + b_1, and
//     binary bottom:   y = sigmoid(a), the pixels' probabilities
//                      loss  mean over digits of -sum_i [x_i log y_i + (1 - x_i) log(1 - y_i)]
//                      (Bernoulli cross-entropy from the logits, vae.hpp); dLoss/da = (y - x) / B
//     Gaussian bottom: y = a, the standardised pixels' means (the GRBM's E[v|h_1])
//                      loss  mean over digits of 1/2 sum_i (x_i - y_i)^2 (-log N(x; y, I)
//                      without its constant n_0/2 log 2 pi); dLoss/da = (y - x) / B
// Pre-trained: W_l, c_l (and b_l, mirrored) copied from the stack, the new layers
// Mlp::initialize'd; random: every layer Mlp::initialize'd (Glorot, biases 0). The
// weights are untied after unrolling (encoder and decoder learn separately).
// Digits are fed as the stack sees them (dbn_trainer.hpp's dbn_pixels) in training and
// evaluation, to the pre-trained and the random network alike: grey levels x / 255, or
// with config.gaussian_bottom standardised by the first train_count training digits
// (the DbnTrainer's standardisation: the same digits give the same numbers). Training
// runs under the divergence guard of train_loop.hpp.
#pragma once
#include <algorithm>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

#include "dbn.hpp"
#include "dbn_config.hpp"
#include "idx.hpp"
#include "mlp.hpp"
#include "optimizer.hpp"
#include "real_data.hpp"
#include "status.hpp"
#include "train_loop.hpp"

namespace latent {

enum class Unrolled { Classifier = 0, Autoencoder = 1 };

constexpr int kClasses = 10;

// sizes = {n_0, ..., n_L}: the classifier n_0 - ... - n_L - classes.
Mlp classifier_network(const std::vector<int>& sizes, int classes);
// The deep autoencoder n_0 - ... - n_L [- code - n_L] - n_{L-1} - ... - n_0 (code 0: none).
Mlp autoencoder_network(const std::vector<int>& sizes, int code);
// The index of the autoencoder's code layer (its output is the code).
int autoencoder_code_layer(const std::vector<int>& sizes, int code);

// Mlp::initialize everything, then copy the stack's layers in (dbn.sizes() must be the
// networks' sizes).
void unroll_classifier(const Dbn& dbn, const Mlp& net, float* params, Rng& rng);
void unroll_autoencoder(const Dbn& dbn, const Mlp& net, int code, float* params, Rng& rng);

// The loss of `kind` (mean over the columns of v, nats per digit) with the forward pass
// in cache; dout (not null): dLoss/d(network output), ready for Mlp::backward; errors
// (not null, classifier): misclassified columns. labels: the digits' classes
// (classifier only; may be null for the autoencoder, whose targets are v itself).
// gaussian_bottom: the autoencoder's Gaussian loss (else Bernoulli); the classifier's
// loss does not depend on it.
double finetune_loss(const Mlp& net, Unrolled kind, bool gaussian_bottom, const float* params, const Matrix& v,
                     const uint8_t* labels, Matrix* dout, int* errors, MlpCache& cache);

// Whether the stack can be unrolled: an error saying what to do while pre-training
// has not finished (layers_done of layers trained).
Status finetune_ready(int layers_done, int layers);

struct FinetuneMetrics {  // on the first `subset` training and test digits
  double loss_train = std::numeric_limits<double>::quiet_NaN();   // nats per digit
  double loss_test = std::numeric_limits<double>::quiet_NaN();
  double error_train = std::numeric_limits<double>::quiet_NaN();  // classifier: fraction misclassified
  double error_test = std::numeric_limits<double>::quiet_NaN();
  // autoencoder: the squared error of the test reconstructions, in grey levels, per digit
  double recon_test = std::numeric_limits<double>::quiet_NaN();
};

class FinetuneTrainer {
 public:
  // pretrained: the stack to unroll (its sizes {784, config.layers...}), or null for the
  // same network from random initialisation. config must pass validate(); train and
  // test must outlive the trainer. Seeded by config.rbm.seed.
  FinetuneTrainer(const DbnConfig& config, Unrolled kind, const Dbn* pretrained, const Dataset& train,
                  const Dataset& test);

  Unrolled kind() const { return kind_; }
  bool pretrained() const { return pretrained_; }
  const Mlp& network() const { return net_; }
  const ParamBuffer& params() const { return params_; }
  ParamBuffer& params() { return params_; }

  // The fine-tuning optimiser and batch size (the rest needs a new trainer).
  Status apply_live(const DbnConfig& config);

  // Up to max_batches updates (minibatches of config.finetune_batch_size).
  TrainReport train(int max_batches);
  int epoch() const { return order_.epoch(); }
  long long updates() const { return updates_; }
  double epoch_fraction() const { return order_.fraction(); }
  double take_recent_loss() { return loss_.take(); }  // mean training loss since the last call
  // Minibatches in an epoch, with the batch size in use.
  int batches_per_epoch() const { return std::max(1, config_.rbm.train_count / config_.finetune_batch_size); }

  // Deterministic for a given model. with_training false: the test digits only (the
  // training fields stay NaN).
  FinetuneMetrics evaluate(int subset, bool with_training = true) const;

  // The network's output for test digits: class probabilities (classifier, 10 x n) or
  // reconstructions y (autoencoder, 784 x n); v gets the digits as the network sees
  // them. Gaussian bottom: v and the reconstructions are standardised pixels (map both
  // to grey levels with standardization()->unstandardize()).
  void predict(const std::vector<int>& test_indices, Matrix& v, Matrix& out) const;
  void predict_pixels(const Matrix& v, Matrix& out) const;  // the same for any pixels, as the network sees them
  // Autoencoder: the codes of test digits (the code layer's output, code x n; with
  // code_size 0 the top sigmoid layer's). Empty for the classifier.
  void encode(const std::vector<int>& test_indices, Matrix& codes) const;
  // Codes of any pixels (784 x n, as the network sees them: standardised for a Gaussian bottom).
  void encode_pixels(const Matrix& v, Matrix& codes) const;
  // Autoencoder: the decoder's pixels (784 x n) for codes (code x n), the layers above
  // the code layer: probabilities, or standardised pixels for a Gaussian bottom. Empty
  // for the classifier.
  void decode(const Matrix& codes, Matrix& pixels) const;
  // A Gaussian bottom's standardisation of the pixels (null for a binary bottom).
  const PixelStandardization* standardization() const {
    return standardization_ ? &*standardization_ : nullptr;
  }

 private:
  void gather(const Dataset& data, const int* indices, int n, Matrix& v, std::vector<uint8_t>& labels) const;
  void output_to_pixels(Matrix& out) const;  // the autoencoder's a -> y

  DbnConfig config_;
  Unrolled kind_;
  bool pretrained_;
  const Dataset& train_;
  const Dataset& test_;
  std::optional<PixelStandardization> standardization_;
  Mlp net_;
  int code_layer_ = -1;
  ParamBuffer params_, grad_;
  Optimizer opt_;
  Rng rng_;
  EpochOrder order_;
  long long updates_ = 0;
  RecentMean loss_;
  Matrix v_, dout_, scratch_;
  std::vector<uint8_t> labels_;
  MlpCache cache_;
};

}  // namespace latent
