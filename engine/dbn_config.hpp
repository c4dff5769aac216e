// DbnConfig: every setting of a deep belief network run on MNIST, as plain data
// with its defaults and the ranges the lab accepts: the stack's layer sizes, the
// greedy pre-training of each layer (CD-k or persistent CD, as RbmConfig), and
// the fine-tuning by backpropagation of the unrolled networks (classifier, deep
// autoencoder). Layer sizes are the hidden layers above the 784 pixels, written
// "500-500-2000" (parse_layer_sizes) or given as ints.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "batch.hpp"       // Binarization
#include "config_fields.hpp"
#include "optimizer.hpp"   // OptimizerSettings
#include "rbm_config.hpp"
#include "status.hpp"

namespace latent {

constexpr int kDbnMaxLayers = 6;     // RBMs in the stack
constexpr int kDbnMaxUnits = 4000;   // units in one layer

// The RBM settings of a DBN's layers by default: persistent CD-1, lr 0.03, momentum
// 0.5, minibatches of 20, dynamic binarisation, the first 15,000 training digits (the
// reasons, measured, in dbn_config.cpp).
RbmConfig dbn_rbm_defaults();

// Fine-tuning by default: Adam, learning rate 1e-3 (on the mean loss of a minibatch); the
// reasons (measured) are in dbn_config.cpp.
OptimizerSettings dbn_finetune_defaults();

struct DbnConfig {
  // structure (changing these resets the model)
  std::vector<int> layers = {500, 500, 1000};  // hidden sizes, bottom to top (why: dbn_config.cpp)

  // How every layer's RBM trains, as a lone RBM would (its hidden is not used: layers
  // says; init_std, seed, binarisation of the pixels and train_count are structure,
  // the CD settings live; the fantasy settings are not used).
  RbmConfig rbm = dbn_rbm_defaults();

  // greedy pre-training (live)
  int epochs_per_layer = 1;  // then the layer freezes and the next one trains
  bool sample_up = false;    // layer l trains on samples of h_{l-1} (false: on its probabilities)

  // The bottom layer (structure): false, a binary RBM on the pixels (binarised as rbm
  // says); true, a Gaussian-Bernoulli RBM with unit variances on standardised pixels
  // (real_data.hpp), for real-valued data.
  bool gaussian_bottom = false;

  // fine-tuning by backpropagation (live)
  OptimizerSettings finetune = dbn_finetune_defaults();  // kind, learning rate, momentum (SGD only)
  int finetune_batch_size = 50;
  // The worker's budgets (FinetuneTrainer itself does not stop): epochs of the two
  // classifiers (pre-trained, random), then of the deep autoencoder of the 2-D map.
  int finetune_epochs = 1;
  // ... raised until each classifier has had at least this many updates (0: the epochs
  // as given). With fewer, both networks stay near 20% test error and which is ahead
  // is chance (measured in dbn_config.cpp).
  int finetune_min_updates = 300;
  int map_epochs = 2;
  int code_size = 2;  // the deep autoencoder's linear code layer on top of the stack (0: none)

  // ancestral samples (live): every picture of samples is new; each sample's top chain
  // starts at the code of a random training digit (Data: a 0/1 sample of the up pass
  // q(h_{L-1} | v)) or at random 0/1 units (Noise), takes sample_sweeps Gibbs sweeps in
  // the top RBM, then passes down. A briefly trained top RBM mixes slowly: from codes,
  // a few sweeps show its variety; hundreds from noise show the one or two modes its
  // chains settle in (measured in dbn_config.cpp).
  ChainStart sample_start = ChainStart::Data;
  int sample_sweeps = 10;
  int code_width() const { return code_size > 0 ? code_size : (layers.empty() ? 0 : layers.back()); }
};

// The worker's memory (web/worker/CMakeLists.txt: MAXIMUM_MEMORY) and the most a DBN
// may need of it. The estimate, in MiB (measured in dbn_config.cpp):
//   192 (the engine and MNIST) + 96 bytes a weight of the classifier 784-layers-10 and of
//   the code layer + 48 bytes a unit of the layers for each digit of the larger minibatch
constexpr double kPageMemoryMiB = 2048;
double dbn_memory_mib(const DbnConfig& c);

// "500-500-2000" (also ", " or " " between numbers) -> {500, 500, 2000}. False with a
// sentence in error when the text is not a list of positive whole numbers in range.
bool parse_layer_sizes(const std::string& text, std::vector<int>& out, std::string& error);
std::string layer_sizes_text(const std::vector<int>& layers);  // {500, 500, 2000} -> "500-500-2000"

// layers (text), epochs_per_layer, the layer RBMs' init_std, train_count, seed,
// binarization, bottom ("binary" | "gaussian"), their CD settings, sample_up, and
// the fine-tuning's finetune_optimizer, finetune_learning_rate, finetune_momentum,
// finetune_batch_size, finetune_epochs, finetune_min_updates, code_size, map_epochs;
// sample_start, sample_sweeps.
const ConfigFields<DbnConfig>& config_fields(const DbnConfig&);

// Every violated range; empty when the config is usable.
std::vector<FieldError> validate(const DbnConfig& config);
// True when going from a to b needs a new model (structure or data changed).
bool needs_reset(const DbnConfig& a, const DbnConfig& b);

// A trainer's apply_live: next (train_count clamped to the digits available) replaces
// current when it validates and needs no reset; otherwise an error and current stays.
Status apply_live_settings(DbnConfig& current, const DbnConfig& next, int available);

}  // namespace latent
