#include "rbm_io.hpp"

#include <cstring>
#include <string>

#include "kernels.hpp"

namespace latent {
namespace {

constexpr char kMagic[8] = {'L', 'L', 'R', 'B', 'M', '1', 0, 0};
constexpr size_t kHeader = 16;

void put_u32(std::vector<uint8_t>& out, uint32_t x) {
  for (int k = 0; k < 4; ++k) out.push_back(uint8_t(x >> (8 * k)));
}
uint32_t get_u32(const uint8_t* p) {
  return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) | (uint32_t(p[3]) << 24);
}

}  // namespace

std::vector<uint8_t> save_rbm(const Rbm& rbm) {
  std::vector<uint8_t> out(kMagic, kMagic + 8);
  put_u32(out, uint32_t(rbm.visible()));
  put_u32(out, uint32_t(rbm.hidden()));
  for (float x : rbm.params()) {
    uint32_t bits;
    std::memcpy(&bits, &x, 4);
    put_u32(out, bits);
  }
  return out;
}

Status load_rbm(const uint8_t* bytes, size_t size, Rbm& out) {
  if (bytes == nullptr || size < kHeader || std::memcmp(bytes, kMagic, 8) != 0)
    return Status::error("This is not a Latent Lab RBM file (its header is missing or wrong).");
  const uint32_t nv = get_u32(bytes + 8), nh = get_u32(bytes + 12);
  if (nv == 0 || nh == 0 || nv > 100000 || nh > 100000)
    return Status::error("The RBM file claims an implausible size: " + std::to_string(nv) + " visible, " +
                         std::to_string(nh) + " hidden units.");
  const uint64_t count = uint64_t(nv) * nh + nv + nh;  // 64-bit: size_t is 32 bits in wasm
  if (uint64_t(size) != kHeader + 4 * count)
    return Status::error("The RBM file is truncated or has extra bytes: " + std::to_string(size) +
                         " bytes, expected " + std::to_string(kHeader + 4 * count) + ".");
  Rbm rbm{int(nv), int(nh)};
  for (size_t i = 0; i < count; ++i) {
    const uint32_t bits = get_u32(bytes + kHeader + 4 * i);
    std::memcpy(&rbm.params()[i], &bits, 4);
  }
  if (!all_finite(rbm.params().data(), count))
    return Status::error("The RBM file holds NaN or infinite weights.");
  out = std::move(rbm);
  return Status::success();
}

}  // namespace latent
