// mnist_once: the real MNIST sets for the unit tests (from LATENT_MNIST_DIR), read
// once per test run and shared by every test file.
#pragma once
#include <doctest/doctest.h>

#include <string>

#include "mnist_files.hpp"

namespace latent::test {

// which: "train" or "t10k".
inline const Dataset& mnist(const char* which) {
  static Dataset sets[2];
  Dataset& d = sets[std::string(which) == "train" ? 0 : 1];
  if (d.count() == 0) REQUIRE(load_mnist(LATENT_MNIST_DIR, which, d).ok);
  return d;
}

}  // namespace latent::test
