// Status: the result of an operation on outside input (bytes, configs).
// Engine functions that can fail on bad input return a Status with a message a
// student can act on; they never throw and never abort.
#pragma once
#include <string>
#include <utility>

namespace latent {

struct Status {
  bool ok = true;
  std::string message;  // empty when ok

  static Status success() { return {}; }
  static Status error(std::string text) { return {false, std::move(text)}; }
};

}  // namespace latent
