// Command-line parsing shared by latent-cli and latent-bench: "--name value"
// pairs, RbmConfig fields by their protocol names (dashes or underscores), and
// JSON-lines output helpers.
#pragma once
#include <map>
#include <string>

#include "rbm_config.hpp"
#include "rbm_trainer.hpp"
#include "status.hpp"

namespace latent {

struct Args {
  std::string command;                       // first positional word
  std::map<std::string, std::string> named;  // --name value (names with '_' for '-')
  std::string get(const std::string& name, const std::string& fallback) const;
};

// Parses argv; an option without a value, or a stray word, is an error.
Status parse_args(int argc, char** argv, Args& out);

// Applies config options (hidden, cd_k, persistent, learning_rate, ...) onto config.
// Unknown options are left for the caller; bad numbers are errors.
Status apply_config_args(const Args& args, RbmConfig& config);

// {"key":value,...} pieces for JSON lines.
std::string json_number(double x);  // null for NaN/Inf
std::string metrics_json(const RbmMetrics& m);
std::string config_json(const RbmConfig& c);

}  // namespace latent
