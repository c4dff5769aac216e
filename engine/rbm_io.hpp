// Saving and loading an RBM as bytes (the engine never touches files).
//   "LLRBM1\0\0" | uint32 visible | uint32 hidden | float32 params[nv*nh + nv + nh]
// little-endian. load_rbm refuses wrong magic, sizes, and non-finite values.
#pragma once
#include <cstdint>
#include <vector>

#include "rbm.hpp"
#include "status.hpp"

namespace latent {

std::vector<uint8_t> save_rbm(const Rbm& rbm);
Status load_rbm(const uint8_t* bytes, size_t size, Rbm& out);

}  // namespace latent
