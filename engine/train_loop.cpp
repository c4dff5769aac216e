// The divergence message shared by every trainer (train_loop.hpp).
#include "train_loop.hpp"

namespace latent {

std::string divergence_message(long long update) {
  return "Training diverged at update " + std::to_string(update) +
         ": the weights became NaN, infinite or larger than 10,000. The weights from before "
         "this chunk are kept; lower the learning rate (or learning rate x weight decay, "
         "which must stay below 2) and resume.";
}

}  // namespace latent
