#include "args.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace latent {
namespace {

bool to_double(const std::string& s, double& out) {
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return !s.empty() && end && *end == 0;
}

}  // namespace

std::string Args::get(const std::string& name, const std::string& fallback) const {
  auto it = named.find(name);
  return it == named.end() ? fallback : it->second;
}

Status parse_args(int argc, char** argv, Args& out) {
  for (int i = 1; i < argc; ++i) {
    std::string word = argv[i];
    if (word.rfind("--", 0) == 0) {
      std::string name = word.substr(2);
      for (char& ch : name)
        if (ch == '-') ch = '_';
      if (i + 1 >= argc) return Status::error("option --" + word.substr(2) + " needs a value");
      out.named[name] = argv[++i];
    } else if (out.command.empty()) {
      out.command = word;
    } else {
      return Status::error("unexpected argument '" + word + "'");
    }
  }
  return Status::success();
}

Status apply_config_args(const Args& args, RbmConfig& c) {
  for (const auto& option : args.named) {
    const std::string& name = option.first;
    const std::string& text = option.second;
    double x = 0;
    const bool numeric = to_double(text, x);
    auto need_number = [&]() -> Status {
      return numeric ? Status::success() : Status::error("--" + name + " needs a number, got '" + text + "'");
    };
    Status s;
    if (name == "hidden") { s = need_number(); c.hidden = int(x); }
    else if (name == "init_std") { s = need_number(); c.init_std = float(x); }
    else if (name == "seed") { s = need_number(); c.seed = uint64_t(x); }
    else if (name == "train_count") { s = need_number(); c.train_count = int(x); }
    else if (name == "cd_k") { s = need_number(); c.cd_k = int(x); }
    else if (name == "persistent") { s = need_number(); c.persistent = x != 0; }
    else if (name == "learning_rate") { s = need_number(); c.learning_rate = float(x); }
    else if (name == "momentum") { s = need_number(); c.momentum = float(x); }
    else if (name == "weight_decay") { s = need_number(); c.weight_decay = float(x); }
    else if (name == "batch_size") { s = need_number(); c.batch_size = int(x); }
    else if (name == "binarization") {
      if (!binarization_from_name(text, c.binarization))
        s = Status::error("--binarization must be probabilities, fixed_stochastic, dynamic or threshold");
    }
    if (!s.ok) return s;
  }
  return Status::success();
}

std::string json_number(double x) {
  if (!std::isfinite(x)) return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

std::string metrics_json(const RbmMetrics& m) {
  std::ostringstream o;
  o << "\"recon_error\":" << json_number(m.recon_error)
    << ",\"free_energy_train\":" << json_number(m.free_energy_train)
    << ",\"free_energy_test\":" << json_number(m.free_energy_test)
    << ",\"free_energy_gap\":" << json_number(m.free_energy_gap)
    << ",\"pseudo_likelihood\":" << json_number(m.pseudo_likelihood)
    << ",\"exact_log_likelihood_train\":" << json_number(m.exact_log_likelihood_train)
    << ",\"exact_log_likelihood_test\":" << json_number(m.exact_log_likelihood_test);
  return o.str();
}

std::string config_json(const RbmConfig& c) {
  std::ostringstream o;
  o << "\"hidden\":" << c.hidden << ",\"init_std\":" << json_number(c.init_std) << ",\"seed\":" << c.seed
    << ",\"binarization\":\"" << binarization_name(c.binarization) << "\",\"train_count\":" << c.train_count
    << ",\"cd_k\":" << c.cd_k << ",\"persistent\":" << (c.persistent ? "true" : "false")
    << ",\"learning_rate\":" << json_number(c.learning_rate) << ",\"momentum\":" << json_number(c.momentum)
    << ",\"weight_decay\":" << json_number(c.weight_decay) << ",\"batch_size\":" << c.batch_size;
  return o.str();
}

}  // namespace latent
