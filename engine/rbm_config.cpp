#include "rbm_config.hpp"

#include <cmath>

namespace latent {
namespace {

void check(std::vector<FieldError>& errors, bool ok, const char* field, const char* message) {
  if (!ok) errors.push_back({field, message});
}

bool finite_in(float x, float lo, float hi) { return std::isfinite(x) && x >= lo && x <= hi; }

}  // namespace

std::vector<FieldError> validate(const RbmConfig& c) {
  std::vector<FieldError> e;
  check(e, c.hidden >= 1 && c.hidden <= 4000, "hidden", "Hidden units must be between 1 and 4000.");
  check(e, finite_in(c.init_std, 0.0f, 1.0f), "init_std",
        "Initial weight spread must be between 0 and 1 (0.01 is usual).");
  check(e, c.train_count >= 100 && c.train_count <= 60000, "train_count",
        "Training digits must be between 100 and 60000.");
  check(e, c.cd_k >= 1 && c.cd_k <= 1000, "cd_k", "Gibbs steps k must be between 1 and 1000.");
  check(e, std::isfinite(c.learning_rate) && c.learning_rate > 0.0f && c.learning_rate <= 100.0f,
        "learning_rate", "Learning rate must be above 0 and at most 100 (0.01 to 0.1 is usual).");
  check(e, finite_in(c.momentum, 0.0f, 0.999f), "momentum", "Momentum must be between 0 and 0.999.");
  check(e, finite_in(c.weight_decay, 0.0f, 1.0f), "weight_decay",
        "Weight decay must be between 0 and 1 (1e-4 is usual).");
  check(e, c.batch_size >= 1 && c.batch_size <= 1000, "batch_size",
        "Minibatch size must be between 1 and 1000.");
  check(e, c.fantasy_chains >= 1 && c.fantasy_chains <= 100, "fantasy_chains",
        "Fantasy chains must be between 1 and 100.");
  check(e, c.fantasy_steps >= 1 && c.fantasy_steps <= 1000, "fantasy_steps",
        "Gibbs steps per fantasy update must be between 1 and 1000.");
  return e;
}

bool needs_reset(const RbmConfig& a, const RbmConfig& b) {
  return a.hidden != b.hidden || a.init_std != b.init_std || a.seed != b.seed ||
         a.binarization != b.binarization || a.train_count != b.train_count;
}

}  // namespace latent
