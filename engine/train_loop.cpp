// The divergence message shared by every trainer (train_loop.hpp).
#include "train_loop.hpp"

namespace latent {

std::string divergence_message(long long update, const DivergenceAdvice& advice) {
  return "Training diverged at update " + std::to_string(update) +
         ": the weights became NaN, infinite or larger than 10,000" +  // kDivergedWeight
         (advice.cause.empty() ? std::string() : " (" + advice.cause + ")") +
         ". The weights from before this chunk are kept; " + advice.remedy + " and resume.";
}

}  // namespace latent
