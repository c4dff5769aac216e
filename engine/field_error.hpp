// FieldError: what is wrong with one setting of a config, named by the setting's
// field name (as in JSON, links and the command line) and said in a sentence a
// student can act on. Every config's checks (config_fields.hpp) produce these;
// the protocol sends them in refusals and the forms show them under their fields.
#pragma once
#include <string>
#include <vector>

namespace latent {

struct FieldError {
  std::string field;    // the field's name, e.g. "learning_rate"
  std::string message;  // what is wrong and what is allowed
};

// The refusal of a training-set size beyond the data (appended to errors).
inline void check_train_count(int wanted, int available, std::vector<FieldError>& errors) {
  if (wanted <= available) return;
  errors.push_back({"train_count", "train_count is " + std::to_string(wanted) + " but the training set has " +
                                       std::to_string(available) + " digits"});
}

}  // namespace latent
