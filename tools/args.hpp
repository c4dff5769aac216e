// Command-line parsing shared by latent-cli and latent-bench: "--name value"
// pairs; the DbnConfig (DbmConfig) fields among them are read by the worker protocol's own
// config reader (same names, types and ranges as the page and its links), and
// JSON-lines output helpers.
#pragma once
#include <chrono>
#include <map>
#include <set>
#include <string>

#include "dbm_config.hpp"
#include "dbn_config.hpp"
#include "status.hpp"

namespace latent {

struct Args {
  std::string command;                       // first positional word
  std::map<std::string, std::string> named;  // --name value (names with '_' for '-')
  std::string get(const std::string& name, const std::string& fallback) const;
};

// Parses argv; an option without a value, or a stray word, is an error.
Status parse_args(int argc, char** argv, Args& out);

// --name as a whole number in [lo, hi], or fallback when it is absent; anything else
// is an error that names the option and its range.
Status int_option(const Args& args, const std::string& name, int fallback, int lo, int hi, int& out);

// Every option not in tool_options is a config field (hidden, cd_k, persistent,
// learning_rate, ...; a DBN's layers, epochs_per_layer, finetune_learning_rate, ...),
// applied onto config and range-checked. Unknown names, bad values and out-of-range
// settings are errors.
Status apply_config_args(const Args& args, const std::set<std::string>& tool_options, DbnConfig& config);
Status apply_config_args(const Args& args, const std::set<std::string>& tool_options, DbmConfig& config);

// {"key":value,...} pieces for JSON lines.
std::string json_number(double x);  // null for NaN/Inf
std::string config_json(const DbnConfig& c);
std::string config_json(const DbmConfig& c);

// Prints {"event":"error","message":...} (the message escaped) and returns 1, the
// tools' exit status for bad input.
int fail(const std::string& message);
double seconds_since(std::chrono::steady_clock::time_point t0);

}  // namespace latent
