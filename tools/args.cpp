#include "args.hpp"

#include "protocol.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace latent {

std::string Args::get(const std::string& name, const std::string& fallback) const {
  auto it = named.find(name);
  return it == named.end() ? fallback : it->second;
}

Status int_option(const Args& args, const std::string& name, int fallback, int lo, int hi, int& out) {
  out = fallback;
  auto it = args.named.find(name);
  if (it == args.named.end()) return Status::success();
  const std::string& text = it->second;
  char* end = nullptr;
  errno = 0;
  const long value = std::strtol(text.c_str(), &end, 10);
  std::string flag = "--" + name;
  for (char& ch : flag)
    if (ch == '_') ch = '-';
  if (text.empty() || *end != '\0' || errno != 0 || value < lo || value > hi)
    return Status::error(flag + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) +
                         ", not '" + text + "'");
  out = int(value);
  return Status::success();
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

namespace {

// Every option not in tool_options, read onto config by the protocol's reader.
template <class Config>
Status apply_fields(const Args& args, const std::set<std::string>& tool_options, Config& config) {
  protocol::Json fields = protocol::Json::object();
  for (const auto& option : args.named)
    if (!tool_options.count(option.first)) fields[option.first] = protocol::value_from_text(option.second);
  const std::vector<FieldError> errors = protocol::config_from_json(fields, config, config);
  if (errors.empty()) return Status::success();
  std::string message;
  for (const FieldError& e : errors) message += (message.empty() ? "--" : "; --") + e.field + ": " + e.message;
  return Status::error(message);
}

template <class Config>
std::string members_json(const Config& c) {
  const std::string object = protocol::dump(protocol::config_to_json(c));
  return object.substr(1, object.size() - 2);  // the members, to splice into a line
}

}  // namespace

Status apply_config_args(const Args& args, const std::set<std::string>& tool_options, DbnConfig& config) {
  return apply_fields(args, tool_options, config);
}

Status apply_config_args(const Args& args, const std::set<std::string>& tool_options, DbmConfig& config) {
  return apply_fields(args, tool_options, config);
}

std::string json_number(double x) {
  if (!std::isfinite(x)) return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

std::string config_json(const DbnConfig& c) { return members_json(c); }
std::string config_json(const DbmConfig& c) { return members_json(c); }

int fail(const std::string& message) {
  std::string escaped;
  for (char ch : message) {
    if (ch == '"' || ch == '\\') escaped += '\\';
    escaped += ch;
  }
  std::printf("{\"event\":\"error\",\"message\":\"%s\"}\n", escaped.c_str());
  return 1;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace latent
